"""Phần đầu văn bản: Quốc hiệu, Tiêu ngữ, issuer, Số, date (R9–R18), title block (R19–R22)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Final

from kehoach.checker.document import Paragraph
from kehoach.checker.layout import Line, available_width, line_under
from kehoach.checker.rules import (
    Check,
    Context,
    check_bold,
    check_centred,
    check_size,
    check_upright,
    cm_tw,
    is_upper,
    limit,
    rule,
)
from kehoach.layout.metrics import text_width_tw
from kehoach.layout.profile import MOTTO, NATIONAL_TITLE
from kehoach.model import decree

NATIONAL_TITLES: Final = (NATIONAL_TITLE, NATIONAL_TITLE.replace("HÒA", "HOÀ"))
NUMBER: Final = re.compile(r"^Số: (0[1-9]|[1-9][0-9]+)/([A-ZĐa-z]+)(-[A-ZĐ0-9a-z]+)*$")
NUMBER_DRAFT: Final = re.compile(r"^Số:\s+/([A-ZĐa-z]+)(-[A-ZĐ0-9a-z]+)*$")
DATE: Final = re.compile(
    r"^(?P<place>[^,]+), ngày (?P<d>0[1-9]|[12][0-9]|3[01]) tháng (?P<m>01|02|[3-9]|1[0-2]) "
    r"năm (?P<y>[0-9]{4})$")
#: A draft's date: the day, or the day and the month, left blank (nd30.md R16).
DATE_DRAFT: Final = re.compile(r"^(?P<place>[^,]+), ngày\s+tháng(\s+| (01|02|[3-9]|1[0-2]) )"
                               r"năm (?P<y>[0-9]{4})$")
DATE_LOOSE: Final = re.compile(r"ngày\s*(?P<d>\S*)\s+tháng\s*(?P<m>\S*)\s+năm")
#: The unit words an issuer name starts with (Phụ lục II: the place name drops them).
UNIT_WORDS: Final = ("THỊ TRẤN", "THỊ XÃ", "THÀNH PHỐ", "ĐẶC KHU", "PHƯỜNG", "HUYỆN", "QUẬN",
                     "TỈNH", "XÃ")
#: Issuer lines that are a body's kind, not a chủ quản (the first line of "ỦY BAN NHÂN DÂN /
#: XÃ …" is part of the issuer's name).
BARE_KINDS: Final = ("ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN")
#: Phụ lục III: abbreviations of the kinds of administrative documents.
TYPE_CODES: Final = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "QUY CHẾ": "QC", "QUY ĐỊNH": "QyĐ",
    "THÔNG CÁO": "TC", "THÔNG BÁO": "TB", "HƯỚNG DẪN": "HD", "CHƯƠNG TRÌNH": "CTr",
    "KẾ HOẠCH": "KH", "PHƯƠNG ÁN": "PA", "ĐỀ ÁN": "ĐA", "DỰ ÁN": "DA", "BÁO CÁO": "BC",
    "BIÊN BẢN": "BB", "TỜ TRÌNH": "TTr", "HỢP ĐỒNG": "HĐ", "CÔNG ĐIỆN": "CĐ",
    "BẢN GHI NHỚ": "BGN", "BẢN THỎA THUẬN": "BTT", "GIẤY ỦY QUYỀN": "GUQ", "GIẤY MỜI": "GM",
    "GIẤY GIỚI THIỆU": "GGT", "GIẤY NGHỈ PHÉP": "GNP", "PHIẾU GỬI": "PG", "PHIẾU CHUYỂN": "PC",
    "PHIẾU BÁO": "PB",
}


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
        if p.empty or p.text.startswith("Số"):
            break
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
    return next((p for p in ctx.layout.left if p.text.startswith("Số")), None)


def date_paragraph(ctx: Context) -> Paragraph | None:
    return next((p for p in ctx.layout.right if DATE_LOOSE.search(p.text)), None)


def _no_header(c: Check, ctx: Context, what: str) -> bool:
    if ctx.layout.header is None:
        c.fail(None, f"không thấy bảng phần đầu văn bản (nên không thấy {what})",
               "bảng 2 cột không viền ở đầu trang 1: cơ quan, số bên trái; Quốc hiệu, "
               "Tiêu ngữ, địa danh ngày tháng bên phải")
        return True
    return False


def _ratio_check(c: Check, line: Line | None, text_width: float, bounds: tuple[float, float],
                 what: str, under: Paragraph | None, expected: str) -> None:
    if line is None:
        c.fail(under, f"không có đường kẻ dưới {what}", expected)
        return
    if ":" in line.kind:  # a border that is not a single solid line
        c.fail(line.holder, f"đường kẻ dưới {what} kiểu {line.kind.split(':')[-1]}",
               "nét liền")
    ratio = line.length_tw / text_width if text_width else 0
    low, high = bounds
    if not low <= ratio <= high:
        c.fail(line.holder, f"đường kẻ dưới {what} dài {line.length_tw / 567:.2f} cm = "
                            f"{ratio:.2f} lần dòng chữ ({text_width / 567:.2f} cm)", expected)
    if line.centred is False:
        c.fail(line.holder, f"đường kẻ dưới {what} lệch (thụt trái/phải không bằng nhau)",
               "đường kẻ cân giữa dòng chữ")


def _width(p: Paragraph, text: str | None = None) -> float:
    run = p.visible_runs[0].props if p.visible_runs else p.mark
    return text_width_tw(text if text is not None else p.text, run.size_pt, bold=run.bold,
                         italic=run.italic)


# ------------------------------------------------------------------------------------ rules

@rule("R9", "Quốc hiệu", "header", hard=True,
      what="«CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM»: đầu ô bên phải, in hoa, đậm, 12–13 pt, căn giữa",
      source="NĐ 30, Phụ lục I, II.1.a")
def r9(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "Quốc hiệu"):
        return
    p = national_title(ctx)
    if p is None or p.text not in NATIONAL_TITLES:
        c.fail(p, f"dòng đầu ô phải: «{p.text if p else ''}»", f"«{NATIONAL_TITLE}»")
        return
    check_centred(c, p, "Quốc hiệu")
    check_bold(c, p, "Quốc hiệu")
    check_upright(c, p, "Quốc hiệu")
    check_size(c, p, "size_national_title", "Quốc hiệu")


@rule("R10", "Tiêu ngữ", "header", hard=True,
      what="«Độc lập - Tự do - Hạnh phúc» ngay dưới Quốc hiệu: gạch nối (-) có cách, đậm, "
           "13–14 pt, căn giữa, cách dòng đơn",
      source="NĐ 30, Phụ lục I, II.1.b–c")
def r10(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "Tiêu ngữ"):
        return
    p = motto(ctx)
    if p is None or p.text != MOTTO:
        seen = p.text if p is not None else ""
        if p is not None and p.empty:
            seen = "dòng trống giữa Quốc hiệu và Tiêu ngữ"
        elif "–" in seen or "—" in seen:
            seen = f"«{seen}» (dùng gạch ngang dài – thay cho gạch nối -)"
        else:
            seen = f"«{seen}»"
        c.fail(p, seen, f"«{MOTTO}» (gạch nối U+002D, một dấu cách mỗi bên) ngay dưới Quốc hiệu")
        return
    check_centred(c, p, "Tiêu ngữ")
    check_bold(c, p, "Tiêu ngữ")
    check_upright(c, p, "Tiêu ngữ")
    check_size(c, p, "size_motto", "Tiêu ngữ")
    if p.props.line_rule != "auto" or (p.props.line or 240) != 240:
        c.fail(p, f"cách dòng {p.props.line} ({p.props.line_rule})", "cách dòng đơn")


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
    right = ctx.layout.right
    i = right.index(p)
    following = right[i + 1] if i + 1 < len(right) else None
    _ratio_check(c, line_under(ctx.doc, [p], following), _width(p), limit("motto_rule_ratio"),
                 "Tiêu ngữ", p, "nét liền dài bằng dòng Tiêu ngữ, căn giữa")


@rule("R12", "Tên cơ quan ban hành", "header", hard=True,
      what="đầu ô trái: tên cơ quan in hoa, đậm, 12–13 pt, căn giữa (cơ quan chủ quản, nếu có: "
           "in hoa, không đậm)",
      source="NĐ 30, Phụ lục I, II.2")
def r12(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "tên cơ quan"):
        return
    parent, issuer = issuer_lines(ctx)
    if not issuer:
        c.fail(_first_text(ctx.layout.left), "không thấy tên cơ quan ban hành ở đầu ô trái",
               "tên cơ quan ban hành in hoa, đậm")
        return
    for p in parent:
        if not is_upper(p.text):
            c.fail(p, "tên cơ quan chủ quản không in hoa", "in hoa")
        check_bold(c, p, "tên cơ quan chủ quản", bold=False)
        check_size(c, p, "size_issuer", "tên cơ quan chủ quản")
        check_centred(c, p, "tên cơ quan chủ quản")
    for p in issuer:
        if not is_upper(p.text):
            c.fail(p, "tên cơ quan không in hoa", "tên cơ quan in hoa")
        check_bold(c, p, "tên cơ quan")
        check_upright(c, p, "tên cơ quan")
        check_size(c, p, "size_issuer", "tên cơ quan")
        check_centred(c, p, "tên cơ quan")
    if parent and issuer[0].text in BARE_KINDS:
        c.note("Ủy ban nhân dân xã thường không có dòng cơ quan chủ quản")


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
    left = ctx.layout.left
    i = left.index(last)
    following = left[i + 1] if i + 1 < len(left) else None
    width = max(min(_width(p), available_width(ctx.doc, p)) for p in issuer)
    _ratio_check(c, line_under(ctx.doc, [last], following), width, limit("short_rule_ratio"),
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
    if not (NUMBER.match(text) or NUMBER_DRAFT.match(text)):
        c.fail(p, f"«{text}»" + _number_hint(text), "«Số: 05/KH-UBND» (01–09 có số 0 ở đầu; "
               "bản dự thảo «Số:      /KH-UBND»)")
    check_size(c, p, "size_number", "số, ký hiệu")
    check_bold(c, p, "số, ký hiệu", bold=False)
    check_upright(c, p, "số, ký hiệu")
    check_centred(c, p, "số, ký hiệu")


def _number_hint(text: str) -> str:
    m = re.match(r"^Số:\s*(\d+)\s*/", text)
    if m and len(m.group(1)) == 1:
        return " (số nhỏ hơn 10 phải có số 0 ở đầu)"
    if re.search(r"\s[/-]|[/-]\s", text.split(":", 1)[-1].strip()):
        return " (có dấu cách quanh «/» hoặc «-»)"
    if not text.startswith("Số:"):
        return " (thiếu dấu hai chấm sau «Số»)"
    return ""


@rule("R15", "Ký hiệu đúng tên loại", "header", hard=True,
      what="chữ viết tắt tên loại trong ký hiệu khớp tên loại (KẾ HOẠCH ↔ KH)",
      source="NĐ 30, Phụ lục III")
def r15(ctx: Context, c: Check) -> None:
    title = ctx.layout.title
    p = number_paragraph(ctx) if ctx.layout.header is not None else None
    if p is None or title is None:
        c.not_applicable("không thấy dòng số, ký hiệu hoặc tên loại (xem R14, R19)")
        return
    expected = TYPE_CODES.get(title.text)
    if expected is None:
        c.not_applicable(f"tên loại «{title.text}» không có trong bảng viết tắt Phụ lục III")
        return
    m = re.search(r"/\s*([^-\s/]+)", p.text)
    code = m.group(1) if m else ""
    if code != expected:
        c.fail(p, f"ký hiệu «{code}» cho tên loại «{title.text}»", f"ký hiệu «{expected}-…»")


@rule("R16", "Địa danh và ngày tháng", "header", hard=True,
      what="«Hải Yến, ngày 05 tháng 02 năm 2024»: ngày < 10 và tháng 1, 2 có số 0 đầu, tháng "
           "3–12 không; nghiêng, 13–14 pt, căn giữa, cùng hàng với số, ký hiệu",
      source="NĐ 30, Phụ lục I, II.4")
def r16(ctx: Context, c: Check) -> None:
    if _no_header(c, ctx, "địa danh, ngày tháng"):
        return
    p = date_paragraph(ctx)
    if p is None:
        c.fail(None, "không thấy dòng «…, ngày … tháng … năm …» ở ô bên phải",
               "Hải Yến, ngày 05 tháng 02 năm 2024")
        return
    text = p.text
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
        c.fail(p, "địa danh, ngày tháng: không in nghiêng", "in nghiêng")
    check_size(c, p, "size_place_date", "địa danh, ngày tháng")
    check_centred(c, p, "địa danh, ngày tháng")
    number = number_paragraph(ctx)
    if number is not None and number.cell is not None and p.cell is not None \
            and number.cell.row != p.cell.row:
        c.fail(p, "địa danh, ngày tháng không cùng hàng với số, ký hiệu",
               "cùng hàng (ngang dòng) với «Số: …»")


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
                   f"cột {name} rộng {cell.width_tw / 567:.2f} cm", f"cột {name} {low:g}–{high:g} cm")
    for p in (national_title(ctx), date_paragraph(ctx)):
        if p is not None and p.cell is not None and not p.empty:
            need = _width(p)
            room = p.cell.inner_width_tw - p.props.ind_left - p.props.ind_right
            if need > room:
                c.fail(p, f"dòng chữ cần {need / 567:.2f} cm, ô chỉ có {room / 567:.2f} cm",
                       "cột đủ rộng để dòng không xuống hàng")


# ------------------------------------------------------------------------------------ title

@rule("R19", "Tên loại «KẾ HOẠCH»", "title", hard=True,
      what="đoạn đầu tiên sau bảng phần đầu là «KẾ HOẠCH»: căn giữa trang, đậm, 13–14 pt",
      source="NĐ 30, Phụ lục I, II.5.b")
def r19(ctx: Context, c: Check) -> None:
    p = ctx.layout.title
    if p is None or p.text != "KẾ HOẠCH":
        c.fail(p, f"«{p.text if p else ''}»", "«KẾ HOẠCH» (tên loại, in hoa) sau phần đầu")
        return
    check_centred(c, p, "tên loại")
    check_bold(c, p, "tên loại")
    check_upright(c, p, "tên loại")
    check_size(c, p, "size_title", "tên loại")


@rule("R20", "Trích yếu", "title", hard=True,
      what="trích yếu dưới tên loại: chữ thường (viết hoa chữ đầu), đậm, 13–14 pt, căn giữa",
      source="NĐ 30, Phụ lục I, II.5.b; Phụ lục II")
def r20(ctx: Context, c: Check) -> None:
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
        check_centred(c, p, "trích yếu")
        check_bold(c, p, "trích yếu")
        check_upright(c, p, "trích yếu")
        check_size(c, p, "size_title", "trích yếu")


@rule("R21", "Đường kẻ dưới trích yếu", "title", hard=True,
      what="nét liền dưới trích yếu, dài 1/3–1/2 dòng chữ, cân giữa",
      source="NĐ 30, Phụ lục I, II.5.b")
def r21(ctx: Context, c: Check) -> None:
    paras = ctx.layout.subject
    if not paras:
        c.fail(ctx.layout.title, "không thấy trích yếu", "trích yếu có đường kẻ dưới")
        return
    width = max(min(_width(p), available_width(ctx.doc, p) - p.props.ind_left - p.props.ind_right)
                for p in paras)
    _ratio_check(c, ctx.layout.subject_line, width, limit("short_rule_ratio"), "trích yếu",
                 paras[-1], "nét liền dài 1/3 đến 1/2 dòng trích yếu, cân giữa")


@rule("R22", "Không có «V/v», «Kính gửi»", "title", hard=True,
      what="kế hoạch không có dòng «V/v …» và không có «Kính gửi»",
      source="NĐ 30, Phụ lục I, II.5.b, II.9")
def r22(ctx: Context, c: Check) -> None:
    for p in ctx.doc.paragraphs:
        if p.text.startswith(("V/v", "Kính gửi")):
            c.fail(p, f"«{p.loc.snippet}»", "kế hoạch không dùng «V/v» hay «Kính gửi»")
