"""Bộ chuyển đổi PDF: the interface every LibreOffice backend implements, and its errors.

A :class:`Converter` turns .docx files (paths or bytes) into PDF. Two backends implement it:
:class:`kehoach.convert.soffice.OneShotConverter` (``soffice --convert-to``, a fresh
LibreOffice for each call, many files in one call) and
:class:`kehoach.convert.listener.ListenerConverter` (a LibreOffice kept running behind
unoserver, reused across calls and commands). Both give each LibreOffice a profile and a
temporary folder of its own, enforce a timeout on every conversion, and leave no process and no
temporary file behind on any exit Python can catch (an exception, Ctrl-C, SIGTERM, SIGHUP).
"""

from __future__ import annotations

import abc
import contextlib
import os
import signal
import socket
import tempfile
import threading
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from types import TracebackType

from kehoach.errors import KehoachError

PathLike = str | os.PathLike[str]

#: Seconds every conversion may take at least, and per MB of a document's XML on top
#: (LibreOffice lays out ~2 MB of document.xml, 466 pages, in about 20 s on a 2-core machine).
BASE_TIMEOUT_S = 60.0
TIMEOUT_S_PER_MB = 40.0


class ConversionError(KehoachError):
    """LibreOffice ran but did not produce every PDF (or could not be reached)."""


class LibreOfficeNotFound(ConversionError):
    """LibreOffice (``soffice``) is not installed where kehoach looks, nor at ``KEHOACH_SOFFICE``."""


class NotADocument(ConversionError):
    """A source that is not a .docx, .doc or .odt by its content (a PDF, a picture …)."""


class ConversionTimeout(ConversionError):
    """A conversion took longer than its timeout; LibreOffice was stopped."""


class Converter(abc.ABC):
    """Bộ chuyển đổi: .docx → PDF through LibreOffice.

    Use it as a context manager (``with converter() as c: c.convert([...])``); :meth:`close`
    releases what the converter started (a private listener stops, a shared one keeps
    running). Thread-safe: conversions through one converter run one at a time.
    """

    #: ``"soffice"`` (one LibreOffice run per call) or ``"listener"`` (a warm LibreOffice).
    kind: str = ""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        #: Set by :meth:`cancel` (from another thread): a running conversion stops soon.
        self.cancelled = threading.Event()

    def cancel(self) -> None:
        """Stop the conversion running in another thread as soon as possible (it raises
        :class:`ConversionError`); used when a batch split over converters is interrupted."""
        self.cancelled.set()

    # -- the API ---------------------------------------------------------------------------
    def convert(self, sources: Iterable[PathLike], outdir: PathLike | None = None, *,
                timeout: float | None = None,
                progress: Callable[[Path], None] | None = None) -> list[Path]:
        """Convert .docx files to PDF; returns the PDFs' paths, in the order of ``sources``.

        Each PDF is written beside its .docx, or in ``outdir`` (created if needed), with the
        .docx's name and ``.pdf``; it replaces a file of that name only once it is complete
        (a failed conversion leaves the older file as it was). A source that is not a
        Word or OpenDocument text (by its content), or whose PDF would be the source itself,
        is refused before anything is written. ``timeout`` (s) bounds the whole call; by default
        it grows with the documents' size (:func:`default_timeout`). ``progress`` is called
        with each PDF's path once it is written (for a progress bar).

        Raises ``FileNotFoundError`` for a missing source, :class:`NotADocument`,
        :class:`ConversionError` when two sources would write the same PDF or a PDF is not
        made, :class:`ConversionTimeout`, :class:`LibreOfficeNotFound`.
        """
        jobs = plan_targets(sources, outdir)
        if not jobs:
            return []
        if timeout is None:
            timeout = default_timeout([src for src, _ in jobs])
        report = progress or (lambda path: None)
        # LibreOffice writes into a private folder; each PDF then replaces its target in one
        # rename, so a file already at the target (an older PDF, or the user's only copy of
        # something) is never removed before its replacement is whole.
        with signals_raise():
            tmp = staging_folder()
            full = False
            try:
                absent = self._convert_staged(jobs, tmp, timeout, report)
                full = bool(absent) and nearly_full(tmp)
            except ConversionError:
                if nearly_full(tmp):  # LibreOffice fails in many ways on a full disk
                    raise ConversionError(f"LibreOffice không tạo được PDF: {full_disk(tmp)}"
                                          ) from None
                raise
            finally:
                remove_tree(tmp)
        if absent:
            why = f" ({full_disk(tmp)})" if full else ""
            raise ConversionError(f"LibreOffice không tạo được: {', '.join(absent)}{why}")
        return [t for _, t in jobs]

    def _convert_staged(self, jobs: list[tuple[Path, Path]], tmp: Path, timeout: float,
                        report: Callable[[Path], None]) -> list[str]:
        """Convert into folders inside ``tmp`` (one per target folder, so that a one-shot
        run still converts a folder's files in one call), moving each PDF to its target as
        it is made; the targets not made."""
        folders = {parent: tmp / str(n) for n, parent in
                   enumerate(dict.fromkeys(t.parent for _, t in jobs))}
        for folder in folders.values():
            folder.mkdir()
        staged = {folders[t.parent] / t.name: t for _, t in jobs}
        moved: set[Path] = set()

        def place(path: Path) -> None:
            target = staged.get(path)
            if target is None or target in moved or not path.is_file():
                return
            replace_file(path, target)
            moved.add(target)
            report(target)

        with self._lock:
            self._convert([(src, folders[t.parent] / t.name) for src, t in jobs],
                          timeout, place)
        for path in staged:
            place(path)
        return [str(t) for _, t in jobs if t not in moved]

    def convert_bytes(self, data: bytes, *, timeout: float | None = None) -> bytes:
        """The PDF of a .docx given as bytes, as bytes (same errors as :meth:`convert`)."""
        with private_tempdir("kehoach-conv-") as tmp:
            source = tmp / "van_ban.docx"
            source.write_bytes(data)
            (pdf,) = self.convert([source], tmp, timeout=timeout)
            return pdf.read_bytes()

    def close(self) -> None:
        """Release what this converter started; it cannot convert afterwards."""

    def __enter__(self) -> Converter:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    # -- for backends ----------------------------------------------------------------------
    @abc.abstractmethod
    def _convert(self, jobs: Sequence[tuple[Path, Path]], timeout: float,
                 progress: Callable[[Path], None]) -> None:
        """Write each ``(source, target)``'s PDF at ``target``, calling ``progress(target)``
        as each is done; raise on failure."""


def plan_targets(sources: Iterable[PathLike], outdir: PathLike | None
                 ) -> list[tuple[Path, Path]]:
    """``(source, target PDF)`` pairs, checked before anything is written: every source
    exists and is a document LibreOffice reads as text (:func:`document_kind`), no PDF
    would be written over a source (``bản gốc.pdf`` holding a .docx), no two share a target.

    Raises ``FileNotFoundError``, :class:`NotADocument`, :class:`ConversionError`."""
    resolved = [Path(p).resolve() for p in sources]
    missing = [str(p) for p in resolved if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"không tìm thấy tệp: {', '.join(missing)}")
    others = [str(p) for p in resolved if document_kind(p) is None]
    if others:
        raise NotADocument(
            f"không phải văn bản Word (.docx, .doc) hay OpenDocument (.odt), không chuyển "
            f"sang PDF: {', '.join(others)}")
    folder = Path(outdir).resolve() if outdir is not None else None
    jobs = [(src, (folder or src.parent) / (src.stem + ".pdf")) for src in resolved]
    folders = sorted({str(t) for _, t in jobs if t.is_dir()})
    if folders:
        raise ConversionError(f"đã có thư mục trùng tên với PDF cần ghi: {', '.join(folders)}")
    for src, target in jobs:
        if _same_file(src, target) or any(_same_file(other, target) for other in resolved):
            raise ConversionError(
                f"PDF sẽ ghi đè lên chính tệp nguồn {src}: đổi tên tệp (phần mở rộng .docx) "
                "hoặc chọn thư mục khác (-o)")
    from kehoach.files import check_target

    for _, target in jobs:  # a FIFO, a device, a read-only PDF: refused before LibreOffice runs
        check_target(target)
    targets = [t for _, t in jobs]
    clashes = sorted({str(t) for t in targets if targets.count(t) > 1})
    if clashes:  # LibreOffice would silently write one over the other
        raise ConversionError(f"nhiều tệp cùng tên sẽ ghi đè cùng một PDF: {', '.join(clashes)}")
    for target in {t.parent for t in targets}:
        target.mkdir(parents=True, exist_ok=True)
    return jobs


def _same_file(a: Path, b: Path) -> bool:
    """Whether ``a`` and ``b`` name one file (one path, or a hard or symbolic link)."""
    if a == b:
        return True
    try:
        return os.path.samefile(a, b)
    except OSError:  # ``b`` does not exist yet
        return False


#: What a .doc (an OLE2 compound file) starts with.
_OLE2_MAGIC = bytes.fromhex("d0cf11e0a1b11ae1")


def document_kind(path: Path) -> str | None:
    """``"docx"``, ``"odt"`` or ``"doc"`` by what ``path`` holds (not by its name), else
    ``None`` (a PDF, a picture, an unreadable file)."""
    try:
        with open(path, "rb") as handle:
            head = handle.read(8)
    except OSError:
        return None
    if head == _OLE2_MAGIC:
        return "doc"
    if not head.startswith(b"PK"):
        return None
    try:
        with zipfile.ZipFile(path) as z:
            names = set(z.namelist())
            if "mimetype" in names:
                kind = z.read("mimetype")[:80].decode("ascii", "replace").strip()
                if kind.startswith("application/vnd.oasis.opendocument.text"):
                    return "odt"
            if "[Content_Types].xml" in names:
                types = z.read("[Content_Types].xml")
                if b"wordprocessingml" in types or b"application/vnd.ms-word" in types:
                    return "docx"
    except (OSError, zipfile.BadZipFile, ValueError, KeyError, RuntimeError):
        return None
    return None


#: Free bytes under which a failed conversion is put down to a full disk.
FULL_DISK_BYTES = 8 * 1024 * 1024


def staging_folder() -> Path:
    """A private folder for LibreOffice's PDFs (and its lock and temporary files, which it
    makes beside what it writes: never beside the user's files). Raises
    :class:`ConversionError` in Vietnamese when no temporary folder can be written."""
    try:
        return Path(_owned_tempdir("kehoach-out-"))
    except OSError as exc:
        from kehoach.errors import describe_os_error

        # Python tries $TMPDIR, /tmp, /var/tmp … and says 'No usable temporary directory'.
        reason = ("ổ đĩa đầy hoặc chỉ cho đọc" if isinstance(exc, FileNotFoundError)
                  else describe_os_error(exc, with_file=False))
        raise ConversionError(f"không tạo được thư mục tạm cho LibreOffice ({reason}; thư mục "
                              f"tạm: {os.environ.get('TMPDIR') or '/tmp'}); giải phóng "
                              "ổ đĩa rồi chạy lại") from None


def nearly_full(folder: Path) -> bool:
    """Whether the disk of ``folder`` has (almost) no room left."""
    import shutil

    try:
        return shutil.disk_usage(folder).free < FULL_DISK_BYTES
    except OSError:
        return False


def full_disk(folder: Path) -> str:
    return (f"ổ đĩa chứa thư mục tạm {folder.parent} đã đầy; giải phóng ổ đĩa (hoặc đặt "
            "TMPDIR là một thư mục trên ổ khác) rồi chạy lại")


def replace_file(made: Path, target: Path) -> None:
    """Put ``made`` at ``target`` as every file kehoach writes is put
    (:func:`kehoach.files.atomic_write`): ``target`` is at every moment the old file or the
    whole new one; a link is followed, a device, FIFO, socket or read-only file refused; an
    existing file keeps its permissions, a new one gets the umask's; a leftover of an
    interrupted write is removed by the next. Raises :class:`OSError` naming ``target``."""
    from kehoach.files import place_file

    place_file(made, target)


def xml_megabytes(path: Path) -> float:
    """Uncompressed size (MB) of a .docx's parts: what LibreOffice's layout time follows."""
    try:
        with zipfile.ZipFile(path) as z:
            return sum(i.file_size for i in z.infolist()) / 1e6
    except (OSError, zipfile.BadZipFile, ValueError):
        return path.stat().st_size / 1e6


def default_timeout(sources: Sequence[Path]) -> float:
    """Seconds a conversion of ``sources`` may take: :data:`BASE_TIMEOUT_S` plus
    :data:`TIMEOUT_S_PER_MB` for each MB of their XML."""
    return BASE_TIMEOUT_S + TIMEOUT_S_PER_MB * sum(xml_megabytes(p) for p in sources)


def seconds_text(value: float) -> str:
    """Seconds as a clerk reads them in a message: ``62.1573`` → ``"62 giây"``, ``0.7`` →
    ``"0,7 giây"``, ``2.25`` → ``"2,25 giây"`` (under ten seconds, up to two decimals, with
    the Vietnamese decimal comma; never rounded to a number it is not), ``3600`` →
    ``"3.600 giây"``."""
    if value >= 10:
        return f"{round(value):,} giây".replace(",", ".")
    text = f"{max(value, 0.01):.2f}".rstrip("0").rstrip(".")
    return f"{text.replace('.', ',')} giây"


def runtime_dir() -> Path | None:
    """The folder of this user's shared listener, only its user can open it (created 0700).

    ``KEHOACH_RUNTIME_DIR``, else ``$XDG_RUNTIME_DIR/kehoach``, else
    ``<temp>/kehoach-<uid>``. ``None`` where a folder like that cannot be had (another user
    owns it, or the system has no Unix sockets).
    """
    if os.name != "posix" or not hasattr(socket, "AF_UNIX"):
        return None
    explicit = os.environ.get("KEHOACH_RUNTIME_DIR")
    if explicit:
        folder = Path(explicit)
    elif os.environ.get("XDG_RUNTIME_DIR"):
        folder = Path(os.environ["XDG_RUNTIME_DIR"]) / "kehoach"
    else:
        folder = Path(tempfile.gettempdir()) / f"kehoach-{os.getuid()}"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        info = folder.lstat()
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & 0o077 or not folder.is_dir():
        return None
    # A Unix socket's path is limited to about 100 bytes.
    if len(str(folder / "listener.sock").encode()) > 100:
        return None
    return folder


# ------------------------------------------------------------------------------------------
# Cleaning up on any exit that can be caught


class Terminated(SystemExit):
    """Raised in the main thread by SIGTERM or SIGHUP while kehoach has children to clean."""


_handlers_lock = threading.Lock()
_handler_depth = 0
_saved_handlers: dict[int, object] = {}


def _raise_terminated(signum: int, frame: object) -> None:
    raise Terminated(128 + signum)


@contextlib.contextmanager
def signals_raise() -> Iterator[None]:
    """While inside, SIGTERM and SIGHUP (SIGBREAK on Windows) raise :class:`Terminated` (a ``SystemExit``), so that
    ``finally`` blocks stop LibreOffice and remove temporary files before the process ends.

    Ctrl-C already raises ``KeyboardInterrupt``. Outside the main thread (where Python cannot
    set handlers) this does nothing; a handler the program set itself is left alone.
    """
    global _handler_depth
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    with _handlers_lock:
        if _handler_depth == 0:
            for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):  # SIGBREAK: Windows' stop request
                number = getattr(signal, name, None)
                if number is None:
                    continue
                current = signal.getsignal(number)
                if current in (signal.SIG_DFL, None):
                    _saved_handlers[number] = current
                    signal.signal(number, _raise_terminated)
        _handler_depth += 1
    try:
        yield
    finally:
        with _handlers_lock:
            _handler_depth -= 1
            if _handler_depth == 0:
                for number, previous in _saved_handlers.items():
                    signal.signal(number, previous)  # type: ignore[arg-type]
                _saved_handlers.clear()


def _owned_tempdir(prefix: str) -> str:
    """``tempfile.mkdtemp`` named ``PREFIX HOST-PID-…``; the first time a process makes one of
    a prefix, the folders of that prefix left by a process killed outright (SIGKILL, a power
    cut: no clean-up could run) are removed, and a LibreOffice still converting into one of
    them is stopped."""
    from kehoach.files import orphaned, owner_tag

    if prefix not in _swept_prefixes:
        _swept_prefixes.add(prefix)
        with contextlib.suppress(OSError):
            for entry in os.scandir(tempfile.gettempdir()):
                tag = entry.name[len(prefix):].rsplit("-", 1)[0]
                if entry.name.startswith(prefix) and orphaned(tag) and entry.is_dir(
                        follow_symlinks=False):
                    kill_processes_naming(Path(entry.path), patience=5)
                    remove_tree(Path(entry.path))
    return tempfile.mkdtemp(prefix=f"{prefix}{owner_tag()}-")


#: Prefixes whose orphaned folders this process has looked for (:func:`_owned_tempdir`).
_swept_prefixes: set[str] = set()


@contextlib.contextmanager
def private_tempdir(prefix: str) -> Iterator[Path]:
    """A temporary folder removed on any exit, SIGTERM included (see :func:`signals_raise`).

    Removal is retried for a moment: a LibreOffice just killed may still finish a file."""
    with signals_raise():
        folder = Path(_owned_tempdir(prefix))
        try:
            yield folder
        finally:
            # A LibreOffice that escaped its process group (or outlived the kill under load)
            # would write its profile and lu*.tmp files again after the folder is gone.
            kill_processes_naming(folder)
            remove_tree(folder)


def kill_processes_naming(folder: Path, patience: float = 10.0) -> None:
    """Kill every process of this user whose command line names ``folder`` (a private folder
    of ours: what names it is ours), and wait until they are gone. Linux only (``/proc``);
    elsewhere the process-group kill is all there is."""
    import time

    proc = Path("/proc")
    if not proc.is_dir():
        return
    marker = os.fsencode(str(folder))
    deadline = time.monotonic() + patience
    while True:
        found = []
        for entry in proc.iterdir():
            if not entry.name.isdigit() or int(entry.name) == os.getpid():
                continue
            try:
                if marker not in (entry / "cmdline").read_bytes():
                    continue
                state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
            except (OSError, IndexError):
                continue
            if state != "Z":
                found.append(int(entry.name))
        if not found or time.monotonic() > deadline:
            return
        for pid in found:
            with contextlib.suppress(OSError):
                os.kill(pid, getattr(signal, "SIGKILL", signal.SIGTERM))
        time.sleep(0.05)


def remove_tree(folder: Path, patience: float = 5.0) -> None:
    """Remove ``folder`` and everything in it, trying again for ``patience`` seconds."""
    import shutil
    import time

    deadline = time.monotonic() + patience
    while True:
        shutil.rmtree(folder, ignore_errors=True)
        if not folder.exists() or time.monotonic() > deadline:
            return
        time.sleep(0.05)


def child_env(tmp: Path) -> dict[str, str]:
    """The environment of a LibreOffice child: its temporary files go inside ``tmp``, so they
    go with it (LibreOffice killed on a timeout leaves its ``lu*.tmp`` files behind)."""
    tmp.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    for name in ("TMPDIR", "TMP", "TEMP"):
        env[name] = str(tmp)
    return env


def kill_group(proc: object, grace: float = 0.0) -> None:
    """Stop a child started in a group of its own (:func:`kehoach.files.processes.new_group`)
    and everything it started: SIGTERM and ``grace`` seconds, then SIGKILL to the group; on
    Windows the process tree is ended (``taskkill /T /F``) at once."""
    import subprocess

    assert isinstance(proc, subprocess.Popen)
    if proc.poll() is None and grace > 0:
        if os.name == "nt":  # CTRL_BREAK_EVENT: SIGTERM would be TerminateProcess there
            from kehoach.files.processes import ask_to_stop

            ask_to_stop(proc.pid)
        else:
            _signal_group(proc, signal.SIGTERM)
        try:
            proc.wait(grace)
        except subprocess.TimeoutExpired:
            pass
    _signal_group(proc, getattr(signal, "SIGKILL", signal.SIGTERM))  # Windows: taskkill /T /F
    with contextlib.suppress(Exception):
        proc.wait(10)
    _wait_group_gone(proc.pid)


def _wait_group_gone(pgid: int, patience: float = 5.0) -> None:
    """Wait until no process of group ``pgid`` is left (a killed child of the leader, such as
    LibreOffice's soffice.bin under its oosplash, may take a moment to go)."""
    import time

    from kehoach.files.processes import group_alive

    deadline = time.monotonic() + patience
    while time.monotonic() < deadline and group_alive(pgid):
        time.sleep(0.02)


def _signal_group(proc: object, signum: int) -> None:
    from kehoach.files.processes import signal_group

    signal_group(proc.pid, signum)  # type: ignore[attr-defined]
