"""Chữ ký, nơi nhận, viết hoa, bố cục: signature (R33–R35), recipients (R36–R38),
capitalisation and spelling (R39–R41), order and optional elements (R42–R44)."""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker.document import Paragraph, Table
from kehoach.checker.layout import APPENDIX_HEADING
from kehoach.checker.rules import (
    Check,
    Context,
    check_bold,
    check_centred,
    check_size,
    check_upright,
    hp_range,
    is_upper,
    limit,
    pt,
    pt_range,
    rule,
    sizes_text,
)
from kehoach.checker.rules_header import (
    DATE_DRAFT,
    NUMBER_DRAFT,
    date_paragraph,
    issuer_lines,
    number_paragraph,
)
from kehoach.layout.profile import CHECK_LIMITS, SIZE_APPENDIX_HEADING
from kehoach.model import ACADEMIC_TITLE, Mark, decree
from kehoach.rendering.conventions import roman

_MARKS = "|".join(m.value for m in Mark)
MARK: Final = re.compile(rf"^({_MARKS})\. (\S.*)$")
MARK_LOOSE: Final = re.compile(rf"^({_MARKS})\b")
TITLE_PREFIX: Final = ACADEMIC_TITLE
RECIPIENT: Final = re.compile(r"^- \S.*;$")
ARCHIVE: Final = re.compile(r"^- Lưu: VT(, [^.;]+)?\.( \S+)?$")
DRAFTER: Final = re.compile(r"[A-ZĐ]{1,6}\.\(\d+\)")
ADDRESS: Final = re.compile(r"^(Địa chỉ|ĐT|Điện thoại|E-?mail|Website|Fax)\b", re.IGNORECASE)
UBND: Final = decree.PEOPLES_COMMITTEE
#: The quyền hạn / chức vụ shapes for a Ủy ban nhân dân: the model's (nd30.md §5.1, Điều 13).
UBND_SHAPES: Final = decree.PEOPLES_COMMITTEE_SHAPES


def signer_parts(ctx: Context) -> tuple[list[Paragraph], list[Paragraph], Paragraph | None]:
    """(quyền hạn/chức vụ lines, empty lines of the gap, the name) of the signature cell."""
    cell = ctx.layout.signer_cell
    texts = [p for p in cell if not p.empty]
    if not texts:
        return [], [], None
    titles: list[Paragraph] = []
    i = 0
    while i < len(cell) and (cell[i].empty and not titles):
        i += 1
    while i < len(cell) and not cell[i].empty:
        titles.append(cell[i])
        i += 1
    gap: list[Paragraph] = []
    while i < len(cell) and cell[i].empty:
        gap.append(cell[i])
        i += 1
    name = texts[-1]
    if name in titles:
        if len(titles) > 1 and not is_upper(name.text):
            titles.remove(name)
        else:
            name = None
    return titles, gap, name


def _is_draft(ctx: Context) -> bool:
    """A draft: its number or its day is still blank (``Số:      /KH-UBND``,
    ``ngày      tháng …``)."""
    if ctx.layout.header is None:
        return False
    number, date = number_paragraph(ctx), date_paragraph(ctx)
    return bool((number is not None and NUMBER_DRAFT.match(number.text))
                or (date is not None and DATE_DRAFT.match(date.text)))


def _no_signature(c: Check, ctx: Context) -> bool:
    if ctx.layout.signature is None:
        c.fail(None, "không thấy bảng chữ ký và nơi nhận",
               "bảng 2 cột không viền sau nội dung: Nơi nhận bên trái, chữ ký bên phải")
        return True
    return False


@rule("R33", "Quyền hạn, chức vụ người ký", "signature", hard=True,
      what="«TM. ỦY BAN NHÂN DÂN» / «CHỦ TỊCH» (hoặc KT., Q.): in hoa, đậm, 13–14 pt, căn giữa",
      source="NĐ 30, Phụ lục I, II.7; Điều 13")
def r33(ctx: Context, c: Check) -> None:
    if _no_signature(c, ctx):
        return
    titles, _, _ = signer_parts(ctx)
    if not titles:
        c.fail(None, "không thấy quyền hạn, chức vụ người ký", "TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH")
        return
    for p in titles:
        if not is_upper(p.text):
            c.fail(p, "không in hoa", "quyền hạn, chức vụ in hoa")
        if MARK_LOOSE.match(p.text) and not MARK.match(p.text):
            c.fail(p, f"«{p.text}»", "chữ viết tắt quyền hạn, dấu chấm, một dấu cách: «TM. …»")
        check_bold(c, p, "quyền hạn, chức vụ")
        check_upright(c, p, "quyền hạn, chức vụ")
        check_size(c, p, "size_signer", "quyền hạn, chức vụ")
        check_centred(c, p, "quyền hạn, chức vụ")
    _, issuer = issuer_lines(ctx) if ctx.layout.header is not None else ([], [])
    lines = [p.text for p in titles]
    if decree.signature_problem([p.text for p in issuer], lines):
        c.fail(titles[0], " / ".join(lines),
               "một trong: " + "; ".join(" / ".join(s) for s in UBND_SHAPES))


@rule("R34", "Họ tên người ký", "signature", hard=True,
      what="họ tên dòng cuối ô chữ ký: viết hoa chữ đầu mỗi âm tiết (không in hoa cả), đậm, "
           "13–14 pt, căn giữa, không có học hàm, học vị",
      source="NĐ 30, Phụ lục I, II.7.c")
def r34(ctx: Context, c: Check) -> None:
    if _no_signature(c, ctx):
        return
    _, _, name = signer_parts(ctx)
    if name is None:
        if _is_draft(ctx):  # a draft may leave the name to be typed when it is signed
            c.not_applicable("dự thảo (chưa có số hoặc ngày): chưa có họ tên người ký")
            return
        c.fail(None, "không thấy họ tên người ký", "họ tên người ký dưới chữ ký")
        return
    text = name.text
    if TITLE_PREFIX.match(text):
        c.fail(name, f"«{text}» có học hàm, học vị", "chỉ họ và tên")
    elif is_upper(text):
        c.fail(name, f"«{text}» in hoa toàn bộ", "viết hoa chữ đầu mỗi âm tiết: «Nguyễn Văn A»")
    elif decree.signer_name_problem(text):
        c.fail(name, f"«{text}»", "viết hoa chữ đầu mỗi âm tiết: «Nguyễn Văn A»")
    check_bold(c, name, "họ tên")
    check_upright(c, name, "họ tên")
    check_size(c, name, "size_signer", "họ tên")
    check_centred(c, name, "họ tên")


@rule("R35", "Khoảng trống để ký, đóng dấu", "signature", hard=False,
      what="ít nhất 3 dòng trống (khoảng 2,5 cm) giữa chức vụ và họ tên",
      source="thực tiễn")
def r35(ctx: Context, c: Check) -> None:
    if ctx.layout.signature is None:
        c.not_applicable("không thấy bảng chữ ký (xem R33)")
        return
    titles, gap, name = signer_parts(ctx)
    if not titles or name is None:
        c.not_applicable("không thấy chức vụ hoặc họ tên (xem R33, R34)")
        return
    lines = limit("signature_gap_lines")[0]
    space = sum(p.mark.size_pt * 1.15 * 20 * (p.props.line or 240) / 240 + p.props.before
                + p.props.after for p in gap) + titles[-1].props.after + name.props.before
    if len(gap) < lines and space < limit("signature_gap_cm")[0] * 567:
        c.fail(name, f"{len(gap)} dòng trống, khoảng {space / 567:.1f} cm",
               f"ít nhất {lines:g} dòng trống (khoảng {limit('signature_gap_cm')[0]:g} cm)")


@rule("R36", "«Nơi nhận:»", "signature", hard=True,
      what="«Nơi nhận:» đầu ô trái, đậm nghiêng, 12 pt, sát lề trái, ngang dòng quyền hạn",
      source="NĐ 30, Phụ lục I, II.9.d")
def r36(ctx: Context, c: Check) -> None:
    if _no_signature(c, ctx):
        return
    cell = ctx.layout.recipients_cell
    label = cell[0] if cell else None
    if label is None or label.text != "Nơi nhận:":
        c.fail(label, f"«{label.text if label else ''}»", "«Nơi nhận:» ở đầu ô bên trái")
        return
    check_bold(c, label, "«Nơi nhận:»")
    if not label.italic:
        c.fail(label, "«Nơi nhận:» không in nghiêng", "in đậm nghiêng")
    check_size(c, label, "size_recipients_label", "«Nơi nhận:»")
    tol = limit("indent_tolerance_tw")[1]
    if label.props.jc not in ("left", "both") or abs(label.props.ind_left) > tol \
            or abs(label.props.ind_left + label.props.first_line) > tol:
        c.fail(label, f"căn «{label.props.jc}», thụt {label.props.ind_left + label.props.first_line} twip",
               "căn trái, sát lề")
    titles, _, _ = signer_parts(ctx)
    if titles and label.cell is not None and titles[0].cell is not None \
            and label.cell.row != titles[0].cell.row:
        c.fail(label, "«Nơi nhận:» không cùng hàng với quyền hạn, chức vụ",
               "ngang dòng với dòng quyền hạn, chức vụ đầu tiên")


@rule("R37", "Danh sách nơi nhận", "signature", hard=True,
      what="mỗi nơi nhận «- …;», dòng cuối «- Lưu: VT, …»; 11 pt, chữ thường, gạch đầu dòng sát lề trái",
      source="NĐ 30, Phụ lục I, II.9.d")
def r37(ctx: Context, c: Check) -> None:
    if _no_signature(c, ctx):
        return
    cell = ctx.layout.recipients_cell
    items = cell[1:] if cell and cell[0].text.startswith("Nơi nhận") else cell
    if not items:
        c.fail(cell[0] if cell else None, "không có danh sách nơi nhận", "- …; … - Lưu: VT, VP.")
        return
    tol = limit("indent_tolerance_tw")[1]
    for i, p in enumerate(items):
        last = i == len(items) - 1
        if last and not ARCHIVE.match(p.text):
            c.fail(p, f"«{p.text}»", "dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»")
        elif not last and not RECIPIENT.match(p.text):
            c.fail(p, f"«{p.text}»", "«- <nơi nhận>;» (gạch đầu dòng, kết thúc «;»)")
        low, high = hp_range("size_recipients")
        sizes = _sizes_outside(p, DRAFTER)  # ô 12 inside the Lưu line is R44's business
        if not all(low <= s <= high for s in sizes):
            c.fail(p, f"nơi nhận: cỡ chữ {sizes_text(sizes)}",
                   f"nơi nhận: cỡ chữ {pt_range('size_recipients')}")
        check_bold(c, p, "nơi nhận", bold=False)
        if p.props.jc not in ("left", "both") or abs(p.props.ind_left + p.props.first_line) > tol:
            c.fail(p, "gạch đầu dòng không sát lề trái", "căn trái, «-» sát lề")


@rule("R38", "Không «Như trên» trong kế hoạch", "signature", hard=False,
      what="kế hoạch không có «Kính gửi» nên nơi nhận không có «- Như trên;»",
      source="NĐ 30, Phụ lục I, II.9; Mẫu 1.4")
def r38(ctx: Context, c: Check) -> None:
    for p in ctx.layout.recipients_cell:
        if p.text.startswith("- Như trên"):
            c.fail(p, f"«{p.text}»", "bỏ «- Như trên;» (kế hoạch không có Kính gửi)")


# ------------------------------------------------------------------------------------ wording

_WRONG_CAPS: Final = (("Ủy Ban Nhân Dân", "Ủy ban nhân dân"), ("Uỷ Ban Nhân Dân", "Ủy ban nhân dân"),
                      ("Hội Đồng Nhân Dân", "Hội đồng nhân dân"), ("Thành Phố", "Thành phố/thành phố"),
                      ("Ủy Ban", "Ủy ban"), ("Uỷ Ban", "Ủy ban"))
_SENTENCE_END: Final = (".", "!", "?", ":", ";", "\n")


def _body_text(ctx: Context) -> list[Paragraph]:
    return [*ctx.layout.bases, *ctx.layout.body_paragraphs]


def _mid_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and not before.endswith(_SENTENCE_END) and not re.search(r"(^|\s)[-+]$", before)


@rule("R39", "Viết hoa tên cơ quan, địa danh", "wording", hard=False,
      what="«Ủy ban nhân dân», «Hội đồng nhân dân», «xã Hải Yến» (không viết hoa mọi chữ)",
      source="NĐ 30, Phụ lục II, III.1.a, IV.1.a")
def r39(ctx: Context, c: Check) -> None:
    for p in _body_text(ctx):
        for wrong, right in _WRONG_CAPS:
            if wrong in p.text:
                c.fail(p, f"«{wrong}»", f"«{right}»")
                break
        for m in re.finditer(r"\bXã [A-ZĐÀ-Ỹ]", p.text):
            if _mid_sentence(p.text, m.start()):
                c.fail(p, f"«{p.text[m.start():m.start() + 12]}…» giữa câu", "«xã …» (chữ xã viết thường)")
                break


_OLD_STYLE: Final = re.compile(r"(?<![qQ])(oà|oá|oả|oã|oạ|oè|oé|oẻ|oẽ|oẹ|uỳ|uý|uỷ|uỹ|uỵ)(?!\w)",
                               re.IGNORECASE)
_NEW_STYLE: Final = re.compile(r"(?<![qQ])(òa|óa|ỏa|õa|ọa|òe|óe|ỏe|õe|ọe|ùy|úy|ủy|ũy|ụy)(?!\w)",
                               re.IGNORECASE)


@rule("R40", "Bỏ dấu thanh nhất quán", "wording", hard=False,
      what="không dùng lẫn hai kiểu bỏ dấu (Ủy/Uỷ, hòa/hoà, hóa/hoá…) trong một văn bản",
      source="suy ra; NĐ 30 không quy định vị trí dấu")
def r40(ctx: Context, c: Check) -> None:
    old: dict[str, Paragraph] = {}
    new: dict[str, Paragraph] = {}
    for p in ctx.doc.paragraphs:
        for m in _OLD_STYLE.finditer(p.text):
            old.setdefault(_word_at(p.text, m.start()), p)
        for m in _NEW_STYLE.finditer(p.text):
            new.setdefault(_word_at(p.text, m.start()), p)
    if old and new:
        p = next(iter(old.values()))
        c.fail(p, f"dùng cả kiểu mới ({', '.join(list(new)[:3])}) và kiểu cũ ({', '.join(list(old)[:3])})",
               "một kiểu bỏ dấu trong cả văn bản (thường: Ủy, hòa, hóa)")


def _word_at(text: str, i: int) -> str:
    start = i
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = i
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


_DOC_KINDS: Final = ("kế hoạch", "quyết định", "nghị định", "nghị quyết", "thông tư", "chỉ thị",
                     "công văn", "thông báo", "hướng dẫn", "chương trình", "báo cáo", "tờ trình",
                     "luật")


@rule("R41", "Viết hoa khi viện dẫn văn bản", "wording", hard=False,
      what="«Kế hoạch số …», «Quyết định số …» viết hoa tên loại; «Điều», «Mục» viết hoa, "
           "«khoản», «điểm» viết thường",
      source="NĐ 30, Phụ lục II, V.6–7")
def r41(ctx: Context, c: Check) -> None:
    kinds = "|".join(_DOC_KINDS)
    for p in _body_text(ctx):
        for m in re.finditer(rf"\b({kinds}) số \d", p.text):
            c.fail(p, f"«{m.group(0)}…»", f"«{m.group(1)[0].upper()}{m.group(1)[1:]} số …»")
            break
        for m in re.finditer(r"\b(Khoản|Điểm) (\d+|[a-zđ])\b", p.text):
            if _mid_sentence(p.text, m.start()):
                c.fail(p, f"«{m.group(0)}» giữa câu", f"«{m.group(1).lower()} {m.group(2)}»")
                break
        for m in re.finditer(r"\b(điều|chương) (\d+|[IVXLC]+)\b", p.text):
            c.fail(p, f"«{m.group(0)}»", f"«{m.group(1).capitalize()} {m.group(2)}»")
            break


# ------------------------------------------------------------------------------------ order

@rule("R42", "Bố cục: thứ tự các thành phần", "order", hard=True,
      what="phần đầu → KẾ HOẠCH → trích yếu → đường kẻ → nội dung → nơi nhận, chữ ký; "
           "sau đó chỉ có phụ lục (nếu có; phần riêng của phụ lục: R5)",
      source="NĐ 30, Phụ lục I, Mục IV; Mẫu 1.4")
def r42(ctx: Context, c: Check) -> None:
    lay = ctx.layout
    blocks = ctx.doc.blocks
    first = next((b for b in blocks if isinstance(b, Table) or not b.empty), None)
    if lay.header is None or first is not lay.header:
        c.fail(first if isinstance(first, Paragraph) else None,
               "văn bản không mở đầu bằng bảng phần đầu (cơ quan, Quốc hiệu)",
               "bảng phần đầu ở đầu trang 1")
    if lay.title is None:
        c.fail(None, "không thấy tên loại sau phần đầu", "KẾ HOẠCH ngay sau phần đầu")
    if not lay.body_paragraphs:
        c.fail(None, "không thấy nội dung", "nội dung sau trích yếu")
    if lay.signature is None:
        c.fail(None, "không thấy bảng nơi nhận, chữ ký", "nơi nhận, chữ ký sau nội dung")
        return
    for block in lay.after:
        if isinstance(block, Paragraph) and block.empty:
            continue
        if isinstance(block, Paragraph) and APPENDIX_HEADING.match(block.text):
            break  # appendices follow; their own section is R5's business
        where = block if isinstance(block, Paragraph) else None
        seen = (f"«{block.loc.snippet}» sau chữ ký" if isinstance(block, Paragraph)
                else f"bảng {block.index} sau chữ ký")
        c.fail(where, seen, "không có nội dung sau nơi nhận, chữ ký (trừ phụ lục ở phần mới)")
        break


@rule("R43", "Phụ lục", "order", hard=True,
      what="«Phụ lục» (+ số La Mã khi có từ 2 phụ lục) căn giữa, đậm, 14 pt; tên phụ lục in hoa, "
           "đậm; dòng «(Kèm theo …)» nghiêng; nội dung văn bản có nhắc đến phụ lục",
      source="NĐ 30, Phụ lục I, III.1")
def r43(ctx: Context, c: Check) -> None:
    headings = ctx.layout.appendix_headings
    if not headings:
        c.not_applicable("văn bản không có phụ lục")
        return
    many = len(headings) > 1
    after = [b for b in ctx.layout.after if isinstance(b, Paragraph) and not b.empty]
    for n, h in enumerate(headings, 1):
        wanted = f"Phụ lục {roman(n)}" if many else "Phụ lục"
        if h.text != wanted:
            c.fail(h, f"«{h.text}»", f"«{wanted}»")
        check_centred(c, h, "«Phụ lục»")
        check_bold(c, h, "«Phụ lục»")
        sizes = h.sizes()
        if sizes != {round(SIZE_APPENDIX_HEADING * 2)}:
            c.fail(h, f"«Phụ lục» cỡ {sizes_text(sizes)}", f"«Phụ lục» cỡ {SIZE_APPENDIX_HEADING:g} pt")
        i = after.index(h)
        title = after[i + 1] if i + 1 < len(after) else None
        note = after[i + 2] if i + 2 < len(after) else None
        if title is None or not is_upper(title.text):
            c.fail(title or h, "không thấy tên phụ lục in hoa", "tên phụ lục in hoa, đậm, căn giữa")
        else:
            check_bold(c, title, "tên phụ lục")
            check_centred(c, title, "tên phụ lục")
            check_size(c, title, "size_title", "tên phụ lục")
        if note is None or not (note.text.startswith("(Kèm theo") and note.text.endswith(")")):
            c.fail(note or h, f"«{note.text if note else ''}»",
                   "«(Kèm theo Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân xã …)»")
        else:
            if not note.italic:
                c.fail(note, "dòng «(Kèm theo …)» không nghiêng", "in nghiêng")
            check_centred(c, note, "dòng «(Kèm theo …)»")
            check_size(c, note, "size_title", "dòng «(Kèm theo …)»")
    if not decree.mentions_appendix(p.text for p in _body_text(ctx)):
        c.fail(None, "nội dung văn bản không nhắc đến phụ lục",
               "nội dung dẫn chiếu phụ lục (ví dụ «… tại Phụ lục kèm theo»)")


@rule("R44", "Ký hiệu người soạn thảo, địa chỉ cơ quan", "order", hard=True,
      what="ký hiệu người soạn thảo, số bản (ô 12) cỡ 11 pt; địa chỉ cơ quan (ô 13) 11–12 pt, "
           "chỉ ở trang 1, dưới đường kẻ suốt chiều ngang",
      source="NĐ 30, Phụ lục I, III.3–4")
def r44(ctx: Context, c: Check) -> None:
    found = False
    low, high = (round(v * 2) for v in CHECK_LIMITS["size_drafter_note"])
    for p in ctx.layout.recipients_cell:
        for m in DRAFTER.finditer(p.text):
            found = True
            sizes = _sizes_at(p, m.group(0))
            if not all(low <= s <= high for s in sizes):
                c.fail(p, f"«{m.group(0)}» cỡ {sizes_text(sizes)}", f"cỡ {pt(low)}")
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
                   "đường kẻ nét liền suốt chiều ngang vùng chữ phía trên địa chỉ")
    if not found:
        c.not_applicable("văn bản không có ký hiệu người soạn thảo hay địa chỉ cơ quan")


def _sizes_outside(p: Paragraph, pattern: re.Pattern[str]) -> set[int]:
    """Sizes of the visible runs of ``p`` that hold text outside the matches of ``pattern``."""
    text = p.raw_text
    spans = [m.span() for m in pattern.finditer(text)]
    out, pos = set(), 0
    for r in p.runs:
        start, end = pos, pos + len(r.text)
        pos = end
        outside = [i for i in range(start, end) if not text[i].isspace()
                   and not any(a <= i < b for a, b in spans)]
        if outside:
            out.add(r.props.size_hp)
    return out or p.sizes()


def _sizes_at(p: Paragraph, needle: str) -> set[int]:
    text = p.raw_text
    start = text.find(needle)
    if start < 0:
        return p.sizes()
    end = start + len(needle)
    out, pos = set(), 0
    for r in p.runs:
        if pos < end and pos + len(r.text) > start and r.text.strip():
            out.add(r.props.size_hp)
        pos += len(r.text)
    return out or p.sizes()

