"""A long place name prints with its date on one line (issue 14 review, defect 1).

``Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2026`` is wider at 14 pt than the house's right
header column: the rendering measures the line (kehoach.layout.metrics, R18's measure) and
widens the column within the decree's range, else sets the line at 13 pt, else drops the
layout cells' inner margins; a place no width in the range holds is refused by the model,
naming ``issuer.place``. LibreOffice renders the cases once and the checker, with the printed
rules (P3, P4), passes them.
"""

from __future__ import annotations

import pytest

import kehoach as kh
from kehoach.layout.metrics import text_width_tw
from kehoach.layout.profile import FIT_SLACK_TW, RANGES


def _plan(issuer: kh.Issuer, date: kh.IssueDate, signer: kh.Signer | None = None) -> kh.Plan:
    return kh.Plan(
        issuer=issuer, date=date, title="Tổ chức Tết trồng cây năm 2026",
        parts=[kh.Part("Nội dung", [kh.Paragraph("Trồng cây.")])],
        signer=signer or kh.Signer("Lê Thị Hoa", title="Chủ tịch",
                                   authorities=[kh.Authority("TM", "Ủy ban nhân dân")]))


CASES = {
    # the reported case: a Sở of Ho Chi Minh City, signed by its Giám đốc
    "so": _plan(kh.Issuer(["Sở Tư pháp"], "Thành phố Hồ Chí Minh", code="STP",
                          parent=["Ủy ban nhân dân Thành phố Hồ Chí Minh"]),
                kh.IssueDate(2026, 3, 5), kh.Signer("Trần Minh Tâm", title="Giám đốc")),
    # the reported Python case: a commune's committee, the city as its place
    "xa": _plan(kh.Issuer(["Ủy ban nhân dân", "xã Tân Lập"], "Thành phố Hồ Chí Minh"),
                kh.IssueDate(2026, 3, 5)),
    # a wider right column at 14 pt
    "wider": _plan(kh.Issuer(["Ủy ban nhân dân", "xã Phan Đình Phùng"], "Xã Phan Đình Phùng"),
                   kh.IssueDate(2026, 12, 28)),
    # 13 pt in a wider column without inner margins: the longest a place may be
    "margins": _plan(kh.Issuer(["Ủy ban nhân dân", "phường Nguyễn Thái Bình"],
                               "Phường Nguyễn Thái Bình"), kh.IssueDate(2026, 12, 28)),
    "draft": _plan(kh.Issuer(["Ủy ban nhân dân", "tỉnh Bà Rịa - Vũng Tàu"], "Bà Rịa - Vũng Tàu"),
                   kh.IssueDate(2026)),
}


def _line(plan: kh.Plan) -> str:
    from kehoach.rendering.conventions import place_and_date

    return place_and_date(plan.issuer.place, plan.date)


@pytest.mark.parametrize("name", CASES)
def test_the_fitted_profile_holds_the_line_inside_the_decrees_ranges(name):
    from kehoach.rendering.context import fitted_profile

    plan = CASES[name]
    p = fitted_profile(plan, kh.Profile())
    line = _line(plan)
    room = p.cm_tw(p.header_right_cm) - 2 * p.cell_padding_tw - FIT_SLACK_TW - len(line)
    assert text_width_tw(line, p.size_place_date, italic=True) <= room
    for field in ("header_left_cm", "header_right_cm", "size_place_date"):
        low, high = RANGES[field]
        assert low <= getattr(p, field) <= high
    assert p.cm_tw(p.header_left_cm) + p.cm_tw(p.header_right_cm) <= p.text_width_tw + 2


def test_the_column_widens_first_then_the_size_drops_then_the_margins_go():
    from kehoach.rendering.context import fitted_profile

    house = kh.Profile()
    wider = fitted_profile(CASES["wider"], house)
    assert wider.size_place_date == 14 and wider.header_right_cm > house.header_right_cm
    assert wider.header_left_cm < house.header_left_cm and wider.cell_padding_tw == 57
    smaller = fitted_profile(CASES["so"], house)
    assert smaller.size_place_date == 13 and smaller.cell_padding_tw == 57
    bare = fitted_profile(CASES["margins"], house)
    assert bare.size_place_date == 13 and bare.cell_padding_tw == 0
    short = _plan(kh.Issuer(["Ủy ban nhân dân", "xã Hải Yến"], "Hải Yến"), kh.IssueDate(2026))
    assert fitted_profile(short, house) is house


@pytest.mark.parametrize("place", ["Thị Trấn Nông Trường Mộc Châu",
                                   "Phường Hoàng Văn Thụ Và Trần Hưng Đạo"])
def test_a_place_no_width_holds_is_refused_naming_the_field(place):
    with pytest.raises(kh.PlanDataError) as caught:
        kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], place)
    assert caught.value.path.endswith("place")
    assert "địa danh quá dài" in str(caught.value) and "13 pt" in str(caught.value)


def test_a_right_column_the_author_chose_is_kept_and_named_when_too_narrow():
    plan = CASES["so"]
    with pytest.raises(kh.PlanDataError) as caught:
        kh.render(plan, kh.Profile(header_right_cm=9.6, size_national_title=12))
    assert caught.value.path == "Profile.header_right_cm"
    assert "Thành phố Hồ Chí Minh, ngày 05 tháng 3 năm 2026" in str(caught.value)


@pytest.fixture(scope="module")
def reports(tmp_path_factory):
    """Each case rendered by LibreOffice once and checked with the printed rules."""
    from kehoach.checker import check_files
    from kehoach.convert import available, to_pdf

    if available() is not None:
        pytest.skip("LibreOffice (soffice) not installed")
    folder = tmp_path_factory.mktemp("places")
    paths = [kh.save(plan, folder / f"{name}.docx") for name, plan in CASES.items()]
    pdfs = to_pdf(paths)
    found = check_files([p.read_bytes() for p in paths], render=True, pdfs=list(pdfs),
                        names=list(CASES))
    return dict(zip(CASES, found))


@pytest.mark.parametrize("name", CASES)
def test_libreoffice_prints_the_place_and_date_on_one_line_and_check_passes(reports, name):
    report = reports[name]
    assert report.rendered
    assert not {"P3", "P4", "R16", "R18"} & report.failed_rules(), report.to_text()
    assert report.ok, report.to_text()
