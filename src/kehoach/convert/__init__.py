"""PDF through LibreOffice (the convert layer): one interface, two backends.

    >>> from kehoach.convert import to_pdf, converter
    >>> to_pdf(["ke_hoach.docx"])                 # [PosixPath('ke_hoach.pdf')]
    >>> with converter() as c:                    # the fastest backend for one file
    ...     pdf = c.convert_bytes(docx_bytes)     # bytes in, bytes out

A :class:`Converter` is either a :class:`OneShotConverter` (``soffice --convert-to``: a fresh
LibreOffice per call, many files per call) or a :class:`ListenerConverter` (a LibreOffice kept
warm behind unoserver). :func:`converter` chooses by ``KEHOACH_CONVERTER``:

``auto`` (the default)
    for a few files (up to :data:`FEW`), this user's warm listener, started if needed (it
    stops by itself after 15 idle minutes); for more, the files are shared out over every
    core: the warm listener if it runs and one-shot ``soffice`` runs beside it;
``soffice``
    always a fresh LibreOffice, nothing left running;
``listener``
    always this user's warm listener (an error if it cannot start);
``HOST:PORT`` or ``unix:PATH``
    the listener there (``kehoach pdf --serve`` on a shared machine).

:func:`pdf_fonts` says which fonts a PDF embeds and which characters it draws without a glyph;
:func:`kehoach.convert.pages.png_pages` draws a PDF's pages as PNG (previews; needs Pillow).
Imports nothing of kehoach but :mod:`kehoach.errors`; ``docs/performance.md`` measures both
backends.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from kehoach.convert.base import (
    ConversionError,
    ConversionTimeout,
    Converter,
    LibreOfficeNotFound,
    PathLike,
    default_timeout,
    plan_targets,
    signals_raise,
)
from kehoach.convert.fonts import FontReport, pdf_fonts
from kehoach.convert.listener import ListenerConverter, ListenerUnavailable
from kehoach.convert.soffice import OneShotConverter, find_soffice, not_found_message
from kehoach.errors import SettingError

__all__ = ["ConversionError", "ConversionTimeout", "Converter", "FontReport",
           "LibreOfficeNotFound",
           "ListenerConverter", "ListenerUnavailable", "OneShotConverter", "available", "converter",
           "default_timeout", "find_soffice", "not_found_message", "pdf_bytes", "pdf_fonts",
           "to_pdf"]

#: Up to this many files, ``auto`` starts the warm listener when it is not running; more go
#: to one ``soffice`` run (whose start-up is shared by all of them).
FEW = 4


def converter(count: int = 1, *, spec: str | None = None) -> Converter:
    """The converter for ``count`` files, chosen by ``spec`` or ``KEHOACH_CONVERTER``.

    See the module's text for the choices. Raises :class:`ListenerUnavailable` when a
    listener is asked for (``listener``, an address) and cannot be had; ``auto`` falls back
    to :class:`OneShotConverter` instead. Raises :class:`TypeError` for a ``count`` that is no
    whole number (``converter("soffice")``: the choice is ``converter(spec="soffice")``).
    """
    if isinstance(count, bool) or not isinstance(count, int):
        hint = (f"; để chọn bộ chuyển đổi, gọi converter(spec={count!r})"
                if isinstance(count, str) else "")
        raise TypeError(f"converter(): count là số tệp sẽ chuyển (một số nguyên), không phải "
                        f"{count!r}{hint}")
    spec = _spec(spec)
    if spec == "soffice":
        return OneShotConverter()
    if spec == "listener":
        shared = ListenerConverter.shared(start=True)
        assert shared is not None
        return shared
    if spec != "auto":
        return ListenerConverter.connect(spec)
    try:
        shared = ListenerConverter.shared(start=count <= FEW)
    except ConversionError:  # no uno, no unoserver, LibreOffice did not start: one-shot
        shared = None
    if shared is None or not _free_soon(shared):  # busy with another command's: one-shot
        return OneShotConverter()
    shared.wait_turn = False  # taken meanwhile: ListenerUnavailable, and to_pdf goes one-shot
    return shared


#: Seconds ``auto`` waits for the shared listener to finish another command's conversion
#: before it starts a LibreOffice of its own (which costs one to two seconds).
BUSY_GRACE_S = 1.0


def _free_soon(shared: ListenerConverter) -> bool:
    """Whether the shared listener is free, or frees itself within :data:`BUSY_GRACE_S`."""
    import time

    deadline = time.monotonic() + BUSY_GRACE_S
    while shared.busy():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def _spec(spec: str | None) -> str:
    """``spec`` or ``KEHOACH_CONVERTER`` (default ``auto``), checked; :class:`SettingError`
    (a ``ValueError``) names a value that is none of the choices."""
    from_env = not spec
    spec = (spec or os.environ.get("KEHOACH_CONVERTER") or "auto").strip()
    if spec in ("auto", "soffice", "listener"):
        return spec
    host, _, port = spec.rpartition(":")
    if host == "unix" and port or host and port.isdigit():
        return spec
    name = "KEHOACH_CONVERTER" if from_env else "spec"
    raise SettingError(f"{name}={spec}: cần auto, soffice, listener, MÁY:CỔNG (ví dụ "
                       "192.168.1.10:2003) hoặc unix:ĐƯỜNG_DẪN")


def available(spec: str | None = None) -> str | None:
    """``None`` when PDFs can be made (LibreOffice is installed, or a listener's address is
    set), else why not, in Vietnamese (naming ``KEHOACH_SOFFICE``). Raises
    :class:`kehoach.errors.SettingError` for a ``KEHOACH_CONVERTER`` that is none of the
    choices."""
    spec = _spec(spec)
    if ":" in spec:
        return None
    if find_soffice() is None:
        return ("không có LibreOffice (soffice) để kết xuất PDF; cài LibreOffice hoặc đặt "
                "KEHOACH_SOFFICE là đường dẫn đến soffice")
    return None


def to_pdf(paths: Iterable[PathLike], outdir: PathLike | None = None, *,
           timeout: float | None = None, spec: str | None = None,
           progress: Callable[[Path], None] | None = None) -> list[Path]:
    """Convert .docx files to PDF with :func:`converter`; returns the PDFs' paths.

    Each PDF is written beside its .docx, or in ``outdir``. ``timeout`` (s) bounds the whole
    call (by default it grows with the documents' size); ``progress`` is called with each PDF
    once written. With ``auto``, a listener that fails mid-way (it died) is replaced by a
    one-shot run. Errors: see :meth:`Converter.convert`.
    """
    sources = list(paths)
    if not sources:
        return []
    if _spec(spec) == "auto" and len(sources) > FEW:
        return _batch(sources, outdir, timeout, progress)
    with converter(len(sources), spec=spec) as c:
        try:
            return c.convert(sources, outdir, timeout=timeout, progress=progress)
        except ListenerUnavailable:
            if (spec or os.environ.get("KEHOACH_CONVERTER") or "auto") != "auto":
                raise
    with OneShotConverter() as c:
        return c.convert(sources, outdir, timeout=timeout, progress=progress)


#: A one-shot LibreOffice's start-up, in conversions of a plan: how many more files the warm
#: listener takes when a batch is shared between them.
STARTUP_IN_FILES = 5
#: Seconds an interrupted batch waits for each one-shot run to stop LibreOffice and remove its
#: folder: more than the patience of all its steps together (kill_group, then
#: kill_processes_naming and remove_tree in private_tempdir).
CLEANUP_PATIENCE_S = 60.0


def _batch(sources: list[PathLike], outdir: PathLike | None, timeout: float | None,
           progress: Callable[[Path], None] | None) -> list[Path]:
    """Many files at once, on every core: the warm listener (when it runs) and one-shot
    LibreOffice runs, each with a share of the files, side by side."""
    jobs = plan_targets(sources, outdir)  # every clash and missing file before any work
    if timeout is None:
        timeout = default_timeout([src for src, _ in jobs])
    try:
        shared = ListenerConverter.shared(start=False)
    except ConversionError:
        shared = None
    if shared is not None and shared.busy():  # another command's turn: one-shot runs only
        shared = None
    workers = max(1, min(os.cpu_count() or 1, -(-len(jobs) // FEW)))
    converters: list[Converter] = [shared] if shared is not None else []
    converters += [OneShotConverter() for _ in range(workers - len(converters))]
    shares = _shares(len(jobs), len(converters), warm=shared is not None)
    converters, shares = ([c for c, n in zip(converters, shares) if n],
                          [n for n in shares if n])
    lock = threading.Lock()

    def step(path: Path) -> None:
        if progress is not None:
            with lock:
                progress(path)

    errors: list[BaseException] = []
    threads = []
    # Set by each worker once its conversion has ended and cleaned up. The main thread waits
    # on these, not on Thread.join: a Ctrl-C that interrupts a join marks the joined thread
    # as finished while it still runs (CPython gh-90882, up to 3.12), so a later join returns
    # at once and the process ends while the worker is still removing its LibreOffice's
    # folder (it was found left over, in a batch stopped by Ctrl-C under load).
    finished = [threading.Event() for _ in converters]
    start = 0
    for c, size, done in zip(converters, shares, finished):
        chunk = jobs[start:start + size]
        start += size

        def work(c: Converter = c, chunk: list = chunk, done: threading.Event = done) -> None:
            try:
                c.convert([src for src, _ in chunk], outdir, timeout=timeout, progress=step)
            except BaseException as error:  # noqa: BLE001 - handed to the main thread
                errors.append(error)
            finally:
                done.set()

        # Daemon threads: an interrupted batch does not wait for a listener's answer.
        threads.append(threading.Thread(target=work, daemon=True))
    with signals_raise():
        try:
            for thread in threads:
                thread.start()
            for done in finished:
                while not done.wait(0.2):
                    pass
        except BaseException:
            for c in converters:
                c.cancel()
            for thread, c, done in zip(threads, converters, finished):
                if c.kind == "soffice":
                    # Its LibreOffice is killed within 0.2 s of the cancel; then its folder
                    # is removed (each step has a bounded patience).
                    _wait_finished(thread, done, CLEANUP_PATIENCE_S)
            raise
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return [t for _, t in jobs]


def _wait_finished(thread: threading.Thread, done: threading.Event, patience: float) -> None:
    """Wait until a batch worker has set ``done`` (its run ended and cleaned up), at most
    ``patience`` seconds; not at all for a worker that never ran (a Ctrl-C stopped its
    ``start``): not alive, nothing set, for a second."""
    import time

    deadline = time.monotonic() + patience
    idle_since = None
    while not done.wait(0.1):
        now = time.monotonic()
        if now > deadline:
            return
        if thread.is_alive():
            idle_since = None
        elif idle_since is None:
            idle_since = now
        elif now - idle_since > 1.0:
            return


def _shares(count: int, workers: int, *, warm: bool) -> list[int]:
    """How many files each converter takes: equal shares, the warm listener (first) taking
    :data:`STARTUP_IN_FILES` more as it starts nothing."""
    if workers == 1:
        return [count]
    extra = STARTUP_IN_FILES if warm else 0
    first = min(count, (count + extra * (workers - 1)) // workers)
    rest = count - first
    others = [rest // (workers - 1) + (1 if i < rest % (workers - 1) else 0)
              for i in range(workers - 1)]
    return [first, *others]


def pdf_bytes(docx: bytes, *, timeout: float | None = None, spec: str | None = None) -> bytes:
    """The PDF of a .docx given as bytes (:func:`converter` chooses the backend)."""
    with converter(1, spec=spec) as c:
        try:
            return c.convert_bytes(docx, timeout=timeout)
        except ListenerUnavailable:
            if (spec or os.environ.get("KEHOACH_CONVERTER") or "auto") != "auto":
                raise
    with OneShotConverter() as c:
        return c.convert_bytes(docx, timeout=timeout)
