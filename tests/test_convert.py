"""The converter: both backends convert; timeouts, signals and exits leave nothing behind.

Each backend runs for real (LibreOffice; the listener on Debian's python3-uno, which
scripts/install-test-deps.sh installs). "Nothing behind" is looked up in /proc: no process whose
command line names the test's temporary folder, and that folder empty.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import attrs
import pytest

from kehoach.convert import (
    ConversionError,
    ConversionTimeout,
    ListenerConverter,
    OneShotConverter,
    find_soffice,
    to_pdf,
)

pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")

SRC = Path(__file__).resolve().parents[1] / "src"


def processes_naming(marker: str) -> list[str]:
    """Command lines of running processes that contain ``marker`` (zombies excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode("utf-8",
                                                                                   "replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if marker in cmdline and state != "Z":
            found.append(f"{entry.name}: {cmdline}")
    return found


def wait_for(condition, timeout: float = 60.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


@pytest.fixture(scope="module")
def big_docx(tmp_path_factory, hai_yen_plan) -> Path:
    """A plan of 800 criteria (about 190 pages): LibreOffice takes seconds over it."""
    import kehoach as kh
    from kehoach.model import CriterionSolution

    plan = kh.Plan(**{f.name: getattr(hai_yen_plan, f.name) for f in attrs.fields(kh.Plan)})
    parts = list(plan.parts)
    for index, part in enumerate(parts):
        criteria = [c for c in part.children if isinstance(c, CriterionSolution)]
        if criteria:
            repeated = [attrs.evolve(criteria[i % len(criteria)], number=i + 1)
                        for i in range(800)]
            parts[index] = attrs.evolve(part, children=repeated)
            break
    path = tmp_path_factory.mktemp("big") / "big.docx"
    kh.save(attrs.evolve(plan, parts=parts), path)
    return path


@pytest.fixture(scope="module")
def listener():
    with ListenerConverter.start() as converter:
        yield converter


@pytest.fixture(params=["soffice", "listener"])
def backend(request):
    if request.param == "soffice":
        return OneShotConverter()
    return request.getfixturevalue("listener")


# ------------------------------------------------------------------------------- both backends


def test_backends_convert_paths_and_bytes(backend, hai_yen_bytes, tmp_path):
    a, b = tmp_path / "a.docx", tmp_path / "sub" / "b.docx"
    b.parent.mkdir()
    a.write_bytes(hai_yen_bytes)
    b.write_bytes(hai_yen_bytes)
    stale = tmp_path / "out" / "a.pdf"
    stale.parent.mkdir()
    stale.write_bytes(b"old")
    made = backend.convert([a, b], tmp_path / "out")
    assert made == [tmp_path / "out" / "a.pdf", tmp_path / "out" / "b.pdf"]
    for pdf in made:
        assert pdf.read_bytes().startswith(b"%PDF")
    pdf = backend.convert_bytes(hai_yen_bytes)
    assert pdf.startswith(b"%PDF") and len(pdf) > 10_000
    # the same layout from both backends: 7 pages
    import pypdfium2

    assert len(pypdfium2.PdfDocument(pdf)) == 7


def test_backends_honour_the_umask_and_keep_an_existing_pdfs_mode(backend, hai_yen_bytes,
                                                                   tmp_path):
    """The listener wrote every PDF 0600 (mkstemp): a new PDF gets 0666 less the umask, an
    existing one keeps its mode, as kehoach's .docx writing does."""
    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    kept = tmp_path / "kept" / "a.pdf"
    kept.parent.mkdir()
    kept.write_bytes(b"old")
    kept.chmod(0o604)
    old = os.umask(0o027)
    try:
        made = backend.convert([source], tmp_path / "new")[0]
        backend.convert([source], kept.parent)
    finally:
        os.umask(old)
    assert oct(made.stat().st_mode & 0o777) == "0o640"
    assert oct(kept.stat().st_mode & 0o777) == "0o604" and kept.read_bytes().startswith(b"%PDF")


def test_backends_refuse_clashes_and_missing_files(backend, hai_yen_bytes, tmp_path):
    (tmp_path / "x").mkdir()
    (tmp_path / "y").mkdir()
    for folder in ("x", "y"):
        (tmp_path / folder / "plan.docx").write_bytes(hai_yen_bytes)
    with pytest.raises(ConversionError, match="ghi đè"):
        backend.convert([tmp_path / "x" / "plan.docx", tmp_path / "y" / "plan.docx"],
                        tmp_path / "out")
    with pytest.raises(FileNotFoundError):
        backend.convert([tmp_path / "none.docx"])


def test_a_document_libreoffice_cannot_read_is_an_error(backend, tmp_path):
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04 not a zip at all" * 10)
    with pytest.raises(ConversionError):
        backend.convert([bad])
    assert not (tmp_path / "bad.pdf").exists()


def test_a_pdf_is_never_written_over_its_source(hai_yen_bytes, tmp_path):
    """`cp a.docx "bản gốc.pdf"; kehoach pdf "bản gốc.pdf"` deleted the only copy: a target
    that is the source (its path, or a link to it) is refused and the file is left as it was."""
    from click.testing import CliRunner

    from kehoach.cli import main

    original = tmp_path / "bản gốc.pdf"
    original.write_bytes(hai_yen_bytes)
    with pytest.raises(ConversionError, match="chính tệp nguồn"):
        OneShotConverter().convert([original])
    result = CliRunner().invoke(main, ["pdf", str(original)])
    assert result.exit_code != 0 and "chính tệp nguồn" in result.stderr
    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    (tmp_path / "out").mkdir()
    os.link(source, tmp_path / "out" / "a.pdf")  # the PDF's name is the source itself
    with pytest.raises(ConversionError, match="chính tệp nguồn"):
        to_pdf([source], tmp_path / "out", spec="soffice")
    assert original.read_bytes() == hai_yen_bytes == source.read_bytes()


def test_pdf_o_naming_a_pdf_writes_that_file(hai_yen_bytes, tmp_path):
    """`kehoach pdf a.docx -o a.pdf` made a folder `a.pdf/`: with one source, `-o` ending in
    .pdf is the PDF (a PDF of the source's name beside it is left alone); with several it is
    refused; a folder of that name is still a folder; the source itself is never the target."""
    from click.testing import CliRunner

    from kehoach.cli import main

    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.pdf").write_bytes(b"keep")
    result = CliRunner().invoke(main, ["pdf", str(source), "-o", str(tmp_path / "out" / "KH.PDF")])
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(tmp_path / "out" / "KH.PDF")
    assert (tmp_path / "out" / "KH.PDF").read_bytes().startswith(b"%PDF")
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["KH.PDF", "a.pdf"]
    assert (tmp_path / "out" / "a.pdf").read_bytes() == b"keep"
    several = CliRunner().invoke(main, ["pdf", str(source), str(source), "-o", "x.pdf"])
    assert several.exit_code == 2 and "với nhiều tệp, -o là thư mục" in several.stderr
    (tmp_path / "dir.pdf").mkdir()
    folder = CliRunner().invoke(main, ["pdf", str(source), "-o", str(tmp_path / "dir.pdf")])
    assert folder.exit_code == 0 and (tmp_path / "dir.pdf" / "a.pdf").is_file()
    itself = tmp_path / "b.pdf"
    itself.write_bytes(hai_yen_bytes)
    same = CliRunner().invoke(main, ["pdf", str(itself), "-o", str(itself)])
    assert same.exit_code == 2 and "chính tệp nguồn" in same.stderr
    assert itself.read_bytes() == hai_yen_bytes
    assert "tên tệp PDF" in CliRunner().invoke(main, ["pdf", "--help"]).output


def test_only_word_and_opendocument_texts_are_converted(hai_yen_bytes, tmp_path):
    """A source is judged by its content, before anything is written: a PDF or a picture
    named .docx is refused, and a PDF already at its target stays."""
    from kehoach.convert.base import NotADocument, document_kind

    pdf = tmp_path / "ke_hoach.pdf"
    pdf.write_bytes(b"%PDF-1.7 old")
    fake = tmp_path / "ke_hoach.docx"
    fake.write_bytes(b"%PDF-1.7 not a document")
    with pytest.raises(NotADocument, match="ke_hoach.docx"):
        OneShotConverter().convert([fake])
    assert pdf.read_bytes() == b"%PDF-1.7 old"
    real = tmp_path / "real.docx"
    real.write_bytes(hai_yen_bytes)
    assert document_kind(real) == "docx" and document_kind(pdf) is None
    assert document_kind(Path(__file__).parent) is None


def test_an_older_pdf_is_replaced_whole(backend, hai_yen_bytes, tmp_path):
    """The older PDF is not removed before the conversion: until the new one is complete,
    the old one is there (its inode is the one replaced, in one rename)."""
    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    older = tmp_path / "a.pdf"
    older.write_bytes(b"old")
    seen: list[bytes] = []
    original = type(backend)._convert

    def spy(self, jobs, timeout, progress):
        seen.append(older.read_bytes())  # while LibreOffice works, the old PDF is there
        return original(self, jobs, timeout, progress)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(type(backend), "_convert", spy)
        (made,) = backend.convert([source])
    assert seen == [b"old"]
    assert made == older and older.read_bytes().startswith(b"%PDF")


def test_one_bad_file_does_not_stop_the_others(backend, hai_yen_bytes, tmp_path):
    """f02 unreadable by LibreOffice: f01 and f03 are still made, and f02 is named."""
    import zipfile

    files = [tmp_path / f"f0{n}.docx" for n in (1, 2, 3)]
    files[0].write_bytes(hai_yen_bytes)
    files[2].write_bytes(hai_yen_bytes)
    with zipfile.ZipFile(files[1], "w") as broken:
        broken.writestr("[Content_Types].xml", '<Types><Override ContentType="application/vnd.'
                        'openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
                        "</Types>")
        broken.writestr("word/document.xml", "<not xml")
    with pytest.raises(ConversionError) as error:
        backend.convert(files)
    assert "f02" in str(error.value) and "f01" not in str(error.value)
    assert "f03" not in str(error.value)
    for made in ("f01.pdf", "f03.pdf"):
        assert (tmp_path / made).read_bytes().startswith(b"%PDF")
    assert not (tmp_path / "f02.pdf").exists()


def test_a_long_tmpdir_gives_the_listener_a_short_socket_path(hai_yen_bytes, tmp_path,
                                                              monkeypatch):
    """With a TMPDIR of 120 bytes the socket's path passed the 108 bytes of a Unix socket:
    "LibreOffice did not start". The socket now goes to /tmp; converting works."""
    import tempfile

    from kehoach.convert import listener as kl

    long = tmp_path / ("t" * max(1, 120 - len(str(tmp_path))))
    long.mkdir()
    monkeypatch.setenv("TMPDIR", str(long))
    monkeypatch.setattr(tempfile, "tempdir", None)  # read TMPDIR again
    assert tempfile.gettempdir() == str(long)
    with ListenerConverter.start() as converter:
        socket_path = converter.address.removeprefix("unix:")
        assert len(socket_path.encode()) <= kl.SOCKET_PATH_MAX
        assert socket_path.startswith("/tmp/kehoach-sock-")
        assert converter.convert_bytes(hai_yen_bytes).startswith(b"%PDF")
    assert not Path(socket_path).parent.exists()
    # Where no folder gives a short enough path, it is said in Vietnamese, with the fix.
    monkeypatch.setattr(kl, "SOCKET_PATH_MAX", 5)
    from kehoach.convert import ListenerUnavailable

    with pytest.raises(ListenerUnavailable, match=r"tối đa 5; đặt biến TMPDIR"):
        ListenerConverter.start()
    assert not any(p.name.startswith("kehoach-sock-") for p in long.iterdir())


def test_a_listener_that_is_not_there_is_a_clear_error(tmp_path):
    from kehoach.convert import ListenerUnavailable

    with pytest.raises(ListenerUnavailable, match="không kết nối được"):
        ListenerConverter.connect("unix:" + str(tmp_path / "none.sock"))
    with pytest.raises(ListenerUnavailable):
        ListenerConverter.connect("127.0.0.1:9")


def test_missing_libreoffice_names_the_setting_and_usual_places(monkeypatch, tmp_path,
                                                                hai_yen_bytes):
    from kehoach.convert import LibreOfficeNotFound

    monkeypatch.setenv("KEHOACH_SOFFICE", str(tmp_path / "soffice"))
    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    with pytest.raises(LibreOfficeNotFound) as error:
        to_pdf([source], spec="soffice")
    text = str(error.value)
    assert "KEHOACH_SOFFICE" in text
    assert r"C:\Program Files\LibreOffice\program\soffice.exe" in text
    assert "/Applications/LibreOffice.app/Contents/MacOS/soffice" in text


def test_kehoach_soffice_with_quotes_or_blanks_is_the_path_inside(monkeypatch, tmp_path,
                                                                  hai_yen_bytes):
    """cmd.exe's `set KEHOACH_SOFFICE="C:\\…\\soffice.exe"` keeps the quotes in the value:
    the path inside them is used, as is one with blanks around it."""
    import shutil as sh

    from kehoach.convert.soffice import find_soffice

    real = sh.which("soffice")
    if real is None:
        pytest.skip("LibreOffice (soffice) not installed")
    for written in ("  {}  ", "'{}'", ' "{}" ', '"{}"'):
        monkeypatch.setenv("KEHOACH_SOFFICE", written.format(real))
        assert find_soffice() == real, written
    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    assert to_pdf([source], spec="soffice")[0].read_bytes().startswith(b"%PDF")
    monkeypatch.setenv("KEHOACH_SOFFICE", '"  "')
    assert find_soffice() == real  # blank: the usual search


@pytest.mark.parametrize("kind", ["not-executable", "folder"])
def test_a_kehoach_soffice_that_does_not_run_is_said_in_vietnamese(monkeypatch, tmp_path, kind,
                                                                    hai_yen_bytes):
    """A wrong KEHOACH_SOFFICE printed Python's ``[Errno 13] Permission denied`` inside the
    Vietnamese message, and called LibreOffice not found though the file was there."""
    from kehoach.convert import LibreOfficeNotFound

    program = tmp_path / "soffice"
    if kind == "folder":
        program.mkdir()
    else:
        program.write_text("not a program", encoding="utf-8")
        program.chmod(0o644)
    monkeypatch.setenv("KEHOACH_SOFFICE", str(program))
    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    with pytest.raises(LibreOfficeNotFound) as error:
        to_pdf([source], spec="soffice")
    text = str(error.value)
    assert f"Không chạy được LibreOffice ({program}): không có quyền chạy tệp này" in text
    assert f"KEHOACH_SOFFICE={program} không phải chương trình soffice chạy được" in text
    assert "Errno" not in text and "Permission" not in text and "Không tìm thấy" not in text


def test_a_converter_address_nobody_answers_is_said_in_vietnamese(tmp_path, hai_yen_bytes):
    from kehoach.convert import ConversionError

    source = tmp_path / "a.docx"
    source.write_bytes(hai_yen_bytes)
    with pytest.raises(ConversionError) as error:
        to_pdf([source], spec="127.0.0.1:9")
    text = str(error.value)
    assert "Errno" not in text and "refused" not in text.lower(), text
    assert "127.0.0.1:9" in text


# ------------------------------------------------------------------- nothing left behind


def run_python(code: str, tmp: Path, *args: str, **env: str) -> subprocess.Popen:
    """A Python child converting with kehoach; its temporary files go under ``tmp``."""
    tmp.mkdir(exist_ok=True)
    environ = dict(os.environ, TMPDIR=str(tmp), PYTHONPATH=str(SRC), **env)
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(code), *args], env=environ,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


@pytest.mark.parametrize(("spec", "signum"), [("soffice", signal.SIGTERM),
                                             ("soffice", signal.SIGINT),
                                             ("listener", signal.SIGTERM),
                                             ("auto", signal.SIGINT)])
def test_a_signal_during_a_conversion_leaves_nothing(spec, signum, big_docx, tmp_path):
    """Ctrl-C or SIGTERM while LibreOffice converts: LibreOffice stops, its files go. ``auto``
    converts a batch: two LibreOffice runs side by side, both stopped."""
    tmp = tmp_path / "t"
    out = tmp_path / "out"
    sources = [big_docx]
    if spec == "auto":
        sources = []
        for n in range(6):
            sources.append(tmp_path / f"big{n}.docx")
            shutil.copy(big_docx, sources[-1])
    child = run_python(f"""
        from kehoach.convert import to_pdf
        to_pdf({[str(p) for p in sources]!r}, {str(out)!r}, spec={spec!r})
        """, tmp, KEHOACH_RUNTIME_DIR=str(tmp_path / "rt"))
    try:
        assert wait_for(lambda: any("soffice.bin" in p for p in processes_naming(str(tmp)))), \
            child.communicate(timeout=60)
        if spec == "listener":  # the listener converts once it is up
            assert wait_for(lambda: (tmp_path / "rt" / "listener.json").exists())
        time.sleep(1.0)
        child.send_signal(signum)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode != 0
    if spec == "listener":
        # The shared listener is meant to outlive a command (it stops when idle); the
        # conversion it was doing ends without writing a PDF the user gave up on.
        time.sleep(5)
        assert not (out / "big.pdf").exists()
        stop = run_python("from kehoach.convert.listener import stop_shared; stop_shared()",
                          tmp, KEHOACH_RUNTIME_DIR=str(tmp_path / "rt"))
        assert stop.wait(60) == 0
    assert wait_for(lambda: not processes_naming(str(tmp)), 20), processes_naming(str(tmp))
    assert list(tmp.iterdir()) == []
    assert not (out / "big.pdf").exists()
    assert not (out / "big0.pdf").exists()


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_while_the_shared_listener_starts_leaves_nothing(signum, tmp_path):
    """Ctrl-C or SIGTERM before the shared listener is up (no listener.json yet): its
    LibreOffice, in a session of its own, stops, and its folder goes. A LibreOffice that never
    answers holds the start-up window open (the listener waits 90 s for it); killing only the
    listener's group left it running under PID 1 with /tmp/kehoach-listener-… for ever."""
    tmp = tmp_path / "t"
    never_ready = tmp_path / "soffice"
    never_ready.write_text(f"#!{sys.executable}\nimport time\ntime.sleep(600)\n")
    never_ready.chmod(0o755)
    source = tmp_path / "a.docx"
    source.write_bytes(b"PK")
    runtime = tmp_path / "rt"
    child = run_python(f"""
        from kehoach.convert import to_pdf
        to_pdf([{str(source)!r}], {str(tmp_path / "out")!r}, spec="listener")
        """, tmp, KEHOACH_RUNTIME_DIR=str(runtime), KEHOACH_SOFFICE=str(never_ready))
    try:
        assert wait_for(lambda: any(str(never_ready) in p and "UserInstallation" in p
                                    for p in processes_naming(str(tmp)))), \
            child.communicate(timeout=60)
        assert not (runtime / "listener.json").exists()
        child.send_signal(signum)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode != 0
    assert wait_for(lambda: not processes_naming(str(tmp)), 20), processes_naming(str(tmp))
    assert list(tmp.iterdir()) == []
    assert not (runtime / "listener.json").exists()


def test_ctrl_c_waits_for_every_run_of_a_batch_to_clean_up(tmp_path):
    """A Ctrl-C lands while the batch waits for its first run: that run, whose clean-up is the
    slower, must still finish it before the process ends. (Waiting with Thread.join, the
    interrupted join marks the thread finished while it runs, CPython gh-90882: the process
    ended with the first run's LibreOffice folder still there.)"""
    import zipfile

    sources = []
    for n in range(6):
        sources.append(tmp_path / f"plan{n}.docx")
        with zipfile.ZipFile(sources[-1], "w") as docx:  # a .docx by its content (never opened)
            docx.writestr("[Content_Types].xml", '<Override ContentType="application/vnd.'
                          'openxmlformats-officedocument.wordprocessingml.document.main+xml"/>')
    child = run_python(f"""
        import pathlib, time
        import kehoach.convert as kc
        from kehoach.convert.base import Converter

        class Run(Converter):
            kind = "soffice"

            def __init__(self, name, cleanup):
                super().__init__()
                self.name, self.cleanup = name, cleanup

            def _convert(self, jobs, timeout, progress):
                try:
                    pathlib.Path({str(tmp_path)!r}, "started-" + self.name).touch()
                    while not self.cancelled.wait(0.05):
                        pass
                    raise kc.ConversionError("đã hủy")
                finally:  # stopping LibreOffice and removing its folder take a while
                    time.sleep(self.cleanup)
                    pathlib.Path({str(tmp_path)!r}, "cleaned-" + self.name).touch()

        runs = iter([Run("first", 2.0), Run("second", 0.1)])
        kc.OneShotConverter = lambda: next(runs)
        kc.ListenerConverter.shared = staticmethod(lambda start=False: None)
        kc.os.cpu_count = lambda: 2
        kc.to_pdf({[str(p) for p in sources]!r}, {str(tmp_path / "out")!r}, spec="auto")
        """, tmp_path / "t")
    try:
        assert wait_for(lambda: all((tmp_path / f"started-{n}").exists()
                                    for n in ("first", "second")), 60)
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        child.communicate(timeout=60)
    finally:
        if child.poll() is None:
            child.kill()
    assert child.returncode != 0
    assert (tmp_path / "cleaned-second").exists()
    assert (tmp_path / "cleaned-first").exists(), "the process ended before the first run's clean-up"


def test_a_timeout_stops_libreoffice_and_removes_its_temporary_files(big_docx, tmp_path):
    tmp = tmp_path / "t"
    child = run_python(f"""
        from kehoach.convert import ConversionTimeout, OneShotConverter
        try:
            OneShotConverter().convert([{str(big_docx)!r}], {str(tmp_path)!r}, timeout=2)
        except ConversionTimeout as error:
            print("TIMEOUT", error)
        """, tmp)
    out, err = child.communicate(timeout=120)
    assert "TIMEOUT" in out and "quá 2 giây" in out, err
    assert not processes_naming(str(tmp))
    assert list(tmp.iterdir()) == []  # LibreOffice's lu*.tmp went with its folder


def test_a_listener_timeout_stops_it(big_docx, tmp_path):
    with ListenerConverter.start() as converter:
        pid = converter.process.pid
        with pytest.raises(ConversionTimeout):
            converter.convert([big_docx], tmp_path, timeout=1)
        assert converter.process.poll() is not None, "a hung listener is stopped"
    assert pid not in [int(p.split(":")[0]) for p in processes_naming("_listener_server")]


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parent = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def test_a_libreoffice_dying_in_the_listener_is_named_and_left(big_docx, tmp_path):
    """LibreOffice killed mid-conversion was "…không chuyển được: 838" (the text after the
    fault's last colon): now the listener is unavailable (auto converts one-shot instead),
    said in Vietnamese; other faults keep their whole message."""
    import threading
    import xmlrpc.client

    from kehoach.convert import ListenerUnavailable
    from kehoach.convert.listener import _fault_text

    with ListenerConverter.start() as converter:
        outcome: list[BaseException] = []
        sent = threading.Event()
        proxy = converter._proxy

        class Announcing:
            # A fixed sleep raced the conversion: on a fast machine the 190 pages were
            # converted before the kill, and nothing failed. The kill now follows the request.
            def __init__(self, timeout: float) -> None:
                self.real = proxy(timeout)

            def convert(self, *args: object) -> object:
                sent.set()
                return self.real.convert(*args)

        converter._proxy = Announcing  # type: ignore[method-assign]

        def convert() -> None:
            try:
                converter.convert([big_docx], tmp_path, timeout=300)
            except BaseException as error:  # noqa: BLE001
                outcome.append(error)

        worker = threading.Thread(target=convert)
        worker.start()
        assert sent.wait(60)
        time.sleep(0.3)  # the request reaches the listener; LibreOffice has just begun
        for pid in _descendants(converter.process.pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        worker.join(120)
    assert outcome and isinstance(outcome[0], ListenerUnavailable), outcome
    assert "đã dừng giữa chừng" in str(outcome[0])
    fault = xmlrpc.client.Fault(1, "<class 'uno.com.sun.star.lang.IllegalArgumentException'>:"
                                   "Unsupported URL <file:///tmp/a.docx>: type detection")
    assert _fault_text(fault) == "Unsupported URL <file:///tmp/a.docx>: type detection"


def test_a_private_listener_ends_with_its_owner(tmp_path):
    """Even an owner killed with SIGKILL (no cleanup possible) does not leave LibreOffice."""
    tmp = tmp_path / "t"
    child = run_python("""
        import sys, time
        from kehoach.convert import ListenerConverter
        c = ListenerConverter.start()
        print(c.address, flush=True)
        time.sleep(600)
        """, tmp)
    address = child.stdout.readline().strip()
    assert address.startswith("unix:"), child.stderr.read() if child.poll() else address
    assert processes_naming(str(tmp))
    child.kill()
    child.wait()
    assert wait_for(lambda: not processes_naming(str(tmp)), 30), processes_naming(str(tmp))
    assert wait_for(lambda: not list(tmp.iterdir()), 10), list(tmp.iterdir())


def test_a_listener_killed_outright_takes_its_libreoffice_along(tmp_path):
    """A listener killed with SIGKILL (no handler runs) left its LibreOffice running for
    good; a watcher outside it kills LibreOffice once it is gone."""
    with ListenerConverter.start() as converter:
        server = converter.process.pid
        office = [pid for pid in _descendants(server)
                  if b"soffice" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        assert office
        root = _listener_root(server)
        assert root.name.startswith("kehoach-listener-") and root.is_dir()
        os.kill(server, signal.SIGKILL)
        converter.process.wait(10)

        def gone() -> bool:
            for pid in office:
                try:
                    state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
                except OSError:
                    continue
                if state != "Z":
                    return False
            return True

        assert wait_for(gone, 30), [pid for pid in office if Path(f"/proc/{pid}").exists()]
        # Its folder (LibreOffice's profile and temporary files) went with it: each run of
        # this test left a kehoach-listener-* folder in TMPDIR.
        assert wait_for(lambda: not root.exists(), 30), list(root.iterdir())


def _listener_root(pid: int) -> Path:
    """The folder of the listener ``pid``: its LibreOffice's profile is ``ROOT/profile``."""
    for child in _descendants(pid):
        for part in Path(f"/proc/{child}/cmdline").read_bytes().split(b"\0"):
            if part.startswith(b"-env:UserInstallation=file://"):
                from urllib.parse import unquote

                return Path(unquote(part.split(b"file://", 1)[1].decode())).parent
    raise AssertionError(f"no LibreOffice with a profile under listener {pid}")


# ----------------------------------------------------------------- the shared listener


def test_the_shared_listener_starts_once_is_reused_and_stops_when_idle(hai_yen_bytes, tmp_path):
    """Two commands at once start one listener; it converts for later ones; idle, it stops
    and removes its LibreOffice, profile, socket and state."""
    tmp = tmp_path / "t"
    runtime = tmp_path / "rt"
    docs = []
    for name in ("a", "b"):
        docs.append(tmp_path / f"{name}.docx")
        docs[-1].write_bytes(hai_yen_bytes)
    code = """
        import json, sys
        from kehoach.convert import converter
        with converter(1) as c:
            print(json.dumps([c.kind, getattr(c, "server_pid", None),
                              [str(p) for p in c.convert([sys.argv[1]])]]))
        """
    env = dict(KEHOACH_RUNTIME_DIR=str(runtime), KEHOACH_CONVERTER="auto",
               KEHOACH_LISTENER_IDLE="15")
    children = [run_python(code, tmp, str(doc), **env) for doc in docs]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out))
    # One listener started; a command that finds it busy with the other's document for more
    # than a moment converts one-shot instead of waiting.
    assert "listener" in {r[0] for r in results}
    assert len({r[1] for r in results if r[0] == "listener"}) == 1, "one listener for both"
    state = json.loads((runtime / "listener.json").read_text())
    assert state["pid"] in {r[1] for r in results}
    later = run_python(code, tmp, str(docs[0]), **env)
    out, err = later.communicate(timeout=120)
    assert later.returncode == 0, err
    assert json.loads(out)[:2] == ["listener", state["pid"]], "a later command reuses it"
    assert oct((runtime).stat().st_mode & 0o777) == "0o700"
    assert wait_for(lambda: not processes_naming(str(tmp)), 60), processes_naming(str(tmp))
    assert wait_for(lambda: not (runtime / "listener.json").exists(), 30)
    assert not (runtime / "listener.sock").exists()
    assert list(tmp.iterdir()) == []


def test_a_busy_shared_listener_is_left_to_its_client(hai_yen_bytes, tmp_path, monkeypatch):
    """While one command converts through the shared listener (it serves one request at a
    time), `auto` converts one-shot at once, and a command that waits for it and runs out of
    time says so in whole seconds and leaves the listener running (it killed it, ending the
    other command's conversion)."""
    import fcntl

    from kehoach import convert
    from kehoach.convert.listener import _alive, stop_pid

    runtime = tmp_path / "rt"
    monkeypatch.setenv("KEHOACH_RUNTIME_DIR", str(runtime))
    monkeypatch.setenv("KEHOACH_CONVERTER", "auto")
    doc = tmp_path / "a.docx"
    doc.write_bytes(hai_yen_bytes)
    shared = ListenerConverter.shared(start=True, idle=120)
    try:
        with open(runtime / "listener.turn", "a+b") as other:  # another command's turn
            fcntl.flock(other, fcntl.LOCK_EX)
            assert shared.busy()
            chosen = convert.converter(1)
            assert chosen.kind == "soffice"
            assert to_pdf([doc]) == [tmp_path / "a.pdf"]
            waiting = convert.converter(1, spec="listener")
            with pytest.raises(ConversionTimeout, match=r"bận với văn bản khác quá 1,6 giây;"):
                waiting.convert([doc], timeout=1.6)
            assert _alive(shared.server_pid)
            fcntl.flock(other, fcntl.LOCK_UN)
        assert not shared.busy()
        again = convert.converter(1)
        assert again.kind == "listener" and again.server_pid == shared.server_pid
        assert again.convert_bytes(hai_yen_bytes).startswith(b"%PDF")
    finally:
        stop_pid(shared.server_pid)


def test_wrong_settings_and_odd_targets_are_vietnamese_errors(hai_yen_bytes, tmp_path,
                                                               monkeypatch):
    """KEHOACH_CONVERTER=foo in render or check was "lỗi của kehoach (ValueError …) gửi báo
    lỗi"; KEHOACH_LISTENER_IDLE=abc an English error; a folder where the PDF goes [Errno 21];
    to_pdf([]) started a listener to convert nothing."""
    from click.testing import CliRunner

    from kehoach import convert
    from kehoach.cli import main
    from kehoach.errors import SettingError

    source = Path(__file__).resolve().parents[1] / "examples" / "hai_yen_2024.yaml"
    monkeypatch.setenv("KEHOACH_CONVERTER", "foo")
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(tmp_path / "k.docx"),
                                       "--pdf"])
    assert result.exit_code == 2 and "KEHOACH_CONVERTER=foo: cần auto" in result.stderr
    assert "gửi báo lỗi" not in result.stderr
    result = CliRunner().invoke(main, ["check", str(tmp_path / "k.docx")])
    assert result.exit_code == 2 and "KEHOACH_CONVERTER=foo" in result.stderr
    monkeypatch.setenv("KEHOACH_CONVERTER", "listener")
    monkeypatch.setenv("KEHOACH_LISTENER_IDLE", "abc")
    monkeypatch.setenv("KEHOACH_RUNTIME_DIR", str(tmp_path / "rt"))
    with pytest.raises(SettingError, match="KEHOACH_LISTENER_IDLE=abc: cần một số giây"):
        convert.converter(1)
    monkeypatch.setattr(convert, "converter", None)  # nothing may be started for no file
    assert to_pdf([]) == []
    monkeypatch.undo()
    doc = tmp_path / "a.docx"
    doc.write_bytes(hai_yen_bytes)
    (tmp_path / "a.pdf").mkdir()
    with pytest.raises(ConversionError, match="thư mục trùng tên"):
        to_pdf([doc], spec="soffice")


def test_the_shared_listener_restarts_for_new_fonts_or_another_libreoffice(tmp_path,
                                                                          monkeypatch):
    """A LibreOffice reads its fonts once: after a font is installed (the font warning's
    advice) or KEHOACH_SOFFICE is changed, the next command gets a new listener."""
    from kehoach.convert import listener as module
    from kehoach.convert.listener import _alive, stop_pid

    fonts = tmp_path / "fonts"
    fonts.mkdir()
    monkeypatch.setattr(module, "_FONT_ROOTS", (str(fonts),))
    monkeypatch.setenv("KEHOACH_RUNTIME_DIR", str(tmp_path / "rt"))
    pids = []
    try:
        pids.append(ListenerConverter.shared(start=True, idle=120).server_pid)
        assert ListenerConverter.shared(start=True).server_pid == pids[0]  # reused
        (fonts / "times.ttf").write_bytes(b"a font")
        pids.append(ListenerConverter.shared(start=True, idle=120).server_pid)
        assert pids[1] != pids[0] and not _alive(pids[0])
        wrapper = tmp_path / "soffice"
        wrapper.write_text(f'#!/bin/sh\nexec {find_soffice()} "$@"\n')
        wrapper.chmod(0o755)
        monkeypatch.setenv("KEHOACH_SOFFICE", str(wrapper))
        pids.append(ListenerConverter.shared(start=True, idle=120).server_pid)
        assert pids[2] != pids[1] and not _alive(pids[1])
        assert ListenerConverter.shared(start=True).server_pid == pids[2]
    finally:
        for pid in pids:
            stop_pid(pid)


# ------------------------------------------------------------- a check never passes blind


def test_a_check_whose_pdf_cannot_be_read_is_not_passed(hai_yen_bytes, tmp_path):
    """Rendered rules asked for and not computed (a broken PDF, a timeout, no memory) leave
    the report inconclusive: never "ĐẠT"."""
    from kehoach.checker import check

    damaged = tmp_path / "plan.pdf"
    damaged.write_bytes(b"%PDF-1.7\n not really")
    report = check(hai_yen_bytes, pdf=damaged)
    assert not report.rendered
    assert not report.ok
    assert report.incomplete.startswith("chưa kiểm tra được P1")
    text = report.to_text()
    assert "CHƯA KẾT LUẬN" in text and "ĐẠT: không có lỗi" not in text
    assert report.to_dict()["ok"] is False
    # skipped on purpose: the report says so and may pass
    assert check(hai_yen_bytes, render=False).ok


# ------------------------------------------------------------------ fonts actually used


def no_font_has(char: str) -> bool:
    done = subprocess.run(["fc-list", f":charset={ord(char):x}"], capture_output=True,
                          text=True, check=False)
    return done.returncode == 0 and not done.stdout.strip()


@pytest.fixture(scope="module")
def emoji_docx(tmp_path_factory) -> Path:
    """A Kế hoạch line with an emoji (U+1F9FF) no installed font has."""
    import docx

    document = docx.Document()
    run = document.add_paragraph().add_run("Kế hoạch 🧿 năm 2024")
    run.font.name = "Times New Roman"
    path = tmp_path_factory.mktemp("emoji") / "emoji.docx"
    document.save(path)
    return path


def test_font_warnings_name_the_substitute_and_the_fix():
    from kehoach.convert import FontReport

    report = FontReport(("Liberation Serif", "Liberation Serif Bold"),
                        ((3, "🧿"), (None, "\ue000"), (None, "\u17d2")), 6, 12)
    first, second = report.warnings("Times New Roman")
    assert "không dùng phông Times New Roman mà dùng Liberation Serif" in first
    assert "cùng độ rộng chữ" in first and "Cài phông Times New Roman" in first
    assert second.startswith("12 ký tự không có trong phông nào của máy nên để trống trong "
                             "PDF (ở 6 chỗ): «🧿» (U+1F9FF, trang 3), ký tự riêng (U+E000), "
                             "«\u25cc\u17d2» (U+17D2) và 9 ký tự khác.")
    assert FontReport(("Times New Roman", "Times New Roman Bold")).warnings() == []


#: Characters of the reported case: CJK, Cherokee, private use (no font here has them), and
#: some a font here has (DejaVu Sans: ꙮ, the emoji), in a bold title and in the body.
SCRIPTS = "中文 ᏣᎳᎩ \ue000 ꙮ 😀 ☎"


@pytest.fixture(scope="module")
def scripts_pdf(tmp_path_factory) -> tuple[Path, Path]:
    import kehoach as kh

    folder = tmp_path_factory.mktemp("scripts")
    plan = kh.Plan(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An"), number=5,
        date=kh.IssueDate(2026, 3, 2), title=f"Tổ chức {SCRIPTS} năm 2026",
        parts=[kh.Part("Nội dung", [f"Đoạn có {SCRIPTS} ở giữa.", "Đoạn có ꙮ thôi."])],
        signer=kh.Signer("Nguyễn Văn An", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]))
    docx = kh.save(plan, folder / "scripts.docx")
    (pdf,) = to_pdf([docx], folder)
    return docx, pdf


def test_blank_characters_are_those_no_font_draws_wherever_libreoffice_puts_them(scripts_pdf):
    """The reported case: a title with 中文 ᏣᎳᎩ U+E000 came out blank with no warning (the
    text layer leaves out what LibreOffice wraps in /ActualText), and ꙮ, drawn in DejaVu
    Sans, was reported blank. The oracle is fontconfig: a character is blank exactly when no
    font of the machine has it."""
    from kehoach.convert import pdf_fonts
    from kehoach.convert.fonts import document_characters

    docx, pdf = scripts_pdf
    expected = {ch for ch in SCRIPTS if not ch.isspace() and no_font_has(ch)}
    assert {"中", "文", "\ue000"} <= expected and "ꙮ" not in expected  # this machine's fonts
    report = pdf_fonts(pdf, text=document_characters(docx))
    assert {ch for _, ch in report.blank} == expected
    assert report.blank_kinds == len(expected)
    assert report.blank_count == 2 * len(expected)  # in the title and in the body
    (warning,) = [w for w in report.warnings() if "để trống" in w]
    assert "«ꙮ»" not in warning and "«中» (U+4E2D" in warning
    # each with its page, those the text layer leaves out too (found by the words around)
    assert [page for page, _ in report.blank] == [1] * len(report.blank), report.blank
    assert "«文» (U+6587, trang 1)" in warning


def test_kehoach_pdf_and_check_report_what_the_document_holds(scripts_pdf, tmp_path):
    from click.testing import CliRunner

    from kehoach.checker import check
    from kehoach.cli import main

    docx, _ = scripts_pdf
    result = CliRunner().invoke(main, ["pdf", str(docx), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "«文» (U+6587, trang 1)" in result.stderr and "ký tự riêng (U+E000" in result.stderr
    assert "«ꙮ»" not in result.stderr
    checked = check(docx)
    assert any("«文» (U+6587, trang 1)" in w for w in checked.warnings)


def test_pdf_command_reports_fonts_and_blank_characters(emoji_docx, tmp_path):
    """`kehoach pdf`, `render --pdf` and `check` say which font the PDF uses and which
    characters came out blank (issue 14.3)."""
    if not no_font_has("🧿"):
        pytest.skip("a font of this machine has U+1F9FF")
    from click.testing import CliRunner

    from kehoach.checker import check
    from kehoach.cli import main
    from kehoach.convert import pdf_fonts

    result = CliRunner().invoke(main, ["pdf", str(emoji_docx), "-o", str(tmp_path)])
    assert result.exit_code == 0, result.output
    report = pdf_fonts(tmp_path / "emoji.pdf")
    assert report.blank == ((1, "🧿"),)
    assert "«🧿» (U+1F9FF, trang 1)" in result.stderr
    if not report.uses("Times New Roman"):
        assert "không dùng phông Times New Roman" in result.stderr
    else:
        assert "Times New Roman mà" not in result.stderr
    # one line, no header: taken as a Kế hoạch, as a plan's draft would be (a document the
    # decree does not govern is not rendered by check)
    checked = check(emoji_docx, doc_type="kế hoạch")
    assert any("«🧿»" in w for w in checked.warnings)
    assert "Cảnh báo:" in checked.to_text()


def test_render_pdf_warns_of_fonts(tmp_path):
    from click.testing import CliRunner

    from kehoach.cli import main

    source = Path(__file__).resolve().parents[1] / "examples" / "hai_yen_2024.yaml"
    out = tmp_path / "hai_yen.docx"
    result = CliRunner().invoke(main, ["render", str(source), "-o", str(out), "--pdf"])
    assert result.exit_code == 0, result.output
    assert out.with_suffix(".pdf").read_bytes().startswith(b"%PDF")
    from kehoach.convert import pdf_fonts

    uses_times = pdf_fonts(out.with_suffix(".pdf")).uses("Times New Roman")
    assert ("không dùng phông Times New Roman" in result.stderr) is not uses_times


def test_pdf_command_serves_and_stops(tmp_path, hai_yen_bytes):
    """`kehoach pdf --serve PORT` runs a listener others reach at HOST:PORT; Ctrl-C ends it
    and its LibreOffice."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    tmp = tmp_path / "t"
    server = run_python(f"""
        import sys
        from kehoach.cli import main
        sys.argv = ["kehoach", "pdf", "--serve", "127.0.0.1:{port}"]
        main()
        """, tmp)
    try:
        converter = wait_for(lambda: _connect(f"127.0.0.1:{port}"), 90, 0.5)
        assert converter is not None, server.stderr.read() if server.poll() is not None else ""
        doc = tmp_path / "a.docx"
        doc.write_bytes(hai_yen_bytes)
        client = run_python("from kehoach.convert import to_pdf; import sys; "
                            "print(to_pdf([sys.argv[1]]))", tmp_path / "c", str(doc),
                            KEHOACH_CONVERTER=f"127.0.0.1:{port}", KEHOACH_SOFFICE="/none")
        out, err = client.communicate(timeout=120)
        assert client.returncode == 0, err
        assert (tmp_path / "a.pdf").read_bytes().startswith(b"%PDF")
        from click.testing import CliRunner

        from kehoach.cli import main

        second = CliRunner().invoke(main, ["pdf", "--serve", f"127.0.0.1:{port}"])
        assert second.exit_code == 3 and f"cổng {port} đang được dùng" in second.stderr
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
    assert wait_for(lambda: not processes_naming(str(tmp)), 30), processes_naming(str(tmp))
    assert list(tmp.iterdir()) == []


def test_a_listener_on_every_address_is_announced_by_the_machines_own():
    """`--serve 0.0.0.0:PORT` told the other machines KEHOACH_CONVERTER=0.0.0.0:PORT."""
    from kehoach.cli.pdf import _own_address

    address = _own_address()
    assert address and not address.startswith("0.")


def _connect(address: str):
    from kehoach.convert import ListenerUnavailable

    try:
        return ListenerConverter.connect(address)
    except ListenerUnavailable:
        return None


def test_a_listener_on_the_network_takes_bytes_never_paths(hai_yen_bytes, tmp_path):
    """`kehoach pdf --serve` exposed unoserver's convert(inpath, outpath): any machine could
    read any file of the server as a PDF and write files anywhere. Over TCP only bytes in,
    PDF bytes out are served."""
    import xmlrpc.client

    secret = tmp_path / "secret.docx"
    secret.write_bytes(hai_yen_bytes)
    written = tmp_path / "written_by_client.pdf"
    with ListenerConverter.start(listen="127.0.0.1:0") as served:
        proxy = xmlrpc.client.ServerProxy(f"http://{served.address}/", allow_none=True)
        assert str(proxy.info()["api"]) == "3"
        for args in ((str(secret), None, None, "pdf"),                      # read a file
                     (None, xmlrpc.client.Binary(hai_yen_bytes), str(written), "pdf"),
                     (str(secret), None, str(written), "pdf"),
                     (None, xmlrpc.client.Binary(hai_yen_bytes), None, "odt")):
            with pytest.raises(xmlrpc.client.Fault):
                proxy.convert(*args, None, [], True, None, None)
        with pytest.raises(xmlrpc.client.Fault):
            proxy.compare(str(secret), None, str(secret), None, str(written), "pdf")
        assert not written.exists()
        assert served.convert_bytes(hai_yen_bytes).startswith(b"%PDF")


# ------------------------------------------------------------------------------------ batches


def test_a_batch_is_shared_out_and_every_pdf_made(hai_yen_bytes, tmp_path, monkeypatch):
    """Many files: one-shot runs side by side (one per core), each with its share; with a
    warm listener it takes the larger share. Every PDF is made, in the order asked."""
    from kehoach import convert

    assert convert._shares(20, 2, warm=True) == [12, 8]
    assert convert._shares(20, 2, warm=False) == [10, 10]
    assert convert._shares(7, 1, warm=False) == [7]
    sources = []
    for n in range(7):
        sources.append(tmp_path / f"plan{n}.docx")
        sources[-1].write_bytes(hai_yen_bytes)
    monkeypatch.setenv("KEHOACH_CONVERTER", "auto")
    monkeypatch.setenv("KEHOACH_RUNTIME_DIR", str(tmp_path / "rt"))
    seen = []
    made = to_pdf(sources, tmp_path / "out", progress=seen.append)
    assert made == [tmp_path / "out" / f"plan{n}.pdf" for n in range(7)]
    assert sorted(seen) == sorted(made)
    assert all(p.read_bytes().startswith(b"%PDF") for p in made)
    # no listener was started for a batch, and a profile is kept for the next one-shot runs
    assert not (tmp_path / "rt" / "listener.json").exists()
    assert list((tmp_path / "rt").glob("profile-*"))


def test_plain_documents_skip_the_glyph_search(hai_yen_bytes, emoji_docx):
    from kehoach.convert.fonts import may_lack_glyphs

    assert not may_lack_glyphs(hai_yen_bytes)  # Vietnamese letters, dashes, quotes
    assert may_lack_glyphs(emoji_docx)
    assert may_lack_glyphs(b"not a zip")


def test_png_pages_for_previews(listener, hai_yen_bytes):
    """docx → PDF (bytes) → one PNG per page, for the web page's previews."""
    pytest.importorskip("PIL")
    from kehoach.convert.pages import png_pages

    pictures = png_pages(listener.convert_bytes(hai_yen_bytes), dpi=36, pages=[1, 7])
    assert len(pictures) == 2
    import io

    from PIL import Image

    for data in pictures:
        assert data.startswith(b"\x89PNG")
        with Image.open(io.BytesIO(data)) as image:  # A4 at half of 72 dpi
            assert abs(image.size[0] - 298) <= 1 and abs(image.size[1] - 421) <= 1


def test_pdf_command_says_why_a_pdf_cannot_be_written(emoji_docx, tmp_path, monkeypatch):
    """A read-only folder or a full disk: one Vietnamese line with the path, exit 3 (was
    `LỖI: [Errno 30] Read-only file system`, exit 2, the code of a file that is not .docx)."""
    import errno

    from click.testing import CliRunner

    import kehoach.convert
    from kehoach.cli import main

    def full(paths, outdir=None, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "emoji.pdf"))

    monkeypatch.setattr(kehoach.convert, "to_pdf", full)
    result = CliRunner().invoke(main, ["pdf", str(emoji_docx), "-o", str(tmp_path)])
    assert result.exit_code == 3, result.output
    assert "ổ đĩa đã đầy" in result.stderr and "emoji.pdf" in result.stderr
    assert "Errno" not in result.stderr and "No space" not in result.stderr


def test_a_pdf_the_disk_cannot_hold_leaves_no_partial_file(tmp_path, monkeypatch):
    """The listener's PDF written to a full disk: the error names the PDF, no `.part` stays
    (an empty `p.pdf.part` was left), an older PDF is kept."""
    import errno

    from kehoach.convert import listener

    target = tmp_path / "p.pdf"
    target.write_bytes(b"old")
    real_fdopen = os.fdopen

    class Full:
        def __init__(self, fd, mode):
            self.handle = real_fdopen(fd, mode)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def fileno(self):
            return self.handle.fileno()

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(listener.os, "fdopen", Full)
    with pytest.raises(OSError) as caught:
        listener._write(target, b"%PDF-1.7 new")
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.pdf"]
    assert target.read_bytes() == b"old"


def test_a_timeout_does_not_wait_for_a_child_that_left_libreoffices_group(tmp_path):
    """A LibreOffice stand-in whose child starts a session of its own (out of reach of the
    group kill) and keeps the output pipes open: the timeout still returns, in seconds, instead
    of reading those pipes until the child ends."""
    from kehoach.convert import ConversionTimeout
    from kehoach.convert.soffice import run_soffice

    script = tmp_path / "soffice"
    script.write_text(textwrap.dedent(f"""\
        #!{sys.executable}
        import os, subprocess, sys, time
        child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"],
                                 start_new_session=True, stdout=sys.stdout, stderr=sys.stderr)
        open({str(tmp_path / "child.pid")!r}, "w").write(str(child.pid))
        time.sleep(60)
        """))
    script.chmod(0o755)
    started = time.monotonic()
    with pytest.raises(ConversionTimeout):
        run_soffice([str(script)], timeout=1)
    try:
        assert time.monotonic() - started < 30
    finally:
        with contextlib.suppress(OSError, ValueError):
            os.kill(int((tmp_path / "child.pid").read_text()), signal.SIGKILL)


def test_folders_of_a_process_killed_outright_are_removed_by_the_next_conversion(tmp_path):
    """kill -9 of a one-shot conversion left LibreOffice converting, orphaned, and its
    kehoach-lo-… profile and kehoach-out-… folder behind for ever: the next process that makes
    such a folder stops what names them and removes them; a live process's folders stay."""
    from kehoach.files import owner_tag

    tmp = tmp_path / "t"
    tmp.mkdir()
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    host = owner_tag().split("-")[0]
    orphan = tmp / f"kehoach-lo-{host}-{dead.pid}-abcd1234"
    staged = tmp / f"kehoach-out-{host}-{dead.pid}-efgh5678"
    alive = tmp / f"kehoach-lo-{owner_tag()}-live0000"  # this test process's: kept
    for folder in (orphan, staged, alive):
        (folder / "user").mkdir(parents=True)
    converting = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(120)",
                                   str(orphan)])
    try:
        child = run_python("""
            from kehoach.convert.base import private_tempdir, staging_folder
            with private_tempdir("kehoach-lo-") as folder:
                pass
            staging_folder().rmdir()
            """, tmp)
        child.communicate(timeout=60)
        assert child.returncode == 0
        assert converting.wait(20) is not None  # stopped: it named an orphaned folder
        assert not orphan.exists() and not staged.exists()
        assert alive.exists()
    finally:
        if converting.poll() is None:
            converting.kill()
