"""Bảng sửa lỗi: which rule each fixer mends, and why the others need a person.

A fixer is a function of a :class:`~kehoach.fixer.edit.FixContext`, registered with
:func:`fixer` under the id of the rule it mends (nd30.md §10). It runs only when its rule fails,
re-reads what the rule reads (the checker's accessors: ``national_title``, ``issuer_lines``,
``signer_parts`` …) and changes only what is wrong. :data:`NEEDS_PERSON` says, for the rules no
fixer can mend safely, why.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Final

from kehoach.checker.report import Finding
from kehoach.fixer.edit import FixContext

Fixer = Callable[[FixContext], None]
FIXERS: dict[str, Fixer] = {}
#: Fixers of what only the PDF shows (a header line that wraps, a signature split across
#: pages): each gets the rule's finding on the laid-out output.
PrintedFixer = Callable[[FixContext, Finding], None]
PRINTED_FIXERS: dict[str, PrintedFixer] = {}
_MODULES: Final = ("fixes_page", "fixes_header", "fixes_body", "fixes_closing",
                    "fixes_print")

#: Why a rule (or the part of it no fixer mends) is left for a person.
NEEDS_PERSON: Final[dict[str, str]] = {
    "R8": "chữ Unicode tổ hợp: hãy chuyển mã sang dựng sẵn (NFC) bằng công cụ chuyển mã",
    "R9": "chữ của Quốc hiệu khác mẫu: cần người gõ lại",
    "R10": "Tiêu ngữ khác mẫu hoặc cách Quốc hiệu một dòng trống: cần người sửa",
    "R12": "tên cơ quan không in hoa: cần người gõ lại (không tự đổi chữ tên riêng)",
    "R14": "số, ký hiệu khác mẫu: cần người sửa",
    "R15": "ký hiệu không khớp tên loại mà văn bản không cho biết bên nào sai: cần người chọn",
    "R16": "địa danh, ngày tháng khác mẫu hoặc không cùng hàng với số: cần người sửa",
    "R17": "địa danh là chữ: cần người sửa",
    "R18": "độ rộng cột phần đầu: cần người chỉnh bảng",
    "R19": "tên loại văn bản khác mẫu: cần người sửa",
    "R20": "trích yếu in hoa mà văn bản không cho biết chữ nào viết hoa: cần người gõ lại",
    "R22": "loại văn bản này không có «Kính gửi», «V/v» (Phụ lục I, II.9.c): bỏ dòng đó hay "
           "chuyển nơi gửi xuống «Nơi nhận» là sửa chữ, cần người sửa",
    "R28": "tên mục không in hoa, hoặc số mục không sửa được an toàn: cần người sửa",
    "R29": "số khoản không sửa được an toàn (viện dẫn, số tự động của Word): cần người sửa",
    "R30": "chữ đánh điểm không sửa được an toàn (viện dẫn, số tự động của Word): cần người "
           "sửa",
    "R31": "đổi ký hiệu đầu dòng là sửa chữ: cần người sửa",
    "R32": "thêm «./.» là sửa chữ: cần người thêm",
    "R33": "quyền hạn, chức vụ người ký khác mẫu: cần người sửa",
    "R34": "họ tên người ký (học hàm, học vị…): cần người sửa",
    "R35": "khoảng trống ký: cần người thêm dòng",
    "R38": "bỏ «Như trên» là sửa nội dung: cần người sửa",
    "R39": "viết hoa trong câu là chữ: cần người sửa",
    "R40": "kiểu bỏ dấu là chữ: cần người sửa",
    "R41": "viết hoa khi viện dẫn là chữ: cần người sửa",
    "R42": "thứ tự các phần (thiếu phần đầu, tên loại, chữ ký…): cần người sắp xếp lại",
    "R43": "phụ lục thiếu tên hoặc dòng «(Kèm theo …)», hoặc nội dung chưa nhắc đến phụ lục: "
           "cần người thêm",
    "R44": "ký hiệu người soạn thảo, địa chỉ cơ quan: cần người sửa",
    "R45": "«Kính gửi» thiếu hoặc danh sách gửi khác mẫu: cần người sửa",
    "R46": "thiếu thẩm quyền ban hành hoặc dòng «QUYẾT ĐỊNH:»: cần người thêm",
    "R47": "số điều không sửa được an toàn: cần người sửa",
    "P1": "Quốc hiệu xuống dòng trên bản in: cần người nới cột phải của phần đầu",
    "P2": "Tiêu ngữ xuống dòng trên bản in mà thụt lề, cỡ chữ đã đúng: cần người nới cột phải "
          "của phần đầu",
    "P3": "địa danh, ngày tháng xuống dòng trên bản in mà thụt lề đã bỏ: cần người nới cột hoặc "
          "rút gọn địa danh",
    "P4": "số và ngày tháng không ngang dòng: cần người xem phần đầu văn bản",
    "P5": "trang 1 có số trang (số gõ tay hoặc trường ở đầu, chân trang đầu): xóa số là sửa "
          "chữ, cần người xóa",
    "P6": "trang không có số trang, hoặc số không ở giữa lề trên: cần người xem đầu trang",
    "P7": "khối chữ ký vẫn bị tách trang dù đã giữ liền (khối cao hơn một trang, hoặc bảng "
          "không giữ được): cần người bớt dòng trống hoặc sắp lại trang",
    "P9": "chữ ra ngoài lề: cần người xem",
}
#: Said when a fixer left a problem without a reason of its own.
DEFAULT_REASON: Final = "không sửa tự động được một cách an toàn: cần người xem"


def fixer(rule_id: str) -> Callable[[Fixer], Fixer]:
    def register(function: Fixer) -> Fixer:
        FIXERS[rule_id] = function
        return function
    return register


def printed_fixer(rule_id: str) -> Callable[[PrintedFixer], PrintedFixer]:
    def register(function: PrintedFixer) -> PrintedFixer:
        PRINTED_FIXERS[rule_id] = function
        return function
    return register


def all_fixers() -> dict[str, Fixer]:
    for module in _MODULES:
        importlib.import_module(f"kehoach.fixer.{module}")
    return FIXERS
