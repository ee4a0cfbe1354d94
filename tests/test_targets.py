"""Where kehoach writes (issue 15.4–15.6): whatever stands at the target path, every command
that writes a file (``render``, ``fix``, ``new``, ``schema``, the PDFs of ``pdf`` and
``render --pdf``) treats it the same way, through :mod:`kehoach.files`.

* a symbolic link is followed (the file it points to is replaced) and kept;
* a FIFO, a socket, a device, a folder is never replaced: exit 3 (``fix``: 2, its code for an
  output it cannot write), nothing written;
* a file marked read-only is not replaced (a rename would, whatever its permission);
* ``-o -`` is standard output where the output is text (``new``, ``schema``) and a clear
  refusal where it is a Word document;
* a name of 245–255 bytes, legal, is written (the temporary name is shortened to fit);
* leftovers of interrupted writes of kehoach's own naming, PDFs' included, are removed by the
  next write once stale, and nothing else is.

No LibreOffice here: the PDF writers are called with a PDF's bytes, and the check of the
targets runs before LibreOffice would.
"""

from __future__ import annotations

import errno
import os
import shutil
import socket
import stat
import time
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

import kehoach as kh
from kehoach import files
from kehoach.cli import main
from kehoach.convert import base as convert_base
from kehoach.convert import listener
from kehoach.errors import NotAFileError, ReadOnlyFileError, describe_os_error

EXAMPLE = ROOT / "examples" / "hai_yen_2024.yaml"
PDF = b"%PDF-1.7 a new PDF\n%%EOF\n"
OLD = b"the old file, to be kept"

pytestmark = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX file kinds")


@pytest.fixture
def run():
    def invoke(*args: object):
        return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.fixture
def example(tmp_path) -> Path:
    path = tmp_path / "hai_yen.yaml"
    shutil.copy(EXAMPLE, path)
    return path


@pytest.fixture
def docx_file(tmp_path, hai_yen_bytes) -> Path:
    path = tmp_path / "ke_hoach.docx"
    path.write_bytes(hai_yen_bytes)
    return path


def _listing(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def _fifo(path: Path) -> Path:
    os.mkfifo(path)
    return path


def _read_only(path: Path) -> Path:
    path.write_bytes(OLD)
    path.chmod(0o444)
    return path


# --------------------------------------------------------------------------------------------
# The one check every writer makes


def test_check_target_says_what_is_there(tmp_path):
    assert files.check_target(tmp_path / "new.docx") == (tmp_path / "new.docx", None)
    with pytest.raises(NotAFileError, match="FIFO"):
        files.check_target(_fifo(tmp_path / "a.docx"))
    with pytest.raises(NotAFileError) as caught:
        files.check_target(tmp_path)
    assert caught.value.kind == "một thư mục"
    with pytest.raises(ReadOnlyFileError) as refused:
        files.check_target(_read_only(tmp_path / "ro.docx"))
    assert refused.value.filename == str(tmp_path / "ro.docx")
    assert "chỉ cho đọc" in describe_os_error(refused.value)
    real = tmp_path / "real.docx"
    real.write_bytes(OLD)
    (tmp_path / "link.docx").symlink_to(real)
    target, existing = files.check_target(tmp_path / "link.docx")
    assert target == real and existing is not None


def test_a_read_only_file_is_not_replaced_by_a_save(tmp_path, hai_yen_plan):
    target = _read_only(tmp_path / "ke_hoach.docx")
    with pytest.raises(ReadOnlyFileError):
        kh.save(hai_yen_plan, target)
    assert target.read_bytes() == OLD and _listing(tmp_path) == ["ke_hoach.docx"]


# --------------------------------------------------------------------------------------------
# kehoach render, fix, new, schema


def test_render_refuses_a_read_only_target(run, example):
    target = _read_only(example.parent / "KH05.docx")
    result = run("render", example, "-o", target)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Lỗi: không ghi được tệp '{target}': tệp chỉ cho đọc")
    assert target.read_bytes() == OLD
    assert _listing(example.parent) == ["KH05.docx", "hai_yen.yaml"]


@pytest.mark.parametrize("command", ["render", "fix"])
def test_a_word_document_is_not_written_to_standard_output(run, example, docx_file,
                                                           monkeypatch, command):
    """``-o -`` used to make a file named '-' in the current folder."""
    monkeypatch.chdir(example.parent)
    before = _listing(example.parent)
    source = example if command == "render" else docx_file
    result = run(command, source, "-o", "-")
    assert result.exit_code == 2
    assert "-o -: kehoach" in result.stderr and "không ghi văn bản Word ra đầu ra chuẩn" \
        in result.stderr
    assert result.stdout == ""
    assert _listing(example.parent) == before


@pytest.mark.parametrize("kind", ["fifo", "socket", "read-only", "link"])
def test_fix_treats_its_output_as_render_does(run, docx_file, tmp_path, kind):
    target = tmp_path / "da_sua.docx"
    holder = None
    if kind == "fifo":
        _fifo(target)
    elif kind == "socket":
        holder = socket.socket(socket.AF_UNIX)
        holder.bind(str(target))
    elif kind == "read-only":
        _read_only(target)
    else:
        real = tmp_path / "chung" / "da_sua.docx"
        real.parent.mkdir()
        real.write_bytes(OLD)
        target.symlink_to(real)
    try:
        result = run("fix", docx_file, "-o", target)
    finally:
        if holder is not None:
            holder.close()
    if kind == "link":
        assert result.exit_code in (0, 1), result.output
        assert target.is_symlink() and target.resolve().read_bytes()[:2] == b"PK"
        return
    assert result.exit_code == 2
    assert "không ghi được" in result.stderr
    assert ("chỉ cho đọc" if kind == "read-only" else "không phải một tệp thường") \
        in result.stderr
    mode = os.lstat(target).st_mode
    assert {"fifo": stat.S_ISFIFO, "socket": stat.S_ISSOCK, "read-only": stat.S_ISREG}[kind](mode)
    if kind == "read-only":
        assert target.read_bytes() == OLD


@pytest.mark.parametrize("command", ["new", "schema"])
def test_new_and_schema_write_dash_to_standard_output(run, tmp_path, monkeypatch, command):
    monkeypatch.chdir(tmp_path)
    result = run(command, "-o", "-")
    assert result.exit_code == 0
    assert result.stdout == run(command).stdout and len(result.stdout) > 100
    assert _listing(tmp_path) == []


def test_new_says_what_stands_at_its_target(run, tmp_path):
    target = _fifo(tmp_path / "ke_hoach.yaml")
    result = run("new", "-o", target)
    assert result.exit_code == 3
    assert result.stderr.startswith(f"Lỗi: không ghi được tệp '{target}': ở đây là một ống dẫn "
                                    "(FIFO)")
    assert stat.S_ISFIFO(os.lstat(target).st_mode)


# --------------------------------------------------------------------------------------------
# PDFs: the targets checked before LibreOffice runs, and written as every file


@pytest.mark.parametrize("kind", ["fifo", "socket", "read-only"])
def test_pdf_targets_are_checked_before_libreoffice_runs(docx_file, tmp_path, kind):
    target = tmp_path / "ke_hoach.pdf"
    holder = None
    if kind == "fifo":
        _fifo(target)
    elif kind == "socket":
        holder = socket.socket(socket.AF_UNIX)
        holder.bind(str(target))
    else:
        _read_only(target)
    try:
        with pytest.raises(ReadOnlyFileError if kind == "read-only" else NotAFileError):
            convert_base.plan_targets([docx_file], None)
    finally:
        if holder is not None:
            holder.close()


@pytest.mark.parametrize("write", ["one-shot", "listener"])
def test_a_pdf_is_written_as_every_file(tmp_path, write):
    """The one-shot converter moves LibreOffice's PDF into place, the listener writes the bytes
    it was sent: both follow a link and keep it, keep an existing file's mode, give a new file
    the umask's (0600 before, whatever the umask), refuse what is no regular file."""
    def put(target: Path) -> None:
        if write == "one-shot":
            made = tmp_path / "lo" / "made.pdf"
            made.parent.mkdir(exist_ok=True)
            made.write_bytes(PDF)
            convert_base.replace_file(made, target)
        else:
            listener._write(target, PDF)

    old_umask = os.umask(0o022)
    try:
        put(tmp_path / "new.pdf")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.pdf").st_mode) == 0o644
    kept = tmp_path / "kept.pdf"
    kept.write_bytes(OLD)
    kept.chmod(0o640)
    put(kept)
    assert kept.read_bytes() == PDF and stat.S_IMODE(os.stat(kept).st_mode) == 0o640
    real = tmp_path / "chung" / "real.pdf"
    real.parent.mkdir()
    real.write_bytes(OLD)
    (tmp_path / "link.pdf").symlink_to(real)
    put(tmp_path / "link.pdf")
    assert (tmp_path / "link.pdf").is_symlink() and real.read_bytes() == PDF
    with pytest.raises(NotAFileError):
        put(_fifo(tmp_path / "fifo.pdf"))
    with pytest.raises(ReadOnlyFileError):
        put(_read_only(tmp_path / "ro.pdf"))
    assert (tmp_path / "ro.pdf").read_bytes() == OLD
    assert not [n for n in _listing(tmp_path) if n.endswith((".tmp", ".part"))]


# --------------------------------------------------------------------------------------------
# Long names


def test_a_long_legal_name_is_written(tmp_path, hai_yen_plan):
    """A name of 250 bytes is legal; the temporary name (some 30 bytes longer) must not make
    the save fail with 'file name too long'."""
    for name in ("k" * 245 + ".docx", "ệ" * 81 + ".docx"):  # 250 and 248 bytes
        assert len(os.fsencode(name)) <= 255
        target = tmp_path / name
        kh.save(hai_yen_plan, target)
        assert target.read_bytes()[:2] == b"PK"
        assert len(os.fsencode(files.temporary_name(name))) <= files.NAME_MAX
        os.fsdecode(os.fsencode(files.temporary_name(name))).encode("utf-8")  # whole characters
    assert not [n for n in _listing(tmp_path) if n.endswith(".tmp")]


def test_a_name_too_long_is_said_in_vietnamese(run, example):
    target = example.parent / ("k" * 300 + ".docx")
    result = run("render", example, "-o", target)
    assert result.exit_code == 3
    assert result.stderr.startswith("Lỗi: không ghi được tệp '") and "tên tệp quá dài" \
        in result.stderr
    assert _listing(example.parent) == ["hai_yen.yaml"]


# --------------------------------------------------------------------------------------------
# Leftovers of PDFs


def test_the_sweep_removes_old_pdf_leftovers_and_nothing_else(tmp_path):
    now = time.time()

    def leftover(name: str, age_s: float) -> Path:
        path = tmp_path / name
        path.write_bytes(b"x")
        os.utime(path, (now - age_s, now - age_s))
        return path

    gone = [
        leftover(".KH05.pdf.x1y2z3_4.part", 7200),  # the listener's (mkstemp), two hours old
        leftover(".KH05.pdf.12345.part", 7200),     # a PDF copied across file systems
    ]
    keep = [
        leftover(".KH05.pdf.a1b2c3d4.part", 60),    # a minute old: a write may be running
        leftover(".KH05.pdf.part", 86400 * 9),      # not of kehoach's naming
        leftover(".notes.txt.a1b2c3d4.part", 86400 * 9),
        leftover("KH05.pdf.a1b2c3d4.part", 86400 * 9),  # not hidden: not kehoach's
    ]
    fifo = _fifo(tmp_path / ".KH06.pdf.a1b2c3d4.part")
    os.utime(fifo, (now - 7200, now - 7200))
    (tmp_path / ".KH07.pdf.a1b2c3d4.part").symlink_to(keep[0])
    os.utime(tmp_path / ".KH07.pdf.a1b2c3d4.part", (now - 7200, now - 7200),
             follow_symlinks=False)
    removed = files.remove_stale_temporaries(tmp_path, force=True)
    assert sorted(removed) == sorted(gone)
    assert all(p.exists() for p in keep)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert (tmp_path / ".KH07.pdf.a1b2c3d4.part").is_symlink()


def test_errors_keep_naming_the_target(tmp_path):
    target = tmp_path / "missing" / "KH05.pdf"
    with pytest.raises(OSError) as caught:
        listener._write(target, PDF)
    assert caught.value.errno == errno.ENOENT and caught.value.filename == str(target)


def test_a_render_error_names_the_data_file_and_the_document(run, example, tmp_path):
    """A line joining 30 fields of 100 000 emoji is 12 MB of UTF-8 in one text run, past what
    Word's readers take: it said so in English, without the file ('the rendered
    word/document.xml is not well-formed XML: … Text node too long, try XML_PARSE_HUGE')."""
    big = "😀" * 99_999 + "a"
    text = example.read_text(encoding="utf-8")
    head, tail = text.split("        coordinators:\n", 1)
    rest = tail.split("\n", 2)[2]  # the two coordinators of the first criterion
    source = tmp_path / "dai.yaml"
    names = ", ".join([f'&dai "{big}"'] + ["*dai"] * 29)
    source.write_text(f"{head}        coordinators: [{names}]\n{rest}", encoding="utf-8")
    result = run("render", source, "-o", tmp_path / "dai.docx")
    assert result.exit_code == 1, result.output
    assert result.stderr.startswith(f"Lỗi: {source}: không tạo được văn bản "
                                    f"'{tmp_path / 'dai.docx'}': một đoạn chữ của "
                                    "word/document.xml dài hơn 10.000.000 byte"), result.stderr
    assert not (tmp_path / "dai.docx").exists()


# --------------------------------------------------------------------------------------------
# LibreOffice on a full disk


def test_no_room_for_libreoffice_is_said_in_vietnamese(monkeypatch):
    """With every temporary folder full, Python says 'No usable temporary directory found in
    [...]' (FileNotFoundError), which was printed as 'không có tệp hoặc thư mục này'."""
    import tempfile

    def full(*args, **kwargs):
        raise FileNotFoundError(errno.ENOENT, "No usable temporary directory found in ['/tmp']")

    monkeypatch.setattr(tempfile, "mkdtemp", full)
    with pytest.raises(convert_base.ConversionError) as caught:
        convert_base.staging_folder()
    assert str(caught.value).startswith("không tạo được thư mục tạm cho LibreOffice (ổ đĩa đầy "
                                        "hoặc chỉ cho đọc; thư mục tạm: ")


def test_a_pdf_not_made_on_a_full_disk_says_so(docx_file, tmp_path, monkeypatch):
    """LibreOffice makes no PDF, and says nothing useful, when its folder is full."""
    import shutil as shutil_

    class Silent(convert_base.Converter):
        def _convert(self, jobs, timeout, progress):
            pass  # as LibreOffice on a full disk: exit 0, no PDF

    usage = shutil_.disk_usage(tmp_path)
    monkeypatch.setattr(shutil_, "disk_usage", lambda path: usage._replace(free=4096))
    with pytest.raises(convert_base.ConversionError) as caught:
        Silent().convert([docx_file], tmp_path / "pdf")
    message = str(caught.value)
    assert message.startswith("LibreOffice không tạo được: ") and "ke_hoach.pdf" in message
    assert "ổ đĩa chứa thư mục tạm" in message and "đã đầy" in message
    monkeypatch.undo()
    with pytest.raises(convert_base.ConversionError) as caught:
        Silent().convert([docx_file], tmp_path / "pdf")
    assert "đã đầy" not in str(caught.value)  # room enough: not put down to the disk


def test_render_pdf_beside_a_read_only_pdf(run, example):
    """The .docx is written; its PDF, whose old file is read-only, is not: one line, exit 3
    (it was exit 1), refused before LibreOffice runs."""
    pdf = _read_only(example.parent / "KH05.pdf")
    result = run("render", example, "-o", example.parent / "KH05.docx", "--pdf")
    assert result.exit_code == 3, result.output
    assert result.stderr.startswith(f"Lỗi: không ghi được tệp '{pdf}': tệp chỉ cho đọc")
    assert "(các tệp .docx đã được tạo)" in result.stderr
    assert (example.parent / "KH05.docx").read_bytes()[:2] == b"PK" and pdf.read_bytes() == OLD
