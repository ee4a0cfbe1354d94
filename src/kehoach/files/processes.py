"""Processes, portably: whether one runs, and how a child is started and stopped with all it starts.

POSIX and Windows differ where it hurts: ``os.kill(pid, 0)`` tests a process on POSIX but on
Windows signal 0 is ``CTRL_C_EVENT`` (Ctrl+C sent to a console group, and a dead PID raises an
``OSError``); ``start_new_session`` does nothing on Windows; ``os.killpg`` does not exist there.
Everything kehoach does with its child processes (LibreOffice, the warm listener, the web page's
checks) goes through here.

Standard library only, and no import of kehoach: the listener's server, run by LibreOffice's
own Python (python3-uno), which cannot import kehoach, loads this very file by its path, so
that both sides read a process the same way.
"""

from __future__ import annotations

import errno
import os
import signal
import subprocess
from collections.abc import Callable
from typing import Any

#: Windows' access right that is enough to read a process's exit code, granted even for
#: most processes of other users.
PROCESS_QUERY_LIMITED_INFORMATION = 0x1000
#: What ``GetExitCodeProcess`` gives for a process still running.
STILL_ACTIVE = 259
#: ``OpenProcess`` of another user's (or a protected) process: it exists.
ERROR_ACCESS_DENIED = 5
#: ``OpenProcess`` of a PID no process has: it is gone.
ERROR_INVALID_PARAMETER = 87


def alive(pid: int) -> bool:
    """Whether process ``pid`` runs on this machine; ``pid`` <= 0 never does.

    POSIX: ``os.kill(pid, 0)`` (``ESRCH``: gone; ``EPERM``: another user's, running), and on
    Linux a zombie (ended, not yet reaped) counts as gone. Windows: ``OpenProcess`` and
    ``GetExitCodeProcess`` (``STILL_ACTIVE``: running; access denied: running; an invalid
    PID: gone), never a signal. When the answer cannot be read, the process is taken as
    running: its files are kept rather than removed under it.
    """
    if pid <= 0:  # os.kill(0, …) and os.kill(-1, …) address groups, not a process
        return False
    if os.name == "nt":
        return _alive_windows(pid)
    return _alive_posix(pid)


def _alive_posix(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError as exc:
        if exc.errno == errno.ESRCH:
            return False
        return True  # EPERM: another user's process; anything else: keep what it owns
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            state = handle.read().rsplit(b")", 1)[-1].split()[0]
        return state not in (b"Z", b"X")
    except (OSError, IndexError):
        return True


def _windows_api() -> tuple[Any, Callable[[], int]]:
    """kernel32 with the signatures used here, and the call that reads its last error."""
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)  # type: ignore[attr-defined]
    kernel32.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
    kernel32.OpenProcess.restype = wintypes.HANDLE
    kernel32.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
    kernel32.GetExitCodeProcess.restype = wintypes.BOOL
    kernel32.CloseHandle.argtypes = (wintypes.HANDLE,)
    kernel32.CloseHandle.restype = wintypes.BOOL
    return kernel32, ctypes.get_last_error  # type: ignore[attr-defined]


def _alive_windows(pid: int) -> bool:
    import ctypes

    try:
        kernel32, last_error = _windows_api()
    except (OSError, AttributeError):
        return True
    handle = kernel32.OpenProcess(PROCESS_QUERY_LIMITED_INFORMATION, False, pid)
    if not handle:
        # ERROR_ACCESS_DENIED: it exists; ERROR_INVALID_PARAMETER: no such process.
        return last_error() != ERROR_INVALID_PARAMETER
    try:
        code = ctypes.c_ulong()
        if not kernel32.GetExitCodeProcess(handle, ctypes.byref(code)):
            return True
        # A process that ended with exit code 259 reads as running: no program of ours
        # exits so, and the cost is a temporary kept until the next look.
        return code.value == STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def new_group() -> dict[str, Any]:
    """``subprocess.Popen`` arguments that start a child in a process group of its own, so
    that the terminal's Ctrl+C reaches kehoach only (it stops the child itself) and the child
    and all it starts can be stopped together (:func:`signal_group`): ``start_new_session``
    on POSIX, ``CREATE_NEW_PROCESS_GROUP`` on Windows (where ``start_new_session`` is
    ignored)."""
    if os.name == "nt":
        return {"creationflags": getattr(subprocess, "CREATE_NEW_PROCESS_GROUP", 0x200)}
    return {"start_new_session": True}


def signal_group(pid: int, signum: int) -> None:
    """Send ``signum`` to the process group led by ``pid`` (a child started with
    :func:`new_group`). On Windows, which has no signals for that, the process and its
    children are ended (``taskkill /T /F``) whatever ``signum`` is. A group already gone is
    no error."""
    try:
        if os.name == "nt" or not hasattr(os, "killpg"):
            subprocess.run(["taskkill", "/T", "/F", "/PID", str(pid)], capture_output=True,
                           check=False, stdin=subprocess.DEVNULL)
        else:
            os.killpg(pid, signum)
    except OSError:  # gone already, another user's, or no taskkill
        pass


def group_alive(pgid: int) -> bool:
    """Whether a process of the group led by ``pgid`` still runs (POSIX; on Windows, where
    :func:`signal_group` waits for ``taskkill``, never)."""
    if os.name == "nt" or not hasattr(os, "killpg"):
        return False
    try:
        os.killpg(pgid, 0)
    except OSError:  # none left, or none of ours
        return False
    return True


def ask_to_stop(pid: int) -> None:
    """Ask process ``pid`` to stop and clean up (it installed a handler): SIGTERM on POSIX;
    on Windows, where ``os.kill(pid, SIGTERM)`` ends a process outright, CTRL_BREAK_EVENT to
    the process group it leads (started with :func:`new_group`; Python reads it as SIGBREAK).
    """
    try:
        if os.name == "nt":
            os.kill(pid, getattr(signal, "CTRL_BREAK_EVENT", 1))
        else:
            os.kill(pid, signal.SIGTERM)
    except OSError:
        pass


#: The signal that ends a process outright (SIGKILL; SIGTERM where there is none).
KILL = getattr(signal, "SIGKILL", signal.SIGTERM)
