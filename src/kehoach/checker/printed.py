"""Trang in: which section each printed page belongs to, and what the file alone shows of the
printed pages.

The rendered rules (P1–P9) read LibreOffice's PDF. Two things they need come from the file:

* **the section of each page**, so each page is measured against its own margins (a landscape
  appendix with 20 mm margins does not move the centre of the portrait pages' text area):
  :func:`page_sections` finds each section's first page by its first words, and falls back on
  the page's size;
* **faults the file shows for certain**, reported when there is no PDF (``--no-render``, no
  LibreOffice): a paragraph indented past the decree's left margin, a table wider than the
  page allows, the date line lower than the Số, a page after the first with no number
  (:func:`static_faults`). Anything less certain is left to the rendering.

The decree's margins (Phụ lục I, I.3, annex line 13) bound the text: at least 30 mm from the
left edge and 15 mm from the right on an upright page. A landscape page may carry the upright
margins turned a quarter, so there 20 mm on the left suffice. Text past the section's own
margin but inside these bounds is a layout choice, not a violation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from kehoach.checker import estimate
from kehoach.checker.document import Document, Paragraph, Section, Table
from kehoach.checker.report import num
from kehoach.layout.profile import RANGES, TWIPS_PER_MM

#: A section's first words are looked for among this many words at the top of a page.
TOP_WORDS: Final = 16
#: Text may print this far (twips) past a bound before it counts: rounding, italic overhang.
SLACK_TW: Final = 40


def decree_bounds_tw(section: Section) -> tuple[float, float]:
    """(left, right) bounds of the text from the page's left edge, in twips, by the decree."""
    width = section.width or 11906
    left_mm = RANGES["margin_left_mm"][0]
    right_mm = RANGES["margin_right_mm"][0]
    if section.landscape:
        left_mm = min(left_mm, RANGES["margin_top_mm"][0])
    return left_mm * TWIPS_PER_MM, width - right_mm * TWIPS_PER_MM


def page_sections(doc: Document, pages: Sequence[object]) -> list[int]:
    """The section index of every page of a rendering (``pages``: objects with ``width`` and
    ``height`` in pt and ``head``, the texts of the page's first :data:`TOP_WORDS` words, as
    :class:`kehoach.checker.rendered.PrintedPage`).

    A section that starts on a new page starts on the first page after the previous
    section's first page that has the section's paper size and shows its first words."""
    starts: list[int] = [0]
    page_index = 0
    for s in doc.sections[1:]:
        words = _first_words(doc, s.index)
        first = page_index + (0 if s.start_type == "continuous" else 1)
        candidates = [k for k in range(first, len(pages)) if _fits(s, pages[k])]
        found = None
        for k in candidates:
            # the section's first words open the page (after its number, if any)
            if words and _contains(list(pages[k].head), words):  # type: ignore[attr-defined]
                found = k
                break
        if found is None and candidates and not words:
            found = candidates[0]
        if found is None:
            starts.append(starts[-1])
            continue
        starts.append(found)
        page_index = found
    out: list[int] = []
    for k in range(len(pages)):
        section = max(index for index, start in enumerate(starts) if start <= k)
        out.append(min(section, len(doc.sections) - 1))
    return out


def _fits(section: Section, page: object) -> bool:
    """Whether a page has the section's paper size (when the section declares one)."""
    if not section.width or not section.height:
        return True
    return (abs(page.width * 20 - section.width) < 60  # type: ignore[attr-defined]
            and abs(page.height * 20 - section.height) < 60)  # type: ignore[attr-defined]


def section_starts(doc: Document, pages: Sequence[object]) -> dict[int, int]:
    """The first page (0-based) of each section, by :func:`page_sections`."""
    out: dict[int, int] = {}
    for k, s in enumerate(page_sections(doc, pages)):
        out.setdefault(s, k)
    return out


def _first_words(doc: Document, section: int) -> list[str]:
    for p in doc.paragraphs:
        if p.section == section and not p.empty:
            return p.text.split()[:3]
    return []


def _contains(texts: list[str], words: list[str]) -> bool:
    for i in range(len(texts) - len(words) + 1):
        if texts[i:i + len(words)] == words:
            return True
    return False


# ------------------------------------------------------------------------------ from the file

@attrs.frozen
class Fault:
    """A printed-page fault the file shows: what is wrong, where, what the decree wants."""

    where: Paragraph | None
    seen: str
    expected: str


def _mm(tw: float) -> str:
    return f"{num(tw / TWIPS_PER_MM, 1)} mm"


def bounds_tw(section: Section) -> tuple[float, float]:
    """(left, right) limits of printed text from the page's left edge (twips): the page's own
    margins or the decree's, whichever is wider, so a page whose margins are themselves wrong
    (R2) is not reported twice, and text that strays past the page's own margin but stays
    within the decree's range is allowed."""
    lo, hi = decree_bounds_tw(section)
    width = section.width or 11906
    own_lo = abs(section.margins["left"] or 0)
    own_hi = width - abs(section.margins["right"] or 0)
    return min(lo, own_lo), max(hi, own_hi)


def margin_faults(doc: Document, blocks: Sequence[object]) -> list[Fault]:
    """Text the file places past the left or right limits (:func:`bounds_tw`): paragraphs
    indented into the margin, tables wider than the page allows (P9)."""
    out: list[Fault] = []
    for block in blocks:
        if isinstance(block, Paragraph):
            if block.empty:
                continue
            s = doc.section_of(block)
            lo, hi = bounds_tw(s)
            margin = abs(s.margins["left"] or 0)
            extent = estimate.first_line_extent(doc, block)
            start = margin + min(block.props.ind_left, extent.start)
            end = margin + extent.end
            if start < lo - SLACK_TW:
                out.append(Fault(block, f"dòng chữ in cách mép trái {_mm(start)}",
                                 f"chữ cách mép trái ít nhất {_mm(decree_bounds_tw(s)[0])}"))
            elif end > hi + SLACK_TW:
                out.append(Fault(block, f"dòng chữ in tới cách mép phải "
                                        f"{_mm((s.width or 11906) - end)}",
                                 f"chữ cách mép phải ít nhất "
                                 f"{_mm((s.width or 11906) - decree_bounds_tw(s)[1])}"))
        elif isinstance(block, Table):
            fault = _table_fault(doc, block)
            if fault is not None:
                out.append(fault)
    return out


def _table_fault(doc: Document, table: Table) -> Fault | None:
    """Text in a table that prints past the limits: each cell's text placed in the cell
    (its alignment, indents, wrapping), the table placed by its indent or alignment."""
    paras = [p for p in table.paragraphs if not p.empty and p.cell is not None]
    if not paras or not table.rows or not table.rows[0]:
        return None
    s = doc.section_of(paras[0])
    lo, hi = bounds_tw(s)
    width = s.width or 11906
    margin = abs(s.margins["left"] or 0)
    border = margin + estimate.table_border_tw(doc, table)
    if table.jc == "center":
        border = margin + (s.text_width_tw - table.width_tw) / 2
    elif table.jc == "right":
        border = width - abs(s.margins["right"] or 0) - table.width_tw
    left_most = right_most = None
    for p in paras:
        cell = p.cell
        assert cell is not None
        origin = border + cell.x_tw + cell.margin_left
        extent = estimate.first_line_extent(doc, p, width=cell.inner_width_tw)
        start, end = origin + extent.start, origin + extent.end
        if left_most is None or start < left_most[0]:
            left_most = (start, p)
        if right_most is None or end > right_most[0]:
            right_most = (end, p)
    assert left_most is not None and right_most is not None
    name = f"bảng {table.index}" if table.index else "bảng"
    if right_most[0] > hi + SLACK_TW:
        return Fault(right_most[1], f"{name} rộng {_mm(table.width_tw)}: chữ trong bảng in tới "
                                    f"cách mép phải {_mm(width - right_most[0])}",
                     f"chữ cách mép phải ít nhất {_mm(width - decree_bounds_tw(s)[1])}")
    if left_most[0] < lo - SLACK_TW:
        return Fault(left_most[1], f"{name}: chữ trong bảng in cách mép trái "
                                   f"{_mm(left_most[0])}",
                     f"chữ cách mép trái ít nhất {_mm(decree_bounds_tw(s)[0])}")
    return None


def level_faults(doc: Document, number: Paragraph | None, date: Paragraph | None
                 ) -> list[Fault] | None:
    """Whether the Số and the date print on one line (P4), from the estimated heights of the
    lines above them in their cells; ``None`` when the file cannot tell."""
    if number is None or date is None or number.cell is None or date.cell is None:
        return None
    if number.cell.v_align != "top" or date.cell.v_align != "top":
        return None
    table = number.cell.table
    if table is not date.cell.table:
        return None
    tops = estimate.row_tops(doc, table)

    def baseline(p: Paragraph) -> float | None:
        placed = estimate.cell_lines(doc, p.cell)  # type: ignore[arg-type]
        here = next((x for x in placed if x.line.loc == p.loc), None)
        return None if here is None else tops[p.cell.row] + here.bottom  # type: ignore[union-attr]

    a, b = baseline(number), baseline(date)
    if a is None or b is None:
        return None
    size = max(max(number.sizes()), max(date.sizes())) / 2 * 20
    if abs(a - b) > 0.6 * size:  # the rendering allows half a line; the estimate a little more
        return [Fault(date, f"dòng ngày tháng thấp hơn dòng «Số» khoảng {_mm(b - a)}"
                      if b > a else f"dòng ngày tháng cao hơn dòng «Số» khoảng {_mm(a - b)}",
                      "số, ký hiệu và địa danh, ngày tháng cùng một dòng")]
    return []


def numbering_faults(doc: Document, appendix_sections: set[int]) -> list[Fault]:
    """Pages after the first that the file leaves without a number (P6): the first page of a
    section that is set to show no number there ("trang đầu khác") although it does not open
    an appendix."""
    out: list[Fault] = []
    for s in doc.sections[1:]:
        if not s.title_page or s.start_type == "continuous" or s.index in appendix_sections:
            continue
        part = s.headers.get("first")
        numbered = any(p.has_page_field for p in doc.parts.get(part or "", []))
        if not numbered:
            out.append(Fault(None, f"trang đầu của phần {s.index + 1} không có số trang (bật "
                                   "«trang đầu khác» mà phần này không mở đầu một phụ lục)",
                             "số trang ở giữa lề trên trên mọi trang từ trang 2 (trừ trang đầu "
                             "mỗi phụ lục)"))
    return out
