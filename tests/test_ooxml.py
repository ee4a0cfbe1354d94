"""Every document kehoach writes is valid OOXML, as Word's strict readers see it.

openxml-audit (pure Python, a port of the Open XML SDK's validator) checks the schema of every
part and the relationships Word requires. It runs with two profiles: Office 2007, the oldest
Word that reads .docx (its schema knows fewest attributes), and Microsoft 365.
"""

from __future__ import annotations

import pytest
from conftest import ROOT, load_example
from openxml_audit import FileFormat, OpenXmlValidator

import kehoach as kh
from kehoach import data

PROFILES = (FileFormat.OFFICE_2007, FileFormat.MICROSOFT_365)


def ooxml_errors(path) -> list[str]:
    """Every validation error of the .docx at ``path``, under each profile, as text."""
    errors = []
    for profile in PROFILES:
        result = OpenXmlValidator(file_format=profile, max_errors=0).validate(str(path))
        errors += [f"{profile.name}: {error}" for error in result.errors]
    return errors


def _variants_plan() -> kh.Plan:
    """A plan with every block the template has: lettered parts, task table, appendices, draft."""
    rows = [kh.TaskRow(f"Nhiệm vụ {i}", "Văn phòng", "Các thôn", "Quý II/2024") for i in range(3)]
    return kh.Plan(
        issuer=kh.Issuer(["Ủy ban nhân dân huyện Tiên Yên", "Ủy ban nhân dân", "xã Hải Yến"],
                         "Hải Yến"),
        date=kh.IssueDate(2024),
        number=kh.DocumentNumber(None),
        title="Thực hiện nhiệm vụ năm 2024",
        parts=[kh.Part("Mục đích, yêu cầu", [
                   kh.Item(title="Mục đích", children=[kh.Point("một"), kh.Point("hai")]),
                   kh.Paragraph("Nội dung chi tiết tại Phụ lục kèm theo.")]),
               kh.Part("Phân công", [kh.TaskTable(rows)])],
        signer=kh.Signer("Hứa Xuân Dương", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        appendices=[kh.Appendix("Danh mục nhiệm vụ", [kh.Paragraph("Nội dung phụ lục.")]),
                    kh.Appendix("Kinh phí", [kh.Point("Một khoản.")])],
    )


def test_validator_catches_what_word_refuses(tmp_path):
    """The validator is not a no-op: a document without its font table and theme fails."""
    import io
    import zipfile

    source = zipfile.ZipFile(io.BytesIO(kh.render(load_example().build_plan())))
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(broken, "w") as out:
        for name in source.namelist():
            content = source.read(name)
            if name == "word/_rels/document.xml.rels":
                content = content.replace(b'Type="http://schemas.openxmlformats.org/'
                                          b'officeDocument/2006/relationships/theme"',
                                          b'Type="http://example.com/not-a-theme"')
            if name == "word/document.xml":
                content = content.replace(b'<w:tblLook w:val="0600"/>',
                                          b'<w:tblLook w:val="0600" w:firstRow="0"/>', 1)
            out.writestr(name, content)
    errors = ooxml_errors(broken)
    assert any("relationships/theme' is missing" in e for e in errors), errors
    assert any(e.startswith("OFFICE_2007") and "'firstRow' attribute is not declared" in e
               for e in errors), errors


EXAMPLES = sorted(p.stem for p in (ROOT / "examples").glob("*.yaml"))


def test_the_examples_are_found():
    assert {"hai_yen_2024", "phong_chong_thien_tai_2026", "chuyen_doi_so_2026"} <= set(EXAMPLES)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_example_is_valid_ooxml(tmp_path, name):
    plan = data.load(ROOT / "examples" / f"{name}.yaml")
    path = kh.save(plan, tmp_path / f"{name}.docx")
    assert ooxml_errors(path) == []


def test_every_block_of_the_template_is_valid_ooxml(tmp_path):
    path = kh.save(_variants_plan(), tmp_path / "variants.docx")
    assert ooxml_errors(path) == []

