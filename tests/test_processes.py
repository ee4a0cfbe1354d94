"""kehoach.files.processes: whether a process runs, and child groups, on POSIX and Windows.

The POSIX path is tested on real processes; the Windows path (OpenProcess and
GetExitCodeProcess through ctypes, CTRL_BREAK_EVENT, taskkill) with a fake kernel32, so that its
logic runs on Linux too.
"""

from __future__ import annotations

import importlib
import os
import re
import subprocess
import sys
import time
import types
from pathlib import Path

import pytest

from kehoach.files import processes

SRC = Path(__file__).resolve().parent.parent / "src" / "kehoach"


# ---------------------------------------------------------------------------------------------
# POSIX, real processes


def test_a_running_process_is_alive() -> None:
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        assert processes.alive(child.pid)
        assert processes.alive(os.getpid())
    finally:
        child.kill()
        child.wait()


def test_a_reaped_process_is_gone_and_a_zombie_too() -> None:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    stat = Path(f"/proc/{child.pid}/stat")
    deadline = time.monotonic() + 20
    while stat.is_file() and b") Z" not in stat.read_bytes() and time.monotonic() < deadline:
        time.sleep(0.02)
    if stat.is_file():  # ended, not yet reaped: a zombie runs nothing
        assert not processes.alive(child.pid)
    child.wait()
    assert not processes.alive(child.pid)


def test_no_pid_at_or_below_zero_is_alive() -> None:
    # os.kill(0, 0) and os.kill(-1, 0) address process groups and succeed: not a process.
    assert not processes.alive(0)
    assert not processes.alive(-1)


def test_another_users_process_is_alive() -> None:
    """EPERM: the process exists, signalling it is not allowed."""
    if os.getuid() != 0:
        assert processes.alive(1)  # init, root's
        return
    # As root every os.kill(pid, 0) succeeds: ask from a child that became nobody.
    code = (f"import os; from kehoach.files.processes import alive; os.setgid(65534); "
            f"os.setuid(65534)\n"
            f"try:\n    os.kill({os.getpid()}, 0)\nexcept PermissionError:\n    print('EPERM')\n"
            f"print(alive({os.getpid()}), alive(2**22 + 12345))")
    probe = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           check=False)
    assert probe.stdout.split() == ["EPERM", "True", "False"], probe.stderr


def test_an_unexpected_error_keeps_the_process_alive(monkeypatch: pytest.MonkeyPatch) -> None:
    def kill(pid: int, signum: int) -> None:
        raise OSError(5, "I/O error")

    monkeypatch.setattr(processes.os, "kill", kill)
    assert processes.alive(4242)  # not known gone: what it owns is kept


# ---------------------------------------------------------------------------------------------
# Windows, through a fake kernel32


class FakeKernel32:
    """OpenProcess / GetExitCodeProcess / CloseHandle over a table ``pid -> exit code``; a PID
    in ``denied`` cannot be opened (another user's, a protected process)."""

    def __init__(self, table: dict[int, int], denied: set[int] = frozenset(),
                 exit_code_fails: bool = False) -> None:
        self.table, self.denied, self.exit_code_fails = table, denied, exit_code_fails
        self.last_error = 0
        self.opened: list[tuple[int, bool, int]] = []
        self.open_handles: set[int] = set()

    def OpenProcess(self, access: int, inherit: bool, pid: int) -> int:  # noqa: N802
        self.opened.append((access, inherit, pid))
        if pid in self.denied:
            self.last_error = processes.ERROR_ACCESS_DENIED
            return 0
        if pid not in self.table:
            self.last_error = processes.ERROR_INVALID_PARAMETER
            return 0
        handle = 1000 + pid
        self.open_handles.add(handle)
        return handle

    def GetExitCodeProcess(self, handle: int, ref: object) -> int:  # noqa: N802
        if self.exit_code_fails:
            self.last_error = processes.ERROR_ACCESS_DENIED
            return 0
        ref._obj.value = self.table[handle - 1000]  # type: ignore[attr-defined]
        return 1

    def CloseHandle(self, handle: int) -> int:  # noqa: N802
        self.open_handles.discard(handle)
        return 1


def _no_kill(*args: object) -> None:
    raise AssertionError(f"os.kill{args} on Windows: signal 0 there is CTRL_C_EVENT")


def _windows(monkeypatch: pytest.MonkeyPatch, module: types.ModuleType,
             kernel32: FakeKernel32, calls: list | None = None) -> None:
    """``module`` (kehoach.files.processes, or the listener server's copy of it) sees Windows."""
    fake_os = types.SimpleNamespace(name="nt", kill=_no_kill, getpid=os.getpid)
    if calls is not None:
        fake_os.kill = lambda pid, signum: calls.append(("kill", pid, signum))
    monkeypatch.setattr(module, "os", fake_os)
    monkeypatch.setattr(module, "_windows_api", lambda: (kernel32, lambda: kernel32.last_error))


RUNNING, DENIED, EXITED, UNKNOWN = 4100, 4200, 4300, 4400


@pytest.fixture
def kernel32() -> FakeKernel32:
    return FakeKernel32({RUNNING: processes.STILL_ACTIVE, EXITED: 0}, denied={DENIED})


def test_windows_reads_a_process_by_its_exit_code(monkeypatch: pytest.MonkeyPatch,
                                                 kernel32: FakeKernel32) -> None:
    _windows(monkeypatch, processes, kernel32)
    assert processes.alive(RUNNING)
    assert processes.alive(DENIED)  # ERROR_ACCESS_DENIED: it exists
    assert not processes.alive(EXITED)  # ended, a handle still open somewhere
    assert not processes.alive(UNKNOWN)  # ERROR_INVALID_PARAMETER: no such process
    assert not processes.alive(0)
    assert {access for access, _, _ in kernel32.opened} == {
        processes.PROCESS_QUERY_LIMITED_INFORMATION}
    assert not kernel32.open_handles  # every handle opened is closed


def test_windows_keeps_a_process_it_cannot_read(monkeypatch: pytest.MonkeyPatch) -> None:
    kernel32 = FakeKernel32({RUNNING: 0}, exit_code_fails=True)
    _windows(monkeypatch, processes, kernel32)
    assert processes.alive(RUNNING)
    assert not kernel32.open_handles
    kernel32 = FakeKernel32({})
    kernel32.last_error = 0

    def open_fails(access: int, inherit: bool, pid: int) -> int:
        kernel32.last_error = 6  # ERROR_INVALID_HANDLE: not an answer about the process
        return 0

    kernel32.OpenProcess = open_fails  # type: ignore[method-assign]
    monkeypatch.setattr(processes, "_windows_api",
                        lambda: (kernel32, lambda: kernel32.last_error))
    assert processes.alive(RUNNING)


def test_the_three_process_checks_use_the_portable_one(monkeypatch: pytest.MonkeyPatch,
                                                       kernel32: FakeKernel32) -> None:
    """files (stale temporaries), the listener's client (stopping it) and its server (polling
    its parent every 0.5 s) all read Windows' processes without a signal."""
    from kehoach import files
    from kehoach.convert import listener

    server = importlib.import_module("kehoach.convert._listener_server")
    _windows(monkeypatch, processes, kernel32)
    _windows(monkeypatch, server._processes, kernel32)
    monkeypatch.setattr(listener, "_reap", lambda pid: None)
    for check in (files._alive, listener._alive, server._alive):
        assert check(RUNNING) and check(DENIED), check
        assert not check(EXITED) and not check(UNKNOWN), check


def test_windows_children_get_a_group_and_are_stopped_as_a_tree(
        monkeypatch: pytest.MonkeyPatch, kernel32: FakeKernel32) -> None:
    calls: list = []
    _windows(monkeypatch, processes, kernel32, calls)
    monkeypatch.setattr(processes.subprocess, "run",
                        lambda cmd, **kw: calls.append(("run", *cmd)))
    assert processes.new_group() == {"creationflags": 0x200}  # CREATE_NEW_PROCESS_GROUP
    processes.signal_group(RUNNING, processes.KILL)
    processes.ask_to_stop(RUNNING)
    assert calls == [("run", "taskkill", "/T", "/F", "/PID", str(RUNNING)),
                     ("kill", RUNNING, 1)]  # CTRL_BREAK_EVENT, never SIGTERM (TerminateProcess)


def test_posix_children_get_a_session_and_the_group_is_signalled() -> None:
    assert processes.new_group() == {"start_new_session": True}
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"],
                             **processes.new_group())
    try:
        assert os.getpgid(child.pid) == child.pid
        processes.signal_group(child.pid, processes.KILL)
        assert child.wait(10) == -processes.KILL
        processes.signal_group(child.pid, processes.KILL)  # gone: no error
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()


def test_no_process_is_tested_or_grouped_outside_the_portable_module() -> None:
    """``os.kill(pid, 0)``, ``start_new_session`` and ``os.killpg`` are POSIX-only; they stay in
    kehoach/files/processes.py."""
    found = []
    for path in SRC.rglob("*.py"):
        if path == SRC / "files" / "processes.py":
            continue
        text = path.read_text(encoding="utf-8")
        for pattern in (r"os\.kill\([^)]*,\s*0\)", r"start_new_session\s*=", r"\bkillpg\("):
            found += [f"{path.relative_to(SRC)}: {m.group()}" for m in re.finditer(pattern, text)]
    assert found == []
