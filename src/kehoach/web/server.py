"""Chạy trang web: serve the app with waitress, a production WSGI server that needs no compiler
and runs on Windows, where commune offices work."""

from __future__ import annotations

import html
import ipaddress
import threading
from collections.abc import Callable, Sequence
from pathlib import Path

#: Seconds a connection may stay silent before it is closed (a slow or stalled upload).
CHANNEL_TIMEOUT = 60
#: How often (s) waitress looks for silent connections: a stalled one is closed at most this
#: long after :data:`CHANNEL_TIMEOUT`.
CLEANUP_INTERVAL = 5
#: Request threads. Checks and previews never wait for a slot on one (kehoach.web.jobs: at
#: most 2 checks and 3 conversions, the rest refused at once), so 3 stay free for pages.
THREADS = 8


def is_loopback(host: str) -> bool:
    """Whether ``host`` is an address only this machine reaches (``127.0.0.1``, ``::1``)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def make_server(host: str, port: int, folder: str | Path, *,
                channel_timeout: float = CHANNEL_TIMEOUT,
                allowed_hosts: Sequence[str] = (), **app_options: object):
    """A waitress server of the app (not yet running); ``OSError`` when the port is taken
    (then nothing is left behind: the app's temporary folder is removed).

    Returns ``(server, app)``; ``server.run()`` serves until interrupted, ``server.close()``
    stops it; ``app.extensions["kehoach"].close()`` removes the temporary files.
    ``allowed_hosts``: names besides this machine's by which browsers may call the server
    (``--allow-host``).
    """
    from waitress import create_server
    from waitress.server import BaseWSGIServer

    from kehoach.web.app import create_app

    app = create_app(folder, host=host, allowed_hosts=list(allowed_hosts), **app_options)
    sockets: dict = {}
    try:
        server = create_server(app, map=sockets, host=host, port=port, threads=THREADS,
                               channel_timeout=channel_timeout,
                               cleanup_interval=min(CLEANUP_INTERVAL, channel_timeout),
                               ident="kehoach",
                               max_request_body_size=app.config["MAX_CONTENT_LENGTH"]
                               + 1024 * 1024,
                               clear_untrusted_proxy_headers=True)
    except BaseException:
        app.extensions["kehoach"].close()
        raise
    channel = _channel_class(app.config["MAX_CONTENT_LENGTH"])
    for listener in sockets.values():
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = channel
    return server, app


#: waitress's own refusals (before the app sees the request), as pages in Vietnamese.
_REFUSALS = {
    400: "Yêu cầu không hợp lệ.",
    413: "Tệp gửi lên quá lớn (tối đa {mb} MB).",
    431: "Yêu cầu có phần đầu quá dài.",
}


def _refusal_page(code: int, limit: int) -> bytes:
    message = _REFUSALS.get(code, "Máy chủ không xử lý được yêu cầu này.").format(
        mb=limit // (1024 * 1024))
    return (f'<!doctype html><html lang="vi"><meta charset="utf-8"><title>Không làm được việc '
            f'này — kehoach</title><h1>Không làm được việc này</h1><p>{html.escape(message)}'
            f'</p><p><a href="/">Về trang đầu</a></p><p>Mã lỗi {code}</p></html>'
            ).encode("utf-8")


def _channel_class(limit: int) -> type:
    """waitress's connection class, answering the requests waitress itself refuses (a body
    over its limit, a broken request) with a page in Vietnamese rather than English text."""
    from waitress.channel import HTTPChannel
    from waitress.task import ErrorTask

    class RefusalTask(ErrorTask):
        def execute(self) -> None:
            error = self.request.error
            body = _refusal_page(error.code, limit)
            self.status = f"{error.code} {error.reason}"
            self.response_headers.extend([
                ("Content-Type", "text/html; charset=utf-8"),
                ("Content-Security-Policy", "default-src 'none'"),
                ("X-Content-Type-Options", "nosniff")])
            self.set_close_on_finish()
            self.content_length = len(body)
            self.write(body)

    class Channel(HTTPChannel):
        error_task_class = RefusalTask

    return Channel


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
          ready: Callable[[str], None] | None = None, *,
          allowed_hosts: Sequence[str] = ()) -> None:
    """Serve until interrupted (Ctrl+C); temporary files are removed on every exit."""
    server, app = make_server(host, port, folder, allowed_hosts=allowed_hosts)
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
