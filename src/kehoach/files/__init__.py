"""Tệp ghi ra: writing a file the user asked for, whole or not at all, and nothing left behind.

Every file kehoach writes for its user (a .docx, a PDF, a data file, a fixed document) goes
through :func:`atomic_write`: the data goes to a temporary file beside the target, is synced,
and is renamed over the target, so the target is at every moment the old file or the whole new
one. Before anything is written the target is checked (:func:`check_target`): a path that holds
anything but a regular file (a device such as ``/dev/full``, a FIFO, a socket, a folder) or a
read-only file is refused, a symbolic link is followed and kept. Temporary files of writes
killed outright are removed by the next write to the same folder
(:func:`remove_stale_temporaries`).

This sits at the bottom of the layers (beside :mod:`kehoach.errors`) so that the renderer, the
converter (its PDFs), the data writer and the fixer share it.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import stat
import time
from pathlib import Path

from kehoach.errors import NotAFileError, ReadOnlyFileError

#: Temporary files of a save: ``.NAME.khHOST-PID-RANDOM.tmp`` beside the target ``NAME``.
#: The host tag and the process id say whose a leftover is (see :func:`remove_stale_temporaries`).
_OURS = re.compile(r"^\..+\.kh([0-9a-f]{4})-(\d+)-[0-9a-f]{8}\.tmp$")
#: What kehoach 0.1 named them (``tempfile.mkstemp``): ``.NAME.docx.x1y2z3_4.tmp``; and what
#: the PDF writers of kehoach 0.2 named theirs: ``.NAME.pdf.x1y2z3_4.part`` (the listener's,
#: ``mkstemp``) and ``.NAME.pdf.PID.part`` (a PDF copied across file systems).
_LEGACY = re.compile(r"^\..+\.(?:(?:docx|pdf|yaml|yml|toml|json)\.[a-z0-9_]{8}\.tmp"
                     r"|pdf\.(?:[a-z0-9_]{8}|\d{1,10})\.part)$")
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


#: Bytes a file name may have on the file systems kehoach writes to (ext4, NTFS, APFS: 255).
NAME_MAX = 255


def temporary_name(target: str) -> str:
    """The name of a save's temporary file beside ``target`` (a file name, not a path).

    It holds ``target``'s name, shortened when the whole would pass :data:`NAME_MAX` bytes: a
    target of 250 bytes is a legal name, and its save must not fail for the temporary's.
    """
    # os.urandom is what secrets.token_hex reads, without importing secrets (and random).
    tail = f".kh{_HOST}-{os.getpid()}-{os.urandom(4).hex()}.tmp"
    room = NAME_MAX - 1 - len(tail)
    encoded = os.fsencode(target)
    if len(encoded) > room:
        cut = encoded[:room]
        while cut and cut[-1] & 0xC0 == 0x80:  # not inside a UTF-8 character
            cut = cut[:-1]
        if cut and cut[-1] >= 0xC0:
            cut = cut[:-1]
        target = os.fsdecode(cut)
    return f".{target}{tail}"


def owner_tag() -> str:
    """``HOST-PID`` of this process (``3f2a-12345``): named in the temporary files and folders
    kehoach makes, so that a leftover of a process killed outright is known for one and
    removed (:func:`orphaned`)."""
    return f"{_HOST}-{os.getpid()}"


def orphaned(tag: str) -> bool:
    """Whether the ``HOST-PID`` of :func:`owner_tag` names a process of this host that has
    ended (another host's, or this process's, is never orphaned)."""
    host, _, pid = tag.partition("-")
    return host == _HOST and pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid))


def _alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this host (a zombie, killed and not yet reaped, does not)."""
    from kehoach.files.processes import alive

    return alive(pid)


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
            if not (name.startswith(".") and name.endswith((".tmp", ".part"))):
                continue
            try:
                info = entry.stat(follow_symlinks=False)
            except OSError:
                continue
            if not stat.S_ISREG(info.st_mode):  # a link or a FIFO of that name is not ours
                continue
            age = wall - info.st_mtime
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


def check_target(path: str | os.PathLike[str]) -> tuple[Path, os.stat_result | None]:
    """Whether ``path`` may be written over: the file to replace and its ``stat``, if any.

    A symbolic link is followed (to the end of a chain): the file it points to is the one
    replaced, and the link stays. Raises :class:`~kehoach.errors.NotAFileError` when ``path``
    holds anything but a regular file (a device such as ``/dev/full``, a FIFO, a socket, a
    folder: replacing it would destroy it, writing into it might never end), and
    :class:`~kehoach.errors.ReadOnlyFileError` for a file marked read-only (no one may write
    it, or this process may not), which a rename would otherwise replace regardless.
    """
    named = Path(path)
    target = Path(os.path.realpath(named)) if os.path.islink(named) else named
    try:
        existing = os.stat(target)
    except OSError:
        return target, None
    if not stat.S_ISREG(existing.st_mode):
        raise NotAFileError(str(named), file_kind(existing.st_mode))
    if not existing.st_mode & 0o222 or not os.access(target, os.W_OK):
        raise ReadOnlyFileError(str(named))
    return target, existing


def place_file(made: str | os.PathLike[str], path: str | os.PathLike[str]) -> Path:
    """Put the finished file ``made`` (a PDF LibreOffice wrote in a private folder) at ``path``
    as :func:`atomic_write` would write its bytes: the same checks of the target, the same
    permissions, the same cleanup. ``made`` is left where it is."""
    return atomic_write(path, Path(made).read_bytes())


def atomic_write(path: str | os.PathLike[str], data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file in the same folder, then rename.

    A reader never sees a half-written file, and an existing file is replaced only once the
    new one is whole on disk (``fsync``). An existing file keeps its permissions (and, where
    the process may set them, its owner); a new file gets ``0o666`` less the umask, as any
    file the user creates. On any failure the temporary file is removed and the old file is
    left as it was; leftovers of saves killed outright are removed by the next save to the
    folder (:func:`remove_stale_temporaries`).

    The target is checked first (:func:`check_target`): a symbolic link is followed (the file
    it points to is replaced, atomically, in its own folder, and the link stays); anything but
    a regular file, and a read-only file, is refused before anything is written.

    Raises :class:`OSError` (``PermissionError``, ``OSError(ENOSPC)``,
    :class:`~kehoach.errors.NotAFileError`, :class:`~kehoach.errors.ReadOnlyFileError` …)
    whose ``filename`` is ``path``, never the temporary file's name.
    """
    named = Path(path)
    target, existing = check_target(named)
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
