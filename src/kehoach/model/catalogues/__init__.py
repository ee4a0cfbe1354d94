"""Bộ tiêu chí: the national new-rural-area criteria sets, as versioned data.

Each set is a TOML file beside this module (``ntm-2021-2025.toml`` …) naming its decision, the
years it governs and its numbered criteria. A plan says which set it follows; :meth:`Catalogue.check`
tells whether a criterion's number and name belong to it.
"""

from __future__ import annotations

import re
import tomllib
import unicodedata
from functools import cache
from importlib import resources

import attrs


@attrs.frozen
class Criterion:
    """Tiêu chí: one numbered criterion of a set."""

    number: int
    name: str
    group: str | None = None


def _key(name: str) -> str:
    # Names are compared as words: case, dash style and spacing do not matter.
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"[\u2010-\u2015-]", " - ", text)
    return " ".join(text.split())


@attrs.frozen
class Catalogue:
    """Bộ tiêu chí: a versioned set of criteria (or conditions) issued by a decision."""

    id: str
    name: str
    decision: str
    first_year: int
    last_year: int
    kind: str
    criteria: tuple[Criterion, ...]

    def get(self, number: int) -> Criterion | None:
        return next((c for c in self.criteria if c.number == number), None)

    def check(self, number: int, name: str | None) -> str | None:
        """``None`` when criterion ``number`` named ``name`` is in the set, else why not."""
        expected = self.get(number)
        if expected is None:
            return (f"{self.name} không có {self.kind} số {number} "
                    f"(chỉ có từ 1 đến {len(self.criteria)})")
        if name is not None and _key(name) != _key(expected.name):
            return (f"{self.kind} số {number} của {self.name} là “{expected.name}”, "
                    f"không phải “{name}”")
        return None

    def covers(self, year: int) -> bool:
        return self.first_year <= year <= self.last_year


def _parse(data: dict) -> Catalogue:
    criteria = tuple(Criterion(**c) for c in data.pop("criteria"))
    return Catalogue(criteria=criteria, **data)


@cache
def catalogues() -> dict[str, Catalogue]:
    """Every shipped set, by id, oldest period first."""
    found = []
    for entry in resources.files(__name__).iterdir():
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
