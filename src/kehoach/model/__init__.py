"""The plan as data (the model layer): frozen, validated attrs classes.

:mod:`.plan` holds the classes (``Plan``, ``Part``, ``LegalBasis``, ``Table`` …), :mod:`.rich`
the rich text of running text (``RichText``, ``Span``, ``Footnote`` and the markup of data
files), :mod:`.fields` the text normalisation and validators they share, :mod:`.catalogues` the
versioned criteria sets a :class:`NewRuralPlan` is checked against. This package imports
nothing of kehoach above :mod:`kehoach.errors` and :mod:`kehoach.layout`.
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
    CELL_BLOCK_TYPES,
    Align,
    Appendix,
    Archive,
    Authority,
    BasisVerb,
    Block,
    Bullet,
    Cell,
    CitedDocument,
    Column,
    CriterionSolution,
    Deadline,
    DocumentNumber,
    Drafter,
    Emphasis,
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
    Row,
    RunIn,
    Signer,
    Table,
    TaskRow,
    TaskTable,
    iter_blocks,
)
from kehoach.model.rich import (
    Footnote,
    RichText,
    Span,
    bold,
    canonical,
    check_rich,
    escape_markup,
    italic,
    parse_markup,
    plain_text,
    to_markup,
    underline,
)

__all__ = [
    "ACADEMIC_TITLE", "BLOCK_TYPES", "CELL_BLOCK_TYPES", "MAX_TEXT_LENGTH", "Align", "Appendix",
    "Archive", "Authority", "BasisVerb", "Block", "Bullet", "Cell", "CitedDocument", "Column",
    "CriterionSolution", "Deadline", "DocumentNumber", "Drafter", "Emphasis", "Footnote",
    "Headings", "Honorific", "IssueDate", "Issuer", "Item", "LegalBasis", "Mark", "NewRuralPlan",
    "Numbered", "Objectives", "Official", "Paragraph", "Part", "PartNumbering", "Plan", "Point",
    "Recipient", "RichText", "Row", "RunIn", "Signer", "Span", "Table", "TaskRow", "TaskTable",
    "bold", "canonical", "check_rich", "check_text", "escape_markup", "italic", "iter_blocks",
    "normalize_text", "optional_text", "parse_markup", "plain_text", "text", "to_markup",
    "tuple_of", "underline",
]


def __getattr__(name: str) -> object:
    # kehoach 0.1's kehoach.model had the errors' names too (kehoach._deprecated).
    from kehoach._deprecated import moved_name

    return moved_name(__name__, name)
