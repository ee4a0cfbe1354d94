"""Draw the before/after pictures of docs/vi/sua-the-thuc.md: page 1 of real documents, as
LibreOffice prints them before and after ``kehoach fix``.

usage: .venv/bin/python scripts/fix_pictures.py

Fixes each file of :data:`FILES` (from ``tests/corpus/real/``), has LibreOffice make PDFs of
the file and of its fixed copy (the one-shot converter: the warm one fails on documents with
comments), and writes page 1 of each at 70 dpi as ``docs/images/fix_<nn>_before.png`` and
``…_after.png``. Look at them after a change to the fixer: they are what the clerk's guide
shows.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "corpus" / "real"
IMAGES = ROOT / "docs" / "images"
#: A plan (margins, italic căn cứ), a công văn (margins, V/v spacing, the drafter's mark), a
#: thông báo (fonts named after their bold face, Số at 14 pt, a line under the trích yếu).
FILES = ("05_kh_thi_dua_cchc_2026.docx", "13_cv_y_kien_dieu_le_hoi.docx",
         "20_tb_ket_luan_hoi_nghi.docx")


def main() -> int:
    from kehoach.convert import to_pdf
    from kehoach.fixer import fix_bytes

    os.environ["KEHOACH_CONVERTER"] = "soffice"
    with tempfile.TemporaryDirectory(prefix="kehoach-fix-pictures-") as tmp:
        folder = Path(tmp)
        sources = []
        for name in FILES:
            data = (CORPUS / name).read_bytes()
            fixed, report = fix_bytes(data, name)
            if fixed is None:
                print(f"{name}: {report.refused}", file=sys.stderr)
                return 1
            number = name[:2]
            for tag, content in (("before", data), ("after", fixed)):
                path = folder / f"fix_{number}_{tag}.docx"
                path.write_bytes(content)
                sources.append(path)
        to_pdf(sources, folder, timeout=600)
        for source in sources:
            target = IMAGES / source.with_suffix("").name
            subprocess.run(["pdftoppm", "-png", "-r", "70", "-f", "1", "-l", "1",
                            "-singlefile", str(source.with_suffix(".pdf")), str(target)],
                           check=True)
            print(f"{target}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main())
