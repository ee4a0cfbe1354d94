"""Trang PDF thành ảnh: PNG pictures of a PDF's pages (previews), through PDFium and Pillow.

    >>> from kehoach.convert import converter
    >>> from kehoach.convert.pages import png_pages
    >>> with converter() as c:
    ...     pictures = png_pages(c.convert_bytes(docx_bytes), dpi=70)   # [b"\\x89PNG…", …]

Needs ``pypdfium2`` (a dependency) and Pillow (``pip install pillow``; ``ImportError`` naming
it otherwise). Pages are drawn one at a time.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterable, Iterator


def png_pages(pdf: bytes | str | os.PathLike[str], *, dpi: float = 70,
              pages: Iterable[int] | None = None) -> list[bytes]:
    """PNG bytes of each page (1-based ``pages``, or all) at ``dpi`` dots per inch."""
    return list(iter_png_pages(pdf, dpi=dpi, pages=pages))


def iter_png_pages(pdf: bytes | str | os.PathLike[str], *, dpi: float = 70,
                   pages: Iterable[int] | None = None) -> Iterator[bytes]:
    """:func:`png_pages`, one page at a time (for long documents)."""
    import pypdfium2 as pdfium

    try:
        import PIL.Image  # noqa: F401 - pypdfium2's to_pil needs it
    except ImportError:
        raise ImportError("ảnh trang PDF cần gói Pillow (pip install pillow)") from None
    document = pdfium.PdfDocument(pdf if isinstance(pdf, bytes) else os.fspath(pdf))
    try:
        numbers = list(pages) if pages is not None else range(1, len(document) + 1)
        for number in numbers:
            page = document[number - 1]
            try:
                bitmap = page.render(scale=dpi / 72)
                out = io.BytesIO()
                bitmap.to_pil().save(out, format="PNG", optimize=False)
                bitmap.close()
                yield out.getvalue()
            finally:
                page.close()
    finally:
        document.close()
