"""The Hải Yến example, read back from its .docx: texts, formatting, layout settings."""

from __future__ import annotations

import collections
import io
import re

import docx
import pytest
from conftest import load_example
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm
from docx_props import alignment, flag, font_name, size_pt, texted_runs

import kehoach as kh


def _cell_paragraphs(cell):
    return [p for p in cell.paragraphs if p.text.strip()]


def _all_text(document) -> str:
    out = []
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                out.extend(p.text for p in cell.paragraphs)
    out.extend(p.text for p in document.paragraphs)
    return "\n".join(out)


def _fmt(document, paragraph):
    runs = texted_runs(paragraph)
    assert runs, f"no text in {paragraph.text!r}"
    sizes = {size_pt(document, paragraph, r) for r in runs}
    bold = {flag(paragraph, r, "bold") for r in runs}
    italic = {flag(paragraph, r, "italic") for r in runs}
    fonts = {font_name(document, paragraph, r) for r in runs}
    assert len(sizes) == len(bold) == len(italic) == 1, paragraph.text
    return sizes.pop(), bold.pop(), italic.pop(), fonts


def test_header_block_texts_and_formatting(hai_yen_doc):
    d = hai_yen_doc
    header = d.tables[0]
    left, right = header.rows[0].cells
    issuer = _cell_paragraphs(left)
    assert [p.text for p in issuer] == ["ỦY BAN NHÂN DÂN", "XÃ HẢI YẾN"]
    for p in issuer:
        assert _fmt(d, p)[:3] == (13, True, False)
        assert alignment(p) == WD_ALIGN_PARAGRAPH.CENTER
    national, motto = _cell_paragraphs(right)
    assert national.text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert _fmt(d, national)[:3] == (13, True, False)
    assert motto.text == "Độc lập - Tự do - Hạnh phúc"
    assert _fmt(d, motto)[:3] == (14, True, False)
    number, date = (_cell_paragraphs(c)[0] for c in header.rows[1].cells)
    assert re.fullmatch(r"Số:\s+/KH-UBND", number.text)  # a draft: no number yet
    assert _fmt(d, number)[:3] == (13, False, False)
    assert re.fullmatch(r"Hải Yến, ngày\s+tháng\s+năm 2024", date.text)
    assert _fmt(d, date)[:3] == (14, False, True)


def test_header_table_grid_holds_the_column_widths(hai_yen_doc):
    grid = hai_yen_doc.tables[0]._tbl.find(qn("w:tblGrid"))
    widths = [int(c.get(qn("w:w"))) for c in grid.findall(qn("w:gridCol"))]
    assert len(widths) == 2
    assert 3402 <= widths[0] <= 4253 and 5330 <= widths[1] <= 6067  # R18
    borders = hai_yen_doc.tables[0]._tbl.tblPr.find(qn("w:tblBorders"))
    assert all(b.get(qn("w:val")) == "nil" for b in borders)


def test_lines_under_issuer_motto_and_title(hai_yen_doc):
    """Each rule is an empty bordered paragraph; its length follows the decree's ratio."""
    from kehoach.layout.metrics import text_width_tw
    from kehoach.layout.profile import DEFAULT_PROFILE as P

    def rule_length(paragraph, available):
        ppr = paragraph._p.pPr
        ind = ppr.find(qn("w:ind"))
        return available - int(ind.get(qn("w:left"))) - int(ind.get(qn("w:right")))

    def rule_after(paragraphs):
        return next(p for p in paragraphs if p.style.style_id == "KHRule")

    left, right = hai_yen_doc.tables[0].rows[0].cells
    pad = 2 * P.cell_padding_tw
    issuer_w = text_width_tw("ỦY BAN NHÂN DÂN", 13, bold=True)
    ratio = rule_length(rule_after(left.paragraphs), P.cm_tw(P.header_left_cm) - pad) / issuer_w
    assert 1 / 3 <= ratio <= 1 / 2
    motto_w = text_width_tw("Độc lập - Tự do - Hạnh phúc", 14, bold=True)
    ratio = rule_length(rule_after(right.paragraphs), P.cm_tw(P.header_right_cm) - pad) / motto_w
    assert 0.97 <= ratio <= 1.03
    title_rule = rule_after(hai_yen_doc.paragraphs)
    assert 0.3 * P.text_width_tw <= rule_length(title_rule, P.text_width_tw) <= 0.5 * P.text_width_tw
    border = hai_yen_doc.styles["KH Đường kẻ"].element.pPr.find(qn("w:pBdr")).find(qn("w:bottom"))
    assert border.get(qn("w:val")) == "single"


def test_title_block(hai_yen_doc, hai_yen_plan):
    d = hai_yen_doc
    texted = [p for p in d.paragraphs if p.text.strip()]
    kind, subject = texted[0], texted[1]
    assert kind.text == "KẾ HOẠCH"
    assert _fmt(d, kind)[:3] == (14, True, False)
    assert subject.text == hai_yen_plan.title
    assert _fmt(d, subject)[:3] == (14, True, False)
    assert alignment(kind) == alignment(subject) == WD_ALIGN_PARAGRAPH.CENTER


def test_legal_bases_are_italic_sentences(hai_yen_doc):
    d = hai_yen_doc
    bases = [p for p in d.paragraphs if p.style.style_id == "KHBasis"]
    assert len(bases) == 4
    assert bases[0].text.startswith("Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng")
    assert bases[3].text.startswith("Thực hiện Kế hoạch số 103/KH-UBND ngày 13/3/2024")
    assert all(p.text.endswith(";") for p in bases[:-1]) and bases[-1].text.endswith(".")
    for p in bases:
        assert _fmt(d, p)[:3] == (14, False, True)
        assert alignment(p) == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_body_paragraphs_justified_indented_spaced(hai_yen_doc):
    d = hai_yen_doc
    body = [p for p in d.paragraphs if p.style.style_id in ("KHBody", "KHPart", "KHHeading")]
    assert len(body) > 60
    style = d.styles["KH Nội dung"]
    pf = style.paragraph_format
    assert pf.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert abs(pf.first_line_indent.cm - 1.0) < 0.01
    assert pf.space_before.pt == 6
    assert 1.0 <= pf.line_spacing <= 1.5
    for p in body:
        assert p.paragraph_format.alignment is None  # nothing overrides the style
        assert {size_pt(d, p, r) for r in texted_runs(p)} == {14}


def test_numbering_comes_from_structure(hai_yen_doc):
    parts = [p.text for p in hai_yen_doc.paragraphs if p.style.style_id == "KHPart"]
    assert [t.split(". ")[0] for t in parts] == ["I", "II", "III", "IV"]
    assert parts[0] == "I. MỤC ĐÍCH, YÊU CẦU"
    assert parts[2] == "III. GIẢI PHÁP THỰC HIỆN"
    headings = [p.text for p in hai_yen_doc.paragraphs if p.style.style_id == "KHHeading"]
    assert headings == ["1. Mục đích", "2. Yêu cầu", "1. Mục tiêu", "1.1. Mục tiêu chung",
                        "1.2. Mục tiêu cụ thể"]
    for p in hai_yen_doc.paragraphs:
        if p.style.style_id in ("KHPart", "KHHeading"):
            assert all(r.bold is not False for r in p.runs) and flag(p, texted_runs(p)[0], "bold")


def test_every_criterion_is_rendered(hai_yen_doc, hai_yen_plan):
    texts = [p.text for p in hai_yen_doc.paragraphs]
    criteria = hai_yen_plan.parts[2].children
    assert [c.number for c in criteria] == list(range(1, 20))
    for c in criteria:
        line = f"- Tiêu chí số {c.number} - {c.name}: {c.actions}"
        assert line in texts, f"criterion {c.number} missing"
        i = texts.index(line)
        following = texts[i + 1:i + 1 + len(c.deadlines) + bool(c.responsible) + bool(c.coordinators)]
        for d in c.deadlines:
            assert any(d.when in t and t.startswith("+ Thời gian") for t in following)
        for person in c.responsible:
            assert any(person.title in t and (person.name or "") in t for t in following)
        for body in c.coordinators:
            assert any(body in t and t.startswith(f"+ {c.coordinator_label}: ") for t in following)
    # The lead-in of each criterion is italic and the actions are not.
    line = next(p for p in hai_yen_doc.paragraphs if p.text.startswith("- Tiêu chí số 1 -"))
    lead = [r for r in line.runs if r.text.startswith("Tiêu chí số 1")][0]
    assert lead.italic is True
    assert [r for r in line.runs if r.text.startswith(" tiếp tục")][0].italic is not True


def test_closing_signature_and_recipients(hai_yen_doc):
    d = hai_yen_doc
    closing = [p for p in d.paragraphs if p.text.strip()][-1]
    assert closing.text.endswith("được phân công./.")
    table = d.tables[-1]
    recipients, signer = table.rows[0].cells
    rec = _cell_paragraphs(recipients)
    assert rec[0].text == "Nơi nhận:"
    assert _fmt(d, rec[0])[:3] == (12, True, True)
    assert [p.text for p in rec[1:]] == [
        "- BCĐ XD NTM huyện;", "- VP ĐP XDNTM huyện;", "- TT Đảng ủy, HĐND xã;",
        "- CT, PCT UBND xã;", "- Thành viên BCĐ, BQL xã;", "- Ban phát triển các thôn;",
        "- Lưu: VT, VP."]
    for p in rec[1:]:
        assert _fmt(d, p)[:3] == (11, False, False)
    sig = _cell_paragraphs(signer)
    assert [p.text for p in sig] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Hứa Xuân Dương"]
    for p in sig:
        assert _fmt(d, p)[:3] == (14, True, False)
    empty_between = [p for p in signer.paragraphs if not p.text.strip()]
    assert len(empty_between) >= 3
    row_props = table.rows[0]._tr.trPr
    assert row_props.find(qn("w:cantSplit")) is not None  # kept on one page


def test_page_setup_margins_and_numbers(hai_yen_doc):
    section = hai_yen_doc.sections[0]
    assert section.page_width == 11906 * 635 and section.page_height == 16838 * 635
    assert abs(section.top_margin - Mm(20)) < 635 * 3
    assert abs(section.bottom_margin - Mm(20)) < 635 * 3
    assert abs(section.left_margin - Mm(30)) < 635 * 3
    assert abs(section.right_margin - Mm(15)) < 635 * 3
    assert section.different_first_page_header_footer
    first = section.first_page_header._element.xml
    assert "PAGE" not in first
    default = section.header
    field = default._element.xml
    assert "<w:instrText" in field and " PAGE " in field
    p = default.paragraphs[0]
    assert alignment(p) == WD_ALIGN_PARAGRAPH.CENTER
    assert p.style.font.size.pt == 14 and not p.style.font.bold and not p.style.font.italic


def test_every_run_is_times_new_roman(hai_yen_doc):
    d = hai_yen_doc
    paragraphs = list(d.paragraphs)
    for table in d.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for p in paragraphs:
        for r in texted_runs(p):
            assert font_name(d, p, r) == "Times New Roman"
    fonts = d.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
    assert {fonts.get(qn(a)) for a in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia")} == {
        "Times New Roman"}


def test_seed_defects_are_fixed(hai_yen_doc):
    text = "\n".join(p.text for p in hai_yen_doc.paragraphs)
    full = _all_text(hai_yen_doc)
    assert text.count("\nI. ") + text.startswith("I. ") == 1
    assert "- Lưu VP." not in full and "- Lưu: VT, VP." in full
    for stray in (",:", ";;", "..", ": :"):
        assert stray not in full.replace("./.", ""), stray
    assert "17- " not in full and "– " not in full
    assert "TM. ỦY BAN NHÂN DÂN" in full


def test_example_keeps_the_seed_words(hai_yen_doc, seed_text):
    """Word-level recall against the seed draft, ignoring case and punctuation."""
    def words(s):
        return collections.Counter(re.findall(r"\w+", s.lower()))

    seed, out = words(seed_text), words(_all_text(hai_yen_doc))
    recall = sum(min(n, out[w]) for w, n in seed.items()) / sum(seed.values())
    assert recall >= 0.97, recall


def test_same_plan_same_bytes(hai_yen_plan, hai_yen_bytes):
    assert kh.render(hai_yen_plan) == hai_yen_bytes


TRICKY = 'A & B <c> "d" \'e\' {{ x }} {% if y %} {_{ }_} %_} line\nbreak\ttab – “Đ” NĐ30'
#: The same in a field printed as one line (a căn cứ, an official): no line break, no tab.
TRICKY_LINE = TRICKY.replace("\n", " ").replace("\t", " ")


def _tricky_plan():
    return kh.Plan(
        # Not a Ủy ban nhân dân: its signature lines are free (a UBND's are the decree's).
        issuer=kh.Issuer(["Ban Chỉ đạo", "xã A & B"], "A & B", code="BCĐ"),
        date=kh.IssueDate(2024, 3, 13),
        number=kh.DocumentNumber(5),
        title=TRICKY,
        legal_bases=[kh.LegalBasis("Quyết định", "1/QĐ-UBND", subject=TRICKY_LINE)],
        opening=TRICKY,
        parts=[kh.Part("Nội dung <1> & {{ z }}", [
            kh.Item(title=TRICKY, children=[kh.Point(TRICKY, lead_in="x & y:")]),
            kh.CriterionSolution(number=1, name="Q & H", actions=TRICKY,
                                 responsible=[kh.Official(TRICKY_LINE, name="Lê Văn A")],
                                 coordinators=[TRICKY_LINE]),
            kh.TaskTable([kh.TaskRow(TRICKY, lead_agency="A & B", support="<c>", deadline="{{ d }}")]),
        ])],
        closing="Kết thúc & {{ end }}",
        signer=kh.Signer("Hứa Xuân Dương", title="Chủ tịch & {{ t }}"),
        recipients=[kh.Recipient("A & <B>")],
    )


def _text_with_breaks(paragraph) -> str:
    out = []
    for node in paragraph._p.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:br"):
            out.append("\n")
        else:
            out.append("\t")
    return "".join(out)


def test_user_text_comes_out_exactly(tmp_path):
    data = kh.render(_tricky_plan())
    d = docx.Document(io.BytesIO(data))
    texts = [_text_with_breaks(p) for p in d.paragraphs]
    cells = [_text_with_breaks(p) for t in d.tables for r in t.rows for c in r.cells
             for p in c.paragraphs]
    assert TRICKY in texts  # trích yếu
    assert f"Căn cứ Quyết định số 1/QĐ-UBND {TRICKY_LINE}." in texts
    assert f"1. {TRICKY}" in texts
    assert f"a) x & y: {TRICKY}" in texts
    assert f"- Tiêu chí số 1 - Q & H: {TRICKY}" in texts
    assert f"+ Công chức tham mưu thực hiện: Lê Văn A, {TRICKY_LINE};" in texts
    assert "I. NỘI DUNG <1> & {{ Z }}" in texts
    assert "Kết thúc & {{ end }}./." in texts
    assert TRICKY in cells and "{{ d }}" in cells and "<c>" in cells
    assert "A & B, ngày 13 tháng 3 năm 2024" in cells
    assert "- A & <B>;" in cells and "CHỦ TỊCH & {{ T }}" in cells


def test_save_is_atomic(tmp_path, monkeypatch, hai_yen_plan):
    target = tmp_path / "plan.docx"
    target.write_bytes(b"the good old file")

    def broken(*args, **kwargs):
        raise RuntimeError("render failed")

    # By its dotted name: kehoach imports kehoach.api lazily, so ``kh.api`` may not be loaded
    # yet when this test runs alone.
    monkeypatch.setattr("kehoach.api.render", broken)
    with pytest.raises(RuntimeError, match="render failed"):
        kh.save(hai_yen_plan, target)
    assert target.read_bytes() == b"the good old file"
    assert [p.name for p in tmp_path.iterdir()] == ["plan.docx"]
    monkeypatch.undo()
    kh.save(hai_yen_plan, target)
    assert target.read_bytes()[:2] == b"PK"


def test_example_script_writes_into_the_current_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    path = load_example().main([])
    assert path == tmp_path / "hai_yen_2024.docx" or path.resolve() == (tmp_path / "hai_yen_2024.docx")
    assert docx.Document(str(tmp_path / "hai_yen_2024.docx")).paragraphs
    load_example().main(["-o", str(tmp_path / "sub.docx")])
    assert (tmp_path / "sub.docx").is_file()


def test_other_profiles_within_the_decree(hai_yen_plan):
    profile = kh.Profile(margin_left_mm=35, size_body=13, first_line_indent_cm=1.27)
    d = docx.Document(io.BytesIO(kh.render(hai_yen_plan, profile)))
    assert abs(d.sections[0].left_margin - Mm(35)) < 635 * 3
    assert d.styles["KH Nội dung"].font.size.pt == 13
    with pytest.raises(kh.PlanDataError, match="Profile.margin_left_mm"):
        kh.Profile(margin_left_mm=20)


def test_readme_api_example_runs(tmp_path, monkeypatch):
    from conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    code = readme.split("```python\n", 1)[1].split("```", 1)[0]
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "README.md", "exec"), namespace)
    assert (tmp_path / "ke_hoach.docx").read_bytes() == namespace["data"]
    texts = [p.text for p in docx.Document(str(tmp_path / "ke_hoach.docx")).paragraphs]
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "a) …" in texts
