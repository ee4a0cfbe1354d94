"""Kiểm tra thể thức: check any .docx against Nghị định 30/2020/NĐ-CP.

    >>> from kehoach.checker import check
    >>> report = check("ke_hoach.docx")
    >>> report.ok, report.failed_rules()
    (False, {'R16'})
    >>> print(report.to_text())

:func:`check` reads one file (a path or bytes) safely (:mod:`.docx_reader`), resolves its
formatting as Word does (:mod:`.resolve`), finds its layout and its kind (:mod:`.layout`,
:mod:`.doctype`) and runs every rule of nd30.md §10 (R1–R44), the rules of particular kinds
(R45–R47) and the rendered rules (P1–P9, on a PDF made by LibreOffice); rules that do not
concern the document's kind are reported "không áp dụng".
:func:`check_files` does the same for many files with a single LibreOffice run. The rules and
the report format are described in ``docs/checker.md``.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from kehoach.checker.doctype import UnknownDocType
from kehoach.checker.docx_reader import DocxReadError, read_docx
from kehoach.checker.report import DocumentKind, Finding, Problem, Report

__all__ = ["DocumentKind", "DocxReadError", "Finding", "Problem", "Report", "UnknownDocType",
           "check", "check_files", "document_types", "list_rules"]

Source = str | os.PathLike[str] | bytes


def list_rules():
    """Every rule the checker knows (id, Vietnamese name, hard/soft, what it checks)."""
    from kehoach.checker.rules import all_rules

    return all_rules()


def document_types() -> list[str]:
    """The kinds of documents ``doc_type`` may name: ``["Nghị quyết (NQ)", …]``."""
    from kehoach.checker.doctype import names

    return names()


def check(source: Source, *, render: bool | None = None,
          pdf: str | os.PathLike[str] | None = None, name: str | None = None,
          doc_type: str | None = None) -> Report:
    """Check one .docx; raise :class:`DocxReadError` if it is not a readable .docx.

    ``render``: ``None`` renders when LibreOffice is installed, ``True`` asks for it (the
    rendered rules are "not evaluated", with the reason, when it cannot be done), ``False``
    skips the rendered rules. ``pdf`` checks the rendered rules on a PDF already made.
    ``doc_type`` forces the kind of document (``"quyết định"``, ``"QĐ"``, ``"công văn"``…;
    :func:`document_types`) instead of reading it from the title and the ký hiệu; an unknown
    name raises :class:`UnknownDocType`.
    """
    result = check_files([source], render=render, pdfs=[pdf] if pdf is not None else None,
                         names=[name] if name else None, doc_type=doc_type)[0]
    if isinstance(result, DocxReadError):
        raise result
    return result


def check_files(sources: Iterable[Source], *, render: bool | None = None,
                pdfs: list[str | os.PathLike[str] | None] | None = None,
                names: list[str] | None = None, doc_type: str | None = None
                ) -> list[Report | DocxReadError]:
    """Check many files; an unreadable one gives its :class:`DocxReadError` in its place.

    All the PDFs the rendered rules need are made in one LibreOffice run. ``doc_type`` (see
    :func:`check`) applies to every file.
    """
    from kehoach.checker.doctype import by_name
    from kehoach.checker.document import Document
    from kehoach.checker.layout import find_layout
    from kehoach.checker.rules import Context, all_rules

    forced = by_name(doc_type) if doc_type else None

    items = list(sources)
    labels = names or [_label(s, i) for i, s in enumerate(items)]
    results: list[Report | DocxReadError | None] = [None] * len(items)
    contexts: dict[int, Context] = {}
    raw: dict[int, bytes] = {}
    for i, source in enumerate(items):
        try:
            package = read_docx(source, labels[i])
            doc = Document(package)
            contexts[i] = Context(doc, find_layout(doc, forced), render_skipped=render is False)
            raw[i] = source if isinstance(source, bytes) else Path(source).read_bytes()
        except DocxReadError as exc:
            results[i] = exc
        except (ValueError, TypeError, KeyError, IndexError, AttributeError, RecursionError) as exc:
            results[i] = DocxReadError(labels[i], f"không phân tích được văn bản: {exc}")
    rules_ = all_rules()
    with tempfile.TemporaryDirectory(prefix="kehoach-check-") as tmp:
        paths = _make_pdfs(contexts, raw, render, pdfs, Path(tmp))
        # one PDF open at a time: a batch of a thousand files holds one file, not a thousand
        for i, ctx in contexts.items():
            warnings: tuple[str, ...] = ()
            if i in paths:
                _open_pdf(ctx, paths[i])
                warnings = _font_warnings(paths[i], raw.get(i))
            try:
                findings = tuple(r.run(ctx) for r in rules_)
            finally:
                close = getattr(ctx.pdf, "close", None)
                if close is not None:
                    close()
            ident = ctx.layout.identification
            kind = DocumentKind(ident.doctype.key, ident.doctype.name,
                                ident.doctype.administrative, ident.reason, ident.forced,
                                ident.doctype.note)
            results[i] = Report(labels[i], findings, rendered=ctx.pdf is not None,
                                incomplete=_incomplete(findings), warnings=warnings,
                                kind=kind, draft=tuple(ctx.layout.draft),
                                not_rendered=NOT_GOVERNED if ctx.pdf_error == NOT_GOVERNED
                                else "")
            ctx.pdf = None
    return [r for r in results if r is not None]


def _incomplete(findings) -> str:  # noqa: ANN001
    """Why a report cannot be concluded, or ``""``: a hard rule asked for that could not be
    computed (no LibreOffice, a PDF that could not be made or read, a rule's error). The text
    names every rule that was not evaluated, the soft ones too (P8 without LibreOffice).
    Rendered rules left out at the user's request (``render=False``, ``--no-render``) do not
    count: the report says they were skipped."""
    from kehoach.checker.report import NOT_EVALUATED, incomplete_text

    unchecked = [f for f in findings if f.status == NOT_EVALUATED and not f.skipped]
    return incomplete_text(unchecked) if any(f.hard for f in unchecked) else ""


def _label(source: Source, i: int) -> str:
    return f"<tài liệu {i + 1}>" if isinstance(source, bytes) else str(source)


def _make_pdfs(contexts: dict, raw: dict[int, bytes], render: bool | None, pdfs: list | None,
               tmp: Path) -> dict[int, Path]:
    """The PDF of each readable document: the one given, or one LibreOffice makes in ``tmp``
    (all in one run); a document without one gets the reason as its ``pdf_error``."""
    from kehoach.convert import available, to_pdf
    from kehoach.errors import KehoachError

    # a PDF given with a file that could not be read stays unused: the file's error is the answer
    given = {i: Path(p) for i, p in enumerate(pdfs or []) if p is not None and i in contexts}
    # a document Nghị định 30 does not govern has no rule to judge on its PDF: its kind is read
    # before converting, and LibreOffice is not started for it
    for i, ctx in contexts.items():
        if i not in given and not ctx.doctype.administrative:
            ctx.pdf_error = NOT_GOVERNED
    wanted = [i for i in contexts if i not in given and contexts[i].pdf_error is None]
    made: dict[int, Path] = {}
    missing = available() if wanted and render is not False else None
    if render is False:
        for i in wanted:
            contexts[i].pdf_error = "bỏ qua (không kết xuất PDF theo yêu cầu)"
    elif wanted and missing:
        for i in wanted:
            contexts[i].pdf_error = missing
    elif wanted:
        sources = []
        for i in wanted:
            path = tmp / f"{i:04d}.docx"
            path.write_bytes(raw[i])
            sources.append(path)
        error = None
        try:
            to_pdf(sources, tmp)
        except (KehoachError, OSError) as exc:
            error = str(exc)
        for i, src in zip(wanted, sources):
            target = src.with_suffix(".pdf")
            if target.is_file():
                made[i] = target
            else:
                contexts[i].pdf_error = f"LibreOffice không tạo được PDF: {error or 'không rõ'}"
    return {**given, **made}


#: Why no PDF is made of a document Nghị định 30 does not govern (a legal normative document,
#: a Party document, a petition): every rule is "không áp dụng", the PDF would judge nothing.
NOT_GOVERNED = ("không kết xuất PDF: văn bản không thuộc phạm vi Nghị định 30, không có quy tắc "
                "nào để kiểm tra trên bản in")


#: Why the rendered rules cannot be evaluated on a PDF whose pages carry no text.
NO_TEXT_LAYER = ("PDF không có lớp chữ (bản quét, hoặc chữ đã chuyển thành hình): không đọc "
                 "được chữ nằm ở đâu trên trang")


def _open_pdf(ctx, path: Path) -> None:
    """Give ``ctx`` its rendering, or the reason the rendered rules cannot read it."""
    from kehoach.checker.pdf_words import Rendering

    try:
        rendering = Rendering.from_pdf(path)
    except ImportError:
        ctx.pdf_error = "cần gói pypdfium2 để đọc PDF (pip install pypdfium2)"
        return
    except Exception as exc:  # noqa: BLE001 - a damaged PDF: the rendered rules cannot run
        ctx.pdf_error = f"không đọc được PDF: {exc}"
        return
    try:
        # a scan of the text shows pages but no words: nothing a rendered rule could measure
        blank = (any(not p.empty for p in ctx.doc.paragraphs)
                 and not any(page.words for page in rendering.pages))
    except Exception as exc:  # noqa: BLE001 - a page PDFium cannot read
        rendering.close()
        ctx.pdf_error = f"không đọc được PDF: {exc}"
        return
    if blank:
        rendering.close()
        ctx.pdf_error = NO_TEXT_LAYER
        return
    ctx.pdf = rendering


def _font_warnings(path: Path, docx: bytes | None) -> tuple[str, ...]:
    """What a PDF's fonts warn of (another font than Times New Roman, characters drawn
    blank); nothing when the fonts cannot be read (they only add a warning)."""
    from kehoach.convert import pdf_fonts
    from kehoach.convert.fonts import document_characters
    from kehoach.layout.profile import FONT

    try:
        text = document_characters(docx) if docx is not None else None
        return tuple(pdf_fonts(path, text=text).warnings(FONT))
    except Exception:  # noqa: BLE001
        return ()
