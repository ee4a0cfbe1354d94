"""kehoach: Vietnamese administrative plans (Kế hoạch) as .docx, laid out per Nghị định 30/2020/NĐ-CP.

    >>> import kehoach as kh
    >>> plan = kh.Plan(issuer=..., date=kh.IssueDate(2024, 2, 5), title=..., parts=[...], signer=...)
    >>> kh.save(plan, "ke_hoach.docx")

Subpackages name the layers (``docs/architecture.md``): :mod:`kehoach.layout` (the decree's
numbers), :mod:`kehoach.model` (the data), :mod:`kehoach.rendering` (conventions → context →
template → package), :mod:`kehoach.registry` (plan types); beside them :mod:`kehoach.data`
(data files), :mod:`kehoach.checker` (any .docx → report), :mod:`kehoach.linter` (content
mistakes no rule of the decree sees), :mod:`kehoach.convert` (LibreOffice) and
:mod:`kehoach.cli`.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from kehoach import _deprecated

__version__ = "0.1.0"

_deprecated.install()  # old module paths (kehoach.conventions …) still import, with a warning

# ``import kehoach`` is cheap: the public names below are imported the first time they are
# used (PEP 562), so a command that never renders never loads docxtpl, python-docx, Jinja or
# lxml. ``from kehoach import Plan, render`` works as before.

#: Each public name, by the module it comes from.
_EXPORTS: dict[str, tuple[str, ...]] = {
    "kehoach.api": (
        "render", "save",
    ),
    "kehoach.batch": (
        "render_many", "save_many",
    ),
    "kehoach.checker": (
        "check",
    ),
    "kehoach.fixer": (
        "fix",
    ),
    "kehoach.errors": (
        "KehoachError", "OutputNameError", "PlanDataError", "RenderError",
    ),
    "kehoach.model": (
        "Align", "Appendix", "Archive", "Authority", "BasisVerb", "Bullet", "Cell",
        "CitedDocument", "Column", "CriterionSolution", "Deadline", "DocumentNumber", "Drafter",
        "Emphasis", "Footnote", "Headings", "Honorific", "IssueDate", "Issuer", "Item",
        "LegalBasis", "Mark", "NewRuralPlan", "Numbered", "Objectives", "Official", "Paragraph",
        "Part", "PartNumbering", "Plan", "Point", "Recipient", "RichText", "Row", "RunIn",
        "Signer", "Span", "Table", "TaskRow", "TaskTable", "bold", "italic", "underline",
    ),
    "kehoach.layout.profile": (
        "DEFAULT_PROFILE", "Profile",
    ),
    "kehoach.linter": (
        "lint",
    ),
}
_MODULE_OF = {name: module for module, names in _EXPORTS.items() for name in names}

__all__ = sorted(_MODULE_OF, key=lambda name: (name.lower(), name))

if TYPE_CHECKING:  # what type checkers and editors see
    from kehoach.api import (  # noqa: F401
        render,
        save,
    )
    from kehoach.batch import (  # noqa: F401
        render_many,
        save_many,
    )
    from kehoach.fixer import (  # noqa: F401
        fix,
    )
    from kehoach.errors import (  # noqa: F401
        KehoachError,
        OutputNameError,
        PlanDataError,
        RenderError,
    )
    from kehoach.layout.profile import (  # noqa: F401
        DEFAULT_PROFILE,
        Profile,
    )
    from kehoach.linter import lint  # noqa: F401
    from kehoach.model import (  # noqa: F401
        Align,
        Appendix,
        Archive,
        Authority,
        BasisVerb,
        Bullet,
        Cell,
        CitedDocument,
        Column,
        CriterionSolution,
        Deadline,
        DocumentNumber,
        Drafter,
        Emphasis,
        Footnote,
        Headings,
        Honorific,
        IssueDate,
        Issuer,
        Item,
        LegalBasis,
        Mark,
        NewRuralPlan,
        Numbered,
        Objectives,
        Official,
        Paragraph,
        Part,
        PartNumbering,
        Plan,
        Point,
        Recipient,
        RichText,
        Row,
        RunIn,
        Signer,
        Span,
        Table,
        TaskRow,
        TaskTable,
        bold,
        italic,
        underline,
    )


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_MODULE_OF))
