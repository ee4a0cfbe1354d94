"""A plan turned into the strings and lists the template reads (the context layer).

The context holds words, numbers and flags only, never XML: the template decides how each
looks. Numbering happens here, from the plan's structure: the n-th part is ``n`` in Roman
numerals, an item inside an item is ``1.1.``, điểm run ``a)`` ``b)`` … ``đ)`` ``e)`` and restart
in each khoản, bullets are ``-`` and ``+`` by depth, table rows 1, 2, 3 … No author types a
number.

The context's keys (what a template for a Kế hoạch may use):

``issuer_parent``, ``issuer_lines``
    lines of the cơ quan chủ quản and of the issuer, in capitals
``number_line``, ``place_date``
    ``Số: 05/KH-UBND`` and ``Hải Yến, ngày 05 tháng 02 năm 2024``
``type_name``, ``title``
    ``KẾ HOẠCH`` and the trích yếu
``bases``, ``opening``, ``blocks``, ``closing``
    căn cứ sentences, the opening paragraph, the body (see :func:`blocks`), the last paragraph;
    ``opening_runs`` and ``closing_runs`` are their runs when they carry emphasis or
    footnotes (else ``None``)
``recipients``, ``signer_lines``, ``signer_above_name``, ``signer_name``
    Nơi nhận lines (the last is ``- Lưu: VT, …``, with ô 12 after it), authority and title
    lines (ô 7a), lines above the name (ô 7b), the name (``""`` in a draft without one)
``rules``
    indents (twips) that give the short lines under the issuer, Tiêu ngữ and trích yếu their length
``appendices``
    each with ``heading``, ``title``, ``attached`` (the ``(Kèm theo …)`` line), ``blocks`` and
    ``closes`` (the section its first paragraph ends, see below)
``footnotes``
    each with ``id`` (what the body's runs point at) and ``runs``
``final``
    the last section of the document
``properties``
    ``title`` (the trích yếu) and ``author`` (the issuer) for the package's core properties
    (``docProps/core.xml``), pre-escaped: only for that part

A *run* is a dict ``{text, note, fmt, b, i, u}``: ``note`` is the id of a footnote whose
reference stands there (``0`` for text); ``b``, ``i`` are ``True`` (on), ``False`` (off against
the paragraph's style) or ``None`` (as the style says), ``u`` is a single underline, ``fmt``
whether any of them is set. A *section* is a dict ``{landscape, restart}``: its page is turned,
and whether its page numbering restarts at 1 with no number on its first page (the first
section of the plan and of each appendix).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from typing import Any

from markupsafe import Markup

from kehoach.layout.metrics import text_width_tw, widest_piece_tw, wrapped_widths_tw
from kehoach.layout.profile import (
    DEFAULT_PROFILE,
    FIT_SLACK_TW,
    MOTTO,
    NUMBER_COLUMN_CM,
    TABLE_CELL_PADDING_TW,
    Profile,
)
from kehoach.model import (
    Align,
    Appendix,
    Block,
    Bullet,
    Cell,
    Column,
    CriterionSolution,
    Emphasis,
    Footnote,
    Headings,
    Item,
    Numbered,
    Objectives,
    Official,
    Paragraph,
    Part,
    PartNumbering,
    Plan,
    Point,
    RichText,
    Row,
    RunIn,
    Table,
    TaskTable,
)
from kehoach.model import decree
from kehoach.rendering import conventions as cv

#: Bullet marks by depth: ``-`` then ``+`` (deeper bullets keep ``+``).
BULLET_MARKS = ("-", "+")

#: A table row estimated at no more lines than this is kept on one page (``w:cantSplit``);
#: a longer row may break, or it could leave most of a page empty.
KEEP_ROW_LINES = 12

#: Core properties hold at most this many characters (python-docx, Word).
_PROPERTY_LENGTH = 255

Style = tuple[bool | None, bool | None, bool]  # bold, italic, underline
_PLAIN: Style = (None, None, False)

#: How a heading's words are set in a heading paragraph (bold by style) and in a body line.
_IN_HEADING: dict[Emphasis, Style] = {
    Emphasis.BOLD: (None, None, False), Emphasis.BOLD_ITALIC: (None, True, False),
    Emphasis.ITALIC: (False, True, False), Emphasis.REGULAR: (False, None, False)}
_IN_LINE: dict[Emphasis, Style] = {
    Emphasis.BOLD: (True, None, False), Emphasis.BOLD_ITALIC: (True, True, False),
    Emphasis.ITALIC: (None, True, False), Emphasis.REGULAR: (None, None, False)}


def run(text: str, style: Style = _PLAIN, note: int = 0) -> dict[str, Any]:
    """One run of a paragraph (see the module's docstring)."""
    b, i, u = style
    return {"text": text, "note": note, "fmt": b is not None or i is not None or u,
            "b": b, "i": i, "u": u}


#: The label of a bullet by depth (0, then 1 and deeper).
_BULLET_LABELS = tuple(mark + " " for mark in BULLET_MARKS)


def _officials(people: Sequence[Official]) -> str:
    texts = [cv.official(p, start=i == 0) for i, p in enumerate(people)]
    if len(texts) <= 1:
        return "".join(texts)
    return "; ".join(texts[:-1]) + " và " + texts[-1]


def _plain(value: str | RichText | None) -> str:
    if value is None:
        return ""
    return value if isinstance(value, str) else value.text


def _portrait() -> dict[str, bool]:
    return {"landscape": False, "restart": True}


class _Builder:
    """Walks a plan in document order: numbering, footnotes, sections."""

    def __init__(self, profile: Profile, headings: Headings) -> None:
        self.profile = profile
        self.headings = headings
        self.footnotes: list[dict[str, Any]] = []
        self.section: dict[str, bool] = _portrait()  # the section being written

    # ----------------------------------------------------------------------------------------
    # Runs

    def runs(self, value: str | RichText | None, style: Style = _PLAIN) -> list[dict[str, Any]]:
        """The runs of a text: spans with their emphasis over ``style``, footnotes as
        references (numbered in the order they are met)."""
        if value is None:
            return []
        if isinstance(value, str):
            return [run(value, style)] if value else []
        out = []
        b, i, u = style
        for part in value.parts:
            if isinstance(part, Footnote):
                out.append(run("", note=self.footnote(part)))
            else:
                out.append(run(part.text, (True if part.bold else b, True if part.italic else i,
                                           part.underline or u)))
        return out

    def footnote(self, note: Footnote) -> int:
        number = len(self.footnotes) + 1
        entry: dict[str, Any] = {"id": number, "runs": []}
        self.footnotes.append(entry)  # before its runs: a footnote holds no footnote
        entry["runs"] = [run(" "), *self.runs(note.text)]
        return number

    # ----------------------------------------------------------------------------------------
    # Lines

    def line(self, label: str, text: str | RichText | None = None,
             lead: str | RichText | None = None, *, label_style: Style = _PLAIN
             ) -> dict[str, Any]:
        """A running-text line: ``label`` (with its space), an italic ``lead``, then ``text``."""
        body = text or ""
        if type(body) is str and (lead is None or type(lead) is str) and label_style is _PLAIN:
            if lead and body:
                body = " " + body
            return {"kind": "line", "label": label, "lead": lead or "", "text": body,
                    "runs": None, "keep": False, "plain": True}
        runs = self.runs(label, label_style)
        runs += self.runs(lead, (None, True, False))
        if lead and body:
            runs.append(run(" "))
        runs += self.runs(body)
        return {"kind": "line", "label": label, "lead": _plain(lead),
                "text": (" " if lead and body else "") + _plain(body), "runs": runs,
                "keep": False, "plain": False}

    def heading(self, label: str, title: str | RichText, emphasis: Emphasis) -> dict[str, Any]:
        """A heading line (bold by its style): ``label`` then ``title``, set as ``emphasis``."""
        if isinstance(title, str) and emphasis is Emphasis.BOLD:
            return {"kind": "heading", "label": label, "lead": "", "text": title, "runs": None}
        style = _IN_HEADING[emphasis]
        return {"kind": "heading", "label": label, "lead": "", "text": _plain(title),
                "runs": [*self.runs(label, style), *self.runs(title, style)]}

    def run_in(self, label: str, title: str | RichText, text: str | RichText,
               emphasis: Emphasis, mode: RunIn) -> dict[str, Any]:
        """``3. Sở Tư pháp: chủ trì …``: the title (or only the number) set as a heading."""
        style = _IN_LINE[emphasis]
        title_style = style if mode is RunIn.TITLE else _PLAIN
        runs = [*self.runs(label, style), *self.runs(title, title_style)]
        colon = decree.run_in_title(_plain(title))[len(_plain(title).rstrip()):]
        if colon:
            runs.append(run(colon, title_style))
        runs.append(run(" "))
        runs += self.runs(text)
        words = _plain(title).rstrip() + colon + " " + _plain(text)
        return {"kind": "line", "label": label, "lead": "", "text": words, "runs": runs,
                "keep": False, "plain": False}

    def titled(self, label: str, title: str | RichText | None, text: str | RichText | None,
               emphasis: Emphasis, run_in: RunIn | None) -> Iterator[dict[str, Any]]:
        """An item or a point with a title and/or a text."""
        mode = run_in if run_in is not None else self.headings.run_in
        if title is None:
            yield self.line(label, text)
        elif text is not None and mode is not RunIn.NONE:
            yield self.run_in(label, title, text, emphasis, mode)
        else:
            yield self.heading(label, title, emphasis)
            if text is not None:
                yield self.line("", text)

    # ----------------------------------------------------------------------------------------
    # Blocks

    def criterion(self, c: CriterionSolution, depth: int) -> list[dict[str, Any]]:
        """``- Tiêu chí số 1 - Quy hoạch: …`` and its ``+`` lines (time, who, coordinators)."""
        lead = f"Tiêu chí số {c.number} - {c.name}:" if c.name else f"Tiêu chí số {c.number}:"
        out = [self.line(_BULLET_LABELS[min(depth, 1)], c.actions, lead)]
        self.walk_into(out, c.details, (), depth + 1)
        facts: list[str | RichText] = []
        for d in c.deadlines:
            head = f"Thời gian {d.scope}: " if d.scope else "Thời gian: "
            facts.append(head + d.when if isinstance(d.when, str) else RichText(head, d.when))
        if c.responsible:
            facts.append(f"{c.responsible_label}: {_officials(c.responsible)}")
        if c.coordinators:
            facts.append(f"{c.coordinator_label}: " + ", ".join(c.coordinators))
        label = _BULLET_LABELS[min(depth + 1, 1)]
        out.extend(self.line(label, fact) for fact in _join_sentences(facts))
        return out

    def walk(self, children: Sequence[Block], item_path: tuple[int, ...], depth: int
             ) -> list[dict[str, Any]]:
        """The lines, headings and tables of ``children``, numbered from their places."""
        out: list[dict[str, Any]] = []
        self.walk_into(out, children, item_path, depth)
        return out

    def walk_into(self, out: list[dict[str, Any]], children: Sequence[Block],
                  item_path: tuple[int, ...], depth: int) -> None:
        items = 0
        points = 0
        numbered = 0

        def item(title, text, kids, run_in=None) -> None:
            nonlocal items
            items += 1
            path = (*item_path, items)
            emphasis = self.headings.item if len(path) == 1 else self.headings.sub_item
            out.extend(self.titled(cv.item_number(path) + " ", title, text, emphasis, run_in))
            self.walk_into(out, kids, path, 0)

        for child in children:
            kind = type(child)
            if kind is CriterionSolution:
                out.extend(self.criterion(child, depth))
            elif kind is Paragraph:
                out.append(self.line("", child.text))
            elif kind is Bullet:
                out.append(self.line(_BULLET_LABELS[min(depth, 1)], child.text, child.lead_in))
                self.walk_into(out, child.children, item_path, depth + 1)
            elif kind is Point:
                label = cv.point_letter(points) + ") "
                points += 1
                if child.title is not None:
                    text = child.text
                    if child.lead_in is not None:
                        text = RichText(child.lead_in, " ", text) if text is not None \
                            else child.lead_in
                    out.extend(self.titled(label, child.title, text, self.headings.point,
                                           child.run_in))
                else:
                    out.append(self.line(label, child.text, child.lead_in))
                self.walk_into(out, child.children, item_path, 0)
            elif kind is Item:
                item(child.title, child.text, child.children, child.run_in)
            elif kind is Numbered:
                numbered += 1
                out.append(self.line(f"({numbered}) ", child.text, child.lead_in))
                self.walk_into(out, child.children, item_path, 0)
            elif kind is Objectives:
                item(child.general_title, None, child.general)
                item(child.specific_title, None, child.specific)
            elif kind is TaskTable:
                out.append(self.table(task_table(child)))
            elif kind is Table:
                out.append(self.table(child))
            else:  # pragma: no cover - the model admits no other block
                raise TypeError(f"unknown block {kind.__name__}")

    def ends_turned(self, blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """An appendix that ends with a turned table ends on its landscape page: the section
        the next appendix (or the document's end) closes is that one, not an empty page."""
        if blocks and blocks[-1]["kind"] == "table" and blocks[-1]["after"]:
            self.section = blocks[-1]["after"]
            blocks[-1]["after"] = None
        return blocks

    def blocks_of(self, parts: Sequence[Part], numbering: PartNumbering
                  ) -> list[dict[str, Any]]:
        number = cv.roman if numbering is PartNumbering.ROMAN else cv.part_letter
        out: list[dict[str, Any]] = []
        for n, part in enumerate(parts, 1):
            out.append({"kind": "part", "label": f"{number(n)}. ", "lead": "",
                        "text": cv.upper_vi(part.title), "runs": None})
            out.extend(self.walk(part.children, (), 0))
        return keep_with_tables(out)

    # ----------------------------------------------------------------------------------------
    # Tables

    def table(self, table: Table) -> dict[str, Any]:
        """A table: its grid (tw), rows of cells of paragraphs of runs, and, when it is turned,
        the sections it closes (``before``: the one before it, ``after``: its own)."""
        columns = _columns(table)
        turn = not self.section["landscape"] and needs_landscape(table, self.profile)
        landscape = turn or self.section["landscape"]
        grid = self.grid(table, landscape)
        rows = [*self.header_rows(columns, grid), *self.body_rows(table, columns, grid)]
        out: dict[str, Any] = {"kind": "table", "width": sum(grid), "grid": grid, "rows": rows,
                               "before": None, "after": None}
        if turn:
            out["before"] = self.section
            out["after"] = {"landscape": True, "restart": False}
            self.section = {"landscape": False, "restart": False}
        return out

    def grid(self, table: Table, landscape: bool) -> list[int]:
        """Column widths (tw): see :func:`_grid`."""
        p = self.profile
        return _grid(table, p, p.landscape_text_width_tw if landscape else p.text_width_tw)[0]

    def header_rows(self, columns: Sequence[Column], grid: Sequence[int]
                    ) -> list[dict[str, Any]]:
        def head_cell(text, width, span=1, merge="") -> dict[str, Any]:
            return {"width": width, "span": span, "merge": merge, "middle": bool(merge),
                    "paras": [{"style": "head", "jc": "", "runs": self.runs(text) or [run("")]}]}

        if not any(c.group for c in columns):
            return [{"head": True, "keep": True,
                     "cells": [head_cell(c.header, w) for c, w in zip(columns, grid)]}]
        top, bottom = [], []
        i = 0
        while i < len(columns):
            group = columns[i].group
            if group is None:
                top.append(head_cell(columns[i].header, grid[i], merge="restart"))
                bottom.append(head_cell("", grid[i], merge="continue"))
                i += 1
                continue
            j = i
            while j < len(columns) and columns[j].group == group:
                bottom.append(head_cell(columns[j].header, grid[j]))
                j += 1
            top.append(head_cell(group, sum(grid[i:j]), span=j - i))
            i = j
        return [{"head": True, "keep": True, "cells": top},
                {"head": True, "keep": True, "cells": bottom}]

    def body_rows(self, table: Table, columns: Sequence[Column], grid: Sequence[int]
                  ) -> list[dict[str, Any]]:
        offset = 1 if table.numbered else 0
        width = len(columns)
        below: list[tuple[int, int]] = [(0, 0)] * width  # (rows left, span) of a merge above
        out = []
        number = 0
        size = self.profile.size_table
        for row in table.rows:
            cells: list[dict[str, Any]] = []
            lines = 1
            if table.numbered:
                if row.number is None:
                    number += 1
                elif table.number_by_group and cv.is_group_number(row.number):
                    number = 0
                label = str(number) if row.number is None else row.number
                cells.append(self.cell_dict([Paragraph(label)] if label else [], grid[0],
                                            Align.CENTER))
            col = offset
            pending = list(row.cells)
            while col < width:
                left, span = below[col]
                if left:
                    cells.append({"width": sum(grid[col:col + span]), "span": span,
                                  "merge": "continue", "middle": True,
                                  "paras": [{"style": "cell", "jc": "", "runs": [run("")]}]})
                    below[col] = (left - 1, span)
                    col += span
                    continue
                cell: Cell = pending.pop(0)
                column = columns[col]
                cell_width = sum(grid[col:col + cell.span])
                entry = self.cell_dict(cell.children, cell_width, cell.align or column.align)
                entry["span"] = cell.span
                if cell.row_span > 1:
                    entry["merge"] = "restart"
                    entry["middle"] = True
                    below[col] = (cell.row_span - 1, cell.span)
                cells.append(entry)
                if cell.row_span == 1:
                    lines = max(lines, _estimated_lines(entry, cell_width, size))
                col += cell.span
            out.append({"head": False, "keep": lines <= KEEP_ROW_LINES, "cells": cells})
        return out

    def cell_dict(self, children: Sequence[Block], width: int, align: Align
                  ) -> dict[str, Any]:
        style = "center" if align is Align.CENTER else "cell"
        jc = {Align.RIGHT: "right", Align.JUSTIFY: "both"}.get(align, "")
        paras = []
        for line in self.walk(children, (), 0):
            if line["kind"] == "table":  # pragma: no cover - the model keeps tables out of cells
                raise TypeError("a table in a table cell")
            runs = line["runs"]
            if runs is None:
                runs = [run(line["label"]), run(line["lead"], (None, True, False)),
                        run(line["text"])] if line["label"] or line["lead"] else [
                    run(line["text"])]
                runs = [r for r in runs if r["text"]] or [run("")]
            if line["kind"] == "heading" and line["runs"] is None:
                runs = [dict(r, b=True, fmt=True) for r in runs]
            elif line["kind"] == "heading":
                runs = [dict(r, b=True if r["b"] is None else r["b"], fmt=True) for r in runs]
            paras.append({"style": style, "jc": jc, "runs": runs})
        return {"width": width, "span": 1, "merge": "", "middle": False,
                "paras": paras or [{"style": style, "jc": jc, "runs": [run("")]}]}


# --------------------------------------------------------------------------------------------
# Tables


def _columns(table: Table) -> list[Column]:
    """The table's columns, the automatic TT column first when it is numbered."""
    if not table.numbered:
        return list(table.columns)
    return [Column(table.number_header, align=Align.CENTER), *table.columns]

#: The task table's columns after TT: Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian,
#: as relative widths (cm at the house profile).
TASK_COLUMNS = (("Nội dung", 6.2), ("Cơ quan chủ trì", 3.2), ("Cơ quan phối hợp", 3.4),
                ("Thời gian", 2.6))


def task_table(table: TaskTable) -> Table:
    """The general :class:`Table` a task table stands for."""
    columns = [Column(name, width=width) for name, width in TASK_COLUMNS]
    rows = [Row([Cell([r.content]), _cell(r.lead_agency), _cell(r.support), _cell(r.deadline)])
            for r in table.rows]
    return Table(columns, rows, numbered=True)


def _cell(value: str | RichText | None) -> Cell:
    return Cell([value]) if value is not None else Cell()


#: Fields of a block that hold running text (what a cell prints).
_TEXT_FIELDS = ("title", "lead_in", "text", "actions")


def _cell_texts(cells: Sequence[Cell]) -> Iterator[str | RichText]:
    from kehoach.model import iter_blocks

    for cell in cells:
        for _, block in iter_blocks(cell.children):
            for name in _TEXT_FIELDS:
                value = getattr(block, name, None)
                if isinstance(value, (str, RichText)):
                    yield value


def _widest(value: str | RichText, size: float, bold: bool = False) -> int:
    """The widest unbreakable piece of a text (a text with a bold span measured bold)."""
    if isinstance(value, RichText):
        bold = bold or any(getattr(p, "bold", False) for p in value.parts)
    return widest_piece_tw(_plain(value), size, bold=bold)


def column_minimums(table: Table, profile: Profile) -> list[int]:
    """The narrowest each column of ``table`` may be (tw, cell padding included, the TT
    column first when it is numbered): its widest unbreakable piece of text (the header
    bold), as Word and LibreOffice break lines (:func:`kehoach.layout.metrics.break_pieces`)."""
    columns = _columns(table)
    offset = 1 if table.numbered else 0
    by_column: list[list[Cell]] = [[] for _ in columns]
    for row in table.rows:
        col = offset
        for cell in row.cells:
            if col < len(columns) and cell.span == 1:
                by_column[col].append(cell)
            col += cell.span
    size = profile.size_table
    out = []
    for i, (column, cells) in enumerate(zip(columns, by_column)):
        widest = _widest(column.header, size, bold=True)
        for text in _cell_texts(cells):
            widest = max(widest, _widest(text, size))
        if i == 0 and table.numbered:
            widest = max([widest, *(_widest(r.number, size) for r in table.rows if r.number)])
        out.append(widest + 2 * TABLE_CELL_PADDING_TW + FIT_SLACK_TW)
    return out


def fit_widths(relative: Sequence[float], minimums: Sequence[int], available: int
               ) -> list[int] | None:
    """Column widths (tw) that share ``available`` in proportion to ``relative``, none under
    its minimum: a column its text needs more than its share keeps that width, the others
    share the rest in proportion. ``None`` when the minimums alone exceed ``available``."""
    n = len(relative)
    fixed: dict[int, int] = {}
    while True:
        free = [i for i in range(n) if i not in fixed]
        rest = available - sum(fixed.values())
        total = sum(relative[i] for i in free)
        if not free or total <= 0:
            break
        widths = {i: rest * relative[i] / total for i in free}
        short = [i for i in free if widths[i] < minimums[i]]
        if not short:
            out = [fixed.get(i) or round(widths[i]) for i in range(n)]
            return out if sum(minimums) <= available else None
        fixed.update((i, minimums[i]) for i in short)
    return None


def _grid(table: Table, profile: Profile, available: int) -> tuple[list[int], bool]:
    """The grid of ``table`` on a text ``available`` twips wide, and whether its text fits.

    The TT column is :data:`NUMBER_COLUMN_CM` wide (wider when its labels need it); the
    others share the rest in proportion to their widths, each at least as wide as its widest
    unbreakable piece of text. A table whose text cannot fit shares the width in proportion
    to those minimums (each column shows its text, broken inside words)."""
    columns = _columns(table)
    minimums = column_minimums(table, profile)
    first: list[int] = []
    if table.numbered:
        first = [max(profile.cm_tw(NUMBER_COLUMN_CM), minimums[0])]
        minimums = minimums[1:]
        columns = columns[1:]
    rest = available - sum(first)
    widths = fit_widths([c.width for c in columns], minimums, rest)
    if widths is not None:
        return first + widths, True
    total = sum(minimums)
    return first + [round(rest * m / total) for m in minimums], False


def needs_landscape(table: Table, profile: Profile) -> bool:
    """Whether a table is set on landscape pages: as it says, or, when it says nothing, only
    when its text cannot fit a portrait page however its columns share the width (the last
    resort: a column too narrow for a word first takes width from the others)."""
    if table.landscape is not None:
        return table.landscape
    return not _grid(table, profile, profile.text_width_tw)[1]


def table_room(table: Table, profile: Profile) -> tuple[int, int, bool]:
    """``(needed, available, landscape)``: the width (tw) the text of ``table`` needs without
    a word broken inside (each column its widest unbreakable piece, the TT column its own
    width), the text width of the page it is set on, and whether that page is landscape.
    ``kehoach lint`` warns when ``needed > available``."""
    landscape = needs_landscape(table, profile)
    minimums = column_minimums(table, profile)
    if table.numbered:
        minimums[0] = max(profile.cm_tw(NUMBER_COLUMN_CM), minimums[0])
    available = profile.landscape_text_width_tw if landscape else profile.text_width_tw
    return sum(minimums), available, landscape


def _estimated_lines(cell: dict[str, Any], width: int, size: float) -> int:
    inner = max(1, width - 2 * TABLE_CELL_PADDING_TW)
    lines = 0
    for para in cell["paras"]:
        text = "".join(r["text"] for r in para["runs"])
        for piece in text.split("\n"):
            lines += max(1, math.ceil(text_width_tw(piece, size) / inner))
    return lines


def _join_sentences(lines: Sequence[str | RichText]) -> list[str | RichText]:
    """:func:`conventions.join_sentences` for rich lines too (the mark goes after the words)."""
    if all(type(line) is str for line in lines):
        return cv.join_sentences(lines)
    plain = cv.join_sentences([_plain(line) for line in lines])
    out: list[str | RichText] = []
    for line, joined in zip(lines, plain):
        if isinstance(line, str):
            out.append(joined)
        else:
            out.append(_with_ending(line, joined))
    return out


def _with_ending(value: RichText, wanted: str) -> RichText:
    """``value`` whose words end as ``wanted`` does (a mark added, or one replaced)."""
    text = value.text
    keep = len(text.rstrip().rstrip(";.,")) if not wanted.startswith(text.rstrip()) else len(
        text.rstrip())
    tail = wanted[keep:]
    parts: list[Any] = []
    seen = 0
    for part in value.parts:
        if isinstance(part, Footnote):
            parts.append(part)
            continue
        start, seen = seen, seen + len(part.text)
        if start >= keep:
            continue
        parts.append(part if seen <= keep else type(part)(part.text[:keep - start],
                                                          *part.style))
    # The mark follows the last word, before a footnote that ends the text.
    trailing: list[Any] = []
    while parts and isinstance(parts[-1], Footnote):
        trailing.insert(0, parts.pop())
    return RichText(*parts, tail, *trailing)


def _final_runs(value: RichText) -> RichText:
    return _with_ending(value, cv.final_mark(value.text))


# --------------------------------------------------------------------------------------------
# The plan


def blocks(parts: Sequence[Part], numbering: PartNumbering = PartNumbering.ROMAN,
           profile: Profile = DEFAULT_PROFILE, headings: Headings | None = None
           ) -> list[dict[str, Any]]:
    """The body as a flat list of numbered lines, headings and tables.

    Each entry has a ``kind``: ``part`` (``I. MỤC ĐÍCH, YÊU CẦU``, or ``A. …`` when parts are
    lettered), ``heading`` (a khoản or tiểu mục title, bold by its style), ``line`` (running
    text with ``label``, italic ``lead`` and ``text``) or ``table`` (``width``, ``grid`` and
    ``rows`` in twips; ``before``/``after``: the sections it closes when it is turned to
    landscape); a heading or a line has ``runs`` when it carries emphasis or footnotes (see the
    module's docstring), else ``None``; a line has ``keep`` when it introduces the table after
    it (kept on the same page), and ``plain`` when it has neither runs nor ``keep``.
    """
    return _Builder(profile, headings or Headings()).blocks_of(parts, numbering)


def criterion_lines(c: CriterionSolution, depth: int) -> list[dict[str, Any]]:
    """``- Tiêu chí số 1 - Quy hoạch: …`` and its ``+`` lines (time, who, coordinators)."""
    return _Builder(DEFAULT_PROFILE, Headings()).criterion(c, depth)


def _appendix_landscape(appendix: Appendix, profile: Profile) -> bool:
    if appendix.landscape is not None:
        return appendix.landscape
    from kehoach.model import iter_blocks

    return any(needs_landscape(b if isinstance(b, Table) else task_table(b), profile)
               for _, b in iter_blocks(appendix.children) if isinstance(b, (Table, TaskTable)))


def appendices(plan: Plan, type_name: str, builder: _Builder | None = None
               ) -> list[dict[str, Any]]:
    """Each appendix: its heading (``Phụ lục``, or ``Phụ lục I``… when several), title in
    capitals, the ``(Kèm theo …)`` line, its body as :func:`blocks` gives it, and the section
    its first paragraph closes."""
    builder = builder or _Builder(DEFAULT_PROFILE, plan.headings)
    issuer = " ".join(plan.issuer.name)
    attached = cv.attachment_line(type_name, plan.number, plan.date, issuer)
    many = len(plan.appendices) > 1
    out = []
    for n, a in enumerate(plan.appendices, 1):
        closes = builder.section
        builder.section = {"landscape": _appendix_landscape(a, builder.profile), "restart": True}
        out.append({
            "heading": f"Phụ lục {cv.roman(n)}" if many else "Phụ lục",
            "title": cv.upper_vi(a.title),
            "attached": attached,
            "blocks": builder.ends_turned(keep_with_tables(builder.walk(a.children, (), 0),
                                                           appendix=True)),
            "closes": closes,
        })
    return out


def keep_with_tables(lines: list[dict[str, Any]], *, appendix: bool = False
                     ) -> list[dict[str, Any]]:
    """A line that introduces a table (``… như sau:``) is kept on the table's page
    (``keep``); not across a section break, which starts a new page anyway. Turned tables
    one after the other share one landscape section: no empty portrait page between them."""
    turned = bool(lines) and lines[0]["kind"] == "table" and bool(lines[0]["before"])
    for before, after in zip(lines, lines[1:]):
        if after["kind"] != "table":  # most entries: one test
            continue
        if before["kind"] == "line" and not after["before"]:
            before["keep"] = True
            before["plain"] = False
        if before["kind"] == "table" and before["after"] and after["before"]:
            before["after"] = after["before"] = None
        turned = turned or bool(after["before"])
    return _turn_with_headings(lines, appendix) if turned else lines


def _turn_with_headings(lines: list[dict[str, Any]], appendix: bool) -> list[dict[str, Any]]:
    """A turned table starts a page: the line that introduces it and the headings above that
    line go to the landscape page with it (a ``break`` entry ends the portrait section before
    them), so no heading is left alone at the foot of a portrait page. Not from the top of an
    appendix set upright by its author: they stay under the appendix's title."""
    out: list[dict[str, Any]] = []
    for entry in lines:
        if entry["kind"] == "table" and entry["before"]:
            start = len(out)
            if start and out[start - 1]["kind"] == "line":
                start -= 1
            while start and out[start - 1]["kind"] in ("heading", "part"):
                start -= 1
            if start < len(out) and not (appendix and start == 0):
                out.insert(start, {"kind": "break", "before": entry["before"]})
                entry["before"] = None
                if out[-1]["kind"] == "line":
                    out[-1]["keep"] = True
                    out[-1]["plain"] = False
        out.append(entry)
    return out


def _centred_rule_indent(available_tw: int, length_tw: float) -> int:
    return max(0, round((available_tw - length_tw) / 2))


def rules(plan: Plan, issuer_lines: Sequence[str], profile: Profile) -> dict[str, int]:
    """Indents that make the three short lines as long as the decree wants."""
    pad = 2 * profile.cell_padding_tw
    left = profile.cm_tw(profile.header_left_cm) - pad
    right = profile.cm_tw(profile.header_right_cm) - pad
    # An issuer line wider than its cell wraps: the line under it is measured on the longest
    # printed line (R13), as a reader (and kehoach check) measures it.
    issuer_width = max(width for line in issuer_lines
                       for width in wrapped_widths_tw(line, profile.size_issuer, left, bold=True))
    motto_width = text_width_tw(MOTTO, profile.size_motto, bold=True)
    # A trích yếu longer than the text area wraps; its longest line is then about the full width.
    title_width = min(text_width_tw(plan.title, profile.size_title, bold=True),
                      profile.text_width_tw)
    return {
        "issuer": _centred_rule_indent(left, profile.issuer_rule_ratio * min(issuer_width, left)),
        "motto": _centred_rule_indent(right, motto_width),
        "title": _centred_rule_indent(profile.text_width_tw, profile.title_rule_ratio * title_width),
    }


def fitted_profile(plan: object, profile: Profile) -> Profile:
    """``profile``, or one whose header's right column holds the plan's place and date on one
    line (:meth:`~kehoach.layout.profile.Profile.for_place_date`: a wider column within the
    decree's range, else the line at 13 pt). Raises :class:`~kehoach.errors.PlanDataError`
    when neither does. A plan without issuer or date is left as it is."""
    issuer, date = getattr(plan, "issuer", None), getattr(plan, "date", None)
    place = getattr(issuer, "place", None)
    if not isinstance(place, str) or date is None:
        return profile
    return profile.for_place_date(cv.place_and_date(place, date))


def _property(text: str) -> Markup:
    """A core property's value: one line, at most 255 characters. The engine sets it as the
    text of an XML element, which escapes it; Markup keeps Jinja from escaping it twice."""
    one_line = " ".join(text.split())
    if len(one_line) > _PROPERTY_LENGTH:
        one_line = one_line[:_PROPERTY_LENGTH - 1].rstrip() + "…"
    return Markup(one_line)


def build_context(plan: Plan, profile: Profile = DEFAULT_PROFILE, *, type_name: str = "Kế hoạch"
                  ) -> dict[str, Any]:
    """Everything the Kế hoạch template reads, from ``plan``."""
    builder = _Builder(profile, plan.headings)
    inner = profile.cm_tw(profile.header_left_cm) - 2 * profile.cell_padding_tw - FIT_SLACK_TW

    def fits(line: str) -> bool:
        return text_width_tw(line, profile.size_issuer, bold=True) <= inner

    def parent_fits(line: str) -> bool:
        return text_width_tw(line, profile.size_issuer) <= inner

    issuer_lines = cv.issuer_lines([cv.upper_vi(line) for line in plan.issuer.name], fits)
    parent_lines = cv.issuer_lines([cv.upper_vi(line) for line in plan.issuer.parent],
                                   parent_fits)
    recipients = [cv.recipient_line(r) for r in plan.recipients]
    recipients.append(cv.archive_line(plan.archive, plan.drafter))
    opening_runs = None
    if isinstance(plan.opening, RichText):
        opening_runs = builder.runs(plan.opening)
    body = builder.blocks_of(plan.parts, plan.part_numbering)
    closing, closing_runs = "", None
    if isinstance(plan.closing, RichText):
        final = _final_runs(plan.closing)
        closing, closing_runs = final.text, builder.runs(final)
    elif plan.closing:
        closing = cv.final_mark(plan.closing)
    annexes = appendices(plan, type_name, builder)
    return {
        "issuer_parent": parent_lines,
        "issuer_lines": issuer_lines,
        "number_line": cv.number_line(plan.number),
        "place_date": cv.place_and_date(plan.issuer.place, plan.date),
        "type_name": cv.upper_vi(type_name),
        "title": plan.title,
        "bases": cv.citations(plan.legal_bases),
        "opening": _plain(plan.opening),
        "opening_runs": opening_runs,
        "blocks": body,
        "closing": closing,
        "closing_runs": closing_runs,
        "recipients": recipients,
        "signer_lines": cv.signer_lines(plan.signer),
        "signer_above_name": [cv.upper_vi(t) for t in plan.signer.titles_above_name],
        "signer_name": plan.signer.name or "",
        "rules": rules(plan, issuer_lines, profile),
        "appendices": annexes,
        "footnotes": builder.footnotes,
        "final": builder.section,
        "properties": {"title": _property(plan.title),
                       "author": _property(" ".join(plan.issuer.name))},
    }
