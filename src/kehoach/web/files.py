"""Tệp trong thư mục làm việc: the only files the web page reads or writes on disk.

The page works in one folder (``kehoach serve --folder DIR``). A name from the browser is
never used as a path: :func:`safe_name` accepts a bare file name with a data-file suffix and
nothing else, and :func:`target` refuses any name whose file would resolve outside the folder
(a symbolic link pointing out of it, say). Files are opened only by a name that
:func:`data_files` lists.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path
from typing import Any

from kehoach.data import FORMATS, PlanFileError, format_of, formats, loads, to_data
from kehoach.errors import KehoachError
from kehoach.rendering.package import atomic_write

#: The longest file name accepted (characters).
MAX_NAME = 120
#: The largest data file read from the folder or uploaded (bytes).
MAX_DATA_FILE = 5 * 1024 * 1024
#: How many files of the folder the start page lists.
MAX_LISTED = 500

_FORBIDDEN = set('/\\:*?"<>|') | {chr(c) for c in range(32)} | {"\x7f"}
#: Windows device names: a file of that name (whatever its suffix) is the device. Windows
#: counts the superscript digits ¹ ² ³ as digits here.
_RESERVED = {"con", "prn", "aux", "nul", "conin$", "conout$",
             *(f"{port}{i}" for port in ("com", "lpt") for i in (*"0123456789", *"¹²³"))}


class FileNameError(KehoachError, ValueError):
    """Tên tệp không dùng được: a file name the page will not write; the message says why."""


def safe_name(name: str, suffixes: tuple[str, ...] = (".yaml", ".yml", ".toml", ".json")
              ) -> str:
    """``name`` if it is a plain file name ending in one of ``suffixes``; else
    :class:`FileNameError` with a Vietnamese message."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise FileNameError("chưa có tên tệp")
    if len(name) > MAX_NAME:
        raise FileNameError(f"tên tệp dài quá {MAX_NAME} ký tự")
    bad = sorted({c for c in name if c in _FORBIDDEN})
    if bad:
        shown = " ".join(repr(c)[1:-1] for c in bad)
        raise FileNameError(f"tên tệp không được chứa {shown}; chỉ ghi tên, không ghi thư mục")
    if name.startswith(".") or name in (".", ".."):
        raise FileNameError("tên tệp không được bắt đầu bằng dấu chấm")
    if name.endswith((" ", ".")):
        raise FileNameError("tên tệp không được kết thúc bằng dấu cách hoặc dấu chấm")
    # Windows ignores spaces and dots at the end of the stem: "CON .yaml" is CON.
    if name.split(".")[0].rstrip(" .").lower() in _RESERVED:
        raise FileNameError(f"'{name}' là tên thiết bị của Windows, chọn tên khác")
    if not name.lower().endswith(suffixes):
        raise FileNameError(f"tên tệp phải có đuôi {', '.join(suffixes)}")
    return name


def target(folder: Path, name: str) -> Path:
    """The path of file ``name`` in ``folder``; :class:`FileNameError` if it would lie
    anywhere else.

    Names are compared as Unicode reads them: a file a Mac named in decomposed form (NFD) is
    the file of the same name typed here (NFC), not a second one beside it.
    """
    name = _existing(folder, safe_name(name))
    root = folder.resolve()
    path = root / name
    if path.resolve().parent != root or (path.exists() and not path.is_file()):
        raise FileNameError(f"'{name}' không phải một tệp trong thư mục làm việc")
    return path


def _existing(folder: Path, name: str) -> str:
    """``name`` as the folder writes it, when a file of that name in another Unicode form is
    there; else ``name``."""
    if os.path.lexists(folder / name):
        return name
    try:
        entries = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return name
    same = [e for e in entries if unicodedata.normalize("NFC", e) == name]
    return same[0] if len(same) == 1 else name


def data_files(folder: Path) -> list[str]:
    """Names of the plan data files directly in ``folder`` (sorted, at most
    :data:`MAX_LISTED`)."""
    out = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return []
    for entry in entries:
        try:
            if entry.is_file() and format_of(entry.name) and not entry.name.startswith("."):
                out.append(entry.name)
        except OSError:
            continue
    return sorted(out, key=str.casefold)[:MAX_LISTED]


def read(folder: Path, name: str) -> bytes:
    """The bytes of data file ``name`` of ``folder``, which must be one :func:`data_files`
    lists."""
    if name not in data_files(folder):
        raise FileNameError(f"không có tệp '{name}' trong thư mục làm việc")
    path = target(folder, name)
    if path.stat().st_size > MAX_DATA_FILE:
        raise FileNameError(f"tệp '{name}' lớn quá {MAX_DATA_FILE // (1024 * 1024)} MB")
    return path.read_bytes()


def data_text(plan: object | None, data: dict[str, Any], fmt: str,
              source: bytes | None = None) -> bytes:
    """The bytes of a data file for ``plan`` (or, while it has problems, for the form data).

    A plan read unchanged from ``source`` gives ``source`` itself, byte for byte (its comments
    and layout kept); a changed plan is written as :func:`kehoach.data.dumps` writes it.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if plan is None:  # unfinished work is saved as it is, to be finished later
        return formats.write(_plain(data), fmt).encode("utf-8")
    if source is not None:
        try:
            if loads(source, fmt) == plan:
                return source
        except PlanFileError:
            pass
    out = to_data(plan, short=fmt != "toml")
    if isinstance(data.get("$schema"), str):
        out = {"$schema": data["$schema"], **out}
    return formats.write(out, fmt).encode("utf-8")


def _plain(value: Any) -> Any:
    """Form data without the empty values a file would not hold (TOML has no null)."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [_plain(v) for v in value if v is not None]
    return value


def save(folder: Path, name: str, content: bytes) -> Path:
    """Write ``content`` to file ``name`` of ``folder`` atomically."""
    return atomic_write(target(folder, name), content)
