"""``kehoach check`` on real documents typed by people in Word (``tests/corpus/real``).

The corpus (README there) holds plans, decisions, letters, a report, a submission, a notice of
provincial offices, and documents Nghị định 30 does not govern; ``expected.yaml`` says, judged
by hand against the decree, which hard rules each file truly breaks (``violations``) and which
it meets although an earlier checker failed it (``must_pass``). Every violation must be reported
as a hard failure, no must-pass rule may fail, nothing may crash, with and without rendering.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from kehoach.checker import DocxReadError, check_files
from kehoach.convert import find_soffice

CORPUS = Path(__file__).resolve().parent / "corpus" / "real"
ENTRIES = yaml.safe_load((CORPUS / "expected.yaml").read_text("utf-8"))["files"]
NAMES = [e["file"] for e in ENTRIES]
BY_NAME = {e["file"]: e for e in ENTRIES}
#: What the checker reports each corpus document as (``DocumentKind.key``).
KINDS = {"01": "KH", "03": "KH", "05": "KH", "08": "QĐ", "10": "QĐ", "12": "CV", "13": "CV",
         "16": "BC", "18": "TTr", "20": "TB", "22": "DANG", "23": "QPPL", "24": "KHAC"}


@pytest.fixture(scope="module")
def xml_reports():
    return dict(zip(NAMES, check_files([CORPUS / n for n in NAMES], render=False)))


@pytest.fixture(scope="module")
def rendered_reports():
    if find_soffice() is None:
        pytest.skip("LibreOffice (soffice) not installed")
    return dict(zip(NAMES, check_files([CORPUS / n for n in NAMES], render=True)))


def _judge(name: str, report) -> None:
    entry = BY_NAME[name]
    if entry.get("unreadable"):
        assert isinstance(report, DocxReadError), name
        return
    assert not isinstance(report, DocxReadError), f"{name}: {report}"
    failed = report.failed_rules(hard=True)
    missed = set(entry.get("violations") or {}) - failed
    wrong = set(entry.get("must_pass") or {}) & failed
    crashed = [f.rule for f in report.findings if f.note.startswith("lỗi khi kiểm tra")]
    assert not missed and not wrong and not crashed, (
        f"{name}: violations not reported {sorted(missed)}, must-pass rules failed "
        f"{sorted(wrong)}, rules that crashed {crashed}\n{report.to_text()}")


@pytest.mark.parametrize("name", NAMES)
def test_corpus_without_rendering(xml_reports, name):
    """Without LibreOffice the violations that need a rendering (P4, P6, P9 here) are still
    found where the file shows them for certain."""
    _judge(name, xml_reports[name])


@pytest.mark.parametrize("name", NAMES)
def test_corpus_rendered(rendered_reports, name):
    report = rendered_reports[name]
    _judge(name, report)
    if not isinstance(report, DocxReadError) and report.kind.administrative:
        assert report.rendered


@pytest.mark.parametrize("name", [n for n in NAMES if n[:2] in KINDS])
def test_corpus_kinds_are_recognised(xml_reports, name):
    report = xml_reports[name]
    assert report.kind.key == KINDS[name[:2]], report.kind
    assert report.kind.reason


def test_documents_the_decree_does_not_govern_are_not_judged(xml_reports):
    for name in ("22_party_quychi_hd36.docx", "23_nghi_dinh_30_2020.docx",
                 "24_don_khoi_kien_legalform.docx"):
        report = xml_reports[name]
        assert report.verdict == "not_applicable"
        assert not report.failed_rules()
        assert all(not f.applicable for f in report.findings)
        assert "KHÔNG KIỂM TRA" in report.to_text() and "ĐẠT:" not in report.to_text()


def test_drafts_are_reported_as_drafts_not_violations(xml_reports):
    for entry in ENTRIES:
        report = xml_reports[entry["file"]]
        if isinstance(report, DocxReadError) or not report.kind.administrative:
            continue
        assert bool(report.draft) == bool(entry["draft"]), entry["file"]
        assert "R16" not in report.failed_rules() or "R16" in (entry.get("violations") or {})
        assert "Bản dự thảo" in report.to_text()


def test_the_corpus_copy_matches_its_source():
    """The copy in the repository is the shared corpus (when it is there beside the repo)."""
    # beside the repository, or beside the folder of its worktrees
    shared = next((p / "shared" / "corpus" / "real" for p in Path(__file__).resolve().parents[1:4]
                   if (p / "shared" / "corpus" / "real").is_dir()), None)
    if shared is None:
        pytest.skip("no ../shared/corpus beside the repository")
    for name in [*NAMES, "expected.yaml"]:
        assert (CORPUS / name).read_bytes() == (shared / name).read_bytes(), name


def test_the_example_reports_in_the_docs_are_the_checkers_own(rendered_reports):
    """docs/checker.md shows one report per kind: written by scripts/checker_examples.py from
    these very reports, never typed by hand (run the script after changing the checker)."""
    import importlib.util

    script = Path(__file__).resolve().parents[1] / "scripts" / "checker_examples.py"
    spec = importlib.util.spec_from_file_location("checker_examples", script)
    examples = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(examples)
    reports = {**rendered_reports, examples.NO_SOFFICE_NAME: examples.no_soffice_report()}
    page = examples.PAGE.read_text("utf-8")
    assert examples.replaced(page, examples.section(reports)) == page, \
        "docs/checker.md: chạy scripts/checker_examples.py để viết lại các báo cáo mẫu"
    assert "PHỤ LỤC" not in examples.abridge(rendered_reports["16_bc_cchc_2025.docx"].to_text(),
                                             ["R1"])
