"""Writing .docx packages: the same parts give the same bytes, and a save never half-writes.

A .docx is a zip. Zip entries carry a timestamp, so a package written twice differs even when
its parts do not; every package kehoach writes goes through :func:`write_package`, which fixes
the timestamps, the entry order and the compression.
"""

from __future__ import annotations

import io
import os
import tempfile
import zipfile
from collections.abc import Iterable
from pathlib import Path

#: The earliest date a zip can record; any fixed date would do.
_EPOCH = (1980, 1, 1, 0, 0, 0)


def write_package(parts: Iterable[tuple[str, bytes]]) -> bytes:
    """A zip of ``(name, data)`` parts in the given order, with fixed metadata."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts:
            info = zipfile.ZipInfo(name, date_time=_EPOCH)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            archive.writestr(info, data, compresslevel=6)
    return buffer.getvalue()


def read_parts(data: bytes) -> list[tuple[str, bytes]]:
    """The parts of a package, in the order they are stored."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


def normalize_package(data: bytes) -> bytes:
    """The same package rewritten with fixed metadata (``[Content_Types].xml`` first)."""
    parts = read_parts(data)
    parts.sort(key=lambda p: p[0] != "[Content_Types].xml")  # stable: keeps the rest in order
    return write_package(parts)


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader never sees a half-written file, and an existing file is replaced only once the
    new one is whole on disk.
    """
    target = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent or ".")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
