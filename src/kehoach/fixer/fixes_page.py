"""Sửa trang và phông chữ: paper, margins, page numbers (R1–R5), font and colour (R6–R7)."""

from __future__ import annotations

import copy
from typing import Final

from lxml import etree

from kehoach.checker.document import Paragraph, Section
from kehoach.checker.resolve import w
from kehoach.checker.rules import hp_range, limit, mm_tw
from kehoach.fixer.edit import (
    BOLD,
    COLOUR,
    FONT_PROP,
    HIGHLIGHT,
    ITALIC,
    JC,
    SECT_ORDER,
    SIZE,
    FixContext,
    child,
    want_black,
    want_font,
    want_none,
    want_range,
    want_value,
)
from kehoach.fixer.fixes import fixer
from kehoach.layout.profile import FONT, PAGE_HEIGHT_TW, PAGE_WIDTH_TW, RANGES

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_TYPE: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
HEADER_CT: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
#: The house size of page numbers (half-points): inside the decree's 13–14 pt.
PAGE_NUMBER_HP: Final = 28


def _sect(s: Section) -> etree._Element | None:
    return s.el


@fixer("R1")
def fix_paper(fx: FixContext) -> None:
    wl, wh = limit("page_width_tw")
    hl, hh = limit("page_height_tw")
    for s in fx.doc.sections:
        el = _sect(s)
        if el is None or s.width is None or s.height is None:
            fx.leave("R1", f"phần {s.index + 1}", "phần không có thuộc tính trang (w:sectPr)")
            continue
        portrait = wl <= s.width <= wh and hl <= s.height <= hh
        landscape = wl <= s.height <= wh and hl <= s.width <= hh
        if portrait or landscape:
            continue  # A4 either way; a landscape body page is R1's to judge, not a size
        size = child(el, "pgSz", SECT_ORDER)
        wide = s.width > s.height
        width, height = (PAGE_HEIGHT_TW, PAGE_WIDTH_TW) if wide else (PAGE_WIDTH_TW, PAGE_HEIGHT_TW)
        size.set(w("w"), str(width))
        size.set(w("h"), str(height))
        if wide:
            size.set(w("orient"), "landscape")
        else:
            size.attrib.pop(w("orient"), None)
        fx.record("R1", f"phần {s.index + 1} của văn bản",
                  f"khổ {s.width} × {s.height} twip ({s.width / 56.693:.0f} × {s.height / 56.693:.0f} mm)",
                  f"A4 {'ngang' if wide else 'dọc'} {width} × {height} twip",
                  part=fx.part_of(el))


@fixer("R2")
def fix_margins(fx: FixContext) -> None:
    tol_low, tol_high = limit("margin_tolerance_tw")
    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}
    for s in fx.doc.sections:
        el = _sect(s)
        if el is None:
            continue
        mar = child(el, "pgMar", SECT_ORDER)
        for side, name in names.items():
            low_mm, high_mm = RANGES[f"margin_{side}_mm"]
            low, high = mm_tw(low_mm), mm_tw(high_mm)
            value = s.margins[side]
            if value is not None and low + tol_low <= abs(value) <= high + tol_high:
                continue
            new = low if value is None else min(max(abs(value), low), high)
            mar.set(w(side), str(new))
            for attr, default in (("header", "709"), ("footer", "709"), ("gutter", "0")):
                if mar.get(w(attr)) is None:
                    mar.set(w(attr), default)
            before = "không khai báo" if value is None else f"{abs(value) / 56.693:.1f} mm"
            fx.record("R2", f"phần {s.index + 1} của văn bản", f"lề {name} {before}",
                      f"lề {name} {new / 56.693:.1f} mm ({new} twip)", part=fx.part_of(el))


# ------------------------------------------------------------------------------------ page numbers

def _page_paragraph() -> etree._Element:
    """A centred paragraph holding a PAGE field, 14 pt Times New Roman."""
    rpr = (f'<w:rPr><w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:cs="{FONT}"/>'
           f'<w:sz w:val="{PAGE_NUMBER_HP}"/><w:szCs w:val="{PAGE_NUMBER_HP}"/></w:rPr>')
    xml = (f'<w:p xmlns:w="{W_NS}"><w:pPr><w:jc w:val="center"/>{rpr}</w:pPr>'
           f'<w:r>{rpr}<w:fldChar w:fldCharType="begin"/></w:r>'
           f'<w:r>{rpr}<w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
           f'<w:r>{rpr}<w:fldChar w:fldCharType="separate"/></w:r>'
           f'<w:r>{rpr}<w:t>2</w:t></w:r>'
           f'<w:r>{rpr}<w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return etree.fromstring(xml)


def _new_header(fx: FixContext, content: list[etree._Element]) -> str:
    """A new header part holding ``content``; returns its relationship id."""
    root = etree.Element(f"{{{W_NS}}}hdr", nsmap={"w": W_NS, "r": R_NS})
    for p in content:
        root.append(p)
    if not len(root):
        etree.SubElement(root, w("p"))
    name = fx.package.unused_part_name("word/header{}.xml")
    fx.package.add_part(name, root, HEADER_CT)
    return fx.package.add_relationship(fx.package.main_part, HEADER_TYPE, name)


def _set_reference(sect: etree._Element, kind: str, rid: str) -> None:
    for ref in sect.findall(w("headerReference")):
        if ref.get(w("type"), "default") == kind:
            ref.set(f"{{{R_NS}}}id", rid)
            return
    ref = child(sect, "headerReference", SECT_ORDER, create=False)
    new = etree.Element(w("headerReference"))
    new.set(w("type"), kind)
    new.set(f"{{{R_NS}}}id", rid)
    if ref is not None:
        ref.addprevious(new)
    else:
        sect.insert(0, new)


def _has_text(paras: list[Paragraph]) -> bool:
    return any(not p.empty for p in paras)


def _has_page(paras: list[Paragraph]) -> bool:
    return any(p.has_page_field for p in paras)


def _blank_first_page(fx: FixContext, s: Section, rule: str) -> bool:
    """Page 1 of section ``s`` without a number: ``w:titlePg`` and a first-page header
    without a PAGE field (a copy of the default header less its page numbers)."""
    sect = _sect(s)
    if sect is None:
        return False
    first = s.headers.get("first") if s.title_page else None
    if s.title_page and first and _has_page(fx.doc.parts.get(first, [])):
        fx.leave(rule, "đầu trang của trang đầu", "đầu trang riêng của trang 1 có trường số "
                 "trang: hãy xóa trường PAGE ở đó (không tự xóa trường)")
        return False
    changed = False
    if not s.title_page:
        child(sect, "titlePg", SECT_ORDER)
        changed = True
    if not first:
        default = s.headers.get("default")
        content: list[etree._Element] = []
        if default:
            for p in fx.doc.parts.get(default, []):
                if p.has_page_field or p.cell is not None:
                    continue
                content.append(copy.deepcopy(p.el))
        rid = _new_header(fx, [c for c in content if not _contains_field(c)])
        _set_reference(sect, "first", rid)
        changed = True
    if changed:
        fx.record(rule, f"phần {s.index + 1} của văn bản", "trang 1 có số trang",
                  "trang 1 không đánh số (w:titlePg, đầu trang riêng để trống)",
                  part=fx.part_of(sect))
    return changed


def _contains_field(p: etree._Element) -> bool:
    return any(True for _ in p.iter(w("fldChar"), w("fldSimple")))


@fixer("R3")
def fix_first_page(fx: FixContext) -> None:
    _blank_first_page(fx, fx.doc.sections[0], "R3")


@fixer("R4")
def fix_page_numbers(fx: FixContext) -> None:
    low, high = hp_range("size_page_number")
    seen: set[str] = set()
    for s in fx.doc.sections:
        header, footer = s.headers.get("default"), s.footers.get("default")
        header_paras = fx.doc.parts.get(header, []) if header else []
        footer_paras = fx.doc.parts.get(footer, []) if footer else []
        if _has_page(footer_paras):
            fx.leave("R4", f"phần {s.index + 1}: chân trang", "số trang ở chân trang: chuyển "
                     "trường PAGE lên đầu trang là đổi chữ của chân trang, cần người làm")
            continue
        numbered = [p for p in header_paras if p.has_page_field]
        if not numbered:
            if _has_text(header_paras) or any(p.el.find(f".//{w('drawing')}") is not None
                                               for p in header_paras):
                fx.leave("R4", f"phần {s.index + 1}: đầu trang", "đầu trang đã có nội dung "
                         "khác: cần người thêm số trang")
                continue
            sect = _sect(s)
            if sect is None:
                continue
            rid = _new_header(fx, [_page_paragraph()])
            _set_reference(sect, "default", rid)
            fx.record("R4", f"phần {s.index + 1} của văn bản", "không có số trang",
                      "số trang (trường PAGE) giữa đầu trang, 14 pt", part=fx.part_of(sect))
            if s.index == 0:
                _blank_first_page(fx, s, "R4")
            continue
        if s.page_format not in (None, "decimal") and s.el is not None:
            num = s.el.find(w("pgNumType"))
            if num is not None:
                num.attrib.pop(w("fmt"), None)
                fx.record("R4", f"phần {s.index + 1} của văn bản",
                          f"kiểu số trang «{s.page_format}»", "số Ả Rập", part=fx.part_of(s.el))
        for p in numbered:
            if p.loc.part in seen:
                continue
            seen.add(p.loc.part)

            def field_runs(para: Paragraph) -> list:
                return [r.el for f in para.fields if f.instr.split()[:1] == ["PAGE"]
                        for r in f.runs]

            fx.ensure_paragraphs("R4", [p], JC, want_value("center"), "số trang", style=False)
            fx.ensure_runs("R4", [p], SIZE, want_range(low, high), "số trang", runs=field_runs)
            fx.ensure_runs("R4", [p], BOLD, want_value(False), "số trang", runs=field_runs)
            fx.ensure_runs("R4", [p], ITALIC, want_value(False), "số trang", runs=field_runs)


@fixer("R5")
def fix_appendix_numbering(fx: FixContext) -> None:
    headings = fx.layout.appendix_headings
    sig = fx.layout.signature
    previous = (sig.paragraphs[-1].section if sig is not None and sig.paragraphs else 0)
    for h in headings:
        if h.section == previous:
            fx.leave("R5", h, "phụ lục cùng phần (section) với nội dung trước: cần người chèn "
                     "ngắt phần (Layout → Breaks → Next Page) trước «Phụ lục»")
            previous = h.section
            continue
        s = fx.doc.sections[min(h.section, len(fx.doc.sections) - 1)]
        previous = h.section
        if s.page_start == 1 or s.el is None:
            continue
        num = child(s.el, "pgNumType", SECT_ORDER)
        num.set(w("start"), "1")
        fx.record("R5", h.loc.describe(), f"số trang phụ lục {s.page_start or 'nối tiếp'}",
                  "đánh số trang lại từ 1", part=fx.part_of(s.el))


# ------------------------------------------------------------------------------------ font

def _latin(ch: str) -> bool:
    return ord(ch) < 0x2E80


def _wrong_font_runs(fx: FixContext, p: Paragraph) -> list:
    out = []
    wanted = FONT.casefold()
    for run in p.visible_runs:
        props = fx.run_props(run.el, p)
        chars = [ch for ch in run.text if not ch.isspace() and _latin(ch)]
        if (any(ord(ch) < 128 for ch in chars) and props.font_ascii.casefold() != wanted) or \
                (any(ord(ch) >= 128 for ch in chars) and props.font_hansi.casefold() != wanted):
            out.append(run.el)
    return out


@fixer("R6")
def fix_font(fx: FixContext) -> None:
    paras = [p for p in fx.doc.all_paragraphs() if _wrong_font_runs(fx, p)]
    fx.ensure_runs("R6", paras, FONT_PROP, want_font, "phông chữ",
                   runs=lambda p: _wrong_font_runs(fx, p))


@fixer("R7")
def fix_colour(fx: FixContext) -> None:
    paras = list(fx.doc.all_paragraphs())
    coloured = [p for p in paras if any(want_black(fx.run_props(r.el, p).color) is not None
                                        for r in p.visible_runs)]
    fx.ensure_runs("R7", coloured, COLOUR, want_black, "màu chữ")
    marked = [p for p in paras if any(HIGHLIGHT.read(fx.run_props(r.el, p)) is not None
                                      for r in p.visible_runs)]
    fx.ensure_runs("R7", marked, HIGHLIGHT, want_none, "tô sáng/tô nền")
