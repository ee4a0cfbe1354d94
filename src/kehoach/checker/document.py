"""Văn bản đã đọc: a .docx as paragraphs, runs, tables and sections, with formatting resolved.

:class:`Document` walks the main part, the headers and the footers once. Each paragraph knows
where it is (:class:`Location`: which part, which paragraph, which table cell) and its text as
Word shows it (tabs, line breaks, field results; hidden and deleted text left out), and each run
its resolved formatting (:mod:`kehoach.checker.resolve`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from functools import cached_property
from typing import Final

import attrs
from lxml import etree

from kehoach.checker.docx_reader import R_NS, DocxPackage
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
WP_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
V_NS: Final = "urn:schemas-microsoft-com:vml"
EMU_PER_TW: Final = 635
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

    def describe(self) -> str:
        place = {"document": "văn bản"}.get(self.part, self.part)
        where = f"đoạn {self.paragraph}"
        if self.table is not None:
            where = f"bảng {self.table}, hàng {self.row}, ô {self.cell}, {where}"
        if place != "văn bản":
            where = f"{place}, {where}"
        return f"{where}: «{self.snippet}»" if self.snippet else where

    def to_dict(self) -> dict[str, object]:
        return attrs.asdict(self)


@attrs.define(eq=False)
class Run:
    el: etree._Element
    text: str
    props: RunProps


@attrs.define(eq=False)
class Field:
    instr: str
    runs: list[Run]  # the runs of the field's result (or, for an empty result, its code runs)


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

    @cached_property
    def text(self) -> str:
        """The visible text, NFC, with non-breaking spaces as spaces and outer blanks stripped."""
        return clean("".join(r.text for r in self.runs))

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

    @cached_property
    def drawn_line_tw(self) -> int | None:
        """Width of a line drawn in this paragraph (DrawingML or VML), in twips."""
        for ext in self.el.iter(f"{{{WP_NS}}}extent"):
            cx, cy = to_int(ext.get("cx")), to_int(ext.get("cy"))
            if cx and (cy or 0) <= cx // 20:
                return cx // EMU_PER_TW
        for line in self.el.iter(f"{{{V_NS}}}line"):
            x1 = _vml_pt(line.get("from", "0,0").split(",")[0])
            x2 = _vml_pt(line.get("to", "0,0").split(",")[0])
            if x1 is not None and x2 is not None:
                return round(abs(x2 - x1) * 20)
        return None

    @property
    def has_page_field(self) -> bool:
        return any(f.instr.split()[:1] == ["PAGE"] for f in self.fields)


def _vml_pt(value: str) -> float | None:
    value = value.strip()
    units = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75}
    for suffix, factor in units.items():
        if value.endswith(suffix):
            try:
                return float(value[: -len(suffix)]) * factor
            except ValueError:
                return None
    try:
        return float(value) / 20 if value else 0.0  # VML default unit is EMU-like; rough
    except ValueError:
        return None


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

    def column(self, which: int) -> list[Paragraph]:
        """Paragraphs of the first (0) or last (-1) cell of every row, row by row."""
        out: list[Paragraph] = []
        for row in self.rows:
            if row:
                out.extend(row[which].paragraphs)
        return out

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

    # ---------------------------------------------------------------- walking
    def _paragraph(self, p: etree._Element, tbl: etree._Element | None, part: str,
                   cell_loc: tuple[int, int, int] | None) -> Paragraph:
        self._counter += 1
        runs, fields = self._runs(p, tbl)
        text = clean("".join(r.text for r in runs))
        snippet = text if len(text) <= SNIPPET else text[: SNIPPET - 1] + "…"
        table, row, cell = cell_loc if cell_loc else (None, None, None)
        loc = Location(part, self._counter, table, row, cell, snippet)
        para = Paragraph(p, tbl, loc, self.resolver.paragraph(p, tbl),
                         self.resolver.paragraph_mark(p, tbl), runs, fields, self._section)
        if part == "document":
            self.paragraphs.append(para)
        for box in p.iter(w("txbxContent")):  # text boxes: their paragraphs follow this one
            if _belongs_to(box, p):
                for child in _block_children(box):
                    if child.tag == w("p"):
                        self._paragraph(child, tbl, part, cell_loc)
        return para

    def _runs(self, p: etree._Element, tbl: etree._Element | None
              ) -> tuple[list[Run], list[Field]]:
        runs: list[Run] = []
        fields: list[Field] = []
        stack: list[dict] = []  # open complex fields
        for el in p.iter(w("r"), w("fldSimple")):
            if not _belongs_to(el, p):
                continue
            if el.tag == w("fldSimple"):
                instr = " ".join((el.get(w("instr")) or "").split()).upper()
                inner = [r for r in el.iter(w("r"))]
                fields.append(Field(instr, [self._run(r, p, tbl) for r in inner]))
                continue
            fld = el.find(w("fldChar"))
            if fld is not None:
                kind = fld.get(w("fldCharType"))
                if kind == "begin":
                    stack.append({"instr": "", "result": [], "code": [self._run(el, p, tbl)],
                                  "separated": False})
                elif kind == "separate" and stack:
                    stack[-1]["separated"] = True
                elif kind == "end" and stack:
                    f = stack.pop()
                    instr = " ".join(f["instr"].split()).upper()
                    fields.append(Field(instr, f["result"] or f["code"]))
                continue
            instr = el.find(w("instrText"))
            if instr is not None and stack and not stack[-1]["separated"]:
                stack[-1]["instr"] += instr.text or ""
                stack[-1]["code"].append(self._run(el, p, tbl))
                continue
            run = self._run(el, p, tbl)
            if run.props.hidden:
                continue
            if stack and stack[-1]["separated"]:
                stack[-1]["result"].append(run)
            runs.append(run)
        return runs, fields

    def _run(self, r: etree._Element, p: etree._Element, tbl: etree._Element | None) -> Run:
        parts = []
        for child in r:
            tag = child.tag
            if tag == w("t"):
                parts.append(child.text or "")
            elif tag == w("tab") or tag == w("ptab"):
                parts.append("\t")
            elif tag in (w("br"), w("cr")):
                parts.append("\n")
            elif tag == w("noBreakHyphen"):
                parts.append("-")
            elif tag == w("sym"):
                char = child.get(w("char"), "")
                try:
                    parts.append(chr(int(char, 16) - (0xF000 if int(char, 16) >= 0xF000 else 0)))
                except ValueError:
                    pass
        return Run(r, "".join(parts), self.resolver.run(r, p, tbl))

    def _table(self, tbl: etree._Element, part: str, *, top_level: bool,
               outer: tuple[int, int, int] | None = None) -> Table:
        grid = [to_int(g.get(w("w"))) or 0 for g in tbl.findall(f"{w('tblGrid')}/{w('gridCol')}")]
        index = len(self.tables) + 1 if top_level else 0
        table = Table(tbl, index, grid)
        if top_level:
            self.tables.append(table)
        default_left, default_right = self._table_margins(tbl)
        for r_index, tr in enumerate(tbl.findall(w("tr"))):
            row: list[Cell] = []
            col = 0
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
                cell = Cell(table, r_index, col, span, width, left, right)
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
        root = self.package.xml(part) if root is None else root
        if root is None:
            return []
        saved = self._counter
        self._counter = 0
        out: list[Paragraph] = []
        label = _part_label(part)
        for child in _block_children(root):
            if child.tag == w("p"):
                out.append(self._paragraph(child, None, label, None))
            elif child.tag == w("tbl"):
                out.extend(self._table(child, label, top_level=False, outer=(0, 0, 0)).paragraphs)
        self._counter = saved
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
                for ref_tag, store in (("headerReference", headers), ("footerReference", footers)):
                    for ref in el.findall(w(ref_tag)):
                        kind = ref.get(w("type"), "default")
                        store[kind] = self.package.target(main, ref.get(f"{{{R_NS}}}id", ""))
            out.append(Section(index, el, width, height, margins, title, headers, footers, start,
                               fmt))
        return out

    # ---------------------------------------------------------------- queries
    def all_paragraphs(self) -> Iterator[Paragraph]:
        """Every paragraph: the main part, then each header and footer part."""
        yield from self.paragraphs
        for paragraphs in self.parts.values():
            yield from paragraphs

    @cached_property
    def text_width_tw(self) -> int:
        """Width of the text area of the first section (page width less the side margins)."""
        s = self.sections[0]
        return (s.width or 11906) - (s.margins["left"] or 0) - (s.margins["right"] or 0)


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
