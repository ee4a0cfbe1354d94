"""A plan turned into the strings and lists the template reads (the context layer).

The context holds words and numbers only, never XML: the template decides how each looks.
Numbering happens here, from the plan's structure: the n-th part is ``n`` in Roman numerals, an
item inside an item is ``1.1.``, điểm run ``a)`` ``b)`` … ``đ)`` ``e)`` and restart in each
khoản, bullets are ``-`` and ``+`` by depth. No author types a number.

The context's keys (what a template for a Kế hoạch may use):

``issuer_parent``, ``issuer_lines``
    lines of the cơ quan chủ quản and of the issuer, in capitals
``number_line``, ``place_date``
    ``Số: 05/KH-UBND`` and ``Hải Yến, ngày 05 tháng 02 năm 2024``
``type_name``, ``title``
    ``KẾ HOẠCH`` and the trích yếu
``bases``, ``opening``, ``blocks``, ``closing``
    căn cứ sentences, the opening paragraph, the body (see :func:`blocks`), the last paragraph
``recipients``, ``signer_lines``, ``signer_name``
    Nơi nhận lines (the last is ``- Lưu: VT, …``), authority and title lines, the name
``rules``
    indents (twips) that give the short lines under the issuer, Tiêu ngữ and trích yếu their length
``appendices``
    each with ``heading``, ``title``, ``attached`` (the ``(Kèm theo …)`` line) and ``blocks``
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from kehoach.layout.metrics import text_width_tw
from kehoach.layout.profile import DEFAULT_PROFILE, MOTTO, Profile
from kehoach.model import (
    Block,
    Bullet,
    CriterionSolution,
    Item,
    Numbered,
    Objectives,
    Official,
    Paragraph,
    Part,
    PartNumbering,
    Plan,
    Point,
    TaskTable,
)
from kehoach.rendering import conventions as cv

#: Bullet marks by depth: ``-`` then ``+`` (deeper bullets keep ``+``).
BULLET_MARKS = ("-", "+")


def _line(label: str, text: str | None = None, lead: str | None = None) -> dict[str, str]:
    """A running-text line: ``label`` (with its space), an italic ``lead``, then ``text``."""
    body = text or ""
    if lead and body:
        body = " " + body
    return {"kind": "line", "label": label, "lead": lead or "", "text": body}


def _heading(label: str, text: str) -> dict[str, str]:
    return {"kind": "heading", "label": label, "lead": "", "text": text}


def _bullet_label(depth: int) -> str:
    return BULLET_MARKS[min(depth, len(BULLET_MARKS) - 1)] + " "


def _officials(people: Sequence[Official]) -> str:
    texts = [cv.official(p, start=i == 0) for i, p in enumerate(people)]
    if len(texts) <= 1:
        return "".join(texts)
    return "; ".join(texts[:-1]) + " và " + texts[-1]


def criterion_lines(c: CriterionSolution, depth: int) -> Iterator[dict[str, Any]]:
    """``- Tiêu chí số 1 - Quy hoạch: …`` and its ``+`` lines (time, leads, coordinators)."""
    lead = f"Tiêu chí số {c.number} - {c.name}:" if c.name else f"Tiêu chí số {c.number}:"
    yield _line(_bullet_label(depth), c.actions, lead)
    yield from _walk(c.details, (), depth + 1)
    facts = []
    for d in c.deadlines:
        facts.append(f"Thời gian {d.scope}: {d.when}" if d.scope else f"Thời gian: {d.when}")
    if c.leads:
        facts.append(f"{c.lead_label}: {_officials(c.leads)}")
    if c.coordinators:
        facts.append(f"{c.coordinator_label}: " + ", ".join(c.coordinators))
    for fact in cv.join_sentences(facts):
        yield _line(_bullet_label(depth + 1), fact)


def _walk(children: Sequence[Block], item_path: tuple[int, ...], depth: int
          ) -> Iterator[dict[str, Any]]:
    items = 0
    points = 0
    numbered = 0

    def item(title: str | None, text: str | None, kids: Sequence[Block]) -> Iterator[dict]:
        nonlocal items
        items += 1
        path = (*item_path, items)
        label = cv.item_number(path) + " "
        if title is not None:
            yield _heading(label, title)
            if text is not None:
                yield _line("", text)
        else:
            yield _line(label, text)
        yield from _walk(kids, path, 0)

    for child in children:
        if isinstance(child, Item):
            yield from item(child.title, child.text, child.children)
        elif isinstance(child, Objectives):
            yield from item(child.general_title, None, child.general)
            yield from item(child.specific_title, None, child.specific)
        elif isinstance(child, Point):
            yield _line(cv.point_letter(points) + ") ", child.text, child.lead)
            points += 1
            yield from _walk(child.children, item_path, 0)
        elif isinstance(child, Numbered):
            numbered += 1
            yield _line(f"({numbered}) ", child.text, child.lead)
            yield from _walk(child.children, item_path, 0)
        elif isinstance(child, Bullet):
            yield _line(_bullet_label(depth), child.text, child.lead)
            yield from _walk(child.children, item_path, depth + 1)
        elif isinstance(child, Paragraph):
            yield _line("", child.text)
        elif isinstance(child, CriterionSolution):
            yield from criterion_lines(child, depth)
        elif isinstance(child, TaskTable):
            yield {"kind": "table", "rows": [
                {"index": str(i), "content": r.content, "lead": r.lead or "",
                 "support": r.support or "", "deadline": r.deadline or ""}
                for i, r in enumerate(child.rows, 1)]}
        else:  # pragma: no cover - the model admits no other block
            raise TypeError(f"unknown block {type(child).__name__}")


def blocks(parts: Sequence[Part], numbering: PartNumbering = PartNumbering.ROMAN
           ) -> list[dict[str, Any]]:
    """The body as a flat list of numbered lines, headings and tables.

    Each entry has a ``kind``: ``part`` (``I. MỤC ĐÍCH, YÊU CẦU``, or ``A. …`` when parts are
    lettered), ``heading`` (a bold khoản or tiểu mục title), ``line`` (running text with
    ``label``, italic ``lead`` and ``text``) or ``table`` (``rows`` of a task table).
    """
    number = cv.roman if numbering is PartNumbering.ROMAN else cv.part_letter
    out: list[dict[str, Any]] = []
    for n, part in enumerate(parts, 1):
        out.append({"kind": "part", "label": f"{number(n)}. ", "lead": "",
                    "text": cv.upper_vi(part.title)})
        out.extend(_walk(part.children, (), 0))
    return out


def appendices(plan: Plan, type_name: str) -> list[dict[str, Any]]:
    """Each appendix: its heading (``Phụ lục``, or ``Phụ lục I``… when several), title in
    capitals, the ``(Kèm theo …)`` line, and its body as :func:`blocks` gives it."""
    issuer = " ".join(plan.issuer.name)
    attached = cv.attachment_line(type_name, plan.number, plan.date, issuer)
    many = len(plan.appendices) > 1
    return [{
        "heading": f"Phụ lục {cv.roman(n)}" if many else "Phụ lục",
        "title": cv.upper_vi(a.title),
        "attached": attached,
        "blocks": list(_walk(a.children, (), 0)),
    } for n, a in enumerate(plan.appendices, 1)]


def _centred_rule_indent(available_tw: int, length_tw: float) -> int:
    return max(0, round((available_tw - length_tw) / 2))


def rules(plan: Plan, issuer_lines: Sequence[str], profile: Profile) -> dict[str, int]:
    """Indents that make the three short lines as long as the decree wants."""
    pad = 2 * profile.cell_padding_tw
    left = profile.cm_tw(profile.header_left_cm) - pad
    right = profile.cm_tw(profile.header_right_cm) - pad
    issuer_width = max(text_width_tw(line, profile.size_issuer, bold=True) for line in issuer_lines)
    motto_width = text_width_tw(MOTTO, profile.size_motto, bold=True)
    # A trích yếu longer than the text area wraps; its longest line is then about the full width.
    title_width = min(text_width_tw(plan.title, profile.size_title, bold=True),
                      profile.text_width_tw)
    return {
        "issuer": _centred_rule_indent(left, profile.issuer_rule_ratio * min(issuer_width, left)),
        "motto": _centred_rule_indent(right, motto_width),
        "title": _centred_rule_indent(profile.text_width_tw, profile.title_rule_ratio * title_width),
    }


def build_context(plan: Plan, profile: Profile = DEFAULT_PROFILE, *, type_name: str = "Kế hoạch"
                  ) -> dict[str, Any]:
    """Everything the Kế hoạch template reads, from ``plan``."""
    issuer_lines = [cv.upper_vi(line) for line in plan.issuer.name]
    recipients = [cv.recipient_line(r) for r in plan.recipients]
    recipients.append(cv.archive_line(plan.archive))
    return {
        "issuer_parent": [cv.upper_vi(line) for line in plan.issuer.parent],
        "issuer_lines": issuer_lines,
        "number_line": cv.number_line(plan.number),
        "place_date": cv.place_and_date(plan.issuer.place, plan.date),
        "type_name": cv.upper_vi(type_name),
        "title": plan.title,
        "bases": cv.citations(plan.legal_bases),
        "opening": plan.opening or "",
        "blocks": blocks(plan.parts, plan.part_numbering),
        "closing": cv.final_mark(plan.closing) if plan.closing else "",
        "recipients": recipients,
        "signer_lines": cv.signer_lines(plan.signer),
        "signer_name": plan.signer.name,
        "rules": rules(plan, issuer_lines, profile),
        "appendices": appendices(plan, type_name),
    }
