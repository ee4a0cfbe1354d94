"""Writing .docx packages: the same parts give the same bytes, and a save never half-writes.

A .docx is a zip. Zip entries carry a timestamp, so a package written twice differs even when
its parts do not; every package kehoach writes is written by :func:`write_entries`, which fixes
the timestamps, the attributes and the compression, and keeps the entries in the order given.

The render engine (:mod:`kehoach.rendering.engine`) keeps a template's unchanged parts as
:class:`Entry` objects, already compressed, and copies them into every package it writes:
only the parts that change are compressed again.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import re
import stat
import struct
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import NamedTuple

from kehoach.errors import NotAFileError

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


#: Temporary files of a save: ``.NAME.khHOST-PID-RANDOM.tmp`` beside the target ``NAME``.
#: The host tag and the process id say whose a leftover is (see :func:`remove_stale_temporaries`).
_OURS = re.compile(r"^\..+\.kh([0-9a-f]{4})-(\d+)-[0-9a-f]{8}\.tmp$")
#: What kehoach 0.1 named them (``tempfile.mkstemp``): ``.NAME.docx.x1y2z3_4.tmp``.
_LEGACY = re.compile(r"^\..+\.(?:docx|pdf|yaml|yml|toml|json)\.[a-z0-9_]{8}\.tmp$")
#: A leftover of another host, or of a process id now used by another program, is removed once
#: it is this old; one of kehoach 0.1 (which named no process) once it is an hour old.
STALE_AFTER_S = 24 * 3600
LEGACY_STALE_AFTER_S = 3600


def _hostname() -> str:
    # os.uname() is what socket.gethostname() reads on POSIX, without importing socket.
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


_HOST = hashlib.sha1(_hostname().encode()).hexdigest()[:4]
#: Folder → when its leftovers were last looked for (monotonic seconds), by this process.
_swept: dict[str, float] = {}
_SWEEP_EVERY_S = 60.0


def temporary_name(target: str) -> str:
    """The name of a save's temporary file beside ``target`` (a file name, not a path)."""
    # os.urandom is what secrets.token_hex reads, without importing secrets (and random).
    return f".{target}.kh{_HOST}-{os.getpid()}-{os.urandom(4).hex()}.tmp"


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this host (a zombie, killed and not yet reaped, does not)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    except OSError:
        return True
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[-1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


def remove_stale_temporaries(folder: str | os.PathLike[str], *, force: bool = False
                             ) -> list[Path]:
    """Remove what interrupted saves left in ``folder``; the paths removed.

    A save killed outright (``kill -9``, a power cut) cannot remove its temporary file; the next
    save to the same folder does. Removed: kehoach's temporary files whose process no longer
    runs on this host, those older than :data:`STALE_AFTER_S` whoever made them, and kehoach
    0.1's older than :data:`LEGACY_STALE_AFTER_S`. A file in use by a running save is never
    touched. Looked for at most once a minute per folder (``force`` looks now); errors (a
    folder that cannot be listed, a file another user owns) are ignored: the save goes on.
    """
    key = os.path.abspath(folder)
    now = time.monotonic()
    if not force and now - _swept.get(key, -_SWEEP_EVERY_S) < _SWEEP_EVERY_S:
        return []
    _swept[key] = now
    removed: list[Path] = []
    try:
        entries = os.scandir(key)
    except OSError:
        return removed
    wall = time.time()
    with entries:
        for entry in entries:
            name = entry.name
            if not (name.startswith(".") and name.endswith(".tmp")):
                continue
            try:
                age = wall - entry.stat(follow_symlinks=False).st_mtime
            except OSError:
                continue
            ours = _OURS.match(name)
            if ours:
                host, pid = ours.group(1), int(ours.group(2))
                stale = age > STALE_AFTER_S or (
                    host == _HOST and pid != os.getpid() and not _alive(pid))
            else:
                stale = _LEGACY.match(name) is not None and age > LEGACY_STALE_AFTER_S
            if stale:
                try:
                    os.unlink(entry.path)
                    removed.append(Path(entry.path))
                except OSError:
                    pass
    return removed


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader never sees a half-written file, and an existing file is replaced only once the
    new one is whole on disk (``fsync``). An existing file keeps its permissions (and, where
    the process may set them, its owner); a new file gets ``0o666`` less the umask, as any
    file the user creates. On any failure the temporary file is removed and the old file is
    left as it was; leftovers of saves killed outright are removed by the next save to the
    folder (:func:`remove_stale_temporaries`).

    A symbolic link is followed: the file it points to is replaced (atomically, in its own
    folder) and the link stays. A path that holds anything but a regular file (a device such as
    ``/dev/full``, a FIFO, a socket, a folder) is refused with
    :class:`~kehoach.errors.NotAFileError` before anything is written: replacing it would
    destroy it.

    Raises :class:`OSError` (``PermissionError``, ``OSError(ENOSPC)``, ``NotAFileError`` …)
    whose ``filename`` is ``path``, never the temporary file's name.
    """
    named = Path(path)
    target = Path(os.path.realpath(named)) if os.path.islink(named) else named
    try:
        existing = os.stat(target)
    except OSError:
        existing = None
    if existing is not None and not stat.S_ISREG(existing.st_mode):
        raise NotAFileError(str(named), file_kind(existing.st_mode))
    folder = target.parent
    remove_stale_temporaries(folder)
    tmp = folder / temporary_name(target.name)
    try:
        # 0o666 lets the umask decide a new file's mode; an existing file's mode is set below.
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0),
                     0o600 if existing is not None else 0o666)
    except OSError as error:
        raise _about(error, named) from error
    try:
        with os.fdopen(fd, "wb") as handle:
            if existing is not None and stat.S_ISREG(existing.st_mode):
                os.fchmod(handle.fileno(), stat.S_IMODE(existing.st_mode))
                if hasattr(os, "fchown") and (existing.st_uid, existing.st_gid) != (
                        os.getuid(), os.getgid()):
                    with contextlib.suppress(OSError):  # only root may give a file away
                        os.fchown(handle.fileno(), existing.st_uid, existing.st_gid)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException as error:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if isinstance(error, OSError):
            raise _about(error, named) from error
        raise
    return named


def file_kind(mode: int) -> str:
    """What a path that is no regular file holds, in Vietnamese (for :class:`NotAFileError`)."""
    if stat.S_ISDIR(mode):
        return "một thư mục"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "một thiết bị (như /dev/full, /dev/null)"
    if stat.S_ISFIFO(mode):
        return "một ống dẫn (FIFO)"
    if stat.S_ISSOCK(mode):
        return "một socket"
    return "một mục không phải tệp thường"


def _about(error: OSError, target: Path) -> OSError:
    """``error`` naming the target instead of the temporary file (same class and errno)."""
    if error.errno is None:
        return error
    return OSError(error.errno, error.strerror or os.strerror(error.errno), str(target))
