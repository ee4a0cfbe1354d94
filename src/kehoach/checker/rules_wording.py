"""Viết hoa, chính tả: capitals of names (R39), tone marks (R40), references (R41).

All three are advice (soft): the decree's Phụ lục II sets the capitals; the place of the tone
mark is not regulated, only its consistency is asked.
"""

from __future__ import annotations

import re
from typing import Final

from kehoach.checker.document import Paragraph
from kehoach.checker.rules import Check, Context, rule

_WRONG_CAPS: Final = (("Ủy Ban Nhân Dân", "Ủy ban nhân dân"), ("Uỷ Ban Nhân Dân", "Ủy ban nhân dân"),
                      ("Hội Đồng Nhân Dân", "Hội đồng nhân dân"), ("Thành Phố", "Thành phố/thành phố"),
                      ("Ủy Ban", "Ủy ban"), ("Uỷ Ban", "Ủy ban"))
_SENTENCE_END: Final = (".", "!", "?", ":", ";", "\n")


def _body_text(ctx: Context) -> list[Paragraph]:
    return [*ctx.layout.bases, *ctx.layout.body_paragraphs]


def _mid_sentence(text: str, start: int) -> bool:
    before = text[:start].rstrip()
    return bool(before) and not before.endswith(_SENTENCE_END) \
        and not re.search(r"(^|\s)[-+]$", before)


@rule("R39", "Viết hoa tên cơ quan, địa danh", "wording", hard=False,
      what="«Ủy ban nhân dân», «Hội đồng nhân dân», «xã Hải Yến» (không viết hoa mọi chữ)",
      source="NĐ 30, Phụ lục II, III.1.a, IV.1.a")
def r39(ctx: Context, c: Check) -> None:
    for p in _body_text(ctx):
        for wrong, right in _WRONG_CAPS:
            if wrong in p.text:
                c.fail(p, f"«{wrong}»", f"«{right}»")
                break
        for m in re.finditer(r"\bXã [A-ZĐÀ-Ỹ]", p.text):
            if _mid_sentence(p.text, m.start()):
                c.fail(p, f"«{p.text[m.start():m.start() + 12]}…» giữa câu",
                       "«xã …» (chữ «xã» viết thường)")
                break


#: Kiểu cũ (the traditional style, Unikey's "kiểu cũ"): the tone mark on the first vowel of
#: "oa", "oe", "uy" at the end of a syllable: hòa, hóa, khỏe, thủy, Ủy.
OLD_STYLE: Final = re.compile(r"(?<![qQ])(òa|óa|ỏa|õa|ọa|òe|óe|ỏe|õe|ọe|ùy|úy|ủy|ũy|ụy)(?!\w)",
                              re.IGNORECASE)
#: Kiểu mới (the new style): the mark on the main vowel: hoà, hoá, khoẻ, thuỷ, Uỷ.
NEW_STYLE: Final = re.compile(r"(?<![qQ])(oà|oá|oả|oã|oạ|oè|oé|oẻ|oẽ|oẹ|uỳ|uý|uỷ|uỹ|uỵ)(?!\w)",
                              re.IGNORECASE)


@rule("R40", "Bỏ dấu thanh nhất quán", "wording", hard=False,
      what="không dùng lẫn kiểu bỏ dấu cũ (hòa, thủy, Ủy) và kiểu mới (hoà, thuỷ, Uỷ) trong một "
           "văn bản",
      source="suy ra; NĐ 30 không quy định vị trí dấu")
def r40(ctx: Context, c: Check) -> None:
    old: dict[str, Paragraph] = {}
    new: dict[str, Paragraph] = {}
    for p in ctx.doc.paragraphs:
        for m in OLD_STYLE.finditer(p.text):
            old.setdefault(_word_at(p.text, m.start()), p)
        for m in NEW_STYLE.finditer(p.text):
            new.setdefault(_word_at(p.text, m.start()), p)
    if old and new:
        # point at the first word of the style used less
        fewer = new if len(new) <= len(old) else old
        p = next(iter(fewer.values()))
        c.fail(p, f"dùng lẫn kiểu bỏ dấu cũ ({', '.join(list(old)[:3])}) và kiểu mới "
                  f"({', '.join(list(new)[:3])})",
               "một kiểu bỏ dấu trong cả văn bản (văn bản nhà nước thường dùng kiểu cũ: "
               "Ủy, hòa, hóa)")


def _word_at(text: str, i: int) -> str:
    start = i
    while start > 0 and text[start - 1].isalpha():
        start -= 1
    end = i
    while end < len(text) and text[end].isalpha():
        end += 1
    return text[start:end]


_DOC_KINDS: Final = ("kế hoạch", "quyết định", "nghị định", "nghị quyết", "thông tư", "chỉ thị",
                     "công văn", "thông báo", "hướng dẫn", "chương trình", "báo cáo", "tờ trình",
                     "luật")


@rule("R41", "Viết hoa khi viện dẫn văn bản", "wording", hard=False,
      what="«Kế hoạch số …», «Quyết định số …» viết hoa tên loại; «Điều», «Mục» viết hoa, "
           "«khoản», «điểm» viết thường",
      source="NĐ 30, Phụ lục II, V.6–7")
def r41(ctx: Context, c: Check) -> None:
    kinds = "|".join(_DOC_KINDS)
    for p in _body_text(ctx):
        for m in re.finditer(rf"\b({kinds}) số \d", p.text):
            c.fail(p, f"«{m.group(0)}…»", f"«{m.group(1)[0].upper()}{m.group(1)[1:]} số …»")
            break
        for m in re.finditer(r"\b(Khoản|Điểm) (\d+|[a-zđ])\b", p.text):
            if _mid_sentence(p.text, m.start()):
                c.fail(p, f"«{m.group(0)}» giữa câu", f"«{m.group(1).lower()} {m.group(2)}»")
                break
        for m in re.finditer(r"\b(điều|chương) (\d+|[IVXLC]+)\b", p.text):
            c.fail(p, f"«{m.group(0)}»", f"«{m.group(1).capitalize()} {m.group(2)}»")
            break
