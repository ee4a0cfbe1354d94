"""The warm LibreOffice: unoserver's XML-RPC server over a LibreOffice it owns and cleans up.

Run as a script by a Python that can ``import uno`` (Debian's /usr/bin/python3 with
python3-uno, or LibreOffice's own ``program/python``), never imported by kehoach: it imports
nothing of kehoach but loads ``kehoach/files/processes.py`` (standard library only) by its
path. :mod:`kehoach.convert.listener` starts it::

    python3 _listener_server.py --unoserver-path SITE --soffice /usr/bin/soffice \
        --listen unix:/run/user/1000/kehoach/listener.sock --idle 900

It starts LibreOffice (a profile and a temporary folder of its own, in a process group of its
own), serves unoserver's API on ``--listen`` (``unix:PATH`` or ``HOST:PORT``), prints
``READY <address>`` on stdout once conversions work, and stops — LibreOffice killed, its folder
and the socket removed, the state file too — on SIGTERM, SIGINT or SIGHUP (CTRL_BREAK_EVENT on
Windows), after ``--idle`` seconds without a request, when LibreOffice dies, or when the
``--parent`` process is gone.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import xmlrpc.server

#: How often (s) the supervisor looks at LibreOffice, its parent and the idle time.
TICK_S = 0.5
#: How long LibreOffice may take to accept connections before the start is given up.
START_TIMEOUT_S = 90.0


class _Activity:
    """When the last request ended, and how many are running."""

    def __init__(self) -> None:
        self.last = time.monotonic()
        self.running = 0
        self.lock = threading.Lock()

    def begin(self) -> None:
        with self.lock:
            self.running += 1

    def end(self) -> None:
        with self.lock:
            self.running -= 1
            self.last = time.monotonic()

    def idle_for(self) -> float:
        with self.lock:
            return 0.0 if self.running else time.monotonic() - self.last


ACTIVITY = _Activity()


class _Tracked:
    """Mix-in: counts requests, for the idle timeout."""

    def process_request(self, request, client_address):  # noqa: ANN001
        ACTIVITY.begin()
        try:
            super().process_request(request, client_address)  # type: ignore[misc]
        finally:
            ACTIVITY.end()


class _UnixRequestHandler(xmlrpc.server.SimpleXMLRPCRequestHandler):
    disable_nagle_algorithm = False  # a TCP option: a Unix socket refuses it

    def address_string(self) -> str:  # a Unix socket's peer has no host
        return "unix"


class UnixXMLRPCServer(_Tracked, socketserver.UnixStreamServer,
                       xmlrpc.server.SimpleXMLRPCDispatcher):
    """unoserver's XML-RPC API on a Unix socket in a folder only its user can open."""

    path = ""

    def __init__(self, addr, allow_none: bool = False) -> None:  # noqa: ANN001
        # unoserver passes (interface, port); the socket path was set on the class.
        xmlrpc.server.SimpleXMLRPCDispatcher.__init__(self, allow_none, None)
        self.logRequests = False
        old = os.umask(0o177)
        try:
            socketserver.UnixStreamServer.__init__(self, self.path, _UnixRequestHandler)
        finally:
            os.umask(old)
        self.socket_inode = os.stat(self.path).st_ino


class _BytesOnly:
    """Mix-in for a listener on TCP: documents in as bytes, PDF out as bytes, nothing else.

    unoserver's ``convert(inpath, indata, outpath, …)`` and ``compare`` read and write paths
    of the machine it runs on: reached over the network, anyone could read any of its files
    as a PDF and write files anywhere. On TCP only ``info()`` and a conversion of bytes to
    PDF bytes are served; any path, filter or other method is refused.
    """

    def _dispatch(self, method, params):  # noqa: ANN001
        if method == "convert":
            args = list(params) + [None] * (9 - len(params))
            inpath, indata, outpath, convert_to, filtername, options, _, infilter, _ = args[:9]
            if inpath is not None or outpath is not None:
                raise PermissionError("this converter takes documents as bytes only, "
                                      "never a path (inpath, outpath)")
            if indata is None or convert_to != "pdf" or filtername is not None \
                    or options not in (None, [], ()) or infilter is not None:
                raise PermissionError("this converter only turns document bytes into PDF bytes")
        elif method != "info":
            raise PermissionError(f"method {method!r} is not served over the network")
        return super()._dispatch(method, params)  # type: ignore[misc]


def _tcp_server_class(base: type) -> type:
    class TrackedTCP(_Tracked, _BytesOnly, base):  # type: ignore[valid-type, misc]
        pass

    return TrackedTCP


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _accepts(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def _load_processes():
    """kehoach/files/processes.py, loaded by its path: it is standard library only, and this
    script cannot import kehoach (it runs on LibreOffice's Python). One definition of "is this
    process alive" and "stop this group" for both sides."""
    import importlib.util

    path = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "files",
                        "processes.py")
    spec = importlib.util.spec_from_file_location("_kehoach_processes", path)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


_processes = _load_processes()


def _alive(pid: int) -> bool:
    return _processes.alive(pid)


def _kill_group(proc: subprocess.Popen) -> None:
    for signum in (signal.SIGTERM, _processes.KILL):
        if proc.poll() is not None and signum == signal.SIGTERM:
            signum = _processes.KILL  # the group may outlive it
        _processes.signal_group(proc.pid, signum)  # Windows: taskkill /T /F
        try:
            proc.wait(5)
        except subprocess.TimeoutExpired:
            continue


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--unoserver-path", required=True,
                        help="the folder that holds the unoserver package")
    parser.add_argument("--soffice", required=True)
    parser.add_argument("--listen", required=True, help="unix:PATH or HOST:PORT (PORT 0: any)")
    parser.add_argument("--idle", type=float, default=0, help="stop after so many idle seconds")
    parser.add_argument("--parent", type=int, default=0, help="stop when this process is gone")
    parser.add_argument("--state", default="", help="a JSON file naming this server")
    parser.add_argument("--conversion-timeout", type=int, default=600)
    parser.add_argument("--root", default="",
                        help="an empty folder of ours for LibreOffice's profile and files")
    parser.add_argument("--own-socket-dir", action="store_true",
                        help="remove the Unix socket's folder too when stopping")
    args = parser.parse_args(argv)

    # At the end: the uno Python's own packages come first.
    sys.path.append(args.unoserver_path)
    from unoserver import server as uno_server

    stop = threading.Event()

    def on_signal(signum, frame):  # noqa: ANN001
        stop.set()

    for name in ("SIGTERM", "SIGINT", "SIGHUP", "SIGBREAK"):  # SIGBREAK: Windows' stop request
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), on_signal)

    root = args.root or tempfile.mkdtemp(prefix="kehoach-listener-")
    proc: subprocess.Popen | None = None
    server = None
    socket_path = ""
    try:
        profile, tmp = os.path.join(root, "profile"), os.path.join(root, "tmp")
        os.mkdir(tmp)
        if args.listen.startswith("unix:"):
            socket_path = args.listen[len("unix:"):]
            if os.path.exists(socket_path):
                os.unlink(socket_path)
            UnixXMLRPCServer.path = socket_path
            uno_server.XMLRPCServer = UnixXMLRPCServer
            interface, port = "unix", "0"
        else:
            interface, _, port = args.listen.rpartition(":")
            uno_server.XMLRPCServer = _tcp_server_class(uno_server.XMLRPCServer)
        uno_port = str(_free_port())
        env = dict(os.environ, TMPDIR=tmp, TMP=tmp, TEMP=tmp)
        proc = subprocess.Popen(
            [args.soffice, "--headless", "--invisible", "--nocrashreport", "--nodefault",
             "--nologo", "--nofirststartwizard", "--norestore",
             f"-env:UserInstallation={_uri(profile)}",
             f"--accept=socket,host=127.0.0.1,port={uno_port},tcpNoDelay=1;urp;"
             "StarOffice.ComponentContext"],
            env=env, stdin=subprocess.DEVNULL, **_processes.new_group(),
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _reaper(proc.pid, root)
        deadline = time.monotonic() + START_TIMEOUT_S
        # unoserver retries its first connection every 2 s; connect once it can succeed.
        while not _accepts(int(uno_port)):
            if stop.is_set() or proc.poll() is not None or time.monotonic() > deadline:
                print("FAILED LibreOffice did not start", flush=True)
                return 2
            time.sleep(0.05)
        server = uno_server.UnoServer(interface, port, "127.0.0.1", uno_port,
                                      _uri(profile), args.conversion_timeout, None, tmp)
        server.libreoffice_process = proc
        thread = threading.Thread(target=server.serve, daemon=True)
        thread.start()
        while server.xmlrcp_server is None:
            if stop.is_set() or not thread.is_alive() or proc.poll() is not None:
                print("FAILED LibreOffice did not start", flush=True)
                return 2
            if time.monotonic() > deadline:
                print(f"FAILED LibreOffice did not answer in {START_TIMEOUT_S:g} s", flush=True)
                return 2
            time.sleep(0.05)
        if socket_path:
            address = "unix:" + socket_path
        else:
            host, bound = server.xmlrcp_server.server_address[:2]
            address = f"{host}:{bound}"
        if args.state:
            state = {"address": address, "pid": os.getpid(), "soffice_pid": proc.pid,
                     "root": root, "started": time.time()}
            partial = args.state + f".{os.getpid()}"
            with open(partial, "w", encoding="utf-8") as handle:
                json.dump(state, handle)
            os.replace(partial, args.state)
        print(f"READY {address}", flush=True)
        with open(os.devnull, "w") as devnull:  # the starter stops reading: no SIGPIPE later
            os.dup2(devnull.fileno(), sys.stdout.fileno())
        while not stop.wait(TICK_S):
            if proc.poll() is not None:  # LibreOffice died (or a conversion timed out)
                break
            if args.parent and not _alive(args.parent):
                break
            if args.idle and ACTIVITY.idle_for() > args.idle:
                break
        return 0
    finally:
        if proc is not None:
            _kill_group(proc)
        if server is not None and server.xmlrcp_server is not None:
            threading.Thread(target=server.xmlrcp_server.shutdown, daemon=True).start()
        if socket_path and server is not None and server.xmlrcp_server is not None:
            try:  # only our own socket: a newer listener may have taken the path
                if os.stat(socket_path).st_ino == server.xmlrcp_server.socket_inode:
                    os.unlink(socket_path)
            except (OSError, AttributeError):
                pass
        if socket_path and args.own_socket_dir:
            shutil.rmtree(os.path.dirname(socket_path), ignore_errors=True)
        shutil.rmtree(root, ignore_errors=True)
        if args.state:  # last: while it is there, the listener may still be cleaning up
            _remove_state(args.state)


#: A watcher outside this process: when this process is gone (even killed with SIGKILL,
#: which no handler sees), it kills LibreOffice's process group; it ends with the group.
#: Waits while the listener ($1) and its LibreOffice (group $2) both run. A listener gone
#: first was killed outright (SIGKILL, no clean-up of its own ran): LibreOffice is killed, and
#: once it has ended, the listener's folder ($3: profile, temporary files) is removed.
_REAPER = ('while kill -0 "$1" 2>/dev/null && kill -0 -"$2" 2>/dev/null; do sleep 1; done; '
           'kill -0 "$1" 2>/dev/null && exit 0; '
           'kill -KILL -"$2" 2>/dev/null; '
           'n=0; while kill -0 -"$2" 2>/dev/null && [ "$n" -lt 30 ]; do sleep 1; n=$((n+1)); done; '
           'rm -rf -- "$3"')


def _reaper(group: int, root: str) -> None:
    """Start the watcher that kills LibreOffice (process group ``group``) and removes the
    listener's folder ``root`` once this listener is gone without its own clean-up (see
    :data:`_REAPER`); POSIX only (elsewhere the listener's own clean-up is all there is)."""
    if os.name != "posix" or not os.path.exists("/bin/sh"):
        return
    try:
        subprocess.Popen(["/bin/sh", "-c", _REAPER, "kehoach-reaper", str(os.getpid()),
                          str(group), root], stdin=subprocess.DEVNULL, **_processes.new_group(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        pass


def _uri(path: str) -> str:
    from pathlib import Path

    return Path(path).as_uri()


def _remove_state(path: str) -> None:
    """Remove the state file if it still names this process (a newer server may own it)."""
    try:
        with open(path, encoding="utf-8") as handle:
            if json.load(handle).get("pid") != os.getpid():
                return
        os.unlink(path)
    except (OSError, ValueError):
        pass


if __name__ == "__main__":
    sys.exit(main())
