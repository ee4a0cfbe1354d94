"""PDF through LibreOffice headless: many files in one LibreOffice run."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kehoach.errors import KehoachError


class LibreOfficeNotFound(KehoachError):
    """LibreOffice (``soffice``) is not installed, or not on PATH."""


class ConversionError(KehoachError):
    """LibreOffice ran but did not produce every PDF."""


def find_soffice() -> str | None:
    """Path of the LibreOffice binary, or ``None``. ``KEHOACH_SOFFICE`` overrides the search."""
    override = os.environ.get("KEHOACH_SOFFICE")
    if override:
        return override if Path(override).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    return None


def to_pdf(paths: Iterable[str | os.PathLike[str]], outdir: str | os.PathLike[str] | None = None,
           *, timeout: float = 300) -> list[Path]:
    """Convert .docx files to PDF in one LibreOffice run; returns the PDFs' paths.

    Each PDF is written beside its .docx, or in ``outdir``. LibreOffice runs with a profile of
    its own in a temporary folder, so conversions never meet a user's open LibreOffice.
    """
    sources = [Path(p).resolve() for p in paths]
    if not sources:
        return []
    missing = [str(p) for p in sources if not p.is_file()]
    if missing:
        raise FileNotFoundError(f"không tìm thấy tệp: {', '.join(missing)}")
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeNotFound(
            "Không tìm thấy LibreOffice (soffice). Cài đặt LibreOffice, ví dụ "
            "`apt-get install libreoffice-writer-nogui`, rồi chạy lại.")
    targets: list[Path] = []
    groups: dict[Path, list[Path]] = {}
    for src in sources:
        folder = Path(outdir).resolve() if outdir is not None else src.parent
        folder.mkdir(parents=True, exist_ok=True)
        groups.setdefault(folder, []).append(src)
        targets.append(folder / (src.stem + ".pdf"))
    clashes = sorted({str(t) for t in targets if targets.count(t) > 1})
    if clashes:  # LibreOffice would silently write one over the other
        raise ConversionError(f"nhiều tệp cùng tên sẽ ghi đè cùng một PDF: {', '.join(clashes)}")
    for target in targets:  # a stale PDF must not pass for a new one
        target.unlink(missing_ok=True)
    with tempfile.TemporaryDirectory(prefix="kehoach-lo-") as profile:
        for folder, group in groups.items():
            cmd = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                   *map(str, group)]
            returncode, output = _run(cmd, timeout)
            if returncode != 0:
                raise ConversionError(f"LibreOffice thất bại ({returncode}): {output}")
    absent = [str(t) for t in targets if not t.is_file()]
    if absent:
        raise ConversionError(f"LibreOffice không tạo được: {', '.join(absent)}")
    return targets


def _run(cmd: list[str], timeout: float) -> tuple[int, str]:
    """Run LibreOffice in a process group of its own, killed whole on timeout."""
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                start_new_session=True)
    except OSError as exc:  # not executable, not a program
        raise LibreOfficeNotFound(f"Không chạy được LibreOffice ({cmd[0]}): {exc}") from None
    try:
        out, err = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        _kill_group(proc)
        proc.communicate()
        raise ConversionError(f"LibreOffice chạy quá {timeout:g} giây, đã dừng") from None
    return proc.returncode, (err or "").strip() or (out or "").strip()


def _kill_group(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError, AttributeError):
        proc.kill()
