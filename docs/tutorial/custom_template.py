"""A template of one's own for the inspection plan: the bundled one plus a schedule table.

The second half of the tutorial "Adding a plan type" (docs/tutorial.md). It starts from
kehoach's template (``build_template()``), adds a "Lịch kiểm tra" table with python-docx, writes
the file, and registers the ``kiem-tra`` type again with the file's absolute path.

    python custom_template.py                 # writes ./kiem_tra_template.docx, ./kiem_tra_cchc_2026.docx
"""

from __future__ import annotations

# --8<-- [start:imports]
import io
from pathlib import Path

import attrs
import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm
from inspection_plan import INSPECTION, build_plan

import kehoach as kh
from kehoach.registry import register
from kehoach.rendering.template_builder import build_template

# --8<-- [end:imports]

# --8<-- [start:template]
COLUMNS = (("TT", 1.2), ("Đơn vị được kiểm tra", 9.8), ("Thời gian", 5.0))  # cm
BORDERS = (f'<w:tblBorders {nsdecls("w")}>'
           + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                     for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
           + "</w:tblBorders>")


def write_template(path: Path) -> Path:
    """kehoach's template, with the schedule printed after the last part."""
    doc = docx.Document(io.BytesIO(build_template()))
    # The closing paragraph sits inside "{%p if closing %}" … "{%p endif %}": insert before it.
    anchor = next(p for p in doc.paragraphs if p.text == "{%p if closing %}")
    anchor.insert_paragraph_before("{%p if schedule %}")
    anchor.insert_paragraph_before("Lịch kiểm tra cụ thể như sau:", style="KH Nội dung")

    table = doc.add_table(rows=4, cols=len(COLUMNS))
    table.autofit = False
    table._tbl.tblPr.find(qn("w:tblLook")).addprevious(parse_xml(BORDERS))
    for i, (heading, width) in enumerate(COLUMNS):
        table.columns[i].width = Cm(width)
        for cell in table.columns[i].cells:
            cell.width = Cm(width)
        table.cell(0, i).paragraphs[0].style = "KH Bảng tiêu đề"  # kehoach's table styles
        table.cell(0, i).paragraphs[0].text = heading
    # docxtpl's row tags: the row holding "{%tr … %}" becomes the tag; the row between repeats.
    table.cell(1, 0).text = "{%tr for row in schedule %}"
    for i, field in enumerate(("row.index", "row.unit", "row.when")):
        cell = table.cell(2, i).paragraphs[0]
        cell.style = "KH Bảng số thứ tự" if i == 0 else "KH Bảng nội dung"
        cell.text = "{{ " + field + " }}"
    table.cell(3, 0).text = "{%tr endfor %}"
    anchor._p.addprevious(table._tbl)  # add_table put it at the end; move it up

    anchor.insert_paragraph_before("{%p endif %}")
    doc.save(path)
    return path.resolve()
# --8<-- [end:template]


# --8<-- [start:use]
def use_template(path: Path) -> None:
    """Register ``kiem-tra`` again, now with its own template (an absolute path)."""
    register(attrs.evolve(INSPECTION, template=str(path.resolve()), build_template=None))


if __name__ == "__main__":
    use_template(write_template(Path("kiem_tra_template.docx")))
    print(kh.save(build_plan(), "kiem_tra_cchc_2026.docx"))
# --8<-- [end:use]
