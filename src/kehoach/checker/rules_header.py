"""Phần đầu văn bản: Quốc hiệu, Tiêu ngữ, issuer, Số, date (R9–R18), title block (R19–R22).

The header is read as the lines it prints: a Quốc hiệu and Tiêu ngữ typed in one paragraph with
a line break are two lines; a line drawn as a shape anchored in the Số or the date paragraph is
matched to the text it lands under (:func:`kehoach.checker.layout.line_in_cell`); a line pushed
to the middle of its cell with spaces counts as centred (what prints decides).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from kehoach.checker import estimate
from kehoach.checker.doctype import LEGAL_KINDS, TYPES
from kehoach.checker.document import Cell, Paragraph
from kehoach.checker.drafts import (
    DATE,
    DATE_DRAFT,
    DATE_LOOSE,
    NUMBER,
    NUMBER_DRAFT,
    one_space,
)
from kehoach.checker.layout import (
    NUMBER_LINE,
    UNDERSCORES,
    VV,
    Line,
    available_width,
    line_in_cell,
    line_under,
)
from kehoach.checker.rules import (
    TITLED,
    UNADDRESSED,
    WITH_SUBJECT,
    WITH_SUBJECT_LINE,
    Check,
    Context,
    check_bold,
    check_centred,
    check_size,
    check_upright,
    cm_tw,
    is_upper,
    limit,
    num,
    rule,
    sizes_text,
)
from kehoach.layout.profile import MOTTO, NATIONAL_TITLE
from kehoach.model import decree

NATIONAL_TITLES: Final = (NATIONAL_TITLE, NATIONAL_TITLE.replace("HÒA", "HOÀ"))
#: The unit words an issuer name starts with (Phụ lục II: the place name drops them).
UNIT_WORDS: Final = ("THỊ TRẤN", "THỊ XÃ", "THÀNH PHỐ", "ĐẶC KHU", "PHƯỜNG", "HUYỆN", "QUẬN",
                     "TỈNH", "XÃ")
#: Issuer lines that are a body's kind, not a chủ quản (the first line of "ỦY BAN NHÂN DÂN /
#: XÃ …" is part of the issuer's name).
BARE_KINDS: Final = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
#: Phụ lục III: the tên loại of each kind and its abbreviation (``"KẾ HOẠCH"`` → ``"KH"``).
TYPE_CODES: Final = {t.title: t.code for t in TYPES if t.title and t.code}
#: A Công văn's trích yếu: 12–13 pt (Phụ lục I, II.5.b, annex line 48).
LETTER_SUBJECT_PT: Final = (12, 13)
#: … set 6 pt below the Số line (annex line 48), less a twip of rounding.
LETTER_SUBJECT_GAP_TW: Final = 110


# ------------------------------------------------------------------------------------ finding

def _first_text(paras: list[Paragraph]) -> Paragraph | None:
    return next((p for p in paras if not p.empty), None)


def national_title(ctx: Context) -> Paragraph | None:
    return _first_text(ctx.layout.right)


def motto(ctx: Context) -> Paragraph | None:
    qh = national_title(ctx)
    if qh is None:
        return None
    right = ctx.layout.right
    i = right.index(qh)
    return right[i + 1] if i + 1 < len(right) else None


def issuer_lines(ctx: Context) -> tuple[list[Paragraph], list[Paragraph]]:
    """(chủ quản lines, issuer lines) at the top of the left column."""
    lines: list[Paragraph] = []
    for p in ctx.layout.left:
        if not p.empty and not lines and p.text.startswith("Số"):
            break
        if p.empty or NUMBER_LINE.match(p.text) or UNDERSCORES.match(p.text) \
                or p.text in ("*", "***") or VV.match(p.text):
            if lines:
                break
            continue
        lines.append(p)
    # The chủ quản lines are regular, the issuer's bold: a regular "ỦY BAN NHÂN DÂN / XÃ …"
    # above a bold name is a chủ quản. Only when nothing is bold does a bare kind of body
    # start the issuer's own name (a UBND whose name lost its bold).
    first_bold = next((i for i, p in enumerate(lines) if p.any_run(lambda r: r.bold)), None)
    if first_bold is not None:
        return lines[:first_bold], lines[first_bold:]
    parent: list[Paragraph] = []
    for p in lines[:-1]:
        if p.text in BARE_KINDS:
            break
        parent.append(p)
    return parent, lines[len(parent):]


def number_paragraph(ctx: Context) -> Paragraph | None:
    return next((p for p in ctx.layout.left if NUMBER_LINE.match(p.text)), None)


def date_paragraph(ctx: Context) -> Paragraph | None:
    return next((p for p in ctx.layout.right if DATE_LOOSE.search(p.text)), None)


def _no_header(c: Check, ctx: Context, what: str) -> bool:
    if ctx.layout.header is None:
        c.fail(None, f"không thấy bảng phần đầu văn bản (nên không thấy {what})",
               "bảng 2 cột không viền ở đầu trang 1: cơ quan, số bên trái; Quốc hiệu, "
               "Tiêu ngữ, địa danh ngày tháng bên phải")
        return True
    return False


def _ratio_check(c: Check, line: Line | None, widths: list[float],
                 bounds: tuple[float, float], what: str, under: Paragraph | None,
                 expected: str) -> None:
    """The line's length against the text's (Phụ lục I, II.1.b, II.5.b: "1/3 đến 1/2 độ dài
    của dòng chữ"). A name or trích yếu on several printed lines gives several lengths and the
    decree does not say which one counts: the line fails when it is short of ``bounds`` for
    every printed line, or long for every one. Within bounds of one line, or short of the
    long line and long of the short one (then some length between them fits), it passes."""
    if line is None:
        c.fail(under, f"không có đường kẻ dưới {what}", expected)
        return
    if line.crosses is not None:
        text = line.crosses.loc.snippet or line.crosses.text
        where = ("nằm cùng dòng với chữ" if line.beside else
                 "nằm giữa các dòng chữ" if line.between else "vẽ đè lên chữ")
        c.fail(line.holder, f"đường kẻ dưới {what} {where} «{text}», không nằm dưới "
                            f"{what}", f"đường kẻ nằm ngay dưới dòng {what}, không chạm chữ "
                                       "dòng nào (xem vị trí của hình vẽ trong Word)")
        return
    if ":" in line.kind:  # a border or a drawing that is not a single solid stroke
        c.fail(line.holder, f"đường kẻ dưới {what} không phải nét liền "
                            f"({line.kind.split(':')[-1]})", "nét liền")
    low, high = bounds
    ratios = [line.length_tw / w for w in widths if w > 0]
    if ratios and (all(r < low for r in ratios) or all(r > high for r in ratios)):
        if len(ratios) == 1:
            measure = f"{num(ratios[0], 2)} lần dòng chữ dài {num(widths[0] / 567, 2)} cm"
        else:
            shown = " và ".join(num(r, 2) for r in ratios)
            measure = (f"{shown} lần các dòng chữ (dài nhất {num(max(widths) / 567, 2)} cm)")
        c.fail(line.holder, f"đường kẻ dưới {what} dài {num(line.length_tw / 567, 2)} cm, bằng "
                            f"{measure}", expected)
    if line.centred is False:
        c.fail(line.holder, f"đường kẻ dưới {what} lệch sang một bên", "đường kẻ cân giữa dòng chữ")


def _widths(doc, paras: list[Paragraph]) -> list[float]:
    """The widths of every printed line of ``paras`` (long ones wrapped)."""
    out: list[float] = []
    for p in paras:
        room = available_width(doc, p) - p.props.ind_left - p.props.ind_right
        out.extend(estimate.wrapped_widths(p, room))
    return out


def _column_cells(ctx: Context, which: int) -> list[Cell]:
    table = ctx.layout.header
    if table is None:
        return []
    cells = []
    for row in table.rows:
        if row and (which == 0 or len(row) > 1):
            cells.append(row[which])
    return cells


def line_below(ctx: Context, column: list[Paragraph], target: Paragraph, which: int
               ) -> Line | None:
    """The line under ``target`` in a column of the header: its underline or border, the
    next (empty) line's border or underscores, or a shape drawn anywhere in the column that
    lands under it (judged by where it lands, the shapes of ``target``'s own paragraph and of
    the next one included: :func:`~kehoach.checker.layout.line_in_cell`)."""
    i = column.index(target)
    following = column[i + 1] if i + 1 < len(column) else None
    line = line_under(ctx.doc, [target], following)
    if line is not None and line.kind != "drawing" and not line.kind.startswith("drawing:"):
        return line
    return line_in_cell(ctx.doc, _column_cells(ctx, which), target)


# ------------------------------------------------------------------------------------ rules

@rule("R9", "Quốc hiệu", "header", hard=True,
      what="«CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»: đầu ô bên phải, in hoa, đậm, 12–13 pt, căn giữa",
      source="NĐ 30, Phụ lục I, II.1.a")
def r9(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "Quốc hiệu"):
        return
    p = national_title(ctx)
    if p is None or one_space(p.text) not in NATIONAL_TITLES:
        c.fail(p, f"dòng đầu ô bên phải: «{p.text if p else ''}»", f"«{NATIONAL_TITLE}»")
        return
    check_centred(c, p, "Quốc hiệu", ctx.doc)
    check_bold(c, p, "Quốc hiệu")
    check_upright(c, p, "Quốc hiệu")
    check_size(c, p, "size_national_title", "Quốc hiệu")


def _single_spaced(p: Paragraph) -> bool:
    """Line spacing that prints as single: auto 1.0, or an "at least" / exact height no
    larger than a single line of the text."""
    rule_, line = p.props.line_rule, p.props.line
    single = estimate.SINGLE_LINE_EM * max(p.sizes()) / 2 * 20
    if rule_ == "auto":
        return (line or 240) == 240
    if rule_ == "atLeast":
        return (line or 0) <= single + 20
    return abs((line or 0) - single) <= 0.1 * single


@rule("R10", "Tiêu ngữ", "header", hard=True,
      what="«Độc lập - Tự do - Hạnh phúc» ngay dưới Quốc hiệu: gạch nối (-) có cách, đậm, "
           "13–14 pt, căn giữa, cách dòng đơn",
      source="NĐ 30, Phụ lục I, II.1.b–c")
def r10(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "Tiêu ngữ"):
        return
    p = motto(ctx)
    if p is None or one_space(p.text) != MOTTO:
        seen = p.text if p is not None else ""
        if p is not None and p.empty:
            seen = "dòng trống giữa Quốc hiệu và Tiêu ngữ"
        elif "–" in seen or "—" in seen:
            seen = f"«{seen}» (dùng gạch ngang dài «–» thay cho gạch nối «-»)"
        else:
            seen = f"«{seen}»"
        c.fail(p, seen, f"«{MOTTO}» (gạch nối «-», mỗi bên một dấu cách) ngay dưới Quốc hiệu")
        return
    check_centred(c, p, "Tiêu ngữ", ctx.doc)
    check_bold(c, p, "Tiêu ngữ")
    check_upright(c, p, "Tiêu ngữ")
    check_size(c, p, "size_motto", "Tiêu ngữ")
    if not _single_spaced(p):
        shown = (f"{num((p.props.line or 240) / 240)} dòng" if p.props.line_rule == "auto"
                 else f"{num((p.props.line or 0) / 20)} pt ({p.props.line_rule})")
        c.fail(p, f"Tiêu ngữ cách dòng {shown}", "cách dòng đơn")


@rule("R11", "Đường kẻ dưới Tiêu ngữ", "header", hard=True,
      what="nét liền dưới Tiêu ngữ, dài bằng dòng chữ (0,85–1,15 lần)",
      source="NĐ 30, Phụ lục I, II.1.b")
def r11(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "Tiêu ngữ"):
        return
    p = motto(ctx)
    if p is None or p.empty:
        c.fail(p, "không thấy Tiêu ngữ", "Tiêu ngữ có đường kẻ dưới")
        return
    # the Tiêu ngữ's own width (a Tiêu ngữ that wraps is P2's business)
    _ratio_check(c, line_below(ctx, ctx.layout.right, p, -1), [estimate.line_width(p)],
                 limit("motto_rule_ratio"), "Tiêu ngữ", p,
                 "nét liền dài bằng dòng Tiêu ngữ, căn giữa")


@rule("R12", "Tên cơ quan ban hành", "header", hard=True,
      what="đầu ô trái: tên cơ quan in hoa, đậm, 12–13 pt, căn giữa (cơ quan chủ quản, nếu có: "
           "in hoa, không đậm)",
      source="NĐ 30, Phụ lục I, II.2")
def r12(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "tên cơ quan"):
        return
    parent, issuer = issuer_lines(ctx)
    if not issuer:
        c.fail(_first_text(ctx.layout.left), "không thấy tên cơ quan ban hành ở đầu ô bên trái",
               "tên cơ quan ban hành in hoa, đậm")
        return
    for p in parent:
        if not is_upper(p.text):
            c.fail(p, "tên cơ quan chủ quản không in hoa", "in hoa")
        check_bold(c, p, "tên cơ quan chủ quản", bold=False)
        check_size(c, p, "size_issuer", "tên cơ quan chủ quản")
        check_centred(c, p, "tên cơ quan chủ quản", ctx.doc)
    for p in issuer:
        if not is_upper(p.text):
            c.fail(p, "tên cơ quan không in hoa", "tên cơ quan in hoa")
        check_bold(c, p, "tên cơ quan")
        check_upright(c, p, "tên cơ quan")
        check_size(c, p, "size_issuer", "tên cơ quan")
        check_centred(c, p, "tên cơ quan", ctx.doc)
    if parent and issuer[0].text in BARE_KINDS:
        c.note("Ủy ban nhân dân thường không có dòng cơ quan chủ quản")


@rule("R13", "Đường kẻ dưới tên cơ quan", "header", hard=True,
      what="nét liền dưới tên cơ quan, dài 1/3–1/2 dòng chữ, cân giữa",
      source="NĐ 30, Phụ lục I, II.2.b")
def r13(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "tên cơ quan"):
        return
    _, issuer = issuer_lines(ctx)
    if not issuer:
        c.fail(None, "không thấy tên cơ quan ban hành", "tên cơ quan có đường kẻ dưới")
        return
    last = issuer[-1]
    _ratio_check(c, line_below(ctx, ctx.layout.left, last, 0),
                 _widths(ctx.doc, issuer), limit("short_rule_ratio"),
                 "tên cơ quan", last, "nét liền dài 1/3 đến 1/2 dòng tên cơ quan, cân giữa")


@rule("R14", "Số, ký hiệu", "header", hard=True,
      what="«Số: 05/KH-UBND» dưới tên cơ quan: số < 10 có số 0 đầu, không cách quanh / và -, "
           "13 pt, chữ đứng, căn giữa",
      source="NĐ 30, Phụ lục I, II.3")
def r14(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "số, ký hiệu"):
        return
    p = number_paragraph(ctx)
    if p is None:
        c.fail(None, "không thấy dòng «Số: …» ở ô bên trái", "Số: 05/KH-UBND")
        return
    text = p.text
    m = NUMBER.match(text) or NUMBER_DRAFT.match(text)
    if not m:
        c.fail(p, f"«{text}»" + _number_hint(text), "«Số: 05/KH-UBND» (01–09 có số 0 ở đầu; "
               "bản dự thảo «Số:      /KH-UBND»)")
    elif m["year"] and ctx.doctype.key not in LEGAL_KINDS:
        c.fail(p, f"«{text}»: số có năm ban hành",
               "số, ký hiệu không ghi năm (năm chỉ ghi trong số của văn bản quy phạm pháp luật)")
    check_size(c, p, "size_number", "số, ký hiệu")
    check_bold(c, p, "số, ký hiệu", bold=False)
    check_upright(c, p, "số, ký hiệu")
    check_centred(c, p, "số, ký hiệu", ctx.doc)


def _number_hint(text: str) -> str:
    m = re.match(r"^Số:\s*(\d+)\s*/", text)
    if m and len(m.group(1)) == 1:
        return " (số nhỏ hơn 10 phải có số 0 ở đầu)"
    if re.search(r"\s[/-]|[/-]\s", text.split(":", 1)[-1].strip()):
        return " (có dấu cách quanh «/» hoặc «-»)"
    if not text.startswith("Số:"):
        return " (thiếu dấu hai chấm sau «Số»)"
    return ""


@rule("R15", "Ký hiệu đúng tên loại", "header", hard=True, kinds=TITLED,
      what="chữ viết tắt tên loại trong ký hiệu khớp tên loại (KẾ HOẠCH ↔ KH)",
      source="NĐ 30, Phụ lục III")
def r15(ctx: Context, c: Check) -> None:
    p = number_paragraph(ctx) if ctx.layout.header is not None else None
    kind = ctx.doctype
    if p is None or kind.code is None:
        c.not_applicable("không thấy dòng số, ký hiệu hoặc tên loại không có trong Phụ lục III "
                         "(xem R14, R19)")
        return
    from kehoach.checker.doctype import type_code

    code = type_code(p.text) or ""
    if code != kind.code:
        c.fail(p, f"ký hiệu «{code}» cho {kind.name.lower()}",
               f"ký hiệu «{kind.code}-…» (chữ viết tắt tên loại {kind.name.lower()}, Phụ lục III)")


@rule("R16", "Địa danh và ngày tháng", "header", hard=True,
      what="«Hải Yến, ngày 05 tháng 02 năm 2024»: ngày < 10 và tháng 1, 2 có số 0 đầu, tháng "
           "3–12 không; nghiêng, 13–14 pt, căn giữa, cùng hàng với số, ký hiệu; bản dự thảo "
           "để trống ngày (hoặc ngày và tháng)",
      source="NĐ 30, Phụ lục I, II.4")
def r16(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "địa danh, ngày tháng"):
        return
    p = date_paragraph(ctx)
    if p is None:
        c.fail(None, "không thấy dòng «…, ngày … tháng … năm …» ở ô bên phải",
               "Hải Yến, ngày 05 tháng 02 năm 2024")
        return
    text = one_space(p.text)
    m = DATE.match(text)
    draft = DATE_DRAFT.match(text)
    if m is None and draft is None:
        c.fail(p, f"«{text}»" + _date_hint(text),
               "«<Địa danh>, ngày DD tháng M năm YYYY»: ngày 01–09 và tháng 01, 02 có số 0; "
               "tháng 3–12 không có số 0")
    elif m is not None:
        try:
            dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
        except ValueError:
            c.fail(p, f"«{text}»: ngày không có thật", "một ngày có thật")
    place = (m or draft)["place"] if (m or draft) else text.split(",")[0]
    if place and decree.place_problem(place):
        c.fail(p, f"địa danh «{place}» không viết hoa chữ đầu mỗi âm tiết",
               "viết hoa chữ cái đầu mỗi âm tiết của địa danh")
    check_bold(c, p, "địa danh, ngày tháng", bold=False)
    if not p.italic:
        c.fail(p, "địa danh, ngày tháng không in nghiêng", "in nghiêng")
    check_size(c, p, "size_place_date", "địa danh, ngày tháng")
    check_centred(c, p, "địa danh, ngày tháng", ctx.doc)
    number = number_paragraph(ctx)
    if number is not None and number.cell is not None and p.cell is not None \
            and number.cell.row != p.cell.row:
        tops = estimate.row_tops(ctx.doc, ctx.layout.header) if ctx.layout.header else []
        if not _level(ctx, number, p, tops):
            c.fail(p, "địa danh, ngày tháng không cùng hàng với số, ký hiệu",
                   "cùng hàng (ngang dòng) với «Số: …»")


def _level(ctx: Context, a: Paragraph, b: Paragraph, tops: list[float]) -> bool:
    """Whether two header lines in different rows print at the same height (estimated)."""
    def top(p: Paragraph) -> float | None:
        if p.cell is None or p.cell.row >= len(tops):
            return None
        placed = estimate.cell_lines(ctx.doc, p.cell)
        here = next((x.top for x in placed if x.line.loc == p.loc), None)
        return None if here is None else tops[p.cell.row] + here
    ya, yb = top(a), top(b)
    return ya is not None and yb is not None and abs(ya - yb) <= 0.5 * 20 * max(a.sizes()) / 2


def _date_hint(text: str) -> str:
    m = DATE_LOOSE.search(text)
    if not m:
        return ""
    day, month = m["d"], m["m"]
    if month.isdigit() and len(month) == 2 and month.startswith("0") and int(month) >= 3:
        return f" (tháng {int(month)} không viết số 0 ở đầu)"
    if month.isdigit() and int(month) in (1, 2) and len(month) == 1:
        return " (tháng 1, 2 viết 01, 02)"
    if day.isdigit() and len(day) == 1:
        return " (ngày nhỏ hơn 10 có số 0 ở đầu)"
    return ""


@rule("R17", "Địa danh là tên xã", "header", hard=False,
      what="địa danh là tên riêng của đơn vị hành chính, không có chữ «xã» (XÃ HẢI YẾN → Hải Yến)",
      source="NĐ 30, Phụ lục I, II.4.a; Phụ lục II")
def r17(ctx: Context, c: Check) -> None:
    p = date_paragraph(ctx) if ctx.layout.header is not None else None
    _, issuer = issuer_lines(ctx) if ctx.layout.header is not None else ([], [])
    if p is None or not issuer:
        c.not_applicable("không thấy địa danh hoặc tên cơ quan (xem R12, R16)")
        return
    place = p.text.split(",")[0].strip()
    name = " ".join(line.text for line in issuer)
    for kind in BARE_KINDS:
        name = name.replace(kind, "").strip()
    unit = next((u for u in UNIT_WORDS if name.startswith(u + " ")), None)
    if unit is None:
        c.not_applicable("tên cơ quan không chứa tên đơn vị hành chính")
        return
    proper = name[len(unit):].strip()
    if place.upper() not in (proper, f"{unit} {proper}"):
        c.fail(p, f"địa danh «{place}», cơ quan «{name}»",
               f"địa danh «{proper.title()}» (tên riêng của {unit.lower()})")


@rule("R18", "Độ rộng cột phần đầu", "header", hard=False,
      what="cột trái 6–7,5 cm, cột phải 9,4–10,7 cm; Quốc hiệu và ngày tháng vừa một dòng",
      source="NĐ 30 Mẫu 1.4; S6")
def r18(ctx: Context, c: Check) -> None:
    table = ctx.layout.header
    if table is None or not table.rows or len(table.rows[0]) < 2:
        c.not_applicable("không thấy bảng phần đầu 2 cột")
        return
    left, right = table.rows[0][0], table.rows[0][-1]
    for cell, key, name in ((left, "header_left_cm", "trái"), (right, "header_right_cm", "phải")):
        low, high = limit(key)
        if not cm_tw(low) <= cell.width_tw <= cm_tw(high):
            c.fail(cell.paragraphs[0] if cell.paragraphs else None,
                   f"cột {name} rộng {num(cell.width_tw / 567, 2)} cm", f"cột {name} {num(low)}–{num(high)} cm")
    for p in (national_title(ctx), date_paragraph(ctx)):
        if p is not None and p.cell is not None and not p.empty:
            need = estimate.line_width(p)
            room = p.cell.inner_width_tw - p.props.ind_left - p.props.ind_right
            if need > room:
                c.fail(p, f"dòng chữ cần {num(need / 567, 2)} cm, ô chỉ có {num(room / 567, 2)} cm",
                       "cột đủ rộng để dòng không xuống hàng")


# ------------------------------------------------------------------------------------ title

@rule("R19", "Tên loại văn bản", "title", hard=True, kinds=TITLED,
      what="tên loại (KẾ HOẠCH, QUYẾT ĐỊNH, BÁO CÁO…) ngay sau phần đầu: in hoa, đậm, 13–14 pt, "
           "căn giữa trang",
      source="NĐ 30, Phụ lục I, II.5.b")
def r19(ctx: Context, c: Check) -> None:
    p = ctx.layout.title
    kind = ctx.doctype
    wanted = kind.title
    from kehoach.checker.doctype import fold

    if p is None or (wanted is not None and fold(p.text) != fold(wanted)):
        c.fail(p, f"«{p.text if p else ''}»",
               f"«{wanted or 'TÊN LOẠI'}» (tên loại, in hoa) ngay sau phần đầu")
        return
    if not is_upper(p.text):
        c.fail(p, "tên loại không in hoa", "tên loại in hoa")
    check_centred(c, p, "tên loại", ctx.doc)
    check_bold(c, p, "tên loại")
    check_upright(c, p, "tên loại")
    check_size(c, p, "size_title", "tên loại")


@rule("R20", "Trích yếu", "title", hard=True, kinds=WITH_SUBJECT,
      what="trích yếu dưới tên loại: chữ thường (viết hoa chữ đầu), đậm, 13–14 pt, căn giữa; "
           "công văn: «V/v …» dưới số, ký hiệu, chữ in thường, 12–13 pt, chữ đứng, không "
           "đậm, cách số 6 pt",
      source="NĐ 30, Phụ lục I, II.5.b")
def r20(ctx: Context, c: Check) -> None:
    if ctx.doctype.key == "CV":
        _letter_subject(ctx, c)
        return
    paras = ctx.layout.subject
    if not paras:
        c.fail(ctx.layout.title, "không thấy trích yếu dưới tên loại",
               "trích yếu nội dung, căn giữa, in đậm")
        return
    text = " ".join(p.text for p in paras)
    if is_upper(text) or not any(ch.islower() for ch in text):
        c.fail(paras[0], "trích yếu in hoa toàn bộ", "chữ thường, viết hoa chữ cái đầu")
    elif decree.subject_problem(text):
        c.fail(paras[0], "trích yếu không viết hoa chữ cái đầu", "viết hoa chữ cái đầu")
    for p in paras:
        check_centred(c, p, "trích yếu", ctx.doc)
        check_bold(c, p, "trích yếu")
        check_upright(c, p, "trích yếu")
        check_size(c, p, "size_title", "trích yếu")


def _letter_subject(ctx: Context, c: Check) -> None:
    """A Công văn's trích yếu (annex line 48): after "V/v", lower case, 12–13 pt, upright,
    centred under the Số, 6 pt below it."""
    lines = ctx.layout.subject_vv
    number = number_paragraph(ctx)
    if not lines:
        c.fail(number, "không thấy trích yếu «V/v …» dưới số, ký hiệu",
               "«V/v <trích yếu>» dưới số, ký hiệu, 12–13 pt, chữ đứng")
        return
    low, high = (round(v * 2) for v in LETTER_SUBJECT_PT)
    # "sau chữ “V/v” bằng chữ in thường" (annex line 48): the word as the decree writes it,
    # then lower case; Mục V's sample row (line 206): "V/v nâng bậc lương năm 2019", upright
    # and not bold, where the other kinds' trích yếu is "Đứng, đậm" (line 201)
    text = one_space(" ".join(p.text for p in lines))
    word = VV.match(text)
    rest = text[word.end():].strip() if word else text
    if word and word.group(0).replace(" ", "") != "V/v":
        c.fail(lines[0], f"«{word.group(0)}» (viết khác «V/v»)",
               "«V/v» (chữ V hoa, chữ v thường) rồi trích yếu bằng chữ in thường")
    if is_upper(rest) and len(rest.split()) >= 2:
        c.fail(lines[0], "trích yếu công văn in hoa toàn bộ",
               "trích yếu sau «V/v» bằng chữ in thường (ví dụ «V/v nâng bậc lương năm 2019»)")
    for p in lines:
        check_bold(c, p, "trích yếu công văn", bold=False)
        sizes = p.sizes()
        if not all(low <= s <= high for s in sizes):
            c.fail(p, f"trích yếu cỡ chữ {sizes_text(sizes)}",
                   f"trích yếu công văn cỡ chữ {LETTER_SUBJECT_PT[0]}–{LETTER_SUBJECT_PT[1]} pt")
        check_upright(c, p, "trích yếu")
        check_centred(c, p, "trích yếu", ctx.doc)
    first = lines[0]
    if number is not None and first.cell is not None and number.cell is not None \
            and number.cell.col == first.cell.col:
        gap = _gap(ctx, number, first)
        if gap is not None and gap < LETTER_SUBJECT_GAP_TW:
            c.fail(first, f"trích yếu cách dòng số, ký hiệu {num(gap / 20)} pt",
                   "trích yếu cách dòng số, ký hiệu 6 pt")


def _gap(ctx: Context, above: Paragraph, below: Paragraph) -> float | None:
    """Space between two lines of one header column (after the first + before the second,
    empty lines between counted as their height)."""
    column = ctx.layout.left
    if above not in column or below not in column:
        return None
    i, j = column.index(above), column.index(below)
    if j <= i:
        return None
    space = 0.0
    if above.origin is not below.origin:
        space += above.origin.props.after + below.origin.props.before
    for p in column[i + 1:j]:
        space += estimate.line_height_tw(p) + (p.props.before + p.props.after
                                               if p.whole is None else 0)
    return space


@rule("R21", "Đường kẻ dưới trích yếu", "title", hard=True, kinds=WITH_SUBJECT_LINE,
      what="nét liền dưới trích yếu, dài 1/3–1/2 dòng chữ, cân giữa",
      source="NĐ 30, Phụ lục I, II.5.b")
def r21(ctx: Context, c: Check) -> None:
    paras = ctx.layout.subject
    if not paras:
        c.fail(ctx.layout.title, "không thấy trích yếu", "trích yếu có đường kẻ dưới")
        return
    widths = _widths(ctx.doc, paras)
    _ratio_check(c, ctx.layout.subject_line, widths, limit("short_rule_ratio"), "trích yếu",
                 paras[-1], "nét liền dài 1/3 đến 1/2 dòng trích yếu, cân giữa")


@rule("R22", "Không có «V/v», «Kính gửi»", "title", hard=True, kinds=UNADDRESSED,
      what="văn bản có tên loại (trừ tờ trình, báo cáo gửi cấp trên) không có dòng «V/v …» "
           "và không có «Kính gửi»",
      source="NĐ 30, Phụ lục I, II.5.b, II.9")
def r22(ctx: Context, c: Check) -> None:
    lay = ctx.layout
    candidates = [*lay.left, *(p for b in lay.body if isinstance(b, Paragraph)
                               for p in b.lines())]
    for p in candidates:
        if VV.match(p.text) or p.text.startswith("Kính gửi"):
            c.fail(p, f"«{p.loc.snippet or p.text}»",
                   f"{ctx.doctype.name.lower()} không dùng «V/v» hay «Kính gửi»")

