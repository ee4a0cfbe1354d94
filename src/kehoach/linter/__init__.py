"""Soát nội dung: mistakes in a plan that no rule of the decree sees (``kehoach lint``).

A plan can follow Nghị định 30 to the letter and still say "KẾ HOẠCH / Kế hoạch tổ chức …"
(the kind printed twice), keep the starter's sample names, cite a căn cứ dated after the plan,
or name a district body after 1 July 2025, when that level of government ended. Each such
mistake is a :class:`Finding` of a rule with its own id (``L1`` …, listed in :data:`RULES` and
docs/lint.md), a Vietnamese message and the field it is in. Findings are warnings: kehoach
renders the plan anyway (``kehoach render --strict`` refuses it).

    >>> from kehoach.linter import lint, lint_file
    >>> lint(plan)                          # [Finding('L1', ('title',), '…')]
    >>> lint_file("ke_hoach.yaml")          # the same, each with its line in the file

This layer reads the model and the data files (the starters, for their sample names; a file's
lines), and is read by the command line only.
"""

from __future__ import annotations

import os
from pathlib import Path

from kehoach.linter.rules import RULES, Finding, Rule, lint

__all__ = ["RULES", "Finding", "Rule", "lint", "lint_file", "locate"]


def locate(findings: list[Finding], source: str | os.PathLike[str], fmt: str | None = None,
           text: bytes | str | None = None) -> list[Finding]:
    """``findings`` with the line of each in the data file ``source`` (YAML files have lines;
    TOML and JSON files do not keep them)."""
    from kehoach.data import formats

    fmt = fmt or formats.format_of(source)
    if fmt is None:
        return findings
    raw = text if text is not None else Path(source).read_bytes()
    parsed = formats.parse(raw, fmt)
    located = [f.at(parsed.lines(f.path)) for f in findings]
    # In the order of the file (stable: the plan's order where lines are unknown).
    return sorted(located, key=lambda f: f.line or 0)


def lint_file(path: str | os.PathLike[str], fmt: str | None = None) -> list[Finding]:
    """The findings of the plan in a data file, each with its line.

    Raises :class:`kehoach.data.PlanFileError` when the file is not a valid plan (every
    problem listed, as ``kehoach render`` reports them).
    """
    from kehoach import data

    fmt = fmt or data.format_of(path)
    plan = data.load(path, fmt)  # a missing or unreadable file: PlanFileError, in Vietnamese
    try:
        raw = Path(path).read_bytes()
    except OSError:  # gone since: the findings without their lines
        return lint(plan)
    return locate(lint(plan), path, fmt, raw)
