"""Giới hạn của tệp dữ liệu: how large, deep and long a plan file may be, and the checks.

A data file is read before anything is written, and reading it must stay bounded whatever the
file holds: a YAML file of 500 bytes can name the same anchor a billion times, a JSON file can
nest ten thousand lists, a number can have a million digits. Each limit below is far above any
real plan (the largest kehoach is tested with, 10 000 criteria, has 6.7 MB and 5 million
characters) and each is reported as a :class:`~kehoach.data.problems.Problem` with its line,
before the file's content is turned into a plan.

The size of a file's content is counted with YAML's aliases expanded: every character of text
and every value (a key, a number, a list) counts one. A YAML anchor used 3 000 times counts 3 000
times, as it would in the document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from kehoach.data.problems import Path, Problem

#: Bytes a data file may have; a larger file is refused before it is read.
MAX_FILE_BYTES = 10_000_000
#: Values a data file may hold: every scalar, list and mapping, a key counted with its value.
#: In YAML they are counted exactly, aliases expanded (an alias counts the values of its anchor),
#: from the parser's events as they come, before a node tree is built: the file is refused at
#: the line of the value past the limit. In JSON and TOML they are counted before parsing from
#: what precedes each value outside strings (JSON: commas and opening brackets; TOML: ``=``,
#: commas, ``[`` and the dots of dotted keys, each dot a table), a count never below the values.
#: Parsing costs time and memory per value (YAML's node tree some 400 bytes each, TOML's parser
#: a few µs each, a TOML key of 49 parts some 50 times more): this is what keeps a file of
#: tiny values (``[1,1,1,…]``, a line ``- a`` repeated, an alias to a long list) to seconds.
#: At 250 000, YAML items nested 24 deep took 11 s of CPU; the largest plan kehoach is tested
#: with (10 000 criteria) holds 150 019 values, 180 025 by TOML's count.
MAX_VALUES = 200_000
#: Size of a file's content, aliases expanded: characters of text plus one per value.
MAX_EXPANDED_SIZE = 10_000_000
#: Levels of lists and mappings inside one another (a real plan uses about 15).
MAX_DEPTH = 50
#: Digits of a whole number (the model's numbers have at most four).
MAX_INT_DIGITS = 100
#: Problems reported for one file; past them the file is not read further. Each problem
#: costs a suggestion (``titel`` → ``title``) and a line: a file of 80 000 unknown keys took
#: minutes, and no one reads a list that long.
MAX_PROBLEMS = 100


#: A JSON string, as one run of plain characters between escapes, possessive: a pattern that
#: may backtrack keeps a frame per character or escape (1.2 GB for a string of 10 million).
_JSON_STRING = re.compile(r'"[^"\\]*+(?:\\.[^"\\]*+)*+"?')
#: What a TOML lexer skips whole: strings of the four kinds, and comments. Read left to right,
#: the first of them met wins, as in TOML (a ``#`` in a string, a quote in a comment).
#: Possessive throughout, for the same reason as :data:`_JSON_STRING`.
TOML_SKIPPED = (r'"""[^"\\]*+(?:(?:\\.|"(?!""))[^"\\]*+)*+"{3,5}'  # up to two quotes end it too
                r"|'{3}.*?'{3,5}"
                r'|"[^"\\\n]*+(?:\\.[^"\\\n]*+)*+"'
                r"|'[^'\n]*+'"
                r"|#[^\n]*+")
_TOML_SKIPPED = re.compile(TOML_SKIPPED, re.S)
_TRAILING_COMMA = re.compile(r",\s*+\]")
_TABLES_HEADER = re.compile(r"^[ \t]*+\[\[([^\[\]\n]*+)\]\]", re.M)
_BARE_NAME = re.compile(r"[A-Za-z0-9_-]+(?:[ \t]*\.[ \t]*[A-Za-z0-9_-]+)*")


def toml_code(text: str) -> str:
    """TOML text without its strings and comments, each kept as its line ends only (so a
    position's line is the same as in ``text``)."""
    return _TOML_SKIPPED.sub(lambda m: "\n" * m.group().count("\n"), text)


def values_in(text: str, fmt: str, code: str | None = None) -> int:
    """At least the number of values in the JSON or TOML ``text`` (see :data:`MAX_VALUES`),
    counted outside strings (and TOML's comments, ``code`` when already known) before any
    parser runs."""
    if fmt == "json":
        code = _JSON_STRING.sub("", text)
        return code.count(",") + code.count("[") + code.count("{") + 1
    if fmt == "toml":
        code = toml_code(text) if code is None else code
        # A comma before a closing bracket ends no value; ``[[a.b]]`` met again adds one table
        # (its name of bare keys only: a quoted part is gone from ``code``).
        extra = sum(1 for _ in _TRAILING_COMMA.finditer(code))
        seen: set[str] = set()
        for header in _TABLES_HEADER.finditer(code):
            name = header.group(1).strip()
            if _BARE_NAME.fullmatch(name):
                name = "".join(name.split())
                if name in seen:
                    extra += 1 + name.count(".")
                seen.add(name)
        return (code.count("=") + code.count(",") + code.count("[") + code.count(".")
                + 1 - extra)
    raise ValueError(f"values of {fmt!r} are counted while it is parsed")


def too_many_values(count: int | None = None, line: int | None = None,
                    path: Path = (), alias: str | None = None) -> Problem:
    """More than :data:`MAX_VALUES` values: ``count`` the estimate of JSON or TOML, or the line
    and path of the value past the limit (YAML, counted exactly; ``alias`` when one passes it)."""
    limit = _number(MAX_VALUES)
    if alias is not None:
        return Problem(path, f"tệp có quá nhiều giá trị khi mở rộng bí danh '*{alias}': cả tệp "
                             f"vượt {limit} giá trị; không dùng một neo '&' lặp lại nhiều lần "
                             "như vậy", line)
    if count is None:
        return Problem(path, f"tệp có quá nhiều giá trị (quá {limit}, kể cả các giá trị lặp lại "
                             "qua bí danh '*'); kế hoạch không cần nhiều như vậy, hãy chia thành "
                             "nhiều tệp", line)
    return Problem(path, f"tệp có quá nhiều giá trị (khoảng {_number(count)}, đếm theo dấu phẩy, "
                         f"dấu '=' và dấu ngoặc; tối đa {limit}); kế hoạch không cần nhiều như "
                         "vậy, hãy chia thành nhiều tệp", line)


def _number(value: int) -> str:
    """``250.000``: thousands separated by dots, as Vietnamese writes them."""
    return f"{value:,}".replace(",", ".")


def too_many_problems() -> Problem:
    return Problem((), f"còn lỗi khác: đã dừng sau {MAX_PROBLEMS} lỗi; sửa các lỗi trên rồi chạy "
                       "lại")


def at_most(problems: list[Problem]) -> list[Problem]:
    """The first :data:`MAX_PROBLEMS` of ``problems``, and :func:`too_many_problems` after them
    when there were more."""
    if len(problems) <= MAX_PROBLEMS:
        return problems
    return [*problems[:MAX_PROBLEMS], too_many_problems()]


def file_too_large(size: int) -> Problem:
    return Problem((), f"tệp quá lớn ({size:,} byte; tối đa {MAX_FILE_BYTES:,} byte)"
                       .replace(",", "."))


def out_of_memory(characters: int) -> Problem:
    """Reading the file needed more memory than this process may have."""
    return Problem((), f"không đủ bộ nhớ để đọc tệp ({characters:,} ký tự); hãy chia nhỏ tệp "
                       "hoặc bỏ bớt nội dung".replace(",", "."))


def too_large(line: int | None = None, path: Path = (), alias: str | None = None) -> Problem:
    """The content grows past :data:`MAX_EXPANDED_SIZE` (at ``alias``, when one is to blame)."""
    limit = f"{MAX_EXPANDED_SIZE:,}".replace(",", ".")
    if alias is not None:
        return Problem(path, f"nội dung quá lớn khi mở rộng bí danh '*{alias}': cả tệp vượt "
                             f"{limit} ký tự; không dùng một neo '&' lặp lại nhiều lần như vậy",
                       line)
    return Problem(path, f"nội dung tệp quá lớn (vượt {limit} ký tự)", line)


def too_deep(line: int | None = None, path: Path = ()) -> Problem:
    return Problem(path, f"dữ liệu lồng nhau quá sâu (quá {MAX_DEPTH} cấp danh sách và khóa); "
                         "kế hoạch không cần nhiều cấp như vậy", line)


def too_many_digits(digits: int, line: int | None = None, path: Path = ()) -> Problem:
    return Problem(path, f"số quá dài ({digits} chữ số; tối đa {MAX_INT_DIGITS}); nếu đây là "
                         "một dãy ký tự thì đặt trong dấu ngoặc kép (\"…\")", line)


def digits_of(text: str) -> int:
    """Digits in a number as written (``-1_000`` → 4)."""
    return sum(c.isdigit() for c in text)


def check_data(data: Any, text_length: int, long_digits: bool = True) -> list[Problem]:
    """Problems of plain data parsed from JSON or TOML text: size, depth, numbers.

    JSON and TOML share no values, so their content is never larger than their text: the size
    is counted only for a text longer than the limit. The depth is found level by level, without
    paths (the path of a value too deep is looked up once one is found); the numbers are looked
    at only when ``long_digits`` says the text has a long enough run of digits.
    """
    if text_length > MAX_EXPANDED_SIZE and _size(data) > MAX_EXPANDED_SIZE:
        return [too_large()]
    level = [data] if data.__class__ in _CONTAINERS else []
    depth = 0
    while level:
        depth += 1
        if depth > MAX_DEPTH:
            return [too_deep(path=_path_to(data, level[0]))]
        level = [v for c in level for v in (c.values() if c.__class__ is dict else c)
                 if v.__class__ in _CONTAINERS]
    if not long_digits:
        return []
    return [too_many_digits(decimal_digits(value), path=path) for path, value in _walk(data)
            if value.__class__ is int and value.bit_length() > 332  # 10**100 < 2**333
            and decimal_digits(value) > MAX_INT_DIGITS]


def decimal_digits(value: int) -> int:
    """Decimal digits of a whole number, without writing it in decimal past Python's limit of
    4 300 digits (a TOML ``0x…`` number is read whatever its length): from its bits then."""
    bits = abs(value).bit_length()
    if bits < 14_000:  # about 4 200 decimal digits
        return len(str(abs(value)))
    return int(bits * 0.30102999566398120) + 1


_CONTAINERS = (dict, list)


def _walk(data: Any) -> Iterator[tuple[Path, Any]]:
    """``(path, value)`` of every value, depth first."""
    stack: list[tuple[Path, Any]] = [((), data)]
    while stack:
        path, value = stack.pop()
        yield path, value
        if value.__class__ is dict:
            stack.extend(((*path, str(k)), v) for k, v in value.items())
        elif value.__class__ is list:
            stack.extend(((*path, i), v) for i, v in enumerate(value))


def _size(data: Any) -> int:
    """Characters of text plus one per value, keys counted as text (as YAML counts them)."""
    total = 0
    for _, value in _walk(data):
        total += 1
        if value.__class__ is str:
            total += len(value)
        elif value.__class__ is dict:
            total += sum(1 + len(str(key)) for key in value)
    return total


def _path_to(data: Any, target: Any) -> Path:
    return next((path for path, value in _walk(data) if value is target), ())


def bracket_depths(text: str, quotes: str = "\"") -> Iterator[tuple[int, int]]:
    """``(position, depth)`` at each ``[`` and ``{`` of JSON or TOML text, outside strings.

    Used only to find where a file nests too deep once its parser gave up: a plain scan, not a
    parser (TOML's ``'literal'`` strings are skipped when ``quotes`` holds ``'``).
    """
    depth = 0
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in quotes:
            i += 1
            while i < n and text[i] != c:
                i += 2 if text[i] == "\\" and c == "\"" else 1
        elif c == "#" and "'" in quotes:  # a TOML comment
            while i < n and text[i] != "\n":
                i += 1
        elif c in "[{":
            depth += 1
            yield i, depth
        elif c in "]}":
            depth -= 1
        i += 1
