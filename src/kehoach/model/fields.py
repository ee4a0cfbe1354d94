"""Field helpers of the model: text normalisation and the validators every class uses.

A wrong value raises :class:`~kehoach.errors.PlanDataError` naming ``Class.field``; text is
normalised to NFC with ``\\n`` line endings and must be text a .docx (XML 1.0) can hold.
"""

from __future__ import annotations

import enum
import functools
import inspect
import os
import re
import sys
import unicodedata
import warnings
from collections.abc import Callable, Iterable

import attrs

from kehoach.errors import PlanDataError, grouped, vietnamese_arguments
from kehoach.model.decree import line_break_problem

# Characters XML 1.0 cannot hold (a .docx is XML): C0 controls but tab and line feed,
# and the non-characters U+FFFE/U+FFFF. Lone surrogates cannot be encoded either.
_XML_FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")

#: The longest text one field may hold (characters, after NFC). Word's XML readers refuse, or
#: silently cut, a text run over 10 MB; this keeps every run far below that (docs/guarantees.md).
MAX_TEXT_LENGTH = 100_000


def _owner(instance: object, attribute: attrs.Attribute) -> str:
    return f"{type(instance).__name__}.{attribute.name}"


def normalize_text(value: object) -> object:
    """NFC and ``\\n`` line endings; other values pass through for the validator to judge."""
    if isinstance(value, str):
        value = value.replace("\r\n", "\n").replace("\r", "\n")
        return unicodedata.normalize("NFC", value)
    return value


def check_text(field: str, value: object, *, required: bool = True) -> None:
    """Raise :class:`PlanDataError` unless ``value`` is text a .docx can hold."""
    if not isinstance(value, str):
        raise PlanDataError(field, f"phải là chuỗi ký tự, nhận được {type(value).__name__}")
    # Before the blank test: U+001C..U+001F count as whitespace to str.strip().
    bad = _XML_FORBIDDEN.search(value)
    if bad:
        raise PlanDataError(
            field,
            f"chứa ký tự điều khiển U+{ord(bad.group()):04X} ở ký tự thứ {bad.start() + 1}, "
            "không thể ghi vào văn bản Word",
        )
    if required and not value.strip():
        raise PlanDataError(field, "không được để trống")
    if len(value) > MAX_TEXT_LENGTH:
        raise PlanDataError(field, f"dài {grouped(len(value))} ký tự, vượt giới hạn {grouped(MAX_TEXT_LENGTH)} ký tự")


def _text_validator(instance: object, attribute: attrs.Attribute, value: object) -> None:
    check_text(_owner(instance, attribute), value)


def _optional_text_validator(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None:
        check_text(_owner(instance, attribute), value)


def _one_line(instance: object, attribute: attrs.Attribute, value: object) -> None:
    """A text, or each text of a tuple, printed as one line: no line break, no tab."""
    lines = value if isinstance(value, tuple) else (value,)
    for i, line in enumerate(lines):
        problem = line_break_problem(line) if isinstance(line, str) else None
        if problem:
            field = _owner(instance, attribute)
            if isinstance(value, tuple):  # a list of lines: another line is another entry
                raise PlanDataError(f"{field}[{i}]", problem + " (muốn thêm một dòng thì thêm "
                                                               "một mục vào danh sách)")
            raise PlanDataError(field, problem)


def field_doc(text: str | None, metadata: dict | None = None) -> dict:
    """Field metadata holding its description (``Trích yếu: what the plan is about``), read by
    :func:`described` for ``help()``, and by the data layer for the JSON Schema."""
    out = dict(metadata or {})
    if text:
        out["doc"] = text
    return out


def _as_list(validator) -> list:
    if validator is None:
        return []
    return list(validator) if isinstance(validator, (list, tuple)) else [validator]


def text(*, doc: str | None = None, validator=None, one_line: bool = False, **kwargs):
    """A required, non-blank text field (``validator``: further checks, run after);
    ``one_line``: printed as one line, so no line break or tab."""
    return attrs.field(converter=normalize_text,
                       validator=[_text_validator, *([_one_line] if one_line else []),
                                  *_as_list(validator)],
                       metadata=field_doc(doc), **kwargs)


def optional_text(default: str | None = None, *, doc: str | None = None, validator=None,
                  one_line: bool = False):
    """A text field that may be ``None`` (but not blank when given); ``one_line`` as for
    :func:`text`."""
    return attrs.field(default=default, converter=normalize_text,
                       validator=[_optional_text_validator, *([_one_line] if one_line else []),
                                  *_as_list(validator)],
                       metadata=field_doc(doc))


def _to_tuple(value: object) -> object:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return value  # the validator names the field
    return tuple(normalize_text(v) for v in value)


def _tuple_of(*types: type, allow_empty: bool = True):
    def validate(instance: object, attribute: attrs.Attribute, value: object) -> None:
        field = _owner(instance, attribute)
        if not isinstance(value, tuple):
            raise PlanDataError(field, f"phải là một danh sách, nhận được {type(value).__name__}")
        if not allow_empty and not value:
            raise PlanDataError(field, "cần ít nhất một mục")
        names = " hoặc ".join(t.__name__ for t in types)
        for i, item in enumerate(value):
            if str in types and isinstance(item, str):
                check_text(f"{field}[{i}]", item)
            elif not isinstance(item, types):
                raise PlanDataError(f"{field}[{i}]", f"phải là {names}, nhận được {type(item).__name__}")

    return validate


def tuple_of(*types: type, allow_empty: bool = True, default=(), doc: str | None = None,
             one_line: bool = False):
    """A tuple of ``types``; ``one_line``: each text of it printed as one line."""
    validator = _tuple_of(*types, allow_empty=allow_empty)
    return attrs.field(default=default, converter=_to_tuple,
                       validator=[validator, _one_line] if one_line else validator,
                       metadata=field_doc(doc))


def instance_of(cls: type, *, optional: bool = False, example: str = ""):
    """A validator: the value is a ``cls`` (or ``None`` when ``optional``), else
    :class:`PlanDataError` naming the field, in Vietnamese (attrs' own is an English
    ``TypeError``). ``example`` shows how to write one (``Signer("Nguyễn Văn A", …)``)."""
    def validate(instance: object, attribute: attrs.Attribute, value: object) -> None:
        if isinstance(value, cls) and not (cls is int and isinstance(value, bool)):
            return
        if value is None and optional:
            return
        term = _TERMS.get(cls, cls.__name__)
        got = "None (để trống)" if value is None else f"{value!r} ({type(value).__name__})"
        message = f"phải là {term}, nhận được {got}"
        if example:
            message += f"; ví dụ: {example}"
        raise PlanDataError(_owner(instance, attribute), message)

    return validate


#: How a type is named in a message.
_TERMS: dict[type, str] = {bool: "True hoặc False", int: "một số nguyên", str: "chuỗi ký tự"}


def _int_between(low: int, high: int | None, *, optional: bool = False):
    def validate(instance: object, attribute: attrs.Attribute, value: object) -> None:
        if value is None and optional:
            return
        field = _owner(instance, attribute)
        if isinstance(value, bool) or not isinstance(value, int):
            raise PlanDataError(field, f"phải là số nguyên, nhận được {value!r}")
        if value < low or (high is not None and value > high):
            bound = f"từ {low} đến {high}" if high is not None else f"từ {low} trở lên"
            raise PlanDataError(field, f"phải {bound}, nhận được {value}")

    validate.bounds = (low, high)  # read by the JSON Schema (kehoach.data.schema)
    return validate


def _enum_converter(cls: type[enum.Enum]):
    def convert(value: object) -> object:
        if isinstance(value, cls) or value is None:
            return value
        for member in cls:
            if value in (member.value, member.name, f"{member.value}."):
                return member
        return value  # the validator explains

    return convert


def _enum_validator(cls: type[enum.Enum], *, optional: bool = False):
    def validate(instance: object, attribute: attrs.Attribute, value: object) -> None:
        if value is None and optional:
            return
        if not isinstance(value, cls):
            allowed = ", ".join(repr(m.value) for m in cls)
            raise PlanDataError(_owner(instance, attribute),
                                f"{value!r} không hợp lệ; chọn một trong: {allowed}")

    return validate




# --------------------------------------------------------------------------------------------
# Documentation and renamed fields


def described(cls: type) -> type:
    """Class decorator: ``help(cls)`` lists every field with its type and description.

    The descriptions are the fields' ``metadata["doc"]`` (:func:`field_doc`), written in the
    form ``Thuật ngữ: meaning``.
    """
    lines = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        hint = a.type if isinstance(a.type, str) else getattr(a.type, "__name__", str(a.type))
        optional = "" if a.default is attrs.NOTHING else ", tùy chọn"
        text = a.metadata.get("doc", "")
        lines.append(f"    {a.name} ({hint}{optional}){': ' + text if text else ''}")
    if lines:
        cls.__doc__ = (inspect.cleandoc(cls.__doc__ or "") + "\n\nTrường (fields):\n\n"
                       + "\n".join(lines) + "\n")
    return vietnamese_arguments(cls)


_PACKAGE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def caller_stacklevel() -> int:
    """The ``stacklevel`` that makes a warning raised by the caller of this function name the
    first line outside kehoach (and outside attrs' generated ``__init__``): the user's script,
    where Python shows a DeprecationWarning (only when it is attributed to ``__main__``)."""
    frame = sys._getframe(2)
    level = 2
    while frame is not None:
        filename = frame.f_code.co_filename
        inside = filename.startswith("<attrs generated") or (
            os.path.abspath(filename).startswith(_PACKAGE_DIR + os.sep))
        if not inside:
            return level
        frame = frame.f_back
        level += 1
    return level


def renamed(**old_to_new: str) -> Callable[[type], type]:
    """Class decorator: old keyword and attribute names still work, with a DeprecationWarning.

    ``@renamed(lead="lead_in")`` lets ``Point(text, lead="…")`` and ``point.lead`` keep working
    while the field is called ``lead_in``. The data layer reads the map
    (``cls.__kehoach_renamed__``) to accept the old keys in data files too.
    """
    def decorate(cls: type) -> type:
        original = cls.__init__

        @functools.wraps(original)
        def __init__(self, *args, **kwargs):  # noqa: N807
            for old, new in old_to_new.items():
                if old in kwargs:
                    warnings.warn(f"{cls.__name__}({old}=…) đã đổi tên thành {new}=…",
                                  DeprecationWarning, stacklevel=caller_stacklevel())
                    if new in kwargs:
                        raise TypeError(f"{cls.__name__}() nhận cả {old}= và {new}=")
                    kwargs[new] = kwargs.pop(old)
            original(self, *args, **kwargs)

        __init__.__signature__ = inspect.signature(original)
        cls.__init__ = __init__
        for old, new in old_to_new.items():
            setattr(cls, old, _old_name(cls.__name__, old, new))
        cls.__kehoach_renamed__ = {**getattr(cls, "__kehoach_renamed__", {}), **old_to_new}
        return cls

    return decorate


def _old_name(owner: str, old: str, new: str) -> property:
    def get(self):
        warnings.warn(f"{owner}.{old} đã đổi tên thành {owner}.{new}", DeprecationWarning,
                      stacklevel=caller_stacklevel())
        return getattr(self, new)

    return property(get, doc=f"Tên cũ của ``{new}`` (deprecated).")
