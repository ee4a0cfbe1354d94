"""Sửa trang và phông chữ: paper, margins, page numbers (R1–R5), font and colour (R6–R7)."""

from __future__ import annotations

import copy
from typing import Final

from lxml import etree

from kehoach.checker import estimate
from kehoach.checker.document import Paragraph, Section
from kehoach.checker.legacy_fonts import legacy_advice, legacy_encoding
from kehoach.checker.report import num
from kehoach.checker.resolve import w
from kehoach.checker.rules import hp_range, limit, mm_tw
from kehoach.checker.rules_page import PAGE_NUMBER_CENTRE_TW
from kehoach.fixer.edit import (
    BOLD,
    COLOUR,
    FIRST_LINE,
    FONT_PROP,
    HIGHLIGHT,
    INDENTS,
    ITALIC,
    JC,
    SECT_ORDER,
    SIZE,
    FixContext,
    child,
    ppr_of,
    want_black,
    want_font,
    want_none,
    want_range,
    want_value,
)
from kehoach.fixer.fixes import fixer
from kehoach.fixer.report import MOVE, SECTION, TEXT
from kehoach.fixer.safety import has_revisions
from kehoach.fixer.safety import paragraph_text as safety_text
from kehoach.layout.profile import FONT, PAGE_HEIGHT_TW, PAGE_WIDTH_TW, RANGES
from kehoach.rendering.template_builder import PPR_ORDER

W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_TYPE: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/header"
HEADER_CT: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE: Final = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer"
FOOTER_CT: Final = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"


def _sect(s: Section) -> etree._Element | None:
    return s.el


@fixer("R1")
def fix_paper(fx: FixContext) -> None:
    wl, wh = limit("page_width_tw")
    hl, hh = limit("page_height_tw")
    for s in fx.doc.sections:
        el = _sect(s)
        if el is None:
            fx.leave("R1", f"phần {s.index + 1}", "phần không có thuộc tính trang (w:sectPr)")
            continue
        if s.width is None or s.height is None:
            # no paper declared: each program picks its own (Letter, often); A4 upright is
            # what the decree wants and changes no word
            size = child(el, "pgSz", SECT_ORDER)
            size.set(w("w"), str(PAGE_WIDTH_TW))
            size.set(w("h"), str(PAGE_HEIGHT_TW))
            size.attrib.pop(w("orient"), None)
            fx.record("R1", f"phần {s.index + 1} của văn bản", "không khai báo khổ giấy (w:pgSz)",
                      f"A4 dọc {PAGE_WIDTH_TW} × {PAGE_HEIGHT_TW} twip", part=fx.part_of(el))
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
                  f"khổ {s.width} × {s.height} twip ({num(s.width / 56.693, 0)} × "
                  f"{num(s.height / 56.693, 0)} mm)",
                  f"A4 {'ngang' if wide else 'dọc'} {width} × {height} twip",
                  part=fx.part_of(el))


#: How the decree's margins may sit on a page: as on the upright page, or, on a landscape
#: page, turned a quarter either way (the checker's readings, R2).
UPRIGHT: Final = {"top": "top", "bottom": "bottom", "left": "left", "right": "right"}
TURNED: Final = ({"top": "left", "bottom": "right", "left": "top", "right": "bottom"},
                 {"top": "right", "bottom": "left", "left": "bottom", "right": "top"})


@fixer("R2")
def fix_margins(fx: FixContext) -> None:
    """Each margin to the nearest value in the decree's range. A landscape page may carry the
    upright page's margins turned a quarter: it is left alone when one reading fits, else
    set to the reading that changes it least."""
    tol_low, tol_high = limit("margin_tolerance_tw")
    names = {"top": "trên", "bottom": "dưới", "left": "trái", "right": "phải"}

    def target(value: int | None, upright: str) -> int:
        low_mm, high_mm = RANGES[f"margin_{upright}_mm"]
        low, high = mm_tw(low_mm), mm_tw(high_mm)
        if value is not None and low + tol_low <= abs(value) <= high + tol_high:
            return abs(value)
        return low if value is None else min(max(abs(value), low), high)

    for s in fx.doc.sections:
        el = _sect(s)
        if el is None:
            continue
        readings = [UPRIGHT, *(TURNED if s.landscape else ())]
        plans = []
        for mapping in readings:
            plan = {side: target(s.margins[side], mapping[side]) for side in names}
            cost = sum(abs(plan[side] - abs(s.margins[side] or 0)) for side in names)
            missing = any(s.margins[side] is None for side in names)
            plans.append((cost + (1 if missing else 0), plan))
        cost, plan = min(plans, key=lambda c: c[0])
        if cost == 0:
            continue
        mar = child(el, "pgMar", SECT_ORDER)
        for side, name in names.items():
            value, new = s.margins[side], plan[side]
            if value is not None and abs(value) == new:
                continue
            mar.set(w(side), str(new))
            for attr, default in (("header", "709"), ("footer", "709"), ("gutter", "0")):
                if mar.get(w(attr)) is None:
                    mar.set(w(attr), default)
            before = "không khai báo" if value is None else f"{num(abs(value) / 56.693, 1)} mm"
            fx.record("R2", f"phần {s.index + 1} của văn bản", f"lề {name} {before}",
                      f"lề {name} {num(new / 56.693, 1)} mm ({new} twip)", part=fx.part_of(el))


# ------------------------------------------------------------------------------------ page numbers

def _page_paragraph(fx: FixContext) -> etree._Element:
    """A centred paragraph holding a PAGE field, as Word's Insert → Page Number writes it: in
    the document's header style when it has one (its size and font are then mended at the
    style's level, :func:`fix_page_numbers`), no indent, no space around it."""
    style = _style_named(fx, "header")
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    ppr = (f'<w:pPr>{style_xml}<w:spacing w:before="0" w:after="0"/>'
           '<w:ind w:left="0" w:right="0" w:firstLine="0"/><w:jc w:val="center"/></w:pPr>')
    xml = (f'<w:p xmlns:w="{W_NS}">{ppr}'
           '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
           '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
           '<w:r><w:t>2</w:t></w:r>'
           '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>')
    return etree.fromstring(xml)


def _style_named(fx: FixContext, name: str) -> str | None:
    """The id of the paragraph style Word names ``name`` (``header``, ``footer``)."""
    root = fx._styles_root
    if root is None:
        return None
    for el in root.findall(w("style")):
        label = el.find(w("name"))
        if el.get(w("type")) == "paragraph" and label is not None \
                and label.get(w("val"), "").casefold() == name:
            return el.get(w("styleId"))
    return None


def _new_header(fx: FixContext, content: list[etree._Element]) -> str:
    """A new header part holding ``content``; returns its relationship id."""
    return _new_part(fx, content, "hdr")


def _new_part(fx: FixContext, content: list[etree._Element], kind: str) -> str:
    """A new header (``hdr``) or footer (``ftr``) part holding ``content``; returns its
    relationship id."""
    root = etree.Element(f"{{{W_NS}}}{kind}", nsmap={"w": W_NS, "r": R_NS})
    for p in content:
        root.append(p)
    if not len(root):
        etree.SubElement(root, w("p"))
    word = "header" if kind == "hdr" else "footer"
    name = fx.package.unused_part_name(f"word/{word}{{}}.xml")
    fx.package.add_part(name, root, HEADER_CT if kind == "hdr" else FOOTER_CT)
    return fx.package.add_relationship(fx.package.main_part,
                                       HEADER_TYPE if kind == "hdr" else FOOTER_TYPE, name)


def _set_reference(sect: etree._Element, kind: str, rid: str,
                   tag: str = "headerReference") -> None:
    """Point ``sect``'s ``kind`` header (or footer: ``tag="footerReference"``) at ``rid``.
    The references come first in ``w:sectPr``, in any order among themselves."""
    for ref in sect.findall(w(tag)):
        if ref.get(w("type"), "default") == kind:
            ref.set(f"{{{R_NS}}}id", rid)
            return
    new = etree.Element(w(tag))
    new.set(w("type"), kind)
    new.set(f"{{{R_NS}}}id", rid)
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
        footer = s.footers.get("default")
        if footer and not s.footers.get("first") and _has_text(fx.doc.parts.get(footer, [])):
            # page 1 keeps the footer's other lines (Word shows none on a "different first
            # page" without a first-page footer)
            kept = [copy.deepcopy(p.el) for p in fx.doc.parts.get(footer, [])
                    if p.cell is None and not _contains_field(p.el)]
            if kept:
                _set_reference(sect, "first", _new_part(fx, kept, "ftr"), "footerReference")
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
    if _move_footer_numbers(fx):
        return  # the next round reads the headers afresh
    low, high = hp_range("size_page_number")
    seen: set[str] = set()
    for s in fx.doc.sections:
        header, footer = s.headers.get("default"), s.footers.get("default")
        header_paras = fx.doc.parts.get(header, []) if header else []
        footer_paras = fx.doc.parts.get(footer, []) if footer else []
        numbered = [p for p in header_paras if p.has_page_field]
        if _has_page(footer_paras) and not numbered:
            continue  # left by _move_footer_numbers, with its reason
        if not numbered:
            if _has_text(header_paras) or any(p.el.find(f".//{w('drawing')}") is not None
                                               for p in header_paras):
                fx.leave("R4", f"phần {s.index + 1}: đầu trang", "đầu trang đã có nội dung "
                         "khác: cần người thêm số trang")
                continue
            sect = _sect(s)
            if sect is None:
                continue
            rid = _new_header(fx, [_page_paragraph(fx)])
            _set_reference(sect, "default", rid)
            fx.record("R4", f"phần {s.index + 1} của văn bản", "không có số trang",
                      "số trang (trường PAGE) giữa đầu trang", part=fx.part_of(sect))
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
                return [r.el for f in para.page_fields for r in (f.runs or f.code)]

            fx.ensure_paragraphs("R4", [p], JC, want_value("center"), "số trang", style=False)
            extent = estimate.first_line_extent(fx.doc, p, width=s.text_width_tw)
            if abs(extent.offset_from_centre) > PAGE_NUMBER_CENTRE_TW and "\t" not in p.raw_text:
                fx.ensure_paragraphs("R4", [p], INDENTS, lambda v: None if v == (0, 0) else (0, 0),
                                     "số trang", style=False)
                fx.ensure_paragraphs("R4", [p], FIRST_LINE, want_value(0), "số trang",
                                     style=False)
            fx.ensure_runs("R4", [p], SIZE, want_range(low, high), "số trang", runs=field_runs)
            fx.ensure_runs("R4", [p], BOLD, want_value(False), "số trang", runs=field_runs)
            fx.ensure_runs("R4", [p], ITALIC, want_value(False), "số trang", runs=field_runs)


def _only_the_number(p: Paragraph) -> bool:
    """Whether a footer paragraph prints its page number and nothing else (blanks and tabs
    aside): a "Trang 2/5" or a line of text beside the number is not moved."""
    inside = {id(r.el) for f in p.page_fields for r in (*f.runs, *f.code)}
    return len(p.page_fields) == 1 and len(p.fields) == 1 and \
        all(id(r.el) in inside for r in p.visible_runs)


def _move_footer_numbers(fx: FixContext) -> bool:
    """Page numbers set in the footer go up to the header (Phụ lục I, I.7: "trong phần lề
    trên"): the footer's paragraph holding only the PAGE field moves, whole, to the header of
    the same sections (a new header when they have none; an empty one is replaced); the
    footer keeps an empty paragraph. True when something moved."""
    groups: dict[tuple[str, str], list[Section]] = {}
    kinds = ("default", "even") if fx.doc.even_and_odd_headers else ("default",)
    for s in fx.doc.sections:
        for kind in kinds:
            footer = s.footers.get(kind)
            if footer and _has_page(fx.doc.parts.get(footer, [])):
                groups.setdefault((kind, footer), []).append(s)
    moved = False
    used: set[str | None] = set()
    for (kind, footer), sections in groups.items():
        where = f"chân trang ({footer.rsplit('/', 1)[-1]})"
        paras = [p for p in fx.doc.parts.get(footer, []) if p.has_page_field]
        p = paras[0]
        root = fx.package.xml(footer)
        if len(paras) > 1 or not _only_the_number(p) or p.el.getparent() is not root \
                or not fx.editable(p, "R4"):
            fx.leave("R4", where, "số trang ở chân trang, cùng dòng với chữ khác hoặc trong "
                                  "bảng, khung: cần người chuyển số trang lên đầu trang")
            continue
        headers = {s.headers.get(kind) for s in sections}
        header = next(iter(headers))
        if len(headers) > 1 or header in used:
            fx.leave("R4", where, "các phần dùng chung chân trang nhưng khác đầu trang: cần "
                                  "người chuyển số trang lên đầu trang")
            continue
        header_paras = fx.doc.parts.get(header, []) if header else []
        if _has_text(header_paras) or any(_has_shape(q.el) for q in header_paras):
            fx.leave("R4", where, "số trang ở chân trang, đầu trang đã có nội dung khác: cần "
                                  "người chuyển số trang lên đầu trang")
            continue
        used.add(header)
        el = p.el
        text = safety_text(el)
        footer_id, header_id = _style_named(fx, "footer"), _style_named(fx, "header")
        style = el.find(f"{w('pPr')}/{w('pStyle')}")
        keep = etree.Element(w("p"))
        if el.find(w("pPr")) is not None:
            keep.append(copy.deepcopy(el.find(w("pPr"))))
        el.addprevious(keep)  # the footer keeps its height, less the number
        root.remove(el)
        if style is not None and footer_id and header_id and style.get(w("val")) == footer_id:
            style.set(w("val"), header_id)
        if header:
            target = fx.package.xml(header)
            for q in list(target):
                if q.tag == w("p") and not safety_text(q).strip() and not _has_shape(q):
                    target.remove(q)
            target.insert(0, el)
            part = header
        else:
            rid = _new_header(fx, [el])
            part = fx.package.target(fx.package.main_part, rid) or ""
            for s in sections:
                if s.el is not None:
                    _set_reference(s.el, kind, rid)
        fx.dirty()
        moved = True
        fx.record("R4", where, "số trang ở chân trang (lề dưới)",
                  "chuyển lên đầu trang (lề trên), căn giữa", kind=MOVE, part=footer,
                  target=part, moved=(text,))
    return moved


def _has_shape(el: etree._Element) -> bool:
    return any(True for _ in el.iter(w("drawing"), w("pict"), w("object")))


@fixer("R5")
def fix_appendix_numbering(fx: FixContext) -> None:
    """Each appendix in a section of its own, its pages numbered from 1 (Phụ lục I, III.1.đ).

    An appendix that shares the section of what precedes it gets a section break before its
    heading ("Next Page", as Layout → Breaks → Next Page in Word): in the empty paragraph
    before it (whose page break, if any, the section break replaces: both would leave a
    blank page), else at the end of the paragraph before it, else in a new empty paragraph.
    The new section keeps the page setup, headers and footers of the one it was cut from."""
    headings = fx.layout.appendix_headings
    previous = _last_section_before(fx)
    shared = []
    for h in headings:
        if h.section == previous:
            shared.append(h)
        previous = h.section
    body = fx.package.document.find(w("body"))
    for h in reversed(shared):  # from the end: each copies the section setup that follows it
        el = h.origin.el
        if el.getparent() is not body or not fx.editable(h.origin, "R5"):
            fx.leave("R5", h, "«Phụ lục» nằm trong bảng hoặc khung: cần người chèn ngắt phần "
                              "(Layout → Breaks → Next Page) trước «Phụ lục»")
            continue
        setup = _next_sect(el, body)
        if setup is None:
            continue
        holder = _section_holder(fx, el)
        _drop_leading_page_breaks(fx, h)
        ppr = ppr_of(holder)
        ppr.append(copy.deepcopy(setup))
        _order(ppr)
        fx.dirty()
        fx.record("R5", h.loc.describe(), "phụ lục cùng phần (section) với nội dung trước nó",
                  "ngắt phần (sang trang mới) trước «Phụ lục»: phụ lục là một phần riêng",
                  kind=SECTION, part=fx.part_of(body))
    for h in headings:
        if h in shared:
            continue
        s = fx.doc.sections[min(h.section, len(fx.doc.sections) - 1)]
        if s.page_start == 1 or s.el is None:
            continue
        num = child(s.el, "pgNumType", SECT_ORDER)
        num.set(w("start"), "1")
        for kind in s.el.findall(w("type")):
            if kind.get(w("val")) in ("continuous", "nextColumn"):
                s.el.remove(kind)  # an appendix starts on a page of its own
        fx.dirty()
        fx.record("R5", h.loc.describe(), f"số trang phụ lục {s.page_start or 'nối tiếp'}",
                  "đánh số trang lại từ 1", part=fx.part_of(s.el))


def _last_section_before(fx: FixContext) -> int:
    sig = fx.layout.signature
    if sig is not None and sig.paragraphs:
        return sig.paragraphs[-1].section
    body = [b for b in fx.layout.body if isinstance(b, Paragraph)]
    return body[-1].section if body else 0


def _next_sect(el: etree._Element, body: etree._Element) -> etree._Element | None:
    """The section properties of the section ``el`` (a child of the body) belongs to."""
    node = el
    while node is not None:
        if node.tag == w("p"):
            sect = node.find(f"{w('pPr')}/{w('sectPr')}")
            if sect is not None:
                return sect
        node = node.getnext()
    return body.find(w("sectPr"))


def _is_blank(p: etree._Element) -> bool:
    """A paragraph that prints nothing: no text, no drawing, no field, maybe page breaks."""
    if p.tag != w("p") or p.find(f"{w('pPr')}/{w('sectPr')}") is not None:
        return False
    if any(True for _ in p.iter(w("t"), w("drawing"), w("pict"), w("object"), w("fldChar"),
                               w("fldSimple"), w("tab"), w("sym"), w("footnoteReference"))):
        return False
    return not any(br.get(w("type"), "textWrapping") != "page" for br in p.iter(w("br")))


def _section_holder(fx: FixContext, heading: etree._Element) -> etree._Element:
    """The paragraph whose mark will hold the section break before ``heading``."""
    prev = heading.getprevious()
    if prev is not None and prev.tag == w("p") and _is_blank(prev) and not has_revisions(prev):
        for br in list(prev.iter(w("br"))):  # a page break, and a section break: a blank page
            run = br.getparent()
            run.remove(br)
            fx.record("R5", "đoạn trống trước «Phụ lục»", "ngắt trang", "thay bằng ngắt phần",
                      part=fx.part_of(heading))
        return prev
    if prev is not None and prev.tag == w("p") and \
            prev.find(f"{w('pPr')}/{w('sectPr')}") is None and not has_revisions(prev):
        _drop_trailing_page_break(fx, prev)
        return prev
    new = etree.Element(w("p"))
    heading.addprevious(new)
    return new


def _drop_trailing_page_break(fx: FixContext, p: etree._Element) -> None:
    """A page break that ends the paragraph before the heading (its last content)."""
    runs = [r for r in p.iter(w("r")) if any(c.tag != w("rPr") for c in r)]
    if not runs:
        return
    last = [c for c in runs[-1] if c.tag not in (w("rPr"), w("lastRenderedPageBreak"))]
    if last and last[-1].tag == w("br") and last[-1].get(w("type")) == "page":
        runs[-1].remove(last[-1])
        text = safety_text(p)
        fx.record("R5", f"«{text[:40]}»", "ngắt trang cuối đoạn", "thay bằng ngắt phần",
                  kind=TEXT, form="page_break", part=fx.part_of(p))


def _drop_leading_page_breaks(fx: FixContext, h: Paragraph) -> None:
    """Page breaks typed before the heading's words in its own paragraph."""
    el = h.origin.el
    for r in el.iter(w("r")):
        content = [c for c in r if c.tag not in (w("rPr"), w("lastRenderedPageBreak"))]
        if any(c.tag != w("br") or c.get(w("type")) != "page" for c in content):
            if any(c.tag == w("t") and (c.text or "").strip() for c in content):
                return
            continue
        for c in content:
            r.remove(c)
        fx.record("R5", h.loc.describe(), "ngắt trang đầu dòng «Phụ lục»", "thay bằng ngắt phần",
                  kind=TEXT, form="page_break", part=fx.part_of(el))


def _order(ppr: etree._Element) -> None:
    rank = {name: i for i, name in enumerate(PPR_ORDER)}
    ordered = sorted(ppr, key=lambda e: rank.get(etree.QName(e).localname, len(rank))
                     if isinstance(e.tag, str) else len(rank))
    for el in ordered:
        ppr.append(el)


# ------------------------------------------------------------------------------------ font

def _latin(ch: str) -> bool:
    return ord(ch) < 0x2E80


def _wrong_font_runs(fx: FixContext, p: Paragraph, *, note: bool = False) -> list:
    """The runs of ``p`` whose letters are not in Times New Roman, but for those in a legacy
    or symbol font (:mod:`kehoach.checker.legacy_fonts`): their characters are not the letters
    they show, and a new font would garble them. Those are left for a person (``note``: say
    so)."""
    out = []
    wanted = FONT.casefold()
    for run in p.visible_runs:
        props = fx.run_props(run.el, p)
        chars = [ch for ch in run.text if not ch.isspace() and _latin(ch)]
        fonts = ([props.font_ascii] if any(ord(ch) < 128 for ch in chars) else []) + \
            ([props.font_hansi] if any(ord(ch) >= 128 for ch in chars) else [])
        if all(f.casefold() == wanted for f in fonts):
            continue
        legacy = next((f for f in (props.font_ascii, props.font_hansi) if legacy_encoding(f)),
                      None)
        if legacy is not None:
            if note:
                fx.leave("R6", p, legacy_advice(legacy))
            continue
        out.append(run.el)
    return out


@fixer("R6")
def fix_font(fx: FixContext) -> None:
    paras = [p for p in fx.doc.all_paragraphs() if _wrong_font_runs(fx, p, note=True)]
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
