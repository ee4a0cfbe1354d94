"""kehoach fix on real documents (tests/corpus/real, a copy of ../shared/corpus/real).

For every file: no crash; documents that do not follow Nghị định 30 are refused; for the
others the words are unchanged outside the fixed forms, fixing twice gives the same bytes,
every violation judged by hand in ``expected.yaml`` that the checker sees is mended but two a
person must mend (``LEFT_FOR_A_PERSON``), no rule judged correct (``must_pass``) gets worse,
the hard findings drop to at most a fifth, the output has no OOXML validation error the input
did not have, and LibreOffice lays it out on no more pages, but where the decree's paper or
margins leave less room on a page (file 16: US Letter appendix pages with a 5 mm bottom
margin, 36 → 38 pages), on at most a tenth more.
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
#: The violations of expected.yaml that ``kehoach fix`` leaves, each for a reason a person must
#: act on (every other violation's rule passes after the fix):
LEFT_FOR_A_PERSON = {
    # the note under the appendix's title reads «(Ban hành kèm theo Kế hoạch số …)», not
    # «(Kèm theo …)»: its words, not its form (the heading «PHỤ LỤC» is mended)
    ("01_kh_cchc_2026.docx", "R43"),
    # the drafter's mark «Hạnh(04b)»: put in capitals and upright at 11 pt, but the copies
    # are «04b», and the decree counts them in digits only («PL.(300)»): a letter to remove
    ("12_cv_giao_3653_vpcp.docx", "R44"),
}


@cache
def fixed(name: str):
    """The fix as a clerk runs it: with LibreOffice, the printed page judged and mended."""
    data = (CORPUS / name).read_bytes()
    out, report = fix_bytes(data, name, render=True)
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
    for rule in ENTRIES[name]["violations"]:
        if rule not in before.failed_rules(hard=True):
            continue  # a rendered rule the file alone does not show
        if (name, rule) in LEFT_FOR_A_PERSON:
            assert rule in {u.rule for u in report.unfixed}, rule
        else:
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
    """The hard rules failing before and after the fix, over the corpus: at most a fifth
    remain, counting every one (today 39 → 7), and counting only those expected.yaml does not
    judge a false alarm, a debatable case or a rule of another kind (31 → 2: the two of
    ``LEFT_FOR_A_PERSON``). What remains is reported unfixed with its reason: the centred
    italic notes in a body and bold-italic điểm used as sub-headings (R23, R24, R30, judged
    debatable), and the two above."""
    before = after = judged_before = judged_after = 0
    for name in READABLE:
        if name in REFUSED:
            continue
        data, out, report = fixed(name)
        entry = ENTRIES[name]
        ignored = {*entry["must_pass"], *entry["debatable"], *entry["not_applicable"]}
        failing_before = check(data, render=False).failed_rules(hard=True)
        failing_after = check(out, render=False).failed_rules(hard=True)
        assert failing_after <= {u.rule for u in report.unfixed}, (name, failing_after)
        before, after = before + len(failing_before), after + len(failing_after)
        judged_before += len(failing_before - ignored)
        judged_after += len(failing_after - ignored)
    print(f"hard rules failing: {before} before, {after} after ({after / before:.0%}); "
          f"judged: {judged_before} → {judged_after} ({judged_after / judged_before:.0%})")
    assert after * 5 <= before
    assert judged_after * 5 <= judged_before


def test_hard_findings_drop_on_the_printed_page():
    """Counted as ``kehoach fix`` reports them, the printed-page rules (P1–P9, on
    LibreOffice's PDF of the input and of the output) included: at most a fifth of the hard
    rules failing and of the places they fail at remain (today 41 → 7 rules, 96 → 10
    places), and every output was judged on its PDF."""
    rules_before = rules_after = places_before = places_after = 0
    for name in READABLE:
        if name in REFUSED:
            continue
        _, _, report = fixed(name)
        assert report.rendered, (name, report.unchecked)
        rules_before += len(report.hard_before)
        rules_after += len(report.hard_after)
        places_before += report.problems_before
        places_after += report.problems_after
    print(f"printed page included: rules {rules_before} → {rules_after}, places "
          f"{places_before} → {places_after}")
    assert rules_after * 5 <= rules_before
    assert places_after * 5 <= places_before


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
