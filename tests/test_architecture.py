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


def _run(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-W", "always", "-c", code], capture_output=True,
                          text=True, cwd=ROOT)


def test_a_module_imported_by_its_old_path_stays_whole_at_its_new_place():
    # The alias must not leave its own spec on the module: resources, reload and find_spec
    # read the module's spec.
    done = _run(
        "import importlib, importlib.util\n"
        "import kehoach.catalogues as old\n"
        "print(old.get('ntm-2021-2025').id)\n"
        "import kehoach.model.catalogues as new\n"
        "print(importlib.util.find_spec('kehoach.model.catalogues').origin.endswith('__init__.py'))\n"
        "new.MARK = 1\n"
        "importlib.reload(new)\n"
        "print(hasattr(new, 'MARK'))\n"
    )
    assert done.stdout.splitlines() == ["ntm-2021-2025", "True", "True"], done.stderr
    assert done.stderr.count("DeprecationWarning") == 1  # reloading does not warn again


def test_an_old_module_path_runs_with_python_m(tmp_path):
    target = tmp_path / "template.docx"
    done = subprocess.run([sys.executable, "-W", "always", "-m", "kehoach.template_builder", "-o",
                           str(target)],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.returncode == 0, done.stderr
    assert "kehoach.template_builder is deprecated" in done.stderr
    assert target.read_bytes() == (ROOT / "templates" / "ke_hoach.docx").read_bytes()


@pytest.mark.parametrize("module, name, new", [
    ("kehoach.api", "render_many", "kehoach.batch"),
    ("kehoach.api", "save_many", "kehoach.batch"),
    ("kehoach.model", "PlanDataError", "kehoach.errors"),
])
def test_names_that_left_a_module_still_import_from_it_with_one_warning(module, name, new):
    done = _run(f"from {module} import {name} as old\n"
                f"from {new} import {name} as new\n"
                "print(old is new)\n")
    assert done.stdout.strip() == "True", done.stderr
    assert done.stderr.count("DeprecationWarning") == 1
    assert f"use {new}.{name}" in done.stderr


def test_a_name_a_module_never_had_is_still_an_attribute_error():
    import kehoach.api

    with pytest.raises(AttributeError):
        kehoach.api.no_such_name  # noqa: B018


def test_a_scoped_registry_forgets_what_was_registered_in_it():
    from kehoach import registry

    before = [t.name for t in registry.types()]
    with registry.scoped():
        registry.register(registry.PlanType(name="thu-nghiem", model=dict, template="x.docx",
                                            build_context=lambda plan, profile: {}))
        assert "thu-nghiem" in [t.name for t in registry.types()]
    assert [t.name for t in registry.types()] == before
