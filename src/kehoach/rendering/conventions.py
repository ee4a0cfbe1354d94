"""The decree's wording rules, as pure functions (the conventions layer).

Each function turns a value of the model into the words Nghị định 30/2020/NĐ-CP prescribes:
dates (``ngày 05 tháng 02 năm 2024``), the document number (``Số: 05/KH-UBND``), Roman
numerals for parts, the letters of điểm, Vietnamese capitals, citation sentences. They hold no
state and know nothing of the template.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from collections.abc import Sequence

from kehoach.model import (
    Archive,
    Authority,
    CitedDocument,
    DocumentNumber,
    Drafter,
    IssueDate,
    LegalBasis,
    Official,
    Recipient,
    Signer,
)

#: The blank a draft leaves for a number, a day or a month to be written in by hand.
DRAFT_BLANK = " " * 6

#: Letters of điểm in order (Nghị định 30 II.6.đ; the legal practice of Vietnamese texts):
#: the Vietnamese alphabet without the letters with marks (ă â ê ô ơ ư) and f j w z.
POINT_LETTERS = ("a", "b", "c", "d", "đ", "e", "g", "h", "i", "k", "l", "m", "n", "o", "p",
                 "q", "r", "s", "t", "u", "v", "x", "y")

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
          (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def upper_vi(text: str) -> str:
    """Vietnamese capitals, in NFC: ``xã Hải Yến`` → ``XÃ HẢI YẾN``."""
    return unicodedata.normalize("NFC", unicodedata.normalize("NFC", text).upper())


def pad2(n: int) -> str:
    """A number of one digit gets a leading zero: 5 → ``05``; 12 → ``12``."""
    return f"{n:02d}"


def month_text(month: int) -> str:
    """The month as the decree writes it: 1 and 2 padded (``01``, ``02``), 3–12 not (``3``)."""
    if not 1 <= month <= 12:
        raise ValueError(f"month out of range: {month}")
    return pad2(month) if month <= 2 else str(month)


def long_date(date: IssueDate | _dt.date) -> str:
    """``ngày 05 tháng 02 năm 2024``; ``ngày 13 tháng 3 năm 2024``; a draft leaves blanks.

    Nghị định 30, Phụ lục I, II.4.b: days below 10 and months 1 and 2 take a leading zero.
    """
    if isinstance(date, _dt.date):
        date = IssueDate.of(date)
    # A blank replaces the number and the spaces around it: "ngày" + six spaces + "tháng".
    day = f" {pad2(date.day)} " if date.day is not None else DRAFT_BLANK
    month = f" {month_text(date.month)} " if date.month is not None else DRAFT_BLANK
    return f"ngày{day}tháng{month}năm {date.year}"


def place_and_date(place: str, date: IssueDate | _dt.date) -> str:
    """Địa danh và thời gian: ``Hải Yến, ngày 05 tháng 02 năm 2024``."""
    return f"{place}, {long_date(date)}"


def short_date(date: _dt.date) -> str:
    """A date inside a citation: ``08/3/2022``, ``05/02/2024`` (same padding as the long form)."""
    return f"{pad2(date.day)}/{month_text(date.month)}/{date.year}"


def symbol(number: DocumentNumber) -> str:
    """Ký hiệu after the number: ``KH-UBND``, ``KH-MTTQ-BTT``.

    Raises :class:`ValueError` for a number without issuer groups, which only a :class:`Plan`
    completes (with its issuer's code).
    """
    if not number.issuer_codes:
        raise ValueError("DocumentNumber chưa có chữ viết tắt cơ quan (issuer_codes): số của một "
                         "Plan lấy chữ viết tắt của cơ quan ban hành; dùng plan.number")
    return "-".join((number.type_code, *number.issuer_codes))


def number_text(number: DocumentNumber) -> str:
    """The number and symbol as cited: ``05/KH-UBND``; a draft: ``      /KH-UBND``."""
    n = pad2(number.number) if number.number is not None else DRAFT_BLANK
    return f"{n}/{symbol(number)}"


def attachment_line(type_name: str, number: DocumentNumber, date: IssueDate, issuer: str) -> str:
    """The line under an appendix title (Nghị định 30, Phụ lục I, III.1):

    ``(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2024 của Ủy ban nhân dân xã Hải Yến)``
    """
    n = f" {number_text(number)}" if number.number is not None else number_text(number)
    return f"(Kèm theo {type_name} số{n} {long_date(date)} của {issuer})"


def number_line(number: DocumentNumber) -> str:
    """``Số: 05/KH-UBND``; ``Số: 103/KH-UBND``; a draft: ``Số:      /KH-UBND``."""
    n = f" {pad2(number.number)}" if number.number is not None else DRAFT_BLANK
    return f"Số:{n}/{symbol(number)}"


def roman(n: int) -> str:
    """Roman numeral of a part: 1 → ``I``, 4 → ``IV``, 14 → ``XIV``."""
    if n < 1:
        raise ValueError(f"no Roman numeral for {n}")
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def part_letter(n: int) -> str:
    """Letter of the ``n``-th part (1-based) when parts are lettered: ``A``, ``B`` … ``Đ``."""
    return point_letter(n - 1).upper()


def point_letter(index: int) -> str:
    """Letter of the ``index``-th điểm (0-based): 0 → ``a``, 4 → ``đ``, 6 → ``g``.

    Past ``y`` (23 điểm) letters double, as Vietnamese legal texts do: ``aa``, ``bb`` ….
    """
    if index < 0:
        raise ValueError(f"negative điểm index: {index}")
    rounds, i = divmod(index, len(POINT_LETTERS))
    return POINT_LETTERS[i] * (rounds + 1)


def item_number(path: Sequence[int]) -> str:
    """Number of a khoản or tiểu mục from its position: (2,) → ``2.``; (1, 2) → ``1.2.``."""
    return "".join(f"{n}." for n in path)


def join_sentences(lines: Sequence[str], last: str = ".") -> list[str]:
    """Each line but the last ends with ``;``, the last with ``last``: the decree's list rule.

    A line that already ends with that mark is not given a second one.
    """
    out = []
    for i, line in enumerate(lines):
        end = last if i == len(lines) - 1 else ";"
        stripped = line.rstrip()
        out.append(stripped if stripped.endswith(end) else stripped.rstrip(";.,") + end)
    return out


def cited_document(document: LegalBasis | CitedDocument) -> str:
    """A document as a căn cứ cites it: ``Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ
    tướng Chính phủ về …`` (the parts it has, in this order)."""
    words = [document.kind]
    if document.number:
        words.append(f"số {document.number}")
    if document.date:
        words.append(f"ngày {short_date(document.date)}")
    if document.issuer:
        words.append(f"của {document.issuer}")
    if document.subject:
        words.append(document.subject)
    return " ".join(words)


def citation(basis: LegalBasis) -> str:
    """The sentence citing a legal basis, without its final mark.

    ``Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ về …``; with
    documents cited together: ``Căn cứ Luật Phòng, chống thiên tai ngày 19/6/2013; Luật sửa
    đổi, bổ sung … ngày 17/6/2020`` (``;`` between them).
    """
    documents = [cited_document(basis)]
    for more in basis.also:
        documents.append(cited_document(more))
    return f"{basis.verb.value} " + "; ".join(d.rstrip().rstrip(";.,") if i < len(documents) - 1
                                              else d for i, d in enumerate(documents))


def citations(bases: Sequence[LegalBasis]) -> list[str]:
    """The căn cứ block: one sentence per basis, ``;`` after each and ``.`` after the last."""
    return join_sentences([citation(b) for b in bases])


def final_mark(text: str) -> str:
    """The last paragraph ends with ``./.`` (Mẫu 1.4): ``…phân công`` → ``…phân công./.``."""
    stripped = text.rstrip()
    if stripped.endswith("./."):
        return stripped
    if stripped.endswith("."):
        return stripped + "/."
    return stripped + "./."


def official(person: Official, *, start: bool = True) -> str:
    """``Ông Hoàng Văn Vãn, công chức Địa chính - Xây dựng xã``; an office alone: its title.

    Inside a sentence (``start=False``) the honorific is lower case: ``… và ông Phùng Mạnh Thu``.
    """
    if person.name is None:
        return person.title
    honorific = person.honorific.value if person.honorific else ""
    if honorific and not start:
        honorific = honorific.lower()
    name = f"{honorific} {person.name}" if honorific else person.name
    return f"{name}, {person.title}"


def signer_lines(signer: Signer) -> list[str]:
    """Quyền hạn and chức vụ lines (ô 7a), in capitals: ``TM. ỦY BAN NHÂN DÂN``,
    ``CHỦ TỊCH``, then any further title lines."""
    lines = [authority_line(a) for a in signer.authorities]
    if signer.title:
        lines.append(upper_vi(signer.title))
    lines.extend(upper_vi(t) for t in signer.more_titles)
    return lines


def authority_line(authority: Authority) -> str:
    """``TM. ỦY BAN NHÂN DÂN``: the mark, a dot, one space, the body in capitals."""
    return f"{authority.mark.value}. {upper_vi(authority.of)}"


def recipient_line(recipient: Recipient) -> str:
    """``- Thường trực Đảng ủy xã;`` (a note follows the name: ``- Huyện ủy (để b/c);``)."""
    name = f"{recipient.name} {recipient.note}" if recipient.note else recipient.name
    return f"- {name.rstrip(';.')};"


def copies(n: int) -> str:
    """A number of copies as offices write it: 2 → ``02b`` (bản)."""
    return f"{pad2(n)}b"


def archive_line(archive: Archive, drafter: Drafter | None = None) -> str:
    """The last line of Nơi nhận: ``- Lưu: VT, VP.``; with the copies kept,
    ``- Lưu: VT, VP (02b).``; with ô 12 (the drafter and the copies issued, Phụ lục I, III.3
    and Mẫu 1.4's ``- Lưu: VT, …(9). …(10).``), ``- Lưu: VT, VP (02b). PL.(300)``."""
    line = "- Lưu: " + ", ".join(("VT", *archive.units))
    if archive.copies is not None:
        line += f" ({copies(archive.copies)})"
    line += "."
    if drafter is not None:
        line += " " + drafter_mark(drafter)
    return line


#: A row's own number that counts (``3``, ``1.2``, ``2.``), as opposed to a group's label.
_COUNT = re.compile(r"[0-9]+(?:\.[0-9]+)*\.?")


def is_group_number(label: str) -> bool:
    """Whether a table row's own TT label names a group (``I``, ``II``, ``A``, ``B.``) rather
    than a count (``3``, ``1.2``): with ``Table.number_by_group`` the count restarts after
    it. An empty label (a total) is no group."""
    label = label.strip()
    return bool(label) and not _COUNT.fullmatch(label)


def drafter_mark(drafter: Drafter) -> str:
    """Ô 12: the drafter's initials and the copies issued, ``PL.(300)``."""
    return f"{drafter.initials}.({drafter.copies})"


def amount(value: int | float) -> str:
    """A number as Vietnamese writes it, dots between thousands: 1500000 → ``1.500.000``."""
    from babel.numbers import format_decimal  # Babel's locale data: only when a plan has amounts

    return format_decimal(value, locale="vi_VN")


#: Words that open the name of an administrative unit, in capitals: a long issuer's name
#: breaks before them (Phụ lục I, II.3: the name on several lines, broken by meaning).
UNIT_WORDS = ("TỈNH", "THÀNH PHỐ", "ĐẶC KHU", "XÃ", "PHƯỜNG", "THỊ TRẤN", "THỊ XÃ", "HUYỆN",
              "QUẬN")


#: Words of two syllables common in the names of bodies, in capitals: an issuer's line is not
#: broken between their syllables (``SỞ NÔNG NGHIỆP VÀ MÔI / TRƯỜNG`` reads as a broken word).
COMPOUNDS = frozenset(tuple(pair.split(" ")) for pair in (
    "ỦY BAN", "NHÂN DÂN", "HỘI ĐỒNG", "MẶT TRẬN", "TỔ QUỐC", "VIỆT NAM", "CHỈ ĐẠO", "CHỈ HUY",
    "QUẢN LÝ", "THƯỜNG VỤ", "THƯỜNG TRỰC", "CHẤP HÀNH", "THANH NIÊN", "PHỤ NỮ", "NÔNG DÂN",
    "CHIẾN BINH", "NÔNG NGHIỆP", "NÔNG THÔN", "MÔI TRƯỜNG", "TÀI NGUYÊN", "GIÁO DỤC", "ĐÀO TẠO",
    "Y TẾ", "VĂN HÓA", "VĂN HOÁ", "THỂ THAO", "DU LỊCH", "TÀI CHÍNH", "KẾ HOẠCH", "ĐẦU TƯ",
    "XÂY DỰNG", "GIAO THÔNG", "VẬN TẢI", "CÔNG THƯƠNG", "TƯ PHÁP", "NỘI VỤ", "LAO ĐỘNG",
    "THƯƠNG BINH", "XÃ HỘI", "KHOA HỌC", "CÔNG NGHỆ", "THÔNG TIN", "TRUYỀN THÔNG", "NGOẠI VỤ",
    "DÂN TỘC", "TÔN GIÁO", "THANH TRA", "VĂN PHÒNG", "CÔNG AN", "QUÂN SỰ", "BIÊN PHÒNG",
    "PHÒNG THỦ", "DÂN SỰ", "KIỂM SÁT", "TÒA ÁN", "KINH TẾ", "HẠ TẦNG", "ĐÔ THỊ", "PHÁT TRIỂN",
    "THIÊN TAI", "TÌM KIẾM", "CỨU NẠN", "CỨU HỘ", "AN NINH", "TRẬT TỰ", "AN TOÀN", "THỰC PHẨM",
    "GIẢM NGHÈO", "BỀN VỮNG", "CHƯƠNG TRÌNH", "MỤC TIÊU", "QUỐC GIA", "CHUYỂN ĐỔI", "ĐẢNG ỦY",
    "ĐẢNG BỘ", "CHI BỘ", "PHÒNG CHỐNG", "THAM NHŨNG", "MA TÚY", "TỘI PHẠM", "BẦU CỬ",
    "ĐẠI BIỂU", "QUỐC HỘI", "THI ĐUA", "KHEN THƯỞNG", "CẢI CÁCH", "HÀNH CHÍNH", "NGÂN HÀNG",
    "KHO BẠC", "BẢO HIỂM", "HẢI QUAN", "THỐNG KÊ", "ĐIỆN LỰC", "HỢP TÁC", "DỊCH VỤ",
    "CÔNG ĐOÀN", "LIÊN ĐOÀN", "HỘI NÔNG", "KHUYẾN NÔNG", "THỦY LỢI", "LÂM NGHIỆP", "KIỂM LÂM",
    "THÚ Y", "BẢO VỆ", "THỰC VẬT", "TRỒNG TRỌT", "CHĂN NUÔI", "ĐẤT ĐAI", "ĐĂNG KÝ", "HỘ TỊCH",
    "TRUNG TÂM", "BỆNH VIỆN", "TRƯỜNG HỌC", "MẦM NON", "TIỂU HỌC", "TRUNG HỌC", "CƠ SỞ",
    "PHỔ THÔNG", "BAN NGÀNH", "ĐOÀN THỂ", "TUYÊN GIÁO", "DÂN VẬN", "TỔ CHỨC", "KIỂM TRA",
    "ĐỐI NGOẠI", "ĐẶC BIỆT", "KHẨN CẤP", "THƯỜNG XUYÊN", "HỖ TRỢ", "SỐ HÓA", "DỮ LIỆU",
    "BIẾN ĐỔI", "KHÍ HẬU", "NƯỚC SẠCH", "VỆ SINH", "DÂN CƯ", "KHU PHỐ", "THÔN BẢN",
))

#: Words a line of a name may begin with when broken (``SỞ NÔNG NGHIỆP`` / ``VÀ MÔI TRƯỜNG``).
_JOINS = ("VÀ",)


def issuer_lines(lines: Sequence[str], fits) -> list[str]:
    """The issuer's lines as printed: each line that does not fit its column (``fits(line)``
    is false) broken by meaning (Phụ lục I, II.3): before the name of an administrative unit
    (``ỦY BAN NHÂN DÂN`` / ``TỈNH QUẢNG TRỊ``; what comes before it broken again when it is
    still too long), else where both parts fit, never inside a word of two syllables
    (:data:`COMPOUNDS`), before ``VÀ`` when it can, the parts as even as can be
    (``ỦY BAN MẶT TRẬN`` / ``TỔ QUỐC VIỆT NAM``); a line that needs three is cut at the last
    space that lets its first part fit, outside a word, and the rest broken again."""
    out: list[str] = []
    for line in lines:
        out.extend(_broken(line, fits))
    return out


def _broken(line: str, fits) -> list[str]:
    if fits(line):
        return [line]
    words = line.split(" ")
    n = len(words)

    def part(a: int, b: int) -> str:
        return " ".join(words[a:b])

    units = [i for i in range(1, n) if any(part(i, n).startswith(u + " ") or part(i, n) == u
                                           for u in UNIT_WORDS)]
    for i in reversed(units):
        if fits(part(0, i)):
            return [part(0, i), *_broken(part(i, n), fits)]
    for i in reversed(units):
        if fits(part(i, n)):
            return [*_broken(part(0, i), fits), part(i, n)]

    def inside_word(i: int) -> bool:
        return (words[i - 1].strip(",;"), words[i].strip(",;")) in COMPOUNDS

    cuts = [i for i in range(1, n) if fits(part(0, i))]
    if not cuts:  # one word wider than the column: Word breaks it
        return [line]
    whole = [i for i in cuts if fits(part(i, n))]
    if whole:
        cut = min(whole, key=lambda i: (inside_word(i), words[i] not in _JOINS,
                                        abs(len(part(0, i)) - len(part(i, n)))))
    else:
        cut = max(cuts, key=lambda i: (not inside_word(i), i))
    return [part(0, cut), *_broken(part(cut, n), fits)]
