"""Conversion of .docx to PDF through LibreOffice (the convert layer).

    >>> from kehoach.convert import to_pdf
    >>> to_pdf(["ke_hoach.docx"])          # [PosixPath('ke_hoach.pdf')]

Imports nothing of kehoach but :mod:`kehoach.errors`.
"""

from kehoach.convert.soffice import (
    ConversionError,
    LibreOfficeNotFound,
    find_soffice,
    to_pdf,
)

__all__ = ["ConversionError", "LibreOfficeNotFound", "find_soffice", "to_pdf"]
