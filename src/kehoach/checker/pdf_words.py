"""Chữ trên bản in: the words of a PDF with their boxes, read page by page with pypdfium2.

The rendered rules (:mod:`kehoach.checker.rendered`) ask where words land: which line, which
page, how far from the margin. :class:`Rendering` opens a PDF with PDFium (pypdfium2) and reads
a page's words only when a rule asks for that page, keeping a few pages at a time, so a
2,000-page PDF costs what a few pages cost in memory. A word is a run of characters between
spaces or line ends; its box is PDFium's *loose* box (the font's ascent to its descent, like a
line's), so two words on one line share ``top`` and ``bottom`` whatever their letters.

Positions are PDF points (1/72 inch) from the page's top-left corner.
"""

from __future__ import annotations

import ctypes
import os
import threading
import unicodedata
from collections import OrderedDict
from collections.abc import Iterator, Sequence
from typing import Final, overload

import attrs

#: How many pages' words are kept at once.
CACHED_PAGES: Final = 8
#: Characters that end a word (PDFium writes a line end as ``\r\n``).
_BREAKS: Final = frozenset(" \t\r\n\x00\xa0\u2002\u2003\u2009\u200b")


@attrs.frozen
class Word:
    """Một chữ trên bản in: its text (NFC) and box in pt from the page's top-left corner."""

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float  # the font size in pt


@attrs.frozen
class Page:
    """Một trang: its number (1-based), size in pt and words in reading order."""

    number: int
    width: float
    height: float
    words: tuple[Word, ...]


class Pages(Sequence[Page]):
    """The pages of a :class:`Rendering`, read when asked for (a few kept at a time)."""

    def __init__(self, rendering: Rendering) -> None:
        self._rendering = rendering

    def __len__(self) -> int:
        return self._rendering.page_count

    @overload
    def __getitem__(self, index: int) -> Page: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Page]: ...

    def __getitem__(self, index):  # noqa: ANN001
        if isinstance(index, slice):
            return _PageRange(self._rendering, range(len(self))[index])
        n = len(self)
        if index < 0:
            index += n
        if not 0 <= index < n:
            raise IndexError(index)
        return self._rendering.page(index + 1)

    def __iter__(self) -> Iterator[Page]:
        for number in range(1, len(self) + 1):
            yield self._rendering.page(number)


class _PageRange(Sequence[Page]):
    def __init__(self, rendering: Rendering, numbers: range) -> None:
        self._rendering, self._indexes = rendering, numbers

    def __len__(self) -> int:
        return len(self._indexes)

    def __getitem__(self, index):  # noqa: ANN001
        if isinstance(index, slice):
            return _PageRange(self._rendering, self._indexes[index])
        return self._rendering.page(self._indexes[index] + 1)

    def __iter__(self) -> Iterator[Page]:
        for i in self._indexes:
            yield self._rendering.page(i + 1)


class Rendering:
    """Bản in: the words of a PDF, page by page, read lazily (see the module's text).

    ``Rendering.from_pdf(path)`` opens the file (``pypdfium2`` must be installed:
    ``ImportError`` otherwise; a damaged PDF raises ``pypdfium2.PdfiumError``). Close it (or
    use it as a context manager) to release the file.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        import pypdfium2 as pdfium  # imported here: only rendered checks read PDFs

        self._document = pdfium.PdfDocument(os.fspath(path))
        self.page_count = len(self._document)
        self._cache: OrderedDict[int, Page] = OrderedDict()
        self._lock = threading.Lock()
        self.pages = Pages(self)

    @classmethod
    def from_pdf(cls, path: str | os.PathLike[str]) -> Rendering:
        return cls(path)

    def page(self, number: int) -> Page:
        """Page ``number`` (1-based) with its words."""
        with self._lock:
            cached = self._cache.get(number)
            if cached is not None:
                self._cache.move_to_end(number)
                return cached
            page = _read_page(self._document, number)
            self._cache[number] = page
            if len(self._cache) > CACHED_PAGES:
                self._cache.popitem(last=False)
            return page

    def find(self, phrase: str, *, pages: Sequence[int] | None = None, last: bool = False
             ) -> tuple[Page, list[Word]] | None:
        """The words of ``phrase`` (in order; other words may come between them, up to
        :data:`LOOKAHEAD`) on the first page that has them (the last with ``last``), among
        ``pages`` (1-based numbers) or all."""
        tokens = unicodedata.normalize("NFC", phrase).split()
        if not tokens:
            return None
        numbers = [n for n in (pages or range(1, self.page_count + 1))
                   if 1 <= n <= self.page_count]
        if last:
            numbers.reverse()
        for number in numbers:
            page = self.page(number)
            found = find_on(page.words, tokens, last=last)
            if found:
                return page, found
        return None

    def close(self) -> None:
        with self._lock:
            self._cache.clear()
            self._document.close()

    def __enter__(self) -> Rendering:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


#: How many words a phrase's next word may be looked for ahead (other columns interleave).
LOOKAHEAD: Final = 24


def find_on(words: Sequence[Word], tokens: list[str], *, last: bool) -> list[Word] | None:
    """The words of ``tokens`` in ``words``, in order, each within :data:`LOOKAHEAD` of the
    previous one; the first such run (the last with ``last``)."""
    starts = [i for i, w in enumerate(words) if w.text == tokens[0]]
    if last:
        starts.reverse()
    for start in starts:
        out = [words[start]]
        i = start
        for token in tokens[1:]:
            nxt = next((j for j in range(i + 1, min(len(words), i + 1 + LOOKAHEAD))
                        if words[j].text == token), None)
            if nxt is None:
                break
            out.append(words[nxt])
            i = nxt
        else:
            return out
    return None


def _read_page(document: object, number: int) -> Page:
    import pypdfium2.raw as pdfium_c

    page = document[number - 1]  # type: ignore[index]
    try:
        width, height = page.get_size()
        textpage = page.get_textpage()
        try:
            words = _words(pdfium_c, textpage.raw, height)
        finally:
            textpage.close()
    finally:
        page.close()
    return Page(number, float(width), float(height), words)


def _words(c: object, raw: object, height: float) -> tuple[Word, ...]:
    """Words of a text page: characters between breaks, with the loose box of the run."""
    count = c.FPDFText_CountChars(raw)  # type: ignore[attr-defined]
    if count <= 0:
        return ()
    # The whole page's text in one call (UTF-16, one unit per character but for characters
    # outside the BMP, which take two: their index is kept by decoding unit by unit).
    buffer = ctypes.create_string_buffer((count + 1) * 2)
    c.FPDFText_GetText(raw, 0, count, ctypes.cast(buffer, ctypes.POINTER(ctypes.c_ushort)))  # type: ignore[attr-defined]
    units = memoryview(buffer.raw).cast("H")[:count]
    box = c.FPDFText_GetLooseCharBox  # type: ignore[attr-defined]
    rect = c.FS_RECTF()  # type: ignore[attr-defined]
    font_size = c.FPDFText_GetFontSize  # type: ignore[attr-defined]
    origin = c.FPDFText_GetCharOrigin  # type: ignore[attr-defined]
    tight = c.FPDFText_GetCharBox  # type: ignore[attr-defined]
    left, right, low, high = (ctypes.c_double() for _ in range(4))
    ox, oy = ctypes.c_double(), ctypes.c_double()
    words: list[Word] = []
    start = -1
    chars: list[str] = []

    def close(end: int) -> None:
        # the box from the first character's left to the last one's right
        box(raw, start, ctypes.byref(rect))
        x0, top_ = rect.left, rect.top
        bottom_ = rect.bottom
        # the right edge of the last letter's ink (the loose box adds the accent's overhang)
        tight(raw, end, ctypes.byref(left), ctypes.byref(right), ctypes.byref(low),
              ctypes.byref(high))
        x1 = right.value if right.value > x0 else rect.right
        text = unicodedata.normalize("NFC", "".join(chars))
        size = float(font_size(raw, start))
        # A word stands on its baseline and is as tall as its font size (pdfplumber's box):
        # the loose box's top follows a tall letter (Ủ), and its bottom the font's descent.
        if size > 0 and origin(raw, start, ctypes.byref(ox), ctypes.byref(oy)):
            bottom_pt = float(height - oy.value)
            top_pt = bottom_pt - size
        else:
            bottom_pt, top_pt = float(height - bottom_), float(height - top_)
        words.append(Word(text, float(x0), float(x1), top_pt, bottom_pt, size))

    for i in range(count):
        unit = units[i]
        if 0xD800 <= unit < 0xDC00 and i + 1 < count and 0xDC00 <= units[i + 1] <= 0xDFFF:
            # PDFium gives each half of a surrogate pair an index of its own
            char = chr(0x10000 + ((unit - 0xD800) << 10) + (units[i + 1] - 0xDC00))
        elif 0xD800 <= unit <= 0xDFFF:
            char = ""
        else:
            char = chr(unit)
        if char in _BREAKS or (not char and start < 0):
            if start >= 0 and chars:
                close(i - 1)
            start, chars = -1, []
            continue
        if start < 0:
            start = i
        if char in ("\x02", "\ufffe"):  # PDFium's mark of a hyphen that ends a line
            chars.append("-")
            close(i)
            start, chars = -1, []
            continue
        if char:
            chars.append(char)
    if start >= 0 and chars:
        close(count - 1)
    return tuple(reading_order(words))


#: Words whose bottoms differ by at most this many pt are on one line (pdfplumber's 3 pt).
LINE_TOLERANCE_PT: Final = 3.0


def reading_order(words: list[Word]) -> list[Word]:
    """Lines from the top, each left to right: the order a reader (and pdfplumber) takes."""
    ordered = sorted(words, key=lambda w: w.bottom)
    out: list[Word] = []
    line: list[Word] = []
    for word in ordered:
        if line and word.bottom - line[0].bottom > LINE_TOLERANCE_PT:
            out.extend(sorted(line, key=lambda w: w.x0))
            line = []
        line.append(word)
    out.extend(sorted(line, key=lambda w: w.x0))
    return out
