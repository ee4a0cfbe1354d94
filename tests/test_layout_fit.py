"""Layout values inside the decree's ranges put no text outside the margins (issue 10.9).

Each value of a profile may be inside its range while two together are not: header columns
wider than the text the margins leave, a right column too narrow for the Quốc hiệu. The
house widths give way to the margins; widths an author chose are refused with the field (and
the data file's line) named. A long issuer name is broken by meaning. LibreOffice renders the
results and the checker's rendered rules (P1, P9) pass.
"""

from __future__ import annotations

import pytest

import kehoach as kh
from kehoach import data
from kehoach.layout.metrics import text_width_tw
from kehoach.layout.profile import MOTTO, NATIONAL_TITLE


def header_fits(p: kh.Profile) -> bool:
    right = p.cm_tw(p.header_right_cm) - 2 * p.cell_padding_tw
    return (p.cm_tw(p.header_left_cm) + p.cm_tw(p.header_right_cm) <= p.text_width_tw + 2
            and text_width_tw(NATIONAL_TITLE, p.size_national_title, bold=True) < right
            and text_width_tw(MOTTO, p.size_motto, bold=True) < right)


@pytest.mark.parametrize("values", [
    {}, {"margin_left_mm": 35}, {"margin_right_mm": 20},
    {"margin_left_mm": 35, "margin_right_mm": 20, "size_national_title": 12},
    {"header_left_cm": 7.0, "size_national_title": 12}, {"header_right_cm": 10.5},
    {"signature_right_cm": 11.5}, {"signature_left_cm": 7.0, "margin_left_mm": 35},
])
def test_the_house_widths_give_way_to_the_margins(values):
    p = kh.Profile(**values)
    assert header_fits(p)
    assert p.cm_tw(p.signature_left_cm) + p.cm_tw(p.signature_right_cm) <= p.text_width_tw + 2
    for name, value in values.items():  # what the author chose is kept as chosen
        assert getattr(p, name) == value


def test_the_house_profile_is_unchanged():
    p = kh.Profile()
    assert (p.header_left_cm, p.header_right_cm, p.signature_left_cm,
            p.signature_right_cm) == (6.3, 10.2, 7.0, 9.5)
    assert kh.Profile(header_left_cm=6.3) == p
    # The README's margin: the header's right column narrows to what the Quốc hiệu needs,
    # Nơi nhận to what is left.
    narrow = kh.Profile(margin_left_mm=35)
    assert narrow.header_left_cm == 6.19 and narrow.header_right_cm == 9.81
    assert (narrow.signature_left_cm, narrow.signature_right_cm) == (6.5, 9.5)


@pytest.mark.parametrize("values, field, words", [
    ({"header_left_cm": 7.5}, "header_left_cm", "cột phải cần ít nhất 9,81 cm cho Quốc hiệu"),
    ({"header_left_cm": 7.0, "header_right_cm": 10.2}, "header_left_cm", "rộng hơn vùng chữ"),
    ({"header_right_cm": 9.4}, "header_right_cm", "không đủ cho Quốc hiệu cỡ 13 pt"),
    ({"header_right_cm": 9.5}, "header_right_cm", "size_national_title: 12"),
    ({"signature_left_cm": 8.0, "signature_right_cm": 11.5}, "signature_left_cm",
     "19,5 cm, rộng hơn vùng chữ"),
    ({"margin_left_mm": 35, "margin_right_mm": 20}, "margin_left_mm",
     "giảm lề trái hoặc lề phải, hoặc chọn size_national_title: 12"),
])
def test_widths_that_cannot_fit_are_refused_naming_the_field(values, field, words):
    with pytest.raises(kh.PlanDataError) as caught:
        kh.Profile(**values)
    assert caught.value.path == f"Profile.{field}"
    assert words in caught.value.message


LAYOUT_PLAN = """\
issuer:
  name: [Ủy ban nhân dân tỉnh Quảng Trị]
  place: Quảng Trị
date: 05/02/2026
title: Tổ chức Tết trồng cây năm 2026
parts:
  - title: Nội dung
    children:
      - Trồng cây xanh trên địa bàn tỉnh.
signer:
  name: Nguyễn Văn An
  title: Chủ tịch
  authorities: [TM. Ủy ban nhân dân]
layout:
"""


def test_a_data_file_names_the_key_and_line_of_a_layout_that_cannot_fit():
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(LAYOUT_PLAN + "  size_body: 13\n  header_left_cm: 7.5\n")
    [problem] = caught.value.problems
    assert (problem.where, problem.line) == ("layout.header_left_cm", 16)
    assert "17,31 cm, rộng hơn vùng chữ" in problem.message


def test_a_long_issuer_name_is_broken_by_meaning():
    from kehoach.rendering.context import build_context

    plan = data.loads(LAYOUT_PLAN + "  size_issuer: 12\n")
    assert build_context(plan, plan.layout)["issuer_lines"] == ["ỦY BAN NHÂN DÂN",
                                                                "TỈNH QUẢNG TRỊ"]
    short = data.loads(LAYOUT_PLAN.replace("[Ủy ban nhân dân tỉnh Quảng Trị]",
                                           "[Ủy ban nhân dân, xã Hòa An]") + "  size_body: 13\n")
    assert build_context(short, short.layout)["issuer_lines"] == ["ỦY BAN NHÂN DÂN", "XÃ HÒA AN"]


#: Layouts the review found put text outside the margins, made to fit.
LAYOUTS = {
    "readme": "  margin_left_mm: 35\n",
    "guide": "  header_left_cm: 7.0\n  size_national_title: 12\n  size_issuer: 12\n",
    "right": "  header_right_cm: 9.5\n  size_national_title: 12\n",
    "signature": "  margin_right_mm: 20\n  signature_right_cm: 11.0\n",
}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    """Each layout rendered and laid out by LibreOffice once: (name, pdf pages' lines,
    the checker's report with the rendered rules)."""
    from kehoach.checker import check_files
    from kehoach.convert import available, to_pdf

    if available() is not None:
        pytest.skip("LibreOffice (soffice) not installed")
    pdfplumber = pytest.importorskip("pdfplumber")
    folder = tmp_path_factory.mktemp("layouts")
    paths = [kh.save(data.loads(LAYOUT_PLAN + extra), folder / f"{name}.docx")
             for name, extra in LAYOUTS.items()]
    pdfs = to_pdf(paths)
    reports = check_files([p.read_bytes() for p in paths], render=True, pdfs=list(pdfs),
                          names=list(LAYOUTS))
    out = {}
    for name, pdf, report in zip(LAYOUTS, pdfs, reports):
        with pdfplumber.open(pdf) as document:
            lines = [line for page in document.pages
                     for line in (page.extract_text() or "").split("\n")]
        out[name] = (lines, report)
    return out


@pytest.mark.parametrize("name", LAYOUTS)
def test_libreoffice_keeps_the_text_inside_the_margins(rendered, name):
    lines, report = rendered[name]
    assert report.rendered
    assert not {"P1", "P9"} & report.failed_rules(), report.to_text()
    assert report.ok, report.to_text()
    # The issuer's name on two lines broken by meaning, the Quốc hiệu on one.
    assert any(line.startswith("ỦY BAN NHÂN DÂN") and "CỘNG HÒA" in line for line in lines)
    assert any(line.startswith("TỈNH QUẢNG TRỊ") for line in lines)
    assert any("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in line for line in lines)
