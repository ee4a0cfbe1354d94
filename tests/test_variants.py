"""The shapes real plans take, the criteria catalogues and the plan-type registry."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys

import docx
import pytest
from conftest import ROOT, load_example
from docx.oxml.ns import qn
from docx_props import flag, size_pt, texted_runs

import kehoach as kh
from kehoach import registry
from kehoach.model import catalogues


def _plan(**changes) -> kh.Plan:
    base = dict(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hải Yến"], "Hải Yến"),
        date=kh.IssueDate(2024, 2, 5),
        number=kh.DocumentNumber(5),
        title="Thực hiện nhiệm vụ năm 2024",
        parts=[kh.Part("Mục đích, yêu cầu", [kh.Paragraph("Nội dung.")]),
               kh.Part("Tổ chức thực hiện",
                       [kh.Paragraph("Các đơn vị thực hiện theo Phụ lục kèm theo (nếu có).")])],
        signer=kh.Signer("Hứa Xuân Dương", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
    )
    base.update(changes)
    cls = base.pop("cls", kh.Plan)
    return cls(**base)


def _doc(plan):
    return docx.Document(io.BytesIO(kh.render(plan)))


def _texts(d):
    return [p.text for p in d.paragraphs]


def test_issuer_with_a_parent_line():
    plan = _plan(issuer=kh.Issuer(["Ban Thường trực"], "Hải Yến", code="MTTQ",
                                  parent=["Ủy ban MTTQ Việt Nam", "xã Hải Yến"]),
                 number=kh.DocumentNumber(16, "KH", ["MTTQ", "BTT"]))
    d = _doc(plan)
    cell = d.tables[0].rows[0].cells[0]
    lines = [p for p in cell.paragraphs if p.text.strip()]
    assert [p.text for p in lines] == ["ỦY BAN MTTQ VIỆT NAM", "XÃ HẢI YẾN", "BAN THƯỜNG TRỰC"]
    for p in lines[:2]:
        assert not flag(p, texted_runs(p)[0], "bold")
        assert size_pt(d, p, texted_runs(p)[0]) == 13
    assert flag(lines[2], texted_runs(lines[2])[0], "bold")
    number = d.tables[0].rows[1].cells[0].paragraphs[0].text
    assert number == "Số: 16/KH-MTTQ-BTT"


@pytest.mark.parametrize(("authorities", "title", "lines"), [
    ([("TM", "Ủy ban nhân dân")], "Chủ tịch", ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]),
    ([("TM", "Ủy ban nhân dân"), ("KT", "Chủ tịch")], "Phó Chủ tịch",
     ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ([("KT", "Chủ tịch")], "Phó Chủ tịch", ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]),
    ([("Q", "Chủ tịch")], None, ["Q. CHỦ TỊCH"]),
])
def test_signer_shapes(authorities, title, lines):
    signer = kh.Signer("Nguyễn Văn An", title=title,
                       authorities=[kh.Authority(m, o) for m, o in authorities])
    cell = _doc(_plan(signer=signer)).tables[-1].rows[0].cells[1]
    texts = [p.text for p in cell.paragraphs if p.text.strip()]
    assert texts == [*lines, "Nguyễn Văn An"]


def test_no_legal_bases_and_a_two_line_title():
    d = _doc(_plan(legal_bases=[], title="Thực hiện nhiệm vụ\nnăm 2024"))
    assert not [p for p in d.paragraphs if p.style.style_id == "KHBasis"]
    subject = next(p for p in d.paragraphs if p.style.style_id == "KHSubject")
    assert subject._p.findall(".//" + qn("w:br")), "the forced line break is kept"


def test_lettered_parts_items_points_and_brackets():
    parts = [
        kh.Part("Kết quả", [
            kh.Item(title="Công tác chỉ đạo", children=[
                kh.Item(title="Cấp xã", children=[kh.Point(f"điểm {i}") for i in range(7)]),
                kh.Item(title="Cấp thôn", children=[kh.Point("điểm"), kh.Numbered("một"),
                                                    kh.Numbered("hai")]),
            ]),
            kh.Item(text="Khoản thứ hai là văn bản chạy.", children=[kh.Point("lại a")]),
        ]),
        kh.Part("Nhiệm vụ", [kh.Bullet("gạch", children=[kh.Bullet("cộng")])]),
    ]
    d = _doc(_plan(parts=parts, part_numbering="A"))
    texts = _texts(d)
    assert "A. KẾT QUẢ" in texts and "B. NHIỆM VỤ" in texts
    assert "1.1. Cấp xã" in texts and "1.2. Cấp thôn" in texts
    labels = [t.split(")")[0] for t in texts if re.match(r"^[a-zđ]\) điểm \d", t)]
    assert labels == ["a", "b", "c", "d", "đ", "e", "g"]
    assert "(1) một" in texts and "(2) hai" in texts
    assert "2. Khoản thứ hai là văn bản chạy." in texts
    assert "a) lại a" in texts  # điểm restart in each khoản
    assert "- gạch" in texts and "+ cộng" in texts


def test_task_table_repeats_its_header_row():
    rows = [kh.TaskRow(f"Nhiệm vụ {i}", "Văn phòng", "Các thôn", "Quý II/2024") for i in range(3)]
    d = _doc(_plan(parts=[kh.Part("Phân công", [kh.TaskTable(rows)])]))
    table = d.tables[1]
    header = table.rows[0]
    assert [c.text for c in header.cells] == ["TT", "Nội dung", "Cơ quan chủ trì",
                                              "Cơ quan phối hợp", "Thời gian"]
    assert header._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [r.cells[0].text for r in table.rows[1:]] == ["1", "2", "3"]
    assert table.rows[2].cells[1].text == "Nhiệm vụ 1"
    widths = [int(g.get(qn("w:w"))) for g in table._tbl.find(qn("w:tblGrid"))]
    assert len(widths) == 5


def test_appendices_have_their_heading_line_and_section():
    appendices = [kh.Appendix("Danh mục nhiệm vụ", [kh.Paragraph("Nội dung phụ lục một.")]),
                  kh.Appendix("Kinh phí", [kh.Point("Một khoản.")])]
    d = _doc(_plan(appendices=appendices))
    texts = _texts(d)
    assert "Phụ lục I" in texts and "Phụ lục II" in texts
    assert "DANH MỤC NHIỆM VỤ" in texts
    note = "(Kèm theo Kế hoạch số 05/KH-UBND ngày 05 tháng 02 năm 2024 của Ủy ban nhân dân xã Hải Yến)"
    assert texts.count(note) == 2
    assert len(d.sections) == 3
    for section in d.sections:
        numbering = section._sectPr.find(qn("w:pgNumType"))
        assert numbering.get(qn("w:start")) == "1"
    heading = next(p for p in d.paragraphs if p.text == "Phụ lục I")
    assert flag(heading, heading.runs[0], "bold") and size_pt(d, heading, heading.runs[0]) == 14
    one = _doc(_plan(appendices=appendices[:1]))
    assert "Phụ lục" in _texts(one) and "Phụ lục I" not in _texts(one)


def test_draft_attachment_line():
    plan = _plan(number=kh.DocumentNumber(None), date=kh.IssueDate(2024),
                 appendices=[kh.Appendix("Danh mục", [kh.Paragraph("x")])])
    assert ("(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng      năm 2024 của Ủy ban nhân "
            "dân xã Hải Yến)") in _texts(_doc(plan))


def test_catalogues_match_the_decisions():
    sets = catalogues.catalogues()
    assert set(sets) == {"ntm-2021-2025", "ntm-nang-cao-2021-2025", "ntm-kieu-mau-2021-2025",
                         "ntm-2026-2030"}
    assert len(sets["ntm-2021-2025"].criteria) == 19
    assert len(sets["ntm-nang-cao-2021-2025"].criteria) == 19
    assert len(sets["ntm-2026-2030"].criteria) == 10
    assert sets["ntm-2021-2025"].get(17).name == "Môi trường và an toàn thực phẩm"
    assert sets["ntm-nang-cao-2021-2025"].get(15).name == "Hành chính công"
    assert sets["ntm-2026-2030"].get(7).name == "Khoa học công nghệ và chuyển đổi số"
    assert "318/QĐ-TTg" in sets["ntm-2021-2025"].decision
    assert "51/2025/QĐ-TTg" in sets["ntm-2026-2030"].decision
    for c in sets.values():
        assert [x.number for x in c.criteria] == list(range(1, len(c.criteria) + 1))


def _rural(criteria, year=2024, criteria_set="ntm-nang-cao-2021-2025"):
    return _plan(cls=kh.NewRuralPlan, criteria_set=criteria_set, date=kh.IssueDate(year, 3, 1),
                 parts=[kh.Part("Giải pháp", criteria)])


def test_new_rural_plan_checks_names_numbers_and_period():
    ok = _rural([kh.CriterionSolution(number=8, name="Thông tin và Truyền thông", actions="x")])
    assert registry.for_plan(ok).name == "nong-thon-moi"
    with pytest.raises(kh.PlanDataError, match="“Hành chính công”, không phải “Y tế”"):
        _rural([kh.CriterionSolution(number=15, name="Y tế", actions="x")])
    with pytest.raises(kh.PlanDataError, match="không có tiêu chí số 20"):
        _rural([kh.CriterionSolution(number=20, name="Khác", actions="x")])
    with pytest.raises(kh.PlanDataError, match="ngày 01/3/2027; dùng ntm-2026-2030"):
        _rural([kh.CriterionSolution(number=1, name="Quy hoạch", actions="x")], year=2027)
    with pytest.raises(kh.PlanDataError, match="NewRuralPlan.criteria_set: không có bộ tiêu chí"):
        _rural([], criteria_set="ntm-1990")
    later = _rural([kh.CriterionSolution(number=2, name="Hạ tầng kinh tế - xã hội", actions="x")],
                   year=2027, criteria_set="ntm-2026-2030")
    assert kh.render(later)[:2] == b"PK"


def test_hai_yen_criteria_follow_the_advanced_set(hai_yen_plan):
    catalogue = catalogues.get("ntm-nang-cao-2021-2025")
    for c in hai_yen_plan.parts[2].children:
        assert catalogue.check(c.number, c.name) is None, c.number


def test_registry_lists_and_finds_types():
    names = [t.name for t in registry.types()]
    assert names[:2] == ["ke-hoach", "nong-thon-moi"]
    assert registry.for_plan(_plan()).name == "ke-hoach"
    with pytest.raises(KeyError, match="known types"):
        registry.get("nope")
    out = subprocess.run([sys.executable, "-m", "kehoach", "types"], capture_output=True,
                         text=True)
    assert "nong-thon-moi" in out.stdout and "ntm-2026-2030" in out.stdout, out.stderr


def test_second_example_renders():
    plan = load_example("phong_chong_thien_tai_2026").build_plan()
    d = _doc(plan)
    texts = _texts(d)
    assert "đ) Thông tin, báo cáo kịp thời, chính xác về tình hình thiên tai;" in texts
    assert "g) Bảo đảm kinh phí cho các hoạt động theo quy định." in texts
    assert "Phụ lục" in texts and len(d.sections) == 2
    assert d.tables[0].rows[1].cells[1].paragraphs[0].text == "Tân Lập, ngày 10 tháng 3 năm 2026"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_appendix_pages_restart_and_headers_repeat(tmp_path):
    pdfplumber = pytest.importorskip("pdfplumber")
    from kehoach.convert import to_pdf

    rows = [kh.TaskRow(f"Nhiệm vụ số {i} " + "nội dung dài " * 6, "Văn phòng", "Các thôn",
                       "Quý II/2024") for i in range(40)]
    plan = _plan(appendices=[kh.Appendix("Phân công", [kh.TaskTable(rows)])])
    source = tmp_path / "appendix.docx"
    source.write_bytes(kh.render(plan))
    (pdf,) = to_pdf([source])
    with pdfplumber.open(pdf) as document:
        pages = [p.extract_text() or "" for p in document.pages]
    first_appendix = next(i for i, t in enumerate(pages) if "PHÂN CÔNG" in t)
    assert first_appendix >= 1
    appendix_pages = pages[first_appendix:]
    assert len(appendix_pages) >= 2
    assert not re.match(r"^\s*\d+\s*\n", appendix_pages[0])  # its first page: no number
    assert appendix_pages[1].lstrip().startswith("2")       # numbering restarted
    for text in appendix_pages:
        assert "Cơ quan chủ" in text  # the header row repeats on every page


def test_second_example_data_file_gives_the_same_document():
    from kehoach import data

    plan = load_example("phong_chong_thien_tai_2026").build_plan()
    loaded = data.load(ROOT / "examples" / "phong_chong_thien_tai_2026.yaml")
    assert loaded == plan
    assert kh.render(loaded) == kh.render(plan)


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_both_examples_pass_the_checker_rendered(tmp_path, hai_yen_bytes):
    from kehoach.checker import check_files

    second = tmp_path / "phong_chong.docx"
    second.write_bytes(kh.render(load_example("phong_chong_thien_tai_2026").build_plan()))
    first = tmp_path / "hai_yen.docx"
    first.write_bytes(hai_yen_bytes)
    for report in check_files([first, second], render=True):
        assert report.ok, report.to_text()
        statuses = {f.rule: f.status for f in report.findings}
        assert "not_evaluated" not in statuses.values(), report.to_text()
        assert statuses["R5"] == "pass" and statuses["R43"] == "pass"
