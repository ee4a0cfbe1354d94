"""Việc chạy lâu: conversions and checks, off the request thread, each with a time limit.

Everything the page writes while it works — a preview's .docx, PDF and page images, an
uploaded .docx to check — goes into one temporary folder of the running server
(:attr:`Jobs.root`), removed when the server stops, and under a random name the server chose:
never a name from the browser.

* A preview renders the plan, converts it to PDF with LibreOffice (:mod:`kehoach.convert`:
  the warm listener when it can be had, else a fresh LibreOffice) and draws each page as a
  PNG (pypdfium2). Conversions run one at a time on a worker thread; LibreOffice is stopped
  when it runs past its time.
* A check runs ``python -m kehoach check --json`` on the uploaded file in a process of its
  own, killed (with the LibreOffice it started) past its time: a hostile file can make the
  server neither hang nor run out of memory. Its report is the command line's, byte for byte.
"""

from __future__ import annotations

import concurrent.futures as cf
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
from collections import OrderedDict
from pathlib import Path
from typing import Any

import attrs

from kehoach.errors import KehoachError

#: Page images are drawn at this many pixels per inch (A4 is then 893 × 1263 px).
PREVIEW_DPI = 108
#: Previews and reports kept for the browser to fetch; older ones are deleted.
KEPT = 12


class JobError(KehoachError):
    """A conversion or a check that failed or ran out of time; the message is for the clerk."""


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


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()


class Jobs:
    """The worker thread, the temporary folder and the recent results of one server."""

    def __init__(self, *, convert_timeout: float = 120, check_timeout: float = 240) -> None:
        self.root = Path(tempfile.mkdtemp(prefix="kehoach-web-"))
        self.convert_timeout = convert_timeout
        self.check_timeout = check_timeout
        self._pool = cf.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kehoach-convert")
        self._checks = threading.BoundedSemaphore(2)
        self._lock = threading.Lock()
        self._previews: OrderedDict[str, Preview] = OrderedDict()
        self._reports: OrderedDict[str, CheckResult] = OrderedDict()
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
        """Stop the worker and remove every file the server wrote."""
        if self._closed:
            return
        self._closed = True
        self._pool.shutdown(wait=False, cancel_futures=True)
        shutil.rmtree(self.root, ignore_errors=True)

    # -------------------------------------------------------------------------------------
    # Previews and PDFs

    def _run(self, fn: Any, *args: Any) -> Any:
        future = self._pool.submit(fn, *args)
        try:
            return future.result(timeout=self.convert_timeout + 30)
        except cf.TimeoutError:
            future.cancel()
            raise JobError(f"tạo PDF quá {self.convert_timeout + 30:g} giây; thử lại sau") from None

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
            pdf = convert.pdf_bytes(docx, timeout=self.convert_timeout)
        except convert.LibreOfficeNotFound as error:
            raise JobError(f"không có LibreOffice để tạo PDF ({error})") from None
        except (KehoachError, OSError) as error:
            raise JobError(f"LibreOffice không tạo được PDF: {error}") from None
        (folder / "ke-hoach.docx").write_bytes(docx)
        path = folder / "ke-hoach.pdf"
        path.write_bytes(pdf)
        return path

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
        """``kehoach check --json`` of an uploaded .docx, in a process of its own."""
        if not self._checks.acquire(timeout=self.check_timeout):
            raise JobError("máy đang kiểm tra các văn bản khác; thử lại sau ít phút")
        try:
            token, folder = self._new_folder("check")
            source = folder / "van-ban.docx"
            source.write_bytes(docx)
            text = self._check_process(source)
        finally:
            self._checks.release()
        try:
            reports = json.loads(text)
            report = dict(reports[0])
        except (ValueError, IndexError, KeyError, TypeError):
            raise JobError("không đọc được kết quả kiểm tra") from None
        report["path"] = label  # the clerk's name for the file, not the temporary one
        text = json.dumps([report], ensure_ascii=False, indent=2) + "\n"
        result = CheckResult(token, report, text)
        source.unlink(missing_ok=True)
        self._keep(self._reports, token, result, folder)
        return result

    def _check_process(self, source: Path) -> str:
        cmd = [sys.executable, "-m", "kehoach", "check", "--json", source.name]
        proc = subprocess.Popen(cmd, cwd=source.parent, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True, encoding="utf-8",
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=self.check_timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            proc.communicate()
            raise JobError(f"kiểm tra quá {self.check_timeout:g} giây, đã dừng; văn bản quá "
                           "lớn hoặc có cấu trúc bất thường") from None
        if proc.returncode not in (0, 1, 2) or not out.strip():
            raise JobError("không kiểm tra được văn bản này")
        return out

    def report(self, token: str) -> CheckResult | None:
        with self._lock:
            return self._reports.get(token)


def _preview_names(pages: int) -> set[str]:
    return {f"{i}.png" for i in range(1, pages + 1)} | {"ke-hoach.pdf", "ke-hoach.docx"}
