"""Sửa phần kết: signer (R33–R34), Nơi nhận (R36–R37), appendices (R43), ô 12 and ô 13 (R44)."""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker.document import Paragraph
from kehoach.checker.layout import APPENDIX_HEADING
from kehoach.checker.rules import hp_range, is_upper, limit
from kehoach.checker.rules_closing import ADDRESS, DRAFTER, MARK, MARK_LOOSE, signer_parts
from kehoach.fixer.edit import (
    BOLD,
    FIRST_LINE,
    INDENTS,
    ITALIC,
    JC,
    SIZE,
    FixContext,
    want_range,
    want_value,
)
from kehoach.fixer.fixes import fixer
from kehoach.fixer.fixes_header import centre, size_want, style_block
from kehoach.layout.profile import SIZE_APPENDIX_HEADING

#: An indent under 1 mm prints flush left: the fixer leaves it (the checker is stricter).
FLUSH_TOLERANCE_TW: Final = 57
_LOOSE_APPENDIX: Final = re.compile(r"^(Phụ lục|PHỤ LỤC)(\s+[IVXLC]+)?$")


@fixer("R33")
def fix_signer_titles(fx: FixContext) -> None:
    titles, _, _ = signer_parts(fx.ctx)
    for p in titles:
        if MARK_LOOSE.match(p.text) and not MARK.match(p.text):
            fx.fix_text("R33", p, "mark")
    style_block(fx, "R33", titles, "quyền hạn, chức vụ", size_key="size_signer", bold=True,
                italic=False)


@fixer("R34")
def fix_signer_name(fx: FixContext) -> None:
    _, _, name = signer_parts(fx.ctx)
    if name is None:
        return
    if is_upper(name.text):
        fx.fix_text("R34", name, "signer_name")
    style_block(fx, "R34", [name], "họ tên người ký", size_key="size_signer", bold=True,
                italic=False)


def _flush_left(fx: FixContext, rule: str, paras: list[Paragraph], what: str) -> None:
    """Left-aligned, the dash at the cell's edge: a negative indent that cancels the cell
    padding, or an indent under 1 mm, is kept (either prints flush left)."""
    tol = max(limit("indent_tolerance_tw")[1], FLUSH_TOLERANCE_TW)
    fx.ensure_paragraphs(rule, [p for p in paras if fx.para_props(p).jc not in ("left", "both")],
                         JC, want_value("left"), what, style=False)
    for p in paras:
        props = fx.para_props(p)
        start = props.ind_left + props.first_line
        padding = p.cell.margin_left if p.cell is not None else 0
        if -padding - tol <= start <= tol:
            continue
        fx.ensure_paragraphs(rule, [p], INDENTS, lambda v: None if v[0] == 0 else (0, v[1]),
                             what, style=False)
        fx.ensure_paragraphs(rule, [p], FIRST_LINE, want_value(0), what, style=False)


@fixer("R36")
def fix_recipients_label(fx: FixContext) -> None:
    cell = fx.layout.recipients_cell
    if not cell:
        return
    label = cell[0]
    if label.text.replace(" ", "").casefold().rstrip(":") != "nơinhận":
        return
    fx.fix_text("R36", label, "recipients_label")
    fx.ensure_runs("R36", [label], BOLD, want_value(True), "«Nơi nhận:»")
    fx.ensure_runs("R36", [label], ITALIC, want_value(True), "«Nơi nhận:»")
    low, high = hp_range("size_recipients_label")
    fx.ensure_runs("R36", [label], SIZE, want_range(low, high), "«Nơi nhận:»")
    _flush_left(fx, "R36", [label], "«Nơi nhận:»")


def _outside_drafter(p: Paragraph) -> list:
    """Runs of ``p`` holding text outside the drafter's mark (ô 12 is R44's business)."""
    text = p.raw_text
    spans = [m.span() for m in DRAFTER.finditer(text)]
    out, pos = [], 0
    for r in p.runs:
        start, end = pos, pos + len(r.text)
        pos = end
        if any(not text[i].isspace() and not any(a <= i < b for a, b in spans)
               for i in range(start, end)):
            out.append(r.el)
    return out


@fixer("R37")
def fix_recipients(fx: FixContext) -> None:
    cell = fx.layout.recipients_cell
    items = cell[1:] if cell and cell[0].text.casefold().startswith("nơi nhận") else cell
    if not items:
        return
    for i, p in enumerate(items):
        last = i == len(items) - 1
        if "\n" in p.text:
            continue  # several recipients in one paragraph: left as typed
        if last and p.text.lstrip("-–• ").startswith("Lưu"):
            fx.fix_text("R37", p, "archive")
        elif not last:
            fx.fix_text("R37", p, "recipient")
    low, high = hp_range("size_recipients")
    fx.ensure_runs("R37", items, SIZE, want_range(low, high), "nơi nhận", runs=_outside_drafter)
    fx.ensure_runs("R37", items, BOLD, want_value(False), "nơi nhận")
    _flush_left(fx, "R37", items, "nơi nhận")


@fixer("R43")
def fix_appendices(fx: FixContext) -> None:
    after = [b for b in fx.layout.after if isinstance(b, Paragraph) and not b.empty]
    headings = [p for p in after if _LOOSE_APPENDIX.match(p.text)]
    hp = round(SIZE_APPENDIX_HEADING * 2)
    for h in headings:
        if not APPENDIX_HEADING.match(h.text):
            fx.fix_text("R43", h, "appendix_heading")
    style_block(fx, "R43", headings, "«Phụ lục»", size_key="size_title", bold=True, italic=None)
    fx.ensure_runs("R43", headings, SIZE, want_value(hp), "«Phụ lục»")
    for h in headings:
        i = after.index(h)
        title = after[i + 1] if i + 1 < len(after) else None
        note = after[i + 2] if i + 2 < len(after) else None
        if title is not None and is_upper(title.text):
            style_block(fx, "R43", [title], "tên phụ lục", size_key="size_title", bold=True,
                        italic=None)
        if note is not None and note.text.startswith("(Kèm theo") and note.text.endswith(")"):
            centre(fx, "R43", [note], "dòng «(Kèm theo …)»")
            fx.ensure_runs("R43", [note], ITALIC, want_value(True), "dòng «(Kèm theo …)»")
            fx.ensure_runs("R43", [note], SIZE, size_want("size_title"), "dòng «(Kèm theo …)»")


@fixer("R44")
def fix_notes(fx: FixContext) -> None:
    low, high = (round(v * 2) for v in limit("size_drafter_note"))

    def drafter_runs(p: Paragraph) -> list:
        text = p.raw_text
        spans = [m.span() for m in DRAFTER.finditer(text)]
        out, pos = [], 0
        for r in p.runs:
            start, end = pos, pos + len(r.text)
            pos = end
            if r.text.strip() and any(a < end and start < b for a, b in spans):
                out.append(r.el)
        return out

    holders = [p for p in fx.layout.recipients_cell if DRAFTER.search(p.text)]
    fx.ensure_runs("R44", holders, SIZE, want_range(low, high), "ký hiệu người soạn thảo",
                   runs=drafter_runs)
    a_low, a_high = (round(v * 2) for v in limit("size_address"))
    for paras in fx.doc.parts.values():
        hits = [p for p in paras if ADDRESS.match(p.text)]
        fx.ensure_runs("R44", hits, SIZE, want_range(a_low, a_high), "địa chỉ cơ quan")
