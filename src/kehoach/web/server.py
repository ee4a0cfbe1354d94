"""Chạy trang web: serve the app with waitress, a production WSGI server that needs no compiler
and runs on Windows, where commune offices work."""

from __future__ import annotations

import ipaddress
import threading
from collections.abc import Callable
from pathlib import Path

#: Seconds a connection may stay silent before it is closed (a slow or stalled upload).
CHANNEL_TIMEOUT = 60
THREADS = 4


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address only this machine reaches (``127.0.0.1``, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(host: str, port: int, folder: str | Path, **app_options: object):
    """A waitress server of the app (not yet running); ``OSError`` when the port is taken.

    Returns ``(server, app)``; ``server.run()`` serves until interrupted, ``server.close()``
    stops it; ``app.extensions["kehoach"].close()`` removes the temporary files.
    """
    from waitress import create_server

    from kehoach.web.app import create_app

    app = create_app(folder, host=host, **app_options)
    server = create_server(app, host=host, port=port, threads=THREADS,
                           channel_timeout=CHANNEL_TIMEOUT, ident="kehoach",
                           max_request_body_size=app.config["MAX_CONTENT_LENGTH"] + 1024 * 1024,
                           clear_untrusted_proxy_headers=True)
    return server, app


def run_in_thread(server) -> threading.Thread:
    """Serve from a daemon thread (tests, benchmarks); ``stop_thread`` ends it."""
    def run() -> None:
        try:
            server.run()
        except OSError:  # the sockets were closed under the loop by stop_thread
            pass

    thread = threading.Thread(target=run, name="kehoach-serve", daemon=True)
    thread.start()
    return thread


def stop_thread(server, app, thread) -> None:
    """Stop a server started by :func:`run_in_thread` and remove its temporary files."""
    from waitress import wasyncore

    server.task_dispatcher.shutdown(timeout=5)
    # Closed from inside the loop's own thread: the loop ends when its map is empty.
    server.trigger.pull_trigger(lambda: wasyncore.close_all(server._map, ignore_all=True))
    thread.join(timeout=10)
    app.extensions["kehoach"].close()


def url_of(host: str, port: int) -> str:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else ("[::1]" if host == "::" else host)
    if ":" in shown and not shown.startswith("["):
        shown = f"[{shown}]"
    return f"http://{shown}:{port}/"


def serve(host: str, port: int, folder: str | Path,
          ready: Callable[[str], None] | None = None) -> None:
    """Serve until interrupted (Ctrl+C); temporary files are removed on every exit."""
    server, app = make_server(host, port, folder)
    actual = server.effective_port if hasattr(server, "effective_port") else port
    try:
        if ready is not None:
            ready(url_of(host, actual))
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
        app.extensions["kehoach"].close()
