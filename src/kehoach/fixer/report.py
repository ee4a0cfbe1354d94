"""Báo cáo sửa thể thức: what ``kehoach fix`` changed, and what it left for a person.

A :class:`FixReport` lists every :class:`Change` (the rule, the place, what was there and what
is there now) and every :class:`Unfixed` problem (the rule, the place, why the fixer left it:
wording, structure, a missing element, a part it cannot change safely). It also carries the
hard findings of the checker before and after, so a caller sees at once what the fix achieved.
"""

from __future__ import annotations

import json
from typing import Any, Final

import attrs

#: Kinds of a change, for the report and for the text-safety check.
FORMAT: Final = "format"  # formatting only: the words are untouched
TEXT: Final = "text"  # one of the decree's fixed forms (see :mod:`kehoach.fixer.forms`)
#: Paragraphs moved, whole and in order, to where the decree puts them (``moved`` holds their
#: texts; ``target`` the part they went to when it is not ``part``).
MOVE: Final = "move"
#: A section break added (``part``: where), e.g. before an appendix.
SECTION: Final = "section"


@attrs.frozen
class Change:
    """Một thay đổi: one change the fixer made.

    ``where`` describes the place in Vietnamese (``"văn bản, đoạn 12: «Căn cứ …»"``, ``"kiểu
    đoạn Normal"``, ``"phần 1 của văn bản"``); ``before`` and ``after`` are short descriptions
    (``"cỡ chữ 12 pt"`` → ``"cỡ chữ 13 pt"``), or the whole text of the paragraph (or of the
    line, in a paragraph split by line breaks) for a text change (``kind == "text"``, ``form``
    names the fixed form). A move (``kind == "move"``) lists the texts of the paragraphs moved in
    ``moved`` and, when they went to another part (a page number from the footer to the
    header), that part in ``target``; a section break added has ``kind == "section"``.
    """

    rule: str
    where: str
    before: str
    after: str
    kind: str = FORMAT
    form: str = ""
    part: str = ""
    paragraph: int | None = None
    moved: tuple[str, ...] = ()
    target: str = ""

    def to_dict(self) -> dict[str, Any]:
        out = attrs.asdict(self)
        out["moved"] = list(self.moved)
        return out


@attrs.frozen
class Unfixed:
    """Một lỗi chưa sửa: a problem the fixer left, and why (``reason``, in Vietnamese)."""

    rule: str
    name: str
    where: str
    seen: str
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return attrs.asdict(self)


@attrs.frozen
class FixReport:
    """Everything one fix did: the changes, what remains and the hard findings around it.

    ``refused`` is set (a Vietnamese reason) when the fixer changed nothing on purpose: a
    document it cannot fix safely (digitally signed, OOXML Strict, not an administrative
    document of Nghị định 30). ``written`` is the output path, or ``None`` (``dry_run``, a
    refusal, or :func:`kehoach.fixer.fix_bytes`).
    """

    path: str
    changes: tuple[Change, ...]
    unfixed: tuple[Unfixed, ...]
    hard_before: tuple[str, ...]  # rule ids of the hard rules failing before the fix
    hard_after: tuple[str, ...]
    problems_before: int  # hard problems (places) before the fix
    problems_after: int
    refused: str | None = None
    notes: tuple[str, ...] = ()
    written: str | None = None
    #: Whether the printed-page rules (P1–P9) were judged on the output's PDF; when not,
    #: ``unchecked`` says why, and the fix never claims the output passes.
    rendered: bool = False
    unchecked: str = ""

    @property
    def ok(self) -> bool:
        """No hard rule fails in the output, its printed page included."""
        return not self.refused and not self.hard_after and self.rendered

    @property
    def changed(self) -> bool:
        return bool(self.changes)

    @property
    def text_changes(self) -> list[Change]:
        return [c for c in self.changes if c.kind == TEXT]

    def to_dict(self) -> dict[str, Any]:
        return {"path": self.path, "written": self.written, "refused": self.refused,
                "summary": {"changes": len(self.changes), "text_changes": len(self.text_changes),
                            "unfixed": len(self.unfixed),
                            "hard_rules_before": list(self.hard_before),
                            "hard_rules_after": list(self.hard_after),
                            "hard_problems_before": self.problems_before,
                            "hard_problems_after": self.problems_after},
                "rendered": self.rendered, "unchecked": self.unchecked, "ok": self.ok,
                "notes": list(self.notes),
                "changes": [c.to_dict() for c in self.changes],
                "unfixed": [u.to_dict() for u in self.unfixed]}

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)

    def to_text(self, *, limit: int = 0) -> str:
        """A readable report: changes grouped by rule, then what remains and why."""
        lines = [f"== {self.path}"]
        if self.refused:
            lines.append(f"KHÔNG SỬA: {self.refused}")
            return "\n".join(lines)
        lines.append(f"Đã sửa {len(self.changes)} chỗ ({len(self.text_changes)} chỗ sửa chữ theo "
                     f"mẫu cố định); lỗi bắt buộc: {self.problems_before} chỗ "
                     f"({len(self.hard_before)} quy tắc) → {self.problems_after} chỗ "
                     f"({len(self.hard_after)} quy tắc)"
                     + ("." if self.rendered else
                        f"; chưa kiểm tra bản in (P1–P9: {self.unchecked or 'không kết xuất PDF'})"
                        "."))
        if self.written:
            lines.append(f"Đã ghi: {self.written}")
        for note in self.notes:
            lines.append(f"Ghi chú: {note}")
        by_rule: dict[str, list[Change]] = {}
        for change in self.changes:
            by_rule.setdefault(change.rule, []).append(change)
        if by_rule:
            lines += ["", "-- Đã sửa"]
        for rule_id, changes in by_rule.items():
            lines.append(f" ✓ {rule_id}: {len(changes)} chỗ")
            shown = changes if not limit else changes[:limit]
            for c in shown:
                lines.append(f"     • {c.where}")
                lines.append(f"       {c.before} → {c.after}")
            if len(shown) < len(changes):
                lines.append(f"     … và {len(changes) - len(shown)} chỗ khác")
        if self.unfixed:
            lines += ["", "-- Chưa sửa (cần người xem)"]
        for u in self.unfixed:
            lines.append(f" ✗ {u.rule} {u.name}: {u.where}")
            lines.append(f"       thấy: {u.seen}")
            lines.append(f"       vì sao: {u.reason}")
        return "\n".join(lines)
