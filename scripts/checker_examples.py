"""Write the example reports of docs/checker.md from ``kehoach check``'s own output.

usage: .venv/bin/python scripts/checker_examples.py [--check]

Checks the real documents of ``tests/corpus/real/`` (rendered by LibreOffice, as a user's
``kehoach check`` does) and kehoach's own Hải Yến plan with LibreOffice out of reach, abridges
each report to the findings named in :data:`EXAMPLES`, and writes them between the markers of
the "Example reports" section. ``--check`` writes nothing and exits 1 when the page differs.
``tests/test_checker_corpus.py`` compares the page with the same output, so the examples never
drift from what the checker prints.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "real"
PAGE = ROOT / "docs" / "checker.md"
BEGIN = "<!-- example reports: written by scripts/checker_examples.py -->"
END = "<!-- end of example reports -->"
#: The name the plan checked without LibreOffice is shown under.
NO_SOFFICE_NAME = "ke_hoach.docx"


class Example(NamedTuple):
    """One example: a file of the corpus (``None``: the Hải Yến plan without LibreOffice), the
    sentence that introduces it, and the rules whose findings are shown."""

    file: str | None
    intro: str
    rules: tuple[str, ...]


EXAMPLES: tuple[Example, ...] = (
    Example("03_kh_kiem_tra_cchc_2026.docx",
            "A **Kế hoạch**, a draft whose appendix section has a 10 mm bottom margin and whose "
            "drafter's mark is a given name in subscript:", ("R2", "R44")),
    Example("08_qd_bcd_du_lieu.docx",
            "A **Quyết định** of the Chairman: the Quốc hiệu and the Tiêu ngữ in one paragraph, "
            "the recipients split by line breaks, `CHỦ TỊCH` without a mark are all read as "
            "printed; what remains is the header's 12 pt page number, both tone-mark styles, "
            "and a signature LibreOffice splits over two pages:", ("R4", "R40", "P7")),
    Example("13_cv_y_kien_dieu_le_hoi.docx",
            "A **Công văn**: its trích yếu is the `V/v` line, which sits right under the Số with "
            "no space:", ("R2", "R20")),
    Example("16_bc_cchc_2025.docx",
            "A **Báo cáo** whose appendix is on US Letter paper; the rendering and the file "
            "agree that its date line prints lower than the Số:", ("R1", "R43", "P4")),
    Example("18_ttr_bc_cchc_2025.docx",
            "A **Tờ trình**, addressed with `Kính gửi` as a tờ trình to a superior may be; the "
            "line under its two-line trích yếu is short of a third of both its lines:",
            ("R21",)),
    Example("20_tb_ket_luan_hoi_nghi.docx",
            "A **Thông báo**: a khoản missing from the count, a 14 pt Số:", ("R14", "R29")),
    Example("23_nghi_dinh_30_2020.docx",
            "A document the decree does not govern (the decree itself):", ()),
    Example(None,
            "A plan checked where LibreOffice is missing: nothing failed, but the verdict does "
            "not say \"ĐẠT\", and the exit code is 3:", ("P1",)),
)


#: Places shown for a finding; the others are counted ("… và 5 chỗ khác").
PLACES_SHOWN = 2


def abridge(text: str, rules: Iterable[str]) -> str:
    """The text report ``text`` with only the findings of ``rules`` (and their group titles),
    at most :data:`PLACES_SHOWN` places each; ``…`` stands for what is left out. The lines
    above the first group are kept, but for the warnings about the fonts of the PDF, which say
    what the machine that made it lacks (Times New Roman), not what the document is."""
    wanted = set(rules)
    lines = text.splitlines()
    head: list[str] = []
    while lines and lines[0]:
        line = lines.pop(0)
        if not line.startswith("   Cảnh báo:"):
            head.append(line)
    groups: list[tuple[str, list[str]]] = []
    dropped = False
    keep = False
    places = hidden = 0

    def close_rule() -> None:
        nonlocal hidden
        if keep and hidden:
            groups[-1][1].append(f"     … và {hidden} chỗ khác")
        hidden = 0

    for line in lines:
        if not line:
            continue
        if line.startswith("-- "):
            close_rule()
            keep = False
            groups.append((line, []))
            continue
        if line.startswith((" ✗ ", " ✓ ", " ? ", " – ")):
            close_rule()
            keep = line.split()[1].rstrip(",:") in wanted
            dropped = dropped or not keep
            places = 0
            if keep:
                groups[-1][1].append(line)
            continue
        if not keep:
            continue
        if line.startswith("     • "):
            places += 1
        if line.startswith("     … và "):
            hidden += int(line.split()[2])
        elif places > PLACES_SHOWN:
            hidden += line.startswith("     • ")
        else:
            groups[-1][1].append(line)
    close_rule()
    out = list(head)
    shown = [(title, body) for title, body in groups if body]
    for title, body in shown:
        out += ["", title, *body]
    if dropped:
        out.append("…")
    return "\n".join(out)


def section(reports: Mapping[str, object]) -> str:
    """The examples as Markdown: ``reports`` maps each example's file (or
    :data:`NO_SOFFICE_NAME`) to its :class:`kehoach.checker.Report`."""
    parts = []
    for example in EXAMPLES:
        name = example.file or NO_SOFFICE_NAME
        report = reports[name]
        text = report.to_text().splitlines()
        text[0] = f"== {name}"
        parts.append(f"{example.intro}\n\n```text\n{abridge(chr(10).join(text), example.rules)}"
                     "\n```\n")
    return "\n".join(parts)


def no_soffice_report():
    """The Hải Yến plan checked with LibreOffice out of reach (``KEHOACH_SOFFICE`` names a
    program that is not there)."""
    import kehoach as kh
    from kehoach.data import load

    saved = {k: os.environ.get(k) for k in ("KEHOACH_SOFFICE", "KEHOACH_CONVERTER")}
    os.environ["KEHOACH_SOFFICE"] = str(ROOT / "no-such-soffice")
    os.environ.pop("KEHOACH_CONVERTER", None)
    try:
        return kh.check(kh.render(load(ROOT / "examples" / "hai_yen_2024.yaml")), render=True)
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def corpus_reports() -> dict[str, object]:
    from kehoach.checker import check_files

    names = [e.file for e in EXAMPLES if e.file]
    return dict(zip(names, check_files([CORPUS / n for n in names], render=True)))


def replaced(page: str, body: str) -> str:
    start, end = page.index(BEGIN) + len(BEGIN), page.index(END)
    return f"{page[:start]}\n\n{body}\n{page[end:]}"


def main(argv: list[str]) -> int:
    reports = {**corpus_reports(), NO_SOFFICE_NAME: no_soffice_report()}
    page = PAGE.read_text("utf-8")
    new = replaced(page, section(reports))
    if "--check" in argv:
        if new != page:
            print(f"{PAGE.relative_to(ROOT)}: các báo cáo mẫu đã cũ; chạy "
                  "scripts/checker_examples.py", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(new, "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
