"""Định dạng tệp: YAML, TOML and JSON text to plain data and back.

Reading never raises on a bad file: it returns the problems (too large, not UTF-8, a binary
file, an empty file, a syntax error, a raw control character, a key written twice, content past
a limit of :mod:`kehoach.data.limits`), each in Vietnamese with its line and, where the parser
got that far, its field. :mod:`kehoach.data.yaml_reader` reads YAML,
:mod:`kehoach.data.json_toml_reader` JSON and TOML.
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path as FilePath
from typing import Any

import attrs
import yaml
import yaml.nodes
from yaml.emitter import Emitter
from yaml.representer import SafeRepresenter
from yaml.serializer import Serializer

from kehoach.data import limits
from kehoach.data.json_toml_reader import parse_json, parse_toml
from kehoach.data.locate import JsonLocator, TomlLocator
from kehoach.data.problems import Parsed, Path, Problem
from kehoach.data.yaml_reader import Resolver, YamlLines, libyaml, parse_yaml, yaml_path_at

__all__ = ["FORMATS", "Parsed", "YamlLines", "decode", "format_of", "libyaml", "parse", "write"]

FORMATS = ("yaml", "toml", "json")
_SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".toml": "toml", ".json": "json"}


def format_of(path: str | FilePath) -> str | None:
    """``yaml``, ``toml`` or ``json`` from a file name, or ``None``."""
    return _SUFFIXES.get(FilePath(path).suffix.lower())


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
    if len(raw) > limits.MAX_FILE_BYTES:
        return Parsed(None, problems=(limits.file_too_large(len(raw)),))
    if isinstance(raw, bytes):
        text, problem = decode(raw)
        if problem is not None:
            if problem.line is not None:  # a byte that is not UTF-8: in which field?
                problem = attrs.evolve(problem, path=_field_of_byte(raw, fmt, problem.line))
            return Parsed(None, problems=(problem,))
    else:
        text = raw
    if not text.strip():
        return Parsed(None, problems=(_empty(),))
    reader = {"yaml": parse_yaml, "toml": parse_toml, "json": parse_json}[fmt]
    try:
        parsed = reader(text)
    except MemoryError:  # a machine short of memory (or a process limited): said, not raised
        return Parsed(None, problems=(limits.out_of_memory(len(text)),))
    if parsed.data is None and not parsed.problems:
        return Parsed(None, problems=(_empty(),))
    return parsed


def _field_of_byte(raw: bytes, fmt: str, line: int) -> Path:
    """The field holding the first byte that is not UTF-8, read as far as the file goes with
    the bad bytes replaced (``()`` when that tells nothing)."""
    start = 0
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        start = error.start
    text = raw.decode("utf-8-sig", errors="replace")
    offset = len(raw[:start].decode("utf-8-sig", errors="replace"))
    column = offset - text.rfind("\n", 0, offset)
    try:
        if fmt == "yaml":
            return yaml_path_at(text, line, column)
        if fmt == "json":
            return JsonLocator(text).place(offset + 1)[0]
        return TomlLocator(text).at_line(line)
    except Exception:  # noqa: BLE001 - a hint only: the problem stands without it
        return ()


def _empty() -> Problem:
    return Problem((), "tệp trống, chưa có nội dung kế hoạch (lệnh `kehoach new` in ra một "
                       "kế hoạch mẫu để điền)")


# --------------------------------------------------------------------------------------------
# Writing


class _Dumper(Emitter, Serializer, SafeRepresenter, Resolver):
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
        Resolver.__init__(self)

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
