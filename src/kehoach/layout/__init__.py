"""The decree's numbers (the layout layer): page, margins, fonts, sizes and their ranges.

:mod:`.profile` holds every number of Nghị định 30/2020/NĐ-CP, Phụ lục I that kehoach uses and
the ranges the decree allows (:class:`Profile`); :mod:`.metrics` measures text in Times New
Roman. The template builder and the checker both read them, so what kehoach writes and what
it checks come from one definition. Imports nothing of kehoach but :mod:`kehoach.errors`.
"""

from kehoach.layout.profile import DEFAULT_PROFILE, Profile

__all__ = ["DEFAULT_PROFILE", "Profile"]
