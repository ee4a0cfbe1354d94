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
import re
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


def _utf16_without_bom(raw: bytes) -> str | None:
    """A UTF-16 file saved without its byte order mark (some editors' "Unicode"), read by the
    zero bytes that text in Latin letters has on every other byte; else ``None``."""
    if len(raw) < 4 or len(raw) % 2:
        return None
    sample = raw[:4096]
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    for codec, zeros, others in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        if zeros >= half * 0.3 and others <= half * 0.02:
            try:
                text = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            if "\x00" not in text:
                return text
    return None


def _code_page_tables() -> tuple[tuple[str, dict[str, int]], ...]:
    """For each code page a UTF-8 file is wrongly read in on Windows, character → byte:
    the OEM pages of a console (437, 850) and the ANSI pages (1252, 1258); bytes a page leaves
    undefined stand for themselves, as Windows reads them."""
    tables = []
    for codec in ("cp437", "cp850", "cp1252", "cp1258"):
        table = {}
        for byte in range(0x80, 0x100):
            try:
                char = bytes([byte]).decode(codec)
            except UnicodeDecodeError:
                char = chr(byte)
            table[char] = byte
        tables.append((codec, table))
    return tuple(tables)


_NON_ASCII = re.compile(r"[^\x00-\x7f]+")


def mojibake(text: str) -> tuple[int, str, str, str] | None:
    """Vietnamese written in UTF-8 then read in a Windows code page and saved again (PowerShell
    5's ``kehoach new > ke_hoach.yaml`` reads the bytes in the console's code page): ``(line,
    what is in the file, what it was, the code page)`` of the first such word, or ``None``.

    Each run of non-ASCII characters is turned back into the bytes of the code page; when
    those bytes are UTF-8 for letters outside the code page (Vietnamese ones), the run is
    mojibake. Genuine Vietnamese does not turn back (``ủ`` is in no such code page)."""
    runs = [m for _, m in zip(range(200), _NON_ASCII.finditer(text))]
    if not runs:
        return None
    best = None  # (words it explains, code page, its table, the first word)
    for codec, table in _code_page_tables():
        garbled = []
        for match in runs:
            try:
                word = bytes(table[c] for c in match.group()).decode("utf-8")
            except (KeyError, UnicodeDecodeError):
                continue
            if any(c not in table for c in word):
                garbled.append(match)
        if garbled and (best is None or len(garbled) > best[0]):
            best = (len(garbled), codec, table, garbled[0])
    # Two such words, or one in a file with no other (a file partly typed again is broken
    # all the same); a single odd sequence among real Vietnamese is left alone.
    if best is None or (best[0] < 2 and len(runs) > 1):
        return None
    _, codec, table, match = best
    line = text.count("\n", 0, match.start()) + 1
    # The whole word around it, as written and as it was ("Kß║╛" → "KẾ").
    start = max(text.rfind(c, 0, match.start()) for c in " \n\t\"'") + 1
    ends = [i for i in (text.find(c, match.end()) for c in " \n\t\"'") if i >= 0]
    seen = text[start:min(ends, default=len(text))]
    meant = _NON_ASCII.sub(lambda m: _back(m.group(), table), seen)
    return line, seen, meant, codec


def _back(run: str, table: dict[str, int]) -> str:
    try:
        return bytes(table[c] for c in run).decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run


def decode(raw: bytes) -> tuple[str | None, Problem | None]:
    """The text of a file (UTF-8, with or without BOM, or UTF-16 with or without BOM), or a
    problem: a binary file, a byte not in UTF-8, Vietnamese garbled by a code page."""
    for magic, what in _BINARY.items():
        if raw.startswith(magic):
            return None, Problem((), f"đây là {what}, không phải tệp dữ liệu kế hoạch "
                                     "(YAML, TOML hoặc JSON)")
    text = None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode", PowerShell's ">"
        try:
            text = raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if text is None and b"\x00" in raw:
        text = _utf16_without_bom(raw)
    if text is not None:
        return text, _garbled(text)
    if b"\x00" in raw:
        stray = _stray_nul(raw)
        if stray is not None:
            return None, stray
        return None, Problem((), "đây là tệp nhị phân, không phải tệp văn bản; tệp dữ liệu kế "
                                 "hoạch là tệp chữ (YAML, TOML hoặc JSON)")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        return None, Problem((), f"tệp không dùng bảng mã UTF-8 (byte 0x{raw[error.start]:02X} "
                                 "không đọc được); mở tệp và lưu lại với bảng mã UTF-8", line)
    return text, _garbled(text)


def _stray_nul(raw: bytes) -> Problem | None:
    """A text file (UTF-8 throughout) with a few NUL bytes pasted in: the first one's line and
    column, rather than "a binary file". ``None`` for a binary file (NULs are common there)."""
    nuls = raw.count(b"\x00")
    if nuls > 3 and nuls * 100 > len(raw):
        return None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    at = text.index("\x00")
    line = text.count("\n", 0, at) + 1
    column = at - (text.rfind("\n", 0, at) + 1) + 1
    return Problem((), f"có ký tự NUL (mã 0) ở cột {column}, không dùng được trong tệp chữ "
                       "(thường do sao chép từ một tệp khác); xóa ký tự này, hoặc gõ lại đoạn "
                       "đó", line)


def _garbled(text: str) -> Problem | None:
    found = mojibake(text)
    if found is None:
        return None
    line, seen, meant, codec = found
    page = codec.removeprefix("cp")
    return Problem((), (
        f"chữ tiếng Việt trong tệp đã bị hỏng bảng mã: «{seen}» là «{meant}» bị đọc theo bảng "
        f"mã {page} rồi lưu lại (thường do tạo tệp bằng dấu '>' trong PowerShell). Tạo lại tệp "
        "bằng lệnh `kehoach new -o ke_hoach.yaml`, hoặc chép lại nội dung từ tệp gốc và lưu với "
        "bảng mã UTF-8"), line)


def parse(raw: bytes | str, fmt: str) -> Parsed:
    """Plain data from the bytes (or text) of a ``yaml``, ``toml`` or ``json`` file."""
    if len(raw) > limits.MAX_FILE_BYTES:
        return Parsed(None, problems=(limits.file_too_large(len(raw)),))
    if isinstance(raw, bytes):
        text, problem = decode(raw)
        if problem is not None:
            if problem.line is not None and text is None:  # a byte not in UTF-8: which field?
                problem = attrs.evolve(problem, path=_field_of_byte(raw, fmt, problem.line))
            elif problem.line is not None:  # garbled Vietnamese: in which field?
                offset = sum(len(line) + 1 for line in text.split("\n")[:problem.line - 1])
                problem = attrs.evolve(problem, path=_field_at(text, fmt, problem.line, offset))
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
    return _field_at(text, fmt, line, offset)


def _field_at(text: str, fmt: str, line: int, offset: int) -> Path:
    """The field at ``offset`` (on ``line``) of a text read as far as it goes."""
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
