"""PDF through LibreOffice (the convert layer): one interface, two backends.

    >>> from kehoach.convert import to_pdf, converter
    >>> to_pdf(["ke_hoach.docx"])                 # [PosixPath('ke_hoach.pdf')]
    >>> with converter() as c:                    # the fastest backend for one file
    ...     pdf = c.convert_bytes(docx_bytes)     # bytes in, bytes out

A :class:`Converter` is either a :class:`OneShotConverter` (``soffice --convert-to``: a fresh
LibreOffice per call, many files per call) or a :class:`ListenerConverter` (a LibreOffice kept
warm behind unoserver). :func:`converter` chooses by ``KEHOACH_CONVERTER``:

``auto`` (the default)
    this user's warm listener when it runs; otherwise, for a few files, start it (it stops
    by itself after 15 idle minutes) and, for many, one ``soffice`` run for all;
``soffice``
    always a fresh LibreOffice, nothing left running;
``listener``
    always this user's warm listener (an error if it cannot start);
``HOST:PORT`` or ``unix:PATH``
    the listener there (``kehoach pdf --serve`` on a shared machine).

:func:`pdf_fonts` says which fonts a PDF embeds and which characters it draws without a glyph.
Imports nothing of kehoach but :mod:`kehoach.errors`; ``docs/performance.md`` measures both
backends.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from kehoach.convert.base import (
    ConversionError,
    ConversionTimeout,
    Converter,
    LibreOfficeNotFound,
    PathLike,
    default_timeout,
)
from kehoach.convert.fonts import FontReport, pdf_fonts
from kehoach.convert.listener import ListenerConverter, ListenerUnavailable
from kehoach.convert.soffice import OneShotConverter, find_soffice, not_found_message

__all__ = ["ConversionError", "ConversionTimeout", "Converter", "FontReport",
           "LibreOfficeNotFound",
           "ListenerConverter", "ListenerUnavailable", "OneShotConverter", "available", "converter",
           "default_timeout", "find_soffice", "not_found_message", "pdf_bytes", "pdf_fonts",
           "to_pdf"]

#: Up to this many files, ``auto`` starts the warm listener when it is not running; more go
#: to one ``soffice`` run (whose start-up is shared by all of them).
FEW = 4


def converter(count: int = 1, *, spec: str | None = None) -> Converter:
    """The converter for ``count`` files, chosen by ``spec`` or ``KEHOACH_CONVERTER``.

    See the module's text for the choices. Raises :class:`ListenerUnavailable` when a
    listener is asked for (``listener``, an address) and cannot be had; ``auto`` falls back
    to :class:`OneShotConverter` instead.
    """
    spec = (spec or os.environ.get("KEHOACH_CONVERTER") or "auto").strip()
    if spec == "soffice":
        return OneShotConverter()
    if spec == "listener":
        shared = ListenerConverter.shared(start=True)
        assert shared is not None
        return shared
    if spec != "auto":
        if ":" not in spec:
            raise ValueError(f"KEHOACH_CONVERTER={spec}: cần auto, soffice, listener, "
                             "HOST:PORT hoặc unix:ĐƯỜNG_DẪN")
        return ListenerConverter.connect(spec)
    try:
        shared = ListenerConverter.shared(start=count <= FEW)
    except ConversionError:  # no uno, no unoserver, LibreOffice did not start: one-shot
        shared = None
    return shared if shared is not None else OneShotConverter()


def available(spec: str | None = None) -> str | None:
    """``None`` when PDFs can be made (LibreOffice is installed, or a listener's address is
    set), else why not, in Vietnamese (naming ``KEHOACH_SOFFICE``)."""
    spec = (spec or os.environ.get("KEHOACH_CONVERTER") or "auto").strip()
    if ":" in spec:
        return None
    if find_soffice() is None:
        return ("không có LibreOffice (soffice) để kết xuất PDF; cài LibreOffice hoặc đặt "
                "KEHOACH_SOFFICE là đường dẫn đến soffice")
    return None


def to_pdf(paths: Iterable[PathLike], outdir: PathLike | None = None, *,
           timeout: float | None = None, spec: str | None = None,
           progress: Callable[[Path], None] | None = None) -> list[Path]:
    """Convert .docx files to PDF with :func:`converter`; returns the PDFs' paths.

    Each PDF is written beside its .docx, or in ``outdir``. ``timeout`` (s) bounds the whole
    call (by default it grows with the documents' size); ``progress`` is called with each PDF
    once written. With ``auto``, a listener that fails mid-way (it died) is replaced by a
    one-shot run. Errors: see :meth:`Converter.convert`.
    """
    sources = list(paths)
    with converter(len(sources), spec=spec) as c:
        try:
            return c.convert(sources, outdir, timeout=timeout, progress=progress)
        except ListenerUnavailable:
            if (spec or os.environ.get("KEHOACH_CONVERTER") or "auto") != "auto":
                raise
    with OneShotConverter() as c:
        return c.convert(sources, outdir, timeout=timeout, progress=progress)


def pdf_bytes(docx: bytes, *, timeout: float | None = None, spec: str | None = None) -> bytes:
    """The PDF of a .docx given as bytes (:func:`converter` chooses the backend)."""
    with converter(1, spec=spec) as c:
        try:
            return c.convert_bytes(docx, timeout=timeout)
        except ListenerUnavailable:
            if (spec or os.environ.get("KEHOACH_CONVERTER") or "auto") != "auto":
                raise
    with OneShotConverter() as c:
        return c.convert_bytes(docx, timeout=timeout)
