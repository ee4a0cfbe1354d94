"""``kehoach lint``: content mistakes no rule of the decree sees (issue 14.7, 14.12).

Each rule has a case it must find (with its id, field and, in a YAML file, its line) and a
near case it must leave alone. Warnings never block ``kehoach render`` unless ``--strict``.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from click.testing import CliRunner

import kehoach as kh
from kehoach import data
from kehoach.cli import main
from kehoach.cli.render import starter
from kehoach.linter import RULES, lint, lint_file
from kehoach.linter.rules import sample_names


def _plan(**changes) -> kh.Plan:
    base = dict(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Tân Lập"], "Tân Lập"),
        number=kh.DocumentNumber(12),
        date=kh.IssueDate(2026, 3, 10),
        title="Phòng, chống thiên tai năm 2026",
        legal_bases=[kh.LegalBasis("Luật Phòng, chống thiên tai", date=dt.date(2013, 6, 19))],
        opening="Ủy ban nhân dân xã ban hành Kế hoạch như sau:",
        parts=[kh.Part("Nội dung", [kh.Paragraph("Chuẩn bị lực lượng, phương tiện.")])],
        signer=kh.Signer("Lý Văn Minh", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        recipients=[kh.Recipient("Ủy ban nhân dân tỉnh"), kh.Recipient("Các thôn")],
    )
    base.update(changes)
    return kh.Plan(**base)


def _rules(plan) -> list[tuple[str, str]]:
    return [(f.rule, f.where) for f in lint(plan)]


def test_a_clean_plan_has_no_finding():
    assert lint(_plan()) == []
    assert kh.lint(_plan()) == []


def test_every_rule_has_an_id_a_title_and_a_test():
    assert list(RULES) == [f"L{i}" for i in range(1, len(RULES) + 1)]
    source = open(__file__, encoding="utf-8").read()
    for rule_id, rule in RULES.items():
        assert rule.title
        assert f"def test_{rule_id.lower()}_" in source, rule_id


# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("title", ["Kế hoạch tổ chức Tết trồng cây năm 2026",
                                   "KẾ HOẠCH tổ chức Tết trồng cây năm 2026",
                                   "Kế hoạch: tổ chức Tết trồng cây năm 2026",
                                   "Kế Hoạch  tổ chức Tết trồng cây"])
def test_l1_a_title_that_repeats_the_kind(title):
    findings = [f for f in lint(_plan(title=title)) if f.rule == "L1"]
    assert [f.where for f in findings] == ["title"]
    assert "bỏ chữ “Kế hoạch” ở đầu trích yếu" in findings[0].message
    if title.endswith("năm 2026"):
        assert "(viết “Tổ chức Tết trồng cây năm 2026”)" in findings[0].message


@pytest.mark.parametrize("title", ["Thực hiện Kế hoạch số 12/KH-UBND của Ủy ban nhân dân tỉnh",
                                   "Kế hoạch hóa gia đình năm 2026",
                                   "Triển khai kế hoạch phòng, chống thiên tai"])
def test_l1_leaves_other_titles_alone(title):
    assert "L1" not in [r for r, _ in _rules(_plan(title=title))]


def test_l2_blanks_left_to_fill():
    plan = _plan(legal_bases=[kh.LegalBasis("Kế hoạch", "…/KH-UBND", issuer="Ủy ban nhân dân tỉnh",
                                            verb="Thực hiện")],
                 parts=[kh.Part("Nội dung", [kh.Paragraph("Hoàn thành trước ngày ..."),
                                             kh.Bullet(lead_in="Địa điểm:", text="____")])])
    assert [(r, w) for r, w in _rules(plan) if r == "L2"] == [
        ("L2", "legal_bases[0].number"), ("L2", "parts[0].children[0].text"),
        ("L2", "parts[0].children[1].text")]


def test_l2_leaves_an_ellipsis_after_a_word_alone():
    plan = _plan(parts=[kh.Part("Nội dung", [kh.Paragraph("Trồng keo, bạch đàn, lát…"),
                                             kh.Paragraph("Các loại cây v.v... đều được."),
                                             kh.Paragraph("Kết thúc./.")])])
    assert "L2" not in [r for r, _ in _rules(plan)]


def test_l3_sample_names_come_from_the_starters():
    names = sample_names()
    for type_name in ("ke-hoach", "nong-thon-moi"):
        plan = data.loads(starter(type_name))
        assert plan.signer.name in names and plan.issuer.place in names
    assert {"Nguyễn Văn A", "Hòa An", "Trần Văn B"} <= names


def test_l3_the_untouched_starter_is_flagged_where_its_samples_are(tmp_path):
    path = tmp_path / "ke_hoach.yaml"
    path.write_text(starter("ke-hoach"), encoding="utf-8")
    lines = path.read_text(encoding="utf-8").splitlines()
    found = {(f.rule, f.where): f for f in lint_file(path)}
    signer = found["L3", "signer.name"]
    assert "“Nguyễn Văn A”" in signer.message
    assert lines[signer.line - 1].strip().startswith("name: Nguyễn Văn A ")
    assert ("L3", "issuer.place") in found
    assert ("L2", "legal_bases[1].number") in found  # "…/KH-UBND" in the starter


def test_l3_finds_a_sample_name_written_another_way():
    plan = _plan(closing="Giao ông Nguyễn văn A theo dõi.",
                 issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hoà An"], "Hoà An"))
    assert ("L3", "closing") in _rules(plan) and ("L3", "issuer.place") in _rules(plan)
    assert "L3" not in [r for r, _ in _rules(_plan(closing="Giao ông Nguyễn Văn An theo dõi."))]


@pytest.mark.parametrize("changes", [
    {"issuer": kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An")},
    {"closing": "Giao ông Trần Văn Bình, công chức Văn phòng, theo dõi."},
    {"signer": kh.Signer("Nguyễn Văn An", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")])}])
def test_l3_leaves_plausible_real_names_alone(changes):
    """Hòa An is a real commune, Trần Văn Bình and Nguyễn Văn An real people's names: only
    the starters' own placeholders (Nguyễn Văn A, Trần Văn B), and their commune beside one
    of them, are flagged."""
    assert "L3" not in [r for r, _ in _rules(_plan(**changes))]


def test_l4_a_basis_dated_after_the_plan():
    plan = _plan(legal_bases=[
        kh.LegalBasis("Quyết định", "25/QĐ-UBND", dt.date(2026, 3, 20), "Ủy ban nhân dân tỉnh",
                      "về phòng, chống thiên tai"),
        kh.LegalBasis("Kế hoạch", "7/KH-UBND", issuer="Ủy ban nhân dân tỉnh",
                      subject="ngày 02/4/2026 về ứng phó thiên tai")])
    findings = [f for f in lint(plan) if f.rule == "L4"]
    assert [f.where for f in findings] == ["legal_bases[0].date", "legal_bases[1].subject"]
    assert "căn cứ ngày 20/3/2026, sau ngày ban hành kế hoạch (10/3/2026)" in findings[0].message


def test_l4_a_draft_is_compared_with_its_last_possible_day():
    basis = [kh.LegalBasis("Quyết định", "25/QĐ-UBND", dt.date(2026, 3, 20), "Ủy ban nhân dân tỉnh")]
    assert "L4" not in [r for r, _ in _rules(_plan(date=kh.IssueDate(2026, 3), legal_bases=basis))]
    assert "L4" in [r for r, _ in _rules(_plan(date=kh.IssueDate(2026, 2), legal_bases=basis))]
    same_day = [kh.LegalBasis("Quyết định", "25/QĐ-UBND", dt.date(2026, 3, 10))]
    assert "L4" not in [r for r, _ in _rules(_plan(legal_bases=same_day))]


@pytest.mark.parametrize("text, expected", [
    ("Quyết định số 12/QĐ-UBND ngày 02/1/2019 của Ủy ban nhân dân tỉnh", "02/01/2019"),
    ("Quyết định số 12/QĐ-UBND ngày 2/01/2019", "02/01/2019"),
    ("Nghị quyết ngày 5/03/2020", "05/3/2020"),
    ("Quyết định ngày 05-3-2020", "05/3/2020"),
    ("Chỉ thị ngày 5 tháng 3 năm 2020", "ngày 05 tháng 3 năm 2020"),
])
def test_l5_a_date_typed_in_a_basis_in_another_form(text, expected):
    plan = _plan(legal_bases=[kh.LegalBasis(text)])
    findings = [f for f in lint(plan) if f.rule == "L5"]
    assert [f.where for f in findings] == ["legal_bases[0].kind"]
    assert f"viết theo Nghị định 30 là “{expected}”" in findings[0].message
    assert "ghi ngày vào khóa date" in findings[0].message


def test_l5_leaves_dates_in_the_decrees_form_alone_and_flags_impossible_ones():
    fine = [kh.LegalBasis("Quyết định số 12/QĐ-UBND ngày 02/01/2019 của Ủy ban nhân dân tỉnh"),
            kh.LegalBasis("Kế hoạch", "3/KH-UBND", subject="ngày 15/3/2026 về phòng, chống thiên tai")]
    assert "L5" not in [r for r, _ in _rules(_plan(legal_bases=fine))]
    wrong = _plan(opening="Thực hiện Kế hoạch số 3/KH-UBND ngày 30/02/2026 của Ủy ban nhân dân tỉnh")
    (finding,) = [f for f in lint(wrong) if f.rule == "L5"]
    assert finding.where == "opening" and "không phải một ngày có trong lịch" in finding.message


def test_l6_a_district_body_after_1_july_2025():
    plan = _plan(recipients=[kh.Recipient("Ủy ban nhân dân huyện Cao Lộc"), kh.Recipient("Các thôn")],
                 parts=[kh.Part("Nội dung", [kh.Paragraph("Báo cáo Phòng Nông nghiệp Huyện.")])])
    assert [w for r, w in _rules(plan) if r == "L6"] == ["parts[0].children[0].text",
                                                         "recipients[0].name"]
    message = next(f.message for f in lint(plan) if f.rule == "L6")
    assert "chỉ còn hai cấp (tỉnh, xã)" in message


def test_l6_before_1_july_2025_or_an_old_district_document_is_fine():
    before = _plan(date=kh.IssueDate(2025, 6, 30),
                   recipients=[kh.Recipient("Ủy ban nhân dân huyện Cao Lộc")])
    assert "L6" not in [r for r, _ in _rules(before)]
    on_the_day = attrs.evolve(before, date=kh.IssueDate(2025, 7, 1))
    assert "L6" in [r for r, _ in _rules(on_the_day)]
    old_basis = _plan(legal_bases=[kh.LegalBasis("Quyết định", "8/QĐ-UBND", dt.date(2024, 5, 2),
                                                 "Ủy ban nhân dân huyện Cao Lộc")])
    assert "L6" not in [r for r, _ in _rules(old_basis)]
    assert "L6" not in [r for r, _ in _rules(_plan(date=kh.IssueDate(2025)))]  # may be before


@pytest.mark.parametrize(("text", "flagged"), [
    ("Các hộ dân thôn Huyện Sơn tham gia.", False),         # a hamlet named Huyện Sơn
    ("Sửa đường Bà Huyện Thanh Quan.", False),              # a street named after a poet
    ("Xóm Quận Lý dọn vệ sinh.", False),
    ("Báo cáo UBND Huyện Cao Lộc.", True),                   # a body, capitalised
    ("Báo cáo Ủy ban nhân dân huyện Cao Lộc.", True),
    ("Phối hợp Huyện ủy.", True),
    ("Thôn Huyện Sơn báo cáo Phòng Nông nghiệp huyện.", True),  # the name, then a body
])
def test_l6_reads_huyen_as_a_body_not_inside_a_proper_name(text, flagged):
    plan = _plan(parts=[kh.Part("Nội dung", [kh.Paragraph(text)])])
    assert ("L6" in [r for r, _ in _rules(plan)]) == flagged


def test_a_rule_checked_by_the_clerk_is_ignored_on_request(files, tmp_path):
    """The signer really is called as the starter's sample: ``--bo-qua L3`` silences L3 (and
    only it) for ``lint`` and for ``render --strict``; the warning says how."""
    text = data.dumps(_plan(signer=kh.Signer("Nguyễn Văn A", title="Chủ tịch",
                                             authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
                            title="Kế hoạch phòng, chống thiên tai năm 2026"))
    sample = tmp_path / "hoa_an.yaml"
    sample.write_text(text, encoding="utf-8")
    result = _run("lint", sample)
    assert "[L3]" in result.output and "--bo-qua L3" in result.output
    result = _run("lint", sample, "--bo-qua", "L3")
    assert result.exit_code == 1 and "[L3]" not in result.output and "[L1]" in result.output
    assert _run("lint", sample, "--bo-qua", "l3,L1").exit_code == 0
    assert _run("render", sample, "--strict", "--bo-qua", "L3").exit_code == 2  # L1 remains
    result = _run("render", sample, "--strict", "--ignore", "L3", "--bo-qua", "L1")
    assert result.exit_code == 0 and "Cảnh báo" not in result.output
    result = _run("lint", sample, "--bo-qua", "L33")
    assert result.exit_code == 2 and "không có quy tắc L33" in result.output


def test_lint_reports_every_missing_file_with_the_exit_code_of_bad_data(files, tmp_path):
    clean, warned, _ = files
    result = _run("lint", tmp_path / "khong_co.yaml", warned, tmp_path / "cung_khong.yaml")
    assert result.exit_code == 2
    assert f"{tmp_path / 'khong_co.yaml'}: không tìm thấy tệp" in result.output
    assert f"{tmp_path / 'cung_khong.yaml'}: không tìm thấy tệp" in result.output
    assert "[L1]" in result.output  # the file between them is linted
    assert "Lỗi" not in result.output and "Traceback" not in result.output


def _rural(criteria_set, date, *solutions):
    return kh.NewRuralPlan(criteria_set=criteria_set, **{
        **attrs.asdict(_plan(), recurse=False), "date": date,
        "parts": (kh.Part("Giải pháp", list(solutions) or [kh.Paragraph("x")]),)})


def test_l7_a_name_that_differs_from_an_unconfirmed_one():
    plan = _rural("ntm-nang-cao-2021-2025", kh.IssueDate(2024, 3, 1),
                  kh.CriterionSolution(number=15, name="Hành chính công và cải cách hành chính",
                                       actions="x"))
    (finding,) = [f for f in lint(plan) if f.rule == "L7"]
    assert finding.where == "parts[0].children[0].name"
    assert "chưa được đối chiếu" in finding.message
    same = _rural("ntm-nang-cao-2021-2025", kh.IssueDate(2024, 3, 1),
                  kh.CriterionSolution(number=15, name="Hành chính công", actions="x"))
    assert "L7" not in [r for r, _ in _rules(same)]


def _today(monkeypatch, day: dt.date) -> None:
    from kehoach.linter import rules

    monkeypatch.setattr(rules, "_today", lambda: day)


def test_l8_a_draft_that_may_be_signed_outside_its_sets_days(monkeypatch):
    _today(monkeypatch, dt.date(2026, 1, 5))
    early = _rural("ntm-2026-2030", kh.IssueDate(2026))
    (finding,) = [f for f in lint(early) if f.rule == "L8"]
    assert finding.where == "criteria_set"
    assert "nếu ký trước ngày 15/02/2026 thì không dùng được ntm-2026-2030" in finding.message
    late = _rural("ntm-2021-2025", kh.IssueDate(2026, 2))
    assert "nếu ký sau ngày 14/02/2026" in next(f.message for f in lint(late) if f.rule == "L8")
    for fine in (_rural("ntm-2026-2030", kh.IssueDate(2026, 3)),
                 _rural("ntm-2026-2030", kh.IssueDate(2026, 2, 20))):
        assert "L8" not in [r for r, _ in _rules(fine)]


@pytest.mark.parametrize("today", [dt.date(2026, 2, 15), dt.date(2026, 12, 1)])
def test_l8_counts_only_the_days_a_draft_can_still_be_signed(monkeypatch, today):
    """The nong-thon-moi starter (date 2026, ntm-2026-2030) warned «nếu ký trước ngày
    15/02/2026» on any day of 2026: a draft is signed from today on."""
    _today(monkeypatch, today)
    assert "L8" not in [r for r, _ in _rules(_rural("ntm-2026-2030", kh.IssueDate(2026)))]
    starter_plan = data.loads(starter("nong-thon-moi"), "yaml")
    assert "L8" not in [f.rule for f in lint(starter_plan)]
    # the old set still warns for the days left of the draft's span
    _today(monkeypatch, dt.date(2026, 2, 1))
    late = _rural("ntm-2021-2025", kh.IssueDate(2026, 2))
    assert "nếu ký sau ngày 14/02/2026" in next(f.message for f in lint(late) if f.rule == "L8")
    assert "L8" in [f.rule for f in lint(starter_plan)]


def test_l9_a_basis_on_a_replaced_decision():
    basis = kh.LegalBasis("Quyết định", "318/QĐ-TTg", dt.date(2022, 3, 8), "Thủ tướng Chính phủ",
                          "ban hành Bộ tiêu chí quốc gia về xã nông thôn mới giai đoạn 2021 - 2025")
    (finding,) = [f for f in lint(_plan(legal_bases=[basis])) if f.rule == "L9"]
    assert finding.where == "legal_bases[0]"
    assert "đã hết hiệu lực từ ngày 15/02/2026; nay là Quyết định số 51/2025/QĐ-TTg" in \
        finding.message
    for date in (kh.IssueDate(2026, 2, 14), kh.IssueDate(2026)):
        assert "L9" not in [r for r, _ in _rules(_plan(legal_bases=[basis], date=date))]


def _months(count: int) -> kh.Table:
    return kh.Table([kh.Column(f"Tháng {i:02d}", align="phải") for i in range(1, count + 1)],
                    [[f"{i}.250.000" for i in range(1, count + 1)]])


def test_l10_a_table_too_wide_even_for_a_landscape_page():
    plan = _plan(parts=[kh.Part("Nội dung", ["Chỉ tiêu như sau:", _months(12)])])
    (finding,) = [f for f in lint(plan) if f.rule == "L10"]
    assert finding.where == "parts[0].children[1]"
    assert finding.message.startswith("bảng 12 cột cần ít nhất 26,")
    assert "trang ngang chỉ có 25,2 cm" in finding.message
    # Upright by its author: measured on the portrait page.
    upright = attrs.evolve(_months(8), landscape=False)
    (finding,) = [f for f in lint(_plan(parts=[kh.Part("Nội dung", [upright])]))
                  if f.rule == "L10"]
    assert "trang dọc (landscape: false) chỉ có 16,5 cm" in finding.message


def test_l10_leaves_a_table_that_fits_alone():
    for table in (_months(8), _months(4), kh.TaskTable([kh.TaskRow(
            "Việc", "Văn phòng - Thống kê", "Các thôn", "01/01/2026-31/12/2026")])):
        assert "L10" not in [r for r, _ in _rules(_plan(parts=[kh.Part("Nội dung", [table])]))]


def _markup_plan(*texts: str, part: str = "Nội dung", recipient: str = "Các thôn") -> kh.Plan:
    """A plan whose paragraphs are read from a data file's markup."""
    return _plan(parts=[kh.Part(part, [kh.Paragraph(kh.model.parse_markup(t)) for t in texts])],
                 recipients=[kh.Recipient(recipient)])


@pytest.mark.parametrize("typed, marker", [
    ("Tổ chức**lần thứ nhất**năm nay.", "**"),
    ("*Ghi chú: **quan trọng***", "***"),
    ("Thực hiện __trước ngày 30/6__trên địa bàn.", "__"),
])
def test_l11_markers_printed_as_signs(typed, marker):
    (finding,) = [f for f in lint(_markup_plan("Đoạn đầu.", typed)) if f.rule == "L11"]
    assert finding.where == "parts[0].children[1].text"
    assert finding.message.startswith(f"dấu «{marker}» không thành chữ đậm")


def test_l11_a_footnote_inside_a_footnote_prints_its_signs():
    """``chủ trì^[ngoài^[trong]]``: the inner note printed «^[trong]», nothing said."""
    (finding,) = [f for f in lint(_markup_plan("Đoạn đầu.", "Chủ trì^[ngoài^[trong]] việc."))
                  if f.rule == "L11"]
    assert finding.where == "parts[0].children[1].text"
    assert "«^[trong]»" in finding.message
    assert "L11" not in [r for r, _ in _rules(_markup_plan("Chủ trì^[ngoài] việc^[trong]."))]


@pytest.mark.parametrize("typed", ["Tổ chức **lần thứ nhất** năm nay.", "3*4 và a * b (*)",
                                   "giá 5* và *ghi chú", "tên_tệp, ____ chỗ trống",
                                   "Thực hiện \\*\\*không đậm\\*\\*."])
def test_l11_leaves_markup_and_plain_signs_alone(typed):
    assert "L11" not in [r for r, _ in _rules(_markup_plan(typed))]


def test_l12_markup_in_a_field_that_prints_its_text_as_typed():
    found = lint(_markup_plan("Đoạn văn.", part="Nội dung *chính*",
                              recipient="Sở Tư pháp^[để phối hợp]"))
    assert [(f.rule, f.where) for f in found if f.rule == "L12"] == [
        ("L12", "parts[0].title"), ("L12", "recipients[0].name")]
    assert "không đọc chú thích «^[…]»" in found[-1].message or any(
        "không đọc chú thích" in f.message for f in found)
    plain = _markup_plan("Đoạn văn.", part="Nội dung 3*4", recipient="Các thôn (*)")
    assert "L12" not in [r for r, _ in _rules(plain)]


# --------------------------------------------------------------------------------------------
# The command line


@pytest.fixture
def files(tmp_path):
    clean = tmp_path / "sach.yaml"
    clean.write_text(data.dumps(_plan()), encoding="utf-8")
    warned = tmp_path / "canh_bao.yaml"
    warned.write_text(data.dumps(_plan(title="Kế hoạch phòng, chống thiên tai năm 2026")),
                      encoding="utf-8")
    bad = tmp_path / "sai.yaml"
    bad.write_text("issuer: {}\n", encoding="utf-8")
    return clean, warned, bad


def _run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="kehoach")


def test_kehoach_lint_exit_codes_and_lines(files):
    clean, warned, bad = files
    result = _run("lint", clean)
    assert result.exit_code == 0 and "không có cảnh báo" in result.output
    result = _run("lint", warned)
    line = warned.read_text(encoding="utf-8").splitlines().index(
        "title: Kế hoạch phòng, chống thiên tai năm 2026") + 1
    assert result.exit_code == 1
    assert f"{warned}:{line}: title: [L1] trích yếu bắt đầu bằng “Kế hoạch”" in result.output
    result = _run("lint", bad, clean)
    assert result.exit_code == 2 and "thiếu khóa bắt buộc" in result.output
    assert "Traceback" not in result.output
    assert "L9" in _run("lint", "--rules").output


def test_render_prints_warnings_and_renders_anyway(files):
    _, warned, _ = files
    result = _run("render", warned)
    assert result.exit_code == 0
    assert "Cảnh báo: " in result.output and "[L1]" in result.output
    assert warned.with_suffix(".docx").is_file()


def test_render_strict_refuses_a_plan_with_warnings(files):
    clean, warned, _ = files
    result = _run("render", "--strict", warned)
    assert result.exit_code == 2 and "--strict" in result.output
    assert not warned.with_suffix(".docx").exists()
    assert _run("render", "--strict", clean).exit_code == 0
    assert clean.with_suffix(".docx").is_file()


def test_l3_sample_names_kept_on_disk_are_those_read_from_the_starters(tmp_path, monkeypatch):
    """The starters are read once; later processes take the names from the cache, keyed on
    the starters' bytes."""
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(tmp_path))
    sample_names.cache_clear()
    try:
        read = sample_names()
        assert list(tmp_path.glob("sample-names-*.bin"))
        sample_names.cache_clear()
        monkeypatch.setattr(data, "loads", lambda *a, **k: pytest.fail("starters read again"))
        assert sample_names() == read
    finally:
        sample_names.cache_clear()


_VIETNAMESE = st.text(st.one_of(st.sampled_from("aăâeêioôơuưyđAĂÂỦỤỲ hoàhoạthủỷ,.-–—:;!?()"
                                                "\u0300\u0301\u0303\u0309\u0323\u00a0\u2000"),
                                st.characters()), max_size=30)


@settings(max_examples=300, deadline=None)
@given(_VIETNAMESE, _VIETNAMESE, _VIETNAMESE)
def test_l3_the_quick_test_never_rules_out_a_match(before, name, after):
    """L3 matches a sample name only in texts whose letters hold the name's letters: that quick
    test must pass whenever the full match does (else a sample name would go unreported)."""
    from kehoach.linter.rules import _letters, _words

    for text in (before + name + after, before + " " + name.upper() + " " + after):
        if _words(name) in _words(text):
            assert _letters(name) in _letters(text)


# --------------------------------------------------------------------------------------------
# Issue 14 review: lint's wording


def test_l5_explains_days_under_ten_and_months_one_and_two():
    plan = _plan(legal_bases=[kh.LegalBasis("Quyết định số 5/QĐ-UBND ngày 5/03/2026 của tỉnh")])
    (finding,) = [f for f in lint(plan) if f.rule == "L5"]
    assert "“05/3/2026”" in finding.message
    assert "ngày dưới 10 và tháng 1, 2 có số 0 ở đầu" in finding.message
    assert "tháng 3–12 không" in finding.message


def test_l3_in_python_says_the_python_way_and_the_command_line_says_bo_qua():
    plan = _plan(signer=kh.Signer("Nguyễn Văn A", title="Chủ tịch",
                                  authorities=[kh.Authority("TM", "Ủy ban nhân dân")]))
    (finding,) = [f for f in kh.lint(plan) if f.rule == "L3"]
    assert "--bo-qua" not in str(finding) and "--bo-qua" not in finding.message
    assert 'bỏ các Finding có rule == "L3"' in finding.message
    command = finding.describe("ke_hoach.yaml", command=True)
    assert command.endswith("(nếu đúng là tên thật thì bỏ qua cảnh báo này, hoặc thêm "
                            "--bo-qua L3 vào lệnh)") and "Finding" not in command


def test_lint_help_calls_its_findings_content_mistakes():
    text = _run("lint", "--help").output
    assert "sai sót về nội dung" in text and "sai sót thể thức" not in text


@pytest.mark.parametrize("text", [
    "Đề nghị Ủy ban nhân dân huyện Cao Lộc và các phòng chuyên môn phối hợp thực hiện tốt",
    "Các cơ quan, đơn vị thuộc huyện phối hợp",
    "Giao Phòng Kinh tế huyện chủ trì, phối hợp với các đơn vị liên quan triển khai ngay"])
def test_l2_and_l6_quote_whole_words(text):
    plan = _plan(parts=[kh.Part("Nội dung", [kh.Paragraph(text + " … thực hiện.")])])
    for f in lint(plan):
        if f.rule in ("L2", "L6"):
            quoted = f.message.split("“")[1 if f.rule == "L6" else 2].split("”")[0]
            words = set((text + " … thực hiện.").split())
            assert all(w in words for w in quoted.strip("…").split()), (f.rule, quoted)
