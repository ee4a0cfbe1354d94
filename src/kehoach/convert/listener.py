"""A warm LibreOffice: conversions through a LibreOffice kept running behind unoserver.

LibreOffice takes about a second to start and a third of a second to convert a plan. A
*listener* is a LibreOffice started once and kept running behind unoserver's XML-RPC server
(https://github.com/unoconv/unoserver), so each conversion costs only the conversion.

Three ways to have one:

* **shared, per user** (:meth:`ListenerConverter.shared`): the one ``kehoach`` commands start
  on demand and reuse. It listens on a Unix socket in a folder only its user can open
  (:func:`runtime_dir`) and stops by itself after :data:`IDLE_S` seconds without a request.
  Two commands starting at once start one listener (a lock file).
* **private** (:meth:`ListenerConverter.start`): owned by one process (a web server, a test),
  stopped by :meth:`~ListenerConverter.close` and when that process ends.
* **remote** (:meth:`ListenerConverter.connect`, ``KEHOACH_CONVERTER=host:port``): a
  unoserver anyone started (``kehoach pdf --serve 0.0.0.0:2003`` on a commune server, or
  ``unoserver`` itself); documents travel as bytes, so it may run on another machine.

The listener itself runs ``_listener_server.py`` with a Python that can ``import uno``
(:func:`find_uno_python`); the client here needs only the standard library.
"""

from __future__ import annotations

import contextlib
import http.client
import importlib.util
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.client
from collections.abc import Callable, Sequence
from pathlib import Path

from kehoach.convert.base import (
    ConversionError,
    ConversionTimeout,
    Converter,
    LibreOfficeNotFound,
    kill_group,
    kill_processes_naming,
    runtime_dir,
    seconds_text,
    signals_raise,
)
from kehoach.convert.soffice import require_soffice
from kehoach.files.processes import new_group

#: unoserver's API version this client speaks (``info()["api"]``).
API_VERSION = "3"
#: Seconds without a request after which the shared listener stops (``KEHOACH_LISTENER_IDLE``).
IDLE_S = 900.0
#: Seconds a listener may take to start (LibreOffice's first start makes its profile).
START_TIMEOUT_S = 90.0
#: Seconds to wait for a listener's answer to ``info()``.
PING_TIMEOUT_S = 5.0

_SERVER_SCRIPT = Path(__file__).with_name("_listener_server.py")


class ListenerUnavailable(ConversionError):
    """No listener answers at the address, or none could be started. ``busy`` is true when
    one is there but did not answer in time (it converts one document at a time)."""

    busy = False


class ListenerConverter(Converter):
    """Bộ chuyển đổi thường trực: PDF through a running unoserver (see the module's text).

    ``address`` is ``unix:PATH`` (a listener on this machine: files are passed by path) or
    ``HOST:PORT`` (files are sent as bytes, so the listener may run anywhere). PDFs always come
back as bytes and are written here, atomically. ``process`` is
    the listener's process when this object owns it: :meth:`close` then stops it.
    """

    kind = "listener"

    def __init__(self, address: str, *, process: subprocess.Popen | None = None,
                 server_pid: int | None = None, turn_file: Path | None = None) -> None:
        super().__init__()
        self.address = address
        self.process = process
        #: The shared listener's turn file: a client converts while it holds its lock, so the
        #: others know it is busy (unoserver serves one request at a time) without asking it.
        self.turn_file = turn_file
        #: Whether a conversion waits for another client's to end (``False``: it raises
        #: :class:`ListenerUnavailable` with ``busy`` at once, for ``auto`` to go one-shot).
        self.wait_turn = True
        #: The listener's process id when it runs here (to stop it when it hangs).
        self.server_pid = server_pid if server_pid is not None else (
            process.pid if process is not None else None)

    def __repr__(self) -> str:
        owner = "owned" if self.process is not None else "shared"
        return f"ListenerConverter({self.address!r}, {owner})"

    # -- making one ------------------------------------------------------------------------
    @classmethod
    def connect(cls, address: str, *, server_pid: int | None = None) -> ListenerConverter:
        """A converter for the listener at ``address``; :class:`ListenerUnavailable` when
        nothing answers there as unoserver (API 3) does."""
        converter = cls(address, server_pid=server_pid)
        converter.ping()
        return converter

    @classmethod
    def start(cls, *, listen: str | None = None, idle: float = 0.0,
              soffice: str | None = None) -> ListenerConverter:
        """Start a private listener, stopped by :meth:`close` or when this process ends.

        ``listen``: where it listens (``unix:PATH``, ``HOST:PORT``; by default a Unix socket
        in a private temporary folder, or ``127.0.0.1:0`` where there are none). Raises
        :class:`LibreOfficeNotFound`, :class:`ListenerUnavailable` (no Python with ``uno``,
        no unoserver, LibreOffice did not start).
        """
        folder = None
        if listen is None:
            if hasattr(socket, "AF_UNIX") and os.name == "posix":
                folder = _socket_folder()
                listen = "unix:" + os.path.join(folder, "listener.sock")
            else:
                listen = "127.0.0.1:0"
        try:
            process, address = _launch(listen, idle=idle, parent=os.getpid(), state=None,
                                       soffice=soffice, detach=False,
                                       own_socket_dir=folder is not None)
        except BaseException:
            if folder:
                with contextlib.suppress(OSError):
                    os.rmdir(folder)
            raise
        converter = cls(address, process=process)
        converter._socket_folder = folder
        return converter

    @classmethod
    def shared(cls, *, start: bool = True, idle: float | None = None
               ) -> ListenerConverter | None:
        """This user's shared listener; started when ``start`` and none runs (``None`` when
        none runs and ``start`` is false). Raises :class:`ListenerUnavailable` (and
        :class:`LibreOfficeNotFound`) when it cannot be started.
        """
        folder = runtime_dir()
        if folder is None:
            raise ListenerUnavailable("không có thư mục riêng để đặt bộ chuyển đổi thường trực")
        state_file = folder / "listener.json"
        found = _running(state_file)
        if found is not None or not start:
            return found
        with _locked(folder / "listener.lock"):
            found = _running(state_file)  # another command may have started it meanwhile
            if found is not None:
                return found
            if idle is None:
                idle = idle_setting()
            setup = _setup()
            process, address = _launch("unix:" + str(folder / "listener.sock"), idle=idle,
                                       parent=0, state=state_file, soffice=None, detach=True,
                                       log=folder / "listener.log")
            _write_setup(folder, process.pid, setup)
            # Not ours to stop: it serves the next commands, then stops when idle.
            return cls(address, server_pid=process.pid, turn_file=_turn_file(folder))

    # -- using it --------------------------------------------------------------------------
    def ping(self, timeout: float = PING_TIMEOUT_S) -> dict:
        """unoserver's ``info()``; :class:`ListenerUnavailable` when there is no answer."""
        try:
            info = self._proxy(timeout).info()
        except TimeoutError:
            error = ListenerUnavailable(f"bộ chuyển đổi LibreOffice tại {self.address} đang "
                                        f"bận quá {seconds_text(timeout)}")
            error.busy = True
            raise error from None
        except (OSError, http.client.HTTPException, xmlrpc.client.Error) as exc:
            raise ListenerUnavailable(
                f"không kết nối được bộ chuyển đổi LibreOffice tại {self.address}: "
                f"{_reason(exc)}") from None
        if str(info.get("api")) != API_VERSION:
            raise ListenerUnavailable(
                f"bộ chuyển đổi tại {self.address} dùng unoserver API {info.get('api')}, "
                f"kehoach cần API {API_VERSION}")
        return info

    @property
    def local(self) -> bool:
        """Whether the listener reads and writes this machine's files (a Unix socket)."""
        return self.address.startswith("unix:")

    def busy(self) -> bool:
        """Whether another client converts through this (shared) listener right now."""
        if self.turn_file is None:
            return False
        try:
            with _turn(self.turn_file, None):
                return False
        except ListenerUnavailable:
            return True

    def _convert(self, jobs: Sequence[tuple[Path, Path]], timeout: float,
                 progress: Callable[[Path], None]) -> None:
        deadline = time.monotonic() + timeout
        failed: list[str] = []
        with signals_raise(), self._my_turn(deadline, timeout):
            for src, target in jobs:
                # The PDF comes back as bytes, never written by the listener itself: if this
                # process is stopped mid-way, no late PDF appears at ``target``.
                try:
                    if self.local:  # the listener reads the file where it is
                        data = self._call(deadline, timeout, str(src), None, None, "pdf")
                    else:
                        data = self._call(deadline, timeout, None,
                                          xmlrpc.client.Binary(src.read_bytes()), None, "pdf")
                except (ListenerUnavailable, ConversionTimeout):
                    raise  # nothing more can be converted here
                except ConversionError as error:  # this file only: the others go on
                    failed.append(f"{src}: {error}")
                    continue
                _write(target, data)
                progress(target)
        if failed:
            raise ConversionError("\n".join(failed))

    def convert_bytes(self, data: bytes, *, timeout: float | None = None) -> bytes:
        if timeout is None:
            timeout = 60.0 + 40.0 * len(data) * 20 / 1e6  # ~20× compression of .docx XML
        deadline = time.monotonic() + timeout
        with self._lock, signals_raise(), self._my_turn(deadline, timeout):
            return _binary(self._call(deadline, timeout, None,
                                      xmlrpc.client.Binary(data), None, "pdf"))

    def _my_turn(self, deadline: float, timeout: float) -> contextlib.AbstractContextManager:
        """Hold the shared listener's turn while converting: wait for it until ``deadline``
        (or not at all when :attr:`wait_turn` is false)."""
        if self.turn_file is None:
            return contextlib.nullcontext()
        if not self.wait_turn:
            return _turn(self.turn_file, None)
        return _turn(self.turn_file, deadline, timeout)

    def _call(self, deadline: float, timeout: float, *args: object) -> object:
        left = deadline - time.monotonic()
        if left <= 0:
            raise ConversionTimeout(f"LibreOffice chạy quá {seconds_text(timeout)}, đã dừng")
        try:
            # unoserver's convert(inpath, indata, outpath, convert_to, filtername,
            # filter_options, update_index, infiltername, password)
            return self._proxy(left).convert(*args, None, [], True, None, None)
        except TimeoutError:
            # Only a conversion of ours hung it: a listener is stopped by the client whose turn
            # it is (see _my_turn), never by one waiting while it does another's work.
            self._stop_hung()
            raise ConversionTimeout(
                f"LibreOffice (bộ chuyển đổi tại {self.address}) chạy quá {seconds_text(timeout)}"
                + (", đã dừng" if self.server_pid else "")) from None
        except xmlrpc.client.Fault as fault:
            if _lost_libreoffice(fault) or self._ended():
                # Its LibreOffice died (a crash, killed): the listener ends too; auto
                # converts one-shot instead (ListenerUnavailable).
                raise ListenerUnavailable(
                    f"LibreOffice của bộ chuyển đổi tại {self.address} đã dừng giữa chừng "
                    "(bị tắt hoặc gặp sự cố) khi đang chuyển văn bản") from None
            raise ConversionError(f"LibreOffice không chuyển được: {_fault_text(fault)}") from None
        except (OSError, http.client.HTTPException, xmlrpc.client.ProtocolError) as exc:
            raise ListenerUnavailable(
                f"mất kết nối với bộ chuyển đổi LibreOffice tại {self.address}: "
                f"{_reason(exc)}") from None

    def _ended(self, patience: float = 2.0) -> bool:
        """Whether the listener (on this machine) ends within ``patience`` seconds: it stops
        when its LibreOffice dies, which a fault alone does not always say."""
        deadline = time.monotonic() + patience
        while True:
            if self.process is not None:
                if self.process.poll() is not None:
                    return True
            elif self.server_pid is None or not _alive(self.server_pid):
                return self.server_pid is not None
            if time.monotonic() > deadline:
                return False
            time.sleep(0.1)

    def _proxy(self, timeout: float) -> xmlrpc.client.ServerProxy:
        if self.local:
            transport: xmlrpc.client.Transport = _UnixTransport(self.address[5:], timeout)
            url = "http://listener/"
        else:
            transport = _TimeoutTransport(timeout)
            url = f"http://{self.address}/"
        return xmlrpc.client.ServerProxy(url, transport=transport, allow_none=True)

    def _stop_hung(self) -> None:
        """A conversion that does not end hangs the listener: stop it if it runs here."""
        if self.process is not None:
            kill_group(self.process, grace=5)
        elif self.server_pid is not None:
            stop_pid(self.server_pid)

    def stop(self) -> None:
        """Stop the listener (it must run on this machine)."""
        self._stop_hung()

    def close(self) -> None:
        if self.process is not None:
            kill_group(self.process, grace=10)
            self.process = None
        folder = getattr(self, "_socket_folder", None)
        if folder:
            with contextlib.suppress(OSError):
                for entry in os.listdir(folder):
                    os.unlink(os.path.join(folder, entry))
                os.rmdir(folder)
            self._socket_folder = None


# ------------------------------------------------------------------------------------------
# Transports with a timeout (xmlrpc.client's have none)


class _TimeoutTransport(xmlrpc.client.Transport):
    def __init__(self, timeout: float) -> None:
        super().__init__()
        self.timeout = timeout

    def make_connection(self, host):  # noqa: ANN001
        connection = super().make_connection(host)
        connection.timeout = self.timeout
        return connection


#: Bytes a Unix socket's path may have (108 on Linux, 104 on macOS, with the final NUL).
SOCKET_PATH_MAX = 100


def _socket_folder() -> str:
    """A new folder only this user can open, for a private listener's socket: in the temporary
    folder, or in ``/tmp`` when that one's path is too long for a socket (a long ``TMPDIR``
    made LibreOffice "not start": the socket could not be made). Raises
    :class:`ListenerUnavailable` when no folder gives a path short enough."""
    tried = []
    for parent in (None, "/tmp"):
        try:
            folder = tempfile.mkdtemp(prefix="kehoach-sock-", dir=parent)
        except OSError:
            continue
        path = os.path.join(folder, "listener.sock")
        if len(path.encode()) <= SOCKET_PATH_MAX:
            return folder
        os.rmdir(folder)
        tried.append(path)
    raise ListenerUnavailable(
        f"không tạo được ổ cắm (socket) cho bộ chuyển đổi LibreOffice: đường dẫn '{tried[0]}' "
        f"dài {len(tried[0].encode())} byte, hệ điều hành chỉ cho tối đa {SOCKET_PATH_MAX}; "
        "đặt biến TMPDIR là một thư mục có đường dẫn ngắn hơn" if tried else
        "không tạo được thư mục tạm cho bộ chuyển đổi LibreOffice")


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("listener", timeout=timeout)
        self.path = path

    def connect(self) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        sock.settimeout(self.timeout)
        try:
            sock.connect(self.path)
        except OSError:
            sock.close()
            raise
        self.sock = sock


class _UnixTransport(xmlrpc.client.Transport):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__()
        self.path = path
        self.timeout = timeout

    def make_connection(self, host):  # noqa: ANN001
        return _UnixConnection(self.path, self.timeout)


def _reason(exc: BaseException) -> str:
    """Why a connection or a start failed, in Vietnamese (Python's words are English)."""
    from kehoach.errors import describe_os_error

    if isinstance(exc, OSError):
        return describe_os_error(exc, with_file=False)
    return f"trả lời không đúng giao thức ({type(exc).__name__})"


def _binary(value: object) -> bytes:
    if isinstance(value, xmlrpc.client.Binary):
        return value.data
    if isinstance(value, bytes):
        return value
    raise ConversionError("bộ chuyển đổi không trả về PDF")


def _write(target: Path, value: object) -> None:
    """Write the PDF as every file kehoach writes (:func:`kehoach.files.atomic_write`): under
    a temporary name beside ``target``, then renamed; on any failure (a full disk, Ctrl-C) the
    temporary file is removed and ``target`` left as it was. Raises :class:`OSError` naming
    ``target``, never the temporary file."""
    from kehoach.files import atomic_write

    atomic_write(target, _binary(value))


def _fault_text(fault: xmlrpc.client.Fault) -> str:
    """The listener's error without the Python class it was raised as (the message itself
    may hold colons: a URL, a source line)."""
    import re

    text = str(fault.faultString)
    return re.sub(r"^\s*<class '[^']*'>\s*:\s*", "", text).strip() or text


#: What unoserver's faults say when the LibreOffice behind it is gone (its UNO bridge).
_LOST = ("DisposedException", "disposed", "Binary URP bridge", "connection",
         "BrokenPipe", "ConnectionReset")


def _lost_libreoffice(fault: xmlrpc.client.Fault) -> bool:
    text = str(fault.faultString)
    return any(marker in text for marker in _LOST)


# ------------------------------------------------------------------------------------------
# Starting and finding listeners


def _state(state_file: Path) -> dict | None:
    """The state a running listener wrote (address, pid …), or ``None``."""
    try:
        state = json.loads(state_file.read_text(encoding="utf-8"))
        state["pid"] = int(state["pid"])
        str(state["address"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return state if _alive(state["pid"]) else None


def idle_setting() -> float:
    """``KEHOACH_LISTENER_IDLE`` (seconds), else :data:`IDLE_S`; :class:`SettingError` for a
    value that is not a number of seconds."""
    from kehoach.errors import SettingError

    text = os.environ.get("KEHOACH_LISTENER_IDLE", "").strip()
    if not text:
        return IDLE_S
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise SettingError(f"KEHOACH_LISTENER_IDLE={text}: cần một số giây, ví dụ 900 "
                           "(15 phút)")
    return value


def _turn_file(folder: Path) -> Path:
    return folder / "listener.turn"


@contextlib.contextmanager
def _turn(path: Path, deadline: float | None, timeout: float = 0.0):
    """Hold the lock of ``path`` (a shared listener's turn); :class:`ListenerUnavailable`
    (``busy``) when another client holds it and ``deadline`` is ``None``, else wait for it
    until ``deadline`` (then :class:`ConversionTimeout`, the listener left running)."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no shared listener without Unix sockets
        yield
        return
    with open(path, "a+b") as handle:
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if deadline is None:
                    error = ListenerUnavailable("bộ chuyển đổi LibreOffice thường trực đang "
                                                "chuyển văn bản khác")
                    error.busy = True
                    raise error from None
                if time.monotonic() >= deadline:
                    raise ConversionTimeout(
                        f"bộ chuyển đổi LibreOffice thường trực bận với văn bản khác quá "
                        f"{seconds_text(timeout)}; thử lại sau, hoặc đặt "
                        "KEHOACH_CONVERTER=soffice") from None
                time.sleep(0.05)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _running(state_file: Path) -> ListenerConverter | None:
    state = _state(state_file)
    if state is None:
        return None
    converter = ListenerConverter(state["address"], server_pid=state["pid"],
                                  turn_file=_turn_file(state_file.parent))
    if converter.busy():  # alive and converting for another client: no need to ask it
        return converter
    if _read_setup(state_file.parent, state["pid"]) not in (None, _setup()):
        # Fonts installed (or KEHOACH_SOFFICE changed) since it started: a LibreOffice reads
        # its fonts once, so the PDF would not use them. A new one is started instead.
        stop_pid(state["pid"])
        return None
    try:
        converter.ping()
    except ListenerUnavailable as error:
        if not error.busy:  # alive but not serving: it is stopping, or broken
            return None
    return converter


#: Where fontconfig finds fonts on Linux (and the caches fc-cache writes); a font installed
#: in any of them changes the modification time of the folder it lands in.
_FONT_ROOTS = ("/usr/share/fonts", "/usr/local/share/fonts", "~/.fonts", "~/.local/share/fonts",
               "/etc/fonts", "~/.config/fontconfig", "/var/cache/fontconfig",
               "~/.cache/fontconfig", "/Library/Fonts", "~/Library/Fonts")


def _setup() -> dict:
    """What a LibreOffice reads once at its start and kehoach can see change: the program
    (``KEHOACH_SOFFICE``) and the font folders (a digest of every folder's modification time)."""
    import hashlib

    from kehoach.convert.soffice import find_soffice

    digest = hashlib.sha256()
    for root in _FONT_ROOTS:
        for folder, _, _ in os.walk(os.path.expanduser(root)):
            with contextlib.suppress(OSError):
                digest.update(f"{folder}\0{os.stat(folder).st_mtime_ns}\0".encode(
                    "utf-8", "surrogateescape"))
    soffice = find_soffice()
    return {"soffice": os.path.realpath(soffice) if soffice else None,
            "fonts": digest.hexdigest()[:32]}


def _write_setup(folder: Path, pid: int, setup: dict) -> None:
    with contextlib.suppress(OSError):
        partial = folder / f"listener.setup.{os.getpid()}"
        partial.write_text(json.dumps({"pid": pid, **setup}), encoding="utf-8")
        os.replace(partial, folder / "listener.setup")


def _read_setup(folder: Path, pid: int) -> dict | None:
    """The setup the listener ``pid`` started with, or ``None`` (not recorded)."""
    try:
        recorded = json.loads((folder / "listener.setup").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(recorded, dict) or recorded.pop("pid", None) != pid:
        return None
    return recorded


def shared_status() -> dict | None:
    """The state of this user's shared listener (address, pid …), or ``None``."""
    folder = runtime_dir()
    return None if folder is None else _state(folder / "listener.json")


def stop_shared() -> bool:
    """Stop this user's shared listener; whether one was running."""
    status = shared_status()
    if status is None:
        return False
    stop_pid(status["pid"])
    return True


def stop_pid(pid: int, grace: float = 15.0) -> None:
    """Ask a listener to stop (SIGTERM; CTRL_BREAK_EVENT on Windows: it kills its LibreOffice
    and removes its files); on Windows, one still running after ``grace`` seconds is ended with
    all it started."""
    from kehoach.files.processes import KILL, ask_to_stop, signal_group

    ask_to_stop(pid)
    deadline = time.monotonic() + grace
    while _alive(pid) and time.monotonic() < deadline:
        _reap(pid)
        time.sleep(0.05)
    if os.name == "nt" and _alive(pid):
        signal_group(pid, KILL)


def _reap(pid: int) -> None:
    with contextlib.suppress(ChildProcessError, OSError, AttributeError):
        os.waitpid(pid, os.WNOHANG)


def _alive(pid: int) -> bool:
    from kehoach.files.processes import alive

    _reap(pid)  # a listener this process started and that ended is a zombie until reaped
    return alive(pid)


@contextlib.contextmanager
def _locked(path: Path):
    try:
        import fcntl
    except ImportError:  # pragma: no cover - no shared listener without Unix sockets
        yield
        return
    with open(path, "a+b") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


_uno_python: str | None = None


def find_uno_python(soffice: str | None = None) -> str | None:
    """A Python that can ``import uno`` (the listener runs on it), or ``None``.

    ``KEHOACH_UNO_PYTHON``, else LibreOffice's own Python (``program/python`` beside
    ``soffice`` on Windows, ``Contents/Resources/python`` on macOS), else the system's
    ``python3`` (Debian: package python3-uno), else this Python.
    """
    global _uno_python
    if _uno_python is not None:
        return _uno_python
    explicit = os.environ.get("KEHOACH_UNO_PYTHON")
    candidates = [explicit] if explicit else []
    if soffice:
        program = Path(os.path.realpath(soffice)).parent
        candidates += [str(program / "python.exe"), str(program / "python"),
                       str(program.parent / "Resources" / "python")]
    candidates += ["/usr/bin/python3", "/usr/local/bin/python3", sys.executable]
    for candidate in candidates:
        if not candidate or not Path(candidate).is_file():
            continue
        try:
            done = subprocess.run([candidate, "-c", "import uno"], capture_output=True,
                                  timeout=30, stdin=subprocess.DEVNULL)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            _uno_python = candidate
            return candidate
        if explicit:
            break
    return None


def _unoserver_path() -> str:
    spec = importlib.util.find_spec("unoserver")
    if spec is None or not spec.submodule_search_locations:
        raise ListenerUnavailable("chưa cài gói unoserver (pip install unoserver)")
    return str(Path(list(spec.submodule_search_locations)[0]).parent)


def _launch(listen: str, *, idle: float, parent: int, state: Path | None, soffice: str | None,
            detach: bool, log: Path | None = None, own_socket_dir: bool = False
            ) -> tuple[subprocess.Popen, str]:
    """Start ``_listener_server.py``; its process and address once it converts."""
    soffice = soffice or require_soffice()
    python = find_uno_python(soffice)
    if python is None:
        raise ListenerUnavailable(
            "không có Python nào có mô-đun uno của LibreOffice (Debian: apt-get install "
            "python3-uno; hoặc đặt KEHOACH_UNO_PYTHON)")
    # The listener's folder (LibreOffice's profile and temporary files) is named here, so that
    # a start-up given up on can be cleaned by its name whatever state the listener is in.
    root = Path(tempfile.mkdtemp(prefix="kehoach-listener-"))
    cmd = [python, str(_SERVER_SCRIPT), "--unoserver-path", _unoserver_path(),
           "--soffice", soffice, "--listen", listen, "--idle", str(idle),
           "--parent", str(parent), "--root", str(root)]
    if state is not None:
        cmd += ["--state", str(state)]
    if own_socket_dir:
        cmd.append("--own-socket-dir")
    stderr = open(log, "wb") if log is not None else subprocess.DEVNULL  # noqa: SIM115
    try:
        process = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                   stderr=stderr, **new_group())
    except OSError as exc:
        _abandon(None, root)
        raise ListenerUnavailable(f"không chạy được {python}: {_reason(exc)}") from None
    finally:
        if log is not None:
            stderr.close()  # type: ignore[union-attr]
    try:
        line = _first_line(process, START_TIMEOUT_S)
    except BaseException:  # Ctrl-C or SIGTERM while it starts
        _abandon(process, root)
        raise
    if not line.startswith("READY "):
        _abandon(process, root)
        detail = line.removeprefix("FAILED ").strip() or "không có phản hồi"
        if log is not None:
            detail += f" (xem {log})"
        raise ListenerUnavailable(f"không khởi động được LibreOffice thường trực: {detail}")
    if detach:
        # It outlives this process by design (it stops itself when idle); do not wait for it.
        process.returncode = 0
    return process, line.split(" ", 1)[1].strip()


def _abandon(process: subprocess.Popen | None, root: Path) -> None:
    """Stop a listener that did not start, its LibreOffice and its folder.

    The listener is asked first (SIGTERM): LibreOffice runs in a session of its own, which only
    the listener stops. What outlives that (a listener that did not answer, killed) is found
    by the folder its command line names.
    """
    if process is not None:
        kill_group(process, grace=15)
    kill_processes_naming(root)
    shutil.rmtree(root, ignore_errors=True)


def _first_line(process: subprocess.Popen, timeout: float) -> str:
    """The first line the listener prints (``READY …`` or ``FAILED …``), within ``timeout``."""
    lines: list[str] = []

    def read() -> None:
        assert process.stdout is not None
        lines.append(process.stdout.readline().decode("utf-8", "replace"))

    reader = threading.Thread(target=read, daemon=True)
    with signals_raise():
        reader.start()
        reader.join(timeout)
    if process.stdout is not None and not reader.is_alive():
        process.stdout.close()
    return lines[0] if lines else ""
