"""The shapes real plans use (issue 10) and the names of the API (issue 14.10–14.11).

Run-in headings, heading styles, footnotes, căn cứ citing several documents, the closing block
of the decree (the Lưu count, ô 12, the signer's extra lines), layout in data files, drafts
without a name or a day, and the third example that uses them all. Each test reads the .docx
back; where layout matters, LibreOffice renders it.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import warnings
import zipfile

import pytest
from conftest import ROOT, load_example
from lxml import etree

import kehoach as kh
from kehoach import data
from kehoach.checker import check

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}
HAS_SOFFICE = shutil.which("soffice") is not None


def part(document: bytes, name: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(document)).read(name))


def text_of(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))


def paragraph(document: bytes, start: str) -> etree._Element:
    for p in part(document).iter(f"{{{W}}}p"):
        if text_of(p).startswith(start):
            return p
    raise AssertionError(f"no paragraph starts with {start!r}")


def runs(p: etree._Element) -> list[tuple[str, bool | None, bool | None]]:
    """(text, bold, italic) of each run with text, as its own properties set them."""
    out = []
    for r in p.xpath("w:r[w:t]", namespaces=NS):
        def flag(name):
            e = r.find(f"w:rPr/w:{name}", NS)
            return None if e is None else e.get(f"{{{W}}}val", "true") != "0"
        out.append((text_of(r), flag("b"), flag("i")))
    return out


def style(p: etree._Element) -> str:
    return p.xpath("w:pPr/w:pStyle/@w:val", namespaces=NS)[0]


def plan(*blocks, **changes) -> kh.Plan:
    fields = dict(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An"),
        date=kh.IssueDate(2026, 3, 2), number=kh.DocumentNumber(4),
        title="Thực hiện nhiệm vụ năm 2026",
        parts=[kh.Part("Tổ chức thực hiện", list(blocks) or ["Nội dung."])],
        signer=kh.Signer("Nguyễn Văn An", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        closing="Trên đây là Kế hoạch của Ủy ban nhân dân xã Hòa An")
    fields.update(changes)
    return kh.Plan(**fields)


# --------------------------------------------------------------------------------------------
# 10.2–10.3 Run-in headings and heading styles


def test_a_run_in_heading_is_one_line_with_its_title_bold():
    document = kh.render(plan(kh.Item(title="Sở Tư pháp", text="chủ trì, phối hợp thực hiện.",
                                      run_in="cùng dòng")))
    p = paragraph(document, "1. Sở Tư pháp")
    assert text_of(p) == "1. Sở Tư pháp: chủ trì, phối hợp thực hiện."
    assert style(p) == "KHBody"
    assert runs(p) == [("1. ", True, None), ("Sở Tư pháp", True, None), (":", True, None),
                       (" ", None, None), ("chủ trì, phối hợp thực hiện.", None, None)]


def test_run_in_with_only_the_number_bold_and_by_the_plans_default():
    headings = kh.Headings(run_in=kh.RunIn.NUMBER)
    document = kh.render(plan(kh.Item(title="Sở Tư pháp:", text="chủ trì."),
                              kh.Item(title="Tiêu đề riêng", text="nội dung.", run_in="riêng dòng"),
                              headings=headings))
    p = paragraph(document, "1. Sở Tư pháp")
    assert text_of(p) == "1. Sở Tư pháp: chủ trì."  # no second colon
    assert [r[1] for r in runs(p)] == [True, None, None, None]
    assert style(paragraph(document, "2. Tiêu đề riêng")) == "KHHeading"  # the item's own choice
    assert style(paragraph(document, "nội dung.")) == "KHBody"


def test_without_run_in_an_item_with_title_and_text_is_two_paragraphs_as_before():
    document = kh.render(plan(kh.Item(title="Mục đích", text="Nội dung.")))
    assert style(paragraph(document, "1. Mục đích")) == "KHHeading"
    assert text_of(paragraph(document, "Nội dung.")) == "Nội dung."


def test_heading_styles_by_level():
    headings = kh.Headings(sub_item="đậm nghiêng", point="đậm")
    document = kh.render(plan(
        kh.Item(title="Khoản", children=[
            kh.Item(title="Tiểu mục", children=[
                kh.Point(title="Đối với cấp xã", children=[kh.Bullet("việc một.")])])]),
        headings=headings))
    assert runs(paragraph(document, "1. Khoản")) == [("1. ", None, None), ("Khoản", None, None)]
    sub = paragraph(document, "1.1. Tiểu mục")
    assert style(sub) == "KHHeading" and {r[2] for r in runs(sub)} == {True}
    point = paragraph(document, "a) Đối với cấp xã")
    assert style(point) == "KHHeading"  # bold by the heading style, with keep-with-next
    assert text_of(paragraph(document, "- việc một.")) == "- việc một."


def test_rendered_headings_pass_the_checker():
    headings = kh.Headings(sub_item="đậm nghiêng", run_in="cùng dòng")
    document = kh.render(plan(
        kh.Item(title="Nhiệm vụ", children=[
            kh.Item(title="Tiểu mục", children=[kh.Point("một;"), kh.Point("hai.")])]),
        kh.Item(title="Đối tượng", children=[
            kh.Point(title="Đối với cấp xã", text="thực hiện ngay."),
            kh.Point(title="Đối với thôn", children=[kh.Bullet("việc.")])]),
        kh.Item(title="Sở Tư pháp", text="chủ trì."),
        headings=headings))
    report = check(document, render=False)
    assert report.ok, report.to_text()


# --------------------------------------------------------------------------------------------
# 10.6 Footnotes


def test_footnotes_are_word_footnotes():
    document = kh.render(plan(
        kh.Paragraph(kh.RichText("Luật Đất đai", kh.Footnote("Luật số 31/2024/QH15."),
                                 " và Luật Nhà ở", kh.Footnote(kh.RichText(
                                     "Có hiệu lực từ ", kh.bold("01/8/2024"), "."))))))
    package = zipfile.ZipFile(io.BytesIO(document))
    assert "word/footnotes.xml" in package.namelist()
    rels = package.read("word/_rels/document.xml.rels").decode()
    assert 'relationships/footnotes" Target="footnotes.xml"' in rels
    assert "footnotes+xml" in package.read("[Content_Types].xml").decode()
    refs = [int(r.get(f"{{{W}}}id")) for r in part(document).iter(f"{{{W}}}footnoteReference")]
    assert refs == [1, 2]
    notes = part(document, "word/footnotes.xml")
    by_id = {int(n.get(f"{{{W}}}id")): n for n in notes.iter(f"{{{W}}}footnote")}
    assert set(by_id) == {-1, 0, 1, 2}
    assert text_of(by_id[1]) == " Luật số 31/2024/QH15."
    second = by_id[2].find("w:p", NS)
    assert ("01/8/2024", True, None) in runs(second)
    assert second.find("w:r/w:footnoteRef", NS) is not None  # Word numbers it
    styles = part(document, "word/styles.xml")
    size = styles.xpath("w:style[@w:styleId='FootnoteText']/w:rPr/w:sz/@w:val", namespaces=NS)
    assert [int(v) / 2 for v in size] == [kh.DEFAULT_PROFILE.size_footnote]
    assert 10 <= kh.DEFAULT_PROFILE.size_footnote <= 12
    assert check(document, render=False).ok


def test_the_checker_reads_the_footnotes():
    """A footnote typed in another font is seen (R6), as text of the document."""
    document = kh.render(plan(kh.Paragraph(kh.RichText("Luật", kh.Footnote("Chú thích.")))))
    assert check(document, render=False).finding("R6").status == "pass"
    source = zipfile.ZipFile(io.BytesIO(document))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/footnotes.xml":
                content = content.replace(
                    b'<w:t xml:space="preserve">Ch', b'<w:rPr><w:rFonts w:ascii="Arial" '
                    b'w:hAnsi="Arial"/></w:rPr><w:t xml:space="preserve">Ch')
            target.writestr(name, content)
    finding = check(out.getvalue(), render=False).finding("R6")
    assert finding.status == "fail"
    assert "chú thích" in str(finding.problems[0].where) + str(finding.problems[0])


def test_a_plan_without_footnotes_has_no_footnotes_part():
    package = zipfile.ZipFile(io.BytesIO(kh.render(plan())))
    assert "word/footnotes.xml" not in package.namelist()


def test_footnotes_anywhere_in_running_text():
    note = kh.Footnote("chú thích")
    document = kh.render(plan(
        kh.Item(title=kh.RichText("Tiêu đề", note), children=[
            kh.Point(kh.RichText("điểm", note), lead_in=kh.RichText("Mở đầu", note)),
            kh.Table(["Cột"], [[kh.RichText("ô", note)]])]),
        opening=kh.RichText("Mở đầu", note), closing=kh.RichText("Kết thúc", note)))
    refs = list(part(document).iter(f"{{{W}}}footnoteReference"))
    assert [int(r.get(f"{{{W}}}id")) for r in refs] == [1, 2, 3, 4, 5, 6]
    closing = paragraph(document, "Kết thúc")
    assert text_of(closing) == "Kết thúc./."  # the final mark after the words, the note before


# --------------------------------------------------------------------------------------------
# 10.7 Căn cứ citing several documents in one line


def test_one_basis_line_cites_several_documents():
    basis = kh.LegalBasis("Luật Phòng, chống thiên tai", date=dt.date(2013, 6, 19), also=[
        kh.CitedDocument("Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và "
                         "Luật Đê điều", date=dt.date(2020, 6, 17))])
    other = kh.LegalBasis("Nghị định", "66/2021/NĐ-CP", dt.date(2021, 7, 6), "Chính phủ")
    document = kh.render(plan(legal_bases=[basis, other]))
    assert text_of(paragraph(document, "Căn cứ Luật Phòng")) == (
        "Căn cứ Luật Phòng, chống thiên tai ngày 19/6/2013; Luật sửa đổi, bổ sung một số điều "
        "của Luật Phòng, chống thiên tai và Luật Đê điều ngày 17/6/2020;")
    text = """\
legal_bases:
  - kind: Luật Phòng, chống thiên tai
    date: 19/6/2013
    also:
      - {kind: Luật Đê điều, date: 29/11/2006}
"""
    loaded = data.loads(MINIMAL + text)
    assert loaded.legal_bases[0].also == (kh.CitedDocument("Luật Đê điều",
                                                           date=dt.date(2006, 11, 29)),)


# --------------------------------------------------------------------------------------------
# 10.8 The closing block


def test_the_archive_count_the_drafter_mark_and_the_signers_extra_lines():
    signer = kh.Signer("Phạm Văn Đức", title="Trưởng ban",
                       authorities=[kh.Authority("TM", "Ban Chỉ đạo")],
                       more_titles=["Chủ tịch UBND xã"], titles_above_name=["Bí thư Đảng ủy"])
    document = kh.render(plan(
        issuer=kh.Issuer(["Ban Chỉ đạo chuyển đổi số", "xã Hòa An"], "Hòa An", code="BCĐ"),
        number=kh.DocumentNumber(4, issuer_codes=["BCĐ"]),
        signer=signer, archive=kh.Archive(["VP", "KT"], copies=2),
        drafter=kh.Drafter("PL", 300)))
    last = paragraph(document, "- Lưu:")
    assert text_of(last) == "- Lưu: VT, VP, KT (02b). PL.(300)"
    sizes = set(last.xpath(".//w:sz/@w:val", namespaces=NS)) or {"from style"}
    assert style(last) == "KHRecipient" and sizes == {"from style"}  # 11 pt, upright
    cell = [text_of(p) for p in part(document).iter(f"{{{W}}}p")]
    i = cell.index("TM. BAN CHỈ ĐẠO")
    assert cell[i:i + 3] == ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "CHỦ TỊCH UBND XÃ"]
    j = cell.index("Phạm Văn Đức")
    assert cell[j - 1] == "BÍ THƯ ĐẢNG ỦY" and all(t == "" for t in cell[i + 3:j - 1])
    report = check(document, render=False)
    assert report.ok, report.to_text()
    assert report.finding("R44").status == "pass"  # ô 12 found and 11 pt


@pytest.mark.parametrize(("written", "expected"), [
    ("PL.(300)", kh.Drafter("PL", 300)), ("HN (20)", kh.Drafter("HN", 20)),
])
def test_the_drafter_mark_in_data_files(written, expected):
    assert data.loads(MINIMAL + f"drafter: {written}\n").drafter == expected
    with pytest.raises(data.PlanFileError, match="PL.\\(300\\)"):
        data.loads(MINIMAL + "drafter: pl 300\n")


def test_every_italic_paragraph_and_every_cross_field_problem_is_reported_at_once():
    """Found by the re-review: each wholly italic paragraph, then the appendix no one
    mentions, took a run each."""
    text = MINIMAL.replace("      - Trồng cây xanh trên địa bàn xã.\n",
                           "      - Trồng cây xanh trên địa bàn xã.\n"
                           "      - '*Toàn bộ đoạn này in nghiêng.*'\n"
                           "      - Đoạn thường.\n"
                           "      - '*Đoạn nghiêng thứ hai.*'\n")
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(text)
    assert [(p.where, p.line) for p in caught.value.problems] == [
        ("parts[0].children[1].text", 10), ("parts[0].children[3].text", 12)]
    with pytest.raises(kh.PlanDataError) as many:
        plan(number=kh.DocumentNumber(5, "KH", ("UBND",)),
             signer=kh.Signer(title="Chủ tịch", authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
             appendices=[kh.Appendix("Danh mục", [kh.Paragraph("Một.")])])
    assert {e.path for e in many.value.errors} == {"Plan.signer.name", "Plan.appendices"}


@pytest.mark.parametrize("unit", ["VT", "vt", "Văn thư"])
def test_vt_typed_among_the_archive_units_is_refused_not_printed_twice(unit):
    """``units: [VT, KT]`` printed ``- Lưu: VT, VT, KT (02b).``: VT is printed first always."""
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(MINIMAL + f"archive:\n  units: [KT, {unit}]\n")
    (problem,) = caught.value.problems
    assert problem.where == "archive.units[1]" and problem.line == MINIMAL.count("\n") + 2
    assert "VT (văn thư) đã in sẵn" in problem.message
    assert data.loads(MINIMAL + "archive:\n  units: [KT, VP]\n").archive == kh.Archive(
        ["KT", "VP"])


# --------------------------------------------------------------------------------------------
# 10.9 Layout choices in data files


@pytest.mark.parametrize("written", ["1,2", '"1,2"', '"1.2"', "1.2"])
def test_a_layout_number_with_a_decimal_comma(written):
    """``line_spacing: 1,2`` as Vietnamese writes it (YAML reads it as text) was refused."""
    import jsonschema
    import yaml

    from kehoach.data.schema import json_schema

    text = MINIMAL + f"layout:\n  line_spacing: {written}\n"
    assert data.loads(text).layout.line_spacing == 1.2
    assert not list(jsonschema.Draft202012Validator(json_schema()).iter_errors(
        yaml.safe_load(text)))
    with pytest.raises(data.PlanFileError, match=r"1,6 nằm ngoài khoảng .*\(1–1,5\)"):
        data.loads(MINIMAL + "layout:\n  line_spacing: 1,6\n")


def test_layout_in_a_data_file_with_its_ranges():
    loaded = data.loads(MINIMAL + "layout:\n  size_body: 13\n  header_left_cm: 6.1\n"
                                  "  size_issuer: 12\n  margin_left_mm: 35\n")
    assert loaded.layout == kh.Profile(size_body=13, header_left_cm=6.1, size_issuer=12,
                                       margin_left_mm=35)
    styles = part(kh.render(loaded), "word/styles.xml")
    body = styles.xpath("w:style[@w:styleId='KHBody']/w:rPr/w:sz/@w:val", namespaces=NS)
    assert body == ["26"]
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(MINIMAL + "layout:\n  size_body: 15\n  header_left_cm: 9\n  colour: red\n")
    assert [(p.where, p.line) for p in caught.value.problems] == [
        ("layout.size_body", 15), ("layout.header_left_cm", 16), ("layout.colour", 17)]
    assert "13–14" in caught.value.problems[0].message
    # An explicit profile still wins over the plan's own.
    explicit = part(kh.render(loaded, kh.Profile()), "word/styles.xml")
    assert explicit.xpath("w:style[@w:styleId='KHBody']/w:rPr/w:sz/@w:val",
                          namespaces=NS) == ["28"]


def test_a_long_issuer_name_fits_its_lines_with_a_wider_column_and_smaller_type():
    from kehoach.layout.metrics import text_width_tw
    from kehoach.rendering.context import build_context

    name = "Ban Chỉ đạo chuyển đổi số xã Hòa An"
    long_named = plan(issuer=kh.Issuer([name], "Hòa An", code="BCĐ"))
    default = kh.Profile()
    chosen = kh.Profile(header_left_cm=7.1, size_issuer=12, size_national_title=12)

    def lines(profile):
        printed = build_context(long_named, profile)["issuer_lines"]
        room = profile.cm_tw(profile.header_left_cm) - 2 * profile.cell_padding_tw
        assert all(text_width_tw(line, profile.size_issuer, bold=True) < room
                   for line in printed)
        return printed

    # Broken before the unit's name; what comes before it, still too long, broken by meaning
    # (it printed «BAN CHỈ ĐẠO CHUYỂN» / «ĐỔI SỐ XÃ HÒA AN», a word cut in two).
    assert lines(default) == ["BAN CHỈ ĐẠO", "CHUYỂN ĐỔI SỐ", "XÃ HÒA AN"]
    assert lines(chosen) == ["BAN CHỈ ĐẠO CHUYỂN ĐỔI SỐ", "XÃ HÒA AN"]


@pytest.mark.parametrize(("name", "printed"), [
    ("Sở Nông nghiệp và Môi trường", ["SỞ NÔNG NGHIỆP", "VÀ MÔI TRƯỜNG"]),
    ("Ban Chỉ đạo chuyển đổi số", ["BAN CHỈ ĐẠO", "CHUYỂN ĐỔI SỐ"]),
    ("Ủy ban Mặt trận Tổ quốc Việt Nam", ["ỦY BAN MẶT TRẬN", "TỔ QUỐC VIỆT NAM"]),
    ("Ban Chỉ huy Phòng thủ dân sự tỉnh Quảng Trị",
     ["BAN CHỈ HUY", "PHÒNG THỦ DÂN SỰ", "TỈNH QUẢNG TRỊ"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["SỞ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"]),
])
def test_a_long_issuer_name_breaks_by_meaning_not_inside_a_word(name, printed):
    """Found by the re-review: «SỞ NÔNG NGHIỆP VÀ MÔI / TRƯỜNG», «ỦY BAN MẶT TRẬN TỔ / QUỐC
    VIỆT NAM» were cut at the last space that fit, inside a two-syllable word."""
    from kehoach.rendering.context import build_context

    named = plan(issuer=kh.Issuer([name], "Hòa An", code="BCĐ"))
    assert build_context(named, kh.Profile())["issuer_lines"] == printed
    assert not kh.check(kh.render(named), render=False).failed_rules(hard=True)


# --------------------------------------------------------------------------------------------
# 10.10 Drafts without a name or a day


def test_a_draft_without_the_signers_name_and_with_a_month_only():
    draft = plan(number=kh.DocumentNumber(None), date=kh.IssueDate(2026, 1),
                 signer=kh.Signer(title="Chủ tịch",
                                  authorities=[kh.Authority("TM", "Ủy ban nhân dân")]))
    document = kh.render(draft)
    texts = [text_of(p) for p in part(document).iter(f"{{{W}}}p")]
    assert "Hòa An, ngày      tháng 01 năm 2026" in texts
    name = part(document).xpath("//w:p[w:pPr/w:pStyle/@w:val='KHSignerName']", namespaces=NS)
    assert [text_of(p) for p in name] == [""]  # the line is left for the name
    report = check(document, render=False)
    assert report.ok, report.to_text()
    with pytest.raises(kh.PlanDataError, match="^Plan.signer.name"):
        plan(signer=kh.Signer(title="Chủ tịch"))  # numbered and dated: a name is needed
    loaded = data.loads(MINIMAL.replace("date: 05/02/2026", "date: 01/2026").replace(
        "  name: Nguyễn Văn An\n", ""))
    assert loaded.signer.name is None and loaded.date == kh.IssueDate(2026, 1)


# --------------------------------------------------------------------------------------------
# 14.10 Names that say one thing; 14.11 block types in Vietnamese


def test_old_names_keep_working_with_a_warning():
    with pytest.warns(DeprecationWarning, match="lead_in"):
        point = kh.Point("text", lead="Mở đầu:")
    assert point.lead_in == "Mở đầu:"
    with pytest.warns(DeprecationWarning, match="Point.lead_in"):
        assert point.lead == "Mở đầu:"
    with pytest.warns(DeprecationWarning, match="responsible"):
        c = kh.CriterionSolution(number=1, actions="x", leads=[kh.Official("CC")],
                                 lead_label="Đơn vị")
    assert c.responsible == (kh.Official("CC"),) and c.responsible_label == "Đơn vị"
    with pytest.warns(DeprecationWarning, match="lead_agency"):
        assert kh.TaskRow("x", lead="Văn phòng").lead_agency == "Văn phòng"
    with pytest.raises(TypeError):
        kh.Bullet("x", lead="a", lead_in="b")
    text = MINIMAL.replace("      - Trồng cây xanh trên địa bàn xã.",
                           "      - {type: bullet, lead: 'Mở đầu:', text: x}")
    with pytest.warns(DeprecationWarning, match="'lead'"):
        assert data.loads(text).parts[0].children[0].lead_in == "Mở đầu:"


def test_a_renamed_argument_warns_in_a_script_at_the_callers_line(tmp_path):
    """Python shows a DeprecationWarning only when attributed to ``__main__``: the warning
    pointed into kehoach (errors.py) and a script printed nothing."""
    import subprocess
    import sys

    script = tmp_path / "old_names.py"
    script.write_text("import kehoach as kh\n"
                      "row = kh.TaskRow(content='x', lead='A')\n"
                      "print(row.lead)\n", encoding="utf-8")
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True,
                          env={k: v for k, v in os.environ.items() if k != "PYTHONWARNINGS"})
    assert done.returncode == 0 and done.stdout.strip() == "A"
    assert f"{script}:2: DeprecationWarning: TaskRow(lead=…) đã đổi tên thành lead_agency" \
        in done.stderr, done.stderr
    assert f"{script}:3: DeprecationWarning: TaskRow.lead đã đổi tên" in done.stderr


def test_issue_date_from_a_date_and_a_str_child_is_a_paragraph():
    assert kh.IssueDate(dt.date(2024, 2, 5)) == kh.IssueDate(2024, 2, 5)
    assert plan(date=dt.date(2026, 3, 2)).date == kh.IssueDate(2026, 3, 2)
    with pytest.raises(kh.PlanDataError, match="^IssueDate.year: chỉ ghi ngày"):
        kh.IssueDate(dt.datetime(2024, 2, 5, 8, 0))
    assert kh.Part("Nội dung", ["a", kh.bold("b")]).children == (
        kh.Paragraph("a"), kh.Paragraph(kh.bold("b")))
    assert kh.Bullet("x", children=["y"]).children == (kh.Paragraph("y"),)


def test_help_lists_every_field_with_its_vietnamese_term():
    doc = kh.Plan.__doc__
    for f in ("issuer", "date", "title", "parts", "signer", "legal_bases", "opening",
              "closing", "archive", "drafter", "headings", "layout"):
        assert f"\n    {f} (" in doc, f
    assert "title (str): Trích yếu:" in doc
    assert "lead_agency (str | RichText | None, tùy chọn): Cơ quan chủ trì" in kh.TaskRow.__doc__


def test_the_documents_properties_carry_the_title_and_the_issuer():
    long = "Thực hiện " + "nhiệm vụ " * 40 + "& <năm> 2026"
    document = kh.render(plan(title=long))
    core = part(document, "docProps/core.xml")
    dc = {"dc": "http://purl.org/dc/elements/1.1/"}
    title = core.xpath("dc:title/text()", namespaces=dc)[0]
    assert title.startswith("Thực hiện nhiệm vụ") and len(title) == 255 and title[-1] == "…"
    assert core.xpath("dc:creator/text()", namespaces=dc) == ["Ủy ban nhân dân xã Hòa An"]
    short = part(kh.render(plan(title="A & B <c>")), "docProps/core.xml")
    assert short.xpath("dc:title/text()", namespaces=dc) == ["A & B <c>"]


@pytest.mark.parametrize(("written", "cls"), [
    ("điểm", kh.Point), ("diem", kh.Point), ("ĐIỂM", kh.Point), ("khoản", kh.Item),
    ("khoan", kh.Item), ("gạch đầu dòng", kh.Bullet), ("gach dau dong", kh.Bullet),
    ("đoạn văn", kh.Paragraph), ("tiêu chí", kh.CriterionSolution),
])
def test_block_types_in_vietnamese(written, cls):
    fields = {kh.Point: "text: x", kh.Item: "text: x.", kh.Bullet: "text: x",
              kh.Paragraph: "text: x", kh.CriterionSolution: "number: 1, actions: x"}[cls]
    text = MINIMAL.replace("      - Trồng cây xanh trên địa bàn xã.",
                           f"      - {{type: {written}, {fields}}}")
    assert isinstance(data.loads(text).parts[0].children[0], cls)


@pytest.mark.parametrize(("written", "suggested"), [
    ("dash", "bullet"), ("list", "bullet"), ("section", "item"), ("text", "paragraph"),
    ("grid", "table"), ("piont", "point"), ("bảng biểu", "table"), ("gạch ngang", "bullet"),
])
def test_an_unknown_block_type_is_suggested_by_meaning(written, suggested):
    text = MINIMAL.replace("      - Trồng cây xanh trên địa bàn xã.",
                           f"      - {{type: {written}, text: x}}")
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(text)
    [problem] = caught.value.problems
    assert problem.where == "parts[0].children[0].type"
    assert problem.message.endswith(f"(có phải '{suggested}'?)"), problem.message


# --------------------------------------------------------------------------------------------
# 10.11 The third example


def test_the_third_example_is_the_same_plan_in_python_and_yaml():
    python = load_example("chuyen_doi_so_2026").build_plan()
    yaml = data.load(ROOT / "examples" / "chuyen_doi_so_2026.yaml")
    assert yaml == python
    assert kh.render(yaml) == kh.render(python)


def test_the_third_example_uses_every_feature():
    document = kh.render(load_example("chuyen_doi_so_2026").build_plan())
    body = part(document)
    assert len(list(body.iter(f"{{{W}}}footnoteReference"))) == 2
    assert body.xpath("//w:pgSz[@w:orient='landscape']", namespaces=NS)
    assert body.xpath("//w:tc/w:tcPr/w:gridSpan", namespaces=NS)
    assert body.xpath("//w:r/w:rPr/w:u", namespaces=NS)
    texts = [text_of(p) for p in body.iter(f"{{{W}}}p")]
    assert any(t.startswith("Căn cứ Luật Giao dịch điện tử ngày 22/6/2023; Luật Dữ liệu")
               for t in texts)
    assert "- Lưu: VT, VP (02b). HN.(20)" in texts
    assert "KT. CHỦ TỊCH" in texts
    assert any(t.startswith("1. Văn phòng - Thống kê: chủ trì") for t in texts)


# --------------------------------------------------------------------------------------------
# Rendered by LibreOffice


@pytest.fixture(scope="module")
def third_pdf(tmp_path_factory):
    if not HAS_SOFFICE:
        pytest.skip("LibreOffice (soffice) not installed")
    pdfplumber = pytest.importorskip("pdfplumber")
    from kehoach.convert import to_pdf

    folder = tmp_path_factory.mktemp("third")
    source = kh.save(load_example("chuyen_doi_so_2026").build_plan(),
                     folder / "chuyen_doi_so_2026.docx")
    (pdf,) = to_pdf([source])
    with pdfplumber.open(pdf) as document:
        return [(page.width, page.height, page.extract_text() or "",
                 page.extract_words()) for page in document.pages]


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_landscape_page_numbers_and_footnotes_as_libreoffice_lays_them_out(third_pdf):
    orientation = ["landscape" if w > h else "portrait" for w, h, _, _ in third_pdf]
    i = orientation.index("landscape")
    assert orientation[:i] == ["portrait"] * i and orientation[i + 1] == "portrait"
    assert "Chỉ tiêu" in third_pdf[i][2] and "Quý IV" in third_pdf[i][2]

    def number(page):  # the page number: a lone number centred at the top
        w, _, _, words = page
        top = [x for x in words if x["top"] < 60 and x["text"].isdigit()
               and abs((x["x0"] + x["x1"]) / 2 - w / 2) < 40]
        return int(top[0]["text"]) if top else None

    appendix = next(n for n, p in enumerate(third_pdf) if "Phụ lục" in p[2].split("\n")[0])
    assert [number(p) for p in third_pdf[:appendix]] == [None, *range(2, appendix + 1)]
    assert number(third_pdf[appendix]) is None  # the appendix numbers its pages from 1 again
    footnotes = [p[2] for p in third_pdf if "Sở Khoa học và Công nghệ tỉnh." in p[2]]
    assert footnotes and "toàn trình theo danh mục của tỉnh." in third_pdf[i][2]


@pytest.mark.skipif(not HAS_SOFFICE, reason="LibreOffice is not installed")
def test_every_example_passes_the_checker_with_the_rendered_rules(tmp_path):
    from kehoach.checker import check_files

    names = ["hai_yen_2024", "phong_chong_thien_tai_2026", "chuyen_doi_so_2026"]
    paths = [kh.save(data.load(ROOT / "examples" / f"{n}.yaml"), tmp_path / f"{n}.docx")
             for n in names]
    for name, report in zip(names, check_files([p.read_bytes() for p in paths], render=True,
                                               names=names)):
        assert report.rendered, name
        assert report.ok, report.to_text()


MINIMAL = """\
issuer:
  name: [Ủy ban nhân dân, xã Hòa An]
  place: Hòa An
date: 05/02/2026
title: Tổ chức Tết trồng cây năm 2026
parts:
  - title: Nội dung
    children:
      - Trồng cây xanh trên địa bàn xã.
signer:
  name: Nguyễn Văn An
  title: Chủ tịch
  authorities: [TM. Ủy ban nhân dân]
"""

warnings.filterwarnings("default", category=DeprecationWarning)


# --------------------------------------------------------------------------------------------
# docs/data-files.md: every example of the section on real plans loads and renders


def _guide_snippets() -> list[str]:
    import re

    page = (ROOT / "docs" / "data-files.md").read_text(encoding="utf-8")
    section = page.split("## 4. Trình bày như kế hoạch thật", 1)[1].split("\n## 5.", 1)[0]
    return re.findall(r"```yaml\n(.*?)```", section, re.S)


@pytest.mark.parametrize("snippet", _guide_snippets(), ids=lambda s: s.split(":")[0])
def test_the_guides_examples_of_real_plans_load_and_render(snippet):
    import yaml

    plan_data = {**yaml.safe_load(MINIMAL), **yaml.safe_load(snippet)}
    loaded = data.from_data(plan_data)
    assert kh.render(loaded)[:2] == b"PK"


def test_the_guide_has_an_example_per_feature():
    keys = {k for s in _guide_snippets() for k in __import__("yaml").safe_load(s)}
    assert {"opening", "closing", "parts", "headings", "legal_bases", "archive", "drafter",
            "layout", "date", "signer"} <= keys


def test_the_schema_covers_the_new_shapes():
    import jsonschema
    import yaml

    from kehoach.data.schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema())
    third = yaml.safe_load((ROOT / "examples" / "chuyen_doi_so_2026.yaml").read_text("utf-8"))
    assert not list(validator.iter_errors(third))
    base = yaml.safe_load(MINIMAL)
    for wrong in ({"layout": {"size_body": 15}}, {"layout": {"signature_gap_lines": 2}},
                  {"drafter": "pl 300"}, {"archive": {"copies": 0}},
                  {"headings": {"sub_item": "gạch"}},
                  {"parts": [{"title": "A", "children": [{"type": "bảng", "rows": [["x"]]}]}]},
                  {"opening": ["a", {"text": "b", "bold": "có"}]},
                  *({"parts": [{"title": "A", "children": [
                      {"type": "bảng", "columns": [{"header": "A", "width": width}],
                       "rows": [["x"]]}]}]} for width in (0, -1, 101))):
        assert list(validator.iter_errors({**base, **wrong})), wrong
        with pytest.raises(data.PlanFileError):
            data.from_data({**base, **wrong})
