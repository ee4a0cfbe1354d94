"""Tìm dòng: the line of a place in a JSON or TOML file, and the place at a line.

Python's JSON and TOML readers give plain data without positions. When a problem needs a line
(a wrong field, a key written twice, a syntax error's field), the text is scanned once more by
the small tokenizers below, which record the line of every key and list item. They are not
parsers: they follow the brackets and keys of a file that the real parser has read (or read up
to its error), and a file they cannot follow gives fewer lines, never an error. They run only
when a problem needs them.
"""

from __future__ import annotations

import bisect
import json
import re
from collections.abc import Iterator

from kehoach.data.problems import Path


class _Lines:
    """Line numbers (from 1) of character offsets in a text."""

    def __init__(self, text: str) -> None:
        self._starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, offset: int) -> int:
        return bisect.bisect_right(self._starts, offset)

    def column(self, offset: int) -> int:
        return offset - self._starts[self(offset) - 1] + 1


class PathLines:
    """Path → line, with the longest known prefix standing in for a path past the data."""

    def __init__(self) -> None:
        self.lines: dict[Path, list[int]] = {}

    def add(self, path: Path, line: int) -> None:
        self.lines.setdefault(path, []).append(line)

    def __call__(self, path: Path) -> int | None:
        for end in range(len(path), -1, -1):
            found = self.lines.get(tuple(path[:end]))
            if found:
                return found[-1]  # a key written twice: the value kept is the last
        return None


# --------------------------------------------------------------------------------------------
# JSON

# A string as one run of plain characters between escapes ("unrolled"): ``(?:[^"\\]|\\.)*``
# pushed one backtracking frame per character, 1.2 GB for a string of 10 million.
_JSON_TOKEN = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"?|[\[\]{}:,]|[^\s\[\]{}:,"]+', re.S)


class JsonLocator(PathLines):
    """Lines of the keys and list items of a JSON text (read lazily, on the first question)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self._scanned = False
        self.duplicates: list[tuple[Path, int, int]] = []
        """``(path, first line, line)`` of each key written twice in one object."""

    def __call__(self, path: Path) -> int | None:
        self.scan()
        return super().__call__(path)

    def scan(self) -> None:
        if not self._scanned:
            self._scanned = True
            for _ in self.walk(record=True):
                pass

    def walk(self, *, record: bool = False) -> Iterator[tuple[int, Path, int, str]]:
        """``(offset, path, depth, token)`` for each token; ``record`` keeps the lines.

        ``path`` is the place the token belongs to: a key's own path, a value's path.
        """
        line_of = _Lines(self.text)
        # Each open container: [is_object, path, expecting_key, key or index, keys seen]
        stack: list[list] = []
        for match in _JSON_TOKEN.finditer(self.text):
            token, offset = match.group(), match.start()
            top = stack[-1] if stack else None
            if token in ",:":
                if top is None:
                    yield offset, (), 0, token
                    continue
                if token == ",":
                    top[2] = top[0]  # an object expects a key again
                    yield offset, top[1], len(stack), token
                else:  # between a key and its value: the key's place
                    yield offset, (*top[1], top[3]) if top[0] else top[1], len(stack), token
                continue
            if token in "]}":
                if stack:
                    stack.pop()
                yield offset, top[1] if top else (), len(stack), token
                continue
            if top is not None and top[0] and top[2]:  # a key
                try:
                    key = json.loads(token)
                except ValueError:
                    key = token.strip('"')
                path = (*top[1], key)
                if record:
                    line = line_of(offset)
                    seen = top[4]
                    if key in seen:
                        self.duplicates.append((path, seen[key], line))
                    else:
                        seen[key] = line
                    self.add(path, line)
                top[2], top[3] = False, key
                yield offset, path, len(stack), token
                continue
            # A value
            if top is None:
                path: Path = ()
            elif top[0]:
                path = (*top[1], top[3])
            else:
                top[3] += 1
                path = (*top[1], top[3])
                if record:
                    self.add(path, line_of(offset))
            if token in "[{":
                stack.append([token == "{", path, token == "{", -1, {}])
            yield offset, path, len(stack), token

    def place(self, offset: int) -> tuple[Path, int]:
        """The path and depth at a character offset (the error of a parser that gave up there)."""
        path: Path = ()
        depth = 0
        for at, path_here, depth_here, _ in self.walk():
            if at >= offset:
                break
            path, depth = path_here, depth_here
        return path, depth

    def first_past(self, depth: int) -> tuple[int, Path] | None:
        """Offset and path of the first bracket that opens level ``depth + 1``."""
        for at, path, level, token in self.walk():
            if token in "[{" and level > depth:
                return at, path
        return None

    def first_long_number(self, digits: int) -> tuple[int, Path] | None:
        """Offset and path of the first number with more than ``digits`` digits."""
        for at, path, _, token in self.walk():
            if token[:1] in "-0123456789" and sum(c.isdigit() for c in token) > digits:
                return at, path
        return None

    def line(self, offset: int) -> int:
        return _Lines(self.text)(offset)


# --------------------------------------------------------------------------------------------
# TOML

_TOML_BARE = r"[A-Za-z0-9_-]+"
_TOML_KEY_PART = rf'(?:{_TOML_BARE}|"(?:[^"\\]|\\.)*"|\'[^\']*\')'
_TOML_KEY = rf"{_TOML_KEY_PART}(?:\s*\.\s*{_TOML_KEY_PART})*"
_TOML_HEADER = re.compile(rf"^\s*(\[\[?)\s*({_TOML_KEY})\s*\]\]?")
_TOML_ASSIGN = re.compile(rf"^\s*({_TOML_KEY})\s*=")
_TOML_PART = re.compile(_TOML_KEY_PART)


def _toml_key(text: str) -> tuple[str, ...]:
    parts = []
    for part in _TOML_PART.findall(text):
        if part.startswith('"'):
            try:
                part = json.loads(part)
            except ValueError:
                part = part[1:-1]
        elif part.startswith("'"):
            part = part[1:-1]
        parts.append(part)
    return tuple(parts)


class TomlLocator(PathLines):
    """Lines of the tables and keys of a TOML text, line by line.

    Follows ``[table]`` and ``[[array of tables]]`` headers (counting each array's items) and
    ``key = value`` lines; a value spread over several lines (a multi-line string or array) is
    skipped, and a place inside it gets the line of its key.
    """

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text
        self._scanned = False
        self._at_line: list[Path] = []

    def __call__(self, path: Path) -> int | None:
        self.scan()
        return super().__call__(path)

    def scan(self) -> None:
        if self._scanned:
            return
        self._scanned = True
        table: Path = ()
        counts: dict[tuple[str, ...], int] = {}
        open_string: str | None = None  # the quotes of a multi-line string being skipped
        brackets = 0  # open [ or { of a value spread over lines
        array: Path | None = None  # the key of an array spread over lines, and its next item
        item = 0
        for number, line in enumerate(self.text.split("\n"), start=1):
            here = table
            if open_string is not None:
                if line.count(open_string) % 2 == 1:
                    open_string = None
            elif brackets > 0:
                if brackets == 1 and array is not None:  # a line of the array's own items
                    for start in _items_starting(line):
                        self.add((*array, item + start), number)
                        here = (*array, item + start)
                    item += _commas(line)
                brackets += _balance(line)
            elif header := _TOML_HEADER.match(line):
                keys = _toml_key(header.group(2))
                if header.group(1) == "[[":
                    index = counts.get(keys, -1) + 1
                    counts[keys] = index
                    # Deeper arrays of tables restart under a new item of their parent.
                    for other in [k for k in counts if k[:len(keys)] == keys and k != keys]:
                        del counts[other]
                    table = self._resolve(keys, counts, last_is_item=True)
                else:
                    table = self._resolve(keys, counts, last_is_item=False)
                here = table
                self._add_with_tables(table, len(table) - len(keys), number)
            elif assign := _TOML_ASSIGN.match(line):
                here = (*table, *_toml_key(assign.group(1)))
                self._add_with_tables(here, len(table), number)
                rest = line[assign.end():]
                for quotes in ('"""', "'''"):
                    if rest.count(quotes) % 2 == 1:
                        open_string = quotes
                        break
                else:
                    brackets = max(0, _balance(rest))
                    opened = rest.lstrip()
                    array, item = (here, 0) if brackets == 1 and opened.startswith("[") \
                        else (None, 0)
                    if array is not None:  # items after "[" on the key's own line
                        inner = opened[1:]
                        for start in _items_starting(inner):
                            self.add((*array, start), number)
                        item = _commas(inner)
            self._at_line.append(here)

    def _add_with_tables(self, path: Path, known: int, line: int) -> None:
        """The line of ``path``, and of the tables its dotted key makes (``a.b = 1`` makes
        ``a``) past the ``known`` first parts, where no line says where they start."""
        for end in range(max(known, 1), len(path)):
            if path[:end] not in self.lines:
                self.add(path[:end], line)
        self.add(path, line)

    @staticmethod
    def _resolve(keys: tuple[str, ...], counts: dict[tuple[str, ...], int],
                 *, last_is_item: bool) -> Path:
        """``parts.children`` → ``("parts", 3, "children", 0)`` with the current item indexes."""
        path: list[str | int] = []
        for end in range(1, len(keys) + 1):
            path.append(keys[end - 1])
            prefix = keys[:end]
            if prefix in counts and (end < len(keys) or last_is_item):
                path.append(counts[prefix])
        return tuple(path)

    def at_line(self, line: int | None) -> Path:
        """The table or key a line belongs to (the place of a syntax error on that line)."""
        self.scan()
        if line is None or not self._at_line:
            return ()
        return self._at_line[min(line, len(self._at_line)) - 1]


def _code(text: str) -> Iterator[tuple[int, str]]:
    """``(index, char)`` of a TOML value line's characters outside strings (a string's opening
    quote stands for it), up to a comment."""
    quote = None
    i = 0
    while i < len(text):
        c = text[i]
        if quote:
            if c == "\\" and quote == '"':
                i += 1
            elif c == quote:
                quote = None
        elif c == "#":
            return
        else:
            if c in "\"'":
                quote = c
            yield i, c
        i += 1


def _top_level(text: str) -> Iterator[tuple[int, str]]:
    """``(index, char)`` of a TOML value line's characters at its own bracket depth 0, outside
    strings, up to a comment (and up to a bracket closing what the line did not open)."""
    depth = 0
    for i, c in _code(text):
        if c in "[{":
            if depth == 0:
                yield i, c
            depth += 1
        elif c in "]}":
            depth -= 1
            if depth < 0:
                yield i, c
                return
        elif depth == 0:
            yield i, c


def _commas(text: str) -> int:
    """The items a line of an array's items ends (its commas at depth 0)."""
    return sum(1 for _, c in _top_level(text) if c == ",")


def _items_starting(text: str) -> list[int]:
    """For each item that starts on a line of an array's items, its offset from the first
    (0 for one that starts the line, 1 after one comma …)."""
    out = []
    commas = 0
    expecting = True
    for _, c in _top_level(text):
        if c == ",":
            commas += 1
            expecting = True
        elif c in "]}":
            break
        elif not c.isspace() and expecting:
            out.append(commas)
            expecting = False
    return out


def _balance(text: str) -> int:
    """Open minus closed brackets of a TOML value's text, outside strings and comments."""
    return sum((c in "[{") - (c in "]}") for _, c in _code(text))
