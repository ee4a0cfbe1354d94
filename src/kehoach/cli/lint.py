"""``kehoach lint``: content mistakes no rule of the decree sees, in plan data files.

Each finding names its file, line, field and rule (``ke_hoach.yaml:35: title: [L1] …``); the
rules are listed by ``kehoach lint --rules`` and in docs/lint.md. Findings are warnings:
``kehoach render`` prints them and renders anyway, unless given ``--strict``.

Exit codes: 0 no finding; 1 findings; 2 a file is not a valid plan (its problems listed).
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

EXIT_OK, EXIT_FINDINGS, EXIT_DATA = 0, 1, 2


def _ignored(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]
             ) -> frozenset[str]:
    """``--bo-qua L3 --bo-qua L6`` or ``--bo-qua L3,L6``: rule ids, checked."""
    from kehoach.linter import RULES

    ids = {part.strip().upper() for item in value for part in item.split(",") if part.strip()}
    unknown = sorted(ids - set(RULES))
    if unknown:
        raise click.BadParameter(f"không có quy tắc {', '.join(unknown)}; các quy tắc: "
                                 + ", ".join(RULES) + " (kehoach lint --rules)")
    return frozenset(ids)


#: ``--bo-qua`` of ``kehoach lint`` and ``kehoach render``: warnings a clerk has checked.
ignore_option = click.option(
    "--bo-qua", "--ignore", "ignore", multiple=True, metavar="MÃ", callback=_ignored,
    help="Bỏ qua cảnh báo của quy tắc này (như L3 khi tên mẫu đúng là tên thật); ghi nhiều "
         "lần, hoặc L3,L6.")


@click.command("lint")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path), metavar="TỆP...")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "toml", "json"]),
              help="Định dạng tệp dữ liệu, khi đuôi tệp không cho biết.")
@click.option("--rules", "list_rules", is_flag=True, help="Liệt kê các quy tắc soát rồi thoát.")
@ignore_option
def lint(files: tuple[Path, ...], fmt: str | None, list_rules: bool,
         ignore: frozenset[str]) -> None:
    """Soát nội dung tệp dữ liệu kế hoạch: những sai sót về nội dung mà quy tắc thể thức không
    thấy.

    \b
      kehoach lint ke_hoach.yaml
      kehoach lint ke_hoach.yaml --bo-qua L3   # tên mẫu đúng là tên thật
      kehoach lint --rules

    Ví dụ: trích yếu bắt đầu bằng "Kế hoạch" (in hai lần), còn chỗ "…" hay tên mẫu chưa
    thay, căn cứ ghi ngày sau ngày kế hoạch, nhắc đến cấp huyện sau ngày 01/7/2025.

    Mã thoát: 0 không có cảnh báo; 1 có cảnh báo; 2 có tệp không đọc được hoặc dữ liệu sai.
    """
    from kehoach.linter import RULES

    if list_rules:
        for rule in RULES.values():
            click.echo(f"{rule.id:<4} {rule.title}")
        return
    if not files:
        raise click.UsageError("cần ít nhất một tệp dữ liệu kế hoạch (hoặc --rules)")
    code = EXIT_OK
    for path in files:
        findings, failed = report(path, fmt, ignore=ignore)
        if failed:
            code = EXIT_DATA
        elif findings:
            code = max(code, EXIT_FINDINGS)
        elif not failed:
            click.echo(f"{path}: không có cảnh báo")
    sys.exit(code)


def report(path: Path, fmt: str | None, *, err: bool = False,
           ignore: frozenset[str] = frozenset()) -> tuple[int, bool]:
    """Print the findings of one file, but those of the rules in ``ignore``; ``(number of
    findings, whether the file failed)``."""
    from kehoach.data import PlanFileError
    from kehoach.linter import lint_file

    try:
        findings = lint_file(path, fmt)
    except PlanFileError as error:
        click.echo(error.report(limit=50), err=True)
        return 0, True
    except OSError as error:  # read between the checks and the reading: said, not raised
        from kehoach.errors import describe_os_error

        click.echo(f"{path}: không đọc được tệp: {describe_os_error(error, with_file=False)}",
                   err=True)
        return 0, True
    findings = [f for f in findings if f.rule not in ignore]
    for finding in findings:
        click.echo(finding.describe(str(path), command=True), err=err)
    return len(findings), False
