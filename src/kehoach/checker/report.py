"""Báo cáo kiểm tra: the findings of a check, as text for a clerk and as JSON for a program.

A :class:`Report` has one :class:`Finding` per rule. A finding's ``status`` is

``pass``
    the rule holds (``applicable`` is false, with a note, when the document has nothing the
    rule is about, e.g. no căn cứ block or no appendix: such a rule passes);
``fail``
    it does not; ``problems`` says where, what was seen and what the decree wants;
``not_evaluated``
    the checker could not tell (a rendered rule without LibreOffice, a PDF that could not be
    made); ``note`` says why.

A report is ``ok`` when no *hard* rule fails; soft rules (template values, practice) are advice.
"""

from __future__ import annotations

import json
from typing import Any, Final, Literal

import attrs

from kehoach.checker.document import Location

Status = Literal["pass", "fail", "not_evaluated"]

PASS: Final = "pass"
FAIL: Final = "fail"
NOT_EVALUATED: Final = "not_evaluated"

_STATUS_VI: Final = {PASS: "đạt", FAIL: "KHÔNG ĐẠT", NOT_EVALUATED: "chưa kiểm tra"}
_GROUPS: Final = {
    "page": "Trang", "font": "Phông chữ", "header": "Phần đầu văn bản",
    "title": "Tên loại và trích yếu", "body": "Nội dung", "signature": "Chữ ký và nơi nhận",
    "wording": "Viết hoa, chính tả", "order": "Bố cục", "rendered": "Bản in (kết xuất PDF)",
}


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

    @property
    def failed(self) -> bool:
        return self.status == FAIL

    def to_dict(self) -> dict[str, Any]:
        return {"rule": self.rule, "name": self.name, "group": self.group,
                "severity": "hard" if self.hard else "soft", "status": self.status,
                "applicable": self.applicable, "what": self.what, "note": self.note,
                "problems": [p.to_dict() for p in self.problems]}


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

    @property
    def ok(self) -> bool:
        """No hard rule fails, and every hard rule that should have run did."""
        return not self.hard_failures and not self.incomplete

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
        return {"path": self.path, "ok": self.ok, "rendered": self.rendered,
                "incomplete": self.incomplete, "warnings": list(self.warnings),
                "summary": {**self.counts(), "hard_failures": len(self.hard_failures),
                            "soft_failures": len(self.soft_failures)},
                "findings": [f.to_dict() for f in self.findings]}

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def to_text(self, *, verbose: bool = False) -> str:
        """A readable report, grouped; passing rules are listed only when ``verbose``."""
        counts = self.counts()
        if self.hard_failures:
            verdict = f"KHÔNG ĐẠT: {len(self.hard_failures)} quy tắc bắt buộc không đạt"
        elif self.incomplete:
            verdict = f"CHƯA KẾT LUẬN: {self.incomplete}"
        else:
            verdict = "ĐẠT: không có lỗi bắt buộc"
        lines = [f"== {self.path}", verdict,
                 f"   {counts[PASS]} đạt, {counts[FAIL]} không đạt "
                 f"({len(self.soft_failures)} khuyến nghị), {counts[NOT_EVALUATED]} chưa kiểm tra"]
        lines += [f"   Cảnh báo: {w}" for w in self.warnings]
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
                head = f" {mark} {f.rule} {f.name} [{level}]: {_STATUS_VI[f.status]}"
                if not f.applicable:
                    head += " (không áp dụng)"
                lines.append(head)
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
