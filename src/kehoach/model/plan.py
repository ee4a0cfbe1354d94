"""The plan as data: frozen, validated attrs classes (the model layer).

Every class carries its Vietnamese name in its docstring. Text fields are normalised to
Unicode NFC (TCVN 6909 practice) and line endings to ``\\n``; nothing else in a text is
changed. A wrong value raises :class:`~kehoach.errors.PlanDataError` naming the class and the
field (``Official.name: không được để trống``).

Numbering is never data: a :class:`Part` knows it is a part, not that it is "II."; the
context layer numbers parts, items and points from their place in the tree.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Iterable
from typing import ClassVar, Union

import attrs

from kehoach.errors import PlanDataError, PlanDataErrors
from kehoach.model import symbols
from kehoach.model.fields import (
    _enum_converter,
    _enum_validator,
    _int_between,
    _owner,
    _to_tuple,
    _tuple_of,
    check_text,
    normalize_text,
    optional_text,
    text,
    tuple_of,
)

# --------------------------------------------------------------------------------------------
# Header: issuer, number, date


@attrs.frozen
class Issuer:
    """Cơ quan ban hành: the body that issues the plan, as it appears in the header.

    ``name`` holds the lines of the issuer's name as they are printed (the template prints them
    in capitals): ``("Ủy ban nhân dân", "xã Hải Yến")``. ``parent`` holds the lines of the
    cơ quan chủ quản, printed above it in regular weight; a commune People's Committee has none.
    """

    name: tuple[str, ...] = tuple_of(str, allow_empty=False, default=attrs.NOTHING)
    place: str = text()
    """Địa danh: the place name printed before the date, without "xã" (``Hải Yến``)."""
    code: str = text(default="UBND")
    """Chữ viết tắt tên cơ quan: the issuer's group in the ký hiệu (``UBND``)."""
    parent: tuple[str, ...] = tuple_of(str)
    """Tên cơ quan chủ quản: its lines, if any."""

    @code.validator
    def _check_code(self, attribute: attrs.Attribute, value: str) -> None:
        if not symbols.CODE.fullmatch(value):
            raise PlanDataError(_owner(self, attribute), f"{value!r} không phải chữ viết tắt "
                                "tên cơ quan (chỉ gồm chữ và số, không có dấu cách, '-' hay '/', "
                                "như UBND)")


def _codes_validator(instance: object, attribute: attrs.Attribute, value: tuple) -> None:
    field = _owner(instance, attribute)
    _tuple_of(str)(instance, attribute, value)
    for i, code in enumerate(value):
        if not symbols.CODE.fullmatch(code):
            raise PlanDataError(f"{field}[{i}]", f"{code!r} không phải một nhóm chữ viết tắt "
                                "(chỉ gồm chữ và số, không có dấu cách, '-' hay '/')")


@attrs.frozen
class DocumentNumber:
    """Số, ký hiệu: the plan's number and symbol (``Số: 05/KH-UBND``).

    ``number`` is ``None`` for a draft, whose number is given when it is signed
    (``Số:      /KH-UBND``). ``issuer_codes`` holds one group or several (``MTTQ``, ``BTT``
    gives ``16/KH-MTTQ-BTT``); left empty, a :class:`Plan` fills in its issuer's code, so
    ``DocumentNumber(5)`` of a plan issued by a body coded ``MTTQ`` is ``05/KH-MTTQ``.
    :meth:`parse` reads the number as printed: ``DocumentNumber.parse("Số: 05/KH-UBND")``.
    """

    number: int | None = attrs.field(default=None, validator=_int_between(1, None, optional=True))
    type_code: str = attrs.field(default="KH", converter=normalize_text)
    issuer_codes: tuple[str, ...] = attrs.field(default=(), converter=_to_tuple,
                                                validator=_codes_validator)

    @type_code.validator
    def _check_type_code(self, attribute: attrs.Attribute, value: object) -> None:
        check_text(_owner(self, attribute), value)
        if not symbols.TYPE_CODE.fullmatch(value):
            raise PlanDataError(_owner(self, attribute), f"{value!r} không phải chữ viết tắt tên "
                                "loại (chỉ gồm chữ, như KH; Nghị định 30, Phụ lục III)")

    @classmethod
    def parse(cls, text: str) -> DocumentNumber:
        """The number as printed: ``05/KH-UBND``, ``Số: 16/KH-MTTQ-BTT``, a draft ``/KH-UBND``.

        Raises :class:`~kehoach.errors.PlanDataError` saying how to write it.
        """
        number, type_code, issuer_codes = symbols.parse_number(text)
        return cls(number, type_code, issuer_codes)


@attrs.frozen
class IssueDate:
    """Thời gian ban hành: the date of issue, whole or partly blank for a draft.

    A draft may leave the day, or the day and the month, blank
    (``ngày      tháng      năm 2024``); the year is always given.
    """

    year: int = attrs.field(validator=_int_between(1945, 2100))
    month: int | None = attrs.field(default=None, validator=_int_between(1, 12, optional=True))
    day: int | None = attrs.field(default=None, validator=_int_between(1, 31, optional=True))

    def __attrs_post_init__(self) -> None:
        if self.day is not None and self.month is None:
            raise PlanDataError("IssueDate.day", "có ngày thì phải có tháng")
        if self.day is not None:
            try:
                _dt.date(self.year, self.month, self.day)
            except ValueError:
                raise PlanDataError(
                    "IssueDate.day",
                    f"ngày {self.day} tháng {self.month} năm {self.year} không có trong lịch",
                ) from None

    @classmethod
    def of(cls, date: _dt.date) -> IssueDate:
        """The issue date of a signed plan."""
        return cls(date.year, date.month, date.day)

    @property
    def is_complete(self) -> bool:
        return self.day is not None


# --------------------------------------------------------------------------------------------
# Căn cứ


class BasisVerb(enum.Enum):
    """Động từ dẫn: how a legal basis is introduced."""

    CAN_CU = "Căn cứ"
    THUC_HIEN = "Thực hiện"


@attrs.frozen
class LegalBasis:
    """Căn cứ: a legal basis cited at the head of the plan.

    Rendered as one sentence: ``Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng
    Chính phủ <subject>;``. ``kind`` is the document type as it is cited (``Quyết định``,
    ``Kế hoạch``, or a law's full name, which then has no number); ``subject`` is the trích yếu
    as it follows the issuer (``về …``, ``ban hành …``).
    """

    kind: str = text()
    number: str | None = optional_text()
    date: _dt.date | None = attrs.field(default=None)
    issuer: str | None = optional_text()
    subject: str | None = optional_text()
    verb: BasisVerb = attrs.field(default=BasisVerb.CAN_CU, converter=_enum_converter(BasisVerb),
                                  validator=_enum_validator(BasisVerb))

    @date.validator
    def _check_date(self, attribute: attrs.Attribute, value: object) -> None:
        if value is not None and (not isinstance(value, _dt.date) or isinstance(value, _dt.datetime)):
            raise PlanDataError(_owner(self, attribute), f"phải là một ngày (datetime.date), nhận được {value!r}")


# --------------------------------------------------------------------------------------------
# People


class Honorific(enum.Enum):
    """Danh xưng: Ông or Bà before an official's name."""

    ONG = "Ông"
    BA = "Bà"


@attrs.frozen
class Official:
    """Công chức, người phụ trách: a responsible official, or an office when no name is given.

    ``Official("công chức Văn phòng - Thống kê xã", name="Chu Thị Ngoan", honorific="Bà")``
    reads "Bà Chu Thị Ngoan, công chức Văn phòng - Thống kê xã".
    """

    title: str = text()
    """Chức danh: the post (``công chức Tư pháp - Hộ tịch``) or the unit (``Trạm Y tế xã``)."""
    name: str | None = optional_text()
    honorific: Honorific | None = attrs.field(default=None, converter=_enum_converter(Honorific),
                                              validator=_enum_validator(Honorific, optional=True))


class Mark(enum.Enum):
    """Quyền hạn ký: the authority under which the signer signs (Điều 13, Nghị định 30)."""

    TM = "TM"  # thay mặt (a collective body)
    KT = "KT"  # ký thay (a deputy for the head)
    Q = "Q"  # quyền (acting head)
    TL = "TL"  # thừa lệnh
    TUQ = "TUQ"  # thừa ủy quyền


@attrs.frozen
class Authority:
    """Quyền hạn: one authority line of the signature block (``TM. ỦY BAN NHÂN DÂN``)."""

    mark: Mark = attrs.field(converter=_enum_converter(Mark), validator=_enum_validator(Mark))
    of: str = text()
    """On whose behalf: ``Ủy ban nhân dân``, ``Chủ tịch`` (printed in capitals)."""


#: Học hàm, học vị before a name: the decree forbids them before the signer's name (II.7.c).
ACADEMIC_TITLE = re.compile(r"^(GS|PGS|TS|ThS|KS|BS|CN|NCS)\.?\s")


@attrs.frozen
class Signer:
    """Người ký: the signer, with the authority lines above the name.

    ``Signer(name="Hứa Xuân Dương", title="Chủ tịch", authorities=[Authority("TM", "Ủy ban nhân
    dân")])`` gives ``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH`` / (signature) / ``Hứa Xuân Dương``.
    A deputy signing for the chairman: authorities ``TM. Ủy ban nhân dân`` and ``KT. Chủ tịch``,
    title ``Phó Chủ tịch``.
    """

    name: str = text()
    title: str | None = optional_text()
    """Chức vụ: the signer's post, printed in capitals under the authority lines."""
    authorities: tuple[Authority, ...] = tuple_of(Authority)

    @name.validator
    def _check_name(self, attribute: attrs.Attribute, value: str) -> None:
        field = _owner(self, attribute)
        if ACADEMIC_TITLE.match(value):
            raise PlanDataError(field, "không ghi học hàm, học vị trước họ tên người ký (Nghị định 30)")
        letters = [c for c in value if c.isalpha()]
        if len(letters) > 1 and all(c.isupper() for c in letters):
            raise PlanDataError(field, "họ tên người ký viết hoa chữ cái đầu mỗi tiếng, không viết hoa toàn bộ")

    def __attrs_post_init__(self) -> None:
        if not self.title and not self.authorities:
            raise PlanDataError("Signer.title", "cần chức vụ hoặc ít nhất một dòng quyền hạn")


@attrs.frozen
class Recipient:
    """Nơi nhận: one line of the recipient list (``- Thường trực Đảng ủy xã;``)."""

    name: str = text()
    note: str | None = optional_text()
    """A note after the name, such as ``(để b/c)``."""


@attrs.frozen
class Archive:
    """Lưu: the last line of Nơi nhận, ``- Lưu: VT, VP.`` (VT, then the drafting units)."""

    units: tuple[str, ...] = tuple_of(str, default=("VP",))


# --------------------------------------------------------------------------------------------
# Body


@attrs.frozen
class Paragraph:
    """Đoạn văn: a paragraph of running text."""

    text: str = text()


def _require_text_or_lead(line: Bullet | _Line) -> None:
    if line.text is None and line.lead is None:
        raise PlanDataError(f"{type(line).__name__}.text",
                            "cần nội dung (text) hoặc phần mở đầu (lead)")


@attrs.frozen
class Bullet:
    """Gạch đầu dòng: a ``-`` line; bullets inside a bullet are ``+`` lines.

    ``lead`` is an italic lead-in (``Tiêu chí số 17 - Môi trường:``) before ``text``.
    """

    text: str | None = optional_text()
    lead: str | None = optional_text()
    children: tuple[Bullet | Paragraph, ...] = attrs.field(default=(), converter=_to_tuple)

    def __attrs_post_init__(self) -> None:
        _require_text_or_lead(self)
        _tuple_of(Bullet, Paragraph)(self, attrs.fields(Bullet).children, self.children)


@attrs.frozen
class _Line:
    """A running-text line with a label the context gives it (``a)``, ``(1)``)."""

    text: str | None = optional_text()
    lead: str | None = optional_text()
    children: tuple[Bullet | Paragraph, ...] = tuple_of(Bullet, Paragraph)

    def __attrs_post_init__(self) -> None:
        _require_text_or_lead(self)


@attrs.frozen
class Point(_Line):
    """Điểm: an item lettered ``a)``, ``b)`` … ``đ)`` inside a khoản.

    ``lead`` is an italic lead-in before ``text``; children are bullets and paragraphs.
    """


@attrs.frozen
class Numbered(_Line):
    """Mục liệt kê ``(1)``, ``(2)``: an item numbered in brackets, counted like điểm.

    ``lead`` is an italic lead-in before ``text``; children are bullets and paragraphs.
    """


@attrs.frozen
class Deadline:
    """Thời gian thực hiện: when a task is done, optionally for one scope of it.

    ``Deadline("hoàn thành trong Quý II/2024", scope="Đối với quy hoạch chung")``.
    """

    when: str = text()
    scope: str | None = optional_text()


@attrs.frozen(kw_only=True)
class CriterionSolution:
    """Giải pháp thực hiện tiêu chí: what is done for one criterion of a criteria set.

    Rendered as a ``-`` line ``Tiêu chí số 1 - Quy hoạch: <actions>`` followed by ``+`` lines for
    the time, the officials who advise or lead, and the coordinating bodies.
    """

    number: int = attrs.field(validator=_int_between(1, None))
    """Số thứ tự của tiêu chí in its set (1–19 for 2021–2025, 1–10 for 2026–2030)."""
    name: str | None = optional_text()
    actions: str = text(default=attrs.NOTHING)
    """Nội dung giải pháp: what is done."""
    details: tuple[Bullet | Paragraph, ...] = tuple_of(Bullet, Paragraph)
    deadlines: tuple[Deadline, ...] = tuple_of(Deadline)
    leads: tuple[Official, ...] = tuple_of(Official)
    """Người (đơn vị) tham mưu, chủ trì."""
    lead_label: str = text(default="Công chức tham mưu thực hiện")
    """How the lead line is introduced (``Đơn vị tham mưu thực hiện`` for a unit)."""
    coordinators: tuple[str, ...] = tuple_of(str)
    """Đơn vị phối hợp."""
    coordinator_label: str = text(default="Phối hợp")


@attrs.frozen
class TaskRow:
    """Một dòng của bảng nhiệm vụ: one task of a task table."""

    content: str = text()
    lead: str | None = optional_text()
    """Cơ quan chủ trì."""
    support: str | None = optional_text()
    """Cơ quan phối hợp."""
    deadline: str | None = optional_text()
    """Thời gian thực hiện."""


@attrs.frozen
class TaskTable:
    """Bảng phân công nhiệm vụ: TT | Nội dung | Cơ quan chủ trì | Phối hợp | Thời gian."""

    rows: tuple[TaskRow, ...] = tuple_of(TaskRow, allow_empty=False, default=attrs.NOTHING)


@attrs.frozen
class Item:
    """Khoản (``1.``) or, nested in a khoản, tiểu mục (``1.1.``).

    ``title`` is a bold heading line (``Mục đích``); ``text`` is running text (after the title
    when both are given, or on the numbered line itself when there is no title).
    """

    title: str | None = optional_text()
    text: str | None = optional_text()
    children: tuple[Block, ...] = attrs.field(default=(), converter=_to_tuple)

    def __attrs_post_init__(self) -> None:
        if self.title is None and self.text is None:
            raise PlanDataError("Item.title", "khoản cần tiêu đề (title) hoặc nội dung (text)")
        _tuple_of(*BLOCK_TYPES)(self, attrs.fields(Item).children, self.children)


@attrs.frozen
class Objectives:
    """Mục tiêu: the general and the specific objectives.

    Rendered as two numbered items, ``Mục tiêu chung`` and ``Mục tiêu cụ thể``, at the level
    where it stands (``1.1.`` and ``1.2.`` inside ``1. Mục tiêu``).
    """

    general: tuple[Block, ...] = attrs.field(converter=_to_tuple)
    specific: tuple[Block, ...] = attrs.field(converter=_to_tuple)
    general_title: str = text(default="Mục tiêu chung")
    specific_title: str = text(default="Mục tiêu cụ thể")

    def __attrs_post_init__(self) -> None:
        for name in ("general", "specific"):
            _tuple_of(*BLOCK_TYPES, allow_empty=False)(self, attrs.fields_dict(Objectives)[name],
                                                        getattr(self, name))


Block = Union[Paragraph, Bullet, Point, Numbered, Item, Objectives, CriterionSolution, TaskTable]
BLOCK_TYPES: tuple[type, ...] = (Paragraph, Bullet, Point, Numbered, Item, Objectives,
                                 CriterionSolution, TaskTable)


@attrs.frozen
class Part:
    """Mục: a part of the plan, numbered ``I.``, ``II.`` … and titled in capitals."""

    title: str = text()
    children: tuple[Block, ...] = tuple_of(*BLOCK_TYPES)


@attrs.frozen
class Appendix:
    """Phụ lục: an appendix after the signature, on pages numbered from 1 again.

    Printed as ``Phụ lục`` (``Phụ lục I``, ``Phụ lục II`` … when there are several), its title in
    capitals, and the line ``(Kèm theo Kế hoạch số … ngày … của …)``.
    """

    title: str = text()
    children: tuple[Block, ...] = tuple_of(*BLOCK_TYPES, allow_empty=False, default=attrs.NOTHING)


class PartNumbering(enum.Enum):
    """Cách đánh số mục: Roman numerals (``I.``, ``II.``) or capital letters (``A.``, ``B.``)."""

    ROMAN = "I"
    LETTER = "A"


# --------------------------------------------------------------------------------------------
# The plan


@attrs.frozen
class Plan:
    """Kế hoạch: a whole plan, from the header to Nơi nhận.

    ``closing`` is the last paragraph; the plan ends it with ``./.`` (a text already ending in
    ``./.`` is kept as it is, one ending in ``.`` gets ``/.``).
    """

    issuer: Issuer = attrs.field(validator=attrs.validators.instance_of(Issuer))
    date: IssueDate = attrs.field(validator=attrs.validators.instance_of(IssueDate))
    title: str = text()
    """Trích yếu: what the plan is about, in sentence case (``Thực hiện …``)."""
    parts: tuple[Part, ...] = tuple_of(Part, allow_empty=False, default=attrs.NOTHING)
    signer: Signer = attrs.field(validator=attrs.validators.instance_of(Signer))
    number: DocumentNumber = attrs.field(factory=DocumentNumber,
                                         validator=attrs.validators.instance_of(DocumentNumber))
    legal_bases: tuple[LegalBasis, ...] = tuple_of(LegalBasis)
    opening: str | None = optional_text()
    """Đoạn mở đầu: the sentence after the căn cứ, usually ending "… như sau:"."""
    closing: str | None = optional_text()
    recipients: tuple[Recipient, ...] = tuple_of(Recipient)
    archive: Archive = attrs.field(factory=Archive, validator=attrs.validators.instance_of(Archive))
    appendices: tuple[Appendix, ...] = tuple_of(Appendix)
    part_numbering: PartNumbering = attrs.field(
        default=PartNumbering.ROMAN, converter=_enum_converter(PartNumbering),
        validator=_enum_validator(PartNumbering))

    #: Tên loại and its abbreviation in the ký hiệu (Nghị định 30, Phụ lục III).
    DOCUMENT_KIND: ClassVar[str] = "Kế hoạch"
    TYPE_CODE: ClassVar[str] = symbols.TYPE_CODES["Kế hoạch"]

    def __attrs_post_init__(self) -> None:
        # Validators above only see their own field; these checks relate two of them.
        number = self.number
        if not number.issuer_codes:  # the issuer's own code, as printed under its name
            number = attrs.evolve(number, issuer_codes=(self.issuer.code,))
            object.__setattr__(self, "number", number)
        problem = symbols.type_code_problem(number.type_code, self.TYPE_CODE, self.DOCUMENT_KIND)
        if problem:
            raise PlanDataError("Plan.number.type_code", problem)
        if number.issuer_codes[0] != self.issuer.code:
            symbol = "-".join((number.type_code, *number.issuer_codes))
            raise PlanDataError(
                "Plan.number.issuer_codes",
                f"ký hiệu {symbol} ghi cơ quan '{number.issuer_codes[0]}', còn chữ viết tắt của "
                f"cơ quan ban hành (issuer.code) là '{self.issuer.code}'; sửa cho khớp (nhóm "
                "đầu sau tên loại là chữ viết tắt của cơ quan ban hành)",
            )


def iter_blocks(blocks: Iterable[object], path: str = "children"):
    """``(path, block)`` for every block under ``blocks``, depth first.

    Paths name fields as the model does: ``children[2].children[0]``, ``children[1].general[0]``.
    """
    for i, block in enumerate(blocks):
        here = f"{path}[{i}]"
        yield here, block
        if isinstance(block, Objectives):
            yield from iter_blocks(block.general, f"{here}.general")
            yield from iter_blocks(block.specific, f"{here}.specific")
        else:
            yield from iter_blocks(getattr(block, "children", ()), f"{here}.children")


@attrs.frozen
class NewRuralPlan(Plan):
    """Kế hoạch xây dựng nông thôn mới: a plan whose solutions follow a national criteria set.

    ``criteria_set`` names the set (:mod:`kehoach.model.catalogues`: ``ntm-nang-cao-2021-2025``,
    ``ntm-2026-2030`` …). Every :class:`CriterionSolution` must carry a number of that set and,
    when it gives a name, that criterion's name (tone-mark placement, case and commas aside);
    the set must apply on the plan's date (:meth:`~kehoach.model.catalogues.Catalogue.applies_to`).
    """

    criteria_set: str = attrs.field(kw_only=True, converter=normalize_text)

    @criteria_set.validator
    def _check_set(self, attribute: attrs.Attribute, value: object) -> None:
        from kehoach.model import catalogues

        check_text(_owner(self, attribute), value)
        try:
            catalogues.get(value)
        except KeyError as exc:
            raise PlanDataError(_owner(self, attribute), exc.args[0]) from None

    def __attrs_post_init__(self) -> None:
        super().__attrs_post_init__()
        from kehoach.model import catalogues

        catalogue = catalogues.get(self.criteria_set)
        # By the day: the 2026–2030 set applies from 15/02/2026 (Quyết định 51/2025/QĐ-TTg);
        # a draft without its day may be signed on either side of that day.
        problem = catalogue.why_not(self.date)
        if problem:
            raise PlanDataError("NewRuralPlan.criteria_set", problem)
        problems = []
        for part_index, part in enumerate(self.parts):
            for path, block in iter_blocks(part.children, f"parts[{part_index}].children"):
                if isinstance(block, CriterionSolution):
                    problem = catalogue.check(block.number, block.name)
                    if problem and catalogue.refuses(block.number, block.name):
                        field = "number" if catalogue.get(block.number) is None else "name"
                        problems.append(PlanDataError(f"NewRuralPlan.{path}.{field}", problem))
        if problems:
            raise PlanDataErrors(problems)
