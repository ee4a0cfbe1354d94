"""How a body is divided: mục, khoản, tiểu mục, điểm, bullets (issue 11 follow-up).

Phụ lục I, II.6.c lets a document be divided "theo phần, chương, mục, tiểu mục, điều, khoản,
điểm hoặc … thành các phần, mục từ lớn đến nhỏ theo một trình tự nhất định"; II.6.đ and Mục V
(6.b) say how: mục ``I. TIÊU ĐỀ`` (Roman, capitals, bold), khoản ``1.`` (Arabic, a dot), điểm
``a)``. So a plan may have no mục at all (khoản only), and may split a khoản into ``1.1.``,
``1.2.`` (from large to small, in order, as kehoach writes them); but a mục numbered like a
khoản (``1. MỤC ĐÍCH, YÊU CẦU``) fails R28, and a ``1.1.`` that belongs to no khoản or breaks
the order fails R29, each at its place. A bullet other than ``-``, ``+`` is practice (R31,
khuyến nghị): the decree names no bullet.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_docx as fx  # noqa: E402

from kehoach.checker import check  # noqa: E402

#: Hải Yến's headings renumbered as a clerk numbers a plan 1. / 1.1. / 1.1.1.
RENUMBERED = {  # the deepest first: a renamed heading is not found again by its new text
    "1.1. Mục tiêu chung": "2.1.1. Mục tiêu chung",
    "1.2. Mục tiêu cụ thể": "2.1.2. Mục tiêu cụ thể",
    "1. Mục đích": "1.1. Mục đích",
    "2. Yêu cầu": "1.2. Yêu cầu",
    "1. Mục tiêu": "2.1. Mục tiêu",
    "I. MỤC ĐÍCH, YÊU CẦU": "1. MỤC ĐÍCH, YÊU CẦU",
    "II. NỘI DUNG": "2. NỘI DUNG",
    "III. GIẢI PHÁP THỰC HIỆN": "3. GIẢI PHÁP THỰC HIỆN",
    "IV. XÂY DỰNG KHU DÂN CƯ": "4. XÂY DỰNG KHU DÂN CƯ",
}


def _renumber(mapping: dict[str, str], *, lower: bool = False, bullets: bool = True):
    def edit(e: fx.DocxEdit) -> None:
        for old, new in mapping.items():
            p = e.paragraph(old)
            text = e.text(p).replace(old, new, 1)
            if lower and text[:2].rstrip(".").isdigit() and text.split(" ", 1)[1].isupper():
                head, title = text.split(" ", 1)
                text = f"{head} {title[0]}{title[1:].lower()}"
            e.set_text(p, text)
        if bullets:
            for p in e.body.findall(fx.w("p")):  # the body's own lines, not the tables'
                if e.text(p).startswith("- "):
                    e.set_text(p, "• " + e.text(p)[2:])
    return edit


def _check(edit):
    return check(fx.edit(edit, fx.hai_yen_bytes()), render=False)


def test_a_plan_numbered_1_then_1_1_then_bullets_fails_its_mục_with_the_place():
    report = _check(_renumber(RENUMBERED))
    assert report.failed_rules(hard=True) == {"R28", "R29"}, report.to_text()
    r28 = report.finding("R28").problems
    assert [p.where.snippet[:2] for p in r28] == ["1.", "2.", "3.", "4."]
    assert "đánh số Ả Rập như khoản" in r28[0].seen
    assert r28[0].expected.startswith("«I. MỤC ĐÍCH, YÊU CẦU»")
    assert r28[3].expected.startswith("«IV. XÂY DỰNG")
    # the first tiểu mục of each mục stands where a khoản «1.» should; the rest follow it
    r29 = report.finding("R29").problems
    assert [p.where.snippet for p in r29] == ["1.1. Mục đích", "2.1. Mục tiêu"]
    assert "không nằm trong khoản nào" in r29[0].seen
    # the bullets are practice, a warning
    r31 = report.finding("R31")
    assert r31.failed and not r31.hard and "«•»" in r31.problems[0].seen


def test_a_plan_of_khoản_split_into_1_1_passes_its_numbering():
    """No mục is the decree's choice (II.6.c «tuỳ theo»): khoản 1., 2. with tiểu mục 1.1.,
    1.2. in order pass; a tiểu mục under another khoản's number or out of order fails."""
    report = _check(_renumber(RENUMBERED, lower=True))
    assert not report.failed_rules(hard=True) & {"R28", "R29", "R30"}, report.to_text()
    assert report.finding("R31").failed  # «•»
    wrong = dict(RENUMBERED, **{"2. Yêu cầu": "2.2. Yêu cầu",
                                "1.2. Mục tiêu cụ thể": "2.1.3. Mục tiêu cụ thể"})
    report = _check(_renumber(wrong, lower=True, bullets=False))
    assert report.failed_rules(hard=True) == {"R29"}, report.to_text()
    problems = report.finding("R29").problems
    assert [(p.where.snippet[:6], p.expected.split()[0]) for p in problems] == [
        ("2.2. Y", "«1.2.»"), ("2.1.3.", "«2.1.2.»")], [(p.where.snippet, p.seen, p.expected)
                                                           for p in problems]
    assert "nằm trong «1.»" in problems[0].seen
