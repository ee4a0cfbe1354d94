"""Click's own strings in Vietnamese: usage lines, help, errors, hints.

Click marks each of its messages with gettext (``_("Usage:")``, ``ngettext(...)``) and looks the
translation up in the process's gettext domain, whose language comes from the environment
(``LANGUAGE``, ``LANG`` …). A clerk's Windows machine sets none of those, so kehoach does not
rely on them: :func:`install` gives click's modules a :class:`ClickVietnamese` translation
(a :class:`gettext.NullTranslations` with the catalogue below), whatever the locale. It runs
when :mod:`kehoach.cli` is imported, before any command is defined, because click translates
some strings when a parameter is built (the ``file``/``directory`` of :class:`click.Path`).

:func:`vietnamise` then gives a command Vietnamese placeholders (``[TÙY CHỌN]`` for
``[OPTIONS]``, ``TỆP`` for ``FILE``) where its author set none. Every command of
:data:`kehoach.cli.COMMANDS` passes through it, so a new command is Vietnamese without doing
anything; ``tests/test_cli_language.py`` runs every command's help and usual mistakes and fails
on any English word of click.

``KEHOACH_LANG=en`` keeps click's English strings (kehoach's own messages stay Vietnamese).
"""

from __future__ import annotations

import gettext
import importlib
import os
import sys

import click

#: click's singular messages → Vietnamese. Placeholders may be dropped (``str.format`` ignores
#: unused ones) where click would insert an English word (``{number_type}`` is ``integer``).
MESSAGES: dict[str, str] = {
    # Help pages
    "Usage:": "Cách dùng:",
    "Options": "Tùy chọn",
    "Positional arguments": "Tham số",
    "Commands": "Lệnh",
    "Show this message and exit.": "In hướng dẫn này rồi thoát.",
    "Show the version and exit.": "In số phiên bản rồi thoát.",
    "%(prog)s, version %(version)s": "%(prog)s, phiên bản %(version)s",
    "env var: {var}": "biến môi trường: {var}",
    "default: {default}": "mặc định: {default}",
    "(dynamic)": "(tính khi chạy)",
    "required": "bắt buộc",
    "deprecated": "không còn dùng",
    "Choose from:\n\t{choices}": "Chọn một trong:\n\t{choices}",
    # Errors and hints
    "Error: {message}": "Lỗi: {message}",
    "Try '{command} {option}' for help.": "Xem hướng dẫn: {command} {option}",
    "Aborted!": "Đã dừng.",
    "Missing command.": "Thiếu lệnh.",
    "Missing argument": "Thiếu tham số",
    "Missing option": "Thiếu tùy chọn",
    "Missing parameter": "Thiếu tham số",
    "Missing {param_type}": "Thiếu tham số",
    "Missing parameter: {param_name}": "Thiếu tham số: {param_name}",
    "No such option {name!r}.": "Không có tùy chọn {name!r}.",
    "No such option: {name}": "Không có tùy chọn {name}.",
    "No such command {name!r}.": "Không có lệnh {name!r}.",
    "Invalid value: {message}": "Giá trị không hợp lệ: {message}",
    "Invalid value for {param_hint}: {message}": "Giá trị không hợp lệ cho {param_hint}: {message}",
    "Value must be an iterable.": "Giá trị phải là một danh sách.",
    "unknown error": "lỗi không rõ",
    "Could not open file {filename!r}: {message}": "Không mở được tệp {filename!r}: {message}",
    "Invalid start character for option ({option})":
        "Tùy chọn bắt đầu bằng ký tự không hợp lệ ({option})",
    "Argument {name!r} takes {nargs} values.": "Tham số {name!r} cần {nargs} giá trị.",
    "Option {name!r} does not take a value.": "Tùy chọn {name!r} không nhận giá trị.",
    "DeprecationWarning: The command {name!r} is deprecated.{extra_message}":
        "Cảnh báo: lệnh {name!r} không còn được dùng.{extra_message}",
    "DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}":
        "Cảnh báo: {name!r} không còn được dùng.{extra_message}",
    # Values
    "{value!r} is not a valid {number_type}.": "{value!r} không phải một số hợp lệ.",
    "{value} is not in the range {range}.": "{value} nằm ngoài khoảng {range}.",
    "{value!r} is not a valid boolean. Recognized values: {states}":
        "{value!r} không phải giá trị đúng/sai. Các giá trị nhận: {states}",
    "{value!r} is not a valid UUID.": "{value!r} không phải một UUID hợp lệ.",
    "file": "tệp",
    "directory": "thư mục",
    "path": "đường dẫn",
    "{name} {filename!r} does not exist.": "Không có {name} {filename!r}.",
    "{name} {filename!r} is a file.": "{name} {filename!r} là một tệp, không phải thư mục.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} là một thư mục, không phải tệp.",
    "{name} {filename!r} is not readable.": "Không có quyền đọc {name} {filename!r}.",
    "{name} {filename!r} is not writable.": "Không có quyền ghi {name} {filename!r}.",
    "{name} {filename!r} is not executable.": "Không có quyền chạy {name} {filename!r}.",
    # Prompts and terminal
    "Do you want to continue?": "Tiếp tục?",
    "Confirm the action without prompting.": "Xác nhận, không hỏi lại.",
    "Repeat for confirmation": "Nhập lại để xác nhận",
    "Error: The two entered values do not match.": "Lỗi: hai giá trị đã nhập không khớp nhau.",
    "Error: invalid input": "Lỗi: giá trị nhập không hợp lệ",
    "Press any key to continue...": "Nhấn một phím bất kỳ để tiếp tục...",
    "d": "ngày",
    "{editor}: Editing failed": "{editor}: không sửa được",
    "{editor}: Editing failed: {e}": "{editor}: không sửa được: {e}",
    "Windows error: {error}": "Lỗi Windows: {error}",
}

#: click's plural messages, (singular, plural) → (Vietnamese for one, for several).
PLURALS: dict[tuple[str, str], tuple[str, str]] = {
    ("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"):
        ("Có phải {possibility}?", "(Có phải một trong: {possibilities}?)"),
    ("Got unexpected extra argument ({args})", "Got unexpected extra arguments ({args})"):
        ("Thừa tham số ({args}).", "Thừa tham số ({args})."),
    ("Takes {nargs} values but 1 was given.", "Takes {nargs} values but {len} were given."):
        ("Cần {nargs} giá trị, nhận được 1.", "Cần {nargs} giá trị, nhận được {len}."),
    ("Option {name!r} requires an argument.", "Option {name!r} requires {nargs} arguments."):
        ("Tùy chọn {name!r} cần một giá trị.", "Tùy chọn {name!r} cần {nargs} giá trị."),
    ("{value!r} is not {choice}.", "{value!r} is not one of {choices}."):
        ("{value!r} không phải {choice}.", "{value!r} không phải một trong {choices}."),
    ("{value!r} does not match the format {format}.",
     "{value!r} does not match the formats {formats}."):
        ("{value!r} không đúng định dạng {format}.",
         "{value!r} không đúng định dạng nào trong {formats}."),
    ("{len_type} values are required, but {len_value} was given.",
     "{len_type} values are required, but {len_value} were given."):
        ("Cần {len_type} giá trị, nhận được {len_value}.",
         "Cần {len_type} giá trị, nhận được {len_value}."),
}

#: Messages click raises only to a programmer who defined a command wrongly; never a user's.
FOR_PROGRAMMERS = frozenset({
    "Name '{name}' defined twice",
    "Boolean option {decl!r} cannot use the same flag for true/false.",
    "Could not determine name for option with declarations {decls!r}",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.",
    "Choice({choices})",
    "Unknown color {colour!r}",
    "Unknown standard stream '{name}'",
    "Shell completion is not supported for Bash versions older than 4.4.",
    "Couldn't detect Bash version, shell completion is not supported.",
})

#: The modules of click that translate (``_winconsole`` is imported on Windows only).
CLICK_MODULES = ("click.core", "click.decorators", "click.exceptions", "click.formatting",
                 "click.parser", "click.types", "click.termui", "click.utils",
                 "click.shell_completion")
#: click's module for progress bars, pagers and editors, which click imports only when one is
#: used (it costs a one-file command ~5 ms): translated then, by :func:`progressbar`.
LATER_MODULES = ("click._termui_impl",)

#: Placeholders (metavars) click writes from a parameter's type, in Vietnamese.
TYPE_METAVARS = {"text": "CHỮ", "integer": "SỐ", "float": "SỐ", "integer range": "SỐ",
                 "float range": "SỐ", "boolean": "CÓ/KHÔNG", "filename": "TỆP", "tệp": "TỆP",
                 "thư mục": "THƯ_MỤC", "đường dẫn": "ĐƯỜNG_DẪN", "file": "TỆP",
                 "directory": "THƯ_MỤC", "path": "ĐƯỜNG_DẪN", "datetime": "NGÀY_GIỜ",
                 "uuid": "UUID"}
OPTIONS_METAVAR = "[TÙY CHỌN]"
SUBCOMMAND_METAVAR = "LỆNH [THAM SỐ]..."


class ClickVietnamese(gettext.NullTranslations):
    """The translation of click's messages into Vietnamese (unknown messages pass unchanged)."""

    def gettext(self, message: str) -> str:
        return MESSAGES.get(message, message)

    def ngettext(self, msgid1: str, msgid2: str, n: int) -> str:
        pair = PLURALS.get((msgid1, msgid2))
        if pair is None:
            return msgid1 if n == 1 else msgid2
        return pair[0] if n == 1 else pair[1]


def english() -> bool:
    """Whether the user asked for click's English strings (``KEHOACH_LANG=en``)."""
    return os.environ.get("KEHOACH_LANG", "").lower().startswith("en")


def install(translation: gettext.NullTranslations | None = None) -> None:
    """Make click speak Vietnamese in this process (or ``translation``'s language)."""
    if english():
        return
    translation = translation or ClickVietnamese()
    names = (CLICK_MODULES + tuple(name for name in LATER_MODULES if name in sys.modules)
             + (("click._winconsole",) if sys.platform == "win32" else ()))
    for name in names:
        try:
            module = importlib.import_module(name)
        except ImportError:  # a module an older click does not have
            continue
        if hasattr(module, "_"):
            module._ = translation.gettext
        if hasattr(module, "ngettext"):
            module.ngettext = translation.ngettext


def progressbar(*args: object, **kwargs: object) -> object:
    """``click.progressbar``, its strings in the language :func:`install` gave click."""
    current = getattr(getattr(sys.modules.get("click.core"), "_", None), "__self__", None)
    for name in LATER_MODULES:
        module = importlib.import_module(name)
        if isinstance(current, gettext.NullTranslations) and hasattr(module, "_"):
            module._ = current.gettext
            if hasattr(module, "ngettext"):
                module.ngettext = current.ngettext
    return click.progressbar(*args, **kwargs)  # type: ignore[call-overload]


def vietnamise(command: click.Command) -> click.Command:
    """Vietnamese placeholders for ``command``'s usage, where its author set none.

    ``[OPTIONS]`` becomes ``[TÙY CHỌN]``, ``COMMAND [ARGS]...`` ``LỆNH [THAM SỐ]...``, and a
    placeholder click takes from a parameter's type (``TEXT``, ``PATH``, ``INTEGER``, an
    argument's ``FILES...``) a Vietnamese one (``CHỮ``, ``ĐƯỜNG_DẪN``, ``SỐ``, ``TỆP...``). An
    argument of text is named after its Python name: its author writes ``metavar=``.
    """
    if english():
        return command
    if command.options_metavar == "[OPTIONS]":
        command.options_metavar = OPTIONS_METAVAR
    if isinstance(command, click.Group) and "COMMAND" in (command.subcommand_metavar or ""):
        command.subcommand_metavar = SUBCOMMAND_METAVAR
    for param in command.params:
        if param.metavar is not None or isinstance(param.type, click.Choice):
            continue
        if isinstance(param, click.Option) and param.is_flag:
            continue
        name = TYPE_METAVARS.get(getattr(param.type, "name", ""))
        if name is None or (isinstance(param, click.Argument) and name == "CHỮ"):
            continue  # an argument of text is named by its author (the test says so)
        repeated = isinstance(param, click.Argument) and param.nargs != 1
        param.metavar = name + ("..." if repeated else "")
    return command
