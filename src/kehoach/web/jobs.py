"""Việc chạy lâu: conversions and checks, off the request thread, each with a time limit.

Everything the page writes while it works — a preview's .docx, PDF and page images, an
uploaded .docx to check — goes into one temporary folder of the running server
(:attr:`Jobs.root`), removed when the server stops, and under a random name the server chose:
never a name from the browser.

* A preview renders the plan, converts it to PDF with LibreOffice (:mod:`kehoach.convert`:
  the warm listener when it can be had, else a fresh LibreOffice) and draws each page as a
  PNG (pypdfium2). Conversions run one at a time on a worker thread, a few more wait their
  turn; LibreOffice is stopped when it runs past its time, or when the server stops.
* A check runs ``python -m kehoach check --json`` on the uploaded file in a process of its
  own, with a LibreOffice of its own (never the shared warm one: a hostile file must not hold
  it), every temporary file of both inside the check's folder. Past its time the check is
  asked to stop (SIGTERM: it stops its LibreOffice and removes its files), then killed with
  everything it started, whatever session it runs in (every process whose command line names
  the folder), and the folder is removed: a hostile file can make the server neither hang nor
  run out of memory, and leaves nothing behind. Its report is the command line's, byte for
  byte.
* The page never waits for a slot: a check or a preview beyond the slots is refused at once
  (:class:`Busy`), so that the server's threads stay free for pages.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import weakref
from collections import OrderedDict
from pathlib import Path
from typing import Any

import attrs

from kehoach.errors import KehoachError
from kehoach.files.processes import new_group

#: Page images are drawn at this many pixels per inch (A4 is then 893 × 1263 px).
PREVIEW_DPI = 108
#: Previews and reports kept for the browser to fetch; older ones are deleted.
KEPT = 12
#: Checks run at once (each a process and a LibreOffice); one more is refused at once.
CHECKS = 2
#: Conversions waiting for the one running; one more is refused at once.
WAITING = 2
#: Seconds a check past its time has to stop by itself (SIGTERM) before it is killed.
GRACE = 3.0


class JobError(KehoachError):
    """A conversion or a check that failed or ran out of time; the message is for the clerk."""


class Busy(JobError):
    """Every slot is taken: try again in a moment (the page answers 503)."""


@attrs.frozen
class Preview:
    """Bản xem trước: the pages of a rendered plan, as PNG files in ``folder``."""

    token: str
    folder: Path
    pages: int


@attrs.frozen
class CheckResult:
    """Báo cáo kiểm tra: the command line's JSON report of one uploaded file."""

    token: str
    report: dict[str, Any]
    """One entry of ``kehoach check --json``: a report, or ``{"path", "ok": false, "error"}``."""
    text: str
    """The JSON as the command line prints it (the download)."""


class Jobs:
    """The worker thread, the temporary folder and the recent results of one server."""

    def __init__(self, *, convert_timeout: float = 120, check_timeout: float = 240) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kehoach-web-"))
        # An app whose close() is never called (a script, a test) leaves no folder behind
        # either: removed when the app is collected, or when Python exits.
        self._remove_root = weakref.finalize(self, shutil.rmtree, str(self.root), True)
        self.convert_timeout = convert_timeout
        self.check_timeout = check_timeout
        self._pool = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kehoach-convert")
        self._checks = threading.BoundedSemaphore(CHECKS)
        self._conversions = threading.BoundedSemaphore(1 + WAITING)
        self._lock = threading.Lock()
        self._previews: OrderedDict[str, Preview] = OrderedDict()
        self._reports: OrderedDict[str, CheckResult] = OrderedDict()
        self._processes: set[subprocess.Popen] = set()
        self._converters: set[Any] = set()
        self._closed = False

    # -------------------------------------------------------------------------------------
    # Folders

    def _new_folder(self, kind: str) -> tuple[str, Path]:
        token = secrets.token_hex(16)
        folder = self.root / kind / token
        folder.mkdir(parents=True)
        return token, folder

    def _keep(self, store: OrderedDict, token: str, item: Any, folder: Path | None) -> None:
        with self._lock:
            store[token] = item
            while len(store) > KEPT:
                old, _ = store.popitem(last=False)
                for kind in ("preview", "check"):
                    shutil.rmtree(self.root / kind / old, ignore_errors=True)

    def close(self) -> None:
        """Stop every check and conversion still running and remove every file the server
        wrote."""
        from kehoach.convert.base import kill_group, kill_processes_naming, remove_tree

        if self._closed:
            return
        self._closed = True
        with self._lock:
            processes, converters = list(self._processes), list(self._converters)
        for converter in converters:
            converter.cancel()  # a one-shot LibreOffice stops within a fraction of a second
        for proc in processes:
            kill_group(proc)
        self._pool.shutdown(wait=False, cancel_futures=True)
        kill_processes_naming(self.root)
        remove_tree(self.root)
        self._remove_root.detach()

    # -------------------------------------------------------------------------------------
    # Previews and PDFs

    def _run(self, fn: Any, *args: Any) -> Any:
        if not self._conversions.acquire(blocking=False):
            raise Busy("máy đang tạo các bản xem trước khác; thử lại sau ít phút")
        try:
            future = self._pool.submit(fn, *args)
        except RuntimeError:  # the server is stopping
            self._conversions.release()
            raise JobError("kehoach đang dừng") from None
        future.add_done_callback(lambda _: self._conversions.release())
        try:
            return future.result(timeout=self.convert_timeout + 30)
        except cf.TimeoutError:
            future.cancel()
            raise JobError(f"tạo PDF quá {_seconds(self.convert_timeout + 30)}; thử lại sau") from None

    def pdf(self, docx: bytes) -> bytes:
        """The PDF of a .docx, made by LibreOffice."""
        _, folder = self._new_folder("pdf")
        try:
            return self._run(self._convert, folder, docx).read_bytes()
        finally:
            shutil.rmtree(folder, ignore_errors=True)

    def preview(self, docx: bytes) -> Preview:
        """The pages of a .docx as PNG images (and its PDF, kept for download)."""
        token, folder = self._new_folder("preview")
        try:
            pages = self._run(self._pages, folder, docx)
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        preview = Preview(token, folder, pages)
        self._keep(self._previews, token, preview, folder)
        return preview

    def preview_file(self, token: str, name: str) -> Path | None:
        """A file of a kept preview (``3.png``, ``ke-hoach.pdf``), or ``None``."""
        with self._lock:
            preview = self._previews.get(token)
        if preview is None or name not in _preview_names(preview.pages):
            return None
        path = preview.folder / name
        return path if path.is_file() else None

    def _convert(self, folder: Path, docx: bytes) -> Path:
        """The PDF of ``docx``, written in ``folder``: through this user's warm LibreOffice
        when it runs or can be started (:func:`kehoach.convert.pdf_bytes`), else a fresh one."""
        from kehoach import convert

        try:
            pdf = self._pdf_bytes(docx)
        except convert.LibreOfficeNotFound as error:
            raise JobError(f"không có LibreOffice để tạo PDF ({error})") from None
        except (KehoachError, OSError) as error:
            raise JobError(f"LibreOffice không tạo được PDF: {error}") from None
        (folder / "ke-hoach.docx").write_bytes(docx)
        path = folder / "ke-hoach.pdf"
        path.write_bytes(pdf)
        return path

    def _pdf_bytes(self, docx: bytes) -> bytes:
        """:func:`kehoach.convert.pdf_bytes`, with the converter kept where :meth:`close` can
        cancel it."""
        from kehoach import convert

        spec = (os.environ.get("KEHOACH_CONVERTER") or "auto").strip()
        with convert.converter(1) as first:
            try:
                return self._converting(first, docx)
            except convert.ListenerUnavailable:
                if spec != "auto":
                    raise
        with convert.OneShotConverter() as again:  # the warm listener died: a fresh one
            return self._converting(again, docx)

    def _converting(self, converter: Any, docx: bytes) -> bytes:
        with self._lock:
            if self._closed:
                raise JobError("kehoach đang dừng")
            self._converters.add(converter)
        try:
            return converter.convert_bytes(docx, timeout=self.convert_timeout)
        finally:
            with self._lock:
                self._converters.discard(converter)

    def _pages(self, folder: Path, docx: bytes) -> int:
        pdf = self._convert(folder, docx)
        try:
            from kehoach.convert.pages import iter_png_pages
        except ImportError:  # pragma: no cover - an older kehoach.convert
            raise JobError("kehoach.convert không vẽ được trang PDF") from None
        count = 0
        try:
            for count, png in enumerate(iter_png_pages(pdf, dpi=PREVIEW_DPI), start=1):
                (folder / f"{count}.png").write_bytes(png)
        except ImportError as error:
            raise JobError(f"{error} (pip install \"kehoach[web]\")") from None
        return count

    # -------------------------------------------------------------------------------------
    # Checks

    def check(self, docx: bytes, label: str) -> CheckResult:
        """``kehoach check --json`` of an uploaded .docx, in a process of its own;
        :class:`Busy` at once when :data:`CHECKS` checks run."""
        from kehoach.convert.base import remove_tree

        if not self._checks.acquire(blocking=False):
            raise Busy(f"máy đang kiểm tra {CHECKS} văn bản khác; thử lại sau ít phút")
        try:
            token, folder = self._new_folder("check")
            source = folder / "van-ban.docx"
            try:
                source.write_bytes(docx)
                text = self._check_process(source)
            except BaseException:
                remove_tree(folder)
                raise
            finally:
                source.unlink(missing_ok=True)
        finally:
            self._checks.release()
        try:
            reports = json.loads(text)
            report = dict(reports[0])
        except (ValueError, IndexError, KeyError, TypeError):
            remove_tree(folder)
            raise JobError("không đọc được kết quả kiểm tra") from None
        report["path"] = label  # the clerk's name for the file, not the temporary one
        text = json.dumps([report], ensure_ascii=False, indent=2) + "\n"
        result = CheckResult(token, report, text)
        self._keep(self._reports, token, result, folder)
        return result

    def _check_process(self, source: Path) -> str:
        """Run the check of ``source`` with its temporary files inside ``source``'s folder;
        nothing it started runs afterwards, whatever happened."""
        from kehoach.convert.base import kill_group, kill_processes_naming, remove_tree

        folder = source.parent
        tmp = folder / "tmp"
        tmp.mkdir()
        cmd = [sys.executable, "-m", "kehoach", "check", "--json", source.name]
        proc = subprocess.Popen(cmd, cwd=folder, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, text=True,
                                encoding="utf-8", errors="replace", **new_group(),
                                env=_check_env(tmp))
        with self._lock:
            self._processes.add(proc)
        try:
            out, _ = proc.communicate(timeout=self.check_timeout)
        except subprocess.TimeoutExpired:
            kill_group(proc, grace=GRACE)  # SIGTERM first: it stops its LibreOffice itself
            proc.communicate()
            raise JobError(f"kiểm tra quá {_seconds(self.check_timeout)}, đã dừng; văn bản quá "
                           "lớn hoặc có cấu trúc bất thường") from None
        except BaseException:
            kill_group(proc)
            raise
        finally:
            with self._lock:
                self._processes.discard(proc)
            # What escaped the process group (LibreOffice starts in a session of its own)
            # names the folder: it goes, and so do the files it wrote.
            kill_processes_naming(folder)
            remove_tree(tmp)
        if proc.returncode not in (0, 1, 2) or not out.strip():
            raise JobError("không kiểm tra được văn bản này")
        return out

    def report(self, token: str) -> CheckResult | None:
        with self._lock:
            return self._reports.get(token)


def _check_env(tmp: Path) -> dict[str, str]:
    """The environment of a check: its temporary files (the checker's, LibreOffice's profile)
    in ``tmp``; a LibreOffice of its own (``soffice``), unless the office named a converter on
    another machine (``HOST:PORT``: no process, no file here)."""
    from kehoach.convert.base import runtime_dir

    env = dict(os.environ)
    for name in ("TMPDIR", "TMP", "TEMP"):
        env[name] = str(tmp)
    spec = env.get("KEHOACH_CONVERTER", "").strip()
    if not (":" in spec and not spec.startswith("unix:")):
        env["KEHOACH_CONVERTER"] = "soffice"
    runtime = runtime_dir()  # where LibreOffice's first profile is kept, to start faster
    if runtime is not None:
        env["KEHOACH_RUNTIME_DIR"] = str(runtime)
    return env


def _preview_names(pages: int) -> set[str]:
    return {f"{i}.png" for i in range(1, pages + 1)} | {"ke-hoach.pdf", "ke-hoach.docx"}


def _seconds(value: float) -> str:
    from kehoach.convert.base import seconds_text

    return seconds_text(value)
