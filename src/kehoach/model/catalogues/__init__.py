"""Bộ tiêu chí: the national new-rural-area criteria sets, as versioned data.

Each set is a TOML file beside this module (``ntm-2021-2025.toml`` …) naming its decision, the
period it belongs to, the days it applies to plans (``applies_from``, ``applies_until``: the
2026–2030 set from 15/02/2026, the day Quyết định 51/2025/QĐ-TTg takes effect, and the
2021–2025 sets until the day before), the set that replaced it, where its names were read
(``source``) and whether they were confirmed against the decision's text (``confirmed``, for
the set and, where one differs, for a criterion). A plan says which set it follows;
:meth:`Catalogue.check` tells whether a criterion's number and name belong to it, and
:meth:`Catalogue.applies_to` whether the set applies on the plan's date.

Names are matched as words (:func:`match_key`): case, spacing, the dash, commas and the place
of the tone mark (``Thuỷ lợi`` = ``Thủy lợi``, ``văn hoá`` = ``văn hóa``) do not matter.
"""

from __future__ import annotations

import datetime as _dt
import re
import tomllib
import unicodedata
from functools import cache
from pathlib import Path

import attrs

#: The five tone marks, as combining characters (NFD): grave, acute, tilde, hook, dot below.
TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")


@attrs.frozen
class Criterion:
    """Tiêu chí: one numbered criterion (or condition) of a set."""

    number: int
    name: str
    group: str | None = None
    confirmed: bool = True
    """Whether the name was read in the decision's text (or a full copy of it)."""


def match_key(name: str) -> str:
    """``name`` as compared with a criterion's: ``Thuỷ lợi và phòng chống thiên tai`` and
    ``Thủy lợi và phòng, chống thiên tai`` give the same key.

    Case, spacing, the dash style, commas and the place of the tone mark in ``oa``, ``oe``,
    ``uy`` (old ``hòa``, ``thủy`` or new ``hoà``, ``thuỷ``) do not count.
    """
    text = unicodedata.normalize("NFC", name).casefold().replace(",", " ")
    text = _DASHES.sub(" - ", text)
    # Each word decomposed (NFD), its tone marks moved to its end in a fixed order. The text
    # is decomposed at once: no canonical decomposition makes or removes a space.
    words = []
    for word in unicodedata.normalize("NFD", text).split():
        tones = _TONE.findall(word)
        if tones:
            tones.sort()
            word = word.translate(_WITHOUT_TONES) + "".join(tones)
        words.append(word)
    return " ".join(words)


_DASHES = re.compile(r"[\u2010-\u2015-]")
_TONE = re.compile("[" + "".join(sorted(TONE_MARKS)) + "]")
_WITHOUT_TONES = dict.fromkeys(map(ord, TONE_MARKS))


def _day(date: _dt.date) -> str:
    # As Vietnamese texts write a date: 15/02/2026, 08/3/2022 (Nghị định 30, Phụ lục I, II.4.b).
    month = f"{date.month:02d}" if date.month < 3 else str(date.month)
    return f"{date.day:02d}/{month}/{date.year}"


def date_span(when: object) -> tuple[_dt.date, _dt.date]:
    """The first and last day ``when`` may stand for: a year (``2026``), a ``datetime.date``, or
    an issue date whose day, or day and month, a draft leaves blank (``IssueDate(2026, 2)``)."""
    if isinstance(when, int):
        return _dt.date(when, 1, 1), _dt.date(when, 12, 31)
    if isinstance(when, _dt.date):
        return when, when
    year, month, day = when.year, getattr(when, "month", None), getattr(when, "day", None)
    if month is None:
        return _dt.date(year, 1, 1), _dt.date(year, 12, 31)
    if day is None:
        following = _dt.date(year + month // 12, month % 12 + 1, 1)
        return _dt.date(year, month, 1), following - _dt.timedelta(days=1)
    return _dt.date(year, month, day), _dt.date(year, month, day)


def describe_date(when: object) -> str:
    """``ngày 20/02/2026``, ``tháng 02/2026``, ``năm 2026``: what a (draft) date says."""
    if isinstance(when, int):
        return f"năm {when}"
    first, last = date_span(when)
    if first == last:
        return f"ngày {_day(first)}"
    if first.month == last.month:
        return f"tháng {_day(first)[3:]}"
    return f"năm {first.year}"


@attrs.frozen
class Catalogue:
    """Bộ tiêu chí: a versioned set of criteria (or conditions) issued by a decision."""

    id: str
    name: str
    decision: str
    first_year: int
    last_year: int
    """Giai đoạn: the period the set belongs to (2021–2025)."""
    kind: str
    criteria: tuple[Criterion, ...]
    applies_from: _dt.date
    """The first day a plan may follow the set (the day its decision takes effect)."""
    applies_until: _dt.date | None = None
    """The last day, when a later decision replaced it; else the end of its period."""
    replaced_by: str | None = None
    part: str | None = None
    """Where in the decision the set is (``Phụ lục I``)."""
    source: str = ""
    """Where the names were read."""
    confirmed: bool = True
    """Whether every name was read in the decision's text (see each :class:`Criterion`)."""

    def get(self, number: int) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)

    def check(self, number: int, name: str | None) -> str | None:
        """``None`` when criterion ``number`` named ``name`` is in the set, else why not."""
        expected = self.get(number)
        if expected is None:
            return (f"{self.name} không có {self.kind} số {number} "
                    f"(chỉ có từ 1 đến {len(self.criteria)})")
        if name is not None and match_key(name) != match_key(expected.name):
            message = (f"{self.kind} số {number} của {self.name} là “{expected.name}”, "
                       f"không phải “{name}”")
            other = self.find(name)
            if other is not None:
                message += f" (“{other.name}” là {self.kind} số {other.number})"
            elif not expected.confirmed:
                message += " (tên trong danh mục của kehoach chưa được đối chiếu với văn bản)"
            return message
        return None

    def find(self, name: str) -> Criterion | None:
        """The criterion named ``name`` (as :func:`match_key` compares names), if any."""
        key = match_key(name)
        return next((c for c in self.criteria if match_key(c.name) == key), None)

    def refuses(self, number: int, name: str | None) -> bool:
        """Whether criterion ``number`` named ``name`` is certainly wrong.

        A number the set lacks, or a name other than a confirmed one, is; a name that differs
        from one not yet confirmed against the decision's text is not (it may be the decision's
        own wording), unless it is the name of another criterion of the set. ``kehoach lint``
        still reports it.
        """
        if self.check(number, name) is None:
            return False
        expected = self.get(number)
        return expected is None or expected.confirmed or self.find(name or "") is not None

    @property
    def decision_number(self) -> str:
        """The decision as cited after its first mention: ``Quyết định số 51/2025/QĐ-TTg``."""
        return self.decision.split(" ngày ")[0]

    @property
    def last_day(self) -> _dt.date:
        return self.applies_until or _dt.date(self.last_year, 12, 31)

    def applies_to(self, when: object) -> bool:
        """Whether a plan dated ``when`` may follow the set: a year, a date, or a draft's
        partial date (which may still be signed on any of its days)."""
        first, last = date_span(when)
        return first <= self.last_day and last >= self.applies_from

    def covers(self, year: int) -> bool:
        """Whether the set applies on some day of ``year``."""
        return self.applies_to(year)

    def why_not(self, when: object) -> str | None:
        """Why a plan dated ``when`` may not follow the set, naming the sets that apply."""
        if self.applies_to(when):
            return None
        successor = catalogues().get(self.replaced_by or "")
        others = [c.id for c in catalogues().values() if c.applies_to(when) and c.kind == self.kind]
        if not others and successor is not None and successor.applies_to(when):
            others = [successor.id]
        use = f"; dùng {', '.join(others)}" if others else ""
        plan = f"kế hoạch {describe_date(when)}"
        if date_span(when)[0] > self.last_day:
            if successor is not None:
                ended = (f"hết hiệu lực từ ngày {_day(successor.applies_from)} "
                         f"({successor.decision_number} có hiệu lực)")
            else:
                ended = f"áp dụng đến ngày {_day(self.last_day)}"
            return f"{self.name} {ended}, không áp dụng cho {plan}{use}"
        return (f"{self.name} áp dụng từ ngày {_day(self.applies_from)} (ngày "
                f"{self.decision_number} có hiệu lực), không áp dụng cho {plan}{use}")

    @property
    def unconfirmed(self) -> tuple[Criterion, ...]:
        """The criteria whose names were not read in the decision's text."""
        return tuple(c for c in self.criteria if not c.confirmed)


def _parse(data: dict) -> Catalogue:
    confirmed = data.get("confirmed", True)
    criteria = tuple(Criterion(**{"confirmed": confirmed, **c}) for c in data.pop("criteria"))
    return Catalogue(criteria=criteria, **data)


@cache
def catalogues() -> dict[str, Catalogue]:
    """Every shipped set, by id, oldest period first."""
    found = []
    # The files beside this module (a plain Path: importlib.resources costs a one-plan
    # command more than reading them does).
    for entry in sorted(Path(__file__).resolve().parent.iterdir()):
        if entry.name.endswith(".toml"):
            found.append(_parse(tomllib.loads(entry.read_text(encoding="utf-8"))))
    found.sort(key=lambda c: (c.first_year, c.id))
    return {c.id: c for c in found}


def get(catalogue_id: str) -> Catalogue:
    """The set ``catalogue_id``; a wrong id raises :class:`KeyError` listing the known ones."""
    try:
        return catalogues()[catalogue_id]
    except KeyError:
        raise KeyError(f"không có bộ tiêu chí {catalogue_id!r}; có: "
                       + ", ".join(catalogues())) from None
