"""``kehoach check``: check .docx files against Nghị định 30 (``kehoach pdf`` is in
:mod:`kehoach.cli.pdf`).

Exit codes, the first that applies to any file: 2 when a file is not a readable .docx (the
others are still checked), 1 when a hard rule fails, 3 when no hard rule fails but the answer
is not complete ("CHƯA KẾT LUẬN": a rule asked for could not be evaluated, such as no
LibreOffice, a PDF that timed out or could not be read; or "KHÔNG KIỂM TRA": a file is not a
document Nghị định 30 governs), 0 when every file passes every rule asked for.
"""

from __future__ import annotations

import json
import sys

import click

EXIT_OK, EXIT_FAILED, EXIT_UNREADABLE, EXIT_NO_LIBREOFFICE = 0, 1, 2, 3
#: ``check``: no hard rule fails, but some rule asked for was not evaluated, or a file is not
#: one Nghị định 30 governs.
EXIT_INCOMPLETE = 3
#: Which exit code wins when files differ: the worst first.
_PRECEDENCE = (EXIT_UNREADABLE, EXIT_FAILED, EXIT_INCOMPLETE, EXIT_OK)


@click.command("check")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="In báo cáo dạng JSON (một danh sách).")
@click.option("--no-render", is_flag=True,
              help="Bỏ qua các quy tắc cần kết xuất PDF bằng LibreOffice (P1–P9).")
@click.option("-v", "--verbose", is_flag=True, help="Liệt kê cả các quy tắc đạt.")
@click.option("--type", "doc_type", metavar="LOẠI",
              help="Loại văn bản, thay cho loại đọc từ tên loại và ký hiệu: «kế hoạch», "
                   "«quyết định», «công văn», «QĐ», «TTr»… (Phụ lục III).")
def check(files: tuple[str, ...], as_json: bool, no_render: bool, verbose: bool,
          doc_type: str | None) -> None:
    """Kiểm tra thể thức .docx theo Nghị định 30/2020/NĐ-CP.

    Mã thoát: 0 mọi tệp đạt mọi quy tắc đã yêu cầu; 1 có quy tắc bắt buộc không đạt; 2 có tệp
    không đọc được (không phải .docx); 3 không có lỗi nhưng chưa kết luận được (có quy tắc
    chưa kiểm tra được, ví dụ thiếu LibreOffice, hoặc tệp không phải văn bản hành chính).
    """
    from kehoach.checker import DocxReadError, UnknownDocType, check_files

    try:
        results = check_files(list(files), render=False if no_render else None,
                              doc_type=doc_type)
    except UnknownDocType as exc:
        raise click.BadParameter(str(exc), param_hint="--type") from None
    codes = {EXIT_OK}
    out = []
    for result in results:
        if isinstance(result, DocxReadError):
            codes.add(EXIT_UNREADABLE)
            if as_json:
                out.append({"path": result.path, "ok": False, "error": result.reason})
            else:
                click.echo(f"== {result.path}\nLỖI: không đọc được tệp: {result.reason}",
                           err=True)
            continue
        codes.add({"fail": EXIT_FAILED, "pass": EXIT_OK}.get(result.verdict, EXIT_INCOMPLETE))
        if as_json:
            out.append(result.to_dict())
        else:
            click.echo(result.to_text(verbose=verbose))
            click.echo()
    if as_json:
        click.echo(json.dumps(out, ensure_ascii=False, indent=2))
    sys.exit(next(c for c in _PRECEDENCE if c in codes))


def __getattr__(name: str) -> object:
    if name == "pdf":  # it lived here until kehoach 0.2
        from kehoach.cli.pdf import pdf

        return pdf
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
