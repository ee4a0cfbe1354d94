"""Chữ hoa theo chính văn bản: the capitals of words typed all in capitals, read from how the
same document writes the same words.

A trích yếu typed in capitals (``THỰC HIỆN CHƯƠNG TRÌNH … XÃ HẢI YẾN NĂM 2024``) is to be
written in lower case with its first letter and its proper names capitalised (Phụ lục I,
II.5.b; Phụ lục II). Which words are proper names no rule can tell; the document can: its body
writes ``… thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới …``, ``xã Hải Yến``,
``năm 2024``. :func:`recase` takes each word's capitals from the longest run of the same words
found in the document's other paragraphs (not at the start of a sentence, where every word is
capitalised), and gives up (``None``) when a word is nowhere written but in capitals, or when
the document writes it two ways in the same words around it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Final

WORD: Final = re.compile(r"[^\W_]+")
#: A word after one of these starts a sentence: its capital says nothing.
SENTENCE_END: Final = re.compile(
    r"[.!?:;…]\s*[\"'“‘(]*\s*$"  # after a full stop, a colon…
    r"|^\s*(?:[0-9IVXLC]+(?:\.[0-9]+)*\.|[a-zđ]{1,2}\)|\(?[0-9]+\)|[-+•–])?\s*[\"'“‘(]*\s*$")
#: Longest run of words looked for (a trích yếu quotes long names of programmes).
MAX_RUN: Final = 12


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _tokens(text: str) -> list[tuple[str, bool]]:
    """The words of ``text`` and whether each starts a sentence."""
    out = []
    for m in WORD.finditer(text):
        out.append((m.group(0), bool(SENTENCE_END.search(text[:m.start()]))))
    return out


def recase(lines: list[str], sources: Iterable[str]) -> list[str] | None:
    """``lines`` (the trích yếu, maybe over several paragraphs, in capitals) in lower case,
    capitalised as ``sources`` (the document's other paragraphs) write each word; the first
    letter in capitals. ``None`` when a word's capitals cannot be told."""
    words: list[str] = []
    spans: list[tuple[int, int, int]] = []  # (line, start, end) of each word
    for n, line in enumerate(lines):
        for m in WORD.finditer(_nfc(line)):
            words.append(m.group(0))
            spans.append((n, m.start(), m.end()))
    if not words:
        return None
    folded = [w.casefold() for w in words]
    wanted = {tuple(folded[i:j]) for i in range(len(folded))
              for j in range(i + 1, min(len(folded), i + MAX_RUN) + 1)}
    votes: list[dict[str, int]] = [{} for _ in words]  # word form → longest run it came in
    for text in sources:
        toks = _tokens(_nfc(text))
        if not toks or all(t == t.upper() for t, _ in toks if any(c.isalpha() for c in t)):
            continue  # a line in capitals tells nothing
        low = [t.casefold() for t, _ in toks]
        for a in range(len(toks)):
            for b in range(min(len(toks), a + MAX_RUN), a, -1):
                run = tuple(low[a:b])
                if run not in wanted:
                    continue
                for start in _positions(folded, run):
                    for k in range(b - a):
                        form, initial = toks[a + k]
                        if initial:
                            continue
                        slot = votes[start + k]
                        slot[form] = max(slot.get(form, 0), b - a)
                break  # shorter runs from here are inside this one
    out_words = []
    for i, word in enumerate(words):
        slot = votes[i]
        if not any(c.isalpha() for c in word):
            out_words.append(word)
            continue
        if slot:
            best = max(slot.values())
            forms = {f for f, length in slot.items() if length == best}
            if len(forms) != 1:
                return None
            form = forms.pop()
        elif i == 0:
            form = word.lower()
        else:
            return None
        if i == 0:
            form = form[:1].upper() + form[1:]
        if form.casefold() != word.casefold():
            return None
        out_words.append(form)
    result = [_nfc(line) for line in lines]
    for (n, a, b), form in sorted(zip(spans, out_words), key=lambda x: (-x[0][0], -x[0][1])):
        result[n] = result[n][:a] + form + result[n][b:]
    return result


def _positions(seq: list[str], run: tuple[str, ...]) -> list[int]:
    n = len(run)
    return [i for i in range(len(seq) - n + 1) if tuple(seq[i:i + n]) == run]
