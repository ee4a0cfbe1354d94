"""Sửa phần đầu văn bản: Quốc hiệu, Tiêu ngữ, cơ quan, số, ngày (R9–R16), tên loại và trích
yếu (R19–R21), and the three short lines under the issuer, the Tiêu ngữ and the trích yếu."""

from __future__ import annotations

import re
from typing import Final

from lxml import etree

from kehoach.checker import estimate
from kehoach.checker.doctype import by_code, by_title
from kehoach.checker.doctype import type_code as type_code_of
from kehoach.checker.document import Paragraph
from kehoach.checker.layout import Line, available_width, line_under
from kehoach.checker.report import num
from kehoach.checker.resolve import w
from kehoach.checker.rules import hp_range, is_upper, limit
from kehoach.checker.rules_header import (
    LETTER_SUBJECT_GAP_TW,
    LETTER_SUBJECT_PT,
    NATIONAL_TITLES,
    TYPE_CODES,
    date_paragraph,
    issuer_lines,
    motto,
    national_title,
    number_paragraph,
)
from kehoach.fixer.casing import recase
from kehoach.fixer.edit import (
    BEFORE,
    BOLD,
    INDENTS,
    ITALIC,
    JC,
    LINE,
    SIZE,
    FixContext,
    child,
    ppr_of,
    want_range,
    want_value,
)
from kehoach.fixer.fixes import fixer
from kehoach.fixer.forms import FORMS
from kehoach.fixer.forms import type_code as forms_type_code
from kehoach.layout.metrics import text_width_tw
from kehoach.layout.profile import DEFAULT_PROFILE, MOTTO
from kehoach.model import decree
from kehoach.rendering.template_builder import PPR_ORDER

WP_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
V_NS: Final = "urn:schemas-microsoft-com:vml"
O_NS: Final = "urn:schemas-microsoft-com:office:office"
MC_NS: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
EMU_PER_TW: Final = 635


def size_want(key: str):
    low, high = hp_range(key)
    return want_range(low, high)


def centre(fx: FixContext, rule: str, paras: list[Paragraph], what: str) -> None:
    """Centre ``paras``, except a line pushed to the middle with leading spaces (centring it
    would push it off the middle: the spaces are words a fixer does not remove)."""
    ok = []
    for p in paras:
        if p.raw_text[:1].isspace() and fx.para_props(p).jc != "center":
            fx.leave(rule, p, "dòng được đẩy vào giữa bằng dấu cách: cần người xóa dấu cách "
                              "rồi căn giữa")
            continue
        ok.append(p)
    fx.ensure_paragraphs(rule, ok, JC, want_value("center"), what)


def style_block(fx: FixContext, rule: str, paras: list[Paragraph], what: str, *,
                size_key: str, bold: bool | None, italic: bool | None,
                centred: bool = True) -> None:
    paras = [p for p in paras if p is not None and not p.empty]
    if not paras:
        return
    if centred:
        centre(fx, rule, paras, what)
    if bold is not None:
        fx.ensure_runs(rule, paras, BOLD, want_value(bold), what)
    if italic is not None:
        fx.ensure_runs(rule, paras, ITALIC, want_value(italic), what)
    fx.ensure_runs(rule, paras, SIZE, size_want(size_key), what)


def is_motto(p: Paragraph) -> bool:
    """Whether ``p`` holds the Tiêu ngữ, whatever its dashes and spaces."""
    form = FORMS["motto"]
    return form.canon(p.text) == form.canon(MOTTO)


@fixer("R9")
def fix_national_title(fx: FixContext) -> None:
    p = national_title(fx.ctx)
    if p is None or p.text not in NATIONAL_TITLES:
        return
    style_block(fx, "R9", [p], "Quốc hiệu", size_key="size_national_title", bold=True,
                italic=False)


@fixer("R10")
def fix_motto(fx: FixContext) -> None:
    p = motto(fx.ctx)
    if p is None or p.empty or not is_motto(p):
        return  # not the Tiêu ngữ (it may share the Quốc hiệu's paragraph): leave it
    fx.fix_text("R10", p, "motto")
    style_block(fx, "R10", [p], "Tiêu ngữ", size_key="size_motto", bold=True, italic=False)
    fx.ensure_paragraphs("R10", [p], LINE, lambda v: None if v == (240, "auto") else (240, "auto"),
                         "Tiêu ngữ", style=False)


@fixer("R12")
def fix_issuer(fx: FixContext) -> None:
    if fx.layout.header is None:
        return
    parent, issuer = issuer_lines(fx.ctx)
    style_block(fx, "R12", parent, "tên cơ quan chủ quản", size_key="size_issuer", bold=False,
                italic=None)
    style_block(fx, "R12", issuer, "tên cơ quan", size_key="size_issuer", bold=True,
                italic=False)


@fixer("R14")
def fix_number(fx: FixContext) -> None:
    if fx.layout.header is None:
        return
    p = number_paragraph(fx.ctx)
    if p is None:
        return
    if re.search(r"\d", p.text.split("/")[0]):
        fx.fix_text("R14", p, "number")
    style_block(fx, "R14", [p], "số, ký hiệu", size_key="size_number", bold=False, italic=False)


@fixer("R16")
def fix_date(fx: FixContext) -> None:
    if fx.layout.header is None:
        return
    p = date_paragraph(fx.ctx)
    if p is None:
        return
    fx.fix_text("R16", p, "date")
    style_block(fx, "R16", [p], "địa danh, ngày tháng", size_key="size_place_date", bold=False,
                italic=True)


def _typed_title(fx: FixContext) -> Paragraph | None:
    """The tên loại, when it is one of Phụ lục III's (a công văn has none: its first line
    after the header is «Kính gửi», which must not be set as a title)."""
    title = fx.layout.title
    if title is None or title.text not in TYPE_CODES:
        return None
    return title


@fixer("R19")
def fix_title(fx: FixContext) -> None:
    title = _typed_title(fx)
    if title is not None:
        style_block(fx, "R19", [title], "tên loại", size_key="size_title", bold=True,
                    italic=False)


@fixer("R20")
def fix_subject(fx: FixContext) -> None:
    if fx.ctx.doctype.key == "CV":
        _fix_letter_subject(fx)
        return
    if _typed_title(fx) is None:
        return
    subject = [p for p in fx.layout.subject if not p.empty]
    text = " ".join(p.text for p in subject)
    if subject and (is_upper(text) or not any(ch.islower() for ch in text)
                    or decree.subject_problem(text)):
        _recase_subject(fx, subject)
    style_block(fx, "R20", fx.layout.subject, "trích yếu", size_key="size_title", bold=True,
                italic=False)


def _recase_subject(fx: FixContext, subject: list[Paragraph]) -> None:
    """A trích yếu in capitals, in lower case with the capitals the document itself gives
    each word (:func:`kehoach.fixer.casing.recase`); a first letter in lower case, capitalised."""
    skip = {id(p.origin) for p in subject} | {id(fx.layout.title.origin)}  # type: ignore[union-attr]
    sources = [p.text for p in fx.doc.all_paragraphs() if id(p.origin) not in skip]
    texts = [p.text for p in subject]
    fixed = recase(texts, sources)
    if fixed is None:
        fx.leave("R20", subject[0], "trích yếu in hoa: văn bản không cho biết chữ nào là tên "
                                    "riêng (viết hoa) ở mọi từ, cần người gõ lại")
        return
    for p, new in zip(subject, fixed):
        if new != p.text:
            fx.fix_text("R20", p, "subject_case",
                        make=lambda raw, new=new: _keep_blanks(raw, new))


def _keep_blanks(raw: str, new: str) -> str | None:
    """``new`` (the cleaned text) with the blanks around ``raw`` kept."""
    lead = raw[:len(raw) - len(raw.lstrip())]
    trail = raw[len(raw.rstrip()):]
    core = raw.strip().replace("\u00a0", " ")
    if core.casefold() != new.casefold() or len(core) != len(new):
        return None
    # keep non-breaking spaces where they were
    out = "".join(n if r != "\u00a0" else r for r, n in zip(raw.strip(), new))
    return lead + out + trail


def _fix_letter_subject(fx: FixContext) -> None:
    """A Công văn's «V/v …» (Phụ lục I, II.5.b, annex line 48): 12–13 pt, upright, not bold,
    centred under the Số, 6 pt below it. Capitals are left to a person (rewording)."""
    lines = [p for p in fx.layout.subject_vv if not p.empty]
    if not lines:
        return
    low, high = (round(v * 2) for v in LETTER_SUBJECT_PT)
    centre(fx, "R20", lines, "trích yếu")
    fx.ensure_runs("R20", lines, ITALIC, want_value(False), "trích yếu")
    fx.ensure_runs("R20", lines, BOLD, want_value(False), "trích yếu")
    fx.ensure_runs("R20", lines, SIZE, want_range(low, high), "trích yếu")
    number = number_paragraph(fx.ctx)
    first = lines[0]
    if number is None or first.cell is None or number.cell is None \
            or number.cell.col != first.cell.col or first.origin is number.origin:
        return
    column = fx.layout.left
    if number not in column or first not in column:
        return
    i, j = column.index(number), column.index(first)
    if j <= i:
        return
    gap = number.origin.props.after + first.origin.props.before + sum(
        estimate.line_height_tw(p) + (p.props.before + p.props.after if p.whole is None else 0)
        for p in column[i + 1:j])
    if gap >= LETTER_SUBJECT_GAP_TW:
        return
    need = first.origin.props.before + (LETTER_SUBJECT_GAP_TW - gap)
    need = max(need, 120 - number.origin.props.after)  # 6 pt in all, as the decree's sample
    fx.ensure_paragraphs("R20", [first.origin], BEFORE,
                         lambda v: None if v >= need else round(need),
                         "trích yếu cách số, ký hiệu", style=False)


@fixer("R15")
def fix_type_code(fx: FixContext) -> None:
    """The tên loại's abbreviation in the ký hiệu (Phụ lục III: ``KẾ HOẠCH`` ↔ ``KH``), when
    the ký hiệu carries another kind's abbreviation and nothing in the document points to that
    other kind (a copy of another document's number, most likely)."""
    p = number_paragraph(fx.ctx) if fx.layout.header is not None else None
    kind = fx.ctx.doctype
    if p is None or kind.code is None or fx.layout.title is None:
        return
    code = type_code_of(p.text) or ""
    if code == kind.code:
        return
    other = by_code(code)
    reason = None
    if other is None:
        reason = (f"ký hiệu «{code}» không phải chữ viết tắt tên loại nào: thêm «{kind.code}» "
                  "là thêm chữ, cần người sửa")
    elif by_title(fx.layout.title.text) is not kind:
        reason = "tên loại không rõ: cần người chọn giữa tên loại và ký hiệu"
    elif other.enacting and fx.layout.enacting is not None:
        reason = f"văn bản có dòng «{other.enacting}»: có thể tên loại sai, cần người xem"
    else:
        # the number of another document (a plan issued with a decision: "Ban hành kèm theo
        # Quyết định số 05/QĐ-UBND"): its number, or "kèm theo <that kind>", found elsewhere
        m = re.search(r"(\d+)\s*/\s*(\S+)", p.text)
        number = f"{m.group(1)}/{m.group(2)}" if m else None
        attached = re.compile(rf"kèm theo\s+{re.escape(other.name)}", re.IGNORECASE)
        mentions = [q for q in fx.doc.all_paragraphs() if q.origin.el is not p.origin.el
                    and ((number and number in q.text.replace(" ", "")) or attached.search(q.text))]
        if mentions:
            reason = (f"văn bản nhắc đến số này hoặc «kèm theo {other.name.lower()}» ở chỗ khác "
                      f"({mentions[0].loc.describe()}): có thể là số của văn bản khác, cần "
                      "người xem")
    if reason is not None:
        fx.leave("R15", p, reason)
        return
    fx.fix_text("R15", p, "type_code", make=lambda text: forms_type_code(text, kind.code))


@fixer("R45")
def fix_address(fx: FixContext) -> None:
    lines = fx.layout.address
    if not lines:
        return
    head = lines[0]
    if re.match(r"^Kính gửi\s*:", head.text) is None:
        fx.fix_text("R45", head, "address")
    low, high = hp_range("size_body")
    fx.ensure_runs("R45", lines, SIZE, want_range(low, high), "«Kính gửi»")
    fx.ensure_runs("R45", lines, ITALIC, want_value(False), "«Kính gửi»")


# ------------------------------------------------------------------------------------ lines

def _text_width(p: Paragraph) -> float:
    run = p.visible_runs[0].props if p.visible_runs else p.mark
    return text_width_tw(p.text, run.size_pt, bold=run.bold, italic=run.italic)


def _has_shapes(paras: list[Paragraph]) -> bool:
    for p in paras:
        if p.el.find(f".//{{{WP_NS}}}extent") is not None or \
                p.el.find(f".//{{{V_NS}}}line") is not None or \
                p.el.find(f".//{{{V_NS}}}shape") is not None:
            return True
    return False


def _border_xml(ppr: etree._Element) -> None:
    bdr = child(ppr, "pBdr", PPR_ORDER)
    for el in list(bdr):
        if el.tag == w("bottom"):
            bdr.remove(el)
    bottom = etree.SubElement(bdr, w("bottom"))
    for k, v in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        bottom.set(w(k), v)
    order = ("top", "left", "start", "bottom", "right", "end", "between", "bar")
    for el in sorted(bdr, key=lambda e: order.index(etree.QName(e).localname)
                     if etree.QName(e).localname in order else 99):
        bdr.append(el)


def _rule_paragraph(after: Paragraph, indent: int) -> etree._Element:
    """An empty paragraph drawing a centred line: a bottom border, its length set by indents."""
    p = etree.Element(w("p"))
    ppr = etree.SubElement(p, w("pPr"))
    style = after.el.find(f"{w('pPr')}/{w('pStyle')}")
    if style is not None:
        etree.SubElement(ppr, w("pStyle")).set(w("val"), style.get(w("val")))
    _border_xml(ppr)
    spacing = child(ppr, "spacing", PPR_ORDER)
    for k, v in (("before", "0"), ("after", "0"), ("line", "80"), ("lineRule", "exact")):
        spacing.set(w(k), v)
    ind = child(ppr, "ind", PPR_ORDER)
    ind.set(w("left"), str(indent))
    ind.set(w("right"), str(indent))
    ind.set(w("firstLine"), "0")
    child(ppr, "jc", PPR_ORDER).set(w("val"), "center")
    rpr = child(ppr, "rPr", PPR_ORDER)
    etree.SubElement(rpr, w("sz")).set(w("val"), "2")
    return p


def fix_line(fx: FixContext, rule: str, text_paras: list[Paragraph], following: Paragraph | None,
             area: list[Paragraph], ratio: float, what: str) -> None:
    """Make the line under ``text_paras`` ``ratio`` times as long as their text, centred."""
    if not text_paras:
        return
    last = text_paras[-1]
    width = max(min(_text_width(p), available_width(fx.doc, p)) for p in text_paras)
    target = round(width * ratio)
    line = line_under(fx.doc, text_paras, following)
    if line is None:
        if _has_shapes(area):
            fx.leave(rule, last, f"có hình vẽ gần {what} mà không nhận ra là đường kẻ: cần "
                                 "người xem")
            return
        avail = available_width(fx.doc, last)
        indent = max(0, (avail - target) // 2)
        if not fx.editable(last, rule):
            return
        if following is not None and following.empty and not _has_shapes([following]) \
                and not following.props.borders and fx.editable(following, rule):
            ppr = ppr_of(following.el)
            _border_xml(ppr)
            fx.ensure_paragraphs(rule, [following], INDENTS,
                                 lambda v: None if v == (indent, indent) else (indent, indent),
                                 f"đường kẻ dưới {what}", style=False)
        else:
            last.el.addnext(_rule_paragraph(last, indent))
        fx.dirty()
        fx.record(rule, last.loc.describe(), f"không có đường kẻ dưới {what}",
                  f"nét liền dài {num(target / 567, 2)} cm, căn giữa",
                  part=fx.part_of(last.el))
        return
    low, high = limit("motto_rule_ratio" if rule == "R11" else "short_rule_ratio")
    current = line.length_tw / width if width else 0
    if low <= current <= high and line.centred is not False and ":" not in line.kind:
        return
    if line.kind.startswith("border"):
        _fix_border_line(fx, rule, line, text_paras, target, what)
    elif line.kind == "drawing":
        _fix_drawn_line(fx, rule, line, target, what)
    else:
        fx.leave(rule, line.holder, f"đường kẻ dưới {what} là gạch chân chữ: cần người vẽ lại")


def _fix_border_line(fx: FixContext, rule: str, line: Line, text_paras: list[Paragraph],
                     target: int, what: str) -> None:
    holder = line.holder
    if not fx.editable(holder, rule):
        return
    avail = available_width(fx.doc, holder)
    indent = max(0, (avail - target) // 2)
    if holder in text_paras:
        # the border under the text's own paragraph: its indents narrow the text too, so
        # only a line at least as long as the text may be set this way
        need = max(_text_width(p) for p in text_paras)
        if target < need * 1.02:
            fx.leave(rule, holder, f"đường kẻ dưới {what} là viền dưới của chính dòng chữ: "
                                   "rút ngắn sẽ làm dòng chữ xuống hàng, cần người vẽ lại")
            return
    if ":" in line.kind:
        _border_xml(ppr_of(holder.el))
        fx.dirty()
    fx.ensure_paragraphs(rule, [holder], INDENTS,
                         lambda v: None if v == (indent, indent) else (indent, indent),
                         f"đường kẻ dưới {what}", style=False)


def _fix_drawn_line(fx: FixContext, rule: str, line: Line, target: int, what: str) -> None:
    """Shorten or lengthen a drawn line about its middle (DrawingML, and its VML fallback)."""
    holder = line.holder
    if not fx.editable(holder, rule):
        return
    drawings = [d for d in holder.el.iter(f"{{{WP_NS}}}anchor", f"{{{WP_NS}}}inline")
                if not any(a.tag == f"{{{MC_NS}}}Fallback" for a in d.iterancestors())]
    thin = []
    for d in drawings:
        ext = d.find(f"{{{WP_NS}}}extent")
        if ext is None:
            continue
        cx, cy = int(ext.get("cx", "0")), int(ext.get("cy", "0"))
        if cx and cy <= cx // 20:
            thin.append((d, ext, cx))
    if len(thin) != 1:
        fx.leave(rule, holder, f"đường kẻ dưới {what} là hình vẽ khó nhận ra: cần người vẽ lại")
        return
    drawing, ext, old = thin[0]
    new = target * EMU_PER_TW
    delta = old - new
    ext.set("cx", str(new))
    for a_ext in drawing.iter(f"{{{A_NS}}}ext"):
        if a_ext.get("cx") is not None:
            a_ext.set("cx", str(new))
    pos = drawing.find(f"{{{WP_NS}}}positionH/{{{WP_NS}}}posOffset")
    if pos is not None and pos.text and pos.text.strip().lstrip("-").isdigit():
        pos.text = str(int(pos.text) + delta // 2)
    fallback = _fallback_of(drawing)
    if fallback is not None and not _shift_vml(fallback, delta / 12700):
        fx.leave(rule, holder, f"bản dự phòng VML của đường kẻ dưới {what} (cho Word cũ) "
                               "không sửa được: Word 2010 trở đi dùng bản đã sửa")
    fx.dirty()
    fx.record(rule, holder.loc.describe(),
              f"đường kẻ dưới {what} dài {num(old / EMU_PER_TW / 567, 2)} cm",
              f"dài {num(new / EMU_PER_TW / 567, 2)} cm, giữ nguyên tâm",
              part=fx.part_of(holder.el))


def _fallback_of(drawing: etree._Element) -> etree._Element | None:
    for anc in drawing.iterancestors():
        if anc.tag == f"{{{MC_NS}}}AlternateContent":
            return anc.find(f"{{{MC_NS}}}Fallback")
    return None


def _shift_vml(fallback: etree._Element, delta_pt: float) -> bool:
    """Shorten a VML line by ``delta_pt`` about its middle; False when it cannot."""
    done = False
    for line in fallback.iter(f"{{{V_NS}}}line"):
        start, end = line.get("from", ""), line.get("to", "")
        m1 = re.match(r"^(-?[\d.]+)pt,(.*)$", start)
        m2 = re.match(r"^(-?[\d.]+)pt,(.*)$", end)
        if not (m1 and m2):
            return False
        x1, x2 = float(m1.group(1)), float(m2.group(1))
        sign = 1 if x2 >= x1 else -1
        x1 += sign * delta_pt / 2
        x2 -= sign * delta_pt / 2
        line.set("from", f"{x1:g}pt,{m1.group(2)}")
        line.set("to", f"{x2:g}pt,{m2.group(2)}")
        line.attrib.pop(f"{{{O_NS}}}gfxdata", None)
        done = True
    for shape in fallback.iter(f"{{{V_NS}}}shape"):
        style = shape.get("style", "")
        width = re.search(r"width:(-?[\d.]+)pt", style)
        left = re.search(r"margin-left:(-?[\d.]+)pt", style)
        if not width:
            return False
        new_style = style.replace(width.group(0), f"width:{float(width.group(1)) - delta_pt:g}pt")
        if left:
            new_style = new_style.replace(
                left.group(0), f"margin-left:{float(left.group(1)) + delta_pt / 2:g}pt")
        shape.set("style", new_style)
        shape.attrib.pop(f"{{{O_NS}}}gfxdata", None)
        done = True
    return done


def _next(paras: list[Paragraph], p: Paragraph) -> Paragraph | None:
    i = paras.index(p)
    return paras[i + 1] if i + 1 < len(paras) else None


@fixer("R11")
def fix_motto_line(fx: FixContext) -> None:
    p = motto(fx.ctx)
    if p is None or p.empty or fx.layout.header is None or not is_motto(p):
        return
    fx_ratio = 1.05
    fix_line(fx, "R11", [p], _next(fx.layout.right, p), fx.layout.right, fx_ratio, "Tiêu ngữ")


@fixer("R13")
def fix_issuer_line(fx: FixContext) -> None:
    if fx.layout.header is None:
        return
    _, issuer = issuer_lines(fx.ctx)
    if not issuer:
        return
    fix_line(fx, "R13", issuer, _next(fx.layout.left, issuer[-1]), fx.layout.left,
             DEFAULT_PROFILE.issuer_rule_ratio, "tên cơ quan")


@fixer("R21")
def fix_subject_line(fx: FixContext) -> None:
    if _typed_title(fx) is None or not fx.layout.subject:
        return
    blocks = fx.doc.blocks
    last = fx.layout.subject[-1]
    i = blocks.index(last)
    following = blocks[i + 1] if i + 1 < len(blocks) else None
    area = [b for b in blocks[max(0, i - 4): i + 3] if isinstance(b, Paragraph)]
    fix_line(fx, "R21", fx.layout.subject,
             following if isinstance(following, Paragraph) else None, area,
             DEFAULT_PROFILE.title_rule_ratio, "trích yếu")
