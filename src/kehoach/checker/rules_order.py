"""Bố cục và thành phần khác: the order of the parts (R42), appendices (R43), the drafter's
mark and the address block (R44)."""

from __future__ import annotations

from kehoach.checker.document import Paragraph, Table
from kehoach.checker.layout import APPENDIX_HEADING, is_upper
from kehoach.checker.rules import (
    Check,
    Context,
    check_bold,
    check_centred,
    check_size,
    num,
    pt,
    rule,
    sizes_text,
)
from kehoach.checker.rules_closing import ADDRESS, ARCHIVE, archive_mark, runs_in
from kehoach.layout.profile import CHECK_LIMITS, SIZE_APPENDIX_HEADING
from kehoach.model import decree
from kehoach.rendering.conventions import roman


def _body_text(ctx: Context) -> list[Paragraph]:
    return [*ctx.layout.bases, *ctx.layout.body_paragraphs]


@rule("R42", "Bố cục: thứ tự các thành phần", "order", hard=True,
      what="phần đầu → tên loại → trích yếu → đường kẻ → nội dung → nơi nhận, chữ ký (công văn: "
           "phần đầu với «V/v» → «Kính gửi» → nội dung → …); sau đó chỉ có phụ lục (nếu có; "
           "phần riêng của phụ lục: R5)",
      source="NĐ 30, Phụ lục I, Mục IV; Phụ lục III, Mẫu 1.4, 1.5")
def r42(ctx: Context, c: Check) -> None:
    lay = ctx.layout
    blocks = ctx.doc.blocks
    first = next((b for b in blocks if isinstance(b, Table) or not b.empty), None)
    if lay.header is None or first is not lay.header:
        c.fail(first if isinstance(first, Paragraph) else None,
               "văn bản không mở đầu bằng bảng phần đầu (cơ quan, Quốc hiệu)",
               "bảng phần đầu ở đầu trang 1")
    if lay.title is None and ctx.doctype.title is not None:
        c.fail(None, "không thấy tên loại sau phần đầu",
               f"{ctx.doctype.title} ngay sau phần đầu")
    if not lay.body_paragraphs:
        c.fail(None, "không thấy nội dung", "nội dung sau trích yếu")
    if lay.signature is None:
        c.fail(None, "không thấy bảng nơi nhận, chữ ký", "nơi nhận, chữ ký sau nội dung")
        return
    for block in lay.after:
        if isinstance(block, Paragraph) and block.empty:
            continue
        if isinstance(block, Paragraph) and APPENDIX_HEADING.match(block.lines()[0].text):
            break  # appendices follow; their own section is R5's business
        where = block if isinstance(block, Paragraph) else None
        seen = (f"«{block.loc.snippet}» sau chữ ký" if isinstance(block, Paragraph)
                else f"bảng {block.index} sau chữ ký")
        c.fail(where, seen, "không có nội dung sau nơi nhận, chữ ký (trừ phụ lục)")
        break


def appendix_parts(ctx: Context, heading: Paragraph) -> tuple[list[Paragraph], list[Paragraph]]:
    """(title lines, note lines) under an appendix heading: the lines in capitals that follow
    it, then the "(Kèm theo …)" note, which may run over several paragraphs."""
    after = [line for b in ctx.layout.after if isinstance(b, Paragraph)
             for line in b.lines() if not line.empty]
    i = next(k for k, p in enumerate(after) if p.loc == heading.loc)
    titles: list[Paragraph] = []
    k = i + 1
    # A title in capitals may open with a bracket ("(DỰ KIẾN) DANH MỤC …"); the note is the
    # line that opens "(Kèm theo", in any case.
    while k < len(after) and is_upper(after[k].text) and not _is_note(after[k].text) \
            and len(titles) < 4:
        titles.append(after[k])
        k += 1
    note: list[Paragraph] = []
    if k < len(after) and after[k].text.startswith("(Kèm theo"):
        while k < len(after) and len(note) < 4:
            note.append(after[k])
            if after[k].text.rstrip().endswith(")"):
                break
            k += 1
    return titles, note


def _is_note(text: str) -> bool:
    return text.casefold().startswith("(kèm theo")


@rule("R43", "Phụ lục", "order", hard=True,
      what="«Phụ lục» (+ số La Mã khi có từ 2 phụ lục) chữ in thường, căn giữa, đậm, 14 pt; tên "
           "phụ lục in hoa, đậm; dòng «(Kèm theo …)» nghiêng; nội dung văn bản có nhắc đến phụ lục",
      source="NĐ 30, Phụ lục I, III.1")
def r43(ctx: Context, c: Check) -> None:
    headings = ctx.layout.appendix_headings
    if not headings:
        c.not_applicable("văn bản không có phụ lục")
        return
    many = len(headings) > 1
    kind = ctx.doctype.name
    for n, h in enumerate(headings, 1):
        wanted = f"Phụ lục {roman(n)}" if many else "Phụ lục"
        if h.text != wanted:
            why = " (in hoa; cần chữ in thường)" if is_upper(h.text) else ""
            c.fail(h, f"«{h.text}»{why}", f"«{wanted}»")
        check_centred(c, h, "«Phụ lục»", ctx.doc)
        check_bold(c, h, "«Phụ lục»")
        sizes = h.sizes()
        if sizes != {round(SIZE_APPENDIX_HEADING * 2)}:
            c.fail(h, f"«Phụ lục» cỡ {sizes_text(sizes)}", f"«Phụ lục» cỡ {num(SIZE_APPENDIX_HEADING)} pt")
        titles, note = appendix_parts(ctx, h)
        for title in titles:
            check_bold(c, title, "tên phụ lục")
            check_centred(c, title, "tên phụ lục", ctx.doc)
            check_size(c, title, "size_title", "tên phụ lục")
        if not note:
            following = titles[-1] if titles else h
            c.fail(following, "không thấy dòng «(Kèm theo …)» dưới tên phụ lục",
                   f"«(Kèm theo {kind} số …/… ngày … tháng … năm … của …)», in nghiêng, căn giữa")
            continue
        text = " ".join(p.text for p in note)
        if not text.endswith(")"):
            c.fail(note[-1], f"«{text}» thiếu dấu «)»", "«(Kèm theo …)»")
        for p in note:
            if not p.italic:
                c.fail(p, "dòng «(Kèm theo …)» không in nghiêng", "in nghiêng")
            check_centred(c, p, "dòng «(Kèm theo …)»", ctx.doc)
            check_size(c, p, "size_title", "dòng «(Kèm theo …)»")
    if not decree.mentions_appendix(p.text for p in _body_text(ctx)):
        c.fail(None, "nội dung văn bản không nhắc đến phụ lục",
               "nội dung dẫn chiếu phụ lục (ví dụ «… tại Phụ lục kèm theo»)")


@rule("R44", "Ký hiệu người soạn thảo, địa chỉ cơ quan", "order", hard=True,
      what="ký hiệu người soạn thảo (chữ in hoa), số bản (chữ số) ở ô 12: cỡ 11 pt, chữ đứng; "
           "địa chỉ cơ quan (ô 13) 11–12 pt, chỉ ở trang 1, dưới đường kẻ suốt chiều ngang",
      source="NĐ 30, Phụ lục I, III.3–4")
def r44(ctx: Context, c: Check) -> None:
    found = False
    low, high = (round(v * 2) for v in CHECK_LIMITS["size_drafter_note"])
    recipients = ctx.layout.recipients_cell
    archive = recipients[-1] if recipients and ARCHIVE.match(recipients[-1].text) else None
    span = archive_mark(archive.text) if archive is not None else None
    if archive is not None and span is not None:
        found = True
        mark = archive.text[span[0]:span[1]]
        runs = runs_in(archive, span)
        sizes = {r.props.size_hp for r in runs} or archive.sizes()
        letters = [ch for ch in mark if ch.isalpha()]
        if any(ch.islower() for ch in letters):
            c.fail(archive, f"ký hiệu người soạn thảo «{mark}» có chữ thường",
                   "ký hiệu người soạn thảo bằng chữ in hoa, số lượng bản bằng chữ số "
                   "(ví dụ «PL.(10)»)")
        shifted = {r.props.vert_align for r in runs} - {None}
        if shifted:
            c.fail(archive, f"«{mark}» in chỉ số {'dưới' if 'subscript' in shifted else 'trên'} "
                            "(in nhỏ hơn cỡ chữ)", f"cỡ {pt(low)}, chữ đứng, ngang dòng")
        if not all(low <= s <= high for s in sizes):
            c.fail(archive, f"«{mark}» cỡ {sizes_text(sizes)}", f"cỡ {pt(low)}")
        if any(r.props.italic for r in runs):
            c.fail(archive, f"«{mark}» in nghiêng", "chữ đứng")
    addr_low, addr_high = (round(v * 2) for v in CHECK_LIMITS["size_address"])
    first = ctx.doc.sections[0]
    first_parts = {first.footers.get("first") if first.title_page else None,
                   first.headers.get("first") if first.title_page else None} - {None}
    for part, paras in ctx.doc.parts.items():
        hits = [p for p in paras if ADDRESS.match(p.text)]
        if not hits:
            continue
        found = True
        if part not in first_parts:
            c.fail(hits[0], "địa chỉ cơ quan lặp lại ở mọi trang",
                   "địa chỉ cơ quan chỉ ở trang 1 (đầu/chân trang riêng của trang đầu)")
        for p in hits:
            sizes = p.sizes()
            if not all(addr_low <= s <= addr_high for s in sizes):
                c.fail(p, f"địa chỉ cơ quan cỡ {sizes_text(sizes)}",
                       f"cỡ {pt(addr_low)}–{pt(addr_high)}")
        i = paras.index(hits[0])
        top = hits[0].props.borders.get("top")
        above = paras[i - 1].props.borders.get("bottom") if i > 0 else None
        if not ((top and top.visible) or (above and above.visible)):
            c.fail(hits[0], "không có đường kẻ trên địa chỉ cơ quan",
                   "đường kẻ nét liền suốt chiều ngang vùng trình bày phía trên địa chỉ")
    if not found:
        c.not_applicable("văn bản không có ký hiệu người soạn thảo hay địa chỉ cơ quan")



