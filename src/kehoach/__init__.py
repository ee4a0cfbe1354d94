"""kehoach: Vietnamese administrative plans (Kế hoạch) as .docx, laid out per Nghị định 30/2020/NĐ-CP.

    >>> import kehoach as kh
    >>> plan = kh.Plan(issuer=..., date=kh.IssueDate(2024, 2, 5), title=..., parts=[...], signer=...)
    >>> kh.save(plan, "ke_hoach.docx")

Layers, each with one job: :mod:`kehoach.model` (the data) → :mod:`kehoach.conventions` (the
decree's wording rules) → :mod:`kehoach.context` (what the template reads) → the template
(``templates/ke_hoach.docx``, built by :mod:`kehoach.template_builder`) → :mod:`kehoach.render`
and :mod:`kehoach.package` (the .docx).
"""

from kehoach.api import render, save
from kehoach.errors import KehoachError, PlanDataError, RenderError
from kehoach.model import (
    Appendix,
    Archive,
    Authority,
    BasisVerb,
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
)
from kehoach.profile import DEFAULT_PROFILE, Profile

__version__ = "0.1.0"

__all__ = [
    "Appendix", "Archive", "Authority", "BasisVerb", "Bullet", "CriterionSolution", "DEFAULT_PROFILE",
    "Deadline", "DocumentNumber", "Honorific", "IssueDate", "Issuer", "Item", "KehoachError",
    "LegalBasis", "Mark", "NewRuralPlan", "Numbered", "Objectives", "Official", "Paragraph", "Part", "PartNumbering", "Plan",
    "PlanDataError", "Point", "Profile", "Recipient", "RenderError", "Signer", "TaskRow",
    "TaskTable", "render", "save",
]
