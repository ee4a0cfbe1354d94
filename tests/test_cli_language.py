"""Everything the command line prints is Vietnamese, click's own strings included (issue 14.8).

Every command of ``kehoach.cli.COMMANDS`` (those to come too) is run with ``--help``, without
its arguments, with an unknown option, with an option missing its value and with a wrong
choice; the output must hold no English word of click (its messages, read from click's source,
and its placeholders ``OPTIONS``, ``COMMAND``, ``TEXT``, ``PATH`` …).
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import string
import subprocess
import sys
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from kehoach.cli import COMMANDS, main, vietnamese
from kehoach.errors import describe_os_error

CLICK_DIR = Path(click.__file__).parent
PLACEHOLDERS = {"OPTIONS", "COMMAND", "ARGS", "TEXT", "PATH", "FILE", "FILES", "DIRECTORY",
                "INTEGER", "FLOAT", "BOOLEAN", "FILENAME", "PLANS", "DATETIME"}


def click_messages() -> tuple[set[str], set[tuple[str, str]]]:
    """Every string click passes to ``_()`` and every pair it passes to ``ngettext()``."""
    singles, plurals = set(), set()
    for path in CLICK_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
                continue
            args = [a.value for a in node.args if isinstance(a, ast.Constant)
                    and isinstance(a.value, str)]
            if node.func.id == "_" and args:
                singles.add(args[0])
            elif node.func.id == "ngettext" and len(args) >= 2:
                plurals.add((args[0], args[1]))
    return singles, plurals


SINGLES, PLURALS = click_messages()
ENGLISH = {w.lower() for m in SINGLES | {p for pair in PLURALS for p in pair}
           if m not in vietnamese.FOR_PROGRAMMERS
           for w in re.findall(r"[A-Za-z]{3,}", re.sub(r"\{[^}]*\}|%\([a-z]+\)s", " ", m))}
ENGLISH |= {p.lower() for p in PLACEHOLDERS}
ENGLISH -= {"uuid", "windows"}  # names, the same in Vietnamese


def english_words(text: str) -> set[str]:
    text = re.sub(r"(?<![\w-])--?[A-Za-z][\w-]*", " ", text)  # option names are not words
    return {w for w in re.findall(r"[A-Za-z]+", text) if w.lower() in ENGLISH}


def test_the_english_word_list_is_real():
    assert {"usage", "error", "options", "show", "missing", "invalid", "try"} <= ENGLISH
    assert english_words("Usage: kehoach [OPTIONS] FILES...\nError: Missing argument") == {
        "Usage", "OPTIONS", "FILES", "Error", "Missing", "argument"}
    assert not english_words("Cách dùng: kehoach --help --pdf -o ke_hoach.docx")


def test_every_click_message_a_user_can_meet_is_translated():
    missing = {m for m in SINGLES if m not in vietnamese.MESSAGES}
    missing -= vietnamese.FOR_PROGRAMMERS
    assert not missing, sorted(missing)
    assert not PLURALS - set(vietnamese.PLURALS), sorted(PLURALS - set(vietnamese.PLURALS))


@pytest.mark.parametrize("english, vietnamese_text", [
    *vietnamese.MESSAGES.items(),
    *((e, v) for pair, vs in vietnamese.PLURALS.items() for e, v in zip(pair, vs)),
])
def test_translations_use_only_the_placeholders_click_fills(english, vietnamese_text):
    fields = {f for _, f, _, _ in string.Formatter().parse(english) if f}
    values = {re.split(r"[!:.\[]", f)[0]: "x" for f in fields}
    if "%(" in english:
        shown = vietnamese_text % {"prog": "kehoach", "version": "1", "package": "kehoach"}
    else:
        shown = vietnamese_text.format(**values)
    assert not english_words(shown), shown


@pytest.fixture
def run():
    def invoke(*args: str):
        result = CliRunner().invoke(main, list(args), prog_name="kehoach")
        assert not isinstance(result.exception, Exception) or isinstance(
            result.exception, SystemExit), result.exception
        return result.output
    return invoke


def _commands() -> list[tuple[str, click.Command]]:
    ctx = click.Context(main)
    return [(name, main.get_command(ctx, name)) for name in main.list_commands(ctx)]


def _mistakes(name: str, command: click.Command) -> list[list[str]]:
    """The usual mistakes with ``command``: no argument, unknown option, missing value …"""
    tries = [[name, "--help"], [name, "-h"], [name, "--khong-co"]]
    arguments = [p for p in command.params if isinstance(p, click.Argument)]
    if any(p.required for p in arguments):
        tries.append([name])
    if arguments and all(p.nargs == 1 for p in arguments):
        tries.append([name, *["thừa"] * (len(arguments) + 2)])
    for param in command.params:
        if isinstance(param, click.Option) and not param.is_flag and not param.count:
            tries.append([name, param.opts[0]])
            if isinstance(param.type, click.Choice):
                tries.append([name, param.opts[0], "khong-co"])
    return tries


def test_every_command_is_listed():
    assert [name for name, _ in _commands()] == [n for n in COMMANDS
                                                  if main._available(n)]


@pytest.mark.parametrize("args", [[], ["--help"], ["-h"], ["--version"], ["khong-co"],
                                  ["rendr"], ["--khong-co"]])
def test_the_group_speaks_vietnamese(run, args):
    out = run(*args)
    assert out.strip()
    assert not english_words(out), out


@pytest.mark.parametrize("name, command", _commands())
def test_every_command_speaks_vietnamese(run, name, command):
    for args in _mistakes(name, command):
        out = run(*args)
        assert out.strip(), args
        assert not english_words(out), (args, out)


def test_usage_lines_and_hints_read_as_vietnamese(run):
    out = run("render")
    assert "Cách dùng: kehoach render [TÙY CHỌN] TỆP..." in out
    assert "Xem hướng dẫn: kehoach render --help" in out
    assert "Lỗi: Thiếu tham số 'TỆP...'." in out
    assert "Có phải 'render'?" in run("rendr")
    assert "phiên bản" in run("--version")


NEW_COMMAND = """\
import click

@click.command("thu")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False))
@click.option("--so", type=int, help="Một số.")
@click.option("--ten", help="Một tên.")
def thu(files, so, ten):
    \"\"\"Lệnh thử.\"\"\"
"""


def test_a_new_command_is_vietnamese_without_doing_anything(run, tmp_path, monkeypatch):
    (tmp_path / "kehoach_test_thu.py").write_text(NEW_COMMAND, encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setitem(COMMANDS, "thu", "kehoach_test_thu:thu")
    for args in [["thu", "--help"], ["thu"], ["thu", "--so"], ["thu", "a", "--so", "x"]]:
        out = run(*args)
        assert not english_words(out), (args, out)
    assert "--so SỐ" in run("thu", "--help") and "--ten CHỮ" in run("thu", "--help")
    assert "'x' không phải một số hợp lệ" in run("thu", "a", "--so", "x")


def test_a_file_open_in_word_is_a_message_not_a_traceback(run, tmp_path, monkeypatch):
    import kehoach.batch

    source = tmp_path / "ke_hoach.yaml"
    source.write_text(run("new"), encoding="utf-8")

    def locked(plans, targets, **kwargs):
        raise PermissionError(13, "Permission denied", str(targets[0]))
        yield

    monkeypatch.setattr(kehoach.batch, "iter_save", locked)
    result = CliRunner().invoke(main, ["render", str(source)])
    assert result.exit_code == 3  # kehoach render: a file that could not be written
    assert "Traceback" not in result.output
    assert "tệp đang mở trong chương trình khác" in result.output
    assert "ke_hoach.docx" in result.output
    assert not english_words(result.output.replace(str(tmp_path), ""))


def test_a_fault_of_kehoach_is_reported_in_vietnamese(run, tmp_path, monkeypatch):
    import kehoach.batch

    source = tmp_path / "ke_hoach.yaml"
    source.write_text(run("new"), encoding="utf-8")

    def broken(plans, targets, **kwargs):
        raise RuntimeError("hỏng")
        yield

    monkeypatch.setattr(kehoach.batch, "iter_save", broken)
    result = CliRunner().invoke(main, ["render", str(source)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "lỗi của kehoach (RuntimeError: hỏng)" in result.output
    monkeypatch.setenv("KEHOACH_DEBUG", "1")
    result = CliRunner().invoke(main, ["render", str(source)])
    assert isinstance(result.exception, RuntimeError)


@pytest.mark.parametrize("error, expected", [
    (PermissionError(13, "Permission denied", "a.docx"), "'a.docx': không có quyền"),
    (FileNotFoundError(2, "No such file or directory", "b.yaml"), "'b.yaml': không có tệp"),
    (OSError(28, "No space left on device"), "ổ đĩa đã đầy"),
    (OSError(9999, "Weird"), "lỗi hệ thống (mã 9999)"),
])
def test_operating_system_errors_in_vietnamese(error, expected):
    text = describe_os_error(error)
    assert text.startswith(expected)
    assert "Permission" not in text and "No such" not in text


def test_a_fresh_process_speaks_vietnamese():
    result = subprocess.run([sys.executable, "-m", "kehoach", "check"], capture_output=True,
                            text=True, encoding="utf-8", env={"PATH": "/usr/bin:/bin"})
    assert result.returncode == 2
    assert "Lỗi: Thiếu tham số" in result.stderr and not english_words(result.stderr)


def test_english_on_request():
    code = "import kehoach.cli, click.exceptions as e; print(e._('Usage:'))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", "KEHOACH_LANG": "en"})
    assert result.stdout.strip() == "Usage:"


def test_the_progress_bar_speaks_vietnamese_though_click_imports_it_late():
    """click imports the module that draws progress bars only when one is drawn (a one-file
    command never does); kehoach's progress bars translate it then."""
    code = ("import io, sys, kehoach.cli\n"
            "from kehoach.cli import vietnamese\n"
            "print('click._termui_impl' in sys.modules)\n"
            "with vietnamese.progressbar(range(2), label='x', file=io.StringIO()) as bar:\n"
            "    list(bar)\n"
            "import click._termui_impl as impl\n"
            "print(impl._('d'))\n")
    env = {k: v for k, v in os.environ.items() if k != "KEHOACH_LANG"}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    assert done.stdout.split() == ["False", "ngày"]


# --------------------------------------------------------------------------------------------
# Output in any code page: Windows writes a redirected stdout in its ANSI code page (cp1252 …)


def _in_code_page(encoding: str, *args: str, cwd: Path) -> subprocess.CompletedProcess:
    """``kehoach ARGS`` with stdout and stderr redirected, Python told their code page."""
    env = {**os.environ, "PYTHONIOENCODING": encoding}
    env.pop("PYTHONUTF8", None)
    return subprocess.run([sys.executable, "-m", "kehoach", *args], capture_output=True,
                          env=env, cwd=cwd, timeout=300)


@pytest.mark.parametrize("encoding", ["cp1252", "ascii"])
def test_every_command_prints_vietnamese_when_its_output_is_redirected(encoding, tmp_path):
    """Each command a clerk runs, its output redirected to a file (as Windows does it): UTF-8
    text, every Vietnamese letter kept, no traceback, the exit code of its result."""
    data = tmp_path / "ke_hoach.yaml"
    assert _in_code_page(encoding, "new", "-o", str(data), cwd=tmp_path).returncode == 0
    runs = {
        ("--help",): (0, "Cách dùng"),
        ("render", "--help"): (0, "Tạo văn bản"),
        ("new",): (0, "Cơ quan ban hành"),
        ("types",): (0, "Loại kế hoạch"),
        ("lint", data.name): (1, "tên mẫu"),                        # warnings
        ("render", data.name, "-o", "Kế hoạch.docx"): (0, "Kế hoạch.docx"),
        ("check", "Kế hoạch.docx", "--no-render"): (0, "ĐẠT"),
        ("render", "không có.yaml"): (2, "không tìm thấy tệp"),
    }
    if encoding == "cp1252" and (shutil.which("soffice") or shutil.which("libreoffice")):
        runs["render", data.name, "-o", "Kế hoạch.docx", "--pdf"] = (0, "Kế hoạch.pdf")
    for args, (code, words) in runs.items():
        result = _in_code_page(encoding, *args, cwd=tmp_path)
        out, err = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
        assert result.returncode == code, (args, err)
        assert words in out + err, (args, out, err)
        assert "Traceback" not in err and "UnicodeEncodeError" not in out + err, (args, err)


def test_ctrl_c_exits_with_130(run, tmp_path, monkeypatch):
    """A command stopped by Ctrl-C exits with 130, as a shell reports it, not 1 (a failure)."""
    import kehoach.batch

    source = tmp_path / "ke_hoach.yaml"
    source.write_text(run("new"), encoding="utf-8")

    def interrupted(plans, targets, **kwargs):
        raise KeyboardInterrupt
        yield

    monkeypatch.setattr(kehoach.batch, "iter_save", interrupted)
    result = CliRunner().invoke(main, ["render", str(source)])
    assert result.exit_code == 130
    assert "Đã dừng (Ctrl-C)." in result.output and "Traceback" not in result.output
