"""How the checker reads PDFs (issue 13): one PDF open at a time in a batch, each page read
once by the page rules, a PDF without a text layer never passed, an unreadable .docx given a
PDF reported as unreadable.

The PDFs come from one LibreOffice run for the module (CI installs it); a PDF without text is
made with pypdfium2.
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_docx as fx

from kehoach.checker import (
    DocxReadError,
    check,
    check_files,
    list_rules,
    pdf_words,
)
from kehoach.convert import find_soffice

pdfium = pytest.importorskip("pypdfium2")
needs_soffice = pytest.mark.skipif(find_soffice() is None,
                                   reason="LibreOffice (soffice) not installed")

RENDERED_HARD = [r.id for r in list_rules() if r.rendered and r.hard]


@pytest.fixture(scope="module")
def plans(tmp_path_factory) -> dict[str, tuple[bytes, Path]]:
    """The clean plan and the plan with a landscape appendix, with their PDFs."""
    from kehoach.convert import to_pdf

    folder = tmp_path_factory.mktemp("checker-pdfs")
    clean = fx.hai_yen_bytes()
    datas = {"clean": clean, "landscape": fx.edit(fx.add_landscape_appendix, clean)}
    sources = []
    for name, data in datas.items():
        (folder / f"{name}.docx").write_bytes(data)
        sources.append(folder / f"{name}.docx")
    to_pdf(sources, folder)
    return {name: (data, folder / f"{name}.pdf") for name, data in datas.items()}


@pytest.fixture(scope="module")
def blank_pdf(tmp_path_factory) -> Path:
    """Three A4 pages and no text: what a scan or a PDF of pictures looks like to a reader."""
    path = tmp_path_factory.mktemp("blank") / "scan.pdf"
    document = pdfium.PdfDocument.new()
    for _ in range(3):
        document.new_page(595.3, 841.9)
    document.save(str(path))
    document.close()
    return path


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@needs_soffice
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="needs /proc/self/fd")
def test_a_batch_keeps_one_pdf_open_at_a_time(plans, monkeypatch):
    """Checking many documents opens each PDF when its document is checked and closes it
    before the next: the process's open files do not grow with the batch."""
    data, pdf = plans["clean"]
    opened: list[int] = []
    real = pdf_words.Rendering.from_pdf.__func__

    def counting(cls, path):
        opened.append(_open_descriptors())
        return real(cls, path)

    monkeypatch.setattr(pdf_words.Rendering, "from_pdf", classmethod(counting))
    reports = check_files([data] * 6, pdfs=[pdf] * 6)
    assert all(r.rendered and r.ok for r in reports), reports[0].to_text()
    assert len(opened) == 6
    assert max(opened) - min(opened) <= 1, opened


@needs_soffice
def test_page_rules_read_each_page_once(plans, monkeypatch):
    """P6 and P9 (and the sections of the pages they need) share one reading of the pages:
    with a cache of one page, each page of a plan with a landscape appendix is still read
    once."""
    from kehoach.checker.document import Document
    from kehoach.checker.docx_reader import read_docx
    from kehoach.checker.layout import find_layout
    from kehoach.checker.rules import RULES, Context, all_rules

    all_rules()
    data, pdf = plans["landscape"]
    monkeypatch.setattr(pdf_words, "CACHED_PAGES", 1)
    reads: Counter[int] = Counter()
    real = pdf_words._read_page

    def counting(document, number):
        reads[number] += 1
        return real(document, number)

    monkeypatch.setattr(pdf_words, "_read_page", counting)
    doc = Document(read_docx(data, "landscape.docx"))
    with pdf_words.Rendering.from_pdf(pdf) as rendering:
        ctx = Context(doc, find_layout(doc), pdf=rendering)
        findings = [RULES[r].run(ctx) for r in ("P6", "P9")]
        pages = rendering.page_count
    assert pages >= 3
    assert [f.status for f in findings] == ["pass", "pass"], [f.problems for f in findings]
    assert sorted(reads) == list(range(1, pages + 1))
    assert set(reads.values()) == {1}, reads


def test_a_pdf_without_text_is_not_evaluated(blank_pdf):
    """A PDF with pages but no text layer shows nothing of where the words land: every
    rendered rule says so, none passes, and the report is not concluded."""
    report = check(fx.hai_yen_bytes(), pdf=blank_pdf)
    for rule_id in RENDERED_HARD:
        finding = report.finding(rule_id)
        assert finding.status == "not_evaluated", (rule_id, finding.status, finding.note)
        assert "không có lớp chữ" in finding.note
    assert not report.rendered
    assert not report.ok
    assert report.verdict == "incomplete"
    assert "không có lớp chữ" in report.to_text()


def test_an_unreadable_docx_with_a_pdf_is_a_read_error(blank_pdf, tmp_path):
    """A PDF given with a file that is not a .docx: the file's read error, as without it."""
    with pytest.raises(DocxReadError, match="không phải tệp .docx"):
        check(b"this is not a docx", pdf=blank_pdf)
    missing = tmp_path / "missing.docx"
    good = fx.hai_yen_bytes()
    results = check_files([b"junk", good, missing], pdfs=[blank_pdf, None, blank_pdf],
                          render=False)
    assert isinstance(results[0], DocxReadError)
    assert not isinstance(results[1], DocxReadError) and results[1].ok
    assert isinstance(results[2], DocxReadError)
