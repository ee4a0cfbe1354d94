"""Báo cáo kiểm tra: the findings of a check, as text for a clerk and as JSON for a program.

A :class:`Report` has one :class:`Finding` per rule. A finding's ``status`` is

``pass``
    the rule holds (``applicable`` is false, with a note, when the document has nothing the
    rule is about, e.g. no căn cứ block or no appendix: such a rule passes);
``fail``
    it does not; ``problems`` says where, what was seen and what the decree wants;
``not_evaluated``
    the checker could not tell (a rendered rule without LibreOffice, a PDF that could not be
    made); ``note`` says why. ``skipped`` is true when the user asked for it
    (``--no-render``).

A rule that does not concern the document's kind passes with ``applicable`` false and a note
"không áp dụng …" (e.g. the tên loại rule on a Công văn; every rule on a document Nghị định 30
does not govern).

A report is ``ok`` when no *hard* rule fails; soft rules (template values, practice) are advice.
Its ``verdict`` says more: ``"pass"`` (no hard rule fails and every rule asked for was
evaluated), ``"fail"``, ``"incomplete"`` (no hard rule fails, but some that were asked for could
not be evaluated: the report never says "ĐẠT" then) or ``"not_applicable"`` (the document is not
one Nghị định 30 governs).
"""

from __future__ import annotations

import json
from typing import Any, Final, Literal

import attrs

from kehoach.checker.document import Location

Status = Literal["pass", "fail", "not_evaluated"]
Verdict = Literal["pass", "fail", "incomplete", "not_applicable"]

PASS: Final = "pass"
FAIL: Final = "fail"
NOT_EVALUATED: Final = "not_evaluated"

_STATUS_VI: Final = {PASS: "đạt", FAIL: "KHÔNG ĐẠT", NOT_EVALUATED: "chưa kiểm tra"}
_GROUPS: Final = {
    "page": "Trang", "font": "Phông chữ", "header": "Phần đầu văn bản",
    "title": "Tên loại và trích yếu", "body": "Nội dung", "signature": "Chữ ký và nơi nhận",
    "wording": "Viết hoa, chính tả", "order": "Bố cục", "rendered": "Bản in (kết xuất PDF)",
}


def num(value: float, digits: int | None = None) -> str:
    """A number as Vietnamese writes it, with a decimal comma: ``1.27`` → ``1,27``;
    ``digits`` fixes the decimals (``num(4.9, 1)`` → ``4,9``)."""
    text = f"{value:g}" if digits is None else f"{value:.{digits}f}"
    return text.replace(".", ",")


@attrs.frozen
class Problem:
    """One place where a rule is broken: where, what is there, what should be."""

    where: Location | None
    seen: str
    expected: str

    def to_dict(self) -> dict[str, Any]:
        return {"where": self.where.to_dict() if self.where else None,
                "where_text": self.where.describe() if self.where else None,
                "seen": self.seen, "expected": self.expected}


@attrs.frozen
class Finding:
    """The outcome of one rule for one document."""

    rule: str  # "R14", "P1"…
    name: str  # the rule's Vietnamese name
    group: str
    hard: bool
    status: Status
    what: str  # what the rule checks
    problems: tuple[Problem, ...] = ()
    note: str = ""
    applicable: bool = True
    skipped: bool = False  # not evaluated because the user asked so (--no-render)

    @property
    def failed(self) -> bool:
        return self.status == FAIL

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "name": self.name, "group": self.group,
                "severity": "hard" if self.hard else "soft", "status": self.status,
                "applicable": self.applicable, "skipped": self.skipped, "what": self.what,
                "note": self.note, "problems": [p.to_dict() for p in self.problems]}


@attrs.frozen
class DocumentKind:
    """Loại văn bản: the kind the checker took the document for, and why."""

    key: str  # "KH", "QĐ", "CV"…, "QPPL", "DANG", "KHAC", "?"
    name: str  # "Kế hoạch"
    administrative: bool
    reason: str  # "tên loại «KẾ HOẠCH» và ký hiệu «KH»"
    forced: bool = False  # chosen by the user (--type)
    note: str = ""  # for a kind Nghị định 30 does not govern: what governs it

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class Report:
    """Every finding for one file."""

    path: str
    findings: tuple[Finding, ...]
    rendered: bool = False  # whether the rendered rules were evaluated on a PDF
    #: Why the check could not be concluded ("" when it could): a hard rule that could not be
    #: computed (a PDF that timed out or could not be read, a rule's error). Never ``ok`` then.
    incomplete: str = ""
    #: What the PDF shows beyond the rules, with what to do: another font than Times New
    #: Roman, characters drawn blank (:meth:`kehoach.convert.FontReport.warnings`).
    warnings: tuple[str, ...] = ()
    kind: DocumentKind | None = None
    draft: tuple[str, ...] = ()  # what a draft leaves blank: ("số", "ngày")
    #: Why no PDF was made though rendering was not declined ("" otherwise): a document
    #: Nghị định 30 does not govern is not sent to LibreOffice.
    not_rendered: str = ""

    @property
    def ok(self) -> bool:
        """No hard rule fails, and every hard rule that should have run did."""
        return not self.hard_failures and not self.incomplete

    @property
    def unevaluated(self) -> list[Finding]:
        """Hard rules that were asked for but could not be evaluated (and why: their note)."""
        return [f for f in self.findings if f.hard and f.status == NOT_EVALUATED
                and not f.skipped]

    @property
    def unchecked(self) -> list[Finding]:
        """Every rule asked for that could not be evaluated, hard and soft (the soft ones do
        not hold the verdict back, but the report names them too)."""
        return [f for f in self.findings if f.status == NOT_EVALUATED and not f.skipped]

    @property
    def skipped(self) -> list[Finding]:
        """Rules left out at the user's request (``--no-render``)."""
        return [f for f in self.findings if f.skipped]

    @property
    def verdict(self) -> Verdict:
        if self.kind is not None and not self.kind.administrative:
            return "not_applicable"
        if self.hard_failures:
            return "fail"
        if self.incomplete or self.unevaluated:
            return "incomplete"
        return "pass"

    @property
    def hard_failures(self) -> list[Finding]:
        return [f for f in self.findings if f.hard and f.failed]

    @property
    def soft_failures(self) -> list[Finding]:
        return [f for f in self.findings if not f.hard and f.failed]

    def finding(self, rule: str) -> Finding:
        """The finding of rule ``rule`` (``KeyError`` if the report has none)."""
        for f in self.findings:
            if f.rule == rule:
                return f
        raise KeyError(rule)

    def failed_rules(self, *, hard: bool | None = None) -> set[str]:
        return {f.rule for f in self.findings if f.failed and (hard is None or f.hard == hard)}

    def counts(self) -> dict[str, int]:
        out = {PASS: 0, FAIL: 0, NOT_EVALUATED: 0}
        for f in self.findings:
            out[f.status] += 1
        return out

    # ---------------------------------------------------------------- output
    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "ok": self.ok, "verdict": self.verdict,
                "verdict_text": self.verdict_text(),
                "rendered": self.rendered, "not_rendered": self.not_rendered,
                "incomplete": self.incomplete,
                "warnings": list(self.warnings),
                "document_type": self.kind.to_dict() if self.kind else None,
                "draft": list(self.draft),
                "summary": {**self.counts(), "hard_failures": len(self.hard_failures),
                            "soft_failures": len(self.soft_failures),
                            "not_evaluated_hard": [f.rule for f in self.unevaluated],
                            "not_evaluated_rules": [f.rule for f in self.unchecked],
                            "skipped": [f.rule for f in self.skipped]},
                "findings": [f.to_dict() for f in self.findings]}

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def verdict_text(self) -> str:
        """The first line of the text report: the verdict, in Vietnamese."""
        if self.verdict == "not_applicable":
            assert self.kind is not None
            return f"KHÔNG KIỂM TRA: {self.kind.note or self.kind.name}"
        if self.verdict == "fail":
            text = f"KHÔNG ĐẠT: {len(self.hard_failures)} quy tắc bắt buộc không đạt"
            if self.unchecked:
                text += f"; {incomplete_text(self.unchecked)}"
            return text
        if self.verdict == "incomplete":
            return ("CHƯA KẾT LUẬN: các quy tắc đã kiểm tra đều đạt, nhưng "
                    f"{self.incomplete or incomplete_text(self.unchecked)}")
        text = "ĐẠT: không có lỗi bắt buộc"
        if self.unchecked:
            # only soft rules are left: the verdict stands, and names them
            text += f"; {incomplete_text(self.unchecked)}"
        if self.skipped:
            text += f" (bỏ qua theo yêu cầu: {_ranges(f.rule for f in self.skipped)})"
        return text

    def to_text(self, *, verbose: bool = False) -> str:
        """A readable report, grouped; passing rules are listed only when ``verbose``."""
        counts = self.counts()
        lines = [f"== {self.path}"]
        if self.kind is not None:
            how = "chọn theo yêu cầu (--type)" if self.kind.forced \
                else f"nhận biết qua: {self.kind.reason}"
            lines.append(f"Loại văn bản: {self.kind.name} ({how})")
        if self.draft and self.verdict != "not_applicable":
            lines.append(f"Bản dự thảo: để trống {', '.join(self.draft)} "
                         "(văn thư điền khi ban hành; không phải lỗi)")
        lines.append(self.verdict_text())
        not_applicable = sum(1 for f in self.findings if not f.applicable)
        lines.append(f"   {counts[PASS] - not_applicable} đạt, {counts[FAIL]} không đạt "
                     f"({len(self.soft_failures)} khuyến nghị), {not_applicable} không áp dụng, "
                     f"{counts[NOT_EVALUATED]} chưa kiểm tra")
        lines += [f"   Cảnh báo: {w}" for w in self.warnings]
        if self.verdict == "not_applicable":
            if self.not_rendered:
                lines.append(f"   {self.not_rendered[0].upper()}{self.not_rendered[1:]}")
            return "\n".join(lines)
        for group, title in _GROUPS.items():
            members = [f for f in self.findings if f.group == group]
            shown = [f for f in members if verbose or f.status != PASS]
            if not shown:
                continue
            lines.append("")
            lines.append(f"-- {title}")
            unevaluated = [f for f in shown if f.status == NOT_EVALUATED]
            if len(unevaluated) > 1 and len({f.note for f in unevaluated}) == 1:
                # one reason for all (no LibreOffice, --no-render): say it once
                ids = ", ".join(f.rule for f in unevaluated)
                lines.append(f" ? {ids}: {_STATUS_VI[NOT_EVALUATED]}: {unevaluated[0].note}")
                shown = [f for f in shown if f.status != NOT_EVALUATED]
            for f in shown:
                level = "bắt buộc" if f.hard else "khuyến nghị"
                mark = {PASS: "✓", FAIL: "✗", NOT_EVALUATED: "?"}[f.status]
                if f.status == PASS and not f.applicable:
                    mark, status = "–", "không áp dụng"
                else:
                    status = _STATUS_VI[f.status]
                lines.append(f" {mark} {f.rule} {f.name} [{level}]: {status}")
                if f.note:
                    lines.append(f"     {f.note}")
                for p in f.problems[:8]:
                    where = p.where.describe() if p.where else "toàn văn bản"
                    lines.append(f"     • {where}")
                    lines.append(f"       thấy: {p.seen}")
                    lines.append(f"       cần:  {p.expected}")
                if len(f.problems) > 8:
                    lines.append(f"     … và {len(f.problems) - 8} chỗ khác")
        return "\n".join(lines)


def incomplete_text(unevaluated: list[Finding]) -> str:
    """``chưa kiểm tra được P1, P2, P8 (khuyến nghị) (lý do)``: every rule asked for and not
    evaluated, a soft one marked as such, with their reason when they share one."""
    if not unevaluated:
        return ""
    ids = ", ".join(f.rule if f.hard else f"{f.rule} (khuyến nghị)" for f in unevaluated)
    reasons = {f.note for f in unevaluated}
    why = reasons.pop() if len(reasons) == 1 else "lý do ở từng quy tắc"
    return f"chưa kiểm tra được {ids} ({why})"


def _ranges(ids) -> str:
    """``P1, P2, …, P9`` as ``P1–P9`` when they run on."""
    ids = list(ids)
    if len(ids) > 2 and all(i[0] == ids[0][0] and i[1:].isdigit() for i in ids):
        numbers = [int(i[1:]) for i in ids]
        if numbers == list(range(numbers[0], numbers[-1] + 1)):
            return f"{ids[0]}–{ids[-1]}"
    return ", ".join(ids)
