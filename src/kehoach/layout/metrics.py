"""Text widths in Times New Roman, so the short rules under the header lines fit their text.

Nghị định 30 sizes the line under the issuer name and under the trích yếu as a fraction of the
text above it, and the line under the Tiêu ngữ as long as the Tiêu ngữ. Word cannot express
"a third of this text", so the context builder measures the text here and the template draws a
line of that length.
"""

from __future__ import annotations

import unicodedata
from functools import cache, lru_cache

from kehoach.layout._widths import ADVANCES, CHARS, UNITS_PER_EM

_HORN = "\u031b"
_INDEX = {c: i for i, c in enumerate(CHARS)}


@cache
def _advance(char: str, style: str) -> int:
    table = ADVANCES[style]
    if char in _INDEX:
        return table[_INDEX[char]]
    decomposed = unicodedata.normalize("NFD", char)
    base = decomposed[0]
    # ơ and ư are wider than o and u; every other Vietnamese mark sits above or below its base.
    if _HORN in decomposed and base + _HORN in ("O" + _HORN, "o" + _HORN, "U" + _HORN, "u" + _HORN):
        base = unicodedata.normalize("NFC", base + _HORN)
    if base in _INDEX:
        return table[_INDEX[base]]
    return UNITS_PER_EM // 2  # an unknown glyph: assume half an em


@lru_cache(maxsize=8192)
def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width in points of ``text`` set on one line in Times New Roman."""
    style = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
             (True, True): "bold_italic"}[(bold, italic)]
    units = sum(_advance(c, style) for c in unicodedata.normalize("NFC", text))
    return units * size_pt / UNITS_PER_EM


def text_width_tw(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> int:
    """Width in twips (1/20 pt) of ``text`` set on one line in Times New Roman."""
    return round(text_width_pt(text, size_pt, bold=bold, italic=italic) * 20)


# --------------------------------------------------------------------------------------------
# Where a line may break

#: Characters after which, inside a word, no renderer breaks a line (UAX #14: letters, digits,
#: combining marks, and closing or infix punctuation such as ``,`` ``.`` ``)`` ``”``). A word
#: made of these alone is one unbreakable piece, and the line-breaking library is not asked.
_NO_BREAK_PUNCTUATION = frozenset(".,;:()[]{}\"'“”‘’«»")


def _one_piece(word: str) -> bool:
    return all(c.isalnum() or c in _NO_BREAK_PUNCTUATION
               or unicodedata.category(c).startswith("M") for c in word)


def _between_digits(text: str, breakables):
    """UAX #14 tailored as Word and LibreOffice break: after a hyphen between digits
    (``15/3-`` | ``30/4/2026``), which the standard keeps together as a minus sign."""
    out = list(breakables)
    for i in range(2, len(text)):
        if text[i - 1] in "-\u2010\u2013" and text[i - 2].isdigit() and text[i].isdigit():
            out[i] = 1
    return out


@lru_cache(maxsize=4096)
def break_pieces(word: str) -> tuple[str, ...]:
    """``word`` (no spaces) cut where a line may break: the Unicode line-breaking algorithm
    (UAX #14, through the ``uniseg`` library), tailored after a hyphen between digits. A
    slash or a hyphen lets the line break after it: ``Thôn/`` ``bản/`` ``tổ``, ``HĐND-``
    ``UBND``, ``15/3-`` ``30/4/2026``; an e-mail address or ``1.000.000`` is one piece."""
    if _one_piece(word):
        return (word,)
    from uniseg.linebreak import line_break_units  # slow to import, and rarely needed

    return tuple(line_break_units(word, tailor=_between_digits))


def widest_piece_tw(text: str, size_pt: float, *, bold: bool = False,
                    italic: bool = False) -> int:
    """Width in twips of the widest piece of ``text`` a line cannot break (see
    :func:`break_pieces`): the narrowest column that shows ``text`` without cutting a word."""
    widest = 0
    for word in text.split():
        width = text_width_tw(word, size_pt, bold=bold, italic=italic)
        if width > widest and not _one_piece(word):
            width = max(text_width_tw(piece.rstrip(), size_pt, bold=bold, italic=italic)
                        for piece in break_pieces(word))
        widest = max(widest, width)
    return widest


def wrapped_widths_tw(text: str, size_pt: float, width_tw: float, *, bold: bool = False,
                      italic: bool = False) -> list[int]:
    """Widths in twips of the lines ``text`` prints on when set ``width_tw`` wide, broken
    between words as Word and LibreOffice break them (greedily): one entry per printed line.

    ``"ỦY BAN NHÂN DÂN PHƯỜNG 5"`` in a 6 cm cell prints on two lines, and the decree's
    "1/3 to 1/2 of the line of text" is read on those lines, not on the unbroken text."""
    space = text_width_tw(" ", size_pt, bold=bold, italic=italic)
    lines: list[int] = []
    line = 0
    for word in text.split():
        size = text_width_tw(word, size_pt, bold=bold, italic=italic)
        if line and line + space + size > width_tw:
            lines.append(line)
            line = size
        else:
            line = line + space + size if line else size
    lines.append(line)
    return lines
