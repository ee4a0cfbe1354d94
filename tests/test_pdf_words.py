"""The checker's PDF reader (PDFium, page by page) against pdfplumber on LibreOffice's PDFs."""

from __future__ import annotations

import unicodedata

import pytest

from kehoach.checker.pdf_words import CACHED_PAGES, Rendering
from kehoach.convert import find_soffice

pdfplumber = pytest.importorskip("pdfplumber")
pytestmark = pytest.mark.skipif(find_soffice() is None, reason="LibreOffice is not installed")


@pytest.fixture(scope="module")
def hai_yen_pdf(tmp_path_factory, hai_yen_bytes):
    from kehoach.convert import to_pdf

    folder = tmp_path_factory.mktemp("words")
    source = folder / "hai_yen.docx"
    source.write_bytes(hai_yen_bytes)
    (pdf,) = to_pdf([source])
    return pdf


def test_words_and_boxes_match_pdfplumber(hai_yen_pdf):
    """Same words on every page, boxes within a point or two (pdfplumber's x1 is the advance,
    ours the ink); tops and bottoms alike (the baseline, the font size). Lines are read top to
    bottom by baseline (pdfplumber chains lines of two columns whose baselines differ by less
    than 3 pt into one, so its order differs in the Nơi nhận block)."""
    def key(box):
        return round(box[3]), box[0]

    with Rendering(hai_yen_pdf) as ours, pdfplumber.open(hai_yen_pdf) as theirs:
        assert len(ours.pages) == len(theirs.pages) == 7
        for page, other in zip(ours.pages, theirs.pages):
            assert (page.width, page.height) == pytest.approx((other.width, other.height))
            mine = sorted(((w.x0, w.x1, w.top, w.bottom, w.size, w.text) for w in page.words),
                          key=key)
            expected = sorted(((w["x0"], w["x1"], w["top"], w["bottom"], w["size"],
                                unicodedata.normalize("NFC", w["text"]))
                               for w in other.extract_words(extra_attrs=["size"])), key=key)
            assert [w[5] for w in mine] == [w[5] for w in expected], page.number
            for word, w in zip(mine, expected):
                assert word[0] == pytest.approx(w[0], abs=1.0), word
                assert word[1] == pytest.approx(w[1], abs=2.0), word
                assert word[2:5] == pytest.approx(w[2:5], abs=0.5), word


def test_lines_are_read_in_order_across_columns(hai_yen_pdf):
    with Rendering(hai_yen_pdf) as pdf:
        words = pdf.pages[-1].words
        assert pdf.find("TM. ỦY BAN NHÂN DÂN", pages=[7]) is not None
    bottoms = [w.bottom for w in words]
    # lines from the top; words of a line (one baseline, within 3 pt) from the left
    assert all(b2 >= b1 - 3 for b1, b2 in zip(bottoms, bottoms[1:]))


def test_a_hyphen_ending_a_line_stays_with_its_word(hai_yen_pdf):
    with Rendering(hai_yen_pdf) as pdf:
        texts = [w.text for page in pdf.pages for w in page.words]
    assert "1494/QĐ-" in texts  # "1494/QĐ-UBND" broken after its hyphen
    assert not any("\ufffe" in t or "\x02" in t for t in texts)


def test_pages_are_read_when_asked_and_few_are_kept(hai_yen_pdf):
    with Rendering(hai_yen_pdf) as pdf:
        assert pdf._cache == {}
        assert pdf.find("Nơi nhận:", last=True)[0].number == 7
        assert list(pdf._cache) == [7], "the last page, found from the end"
        for _ in range(2):
            for page in pdf.pages:
                assert len(pdf._cache) <= CACHED_PAGES
        assert pdf.pages[-1].number == 7 and [p.number for p in pdf.pages[1:3]] == [2, 3]
