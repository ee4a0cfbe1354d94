"""``kehoach pdf``: .docx to PDF through LibreOffice, and the warm LibreOffice it keeps.

``kehoach pdf FILES`` converts with :func:`kehoach.convert.to_pdf` (for a few files the warm
listener, started on demand; for many, one LibreOffice run), shows a progress bar for several
files and warns when the PDF is not set in Times New Roman or draws a character blank.
``--serve [HOST:]PORT`` runs a listener in the foreground for other machines
(``KEHOACH_CONVERTER=HOST:PORT`` there); ``--status`` and ``--stop`` show and stop this user's
warm LibreOffice.

Exit codes: 0 done; 2 an input that is not a readable .docx; 3 LibreOffice missing, failed or
too slow (the message says which and what to do).
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import click

EXIT_UNREADABLE, EXIT_NO_LIBREOFFICE = 2, 3
#: A PDF that could not be written (as ``kehoach render`` says of a .docx).
EXIT_NOT_WRITTEN = 3


@click.command("pdf")
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("-o", "--outdir", type=click.Path(path_type=Path), metavar="THƯ_MỤC|TỆP.pdf",
              help="Thư mục ghi PDF (mặc định: cạnh tệp .docx); khi chuyển một tệp, có thể là "
                   "tên tệp PDF: -o KH-05.pdf.")
@click.option("--serve", metavar="[MÁY:]CỔNG",
              help="Chạy LibreOffice thường trực cho các máy khác (Ctrl-C để dừng); trên các "
                   "máy đó đặt KEHOACH_CONVERTER=MÁY:CỔNG.")
@click.option("--status", is_flag=True, help="Cho biết LibreOffice thường trực có đang chạy.")
@click.option("--stop", is_flag=True, help="Dừng LibreOffice thường trực của người dùng này.")
def pdf(files: tuple[str, ...], outdir: Path | None, serve: str | None, status: bool,
        stop: bool) -> None:
    """Chuyển .docx sang PDF bằng LibreOffice.

    \b
      kehoach pdf ke_hoach.docx               # ra ke_hoach.pdf
      kehoach pdf ke_hoach.docx -o KH-05.pdf  # ra KH-05.pdf
      kehoach pdf van_ban/*.docx -o pdf/
      kehoach pdf --serve 0.0.0.0:2003        # máy chủ chuyển đổi cho cả xã

    Lần đầu, kehoach mở LibreOffice và giữ nó chạy (tự tắt sau 15 phút không dùng) để các
    lần sau nhanh hơn; KEHOACH_CONVERTER=soffice để không giữ.

    Mã thoát: 0 thành công; 2 có tệp không phải .docx; 3 không có LibreOffice, LibreOffice
    lỗi hoặc chạy quá lâu, hoặc không ghi được PDF (thư mục chỉ đọc, ổ đĩa đầy).
    """
    if serve or status or stop:
        if files:
            raise click.UsageError("--serve, --status, --stop không đi cùng tên tệp")
        _manage(serve, status, stop)
        return
    if not files:
        raise click.UsageError("cần ít nhất một tệp .docx")
    from kehoach.checker.docx_reader import DocxReadError, read_docx

    bad = False
    for name in files:
        try:
            read_docx(name)
        except DocxReadError as exc:
            click.echo(f"LỖI: không đọc được tệp: {exc}", err=True)
            bad = True
    if bad:
        sys.exit(EXIT_UNREADABLE)
    target = _pdf_target(outdir, len(files))
    try:
        if target is not None:
            made = _convert_to_file(Path(files[0]), target)
        else:
            made = convert_with_progress([Path(f) for f in files], outdir)
    except OSError as exc:  # the PDF could not be written: a read-only folder, a full disk
        from kehoach.errors import describe_os_error

        click.echo(f"LỖI: {describe_os_error(exc)}", err=True)
        sys.exit(EXIT_NOT_WRITTEN)
    except ValueError as exc:  # a wrong KEHOACH_CONVERTER
        click.echo(f"LỖI: {exc}", err=True)
        sys.exit(EXIT_NO_LIBREOFFICE)
    if made is None:
        sys.exit(EXIT_NO_LIBREOFFICE)
    for path in [target] if target is not None else shown_pdfs(made, [Path(f) for f in files],
                                                                 outdir):
        click.echo(str(path))


def _pdf_target(output: Path | None, count: int) -> Path | None:
    """``-o`` naming one PDF (``KH-05.pdf``, not an existing folder), or ``None`` (a folder).
    Raises a usage error for such a name with several files, or for an existing file that is
    no PDF."""
    if output is None or output.is_dir() or str(output).endswith(("/", "\\")):
        return None
    if output.suffix.lower() == ".pdf":
        if count > 1:
            raise click.UsageError(f"-o '{output}' là tên một tệp PDF, nhưng có {count} tệp "
                                   ".docx; với nhiều tệp, -o là thư mục (ví dụ -o pdf/)")
        return output
    if output.exists():
        raise click.UsageError(f"-o '{output}' là một tệp, không phải thư mục hay tệp .pdf")
    return None


def _convert_to_file(source: Path, target: Path) -> list[Path] | None:
    """The PDF of ``source`` written at ``target``: made in a private folder (removed on any
    exit), then put in place as every file kehoach writes (an existing PDF keeps its mode; a
    PDF of the source's name beside ``target`` is left alone). Raises :class:`OSError` naming
    ``target``, never a temporary file (a read-only folder, a full disk)."""
    from kehoach.convert.base import private_tempdir, replace_file

    if target.exists() and source.exists() and os.path.samefile(source, target):
        raise click.UsageError(f"-o '{target}' là chính tệp nguồn; đặt tên PDF khác")
    with private_tempdir("kehoach-pdf-") as folder:
        made = convert_with_progress([source], folder)
        if made is None:
            return None
        replace_file(made[0], target)
        return [target]


def shown_pdfs(made: Sequence[Path], sources: Sequence[Path], outdir: Path | None = None
               ) -> list[Path]:
    """The PDFs as the .docx files were named (``ke_hoach.pdf``, ``van_ban/a.pdf``), not the
    full paths LibreOffice was given; the full path where they do not match."""
    if len(made) != len(sources):
        return list(made)
    out = []
    for pdf, source in zip(made, sources):
        named = (outdir if outdir is not None else source.parent) / (source.stem + ".pdf")
        out.append(named if named.resolve() == Path(pdf).resolve() else Path(pdf))
    return out


def convert_with_progress(paths: Sequence[Path], outdir: Path | None = None
                          ) -> list[Path] | None:
    """Convert with a progress bar (several files, stderr a terminal) and font warnings on
    stderr; ``None`` after printing the error when LibreOffice is missing or fails."""
    from kehoach.convert import ConversionError, to_pdf

    try:
        with _bar(len(paths), "Tạo PDF") as step:
            made = to_pdf(paths, outdir, progress=lambda _: step())
    except ConversionError as exc:
        click.echo(f"LỖI: {exc}", err=True)
        return None
    for line in font_warnings(made, paths):
        click.echo(f"Cảnh báo: {line}", err=True)
    return made


def font_warnings(pdfs: Sequence[Path], sources: Sequence[Path] | None = None) -> list[str]:
    """What the PDFs' fonts say (:class:`kehoach.convert.FontReport`), each warning once;
    ``sources`` (the .docx files) give the characters each PDF must draw (and spare the search
    where they hold only common ones)."""
    from kehoach.convert import pdf_fonts
    from kehoach.convert.fonts import document_characters
    from kehoach.layout.profile import FONT

    merged = None
    for n, path in enumerate(pdfs):
        text = document_characters(sources[n]) if sources is not None else None
        try:
            report = pdf_fonts(path, text=text)
        except Exception:  # noqa: BLE001 - no PDFium, an odd PDF: no warning rather than a crash
            continue
        merged = report if merged is None else merged.merged(report)
    return merged.warnings(FONT) if merged is not None else []


@contextlib.contextmanager
def _bar(total: int, label: str) -> Iterator:
    """A step function advancing a progress bar on stderr (several files, a terminal); for one
    file a line that counts the seconds LibreOffice takes, cleared when it is done."""
    if not _stderr_is_tty():
        yield lambda: None
    elif total > 1:
        from kehoach.cli.vietnamese import progressbar

        with progressbar(length=total, label=label, file=sys.stderr, show_pos=True) as bar:
            yield lambda: bar.update(1)
    else:
        with _ticking(f"{label} bằng LibreOffice…"):
            yield lambda: None


def _stderr_is_tty() -> bool:
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()


#: Seconds between two updates of the waiting line.
TICK_S = 0.5


@contextlib.contextmanager
def _ticking(text: str) -> Iterator[None]:
    """``text`` and the seconds elapsed on one line of stderr, rewritten until the block ends,
    then erased (the lines printed after it stay as they would be without it)."""
    import threading

    done = threading.Event()
    start = time.monotonic()
    width = 0

    def show() -> None:
        nonlocal width
        while not done.wait(TICK_S):
            line = f"{text} {int(time.monotonic() - start)} giây"
            width = max(width, len(line))
            click.echo("\r" + line, nl=False, err=True)

    click.echo(text, nl=False, err=True)
    width = len(text)
    thread = threading.Thread(target=show, name="kehoach-pdf-progress", daemon=True)
    thread.start()
    try:
        yield
    finally:
        done.set()
        thread.join()
        click.echo("\r" + " " * width + "\r", nl=False, err=True)


def _manage(serve: str | None, status: bool, stop: bool) -> None:
    from kehoach.convert import listener

    if status:
        state = listener.shared_status()
        if state is None:
            click.echo("LibreOffice thường trực: không chạy")
        else:
            click.echo(f"LibreOffice thường trực: đang chạy (tiến trình {state['pid']}, "
                       f"{state['address']})")
        return
    if stop:
        stopped = listener.stop_shared()
        click.echo("Đã dừng LibreOffice thường trực." if stopped else
                   "LibreOffice thường trực không chạy.")
        return
    assert serve is not None
    host, _, port = serve.rpartition(":")
    if not port.isdigit():
        raise click.UsageError(f"--serve {serve}: cần [MÁY:]CỔNG, ví dụ 0.0.0.0:2003")
    host = host.strip("[]") or "127.0.0.1"
    address = f"{host}:{port}"
    busy = _port_taken(host, int(port))
    if busy:
        click.echo(f"LỖI: không nghe được tại {address}: {busy}", err=True)
        sys.exit(EXIT_NO_LIBREOFFICE)
    try:
        converter = listener.ListenerConverter.start(listen=address)
    except listener.ConversionError as exc:
        click.echo(f"LỖI: {exc}", err=True)
        sys.exit(EXIT_NO_LIBREOFFICE)
    bound_port = converter.address.rpartition(":")[2]
    reach = (f"{_own_address()}:{bound_port}" if host in ("0.0.0.0", "::", "")
             else converter.address)
    click.echo(f"LibreOffice thường trực nghe tại {converter.address}. Trên các máy khác: "
               f"KEHOACH_CONVERTER={reach}. Không có mật khẩu: ai kết nối được cổng này "
               "đều chuyển được văn bản, chỉ mở trong mạng tin cậy. Ctrl-C để dừng.", err=True)
    from kehoach.convert.base import signals_raise

    try:
        with signals_raise(), converter:
            while converter.process is not None and converter.process.poll() is None:
                time.sleep(1)
    except KeyboardInterrupt:
        pass


def _port_taken(host: str, port: int) -> str | None:
    """Why ``host:port`` cannot be listened on (in Vietnamese), or ``None``."""
    import errno
    import socket

    if port == 0:
        return None
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except OSError as exc:
        return f"không có địa chỉ máy {host} ({exc.strerror or exc})"
    family, kind, _, _, where = infos[0]
    with socket.socket(family, kind) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(where)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return (f"cổng {port} đang được dùng (có thể một 'kehoach pdf --serve' khác "
                        "đang chạy); chọn cổng khác")
            if exc.errno == errno.EACCES:
                return f"không được phép dùng cổng {port} (cổng dưới 1024 cần quyền quản trị)"
            return f"máy này không có địa chỉ {host} ({exc.strerror or exc})"
    return None


def _own_address() -> str:
    """This machine's address on its network (what other machines reach it by), for a
    listener bound to every address (0.0.0.0)."""
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:  # no packet is sent: connecting a UDP socket only chooses the route
            probe.connect(("192.0.2.1", 9))
            address = probe.getsockname()[0]
            if address and not address.startswith("0."):
                return address
        except OSError:
            pass
    try:
        return socket.gethostbyname(socket.gethostname())
    except OSError:
        return socket.gethostname()
