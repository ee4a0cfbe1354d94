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

from collections.abc import Iterator
from typing import Any

from kehoach.data.problems import Path, Problem

#: Bytes a data file may have; a larger file is refused before it is read.
MAX_FILE_BYTES = 10_000_000
#: Values a data file may hold, counted before it is parsed from what separates them: its
#: lines, commas, opening brackets and YAML's ``- `` (a count never below the values, as every
#: value but the first needs one of them). Parsing costs time and memory per value (YAML's
#: node tree some 400 bytes each, JSON's line scan and TOML's parser a few µs each): this is
#: what keeps a file of tiny values (``[1,1,1,…]``, a line ``- a`` repeated) to seconds.
MAX_VALUES = 250_000
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


def values_in(text: str) -> int:
    """At least the number of values in ``text`` (see :data:`MAX_VALUES`), counted in C."""
    return (text.count("\n") + text.count(",") + text.count("[") + text.count("{")
            + text.count("- ") + 1)


def too_many_values(count: int) -> Problem:
    return Problem((), f"tệp có quá nhiều giá trị (khoảng {count:,} dòng, dấu phẩy, ngoặc và "
                       f"gạch đầu dòng; tối đa {MAX_VALUES:,}); kế hoạch không cần nhiều như vậy, "
                       "hãy chia thành nhiều tệp".replace(",", "."))


def too_many_problems() -> Problem:
    return Problem((), f"còn lỗi khác: đã dừng sau {MAX_PROBLEMS} lỗi; sửa các lỗi trên rồi chạy "
                       "lại")


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
