"""Định dạng tệp: YAML, TOML and JSON text to plain data and back.

Reading never raises on a bad file: it returns the problems (not UTF-8, a binary file, an
empty file, a syntax error with its line, a key written twice). YAML is read in the manner of
YAML 1.2, which suits a clerk: ``no`` and ``on`` stay words, ``010`` is ten, and only ``true``
and ``false`` are true and false. The YAML node tree is kept so a problem's path in the data
can be turned into the line it is on (:class:`YamlLines`).
"""

from __future__ import annotations

import datetime as _dt
import json
import re
import tomllib
from collections.abc import Callable
from pathlib import Path as FilePath
from typing import Any

import attrs
import yaml
import yaml.constructor
import yaml.nodes
import yaml.resolver
from yaml.emitter import Emitter
from yaml.representer import SafeRepresenter
from yaml.serializer import Serializer

from kehoach.data.problems import Path, Problem

FORMATS = ("yaml", "toml", "json")
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json"}


def format_of(path: str | FilePath) -> str | None:
    """``yaml``, ``toml`` or ``json`` from a file name, or ``None``."""
    return _SUFFIXES.get(FilePath(path).suffix.lower())


@attrs.frozen
class Parsed:
    """Dữ liệu đọc được: the plain data of a file, a way to find lines, and any problems."""

    data: Any
    lines: Callable[[Path], int | None] = lambda path: None
    problems: tuple[Problem, ...] = ()


# --------------------------------------------------------------------------------------------
# Bytes to text

_BINARY = {b"PK\x03\x04": "một tệp nén (.docx, .xlsx hoặc .zip)", b"%PDF": "một tệp PDF",
           b"\xd0\xcf\x11\xe0": "một tệp Word/Excel cũ (.doc, .xls)"}


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """The text of a file (UTF-8, with or without BOM, or UTF-16 with BOM), or a problem."""
    for magic, what in _BINARY.items():
        if raw.startswith(magic):
            return None, Problem((), f"đây là {what}, không phải tệp dữ liệu kế hoạch "
                                     "(YAML, TOML hoặc JSON)")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode", PowerShell's ">"
        try:
            return raw.decode("utf-16"), None
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw:
        return None, Problem((), "đây là tệp nhị phân, không phải tệp văn bản; tệp dữ liệu kế "
                                 "hoạch là tệp chữ (YAML, TOML hoặc JSON)")
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, Problem((), f"tệp không dùng bảng mã UTF-8 (byte 0x{raw[error.start]:02X} "
                                 "không đọc được); mở tệp và lưu lại với bảng mã UTF-8", line)


def parse(raw: bytes | str, fmt: str) -> Parsed:
    """Plain data from the bytes (or text) of a ``yaml``, ``toml`` or ``json`` file."""
    if isinstance(raw, bytes):
        text, problem = decode(raw)
        if problem is not None:
            return Parsed(None, problems=(problem,))
    else:
        text = raw
    if not text.strip():
        return Parsed(None, problems=(_empty(),))
    reader = {"yaml": _parse_yaml, "toml": _parse_toml, "json": _parse_json}[fmt]
    parsed = reader(text)
    if parsed.data is None and not parsed.problems:
        return Parsed(None, problems=(_empty(),))
    return parsed


def _empty() -> Problem:
    return Problem((), "tệp trống, chưa có nội dung kế hoạch (lệnh `kehoach new` in ra một "
                       "kế hoạch mẫu để điền)")


# --------------------------------------------------------------------------------------------
# YAML


class _Resolver(yaml.resolver.BaseResolver):
    """Implicit types in the manner of YAML 1.2 (core schema), plus dates."""


for _tag, _regexp, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^[-+]?[0-9]+$", "-+0123456789"),
    ("float", r"^[-+]?(?:[0-9]+\.[0-9]*|\.[0-9]+)(?:[eE][-+][0-9]+)?$", "-+0123456789."),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("timestamp", r"^[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
                  r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
                  r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?$", "0123456789"),
    ("merge", r"^(?:<<)$", "<"),
):
    _Resolver.add_implicit_resolver(f"tag:yaml.org,2002:{_tag}", re.compile(_regexp), list(_first))


class _Constructor(yaml.constructor.SafeConstructor):
    def construct_yaml_int(self, node: yaml.nodes.ScalarNode) -> int:
        return int(self.construct_scalar(node))  # decimal: "010" is ten, not eight

    def construct_yaml_timestamp(self, node: yaml.nodes.ScalarNode) -> object:
        try:
            return super().construct_yaml_timestamp(node)
        except ValueError:  # 2024-13-01: kept as text, for the date's check to explain
            return self.construct_scalar(node)


_Constructor.add_constructor("tag:yaml.org,2002:int", _Constructor.construct_yaml_int)
_Constructor.add_constructor("tag:yaml.org,2002:timestamp",
                             _Constructor.construct_yaml_timestamp)

try:
    from yaml.cyaml import (
        CParser as _Parser,  # libyaml: several times faster on large plans
    )
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


class _Loader(_Parser, _Constructor, _Resolver):
    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        _Constructor.__init__(self)
        _Resolver.__init__(self)


def libyaml() -> bool:
    """Whether YAML is parsed by libyaml (C) rather than PyYAML's pure-Python parser."""
    return _Parser.__module__ == "yaml._yaml"


#: PyYAML's words for common mistakes, and what a clerk should do.
_YAML_HINTS = (
    ("mapping values are not allowed", "dấu ':' không đúng chỗ; nếu nội dung có dấu hai chấm "
     "(như 'Tiêu chí số 17 - Môi trường:') thì đặt cả nội dung trong dấu ngoặc kép \"…\""),
    ("cannot start any token", "có ký tự không được đứng đầu giá trị (thường là phím Tab hoặc "
     "'@', '`'); thụt lề bằng dấu cách, và đặt nội dung trong dấu ngoặc kép \"…\""),
    ("could not find expected ':'", "thiếu dấu ':' sau tên khóa, hoặc một dòng thụt lề sai"),
    ("did not find expected key", "thụt lề không đều: các khóa cùng cấp phải thẳng hàng"),
    ("did not find expected '-' indicator", "thụt lề không đều trong danh sách: các dòng '- ' "
     "cùng cấp phải thẳng hàng"),
    ("found duplicate anchor", "tên neo '&' bị dùng hai lần"),
    ("expected a single document", "tệp chỉ được chứa một kế hoạch (bỏ dòng '---' ở giữa)"),
    ("found unexpected end of stream", "thiếu dấu ngoặc kép đóng (\") ở cuối nội dung"),
    ("while scanning a quoted scalar", "thiếu dấu ngoặc kép đóng (\") ở cuối nội dung"),
)


def _yaml_problem(error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    if "quoted scalar" in (getattr(error, "context", None) or ""):
        mark = error.context_mark  # where the unclosed quote opens, not the end of the file
    line = mark.line + 1 if mark is not None else None
    said = " ".join(filter(None, (getattr(error, "context", None),
                                  getattr(error, "problem", None)))) or str(error)
    for clue, hint in _YAML_HINTS:
        if clue in said:
            return Problem((), f"lỗi cú pháp YAML: {hint}", line)
    return Problem((), f"lỗi cú pháp YAML: {said}", line)


def _parse_yaml(text: str) -> Parsed:
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return Parsed(None)
        data = loader.construct_document(node)
    except yaml.YAMLError as error:
        return Parsed(None, problems=(_yaml_problem(error),))
    finally:
        loader.dispose()
    lines = YamlLines(node)
    return Parsed(data, lines, tuple(lines.duplicates()))


class YamlLines:
    """Số dòng: finds the line of a path in a YAML node tree (the key's line for a key)."""

    def __init__(self, root: yaml.nodes.Node) -> None:
        self.root = root

    def __call__(self, path: Path) -> int | None:
        node, line = self.root, None
        for seg in path:
            if isinstance(node, yaml.nodes.MappingNode) and isinstance(seg, str):
                pairs = [(k, v) for k, v in node.value if _key(k) == seg]
                if not pairs:
                    break
                key, node = pairs[-1]
                line = key.start_mark.line + 1
            elif (isinstance(node, yaml.nodes.SequenceNode) and isinstance(seg, int)
                    and 0 <= seg < len(node.value)):
                node = node.value[seg]
                line = node.start_mark.line + 1
            else:  # past the data (a missing key, a short form): the line of the last found
                break
        if line is None:
            line = node.start_mark.line + 1 if path else None
        return line

    def duplicates(self) -> list[Problem]:
        """A key written twice in one mapping (YAML would silently keep the last)."""
        out = []
        stack: list[tuple[yaml.nodes.Node, Path]] = [(self.root, ())]
        while stack:
            node, path = stack.pop()
            if isinstance(node, yaml.nodes.MappingNode):
                seen: dict[str, int] = {}
                for key, value in node.value:
                    name = _key(key)
                    line = key.start_mark.line + 1
                    if name in seen:
                        out.append(Problem((*path, name), f"khóa '{name}' được ghi hai lần (lần "
                                           f"đầu ở dòng {seen[name]}); xóa một trong hai", line))
                    else:
                        seen[name] = line
                    stack.append((value, (*path, name)))
            elif isinstance(node, yaml.nodes.SequenceNode):
                stack.extend((child, (*path, i)) for i, child in enumerate(node.value))
        return sorted(out, key=lambda p: p.line or 0)


def _key(node: yaml.nodes.Node) -> str:
    return node.value if isinstance(node, yaml.nodes.ScalarNode) else "?"


# --------------------------------------------------------------------------------------------
# TOML and JSON


def _parse_toml(text: str) -> Parsed:
    try:
        return Parsed(tomllib.loads(text))
    except tomllib.TOMLDecodeError as error:
        said = str(error)
        match = re.search(r"\(at line (\d+), column \d+\)", said)
        line = int(match.group(1)) if match else None
        if "(at end of document)" in said:
            line = text.rstrip("\n").count("\n") + 1
        said = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", said)
        return Parsed(None, problems=(Problem((), f"lỗi cú pháp TOML: {said}", line),))


def _parse_json(text: str) -> Parsed:
    try:
        return Parsed(json.loads(text))
    except json.JSONDecodeError as error:
        return Parsed(None, problems=(Problem((), f"lỗi cú pháp JSON: {error.msg} (cột "
                                                  f"{error.colno})", error.lineno),))


# --------------------------------------------------------------------------------------------
# Writing


class _Dumper(Emitter, Serializer, SafeRepresenter, _Resolver):
    """PyYAML's SafeDumper with the loader's resolver (so text that would read back as a
    number or a date is quoted), lists indented under their key, and text of several lines
    written as a ``|`` block."""

    def __init__(self, stream: Any, *, default_flow_style: bool | None = False,
                 width: int | None = None, allow_unicode: bool | None = None,
                 sort_keys: bool = True, **_: Any) -> None:
        Emitter.__init__(self, stream, width=width, allow_unicode=allow_unicode)
        Serializer.__init__(self)
        SafeRepresenter.__init__(self, default_flow_style=default_flow_style,
                                 sort_keys=sort_keys)
        _Resolver.__init__(self)

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)

    def represent_str(self, data: str) -> yaml.nodes.ScalarNode:
        return self.represent_scalar("tag:yaml.org,2002:str", data,
                                     style="|" if "\n" in data else None)


_Dumper.add_representer(str, _Dumper.represent_str)


def write(data: Any, fmt: str) -> str:
    """YAML, TOML or JSON text of plain data (from :func:`~kehoach.data.unstructure`)."""
    if fmt == "yaml":
        return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
    if fmt == "toml":
        import tomli_w

        return tomli_w.dumps(data)
    if fmt == "json":
        return json.dumps(data, ensure_ascii=False, indent=2, default=_json_default) + "\n"
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def _json_default(value: object) -> object:
    if isinstance(value, _dt.date):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON data")
