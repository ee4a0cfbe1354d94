"""Start-up: a kehoach command leaves its modules compiled for the next even with
PYTHONDONTWRITEBYTECODE set; imports are kept to what is used."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_a_command_writes_the_bytecode_python_was_told_not_to(tmp_path):
    tree = tmp_path / "src"
    shutil.copytree(ROOT / "src", tree, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    env = dict(os.environ, PYTHONPATH=str(tree), PYTHONDONTWRITEBYTECODE="1")
    source = tree / "kehoach" / "data" / "structure.py"
    cached = Path(importlib.util.cache_from_source(str(source)))
    example = ROOT / "examples" / "hai_yen_2024.yaml"
    # a library import is left alone: no cache written
    subprocess.run([sys.executable, "-c", "import kehoach.data"], env=env, check=True)
    assert not cached.exists()
    done = subprocess.run([sys.executable, "-m", "kehoach", "render", str(example), "-o",
                           str(tmp_path / "a.docx")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert cached.is_file(), "the command's modules are compiled for the next run"
    stamp = cached.stat().st_mtime_ns
    done = subprocess.run([sys.executable, "-m", "kehoach", "render", str(example), "-o",
                           str(tmp_path / "b.docx")], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert cached.stat().st_mtime_ns == stamp, "an up-to-date .pyc is not rewritten"
    assert (tmp_path / "a.docx").read_bytes() == (tmp_path / "b.docx").read_bytes()


def test_importing_the_api_does_not_import_docxtpl():
    """docxtpl imports all of python-docx; it is needed once a template is prepared, not
    by ``import kehoach.api``."""
    code = ("import sys, kehoach.api; "
            "print(sorted(m for m in ('docxtpl', 'docx') if m in sys.modules))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=dict(os.environ, PYTHONPATH=str(ROOT / "src")))
    assert done.stdout.strip() == "[]"
