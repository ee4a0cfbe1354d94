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
    and its loader; importlib.abc is not imported for them, it would double ``import kehoach``)."""

    def find_spec(self, fullname: str, path=None, target=None):
        if fullname not in MOVED:
            return None
        return ModuleSpec(fullname, self)

    def create_module(self, spec: ModuleSpec) -> object:
        new = MOVED[spec.name]
        warnings.warn(f"{spec.name} is deprecated and will be removed in kehoach 0.3; "
                      f"import {new}", DeprecationWarning, stacklevel=_caller_stacklevel())
        return importlib.import_module(new)

    def exec_module(self, module: object) -> None:
        """Nothing to run: the module was executed at its new path."""


_FINDER = _Alias()


def install() -> None:
    """Put the finder on ``sys.meta_path`` (once)."""
    if _FINDER not in sys.meta_path:
        sys.meta_path.append(_FINDER)
