"""Trang và phông chữ: paper, margins, page numbers (R1–R5) and the font (R6–R8)."""

from __future__ import annotations

import re
import unicodedata

from kehoach.checker.document import Paragraph, Section, Table
from kehoach.checker.rules import (
    Check,
    Context,
    check_centred,
    hp_range,
    limit,
    mm_tw,
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
        seen = f"{where}: {s.width} × {s.height} twip ({s.width / 56.693:.0f} × {s.height / 56.693:.0f} mm)"
        c.fail(None, seen + (" nằm ngang" if landscape else ""),
               "A4 dọc 210 × 297 mm (11906 × 16838 twip)")


@rule("R2", "Lề trang", "page", hard=True,
      what="lề trên 20–25 mm, dưới 20–25 mm, trái 30–35 mm, phải 15–20 mm",
      source="NĐ 30, Phụ lục I, I.3")
def r2(ctx: Context, c: Check) -> None:
    tol_low, tol_high = limit("margin_tolerance_tw")
    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
    for s in ctx.doc.sections:
        for side, name in names.items():
            low_mm, high_mm = RANGES[f"margin_{side}_mm"]
            value = s.margins[side]
            if value is None:
                c.fail(None, f"phần {s.index + 1}: lề {name} không khai báo",
                       f"lề {name} {low_mm:g}–{high_mm:g} mm")
                continue
            value = abs(value)
            if not mm_tw(low_mm) + tol_low <= value <= mm_tw(high_mm) + tol_high:
                c.fail(None, f"phần {s.index + 1}: lề {name} {value / 56.693:.1f} mm ({value} twip)",
                       f"lề {name} {low_mm:g}–{high_mm:g} mm "
                       f"({mm_tw(low_mm)}–{mm_tw(high_mm)} twip)")


def _page_fields(ctx: Context, part: str | None) -> list[Paragraph]:
    if not part:
        return []
    return [p for p in ctx.doc.parts.get(part, []) if p.has_page_field]


def _first_page_parts(s: Section) -> list[str | None]:
    kind = "first" if s.title_page else "default"
    return [s.headers.get(kind), s.footers.get(kind)]


@rule("R3", "Không đánh số trang đầu", "page", hard=True,
      what="trang 1 không hiện số trang (w:titlePg với đầu trang đầu tiên không có trường PAGE)",
      source="NĐ 30, Phụ lục I, I.7")
def r3(ctx: Context, c: Check) -> None:
    s = ctx.doc.sections[0]
    for part in _first_page_parts(s):
        for p in _page_fields(ctx, part):
            c.fail(p, "trang đầu có trường số trang (PAGE)" +
                   ("" if s.title_page else "; không bật «trang đầu khác» (w:titlePg)"),
                   "trang 1 không đánh số: bật w:titlePg, đầu trang đầu tiên để trống")


@rule("R4", "Số trang ở đầu trang, giữa", "page", hard=True,
      what="từ trang 2: trường PAGE ở đầu trang (không ở chân trang), căn giữa, 13–14 pt, "
           "chữ đứng, không đậm, số Ả Rập",
      source="NĐ 30, Phụ lục I, I.7")
def r4(ctx: Context, c: Check) -> None:
    low, high = hp_range("size_page_number")
    seen_parts: set[str] = set()
    for s in ctx.doc.sections:
        header, footer = s.headers.get("default"), s.footers.get("default")
        for p in _page_fields(ctx, footer):
            c.fail(p, "số trang ở chân trang", "số trang ở đầu trang (lề trên), căn giữa")
        numbered = _page_fields(ctx, header)
        if not numbered:
            if not _page_fields(ctx, footer):
                c.fail(None, f"phần {s.index + 1}: đầu trang không có số trang (trường PAGE)",
                       "số trang ở giữa đầu trang, từ trang 2")
            continue
        if s.page_format not in (None, "decimal"):
            c.fail(None, f"phần {s.index + 1}: kiểu số trang «{s.page_format}»",
                   "số Ả Rập (1, 2, 3…)")
        for p in numbered:
            if p.loc.part in seen_parts:
                continue
            seen_parts.add(p.loc.part)
            check_centred(c, p, "số trang")
            for field in p.fields:
                if field.instr.split()[:1] != ["PAGE"]:
                    continue
                if _NON_ARABIC.search(field.instr):
                    c.fail(p, f"trường «{field.instr}»", "số Ả Rập (PAGE không đổi kiểu số)")
                props = [r.props for r in field.runs] or [p.mark]
                sizes = {r.size_hp for r in props}
                if not all(low <= sz <= high for sz in sizes):
                    c.fail(p, f"số trang cỡ {sizes_text(sizes)}",
                           f"số trang cỡ {pt_range('size_page_number')}")
                if any(r.bold for r in props) or any(r.italic for r in props):
                    c.fail(p, "số trang in đậm hoặc nghiêng", "số trang chữ đứng, không đậm")


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
            c.fail(h, f"phần của phụ lục: số trang bắt đầu {s.page_start or 'nối tiếp'}",
                   "đánh số trang lại từ 1 (w:pgNumType w:start=\"1\")")
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
            seen = "; ".join(f"phông {name} ({note})" if note != name else f"phông {name}"
                             for name, note in wrong.items())
            c.fail(p, seen, f"phông {FONT}")


@rule("R7", "Chữ màu đen", "font", hard=True,
      what="không có màu chữ khác đen/tự động, không tô sáng hay tô nền chữ",
      source="NĐ 30, Phụ lục I, I.4")
def r7(ctx: Context, c: Check) -> None:
    for p in ctx.doc.all_paragraphs():
        colours = {r.props.color for r in p.visible_runs} - {None, "auto", "000000"}
        if colours:
            c.fail(p, "màu chữ " + ", ".join(sorted(colours)), "chữ màu đen (000000 hoặc auto)")
        marks = {r.props.highlight or r.props.shading for r in p.visible_runs} - {None}
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
