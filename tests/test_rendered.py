"""The Hải Yến example as LibreOffice lays it out: read back from the PDF with positions.

These tests need LibreOffice (`soffice`); CI installs it, so there they always run.
"""

from __future__ import annotations

import shutil
from collections import defaultdict

import pytest

from kehoach.layout.profile import DEFAULT_PROFILE as P
from kehoach.layout.profile import PAGE_WIDTH_TW

pdfplumber = pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.skipif(shutil.which("soffice") is None,
                                reason="LibreOffice is not installed")

PT_PER_TW = 1 / 20
LEFT = P.tw(P.margin_left_mm) * PT_PER_TW
RIGHT = (PAGE_WIDTH_TW - P.tw(P.margin_right_mm)) * PT_PER_TW
TOP = P.tw(P.margin_top_mm) * PT_PER_TW
COLUMN = LEFT + P.cm_tw(P.header_left_cm) * PT_PER_TW  # where the header's right column starts


@pytest.fixture(scope="module")
def pages(tmp_path_factory, hai_yen_bytes):
    from kehoach.convert import to_pdf

    folder = tmp_path_factory.mktemp("rendered")
    source = folder / "hai_yen_2024.docx"
    source.write_bytes(hai_yen_bytes)
    (pdf,) = to_pdf([source])
    with pdfplumber.open(pdf) as document:
        return [page.extract_words(keep_blank_chars=False, use_text_flow=True)
                for page in document.pages]


def lines(words, *, left_of=None, right_of=None):
    """Words grouped into lines (by baseline), each line's text joined by single spaces."""
    rows = defaultdict(list)
    for w in words:
        if left_of is not None and w["x0"] >= left_of:
            continue
        if right_of is not None and w["x0"] < right_of:
            continue
        rows[round(w["bottom"])].append(w)
    return {" ".join(w["text"] for w in sorted(ws, key=lambda w: w["x0"])): (b, ws)
            for b, ws in sorted(rows.items())}


def test_header_lines_are_whole(pages):
    right = lines(pages[0], right_of=COLUMN)
    left = lines(pages[0], left_of=COLUMN)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in right
    assert "Độc lập - Tự do - Hạnh phúc" in right
    assert "Hải Yến, ngày tháng năm 2024" in right
    assert "ỦY BAN NHÂN DÂN" in left and "XÃ HẢI YẾN" in left
    assert "Số: /KH-UBND" in left


def test_number_and_date_share_a_line(pages):
    right = lines(pages[0], right_of=COLUMN)
    left = lines(pages[0], left_of=COLUMN)
    number_bottom = left["Số: /KH-UBND"][0]
    date_bottom = right["Hải Yến, ngày tháng năm 2024"][0]
    assert abs(number_bottom - date_bottom) <= 3


def test_page_numbers(pages):
    assert len(pages) >= 2
    centre = (LEFT + RIGHT) / 2
    assert not [w for w in pages[0] if w["bottom"] < TOP], "page 1 must show no number"
    for n, words in enumerate(pages[1:], start=2):
        top_words = [w for w in words if w["bottom"] < TOP]
        assert [w["text"] for w in top_words] == [str(n)], f"page {n}"
        middle = (top_words[0]["x0"] + top_words[0]["x1"]) / 2
        assert abs(middle - centre) < 6, f"page {n} number is not centred"


def test_signature_and_recipients_share_the_last_page(pages):
    last = pages[-1]
    texts = lines(last)
    joined = "\n".join(texts)
    for expected in ("Nơi nhận:", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hứa Xuân Dương",
                     "- Lưu: VT, VP."):
        assert expected in joined, expected
    for page in pages[:-1]:
        assert not any(w["text"] in ("Nơi", "TM.") for w in page if w["bottom"] > TOP)
    label = next(w for w in last if w["text"] == "Nơi")
    mark = next(w for w in last if w["text"] == "TM.")
    assert abs(label["top"] - mark["top"]) < 6, "Nơi nhận must be level with the signature"


def test_text_stays_inside_the_margins(pages):
    for n, words in enumerate(pages, start=1):
        for w in words:
            assert w["x0"] >= LEFT - 1.5 and w["x1"] <= RIGHT + 1.5, (n, w["text"], w["x0"], w["x1"])
