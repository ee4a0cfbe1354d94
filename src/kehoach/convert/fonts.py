"""Phông chữ trong PDF: which fonts a PDF embeds, and which characters it draws with no glyph.

LibreOffice sets a document in the fonts the machine has: without Times New Roman it takes
Liberation Serif (the same widths, so the same lines and pages, but other letterforms), and a
character no font has (an emoji, a rare symbol, a script the machine has no font for) is left
blank. Nothing in the PDF's text says so. :func:`pdf_fonts` reads the PDF with PDFium and
:meth:`FontReport.warnings` says it in Vietnamese, with the fix.

A character counts as drawn when the PDF shows it: a glyph with an outline in one of the fonts
the PDF embeds (PDFium maps the character to the font's glyph), or, for a character beyond the
Basic Multilingual Plane (an emoji), an ink box in the PDF's text layer. The text layer alone is
not enough: LibreOffice wraps text set in a fallback font in ``/ActualText`` spans, which
PDFium's text layer leaves out or doubles (``中文`` drawn blank was not reported, ``ꙮ`` drawn
in DejaVu Sans was reported blank). So the characters to look for come from the document
itself (:func:`document_characters` of the .docx); without it, from the text layer.

    >>> report = pdf_fonts("ke_hoach.pdf", text=document_characters("ke_hoach.docx"))
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
    character drawn with no visible glyph (page 1-based, ``None`` where the PDF does not tell),
    each character once, at most :data:`SHOWN`; ``blank_kinds`` counts the characters,
    ``blank_count`` the places (each occurrence in the document's text, when it was given).
    """

    fonts: tuple[str, ...] = ()
    blank: tuple[tuple[int | None, str], ...] = ()
    blank_count: int = 0
    blank_kinds: int = 0

    def uses(self, family: str) -> bool:
        """Whether a font of ``family`` (``Times New Roman``) is embedded, in any style."""
        wanted = _key(family)
        return any(_key(f).startswith(wanted) for f in self.fonts)

    def merged(self, other: FontReport) -> FontReport:
        """The report of two PDFs together (for a batch: each warning once)."""
        fonts = tuple(dict.fromkeys(self.fonts + other.fonts))
        mine = {ch for _, ch in self.blank}
        extra = tuple(b for b in other.blank if b[1] not in mine)
        return FontReport(fonts, (self.blank + extra)[:SHOWN],
                          self.blank_count + other.blank_count,
                          self.blank_kinds + other.blank_kinds - (len(other.blank) - len(extra)))

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
            places = ", ".join(_shown(ch) + (f", trang {page})" if page else ")")
                               for page, ch in self.blank)
            kinds = max(self.blank_kinds, len(self.blank))
            more = f" và {kinds - len(self.blank)} ký tự khác" if kinds > len(self.blank) else ""
            out.append(
                f"{kinds} ký tự không có trong phông nào của máy nên để trống trong PDF (ở "
                f"{self.blank_count} chỗ): {places}{more}. Bỏ hoặc thay các ký tự này (biểu "
                "tượng cảm xúc, ký hiệu lạ, chữ viết không có phông) trong văn bản, hoặc cài "
                "phông có chúng.")
        return out


def pdf_fonts(source: str | os.PathLike[str] | bytes, *, pages: Iterable[int] | None = None,
              glyphs: bool = True, text: str | None = None) -> FontReport:
    """The :class:`FontReport` of a PDF (a path or bytes), over ``pages`` (1-based) or all.

    ``text`` is the document's text, or just its uncommon characters
    (:func:`document_characters`): each of them the PDF does not draw is reported, once per
    occurrence in ``text``. Without it the characters are those of the PDF's text layer, which
    misses text LibreOffice wraps in ``/ActualText`` (see the module's text). ``glyphs=False``
    (or a ``text`` of common characters only) skips the search for blank characters, for a
    document known to hold none but common characters (:func:`may_lack_glyphs`). Reads one page
    at a time (bounded memory). ``ImportError`` without pypdfium2; ``pypdfium2.PdfiumError``
    for a file that is not a PDF.
    """
    import pypdfium2 as pdfium
    import pypdfium2.raw as c

    wanted = None
    if text is not None:
        wanted = {ch: None for ch in text if _UNCOMMON.match(ch) and ch not in _INVISIBLE}
        glyphs = glyphs and bool(wanted)
    document = pdfium.PdfDocument(source if isinstance(source, bytes) else os.fspath(source))
    fonts: dict[str, None] = {}
    seen: dict[str, int] = {}  # a character of the text layer → the first page it is on
    drawn: set[str] = set()
    try:
        numbers = list(pages) if pages is not None else range(1, len(document) + 1)
        for number in numbers:
            page = document[number - 1]
            try:
                handles = _page_fonts(c, page, fonts)
                if not glyphs:
                    continue
                textpage = page.get_textpage()
                try:
                    for ch, inked in _layer_chars(c, textpage.raw):
                        if wanted is not None and ch not in wanted:
                            continue
                        seen.setdefault(ch, number)
                        if inked:
                            drawn.add(ch)
                finally:
                    textpage.close()
                looked_for = wanted if wanted is not None else seen
                for ch in looked_for:
                    if ch not in drawn and _has_glyph(c, handles, ch):
                        drawn.add(ch)
            finally:
                page.close()
    finally:
        document.close()
    if not glyphs:
        return FontReport(tuple(fonts))
    missing = [ch for ch in (wanted if wanted is not None else seen) if ch not in drawn]
    count = (sum(1 for ch in text if ch in set(missing)) if text is not None
             else len(missing))
    pages_of = dict(seen)
    unplaced = [ch for ch in missing[:SHOWN] if ch not in seen]
    if unplaced and text is not None:
        # Left out of the text layer (/ActualText): found by the words around it.
        pages_of.update(_pages_by_context(source, text, unplaced, numbers))
    blank = tuple((pages_of.get(ch), ch) for ch in missing[:SHOWN])
    return FontReport(tuple(fonts), blank, count, len(missing))


def _context(text: str, ch: str) -> list[str]:
    """Up to three words of common characters on each side of ``ch``'s first occurrence in
    ``text`` (on its line): what the PDF's text layer keeps around a character it leaves out."""
    at = text.find(ch)
    line_start = text.rfind("\n", 0, at) + 1
    line_end = text.find("\n", at)
    line_end = len(text) if line_end < 0 else line_end

    def common(words: list[str]) -> list[str]:
        return [w for w in words if not _UNCOMMON.search(w)]

    before = common(text[line_start:at].split())[-3:]
    after = common(text[at + 1:line_end].split())[:3]
    return [" ".join(before), " ".join(after)]


def _pages_by_context(source: str | os.PathLike[str] | bytes, text: str, chars: list[str],
                      numbers: Iterable[int]) -> dict[str, int]:
    """The page (1-based) of each of ``chars`` the text layer does not hold: the first page
    whose text holds the words around it (:func:`_context`), one page read at a time."""
    import pypdfium2 as pdfium

    clues = {ch: [c for c in _context(text, ch) if len(c) >= 3] for ch in chars}
    clues = {ch: c for ch, c in clues.items() if c}
    found: dict[str, int] = {}
    if not clues:
        return found
    document = pdfium.PdfDocument(source if isinstance(source, bytes) else os.fspath(source))
    try:
        for number in numbers:
            page = document[number - 1]
            try:
                textpage = page.get_textpage()
                try:
                    words = " ".join(textpage.get_text_range().split())
                finally:
                    textpage.close()
            finally:
                page.close()
            for ch, context in list(clues.items()):
                if all(c in words for c in context):
                    found[ch] = number
                    del clues[ch]
            if not clues:
                break
    finally:
        document.close()
    return found


#: Parts of a .docx whose text is printed: the body, headers, footers, footnotes, endnotes.
_PRINTED_PARTS = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes)\.xml")
_TEXT_RUN = re.compile(r"<w:t(?:\s[^>]*)?>([^<]*)</w:t>")


def document_characters(docx: str | os.PathLike[str] | bytes) -> str:
    """The uncommon characters of a .docx's printed text, each as often as it occurs: those
    beyond Latin and Vietnamese letters, accents and punctuation, which a font may lack (``""``
    for a document of common characters only, or one that cannot be read). Each run of text
    that holds one is given whole, on a line of its own, so :func:`pdf_fonts` finds the page
    of a character the PDF's text layer leaves out by the words around it."""
    import html
    import io
    import zipfile

    out: list[str] = []
    try:
        with zipfile.ZipFile(io.BytesIO(docx) if isinstance(docx, bytes) else docx) as z:
            for info in z.infolist():
                if not _PRINTED_PARTS.fullmatch(info.filename):
                    continue
                xml = z.read(info).decode("utf-8", "replace")
                if not _UNCOMMON.search(xml):
                    continue
                for run in _TEXT_RUN.findall(xml):
                    run = html.unescape(run)
                    if _UNCOMMON.search(run):
                        out.append(" ".join(run.split()) + "\n")
    except (OSError, zipfile.BadZipFile, ValueError, RuntimeError):
        return ""
    return "".join(out)


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


def _page_fonts(c: object, page: object, fonts: dict[str, None]) -> list[object]:
    """Add the names of the fonts a page's text uses to ``fonts``; their PDFium handles."""
    raw = page.raw  # type: ignore[attr-defined]
    buffer = ctypes.create_string_buffer(256)
    seen: set[int] = set()
    handles = []
    for i in range(c.FPDFPage_CountObjects(raw)):  # type: ignore[attr-defined]
        obj = c.FPDFPage_GetObject(raw, i)  # type: ignore[attr-defined]
        if c.FPDFPageObj_GetType(obj) != c.FPDF_PAGEOBJ_TEXT:  # type: ignore[attr-defined]
            continue
        font = c.FPDFTextObj_GetFont(obj)  # type: ignore[attr-defined]
        address = ctypes.cast(font, ctypes.c_void_p).value if font else None
        if not address or address in seen:
            continue
        seen.add(address)
        handles.append(font)
        size = c.FPDFFont_GetBaseFontName(font, buffer, len(buffer))  # type: ignore[attr-defined]
        base = buffer.raw[:max(size - 1, 0)].decode("latin-1") if size else ""
        size = c.FPDFFont_GetFamilyName(font, buffer, len(buffer))  # type: ignore[attr-defined]
        family = buffer.raw[:max(size - 1, 0)].decode("utf-8", "replace") if size else ""
        name = _readable(base, family)
        if name:
            fonts.setdefault(name, None)
    return handles


def _has_glyph(c: object, fonts: list[object], ch: str) -> bool:
    """Whether one of ``fonts`` draws ``ch`` with a glyph that has an outline. PDFium maps a
    character to a glyph through the font's ToUnicode map and encoding; a character beyond the
    Basic Multilingual Plane it cannot map (the text layer tells for those)."""
    if ord(ch) > 0xFFFF:
        return False
    for font in fonts:
        path = c.FPDFFont_GetGlyphPath(font, ord(ch), 12.0)  # type: ignore[attr-defined]
        if path and c.FPDFGlyphPath_CountGlyphSegments(path) > 0:  # type: ignore[attr-defined]
            return True
    return False


#: Characters every font kehoach expects has (ASCII, Latin, Vietnamese letters, accents,
#: punctuation, spaces): only the others are looked at for a missing glyph.
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
_UNCOMMON = re.compile("[^\\s\x20-\u024f\u0300-\u036f\u1e00-\u1eff\u2000-\u206f]")


def _layer_chars(c: object, raw: object) -> Iterable[tuple[str, bool]]:
    """``(character, inked)`` for each uncommon character of a text page: whether PDFium gives
    it a box with ink (an empty glyph gets a 0.01 pt box). A character with ink is drawn; one
    without may be a double of text wrapped in ``/ActualText``, so it proves nothing alone."""
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
        inked = bool(c.FPDFText_GetCharBox(raw, i, ctypes.byref(left), ctypes.byref(right),  # type: ignore[attr-defined]
                                           ctypes.byref(bottom), ctypes.byref(top))) \
            and top.value - bottom.value >= 0.1
        yield ch, inked


def _shown(ch: str) -> str:
    """A character as a message shows it, with its code (the opening of ``«…» (U+…``): a
    combining mark on a dotted circle, a private-use or unassigned one by its code alone."""
    import unicodedata

    category = unicodedata.category(ch)
    if category in ("Co", "Cn", "Cs"):
        return f"ký tự riêng (U+{ord(ch):04X}"
    shown = "\u25cc" + ch if category in ("Mn", "Mc", "Me") else ch
    return f"«{shown}» (U+{ord(ch):04X}"


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
