"""Bố cục: which paragraphs of a document are the header, the title, the body, the signature.

The decree's layout (Phụ lục I, Mục IV) reads, in order: a borderless header (issuer and Số on
the left, Quốc hiệu, Tiêu ngữ and the date on the right; a Công văn's "V/v …" trích yếu under
the Số), the tên loại and the trích yếu centred with a short line under them, for a Quyết định
or a Nghị quyết the issuing authority, the căn cứ, and "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:"; the
"Kính gửi" of a Công văn, Tờ trình or Báo cáo; the body; and a borderless table with Nơi nhận on
the left and the signature on the right. Appendices follow. :func:`find_layout` finds these
parts in any document, kehoach's or a clerk's, by their place and their words, never by style
names, and names the document's kind (:mod:`.doctype`).

Paragraphs split by line breaks are read as the lines Word prints (:meth:`Paragraph.lines`):
the header's columns, the title, the signature and the recipients are lists of such lines.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from kehoach.checker import doctype as dt
from kehoach.checker import estimate
from kehoach.checker.document import Block, Cell, Document, Paragraph, Table
from kehoach.checker.drafts import draft_blanks
from kehoach.checker.drawing import Shape

#: A paragraph that starts the body rather than continuing the trích yếu.
BODY_START: Final = re.compile(
    r"^(Căn cứ|Thực hiện|Theo đề nghị|Xét đề nghị|Kính gửi|[IVXLC]+\.\s|\d+(\.\d+)*\.\s"
    r"|[a-zđ]\)\s|[-+•]\s)")
AUTHORITY: Final = re.compile(r"^(TM|KT|Q|TL|TUQ)\s*\.")
#: "Phụ lục", "Phụ lục II", "PHỤ LỤC 2", "Phụ lục số 01" on a line of their own.
APPENDIX_HEADING: Final = re.compile(r"^Phụ\s+lục(\s+(số\s+)?([IVXLC]+|\d+))?\s*[.:]?$",
                                     re.IGNORECASE)
BASIS_START: Final = ("Căn cứ", "Thực hiện")
#: Lines that end a căn cứ block in a Quyết định or Nghị quyết (Mẫu 1.2, 1.3).
PROPOSAL_START: Final = ("Theo đề nghị", "Xét đề nghị", "Theo đề xuất", "Xét tờ trình",
                         "Xét Tờ trình")
NUMBER_LINE: Final = re.compile(r"^Số\s*[:.]?\s*\S*\s*/|^Số\s*:")
DATE_LOOSE: Final = re.compile(r"ngày\s*(?P<d>\S*)\s+tháng\s*(?P<m>\S*)\s+năm")
VV: Final = re.compile(r"^V\s*/\s*v\b", re.IGNORECASE)
ADDRESS: Final = re.compile(r"^Kính\s+gửi\b")
UNDERSCORES: Final = re.compile(r"^_{3,}$")
W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


@attrs.frozen
class Line:
    """A line drawn under some text: how (``"border"``, ``"underline"``, ``"drawing"``,
    ``"underscores"``; ``kind:style`` when not a single solid stroke), its length, whether it is
    centred on the text (``None``: unknown) and the paragraph that holds it.

    ``crosses``: for a drawn line that lands on a line of text instead of under the text it
    belongs to (drawn across the Số, or through the issuer's name), that printed line;
    ``beside`` when it is an inline shape set on the same line as that text, ``between`` when
    it falls between two printed lines of one paragraph (inside a text on several lines)."""

    kind: str
    length_tw: float
    centred: bool | None
    holder: Paragraph
    crosses: Paragraph | None = None
    beside: bool = False
    between: bool = False


@attrs.define
class Layout:
    identification: dt.Identification = attrs.field(
        factory=lambda: dt.Identification(dt.UNKNOWN, ""))
    header: Table | None = None
    left: list[Paragraph] = attrs.field(factory=list)  # lines of the header's left column
    right: list[Paragraph] = attrs.field(factory=list)  # … and of its right column
    subject_vv: list[Paragraph] = attrs.field(factory=list)  # a Công văn's "V/v …" lines
    title: Paragraph | None = None
    subject: list[Paragraph] = attrs.field(factory=list)
    subject_line: Line | None = None
    authority: Paragraph | None = None  # a Quyết định's issuing authority (Mẫu 1.2)
    #: the căn cứ lines that come before the authority, when a clerk typed it below them
    authority_after: list[Paragraph] = attrs.field(factory=list)
    enacting: Paragraph | None = None  # "QUYẾT ĐỊNH:" / "QUYẾT NGHỊ:"
    address: list[Paragraph] = attrs.field(factory=list)  # "Kính gửi: …" lines
    body: list[Block] = attrs.field(factory=list)
    bases: list[Paragraph] = attrs.field(factory=list)
    signature: Table | None = None
    after: list[Block] = attrs.field(factory=list)
    appendix_headings: list[Paragraph] = attrs.field(factory=list)

    @property
    def doctype(self) -> dt.DocType:
        return self.identification.doctype

    @property
    def body_paragraphs(self) -> list[Paragraph]:
        """Top-level paragraphs with text, after the căn cứ block, before the signature."""
        skip = {id(p) for p in (*self.bases, *self.address, self.authority, self.enacting)
                if p is not None}
        skip |= {id(p.origin) for p in self.address}
        return [b for b in self.body if isinstance(b, Paragraph) and not b.empty
                and id(b) not in skip]

    @property
    def recipients_cell(self) -> list[Paragraph]:
        """The non-empty lines of the signature table's first column (Nơi nhận)."""
        if self.signature is None or not self.signature.rows:
            return []
        return [line for line in lines_of(self.signature.column(0)) if not line.empty]

    @property
    def signer_cell(self) -> list[Paragraph]:
        """Every line (empty ones too) of the signature table's last column."""
        if self.signature is None or not self.signature.rows:
            return []
        return lines_of(self.signature.column(-1))

    @property
    def draft(self) -> list[str]:
        """What is left blank for the issuing clerk (a draft): ``["số", "ngày"]``…"""
        return draft_blanks((p.text for p in self.left), (p.text for p in self.right))


def lines_of(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The printed lines of ``paragraphs``, in order."""
    return [line for p in paragraphs for line in p.lines()]


def available_width(doc: Document, p: Paragraph) -> int:
    """Width a paragraph's lines may use before its own indents (cell or text area)."""
    return estimate.area_width(doc, p)


# ------------------------------------------------------------------------------ lines drawn

def _border_line(doc: Document, p: Paragraph, side: str) -> Line | None:
    border = p.props.borders.get(side)
    if border is None or not border.visible:
        return None
    width = available_width(doc, p) - p.props.ind_left - p.props.ind_right
    tolerance = max(60, available_width(doc, p) // 20)
    centred = abs(p.props.ind_left - p.props.ind_right) <= tolerance
    return Line("border" if border.solid else f"border:{border.val}", width, centred, p)


def _shape_line(doc: Document, shape: Shape, holder: Paragraph, text: Paragraph | None
                ) -> Line:
    kind = "drawing" if shape.solid else "drawing:dash"
    centred = None
    if text is not None and not text.empty:
        centre = _shape_centre(doc, shape, holder)
        if centre is not None:
            extent = estimate.first_line_extent(doc, text)
            text_centre = extent.centre + _area_left(doc, text)
            tol = 0.1 * max(extent.end - extent.start, 1) + 60
            centred = abs(centre - text_centre) <= tol
    elif shape.h_align == "center" or (not shape.floating and holder.props.jc == "center"):
        centred = True
    return Line(kind, shape.length_tw, centred, holder)


def _area_left(doc: Document, p: Paragraph) -> float:
    """Left edge of a paragraph's area from the page's left margin (twips)."""
    if p.cell is not None:
        return estimate.cell_text_left_tw(doc, p.cell.table, p.cell)
    return 0.0


def _shape_centre(doc: Document, shape: Shape, holder: Paragraph) -> float | None:
    """Centre of a drawn line from the page's left margin (twips), when it can be told."""
    area_left = _area_left(doc, holder)
    area = available_width(doc, holder)
    section = doc.section_of(holder)
    if not shape.floating:
        extent = estimate.first_line_extent(doc, holder)
        if holder.props.jc == "center":
            return area_left + (holder.props.ind_left + area - holder.props.ind_right) / 2
        return area_left + extent.start + shape.length_tw / 2
    if shape.h_align == "center":
        if shape.h_from in ("column", "character", None) or (holder.cell is not None
                                                              and shape.in_cell):
            return area_left + area / 2
        if shape.h_from == "margin":
            return section.text_width_tw / 2
        if shape.h_from == "page":
            return (section.width or 11906) / 2 - abs(section.margins["left"] or 0)
        return None
    if shape.h_offset_tw is None:
        return None
    if holder.cell is not None and shape.in_cell:
        # "layout in table cell": the cell is the frame whatever the offset counts from
        return area_left + shape.h_offset_tw + shape.length_tw / 2
    origin = {"column": area_left, "margin": 0.0,
              "page": -float(abs(section.margins["left"] or 0))}.get(shape.h_from or "")
    if origin is None:
        return None
    return origin + shape.h_offset_tw + shape.length_tw / 2


def line_under(doc: Document, text_paras: list[Paragraph], following: Block | None,
               below: Block | None = None) -> Line | None:
    """The line drawn under ``text_paras``: an underline of their text, a bottom border on the
    last of them, a border, a drawing or a row of underscores in the (empty) paragraph that
    follows, or a drawing anchored in one of them. A drawing placed by an offset from its
    paragraph that lands on the letters of ``text_paras``, or of ``below`` (the text after
    the line), comes with :attr:`Line.crosses` set (:func:`_in_flow`)."""
    if not text_paras:
        return None
    last = text_paras[-1]
    if last.all_runs(lambda r: r.underline in ("single", "thick")):
        return Line("underline", estimate.text_width(last.visible_runs), True, last)
    line = _border_line(doc, last.origin, "bottom")
    if line is not None:
        return line
    if isinstance(following, Paragraph) and (following.empty or
                                             UNDERSCORES.match(following.text)):
        for side in ("bottom", "top"):
            line = _border_line(doc, following, side)
            if line is not None:
                return line
        if following.shapes:
            return _in_flow(doc, _shape_line(doc, following.shapes[0], following, last),
                            following.shapes[0], following, [*text_paras, following, below])
        if UNDERSCORES.match(following.text):
            return Line("underscores", estimate.text_width(following.visible_runs),
                        following.props.jc == "center" or None, following)
    for p in reversed(text_paras):
        if p.origin.shapes:
            return _in_flow(doc, _shape_line(doc, p.origin.shapes[0], p.origin, last),
                            p.origin.shapes[0], p.origin, [*text_paras, following, below])
    return None


def _in_flow(doc: Document, line: Line, shape: Shape, holder: Paragraph,
             flow: list[Block | None]) -> Line:
    """``line`` judged where it lands among the paragraphs of ``flow`` (consecutive, top to
    bottom; ``None`` and tables end it): on the letters of one of them it ``crosses`` it;
    an inline shape on a line with words is ``beside`` them. Otherwise, or when its place
    cannot be told (an offset from the page in the body), it is kept as found."""
    if not shape.floating:
        if holder.empty:
            return line
        n, words = _inline_place(holder, shape)
        return attrs.evolve(line, crosses=holder.lines()[min(n, len(holder.lines()) - 1)],
                            beside=True) if words else line
    if shape.v_from not in ("paragraph", "line", None) or shape.v_offset_tw is None:
        return line
    y = top = 0.0
    bands: list[tuple[tuple[tuple[float, float], ...], Paragraph]] = []
    whole: list[Paragraph] = []  # the lines of a paragraph split by breaks, as the paragraph
    for block in flow:
        if not isinstance(block, Paragraph):
            break
        if not whole or whole[-1] is not block.origin:
            whole.append(block.origin)
    if holder not in whole:
        return line
    for block in whole:
        if block is holder:
            y = top + shape.v_offset_tw
        if not block.empty:
            size = max(block.line_sizes()) / 2 * 20
            lh = estimate.line_height_tw(block)
            first = top + block.props.before + lh - DESCENT_EM * size
            bands.append((_bands(first, estimate.printed_lines(doc, block), lh, size), block))
        top += estimate.paragraph_height_tw(doc, block)
    hit = next(((q, how) for b, q in bands if (how := _landing(b, y)) is not None), None)
    return line if hit is None else attrs.evolve(line, crosses=hit[0],
                                                 between=hit[1] == "between")


#: Where the glyphs of a printed line are, in ems of its font size above its baseline: from
#: the top of the capitals (0.62: the cap height 0.66 less a margin for the estimate) down to
#: just above the baseline (0.1). A drawn line there strikes the letters through.
GLYPHS_EM: Final = (0.62, 0.1)
#: The baseline sits this far (ems of the font size) above the bottom of its line (the
#: descent of Times New Roman, 0.216).
DESCENT_EM: Final = 0.22


def _bands(first_base: float, lines: int, lh: float, size: float
           ) -> tuple[tuple[float, float], ...]:
    """The glyph band of each of ``lines`` printed lines, the first on ``first_base``, one
    line height ``lh`` apart (twips, in the caller's frame)."""
    return tuple((first_base + k * lh - GLYPHS_EM[0] * size,
                  first_base + k * lh - GLYPHS_EM[1] * size) for k in range(max(1, lines)))


def _landing(bands: tuple[tuple[float, float], ...], y: float) -> str | None:
    """``"over"`` when ``y`` is on the letters of one of ``bands``, ``"between"`` when it is
    between two of them, else ``None``."""
    if any(a <= y <= b for a, b in bands):
        return "over"
    if bands[0][0] <= y <= bands[-1][1]:
        return "between"
    return None


@attrs.frozen
class _TextLine:
    """A printed line of text in a column: its paragraph line and where its glyphs are, from
    the top of the table (twips)."""

    line: Paragraph
    top: float
    bottom: float
    bands: tuple[tuple[float, float], ...]  # (top, bottom) of its letters, per printed line

    @property
    def glyph_top(self) -> float:
        return self.bands[0][0]

    @property
    def glyph_bottom(self) -> float:
        return self.bands[-1][1]


def _placed_text(doc: Document, cells: list[Cell], tops: list[float]
                 ) -> tuple[list[_TextLine], dict[int, float], dict[int, list[float]]]:
    """The printed lines of ``cells`` with their glyph bands; where each paragraph starts
    (what a shape's offset counts from); the baselines of each paragraph's lines."""
    lines: list[_TextLine] = []
    anchors: dict[int, float] = {}
    baselines: dict[int, list[float]] = {}
    for cell in cells:
        row_top = tops[cell.row] if cell.row < len(tops) else 0.0
        for x in estimate.cell_lines(doc, cell):
            origin = x.line.origin
            anchors.setdefault(id(origin), row_top + x.anchor_top)
            size = max(x.line.line_sizes()) / 2 * 20
            one = estimate.line_height_tw(origin)
            first_base = row_top + x.top + one - DESCENT_EM * size
            last_base = row_top + x.bottom - DESCENT_EM * size
            baselines.setdefault(id(origin), []).append(last_base)
            if not x.line.empty:
                count = max(1, round((x.bottom - x.top) / one)) if one else 1
                lines.append(_TextLine(x.line, row_top + x.top, row_top + x.bottom,
                                       _bands(first_base, count, one, size)))
    return lines, anchors, baselines


def _cell_top(cell: Cell, tops: list[float]) -> float:
    return tops[cell.row] if cell.row < len(tops) else 0.0


def _shape_y(doc: Document, shape: Shape, p: Paragraph, anchors: dict[int, float],
             baselines: dict[int, list[float]], tops: list[float]
             ) -> tuple[float | None, bool]:
    """Where a drawn line lands, from the top of the table (twips), and whether it shares
    its printed line with text (an inline shape beside words); ``None`` when it cannot be
    told.

    * anchored from its paragraph or its line (Word's and LibreOffice's usual form): the
      paragraph's top plus the offset, or the top, middle or bottom of its first line;
    * anchored from the page or the margin: Word lays a shape out in its table cell
      (``layoutInCell``) from the cell's top; otherwise from the page (the header table opens
      page 1, at the top margin);
    * inline: on the baseline of the printed line its run is on."""
    top = anchors.get(id(p))
    if top is None:
        return None, False
    if not shape.floating:
        return _inline_y(p, shape, baselines)
    if shape.v_from in ("paragraph", "line", None):
        if shape.v_offset_tw is not None:
            return top + shape.v_offset_tw, False
        lh = estimate.line_height_tw(p)
        align = {"top": 0.0, "center": lh / 2, "bottom": lh}.get(shape.v_align or "")
        return (None if align is None else top + p.props.before + align), False
    if shape.v_offset_tw is None or p.cell is None:
        return None, False
    if shape.in_cell:
        return _cell_top(p.cell, tops) + shape.v_offset_tw, False
    section = doc.section_of(p)
    margin = abs(section.margins.get("top") or 0)
    table_top = _before_table(doc, p.cell.table)
    if shape.v_from == "margin":
        return shape.v_offset_tw - table_top, False
    if shape.v_from in ("page", "topMargin"):
        return shape.v_offset_tw - margin - table_top, False
    return None, False


def _before_table(doc: Document, table: Table) -> float:
    """Height of what precedes ``table`` on page 1 (empty paragraphs before the header)."""
    height = 0.0
    for block in doc.blocks:
        if block is table:
            break
        if isinstance(block, Paragraph):
            height += estimate.paragraph_height_tw(doc, block)
    return height


def _inline_y(p: Paragraph, shape: Shape, baselines: dict[int, list[float]]
              ) -> tuple[float | None, bool]:
    """An inline shape sits on the baseline of the printed line its run is on: which line
    (the line breaks before it) and whether that line has words beside it."""
    lines = baselines.get(id(p))
    if not lines or shape.run is None:
        return None, False
    n, words_here = _inline_place(p, shape)
    return lines[min(n, len(lines) - 1)], words_here


def _inline_place(p: Paragraph, shape: Shape) -> tuple[int, bool]:
    """Which line of ``p`` (counted from 0 at its line breaks) an inline shape is on, and
    whether words share that line with it."""
    n, words_here, seen = 0, False, False
    for node in p.el.iter(f"{{{W_NS}}}br", f"{{{W_NS}}}cr", f"{{{W_NS}}}t", f"{{{W_NS}}}r"):
        if node is shape.run:
            seen = True
            continue
        if node.tag in (f"{{{W_NS}}}br", f"{{{W_NS}}}cr") and node.get(f"{{{W_NS}}}type") \
                in (None, "textWrapping"):
            if seen:
                break
            n, words_here = n + 1, False
        elif node.tag == f"{{{W_NS}}}t" and (node.text or "").strip():
            words_here = True
    return n, words_here



def line_in_cell(doc: Document, cells: list[Cell], target: Paragraph) -> Line | None:
    """A line drawn as a shape anywhere in ``cells`` (one column of a table) that lands under
    ``target`` (a line of one of their paragraphs): the one closest below it, by the shapes'
    offsets, the paragraph each is anchored in and the estimated heights of the rows and
    lines. Under means below the letters of ``target`` and above those of the next line of
    text in the column. When no shape lands there but one lands on a line of text near it
    (across the Số, through the name itself, beside the words), that one is returned with
    :attr:`Line.crosses` set, so the rule says where it is."""
    if not cells:
        return None
    tops = estimate.row_tops(doc, cells[0].table)
    lines, anchors, baselines = _placed_text(doc, cells, tops)
    index = next((k for k, x in enumerate(lines) if x.line is target or (
        x.line.origin is target.origin and x.line.loc == target.loc)), None)
    lh = estimate.line_height_tw(target)
    under: list[tuple[float, Line]] = []
    across: list[tuple[float, Line]] = []
    unplaced: list[Line] = []
    placed_any = False
    here = lines[index] if index is not None else None
    after = lines[index + 1] if index is not None and index + 1 < len(lines) else None
    near = lines[max(0, (index or 0) - 2):(index or 0) + 2] if index is not None else []
    for cell in cells:
        for p in cell.paragraphs:
            for shape in p.shapes:
                line = _shape_line(doc, shape, p, target)
                y, beside = _shape_y(doc, shape, p, anchors, baselines, tops)
                if here is None or y is None:
                    unplaced.append(line)
                    continue
                placed_any = True
                bottom = here.bottom
                if beside:
                    hit = next((x for x in near if x.line.origin is p and x.top <= y
                                <= x.bottom), None)
                    if hit is not None:
                        across.append((abs(y - bottom), attrs.evolve(
                            line, crosses=hit.line, beside=True)))
                    continue
                hit = next(((x, how) for x in near
                            if (how := _landing(x.bands, y)) is not None), None)
                if hit is not None:
                    across.append((abs(y - bottom), attrs.evolve(
                        line, crosses=hit[0].line, between=hit[1] == "between")))
                    continue
                ceiling = bottom + 1.2 * lh if after is None else min(after.glyph_top,
                                                                      bottom + 1.2 * lh)
                if here.glyph_bottom < y <= ceiling:
                    under.append((abs(y - bottom), line))
    if under:
        return min(under, key=lambda c: c[0])[1]
    if across:
        return min(across, key=lambda c: c[0])[1]
    if len(unplaced) == 1 and not placed_any:
        return unplaced[0]  # one line whose place cannot be told: taken as drawn under
    return None


# ------------------------------------------------------------------------------ finding

def _text_lines(paragraphs: list[Paragraph]) -> list[Paragraph]:
    return [line for line in lines_of(paragraphs)]


def _first(lines: list[Paragraph]) -> Paragraph | None:
    return next((p for p in lines if not p.empty), None)


def is_upper(text: str) -> bool:
    return any(ch.isalpha() for ch in text) and text == text.upper()


def find_layout(doc: Document, forced: dt.DocType | None = None) -> Layout:
    """Find the parts of the decree's layout in ``doc`` (missing parts stay ``None``/empty)
    and name its kind (``forced``, when the user chose it)."""
    out = Layout()
    blocks = doc.blocks
    i = 0
    # header table: the first table before any top-level text
    while i < len(blocks) and isinstance(blocks[i], Paragraph) and blocks[i].empty:
        i += 1
    if i < len(blocks) and isinstance(blocks[i], Table):
        out.header = blocks[i]  # type: ignore[assignment]
        out.left = _text_lines(out.header.column(0))
        out.right = _text_lines(out.header.column(-1)) \
            if any(len(r) > 1 for r in out.header.rows) else []
        i += 1
    # a Công văn's V/v under the Số, in the header or right after it
    out.subject_vv = _vv_lines(out.left)
    first = _next_text(blocks, i)
    if not out.subject_vv and first is not None and VV.match(first.text):
        start = blocks.index(first)
        out.subject_vv = [first]
        j = start + 1
        while j < len(blocks) and isinstance(blocks[j], Paragraph) and not blocks[j].empty \
                and not ADDRESS.match(blocks[j].text) and len(out.subject_vv) < 4 \
                and blocks[j].props.jc in ("center", first.props.jc):
            out.subject_vv.append(blocks[j])  # type: ignore[arg-type]
            j += 1
        i = j
        first = _next_text(blocks, i)
    # the kind of document
    number = next((p for p in out.left if NUMBER_LINE.match(p.text)), None)
    national = _first(out.right) if out.right else _first(_text_lines(
        [b for b in blocks[:6] if isinstance(b, Paragraph)]))
    title_line = first.lines()[0] if first is not None and first.breaks else first
    if title_line is not None and title_line.empty and first is not None:
        title_line = _first(first.lines())
    has_header = out.header is not None and number is not None
    ident = dt.forced(forced) if forced is not None else dt.identify(
        title=title_line.text if title_line is not None else None,
        number=number.text if number is not None else None,
        subject_vv=bool(out.subject_vv), national_title=national.text if national else None,
        has_header=has_header,
        title_in_caps=title_line is not None and is_upper(title_line.text)
        and len(title_line.text) <= 40)
    out.identification = ident
    kind = ident.doctype
    # title and trích yếu (kinds with a tên loại)
    if first is not None and kind.title is not None or (first is not None and kind.key == "?"
                                                         and is_upper(first.text)):
        assert first is not None
        i = blocks.index(first)
        out.title = title_line
        i += 1
        rest = [line for line in first.lines()[1:] if not line.empty] if first.breaks else []
        out.subject.extend(rest)
        while i < len(blocks) and _continues_subject(blocks[i], kind, out.subject) \
                and len(out.subject) < 4:
            out.subject.append(blocks[i])  # type: ignore[arg-type]
            i += 1
            if _has_bottom_border(out.subject[-1]):
                break
        following = blocks[i] if i < len(blocks) else None
        targets = out.subject if kind.subject else ([out.title] if out.title else [])
        # the text after the line (for where a drawn line lands): past an empty paragraph
        below = _next_text(blocks, i + 1) if isinstance(following, Paragraph) \
            and following.empty else None
        out.subject_line = line_under(doc, targets, following, below)
        if out.subject_line is not None and out.subject_line.holder is following:
            i += 1
    # signature table: the last table after the title with "Nơi nhận" or an authority line
    sig_index = None
    for j in range(len(blocks) - 1, i - 1, -1):
        block = blocks[j]
        if isinstance(block, Table) and block is not out.header and _is_signature(block):
            sig_index = j
            break
    if sig_index is None:
        end = next((j for j in range(i, len(blocks)) if isinstance(blocks[j], Paragraph)
                    and _is_appendix_heading(blocks[j])), len(blocks))
        out.body = list(blocks[i:end])
        out.after = list(blocks[end:])
    else:
        out.signature = blocks[sig_index]  # type: ignore[assignment]
        out.body = list(blocks[i:sig_index])
        out.after = list(blocks[sig_index + 1:])
    out.appendix_headings = [b.lines()[0] if b.breaks else b for b in out.after
                             if isinstance(b, Paragraph) and _is_appendix_heading(b)]
    _preamble(out, kind)
    return out


def _next_text(blocks: list[Block], i: int) -> Paragraph | None:
    while i < len(blocks):
        block = blocks[i]
        if isinstance(block, Table):
            return None
        if not block.empty:
            return block
        i += 1
    return None


def _vv_lines(left: list[Paragraph]) -> list[Paragraph]:
    """The "V/v …" trích yếu of a Công văn in the header's left column, with the lines that
    continue it."""
    start = next((k for k, p in enumerate(left) if VV.match(p.text)), None)
    if start is None:
        return []
    out = [left[start]]
    for p in left[start + 1:]:
        if p.empty or NUMBER_LINE.match(p.text):
            break
        out.append(p)
    return out


def _is_appendix_heading(p: Paragraph) -> bool:
    first = p.lines()[0] if p.breaks else p
    return bool(APPENDIX_HEADING.match(first.text))


def _continues_subject(block: Block, kind: dt.DocType, so_far: list[Paragraph]) -> bool:
    """Whether a paragraph after the title is (more of) the trích yếu, not the body: the
    trích yếu is centred; a justified paragraph that starts like a body line, or has a
    first-line indent, is the body (a trích yếu may well start "Thực hiện …"); the issuing
    authority of a Quyết định (in capitals) and "Kính gửi" come after it."""
    if not isinstance(block, Paragraph) or block.empty:
        return False
    if ADDRESS.match(block.text):
        return False
    if so_far and kind.enacting and is_upper(block.text):
        return False
    body_like = block.props.jc == "both" and (bool(BODY_START.match(block.text))
                                              or block.props.first_line > 0)
    return not body_like


def _has_bottom_border(p: Paragraph) -> bool:
    border = p.origin.props.borders.get("bottom")
    return border is not None and border.visible


def _is_signature(table: Table) -> bool:
    first = [p for p in lines_of(table.column(0)) if not p.empty]
    if first and first[0].text.casefold().startswith("nơi nhận"):
        return True
    last = [p for p in lines_of(table.column(-1)) if not p.empty]
    if not last or len(table.rows[0]) < 2:
        return False
    head = last[0].text
    return bool(AUTHORITY.match(head)) or (is_upper(head) and len(last) >= 2
                                           and not is_upper(last[-1].text) and len(head) < 60)


def _preamble(out: Layout, kind: dt.DocType) -> None:
    """The parts between the trích yếu and the body proper: the issuing authority and the
    enacting word of a Quyết định or Nghị quyết, the căn cứ, "Kính gửi"."""
    paras = [b for b in out.body if isinstance(b, Paragraph)]
    texts = [p for p in paras if not p.empty]
    # Kính gửi (where the kind allows it, and wherever a clerk typed it near the top)
    for p in texts[:12]:
        if ADDRESS.match(p.text):
            block = [p]
            if p.text.rstrip().endswith(":"):
                for q in paras[paras.index(p) + 1:]:
                    if q.empty or not q.text.startswith(("-", "+", "•")) or len(block) > 30:
                        break
                    block.append(q)
            out.address = lines_of(block)
            break
    skip = {id(p.origin) for p in out.address}
    rest = [b for b in out.body if id(b) not in skip]
    if kind.enacting:
        texts = [b for b in rest if isinstance(b, Paragraph) and not b.empty]
        out.enacting = next((p for p in texts[:40]
                             if _fold(p.text).rstrip(": ") == kind.enacting.rstrip(":")), None)
        if texts and _is_authority(texts[0], kind):
            out.authority = texts[0]
            rest = rest[_block_index(rest, texts[0]) + 1:]
        else:
            # typed below the căn cứ, above the enacting word: found, so that R46 says what
            # is out of order rather than that it is missing
            before = texts[:texts.index(out.enacting)] if out.enacting in texts else texts[:12]
            late = next((p for p in before if not p.text.startswith(BASIS_START
                                                                      + PROPOSAL_START)), None)
            if late is not None and before.index(late) > 0 and _is_authority(late, kind):
                out.authority = late
                out.authority_after = before[:before.index(late)]
                rest = [b for b in rest if b is not late]
    out.bases = _bases(rest, decision=bool(kind.enacting))


def _is_authority(p: Paragraph, kind: dt.DocType) -> bool:
    """A line in capitals that names who issues a Quyết định or a Nghị quyết: not a căn cứ,
    not the enacting word, not an article."""
    return (is_upper(p.text) and not p.text.startswith(BASIS_START + PROPOSAL_START)
            and kind.enacting is not None
            and _fold(p.text).rstrip(": ") != kind.enacting.rstrip(":")
            and not re.match(r"^ĐIỀU\s+\d", p.text))


def _block_index(blocks: list[Block], p: Paragraph) -> int:
    return next(i for i, b in enumerate(blocks) if b is p)


def _fold(text: str) -> str:
    return dt.fold(text)


def _bases(body: list[Block], *, decision: bool = False) -> list[Paragraph]:
    """The căn cứ block: leading paragraphs that start with "Căn cứ" (or "Thực hiện"; in a
    Quyết định also "Theo đề nghị …") up to the opening sentence (which ends with ":") or
    the enacting word; none unless one starts with "Căn cứ"."""
    out: list[Paragraph] = []
    starts = BASIS_START + (PROPOSAL_START if decision else ())
    for block in body:
        if isinstance(block, Table):
            break
        if block.empty:
            if out:
                break
            continue
        if not block.text.startswith(starts) or block.text.endswith(":"):
            break
        out.append(block)
        if decision and block.text.startswith(PROPOSAL_START):
            break
    # "Thực hiện …" lines alone are a căn cứ block when set as one (in italics, as kehoach sets
    # its LegalBasis(verb="Thực hiện")); upright, they are the body's first paragraphs.
    if any(p.text.startswith("Căn cứ") for p in out) or (out and all(p.italic for p in out)):
        return out
    return []
