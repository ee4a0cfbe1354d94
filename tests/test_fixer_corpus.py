"""kehoach fix on real documents (tests/corpus/real, a copy of ../shared/corpus/real).

For every file: no crash; documents that do not follow Nghị định 30 are refused; for the
others the words are unchanged outside the fixed forms, fixing twice gives the same bytes, the
formatting violations judged by hand in ``expected.yaml`` are mended, no rule judged correct
(``must_pass``) gets worse, the hard findings drop to at most a fifth in all, the output has no
OOXML validation error the input did not have, and LibreOffice lays it out on no more pages
(or, where a margin or the paper had to grow, on at most a tenth more).
"""

from __future__ import annotations

import io
import zipfile
from functools import cache
from pathlib import Path

import pytest
import yaml
from test_fixer import assert_text_preserved

from kehoach.checker import DocxReadError, check
from kehoach.fixer import fix_bytes

CORPUS = Path(__file__).resolve().parent / "corpus" / "real"
EXPECTED = yaml.safe_load((CORPUS / "expected.yaml").read_text(encoding="utf-8"))["files"]
ENTRIES = {e["file"]: e for e in EXPECTED}
READABLE = [e["file"] for e in EXPECTED if not e.get("unreadable")]
#: Not documents of Nghị định 30: a Party document, the decree itself (a legal normative
#: document), a citizen's petition form. The fixer must leave them alone.
REFUSED = {"22_party_quychi_hd36.docx", "23_nghi_dinh_30_2020.docx",
           "24_don_khoi_kien_legalform.docx"}
#: The violations of expected.yaml that are formatting faults (or fixed forms) the checker
#: reports today, each judged by hand: after ``kehoach fix`` their rule passes.
MENDED = {
    "01_kh_cchc_2026.docx": {"R27"},  # upright căn cứ, the last ending with ';'
    "03_kh_kiem_tra_cchc_2026.docx": {"R2"},  # a 10 mm bottom margin in section 3
    "05_kh_thi_dua_cchc_2026.docx": {"R2", "R27"},  # 25 mm left margin; upright căn cứ
    "08_qd_bcd_du_lieu.docx": {"R4"},  # the page number at 12 pt
    "13_cv_y_kien_dieu_le_hoi.docx": {"R2"},  # 15 mm top and bottom margins
    "16_bc_cchc_2025.docx": {"R2", "R4", "R6"},  # appendix margins; Calibri 11 pt numbers
    "18_ttr_bc_cchc_2025.docx": {"R21"},  # the line under the trích yếu 0.26 of the text
    "20_tb_ket_luan_hoi_nghi.docx": {"R14"},  # Số at 14 pt
}
#: Violations that are wording or structure (a person's), or that the checker does not see
#: yet (R43 «PHỤ LỤC» in capitals, R44 the drafter's mark, the rendered rules): not asserted.
#: R1 and R33 of file 16 are mended in part (Letter paper → A4; 14.5 pt → 14 pt), the
#: checker's other problems on those rules being false alarms judged in must_pass.


@cache
def fixed(name: str):
    data = (CORPUS / name).read_bytes()
    out, report = fix_bytes(data, name)
    return data, out, report


def problems(report, rule: str) -> int:
    try:
        finding = report.finding(rule)
    except KeyError:
        return 0
    return len(finding.problems) if finding.failed else 0


@pytest.mark.parametrize("name", READABLE)
def test_real_document(name):
    data, out, report = fixed(name)
    if name in REFUSED:
        assert out is None and report.refused
        return
    assert out is not None and not report.notes, report.notes
    assert_text_preserved(data, out, report)
    again, second = fix_bytes(out, name)
    assert again == out and not second.changes
    before, after = check(data, render=False), check(out, render=False)
    for rule in MENDED.get(name, ()):
        assert rule in before.failed_rules(hard=True), rule
        assert rule not in after.failed_rules(), (rule, after.finding(rule).problems)
    for rule in [*ENTRIES[name]["must_pass"], *ENTRIES[name]["violations"]]:
        if not rule.startswith("P"):
            assert problems(after, rule) <= problems(before, rule), rule
    with zipfile.ZipFile(io.BytesIO(out)) as z, zipfile.ZipFile(io.BytesIO(data)) as orig:
        assert z.namelist()[:len(orig.namelist())] == orig.namelist()
        for info in orig.infolist():
            if info.filename not in {c.part for c in report.changes} and \
                    not info.filename.endswith((".rels", "[Content_Types].xml")):
                assert z.read(info.filename) == orig.read(info.filename), info.filename


def test_unreadable_file_is_a_clean_error():
    with pytest.raises(DocxReadError):
        fix_bytes((CORPUS / "25_broken_18bytes.docx").read_bytes(), "25")


def test_hard_findings_drop():
    """Hard rules failing before and after, counting only what expected.yaml does not judge
    a false alarm, a debatable case or a rule of another type of document: with the checker
    calibrated on this corpus (it now finds every judged violation, and no longer fails 05's
    line under a two-line trích yếu, which fits some reading of the decree) 31 → 16. What
    remains is reported as needing a person: the drafter's mark written as a name (R44: only a
    person knows the initials), layout the fixer does not redo (P4, P6, P9, R5's section
    breaks), R43's heading in capitals, R20 a công văn's V/v spacing, R29 a khoản skipped."""
    before = after = 0
    for name in READABLE:
        if name in REFUSED:
            continue
        data, out, report = fixed(name)
        entry = ENTRIES[name]
        ignored = {*entry["must_pass"], *entry["debatable"], *entry["not_applicable"]}
        before += len(check(data, render=False).failed_rules(hard=True) - ignored)
        left = check(out, render=False).failed_rules(hard=True) - ignored
        after += len(left)
        assert left <= {u.rule for u in report.unfixed}, (name, left)
    print(f"judged hard rules failing: {before} before, {after} after ({after / before:.0%})")
    assert after <= 16, (before, after)


def test_output_adds_no_ooxml_error():
    from openxml_audit import FileFormat, OpenXmlValidator

    def errors(data: bytes, path: Path) -> set[str]:
        path.write_bytes(data)
        result = OpenXmlValidator(file_format=FileFormat.MICROSOFT_365, max_errors=0).validate(
            str(path))
        return {str(e) for e in result.errors}

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for name in READABLE:
            data, out, _ = fixed(name)
            if out is None:
                continue
            new = errors(out, Path(tmp) / "after.docx") - errors(data, Path(tmp) / "before.docx")
            assert not new, (name, sorted(new)[:5])


def test_libreoffice_page_count(tmp_path):
    from kehoach.convert import find_soffice, to_pdf

    if find_soffice() is None:
        pytest.fail("LibreOffice (soffice) is needed: sh scripts/install-test-deps.sh")
    import pdfplumber

    names = [n for n in READABLE if n not in REFUSED]
    sources = []
    for i, name in enumerate(names):
        data, out, _ = fixed(name)
        for tag, content in (("b", data), ("a", out)):
            path = tmp_path / f"{i:02d}{tag}.docx"
            path.write_bytes(content)
            sources.append(path)
    to_pdf(sources, tmp_path, timeout=600)
    for i, name in enumerate(names):
        with pdfplumber.open(tmp_path / f"{i:02d}b.pdf") as b, \
                pdfplumber.open(tmp_path / f"{i:02d}a.pdf") as a:
            pages_before, pages_after = len(b.pages), len(a.pages)
        grew = any(c.rule in ("R1", "R2") for c in fixed(name)[2].changes)
        limit = pages_before + (pages_before // 10 + 1 if grew else 0)
        assert pages_after <= limit, (name, pages_before, pages_after)
