"""Trang và phông chữ: paper, margins, page numbers (R1–R5) and the font (R6–R8).

Page rules read each section on its own: a landscape appendix has its own paper and margins
and does not change the portrait pages'. A page number is a ``PAGE`` field in any of its legal
forms (:mod:`.document`); a digit typed in the header is not one. A document of one page needs
no number (Phụ lục I, I.7: the first page shows none).
"""

from __future__ import annotations

import re
import unicodedata

from kehoach.checker import estimate
from kehoach.checker.document import Paragraph, Section, Table
from kehoach.checker.legacy_fonts import legacy_encoding, legacy_seen
from kehoach.checker.rules import (
    Check,
    Context,
    hp_range,
    jc_words,
    limit,
    mm_tw,
    num,
    pt_range,
    rule,
    sizes_text,
)
from kehoach.layout.profile import FONT, RANGES

_NON_ARABIC = re.compile(r"\\\*\s*(ROMAN|ALPHABETIC|ORDTEXT|CARDTEXT|HEX)", re.IGNORECASE)


def _appendix_sections(ctx: Context) -> set[int]:
    if not ctx.layout.appendix_headings:
        return set()
    first = min(p.section for p in ctx.layout.appendix_headings)
    return set(range(first, len(ctx.doc.sections)))


def _has_table(ctx: Context, section: int) -> bool:
    """Whether a section holds a table (Phụ lục I, I.2: a document with tables that are not
    made into appendices may be laid out landscape)."""
    return any(isinstance(b, Table) and _table_section(b) == section for b in ctx.doc.blocks)


def _table_section(table: Table) -> int:
    paras = table.paragraphs
    return paras[0].section if paras else -1


@rule("R1", "Khổ giấy A4, hướng dọc", "page", hard=True,
      what="mọi phần (section) có khổ A4 210 × 297 mm, hướng dọc (ngang chỉ cho bảng biểu, phụ lục)",
      source="NĐ 30, Phụ lục I, I.1–2")
def r1(ctx: Context, c: Check) -> None:
    wl, wh = limit("page_width_tw")
    hl, hh = limit("page_height_tw")
    appendix = _appendix_sections(ctx)
    for s in ctx.doc.sections:
        where = f"phần {s.index + 1} của văn bản"
        if s.width is None or s.height is None:
            c.fail(None, f"{where}: không khai báo khổ giấy (w:pgSz)", "A4 11906 × 16838 twip")
            continue
        portrait = wl <= s.width <= wh and hl <= s.height <= hh
        landscape = wl <= s.height <= wh and hl <= s.width <= hh
        if portrait:
            continue
        if landscape and (s.index in appendix or _has_table(ctx, s.index)):
            continue
        seen = (f"{where}: {s.width} × {s.height} twip ({s.width / 56.693:.0f} × "
                f"{s.height / 56.693:.0f} mm)")
        if landscape:
            c.fail(None, seen + " khổ A4 nằm ngang, không có bảng biểu",
                   "A4 dọc; chỉ trình bày khổ ngang khi có bảng biểu hoặc ở phụ lục")
        else:
            c.fail(None, seen + " không phải khổ A4", "khổ A4 210 × 297 mm (11906 × 16838 twip)")


@rule("R2", "Lề trang", "page", hard=True,
      what="lề trên 20–25 mm, dưới 20–25 mm, trái 30–35 mm, phải 15–20 mm",
      source="NĐ 30, Phụ lục I, I.3")
def r2(ctx: Context, c: Check) -> None:
    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
    for s in ctx.doc.sections:
        missing = [side for side in names if s.margins[side] is None]
        for side in missing:
            low_mm, high_mm = RANGES[f"margin_{side}_mm"]
            c.fail(None, f"phần {s.index + 1}: lề {names[side]} không khai báo",
                   f"lề {names[side]} {num(low_mm)}–{num(high_mm)} mm")
        if missing:
            continue
        values = {side: abs(s.margins[side] or 0) for side in names}
        readings = [_reading(values, dict(zip(names, names)))]
        if s.landscape:
            # the decree gives margins for the upright page; a landscape page may carry them
            # turned a quarter either way (the binding edge on top or at the bottom)
            readings += [_reading(values, {"top": "left", "bottom": "right", "left": "top",
                                           "right": "bottom"}),
                         _reading(values, {"top": "right", "bottom": "left", "left": "bottom",
                                           "right": "top"})]
        if any(not bad for bad in readings):
            continue
        for side in readings[0]:
            low_mm, high_mm = RANGES[f"margin_{side}_mm"]
            value = values[side]
            c.fail(None, f"phần {s.index + 1}: lề {names[side]} {num(value / 56.693, 1)} mm "
                         f"({value} twip)",
                   f"lề {names[side]} {num(low_mm)}–{num(high_mm)} mm "
                   f"({mm_tw(low_mm)}–{mm_tw(high_mm)} twip)"
                   + ("; trang ngang: hoặc các lề của trang dọc xoay một góc vuông"
                      if s.landscape else ""))


def _reading(values: dict[str, int], mapping: dict[str, str]) -> list[str]:
    """The sides whose margin is outside the decree's range when side ``k`` of the page is
    held to the range of side ``mapping[k]`` of the upright page."""
    tol_low, tol_high = limit("margin_tolerance_tw")
    bad = []
    for side, upright in mapping.items():
        low_mm, high_mm = RANGES[f"margin_{upright}_mm"]
        if not mm_tw(low_mm) + tol_low <= values[side] <= mm_tw(high_mm) + tol_high:
            bad.append(side)
    return bad


def _page_fields(ctx: Context, part: str | None) -> list[Paragraph]:
    if not part:
        return []
    return [p for p in ctx.doc.parts.get(part, []) if p.has_page_field]


def _first_page_parts(s: Section) -> list[str | None]:
    kind = "first" if s.title_page else "default"
    return [s.headers.get(kind), s.footers.get(kind)]


def _later_parts(ctx: Context, s: Section, store: dict[str, str | None]) -> list[str]:
    """The header (or footer) parts that print on a section's pages after its first: the
    default one, and the even one when the document has even-page headers."""
    kinds = ["default", "even"] if ctx.doc.even_and_odd_headers else ["default"]
    return [store[k] for k in kinds if store.get(k)]  # type: ignore[misc]


def page_count(ctx: Context) -> tuple[int, int]:
    """How many pages the document prints on: from the PDF when there is one, else an
    estimate ``(fewest, most)`` (:func:`kehoach.checker.estimate.page_count_estimate`)."""
    pages = getattr(ctx.pdf, "pages", None)
    if pages:
        return len(pages), len(pages)
    return estimate.page_count_estimate(ctx.doc)


@rule("R3", "Không đánh số trang đầu", "page", hard=True,
      what="trang 1 không hiện số trang (w:titlePg với đầu trang đầu tiên không có trường PAGE)",
      source="NĐ 30, Phụ lục I, I.7")
def r3(ctx: Context, c: Check) -> None:
    s = ctx.doc.sections[0]
    for part in _first_page_parts(s):
        for p in _page_fields(ctx, part):
            c.fail(p, "trang đầu có trường số trang (PAGE)" +
                   ("" if s.title_page else "; chưa bật «trang đầu khác» (w:titlePg)"),
                   "trang 1 không đánh số: bật «trang đầu khác», để trống đầu trang của trang 1")


#: A page number counts as centred within this distance of the middle of the text area.
PAGE_NUMBER_CENTRE_TW = 200


@rule("R4", "Số trang ở đầu trang, giữa", "page", hard=True,
      what="từ trang 2: trường PAGE ở đầu trang (không ở chân trang), căn giữa, 13–14 pt, "
           "chữ đứng, không đậm, số Ả Rập; văn bản một trang không cần số trang",
      source="NĐ 30, Phụ lục I, I.7")
def r4(ctx: Context, c: Check) -> None:
    low, high = hp_range("size_page_number")
    fewest, most = page_count(ctx)
    if most == 1:
        # nothing prints from page 2 on: there is no page 2 (a number on page 1 is R3's)
        c.note("văn bản có một trang: không có số trang nào phải in")
        return
    seen_parts: set[str] = set()
    missing: list[Section] = []
    for s in ctx.doc.sections:
        headers = _later_parts(ctx, s, s.headers)
        footers = _later_parts(ctx, s, s.footers)
        for part in footers:
            for p in _page_fields(ctx, part):
                if part not in seen_parts:
                    seen_parts.add(part)
                    c.fail(p, "số trang ở chân trang", "số trang ở đầu trang (lề trên), căn giữa")
        numbered = [p for part in headers for p in _page_fields(ctx, part)]
        if not numbered:
            if not any(_page_fields(ctx, part) for part in footers):
                missing.append(s)
            continue
        if s.page_format not in (None, "decimal"):
            c.fail(None, f"phần {s.index + 1}: kiểu số trang «{s.page_format}»",
                   "số Ả Rập (1, 2, 3…)")
        for p in numbered:
            if p.loc.part in seen_parts:
                continue
            seen_parts.add(p.loc.part)
            extent = estimate.first_line_extent(ctx.doc, p, width=s.text_width_tw)
            if abs(extent.offset_from_centre) > PAGE_NUMBER_CENTRE_TW:
                off = extent.offset_from_centre
                side = "phải" if off > 0 else "trái"
                c.fail(p, f"số trang lệch sang {side} {num(abs(off) / 56.7, 0)} mm so với giữa "
                          f"vùng trình bày ({jc_words(p.props.jc)})",
                       "số trang căn giữa theo chiều ngang")
            for field in p.page_fields:
                if _NON_ARABIC.search(field.instr):
                    c.fail(p, f"trường «{field.instr}»", "số Ả Rập (trường PAGE không đổi kiểu số)")
                props = field.shown_props or [p.mark]
                sizes = {r.size_hp for r in props}
                if not all(low <= sz <= high for sz in sizes):
                    c.fail(p, f"số trang cỡ {sizes_text(sizes)}",
                           f"số trang cỡ {pt_range('size_page_number')}")
                if any(r.bold for r in props) or any(r.italic for r in props):
                    c.fail(p, "số trang in đậm hoặc in nghiêng", "số trang chữ đứng, không đậm")
    if not missing:
        return
    if fewest == 1 and most > 1 and len(ctx.doc.sections) == 1:
        c.not_evaluated("không có số trang ở đầu trang; chưa biết văn bản có hơn một trang không "
                        "(cần kết xuất PDF để biết)")
        return
    for s in missing:
        c.fail(None, f"phần {s.index + 1}: đầu trang không có số trang (trường PAGE)",
               "số trang ở giữa đầu trang, từ trang 2")


@rule("R5", "Phụ lục đánh số trang riêng", "page", hard=True,
      what="mỗi phụ lục ở phần (section) riêng, đánh số trang lại từ 1",
      source="NĐ 30, Phụ lục I, III.1.đ")
def r5(ctx: Context, c: Check) -> None:
    headings = ctx.layout.appendix_headings
    if not headings:
        c.not_applicable("văn bản không có phụ lục")
        return
    previous = _last_section_before(ctx)
    for h in headings:
        s = ctx.doc.sections[min(h.section, len(ctx.doc.sections) - 1)]
        if h.section == previous:
            c.fail(h, "phụ lục cùng phần (section) với nội dung trước nó",
                   "phụ lục bắt đầu phần mới (ngắt phần trước «Phụ lục»)")
        elif s.page_start != 1:
            start = f"bắt đầu từ {s.page_start}" if s.page_start else "nối tiếp phần trước"
            c.fail(h, f"số trang của phụ lục {start}",
                   "mỗi phụ lục đánh số trang riêng, từ 1 (w:pgNumType w:start=\"1\")")
        previous = h.section


def _last_section_before(ctx: Context) -> int:
    sig = ctx.layout.signature
    if sig is not None and sig.paragraphs:
        return sig.paragraphs[-1].section
    body = [b for b in ctx.layout.body if isinstance(b, Paragraph)]
    return body[-1].section if body else 0


# ------------------------------------------------------------------------------------ font

def _latin(ch: str) -> bool:
    return ord(ch) < 0x2E80  # below CJK: Latin, Vietnamese, punctuation, symbols


@rule("R6", "Phông chữ Times New Roman", "font", hard=True,
      what="mọi đoạn có chữ (cả bảng, đầu trang, chân trang) dùng phông Times New Roman",
      source="NĐ 30, Phụ lục I, I.4")
def r6(ctx: Context, c: Check) -> None:
    wanted = FONT.casefold()
    for p in ctx.doc.all_paragraphs():
        wrong: dict[str, str] = {}
        for run in p.visible_runs:
            chars = [ch for ch in run.text if not ch.isspace() and _latin(ch)]
            if any(ord(ch) < 128 for ch in chars) and run.props.font_ascii.casefold() != wanted:
                wrong.setdefault(run.props.font_ascii, run.props.font_note)
            if any(ord(ch) >= 128 for ch in chars) and run.props.font_hansi.casefold() != wanted:
                wrong.setdefault(run.props.font_hansi, run.props.font_note)
        if wrong:
            seen = "; ".join(legacy_seen(name) if legacy_encoding(name) else
                             f"phông {name} ({note})" if note != name else f"phông {name}"
                             for name, note in wrong.items())
            c.fail(p, seen, f"phông {FONT}")


@rule("R7", "Chữ màu đen", "font", hard=True,
      what="không có màu chữ khác đen/tự động, không tô sáng hay tô nền chữ",
      source="NĐ 30, Phụ lục I, I.4")
def r7(ctx: Context, c: Check) -> None:
    for p in ctx.doc.all_paragraphs():
        colours = {r.props.color for r in p.visible_runs} - {None, "auto", "000000"}
        if colours:
            c.fail(p, "chữ màu " + ", ".join(sorted(colours)), "chữ màu đen (000000 hoặc auto)")
        # white on white paper does not print
        marks = {r.props.highlight or r.props.shading for r in p.visible_runs} - {None, "white"}
        if marks:
            c.fail(p, "chữ được tô sáng/tô nền: " + ", ".join(sorted(marks)),
                   "không tô sáng, không tô nền")


@rule("R8", "Chữ Unicode dựng sẵn (NFC)", "font", hard=False,
      what="văn bản ở dạng Unicode dựng sẵn (NFC), không có dấu tổ hợp rời",
      source="thực tiễn, TCVN 6909:2001")
def r8(ctx: Context, c: Check) -> None:
    for p in ctx.doc.all_paragraphs():
        if not unicodedata.is_normalized("NFC", p.raw_text):
            c.fail(p, "chữ có dấu ở dạng tổ hợp (dấu rời sau chữ cái)",
                   "Unicode dựng sẵn (NFC)")
