"""Sửa thể thức: make a .docx typed in Word conform to Nghị định 30, changing nothing else.

    >>> import kehoach as kh
    >>> report = kh.fix("ke_hoach.docx", "ke_hoach_da_sua.docx")
    >>> print(report.to_text())

:func:`fix` runs the checker (:mod:`kehoach.checker`), applies every fix that is safe (page size
and margins, fonts and colours, the sizes, bold and italic of each element of the header, the
lines under the issuer, the Tiêu ngữ and the trích yếu, body alignment, indents and spacing, the
căn cứ, Nơi nhận, page numbers, appendix numbering, text kept inside the margins) and writes
the result atomically to a new file. Formatting goes where Word keeps it: a paragraph style when
that changes nothing else, direct formatting otherwise, and direct formatting that fights a
right style is removed.

The words stay the same, except the decree's fixed forms (:mod:`kehoach.fixer.forms`: the Tiêu
ngữ's hyphens, zeros in the date and the number, ``- Lưu: VT, …``, the signer's name, a label's
place in its series, the tên loại's abbreviation, a trích yếu's capitals as the document writes
its words…). Two changes move what is there without changing it: the closing typed after the
signature goes back before it, a page number in the footer goes up to the header; and a
section break (Next Page) is put before an appendix that shares the section of the text
before it. A check of the output against the input (:mod:`kehoach.fixer.safety`) proves all
this before anything is written. What needs a person (wording, structure, a missing element) is
listed with the reason in the :class:`FixReport`. ``docs/vi/sua-the-thuc.md`` tells a clerk what
``kehoach fix`` changes and what it never changes.
"""

from __future__ import annotations

import os
from pathlib import Path

from kehoach.checker.docx_reader import DocxReadError
from kehoach.errors import KehoachError, describe_os_error
from kehoach.fixer.engine import fix_bytes
from kehoach.fixer.report import Change, FixReport, Unfixed
from kehoach.fixer.safety import UnsafeChange

__all__ = ["Change", "DocxReadError", "FixError", "FixReport", "Unfixed", "UnsafeChange", "fix",
           "fix_bytes"]

Source = str | os.PathLike[str] | bytes


class FixError(KehoachError):
    """The fix cannot be written (the output would overwrite the input, a folder is missing)."""


def fix(source: Source, output: str | os.PathLike[str] | None = None, *,
        dry_run: bool = False, name: str | None = None,
        render: bool | None = None) -> FixReport:
    """Fix a .docx (a path or bytes) and write the result to ``output``.

    ``render`` (as for :func:`kehoach.checker.check`): ``None`` lays the document out with
    LibreOffice when it is installed, so the printed-page rules (P1–P9) are mended and judged
    on the output's PDF; ``False`` skips that, and the report says the printed page was not
    checked (:attr:`FixReport.ok` is false then).

    Nothing is written when ``dry_run`` is true, when ``output`` is ``None`` (the report
    alone), or when the document is refused (``report.refused`` says why). The input is never
    modified: an ``output`` that is the input file raises :class:`FixError`. The output is
    written atomically (a temporary file renamed into place).

    Raises :class:`DocxReadError` for a file that is not a readable .docx, :class:`FixError`
    for an output that cannot be written, :class:`UnsafeChange` if a change would alter words
    outside the fixed forms (then nothing is written).
    """
    from kehoach.rendering.package import atomic_write

    if isinstance(source, (bytes, bytearray)):
        data = bytes(source)
        label = name or "<tài liệu>"
    else:
        path = Path(source)
        label = name or str(path)
        if output is not None and Path(output).resolve() == path.resolve():
            raise FixError(f"{output}: tệp ra trùng tệp vào; kehoach fix không sửa đè tệp gốc")
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise DocxReadError(label, "không đọc được tệp ("
                                f"{describe_os_error(exc, with_file=False)})") from None
    fixed, report = fix_bytes(data, label, render=render)
    if fixed is None or dry_run or output is None:
        return report
    target = Path(output)
    if not target.parent.is_dir():
        raise FixError(f"{output}: thư mục {target.parent} không tồn tại")
    try:
        atomic_write(target, fixed)
    except OSError as exc:
        raise FixError(f"{output}: không ghi được ({describe_os_error(exc, with_file=False)})"
                       ) from None
    import attrs

    return attrs.evolve(report, written=str(target))
