"""Ước lượng bố cục: where text lands on the page, estimated from the XML without rendering.

Some questions need no renderer to be answered well enough: how far in from the margin a
paragraph's first letter prints when the clerk indented it with a tab or a few spaces; whether
a left-aligned line pushed right with spaces sits in the middle of its cell; how far down a
cell a line drawn from the date paragraph lands; whether a two-paragraph letter fills more than
one page. The estimates here use Times New Roman's advance widths
(:mod:`kehoach.layout.metrics`) and Word's line height for it (1.15 em at single spacing);
lengths are in twips from the left edge of the paragraph's text area (the page's text column,
or a cell's inside its padding) and from the top of the paragraph's container.

They are estimates: the rules use them where an answer either way is clear (text far off the
centre, a page number pushed out of the middle, a document of a few lines), and leave the rest
to the rendered rules (P1–P9), which read LibreOffice's PDF.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from typing import Final

import attrs

from kehoach.checker.document import Cell, Document, Paragraph, Run, Section, Table
from kehoach.checker.resolve import on_off, w
from kehoach.layout.metrics import text_width_tw

#: Word's single line height for Times New Roman, in ems (ascent + descent + line gap).
SINGLE_LINE_EM: Final = 1.15
#: Width of a space in Times New Roman, in ems.
SPACE_EM: Final = 0.25


def run_width_tw(run: Run, text: str | None = None) -> float:
    """Width of ``text`` (default: the run's text) set in the run's font size and style."""
    p = run.props
    return text_width_tw(text if text is not None else run.text, p.size_pt, bold=p.bold,
                         italic=p.italic)


def text_width(runs: Iterable[Run]) -> float:
    """Width of the runs' text on one line, tabs counted as nothing (twips)."""
    return sum(run_width_tw(r, r.text.replace("\t", "").replace("\n", "")) for r in runs)


def line_width(p: Paragraph) -> float:
    """Printed width of a paragraph's (or a line's) text on one line, blanks at both ends
    left out (twips). Every run counts, blank ones between words too."""
    runs = [r for r in p.runs if r.text]
    while runs and not runs[0].text.strip():
        runs = runs[1:]
    while runs and not runs[-1].text.strip():
        runs = runs[:-1]
    if not runs:
        return 0.0
    total = 0.0
    for i, r in enumerate(runs):
        text = r.text.replace("\t", "").replace("\n", "")
        if i == 0:
            text = text.lstrip()
        if i == len(runs) - 1:
            text = text.rstrip()
        total += run_width_tw(r, text)
    return total


def wrapped_widths(p: Paragraph, width: float) -> list[float]:
    """The widths of the lines a paragraph (or line) prints on when set ``width`` wide,
    breaking between words as Word does (greedily)."""
    words: list[float] = []
    space = 0.0
    current = 0.0
    for r in p.runs:
        for piece in re.split(r"(\s+)", r.text):
            if not piece:
                continue
            if piece.isspace():
                if current:
                    words.append(current)
                    current = 0.0
                space = run_width_tw(r, " ")
            else:
                current += run_width_tw(r, piece)
    if current:
        words.append(current)
    lines: list[float] = []
    line = 0.0
    for word in words:
        if line and line + space + word > width:
            lines.append(line)
            line = word
        else:
            line = line + space + word if line else word
    if line or not lines:
        lines.append(line)
    return lines


def area_width(doc: Document, p: Paragraph) -> int:
    """Width of the area a paragraph is laid out in, before its own indents (twips)."""
    if p.cell is not None and p.cell.width_tw:
        return p.cell.inner_width_tw
    return doc.section_of(p).text_width_tw


def _next_stop(doc: Document, p: Paragraph, x: float) -> tuple[float, str]:
    """The tab stop a tab at ``x`` jumps to: a custom stop, the hanging indent, or the next
    default stop (positions from the text area's left edge)."""
    stops = sorted([*p.props.tabs, *([(p.props.ind_left, "left")]
                                      if p.props.first_line < 0 else [])])
    for pos, kind in stops:
        if pos > x + 1 and kind != "bar":
            return pos, kind
    step = doc.default_tab_stop
    return (math.floor(x / step) + 1) * step, "left"


@attrs.frozen
class Extent:
    """Where the first printed line of a paragraph sits across its area (twips from the
    area's left edge): ``start`` of its first visible character, ``end`` of its last,
    ``lead`` how far blank characters (spaces, tabs) pushed the text in."""

    start: float
    end: float
    lead: float
    area: float

    @property
    def centre(self) -> float:
        return (self.start + self.end) / 2

    @property
    def offset_from_centre(self) -> float:
        return self.centre - self.area / 2


def first_line_extent(doc: Document, p: Paragraph, *, width: int | None = None) -> Extent:
    """The horizontal place of the first printed line of ``p``.

    Follows the paragraph's alignment and indents; leading spaces and tabs move the text
    (tab stops of the paragraph, else Word's default stops); a centre tab centres what follows
    it on the stop. A line longer than the area wraps: its extent is the area.
    """
    area = width if width is not None else area_width(doc, p)
    props = p.props
    left = props.ind_left + props.first_line
    right_limit = area - props.ind_right
    runs = p.lines()[0].runs if p.breaks else p.runs
    x = float(left)
    lead = 0.0
    centre_tab: float | None = None
    started = False
    body: list[Run] = []
    for r in runs:
        for ch_index, ch in enumerate(r.text):
            if started:
                body.append(Run(r.el, r.text[ch_index:], r.props))
                break
            if ch == "\t":
                stop, kind = _next_stop(doc, p, x)
                x = stop
                centre_tab = stop if kind == "center" else None
            elif ch.isspace():
                x += r.props.size_pt * 20 * SPACE_EM
            else:
                started = True
                body.append(Run(r.el, r.text[ch_index:], r.props))
                break
        else:
            continue
        if started:
            idx = runs.index(r)
            body.extend(runs[idx + 1:])
            break
    lead = x - left
    width_text = text_width(body)
    if centre_tab is not None:
        start = centre_tab - width_text / 2
    elif props.jc == "center" and lead == 0:
        start = left + (right_limit - left - width_text) / 2
    elif props.jc == "right" and lead == 0:
        start = right_limit - width_text
    elif props.jc == "center":
        # spaces before centred text are part of what is centred
        start = left + (right_limit - left - width_text - lead) / 2 + lead
    else:
        start = x
    end = start + width_text
    if end > right_limit and props.jc not in ("center", "right"):
        end = right_limit  # wraps: the first line runs to the right indent
    if props.jc == "center" and width_text > right_limit - left:
        start, end = left, right_limit
    return Extent(start, end, lead, float(area))


def effective_first_indent(doc: Document, p: Paragraph) -> float:
    """How far in from the text area's left edge the first character of ``p`` prints
    (first-line indent, left indent and leading tabs or spaces together), in twips."""
    return first_line_extent(doc, p).start if p.props.jc in ("left", "both") \
        else p.props.ind_left + p.props.first_line


def leading_spaces_tw(p: Paragraph) -> float:
    """Width of the plain spaces (not tabs) typed before the first letter of ``p``."""
    width = 0.0
    for r in p.runs:
        for ch in r.text:
            if ch == " " or ch == "\u00a0":
                width += r.props.size_pt * 20 * SPACE_EM
            elif not ch.isspace():
                return width
            else:
                return width  # a tab: what follows is placed by the tab stop
    return width


def looks_centred(doc: Document, p: Paragraph, *, tolerance: float | None = None) -> bool:
    """Whether ``p`` prints in the middle of its area: centred, or pushed there by spaces or
    tabs (within ``tolerance`` twips; default: an eighth of the area, at least 0.5 cm)."""
    if p.props.jc == "center":
        return True
    extent = first_line_extent(doc, p)
    tol = tolerance if tolerance is not None else max(extent.area / 8, 284)
    return extent.lead > 0 and abs(extent.offset_from_centre) <= tol


# ------------------------------------------------------------------------------ vertical

def line_height_tw(p: Paragraph) -> float:
    """Height of one printed line of ``p`` (its line spacing applied), in twips."""
    size = max(p.line_sizes()) / 2
    single = SINGLE_LINE_EM * size * 20
    rule, line = p.props.line_rule, p.props.line
    if rule == "exact" and line:
        return float(line)
    if rule == "atLeast" and line:
        return max(float(line), single)
    return single * (line or 240) / 240


def printed_lines(doc: Document, p: Paragraph, width: int | None = None) -> int:
    """How many lines ``p`` prints on: its line breaks, and its long lines wrapped."""
    area = (width if width is not None else area_width(doc, p)) - p.props.ind_left \
        - p.props.ind_right
    area = max(area, 567)
    total = 0
    for line in p.lines():
        w = text_width(line.runs) + max(0, p.props.first_line if line is p.lines()[0] else 0)
        total += max(1, math.ceil(w / area)) if w else 1
    return total


def paragraph_height_tw(doc: Document, p: Paragraph, width: int | None = None) -> float:
    return (p.props.before + printed_lines(doc, p, width) * line_height_tw(p)
            + p.props.after)


@attrs.frozen
class Placed:
    """A printed line of a paragraph in a cell: its paragraph line and its top and bottom
    (twips from the top of the cell's content)."""

    line: Paragraph
    top: float
    bottom: float
    anchor_top: float  # top of the whole paragraph (what a shape's offset counts from)


def cell_lines(doc: Document, cell: Cell) -> list[Placed]:
    """Every line of a cell's paragraphs with its vertical place (wrapping estimated)."""
    out: list[Placed] = []
    y = 0.0
    for p in cell.paragraphs:
        top = y
        y += p.props.before
        lh = line_height_tw(p)
        for line in p.lines():
            n = printed_lines(doc, line, cell.inner_width_tw) if line.whole is not None \
                else printed_lines(doc, p, cell.inner_width_tw)
            out.append(Placed(line, y, y + n * lh, top))
            y += n * lh
            if line.whole is None:
                break
        y += p.props.after
    return out


def cell_height_tw(doc: Document, cell: Cell) -> float:
    lines = cell_lines(doc, cell)
    if not cell.paragraphs:
        return 0.0
    last = cell.paragraphs[-1]
    return (lines[-1].bottom if lines else 0.0) + last.props.after


def row_tops(doc: Document, table: Table) -> list[float]:
    """The estimated top of each row of a table, from the table's top (twips)."""
    tops, y = [], 0.0
    for r, row in enumerate(table.rows):
        tops.append(y)
        y += row_height_tw(doc, table, r)
    return tops


def row_height_tw(doc: Document, table: Table, r: int) -> float:
    """A row's height: its tallest cell, or the height the row is given (``w:trHeight``: at
    least that, or exactly that)."""
    content = max((cell_height_tw(doc, c) for c in table.rows[r]), default=0.0)
    given, rule = table.row_heights[r] if r < len(table.row_heights) else (0, "auto")
    if rule == "exact" and given:
        return float(given)
    return max(content, float(given)) if rule != "auto" else content


def table_border_tw(doc: Document, table: Table) -> float:
    """Left border of a table from the page's left margin (twips). Up to Word 2010 the text
    of the first cell lines up with ``w:tblInd`` and the border hangs into the margin by the
    cell's padding; from Word 2013 (compatibility mode 15) the border sits at ``w:tblInd``."""
    first = table.rows[0][0] if table.rows and table.rows[0] else None
    padding = first.margin_left if first is not None else 0
    return table.indent_tw - (padding if doc.resolver.compat_mode < 15 else 0)


def cell_text_left_tw(doc: Document, table: Table, cell: Cell) -> float:
    """Left edge of a cell's text from the page's left margin (twips)."""
    return table_border_tw(doc, table) + cell.x_tw + cell.margin_left


# ------------------------------------------------------------------------------ pages

def document_height_tw(doc: Document, blocks: Sequence[object]) -> float:
    """Estimated height of the main part's blocks laid out one after the other (twips)."""
    total = 0.0
    for block in blocks:
        if isinstance(block, Paragraph):
            total += paragraph_height_tw(doc, block)
        elif isinstance(block, Table):
            total += sum(row_height_tw(doc, block, r) for r in range(len(block.rows)))
    return total


def _page_break(p: Paragraph) -> bool:
    ppr = p.el.find(w("pPr"))
    if ppr is not None and ppr.find(w("pageBreakBefore")) is not None:
        return on_off(ppr.find(w("pageBreakBefore"))) is not False
    return p.top_level and any(br.get(w("type")) == "page" for br in p.el.iter(w("br")))


def page_text_height_tw(section: Section) -> float:
    return ((section.height or 16838) - abs(section.margins["top"] or 0)
            - abs(section.margins["bottom"] or 0))


def page_count_estimate(doc: Document) -> tuple[int, int]:
    """The fewest and the most pages the main part may print on: ``(1, 1)`` for a document
    that clearly fits one page, a range when the estimate is close to a page break."""
    if len(doc.sections) > 1:
        low = len([s for s in doc.sections if s.start_type != "continuous"]) or 1
        return low, 10_000
    if any(_page_break(p) for p in doc.paragraphs[1:]):
        return 2, 10_000
    height = document_height_tw(doc, doc.blocks)
    page = page_text_height_tw(doc.sections[0])
    pages = height / page if page > 0 else 1
    return max(1, math.ceil(pages * 0.85)), max(1, math.ceil(pages * 1.15))
