"""Text widths in Times New Roman, so the short rules under the header lines fit their text.

Nghị định 30 sizes the line under the issuer name and under the trích yếu as a fraction of the
text above it, and the line under the Tiêu ngữ as long as the Tiêu ngữ. Word cannot express
"a third of this text", so the context builder measures the text here and the template draws a
line of that length.
"""

from __future__ import annotations

import unicodedata
from functools import cache

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


def text_width_pt(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> float:
    """Width in points of ``text`` set on one line in Times New Roman."""
    style = {(False, False): "regular", (True, False): "bold", (False, True): "italic",
             (True, True): "bold_italic"}[(bold, italic)]
    units = sum(_advance(c, style) for c in unicodedata.normalize("NFC", text))
    return units * size_pt / UNITS_PER_EM


def text_width_tw(text: str, size_pt: float, *, bold: bool = False, italic: bool = False) -> int:
    """Width in twips (1/20 pt) of ``text`` set on one line in Times New Roman."""
    return round(text_width_pt(text, size_pt, bold=bold, italic=italic) * 20)
