"""Đánh số tự động của Word: the label Word shows before a numbered paragraph.

A clerk who types "1." and "a)" and a clerk who lets Word number the paragraphs print the same
page; the checker must read both. Word keeps automatic numbering in ``numbering.xml``: a
paragraph names a list (``w:numPr/w:numId``) and a level (``w:ilvl``), the list points to an
abstract definition whose level gives the format (``w:numFmt``: decimal, lowerLetter,
upperRoman, bullet…), the pattern (``w:lvlText``, e.g. ``%1.`` or ``%1.%2.``), the first number
(``w:start``) and what follows the label (``w:suff``: a tab, a space or nothing).

:class:`ListCounter` walks the paragraphs in document order, as Word counts them (ECMA-376
Part 1, 17.9): lists that share an abstract definition share their counters, a ``w:num`` with a
``w:startOverride`` restarts its level the first time it is used, and a level restarts after any
higher level is used (or after the level named by ``w:lvlRestart``; 0: never).
"""

from __future__ import annotations

from typing import Final

import attrs
from lxml import etree

from kehoach.checker.resolve import to_int, w

_LEVELS: Final = 9
_ROMAN: Final = ((1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                 (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"))


@attrs.frozen
class Label:
    """Số thứ tự tự động: the text Word prints before a numbered paragraph.

    ``text`` is the label as printed (``"1."``, ``"a)"``, ``"-"``, ``"•"``); ``separator`` what
    follows it (``"\\t"``, ``" "`` or ``""``); ``bullet`` whether the level is a bullet (a glyph,
    not a number); ``rpr`` the level's run properties (``w:lvl/w:rPr``), or ``None``.
    """

    text: str
    separator: str
    bullet: bool
    rpr: etree._Element | None


def _letters(n: int, upper: bool) -> str:
    """Word's letter numbering: a…z, then aa…zz, aaa… (the letter repeated)."""
    if n <= 0:
        return ""
    letter = chr(ord("a") + (n - 1) % 26)
    text = letter * ((n - 1) // 26 + 1)
    return text.upper() if upper else text


def _roman(n: int, upper: bool) -> str:
    if n <= 0:
        return ""
    out = []
    for value, numeral in _ROMAN:
        while n >= value:
            out.append(numeral)
            n -= value
    text = "".join(out)
    return text.upper() if upper else text


def format_number(n: int, fmt: str) -> str:
    """``n`` in Word's number format ``fmt`` (``w:numFmt/@w:val``); unknown formats as decimal."""
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt in ("lowerLetter", "upperLetter"):
        return _letters(n, fmt == "upperLetter")
    if fmt in ("lowerRoman", "upperRoman"):
        return _roman(n, fmt == "upperRoman")
    if fmt == "none":
        return ""
    return str(n)


class ListCounter:
    """The labels of the numbered paragraphs of one part, counted in document order."""

    def __init__(self, numbering: etree._Element | None) -> None:
        self._root = numbering
        self._nums: dict[str, etree._Element] = {}
        self._abstracts: dict[str, etree._Element] = {}
        if numbering is not None:
            for num in numbering.findall(w("num")):
                if num.get(w("numId")) is not None:
                    self._nums[num.get(w("numId"))] = num
            for abstract in numbering.findall(w("abstractNum")):
                if abstract.get(w("abstractNumId")) is not None:
                    self._abstracts[abstract.get(w("abstractNumId"))] = abstract
        self._counters: dict[str, list[int]] = {}
        self._used: dict[str, list[bool]] = {}
        self._overridden: set[str] = set()

    def _abstract_id(self, num_id: str) -> str | None:
        num = self._nums.get(num_id)
        ref = num.find(w("abstractNumId")) if num is not None else None
        return ref.get(w("val")) if ref is not None else None

    def level(self, num_id: str, ilvl: int) -> etree._Element | None:
        """The ``w:lvl`` that governs ``(num_id, ilvl)``: an override of the num, else the
        abstract definition's (following ``w:numStyleLink`` once)."""
        num = self._nums.get(num_id)
        if num is None:
            return None
        for override in num.findall(w("lvlOverride")):
            if to_int(override.get(w("ilvl"))) == ilvl and override.find(w("lvl")) is not None:
                return override.find(w("lvl"))
        abstract = self._abstracts.get(self._abstract_id(num_id) or "")
        if abstract is None:
            return None
        link = abstract.find(w("numStyleLink"))
        if link is not None and abstract.find(w("lvl")) is None:
            abstract = self._linked(link.get(w("val"))) or abstract
        return next((lv for lv in abstract.findall(w("lvl"))
                     if (to_int(lv.get(w("ilvl"))) or 0) == ilvl), None)

    def _linked(self, style_id: str | None) -> etree._Element | None:
        for abstract in self._abstracts.values():
            link = abstract.find(w("styleLink"))
            if link is not None and link.get(w("val")) == style_id:
                return abstract
        return None

    def next_label(self, num_id: str | None, ilvl: int) -> Label | None:
        """Count one more paragraph of list ``num_id`` at level ``ilvl``; its label."""
        if num_id is None:
            return None
        ilvl = min(max(ilvl, 0), _LEVELS - 1)
        lvl = self.level(num_id, ilvl)
        if lvl is None:
            return None
        key = self._abstract_id(num_id) or f"num:{num_id}"
        counters = self._counters.setdefault(key, [0] * _LEVELS)
        used = self._used.setdefault(key, [False] * _LEVELS)
        if num_id not in self._overridden:
            self._overridden.add(num_id)
            for override in self._nums[num_id].findall(w("lvlOverride")):
                start = override.find(w("startOverride"))
                level_no = to_int(override.get(w("ilvl")))
                if start is not None and level_no is not None and 0 <= level_no < _LEVELS:
                    counters[level_no] = (to_int(start.get(w("val"))) or 0) - 1
                    used[level_no] = True
        if not used[ilvl]:
            counters[ilvl] = self._start(num_id, ilvl) - 1
            used[ilvl] = True
        counters[ilvl] += 1
        for deeper in range(ilvl + 1, _LEVELS):
            restart = self._restart(num_id, deeper)
            if restart is None or ilvl < restart:
                used[deeper] = False
        fmt_el, text_el = lvl.find(w("numFmt")), lvl.find(w("lvlText"))
        fmt = fmt_el.get(w("val"), "decimal") if fmt_el is not None else "decimal"
        pattern = text_el.get(w("val"), "") if text_el is not None else f"%{ilvl + 1}."
        legal = lvl.find(w("isLgl")) is not None
        if fmt == "bullet":
            text = pattern
        else:
            text = pattern
            for n in range(_LEVELS, 0, -1):  # %10 does not exist; %1…%9, longest first
                token = f"%{n}"
                if token not in text:
                    continue
                value = counters[n - 1] if used[n - 1] else self._start(num_id, n - 1)
                lvl_fmt = fmt if n - 1 == ilvl else self._format(num_id, n - 1)
                text = text.replace(token, format_number(value, "decimal" if legal and
                                                         n - 1 != ilvl else lvl_fmt))
        suff_el = lvl.find(w("suff"))
        suff = suff_el.get(w("val"), "tab") if suff_el is not None else "tab"
        separator = {"tab": "\t", "space": " "}.get(suff, "")
        return Label(text, separator if text else "", fmt == "bullet", lvl.find(w("rPr")))

    def _start(self, num_id: str, ilvl: int) -> int:
        lvl = self.level(num_id, ilvl)
        start = lvl.find(w("start")) if lvl is not None else None
        return to_int(start.get(w("val"))) if start is not None else 1  # type: ignore[return-value]

    def _format(self, num_id: str, ilvl: int) -> str:
        lvl = self.level(num_id, ilvl)
        fmt = lvl.find(w("numFmt")) if lvl is not None else None
        return fmt.get(w("val"), "decimal") if fmt is not None else "decimal"

    def _restart(self, num_id: str, ilvl: int) -> int | None:
        """After which level (0-based) level ``ilvl`` restarts; ``None``: after any higher one."""
        lvl = self.level(num_id, ilvl)
        el = lvl.find(w("lvlRestart")) if lvl is not None else None
        if el is None:
            return None
        value = to_int(el.get(w("val")))
        if value is None:
            return None
        return -1 if value == 0 else value  # 0: never restart; n: restart after level n (1-based)
