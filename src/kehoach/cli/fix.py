"""``kehoach fix``: make a .docx conform to Nghị định 30, changing nothing but its formatting,
the decree's fixed forms and the place of misplaced paragraphs (moved whole).

Exit codes: 0 the output was written (or, with ``--dry-run``, would be) and no hard rule fails
in it, its printed page (LibreOffice's PDF) included; 1 it was written but hard rules still
fail (they need a person: the report says why); 2 the input is not a readable .docx, or the
output cannot be written; 3 the document was refused (nothing written: a digital signature,
OOXML Strict, not a document of Nghị định 30); 4 no hard rule fails in the file but its printed
page was not checked (no LibreOffice, ``--no-render``): like ``kehoach check``, the fix never
says 0 faults it has not seen.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_REMAINING, EXIT_ERROR, EXIT_REFUSED, EXIT_UNCHECKED = 0, 1, 2, 3, 4


@click.command("fix")
@click.argument("source", type=click.Path(dir_okay=False, path_type=Path))
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Tệp .docx ghi kết quả (mặc định: <tên>_da_sua.docx cạnh tệp gốc).")
@click.option("--dry-run", is_flag=True, help="Chỉ in báo cáo, không ghi tệp.")
@click.option("--json", "as_json", is_flag=True, help="In báo cáo dạng JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Liệt kê mọi chỗ đã sửa (mặc định: 5 chỗ "
                                                    "mỗi quy tắc).")
@click.option("--no-render", is_flag=True,
              help="Không kết xuất PDF bằng LibreOffice: các quy tắc bản in (P1–P9) chỉ xét "
                   "theo tệp, báo cáo ghi «chưa kiểm tra bản in».")
def fix(source: Path, output: Path | None, dry_run: bool, as_json: bool, verbose: bool,
        no_render: bool) -> None:
    """Sửa thể thức văn bản .docx theo Nghị định 30/2020/NĐ-CP.

    Chỉ sửa định dạng (khổ giấy, lề, phông, cỡ chữ, đậm nghiêng, căn lề, thụt dòng, cách
    dòng, đường kẻ, số trang, ngắt phần trước phụ lục) và các mẫu chữ cố định (Tiêu ngữ, số 0
    ở đầu ngày tháng và số, «- Lưu: VT, …», họ tên người ký, số thứ tự mục, khoản, điểm…);
    đoạn gõ sai chỗ được chuyển nguyên đoạn. Không bao giờ sửa tệp gốc.

    Mã thoát: 0 đã sửa, không còn lỗi bắt buộc (cả trên bản in); 1 đã sửa, còn lỗi cần người
    sửa; 2 không đọc hoặc không ghi được tệp; 3 văn bản bị từ chối (không ghi gì); 4 không còn
    lỗi trong tệp nhưng chưa kiểm tra bản in (không có LibreOffice, hoặc --no-render).
    """
    from kehoach.checker.docx_reader import DocxReadError
    from kehoach.fixer import FixError, UnsafeChange
    from kehoach.fixer import fix as run_fix

    if output is not None and str(output) == "-":
        raise click.UsageError("-o -: kehoach fix không ghi văn bản Word ra đầu ra chuẩn; "
                               "đặt tên tệp .docx (-o da_sua.docx)")
    target = output or source.with_name(f"{source.stem}_da_sua.docx")
    try:
        report = run_fix(source, target, dry_run=dry_run, render=False if no_render else None)
    except DocxReadError as exc:
        click.echo(f"LỖI: không đọc được tệp: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    except (FixError, UnsafeChange) as exc:
        click.echo(f"LỖI: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    if as_json:
        click.echo(report.to_json(indent=2))
    else:
        click.echo(report.to_text(limit=0 if verbose else 5))
        if dry_run and not report.refused:
            click.echo("(--dry-run: không ghi tệp)")
    if report.refused:
        sys.exit(EXIT_REFUSED)
    if report.hard_after:
        sys.exit(EXIT_REMAINING)
    sys.exit(EXIT_OK if report.rendered else EXIT_UNCHECKED)
