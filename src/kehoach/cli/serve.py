"""``kehoach serve``: the web page where a clerk writes, previews, downloads and checks plans.

It needs the ``web`` extra (``pip install "kehoach[web]"``); without it the command says so, in
Vietnamese, and exits with code 2.

Exit codes: 0 stopped with Ctrl+C; 2 the extra is missing, the folder does not exist or the
port is taken.
"""

from __future__ import annotations

import errno
import signal
import sys
from pathlib import Path

import click

EXIT_SETUP = 2


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ lắng nghe. Mặc định chỉ máy này mở được trang; 0.0.0.0 cho cả "
                   "mạng nội bộ (không có mật khẩu).")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535),
              help="Cổng (0: chọn một cổng trống).")
@click.option("--folder", default=".", show_default=True,
              type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục làm việc: trang chỉ mở và lưu tệp dữ liệu trong thư mục này.")
@click.option("--allow-host", "allowed_hosts", multiple=True, metavar="TÊN",
              help="Tên máy chủ mà trình duyệt dùng để mở trang (ngoài địa chỉ IP và tên của "
                   "máy này), ví dụ may-chu.xa.lan; lặp lại cho nhiều tên.")
@click.option("--open", "open_browser", is_flag=True, help="Mở trang bằng trình duyệt.")
def serve(host: str, port: int, folder: Path, allowed_hosts: tuple[str, ...],
          open_browser: bool) -> None:
    """Mở trang web soạn, xem trước, tải và kiểm tra kế hoạch.

    \b
      kehoach serve                         # rồi mở http://127.0.0.1:8000
      kehoach serve --folder ke_hoach/ --open

    Dừng bằng Ctrl+C; các tệp tạm được xóa khi dừng.
    """
    try:
        import flask  # noqa: F401
        import flask_wtf  # noqa: F401
        import waitress  # noqa: F401
    except ImportError as error:
        click.echo(f"LỖI: kehoach serve cần các gói của trang web (thiếu {error.name}). Cài "
                   "bằng lệnh:\n    pip install \"kehoach[web]\"", err=True)
        sys.exit(EXIT_SETUP)
    if not folder.is_dir():
        click.echo(f"LỖI: không có thư mục '{folder}'", err=True)
        sys.exit(EXIT_SETUP)

    from kehoach.web.server import is_loopback
    from kehoach.web.server import serve as run

    def ready(url: str) -> None:
        click.echo(f"kehoach đang chạy: mở {url} bằng trình duyệt (Chrome, Edge, Firefox).")
        click.echo(f"Thư mục làm việc: {folder.resolve()}")
        if not is_loopback(host):
            click.echo("CHÚ Ý: mọi máy trong mạng đều mở được trang này và lưu tệp vào thư "
                       "mục trên; trang không có mật khẩu. Trang chỉ trả lời khi được gọi "
                       "bằng địa chỉ IP hoặc tên của máy này"
                       + (f" hoặc {', '.join(allowed_hosts)}" if allowed_hosts else
                          " (tên khác: thêm --allow-host TÊN)") + ".", err=True)
        click.echo("Dừng: bấm Ctrl+C.")
        if open_browser:
            import webbrowser

            webbrowser.open(url)

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt  # a service manager's stop: clean up as after Ctrl+C

    signal.signal(signal.SIGTERM, stop)
    try:
        run(host, port, folder, ready=ready, allowed_hosts=allowed_hosts)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            click.echo(f"LỖI: không dùng được cổng {port} ({error.strerror}); chọn cổng khác, "
                       "ví dụ: kehoach serve --port 8080", err=True)
        else:
            click.echo(f"LỖI: không mở được máy chủ trên {host}:{port}: {error}", err=True)
        sys.exit(EXIT_SETUP)
