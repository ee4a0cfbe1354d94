"""The plan as data (the model layer): frozen, validated attrs classes.

:mod:`.plan` holds the classes (``Plan``, ``Part``, ``LegalBasis`` …), :mod:`.fields` the text
normalisation and validators they share, :mod:`.catalogues` the versioned criteria sets a
:class:`NewRuralPlan` is checked against. This package imports nothing of kehoach above
:mod:`kehoach.errors` and :mod:`kehoach.layout`.
"""

from kehoach.model.fields import (
    MAX_TEXT_LENGTH,
    check_text,
    normalize_text,
    optional_text,
    text,
    tuple_of,
)
from kehoach.model.plan import (
    ACADEMIC_TITLE,
    BLOCK_TYPES,
    Appendix,
    Archive,
    Authority,
    BasisVerb,
    Block,
    Bullet,
    CriterionSolution,
    Deadline,
    DocumentNumber,
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
    Signer,
    TaskRow,
    TaskTable,
    iter_blocks,
)

__all__ = [
    "ACADEMIC_TITLE", "BLOCK_TYPES", "MAX_TEXT_LENGTH", "Appendix", "Archive", "Authority",
    "BasisVerb", "Block", "Bullet", "CriterionSolution", "Deadline", "DocumentNumber",
    "Honorific", "IssueDate", "Issuer", "Item", "LegalBasis", "Mark", "NewRuralPlan", "Numbered",
    "Objectives", "Official", "Paragraph", "Part", "PartNumbering", "Plan", "Point", "Recipient",
    "Signer", "TaskRow", "TaskTable", "check_text", "iter_blocks", "normalize_text",
    "optional_text", "text", "tuple_of",
]


def __getattr__(name: str) -> object:
    # kehoach 0.1's kehoach.model had the errors' names too (kehoach._deprecated).
    from kehoach._deprecated import moved_name

    return moved_name(__name__, name)
