"""Errors kehoach raises: each names the field of the plan that is wrong.

:func:`describe_os_error` words an operating-system error in Vietnamese for any layer.
"""

from __future__ import annotations

import errno
import functools
import inspect


class KehoachError(Exception):
    """Base class of every error kehoach raises on purpose."""


class PlanDataError(KehoachError, ValueError):
    """Dữ liệu không hợp lệ: a value in a plan is wrong; ``path`` names the field.

    ``str(error)`` reads ``"criteria[3].leads[0].name: không được để trống"``.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def __reduce__(self):
        # Errors cross process boundaries in batches (kehoach.batch): rebuild from the fields.
        return type(self), (self.path, self.message)

    def prefixed(self, prefix: str) -> PlanDataError:
        """The same error seen from an enclosing object (``prefix`` + ``.`` + path)."""
        return PlanDataError(f"{prefix}.{self.path}" if prefix else self.path, self.message)


class PlanArgumentError(PlanDataError, TypeError):
    """Gọi sai: a model class called with a missing, unknown or repeated field (Python's own
    message is English). A :class:`TypeError` too, as Python raises for such a call."""


class PlanDataErrors(PlanDataError):
    """Several wrong values found at once; ``errors`` lists each, ``path`` is the first's."""

    def __init__(self, errors: list[PlanDataError]) -> None:
        first = errors[0]
        more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
        super().__init__(first.path, first.message + more)
        self.message = first.message
        self.errors = list(errors)

    def __reduce__(self):
        return type(self), (self.errors,)

    def __str__(self) -> str:
        return "\n".join(f"{e.path}: {e.message}" for e in self.errors)


class SettingError(KehoachError, ValueError):
    """Cài đặt sai: an environment variable kehoach reads (``KEHOACH_CONVERTER`` …) holds a
    value it cannot use; the message names the variable, its value and what it takes."""


def vietnamese_arguments(cls: type) -> type:
    """A call with a missing, unknown or repeated field raises :class:`PlanArgumentError`
    in Vietnamese, naming the field (Python's ``TypeError`` says it in English). Nothing is
    added to a call that succeeds."""
    original = cls.__init__
    signature = inspect.signature(original)

    @functools.wraps(original)
    def __init__(self, *args, **kwargs):  # noqa: N807
        try:
            original(self, *args, **kwargs)
        except TypeError as error:
            if isinstance(error, PlanDataError):
                raise
            problem = _argument_problem(cls, signature, args, kwargs)
            if problem is None:
                raise
            raise PlanArgumentError(*problem) from None

    __init__.__signature__ = signature
    cls.__init__ = __init__
    return cls


def _argument_problem(cls: type, signature: inspect.Signature, args: tuple, kwargs: dict
                      ) -> tuple[str, str] | None:
    """``(path, message)`` of what is wrong with a call's arguments, or ``None``."""
    params = list(signature.parameters.values())[1:]  # self
    names = [p.name for p in params if p.kind is not p.VAR_KEYWORD]
    renamed = getattr(cls, "__kehoach_renamed__", {})
    positional = [p.name for p in params
                  if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    owner = cls.__name__
    if args and not positional:
        return owner, (f"{owner} nhận các trường theo tên, không theo thứ tự: "
                       + ", ".join(f"{n}=…" for n in names[:3]) + " …")
    if len(args) > len(positional):
        return owner, (f"nhận {len(args)} giá trị không ghi tên trường, nhưng chỉ "
                       f"{len(positional)} trường nhận theo thứ tự ({', '.join(positional)}); "
                       "ghi tên trường cho các giá trị còn lại (tên=giá trị)")
    for key in kwargs:
        if key not in names and key not in renamed:
            import difflib

            near = difflib.get_close_matches(key, names, n=1)
            hint = f"; có phải '{near[0]}'?" if near else f"; các trường: {', '.join(names)}"
            return f"{owner}.{key}", f"không có trường '{key}' trong {owner}{hint}"
    given: dict[str, str | None] = dict.fromkeys(positional[:len(args)])  # field: key used
    for written in kwargs:
        key = renamed.get(written, written)
        if key in given:
            before = given[key]
            how = ("theo thứ tự và theo tên" if before is None
                   else f"tên cũ '{before if before != key else written}' và tên mới '{key}'")
            return f"{owner}.{key}", f"trường '{key}' được ghi hai lần ({how})"
        given[key] = written
    for param in params:
        if param.default is param.empty and param.kind not in (param.VAR_POSITIONAL,
                                                                 param.VAR_KEYWORD) \
                and param.name not in given:
            doc = _field_docs(cls).get(param.name, "")
            term = f" ({doc.split(':')[0]})" if doc else ""
            return f"{owner}.{param.name}", f"thiếu trường bắt buộc '{param.name}'{term}"
    return None


def _field_docs(cls: type) -> dict[str, str]:
    """The fields' descriptions of an attrs class (``metadata["doc"]``), by name."""
    fields = getattr(cls, "__attrs_attrs__", ())
    return {a.name: a.metadata.get("doc", "") for a in fields}


class RenderError(KehoachError):
    """The template could not be rendered (a broken template, not bad data)."""


class OutputNameError(KehoachError, ValueError):
    """Tên tệp ra sai: a file name that says another kind of document than the one written
    (``kh.save(plan, "ke_hoach.pdf")`` would write a .docx named ``.pdf``)."""


class NotAFileError(OSError):
    """Không phải tệp: a path to write that exists and is no regular file (a device such as
    ``/dev/full``, a FIFO, a socket, a folder). Writing there would replace it, or never end;
    nothing is written. ``kind`` names what is there, in Vietnamese."""

    def __init__(self, filename: str, kind: str) -> None:
        super().__init__(errno.EINVAL, f"not a regular file: {kind}", filename)
        self.kind = kind

    def __reduce__(self):
        return type(self), (self.filename, self.kind)


class ReadOnlyFileError(PermissionError):
    """Tệp chỉ đọc: a file to write over that is marked read-only (no write permission).
    Saving renames a new file over the old one, which the file's own permission would not
    stop; a file its owner marked read-only is not to be replaced, so nothing is written."""

    def __init__(self, filename: str) -> None:
        super().__init__(errno.EACCES, "read-only file", filename)

    def __reduce__(self):
        return type(self), (self.filename,)


_OS_ERRORS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền, hoặc tệp đang mở trong chương trình khác (Word?)",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là một thư mục, không phải tệp",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.EEXIST: "đã có tệp này",
    errno.ENOSPC: "ổ đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho đọc",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EINVAL: "tên tệp không hợp lệ",
    errno.EFBIG: "tệp vượt quá kích thước cho phép",
    errno.EIO: "lỗi đọc ghi của ổ đĩa",
    errno.EMFILE: "quá nhiều tệp đang mở",
    errno.ENFILE: "quá nhiều tệp đang mở",
    errno.EBUSY: "tệp đang bị chương trình khác dùng",
    errno.ETXTBSY: "tệp đang bị chương trình khác dùng",
    errno.EXDEV: "tệp tạm và tệp đích nằm trên hai ổ đĩa khác nhau",
    errno.ELOOP: "đường dẫn có liên kết vòng",
}
_OS_ERRORS.update({
    errno.ECONNREFUSED: "bị từ chối kết nối (chương trình bên kia không chạy?)",
    errno.ECONNRESET: "kết nối bị ngắt giữa chừng",
    errno.ETIMEDOUT: "quá thời gian chờ kết nối",
    errno.EHOSTUNREACH: "không tới được máy này",
    errno.ENETUNREACH: "không tới được mạng này",
    errno.ENOEXEC: "tệp không phải một chương trình chạy được",
})
if hasattr(errno, "EDQUOT"):  # not on Windows
    _OS_ERRORS[errno.EDQUOT] = "đã dùng hết dung lượng được cấp trên ổ đĩa"


def grouped(value: int) -> str:
    """An integer as every message of kehoach prints it, thousands grouped by dots, as
    Vietnamese writes them: ``40013546`` → ``"40.013.546"``, ``999`` → ``"999"``."""
    return f"{value:,}".replace(",", ".")


def describe_os_error(exc: OSError, *, with_file: bool = True) -> str:
    """An operating-system error in Vietnamese, naming its file: ``'a.docx': ổ đĩa đã đầy``.

    Python's own text (``strerror``) is in the system's language, English on most machines. A
    file open in Word on Windows is a :class:`PermissionError` (a sharing violation).
    ``with_file=False`` gives the reason alone, for a message that names the file already.
    """
    if isinstance(exc, NotAFileError):
        reason = f"ở đây là {exc.kind}, không phải một tệp thường; chọn tên tệp khác"
    elif isinstance(exc, ReadOnlyFileError):
        reason = "tệp chỉ cho đọc (không có quyền ghi); bỏ thuộc tính chỉ đọc hoặc chọn tên khác"
    elif isinstance(exc, PermissionError):
        reason = _OS_ERRORS[errno.EACCES]
    elif exc.errno in _OS_ERRORS:
        reason = _OS_ERRORS[exc.errno]
    else:
        reason = f"lỗi hệ thống (mã {exc.errno})" if exc.errno else "lỗi hệ thống"
    if with_file and exc.filename is not None:
        return f"'{exc.filename}': {reason}"
    return reason
