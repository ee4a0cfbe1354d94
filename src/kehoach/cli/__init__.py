"""The ``kehoach`` command line.

Each command lives in a module of its own and is imported only when it runs, so
``kehoach --help`` and a single command start fast. A command is listed in :data:`COMMANDS` as
``name: "module:attribute"``, the attribute being a click command.

Everything the command line prints is Vietnamese, click's own strings included
(:mod:`kehoach.cli.vietnamese`): a command added to :data:`COMMANDS` gets Vietnamese usage lines,
help and errors without doing anything, and an operating-system error (a file open in Word, a
full disk) is reported in Vietnamese instead of a traceback.
"""

from __future__ import annotations

import importlib
import importlib.util
import os

import click

from kehoach.cli import vietnamese
from kehoach.errors import SettingError

# Before any command is defined: click translates some words when a parameter is built.
vietnamese.install()

COMMANDS: dict[str, str] = {
    "render": "kehoach.cli.render:render",
    "new": "kehoach.cli.render:new",
    "schema": "kehoach.cli.render:schema",
    "check": "kehoach.cli.check:check",
    "pdf": "kehoach.cli.pdf:pdf",
    "fix": "kehoach.cli.fix:fix",
    "types": "kehoach.cli.types:types_command",
    "lint": "kehoach.cli.lint:lint",
    "serve": "kehoach.cli.serve:serve",
}

#: Exit code of a command stopped by Ctrl-C (128 + SIGINT, as shells report it).
EXIT_INTERRUPTED = 130

HELP = {
    "render": "Tạo văn bản .docx (và .pdf) từ tệp dữ liệu kế hoạch.",
    "new": "In ra một kế hoạch mẫu (YAML) để điền.",
    "schema": "In ra JSON Schema của tệp dữ liệu kế hoạch.",
    "check": "Kiểm tra thể thức .docx theo Nghị định 30/2020/NĐ-CP.",
    "pdf": "Chuyển .docx sang PDF bằng LibreOffice.",
    "fix": "Sửa thể thức .docx theo Nghị định 30 (không đổi nội dung).",
    "types": "Liệt kê các loại kế hoạch.",
    "lint": "Soát nội dung tệp dữ liệu kế hoạch (tên mẫu, ngày căn cứ …).",
    "serve": "Mở trang web soạn, xem trước, tải và kiểm tra kế hoạch.",
}


def readable_streams() -> None:
    """Make stdout and stderr able to print Vietnamese, whatever the system's code page.

    Redirected to a file or a pipe (``kehoach lint k.yaml > r.txt`` on Windows, where Python
    writes the ANSI code page, cp1252 …), output is written in UTF-8, as ``kehoach new`` writes
    its data file: nothing is lost, and Notepad, editors and kehoach read it. On a terminal
    that cannot show a character (a console in a legacy code page), the character is shown as
    ``?`` instead of stopping the command. Streams that are UTF-8 already are left alone.
    """
    import codecs
    import sys

    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        encoding = getattr(stream, "encoding", None)
        if reconfigure is None or not encoding:
            continue
        try:
            if codecs.lookup(encoding).name == "utf-8":
                continue
            tty = stream.isatty()
        except (LookupError, ValueError, OSError):
            continue
        try:
            if tty:
                reconfigure(errors="replace")
            else:
                reconfigure(encoding="utf-8", errors="replace")
        except (ValueError, OSError):  # a stream already written to in another encoding
            continue


class LazyGroup(click.Group):
    """A group whose commands are imported when they are called, not at start-up."""

    def main(self, *args: object, **kwargs: object) -> object:
        readable_streams()  # before click prints anything, --help included
        return super().main(*args, **kwargs)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._available(name)]

    @staticmethod
    def _available(name: str) -> bool:
        module = COMMANDS[name].split(":")[0]
        return importlib.util.find_spec(module) is not None

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS or not self._available(name):
            return None
        module, attribute = COMMANDS[name].split(":")
        return vietnamese.vietnamise(getattr(importlib.import_module(module), attribute))

    def resolve_command(self, ctx: click.Context, args: list[str]):
        name = click.utils.make_str(args[0]) if args else ""
        if args and name not in COMMANDS and not name.startswith("-"):
            import difflib

            near = difflib.get_close_matches(name, self.list_commands(ctx), n=1)
            hint = f" Có phải '{near[0]}'?" if near else ""
            ctx.fail(f"Không có lệnh '{name}'.{hint}")
        return super().resolve_command(ctx, args)

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except (click.exceptions.ClickException, click.exceptions.Exit, click.Abort,
                SystemExit):
            raise
        except SettingError as exc:  # a wrong KEHOACH_* variable: the user's to correct
            error = click.ClickException(f"cài đặt sai: {exc}")
            error.exit_code = 2
            raise error from exc
        except KeyboardInterrupt:
            # 130 (128 + SIGINT), as a shell reports a program Ctrl-C stopped; click said 1,
            # which a script cannot tell from a failure. Cleanups have run on the way here.
            click.echo("\nĐã dừng (Ctrl-C).", err=True)
            raise SystemExit(EXIT_INTERRUPTED) from None
        except OSError as exc:  # a file open in Word, a full disk: a message, not a traceback
            from kehoach.errors import describe_os_error

            raise click.ClickException(describe_os_error(exc)) from exc
        except Exception as exc:  # a fault of kehoach: say so in Vietnamese, keep the details
            if os.environ.get("KEHOACH_DEBUG"):
                raise
            raise click.ClickException(
                f"lỗi của kehoach ({type(exc).__name__}: {exc}). Dữ liệu của bạn không bị thay "
                "đổi. Chạy lại với KEHOACH_DEBUG=1 để xem chi tiết và gửi báo lỗi.") from exc

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing help must not import every command: use the short texts above.
        rows = [(name, HELP.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


def stop_on_signals() -> None:
    """Turn SIGTERM and SIGHUP into ``SystemExit`` (exit code 128 + the signal's number).

    Python ends on these signals without unwinding: no ``finally`` runs, so a save in progress
    would leave its temporary file and a LibreOffice conversion its process. As an exception,
    every cleanup of the command runs, as for Ctrl-C. Only where the signal's action is still
    the default, and only in the main thread (elsewhere Python cannot set a handler).
    """
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        return

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(128 + signum)

    for name in ("SIGTERM", "SIGHUP", "SIGBREAK"):
        number = getattr(signal, name, None)
        if number is not None and signal.getsignal(number) == signal.SIG_DFL:
            signal.signal(number, stop)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]},
             options_metavar=vietnamese.OPTIONS_METAVAR,
             subcommand_metavar=vietnamese.SUBCOMMAND_METAVAR)
@click.version_option(package_name="kehoach")
def main() -> None:
    """kehoach: soạn Kế hoạch đúng thể thức Nghị định 30/2020/NĐ-CP."""
    stop_on_signals()
    # With PYTHONDONTWRITEBYTECODE set, the next command still starts from compiled modules.
    from kehoach.cli import bytecode

    bytecode.keep()

