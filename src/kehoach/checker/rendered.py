"""Quy tắc trên bản in: rules only a rendering can show (P1–P9), read from a PDF.

The XML says what a paragraph asks for; only a layout engine says where its words land. The
checker has LibreOffice make a PDF (:func:`kehoach.convert.to_pdf`) and reads the words and their
positions page by page with PDFium (:mod:`kehoach.checker.pdf_words`). Without LibreOffice (or
with ``--no-render``) these rules are "not evaluated" and the report says so; a PDF that was
asked for and could not be made or read (a timeout, a crash) leaves the report inconclusive,
never passed.

Positions are in PDF points from the top-left corner of the page; each page is measured against
the margins of its own section (:func:`kehoach.checker.printed.page_sections`). Where there is
no PDF, P4, P6 and P9 still report what the file shows for certain
(:mod:`kehoach.checker.printed`); the rest are "not evaluated". P5, P6 and P9 read the pages
once between them (:class:`PrintedPages`: what each page shows of its number and its margins),
so a PDF of any length is read page by page, once. A PDF without a text layer never reaches
these rules (:func:`kehoach.checker.check` reports them "not evaluated").
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import attrs

from kehoach.checker import printed
from kehoach.checker.document import Paragraph, Section
from kehoach.checker.pdf_words import LOOKAHEAD, Page, Rendering, Word, find_on
from kehoach.checker.rules import Check, Context, num, rule
from kehoach.checker.rules_closing import signer_parts
from kehoach.checker.rules_header import (
    date_paragraph,
    motto,
    national_title,
    number_paragraph,
)
from kehoach.layout.profile import MOTTO, NATIONAL_TITLE

__all__ = ["LOOKAHEAD", "Page", "Rendering", "Word", "find_on", "one_line"]

#: Two words are on one line when their tops differ by less than this share of the font size.
SAME_LINE: Final = 0.5
#: How far (pt) a word may stray past a margin, or a page number from the centre.
TOLERANCE_PT: Final = 2.0
CENTRE_TOLERANCE_PT: Final = 10.0


def one_line(words: Sequence[Word]) -> bool:
    first = words[0]
    return all(abs(w.top - first.top) < SAME_LINE * max(first.size, w.size, 1) for w in words)


def _rendering(ctx: Context, c: Check,
               faults: list[printed.Fault] | None = None) -> Rendering | None:
    """The PDF; without one, the faults the file shows for certain (``faults``), else "not
    evaluated" with the reason."""
    if ctx.pdf is None:
        if faults:
            for fault in faults:
                c.fail(fault.where, fault.seen, fault.expected)
            c.note("xác định từ tệp .docx (không cần bản in)")
            return None
        c.not_evaluated(ctx.pdf_error or "chưa kết xuất PDF")
        return None
    return ctx.pdf  # type: ignore[return-value]


#: The limits of printed text on a page, in pt from its left edge: the least and the most a
#: word may reach (the section's own margins or the decree's, :func:`printed.bounds_tw`), and
#: the section's own margins.
Limits = tuple[float, float, float, float]


@attrs.frozen
class Overflow:
    """Chữ ra ngoài lề: the words of one page past a pair of limits (P9)."""

    count: int
    sample: str  # the first few, as printed
    x0: float  # the leftmost word's left edge (pt)
    x1: float  # the rightmost word's right edge (pt)


@attrs.frozen
class PrintedPage:
    """Trang in: what the page rules (P5, P6, P9) need of one printed page, kept after its
    words are let go, so that a PDF of any length is read once, page by page."""

    number: int  # 1-based
    width: float  # pt
    height: float  # pt
    head: tuple[str, ...]  # the texts of its first words (which section it opens)
    digits: tuple[Word, ...]  # its digit-only words in the top and bottom margins (its number)
    overflow: dict[Limits, Overflow | None]  # the words past each section's limits (P9)
    beyond_own: dict[Limits, bool]  # whether a word strays past the section's own margins


@attrs.frozen
class PrintedPages:
    """Các trang in: every page's :class:`PrintedPage` and the section each belongs to."""

    pages: tuple[PrintedPage, ...]
    sections: tuple[int, ...]  # the section index of each page (0-based, as ``pages``)

    def section(self, page: PrintedPage) -> int:
        return self.sections[page.number - 1]


def _limits(section: Section, page_width: float) -> Limits:
    """The limits (pt) of text on a page of ``page_width`` pt laid out by ``section``."""
    # the page's own width: a section's paper may differ from the PDF's (US Letter…)
    scale = page_width * 20 / (section.width or page_width * 20)
    low, high = printed.bounds_tw(section)
    return (low / 20 * scale, high / 20 * scale, abs(section.margins["left"] or 0) / 20,
            page_width - abs(section.margins["right"] or 0) / 20)


def _printed_page(page: Page, sections: Sequence[Section], band: tuple[float, float]
                  ) -> PrintedPage:
    top, bottom = band
    digits = tuple(w for w in page.words if w.text.isdigit()
                   and (w.bottom <= top + TOLERANCE_PT
                        or w.top >= page.height - bottom - TOLERANCE_PT))
    overflow: dict[Limits, Overflow | None] = {}
    beyond_own: dict[Limits, bool] = {}
    for key in {_limits(s, page.width) for s in sections}:
        left, right, own_left, own_right = key
        outside = [w for w in page.words
                   if w.x0 < left - TOLERANCE_PT or w.x1 > right + TOLERANCE_PT]
        overflow[key] = Overflow(len(outside), " ".join(w.text for w in outside[:6]),
                                 min(w.x0 for w in outside),
                                 max(w.x1 for w in outside)) if outside else None
        beyond_own[key] = any(w.x0 < own_left - TOLERANCE_PT or w.x1 > own_right + TOLERANCE_PT
                              for w in page.words)
    head = tuple(w.text for w in page.words[:printed.TOP_WORDS])
    return PrintedPage(page.number, page.width, page.height, head, digits, overflow, beyond_own)


def _printed(ctx: Context, pdf: Rendering) -> PrintedPages:
    """The PDF's pages as the page rules need them, read once for them all (cached)."""
    if ctx.printed_pages is None:
        sections = ctx.doc.sections
        band = (max(abs(s.margins["top"] or 0) for s in sections) / 20,
                max(abs(s.margins["bottom"] or 0) for s in sections) / 20)
        pages = tuple(_printed_page(page, sections, band) for page in pdf.pages)
        ctx.printed_pages = PrintedPages(pages, tuple(printed.page_sections(ctx.doc, pages)))
    return ctx.printed_pages  # type: ignore[return-value]


def _section(ctx: Context, index: int) -> Section:
    sections = ctx.doc.sections
    return sections[min(index, len(sections) - 1)]


def _margins_pt(section: Section) -> dict[str, float]:
    """A section's margins (pt)."""
    return {side: abs(section.margins[side] or 0) / 20
            for side in ("top", "bottom", "left", "right")}


def _lines_check(ctx: Context, c: Check, para: Paragraph | None, phrase: str | None, what: str
                 ) -> None:
    pdf = _rendering(ctx, c)
    if pdf is None:
        return
    if para is None or not phrase:
        c.not_applicable(f"không thấy {what} trong văn bản")
        return
    found = pdf.find(phrase, pages=[1])
    if found is None:
        c.not_applicable(f"không thấy {what} trên trang 1 của bản in")
        return
    page, words = found
    if not one_line(words):
        lines = len({round(w.top) for w in words})
        c.fail(para, f"{what} xuống {lines} dòng trên trang {page.number}",
               f"{what} trên một dòng (nới rộng cột hoặc giảm cỡ chữ trong khoảng cho phép)")


@rule("P1", "Quốc hiệu trên một dòng (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, Quốc hiệu nằm trọn một dòng", source="NĐ 30, Phụ lục I, II.1; nd30.md")
def p1(ctx: Context, c: Check) -> None:
    p = national_title(ctx) if ctx.layout.header is not None else None
    _lines_check(ctx, c, p, p.text if p is not None and p.text else NATIONAL_TITLE, "Quốc hiệu")


@rule("P2", "Tiêu ngữ trên một dòng (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, Tiêu ngữ nằm trọn một dòng", source="NĐ 30, Phụ lục I, II.1; nd30.md")
def p2(ctx: Context, c: Check) -> None:
    p = motto(ctx) if ctx.layout.header is not None else None
    _lines_check(ctx, c, p, p.text if p is not None and p.text else MOTTO, "Tiêu ngữ")


@rule("P3", "Địa danh, ngày tháng trên một dòng (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, dòng địa danh và ngày tháng nằm trọn một dòng",
      source="NĐ 30, Phụ lục I, II.4; nd30.md")
def p3(ctx: Context, c: Check) -> None:
    p = date_paragraph(ctx) if ctx.layout.header is not None else None
    _lines_check(ctx, c, p, p.text if p is not None else None, "địa danh, ngày tháng")


@rule("P4", "Số và ngày tháng ngang dòng (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, «Số: …» và dòng ngày tháng cùng một dòng",
      source="NĐ 30, Phụ lục I, II.4.c")
def p4(ctx: Context, c: Check) -> None:
    number = number_paragraph(ctx) if ctx.layout.header is not None else None
    date = date_paragraph(ctx) if ctx.layout.header is not None else None
    faults = printed.level_faults(ctx.doc, number, date) if ctx.pdf is None else None
    pdf = _rendering(ctx, c, faults)
    if pdf is None:
        return
    if number is None or date is None:
        c.not_applicable("không thấy số, ký hiệu hoặc ngày tháng (xem R14, R16)")
        return
    a, b = pdf.find(number.text, pages=[1]), pdf.find(date.text, pages=[1])
    if a is None or b is None:
        c.not_applicable("không thấy số, ký hiệu hoặc ngày tháng trên trang 1 của bản in")
        return
    wa, wb = a[1][0], b[1][0]
    if abs(wa.bottom - wb.bottom) > SAME_LINE * max(wa.size, wb.size):
        c.fail(date, f"«Số» ở {wa.bottom:.0f} pt, ngày tháng ở {wb.bottom:.0f} pt từ mép trên",
               "số, ký hiệu và địa danh, ngày tháng cùng một dòng")


def _page_numbers(page: PrintedPage, margins: dict[str, float]
                  ) -> tuple[list[Word], list[Word]]:
    """Digit-only words in the top margin and in the bottom margin of a page."""
    top = [w for w in page.digits if w.bottom <= margins["top"] + TOLERANCE_PT]
    bottom = [w for w in page.digits if w.top >= page.height - margins["bottom"] - TOLERANCE_PT]
    return top, bottom


@rule("P5", "Trang 1 không có số trang (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, trang 1 không có số trang", source="NĐ 30, Phụ lục I, I.7")
def p5(ctx: Context, c: Check) -> None:
    pdf = _rendering(ctx, c)
    if pdf is None or not pdf.pages:
        return
    scan = _printed(ctx, pdf)
    first = scan.pages[0]
    top, bottom = _page_numbers(first, _margins_pt(_section(ctx, scan.section(first))))
    for w in top + bottom:
        c.fail(None, f"trang 1 có số «{w.text}» ở lề {'trên' if w in top else 'dưới'}",
               "trang 1 không đánh số")


@rule("P6", "Số trang giữa lề trên từ trang 2 (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, từ trang 2 mỗi trang có số trang ở giữa lề trên, không ở lề dưới "
           "(trang đầu mỗi phụ lục có thể không có số)",
      source="NĐ 30, Phụ lục I, I.7")
def p6(ctx: Context, c: Check) -> None:
    appendix_starts = _appendix_starts(ctx)
    faults = printed.numbering_faults(ctx.doc, appendix_starts) if ctx.pdf is None else None
    pdf = _rendering(ctx, c, faults)
    if pdf is None:
        return
    if len(pdf.pages) < 2:
        c.not_applicable("bản in chỉ có 1 trang")
        return
    scan = _printed(ctx, pdf)
    starts: dict[int, int] = {}
    for k, section in enumerate(scan.sections):
        starts.setdefault(section, k)
    opening = {starts[s] for s in appendix_starts if s in starts}
    # an appendix that does not open a section of its own (R5) may still open unnumbered
    spare = max(0, len(ctx.layout.appendix_headings) - len(opening))
    for page in scan.pages[1:]:
        margins = _margins_pt(_section(ctx, scan.section(page)))
        top, bottom = _page_numbers(page, margins)
        for w in bottom:
            c.fail(None, f"trang {page.number}: số «{w.text}» ở lề dưới", "số trang ở lề trên")
        if not top:
            if page.number - 1 in opening:
                continue
            if spare > 0:
                spare -= 1
                continue
            c.fail(None, f"trang {page.number}: không có số trang ở lề trên",
                   "số trang ở giữa lề trên")
            continue
        centre = (margins["left"] + page.width - margins["right"]) / 2
        w = top[0]
        middle = (w.x0 + w.x1) / 2
        if abs(middle - centre) > CENTRE_TOLERANCE_PT:
            side = "phải" if middle > centre else "trái"
            c.fail(None, f"trang {page.number}: số trang lệch sang {side} "
                         f"{num(abs(middle - centre) / 72 * 25.4, 0)} mm so với giữa",
                   "số trang căn giữa vùng trình bày")


def _appendix_starts(ctx: Context) -> set[int]:
    """Sections whose first text is an appendix heading ("Phụ lục …")."""
    from kehoach.checker.layout import APPENDIX_HEADING

    out: set[int] = set()
    first_text: dict[int, Paragraph] = {}
    for p in ctx.doc.paragraphs:
        if p.top_level and not p.empty:
            first_text.setdefault(p.section, p)
    for index, p in first_text.items():
        if APPENDIX_HEADING.match(p.lines()[0].text if p.breaks else p.text):
            out.add(index)
    return out


@rule("P7", "Chữ ký và nơi nhận cùng một trang (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, «Nơi nhận», quyền hạn, chức vụ và họ tên người ký ở cùng một trang",
      source="nd30.md; NĐ 30, Phụ lục I, Mục IV")
def p7(ctx: Context, c: Check) -> None:
    pdf = _rendering(ctx, c)
    if pdf is None:
        return
    titles, _, name = signer_parts(ctx) if ctx.layout.signature is not None else ([], [], None)
    if not titles or name is None:
        c.not_applicable("không thấy khối chữ ký (xem R33, R34)")
        return
    pieces = {"«Nơi nhận:»": "Nơi nhận:", f"«{titles[0].text}»": titles[0].text,
              f"«{name.text}»": name.text}
    pages = {}
    for label, phrase in pieces.items():
        found = pdf.find(phrase, last=True)
        if found is None:
            c.not_applicable(f"không thấy {label} trong bản in")
            return
        pages[label] = found[0].number
    if len(set(pages.values())) > 1:
        c.fail(name, ", ".join(f"{k} ở trang {v}" for k, v in pages.items()),
               "nơi nhận và toàn bộ khối chữ ký trên cùng một trang")


@rule("P8", "«Nơi nhận» ngang dòng quyền hạn (bản in)", "rendered", hard=False, rendered=True,
      what="trên bản in, «Nơi nhận:» ngang dòng với dòng quyền hạn, chức vụ đầu tiên",
      source="NĐ 30, Phụ lục I, II.9.d")
def p8(ctx: Context, c: Check) -> None:
    pdf = _rendering(ctx, c)
    if pdf is None:
        return
    titles, _, _ = signer_parts(ctx) if ctx.layout.signature is not None else ([], [], None)
    if not titles:
        c.not_applicable("không thấy khối chữ ký (xem R33)")
        return
    a, b = pdf.find("Nơi nhận:", last=True), pdf.find(titles[0].text, last=True)
    if a is None or b is None:
        c.not_applicable("không thấy «Nơi nhận:» hoặc quyền hạn trong bản in")
        return
    wa, wb = a[1][0], b[1][0]
    if a[0].number != b[0].number or abs(wa.top - wb.top) > SAME_LINE * max(wa.size, wb.size):
        c.fail(titles[0], f"«Nơi nhận:» ở {wa.top:.0f} pt, «{titles[0].text}» ở {wb.top:.0f} pt",
               "«Nơi nhận:» ngang dòng với dòng quyền hạn, chức vụ đầu tiên")


@rule("P9", "Chữ nằm trong lề (bản in)", "rendered", hard=True, rendered=True,
      what="trên bản in, không có chữ nào in ra ngoài lề trái, lề phải của trang (chữ lấn lề "
           "trang nhưng còn trong khoảng lề Nghị định cho phép thì chỉ ghi chú)",
      source="NĐ 30, Phụ lục I, I.3")
def p9(ctx: Context, c: Check) -> None:
    faults = printed.margin_faults(ctx.doc, ctx.doc.blocks) if ctx.pdf is None else None
    pdf = _rendering(ctx, c, faults)
    if pdf is None:
        return
    scan = _printed(ctx, pdf)
    beyond_own = []
    for page in scan.pages:
        s = _section(ctx, scan.section(page))
        key = _limits(s, page.width)
        outside = page.overflow[key]
        if outside is not None:
            left, right = key[0], key[1]
            low_tw, high_tw = printed.decree_bounds_tw(s)
            where = []
            if outside.x0 < left - TOLERANCE_PT:
                where.append(f"cách mép trái {num(outside.x0 / 72 * 25.4, 1)} mm")
            if outside.x1 > right + TOLERANCE_PT:
                where.append(f"cách mép phải {num((page.width - outside.x1) / 72 * 25.4, 1)} mm")
            right_mm = ((s.width or 11906) - high_tw) / 56.693
            c.fail(None, f"trang {page.number}: {outside.count} chữ in ra ngoài lề "
                         f"({', '.join(where)}: «{outside.sample}»)",
                   f"chữ cách mép trái ít nhất {low_tw / 56.693:.0f} mm, cách mép phải ít nhất "
                   f"{right_mm:.0f} mm (Phụ lục I, I.3)")
            continue
        if page.beyond_own[key]:
            beyond_own.append(page.number)
    if beyond_own:
        pages = ", ".join(map(str, beyond_own[:8]))
        c.note(f"trang {pages}: có chữ in ra ngoài lề của chính văn bản nhưng vẫn trong "
               "khoảng lề Nghị định cho phép")
