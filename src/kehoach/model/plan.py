"""The plan as data: frozen, validated attrs classes (the model layer).

Every class carries its Vietnamese name in its docstring, and ``help(cls)`` lists its fields
with their Vietnamese terms. Text fields are normalised to Unicode NFC (TCVN 6909 practice) and
line endings to ``\\n``; nothing else in a text is changed. Running text (paragraphs, points,
bullets, table cells, the opening and closing …) may be a plain ``str`` or a
:class:`~kehoach.model.rich.RichText` with bold, italic, underline and footnotes. A wrong value
raises :class:`~kehoach.errors.PlanDataError` naming the class and the field
(``Official.name: không được để trống``).

Numbering is never data: a :class:`Part` knows it is a part, not that it is "II."; the
context layer numbers parts, items, points and table rows from their place in the tree.

Where a block holds blocks (``children``), a plain ``str`` or a :class:`RichText` is a
:class:`Paragraph`, as in data files: ``Item(title="Mục đích", children=["…", "…"])``.
"""

from __future__ import annotations

import datetime as _dt
import enum
import re
from collections.abc import Iterable
from typing import ClassVar, Union

import attrs

from kehoach.errors import PlanDataError, PlanDataErrors, grouped
from kehoach.layout.profile import Profile, place_width_problem
from kehoach.model import decree, symbols
from kehoach.model.fields import (
    _enum_converter,
    _enum_validator,
    _int_between,
    _owner,
    _to_tuple,
    _tuple_of,
    check_text,
    described,
    field_doc,
    instance_of,
    normalize_text,
    optional_text,
    renamed,
    text,
    tuple_of,
)
from kehoach.model.rich import RichText, Span, optional_rich_text, plain_text, rich_text

# --------------------------------------------------------------------------------------------
# The decree's rules on what a field says (kehoach.model.decree, shared with the checker)


def _capitals(instance: object, attribute: attrs.Attribute, value: object) -> None:
    """A line printed in capitals has letters (one text, or each of a tuple of lines)."""
    field = _owner(instance, attribute)
    lines = value if isinstance(value, tuple) else (value,)
    for i, line in enumerate(lines):
        problem = decree.capitals_problem(line) if isinstance(line, str) else None
        if problem:
            raise PlanDataError(f"{field}[{i}]" if isinstance(value, tuple) else field, problem)


def _unlabelled(instance: object, attribute: attrs.Attribute, value: object) -> None:
    """A paragraph's text does not start with a typed numbering label (``I.``, ``1.``, ``a)``)."""
    if value is not None:
        problem = decree.typed_label_problem(plain_text(value))
        if problem:
            raise PlanDataError(_owner(instance, attribute), problem)


def _all_italic(value: object) -> bool:
    """Whether a rich text's words are all in italic (a paragraph of it prints wholly so)."""
    return isinstance(value, RichText) and all(
        p.italic for p in value.parts if isinstance(p, Span) and p.text.strip())


def _upright(field: str, value: object) -> None:
    """A body paragraph is upright (R23): wholly italic only as a note in brackets."""
    if _all_italic(value):
        problem = decree.italic_paragraph_problem(plain_text(value))
        if problem:
            raise PlanDataError(field, problem)


def _upright_validator(instance: object, attribute: attrs.Attribute, value: object) -> None:
    _upright(_owner(instance, attribute), value)


# --------------------------------------------------------------------------------------------
# Header: issuer, number, date


@described
@attrs.frozen
class Issuer:
    """Cơ quan ban hành: the body that issues the plan, as it appears in the header.

    ``name`` holds the lines of the issuer's name as they are printed (the template prints them
    in capitals): ``("Ủy ban nhân dân", "xã Hải Yến")``. ``parent`` holds the lines of the
    cơ quan chủ quản, printed above it in regular weight; a commune People's Committee has none.
    """

    name: tuple[str, ...] = tuple_of(str, allow_empty=False, default=attrs.NOTHING,
                                     doc="Tên cơ quan ban hành: the lines of the name",
                                     one_line=True)
    place: str = text(doc="Địa danh: the place name printed before the date, without "
                          "\"xã\" (``Hải Yến``)", one_line=True)
    code: str = text(default="UBND", doc="Chữ viết tắt tên cơ quan: the issuer's group in the "
                                         "ký hiệu (``UBND``)")
    parent: tuple[str, ...] = tuple_of(str, doc="Tên cơ quan chủ quản: its lines, if any",
                                       one_line=True)

    @place.validator
    def _check_place(self, attribute: attrs.Attribute, value: str) -> None:
        problem = decree.place_problem(value) or place_width_problem(value)
        if problem:
            raise PlanDataError(_owner(self, attribute), problem)

    @name.validator
    @parent.validator
    def _check_lines(self, attribute: attrs.Attribute, value: tuple) -> None:
        _capitals(self, attribute, value)

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


@described
@attrs.frozen(init=False)
class DocumentNumber:
    """Số, ký hiệu: the plan's number and symbol (``Số: 05/KH-UBND``).

    ``number`` is ``None`` for a draft, whose number is given when it is signed
    (``Số:      /KH-UBND``). ``issuer_codes`` holds one group or several (``MTTQ``, ``BTT``
    gives ``16/KH-MTTQ-BTT``); left empty, a :class:`Plan` fills in its issuer's code, so
    ``DocumentNumber(5)`` of a plan issued by a body coded ``MTTQ`` is ``05/KH-MTTQ``.
    :meth:`parse` reads the number as printed: ``DocumentNumber.parse("Số: 05/KH-UBND")``.
    """

    number: int | None = attrs.field(default=None, validator=_int_between(1, None, optional=True),
                                     metadata=field_doc("Số: the number; none for a draft"))
    type_code: str = attrs.field(default="KH", converter=normalize_text,
                                 metadata=field_doc("Chữ viết tắt tên loại (``KH``)"))
    issuer_codes: tuple[str, ...] = attrs.field(
        default=(), converter=_to_tuple, validator=_codes_validator,
        metadata=field_doc("Chữ viết tắt tên cơ quan: the groups after the type (``UBND``); "
                           "empty: the issuer's code"))

    def __init__(self, number: int | str | None = None, type_code: str = "KH",
                 issuer_codes: tuple[str, ...] | list[str] | str = ()) -> None:
        if isinstance(number, str):
            text = number.strip()
            if text.isdigit():  # "05", as a data file may quote it
                number = int(text)
            elif "/" in text:  # the number as printed: DocumentNumber("05/KH-UBND")
                if type_code != "KH" or issuer_codes:
                    raise PlanDataError("DocumentNumber.number", f"{number!r} đã có ký hiệu; "
                                        "không ghi thêm type_code, issuer_codes")
                number, type_code, issuer_codes = symbols.parse_number(
                    number, "DocumentNumber.number")
        self.__attrs_init__(number, type_code, issuer_codes)

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


@described
@attrs.frozen(init=False)
class IssueDate:
    """Thời gian ban hành: the date of issue, whole or partly blank for a draft.

    ``IssueDate(2024, 2, 5)`` or ``IssueDate(datetime.date(2024, 2, 5))``. A draft may leave
    the day, or the day and the month, blank (``IssueDate(2026, 1)`` reads
    ``ngày      tháng 01 năm 2026``); the year is always given.
    """

    year: int = attrs.field(validator=_int_between(1945, 2100), metadata=field_doc("Năm"))
    month: int | None = attrs.field(default=None, validator=_int_between(1, 12, optional=True),
                                    metadata=field_doc("Tháng; none for a draft"))
    day: int | None = attrs.field(default=None, validator=_int_between(1, 31, optional=True),
                                  metadata=field_doc("Ngày; none for a draft"))

    def __init__(self, year: int | _dt.date, month: int | None = None,
                 day: int | None = None) -> None:
        if isinstance(year, _dt.datetime):
            raise PlanDataError("IssueDate.year", "chỉ ghi ngày, không ghi giờ")
        if isinstance(year, _dt.date):
            if month is not None or day is not None:
                raise PlanDataError("IssueDate.month", "đã có ngày (datetime.date) thì không ghi "
                                                       "thêm tháng, ngày")
            year, month, day = year.year, year.month, year.day
        self.__attrs_init__(year, month, day)

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
        return cls(date)

    @property
    def is_complete(self) -> bool:
        return self.day is not None


def _issue_date(value: object) -> object:
    if isinstance(value, _dt.datetime):
        raise PlanDataError("Plan.date", "chỉ ghi ngày, không ghi giờ: dùng datetime.date (hoặc "
                                         f"{value!r}.date()), hoặc IssueDate(năm, tháng, ngày)")
    if isinstance(value, _dt.date):
        return IssueDate(value)
    return value


# --------------------------------------------------------------------------------------------
# Căn cứ


class BasisVerb(enum.Enum):
    """Động từ dẫn: how a legal basis is introduced."""

    CAN_CU = "Căn cứ"
    THUC_HIEN = "Thực hiện"


def _date_validator(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None and (not isinstance(value, _dt.date) or isinstance(value, _dt.datetime)):
        raise PlanDataError(_owner(instance, attribute),
                            f"phải là một ngày (datetime.date), nhận được {value!r}")


def _doc_fields():
    """The fields that name a cited document, shared by LegalBasis and CitedDocument."""
    return {
        "kind": text(doc="Tên loại văn bản as cited (``Quyết định``, ``Kế hoạch``), or a law's "
                         "full name (then without a number)", one_line=True),
        "number": optional_text(doc="Số, ký hiệu (``318/QĐ-TTg``)", one_line=True),
        "date": attrs.field(default=None, validator=_date_validator,
                            metadata=field_doc("Ngày ban hành; printed ``08/3/2022``")),
        "issuer": optional_text(doc="Cơ quan ban hành (``Thủ tướng Chính phủ``)", one_line=True),
        "subject": optional_text(doc="Trích yếu as it follows the issuer (``về …``, "
                                     "``ban hành …``)", one_line=True),
    }


@described
@attrs.frozen
class CitedDocument:
    """Văn bản viện dẫn: one more document cited in the same căn cứ line (after ``;``)."""

    kind: str = _doc_fields()["kind"]
    number: str | None = _doc_fields()["number"]
    date: _dt.date | None = _doc_fields()["date"]
    issuer: str | None = _doc_fields()["issuer"]
    subject: str | None = _doc_fields()["subject"]


@described
@attrs.frozen
class LegalBasis:
    """Căn cứ: a legal basis cited at the head of the plan.

    Rendered as one sentence: ``Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng
    Chính phủ <subject>;``. ``also`` cites more documents in the same line, each after ``;``:
    ``Căn cứ Luật Phòng, chống thiên tai ngày 19/6/2013; Luật sửa đổi, bổ sung … ngày
    17/6/2020;``.
    """

    kind: str = _doc_fields()["kind"]
    number: str | None = _doc_fields()["number"]
    date: _dt.date | None = _doc_fields()["date"]
    issuer: str | None = _doc_fields()["issuer"]
    subject: str | None = _doc_fields()["subject"]
    verb: BasisVerb = attrs.field(default=BasisVerb.CAN_CU, converter=_enum_converter(BasisVerb),
                                  validator=_enum_validator(BasisVerb),
                                  metadata=field_doc("Động từ dẫn: ``Căn cứ`` or ``Thực hiện``"))
    also: tuple[CitedDocument, ...] = tuple_of(
        CitedDocument, doc="Văn bản cùng dòng: more documents cited in the same line")


# --------------------------------------------------------------------------------------------
# People


class Honorific(enum.Enum):
    """Danh xưng: Ông or Bà before an official's name."""

    ONG = "Ông"
    BA = "Bà"


@described
@attrs.frozen
class Official:
    """Công chức, người phụ trách: a responsible official, or an office when no name is given.

    ``Official("công chức Văn phòng - Thống kê xã", name="Chu Thị Ngoan", honorific="Bà")``
    reads "Bà Chu Thị Ngoan, công chức Văn phòng - Thống kê xã".
    """

    title: str = text(doc="Chức danh: the post (``công chức Tư pháp - Hộ tịch``) or the unit "
                          "(``Trạm Y tế xã``)", one_line=True)
    name: str | None = optional_text(doc="Họ tên", one_line=True)
    honorific: Honorific | None = attrs.field(
        default=None, converter=_enum_converter(Honorific),
        validator=_enum_validator(Honorific, optional=True),
        metadata=field_doc("Danh xưng: ``Ông`` or ``Bà``"))


class Mark(enum.Enum):
    """Quyền hạn ký: the authority under which the signer signs (Điều 13, Nghị định 30)."""

    TM = "TM"  # thay mặt (a collective body)
    KT = "KT"  # ký thay (a deputy for the head)
    Q = "Q"  # quyền (acting head)
    TL = "TL"  # thừa lệnh
    TUQ = "TUQ"  # thừa ủy quyền


@described
@attrs.frozen
class Authority:
    """Quyền hạn: one authority line of the signature block (``TM. ỦY BAN NHÂN DÂN``)."""

    mark: Mark = attrs.field(converter=_enum_converter(Mark), validator=_enum_validator(Mark),
                             metadata=field_doc("TM, KT, Q, TL or TUQ"))
    of: str = text(doc="On whose behalf: ``Ủy ban nhân dân``, ``Chủ tịch`` (printed in "
                       "capitals)", validator=_capitals, one_line=True)

    @classmethod
    def parse(cls, line: str, field: str = "Authority") -> Authority:
        """The line as written: ``"TM. Ủy ban nhân dân"``, ``"KT. Chủ tịch"`` (the dot may be
        left out). Raises :class:`~kehoach.errors.PlanDataError` naming ``field``."""
        match = _AUTHORITY_LINE.match(line) if isinstance(line, str) else None
        if match is None:
            marks = ", ".join(m.value for m in Mark)
            raise PlanDataError(field, f"{line!r} không đúng dạng quyền hạn; viết "
                                       f"'TM. Ủy ban nhân dân' (chữ đầu là một trong: {marks})")
        return cls(match.group(1).upper(), match.group(2))


_AUTHORITY_LINE = re.compile(rf"^\s*({'|'.join(m.value for m in Mark)})\.?\s+(\S.*?)\s*$",
                             re.IGNORECASE)


def _authorities(value: object) -> object:
    """Quyền hạn as a signer takes them: :class:`Authority` objects or their lines as written
    (``["TM. Ủy ban nhân dân"]``, as a data file writes them)."""
    value = _to_tuple(value)
    if isinstance(value, tuple):
        return tuple(Authority.parse(v, f"Signer.authorities[{i}]") if isinstance(v, str) else v
                     for i, v in enumerate(value))
    return value


#: Học hàm, học vị before a name: the decree forbids them before the signer's name (II.7.c).
ACADEMIC_TITLE = decree.ACADEMIC_TITLE


def _signer_name(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is None:
        return
    field = _owner(instance, attribute)
    check_text(field, value)
    # A Signer does not know its issuer: no rank or title is allowed here (R34).
    problem = decree.line_break_problem(value)
    if problem:
        raise PlanDataError(field, problem)
    problem = decree.signer_name_problem(value)
    if problem:
        raise PlanDataError(field, problem)


@described
@attrs.frozen
class Signer:
    """Người ký: the signer, with the authority lines above the name.

    ``Signer(name="Hứa Xuân Dương", title="Chủ tịch", authorities=[Authority("TM", "Ủy ban nhân
    dân")])`` gives ``TM. ỦY BAN NHÂN DÂN`` / ``CHỦ TỊCH`` / (signature) / ``Hứa Xuân Dương``.
    A deputy signing for the chairman: authorities ``TM. Ủy ban nhân dân`` and ``KT. Chủ tịch``,
    title ``Phó Chủ tịch``. A draft may leave the name out: its line is left blank.
    """

    name: str | None = attrs.field(default=None, converter=normalize_text,
                                   validator=_signer_name,
                                   metadata=field_doc("Họ tên người ký; none in a draft (the "
                                                      "line is left blank)"))
    title: str | None = optional_text(doc="Chức vụ: the signer's post, printed in capitals "
                                          "under the authority lines", validator=_capitals,
                                    one_line=True)
    authorities: tuple[Authority, ...] = attrs.field(
        default=(), converter=_authorities, validator=_tuple_of(Authority),
        metadata=field_doc("Quyền hạn: ``Authority(\"TM\", \"Ủy ban nhân dân\")`` or the line "
                           "``\"TM. Ủy ban nhân dân\"``, ``KT. Chủ tịch`` …, in order"))
    more_titles: tuple[str, ...] = tuple_of(
        str, doc="Chức danh thêm (ô 7a): lines printed in capitals under the title, such as "
                 "the post held in the body that leads a Ban chỉ đạo", one_line=True)
    titles_above_name: tuple[str, ...] = tuple_of(
        str, doc="Chức vụ khác (ô 7b): lines printed in capitals above the name, under the "
                 "signature (Nghị định 30, Phụ lục I, II.7.đ)", one_line=True)

    def __attrs_post_init__(self) -> None:
        if not self.title and not self.authorities:
            raise PlanDataError("Signer.title", "cần chức vụ hoặc ít nhất một dòng quyền hạn")

    @property
    def lines(self) -> tuple[str, ...]:
        """The quyền hạn and chức vụ lines above the signature (ô 7a), as typed; printed in
        capitals (:func:`kehoach.rendering.conventions.signer_lines`)."""
        marks = tuple(f"{a.mark.value}. {a.of}" for a in self.authorities)
        return marks + ((self.title,) if self.title else ()) + self.more_titles


@described
@attrs.frozen
class Recipient:
    """Nơi nhận: one line of the recipient list (``- Thường trực Đảng ủy xã;``)."""

    name: str = text(doc="Tên nơi nhận", one_line=True)
    note: str | None = optional_text(doc="A note after the name, such as ``(để b/c)``",
                                     one_line=True)


@described
@attrs.frozen
class Archive:
    """Lưu: the last line of Nơi nhận, ``- Lưu: VT, VP.`` (VT, then the drafting units).

    ``copies`` is the number of copies kept (số lượng bản lưu, Phụ lục I, II.9.d):
    ``Archive(["VP"], copies=2)`` reads ``- Lưu: VT, VP (02b).``.
    """

    units: tuple[str, ...] = tuple_of(str, default=("VP",),
                                      doc="Đơn vị soạn thảo, after ``VT``", one_line=True)
    copies: int | None = attrs.field(default=None, validator=_int_between(1, 999, optional=True),
                                     metadata=field_doc("Số lượng bản lưu"))

    @units.validator
    def _check_units(self, attribute: attrs.Attribute, value: tuple[str, ...]) -> None:
        # Clerks type VT because the decree's form shows it; it is printed already, and a
        # second one (``- Lưu: VT, VT, VP.``) would be signed as typed.
        for index, unit in enumerate(value):
            if _ARCHIVE_CLERK.fullmatch(unit.strip()):
                raise PlanDataError(f"{_owner(self, attribute)}[{index}]",
                                    f"«{unit}»: VT (văn thư) đã in sẵn đầu dòng «- Lưu: VT, …»; "
                                    "chỉ ghi các đơn vị soạn thảo sau VT (như VP)")


#: The văn thư, printed first on the Lưu line whatever the units.
_ARCHIVE_CLERK = re.compile(r"(?i)vt|văn thư|van thu")


_INITIALS = re.compile(r"^[A-ZĐ]{1,6}$")


@described
@attrs.frozen
class Drafter:
    """Ký hiệu người soạn thảo và số lượng bản phát hành (ô 12): ``PL.(300)``.

    Printed after the ``- Lưu: …`` line, 11 pt, upright (Nghị định 30, Phụ lục I, III.3).
    """

    initials: str = text(doc="Ký hiệu người soạn thảo: the drafter's initials, in capitals "
                             "(``PL``)")
    copies: int = attrs.field(validator=_int_between(1, 99999),
                              metadata=field_doc("Số lượng bản phát hành"))

    @initials.validator
    def _check_initials(self, attribute: attrs.Attribute, value: str) -> None:
        if not _INITIALS.fullmatch(value):
            raise PlanDataError(_owner(self, attribute),
                                f"{value!r}: viết chữ in hoa, không dấu cách, tối đa 6 chữ (PL)")


# --------------------------------------------------------------------------------------------
# Body


class Emphasis(enum.Enum):
    """Kiểu chữ đề mục: how a heading line is set."""

    BOLD = "đậm"
    BOLD_ITALIC = "đậm nghiêng"
    ITALIC = "nghiêng"
    REGULAR = "thường"


#: Each heading style as (bold, italic).
EMPHASIS_STYLE: dict[Emphasis, tuple[bool, bool]] = {
    Emphasis.BOLD: (True, False), Emphasis.BOLD_ITALIC: (True, True),
    Emphasis.ITALIC: (False, True), Emphasis.REGULAR: (False, False)}


class RunIn(enum.Enum):
    """Đề mục cùng dòng: whether a titled item's text follows its title on the same line.

    ``NONE``: the title on a line of its own, the text below (the decree's form, Phụ lục I,
    II.6.đ). ``TITLE``: ``3. Sở Tư pháp: chủ trì …`` with ``3. Sở Tư pháp:`` set like a heading
    and the rest regular. ``NUMBER``: the same line with only ``3.`` set like a heading (a
    điểm's letter keeps the heading's italic but never its bold: điểm are regular, R30).
    A khoản run in is a sentence on its numbered line: its text ends with ``.`` or ``;``.
    """

    NONE = "riêng dòng"
    TITLE = "cùng dòng"
    NUMBER = "cùng dòng, chỉ số"


@described
@attrs.frozen
class Headings:
    """Kiểu đề mục: how the headings of each level are set, for the whole plan.

    The defaults are the decree's: khoản and tiểu mục titles bold on a line of their own.
    ``Headings(sub_item="đậm nghiêng", run_in="cùng dòng")`` sets ``1.1.`` titles in bold italic
    and runs every titled item's text into its title line.
    """

    item: Emphasis = attrs.field(default=Emphasis.BOLD, converter=_enum_converter(Emphasis),
                                 validator=_enum_validator(Emphasis),
                                 metadata=field_doc("Khoản ``1.``: kiểu chữ tiêu đề (đậm: "
                                                    "Nghị định 30, Phụ lục I, II.6.đ)"))
    sub_item: Emphasis = attrs.field(default=Emphasis.BOLD, converter=_enum_converter(Emphasis),
                                     validator=_enum_validator(Emphasis),
                                     metadata=field_doc("Tiểu mục ``1.1.``, ``1.1.1.``: kiểu "
                                                        "chữ tiêu đề"))
    point: Emphasis = attrs.field(default=Emphasis.BOLD, converter=_enum_converter(Emphasis),
                                  validator=_enum_validator(Emphasis),
                                  metadata=field_doc("Điểm ``a)`` có tiêu đề: kiểu chữ tiêu đề"))
    run_in: RunIn = attrs.field(default=RunIn.NONE, converter=_enum_converter(RunIn),
                                validator=_enum_validator(RunIn),
                                metadata=field_doc("Khoản, điểm có cả tiêu đề và nội dung: "
                                                   "cùng dòng hay riêng dòng"))

    @item.validator
    @sub_item.validator
    @point.validator
    def _check_style(self, attribute: attrs.Attribute, value: object) -> None:
        if isinstance(value, Emphasis):
            problem = decree.heading_style_problem(attribute.name, *EMPHASIS_STYLE[value])
            if problem:
                raise PlanDataError(_owner(self, attribute), problem)


def _blocks(value: object) -> object:
    """Children as a tuple; a ``str`` or :class:`RichText` among them is a Paragraph, and so
    is one given alone (``Cell("Tổng cộng")``, as a row takes it)."""
    if isinstance(value, (str, RichText)):
        return (Paragraph(value),) if value != "" else ()  # "" an empty cell, as in a row
    if isinstance(value, bytes) or not isinstance(value, Iterable):
        return value  # the validator names the field
    return tuple(Paragraph(v) if isinstance(v, (str, RichText)) else v for v in value)


def _blocks_validator(*, allow_empty: bool = True, tables: bool = True):
    def validate(instance: object, attribute: attrs.Attribute, value: object) -> None:
        if not tables and isinstance(value, tuple):  # before the type check: say why
            _no_table_in_cell(instance, attribute, value)
        types = BLOCK_TYPES if tables else CELL_BLOCK_TYPES
        _tuple_of(*types, allow_empty=allow_empty)(instance, attribute, value)
        if tables:  # a body paragraph (not a table cell's) is read for numbering (R28–R30)
            problems: list[PlanDataError] = []  # every paragraph's, not the first's only
            for i, block in enumerate(value):
                if isinstance(block, Paragraph):
                    field = f"{_owner(instance, attribute)}[{i}].text"
                    problem = decree.typed_label_problem(plain_text(block.text))
                    if problem:
                        problems.append(PlanDataError(field, problem))
                        continue
                    try:
                        _upright(field, block.text)
                    except PlanDataError as error:
                        problems.append(error)
            if problems:
                raise PlanDataErrors(problems) if len(problems) > 1 else problems[0]
        _nesting(instance, attribute, value)
    return validate


#: Why a table holds no table (docs/data-files.md §4.6): Word and LibreOffice lay a table in
#: a cell out each their own way (widths, the header row repeated on a new page, rows kept
#: whole), so the page a clerk checks would not be the page that prints; and the grid a
#: nested table draws is drawn as well by merged cells of one table.
NESTED_TABLE = ("không đặt bảng trong ô của bảng (Word và LibreOffice dàn bảng lồng mỗi nơi một "
                "khác: độ rộng, dòng tiêu đề lặp lại, dòng không tách trang); dùng ô gộp "
                "(span, row_span) trong cùng một bảng, hoặc đặt bảng thứ hai ngay dưới bảng")


def _no_table_in_cell(instance: object, attribute: attrs.Attribute, value: tuple) -> None:
    for i, block in enumerate(value):
        for _, inner in iter_blocks([block]):
            if isinstance(inner, (Table, TaskTable)):
                raise PlanDataError(f"{_owner(instance, attribute)}[{i}]", NESTED_TABLE)


# The decree's levels (Nghị định 30, Phụ lục I, II.6.đ): phần I., mục/khoản 1., tiểu mục 1.1.,
# điểm a), then "-" and "+" lines. The checker reads a document's lines one after another:
# điểm run a), b), c) … from one heading (khoản, tiểu mục, mục) to the next, khoản 1., 2. …
# through a mục. A block that holds a level at or above its own would restart that count in
# the middle (a) a) b) b) …), so each holder takes only what sits below it.

#: What a khoản-level holder (mục, khoản, tiểu mục, phụ lục, mục tiêu, ô bảng) may not hold:
#: nothing, any block fits. The others, by the class of the holder:
_WHY_NOT = {
    "Point": "điểm không chứa {child}: dưới điểm a), b) chỉ còn gạch đầu dòng «-» "
             "(Nghị định 30, Phụ lục I, II.6.đ)",
    "Numbered": "mục liệt kê (1), (2) được đếm như điểm, không chứa {child}",
    "Bullet": "gạch đầu dòng không chứa {child}: gạch đầu dòng là cấp thấp nhất, dưới điểm "
              "(Nghị định 30, Phụ lục I, II.6.đ)",
    "CriterionSolution": "giải pháp tiêu chí in thành gạch đầu dòng, không chứa {child}",
}
_CHILD_NAMES = {
    "Point": "điểm a), b)", "Numbered": "mục liệt kê (1), (2)", "Item": "khoản 1., 1.1.",
    "Objectives": "mục tiêu (in thành hai khoản 1., 2.)",
}
_FIXES = {
    "Point": "đổi thành gạch đầu dòng (type: bullet), hoặc đưa ra ngoài thành điểm của khoản",
    "Numbered": "đổi thành gạch đầu dòng (type: bullet)",
    "Item": "đưa khoản ra ngoài, ngang hàng với khối chứa nó, hoặc đổi thành gạch đầu dòng",
    "Objectives": "đưa mục tiêu ra ngoài, thành khoản của mục",
}


def _refused_children(holder: type) -> tuple[type, ...]:
    """The block classes ``holder`` may not hold (its own level and those above it)."""
    if holder is Point:
        return (Point, Item, Objectives)
    if holder is Numbered:
        return (Point, Numbered, Item, Objectives)
    if holder in (Bullet, CriterionSolution):
        return (Point, Item, Objectives)
    return ()


def _nesting(instance: object, attribute: attrs.Attribute, value: tuple) -> None:
    """Each block holds only blocks of a lower level (the decree's levels, above); a điểm
    after a khoản at the same level would read as that khoản's: điểm go inside their khoản.

    Raises :class:`~kehoach.errors.PlanDataError` naming the child (``Point.children[1]``)."""
    holder = type(instance)
    refused = _refused_children(holder)
    for i, block in enumerate(value):
        if isinstance(block, refused):
            name = type(block).__name__
            child = "điểm khác" if type(block) is holder is Point \
                else "mục liệt kê khác" if type(block) is holder is Numbered \
                else _CHILD_NAMES[name]
            raise PlanDataError(
                f"{_owner(instance, attribute)}[{i}]",
                _WHY_NOT[holder.__name__].format(child=child) + "; " + _FIXES[name])
    _points_inside_items(instance, attribute, value)


def blocks(*, allow_empty: bool = True, default=(), doc: str | None = None, tables: bool = True):
    """A field of body blocks (``children``): any block, ``str`` read as a paragraph."""
    return attrs.field(default=default, converter=_blocks,
                       validator=_blocks_validator(allow_empty=allow_empty, tables=tables),
                       metadata=field_doc(doc or "Các khối bên trong: đoạn văn, khoản, điểm, "
                                                 "gạch đầu dòng, bảng …"))


@described
@attrs.frozen
class Paragraph:
    """Đoạn văn: a paragraph of running text."""

    text: str | RichText = rich_text(doc="Nội dung (có thể có chữ đậm, nghiêng, chú thích)")


def _require_text_or_lead(line: object) -> None:
    if line.text is None and line.lead_in is None:
        raise PlanDataError(f"{type(line).__name__}.text",
                            "cần nội dung (text) hoặc phần mở đầu (lead_in)")


_LEAD_IN_DOC = "Phần mở đầu in nghiêng trước nội dung (``Tiêu chí số 17 - Môi trường:``)"


@described
@renamed(lead="lead_in")
@attrs.frozen
class Bullet:
    """Gạch đầu dòng: a ``-`` line; bullets inside a bullet are ``+`` lines.

    ``lead_in`` is an italic lead-in (``Tiêu chí số 17 - Môi trường:``) before ``text``.
    """

    text: str | RichText | None = optional_rich_text(doc="Nội dung")
    lead_in: str | RichText | None = optional_rich_text(doc=_LEAD_IN_DOC)
    children: tuple[Block, ...] = blocks()

    def __attrs_post_init__(self) -> None:
        _require_text_or_lead(self)


@attrs.frozen
class _Line:
    """A running-text line with a label the context gives it (``a)``, ``(1)``)."""

    text: str | RichText | None = optional_rich_text(doc="Nội dung")
    lead_in: str | RichText | None = optional_rich_text(doc=_LEAD_IN_DOC)
    children: tuple[Block, ...] = blocks()

    def __attrs_post_init__(self) -> None:
        _require_text_or_lead(self)


@described
@renamed(lead="lead_in")
@attrs.frozen
class Point(_Line):
    """Điểm: an item lettered ``a)``, ``b)`` … ``đ)`` inside a khoản.

    ``lead_in`` is an italic lead-in before ``text``. With a ``title`` the point is a heading
    (``a) Đối với cấp xã``, set as :class:`Headings` says) over its text and children.
    """

    title: str | RichText | None = optional_rich_text(doc="Tiêu đề: the point as a heading")
    run_in: RunIn | None = attrs.field(
        default=None, converter=_enum_converter(RunIn),
        validator=_enum_validator(RunIn, optional=True),
        metadata=field_doc("Tiêu đề và nội dung cùng dòng hay riêng dòng; none: as the "
                           "plan's headings say"))

    @title.validator
    def _check_title(self, attribute: attrs.Attribute, value: object) -> None:
        # A titled điểm is a heading line, bold (R30 reads it as a title, not a sentence).
        problem = decree.heading_problem(plain_text(value)) if value is not None else None
        if problem:
            raise PlanDataError(_owner(self, attribute), problem.replace("khoản", "điểm"))

    def __attrs_post_init__(self) -> None:
        if self.title is None:
            _require_text_or_lead(self)


@described
@renamed(lead="lead_in")
@attrs.frozen
class Numbered(_Line):
    """Mục liệt kê ``(1)``, ``(2)``: an item numbered in brackets, counted like điểm.

    ``lead_in`` is an italic lead-in before ``text``; children are any blocks.
    """


@described
@attrs.frozen
class Deadline:
    """Thời gian thực hiện: when a task is done, optionally for one scope of it.

    ``Deadline("hoàn thành trong Quý II/2024", scope="Đối với quy hoạch chung")``.
    """

    when: str | RichText = rich_text(doc="Thời gian")
    scope: str | None = optional_text(doc="Phạm vi: the part of the task it is for",
                                      one_line=True)


@described
@renamed(leads="responsible", lead_label="responsible_label")
@attrs.frozen(kw_only=True)
class CriterionSolution:
    """Giải pháp thực hiện tiêu chí: what is done for one criterion of a criteria set.

    Rendered as a ``-`` line ``Tiêu chí số 1 - Quy hoạch: <actions>`` followed by ``+`` lines for
    the time, the officials who advise or lead (``responsible``), and the coordinating bodies.
    """

    number: int = attrs.field(validator=_int_between(1, None), metadata=field_doc(
        "Số thứ tự của tiêu chí in its set (1–19 for 2021–2025, 1–10 for 2026–2030)"))
    name: str | None = optional_text(doc="Tên tiêu chí, as the set names it", one_line=True)
    actions: str | RichText = rich_text(default=attrs.NOTHING,
                                        doc="Nội dung giải pháp: what is done")
    details: tuple[Block, ...] = blocks(doc="Các dòng chi tiết dưới giải pháp")
    deadlines: tuple[Deadline, ...] = tuple_of(Deadline, doc="Thời gian thực hiện")
    responsible: tuple[Official, ...] = tuple_of(
        Official, doc="Người (đơn vị) tham mưu, chủ trì thực hiện")
    responsible_label: str = text(default="Công chức tham mưu thực hiện",
                                  doc="How the responsible line is introduced (``Đơn vị tham "
                                      "mưu thực hiện`` for a unit)", one_line=True)
    coordinators: tuple[str, ...] = tuple_of(str, doc="Đơn vị phối hợp", one_line=True)
    coordinator_label: str = text(default="Phối hợp", doc="How the coordinators line is "
                                                          "introduced", one_line=True)


@described
@renamed(lead="lead_agency")
@attrs.frozen
class TaskRow:
    """Một dòng của bảng nhiệm vụ: one task of a task table."""

    content: str | RichText = rich_text(doc="Nội dung nhiệm vụ")
    lead_agency: str | RichText | None = optional_rich_text(doc="Cơ quan chủ trì")
    support: str | RichText | None = optional_rich_text(doc="Cơ quan phối hợp")
    deadline: str | RichText | None = optional_rich_text(doc="Thời gian thực hiện")


@described
@attrs.frozen
class TaskTable:
    """Bảng phân công nhiệm vụ: TT | Nội dung | Cơ quan chủ trì | Phối hợp | Thời gian.

    A convenience: it is rendered as the :class:`Table` it stands for (numbered rows, the
    header repeated on every page).
    """

    rows: tuple[TaskRow, ...] = tuple_of(TaskRow, allow_empty=False, default=attrs.NOTHING,
                                         doc="Các nhiệm vụ, mỗi dòng một nhiệm vụ")


# --------------------------------------------------------------------------------------------
# General tables


class Align(enum.Enum):
    """Căn lề trong ô: how the text of a column or a cell is aligned."""

    LEFT = "trái"
    CENTER = "giữa"
    RIGHT = "phải"
    JUSTIFY = "đều"


def _positive(instance: object, attribute: attrs.Attribute, value: object) -> None:
    field = _owner(instance, attribute)
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise PlanDataError(field, f"phải là một số, nhận được {value!r}")
    if not 0 < value <= 100:
        shown = (grouped(int(value)) if float(value).is_integer() and abs(value) < 1e15
                 else f"{value:.6g}".replace(".", ","))
        raise PlanDataError(field, f"phải lớn hơn 0 và không quá 100, nhận được {shown}")


_positive.exclusive_bounds = (0, 100)  # read by the JSON Schema (kehoach.data.schema)


def _to_float(value: object) -> object:
    return float(value) if isinstance(value, int) and not isinstance(value, bool) else value


@described
@attrs.frozen
class Column:
    """Cột: one column of a table: its header, relative width and alignment.

    ``Column("Thời gian", width=2, align="giữa")``. Consecutive columns with the same ``group``
    sit under one merged cell of an upper header row (``Thời gian (Năm 2026)`` over
    ``Quý I`` … ``Quý IV``); a column without a group has its header over both rows.
    """

    header: str | RichText = rich_text(doc="Tiêu đề cột")
    width: float = attrs.field(default=1.0, converter=_to_float, validator=_positive,
                               metadata=field_doc("Độ rộng tương đối: 2 is twice as wide as 1"))
    align: Align = attrs.field(default=Align.LEFT, converter=_enum_converter(Align),
                               validator=_enum_validator(Align),
                               metadata=field_doc("Căn lề: trái, giữa, phải, đều"))
    group: str | None = optional_text(doc="Nhóm cột: the merged header over this column")


def _cells(value: object) -> object:
    """Cells as a tuple; a text is a cell of one paragraph, an empty text an empty cell."""
    if isinstance(value, (str, RichText, bytes)) or not isinstance(value, Iterable):
        return value
    return tuple((Cell([v]) if v.strip() else Cell()) if isinstance(v, str)
                 else Cell([v]) if isinstance(v, RichText) else v for v in value)


@described
@attrs.frozen
class Cell:
    """Ô: one cell of a table row, holding paragraphs, bullets, points (not tables).

    ``Cell(["Đoạn một.", Bullet("ý thứ nhất;")], span=2)``; in a row, a plain ``str`` is a cell
    of one paragraph (``""`` an empty cell). ``span`` merges it with the cells on its right, ``row_span`` with the
    cells below (which the rows below then leave out).
    """

    children: tuple[Block, ...] = blocks(tables=False, doc="Nội dung ô")
    span: int = attrs.field(default=1, validator=_int_between(1, 63),
                            metadata=field_doc("Số cột gộp"))
    row_span: int = attrs.field(default=1, validator=_int_between(1, 1000),
                                metadata=field_doc("Số dòng gộp"))
    align: Align | None = attrs.field(default=None, converter=_enum_converter(Align),
                                      validator=_enum_validator(Align, optional=True),
                                      metadata=field_doc("Căn lề; none: the column's"))


@described
@attrs.frozen
class Row:
    """Dòng: one row of a table: its cells, left to right."""

    cells: tuple[Cell, ...] = attrs.field(converter=_cells,
                                          validator=_tuple_of(Cell, allow_empty=False),
                                          metadata=field_doc("Các ô"))
    number: str | None = attrs.field(
        default=None, converter=normalize_text, validator=lambda i, a, v: _row_number(i, a, v),
        metadata=field_doc("What the automatic TT column shows for this row (``I``, ``1.1``); "
                           "``\"\"``: nothing (a «Tổng cộng» row), the count not advanced; "
                           "none: the next number", {"blank_allowed": True}))


def _row_number(instance: object, attribute: attrs.Attribute, value: object) -> None:
    # "" is the row with no number (a total), so it is allowed where other blanks are not.
    if value is None or value == "":
        return
    if isinstance(value, str) and not value.strip():
        raise PlanDataError(_owner(instance, attribute),
                            'chỉ có dấu cách; dòng không đánh số (như dòng «Tổng cộng») ghi '
                            'number: ""')
    check_text(_owner(instance, attribute), value)


def _rows(value: object) -> object:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value
    return tuple(v if isinstance(v, Row) or not isinstance(v, (list, tuple)) else Row(v)
                 for v in value)


def _columns(value: object) -> object:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value
    return tuple(Column(v) if isinstance(v, (str, RichText)) else v for v in value)


@described
@attrs.frozen
class Table:
    """Bảng: a table of any number of columns, with headers of the author's choosing.

    ``Table(["Nội dung", Column("Thời gian", align="giữa")], [["Tuyên truyền", "Quý I"]],
    numbered=True)`` gives a ``TT`` column numbered 1, 2 …, the header row repeated on every
    page, short rows kept whole. A table too wide for a portrait page (or ``landscape=True``)
    is set on landscape pages and the plan returns to portrait after it.
    """

    columns: tuple[Column, ...] = attrs.field(
        converter=_columns, validator=_tuple_of(Column, allow_empty=False),
        metadata=field_doc("Các cột (không kể cột TT tự động)"))
    rows: tuple[Row, ...] = attrs.field(converter=_rows, validator=_tuple_of(Row),
                                        metadata=field_doc("Các dòng"))
    numbered: bool = attrs.field(default=False, validator=instance_of(bool),
                                 metadata=field_doc("Cột TT tự động ở đầu bảng"))
    number_header: str = text(default="TT", doc="Tiêu đề cột TT")
    number_by_group: bool = attrs.field(
        default=False, validator=instance_of(bool),
        metadata=field_doc("Đánh số lại từ 1 sau mỗi dòng nhóm: after each row whose own number "
                           "is not a count (``I``, ``II``, ``A``), the TT column restarts at 1"))
    landscape: bool | None = attrs.field(
        default=None, validator=instance_of(bool, optional=True),
        metadata=field_doc("Trang ngang: true or false; none: landscape when the table is too "
                           "wide for a portrait page"))

    def __attrs_post_init__(self) -> None:
        problems = []
        # Groups: consecutive columns only.
        seen: list[str] = []
        for i, column in enumerate(self.columns):
            if column.group is None:
                continue
            if column.group in seen and seen[-1] != column.group:
                problems.append(PlanDataError(f"Table.columns[{i}].group",
                                              f"nhóm '{column.group}' phải gồm các cột liền nhau"))
            if column.group not in seen or seen[-1] != column.group:
                seen.append(column.group)
        if not self.numbered:  # a row's own number shows only in the TT column
            problems.extend(
                PlanDataError(f"Table.rows[{r}].number",
                              f"bảng không có cột TT (numbered: false) nên số «{row.number}» của "
                              "dòng không in ra được; thêm numbered: true, hoặc bỏ number, hoặc "
                              "ghi số vào một ô")
                for r, row in enumerate(self.rows) if row.number is not None)
        width = len(self.columns)
        below = [0] * width  # rows still covered by a cell above, per column
        for r, row in enumerate(self.rows):
            col = 0
            for c, cell in enumerate(row.cells):
                while col < width and below[col]:
                    col += 1
                if col + cell.span > width or any(below[col:col + cell.span]):
                    problems.append(PlanDataError(
                        f"Table.rows[{r}].cells[{c}]",
                        f"dòng {r + 1} có nhiều ô hơn số cột của bảng ({width} cột)"))
                    break
                if r + cell.row_span > len(self.rows):
                    problems.append(PlanDataError(f"Table.rows[{r}].cells[{c}].row_span",
                                                  f"gộp {cell.row_span} dòng nhưng bảng chỉ còn "
                                                  f"{len(self.rows) - r} dòng"))
                for k in range(col, col + cell.span):
                    below[k] = cell.row_span
                col += cell.span
            else:
                while col < width and below[col]:
                    col += 1
                if col < width:
                    problems.append(PlanDataError(
                        f"Table.rows[{r}].cells",
                        f"dòng {r + 1} thiếu ô: bảng có {width} cột (ô gộp tính theo số cột gộp)"))
            below = [max(0, b - 1) for b in below]
        if problems:
            raise PlanDataErrors(problems) if len(problems) > 1 else problems[0]


def _points_inside_items(instance: object, attribute: attrs.Attribute, value: tuple) -> None:
    """A điểm after a khoản at the same level reads as that khoản's (its letter would seem to
    continue the khoản's, Nghị định 30, Phụ lục I, II.6.đ): điểm go inside their khoản."""
    after = None
    for i, block in enumerate(value):
        if isinstance(block, (Item, Objectives)):  # Objectives print as two khoản
            after = i
        elif isinstance(block, Point) and after is not None:
            raise PlanDataError(
                f"{_owner(instance, attribute)}[{i}]",
                f"điểm đứng sau khoản thứ {after + 1} cùng cấp sẽ được đọc là điểm của khoản "
                "đó; đặt điểm vào trong khoản (children của khoản), hoặc trước các khoản")


@described
@attrs.frozen
class Item:
    """Khoản (``1.``) or, nested in a khoản, tiểu mục (``1.1.``).

    ``title`` is a heading line (``Mục đích``, bold by default); ``text`` is running text (after
    the title when both are given, or on the numbered line itself when there is no title).
    With ``run_in`` (or the plan's :class:`Headings`) the text follows the title on its line:
    ``3. Sở Tư pháp: chủ trì …``.
    """

    title: str | RichText | None = optional_rich_text(doc="Tiêu đề khoản")
    text: str | RichText | None = optional_rich_text(doc="Nội dung")
    children: tuple[Block, ...] = blocks()
    run_in: RunIn | None = attrs.field(
        default=None, converter=_enum_converter(RunIn),
        validator=_enum_validator(RunIn, optional=True),
        metadata=field_doc("Tiêu đề và nội dung cùng dòng hay riêng dòng; none: as the "
                           "plan's headings say"))

    @title.validator
    @text.validator
    def _check_unlabelled(self, attribute: attrs.Attribute, value: object) -> None:
        _unlabelled(self, attribute, value)

    @title.validator
    def _check_title(self, attribute: attrs.Attribute, value: object) -> None:
        problem = decree.heading_problem(plain_text(value)) if value is not None else None
        if problem:
            raise PlanDataError(_owner(self, attribute), problem)

    def __attrs_post_init__(self) -> None:
        if self.title is None and self.text is None:
            raise PlanDataError("Item.title", "khoản cần tiêu đề (title) hoặc nội dung (text)")
        if self.title is None and self.text is not None:
            # Alone on its numbered line, regular: it must read as a sentence, not as a title
            # left unbold (R29). Run into a title, the bold title is the heading (is_run_in).
            problem = decree.numbered_text_problem(plain_text(self.text))
            if problem:
                raise PlanDataError("Item.text", problem)


@described
@attrs.frozen
class Objectives:
    """Mục tiêu: the general and the specific objectives.

    Rendered as two numbered items, ``Mục tiêu chung`` and ``Mục tiêu cụ thể``, at the level
    where it stands (``1.1.`` and ``1.2.`` inside ``1. Mục tiêu``).
    """

    general: tuple[Block, ...] = blocks(allow_empty=False, default=attrs.NOTHING,
                                        doc="Mục tiêu chung")
    specific: tuple[Block, ...] = blocks(allow_empty=False, default=attrs.NOTHING,
                                         doc="Mục tiêu cụ thể")
    general_title: str = text(default="Mục tiêu chung", doc="Tiêu đề mục tiêu chung")
    specific_title: str = text(default="Mục tiêu cụ thể", doc="Tiêu đề mục tiêu cụ thể")


Block = Union[Paragraph, Bullet, Point, Numbered, Item, Objectives, CriterionSolution, TaskTable,
              Table]
BLOCK_TYPES: tuple[type, ...] = (Paragraph, Bullet, Point, Numbered, Item, Objectives,
                                 CriterionSolution, TaskTable, Table)
#: Blocks a table cell may hold: any but tables.
CELL_BLOCK_TYPES: tuple[type, ...] = tuple(t for t in BLOCK_TYPES if t not in (Table, TaskTable))


@described
@attrs.frozen
class Part:
    """Mục: a part of the plan, numbered ``I.``, ``II.`` … and titled in capitals."""

    title: str = text(doc="Tên mục (in hoa khi in)", validator=[_unlabelled, _capitals])
    children: tuple[Block, ...] = blocks()


@described
@attrs.frozen
class Appendix:
    """Phụ lục: an appendix after the signature, on pages numbered from 1 again.

    Printed as ``Phụ lục`` (``Phụ lục I``, ``Phụ lục II`` … when there are several), its title in
    capitals, and the line ``(Kèm theo Kế hoạch số … ngày … của …)``. ``landscape=True`` sets the
    whole appendix on landscape pages (by default, when it holds a table too wide for portrait).
    """

    title: str = text(doc="Tên phụ lục (in hoa khi in)", validator=_capitals)
    children: tuple[Block, ...] = blocks(allow_empty=False, default=attrs.NOTHING)
    landscape: bool | None = attrs.field(
        default=None, validator=instance_of(bool, optional=True),
        metadata=field_doc("Trang ngang; none: when a table in it is too wide for portrait"))


class PartNumbering(enum.Enum):
    """Cách đánh số mục: Roman numerals (``I.``, ``II.``) or capital letters (``A.``, ``B.``)."""

    ROMAN = "I"
    LETTER = "A"


# --------------------------------------------------------------------------------------------
# The plan


def _subject(instance: object, attribute: attrs.Attribute, value: str) -> None:
    problem = decree.subject_problem(value)
    if problem:
        raise PlanDataError(_owner(instance, attribute), problem)


def _texts(value: object) -> Iterable[str]:
    """Every text in ``value`` (a block, a tuple of them …), depth first, tables aside."""
    if isinstance(value, (str, RichText)):
        yield plain_text(value)
    elif isinstance(value, tuple):
        for item in value:
            yield from _texts(item)
    elif attrs.has(type(value)) and not isinstance(value, (enum.Enum, TaskTable, Table)):
        for field in attrs.fields(type(value)):
            yield from _texts(getattr(value, field.name))


_ISSUER_EXAMPLE = 'Issuer(["Ủy ban nhân dân", "xã Hải Yến"], "Hải Yến")'
_SIGNER_EXAMPLE = ('Signer("Hứa Xuân Dương", title="Chủ tịch", '
                   'authorities=[Authority("TM", "Ủy ban nhân dân")])')
_DATE_EXAMPLE = "IssueDate(2026, 3, 2) hoặc datetime.date(2026, 3, 2)"
_NUMBER_EXAMPLE = 'DocumentNumber(5), "05/KH-UBND", hoặc None cho dự thảo'


def _document_number(value: object) -> object:
    """Số, ký hiệu as a plan takes it: ``None`` (a draft), a number, the number as printed."""
    if value is None:
        return DocumentNumber()
    if isinstance(value, int) and not isinstance(value, bool):
        return DocumentNumber(value)
    if isinstance(value, str) and value.strip().isdigit():  # "05": the number alone
        return DocumentNumber(int(value.strip()))
    if isinstance(value, str):
        try:
            return DocumentNumber.parse(value)
        except PlanDataError as error:
            raise PlanDataError("Plan.number", error.message) from None
    return value


def _archive(value: object) -> object:
    """Lưu as a plan takes it: an :class:`Archive`, or the list of its units (``["VP"]``)."""
    if isinstance(value, (list, tuple)):
        return Archive(value)
    return value


def _is_draft(plan: Plan) -> bool:
    return plan.number.number is None or not plan.date.is_complete


@described
@attrs.frozen
class Plan:
    """Kế hoạch: a whole plan, from the header to Nơi nhận.

    ``closing`` is the last paragraph; the plan ends it with ``./.`` (a text already ending in
    ``./.`` is kept as it is, one ending in ``.`` gets ``/.``). A draft (no number, or no day)
    may leave the signer's name out.
    """

    issuer: Issuer = attrs.field(validator=instance_of(Issuer, example=_ISSUER_EXAMPLE),
                                 metadata=field_doc("Cơ quan ban hành"))
    date: IssueDate = attrs.field(converter=_issue_date,
                                  validator=instance_of(IssueDate, example=_DATE_EXAMPLE),
                                  metadata=field_doc("Thời gian ban hành (an IssueDate or a "
                                                     "datetime.date)"))
    title: str = text(doc="Trích yếu: what the plan is about, in sentence case (``Thực hiện "
                          "…``)", validator=_subject)
    parts: tuple[Part, ...] = tuple_of(Part, allow_empty=False, default=attrs.NOTHING,
                                       doc="Các mục I., II. …")
    signer: Signer = attrs.field(validator=instance_of(Signer, example=_SIGNER_EXAMPLE),
                                 metadata=field_doc("Người ký"))
    number: DocumentNumber = attrs.field(
        factory=DocumentNumber, converter=_document_number,
        validator=instance_of(DocumentNumber, example=_NUMBER_EXAMPLE),
        metadata=field_doc("Số, ký hiệu: a DocumentNumber, the number as printed "
                           "(``\"05/KH-UBND\"``), a number (``5``), or none for a draft"))
    legal_bases: tuple[LegalBasis, ...] = tuple_of(LegalBasis, doc="Các căn cứ")
    opening: str | RichText | None = optional_rich_text(
        doc="Đoạn mở đầu: the paragraph after the căn cứ, usually ending \"… như sau:\"")
    closing: str | RichText | None = optional_rich_text(
        doc="Đoạn kết: the last paragraph, ended with ``./.``")
    recipients: tuple[Recipient, ...] = tuple_of(Recipient, doc="Nơi nhận, before ``- Lưu``")
    archive: Archive = attrs.field(factory=Archive, converter=_archive,
                                   validator=instance_of(Archive, example='Archive(["VP"])'),
                                   metadata=field_doc("Lưu: the last line of Nơi nhận (an "
                                                      "Archive, or its units: ``[\"VP\"]``)"))
    drafter: Drafter | None = attrs.field(
        default=None, validator=instance_of(Drafter, optional=True, example='Drafter("PL", 300)'),
        metadata=field_doc("Ký hiệu người soạn thảo, số bản phát hành (ô 12): ``PL.(300)``"))
    appendices: tuple[Appendix, ...] = tuple_of(Appendix, doc="Các phụ lục")
    part_numbering: PartNumbering = attrs.field(
        default=PartNumbering.ROMAN, converter=_enum_converter(PartNumbering),
        validator=_enum_validator(PartNumbering),
        metadata=field_doc("Đánh số mục: ``I`` (I., II.) or ``A`` (A., B.)"))
    headings: Headings = attrs.field(factory=Headings,
                                     validator=instance_of(Headings,
                                                           example='Headings(run_in="cùng dòng")'),
                                     metadata=field_doc("Kiểu đề mục theo cấp"))
    layout: Profile | None = attrs.field(
        default=None, validator=instance_of(Profile, optional=True,
                                            example="Profile(margin_left_mm=35)"),
        metadata=field_doc("Thể thức: margins, sizes, column widths within the decree's ranges; "
                           "none: the house profile"))

    @opening.validator
    @closing.validator
    def _check_unlabelled(self, attribute: attrs.Attribute, value: object) -> None:
        _unlabelled(self, attribute, value)
        _upright_validator(self, attribute, value)

    def _body_texts(self) -> Iterable[str]:
        """The texts of the body, where the plan refers to its appendices (tables aside)."""
        yield from _texts(self.legal_bases)
        yield from _texts((self.opening,) if self.opening is not None else ())
        yield from _texts(self.parts)
        yield from _texts((self.closing,) if self.closing is not None else ())

    #: Tên loại and its abbreviation in the ký hiệu (Nghị định 30, Phụ lục III).
    DOCUMENT_KIND: ClassVar[str] = "Kế hoạch"
    TYPE_CODE: ClassVar[str] = symbols.TYPE_CODES["Kế hoạch"]

    def __attrs_post_init__(self) -> None:
        # Validators above only see their own field; these checks relate two of them.
        number = self.number
        if not number.issuer_codes:  # the issuer's own code, as printed under its name
            number = attrs.evolve(number, issuer_codes=(self.issuer.code,))
            object.__setattr__(self, "number", number)
        problems: list[PlanDataError] = []  # all of them at once, not one a run
        problem = symbols.type_code_problem(number.type_code, self.TYPE_CODE, self.DOCUMENT_KIND)
        if problem:
            problems.append(PlanDataError("Plan.number.type_code", problem))
        if number.issuer_codes[0] != self.issuer.code:
            symbol = "-".join((number.type_code, *number.issuer_codes))
            problems.append(PlanDataError(
                "Plan.number.issuer_codes",
                f"ký hiệu {symbol} ghi cơ quan '{number.issuer_codes[0]}', còn chữ viết tắt của "
                f"cơ quan ban hành (issuer.code) là '{self.issuer.code}'; sửa cho khớp (nhóm "
                "đầu sau tên loại là chữ viết tắt của cơ quan ban hành)",
            ))
        if self.signer.name is None and not _is_draft(self):
            problems.append(PlanDataError(
                "Plan.signer.name", "văn bản đã có số và ngày phải có họ tên người ký (chỉ dự "
                                    "thảo mới để trống)"))
        problem = decree.signature_problem(self.issuer.name, self.signer.lines)
        if problem:
            hint = _parent_in_name_hint(self.issuer)
            if hint:  # the signature is right for the body the clerk meant
                problems.append(PlanDataError(
                    "Plan.issuer.name", f"{hint} (đặt trong name thì kế hoạch là của Ủy ban "
                                        f"nhân dân, và {problem})"))
            else:
                problems.append(PlanDataError("Plan.signer.authorities", problem))
        if self.appendices and not decree.mentions_appendix(self._body_texts()):
            problems.append(PlanDataError(
                "Plan.appendices", "kế hoạch có phụ lục thì nội dung phải nhắc đến phụ lục "
                "(Nghị định 30, Phụ lục I, III.1), ví dụ «… tại Phụ lục kèm theo Kế hoạch này»"))
        if problems:
            raise PlanDataErrors(problems) if len(problems) > 1 else problems[0]


def _parent_in_name_hint(issuer: Issuer) -> str:
    """When the first line of ``issuer.name`` is a whole Ủy ban nhân dân (its unit named on
    it: ``Ủy ban nhân dân tỉnh Quảng Ninh``) and another body follows (``Sở Tư pháp``), the
    first line is most likely the cơ quan chủ quản, whose place is ``issuer.parent``."""
    name = issuer.name
    if issuer.parent or len(name) < 2 or not decree.is_peoples_committee(name[:1]):
        return ""
    first = " ".join(name[0].split())
    if len(first.split()) <= len(decree.PEOPLES_COMMITTEE.split()):
        return ""  # "Ủy ban nhân dân" / "xã Hải Yến": the committee's own name on two lines
    own = " ".join(name[1:])
    return (f"«{first}» ở dòng đầu tên cơ quan có lẽ là cơ quan chủ quản của «{own}»: ghi nó vào "
            f"issuer.parent, không vào issuer.name (parent: [{first}], name: "
            f"[{', '.join(name[1:])}])")


def _children(block: object) -> Iterable[tuple[str, Iterable[object]]]:
    if isinstance(block, Objectives):
        yield "general", block.general
        yield "specific", block.specific
    elif isinstance(block, Table):
        for r, row in enumerate(block.rows):
            for c, cell in enumerate(row.cells):
                yield f"rows[{r}].cells[{c}].children", cell.children
    elif isinstance(block, CriterionSolution):
        yield "details", block.details
    else:
        yield "children", getattr(block, "children", ())


def iter_blocks(blocks: Iterable[object], path: str = "children"):
    """``(path, block)`` for every block under ``blocks``, depth first.

    Paths name fields as the model does: ``children[2].children[0]``, ``children[1].general[0]``,
    ``children[3].rows[0].cells[1].children[0]``.
    """
    for i, block in enumerate(blocks):
        here = f"{path}[{i}]"
        yield here, block
        for name, inner in _children(block):
            yield from iter_blocks(inner, f"{here}.{name}")


@described
@attrs.frozen
class NewRuralPlan(Plan):
    """Kế hoạch xây dựng nông thôn mới: a plan whose solutions follow a national criteria set.

    ``criteria_set`` names the set (:mod:`kehoach.model.catalogues`: ``ntm-nang-cao-2021-2025``,
    ``ntm-2026-2030`` …). Every :class:`CriterionSolution` must carry a number of that set and,
    when it gives a name, that criterion's name (tone-mark placement, case and commas aside);
    the set must apply on the plan's date (:meth:`~kehoach.model.catalogues.Catalogue.applies_to`).
    """

    criteria_set: str = attrs.field(kw_only=True, converter=normalize_text,
                                    metadata=field_doc("Bộ tiêu chí (``ntm-2026-2030`` …)"))

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
