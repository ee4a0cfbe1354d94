"""``kehoach check`` and ``kehoach pdf``: check .docx files against Nghị định 30, make PDFs.

Exit codes of ``check``: 0 when no hard rule fails in any file, 1 when one does, 2 when a file
is not a readable .docx (the others are still checked). ``pdf``: 0 on success, 2 for an input
that is not a readable .docx, 3 when LibreOffice is missing or fails.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE, EXIT_NO_LIBREOFFICE = 0, 1, 2, 3


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In báo cáo dạng JSON (một danh sách).")
@click.option("--no-render", is_flag=True,
              help="Bỏ qua các quy tắc cần kết xuất PDF bằng LibreOffice (P1–P9).")
@click.option("-v", "--verbose", is_flag=True, help="Liệt kê cả các quy tắc đạt.")
def check(files: tuple[str, ...], as_json: bool, no_render: bool, verbose: bool) -> None:
    """Kiểm tra thể thức .docx theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 không có lỗi bắt buộc; 1 có quy tắc bắt buộc không đạt; 2 có tệp không đọc
    được (không phải .docx).
    """
    from kehoach.checker import DocxReadError, check_files

    results = check_files(list(files), render=False if no_render else None)
    code = EXIT_OK
    out = []
    for result in results:
        if isinstance(result, DocxReadError):
            code = max(code, EXIT_UNREADABLE)
            if as_json:
                out.append({"path": result.path, "ok": False, "error": result.reason})
            else:
                click.echo(f"== {result.path}\nLỖI: không đọc được tệp: {result.reason}",
                           err=True)
            continue
        if not result.ok:
            code = max(code, EXIT_FAILED)
        if as_json:
            out.append(result.to_dict())
        else:
            click.echo(result.to_text(verbose=verbose))
            click.echo()
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    sys.exit(code)


@click.command("pdf")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("-o", "--outdir", type=click.Path(file_okay=False, path_type=Path),
              help="Thư mục ghi PDF (mặc định: cạnh tệp .docx).")
def pdf(files: tuple[str, ...], outdir: Path | None) -> None:
    """Chuyển .docx sang PDF bằng LibreOffice (một lần chạy cho mọi tệp).

    Mã thoát: 0 thành công; 2 có tệp không phải .docx; 3 không có LibreOffice hoặc
    LibreOffice lỗi.
    """
    from kehoach.checker.docx_reader import DocxReadError, read_docx
    from kehoach.convert import ConversionError, LibreOfficeNotFound, to_pdf

    bad = False
    for name in files:
        try:
            read_docx(name)
        except DocxReadError as exc:
            click.echo(f"LỖI: không đọc được tệp: {exc}", err=True)
            bad = True
    if bad:
        sys.exit(EXIT_UNREADABLE)
    try:
        made = to_pdf(files, outdir)
    except LibreOfficeNotFound as exc:
        click.echo(f"LỖI: {exc}", err=True)
        sys.exit(EXIT_NO_LIBREOFFICE)
    except (ConversionError, ValueError) as exc:
        click.echo(f"LỖI: {exc}", err=True)
        sys.exit(EXIT_NO_LIBREOFFICE)
    except OSError as exc:
        click.echo(f"LỖI: {exc}", err=True)
        sys.exit(EXIT_UNREADABLE)
    for path in made:
        click.echo(str(path))
