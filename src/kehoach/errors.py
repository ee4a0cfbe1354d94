"""Errors kehoach raises: each names the field of the plan that is wrong.

:func:`describe_os_error` words an operating-system error in Vietnamese for any layer.
"""

from __future__ import annotations

import errno


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


class RenderError(KehoachError):
    """The template could not be rendered (a broken template, not bad data)."""


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
if hasattr(errno, "EDQUOT"):  # not on Windows
    _OS_ERRORS[errno.EDQUOT] = "đã dùng hết dung lượng được cấp trên ổ đĩa"


def describe_os_error(exc: OSError, *, with_file: bool = True) -> str:
    """An operating-system error in Vietnamese, naming its file: ``'a.docx': ổ đĩa đã đầy``.

    Python's own text (``strerror``) is in the system's language, English on most machines. A
    file open in Word on Windows is a :class:`PermissionError` (a sharing violation).
    ``with_file=False`` gives the reason alone, for a message that names the file already.
    """
    if isinstance(exc, PermissionError):
        reason = _OS_ERRORS[errno.EACCES]
    elif exc.errno in _OS_ERRORS:
        reason = _OS_ERRORS[exc.errno]
    else:
        reason = f"lỗi hệ thống (mã {exc.errno})" if exc.errno else "lỗi hệ thống"
    if with_file and exc.filename is not None:
        return f"'{exc.filename}': {reason}"
    return reason
