"""Số, ký hiệu: the number and symbol of a document as it is printed (``Số: 05/KH-UBND``).

One definition for the model, the data files and the checker: what a group of the ký hiệu may
hold (:data:`CODE_GROUP`), the abbreviations of the kinds of documents (:data:`TYPE_CODES`,
Nghị định 30, Phụ lục III) and the reading of a number as a clerk types it
(:func:`parse_number`).
"""

from __future__ import annotations

import re
from typing import Final

from kehoach.errors import PlanDataError

#: One group of a ký hiệu: letters (with Đ) and digits, no space, ``-`` or ``/`` (Phụ lục I,
#: II.3). The first group, the kind's abbreviation, is letters only (Phụ lục III).
CODE_GROUP: Final = r"[0-9A-Za-zĐđ]+"
TYPE_GROUP: Final = r"[A-Za-zĐđ]+"
CODE: Final = re.compile(rf"^{CODE_GROUP}$")
TYPE_CODE: Final = re.compile(rf"^{TYPE_GROUP}$")

#: Phụ lục III, Mục I: the abbreviation of each kind of administrative document, in the case
#: the decree gives (``TTr``, ``QyĐ``). A Công văn has none.
TYPE_CODES: Final[dict[str, str]] = {
    "Nghị quyết": "NQ", "Quyết định": "QĐ", "Chỉ thị": "CT", "Quy chế": "QC", "Quy định": "QyĐ",
    "Thông cáo": "TC", "Thông báo": "TB", "Hướng dẫn": "HD", "Chương trình": "CTr",
    "Kế hoạch": "KH", "Phương án": "PA", "Đề án": "ĐA", "Dự án": "DA", "Báo cáo": "BC",
    "Biên bản": "BB", "Tờ trình": "TTr", "Hợp đồng": "HĐ", "Công điện": "CĐ",
    "Bản ghi nhớ": "BGN", "Bản thỏa thuận": "BTT", "Giấy ủy quyền": "GUQ", "Giấy mời": "GM",
    "Giấy giới thiệu": "GGT", "Giấy nghỉ phép": "GNP", "Phiếu gửi": "PG", "Phiếu chuyển": "PC",
    "Phiếu báo": "PB",
}
#: The kind of document an abbreviation stands for: ``KIND_OF["QĐ"] == "Quyết định"``.
KIND_OF: Final[dict[str, str]] = {code: kind for kind, code in TYPE_CODES.items()}

NUMBER_HINT: Final = "viết như 05/KH-UBND (dự thảo chưa có số: /KH-UBND)"

# "Số:" (or "số", "So") may come first; a draft leaves the number blank or dotted ("…/").
_LABEL = re.compile(r"^\s*s[ốo]\s*:?\s*", re.IGNORECASE)
_BLANK = re.compile(r"^[\s.…_]*$")


def parse_number(text: str, field: str = "DocumentNumber") -> tuple[int | None, str, tuple[str, ...]]:
    """``(number, type_code, issuer_codes)`` of a number as printed: ``05/KH-UBND``.

    Accepts what a clerk copies from a plan: ``Số: 05/KH-UBND``, ``5/KH-UBND``,
    ``16/KH-MTTQ-BTT``, a draft ``/KH-UBND`` or ``Số:      /KH-UBND`` (number ``None``); spaces
    around ``/`` and ``-`` are read past (kehoach prints none). Raises
    :class:`~kehoach.errors.PlanDataError` naming ``field`` and saying how to write it.
    """
    if not isinstance(text, str):
        raise PlanDataError(field, f"phải là số, ký hiệu ({NUMBER_HINT}), nhận được {text!r}")
    body = _LABEL.sub("", text, count=1).strip()
    if body.count("/") != 1:
        if body.count("/") == 2 and re.match(r"^\d+\s*/\s*\d{4}\s*/", body):
            raise PlanDataError(field, f"{text.strip()!r}: số, ký hiệu của Kế hoạch không ghi "
                                       f"năm (dạng 02/2007/NQ-HĐND là của văn bản quy phạm pháp "
                                       f"luật); {NUMBER_HINT}")
        raise PlanDataError(field, f"{text.strip()!r} không đúng dạng số, ký hiệu; {NUMBER_HINT}")
    number_part, symbol = (part.strip() for part in body.split("/"))
    if _BLANK.match(number_part):
        number = None
    elif number_part.isdigit():
        number = int(number_part)
        if number < 1:
            raise PlanDataError(field, f"số văn bản bắt đầu từ 01, nhận được {number_part!r}")
    else:
        raise PlanDataError(field, f"{number_part!r} trước dấu '/' không phải số văn bản; "
                                   f"{NUMBER_HINT}")
    groups = [g.strip() for g in symbol.split("-")]
    if len(groups) < 2 and len(symbol.split()) > 1:
        raise PlanDataError(field, f"ký hiệu {symbol!r} có dấu cách; nối các nhóm bằng '-', "
                                   "không có dấu cách: KH-UBND")
    if len(groups) < 2 or not all(groups):
        raise PlanDataError(field, f"ký hiệu {symbol!r} cần chữ viết tắt tên loại và tên cơ "
                                   "quan, nối bằng '-': KH-UBND")
    for group in groups:
        if not CODE.match(group):
            raise PlanDataError(field, f"nhóm {group!r} của ký hiệu chỉ gồm chữ và số, không "
                                       f"có dấu cách; {NUMBER_HINT}")
    return number, groups[0], tuple(groups[1:])


def type_code_problem(type_code: str, expected: str, kind: str) -> str | None:
    """Why ``type_code`` is not the abbreviation of ``kind`` (``expected``), or ``None``."""
    if type_code == expected:
        return None
    if type_code.upper() == expected.upper():
        return f"chữ viết tắt tên loại viết '{expected}', không phải '{type_code}' (Phụ lục III)"
    other = KIND_OF.get(type_code)
    if other is not None:
        return (f"'{type_code}' là chữ viết tắt của {other}; {kind} viết tắt là '{expected}' "
                "(Nghị định 30, Phụ lục III)")
    return (f"ký hiệu bắt đầu bằng chữ viết tắt tên loại: {kind} là '{expected}', không phải "
            f"'{type_code}' (Nghị định 30, Phụ lục III)")
