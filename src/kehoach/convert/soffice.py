"""PDF through ``soffice --headless --convert-to pdf``: a fresh LibreOffice for each call.

Starting LibreOffice costs about a second; one call converts many files, so this backend is the
fast one for a batch and the one that needs nothing but LibreOffice.
:class:`kehoach.convert.listener.ListenerConverter` keeps a LibreOffice warm for single files.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from kehoach.convert.base import (
    ConversionError,
    ConversionTimeout,
    Converter,
    LibreOfficeNotFound,
    child_env,
    kill_group,
    private_tempdir,
    runtime_dir,
    seconds_text,
)
from kehoach.files.processes import new_group

#: Where LibreOffice's installer puts ``soffice`` on Windows and macOS (looked at after PATH).
USUAL_PLACES: dict[str, tuple[str, ...]] = {
    "win32": (r"C:\Program Files\LibreOffice\program\soffice.exe",
              r"C:\Program Files (x86)\LibreOffice\program\soffice.exe"),
    "darwin": ("/Applications/LibreOffice.app/Contents/MacOS/soffice",),
}


def soffice_setting() -> str | None:
    """``KEHOACH_SOFFICE`` as meant: blanks around it and one pair of quotes around the path
    removed (cmd.exe's ``set X="C:\\Program Files\\…"`` keeps the quotes in the value);
    ``None`` when it is not set or blank."""
    value = os.environ.get("KEHOACH_SOFFICE", "").strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        value = value[1:-1].strip()
    return value or None


def find_soffice() -> str | None:
    """Path of the LibreOffice program, or ``None``.

    ``KEHOACH_SOFFICE`` (a path) overrides the search; otherwise ``soffice`` or
    ``libreoffice`` on PATH, then the installer's usual place on Windows and macOS
    (:data:`USUAL_PLACES`).
    """
    override = soffice_setting()
    if override:
        return override if Path(override).exists() else None
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return found
    for place in USUAL_PLACES.get(sys.platform, ()):
        if Path(place).is_file():
            return place
    return None


def not_found_message(*, found: bool = False) -> str:
    """What to do when LibreOffice is missing (or, ``found``, is there but does not run), in
    Vietnamese, naming ``KEHOACH_SOFFICE``."""
    override = soffice_setting()
    if found:
        head = (f"KEHOACH_SOFFICE={override} không phải chương trình soffice chạy được."
                if override else "")
    else:
        head = (f"Không tìm thấy LibreOffice tại KEHOACH_SOFFICE={override}." if override else
                "Không tìm thấy LibreOffice (soffice).")
    head = f"{head} " if head else ""
    return (f"{head}Cài LibreOffice (https://www.libreoffice.org/download/; Debian/Ubuntu: "
            "apt-get install libreoffice-writer-nogui), hoặc đặt biến môi trường "
            "KEHOACH_SOFFICE là đường dẫn đến chương trình soffice. Thường ở: Windows "
            r"C:\Program Files\LibreOffice\program\soffice.exe; macOS "
            "/Applications/LibreOffice.app/Contents/MacOS/soffice; Linux /usr/bin/soffice.")


def _why_not_run(exc: OSError) -> str:
    """Why a program did not start, in Vietnamese (Python's words are the system's)."""
    from kehoach.errors import describe_os_error

    if isinstance(exc, PermissionError):  # a file without the right to run, or a folder
        return "không có quyền chạy tệp này (không phải chương trình, hoặc là một thư mục)"
    if isinstance(exc, FileNotFoundError):
        return "không có tệp này"
    return describe_os_error(exc, with_file=False)


def require_soffice() -> str:
    """:func:`find_soffice`, or :class:`LibreOfficeNotFound` with :func:`not_found_message`."""
    soffice = find_soffice()
    if soffice is None:
        raise LibreOfficeNotFound(not_found_message())
    return soffice


class OneShotConverter(Converter):
    """``soffice --convert-to pdf``: one LibreOffice run converts every file of a call.

    Each run has a profile and a temporary folder of its own (two commands at once never meet,
    nor meet a user's open LibreOffice), runs in a process group of its own, and is killed
    whole on a timeout, an exception, Ctrl-C, SIGTERM or SIGHUP; its folder goes with it.
    """

    kind = "soffice"

    def __init__(self, soffice: str | None = None) -> None:
        super().__init__()
        self.soffice = soffice

    def _convert(self, jobs: Sequence[tuple[Path, Path]], timeout: float,
                 progress: Callable[[Path], None]) -> None:
        soffice = self.soffice or require_soffice()
        groups: dict[Path, list[Path]] = {}
        for src, target in jobs:
            groups.setdefault(target.parent, []).append(src)
        done: set[Path] = set()
        running: list[Path] = []  # the targets of the run going on, in LibreOffice's order

        def watch(finished: bool = False) -> None:
            if self.cancelled.is_set():
                raise ConversionError("đã hủy chuyển đổi")
            # LibreOffice writes the PDFs one after another, in the order it is given: one is
            # whole once the next one appears (or the run has ended), not as soon as it exists.
            for n, target in enumerate(running):
                if target in done:
                    continue
                if finished or any(later.exists() for later in running[n + 1:]):
                    if target.is_file():
                        done.add(target)
                        progress(target)

        deadline = time.monotonic() + timeout
        template = _profile_template(soffice)
        with private_tempdir("kehoach-lo-") as tmp:
            if template is not None and template.is_dir():
                # LibreOffice makes a new profile in about half a second; a copy is quicker
                shutil.copytree(template, tmp / "profile", symlinks=True,
                                ignore=shutil.ignore_patterns(".lock"))
            profile = (tmp / "profile").as_uri()
            env = child_env(tmp / "tmp")
            for folder, group in groups.items():
                running[:] = [folder / (src.stem + ".pdf") for src in group]
                cmd = [soffice, f"-env:UserInstallation={profile}", "--headless",
                       "--norestore", "--convert-to", "pdf", "--outdir", str(folder),
                       *map(str, group)]
                try:
                    returncode, output = run_soffice(
                        cmd, max(deadline - time.monotonic(), 1), env, watch)
                except ConversionTimeout:  # say the caller's timeout, not what was left of it
                    raise ConversionTimeout(
                        f"LibreOffice chạy quá {seconds_text(timeout)}, đã dừng") from None
                if returncode != 0:
                    raise ConversionError(f"LibreOffice thất bại (mã {returncode}): {output}")
                watch(finished=True)
            if template is not None and not template.is_dir():
                _keep_profile(tmp / "profile", template)


def _profile_template(soffice: str) -> Path | None:
    """Where a profile LibreOffice made is kept to be copied for the next runs (per
    LibreOffice installation), or ``None`` without a private runtime folder."""
    folder = runtime_dir()
    if folder is None:
        return None
    try:
        real = os.path.realpath(soffice)
        stamp = f"{real}|{os.stat(real).st_mtime_ns}"
    except OSError:
        return None
    key = hashlib.sha256(stamp.encode("utf-8", "surrogateescape")).hexdigest()[:16]
    return folder / f"profile-{key}"


def _keep_profile(profile: Path, template: Path) -> None:
    """Copy a profile LibreOffice just made to ``template`` (atomically; a race is harmless)."""
    # one name per process and thread: a batch's runs finish side by side
    partial = template.with_name(f"{template.name}.{os.getpid()}.{threading.get_ident()}.part")
    try:
        shutil.copytree(profile, partial, symlinks=True, ignore=shutil.ignore_patterns(".lock"))
        os.rename(partial, template)
    except OSError:
        shutil.rmtree(partial, ignore_errors=True)


def run_soffice(cmd: list[str], timeout: float, env: dict[str, str] | None = None,
                tick: Callable[[], None] | None = None) -> tuple[int, str]:
    """Run LibreOffice in a process group of its own; the group is killed on a timeout and
    on any exception (Ctrl-C, :class:`kehoach.convert.base.Terminated`). ``tick`` is called
    about every 0.2 s while it runs."""
    try:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                errors="replace", **new_group(), env=env,
                                stdin=subprocess.DEVNULL)
    except OSError as exc:  # not executable, not a program
        raise LibreOfficeNotFound(f"Không chạy được LibreOffice ({cmd[0]}): {_why_not_run(exc)}. "
                                  + not_found_message(found=True)) from None
    deadline = time.monotonic() + timeout
    try:
        while True:
            try:
                out, err = proc.communicate(timeout=min(0.2, max(deadline - time.monotonic(),
                                                                 0.01)))
                break
            except subprocess.TimeoutExpired:
                if time.monotonic() >= deadline:
                    raise
                if tick is not None:
                    tick()
    except subprocess.TimeoutExpired:
        kill_group(proc)
        try:
            proc.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            # A child that left the group still holds the pipes: stop reading, never wait
            # for it (the process itself is dead and reaped by kill_group).
            for pipe in (proc.stdout, proc.stderr):
                if pipe is not None:
                    pipe.close()
        raise ConversionTimeout(f"LibreOffice chạy quá {seconds_text(timeout)}, đã dừng") from None
    except BaseException:
        kill_group(proc)
        raise
    # LibreOffice may leave a child behind (its oosplash, a crash reporter): not ours to keep.
    kill_group(proc)
    return proc.returncode, (err or "").strip() or (out or "").strip()


def to_pdf(paths, outdir=None, *, timeout: float | None = None) -> list[Path]:  # noqa: ANN001
    """Compatibility: :meth:`OneShotConverter.convert` (``kehoach.convert.to_pdf`` chooses)."""
    return OneShotConverter().convert(paths, outdir, timeout=timeout)
