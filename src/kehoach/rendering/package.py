"""Writing .docx packages: the same parts give the same bytes, and a save never half-writes.

A .docx is a zip. Zip entries carry a timestamp, so a package written twice differs even when
its parts do not; every package kehoach writes is written by :func:`write_entries`, which fixes
the timestamps, the attributes and the compression, and keeps the entries in the order given.

The render engine (:mod:`kehoach.rendering.engine`) keeps a template's unchanged parts as
:class:`Entry` objects, already compressed, and copies them into every package it writes:
only the parts that change are compressed again.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterable
from typing import NamedTuple

# Writing files lives in :mod:`kehoach.files` (the converter writes PDFs with it too); these
# names stay here for code that imported them from this module.
from kehoach.files import (  # noqa: F401
    _HOST,
    LEGACY_STALE_AFTER_S,
    STALE_AFTER_S,
    atomic_write,
    check_target,
    file_kind,
    remove_stale_temporaries,
    temporary_name,
)

#: The earliest date a zip can record; any fixed date would do.
_EPOCH = (1980, 1, 1, 0, 0, 0)
_DOS_TIME = 0  # 00:00:00
_DOS_DATE = ((_EPOCH[0] - 1980) << 9) | (_EPOCH[1] << 5) | _EPOCH[2]

#: Deflate level of every part kehoach compresses (zlib's default trade-off).
COMPRESSLEVEL = 6
#: zipfile's method numbers (zipfile itself is imported only to read a package: a render from
#: a prepared template writes its zip without it).
ZIP_STORED = 0
ZIP_DEFLATED = 8

# What :mod:`zipfile` writes for ``ZipInfo(name, date_time=_EPOCH)`` with ``create_system = 0``
# and ``external_attr = 0o644 << 16``: version 2.0 made by MS-DOS, no extra fields.
_VERSION = 20
_EXTERNAL_ATTR = 0o644 << 16
_UTF8_NAME = 0x800
_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_LIMIT = 0xFFFFFFFF


class Entry(NamedTuple):
    """One stored zip entry: its name and its data as the zip holds it."""

    name: str
    method: int
    """``zipfile.ZIP_STORED`` or ``zipfile.ZIP_DEFLATED``."""
    crc: int
    size: int
    """Size of the uncompressed data."""
    data: bytes
    """The data as stored (compressed when ``method`` is deflate)."""


def deflate(name: str, data: bytes, level: int = COMPRESSLEVEL) -> Entry:
    """``data`` compressed as a zip entry (raw deflate, as :mod:`zipfile` writes it)."""
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    packed = compressor.compress(data) + compressor.flush()
    return Entry(name, ZIP_DEFLATED, zlib.crc32(data), len(data), packed)


def write_entries(entries: Iterable[Entry]) -> bytes:
    """A zip of ``entries`` in the given order, with fixed metadata.

    Byte for byte what :mod:`zipfile` writes for the same entries with the epoch timestamp
    (a test checks it), but entries already compressed are copied, not compressed again.
    """
    chunks: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    count = 0
    for entry in entries:
        try:
            name = entry.name.encode("ascii")
            flags = 0
        except UnicodeEncodeError:
            name = entry.name.encode("utf-8")
            flags = _UTF8_NAME
        if max(entry.size, len(entry.data), offset) >= _LIMIT:
            raise ValueError("a .docx part or package larger than 4 GiB needs ZIP64")
        header = _LOCAL.pack(b"PK\x03\x04", _VERSION, 0, flags, entry.method, _DOS_TIME,
                             _DOS_DATE, entry.crc, len(entry.data), entry.size, len(name), 0)
        central.append(_CENTRAL.pack(b"PK\x01\x02", _VERSION, 0, _VERSION, 0, flags, entry.method,
                                     _DOS_TIME, _DOS_DATE, entry.crc, len(entry.data), entry.size,
                                     len(name), 0, 0, 0, 0, _EXTERNAL_ATTR, offset) + name)
        chunks += (header, name, entry.data)
        offset += len(header) + len(name) + len(entry.data)
        count += 1
    directory = b"".join(central)
    if count > 0xFFFF or offset + len(directory) >= _LIMIT:
        raise ValueError("a .docx with this many parts needs ZIP64")
    chunks.append(directory)
    chunks.append(_END.pack(b"PK\x05\x06", 0, 0, count, count, len(directory), offset, 0))
    return b"".join(chunks)


def write_package(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` parts in the given order, with fixed metadata."""
    return write_entries(deflate(name, data) for name, data in parts)


def read_entries(data: bytes) -> list[tuple[Entry, bytes]]:
    """Each entry of a package as stored, with its uncompressed data, in stored order.

    The data is read through :mod:`zipfile` (which checks it); the stored bytes are taken from
    the archive as they are, so they can be copied into another zip without recompressing.
    Entries compressed with anything but deflate are compressed again with deflate.
    """
    import zipfile

    out: list[tuple[Entry, bytes]] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for info in archive.infolist():
            content = archive.read(info)
            if info.compress_type in (ZIP_STORED, ZIP_DEFLATED):
                fields = _LOCAL.unpack_from(data, info.header_offset)
                if fields[0] != b"PK\x03\x04":
                    raise zipfile.BadZipFile(f"bad local header for {info.filename!r}")
                start = info.header_offset + _LOCAL.size + fields[10] + fields[11]
                stored = data[start:start + info.compress_size]
                entry = Entry(info.filename, info.compress_type, info.CRC, info.file_size, stored)
            else:
                entry = deflate(info.filename, content)
            out.append((entry, content))
    return out


def read_parts(data: bytes) -> list[tuple[str, bytes]]:
    """The parts of a package, in the order they are stored."""
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def content_types_first(names: Iterable[str]) -> list[str]:
    """``names`` with ``[Content_Types].xml`` first, the rest in their order."""
    return sorted(names, key=lambda name: name != "[Content_Types].xml")  # stable


def normalize_package(data: bytes) -> bytes:
    """The same package rewritten with fixed metadata (``[Content_Types].xml`` first)."""
    parts = dict(read_parts(data))
    return write_package((name, parts[name]) for name in content_types_first(parts))
