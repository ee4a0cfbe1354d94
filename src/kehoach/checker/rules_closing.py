"""Chữ ký và nơi nhận: the signature (R33–R35) and the recipients (R36–R38).

Both columns of the signature table are read as the lines they print, so a Nơi nhận list typed
in one paragraph with line breaks, or a signer's name after a line break, read as on paper.
"""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker import estimate
from kehoach.checker.document import Paragraph
from kehoach.checker.rules import (
    UNADDRESSED,
    Check,
    Context,
    check_bold,
    check_centred,
    check_size,
    check_upright,
    hp_range,
    is_upper,
    jc_words,
    limit,
    num,
    pt_range,
    rule,
    sizes_text,
)
from kehoach.checker.rules_header import issuer_lines
from kehoach.model import decree

_MARKS = "|".join(decree.MARKS)
#: ``TM. ỦY BAN NHÂN DÂN``: a mark, a dot, one space (Phụ lục I, II.7.b; annex lines 67–71).
MARK: Final = re.compile(rf"^({_MARKS})\. (\S.*)$")
MARK_LOOSE: Final = re.compile(rf"^({_MARKS})\b")
#: A mark typed another way (``T/M``, ``K.T``, ``T\\L``): read by no one as the decree's mark.
MARK_MISSPELT: Final = re.compile(r"^(T\s*[/.\\]\s*M|K\s*[/.\\]\s*T|T\s*[/.\\]\s*L"
                                  r"|T\s*[/.\\]\s*U\s*[/.\\]?\s*Q)\b", re.IGNORECASE)
RECIPIENT: Final = re.compile(r"^- \S.*;$")
#: Từ «Nơi nhận»: the word whose style the decree sets (the colon after it is not styled).
RECIPIENTS_WORD: Final = "Nơi nhận"
#: The ô 12 note as the decree's sample writes it (``PL.(300)``, Phụ lục I, Mục V row 11).
DRAFTER: Final = re.compile(r"[A-ZĐ]{1,6}\.\(\d+\)")
#: The ô 13 lines: the issuer's address, telephone, e-mail, website, fax (Phụ lục I, III.4).
ADDRESS: Final = re.compile(r"^(Địa chỉ|ĐT|Điện thoại|E-?mail|Website|Fax)\b", re.IGNORECASE)
#: The last recipient line: ``- Lưu: VT, VP.`` (annex line 97), maybe followed by the drafter's
#: mark and the number of copies (ô 12, R44): ``- Lưu: VT, VP. PL.(10)``.
ARCHIVE: Final = re.compile(r"^- Lưu: VT(?P<units>,\s*[^;]+?)?\.(?P<mark>\s*\S.*)?$")


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
    return ctx.layout.header is not None and bool(ctx.layout.draft)


def _no_signature(c: Check, ctx: Context) -> bool:
    if ctx.layout.signature is None:
        c.fail(None, "không thấy bảng chữ ký và nơi nhận",
               "bảng 2 cột không viền sau nội dung: nơi nhận bên trái, chữ ký bên phải")
        return True
    return False


@rule("R33", "Quyền hạn, chức vụ người ký", "signature", hard=True,
      what="quyền hạn (TM., KT., TL., TUQ., Q.) và chức vụ người ký: in hoa, đậm, 13–14 pt, "
           "căn giữa; sau chữ viết tắt có dấu chấm và một dấu cách; dòng cuối là chức vụ",
      source="NĐ 30, Phụ lục I, II.7.b, II.7.đ; Điều 13")
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
        elif MARK_MISSPELT.match(p.text):
            c.fail(p, f"«{p.text}»", "chữ viết tắt quyền hạn viết liền, rồi dấu chấm và một dấu "
                                      "cách: «TM. …», «KT. …», «TL. …», «TUQ. …»")
        check_bold(c, p, "quyền hạn, chức vụ")
        check_upright(c, p, "quyền hạn, chức vụ")
        check_size(c, p, "size_signer", "quyền hạn, chức vụ")
        check_centred(c, p, "quyền hạn, chức vụ", ctx.doc)
    _, issuer = issuer_lines(ctx) if ctx.layout.header is not None else ([], [])
    lines = [p.text for p in titles]
    problem = decree.signature_problem([p.text for p in issuer], lines,
                                       in_own_name=_in_own_name(ctx))
    if problem:
        c.fail(titles[0], " / ".join(lines), problem)


def _in_own_name(ctx: Context) -> bool:
    """Whether the head may sign in his own name, with no mark: not in a Kế hoạch (the body's
    plan), nor in a Quyết định or Nghị quyết whose authority line names the body rather than
    its head (``ỦY BAN NHÂN DÂN TỈNH …`` vs ``CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH …``)."""
    if ctx.doctype.key == "KH":
        return False
    authority = ctx.layout.authority
    if ctx.doctype.enacting and authority is not None:
        return not decree.is_peoples_committee([authority.text])
    return True


def _issuer_text(ctx: Context) -> str:
    parent, issuer = issuer_lines(ctx) if ctx.layout.header is not None else ([], [])
    return " ".join(p.text for p in (*parent, *issuer))


@rule("R34", "Họ tên người ký", "signature", hard=True,
      what="họ tên dòng cuối ô chữ ký: viết hoa chữ đầu mỗi âm tiết (không in hoa cả), đậm, "
           "13–14 pt, căn giữa; không ghi học hàm, học vị (trừ nơi pháp luật cho phép: quân hàm "
           "trong lực lượng vũ trang; học hàm, học vị ở cơ sở giáo dục, y tế, khoa học)",
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
    issuer = _issuer_text(ctx)
    prefix = decree.allowed_name_prefix(text, issuer)
    if decree.name_prefix_problem(text, issuer):
        c.fail(name, f"«{text}» có học hàm, học vị hoặc quân hàm trước họ tên",
               "chỉ họ và tên (quân hàm, học hàm chỉ ở văn bản của lực lượng vũ trang, cơ sở "
               "giáo dục, y tế, khoa học)")
    elif is_upper(text[len(prefix):]):
        c.fail(name, f"«{text}» in hoa toàn bộ", "viết hoa chữ đầu mỗi âm tiết: «Nguyễn Văn A»")
    elif decree.signer_name_problem(text, issuer):
        c.fail(name, f"«{text}»", "viết hoa chữ đầu mỗi âm tiết: «Nguyễn Văn A»")
    check_bold(c, name, "họ tên")
    check_upright(c, name, "họ tên")
    check_size(c, name, "size_signer", "họ tên")
    check_centred(c, name, "họ tên", ctx.doc)


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
    space = sum(estimate.line_height_tw(p) + (p.props.before + p.props.after
                                              if p.whole is None else 0) for p in gap)
    if titles[-1].origin is not name.origin:
        space += titles[-1].origin.props.after + name.origin.props.before
    if len(gap) < lines and space < limit("signature_gap_cm")[0] * 567:
        c.fail(name, f"{len(gap)} dòng trống, khoảng {num(space / 567, 1)} cm",
               f"ít nhất {num(lines)} dòng trống (khoảng {num(limit('signature_gap_cm')[0])} cm)")


#: How far (twips) text may sit from the cell's left edge and still be "sát lề trái": a
#: millimetre in, or pulled out into the cell's padding.
FLUSH_LEFT_TW: Final = 60


def _flush_left(p: Paragraph) -> bool:
    """Whether ``p`` prints against the left edge of its cell: left or justified, and its first
    line starts within a millimetre of the cell's text edge, or in the cell's padding."""
    if p.props.jc not in ("left", "both"):
        return False
    start = p.props.ind_left + p.props.first_line
    padding = p.cell.margin_left if p.cell is not None else 0
    return -padding - FLUSH_LEFT_TW <= start <= FLUSH_LEFT_TW \
        and p.props.ind_left <= max(FLUSH_LEFT_TW, start + FLUSH_LEFT_TW)


def _place(p: Paragraph) -> str:
    start = p.props.ind_left + p.props.first_line
    where = f"lùi vào {num(start / 567, 2)} cm" if start > 0 else f"thụt ra {num(-start / 567, 2)} cm"
    return f"{jc_words(p.props.jc)}, {where}"


@rule("R36", "«Nơi nhận:»", "signature", hard=True,
      what="«Nơi nhận:» đầu ô trái, đậm nghiêng, 12 pt, sát lề trái, ngang dòng quyền hạn",
      source="NĐ 30, Phụ lục I, II.9.d")
def r36(ctx: Context, c: Check) -> None:
    if _no_signature(c, ctx):
        return
    cell = ctx.layout.recipients_cell
    label = cell[0] if cell else None
    if label is None or label.text.rstrip() != "Nơi nhận:":
        c.fail(label, f"«{label.text if label else ''}»", "«Nơi nhận:» ở đầu ô bên trái")
        return
    # the decree styles the word («Từ "Nơi nhận" … sau có dấu hai chấm (:), … cỡ chữ 12, kiểu
    # chữ nghiêng, đậm»): a colon typed in another size or style is not judged
    word = label.runs_in(0, len(RECIPIENTS_WORD)) or label.visible_runs
    if not all(r.props.bold for r in word):
        c.fail(label, "«Nơi nhận:»: không in đậm (hoặc chỉ đậm một phần)", "«Nơi nhận:»: in đậm")
    if not all(r.props.italic for r in word):
        c.fail(label, "«Nơi nhận:» không in nghiêng", "in đậm nghiêng")
    low, high = hp_range("size_recipients_label")
    sizes = {r.props.size_hp for r in word} or label.sizes()
    if not all(low <= size <= high for size in sizes):
        c.fail(label, f"«Nơi nhận:»: cỡ chữ {sizes_text(sizes)}",
               f"«Nơi nhận:»: cỡ chữ {pt_range('size_recipients_label')}")
    if not _flush_left(label):
        c.fail(label, f"«Nơi nhận:» {_place(label)}", "căn trái, sát lề trái của ô")
    titles, _, _ = signer_parts(ctx)
    if titles and label.cell is not None and titles[0].cell is not None \
            and label.cell.row != titles[0].cell.row:
        c.fail(label, "«Nơi nhận:» không cùng hàng với quyền hạn, chức vụ",
               "ngang dòng với dòng quyền hạn, chức vụ đầu tiên")


def archive_mark(text: str) -> tuple[int, int] | None:
    """Where the ô 12 note sits in the Lưu line (start, end), or ``None``: text after the
    line's closing full stop (``- Lưu: VT, VP. PL.(10)``), or a person's name in brackets
    among the units (``- Lưu: VT, CCHC (Yến).``)."""
    m = ARCHIVE.match(text)
    if m is None:
        return None
    if m["mark"] and m["mark"].strip():
        return m.start("mark") + len(m["mark"]) - len(m["mark"].lstrip()), m.end("mark")
    named = re.search(r"\((?P<name>[A-ZĐÀ-Ỹ][a-zđà-ỹ]+(?: [A-ZĐÀ-Ỹ][a-zđà-ỹ]+)*)\)",
                      m["units"] or "")
    if named:
        offset = m.start("units")
        return offset + named.start(), offset + named.end()
    return None


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
    low, high = hp_range("size_recipients")
    for i, p in enumerate(items):
        last = i == len(items) - 1
        if last and not ARCHIVE.match(p.text):
            c.fail(p, f"«{p.text}»", "dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»")
        elif not last and not RECIPIENT.match(p.text):
            c.fail(p, f"«{p.text}»", "«- <nơi nhận>;» (gạch đầu dòng, kết thúc «;»)")
        span = archive_mark(p.text) if last else None
        sizes = _sizes_outside(p, span)  # the ô 12 note in the Lưu line is R44's business
        if not all(low <= s <= high for s in sizes):
            c.fail(p, f"nơi nhận cỡ chữ {sizes_text(sizes)}",
                   f"nơi nhận cỡ chữ {pt_range('size_recipients')}")
        check_bold(c, p, "nơi nhận", bold=False)
        if not _flush_left(p):
            c.fail(p, f"gạch đầu dòng {_place(p)}", "căn trái, «-» sát lề trái của ô")


@rule("R38", "Không «Như trên» khi không có «Kính gửi»", "signature", hard=False,
      kinds=UNADDRESSED,
      what="văn bản không có «Kính gửi» thì nơi nhận không có «- Như trên;»",
      source="NĐ 30, Phụ lục I, II.9; Mẫu 1.4")
def r38(ctx: Context, c: Check) -> None:
    for p in ctx.layout.recipients_cell:
        if p.text.startswith("- Như trên"):
            c.fail(p, f"«{p.text}»", "bỏ «- Như trên;» (văn bản không có «Kính gửi»)")


def _sizes_outside(p: Paragraph, span: tuple[int, int] | None) -> set[int]:
    """Sizes of the runs of ``p`` holding letters or digits outside ``span`` of ``p.text`` (a
    full stop or a bracket in a smaller size does not show)."""
    if span is None:
        return p.sizes()
    inside = set(map(id, p.runs_in(*span)))
    out = {r.props.size_hp for r in p.runs if id(r) not in inside
           and any(ch.isalnum() for ch in r.text)}
    return out or p.sizes()


def runs_in(p: Paragraph, span: tuple[int, int]) -> list:
    """The runs of ``p`` that hold visible text inside ``span`` of ``p.text``."""
    return p.runs_in(*span)
