"""Đọc JSON và TOML: JSON or TOML text to plain data, bounded, each problem with its line.

The three formats agree on what is an error: a key written twice (JSON would keep the last
silently), a number past :data:`~kehoach.data.limits.MAX_INT_DIGITS` digits, nesting past
:data:`~kehoach.data.limits.MAX_DEPTH` levels, content past
:data:`~kehoach.data.limits.MAX_EXPANDED_SIZE`. Every parser message is said in Vietnamese,
with the line, the column and the field the parser was in (:mod:`kehoach.data.locate`).
"""

from __future__ import annotations

import json
import re
import tomllib
from typing import Any

from kehoach.data import limits
from kehoach.data.locate import JsonLocator, TomlLocator
from kehoach.data.problems import Parsed, Problem, control_character

# --------------------------------------------------------------------------------------------
# JSON

#: The json module's messages, and what a clerk should do.
_JSON_HINTS = (
    ("Expecting value", "thiếu giá trị, hoặc giá trị không hợp lệ (chữ phải đặt trong ngoặc "
     "kép \"…\"; true, false, null viết thường; không có dấu phẩy thừa trước ']')"),
    ("Expecting property name", "tên khóa phải đặt trong ngoặc kép (\"title\"), và không có "
     "dấu phẩy thừa trước '}'"),
    ("Expecting ':' delimiter", "thiếu dấu ':' sau tên khóa"),
    ("Expecting ',' delimiter", "thiếu dấu phẩy giữa hai mục, hoặc thiếu dấu ngoặc đóng"),
    ("Unterminated string", "thiếu dấu ngoặc kép đóng (\") ở cuối nội dung"),
    ("Invalid \\uXXXX escape", "mã \\uXXXX không hợp lệ (cần đúng 4 chữ số hệ 16)"),
    ("Invalid \\escape", "dấu '\\' phải đi cùng một ký tự hợp lệ (\\n, \\t, \\\", \\\\); muốn "
     "viết dấu '\\' thì gõ '\\\\'"),
    ("Extra data", "có nội dung thừa sau khi kế hoạch đã đóng (thừa dấu '}' hoặc ']', hoặc hai "
     "kế hoạch trong một tệp)"),
    ("Illegal trailing comma", "dấu phẩy thừa trước ']' hoặc '}'"),
)


#: A run of digits long enough to be a number past the limit (TOML allows ``1_000``).
_LONG_DIGITS = re.compile(r"[0-9_]{%d,}" % (limits.MAX_INT_DIGITS + 1))
#: A number of TOML past the limit, outside strings and comments: a run of decimal digits (of a
#: whole number, an octal or binary one, a float's parts or exponent), or of hexadecimal ones
#: (84 pass 100 decimal ones).
_LONG_TOML_DIGITS = re.compile(r"(?<![0-9_])(?<!0[xob])(?:0x[0-9A-Fa-f_]{%d,}|0o[0-7_]{%d,}"
                               r"|0b[01_]{%d,}|[0-9][0-9_]{%d,})"
                               % (limits.MAX_INT_DIGITS * 5 // 6, limits.MAX_INT_DIGITS * 10 // 9,
                                  limits.MAX_INT_DIGITS * 10 // 3, limits.MAX_INT_DIGITS))
_BASES = {"0x": 16, "0o": 8, "0b": 2}


def _digits_of_toml(number: str) -> int:
    """Decimal digits of a TOML number as written (a float's digits, a hexadecimal one's
    digits once in decimal)."""
    base = _BASES.get(number[:2])
    if base is None:
        return limits.digits_of(number)
    return limits.decimal_digits(int(number[2:].replace("_", ""), base))


class _TooLong(ValueError):
    pass


def _parse_int(text: str) -> int:
    if limits.digits_of(text) > limits.MAX_INT_DIGITS:
        raise _TooLong(text)
    return int(text)


def parse_json(text: str) -> Parsed:
    """Plain data from JSON text, or the problems that stop it."""
    values = limits.values_in(text, "json")
    if values > limits.MAX_VALUES:
        return Parsed(None, problems=(limits.too_many_values(values),))
    locator = JsonLocator(text)
    twice = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal twice
        mapping = dict(items)
        if len(mapping) != len(items):
            twice = True
        return mapping

    # Numbers are converted through _parse_int only when the text has a long run of digits.
    long_digits = _LONG_DIGITS.search(text) is not None
    try:
        data = json.loads(text, object_pairs_hook=pairs,
                          parse_int=_parse_int if long_digits else None)
    except json.JSONDecodeError as error:
        return Parsed(None, problems=(_json_syntax(error, text, locator),))
    except _TooLong as error:
        found = locator.first_long_number(limits.MAX_INT_DIGITS)
        at, path = found if found else (0, ())
        return Parsed(None, problems=(limits.too_many_digits(
            limits.digits_of(str(error)), locator.line(at), path),))
    except RecursionError:
        found = locator.first_past(limits.MAX_DEPTH)
        at, path = found if found else (0, ())
        return Parsed(None, problems=(limits.too_deep(locator.line(at), path),))
    # parse_int has refused long numbers already: no need to look for them again.
    return _checked(data, len(text), False, locator,
                    _json_duplicates(locator) if twice else [])


def _json_syntax(error: json.JSONDecodeError, text: str, locator: JsonLocator) -> Problem:
    path, _ = locator.place(error.pos)
    where = f" (cột {error.colno})"
    ahead = text[error.pos:error.pos + 2]
    if ahead in ("//", "/*"):  # a comment, where the parser expected a comma or a value
        return Problem(path, f"lỗi cú pháp JSON: JSON không cho phép ghi chú ({ahead}…){where}; "
                             "xóa ghi chú, hoặc viết tệp bằng YAML (ghi chú bắt đầu bằng #)",
                       error.lineno)
    if error.msg.startswith("Invalid control character"):
        return Problem(path, _raw_in_string(text[error.pos], error.colno, "JSON"), error.lineno)
    for clue, hint in _JSON_HINTS:
        if error.msg.startswith(clue):
            return Problem(path, f"lỗi cú pháp JSON: {hint}{where}", error.lineno)
    return Problem(path, f"lỗi cú pháp JSON (bộ đọc JSON báo: {error.msg}){where}",
                   error.lineno)


def _raw_in_string(char: str, column: int | None, fmt: str) -> str:
    """A raw line end, tab or control character inside a quoted string."""
    where = f" (cột {column})" if column is not None else ""
    if char in "\r\n":
        return (f"lỗi cú pháp {fmt}: thiếu dấu ngoặc kép đóng (\") ở cuối nội dung{where}; "
                "nội dung trong ngoặc kép không được xuống dòng (muốn xuống dòng thì viết \\n)")
    if char == "\t":
        return (f"lỗi cú pháp {fmt}: có phím Tab trong ngoặc kép{where}; viết \\t thay cho "
                "phím Tab")
    return control_character(char, column)


def _json_duplicates(locator: JsonLocator) -> list[Problem]:
    locator.scan()
    return limits.at_most([
        Problem(path, f"khóa '{path[-1]}' được ghi hai lần (lần đầu ở dòng {first}); xóa một "
                      "trong hai", line)
        for path, first, line in locator.duplicates[:limits.MAX_PROBLEMS + 1]])


def _checked(data: Any, text_length: int, long_digits: bool, lines: Any,
             duplicates: list[Problem]) -> Parsed:
    """The data, unless it is past a limit (then only the problems, with their lines)."""
    problems = limits.check_data(data, text_length, long_digits)
    if problems:
        return Parsed(None, problems=tuple(Problem(p.path, p.message, lines(p.path))
                                           for p in problems))
    return Parsed(data, lines, tuple(duplicates))


# --------------------------------------------------------------------------------------------
# TOML

_TOML_HINTS = (
    ("Invalid statement", "dòng này không phải 'khóa = giá trị' hay '[tên bảng]'"),
    ("Expected '=' after a key", "thiếu dấu '=' sau tên khóa (tên khóa có dấu cách hoặc dấu "
     "tiếng Việt thì đặt trong ngoặc kép)"),
    ("Cannot declare", "bảng hoặc khóa này được khai báo hai lần; xóa một trong hai"),
    ("Cannot overwrite a value", "khóa được ghi hai lần; xóa một trong hai"),
    ("Cannot mutate immutable namespace", "khóa này đã được ghi trọn trước đó (trong { … } "
     "hoặc [ … ]); không thêm khóa vào nó ở chỗ khác"),
    ("Cannot redefine namespace", "bảng này được khai báo hai lần; xóa một trong hai"),
    ("Duplicate inline table key", "khóa được ghi hai lần trong { … }; xóa một trong hai"),
    ("Expected ']' at the end of a table", "thiếu dấu ']' ở cuối tên bảng"),
    ("Expected ']]' at the end of an array", "thiếu dấu ']]' ở cuối tên bảng"),
    ("Invalid initial character for a key", "tên khóa có ký tự không hợp lệ (tên khóa có dấu "
     "cách hoặc dấu tiếng Việt thì đặt trong ngoặc kép)"),
    ("Invalid value", "giá trị không hợp lệ (chữ phải đặt trong ngoặc kép \"…\"; true, false "
     "viết thường)"),
    ("Unclosed array", "danh sách [ … ] thiếu dấu ']' đóng, hoặc thiếu dấu phẩy giữa hai mục"),
    ("Unclosed inline table", "nhóm { … } thiếu dấu '}' đóng (nhóm { … } phải nằm trên một "
     "dòng)"),
    ("Unterminated string", "thiếu dấu ngoặc kép đóng ở cuối nội dung"),
    ("Unescaped '\\'", "dấu '\\' trong ngoặc kép phải đi cùng một ký tự hợp lệ (\\n, \\t, "
     "\\\", \\\\); muốn viết dấu '\\' thì gõ '\\\\', hoặc dùng ngoặc đơn '…'"),
    ("Invalid hex value", "mã \\u hoặc \\U trong ngoặc kép không hợp lệ"),
    ("Escaped character is not a Unicode", "mã \\u hoặc \\U trong ngoặc kép không hợp lệ"),
    ("Invalid date or datetime", "ngày tháng không hợp lệ"),
    ("Expected", "ký tự không đúng chỗ"),
    ("Found invalid character", "ký tự không đúng chỗ"),
)
_TOML_PLACE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)")


def parse_toml(text: str) -> Parsed:
    """Plain data from TOML text, or the problems that stop it."""
    code = limits.toml_code(text)
    values = limits.values_in(text, "toml", code)
    if values > limits.MAX_VALUES:
        return Parsed(None, problems=(limits.too_many_values(values),))
    locator = TomlLocator(text)
    # tomllib's pattern of a number keeps a frame per digit (1.35 GB for a number of 10
    # million digits): a long number, whole or not, is refused before tomllib reads it.
    if (number := _LONG_TOML_DIGITS.search(code)) is not None:
        line = code.count("\n", 0, number.start()) + 1
        return Parsed(None, problems=(limits.too_many_digits(
            _digits_of_toml(number.group()), line, locator.at_line(line)),))
    deep_key = _line_of_deep_key(text)
    if deep_key is not None:  # tomllib's time and memory grow with the square of a key's parts
        return Parsed(None, problems=(limits.too_deep(deep_key),))
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return Parsed(None, problems=(_toml_syntax(str(error), text, locator),))
    except RecursionError:
        line = _line_of_depth(text)
        return Parsed(None, problems=(limits.too_deep(line, locator.at_line(line)),))
    except ValueError as error:  # a number past Python's own limit of digits
        match = _LONG_DIGITS.search(text)
        line = text.count("\n", 0, match.start()) + 1 if match else None
        digits = limits.digits_of(match.group()) if match else 0
        return Parsed(None, problems=(limits.too_many_digits(digits, line,
                                                             locator.at_line(line)),)
                      if match else (Problem((), f"lỗi đọc TOML ({error})"),))
    return _checked(data, len(text), False, locator, [])


def _toml_syntax(said: str, text: str, locator: TomlLocator) -> Problem:
    match = _TOML_PLACE.search(said)
    line = column = None
    if match and match.group(1):
        line, column = int(match.group(1)), int(match.group(2))
    elif match:  # at the end of the document
        line = text.rstrip("\n").count("\n") + 1
    message = _TOML_PLACE.sub("", said)
    path = locator.at_line(line)
    where = f" (cột {column})" if column is not None else ""
    if message.startswith("Illegal character"):
        char = re.search(r"'(.+)'", message)
        code = char.group(1).encode().decode("unicode_escape") if char else "\x00"
        return Problem(path, _raw_in_string(code[:1] or "\x00", column, "TOML"), line)
    for clue, hint in _TOML_HINTS:
        if message.startswith(clue):
            return Problem(path, f"lỗi cú pháp TOML: {hint}{where}", line)
    return Problem(path, f"lỗi cú pháp TOML (bộ đọc TOML báo: {message}){where}", line)


_TOML_STRINGS = re.compile(limits.TOML_SKIPPED, re.S)
#: Outside strings and comments, a dot is in a dotted key (``a.b``, ``[a.b]``), a float or a
#: time (one dot each); these characters end a key.
_NOT_DOT_OR_KEY_END = re.compile(r"[^.=,\[\]{}\n]+")
_TOO_MANY_DOTS = re.compile(r"\.{%d}" % limits.MAX_DEPTH)
_TOML_TOKEN = re.compile(limits.TOML_SKIPPED + r"|[.=,\[\]{}\n]", re.S)


def _line_of_deep_key(text: str) -> int | None:
    """The line of a dotted key or table header of more than ``MAX_DEPTH`` parts, if any.

    Looked for in the text, before tomllib reads it: tomllib copies a key's parts once per
    part, so a 60 KB key of 30 000 parts took it 12 s and 3.5 GB. The common case is decided by
    three passes of regular expressions (strings and comments out, then everything but dots
    and the characters that end a key, then a run of dots); only a file that has such a key is
    read token by token, for its line.
    """
    if "." not in text:
        return None
    kept = _NOT_DOT_OR_KEY_END.sub("", _TOML_STRINGS.sub("", text))
    if _TOO_MANY_DOTS.search(kept) is None:
        return None
    line, dots = 1, 0
    for match in _TOML_TOKEN.finditer(text):
        token = match.group()
        if token == ".":
            dots += 1
            if dots >= limits.MAX_DEPTH:
                return line
            continue
        if len(token) == 1 and token != "#":  # one of the characters that end a key
            dots = 0
            line += token == "\n"
        else:  # a string (a part of the key, or a value) or a comment
            line += token.count("\n")
    return None  # not reached: the same tokens as the passes above


def _line_of_depth(text: str) -> int | None:
    for position, depth in limits.bracket_depths(text, quotes="\"'"):
        if depth > limits.MAX_DEPTH:
            return text.count("\n", 0, position) + 1
    return None
