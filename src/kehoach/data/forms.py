"""Short ways of writing a value in a data file (dạng viết gọn), and dates.

A clerk writes a paragraph as a plain line of text, not as ``{type: paragraph, text: …}``;
a recipient as its name; an authority as ``TM. Ủy ban nhân dân``; a deadline as its words;
the archive as a list of units; the date of issue as ``05/02/2024`` (or only the year, for a
draft). Each :class:`Form` turns such a value into the mapping of the class's fields, and back:
the dumper uses the short form whenever it says the same thing.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

from kehoach import model as m
from kehoach.errors import PlanDataError
from kehoach.model import symbols


class FormError(ValueError):
    """A value in a short form that cannot be read; the message is for the clerk."""


@attrs.frozen
class Form:
    """Dạng viết gọn of one class: ``read`` a non-mapping value, ``write`` it back if it can."""

    read: Callable[[Any], Mapping[str, Any]]
    """The field mapping for a short value; raises :class:`FormError`."""
    write: Callable[[Any, bool], Any]
    """The short value of an instance, or ``None`` (then the full mapping is written).
    The flag says whether text shorthands are welcome (not in TOML, whose arrays of tables
    must hold tables only)."""
    hint: str
    """How the short form is written, for messages and the schema."""
    schema: dict[str, Any] = attrs.field(factory=dict)
    """JSON Schema of the short form."""


# --------------------------------------------------------------------------------------------
# Dates: ISO (2022-03-08), as Vietnamese texts write them (08/3/2022), or a YAML/TOML date.

_ISO = re.compile(r"^\s*(\d{4})-(\d{1,2})-(\d{1,2})\s*$")
_VN = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})\s*$")
_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})/(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")

DATE_HINT = "ngày viết dạng 08/3/2022 hoặc 2022-03-08"
DATE_PATTERN = r"^\s*(\d{4}-\d{1,2}-\d{1,2}|\d{1,2}/\d{1,2}/\d{4})\s*$"
#: A number written as text, with a decimal point or comma (``1,2``, ``"1.5"``), as
#: Vietnamese writes it; YAML reads ``1,2`` as text.
DECIMAL_PATTERN = r"^\s*[0-9]{1,6}(?:[.,][0-9]{1,6})?\s*$"


def _calendar(year: int, month: int, day: int, shown: str) -> _dt.date:
    try:
        return _dt.date(year, month, day)
    except ValueError:
        raise FormError(f"ngày {shown!r} không có trong lịch") from None


def read_date(value: object) -> _dt.date:
    """A date from a file: a date value, ``2022-03-08`` or ``08/3/2022``."""
    if isinstance(value, _dt.datetime):
        raise FormError(f"chỉ ghi ngày, không ghi giờ ({value.isoformat(sep=' ')})")
    if isinstance(value, _dt.date):
        return value
    if isinstance(value, str):
        if match := _ISO.match(value):
            y, mo, d = map(int, match.groups())
            return _calendar(y, mo, d, value.strip())
        if match := _VN.match(value):
            d, mo, y = map(int, match.groups())
            return _calendar(y, mo, d, value.strip())
        raise FormError(f"{value!r} không phải một ngày; {DATE_HINT}")
    raise FormError(f"phải là {DATE_HINT}, nhận được {describe(value)}")


# --------------------------------------------------------------------------------------------
# Short forms


def _issue_date(value: object) -> Mapping[str, Any]:
    if isinstance(value, bool):
        raise FormError(f"phải là ngày ban hành, nhận được {describe(value)}")
    if isinstance(value, int):
        return {"year": value}
    if isinstance(value, str):
        if match := _YEAR.match(value):
            return {"year": int(match.group(1))}
        if match := _MONTH_YEAR.match(value):
            mo, y = map(int, match.groups())
            return {"year": y, "month": mo}
        if not (_ISO.match(value) or _VN.match(value)):
            raise FormError(f"{value!r} không phải ngày ban hành; {_ISSUE_HINT}")
    date = read_date(value)
    return {"year": date.year, "month": date.month, "day": date.day}


def _write_issue_date(d: m.IssueDate, short: bool) -> Any:
    return _dt.date(d.year, d.month, d.day) if d.is_complete else None


_ISSUE_HINT = ("viết 05/02/2024 (hoặc 2024-02-05); dự thảo chưa có ngày thì viết 02/2024 "
               "hoặc chỉ năm 2024")

_MARKS = "|".join(mk.value for mk in m.Mark)
_AUTHORITY = re.compile(rf"^\s*({_MARKS})\.?\s+(\S.*?)\s*$", re.IGNORECASE)


def _authority(value: object) -> Mapping[str, Any]:
    if isinstance(value, str):
        if match := _AUTHORITY.match(value):
            return {"mark": match.group(1).upper(), "of": match.group(2)}
        marks = ", ".join(mk.value for mk in m.Mark)
        raise FormError(f"{value!r} không đúng dạng quyền hạn; viết 'TM. Ủy ban nhân dân' "
                        f"(chữ đầu là một trong: {marks})")
    raise _not_short(value, "một dòng quyền hạn như 'TM. Ủy ban nhân dân'")


def _write_authority(a: m.Authority, short: bool) -> Any:
    if not short:
        return None
    text = f"{a.mark.value}. {a.of}"
    match = _AUTHORITY.match(text)
    return text if match and match.group(2) == a.of else None  # else it would not read back


def _text_form(field: str, what: str) -> Callable[[Any], Mapping[str, Any]]:
    def read(value: object) -> Mapping[str, Any]:
        if isinstance(value, str):
            return {field: value}
        raise _not_short(value, what)
    return read


def _not_short(value: object, what: str) -> FormError:
    return FormError(f"phải là {what} hoặc một nhóm khóa: giá trị, nhận được {describe(value)}")


def _document_number(value: object) -> Mapping[str, Any]:
    if isinstance(value, int) and not isinstance(value, bool):
        return {"number": value}
    if isinstance(value, str) and value.strip().isdigit():  # "05", quoted as 05 is not
        return {"number": int(value.strip())}
    if isinstance(value, str):
        try:
            number, type_code, issuer_codes = symbols.parse_number(value)
        except PlanDataError as error:
            raise FormError(error.message) from None
        return {"number": number, "type_code": type_code, "issuer_codes": list(issuer_codes)}
    raise FormError(f"phải là số, ký hiệu: {symbols.NUMBER_HINT}; nhận được {describe(value)}")


def _write_document_number(n: m.DocumentNumber, short: bool) -> Any:
    if not short or not n.issuer_codes:
        return None
    text = ("" if n.number is None else f"{n.number:02d}") + "/" + "-".join(
        (n.type_code, *n.issuer_codes))
    try:
        same = symbols.parse_number(text) == (n.number, n.type_code, n.issuer_codes)
    except PlanDataError:
        same = False
    return text if same else None


def _cell(value: object) -> Mapping[str, Any]:
    if isinstance(value, str):
        return {"children": [value] if value.strip() else []}
    if isinstance(value, list):
        return {"children": value}
    raise _not_short(value, "nội dung ô (một dòng chữ, hoặc danh sách các đoạn)")


def _row(value: object) -> Mapping[str, Any]:
    if isinstance(value, list):
        return {"cells": value}
    raise _not_short(value, "danh sách các ô của dòng ([ô 1, ô 2, …])")


_DRAFTER = re.compile(r"^\s*([A-ZĐ]{1,6})\s*\.?\s*\(\s*(\d+)\s*\)\s*$")


def _drafter(value: object) -> Mapping[str, Any]:
    if isinstance(value, str) and (match := _DRAFTER.match(value)):
        return {"initials": match.group(1), "copies": int(match.group(2))}
    raise FormError(f"{describe(value)} không đúng dạng; viết như 'PL.(300)': chữ viết tắt tên "
                    "người soạn thảo (in hoa), dấu chấm, số bản phát hành trong ngoặc")


def _archive(value: object) -> Mapping[str, Any]:
    if isinstance(value, list):
        return {"units": value}
    raise _not_short(value, "danh sách đơn vị lưu (như [VP])")


FORMS: dict[type, Form] = {
    m.Paragraph: Form(
        _text_form("text", "một đoạn văn"),
        lambda p, short: m.to_markup(p.text) if short else None,
        "một đoạn văn viết thẳng thành một dòng chữ",
        {"type": "string", "pattern": r"\S"}),
    m.Recipient: Form(
        _text_form("name", "tên nơi nhận"),
        lambda r, short: r.name if short and r.note is None else None,
        "tên nơi nhận",
        {"type": "string", "pattern": r"\S"}),
    m.Deadline: Form(
        _text_form("when", "thời gian thực hiện"),
        lambda d, short: m.to_markup(d.when) if short and d.scope is None else None,
        "thời gian thực hiện",
        {"type": "string", "pattern": r"\S"}),
    m.Authority: Form(
        _authority, _write_authority, "dòng quyền hạn như 'TM. Ủy ban nhân dân'",
        {"type": "string", "pattern": rf"^\s*({_MARKS})\.?\s+\S"}),
    m.DocumentNumber: Form(
        _document_number, _write_document_number,
        f"số, ký hiệu như in trên văn bản: {symbols.NUMBER_HINT}",
        {"anyOf": [{"type": "integer", "minimum": 1},
                   {"type": "string", "pattern": r"^\s*0*[1-9][0-9]*\s*$"},
                   {"type": "string", "pattern": r"/\s*\S+-\S"}]}),
    m.Archive: Form(
        _archive, lambda a, short: list(a.units) if short and a.copies is None else None,
        "danh sách đơn vị lưu, như [VP]",
        {"type": "array", "items": {"type": "string"}}),
    m.Column: Form(
        _text_form("header", "tiêu đề cột"),
        lambda c, short: m.to_markup(c.header) if short
        and (c.width, c.align, c.group) == (1.0, m.Align.LEFT, None) else None,
        "tiêu đề cột",
        {"type": "string", "pattern": r"\S"}),
    # Cells and rows are written short by kehoach.data.unstructure, which writes their content.
    m.Cell: Form(
        _cell, lambda c, short: None, "nội dung ô: một dòng chữ, hoặc danh sách các đoạn",
        {"anyOf": [{"type": "string"}, {"type": "array"}]}),
    m.Row: Form(
        _row, lambda r, short: None,
        "danh sách các ô của dòng",
        {"type": "array"}),
    m.Drafter: Form(
        _drafter, lambda d, short: f"{d.initials}.({d.copies})" if short else None,
        "ký hiệu người soạn thảo và số bản, như 'PL.(300)'",
        {"type": "string", "pattern": r"^\s*[A-ZĐ]{1,6}\s*\.?\s*\(\s*\d+\s*\)\s*$"}),
    m.IssueDate: Form(
        _issue_date, _write_issue_date, _ISSUE_HINT,
        {"anyOf": [{"type": "integer", "minimum": 1945, "maximum": 2100},
                   {"type": "string",
                    "pattern": r"^\s*(\d{4}|\d{1,2}/\d{4}|\d{1,2}/\d{1,2}/\d{4}|"
                               r"\d{4}-\d{1,2}-\d{1,2})\s*$"}]}),
}


# --------------------------------------------------------------------------------------------


def describe(value: object) -> str:
    """A value as a clerk would call it: ``văn bản 'abc'``, ``số 12``, ``danh sách``."""
    if value is None:
        return "giá trị rỗng"
    if isinstance(value, bool):
        return f"giá trị đúng/sai ({'true' if value else 'false'})"
    if isinstance(value, int):
        return f"số {value}"
    if isinstance(value, float):
        return f"số {value:g}"
    if isinstance(value, str):
        shown = value if len(value) <= 40 else value[:37] + "…"
        return f"văn bản {shown!r}"
    if isinstance(value, _dt.datetime):
        return f"thời điểm {value.isoformat(sep=' ')}"
    if isinstance(value, _dt.date):
        return f"ngày {value.day:02d}/{value.month:02d}/{value.year}"
    if isinstance(value, list):
        return "một danh sách"
    if isinstance(value, Mapping):
        return "một nhóm khóa: giá trị"
    return type(value).__name__
