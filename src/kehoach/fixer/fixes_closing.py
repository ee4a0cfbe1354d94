"""Sửa phần kết: signer (R33–R34), Nơi nhận (R36–R37), appendices (R43), ô 12 and ô 13 (R44)."""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker.document import Paragraph
from kehoach.checker.rules import hp_range, is_upper, limit
from kehoach.checker.rules_closing import (
    ADDRESS,
    ARCHIVE,
    MARK,
    MARK_LOOSE,
    archive_mark,
    signer_parts,
)
from kehoach.checker.rules_order import appendix_parts
from kehoach.fixer.edit import (
    BOLD,
    FIRST_LINE,
    INDENTS,
    ITALIC,
    JC,
    SIZE,
    VERT_ALIGN,
    FixContext,
    want_none,
    want_range,
    want_value,
)
from kehoach.fixer.fixes import fixer
from kehoach.fixer.fixes_header import centre, size_want, style_block
from kehoach.fixer.forms import appendix_heading, archive_wording, drafter_mark
from kehoach.layout.profile import SIZE_APPENDIX_HEADING
from kehoach.rendering.conventions import roman

#: An indent under 1 mm prints flush left: the fixer leaves it (the checker is stricter).
FLUSH_TOLERANCE_TW: Final = 57


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
    """Runs of ``p`` holding letters or digits outside the drafter's mark (ô 12 is R44's
    business), as the checker reads them."""
    span = archive_mark(p.text) if ARCHIVE.match(p.text) else None
    if span is None:
        return [r.el for r in p.visible_runs]
    inside = set(map(id, p.runs_in(*span)))
    return [r.el for r in p.visible_runs if id(r) not in inside
            and any(ch.isalnum() for ch in r.text)]


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
            if not fx.fix_text("R37", p, "archive") and (why := archive_wording(p.text)):
                fx.leave("R37", p, why)
        elif not last:
            fx.fix_text("R37", p, "recipient")
    low, high = hp_range("size_recipients")
    fx.ensure_runs("R37", items, SIZE, want_range(low, high), "nơi nhận", runs=_outside_drafter)
    fx.ensure_runs("R37", items, BOLD, want_value(False), "nơi nhận")
    _flush_left(fx, "R37", items, "nơi nhận")


@fixer("R43")
def fix_appendices(fx: FixContext) -> None:
    headings = fx.layout.appendix_headings
    hp = round(SIZE_APPENDIX_HEADING * 2)
    many = len(headings) > 1
    for n, h in enumerate(headings, 1):
        wanted = f"Phụ lục {roman(n)}" if many else "Phụ lục"
        if h.text != wanted:
            fx.fix_text("R43", h, "appendix_heading",
                        make=lambda text, n=n: appendix_heading(text, n if many else None))
    style_block(fx, "R43", headings, "«Phụ lục»", size_key="size_title", bold=True, italic=None)
    fx.ensure_runs("R43", headings, SIZE, want_value(hp), "«Phụ lục»")
    for h in headings:
        titles, note = appendix_parts(fx.ctx, h)
        style_block(fx, "R43", titles, "tên phụ lục", size_key="size_title", bold=True,
                    italic=None)
        if not note:
            fx.leave("R43", titles[-1] if titles else h, "phụ lục thiếu dòng «(Kèm theo …)»: "
                     "cần người thêm (không tự thêm chữ)")
            continue
        if " ".join(p.text for p in note).endswith(")"):
            centre(fx, "R43", note, "dòng «(Kèm theo …)»")
            fx.ensure_runs("R43", note, ITALIC, want_value(True), "dòng «(Kèm theo …)»")
            fx.ensure_runs("R43", note, SIZE, size_want("size_title"), "dòng «(Kèm theo …)»")


@fixer("R44")
def fix_notes(fx: FixContext) -> None:
    low, high = (round(v * 2) for v in limit("size_drafter_note"))
    recipients = fx.layout.recipients_cell
    archive = recipients[-1] if recipients and ARCHIVE.match(recipients[-1].text) else None
    span = archive_mark(archive.text) if archive is not None else None
    if archive is not None and span is not None:
        mark = archive.text[span[0]:span[1]]

        def mark_runs(p: Paragraph) -> list:
            found = archive_mark(p.text)
            return [r.el for r in p.runs_in(*found)] if found else []

        if any(ch.islower() for ch in re.sub(r"\d+\s*(b|bản)\b", "", mark)):
            fx.fix_text("R44", archive, "drafter_mark", make=_drafter_caps)
        count = re.search(r"\d+\s*(b|bản)\b", mark)
        if count:
            fx.leave("R44", archive, f"số bản «{count.group(0)}» có chữ: Nghị định ghi số lượng "
                                     "bản bằng chữ số (ví dụ «PL.(10)»); bỏ chữ là sửa chữ, cần "
                                     "người sửa")
        fx.ensure_runs("R44", [archive], VERT_ALIGN, want_none, "ký hiệu người soạn thảo",
                       runs=mark_runs)
        fx.ensure_runs("R44", [archive], SIZE, want_range(low, high), "ký hiệu người soạn thảo",
                       runs=mark_runs)
        fx.ensure_runs("R44", [archive], ITALIC, want_value(False), "ký hiệu người soạn thảo",
                       runs=mark_runs)
    a_low, a_high = (round(v * 2) for v in limit("size_address"))
    for paras in fx.doc.parts.values():
        hits = [p for p in paras if ADDRESS.match(p.text)]
        fx.ensure_runs("R44", hits, SIZE, want_range(a_low, a_high), "địa chỉ cơ quan")


def _drafter_caps(text: str) -> str | None:
    """The Lưu line (raw, maybe with spaces around) with its drafter's mark in capitals."""
    lead = len(text) - len(text.lstrip())
    core = text.strip()
    span = archive_mark(core)
    if span is None:
        return None
    fixed = drafter_mark(core, span)
    return None if fixed is None else text[:lead] + fixed + text[lead + len(core):]
