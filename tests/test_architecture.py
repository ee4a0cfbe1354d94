"""The package's tree shows its layers, and imports point one way (docs/architecture.md).

The layer contract lives in pyproject.toml (``[tool.importlinter]``) and is checked with
import-linter; cycles between any two modules are found on grimp's import graph, which counts
imports inside functions too (a lazy import is still a dependency).
"""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from pathlib import Path

import grimp
import pytest
from importlinter.cli import lint_imports

import kehoach
from kehoach import _deprecated

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "src" / "kehoach"


def strongly_connected(edges: dict[str, set[str]]) -> list[list[str]]:
    """The import cycles of a graph: its strongly connected components of two or more modules
    (Tarjan's algorithm, iterative so a deep graph cannot hit the recursion limit)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    for start in sorted(edges):
        if start in index:
            continue
        work = [(start, iter(sorted(edges[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = len(index)
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def kehoach_imports() -> dict[str, set[str]]:
    graph = grimp.build_graph("kehoach", include_external_packages=False)
    return {m: set(graph.find_modules_directly_imported_by(m)) for m in graph.modules}


def test_the_cycle_finder_finds_cycles():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e2"}, "e2": {"e"}}
    assert sorted(strongly_connected(edges)) == [["a", "b", "c"], ["e", "e2"]]
    assert strongly_connected({"a": {"b"}, "b": set()}) == []


def test_no_two_kehoach_modules_import_each_other():
    edges = kehoach_imports()
    assert "kehoach.rendering.sandbox" in edges  # the graph is the real package
    assert strongly_connected(edges) == []


def test_no_module_imports_a_layer_above_its_own(capsys):
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True, no_logo=True)
    assert code == 0, capsys.readouterr().out


def test_at_most_six_modules_sit_at_the_top():
    modules = sorted(p.name for p in PACKAGE.glob("*.py"))
    assert len(modules) <= 6, modules
    assert {"__init__.py", "__main__.py", "api.py", "errors.py"} <= set(modules)


@pytest.mark.parametrize("old, new", sorted(_deprecated.MOVED.items()))
def test_old_module_paths_import_the_same_module_with_a_warning(old, new):
    code = (
        "import warnings, importlib\n"
        "warnings.simplefilter('error')\n"
        f"new = importlib.import_module({new!r})\n"
        "try:\n"
        f"    importlib.import_module({old!r})\n"
        "except DeprecationWarning as w:\n"
        "    print(w)\n"
        "warnings.simplefilter('ignore')\n"
        f"print(importlib.import_module({old!r}) is new)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=ROOT).stdout.splitlines()
    assert out == [f"{old} is deprecated and will be removed in kehoach 0.3; import {new}", "True"]


def test_an_old_path_warns_at_the_line_that_imports_it():
    sys.modules.pop("kehoach.conventions", None)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        module = importlib.import_module("kehoach.conventions")
    assert module is importlib.import_module("kehoach.rendering.conventions")
    assert [Path(w.filename).name for w in caught] == [Path(__file__).name]


def test_the_public_api_is_unchanged():
    names = {"Plan", "render", "save", "render_many", "save_many", "check", "Profile",
             "DEFAULT_PROFILE", "PlanDataError", "RenderError", "KehoachError", "NewRuralPlan",
             "LegalBasis", "Signer", "Appendix", "TaskTable"}
    assert names <= set(kehoach.__all__)
    for name in names:
        assert getattr(kehoach, name) is not None
    assert kehoach.render.__module__ == "kehoach.api"
    assert kehoach.render_many.__module__ == "kehoach.batch"
    assert callable(kehoach.check)  # the function, not the kehoach.checker package
