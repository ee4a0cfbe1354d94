"""Start-up: a kehoach command leaves its modules compiled for the next even with
PYTHONDONTWRITEBYTECODE set; imports are kept to what is used."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

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


#: Modules a one-plan ``kehoach render`` does without once its template is in the cache:
#: docxtpl with python-docx and lxml (preparing), multiprocessing (a pool, for many plans),
#: importlib.metadata (plug-ins, when none is installed), Babel (amounts), socket, zipfile,
#: click's progress bars.
NOT_NEEDED = ("docxtpl", "docx", "lxml", "multiprocessing", "concurrent.futures.process",
              "importlib.metadata", "babel", "socket", "zipfile", "click._termui_impl")


def test_a_one_plan_render_imports_only_what_it_uses(tmp_path):
    example = ROOT / "examples" / "hai_yen_2024.yaml"
    code = ("import sys; from kehoach.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n"
            "    assert not exit.code, exit.code\n"
            f"print(sorted(m for m in {NOT_NEEDED!r} if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), KEHOACH_CACHE_DIR=str(tmp_path / "c"))
    for run in ("first", "second"):
        done = subprocess.run([sys.executable, "-c", code, "render", str(example), "-o",
                               str(tmp_path / f"{run}.docx")], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-1] == "[]"


def _plugin_site(folder: Path, group: str) -> Path:
    """A folder with an installed distribution declaring a plan type in ``group``."""
    folder.mkdir()
    info = folder / "kh_fake_plugin-1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: kh-fake-plugin\nVersion: 1.0\n")
    (info / "entry_points.txt").write_text(f"[{group}]\nkiem-tra = kh_fake_plugin\n")
    (folder / "kh_fake_plugin.py").write_text(
        "import attrs\nfrom kehoach import registry\n"
        "registry.register(attrs.evolve(registry.get('ke-hoach'), name='kiem-tra'))\n")
    return folder


@pytest.mark.parametrize("group", ["kehoach.plan_types", "other.plugins"])
def test_plan_type_plugins_are_loaded_and_absent_ones_cost_nothing(tmp_path, group):
    """An installed package naming ``kehoach.plan_types`` in its entry points registers its
    types; with none, importlib.metadata (which reads every distribution) is not imported."""
    site = _plugin_site(tmp_path / "site", group)
    code = ("import sys; from kehoach import registry\n"
            "print([t.name for t in registry.types()], 'importlib.metadata' in sys.modules)")
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(site), str(ROOT / "src")]))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                          timeout=60, check=True)
    names, metadata = done.stdout.strip().rsplit(" ", 1)
    if group == "kehoach.plan_types":
        assert "'kiem-tra'" in names and metadata == "True"
    else:
        assert "'kiem-tra'" not in names and metadata == "False"
