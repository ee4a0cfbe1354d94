"""Văn bản có định dạng: running text with bold, italic, underline and footnotes.

In Python, rich text is a :class:`RichText`, a sequence of :class:`Span` (text and its
emphasis) and :class:`Footnote` (a footnote anchored where it stands)::

    >>> from kehoach.model import RichText, Footnote, bold, italic
    >>> RichText("Tổ chức ", bold("lần thứ nhất"), " vào tháng 5", Footnote("Theo Kế hoạch số 12/KH-UBND."))
    >>> "Các thôn " + italic("(trừ thôn Nà Pàn)") + " thực hiện."

A plain ``str`` stays plain everywhere: ``"3*4"`` in Python is the text ``3*4``. Only data
files (YAML, TOML, JSON) read a small markup, :func:`parse_markup`:

``**đậm**``, ``*nghiêng*``, ``***đậm nghiêng***``, ``__gạch chân__``, ``^[chú thích]``

A marker counts only when it is unmistakable: an opening marker stands after a space, the start
of the line or punctuation and before a letter, a digit or an opening bracket or quote; its
closing marker stands after a letter, a digit or closing punctuation and before a space, the
end of the line or punctuation; both are on the same line. Anything else is literal text:
``3*4``, ``a * b``, ``file_name``, ``(*)``, ``[1]``, ``____`` (a blank to fill in) all come out
as typed. A backslash before ``*``, ``_``, ``^``, ``[`` or ``]`` escapes that character only
where, the backslashes left out, it is markup: then one backslash makes it literal
(``\\*\\*không đậm\\*\\*``) and two give one backslash before the markup. Anywhere else
backslashes are text, printed as typed, so a Windows path survives: ``D:\\_Luu\\[2026]\\*.docx``.

Equal rich texts are equal values: adjacent spans of the same emphasis are merged and empty
spans dropped, and a text with no emphasis and no footnote is a plain ``str``
(:func:`canonical`), so ``Paragraph(RichText("abc")) == Paragraph("abc")``.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable, Iterator
import attrs

from kehoach.errors import PlanDataError
from kehoach.model.fields import (
    _XML_FORBIDDEN,
    _owner,
    check_text,
    field_doc,
    vietnamese_arguments,
)

# --------------------------------------------------------------------------------------------
# The value classes


def _span_text(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if not isinstance(value, str):
        raise PlanDataError("Span.text", f"phải là chuỗi ký tự, nhận được {type(value).__name__}")
    bad = _XML_FORBIDDEN.search(value)
    if bad:
        raise PlanDataError("Span.text", f"chứa ký tự điều khiển U+{ord(bad.group()):04X} ở ký "
                                         f"tự thứ {bad.start() + 1}, không thể ghi vào văn bản "
                                         "Word")


def _flag(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if not isinstance(value, bool):
        raise PlanDataError(f"Span.{attribute.name}", f"phải là true hoặc false, nhận được {value!r}")


def _nfc(value: object) -> object:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value.replace("\r\n", "\n").replace("\r", "\n"))
    return value


@vietnamese_arguments
@attrs.frozen
class Span:
    """Đoạn chữ có định dạng: a piece of text with its emphasis.

    ``Span("lần thứ nhất", bold=True)``; the text may hold spaces and line breaks.
    """

    text: str = attrs.field(converter=_nfc, validator=_span_text,
                            metadata={"doc": "Chữ: the text of the piece."})
    bold: bool = attrs.field(default=False, validator=_flag, metadata={"doc": "Đậm."})
    italic: bool = attrs.field(default=False, validator=_flag, metadata={"doc": "Nghiêng."})
    underline: bool = attrs.field(default=False, validator=_flag,
                                  metadata={"doc": "Gạch chân (nét đơn)."})

    @property
    def style(self) -> tuple[bool, bool, bool]:
        return (self.bold, self.italic, self.underline)

    @property
    def plain(self) -> bool:
        return not (self.bold or self.italic or self.underline)


def _footnote_text(value: object) -> object:
    value = canonical(value)
    if isinstance(value, RichText) and any(isinstance(p, Footnote) for p in value.parts):
        raise PlanDataError("Footnote.text", "chú thích không chứa chú thích khác")
    return value


def _footnote_validator(instance: object, attribute: attrs.Attribute, value: object) -> None:
    check_rich("Footnote.text", value)


@vietnamese_arguments
@attrs.frozen
class Footnote:
    """Chú thích: a footnote anchored where it stands in the text; Word numbers it 1, 2 ….

    Its text may carry emphasis (a ``str`` or a :class:`RichText` without footnotes).
    """

    text: str | RichText = attrs.field(converter=_footnote_text, validator=_footnote_validator,
                                       metadata={"doc": "Nội dung chú thích."})


def _parts(values: Iterable[object]) -> Iterator[object]:
    for value in values:
        if isinstance(value, RichText):
            yield from value.parts
        elif isinstance(value, str):
            yield Span(value)
        elif isinstance(value, (list, tuple)):
            yield from _parts(value)
        else:
            yield value


def _merge(parts: Iterable[object]) -> tuple[object, ...]:
    """Adjacent spans of one emphasis as one, empty spans dropped (their texts joined once, not
    added one to the next: linear in their length)."""
    out: list[object] = []
    run: list[Span] = []

    def close() -> None:
        if len(run) == 1:
            out.append(run[0])
        elif run:
            out.append(Span("".join(p.text for p in run), *run[0].style))
        run.clear()

    for part in parts:
        if isinstance(part, Span):
            if not part.text:
                continue
            if run and run[-1].style != part.style:
                close()
            run.append(part)
            continue
        close()
        out.append(part)
    close()
    return tuple(out)


@attrs.frozen(init=False)
class RichText:
    """Văn bản có định dạng: running text as spans of emphasis and footnotes.

    ``RichText(*parts)`` takes ``str`` (plain text), :class:`Span`, :class:`Footnote` and other
    rich texts, in order: ``RichText("Thực hiện ", bold("lần thứ nhất"), ".")``. Raises
    :class:`~kehoach.errors.PlanDataError` for any other value.
    """

    parts: tuple[Span | Footnote, ...]

    def __init__(self, *parts: object) -> None:
        flat = list(_parts(parts))
        for i, part in enumerate(flat):
            if not isinstance(part, (Span, Footnote)):
                raise PlanDataError(f"RichText.parts[{i}]", "phải là chữ (str), Span hoặc "
                                    f"Footnote, nhận được {type(part).__name__}")
        self.__attrs_init__(_merge(flat))

    @property
    def text(self) -> str:
        """The words, without emphasis and without the footnotes."""
        return "".join(p.text for p in self.parts if isinstance(p, Span))

    @property
    def footnotes(self) -> tuple[Footnote, ...]:
        return tuple(p for p in self.parts if isinstance(p, Footnote))

    def __str__(self) -> str:
        return self.text

    def __add__(self, other: object) -> RichText:
        if isinstance(other, (str, Span, Footnote, RichText)):
            return RichText(self, other)
        return NotImplemented

    def __radd__(self, other: object) -> RichText:
        if isinstance(other, (str, Span, Footnote, RichText)):
            return RichText(other, self)
        return NotImplemented


def canonical(value: object) -> object:
    """The one value of a text: a ``str`` when it has no emphasis and no footnote, else a
    merged :class:`RichText`. A list or tuple of parts is read as a rich text; other values
    pass through, for a validator to judge."""
    if isinstance(value, (list, tuple)) and not isinstance(value, str):
        try:
            value = RichText(*value)
        except PlanDataError:
            return value
    if isinstance(value, Span):
        value = RichText(value)
    if isinstance(value, RichText):
        if all(isinstance(p, Span) and p.plain for p in value.parts):
            return _nfc(value.text)
        return value
    return _nfc(value)


def check_rich(field: str, value: object, *, required: bool = True) -> None:
    """Raise :class:`PlanDataError` unless ``value`` is text (plain or rich) a .docx holds;
    a rich text is judged by its words (a footnote alone is a blank text)."""
    check_text(field, value.text if isinstance(value, RichText) else value, required=required)


def _styled(parts: tuple[object, ...], **style: bool) -> RichText:
    rich = RichText(*parts)
    return RichText(*(attrs.evolve(p, **{k: True for k in style}) if isinstance(p, Span) else p
                      for p in rich.parts))


def bold(*parts: object) -> RichText:
    """Chữ đậm: ``bold("lần thứ nhất")``; parts as for :class:`RichText`."""
    return _styled(parts, bold=True)


def italic(*parts: object) -> RichText:
    """Chữ nghiêng: ``italic("(trừ thôn Nà Pàn)")``."""
    return _styled(parts, italic=True)


def underline(*parts: object) -> RichText:
    """Chữ gạch chân: ``underline("trước ngày 30/6")``."""
    return _styled(parts, underline=True)


def _rich_validator(instance: object, attribute: attrs.Attribute, value: object) -> None:
    check_rich(_owner(instance, attribute), value)


def _optional_rich_validator(instance: object, attribute: attrs.Attribute, value: object) -> None:
    if value is not None:
        check_rich(_owner(instance, attribute), value)


def rich_text(*, doc: str | None = None, **kwargs):
    """A required, non-blank running-text field: a ``str`` or a :class:`RichText`."""
    return attrs.field(converter=canonical, validator=_rich_validator, metadata=field_doc(doc),
                       **kwargs)


def optional_rich_text(default: str | None = None, *, doc: str | None = None):
    """A running-text field that may be ``None`` (but not blank when given)."""
    return attrs.field(default=default, converter=canonical, validator=_optional_rich_validator,
                       metadata=field_doc(doc))


def plain_text(value: str | RichText | None) -> str:
    """The words of a text field, without emphasis or footnotes (``""`` for ``None``)."""
    if value is None:
        return ""
    return value.text if isinstance(value, RichText) else value


# --------------------------------------------------------------------------------------------
# Markup of data files

#: Characters a backslash makes literal.
ESCAPABLE = "*_^[]"
#: Opening brackets and quotes: may follow an opening marker, may not precede a closing one.
_OPENERS = "([{“‘«\"'"
#: Closing punctuation: may precede a closing marker, may not follow an opening one.
_CLOSERS = ")]}”’»\"'.,;:!?…%"

#: Marker runs and the emphasis each gives: (bold, italic, underline).
_KINDS = {"*": (False, True, False), "**": (True, False, False), "***": (True, True, False),
          "__": (False, False, True)}


class _Char(str):
    """A literal character of the input (escaped or not): never a marker."""


class _Kept(_Char):
    """Backslashes typed as text before a character that is not markup where it stands
    (``D:\\_Luu``): printed, and not seen by the markers around them, which are read as if
    they were not there."""


def _candidates(line: str) -> dict[int, int]:
    """Each character a backslash may escape (``*``, ``_``, ``^``, ``[``, ``]`` after one or
    more backslashes): its index, and how many backslashes stand before it."""
    out: dict[int, int] = {}
    i, n = 0, len(line)
    while i < n:
        if line[i] == "\\":
            j = i
            while j < n and line[j] == "\\":
                j += 1
            if j < n and line[j] in ESCAPABLE:
                out[j] = j - i
            i = j
        else:
            i += 1
    return out


def _tokens(line: str, footnotes: bool = True, kept: dict[int, int] | None = None
            ) -> tuple[list[object], list[tuple[int, ...]]]:
    """A line as literal characters (``_Char``), marker runs (``str``) and footnotes
    (``Footnote``; inside a footnote ``^[`` is literal), backslash escapes resolved, with the
    indexes in ``line`` of the characters of each token. ``kept``: the characters before which
    backslashes typed as text are put back (``_Kept``), by index, with their number."""
    kept = kept or {}
    out: list[object] = []
    where: list[tuple[int, ...]] = []
    closing = _closing_brackets(line) if footnotes and "^[" in line else {}
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if i in kept and c not in "*_":  # before a marker run, its reader puts them back
            out.append(_Kept("\\" * kept[i]))
            where.append(())
        if c == "\\":
            j = i
            while j < n and line[j] == "\\":
                j += 1
            count = j - i
            if j < n and line[j] in ESCAPABLE:
                out.extend(_Char("\\") for _ in range(count // 2))
                where.extend(() for _ in range(count // 2))
                if count % 2:
                    out.append(_Char(line[j]))
                    where.append((j,))
                    i = j + 1
                else:
                    i = j
                continue
            out.extend(_Char("\\") for _ in range(count))
            where.extend(() for _ in range(count))
            i = j
            continue
        if footnotes and c == "^" and i + 1 < n and line[i + 1] == "[" and i not in kept:
            end = closing.get(i + 1)
            if end is not None:
                inner_kept = {k - i - 2: v for k, v in kept.items() if i + 2 <= k < end}
                inner, marks = _read(line[i + 2:end], False, inner_kept)
                text = canonical(inner)
                if isinstance(text, str) and not text.strip():
                    out.append(_Char(c))
                    where.append((i,))
                    i += 1
                    continue
                out.append(Footnote(text))
                where.append((i, i + 1, end, *(k + i + 2 for k in marks)))
                i = end + 1
                continue
        if c in "*_":
            j = i
            while j < n and line[j] == c:
                j += 1
            run = line[i:j]
            if run in _KINDS:
                out.append(run)
                where.append(tuple(range(i, j)))
            else:
                for k in range(i, j):
                    if k in kept:
                        out.append(_Kept("\\" * kept[k]))
                        where.append(())
                    out.append(_Char(c))
                    where.append((k,))
            i = j
            continue
        out.append(_Char(c))
        where.append((i,))
        i += 1
    return out, where


def _closing_brackets(line: str) -> dict[int, int]:
    """The index of the ``]`` that closes each ``[`` of ``line``, brackets nested, a backslash
    escaping the character after it (one pass, so the reader stays linear in the line)."""
    out: dict[int, int] = {}
    opened: list[int] = []
    i, n = 0, len(line)
    while i < n:
        c = line[i]
        if c == "\\":
            i += 2 if i + 1 < n and line[i + 1] in ESCAPABLE + "\\" else 1
            continue
        if c == "[":
            opened.append(i)
        elif c == "]" and opened:
            out[opened.pop()] = i
        i += 1
    return out


def _kind_of(token: object) -> str:
    """What a neighbour of a marker is: space, word, opener, closer or other punctuation."""
    if token is None:
        return "space"
    if isinstance(token, Footnote):
        return "footnote"
    if not isinstance(token, _Char):  # another marker
        return "marker"
    if token.isspace():
        return "space"
    if token.isalnum() or unicodedata.category(token).startswith("M"):
        return "word"
    if token in _OPENERS and token in _CLOSERS:
        return "quote"
    if token in _OPENERS:
        return "opener"
    if token in _CLOSERS:
        return "closer"
    return "punct"


def _can_open(before: str, after: str) -> bool:
    return before in ("space", "opener", "quote", "punct", "closer", "marker") and after in (
        "word", "footnote", "opener", "quote", "marker")


def _can_close(before: str, after: str) -> bool:
    # A footnote is read as a word, but for what follows a closing marker: the guide puts
    # ``^[…]`` right after the words it notes, emphasised or not (``**Luật Thư viện**^[…]``).
    return before in ("word", "footnote", "closer", "quote", "marker") and after in (
        "space", "footnote", "closer", "quote", "punct", "opener", "marker")


def _read(line: str, footnotes: bool = True, kept: dict[int, int] | None = None
          ) -> tuple[list[object], set[int]]:
    """The parts of one line, and the indexes of its characters that are markup (markers that
    pair, a footnote's ``^[`` and ``]``), in time linear in its length: each marker is pushed
    on a stack and popped at most once. Kept backslashes (:class:`_Kept`) are put back as
    text and skipped when a marker looks at its neighbours."""
    kept = kept or {}
    tokens, where = _tokens(line, footnotes, kept)
    seen = [i for i, t in enumerate(tokens) if not isinstance(t, _Kept)]
    place = {t: k for k, t in enumerate(seen)}
    opened: list[int] = []  # indexes of opening markers, innermost last
    by_kind: dict[str, list[int]] = {kind: [] for kind in _KINDS}  # their places in ``opened``
    pairs: dict[int, int] = {}
    for i, token in enumerate(tokens):
        if isinstance(token, (_Char, Footnote)):
            continue
        k = place[i]
        before = _kind_of(tokens[seen[k - 1]] if k else None)
        after = _kind_of(tokens[seen[k + 1]] if k + 1 < len(seen) else None)
        same = by_kind[token]
        if same and _can_close(before, after):
            match = same[-1]  # the innermost opening marker of this kind
            pairs[opened[match]] = i
            # Markers opened inside and never closed are literal: off every stack.
            for inner in opened[match:]:
                by_kind[tokens[inner]].pop()
            del opened[match:]
        elif _can_open(before, after):
            same.append(len(opened))
            opened.append(i)
    # Build the spans: every marker in a pair toggles its emphasis; the others are text. Pairs
    # nest (a closing marker drops what opened after its own), so a count per emphasis will do.
    closers = {close: open_ for open_, close in pairs.items()}
    active = [0, 0, 0]
    parts: list[object] = []
    buffer: list[str] = []
    markup: set[int] = set()

    def flush() -> None:
        if buffer:
            parts.append(Span("".join(buffer), active[0] > 0, active[1] > 0, active[2] > 0))
            buffer.clear()

    for i, token in enumerate(tokens):
        if isinstance(token, Footnote):
            flush()
            parts.append(token)
            markup.update(where[i])
        elif isinstance(token, _Char):
            buffer.append(str(token))
        elif i in pairs or i in closers:
            flush()
            step = 1 if i in pairs else -1
            for k, on in enumerate(_KINDS[token]):
                if on:
                    active[k] += step
            markup.update(where[i])
        else:  # a marker run that is text, with the backslashes typed inside it
            buffer.extend("\\" * kept.get(k, 0) + ch for k, ch in zip(where[i], token))
    flush()
    return parts, markup


#: Rounds of :func:`_analyse`; a line still revealing markup after them (built to do so, with
#: escape after escape) has every backslash read as an escape, which bounds the work.
_ROUNDS = 8


def _without(line: str, runs: dict[int, int]) -> tuple[str, list[int]]:
    """``line`` without the backslashes before the characters of ``runs`` (index: how many),
    and the index in ``line`` of each character left."""
    gone = {i for x, count in runs.items() for i in range(x - count, x)}
    back = [i for i in range(len(line)) if i not in gone]
    return "".join(line[i] for i in back), back


def _analyse(line: str, footnotes: bool = True) -> tuple[list[object], set[int], set[int]]:
    """One line read with the escape rule of :func:`parse_markup`: its parts, the indexes of
    its markup characters and of the characters its backslashes escape.

    A character that a backslash may escape is markup or not as the line says without the
    backslashes before it. When it is, the backslashes escape it (an odd number leaves it
    plain text, each pair gives one backslash); when it is not, they are text, printed as
    typed. Escaping one may make another markup (``\\*a **b\\* c**``), so the line is read
    again until nothing new is."""
    candidates = _candidates(line)
    if not candidates:
        parts, markup = _read(line, footnotes)
        return parts, markup, set()
    escaped: set[int] = set()
    for _ in range(_ROUNDS):
        text, back = _without(line, {x: k for x, k in candidates.items() if x not in escaped})
        _, markup = _read(text, footnotes)
        new = {back[m] for m in markup} & candidates.keys() - escaped
        if not new:
            break
        escaped |= new
    else:
        escaped = set(candidates)
    kept = {x: k for x, k in candidates.items() if x not in escaped}
    text, back = _without(line, kept)
    at = {j: i for i, j in enumerate(back)}
    parts, markup = _read(text, footnotes, {at[x]: k for x, k in kept.items()})
    return parts, {back[m] for m in markup}, escaped


def _parse_line(line: str, *, footnotes: bool = True) -> list[object]:
    """The parts of one line (see :func:`parse_markup` for the rules)."""
    return _analyse(line, footnotes)[0]


#: The characters markup is made of (marker runs, escapes, footnotes): a text without any of
#: them is its own plain text.
_MARKUP_CHARS = re.compile(r"[*_^\\]")
#: Longer texts are parsed each time rather than kept (the cache holds few, short texts).
_CACHED_LENGTH = 4096


def parse_markup(text: str, *, footnotes: bool = True) -> str | RichText:
    """The text a data file's markup stands for: a ``str`` when it holds no markup.

    ``parse_markup("Tổ chức **lần thứ nhất** năm 2026")`` → a :class:`RichText` with
    "lần thứ nhất" bold; ``parse_markup("3*4")`` → ``"3*4"``. Never raises: what is not
    unmistakably markup is text. ``footnotes=False`` reads ``^[`` as text (inside a footnote).
    """
    # Most texts of a plan hold no markup: read at once (a data file is read several times
    # while a clerk types in the web page). A control character takes the long way, which
    # names its place in its line.
    if not _MARKUP_CHARS.search(text) and not _XML_FORBIDDEN.search(text):
        return _nfc(text)  # type: ignore[return-value]
    if len(text) <= _CACHED_LENGTH:
        return _parse_cached(text, footnotes)
    return _parse(text, footnotes)


@functools.lru_cache(maxsize=1024)
def _parse_cached(text: str, footnotes: bool) -> str | RichText:
    return _parse(text, footnotes)  # the values are frozen: shared safely


def _parse(text: str, footnotes: bool) -> str | RichText:
    parts: list[object] = []
    for n, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        if n:
            parts.append(Span("\n"))
        if not any(character in line for character in _MARKUP_CHARACTERS):
            # No marker, escape or footnote can start here: the line is its own text, as
            # _parse_line would find one character at a time (most lines of a plan).
            if line:
                parts.append(Span(line))
        else:
            parts.extend(_parse_line(line, footnotes=footnotes))
    return canonical(RichText(*parts))  # type: ignore[return-value]


#: The characters that may start markup: markers, a backslash, a footnote's ``^[``.
_MARKUP_CHARACTERS = ("*", "_", "\\", "^")


def escape_markup(text: str, *, before_escapable: bool = False) -> str:
    """``text`` written so :func:`parse_markup` reads it back unchanged (plain): a backslash
    before each character that would be read as markup, and only there (a backslash before
    anything else is read as typed), found by reading each line and escaping what reads as
    markup until nothing does.

    ``before_escapable``: the text will be followed by a marker, so its trailing backslashes
    are doubled too.
    """
    lines = text.split("\n")
    return "\n".join(_escape_line(line, before_escapable and n == len(lines) - 1)
                     for n, line in enumerate(lines))


def _escape_line(line: str, double_end: bool) -> str:
    """One line of :func:`escape_markup`: an escape added before each character read as
    markup (or whose backslashes are read as an escape), and taken away again from one whose
    backslashes are read as text, until the line reads as itself."""
    marks: set[int] = set()  # indexes in ``line`` of the characters written with an escape
    written = line
    tried: set[frozenset[int]] = set()
    for _ in range(2 * _ROUNDS):
        tried.add(frozenset(marks))
        written, place = _with_escapes(line, marks, double_end)
        parts, markup, escaped = _analyse(written)
        if canonical(RichText(*parts)) == line:
            return written
        at = {w: t for t, w in place.items()}
        kept = {at[w] for w in _candidates(written).keys() - escaped if w in at}
        marks = (marks | {at[w] for w in markup | escaped if w in at}) - (marks & kept)
        if frozenset(marks) in tried:
            break
    return written


def _with_escapes(line: str, marks: set[int], double_end: bool) -> tuple[str, dict[int, int]]:
    """``line`` with an escape before the characters at ``marks`` (the backslashes typed
    before one doubled), and where each character that markup may use lands in the result."""
    out: list[str] = []
    place: dict[int, int] = {}
    size = 0
    backslashes = 0
    for i, c in enumerate(line):
        if c == "\\":
            backslashes += 1
            continue
        if c in ESCAPABLE:
            lead = "\\" * (2 * backslashes + 1 if i in marks else backslashes)
            out.append(lead)
            size += len(lead)
            place[i] = size
        else:
            out.append("\\" * backslashes)
            size += backslashes
        backslashes = 0
        out.append(c)
        size += 1
    out.append("\\" * (backslashes * (2 if double_end else 1)))
    return "".join(out), place


#: Markers the writer opens, outermost first, with the emphasis each sets.
_WRITE_MARKERS = (("__", (False, False, True)), ("***", (True, True, False)),
                  ("**", (True, False, False)), ("*", (False, True, False)))


def _write(parts: tuple[object, ...]) -> str | None:
    """Markup for ``parts``: markers opened and closed where the emphasis changes."""
    out: list[str] = []
    stack: list[tuple[str, tuple[bool, bool, bool]]] = []

    def active() -> set[int]:
        return {k for _, style in stack for k in range(3) if style[k]}

    for n, part in enumerate(parts):
        if isinstance(part, Footnote):
            inner = to_markup(part.text)
            if inner is None or "\n" in inner:
                return None
            out.append(f"^[{inner}]")
            continue
        target = {k for k in range(3) if part.style[k]}
        while stack and not active() <= target:
            out.append(stack.pop()[0])
        new = target - active()
        for mark, style in _WRITE_MARKERS:
            wanted = {k for k in range(3) if style[k]}
            if wanted and wanted <= new:
                stack.append((mark, style))
                out.append(mark)
                new -= wanted
        # A marker or a footnote follows unless this is the last, plain span.
        last = n == len(parts) - 1 and not target
        out.append(escape_markup(part.text, before_escapable=not last))
    while stack:
        out.append(stack.pop()[0])
    return "".join(out)


def to_markup(value: str | RichText) -> str | None:
    """The markup a data file writes for ``value``, or ``None`` when markup cannot say it
    (emphasis inside a word, a span that ends with a space …): then the data file writes the
    list form. ``parse_markup(to_markup(v)) == v`` whenever it is not ``None``."""
    if isinstance(value, str):
        written: str | None = value if parse_markup(value) == value else escape_markup(value)
    else:
        written = _write(value.parts)
    return written if written is not None and parse_markup(written) == value else None
