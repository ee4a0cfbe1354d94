"""Số, ngày tháng và bản dự thảo: the forms of the Số line and of the date, drafts included.

On paper the number and the day are filled in when the document is signed and registered
(Nghị định 30, Điều 15), so a draft leaves them blank: ``Số:      /KH-UBND`` and
``Hải Yến, ngày      tháng 02 năm 2024`` (Phụ lục III, Mẫu 1.4 shows the blanks). A draft
may leave blank the number, the day, or the day and the month (a month given without its day
is the same draft); these are drafts, reported as such, never violations. Blanks may be
spaces, dots or ellipses.

The Số of a legal normative document carries the year: ``Số: 30/2020/NĐ-CP`` (Luật Ban hành
văn bản quy phạm pháp luật); it is accepted in that form.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final

_BLANK: Final = r"[\s.…_]*"
_SYMBOL: Final = r"(?P<code>[A-ZĐa-zđ][A-ZĐa-zđ0-9&]*)(-[A-ZĐa-zđ0-9&]+)*"
#: ``Số: 05/KH-UBND``, ``Số: 103/UBND-VX``, ``Số: 30/2020/NĐ-CP`` (numbers below 10 padded).
NUMBER: Final = re.compile(
    rf"^Số: (?P<n>0[1-9]|[1-9][0-9]+)/(?:(?P<year>(19|20)[0-9]{{2}})/)?{_SYMBOL}$")
#: A draft: the number left blank (``Số:      /KH-UBND``, ``Số: …/KH-UBND``).
NUMBER_DRAFT: Final = re.compile(
    rf"^Số:{_BLANK}/(?:(?P<year>(19|20)[0-9]{{2}})/)?{_SYMBOL}$")
#: ``Hải Yến, ngày 05 tháng 02 năm 2024`` (day < 10 and months 1, 2 padded; 3–12 not).
DATE: Final = re.compile(
    r"^(?P<place>[^,]+), ngày (?P<d>0[1-9]|[12][0-9]|3[01]) tháng (?P<m>01|02|[3-9]|1[0-2]) "
    r"năm (?P<y>[0-9]{4})$")
#: A draft date: the day blank (with or without the month), or the day and the month blank.
DATE_DRAFT: Final = re.compile(
    rf"^(?P<place>[^,]+), ngày{_BLANK} tháng(?:{_BLANK}| (?P<m>01|02|[3-9]|1[0-2]) )"
    r"\s*năm (?P<y>[0-9]{4})$")
DATE_LOOSE: Final = re.compile(r"ngày\s*(?P<d>\S*)\s+tháng\s*(?P<m>\S*)\s+năm")


def one_space(text: str) -> str:
    """Runs of blanks as one space (the decree does not regulate them)."""
    return " ".join(text.split())


def number_is_draft(text: str) -> bool:
    return NUMBER.match(one_space(text)) is None and NUMBER_DRAFT.match(text) is not None


def date_blanks(text: str) -> list[str]:
    """What a draft date leaves blank: ``["ngày"]``, ``["ngày", "tháng"]``, or ``[]``."""
    m = DATE_DRAFT.match(one_space(text))
    if m is None:
        return []
    return ["ngày"] if m["m"] else ["ngày", "tháng"]


def draft_blanks(left: Iterable[str], right: Iterable[str]) -> list[str]:
    """What a document leaves blank for the issuing clerk, from the lines of its header's
    left and right columns: ``"số"``, ``"ngày"``, ``"tháng"`` (empty when finished)."""
    out: list[str] = []
    number = next((t for t in left if t.startswith("Số")), None)
    if number is not None and number_is_draft(number):
        out.append("số")
    date = next((t for t in right if DATE_LOOSE.search(t)), None)
    if date is not None:
        out.extend(date_blanks(date))
    return out
