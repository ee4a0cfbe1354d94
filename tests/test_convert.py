"""The converter: both backends convert; timeouts, signals and exits leave nothing behind.

Each backend runs for real (LibreOffice; the listener on Debian's python3-uno, which
scripts/install-test-deps.sh installs). "Nothing behind" is looked up in /proc: no process whose
command line names the test's temporary folder, and that folder empty.
"""

from __future__ import annotations

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


def test_a_listener_that_is_not_there_is_a_clear_error(tmp_path):
    from kehoach.convert import ListenerUnavailable

    with pytest.raises(ListenerUnavailable, match="không kết nối được"):
        ListenerConverter.connect("unix:" + str(tmp_path / "none.sock"))
    with pytest.raises(ListenerUnavailable):
        ListenerConverter.connect("127.0.0.1:9")


def test_missing_libreoffice_names_the_setting_and_usual_places(monkeypatch, tmp_path):
    from kehoach.convert import LibreOfficeNotFound

    monkeypatch.setenv("KEHOACH_SOFFICE", str(tmp_path / "soffice"))
    source = tmp_path / "a.docx"
    source.write_bytes(b"x")
    with pytest.raises(LibreOfficeNotFound) as error:
        to_pdf([source], spec="soffice")
    text = str(error.value)
    assert "KEHOACH_SOFFICE" in text
    assert r"C:\Program Files\LibreOffice\program\soffice.exe" in text
    assert "/Applications/LibreOffice.app/Contents/MacOS/soffice" in text


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
    sources = []
    for n in range(6):
        sources.append(tmp_path / f"plan{n}.docx")
        sources[-1].write_bytes(b"PK")
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
            print(json.dumps([c.kind, c.server_pid, [str(p) for p in c.convert([sys.argv[1]])]]))
        """
    env = dict(KEHOACH_RUNTIME_DIR=str(runtime), KEHOACH_CONVERTER="auto",
               KEHOACH_LISTENER_IDLE="2")
    children = [run_python(code, tmp, str(doc), **env) for doc in docs]
    results = []
    for child in children:
        out, err = child.communicate(timeout=120)
        assert child.returncode == 0, err
        results.append(json.loads(out))
    assert {r[0] for r in results} == {"listener"}
    assert len({r[1] for r in results}) == 1, "one listener for both"
    state = json.loads((runtime / "listener.json").read_text())
    assert state["pid"] == results[0][1]
    assert oct((runtime).stat().st_mode & 0o777) == "0o700"
    assert wait_for(lambda: not processes_naming(str(tmp)), 30), processes_naming(str(tmp))
    assert wait_for(lambda: not (runtime / "listener.json").exists(), 30)
    assert not (runtime / "listener.sock").exists()
    assert list(tmp.iterdir()) == []


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

    report = FontReport(("Liberation Serif", "Liberation Serif Bold"), ((3, "🧿"),), 4)
    first, second = report.warnings("Times New Roman")
    assert "không dùng phông Times New Roman mà dùng Liberation Serif" in first
    assert "cùng độ rộng chữ" in first and "Cài phông Times New Roman" in first
    assert "4 ký tự" in second and "«🧿» (U+1F9FF, trang 3)" in second
    assert "và 3 chỗ khác" in second
    assert FontReport(("Times New Roman", "Times New Roman Bold")).warnings() == []


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
    checked = check(emoji_docx)
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
    finally:
        server.send_signal(signal.SIGINT)
        server.communicate(timeout=60)
    assert wait_for(lambda: not processes_naming(str(tmp)), 30), processes_naming(str(tmp))
    assert list(tmp.iterdir()) == []


def _connect(address: str):
    from kehoach.convert import ListenerUnavailable

    try:
        return ListenerConverter.connect(address)
    except ListenerUnavailable:
        return None


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

        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(listener.os, "fdopen", Full)
    with pytest.raises(OSError) as caught:
        listener._write(target, b"%PDF-1.7 new")
    assert caught.value.errno == errno.ENOSPC and caught.value.filename == str(target)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.pdf"]
    assert target.read_bytes() == b"old"
