"""Old module paths of kehoach 0.1, kept importable for one release with a DeprecationWarning.

kehoach 0.2 put its modules in subpackages named after the layers (``docs/architecture.md``).
``import kehoach.conventions`` still works: the finder below answers for each old name with the
module at its new place (the same module object, so ``isinstance`` and monkeypatching agree)
and warns once, naming the new path. Remove this module, and its install in ``kehoach``'s
``__init__``, in 0.3.
"""

from __future__ import annotations

import importlib
import sys
import warnings
from importlib.machinery import ModuleSpec

#: Each old module path and where its module lives now.
MOVED: dict[str, str] = {
    "kehoach.profile": "kehoach.layout.profile",
    "kehoach.metrics": "kehoach.layout.metrics",
    "kehoach.catalogues": "kehoach.model.catalogues",
    "kehoach.conventions": "kehoach.rendering.conventions",
    "kehoach.context": "kehoach.rendering.context",
    "kehoach.template_builder": "kehoach.rendering.template_builder",
    "kehoach.templating": "kehoach.rendering.templating",
    "kehoach.engine": "kehoach.rendering.engine",
    "kehoach.package": "kehoach.rendering.package",
    "kehoach.sandbox": "kehoach.rendering.sandbox",
    "kehoach.plan_types": "kehoach.registry.builtin",
    "kehoach.pdf": "kehoach.convert.soffice",
    "kehoach.cli_render": "kehoach.cli.render",
    "kehoach.cli_check": "kehoach.cli.check",
    "kehoach.cli_types": "kehoach.cli.types",
}


def _caller_stacklevel() -> int:
    """The stack level of the first frame outside the import system and this module, so the
    warning names the line that imported the old path.

    :func:`warnings.warn` already steps over the frozen ``importlib._bootstrap`` frames; the
    others (``importlib.import_module``, this module) are counted here.
    """
    frame = sys._getframe(1)
    level = 1
    while frame is not None:
        filename = frame.f_code.co_filename
        if not filename.startswith("<frozen importlib"):
            if filename != __file__ and not frame.f_globals.get("__name__", "").startswith("importlib"):
                return level
            level += 1
        frame = frame.f_back
    return level


class _Alias:
    """Finds the old names and loads each as the module at its new path (a meta path finder
    and its loader; importlib.abc is not imported for them, it would double ``import kehoach``).

    The import system stamps the alias's spec on the module it gets from :meth:`create_module`;
    :meth:`exec_module` puts the module's own spec back, so the module stays whole at its new
    place (``importlib.resources``, ``reload`` and ``find_spec`` read that spec).
    """

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname not in MOVED:
            return None
        import importlib.util

        # The new module's file, for ``python -m`` (runpy puts the origin in sys.argv[0]).
        new = importlib.util.find_spec(MOVED[fullname])
        return ModuleSpec(fullname, self, origin=new.origin if new else None)

    def create_module(self, spec: ModuleSpec) -> object:
        new = MOVED[spec.name]
        warnings.warn(_message(spec.name), DeprecationWarning, stacklevel=_caller_stacklevel())
        module = importlib.import_module(new)
        self._specs[new] = module.__spec__
        return module

    def exec_module(self, module: object) -> None:
        """Nothing to run (the module ran at its new path): restore its own spec."""
        module.__spec__ = self._specs[module.__name__]

    def get_code(self, fullname: str):
        """``python -m kehoach.template_builder`` runs the module at its new path."""
        import importlib.util

        warnings.warn(_message(fullname), DeprecationWarning, stacklevel=2)
        new = MOVED[fullname]
        return importlib.util.find_spec(new).loader.get_code(new)

    def __init__(self) -> None:
        self._specs: dict[str, ModuleSpec] = {}


def _message(old: str) -> str:
    return f"{old} is deprecated and will be removed in kehoach 0.3; import {MOVED[old]}"


#: Names that left a module whose path did not change, and the module that has them now.
MOVED_NAMES: dict[tuple[str, str], str] = {
    ("kehoach.api", "render_many"): "kehoach.batch",
    ("kehoach.api", "save_many"): "kehoach.batch",
    ("kehoach.model", "PlanDataError"): "kehoach.errors",
    ("kehoach.model", "PlanDataErrors"): "kehoach.errors",
}


def moved_name(module: str, name: str) -> object:
    """A name ``module`` had in kehoach 0.1, from where it lives now, with a warning; for the
    module's ``__getattr__``. Raises :class:`AttributeError` for any other name.

    The new module is imported by name, at the first use: a lower layer (``kehoach.api``) must
    not import a higher one (``kehoach.batch``) in its code.
    """
    new = MOVED_NAMES.get((module, name))
    if new is None:
        raise AttributeError(f"module {module!r} has no attribute {name!r}")
    warnings.warn(f"{module}.{name} is deprecated and will be removed in kehoach 0.3; "
                  f"use {new}.{name}", DeprecationWarning, stacklevel=3)
    value = getattr(importlib.import_module(new), name)
    setattr(sys.modules[module], name, value)  # warned once: ``from … import`` looks twice
    return value


_FINDER = _Alias()


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)
