"""``kehoach render``, ``kehoach new``, ``kehoach schema``: plans written as data files.

``render`` turns YAML, TOML or JSON plan files into .docx (and PDF). It reads and checks every
file first: if any has a problem, it lists them all (file, line, key, what to do), writes
nothing and exits with code 2. ``new`` prints a commented starter plan; ``schema`` the JSON
Schema editors use to check and complete plan files.

Exit codes: 0 done; 1 rendering or PDF conversion failed; 2 wrong data or wrong arguments;
3 a file could not be written (a read-only folder or disk, a full disk …): one line names the
file and the reason, and for several plans the files written and those not.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TypeVar

import click

from kehoach.cli.lint import ignore_option

EXIT_DATA = 2
EXIT_WRITE = 3
#: Problems shown for one file; past it, a count (a wrong indent can make hundreds).
SHOWN_PER_FILE = 50

T = TypeVar("T")


# --------------------------------------------------------------------------------------------
# kehoach render


@click.command("render")
@click.argument("plans", nargs=-1, required=True, metavar="TỆP...",
                type=click.Path(path_type=Path, allow_dash=True))
@click.option("-o", "--output", type=click.Path(path_type=Path),
              help="Tệp .docx (một kế hoạch) hoặc thư mục (nhiều kế hoạch). Mặc định: cạnh "
                   "tệp dữ liệu, cùng tên, đuôi .docx.")
@click.option("--pdf", "make_pdf", is_flag=True,
              help="Tạo thêm bản PDF cạnh mỗi tệp .docx (cần LibreOffice).")
@click.option("-f", "--format", "fmt", type=click.Choice(["yaml", "toml", "json"]),
              help="Định dạng tệp dữ liệu, khi đuôi tệp không cho biết (hoặc đọc từ '-').")
@click.option("--strict", is_flag=True,
              help="Có cảnh báo nội dung (kehoach lint) thì không tạo văn bản.")
@ignore_option
@click.pass_context
def render(ctx: click.Context, plans: tuple[Path, ...], output: Path | None, make_pdf: bool,
           fmt: str | None, strict: bool, ignore: frozenset[str]) -> None:
    """Tạo văn bản .docx từ tệp dữ liệu kế hoạch (YAML, TOML hoặc JSON).

    \b
      kehoach render ke_hoach.yaml                  # ra ke_hoach.docx
      kehoach render ke_hoach.yaml -o KH-05.docx --pdf
      kehoach render ke_hoach/*.yaml -o van_ban/    # nhiều kế hoạch vào thư mục van_ban/

    Mọi tệp được kiểm tra trước; nếu có lỗi, kehoach liệt kê tất cả (tệp, dòng, khóa, cách
    sửa) và không tạo văn bản nào. Các cảnh báo nội dung (như kehoach lint) được in ra nhưng
    không ngăn tạo văn bản, trừ khi có --strict.
    """
    import kehoach
    from kehoach.data import PlanFileError

    if output is not None and str(output) == "-":
        raise click.UsageError("-o -: kehoach render không ghi văn bản Word ra đầu ra chuẩn; "
                               "đặt tên tệp (-o KH-05.docx) hoặc thư mục (-o van_ban/)")
    try:
        output, wants_pdf = _output_name(output, len(plans))
        jobs = _targets(plans, output)
    except OSError as error:  # a name too long to look at, a folder that cannot be read
        click.echo(f"Lỗi: {write_error(error)}", err=True)
        ctx.exit(EXIT_WRITE)
    make_pdf = make_pdf or wants_pdf
    loaded = []
    failures: list[PlanFileError] = []
    with _progress(jobs, "Kiểm tra dữ liệu") as bar:
        for source, target in bar:
            try:
                loaded.append((_load(source, fmt), target))
            except PlanFileError as error:
                failures.append(error)
    if failures:
        for error in failures:
            click.echo(error.report(limit=SHOWN_PER_FILE), err=True)
        count = sum(len(e.problems) for e in failures)
        click.echo(f"\nCó {count} lỗi trong {len(failures)} tệp; chưa tạo văn bản nào. "
                   "Sửa các lỗi trên rồi chạy lại.", err=True)
        ctx.exit(EXIT_DATA)

    warned = _warn(jobs, loaded, fmt, ignore)
    if warned and strict:
        click.echo(f"\nCó {warned} cảnh báo; với --strict, chưa tạo văn bản nào. Sửa các chỗ "
                   "trên rồi chạy lại (hoặc bỏ --strict).", err=True)
        ctx.exit(EXIT_DATA)

    from kehoach.batch import iter_save

    targets = [target for _, target in loaded]
    before = {target: _identity(target) for target in targets}
    written: list[Path] = []
    try:
        for target in targets:
            target.parent.mkdir(parents=True, exist_ok=True)
        # Many plans render on every core (each worker prepares its template once).
        saved = iter_save([plan for plan, _ in loaded], targets)
        with _progress(loaded, "Tạo văn bản") as bar:
            for _ in bar:
                written.append(next(saved))
    except kehoach.RenderError as error:
        # the plan that failed: the batch gives its documents in order
        source, target = jobs[len(written)] if len(written) < len(jobs) else ("", "")
        where = f"{source}: " if str(source) not in ("", "-") else ""
        click.echo(f"Lỗi: {where}không tạo được văn bản '{target}': {error}", err=True)
        raise SystemExit(1) from None
    except OSError as error:
        _write_failed(ctx, error, targets, before)
    for path in written:
        click.echo(str(path))
    if make_pdf:
        _pdf(written)


def _warn(jobs: list[tuple[Path, Path]], loaded: list[tuple[object, Path]],
          fmt: str | None, ignore: frozenset[str] = frozenset()) -> int:
    """Print the content warnings of each plan (kehoach lint) on stderr, but those of the
    rules in ``ignore``; their number."""
    from kehoach.linter import lint, locate

    count = 0
    for (source, _), (plan, _) in zip(jobs, loaded):
        findings = [f for f in lint(plan) if f.rule not in ignore]
        if not findings:
            continue
        if str(source) != "-":
            findings = locate(findings, source, fmt)
        for finding in findings:
            click.echo("Cảnh báo: " + finding.describe(str(source), command=True), err=True)
        count += len(findings)
    return count


def write_error(error: OSError) -> str:
    """One line: the file that could not be written and why, in Vietnamese."""
    from kehoach.errors import describe_os_error

    where = f" '{error.filename}'" if error.filename else ""
    return f"không ghi được tệp{where}: {describe_os_error(error, with_file=False)}"


def _identity(path: Path) -> tuple[int, int, int] | None:
    """What tells a file written now from the one there before (a save makes a new inode)."""
    try:
        info = path.stat()
    except OSError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def _write_failed(ctx: click.Context, error: OSError, targets: list[Path],
                  before: dict[Path, tuple[int, int, int] | None]) -> None:
    """Report a failed write, and for a batch which files were written; exit 3.

    The workers of a batch have all stopped when the error arrives (:mod:`kehoach.batch`
    waits for them), and each writes atomically: a target whose file changed was written whole.
    """
    click.echo(f"Lỗi: {write_error(error)}", err=True)
    if len(targets) > 1:
        done = [t for t in targets if _identity(t) not in (None, before[t])]
        not_done = [t for t in targets if t not in done]
        if done:
            click.echo(f"Đã ghi {len(done)} tệp:", err=True)
            for path in done:
                click.echo(f"  {path}", err=True)
        click.echo(f"Chưa ghi {len(not_done)} tệp (tệp cũ, nếu có, vẫn giữ nguyên):", err=True)
        for path in not_done:
            click.echo(f"  {path}", err=True)
    ctx.exit(EXIT_WRITE)


def _load(source: Path, fmt: str | None) -> object:
    from kehoach import data

    if str(source) == "-":
        from kehoach.data import limits

        raw = sys.stdin.buffer.read(limits.MAX_FILE_BYTES + 1)  # past it: refused, not read on
        return data.loads(raw, fmt or "yaml", source="<stdin>")
    return data.load(source, fmt)


def _output_name(output: Path | None, count: int) -> tuple[Path | None, bool]:
    """``-o`` for one plan as the clerk means it: ``KH05.pdf`` asks for the PDF (made with its
    .docx, ``KH05.docx``), ``KH05`` gets ``.docx``; a name of another kind of document is a
    usage error. A folder (existing, ending in ``/``, or for several plans) is left as it is.
    Returns the .docx path and whether a PDF is asked for."""
    if output is None or count > 1 or str(output) == "-" or output.is_dir() \
            or str(output).endswith(("/", os.sep)):
        return output, False
    suffix = output.suffix.lower()
    if suffix == ".docx":
        return output, False
    if suffix == ".pdf":
        return output.with_suffix(".docx"), True
    from kehoach.api import OTHER_DOCUMENTS  # the names kh.save refuses

    if suffix in OTHER_DOCUMENTS:
        raise click.UsageError(f"-o '{output}': kehoach tạo tệp Word .docx (và PDF với --pdf); "
                               f"đặt tên '{output.with_suffix('.docx')}'")
    return output.with_name(output.name + ".docx"), False


def _targets(plans: Sequence[Path], output: Path | None) -> list[tuple[Path, Path]]:
    """Where each plan's .docx goes; a usage error if two would go to the same file."""
    stdin = any(str(p) == "-" for p in plans)
    if stdin and (output is None or len(plans) > 1):
        raise click.UsageError("đọc từ đầu vào chuẩn ('-') thì chỉ một kế hoạch và cần "
                               "-o TỆP.docx")
    if output is None:
        targets = [p.with_suffix(".docx") for p in plans]
    elif output.is_dir() or str(output).endswith(("/", os.sep)) or len(plans) > 1:
        if output.exists() and not output.is_dir():
            raise click.UsageError(f"nhiều kế hoạch thì -o phải là một thư mục; '{output}' là "
                                   "một tệp")
        targets = [output / (p.stem + ".docx") for p in plans]
    else:
        targets = [output]
    clashes = [t for t, n in Counter(t.resolve() for t in targets).items() if n > 1]
    if clashes:
        raise click.UsageError("nhiều kế hoạch sẽ ghi vào cùng một tệp: "
                               + ", ".join(map(str, clashes)) + "; đổi tên tệp dữ liệu")
    for source, target in zip(plans, targets):
        if str(source) != "-" and source.resolve() == target.resolve():
            raise click.UsageError(f"tệp kết quả '{target}' trùng với tệp dữ liệu")
    return list(zip(plans, targets))


def _pdf(paths: list[Path]) -> None:
    """PDFs beside the .docx files: the warm LibreOffice for a few, one run for many
    (:func:`kehoach.convert.to_pdf`), with a progress bar and the fonts' warnings. Each PDF
    is named as its .docx was (``ke_hoach.pdf`` beside ``ke_hoach.docx``, not a full path)."""
    from kehoach.cli.pdf import convert_with_progress, shown_pdfs

    try:
        made = convert_with_progress(paths)
    except OSError as error:  # a PDF that cannot be written: as a .docx that cannot, exit 3
        click.echo(f"Lỗi: {write_error(error)} (các tệp .docx đã được tạo)", err=True)
        raise SystemExit(EXIT_WRITE) from None
    if made is None:
        raise click.ClickException("chưa tạo được PDF (các tệp .docx đã được tạo)")
    for path in shown_pdfs(made, paths):
        click.echo(str(path))


def _stderr_is_tty() -> bool:
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()


def _progress(items: Sequence[T], label: str) -> contextlib.AbstractContextManager[Iterable[T]]:
    """A progress bar on stderr for several files, when stderr is a terminal."""
    if len(items) > 1 and _stderr_is_tty():
        from kehoach.cli.vietnamese import progressbar

        return progressbar(items, label=label, file=sys.stderr, show_pos=True)
    return contextlib.nullcontext(items)


# --------------------------------------------------------------------------------------------
# kehoach new, kehoach schema


@click.command("new")
@click.argument("type_name", metavar="[LOẠI]", required=False, default="ke-hoach")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Ghi vào tệp này thay vì in ra (không ghi đè tệp đã có).")
def new(type_name: str, output: Path | None) -> None:
    """In ra một kế hoạch mẫu (YAML, có ghi chú) để điền.

    \b
      kehoach new -o ke_hoach.yaml
      kehoach new nong-thon-moi -o nong_thon_moi.yaml

    LOẠI là một loại kế hoạch (xem: kehoach types); mặc định ke-hoach.
    """
    text = starter(type_name)
    _emit(text, output)


@click.command("schema")
@click.argument("type_name", metavar="[LOẠI]", required=False, default="ke-hoach")
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False),
              help="Ghi vào tệp này thay vì in ra (không ghi đè tệp đã có).")
def schema(type_name: str, output: Path | None) -> None:
    """In ra JSON Schema của tệp dữ liệu kế hoạch, cho trình soạn thảo.

    \b
      kehoach schema > ke-hoach.schema.json

    Trong tệp YAML, thêm dòng đầu "# yaml-language-server: $schema=ke-hoach.schema.json"
    để VS Code kiểm tra và gợi ý khi gõ.
    """
    from kehoach.data.schema import json_schema

    _known_type(type_name)
    _emit(json.dumps(json_schema(type_name), ensure_ascii=False, indent=2) + "\n", output)


def starter(type_name: str) -> str:
    """The commented starter file of plan type ``type_name``."""
    _known_type(type_name)
    from importlib import resources

    entry = resources.files("kehoach.data").joinpath("starters", f"{type_name}.yaml")
    if not entry.is_file():
        raise click.UsageError(f"chưa có kế hoạch mẫu cho loại '{type_name}'")
    return entry.read_text(encoding="utf-8")


def _known_type(type_name: str) -> None:
    from kehoach import registry
    from kehoach.data import suggest

    known = [t.name for t in registry.types()]
    if type_name not in known:
        near = suggest(type_name, known)
        hint = f" (có phải '{near}'?)" if near else ""
        raise click.UsageError(f"không có loại kế hoạch '{type_name}'{hint}; các loại: "
                               + ", ".join(known))


def _emit(text: str, output: Path | None) -> None:
    """Write ``text`` as UTF-8 to ``output`` (never over an existing file) or to stdout."""
    data = text.encode("utf-8")
    if output is not None and str(output) == "-":  # '-' is standard output, as elsewhere
        output = None
    if output is None:
        # Bytes, not text: a redirected stdout on Windows would otherwise not be UTF-8.
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    created = False
    try:
        kind = os.stat(output).st_mode
    except OSError:
        kind = None
    if kind is not None and not stat.S_ISREG(kind):  # /dev/full, a FIFO: not "a file"
        from kehoach.errors import NotAFileError
        from kehoach.files import file_kind

        click.echo(f"Lỗi: {write_error(NotAFileError(str(output), file_kind(kind)))}", err=True)
        raise SystemExit(EXIT_WRITE)
    try:
        with open(output, "xb") as handle:
            created = True
            handle.write(data)
    except FileExistsError:
        raise click.ClickException(f"đã có tệp '{output}'; chọn tên khác") from None
    except OSError as error:
        if created:  # the part written before the disk filled up: a new file, ours to remove
            with contextlib.suppress(OSError):
                output.unlink()
        click.echo(f"Lỗi: {write_error(error)}", err=True)
        raise SystemExit(EXIT_WRITE) from None
    click.echo(str(output), err=True)
