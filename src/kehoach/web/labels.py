"""Nhãn tiếng Việt của biểu mẫu: the Vietnamese words the plan form shows for each field.

The form is drawn from the model (:mod:`kehoach.web.form`); this module only names things.
A field is labelled, in order, by :data:`FIELDS` (its class's name and the field's), by the
generic :data:`COMMON` (``title``, ``text``, ``children`` …), by the Vietnamese term that opens
its attribute docstring (``Địa danh: the place name …``), and last by its key. A class is
labelled by :data:`CLASSES` or by the term of its docstring (:func:`kehoach.data.introspect.term`).
So a field or block type added to the model shows up with a sensible label and no change here.
"""

from __future__ import annotations

import enum
import functools
import re

from kehoach.data import introspect as ins

#: (class name, field) → (label, hint). The hint is a short line under the field.
FIELDS: dict[tuple[str, str], tuple[str, str]] = {
    ("Plan", "issuer"): ("Cơ quan ban hành", ""),
    ("Plan", "number"): ("Số, ký hiệu", ""),
    ("Plan", "date"): ("Ngày ban hành", "Dự thảo: để trống ngày (hoặc cả ngày và tháng)."),
    ("Plan", "title"): ("Trích yếu", "Viết hoa chữ đầu câu, ví dụ: Thực hiện xây dựng …"),
    ("Plan", "criteria_set"): ("Bộ tiêu chí", "Số và tên mỗi tiêu chí được đối chiếu với bộ này."),
    ("Plan", "legal_bases"): ("Căn cứ", ""),
    ("Plan", "opening"): ("Đoạn mở đầu", "Câu sau phần căn cứ, thường kết thúc bằng “như sau:”."),
    ("Plan", "part_numbering"): ("Cách đánh số mục", ""),
    ("Plan", "parts"): ("Các mục", "Không gõ số thứ tự (I., 1., a), -, +): kehoach tự đánh số."),
    ("Plan", "closing"): ("Đoạn kết", "kehoach tự thêm “./.” ở cuối."),
    ("Plan", "signer"): ("Người ký", ""),
    ("Plan", "recipients"): ("Nơi nhận", ""),
    ("Plan", "archive"): ("Lưu", ""),
    ("Plan", "appendices"): ("Phụ lục", ""),
    ("Issuer", "name"): ("Tên cơ quan", "Mỗi ô là một dòng in ở góc trái (in chữ hoa)."),
    ("Issuer", "place"): ("Địa danh", "In trước ngày tháng, không ghi “xã”: Hải Yến."),
    ("Issuer", "code"): ("Chữ viết tắt tên cơ quan", "Nhóm chữ đầu của ký hiệu, ví dụ UBND."),
    ("Issuer", "parent"): ("Cơ quan chủ quản", "Mỗi ô một dòng; UBND xã không có."),
    ("DocumentNumber", "number"): ("Số", "Để trống khi còn là dự thảo."),
    ("DocumentNumber", "type_code"): ("Chữ viết tắt tên loại", "KH là Kế hoạch."),
    ("DocumentNumber", "issuer_codes"): ("Các nhóm chữ viết tắt sau tên loại", ""),
    ("IssueDate", "year"): ("Năm", ""),
    ("IssueDate", "month"): ("Tháng", ""),
    ("IssueDate", "day"): ("Ngày", ""),
    ("LegalBasis", "verb"): ("Từ dẫn", ""),
    ("LegalBasis", "kind"): ("Loại văn bản", "Quyết định, Kế hoạch … hoặc tên đầy đủ của luật."),
    ("LegalBasis", "number"): ("Số, ký hiệu", "Ví dụ: 318/QĐ-TTg"),
    ("LegalBasis", "date"): ("Ngày ban hành", "Ví dụ: 08/3/2022"),
    ("LegalBasis", "issuer"): ("Cơ quan ban hành", ""),
    ("LegalBasis", "subject"): ("Trích yếu", "Viết tiếp sau tên cơ quan: về …, ban hành …"),
    ("Official", "title"): ("Chức danh hoặc đơn vị", ""),
    ("Official", "name"): ("Họ tên", ""),
    ("Official", "honorific"): ("Ông/Bà", ""),
    ("Authority", "mark"): ("Quyền hạn ký", ""),
    ("Authority", "of"): ("Thay mặt (thay, thừa lệnh …)", "Ủy ban nhân dân, Chủ tịch …"),
    ("Signer", "name"): ("Họ tên người ký", ""),
    ("Signer", "title"): ("Chức vụ", ""),
    ("Signer", "authorities"): ("Dòng quyền hạn", "TM. Ủy ban nhân dân; KT. Chủ tịch …"),
    ("Recipient", "name"): ("Nơi nhận", ""),
    ("Recipient", "note"): ("Ghi chú", "Ví dụ: (để b/c)"),
    ("Archive", "units"): ("Đơn vị lưu (sau VT)", ""),
    ("Deadline", "when"): ("Thời gian", "Ví dụ: hoàn thành trong Quý II/2024"),
    ("Deadline", "scope"): ("Phạm vi", "Ví dụ: Đối với quy hoạch chung"),
    ("CriterionSolution", "number"): ("Tiêu chí", ""),
    ("CriterionSolution", "name"): ("Tên tiêu chí", ""),
    ("CriterionSolution", "actions"): ("Nội dung giải pháp", "Việc cần làm cho tiêu chí này."),
    ("CriterionSolution", "details"): ("Chi tiết", ""),
    ("CriterionSolution", "deadlines"): ("Thời gian thực hiện", ""),
    ("CriterionSolution", "leads"): ("Người (đơn vị) tham mưu, chủ trì", ""),
    ("CriterionSolution", "lead_label"): ("Lời dẫn dòng tham mưu", ""),
    ("CriterionSolution", "coordinators"): ("Đơn vị phối hợp", ""),
    ("CriterionSolution", "coordinator_label"): ("Lời dẫn dòng phối hợp", ""),
    ("TaskRow", "content"): ("Nội dung", ""),
    ("TaskRow", "lead"): ("Cơ quan chủ trì", ""),
    ("TaskRow", "support"): ("Cơ quan phối hợp", ""),
    ("TaskRow", "deadline"): ("Thời gian thực hiện", ""),
    ("TaskTable", "rows"): ("Các dòng", ""),
    ("Objectives", "general"): ("Mục tiêu chung", ""),
    ("Objectives", "specific"): ("Mục tiêu cụ thể", ""),
    ("Objectives", "general_title"): ("Tiêu đề mục tiêu chung", ""),
    ("Objectives", "specific_title"): ("Tiêu đề mục tiêu cụ thể", ""),
    ("Part", "title"): ("Tên mục", "In chữ hoa, đậm."),
    ("Part", "children"): ("Nội dung của mục", ""),
    ("Appendix", "title"): ("Tên phụ lục", ""),
    ("Appendix", "children"): ("Nội dung phụ lục", ""),
    ("CriterionSolution", "responsible"): ("Người (đơn vị) tham mưu, chủ trì", ""),
    ("CriterionSolution", "responsible_label"): ("Lời dẫn dòng tham mưu", ""),
    ("TaskRow", "lead_agency"): ("Cơ quan chủ trì", ""),
    ("Cell", "align"): ("Căn lề", "Để trống: theo cột."),
    ("Row", "number"): ("Số thứ tự in ở cột TT", "Để trống: tự đánh số."),
    ("Plan", "layout"): ("Thể thức (lề, cỡ chữ …)", "Để trống: theo Nghị định 30."),
    ("Plan", "drafter"): ("Người soạn thảo, số bản (ô 12)", "Ví dụ: PL, 300 → PL.(300)"),
    ("Profile", "margin_top_mm"): ("Lề trên (mm)", ""),
    ("Profile", "margin_bottom_mm"): ("Lề dưới (mm)", ""),
    ("Profile", "margin_left_mm"): ("Lề trái (mm)", ""),
    ("Profile", "margin_right_mm"): ("Lề phải (mm)", ""),
    ("Profile", "size_national_title"): ("Cỡ chữ Quốc hiệu (pt)", ""),
    ("Profile", "size_motto"): ("Cỡ chữ Tiêu ngữ (pt)", ""),
    ("Profile", "size_issuer"): ("Cỡ chữ tên cơ quan (pt)", ""),
    ("Profile", "size_number"): ("Cỡ chữ số, ký hiệu (pt)", ""),
    ("Profile", "size_place_date"): ("Cỡ chữ địa danh, ngày tháng (pt)", ""),
    ("Profile", "size_title"): ("Cỡ chữ tên loại, trích yếu (pt)", ""),
    ("Profile", "size_body"): ("Cỡ chữ nội dung (pt)", ""),
    ("Profile", "size_signer"): ("Cỡ chữ người ký (pt)", ""),
    ("Profile", "size_recipients_label"): ("Cỡ chữ “Nơi nhận:” (pt)", ""),
    ("Profile", "size_recipients"): ("Cỡ chữ nơi nhận (pt)", ""),
    ("Profile", "size_page_number"): ("Cỡ chữ số trang (pt)", ""),
    ("Profile", "size_footnote"): ("Cỡ chữ chú thích (pt)", ""),
    ("Profile", "first_line_indent_cm"): ("Thụt đầu dòng (cm)", ""),
    ("Profile", "paragraph_spacing_pt"): ("Khoảng cách đoạn (pt)", ""),
    ("Profile", "line_spacing"): ("Giãn dòng (lần)", ""),
    ("Profile", "issuer_rule_ratio"): ("Độ dài đường kẻ dưới tên cơ quan (tỉ lệ)", ""),
    ("Profile", "title_rule_ratio"): ("Độ dài đường kẻ dưới trích yếu (tỉ lệ)", ""),
    ("Profile", "header_left_cm"): ("Cột trái phần đầu (cm)", ""),
    ("Profile", "header_right_cm"): ("Cột phải phần đầu (cm)", ""),
    ("Profile", "signature_left_cm"): ("Cột nơi nhận (cm)", ""),
    ("Profile", "signature_right_cm"): ("Cột chữ ký (cm)", ""),
    ("Profile", "signature_gap_lines"): ("Số dòng để ký", ""),
    ("Profile", "cell_padding_tw"): ("Lề trong ô bảng (twip)", ""),
}

#: Field names that mean the same in every class.
COMMON: dict[str, tuple[str, str]] = {
    "title": ("Tiêu đề", ""),
    "text": ("Nội dung", ""),
    "lead": ("Phần mở đầu (in nghiêng)", "Ví dụ: Tiêu chí số 17 - Môi trường:"),
    "children": ("Nội dung bên trong", ""),
    "name": ("Tên", ""),
    "note": ("Ghi chú", ""),
    "date": ("Ngày", "Ví dụ: 08/3/2022"),
    "number": ("Số", ""),
    "rows": ("Các dòng", ""),
    "content": ("Nội dung", ""),
    "lead_in": ("Phần mở đầu (in nghiêng)", "Ví dụ: Tiêu chí số 17 - Môi trường:"),
    "run_in": ("Tiêu đề và nội dung", "Cùng dòng hay riêng dòng; để trống: theo kiểu đề mục "
                                      "của kế hoạch."),
    "landscape": ("Trang ngang", "Để trống: tự chọn khi bảng quá rộng."),
    "kind": ("Loại văn bản", ""),
    "issuer": ("Cơ quan ban hành", ""),
    "subject": ("Trích yếu", ""),
}

#: Class name → (what one is called, the label of the button that adds one).
CLASSES: dict[str, tuple[str, str]] = {
    "Plan": ("Kế hoạch", "Kế hoạch"),
    "NewRuralPlan": ("Kế hoạch xây dựng nông thôn mới", "Kế hoạch"),
    "Issuer": ("Cơ quan ban hành", "Cơ quan ban hành"),
    "DocumentNumber": ("Số, ký hiệu", "Số, ký hiệu"),
    "IssueDate": ("Ngày ban hành", "Ngày ban hành"),
    "LegalBasis": ("Căn cứ", "Căn cứ"),
    "Official": ("Người tham mưu", "Người tham mưu"),
    "Authority": ("Dòng quyền hạn", "Dòng quyền hạn"),
    "Signer": ("Người ký", "Người ký"),
    "Recipient": ("Nơi nhận", "Nơi nhận"),
    "Archive": ("Lưu", "Lưu"),
    "Paragraph": ("Đoạn văn", "Đoạn văn"),
    "Bullet": ("Gạch đầu dòng", "Gạch đầu dòng (-, +)"),
    "Point": ("Điểm", "Điểm (a, b, c)"),
    "Numbered": ("Mục liệt kê", "Mục liệt kê ((1), (2))"),
    "Deadline": ("Thời gian", "Thời gian"),
    "CriterionSolution": ("Giải pháp cho tiêu chí", "Giải pháp cho tiêu chí"),
    "TaskRow": ("Dòng", "Dòng"),
    "TaskTable": ("Bảng phân công", "Bảng phân công nhiệm vụ"),
    "Item": ("Khoản", "Khoản (1., 1.1.)"),
    "Objectives": ("Mục tiêu", "Mục tiêu chung và cụ thể"),
    "Part": ("Mục", "Mục (I, II, III)"),
    "Appendix": ("Phụ lục", "Phụ lục"),
}

#: Enum value → how a choice reads, where the value alone says too little.
ENUM_CHOICES: dict[tuple[str, str], str] = {
    ("PartNumbering", "I"): "I, II, III … (số La Mã)",
    ("PartNumbering", "A"): "A, B, C … (chữ cái)",
    ("Mark", "TM"): "TM. (thay mặt tập thể)",
    ("Mark", "KT"): "KT. (ký thay người đứng đầu)",
    ("Mark", "Q"): "Q. (quyền)",
    ("Mark", "TL"): "TL. (thừa lệnh)",
    ("Mark", "TUQ"): "TUQ. (thừa ủy quyền)",
}

_VIETNAMESE = re.compile(r"[À-ỹĐđ]")


def _doc_term(doc: str | None) -> str | None:
    """``Địa danh: the place name …`` → ``Địa danh``; ``None`` when the doc opens in English."""
    if not doc:
        return None
    head = re.split(r":\s|;\s|\.\s|\.$", doc, maxsplit=1)[0].strip()
    head = re.sub(r"\s*\(``[^)]*``\)", "", head)  # an example in brackets
    head = re.split(r"\s(?:as|the|for|when|printed|what|how|none|or)\b", head)[0]
    head = head.replace("``", "").strip()
    if len(head) <= 60 and _VIETNAMESE.search(head):
        return head
    return None


def field(owner: type, field: ins.Field) -> tuple[str, str]:
    """The label and hint of ``field`` of class ``owner`` (its own or an inherited one)."""
    key = (owner, field.name)
    if key not in _FIELD_LABELS:  # each label read once: a doc is parsed from the source
        _FIELD_LABELS[key] = _field(owner, field)
    return _FIELD_LABELS[key]


_FIELD_LABELS: dict[tuple[type, str], tuple[str, str]] = {}


def _field(owner: type, field: ins.Field) -> tuple[str, str]:
    for cls in owner.__mro__:
        found = FIELDS.get((cls.__name__, field.name))
        if found:
            return found
    if field.name in COMMON:
        return COMMON[field.name]
    term = _doc_term(field.doc)
    if term:
        return term, ""
    return field.name, ""


@functools.lru_cache(maxsize=None)
def of_class(cls: type) -> str:
    """``Khoản``, ``Căn cứ``: how one instance of ``cls`` is called."""
    for c in cls.__mro__:
        if c.__name__ in CLASSES:
            return CLASSES[c.__name__][0]
    return ins.term(cls).replace("``", "")


@functools.lru_cache(maxsize=None)
def add_label(cls: type) -> str:
    """``Khoản (1., 1.1.)``: the label of the button that adds one ``cls``."""
    for c in cls.__mro__:
        if c.__name__ in CLASSES:
            return CLASSES[c.__name__][1]
    return ins.term(cls).replace("``", "")


def choice(member: enum.Enum) -> str:
    """How an enum value reads in a drop-down list."""
    return ENUM_CHOICES.get((type(member).__name__, str(member.value)), str(member.value))
