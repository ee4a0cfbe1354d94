"""A file kehoach cannot write is named as the user typed it, never by a temporary of ours.

Every command that writes through a temporary (``pdf -o``, ``render --pdf``, ``fix``) is driven
into a read-only folder and a full disk. The read-only folder is a real ``chmod`` where that
binds (not root); as root, and for the full disk (a small tmpfs needs root), the failures are
made in-process: ``os.mkdir``/``os.open`` refuse to create anything in the folder (EROFS), or
writes to files opened there fail with ENOSPC. LibreOffice is replaced by a fake ``to_pdf`` that
writes its PDF as the real one does (through :func:`kehoach.files.atomic_write`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import main


def _inside(path: object, folder: Path) -> bool:
    try:
        return folder in Path(os.fsdecode(path)).resolve().parents
    except (TypeError, ValueError):
        return False


@contextlib.contextmanager
def read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Nothing can be created in ``folder`` or under it."""
    if os.name == "posix" and os.geteuid() != 0:
        folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
        try:
            yield
        finally:
            folder.chmod(stat.S_IRWXU)
        return
    real_mkdir, real_open = os.mkdir, os.open

    def mkdir(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if _inside(path, folder):
            raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
        return real_mkdir(path, *args, **kwargs)

    def open_(path, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        if _inside(path, folder) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, "Read-only file system", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "mkdir", mkdir)
    monkeypatch.setattr(os, "open", open_)
    yield


@contextlib.contextmanager
def full_disk(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Files can be created in ``folder`` (and under it) but nothing written into them."""
    real_open, real_fdopen = os.open, os.fdopen
    full_fds: set[int] = set()

    def open_(path, flags, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        fd = real_open(path, flags, *args, **kwargs)
        if _inside(path, folder):
            full_fds.add(fd)
        return fd

    class Full:
        def __init__(self, handle):  # noqa: ANN001
            self._handle = handle

        def __getattr__(self, name):  # noqa: ANN001
            return getattr(self._handle, name)

        def __enter__(self):
            return self

        def __exit__(self, *exc):  # noqa: ANN002
            self._handle.close()

        def write(self, data):  # noqa: ANN001
            raise OSError(errno.ENOSPC, "No space left on device")

    def fdopen(fd, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
        handle = real_fdopen(fd, *args, **kwargs)
        return Full(handle) if fd in full_fds else handle

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "fdopen", fdopen)
    yield


@pytest.fixture
def fake_libreoffice(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """``to_pdf`` writing a small PDF per source into ``outdir`` as the real one puts its PDFs;
    the folders it was given."""
    import kehoach.convert
    from kehoach.files import atomic_write

    given: list[Path] = []

    def to_pdf(paths, outdir=None, **kwargs):  # noqa: ANN001, ANN003
        made = []
        for path in paths:
            folder = Path(outdir) if outdir is not None else Path(path).parent
            given.append(folder)
            made.append(atomic_write(folder / (Path(path).stem + ".pdf"), b"%PDF-1.7\n%%EOF\n"))
        return made

    monkeypatch.setattr(kehoach.convert, "to_pdf", to_pdf)
    return given


@pytest.fixture
def source(tmp_path: Path, hai_yen_bytes: bytes) -> Path:
    path = tmp_path / "src" / "p.docx"
    path.parent.mkdir()
    path.write_bytes(hai_yen_bytes)
    return path


def _one_line_naming(result, target: Path, reason: str) -> None:  # noqa: ANN001
    lines = [line for line in result.stderr.splitlines() if not line.startswith("Cảnh báo")]
    assert len(lines) == 1, result.stderr
    assert str(target) in lines[0] and reason in lines[0], lines[0]
    assert ".kehoach-" not in result.stderr and ".tmp" not in result.stderr, result.stderr
    assert "Errno" not in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("failure, reason", [(read_only, "ổ đĩa chỉ cho đọc"),
                                             (full_disk, "ổ đĩa đã đầy")])
def test_pdf_o_names_the_pdf_asked_for(failure, reason, source, tmp_path, fake_libreoffice,
                                       monkeypatch):
    """`kehoach pdf p.docx -o /ro/x.pdf` said `'/ro/.kehoach-pdf-vgk47ewz': ổ đĩa chỉ cho đọc`
    (into a full folder `'…/.kehoach-pdf-7ssm2fb8/p.pdf': ổ đĩa đã đầy`)."""
    out = tmp_path / "out"
    out.mkdir()
    target = out / "x.pdf"
    if failure is read_only and os.geteuid() != 0:
        reason = "không có quyền"  # a real chmod: EACCES
    with failure(out, monkeypatch):
        result = CliRunner().invoke(main, ["pdf", str(source), "-o", str(target)])
    assert result.exit_code == 3, result.output
    _one_line_naming(result, target, reason)
    assert sorted(p.name for p in out.iterdir()) == []  # nothing left behind
    assert all(out not in folder.parents for folder in fake_libreoffice)


@pytest.mark.parametrize("failure, reason", [(read_only, "ổ đĩa chỉ cho đọc"),
                                             (full_disk, "ổ đĩa đã đầy")])
def test_pdf_into_a_folder_names_the_pdf(failure, reason, source, tmp_path, fake_libreoffice,
                                         monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    if failure is read_only and os.geteuid() != 0:
        reason = "không có quyền"
    with failure(out, monkeypatch):
        result = CliRunner().invoke(main, ["pdf", str(source), "-o", str(out)])
    assert result.exit_code == 3, result.output
    _one_line_naming(result, out / "p.pdf", reason)
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("failure, reason", [(read_only, "ổ đĩa chỉ cho đọc"),
                                             (full_disk, "ổ đĩa đã đầy")])
def test_render_pdf_names_the_file_not_written(failure, reason, tmp_path, fake_libreoffice,
                                               monkeypatch):
    """The .docx is written (the disk holds it), the PDF is not: the message names the PDF."""
    from kehoach.cli import main as cli

    example = Path(__file__).resolve().parent.parent / "examples" / "hai_yen_2024.yaml"
    out = tmp_path / "out"
    out.mkdir()
    if failure is read_only and os.geteuid() != 0:
        reason = "không có quyền"
    with failure(out, monkeypatch):
        result = CliRunner().invoke(cli, ["render", str(example), "-o", str(out / "k.docx"),
                                          "--pdf"])
    assert result.exit_code == 3, result.output
    _one_line_naming(result, out / "k.docx", reason)


@pytest.mark.parametrize("failure, reason", [(read_only, "ổ đĩa chỉ cho đọc"),
                                             (full_disk, "ổ đĩa đã đầy")])
def test_fix_names_the_fixed_file(failure, reason, source, tmp_path, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    if failure is read_only and os.geteuid() != 0:
        reason = "không có quyền"
    with failure(out, monkeypatch):
        result = CliRunner().invoke(main, ["fix", str(source), "-o", str(out / "f.docx"),
                                           "--no-render"])
    assert result.exit_code == 2, result.output
    _one_line_naming(result, out / "f.docx", reason)
    assert list(out.iterdir()) == []
