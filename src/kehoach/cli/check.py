"""``kehoach check``: check .docx files against Nghị định 30 (``kehoach pdf`` is in
:mod:`kehoach.cli.pdf`).

Exit codes: 0 when no hard rule fails in any file, 1 when one does or a file's check could not
be concluded (a PDF that timed out: "CHƯA KẾT LUẬN"), 2 when a file is not a readable .docx
(the others are still checked).
"""

from __future__ import annotations

import json
import sys

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

    Mã thoát: 0 không có lỗi bắt buộc; 1 có quy tắc bắt buộc không đạt hoặc chưa kết luận
    được; 2 có tệp không đọc được (không phải .docx).
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


def __getattr__(name: str) -> object:
    if name == "pdf":  # it lived here until kehoach 0.2
        from kehoach.cli.pdf import pdf

        return pdf
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
