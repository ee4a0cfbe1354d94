"""Vòng sửa: check, fix what is safe, check again, until nothing more changes.

:func:`fix_bytes` reads a .docx (bytes), refuses what it must leave alone
(:func:`kehoach.fixer.safety.refusal`, and documents that do not follow Nghị định 30: no
Quốc hiệu, a legal normative document), then runs rounds: the checker's XML rules on the
document as it now is, and the fixer of each failing rule (:mod:`kehoach.fixer.fixes`). A round
that changes nothing ends the loop, so the output is a fixed point: fixing it again changes
nothing and gives the same bytes. The output's words are then compared with the input's
(:func:`kehoach.fixer.safety.verify`) before anything is returned.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Final

from kehoach.checker import check, check_files
from kehoach.checker.document import Document
from kehoach.checker.docx_reader import DocxReadError
from kehoach.checker.layout import find_layout
from kehoach.checker.report import NOT_EVALUATED, Finding, Report
from kehoach.checker.resolve import w
from kehoach.checker.rules import Context, all_rules
from kehoach.checker.rules_header import national_title, number_paragraph
from kehoach.fixer.edit import FixContext
from kehoach.fixer.fixes import (
    DEFAULT_REASON,
    NEEDS_PERSON,
    PRINTED_FIXERS,
    Fixer,
    all_fixers,
)
from kehoach.fixer.package import EditablePackage, write
from kehoach.fixer.report import MOVE, TEXT, Change, FixReport, Unfixed
from kehoach.fixer.safety import UnsafeChange, refusal, snapshot, verify

#: Rounds of check-and-fix before giving up on a fixed point (each round after the first
#: only mends what an earlier change uncovered).
MAX_ROUNDS: Final = 6
_LEGAL_NUMBER: Final = re.compile(r"/(19|20)\d\d/")


def _hard(report: Report) -> tuple[tuple[str, ...], int]:
    failed = report.hard_failures
    return tuple(f.rule for f in failed), sum(max(1, len(f.problems)) for f in failed)


def _not_nd30(doc: Document) -> str | None:
    layout = find_layout(doc)
    ctx = Context(doc, layout)
    title = national_title(ctx) if layout.header is not None else None
    if title is None or not title.text.upper().startswith(("CỘNG HÒA", "CỘNG HOÀ")):
        return ("không thấy Quốc hiệu «CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM» ở phần đầu: văn bản "
                "không theo thể thức Nghị định 30 (văn bản của Đảng, đơn, biểu mẫu…), không sửa")
    number = number_paragraph(ctx)
    if number is not None and _LEGAL_NUMBER.search(number.text):
        return ("số, ký hiệu có năm ban hành («…/2020/NĐ-CP»): văn bản quy phạm pháp luật, thể "
                "thức theo Nghị định 34/2016/NĐ-CP, không sửa theo Nghị định 30")
    return None


def fix_bytes(data: bytes, name: str = "<tài liệu>", *,
              render: bool | None = False) -> tuple[bytes | None, FixReport]:
    """Fix a .docx held in memory: ``(output bytes, report)``; the bytes are ``None`` when the
    document is refused. Raises :class:`~kehoach.checker.DocxReadError` for a file that is not
    a readable .docx and :class:`~kehoach.fixer.safety.UnsafeChange` if a change would touch
    words outside the fixed forms (a bug: nothing is returned).

    ``render`` as for :func:`kehoach.checker.check`: ``False`` (the default here) judges the
    printed-page rules (P1–P9) only as far as the file shows them, and the report says the
    printed page was not checked (:attr:`FixReport.rendered`); ``None`` or ``True`` lays the
    input and the output out with LibreOffice (when installed), mends what the printed page
    shows and the formatting can (:data:`kehoach.fixer.fixes.PRINTED_FIXERS`: a signature
    block split across pages, a header line that wraps) and reports what still fails there."""
    before = check(data, render=False, name=name)
    hard_before, problems_before = _hard(before)
    package = EditablePackage.open(data, name)
    package.document  # noqa: B018 - a broken main part fails here
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
    try:
        reason = refusal(package, names) or _not_nd30(Document(package))
    except (ValueError, TypeError, KeyError, IndexError, AttributeError) as exc:
        raise DocxReadError(name, f"không phân tích được văn bản: {exc}") from None
    if reason:
        return None, FixReport(name, (), (), hard_before, hard_before, problems_before,
                               problems_before, refused=reason)
    fixers = dict(all_fixers())
    errors: list[str] = []
    while True:
        try:
            package, changes, reasons, converged = _rounds(package, fixers)
        except _FixerFailed as failed:
            # a fixer that fails may have left its part of the document half edited: start
            # again from the input without it, and say so
            errors.append(f"{failed.rule}: lỗi khi sửa ({failed.error}); không sửa theo quy "
                          "tắc này, hãy báo lỗi cho kehoach")
            del fixers[failed.rule]
            package = EditablePackage.open(data, name)
            continue
        output = write(package, data)
        try:
            verify(snapshot(data), snapshot(output), changes)
            break
        except UnsafeChange as unsafe:
            # words changed outside the fixed forms (a bug): the rules that changed words
            # are dropped and the fix starts again, so the formatting fixes are not lost
            wording = sorted({c.rule for c in changes if c.kind in (TEXT, MOVE)} & set(fixers))
            if not wording:
                raise
            said = str(unsafe) if len(str(unsafe)) <= 200 else str(unsafe)[:199] + "…"
            errors.append(f"kiểm tra chữ không đạt ({said}): không sửa theo "
                          f"{', '.join(wording)}, hãy báo lỗi cho kehoach")
            for rule_id in wording:
                del fixers[rule_id]
            package = EditablePackage.open(data, name)
    if render is False:
        after = check(output, render=False, name=name)
    else:
        printed_before, after = _check_printed(data, output, name, render)
        hard_before, problems_before = _hard(printed_before)
        if _printed_faults(after):
            output, after = _mend_printed(package, data, output, after, name, render, changes,
                                          reasons, errors, fixers)
    hard_after, problems_after = _hard(after)
    notes = list(dict.fromkeys(errors))
    if changes and _tracking(package):
        notes.append("văn bản đang bật theo dõi thay đổi (Track Changes): các chỗ kehoach fix "
                     "sửa không hiện thành thay đổi theo dõi; xem danh sách ở báo cáo này")
    if not converged:
        notes.append("chưa ổn định sau nhiều vòng sửa: hãy chạy lại và báo lỗi cho kehoach")
    unchecked = "" if after.rendered else _unchecked(after)
    return output, FixReport(name, tuple(changes), _unfixed(after, reasons), hard_before,
                             hard_after, problems_before, problems_after, notes=tuple(notes),
                             rendered=after.rendered, unchecked=unchecked)


class _FixerFailed(Exception):
    def __init__(self, rule: str, error: str) -> None:
        super().__init__(rule, error)
        self.rule, self.error = rule, error


def _rounds(package: EditablePackage, fixers: dict[str, Fixer]
            ) -> tuple[EditablePackage, list[Change], dict[tuple[str, str], str], bool]:
    """Check-and-fix rounds until one changes nothing: ``(package, changes, reasons,
    converged)``. Raises :class:`_FixerFailed` when a fixer raises."""
    rules = all_rules()  # the rendered ones report what the file shows (no PDF here)
    changes: list[Change] = []
    reasons: dict[tuple[str, str], str] = {}
    for _ in range(MAX_ROUNDS):
        doc = Document(package)
        fx = FixContext(package, doc, find_layout(doc))
        failing = [r.id for r in rules if r.id in fixers and r.run(fx.ctx).failed]
        for rule_id in failing:
            try:
                fixers[rule_id](fx)
            except Exception as exc:  # a fixer must never take the whole fix down
                raise _FixerFailed(rule_id, f"{type(exc).__name__}: {exc}") from exc
        changes += fx.changes
        for key, why in fx.reasons.items():
            reasons.setdefault(key, why)
        if not fx.changes:
            return package, changes, reasons, True
    return package, changes, reasons, False


def _check_printed(data: bytes, output: bytes, name: str,
                   render: bool | None) -> tuple[Report, Report]:
    """The input and the output checked with their PDFs (one LibreOffice run for both)."""
    before, after = check_files([data, output], render=render, names=[name, name])
    for result in (before, after):
        if isinstance(result, DocxReadError):
            raise result
    return before, after  # type: ignore[return-value]


def _printed_faults(report: Report) -> list[Finding]:
    return [f for f in report.hard_failures if f.rule in PRINTED_FIXERS] if report.rendered \
        else []


def _mend_printed(package: EditablePackage, data: bytes, output: bytes, after: Report,
                  name: str, render: bool | None, changes: list[Change],
                  reasons: dict[tuple[str, str], str], errors: list[str],
                  fixers: dict[str, Fixer]) -> tuple[bytes, Report]:
    """One more round for what only the PDF shows (P1, P2, P3, P6, P7): formatting the
    printed-page fixers can give, the file's rules settled again around it (a line under the
    Tiêu ngữ centred in its widened column), then the output laid out again to see whether it
    holds."""
    doc = Document(package)
    fx = FixContext(package, doc, find_layout(doc))
    for finding in _printed_faults(after):
        try:
            PRINTED_FIXERS[finding.rule](fx, finding)
        except Exception as exc:  # a fixer must never take the whole fix down
            # what this round edited may be half done: none of it is kept
            errors.append(f"{finding.rule}: lỗi khi sửa ({type(exc).__name__}: {exc}); không "
                          "sửa theo bản in, hãy báo lỗi cho kehoach")
            return output, after
    for key, why in fx.reasons.items():
        reasons.setdefault(key, why)
    if not fx.changes:
        return output, after
    changes += fx.changes
    try:
        package, more, why, _ = _rounds(package, fixers)
    except _FixerFailed as failed:
        errors.append(f"{failed.rule}: lỗi khi sửa ({failed.error}); không sửa theo bản in, "
                      "hãy báo lỗi cho kehoach")
        del changes[len(changes) - len(fx.changes):]
        return output, after
    changes += more
    for key, text in why.items():
        reasons.setdefault(key, text)
    output = write(package, data)
    verify(snapshot(data), snapshot(output), changes)
    return output, check(output, render=render, name=name)


def _unchecked(report: Report) -> str:
    """Why the printed-page rules were not judged on a PDF (for the report's summary)."""
    found = [f for f in report.findings if f.group == "rendered" and f.status == NOT_EVALUATED]
    if any(f.skipped for f in found):
        return "không kết xuất PDF (theo yêu cầu)"
    return "; ".join(sorted({f.note for f in found if f.note})) or "không kết xuất PDF"


def _tracking(package: EditablePackage) -> bool:
    settings = package.xml(package.related(package.main_part, "settings"))
    if settings is None:
        return False
    el = settings.find(w("trackRevisions"))
    return el is not None and el.get(w("val"), "true") not in ("0", "false", "off")


def _unfixed(report: Report, reasons: dict[tuple[str, str], str]) -> tuple[Unfixed, ...]:
    out = []
    for finding in report.findings:
        if not finding.failed:
            continue
        for problem in finding.problems or ():
            where = problem.where.describe() if problem.where else "toàn văn bản"
            why = reasons.get((finding.rule, where))
            if why is None:
                why = next((v for (rule, _), v in reasons.items() if rule == finding.rule), None)
            out.append(Unfixed(finding.rule, finding.name, where, problem.seen,
                               why or NEEDS_PERSON.get(finding.rule, DEFAULT_REASON)))
    return tuple(out)
