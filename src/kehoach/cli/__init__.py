"""The ``kehoach`` command line.

Each command lives in a module of its own and is imported only when it runs, so
``kehoach --help`` and a single command start fast. A command is listed in :data:`COMMANDS` as
``name: "module:attribute"``, the attribute being a click command.
"""

from __future__ import annotations

import importlib
import importlib.util

import click

COMMANDS: dict[str, str] = {
    "render": "kehoach.cli.render:render",
    "new": "kehoach.cli.render:new",
    "schema": "kehoach.cli.render:schema",
    "check": "kehoach.cli.check:check",
    "pdf": "kehoach.cli.check:pdf",
    "types": "kehoach.cli.types:types_command",
}

HELP = {
    "render": "Tạo văn bản .docx (và .pdf) từ tệp dữ liệu kế hoạch.",
    "new": "In ra một kế hoạch mẫu (YAML) để điền.",
    "schema": "In ra JSON Schema của tệp dữ liệu kế hoạch.",
    "check": "Kiểm tra thể thức .docx theo Nghị định 30/2020/NĐ-CP.",
    "pdf": "Chuyển .docx sang PDF bằng LibreOffice.",
    "types": "Liệt kê các loại kế hoạch.",
}


class LazyGroup(click.Group):
    """A group whose commands are imported when they are called, not at start-up."""

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
        return getattr(importlib.import_module(module), attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        # Listing help must not import every command: use the short texts above.
        rows = [(name, HELP.get(name, "")) for name in self.list_commands(ctx)]
        if rows:
            with formatter.section("Lệnh"):
                formatter.write_dl(rows)


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="kehoach")
def main() -> None:
    """kehoach: soạn Kế hoạch đúng thể thức Nghị định 30/2020/NĐ-CP."""

