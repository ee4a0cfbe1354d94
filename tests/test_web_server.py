"""kehoach serve as it runs: waitress on a free port, its time limits, busy slots, hosts and
start-up, each looked at from outside (HTTP, sockets, /proc, the temporary folder).

"Nothing behind" is looked up as tests/test_convert.py does: no process whose command line
names the test's temporary folder, no file left in it. A stand-in LibreOffice
(``KEHOACH_SOFFICE``) that never ends, and leaves a child in a session of its own as
soffice.bin outlives its oosplash, makes a time limit hit at a known moment.
"""

from __future__ import annotations

import http.client
import io
import os
import re
import socket
import stat
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import pytest
from conftest import ROOT
from webpage import csrf_token

from kehoach.web import create_app
from kehoach.web.server import (CHANNEL_TIMEOUT, THREADS, make_server, run_in_thread,
                                stop_thread, url_of)

EXAMPLES = ROOT / "examples"

FAKE_SOFFICE = """#!{python}
# A LibreOffice that never finishes, and starts a child as oosplash starts soffice.bin: in its
# own process group or, under load, escaped from it (a session of its own).
import os, subprocess, sys, time
subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)", *sys.argv[1:]],
                 start_new_session={escape}, stdout=subprocess.DEVNULL,
                 stderr=subprocess.DEVNULL)
with open(os.environ["KEHOACH_TEST_STARTED"], "a") as mark:
    mark.write(" ".join(sys.argv) + "\\n")
time.sleep(600)
"""


def processes_naming(marker: str) -> list[str]:
    """Command lines of running processes that contain ``marker`` (zombies excluded)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            line = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except (OSError, IndexError):
            continue
        if marker in line and state != "Z":
            found.append(f"{entry.name}: {line}")
    return found


def wait_for(condition, timeout: float = 30.0, step: float = 0.1):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    return condition()


def files_under(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if not p.is_dir())


@pytest.fixture
def private_tmp(tmp_path, monkeypatch):
    """Every temporary folder of this process under ``tmp_path/tmp`` (the check's and
    LibreOffice's too), so that what names it is this test's."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    for name in ("TMPDIR", "TMP", "TEMP"):
        monkeypatch.setenv(name, str(tmp))
    return tmp


@pytest.fixture
def stuck_soffice(tmp_path, monkeypatch):
    """Install a LibreOffice that never ends (its child escaping its process group with
    ``escape=True``); returns the file it marks when started."""
    def install(escape: bool = False) -> Path:
        program = tmp_path / "soffice"
        program.write_text(FAKE_SOFFICE.format(python=sys.executable, escape=escape),
                           encoding="utf-8")
        program.chmod(program.stat().st_mode | stat.S_IXUSR)
        started = tmp_path / "started"
        monkeypatch.setenv("KEHOACH_SOFFICE", str(program))
        monkeypatch.setenv("KEHOACH_TEST_STARTED", str(started))
        return started

    return install


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "van-phong"
    folder.mkdir()
    (folder / "hai_yen_2024.yaml").write_bytes((EXAMPLES / "hai_yen_2024.yaml").read_bytes())
    return folder


def upload(client, name: str, content: bytes):
    return client.post("/check", data={"csrf_token": csrf_token(client.get("/").data),
                                       "docx": (io.BytesIO(content), name)},
                       content_type="multipart/form-data")


# --------------------------------------------------------------------------------------------
# Time limits: nothing left running, nothing left on disk


def test_a_check_past_its_time_leaves_no_process_and_no_file(private_tmp, stuck_soffice,
                                                             folder, hai_yen_bytes,
                                                             monkeypatch):
    started_mark = stuck_soffice(escape=True)  # even what escapes LibreOffice's group goes
    # Whatever converter the server is told to use, a check of an upload runs a LibreOffice
    # of its own, inside the check's folder.
    monkeypatch.setenv("KEHOACH_CONVERTER", "auto")
    app = create_app(folder, check_timeout=20)
    jobs = app.extensions["kehoach"]
    try:
        started = time.monotonic()
        page = upload(app.test_client(), "KH 05.docx", hai_yen_bytes)
        took = time.monotonic() - started
        assert page.status_code == 503, page.text
        assert "quá 20 giây, đã dừng" in page.text
        assert started_mark.exists(), "the check reached LibreOffice before its time ran out"
        assert str(jobs.root) in started_mark.read_text()  # in the check's own folder
        assert took < 20 + 15
        assert processes_naming(str(private_tmp)) == []
        assert files_under(jobs.root) == []
    finally:
        jobs.close()
    assert not jobs.root.exists()
    assert wait_for(lambda: not processes_naming(str(private_tmp)), 5) is True


def test_a_preview_past_its_time_leaves_no_process_and_no_file(private_tmp, stuck_soffice,
                                                               folder, monkeypatch):
    started_mark = stuck_soffice()
    monkeypatch.setenv("KEHOACH_CONVERTER", "soffice")
    app = create_app(folder, convert_timeout=2)
    jobs = app.extensions["kehoach"]
    client = app.test_client()
    try:
        token = csrf_token(client.get("/").data)
        opened = client.post("/open-folder", data={"csrf_token": token,
                                                   "name": "hai_yen_2024.yaml"})
        from webpage import form_pairs, with_values
        from werkzeug.datastructures import MultiDict

        shown = client.post("/plan", data=MultiDict(with_values(form_pairs(opened.data),
                                                                _action="preview")))
        assert shown.status_code == 200
        assert "Không tạo được bản xem trước" in shown.text and "quá 2 giây" in shown.text
        assert started_mark.exists()
        assert wait_for(lambda: not processes_naming(str(private_tmp)), 10) is True, \
            processes_naming(str(private_tmp))
        assert files_under(jobs.root) == []
        assert [p.name for p in private_tmp.iterdir()] == [jobs.root.name]
    finally:
        jobs.close()


def test_stopping_the_server_stops_a_preview_under_way(private_tmp, stuck_soffice, folder,
                                                      hai_yen_bytes, monkeypatch):
    """Ctrl+C while LibreOffice makes a preview: the conversion is cancelled, not waited for
    until its time runs out."""
    started_mark = stuck_soffice()
    monkeypatch.setenv("KEHOACH_CONVERTER", "soffice")
    app = create_app(folder, convert_timeout=120)
    jobs = app.extensions["kehoach"]
    outcome = []

    def preview() -> None:
        try:
            jobs.preview(hai_yen_bytes)
        except Exception as error:  # noqa: BLE001 - what the request would have shown
            outcome.append(error)

    worker = threading.Thread(target=preview)
    worker.start()
    assert wait_for(started_mark.exists, 60)
    stopped = time.monotonic()
    jobs.close()
    worker.join(30)
    assert not worker.is_alive() and time.monotonic() - stopped < 20
    assert outcome and "LibreOffice" in str(outcome[0])
    assert wait_for(lambda: not processes_naming(str(private_tmp)), 10) is True, \
        processes_naming(str(private_tmp))
    assert not jobs.root.exists()


def test_a_stalled_connection_is_closed_after_the_channel_timeout(folder):
    server, app = make_server("127.0.0.1", 0, folder, channel_timeout=1)
    thread = run_in_thread(server)
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=30) as s:
            s.sendall(b"POST /check HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
                      b"PK\x03\x04")  # and then nothing
            started = time.monotonic()
            assert s.recv(1024) == b""  # closed by the server
            assert 0.9 < time.monotonic() - started < 10
    finally:
        stop_thread(server, app, thread)


def test_the_server_runs_with_its_documented_limits(folder):
    server, app = make_server("127.0.0.1", 0, folder)
    try:
        assert server.adj.channel_timeout == CHANNEL_TIMEOUT
        assert server.adj.cleanup_interval <= 10  # silence is noticed within seconds
        assert server.adj.threads == THREADS >= 8
    finally:
        server.close()
        app.extensions["kehoach"].close()


# --------------------------------------------------------------------------------------------
# Busy: the page answers while checks run


class _Session:
    """An HTTP client with the server's cookie and CSRF token, over one connection."""

    def __init__(self, port: int) -> None:
        self.port = port
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", "/")
        response = conn.getresponse()
        self.token = csrf_token(response.read())
        self.cookie = response.getheader("Set-Cookie").split(";")[0]
        conn.close()

    def request(self, method: str, path: str, body: bytes = b"",
                headers: dict[str, str] | None = None) -> tuple[int, str, dict[str, str]]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            conn.request(method, path, body=body or None,
                         headers={"Cookie": self.cookie, **(headers or {})})
            response = conn.getresponse()
            return (response.status, response.read().decode("utf-8", "replace"),
                    dict(response.getheaders()))
        finally:
            conn.close()

    def check(self, content: bytes) -> tuple[int, str, dict[str, str]]:
        boundary = "kehoach-test-boundary"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n"
                f"{self.token}\r\n--{boundary}\r\nContent-Disposition: form-data; "
                f"name=\"docx\"; filename=\"a.docx\"\r\nContent-Type: application/octet-stream"
                f"\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
        return self.request("POST", "/check", body, {
            "Content-Type": f"multipart/form-data; boundary={boundary}"})


def test_checks_beyond_their_slots_are_refused_at_once_and_pages_still_answer(folder,
                                                                            hai_yen_bytes):
    server, app = make_server("127.0.0.1", 0, folder)
    jobs = app.extensions["kehoach"]
    release = threading.Event()
    running = []

    def slow_check(source: Path) -> str:  # a check that holds its slot until released
        running.append(source)
        release.wait(60)
        return '[{"path": "a.docx", "ok": false, "error": "x"}]'

    jobs._check_process = slow_check
    thread = run_in_thread(server)
    try:
        session = _Session(server.effective_port)
        answers: list[tuple[float, int, str]] = []

        def check() -> None:
            started = time.monotonic()
            status, text, _ = session.check(hai_yen_bytes)
            answers.append((time.monotonic() - started, status, text))

        workers = [threading.Thread(target=check) for _ in range(5)]
        for worker in workers:
            worker.start()
        assert wait_for(lambda: len(running) == 2 and len(answers) == 3, 30)
        for took, status, text in answers:  # refused at once, in Vietnamese
            assert status == 503 and took < 10
            assert "thử lại" in text
        started = time.monotonic()
        status, text, _ = session.request("GET", "/")
        assert status == 200 and time.monotonic() - started < 5
        release.set()
        for worker in workers:
            worker.join(60)
        assert sorted(status for _, status, _ in answers) == [422, 422, 503, 503, 503]
    finally:
        release.set()
        stop_thread(server, app, thread)


# --------------------------------------------------------------------------------------------
# Hosts


def test_the_ipv6_loopback_address_printed_is_the_one_that_answers(folder):
    assert url_of("::1", 8718) == "http://[::1]:8718/"
    client = create_app(folder, host="::1").test_client()
    for host in ("[::1]:8718", "[::1]", "localhost:8718", "127.0.0.1:8718",
                 "[0:0:0:0:0:0:0:1]:8718"):
        assert client.get("/", headers={"Host": host}).status_code == 200, host
    for host in ("[::2]:8718", "attacker.example", "[::1].attacker.example", "[::1"):
        assert client.get("/", headers={"Host": host}).status_code == 400, host
    try:
        server, app = make_server("::1", 0, folder)
    except OSError:
        pytest.skip("this machine has no IPv6 loopback")
    thread = run_in_thread(server)
    try:
        conn = http.client.HTTPConnection("::1", server.effective_port, timeout=30)
        conn.request("GET", "/")
        response = conn.getresponse()
        assert response.status == 200 and "kehoach" in response.read().decode()
        assert url_of("::1", server.effective_port) == \
            f"http://[::1]:{server.effective_port}/"
    finally:
        stop_thread(server, app, thread)


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_listening_on_every_address_accepts_addresses_and_named_hosts_only(folder, host):
    """A page of another site (DNS rebinding) names its own host; an address typed by a
    clerk, or a name the office gave with --allow-host, is accepted."""
    client = create_app(folder, host=host, allowed_hosts=["may-chu.xa-an-binh.lan"]).test_client()
    for good in ("192.168.1.10:8000", "[fe80::1]:8000", "[2001:db8::5]", "localhost:8000",
                 "may-chu.xa-an-binh.lan:8000", "MAY-CHU.xa-an-binh.lan", socket.gethostname()):
        assert client.get("/", headers={"Host": good}).status_code == 200, good
    for bad in ("attacker.example", "attacker.example:8000", "192.168.1.10.attacker.example",
                "may-chu.xa-an-binh.lan.attacker.example"):
        response = client.get("/", headers={"Host": bad})
        assert response.status_code == 400, bad
        assert "Địa chỉ trang không đúng" in response.text


# --------------------------------------------------------------------------------------------
# Start-up and very large uploads


def test_a_failed_start_leaves_no_temporary_folder(private_tmp, folder):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        with pytest.raises(OSError):
            make_server("127.0.0.1", taken.getsockname()[1], folder)
    assert list(private_tmp.iterdir()) == []


def test_an_app_never_closed_leaves_no_temporary_folder(tmp_path, folder):
    """A script (or a test) that makes an app and forgets close(): its folder goes when the
    app is collected, or when Python exits."""
    import subprocess

    tmp = tmp_path / "tmp"
    tmp.mkdir()
    code = ("import gc, os, sys\n"
            "from kehoach.web import create_app\n"
            "kept = create_app(sys.argv[1])\n"
            "app = create_app(sys.argv[1])\n"
            "print(len(os.listdir(sys.argv[2])))\n"
            "del app; gc.collect()\n"
            "print(len(os.listdir(sys.argv[2])))\n")
    result = subprocess.run([sys.executable, "-c", code, str(folder), str(tmp)],
                            env={**os.environ, "TMPDIR": str(tmp)}, capture_output=True,
                            text=True, timeout=120)
    assert result.stdout.split() == ["2", "1"], result.stderr
    assert list(tmp.iterdir()) == []


def test_an_upload_past_the_servers_own_limit_gets_the_vietnamese_page(folder):
    server, app = make_server("127.0.0.1", 0, folder)
    thread = run_in_thread(server)
    try:
        with socket.create_connection(("127.0.0.1", server.effective_port), timeout=30) as s:
            s.sendall(f"POST /check HTTP/1.1\r\nHost: 127.0.0.1:{server.effective_port}\r\n"
                      "Content-Type: multipart/form-data; boundary=x\r\n"
                      f"Content-Length: {10 ** 9}\r\n\r\n".encode())
            reply = b""
            while chunk := s.recv(65536):
                reply += chunk
        head, _, body = reply.partition(b"\r\n\r\n")
        assert head.startswith(b"HTTP/1.1 413"), head
        assert b"text/html; charset=utf-8" in head.lower()
        text = body.decode("utf-8")
        assert "Tệp gửi lên quá lớn (tối đa 20 MB)" in text
        assert "Request Entity Too Large" not in text
    finally:
        stop_thread(server, app, thread)
