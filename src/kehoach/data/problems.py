"""Lỗi trong tệp dữ liệu: the problems found in a plan file, each with where it is."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import attrs

from kehoach.errors import KehoachError

Path = tuple[str | int, ...]
"""A place in the data: keys and list indexes from the top (``("parts", 2, "title")``)."""


def format_path(path: Sequence[str | int]) -> str:
    """``("parts", 2, "children", 3, "title")`` → ``parts[2].children[3].title``."""
    out = ""
    for seg in path:
        out += f"[{seg}]" if isinstance(seg, int) else (f".{seg}" if out else str(seg))
    return out


_SEGMENT = re.compile(r"\.?([^.\[\]]+)|\[(\d+)\]")


def parse_path(text: str) -> Path:
    """``parts[2].title`` → ``("parts", 2, "title")``; the inverse of :func:`format_path`."""
    return tuple(int(i) if i else key for key, i in _SEGMENT.findall(text))


@attrs.frozen
class Problem:
    """Một lỗi: what is wrong (in Vietnamese), at which path of the data, on which line."""

    path: Path
    message: str
    line: int | None = None
    """Line in the file, counted from 1 (YAML files, and syntax errors of any format)."""

    @property
    def where(self) -> str:
        return format_path(self.path)

    def describe(self, source: str = "") -> str:
        """``ke_hoach.yaml:12: parts[0].title: không được để trống``."""
        place = source + (f":{self.line}" if self.line is not None else "")
        parts = [p for p in (place, self.where) if p]
        return ": ".join([*parts, self.message])

    def __str__(self) -> str:
        return self.describe()


@attrs.frozen
class Parsed:
    """Dữ liệu đọc được: the plain data of a file, a way to find lines, and any problems.

    ``data`` is ``None`` when a problem stops the reading; ``lines`` turns a path in the data
    into the line it is on.
    """

    data: Any
    lines: Callable[[Path], int | None] = lambda path: None
    problems: tuple[Problem, ...] = ()


def control_character(char: str, column: int | None = None) -> str:
    """The message for a character a data file may not hold raw (U+000B pasted from a PDF)."""
    where = f" ở cột {column}" if column is not None else ""
    return (f"có ký tự điều khiển U+{ord(char):04X}{where}, không dùng được trong văn bản "
            "(thường do sao chép từ PDF hoặc Word); xóa ký tự này, hoặc gõ lại đoạn đó")


class PlanFileError(KehoachError, ValueError):
    """Tệp dữ liệu có lỗi: a plan file that cannot be read, with every problem found in it."""

    def __init__(self, problems: Iterable[Problem], source: str = "") -> None:
        self.problems = list(problems)
        self.source = source
        super().__init__(self.report())

    def report(self, limit: int | None = None) -> str:
        """One problem a line; past ``limit`` lines, a count of the rest."""
        shown = self.problems if limit is None else self.problems[:limit]
        lines = [p.describe(self.source) for p in shown]
        if len(self.problems) > len(shown):
            lines.append(f"… và {len(self.problems) - len(shown)} lỗi khác")
        return "\n".join(lines)
