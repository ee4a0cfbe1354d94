"""Sửa những gì in ra: the Số level with the date (P4), a number on every page from page 2
(P6), text inside the margins (P9), as far as the file shows them (:mod:`kehoach.checker.printed`).

These rules are judged on the printed page; without a PDF the checker reports what the file
shows for certain, and so does the fixer: it changes the spacing, the indents, the section
setting or the table widths that put the text there, never the text.
"""

from __future__ import annotations

import copy
from typing import Final

from lxml import etree

from kehoach.checker import estimate, printed
from kehoach.checker.document import Paragraph, Table
from kehoach.checker.report import Finding, num
from kehoach.checker.resolve import w
from kehoach.checker.rules import hp_range
from kehoach.checker.rules_closing import signer_parts
from kehoach.checker.rules_header import (
    date_paragraph,
    motto,
    national_title,
    number_paragraph,
)
from kehoach.fixer.edit import (
    BEFORE,
    FIRST_LINE,
    INDENTS,
    KEEP_NEXT,
    SIZE,
    FixContext,
    child,
    want_value,
)
from kehoach.fixer.fixes import NEEDS_PERSON, fixer, printed_fixer

#: Spacing before a paragraph is kept within this (twips): a larger gap is not a fix.
MAX_BEFORE_TW: Final = 480


def _baseline(fx: FixContext, p: Paragraph) -> float | None:
    """The bottom of ``p``'s line from the top of its table (twips), as the checker estimates."""
    assert p.cell is not None
    tops = estimate.row_tops(fx.doc, p.cell.table)
    placed = estimate.cell_lines(fx.doc, p.cell)
    here = next((x for x in placed if x.line.loc == p.loc), None)
    return None if here is None else tops[p.cell.row] + here.bottom


@fixer("P4")
def fix_level(fx: FixContext) -> None:
    """Số and the date on one line: more space above the higher of the two, the height of
    what stands above the other in its column (a line drawn in a paragraph of its own)."""
    if fx.layout.header is None:
        return
    number, date = number_paragraph(fx.ctx), date_paragraph(fx.ctx)
    if not printed.level_faults(fx.doc, number, date):
        return
    assert number is not None and date is not None
    a, b = _baseline(fx, number), _baseline(fx, date)
    if a is None or b is None or number.cell is None or date.cell is None \
            or number.cell.row != date.cell.row:
        fx.leave("P4", date, "số và ngày tháng ở hai hàng khác nhau của bảng: cần người đặt "
                             "lại")
        return
    higher, lower = (number, date) if a < b else (date, number)
    gap = round(abs(b - a))
    below = fx.para_props(lower.origin).before
    if below >= gap:  # the lower one was pushed down by its own spacing: take it back
        fx.ensure_paragraphs("P4", [lower.origin], BEFORE,
                             lambda v: None if v <= below - gap else below - gap,
                             "«Số» và ngày tháng cùng dòng", style=False)
        return
    target = higher.origin
    now = fx.para_props(target).before
    if now + gap > MAX_BEFORE_TW:
        fx.leave("P4", higher, f"chênh {num(gap / 56.7, 1)} mm: cần người xem phần đầu văn bản")
        return
    fx.ensure_paragraphs("P4", [target], BEFORE, lambda v: None if v >= now + gap else now + gap,
                         "«Số» và ngày tháng cùng dòng", style=False)


@fixer("P6")
def fix_unnumbered_pages(fx: FixContext) -> None:
    """A section that does not open an appendix but hides the number of its first page
    ("trang đầu khác"): that page is a page like any other, so its number shows."""
    appendix = _appendix_sections(fx)
    for s in fx.doc.sections[1:]:
        if not s.title_page or s.start_type == "continuous" or s.index in appendix \
                or s.el is None:
            continue
        first = s.headers.get("first")
        first_paras = fx.doc.parts.get(first or "", [])
        if any(p.has_page_field for p in first_paras):
            continue
        if any(not p.empty or p.shapes for p in first_paras):
            fx.leave("P6", f"phần {s.index + 1}", "đầu trang riêng của trang đầu phần này có nội "
                                                  "dung khác: cần người thêm số trang")
            continue
        default = s.headers.get("default")
        if not any(p.has_page_field for p in fx.doc.parts.get(default or "", [])):
            fx.leave("P6", f"phần {s.index + 1}", "đầu trang của phần này không có số trang")
            continue
        for el in s.el.findall(w("titlePg")):
            s.el.remove(el)
        fx.dirty()
        fx.record("P6", f"phần {s.index + 1} của văn bản", "trang đầu không đánh số (trang đầu "
                  "khác) dù phần này không mở đầu phụ lục", "trang đầu của phần có số trang",
                  part=fx.part_of(s.el))


def _appendix_sections(fx: FixContext) -> set[int]:
    out = set()
    for h in fx.layout.appendix_headings:
        first = next((p for p in fx.doc.paragraphs if p.section == h.section and p.top_level
                      and not p.empty), None)
        if first is not None and first.el is h.origin.el:
            out.add(h.section)
    return out


@fixer("P9")
def fix_margins_of_text(fx: FixContext) -> None:
    """Text printed past the decree's margins: a paragraph indented into the margin is
    brought back to it (its first line where it was, when that was inside); a table wider
    than the text area is narrowed to it, each column by the room it has beyond its longest
    word."""
    for fault in printed.margin_faults(fx.doc, fx.doc.blocks):
        p = fault.where
        if p is None:
            continue
        table = _table_of(fx, p)
        if table is not None:
            _narrow_table(fx, table, p)
        else:
            _indent_inside(fx, p)


#: Room (twips) kept beside the longest word of a column, for rounding and italics.
WORD_SLACK_TW: Final = 40


def _narrowed(fx: FixContext, table: Table, grid: list[int], excess: int) -> list[int] | None:
    """The grid less ``excess`` twips, taken from each column in proportion to the room it
    has beyond its longest word (a word is never broken), or ``None`` when that room is too
    small."""
    least = [0] * len(grid)
    for row in table.rows:
        for cell in row:
            if cell.span != 1 or cell.col >= len(grid):
                continue
            longest = max((estimate.run_width_tw(run, word) for q in cell.paragraphs
                           for run in q.runs for word in run.text.split()), default=0.0)
            need = longest + cell.margin_left + cell.margin_right + WORD_SLACK_TW
            least[cell.col] = max(least[cell.col], round(need))
    spare = [max(0, width - need) for width, need in zip(grid, least)]
    if sum(spare) < excess:
        return None
    cut = [int(excess * s / sum(spare)) for s in spare]
    short = excess - sum(cut)
    for i in sorted(range(len(grid)), key=lambda k: -spare[k]):
        if short <= 0:
            break
        if spare[i] > cut[i]:
            cut[i] += 1
            short -= 1
    return [width - c for width, c in zip(grid, cut)]


def _table_of(fx: FixContext, p: Paragraph) -> Table | None:
    if p.cell is None:
        return None
    table = p.cell.table
    return table if any(table is t for t in fx.doc.tables) else None


def _indent_inside(fx: FixContext, p: Paragraph) -> None:
    s = fx.doc.section_of(p)
    lo, hi = printed.bounds_tw(s)
    margin = abs(s.margins["left"] or 0)
    props = fx.para_props(p)
    need_left = round(lo - margin)  # the least left indent, in the paragraph's coordinates
    need_right = round(margin + s.text_width_tw - hi)  # the least right indent
    left, right = props.ind_left, props.ind_right
    first_start = left + props.first_line
    new_left, new_right = max(left, need_left), max(right, need_right)
    if (new_left, new_right) == (left, right) and first_start >= need_left:
        fx.leave("P9", p, "chữ ra ngoài lề vì tab hoặc hình: cần người xem")
        return
    new_first = max(first_start, need_left) - new_left
    fx.ensure_paragraphs("P9", [p], INDENTS,
                         lambda v: None if v == (new_left, new_right) else (new_left, new_right),
                         "thụt lề trong vùng trình bày", style=False)
    fx.ensure_paragraphs("P9", [p], FIRST_LINE,
                         lambda v: None if v == new_first else new_first,
                         "dòng đầu giữ chỗ cũ", style=False)


def _narrow_table(fx: FixContext, table: Table, p: Paragraph) -> None:
    s = fx.doc.section_of(p)
    tbl = table.el
    if any(True for _ in tbl.iter(w("drawing"), w("pict"), w("object"))):
        fx.leave("P9", p, f"bảng {table.index} có hình: thu hẹp bảng có thể làm hình tràn ô, "
                          "cần người chỉnh")
        return
    if any(tbl is not t and True for t in tbl.iter(w("tbl"))):
        fx.leave("P9", p, f"bảng {table.index} có bảng lồng trong ô: cần người chỉnh")
        return
    width = table.width_tw
    room = s.text_width_tw - max(table.indent_tw, 0)
    if width <= room or room <= 0:
        fx.leave("P9", p, f"bảng {table.index} lệch ra ngoài lề: cần người đặt lại vị trí bảng")
        return
    grid = tbl.find(w("tblGrid"))
    cols = grid.findall(w("gridCol")) if grid is not None else []
    old = [int(c.get(w("w"), "0") or 0) for c in cols]
    if not old or sum(old) != width:
        fx.leave("P9", p, f"bảng {table.index}: lưới cột không rõ, cần người chỉnh")
        return
    new = _narrowed(fx, table, old, width - room)
    if new is None:
        fx.leave("P9", p, f"bảng {table.index} rộng hơn vùng trình bày mà các cột không hẹp lại "
                          "được (chữ dài nhất của cột không còn vừa): cần người chỉnh")
        return
    _apply_grid(tbl, cols, new)
    fx.dirty()
    fx.record("P9", f"bảng {table.index}", f"bảng rộng {num(width / 56.7, 1)} mm, ra ngoài lề",
              f"rộng {num(sum(new) / 56.7, 1)} mm, vừa vùng trình bày (các cột rộng thu hẹp, "
              "không cột nào hẹp hơn chữ dài nhất của nó)",
              part=fx.part_of(tbl))


def _apply_grid(tbl: etree._Element, cols: list[etree._Element], new: list[int]) -> None:
    """Give the table's grid columns the widths ``new`` (twips), and each cell and the table
    the widths that follow from them."""
    for c, v in zip(cols, new):
        c.set(w("w"), str(v))
    for tr in tbl.findall(f".//{w('tr')}"):
        if next(tr.iterancestors(w("tbl"))) is not tbl:
            continue
        props = tr.find(w("trPr"))
        before = props.find(w("gridBefore")) if props is not None else None
        col = int(before.get(w("val"), "0")) if before is not None else 0
        for tc in tr.iter(w("tc")):
            if next(tc.iterancestors(w("tbl"))) is not tbl:
                continue
            tcpr = tc.find(w("tcPr"))
            span_el = tcpr.find(w("gridSpan")) if tcpr is not None else None
            span = int(span_el.get(w("val"), "1")) if span_el is not None else 1
            tcw = tcpr.find(w("tcW")) if tcpr is not None else None
            if tcw is not None and tcw.get(w("type"), "dxa") == "dxa":
                tcw.set(w("w"), str(sum(new[col:col + span])))
            col += span
    tbl_w = tbl.find(f"{w('tblPr')}/{w('tblW')}")
    if tbl_w is not None and tbl_w.get(w("type"), "dxa") == "dxa":
        tbl_w.set(w("w"), str(sum(new)))



# ------------------------------------------------------------------- what only the PDF shows

#: Child order of ``w:trPr`` (CT_TrPr): the elements the fixer may add.
TRPR_ORDER: Final = ("cnfStyle", "divId", "gridBefore", "gridAfter", "wBefore", "wAfter",
                     "cantSplit", "trHeight", "tblHeader", "tblCellSpacing", "jc", "hidden",
                     "ins", "del", "trPrChange")
#: Blank lines kept in the signing space when a signature block is split across pages for
#: its blank lines alone (R35 wants at least 3; 8 is room for a seal and a signature).
MAX_GAP_LINES: Final = 8


@printed_fixer("P7")
def keep_signature_together(fx: FixContext, finding: Finding) -> None:
    """Nơi nhận and the signature block on one page: the rows of the signature table may not
    break across a page (``w:cantSplit``), the lines of the block keep with the next one
    (``w:keepNext``, ``w:keepLines``), and a signing space of more blank lines than a page
    holds is cut to :data:`MAX_GAP_LINES` (blank paragraphs only: no word, no mark)."""
    table = fx.layout.signature
    titles, gap, name = signer_parts(fx.ctx) if table is not None else ([], [], None)
    if table is None or not titles or name is None:
        fx.leave("P7", None, "không thấy bảng chữ ký: cần người sắp lại trang")
        return
    rows = [tr for tr in table.el.findall(w("tr"))]
    for tr in rows:
        props = tr.find(w("trPr"))
        if props is None:
            props = etree.Element(w("trPr"))
            tcs = [i for i, c in enumerate(tr) if c.tag in (w("tc"), w("sdt"), w("customXml"))]
            tr.insert(tcs[0] if tcs else len(tr), props)
        if props.find(w("cantSplit")) is None:
            child(props, "cantSplit", TRPR_ORDER)
            fx.record("P7", f"bảng {table.index} (chữ ký, nơi nhận)", "hàng bảng được ngắt trang",
                      "hàng bảng không ngắt sang trang sau (giữ liền khối chữ ký)",
                      part=fx.part_of(table.el))
    block = [p for p in table.paragraphs if fx.editable(p, "P7")]
    keep = [p for p in block if p.origin.el is not block[-1].origin.el]
    # the last lines of the text go with it: a signature never stands alone on its page
    lead = _lead_in(fx, table)
    keep = [p for p in lead if fx.editable(p, "P7")] + keep
    fx.ensure_paragraphs("P7", keep, KEEP_NEXT, want_value(True), "giữ với đoạn sau",
                         style=False)
    blank = [p for p in gap if _blank(p.origin.el)]
    if len(blank) > MAX_GAP_LINES:
        for p in blank[MAX_GAP_LINES:]:
            p.origin.el.getparent().remove(p.origin.el)
        fx.dirty()
        fx.record("P7", name.loc.describe(), f"khoảng ký {len(blank)} dòng trống (dài hơn một "
                  "trang)", f"{MAX_GAP_LINES} dòng trống", part=fx.part_of(table.el))


def _lead_in(fx: FixContext, table: Table) -> list[Paragraph]:
    """The paragraphs just above the signature table: blank ones and the last with text."""
    by_el = {id(p.el): p for p in fx.doc.paragraphs}
    out: list[Paragraph] = []
    el = table.el.getprevious()
    while el is not None and el.tag == w("p") and id(el) in by_el:
        p = by_el[id(el)]
        out.append(p)
        if not p.empty:
            break
        el = el.getprevious()
    return out[::-1] if out and not out[-1].empty else []


def _blank(p: etree._Element) -> bool:
    """A paragraph holding nothing: no text, field, bookmark, mark or section break."""
    for el in p:
        if el.tag == w("pPr"):
            if el.find(w("sectPr")) is not None:
                return False
            continue
        if el.tag != w("r") or any(c.tag != w("rPr") for c in el):
            return False
    return True


@printed_fixer("P2")
def motto_on_one_line(fx: FixContext, finding: Finding) -> None:
    """A Tiêu ngữ that wraps on the printed page: its indents go, then its size goes to the
    smallest the decree allows (13 pt)."""
    _one_line(fx, "P2", motto(fx.ctx), "size_motto")


@printed_fixer("P3")
def date_on_one_line(fx: FixContext, finding: Finding) -> None:
    """The place and date on two printed lines: their indents go."""
    _one_line(fx, "P3", date_paragraph(fx.ctx), None)


def _one_line(fx: FixContext, rule: str, p: Paragraph | None, size_key: str | None) -> None:
    if p is None:
        return
    props = fx.para_props(p)
    if props.ind_left > 0 or props.ind_right > 0 or props.first_line > 0:
        fx.ensure_paragraphs(rule, [p], INDENTS, lambda v: None if v[0] <= 0 and v[1] <= 0
                             else (min(v[0], 0), min(v[1], 0)), "thụt lề", style=False)
        fx.ensure_paragraphs(rule, [p], FIRST_LINE, lambda v: None if v <= 0 else 0,
                             "thụt dòng đầu", style=False)
        return
    if size_key is not None:
        low, _ = hp_range(size_key)
        fx.ensure_runs(rule, [p], SIZE, lambda v: None if v <= low else low, "cỡ chữ")
        return
    fx.leave(rule, p, NEEDS_PERSON[rule])


V_NS: Final = "urn:schemas-microsoft-com:vml"
WP_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"


def _holds_page_field(el: etree._Element) -> bool:
    return any("PAGE" in (t.text or "").split() for t in el.iter(w("instrText"))) or \
        any("PAGE" in (f.get(w("instr")) or "").split() for f in el.iter(w("fldSimple")))


def _centre_number_boxes(fx: FixContext) -> None:
    """A page number in a text box floated off-centre in a header: the box is centred
    between the margins (VML ``mso-position-horizontal:center``, DrawingML ``wp:align``);
    its content and its vertical place stay."""
    parts = {part for s in fx.doc.sections for part in s.headers.values() if part}
    for part in sorted(parts):
        root = fx.package.xml(part)
        if root is None:
            continue
        for shape in root.iter(f"{{{V_NS}}}shape", f"{{{V_NS}}}rect"):
            if not _holds_page_field(shape):
                continue
            style = [kv.split(":", 1) for kv in (shape.get("style") or "").split(";") if ":" in kv]
            values = {k.strip(): v.strip() for k, v in style}
            if values.get("mso-position-horizontal") == "center" and \
                    values.get("mso-position-horizontal-relative") == "margin":
                continue
            values.pop("margin-left", None)
            values.pop("left", None)
            values["mso-position-horizontal"] = "center"
            values["mso-position-horizontal-relative"] = "margin"
            shape.set("style", ";".join(f"{k}:{v}" for k, v in values.items()))
            fx.dirty()
            fx.record("P6", f"đầu trang ({part.rsplit('/', 1)[-1]})", "hộp chứa số trang đặt "
                      "lệch", "hộp chứa số trang căn giữa hai lề", part=part)
        for anchor in root.iter(f"{{{WP_NS}}}anchor"):
            if not _holds_page_field(anchor):
                continue
            pos = anchor.find(f"{{{WP_NS}}}positionH")
            align = pos.find(f"{{{WP_NS}}}align") if pos is not None else None
            if pos is None or (pos.get("relativeFrom") == "margin" and align is not None
                               and align.text == "center"):
                continue
            for el in list(pos):
                pos.remove(el)
            pos.set("relativeFrom", "margin")
            etree.SubElement(pos, f"{{{WP_NS}}}align").text = "center"
            fx.dirty()
            fx.record("P6", f"đầu trang ({part.rsplit('/', 1)[-1]})", "hộp chứa số trang đặt "
                      "lệch", "hộp chứa số trang căn giữa hai lề", part=part)


@printed_fixer("P6")
def number_even_pages(fx: FixContext, finding: Finding) -> None:
    """A page number in a text box floated off-centre is centred between the margins
    (:func:`_centre_number_boxes`). Different odd and even headers (``w:evenAndOddHeaders``) with an even header that is
    empty while the default (odd) one holds the page number: the even pages get a header of
    their own with a copy of the odd one's number (a new part; the empty one is left as it
    was). Anything else P6 shows is left, with the reason."""
    from kehoach.fixer.fixes_page import _new_header, _set_reference

    _centre_number_boxes(fx)
    if not fx.doc.even_and_odd_headers:
        return
    for s in fx.doc.sections:
        if s.el is None:
            continue
        default, even = s.headers.get("default"), s.headers.get("even")
        odd_paras = fx.doc.parts.get(default or "", [])
        even_paras = fx.doc.parts.get(even or "", [])
        if not any(p.has_page_field for p in odd_paras) or \
                any(p.has_page_field for p in even_paras):
            continue
        if any(not p.empty or p.shapes for p in even_paras):
            fx.leave("P6", f"phần {s.index + 1}", "đầu trang chẵn có nội dung khác: cần người "
                                                  "thêm số trang")
            continue
        root = fx.package.xml(default)
        if root is None:
            continue
        rid = _new_header(fx, [copy.deepcopy(el) for el in root if el.tag == w("p")])
        _set_reference(s.el, "even", rid)
        fx.dirty()
        fx.record("P6", f"phần {s.index + 1} của văn bản", "trang chẵn không có số trang (đầu "
                  "trang chẵn để trống)", "đầu trang chẵn có số trang như trang lẻ",
                  part=fx.part_of(s.el))


#: Room (twips) kept beside the Quốc hiệu in its cell: LibreOffice's and Word's fonts differ
#: by a few per cent from the estimate.
TITLE_SLACK_TW: Final = 120


@printed_fixer("P1")
def title_on_one_line(fx: FixContext, finding: Finding) -> None:
    """A Quốc hiệu that wraps in a header column too narrow for it: its indents go; else the
    right column takes from the left the width the line needs, when the left column's
    longest line still fits (the table's width stays)."""
    p = national_title(fx.ctx)
    table = fx.layout.header
    if p is None or p.cell is None or table is None:
        fx.leave("P1", p, NEEDS_PERSON["P1"])
        return
    props = fx.para_props(p)
    if props.ind_left > 0 or props.ind_right > 0:
        _one_line(fx, "P1", p, None)
        return
    cell = p.cell
    grid = table.el.find(w("tblGrid"))
    cols = grid.findall(w("gridCol")) if grid is not None else []
    old = [int(c.get(w("w"), "0") or 0) for c in cols]
    need = round(estimate.line_width(p) + cell.margin_left + cell.margin_right + TITLE_SLACK_TW)
    extra = need - cell.width_tw
    if len(old) != 2 or cell.col != 1 or cell.span != 1 or extra <= 0 \
            or sum(old) != table.width_tw:
        fx.leave("P1", p, NEEDS_PERSON["P1"])
        return
    left = [c for row in table.rows for c in row if c.col == 0 and c.span == 1]
    least = max((estimate.line_width(q) + c.margin_left + c.margin_right + TITLE_SLACK_TW
                 for c in left for q in c.paragraphs if not q.empty), default=0.0)
    if old[0] - extra < least:
        fx.leave("P1", p, "cột trái của phần đầu không nhường được chỗ cho Quốc hiệu (tên cơ "
                          "quan dài): cần người chỉnh bảng phần đầu")
        return
    new = [old[0] - extra, old[1] + extra]
    _apply_grid(table.el, cols, new)
    fx.dirty()
    fx.record("P1", f"bảng {table.index} (phần đầu)",
              f"cột phải {num(old[1] / 56.7, 1)} mm: Quốc hiệu xuống dòng",
              f"cột trái {num(new[0] / 56.7, 1)} mm, cột phải {num(new[1] / 56.7, 1)} mm "
              "(bảng giữ nguyên độ rộng)", part=fx.part_of(table.el))
