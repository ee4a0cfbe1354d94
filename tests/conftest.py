"""Shared fixtures: the Hải Yến example, rendered once per test session."""

from __future__ import annotations

import importlib.util
import io
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: A copy of ../shared/seeds/000_42a6ffb0800238a9.txt, the draft the example regenerates.
SEED = Path(__file__).resolve().parent / "data" / "seed_hai_yen_2024.txt"


def load_example(name: str = "hai_yen_2024"):
    """The module of ``examples/<name>.py`` (examples are scripts, not a package)."""
    path = ROOT / "examples" / f"{name}.py"
    spec = importlib.util.spec_from_file_location(f"example_{name}", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="session", autouse=True)
def cache_for_tests(tmp_path_factory):
    """Prepared templates and the like go to the session's own cache folder, not the user's
    (``kehoach.rendering.cache``); subprocesses inherit it."""
    import os

    saved = os.environ.get("KEHOACH_CACHE_DIR")
    os.environ["KEHOACH_CACHE_DIR"] = str(tmp_path_factory.mktemp("cache"))
    yield os.environ["KEHOACH_CACHE_DIR"]
    if saved is None:
        del os.environ["KEHOACH_CACHE_DIR"]
    else:
        os.environ["KEHOACH_CACHE_DIR"] = saved


@pytest.fixture(scope="session", autouse=True)
def converter_for_tests(tmp_path_factory):
    """Every conversion of the suite goes to one private warm LibreOffice (the listener), as a
    user's would; where it cannot start (no python3-uno), to one-shot ``soffice`` runs.
    ``KEHOACH_CONVERTER`` set outside the tests wins. Nothing is left running afterwards.

    The shared per-user listener is kept out of the way: its folder is the session's own.
    """
    import os

    os.environ["KEHOACH_RUNTIME_DIR"] = str(tmp_path_factory.mktemp("runtime"))
    if os.environ.get("KEHOACH_CONVERTER"):
        yield os.environ["KEHOACH_CONVERTER"]
        return
    from kehoach.convert import ConversionError, ListenerConverter

    try:
        listener = ListenerConverter.start()
    except ConversionError:
        os.environ["KEHOACH_CONVERTER"] = "soffice"
        yield "soffice"
        del os.environ["KEHOACH_CONVERTER"]
        return
    os.environ["KEHOACH_CONVERTER"] = listener.address
    try:
        yield listener.address
    finally:
        del os.environ["KEHOACH_CONVERTER"]
        listener.close()


@pytest.fixture(scope="session")
def hai_yen_plan():
    return load_example().build_plan()


@pytest.fixture(scope="session")
def hai_yen_bytes(hai_yen_plan) -> bytes:
    import kehoach

    return kehoach.render(hai_yen_plan)


@pytest.fixture(scope="session")
def hai_yen_doc(hai_yen_bytes):
    import docx

    return docx.Document(io.BytesIO(hai_yen_bytes))


@pytest.fixture(scope="session")
def seed_text() -> str:
    return SEED.read_text(encoding="utf-8")
