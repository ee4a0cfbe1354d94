"""Bố cục: which paragraphs of a document are the header, the title, the body, the signature.

The decree's layout (Phụ lục I, Mục IV) reads, in order: a borderless header table (issuer and
Số on the left, Quốc hiệu, Tiêu ngữ and the date on the right), ``KẾ HOẠCH`` and the trích yếu
centred with a short line under them, the body (an optional căn cứ block first), and a
borderless table with Nơi nhận on the left and the signature on the right; appendices follow in
sections of their own. :func:`find_layout` finds these parts in any document, kehoach's or a
clerk's, by their place and their words, not by style names.
"""

from __future__ import annotations

import re
from typing import Final

import attrs

from kehoach.checker.document import Block, Document, Paragraph, Table

#: A paragraph that starts the body rather than continuing the trích yếu.
BODY_START: Final = re.compile(
    r"^(Căn cứ|Thực hiện|[IVXLC]+\.\s|\d+(\.\d+)*\.\s|[a-zđ]\)\s|[-+•]\s)")
AUTHORITY: Final = re.compile(r"^(TM|KT|Q|TL|TUQ)\b")
APPENDIX_HEADING: Final = re.compile(r"^Phụ lục(\s+[IVXLC]+)?$")
BASIS_START: Final = ("Căn cứ", "Thực hiện")


@attrs.frozen
class Line:
    """A drawn line: how it is drawn, its length and whether it is centred (None: unknown)."""

    kind: str  # "border", "underline", "drawing"
    length_tw: float
    centred: bool | None
    holder: Paragraph


@attrs.define
class Layout:
    header: Table | None = None
    left: list[Paragraph] = attrs.field(factory=list)
    right: list[Paragraph] = attrs.field(factory=list)
    title: Paragraph | None = None
    subject: list[Paragraph] = attrs.field(factory=list)
    subject_line: Line | None = None
    body: list[Block] = attrs.field(factory=list)
    bases: list[Paragraph] = attrs.field(factory=list)
    signature: Table | None = None
    after: list[Block] = attrs.field(factory=list)
    appendix_headings: list[Paragraph] = attrs.field(factory=list)

    @property
    def body_paragraphs(self) -> list[Paragraph]:
        """Top-level paragraphs with text, after the căn cứ block, before the signature."""
        return [b for b in self.body if isinstance(b, Paragraph) and not b.empty
                and b not in self.bases]

    @property
    def recipients_cell(self) -> list[Paragraph]:
        if self.signature is None or not self.signature.rows:
            return []
        return [p for p in self.signature.column(0) if not p.empty]

    @property
    def signer_cell(self) -> list[Paragraph]:
        """Every paragraph (empty ones too) of the signature table's last column."""
        if self.signature is None or not self.signature.rows:
            return []
        return self.signature.column(-1)


def available_width(doc: Document, p: Paragraph) -> int:
    """Width a paragraph's lines may use before its own indents (cell or text area)."""
    if p.cell is not None and p.cell.width_tw:
        return p.cell.inner_width_tw
    section = doc.sections[min(p.section, len(doc.sections) - 1)]
    return (section.width or 11906) - (section.margins["left"] or 0) - (section.margins["right"] or 0)


def _border_line(doc: Document, p: Paragraph, side: str) -> Line | None:
    border = p.props.borders.get(side)
    if border is None or not border.visible:
        return None
    width = available_width(doc, p) - p.props.ind_left - p.props.ind_right
    tolerance = max(60, available_width(doc, p) // 20)
    centred = abs(p.props.ind_left - p.props.ind_right) <= tolerance
    return Line("border" if border.solid else f"border:{border.val}", width, centred, p)


def line_under(doc: Document, text_paras: list[Paragraph], following: Block | None
               ) -> Line | None:
    """The line drawn under ``text_paras``: an underline of their text, a bottom border on the
    last of them, a border or a drawing in the (empty) paragraph that follows."""
    if not text_paras:
        return None
    last = text_paras[-1]
    if last.all_runs(lambda r: r.underline in ("single", "thick")):
        from kehoach.layout.metrics import text_width_tw

        run = last.visible_runs[0].props
        width = text_width_tw(last.text, run.size_pt, bold=run.bold, italic=run.italic)
        return Line("underline", width, True, last)
    line = _border_line(doc, last, "bottom")
    if line is not None:
        return line
    if last.drawn_line_tw:
        return Line("drawing", last.drawn_line_tw, last.props.jc == "center" or None, last)
    if isinstance(following, Paragraph) and following.empty:
        for side in ("bottom", "top"):
            line = _border_line(doc, following, side)
            if line is not None:
                return line
        if following.drawn_line_tw:
            return Line("drawing", following.drawn_line_tw,
                        following.props.jc == "center" or None, following)
    return None


def _next_in(paras: list[Paragraph], p: Paragraph) -> Paragraph | None:
    i = paras.index(p)
    return paras[i + 1] if i + 1 < len(paras) else None


def find_layout(doc: Document) -> Layout:
    """Find the parts of the decree's layout in ``doc`` (missing parts stay ``None``/empty)."""
    out = Layout()
    blocks = doc.blocks
    i = 0
    # header table: the first table before any top-level text
    while i < len(blocks) and isinstance(blocks[i], Paragraph) and blocks[i].empty:
        i += 1
    if i < len(blocks) and isinstance(blocks[i], Table):
        out.header = blocks[i]
        out.left = out.header.column(0)
        out.right = out.header.column(-1) if any(len(r) > 1 for r in out.header.rows) else []
        i += 1
    # title: the next top-level paragraph with text
    while i < len(blocks) and not (isinstance(blocks[i], Paragraph) and not blocks[i].empty):
        if isinstance(blocks[i], Table):
            break
        i += 1
    if i < len(blocks) and isinstance(blocks[i], Paragraph):
        out.title = blocks[i]
        i += 1
        while i < len(blocks) and _continues_subject(blocks[i]) and len(out.subject) < 3:
            out.subject.append(blocks[i])  # type: ignore[arg-type]
            i += 1
            if _has_bottom_border(out.subject[-1]):
                break
        following = blocks[i] if i < len(blocks) else None
        out.subject_line = line_under(doc, out.subject, following)
        if out.subject_line is not None and out.subject_line.holder is following:
            i += 1
    # signature table: the last table after the title with "Nơi nhận" or an authority line
    sig_index = None
    for j in range(len(blocks) - 1, i - 1, -1):
        block = blocks[j]
        if isinstance(block, Table) and _is_signature(block):
            sig_index = j
            break
    if sig_index is None:
        end = next((j for j in range(i, len(blocks)) if isinstance(blocks[j], Paragraph)
                    and APPENDIX_HEADING.match(blocks[j].text)), len(blocks))
        out.body = list(blocks[i:end])
        out.after = list(blocks[end:])
    else:
        out.signature = blocks[sig_index]  # type: ignore[assignment]
        out.body = list(blocks[i:sig_index])
        out.after = list(blocks[sig_index + 1:])
    out.appendix_headings = [b for b in out.after if isinstance(b, Paragraph)
                             and APPENDIX_HEADING.match(b.text)]
    out.bases = _bases(out.body)
    return out


def _continues_subject(block: Block) -> bool:
    """Whether a paragraph after the title is (more of) the trích yếu, not the body: the
    trích yếu is centred; a justified paragraph that starts like a body line, or has a
    first-line indent, is the body (a trích yếu may well start "Thực hiện …")."""
    if not isinstance(block, Paragraph) or block.empty:
        return False
    body_like = block.props.jc == "both" and (bool(BODY_START.match(block.text))
                                              or block.props.first_line > 0)
    return not body_like


def _has_bottom_border(p: Paragraph) -> bool:
    border = p.props.borders.get("bottom")
    return border is not None and border.visible


def _is_signature(table: Table) -> bool:
    first = [p for p in table.column(0) if not p.empty]
    if first and first[0].text.casefold().startswith("nơi nhận"):
        return True
    last = [p for p in table.column(-1) if not p.empty]
    return bool(last) and bool(AUTHORITY.match(last[0].text) or last[0].text == "CHỦ TỊCH")


def _bases(body: list[Block]) -> list[Paragraph]:
    """The căn cứ block: leading paragraphs that start with "Căn cứ" (or "Thực hiện")
    up to the opening sentence (which ends with ":"); none unless one starts with "Căn cứ"."""
    out: list[Paragraph] = []
    for block in body:
        if isinstance(block, Table):
            break
        if block.empty:
            if out:
                break
            continue
        if not block.text.startswith(BASIS_START) or block.text.endswith(":"):
            break
        out.append(block)
    # "Thực hiện …" lines alone are a căn cứ block when set as one (in italics, as kehoach sets
    # its LegalBasis(verb="Thực hiện")); upright, they are the body's first paragraphs.
    if any(p.text.startswith("Căn cứ") for p in out) or (out and all(p.italic for p in out)):
        return out
    return []
