"""Văn bản đã đọc: a .docx as paragraphs, runs, tables and sections, with formatting resolved.

:class:`Document` walks the main part, the headers and the footers once. Each paragraph knows
where it is (:class:`Location`: which part, which paragraph, which table cell) and its text as
Word shows it: tabs, line breaks, field results and the label of Word's automatic numbering
(:mod:`.numbering`) included; hidden and deleted text left out. Each run has its resolved
formatting (:mod:`kehoach.checker.resolve`), each paragraph the lines drawn in it
(:mod:`.drawing`).

Fields are read in every legal form: ``w:fldSimple``, or ``w:fldChar`` begin / ``w:instrText``
/ separate / end spread over several runs or held in a single run. Paragraphs in text boxes and
content controls, and in tables inside headers, belong to their part like any other.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cached_property
from typing import Final

import attrs
from lxml import etree

from kehoach.checker.docx_reader import R_NS, DocxPackage
from kehoach.checker.drawing import Shape, shapes_in
from kehoach.checker.numbering import Label, ListCounter
from kehoach.checker.resolve import (
    DEFAULT_CELL_MARGIN_TW,
    ParaProps,
    Resolver,
    RunProps,
    on_off,
    to_int,
    w,
)

MC_NS: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
SNIPPET: Final = 60


def clean(text: str) -> str:
    """Text for comparisons: NFC, non-breaking spaces as spaces, outer blanks stripped."""
    return unicodedata.normalize("NFC", text).replace("\u00a0", " ").strip()


@attrs.frozen
class Location:
    """Where a finding is: a part, a paragraph (1-based) and, in a table, the cell."""

    part: str
    paragraph: int
    table: int | None = None
    row: int | None = None
    cell: int | None = None
    snippet: str = ""
    line: int | None = None  # 1-based line of a paragraph split by line breaks

    def describe(self) -> str:
        place = {"document": "văn bản"}.get(self.part, self.part)
        where = f"đoạn {self.paragraph}"
        if self.line is not None:
            where += f", dòng {self.line}"
        if self.table is not None:
            where = f"bảng {self.table}, hàng {self.row}, ô {self.cell}, {where}"
        if place != "văn bản":
            where = f"{place}, {where}"
        return f"{where}: «{self.snippet}»" if self.snippet else where

    def to_dict(self) -> dict[str, object]:
        return attrs.asdict(self)


@attrs.define(eq=False)
class Run:
    """A piece of text with one formatting: a run of the file (``el``), or the part of it
    between two field characters."""

    el: etree._Element
    text: str
    props: RunProps


@attrs.define(eq=False)
class Field:
    """Trường: a field, its instruction (``"PAGE \\* MERGEFORMAT"``, upper case) and the runs of
    its shown result; ``code`` are the runs that hold its instruction (their formatting is the
    result's when the result is empty)."""

    instr: str
    runs: list[Run]
    code: list[Run] = attrs.field(factory=list)

    @property
    def kind(self) -> str:
        """The field's name: ``"PAGE"``, ``"NUMPAGES"``…"""
        return self.instr.split()[0] if self.instr.split() else ""

    @property
    def shown_props(self) -> list[RunProps]:
        """Formatting of what the field prints (its result, else its code runs)."""
        return [r.props for r in (self.runs or self.code)]


@attrs.define(eq=False)
class Paragraph:
    el: etree._Element
    table_el: etree._Element | None
    loc: Location
    props: ParaProps
    mark: RunProps
    runs: list[Run]
    fields: list[Field]
    section: int
    cell: Cell | None = None
    top_level: bool = False
    label: Label | None = None
    whole: Paragraph | None = None  # for a line of a paragraph: the paragraph

    @cached_property
    def text(self) -> str:
        """The visible text as printed: the label of Word's numbering first (``"1. "``), then
        the runs; NFC, non-breaking spaces as spaces, outer blanks stripped."""
        return clean(self.prefix + "".join(r.text for r in self.runs))

    @property
    def prefix(self) -> str:
        """The numbering label as it starts :attr:`text` (``"a) "``), or ``""``. The label is
        no run of the file: Word draws it from ``numbering.xml``, in the paragraph mark's
        formatting."""
        return _prefix(self.label)

    def runs_in(self, start: int, end: int) -> list[Run]:
        """The runs holding visible characters of ``text[start:end]``."""
        raw = self.prefix + "".join(r.text for r in self.runs)
        shift = len(raw) - len(raw.lstrip()) - len(self.prefix)
        out, pos = [], 0
        for r in self.runs:
            a, b = pos, pos + len(r.text)
            pos = b
            if any(start + shift <= i < end + shift and not r.text[i - a].isspace()
                   for i in range(a, b)):
                out.append(r)
        return out

    @property
    def raw_text(self) -> str:
        return "".join(r.text for r in self.runs)

    @property
    def empty(self) -> bool:
        return not self.text

    @property
    def visible_runs(self) -> list[Run]:
        """Runs that show characters (blank runs are left out)."""
        return [r for r in self.runs if r.text.strip()]

    def all_runs(self, test) -> bool:
        runs = self.visible_runs
        return bool(runs) and all(test(r.props) for r in runs)

    def any_run(self, test) -> bool:
        return any(test(r.props) for r in self.visible_runs)

    @property
    def bold(self) -> bool:
        return self.all_runs(lambda p: p.bold)

    @property
    def italic(self) -> bool:
        return self.all_runs(lambda p: p.italic)

    def sizes(self) -> set[int]:
        return {r.props.size_hp for r in self.visible_runs} or {self.mark.size_hp}

    def line_sizes(self) -> set[int]:
        """Sizes that set the height of the paragraph's lines: every run's, blank ones (a tab,
        spaces) too, and the paragraph mark's when there is no run."""
        return {r.props.size_hp for r in self.runs if r.text} or {self.mark.size_hp}

    @cached_property
    def shapes(self) -> list[Shape]:
        """Horizontal lines drawn in this paragraph (DrawingML or VML), in twips."""
        if self.whole is not None:
            return []
        return shapes_in(self.el)

    @property
    def drawn_line_tw(self) -> int | None:
        """Length of the first line drawn in this paragraph, in twips."""
        return round(self.shapes[0].length_tw) if self.shapes else None

    @property
    def has_page_field(self) -> bool:
        return any(f.kind == "PAGE" for f in self.fields)

    @property
    def page_fields(self) -> list[Field]:
        return [f for f in self.fields if f.kind == "PAGE"]

    @cached_property
    def breaks(self) -> int:
        """How many line breaks (``w:br``, ``w:cr``) split the paragraph."""
        return sum(r.text.count("\n") for r in self.runs)

    def lines(self) -> list[Paragraph]:
        """The paragraph's lines, split at its line breaks; itself when it has none.

        Each line is a paragraph of its own for the rules (same properties, the runs of that
        line), so a Quốc hiệu and Tiêu ngữ typed in one paragraph, or a whole Nơi nhận list
        in one paragraph, read as the lines Word prints. Empty lines are kept.
        """
        if not self.breaks:
            return [self]
        groups: list[list[Run]] = [[]]
        for r in self.runs:
            pieces = r.text.split("\n")
            for i, piece in enumerate(pieces):
                if i:
                    groups.append([])
                if piece:
                    groups[-1].append(Run(r.el, piece, r.props))
        out = []
        for n, runs in enumerate(groups, 1):
            text = clean("".join(r.text for r in runs))
            snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
            loc = attrs.evolve(self.loc, snippet=snippet, line=n)
            out.append(Paragraph(self.el, self.table_el, loc, self.props, self.mark, runs,
                                 self.fields if n == 1 else [], self.section, self.cell,
                                 self.top_level, self.label if n == 1 else None, self))
        return out

    @property
    def origin(self) -> Paragraph:
        """The whole paragraph this line belongs to (itself for a whole paragraph)."""
        return self.whole or self


@attrs.define(eq=False)
class Cell:
    table: Table
    row: int  # 0-based
    col: int  # 0-based grid column of the cell's left edge
    span: int
    width_tw: int
    margin_left: int
    margin_right: int
    paragraphs: list[Paragraph] = attrs.field(factory=list)
    x_tw: int = 0  # left edge of the cell from the table's left edge (sum of the grid before)
    v_align: str = "top"  # w:vAlign: "top", "center", "bottom"

    @property
    def inner_width_tw(self) -> int:
        return self.width_tw - self.margin_left - self.margin_right

    @property
    def text_paragraphs(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if not p.empty]


@attrs.define(eq=False)
class Table:
    el: etree._Element
    index: int  # 1-based among top-level tables
    grid: list[int]
    rows: list[list[Cell]] = attrs.field(factory=list)
    indent_tw: int = 0  # w:tblInd
    jc: str = "left"  # w:tblPr/w:jc
    #: each row's ``w:trHeight``: (twips, ``"atLeast"`` or ``"exact"``); (0, "auto") when none
    row_heights: list[tuple[int, str]] = attrs.field(factory=list)

    def column(self, which: int) -> list[Paragraph]:
        """Paragraphs of the first (0) or last (-1) cell of every row, row by row (a row of a
        single cell belongs to the first column only)."""
        out: list[Paragraph] = []
        for row in self.rows:
            if row and (which == 0 or len(row) > 1):
                out.extend(row[which].paragraphs)
        return out

    @property
    def width_tw(self) -> int:
        return sum(self.grid)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [p for row in self.rows for c in row for p in c.paragraphs]

    @property
    def text(self) -> str:
        return " ".join(p.text for p in self.paragraphs if p.text)


@attrs.define(eq=False)
class Section:
    index: int
    el: etree._Element | None
    width: int | None
    height: int | None
    margins: dict[str, int | None]
    title_page: bool
    headers: dict[str, str | None]  # "default"/"first"/"even" → part name (inherited)
    footers: dict[str, str | None]
    page_start: int | None
    page_format: str | None
    start_type: str = "nextPage"  # w:type: nextPage, continuous, evenPage, oddPage, nextColumn

    @property
    def landscape(self) -> bool:
        return bool(self.width and self.height and self.width > self.height)

    @property
    def text_width_tw(self) -> int:
        """Width of the text area: the page less the side margins (A4 when undeclared)."""
        return ((self.width or 11906) - abs(self.margins["left"] or 0)
                - abs(self.margins["right"] or 0))


Block = Paragraph | Table


class Document:
    """The main part's blocks, every paragraph, the sections and the header/footer parts."""

    def __init__(self, package: DocxPackage) -> None:
        self.package = package
        self.resolver = Resolver(package)
        self.blocks: list[Block] = []
        self.paragraphs: list[Paragraph] = []  # every paragraph of the main part, in order
        self.tables: list[Table] = []
        self._counter = 0
        self._section = 0
        self._section_els: list[etree._Element | None] = []
        self._sink: list[Paragraph] = self.paragraphs
        self._lists = ListCounter(self.resolver.numbering)
        body = package.document.find(w("body"))
        assert body is not None
        for child in _block_children(body):
            if child.tag == w("p"):
                para = self._paragraph(child, None, "document", None)
                para.top_level = True
                self.blocks.append(para)
                if child.find(f"{w('pPr')}/{w('sectPr')}") is not None:
                    self._section_els.append(child.find(f"{w('pPr')}/{w('sectPr')}"))
                    self._section += 1
            elif child.tag == w("tbl"):
                table = self._table(child, "document", top_level=True)
                self.blocks.append(table)
        self._section_els.append(body.find(w("sectPr")))
        self.sections = self._sections()
        self.parts: dict[str, list[Paragraph]] = {}  # header/footer part → its paragraphs
        for section in self.sections:
            for part in [*section.headers.values(), *section.footers.values()]:
                if part and part not in self.parts:
                    self.parts[part] = self._part_paragraphs(part)
        # Footnotes and endnotes: their text is the document's too (font, colour, NFC).
        for kind in ("footnotes", "endnotes"):
            notes = package.related(package.main_part, kind)
            if notes and notes not in self.parts:
                self.parts[notes] = self._note_paragraphs(notes)

    @property
    def default_tab_stop(self) -> int:
        return self.resolver.default_tab_stop

    @property
    def even_and_odd_headers(self) -> bool:
        return self.resolver.even_and_odd_headers

    # ---------------------------------------------------------------- walking
    def _paragraph(self, p: etree._Element, tbl: etree._Element | None, part: str,
                   cell_loc: tuple[int, int, int] | None) -> Paragraph:
        self._counter += 1
        runs, fields = self._runs(p, tbl)
        props = self.resolver.paragraph(p, tbl)
        label = None
        if props.num_id is not None and part == "document":
            label = self._lists.next_label(props.num_id, props.num_level)
        elif props.num_id is not None:
            label = ListCounter(self.resolver.numbering).next_label(props.num_id,
                                                                    props.num_level)
        text = clean(_prefix(label) + "".join(r.text for r in runs))
        snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
        table, row, cell = cell_loc if cell_loc else (None, None, None)
        loc = Location(part, self._counter, table, row, cell, snippet)
        para = Paragraph(p, tbl, loc, props, self.resolver.paragraph_mark(p, tbl), runs, fields,
                         self._section, label=label)
        self._sink.append(para)
        for box in p.iter(w("txbxContent")):  # text boxes: their paragraphs follow this one
            if _belongs_to(box, p):
                for child in _block_children(box):
                    if child.tag == w("p"):
                        self._paragraph(child, tbl, part, cell_loc)
                    elif child.tag == w("tbl"):
                        self._table(child, part, top_level=False, outer=cell_loc or (0, 0, 0))
        return para

    def _runs(self, p: etree._Element, tbl: etree._Element | None
              ) -> tuple[list[Run], list[Field]]:
        """The shown runs of ``p`` and its fields, reading field characters wherever they sit
        (one per run, or begin, instruction and end all in one run)."""
        runs: list[Run] = []
        fields: list[Field] = []
        stack: list[dict] = []  # open complex fields: instr, result runs, code runs, separated

        def show(el: etree._Element, text: str, props: RunProps) -> None:
            if not text or props.hidden:
                return
            run = Run(el, text, props)
            if stack and not stack[-1]["separated"]:
                stack[-1]["code"].append(run)  # text between begin and separate is code
                return
            if stack:
                stack[-1]["result"].append(run)
            runs.append(run)

        for el in p.iter(w("r"), w("fldSimple")):
            if not _belongs_to(el, p):
                continue
            if el.tag == w("fldSimple"):
                instr = " ".join((el.get(w("instr")) or "").split()).upper()
                inner = [self._run_text(r, p, tbl) for r in el.iter(w("r"))]
                fields.append(Field(instr, [r for r in inner if r.text],
                                    [r for r in inner]))
                continue
            props = self.resolver.run(el, p, tbl)
            pending: list[str] = []

            def flush() -> None:
                if pending:
                    show(el, "".join(pending), props)
                    pending.clear()

            for child in el:
                tag = child.tag
                if tag == w("fldChar"):
                    flush()
                    kind = child.get(w("fldCharType"))
                    if kind == "begin":
                        stack.append({"instr": "", "result": [], "code": [Run(el, "", props)],
                                      "separated": False})
                    elif kind == "separate" and stack:
                        stack[-1]["separated"] = True
                    elif kind == "end" and stack:
                        f = stack.pop()
                        instr = " ".join(f["instr"].split()).upper()
                        fields.append(Field(instr, f["result"], f["code"]))
                elif tag == w("instrText"):
                    flush()
                    if stack and not stack[-1]["separated"]:
                        stack[-1]["instr"] += child.text or ""
                        stack[-1]["code"].append(Run(el, "", props))
                else:
                    piece = _piece(child)
                    if piece:
                        pending.append(piece)
            flush()
        return runs, fields

    def _run_text(self, r: etree._Element, p: etree._Element, tbl: etree._Element | None) -> Run:
        return Run(r, "".join(_piece(child) for child in r), self.resolver.run(r, p, tbl))

    def _table(self, tbl: etree._Element, part: str, *, top_level: bool,
               outer: tuple[int, int, int] | None = None) -> Table:
        grid = [to_int(g.get(w("w"))) or 0 for g in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        index = len(self.tables) + 1 if top_level else 0
        tbl_pr = tbl.find(w("tblPr"))
        ind = tbl_pr.find(w("tblInd")) if tbl_pr is not None else None
        jc = tbl_pr.find(w("jc")) if tbl_pr is not None else None
        table = Table(tbl, index, grid,
                      indent_tw=(to_int(ind.get(w("w"))) or 0)
                      if ind is not None and ind.get(w("type"), "dxa") == "dxa" else 0,
                      jc={"start": "left", "end": "right"}.get(
                          jc.get(w("val"), "left"), jc.get(w("val"), "left"))
                      if jc is not None else "left")
        if top_level:
            self.tables.append(table)
        default_left, default_right = self._table_margins(tbl)
        for r_index, tr in enumerate(_rows(tbl)):
            row: list[Cell] = []
            tr_pr = tr.find(w("trPr"))
            height = tr_pr.find(w("trHeight")) if tr_pr is not None else None
            table.row_heights.append(
                (max(0, to_int(height.get(w("val"))) or 0), height.get(w("hRule"), "atLeast"))
                if height is not None else (0, "auto"))
            before = tr_pr.find(w("gridBefore")) if tr_pr is not None else None
            col = max(0, to_int(before.get(w("val"))) or 0) if before is not None else 0
            for c_index, tc in enumerate(_cells(tr)):
                tcpr = tc.find(w("tcPr"))
                span = 1
                if tcpr is not None and tcpr.find(w("gridSpan")) is not None:
                    span = max(1, to_int(tcpr.find(w("gridSpan")).get(w("val"))) or 1)
                width = sum(grid[col: col + span]) if len(grid) >= col + span else 0
                if not width and tcpr is not None and tcpr.find(w("tcW")) is not None:
                    tcw = tcpr.find(w("tcW"))
                    if tcw.get(w("type"), "dxa") == "dxa":
                        width = to_int(tcw.get(w("w"))) or 0
                left, right = default_left, default_right
                mar = tcpr.find(w("tcMar")) if tcpr is not None else None
                if mar is not None:
                    left = _margin(mar, ("left", "start"), left)
                    right = _margin(mar, ("right", "end"), right)
                v_align = tcpr.find(w("vAlign")) if tcpr is not None else None
                cell = Cell(table, r_index, col, span, width, left, right,
                            x_tw=sum(grid[:col]),
                            v_align=v_align.get(w("val"), "top") if v_align is not None
                            else "top")
                loc = outer or (index, r_index + 1, c_index + 1)
                for child in _block_children(tc):
                    if child.tag == w("p"):
                        para = self._paragraph(child, tbl, part, loc)
                        para.cell = cell
                        cell.paragraphs.append(para)
                    elif child.tag == w("tbl"):
                        nested = self._table(child, part, top_level=False, outer=loc)
                        cell.paragraphs.extend(nested.paragraphs)
                row.append(cell)
                col += span
            table.rows.append(row)
        return table

    def _table_margins(self, tbl: etree._Element) -> tuple[int, int]:
        """Default cell padding of a table: its own ``w:tblCellMar``, else its style's."""
        left = right = DEFAULT_CELL_MARGIN_TW
        margins = [self._style_cell_margins(s.style_id)
                   for s in reversed(self.resolver.chain(self.resolver.table_style_id(tbl)))]
        margins.append(tbl.find(f"{w('tblPr')}/{w('tblCellMar')}"))
        for mar in margins:
            if mar is not None:
                left = _margin(mar, ("left", "start"), left)
                right = _margin(mar, ("right", "end"), right)
        return left, right

    def _style_cell_margins(self, style_id: str) -> etree._Element | None:
        styles = self.package.xml(self.package.related(self.package.main_part, "styles"))
        if styles is None:
            return None
        for el in styles.findall(w("style")):
            if el.get(w("styleId")) == style_id:
                return el.find(f"{w('tblPr')}/{w('tblCellMar')}")
        return None

    def _note_paragraphs(self, part: str) -> list[Paragraph]:
        """The paragraphs of every footnote (or endnote) but Word's separators."""
        root = self.package.xml(part)
        if root is None:
            return []
        out: list[Paragraph] = []
        for note in root:
            if note.get(w("type")) in (None, "normal"):
                out.extend(self._part_paragraphs(part, note))
        return out

    def _part_paragraphs(self, part: str, root: etree._Element | None = None) -> list[Paragraph]:
        """Every paragraph of a header, footer or note part (or of ``root`` in it), in reading
        order: its own, those of its tables, text boxes and content controls."""
        root = self.package.xml(part) if root is None else root
        if root is None:
            return []
        saved, saved_sink = self._counter, self._sink
        self._counter = 0
        out: list[Paragraph] = []
        self._sink = out
        label = _part_label(part)
        try:
            for child in _block_children(root):
                if child.tag == w("p"):
                    self._paragraph(child, None, label, None)
                elif child.tag == w("tbl"):
                    self._table(child, label, top_level=False, outer=(0, 0, 0))
        finally:
            self._counter, self._sink = saved, saved_sink
        return out

    # ---------------------------------------------------------------- sections
    def _sections(self) -> list[Section]:
        out: list[Section] = []
        headers: dict[str, str | None] = {"default": None, "first": None, "even": None}
        footers: dict[str, str | None] = dict(headers)
        main = self.package.main_part
        for index, el in enumerate(self._section_els):
            width = height = None
            margins: dict[str, int | None] = dict.fromkeys(("top", "bottom", "left", "right"))
            title = False
            start = fmt = None
            kind = "nextPage"
            headers, footers = dict(headers), dict(footers)
            if el is not None:
                size = el.find(w("pgSz"))
                if size is not None:
                    width, height = to_int(size.get(w("w"))), to_int(size.get(w("h")))
                mar = el.find(w("pgMar"))
                if mar is not None:
                    for side in margins:
                        margins[side] = to_int(mar.get(w(side)))
                title = bool(on_off(el.find(w("titlePg"))))
                num = el.find(w("pgNumType"))
                if num is not None:
                    start, fmt = to_int(num.get(w("start"))), num.get(w("fmt"))
                type_el = el.find(w("type"))
                if type_el is not None and type_el.get(w("val")):
                    kind = type_el.get(w("val"))
                for ref_tag, store in (("headerReference", headers), ("footerReference", footers)):
                    for ref in el.findall(w(ref_tag)):
                        kind_ref = ref.get(w("type"), "default")
                        store[kind_ref] = self.package.target(main, ref.get(f"{{{R_NS}}}id", ""))
            out.append(Section(index, el, width, height, margins, title, headers, footers, start,
                               fmt, kind))
        return out

    # ---------------------------------------------------------------- queries
    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph: the main part, then each header and footer part."""
        yield from self.paragraphs
        for paragraphs in self.parts.values():
            yield from paragraphs

    def section_of(self, p: Paragraph) -> Section:
        return self.sections[min(p.section, len(self.sections) - 1)]

    @cached_property
    def text_width_tw(self) -> int:
        """Width of the text area of the first section (page width less the side margins)."""
        return self.sections[0].text_width_tw


def _prefix(label: Label | None) -> str:
    if label is None or not label.text:
        return ""
    return label.text + (" " if label.separator else "")


def _piece(child: etree._Element) -> str:
    """The characters one child of a run shows (``w:t``, a tab, a break, a symbol…)."""
    tag = child.tag
    if tag == w("t"):
        return child.text or ""
    if tag in (w("tab"), w("ptab")):
        return "\t"
    if tag == w("cr") or (tag == w("br") and child.get(w("type"), "textWrapping")
                          == "textWrapping"):
        return "\n"  # a page or column break starts a page, not a line of this paragraph
    if tag == w("noBreakHyphen"):
        return "-"
    if tag == w("sym"):
        char = child.get(w("char"), "")
        try:
            code = int(char, 16)
        except ValueError:
            return ""
        return chr(code - 0xF000 if code >= 0xF000 else code)
    return ""


def _rows(tbl: etree._Element) -> Iterator[etree._Element]:
    for child in tbl:
        if child.tag == w("tr"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _rows(content)


def _part_label(part: str) -> str:
    base = part.rsplit("/", 1)[-1]
    if base.startswith("header"):
        return f"đầu trang ({base})"
    if base.startswith("footer"):
        return f"chân trang ({base})"
    if base.startswith(("footnotes", "endnotes")):
        return f"chú thích ({base})"
    return base


def _margin(mar: etree._Element, names: tuple[str, ...], default: int) -> int:
    for name in names:
        el = mar.find(w(name))
        if el is not None and el.get(w("type"), "dxa") in ("dxa", None):
            return to_int(el.get(w("w"))) or 0
    return default


def _block_children(container: etree._Element) -> Iterator[etree._Element]:
    """Paragraphs and tables of a body or cell, looking through content controls."""
    for child in container:
        if child.tag in (w("p"), w("tbl")):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _block_children(content)
        elif child.tag == f"{{{MC_NS}}}AlternateContent":
            choice = child.find(f"{{{MC_NS}}}Choice")
            if choice is not None:
                yield from _block_children(choice)


def _cells(tr: etree._Element) -> Iterator[etree._Element]:
    for child in tr:
        if child.tag == w("tc"):
            yield child
        elif child.tag in (w("sdt"), w("customXml")):
            content = child.find(w("sdtContent")) if child.tag == w("sdt") else child
            if content is not None:
                yield from _cells(content)


_SKIP_ANCESTORS: Final = (w("del"), w("moveFrom"), f"{{{MC_NS}}}Fallback")


def _belongs_to(el: etree._Element, p: etree._Element) -> bool:
    """Whether ``el`` is content of ``p`` itself (not of a text box inside it, not deleted)."""
    node = el.getparent()
    while node is not None and node is not p:
        if node.tag == w("p") or node.tag in _SKIP_ANCESTORS or node.tag == w("txbxContent"):
            return False
        node = node.getparent()
    return node is p
