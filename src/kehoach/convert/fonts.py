"""Phông chữ trong PDF: which fonts a PDF embeds, and which characters it draws with no glyph.

LibreOffice sets a document in the fonts the machine has: without Times New Roman it takes
Liberation Serif (the same widths, so the same lines and pages, but other letterforms), and a
character no font has (an emoji, a rare symbol) is left blank. Nothing in the PDF's text says
so: its text layer still holds the character. :func:`pdf_fonts` reads the PDF with PDFium and
:meth:`FontReport.warnings` says it in Vietnamese, with the fix.

    >>> report = pdf_fonts("ke_hoach.pdf")
    >>> report.fonts                  # ('Liberation Serif', 'Liberation Serif Bold', …)
    >>> report.warnings("Times New Roman")
"""

from __future__ import annotations

import bisect
import ctypes
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass

#: Characters that draw nothing on purpose.
_INVISIBLE = frozenset(" \t\r\n\x00\xa0\u2002\u2003\u2009\u200b\u200c\u200d\u2060\ufeff\ufffe\x02")
#: How many places with no glyph a report lists.
SHOWN = 10


@dataclass(frozen=True)
class FontReport:
    """Phông chữ của một PDF: the fonts it embeds and the characters drawn without a glyph.

    ``fonts``: family and style names as the PDF names them, subset prefix dropped
    (``Liberation Serif Bold``), in first-seen order. ``blank``: ``(page, character)`` for each
    character drawn with no visible glyph (page 1-based), at most :data:`SHOWN`;
    ``blank_count`` counts them all.
    """

    fonts: tuple[str, ...] = ()
    blank: tuple[tuple[int, str], ...] = ()
    blank_count: int = 0

    def uses(self, family: str) -> bool:
        """Whether a font of ``family`` (``Times New Roman``) is embedded, in any style."""
        wanted = _key(family)
        return any(_key(f).startswith(wanted) for f in self.fonts)

    def merged(self, other: FontReport) -> FontReport:
        """The report of two PDFs together (for a batch: each warning once)."""
        fonts = tuple(dict.fromkeys(self.fonts + other.fonts))
        return FontReport(fonts, (self.blank + other.blank)[:SHOWN],
                          self.blank_count + other.blank_count)

    def warnings(self, wanted: str = "Times New Roman") -> list[str]:
        """What a clerk should know, in Vietnamese, each with what to do; ``[]`` if nothing."""
        out = []
        if self.fonts and not self.uses(wanted):
            used = ", ".join(sorted({_family(f) for f in self.fonts}))
            same = (" (Liberation Serif có cùng độ rộng chữ nên dòng và trang không đổi, "
                    "nhưng nét chữ khác)" if wanted == "Times New Roman"
                    and any(_key(f).startswith("liberationserif") for f in self.fonts) else "")
            out.append(
                f"PDF không dùng phông {wanted} mà dùng {used}: máy này không có phông "
                f"{wanted}{same}. Cài phông {wanted} (Windows có sẵn; Debian/Ubuntu: gói "
                "ttf-mscorefonts-installer) rồi tạo lại PDF.")
        if self.blank_count:
            places = ", ".join(f"«{ch}» (U+{ord(ch):04X}, trang {page})"
                               for page, ch in self.blank)
            more = f" và {self.blank_count - len(self.blank)} chỗ khác" if (
                self.blank_count > len(self.blank)) else ""
            out.append(
                f"{self.blank_count} ký tự không có trong phông nào của máy nên để trống trong "
                f"PDF: {places}{more}. Bỏ hoặc thay các ký tự này (biểu tượng cảm xúc, ký hiệu "
                "lạ) trong văn bản, hoặc cài phông có chúng.")
        return out


def pdf_fonts(source: str | os.PathLike[str] | bytes, *, pages: Iterable[int] | None = None,
              glyphs: bool = True) -> FontReport:
    """The :class:`FontReport` of a PDF (a path or bytes), over ``pages`` (1-based) or all.

    ``glyphs=False`` skips the search for blank characters (the costly part: it reads each
    page's text), for a document known to hold none but common characters
    (:func:`may_lack_glyphs`). Reads one page at a time (bounded memory). ``ImportError``
    without pypdfium2; ``pypdfium2.PdfiumError`` for a file that is not a PDF.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    document = pdfium.PdfDocument(source if isinstance(source, bytes) else os.fspath(source))
    fonts: dict[str, None] = {}
    blank: list[tuple[int, str]] = []
    count = 0
    try:
        numbers = list(pages) if pages is not None else range(1, len(document) + 1)
        for number in numbers:
            page = document[number - 1]
            try:
                _page_fonts(c, page, fonts)
                if not glyphs:
                    continue
                textpage = page.get_textpage()
                try:
                    for ch in _blank_chars(c, textpage.raw):
                        count += 1
                        if len(blank) < SHOWN:
                            blank.append((number, ch))
                finally:
                    textpage.close()
            finally:
                page.close()
    finally:
        document.close()
    return FontReport(tuple(fonts), tuple(blank), count)


def may_lack_glyphs(docx: str | os.PathLike[str] | bytes) -> bool:
    """Whether a .docx holds characters beyond Latin and Vietnamese letters, accents and
    punctuation (an emoji, a symbol), which a font may lack; ``True`` when it cannot be read."""
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx) as z:
            for info in z.infolist():
                if info.filename.startswith("word/") and info.filename.endswith(".xml"):
                    if _UNCOMMON.search(z.read(info).decode("utf-8", "replace")):
                        return True
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return True
    return False


def _page_fonts(c: object, page: object, fonts: dict[str, None]) -> None:
    raw = page.raw  # type: ignore[attr-defined]
    buffer = ctypes.create_string_buffer(256)
    seen: set[int] = set()
    for i in range(c.FPDFPage_CountObjects(raw)):  # type: ignore[attr-defined]
        obj = c.FPDFPage_GetObject(raw, i)  # type: ignore[attr-defined]
        if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_TEXT:  # type: ignore[attr-defined]
            continue
        font = c.FPDFTextObj_GetFont(obj)  # type: ignore[attr-defined]
        address = ctypes.cast(font, ctypes.c_void_p).value if font else None
        if not address or address in seen:
            continue
        seen.add(address)
        size = c.FPDFFont_GetBaseFontName(font, buffer, len(buffer))  # type: ignore[attr-defined]
        base = buffer.raw[:max(size - 1, 0)].decode("latin-1") if size else ""
        size = c.FPDFFont_GetFamilyName(font, buffer, len(buffer))  # type: ignore[attr-defined]
        family = buffer.raw[:max(size - 1, 0)].decode("utf-8", "replace") if size else ""
        name = _readable(base, family)
        if name:
            fonts.setdefault(name, None)


#: Characters every font kehoach expects has (ASCII, Latin, Vietnamese letters, accents,
#: punctuation, spaces): only the others are looked at for a missing glyph.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UNCOMMON = re.compile("[^\\s\x20-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")


def _blank_chars(c: object, raw: object) -> Iterable[str]:
    """Characters of a text page drawn with an empty glyph (an ink box with no height)."""
    count = c.FPDFText_CountChars(raw)  # type: ignore[attr-defined]
    if count <= 0:
        return
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))  # type: ignore[attr-defined]
    text = buffer.raw[:count * 2].decode("utf-16-le", "replace")
    # PDFium gives each half of a surrogate pair an index: shift past the pairs before a match
    astral = [m.start() for m in _ASTRAL.finditer(text)]
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    for match in _UNCOMMON.finditer(text):
        ch = match.group()
        i = match.start() + bisect.bisect_left(astral, match.start())
        if ch in _INVISIBLE or c.FPDFText_IsGenerated(raw, i):  # type: ignore[attr-defined]
            continue
        if not c.FPDFText_GetCharBox(raw, i, ctypes.byref(left), ctypes.byref(right),  # type: ignore[attr-defined]
                                     ctypes.byref(bottom), ctypes.byref(top)):
            continue
        if top.value - bottom.value < 0.1:  # PDFium gives an empty glyph a 0.01 pt box
            yield ch


def _readable(base: str, family: str = "") -> str:
    """``BAAAAA+LiberationSerif-BoldItalic`` (family ``Liberation Serif``) →
    ``Liberation Serif Bold Italic``."""
    name = base.split("+", 1)[1] if re.match(r"^[A-Z]{6}\+", base) else base
    name = name.replace(",", "-")
    stem, _, style = name.partition("-")
    style = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", style)
    style = "" if style in ("Regular", "Roman", "Book") else style
    family = family or re.sub(r"(PS|MT|PSMT)$", "", stem)
    return f"{family} {style}".strip()


def _family(name: str) -> str:
    for style in (" Bold Italic", " Bold", " Italic", " Oblique"):
        if name.endswith(style):
            return name[: -len(style)]
    return name


def _key(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.lower())
