"""Quy tắc kiểm tra: the registry of rules and what a rule function works with.

Each rule of nd30.md §10 (R1–R44), each rule of a particular kind of document (R45–R47) and
each rendered rule (P1–P9) is a function registered with :func:`rule`, under its id, its
Vietnamese name, its group, whether it is hard (the decree requires it) or soft (a template
value, practice), one line saying what it checks, and the kinds of documents it concerns
(``kinds``: a test on a :class:`~kehoach.checker.doctype.DocType` and the Vietnamese words for
it). For any other kind the rule is reported "không áp dụng" without running; for a document
Nghị định 30 does not govern (a legal normative document, a Party document, a petition) every
rule is. A rule function receives the :class:`Context` (the document, its layout) and a
:class:`Check` on which it records problems (:meth:`Check.fail`) or says the rule does not apply
(:meth:`Check.not_applicable`) or cannot be evaluated (:meth:`Check.not_evaluated`).

The rule functions live in ``rules_page``, ``rules_header``, ``rules_body``, ``rules_closing``,
``rules_wording``, ``rules_order``, ``rules_kinds`` and ``rendered``; :func:`all_rules`
imports them all. The decree's numbers come from
:mod:`kehoach.layout.profile` (``RANGES``, ``CHECK_LIMITS``), never from the rule modules.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Final

import attrs

from kehoach.checker import doctype as dt
from kehoach.checker.document import Document, Location, Paragraph
from kehoach.checker.layout import Layout
from kehoach.checker.report import FAIL, NOT_EVALUATED, PASS, Finding, Problem, num
from kehoach.layout.profile import CHECK_LIMITS, RANGES, TWIPS_PER_CM, TWIPS_PER_MM

_MODULES: Final = ("rules_page", "rules_header", "rules_body", "rules_closing", "rules_wording",
                   "rules_order", "rules_kinds", "rendered")


@attrs.frozen
class Kinds:
    """Which kinds of documents a rule concerns: a test and its Vietnamese description."""

    test: Callable[[dt.DocType], bool]
    words: str

    def __call__(self, kind: dt.DocType) -> bool:
        return self.test(kind)


#: Every administrative document.
ALL_KINDS: Final = Kinds(lambda t: True, "mọi văn bản hành chính")
#: Kinds with a tên loại line (all but the Công văn).
TITLED: Final = Kinds(lambda t: t.key != "CV", "văn bản có tên loại (không phải công văn)")
#: Kinds with a trích yếu under the tên loại (the Công văn's is its V/v line, R20).
WITH_SUBJECT: Final = Kinds(lambda t: t.subject, "văn bản có trích yếu")
WITH_SUBJECT_LINE: Final = Kinds(lambda t: t.subject_line,
                                 "văn bản có tên loại và trích yếu (có đường kẻ dưới)")
#: Kinds not addressed with "Kính gửi" (II.9.c).
UNADDRESSED: Final = Kinds(lambda t: t.address == dt.ADDRESS_NONE,
                           "văn bản không có «Kính gửi» (trừ công văn, tờ trình, báo cáo)")
#: Công văn, Tờ trình, Báo cáo (II.9.b).
ADDRESSED: Final = Kinds(lambda t: t.address != dt.ADDRESS_NONE,
                         "công văn, tờ trình, báo cáo")
#: Quyết định, Nghị quyết (Phụ lục III, Mẫu 1.1–1.3).
DECISIONS: Final = Kinds(lambda t: t.enacting is not None, "quyết định, nghị quyết")


class Check:
    """What one rule found: problems, a note, and whether it applied and could be evaluated."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self.notes: list[str] = []
        self.applicable = True
        self.evaluated = True

    def fail(self, where: Paragraph | Location | None, seen: str, expected: str) -> None:
        loc = where.loc if isinstance(where, Paragraph) else where
        self.problems.append(Problem(loc, seen, expected))

    def note(self, text: str) -> None:
        self.notes.append(text)

    def not_applicable(self, why: str) -> None:
        self.applicable = False
        self.notes.append(f"không áp dụng: {why}")

    def not_evaluated(self, why: str) -> None:
        self.evaluated = False
        self.notes.append(why)


@attrs.define
class Context:
    """What a rule reads: the document, its layout and, for rendered rules, the PDF."""

    doc: Document
    layout: Layout
    pdf: object | None = None  # a rendered.Rendering when a PDF was made
    pdf_error: str | None = None  # why there is no PDF
    render_skipped: bool = False  # the user asked for no rendering (--no-render)
    printed_pages: object | None = None  # rendered.PrintedPages: the PDF's pages, read once

    @property
    def doctype(self) -> dt.DocType:
        return self.layout.doctype


RuleFunction = Callable[[Context, Check], None]


@attrs.frozen
class Rule:
    id: str
    name: str  # Vietnamese name
    group: str
    hard: bool
    what: str
    source: str
    function: RuleFunction
    rendered: bool = False
    kinds: Kinds = ALL_KINDS

    def run(self, ctx: Context) -> Finding:
        check = Check()
        kind = ctx.doctype
        if not kind.administrative:
            check.not_applicable(f"{kind.name}: Nghị định 30 không quy định thể thức loại này")
        elif not self.kinds(kind):
            check.not_applicable(f"quy tắc dành cho {self.kinds.words}, văn bản này là "
                                 f"{kind.name.lower()}")
        else:
            try:
                self.function(ctx, check)
            except Exception as exc:  # a rule must never take the whole report down
                check.not_evaluated(f"lỗi khi kiểm tra: {type(exc).__name__}: {exc}")
                check.problems.clear()
        if not check.evaluated:
            status = NOT_EVALUATED
        elif check.problems:
            status = FAIL
        else:
            status = PASS
        skipped = status == NOT_EVALUATED and self.rendered and ctx.render_skipped
        return Finding(self.id, self.name, self.group, self.hard, status, self.what,
                       tuple(check.problems), "; ".join(check.notes), check.applicable,
                       skipped=skipped)


RULES: dict[str, Rule] = {}


def rule(rule_id: str, name: str, group: str, *, hard: bool, what: str, source: str,
         rendered: bool = False, kinds: Kinds = ALL_KINDS
         ) -> Callable[[RuleFunction], RuleFunction]:
    """Register a rule function under ``rule_id`` for the documents of ``kinds``."""

    def register(function: RuleFunction) -> RuleFunction:
        RULES[rule_id] = Rule(rule_id, name, group, hard, what, source, function, rendered,
                              kinds)
        return function

    return register


def _order(rule_id: str) -> tuple[int, int]:
    return (0 if rule_id.startswith("R") else 1, int(rule_id[1:]))


def all_rules() -> list[Rule]:
    """Every registered rule, R1… then P1…"""
    for module in _MODULES:
        importlib.import_module(f"kehoach.checker.{module}")
    return [RULES[k] for k in sorted(RULES, key=_order)]


# ------------------------------------------------------------------------------------ helpers


def hp_range(key: str) -> tuple[int, int]:
    """A size range of the decree (``RANGES`` key, in pt) in half-points."""
    low, high = RANGES[key]
    return round(low * 2), round(high * 2)


def limit(key: str) -> tuple[float, float]:
    return CHECK_LIMITS[key]


def mm_tw(mm: float) -> int:
    return round(mm * TWIPS_PER_MM)


def cm_tw(cm: float) -> int:
    return round(cm * TWIPS_PER_CM)


def pt(hp: int) -> str:
    """``28`` → ``14 pt``; ``27`` → ``13,5 pt``."""
    return f"{num(hp / 2)} pt"


def pt_range(key: str) -> str:
    low, high = RANGES[key]
    return f"{num(low)} pt" if low == high else f"{num(low)}–{num(high)} pt"


def sizes_text(sizes: set[int]) -> str:
    return ", ".join(pt(s) for s in sorted(sizes))


def check_size(c: Check, p: Paragraph, key: str, what: str) -> None:
    low, high = hp_range(key)
    sizes = p.sizes()
    if not all(low <= s <= high for s in sizes):
        c.fail(p, f"{what}: cỡ chữ {sizes_text(sizes)}", f"{what}: cỡ chữ {pt_range(key)}")


def check_bold(c: Check, p: Paragraph, what: str, *, bold: bool = True) -> None:
    if bold and not p.bold:
        c.fail(p, f"{what}: không in đậm (hoặc chỉ đậm một phần)", f"{what}: in đậm")
    if not bold and p.any_run(lambda r: r.bold):
        c.fail(p, f"{what}: in đậm", f"{what}: chữ thường, không đậm")


def check_upright(c: Check, p: Paragraph, what: str) -> None:
    if p.any_run(lambda r: r.italic):
        c.fail(p, f"{what}: in nghiêng", f"{what}: chữ đứng")


#: Paragraph alignments (``w:jc``) as a clerk names them in Word.
JC_WORDS: Final = {"left": "căn trái", "right": "căn phải", "center": "căn giữa",
                   "both": "căn đều hai lề"}


def jc_words(jc: str) -> str:
    return JC_WORDS.get(jc, f"căn lề «{jc}»")


def check_centred(c: Check, p: Paragraph, what: str, doc: Document) -> None:
    """Centred: by its alignment, or pushed to the middle of its area with spaces or tabs
    (what prints decides)."""
    from kehoach.checker.estimate import looks_centred

    if not looks_centred(doc, p):
        c.fail(p, f"{what}: {jc_words(p.props.jc)}, không nằm giữa", f"{what}: căn giữa")


def is_upper(text: str) -> bool:
    """All letters capital (the decree's "chữ in hoa"), on NFC text."""
    return any(ch.isalpha() for ch in text) and text == text.upper()


__all__ = ["FAIL", "NOT_EVALUATED", "PASS", "Check", "Context", "Document", "Layout", "Rule",
           "RULES", "all_rules", "rule"]
