"""General tables (issue 10.4–10.5): any columns, merged headers, TT, alignment, landscape.

Each test reads the .docx back: the grid, the cells of every row with their spans and merges,
the row properties, the sections and their orientation.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from lxml import etree

import kehoach as kh
from kehoach import data
from kehoach.layout.profile import DEFAULT_PROFILE as P
from kehoach.layout.profile import NUMBER_COLUMN_CM, PAGE_HEIGHT_TW, PAGE_WIDTH_TW

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def body(document: bytes) -> etree._Element:
    return etree.fromstring(zipfile.ZipFile(io.BytesIO(document)).read("word/document.xml"))


def w(element: etree._Element, name: str) -> str | None:
    return element.get(f"{{{W}}}{name}")


def plan_with(*blocks, appendices=()) -> kh.Plan:
    return kh.Plan(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An"),
        date=kh.IssueDate(2026, 3, 2), number=kh.DocumentNumber(4),
        title="Thực hiện nhiệm vụ năm 2026",
        parts=[kh.Part("Nội dung", list(blocks))],
        signer=kh.Signer("Nguyễn Văn An", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        appendices=list(appendices))


def tables(document: bytes) -> list[etree._Element]:
    """The body's bordered tables (the header and signature tables have none)."""
    return [t for t in body(document).iter(f"{{{W}}}tbl")
            if t.xpath("w:tblPr/w:tblBorders/w:top[@w:val='single']", namespaces=NS)]


def grid(table) -> list[int]:
    return [int(w(c, "w")) for c in table.xpath("w:tblGrid/w:gridCol", namespaces=NS)]


def cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
                     for p in tc.iter(f"{{{W}}}p"))


def rows(table) -> list[list[tuple[str, int, str | None]]]:
    """Each row: (text, gridSpan, vMerge) of each cell."""
    out = []
    for tr in table.xpath("w:tr", namespaces=NS):
        row = []
        for tc in tr.xpath("w:tc", namespaces=NS):
            span = tc.xpath("w:tcPr/w:gridSpan", namespaces=NS)
            merge = tc.xpath("w:tcPr/w:vMerge", namespaces=NS)
            row.append((cell_text(tc), int(w(span[0], "val")) if span else 1,
                        w(merge[0], "val") if merge else None))
        out.append(row)
    return out


def row_flags(table) -> list[tuple[bool, bool]]:
    """(repeated header, kept on one page) of each row."""
    return [(bool(tr.xpath("w:trPr/w:tblHeader", namespaces=NS)),
             bool(tr.xpath("w:trPr/w:cantSplit", namespaces=NS)))
            for tr in table.xpath("w:tr", namespaces=NS)]


HEADER_4 = [kh.Column("Nội dung", width=5),
            kh.Column("Trách nhiệm thực hiện", width=3),
            kh.Column("Thời gian (Năm 2026)", width=2, align="giữa")]


def test_any_columns_with_the_authors_headers_and_an_automatic_tt():
    table = kh.Table(HEADER_4, [["Tuyên truyền", "Văn phòng", "Quý I"],
                                kh.Row(["Tổng hợp", "Các thôn", "Quý II"], number="I"),
                                ["Báo cáo", "Văn phòng", "Tháng 12"]], numbered=True)
    (t,) = tables(kh.render(plan_with(table)))
    assert rows(t) == [
        [("TT", 1, None), ("Nội dung", 1, None), ("Trách nhiệm thực hiện", 1, None),
         ("Thời gian (Năm 2026)", 1, None)],
        [("1", 1, None), ("Tuyên truyền", 1, None), ("Văn phòng", 1, None), ("Quý I", 1, None)],
        [("I", 1, None), ("Tổng hợp", 1, None), ("Các thôn", 1, None), ("Quý II", 1, None)],
        [("2", 1, None), ("Báo cáo", 1, None), ("Văn phòng", 1, None), ("Tháng 12", 1, None)],
    ]
    widths = grid(t)
    assert widths[0] == P.cm_tw(NUMBER_COLUMN_CM)
    assert abs(sum(widths) - P.text_width_tw) <= 2  # the text width, to rounding
    assert widths[1] / widths[3] == pytest.approx(5 / 2, rel=0.01)  # relative widths
    assert row_flags(t) == [(True, True), (False, True), (False, True), (False, True)]
    # Centred columns: TT and the dates; the others at the left.
    styles = [tc.xpath("w:p/w:pPr/w:pStyle/@w:val", namespaces=NS)[0]
              for tc in t.xpath("w:tr[2]/w:tc", namespaces=NS)]
    assert styles == ["KHTableCenter", "KHTableCell", "KHTableCell", "KHTableCenter"]


@pytest.mark.parametrize(("by_group", "expected"), [
    (False, ["TT", "I", "1", "2", "II", "3", ""]), (True, ["TT", "I", "1", "2", "II", "1", ""])])
def test_group_rows_restart_the_count_and_a_total_has_no_number(by_group, expected):
    """A «Tổng cộng» row took the next number and ``number: ""`` was refused; after a group
    row ``II`` the count went on (3) where most offices restart it (1)."""
    rows_ = [kh.Row(["Kinh tế", "", ""], number="I"), ["Trồng cây", "Các thôn", "5"],
             ["Chăn nuôi", "Các thôn", "3"], kh.Row(["Văn hóa", "", ""], number="II"),
             ["Lễ hội", "Văn phòng", "1"], kh.Row(["Tổng cộng", "", "9"], number="")]
    table = kh.Table(HEADER_4, rows_, numbered=True, number_by_group=by_group)
    document = kh.render(plan_with(table))
    (t,) = tables(document)
    assert [row[0][0] for row in rows(t)] == expected
    assert not kh.check(document, render=False).failed_rules(hard=True)
    with pytest.raises(kh.PlanDataError, match='number: ""'):
        kh.Row(["Tổng cộng", "", "9"], number="  ")


def test_a_cell_or_a_part_takes_one_text_as_one_paragraph():
    """``Cell("Tổng cộng")`` was refused (a list wanted) while a row takes the plain text."""
    assert kh.Cell("Tổng cộng") == kh.Cell([kh.Paragraph("Tổng cộng")])
    assert kh.Cell("") == kh.Cell([])
    assert kh.Part("Nội dung", "Một đoạn.").children == (kh.Paragraph("Một đoạn."),)


def test_a_two_row_header_with_merged_cells():
    columns = [kh.Column("Nội dung", width=4),
               kh.Column("Bắt đầu", group="Thời gian thực hiện"),
               kh.Column("Hoàn thành", group="Thời gian thực hiện"),
               kh.Column("Ghi chú")]
    (t,) = tables(kh.render(plan_with(kh.Table(columns, [["a", "b", "c", "d"]],
                                               numbered=True))))
    head = rows(t)[:2]
    assert head == [
        [("TT", 1, "restart"), ("Nội dung", 1, "restart"), ("Thời gian thực hiện", 2, None),
         ("Ghi chú", 1, "restart")],
        [("", 1, "continue"), ("", 1, "continue"), ("Bắt đầu", 1, None),
         ("Hoàn thành", 1, None), ("", 1, "continue")],
    ]
    assert row_flags(t)[:2] == [(True, True), (True, True)]  # both repeat on every page
    merged = t.xpath("w:tr[1]/w:tc[3]/w:tcPr/w:tcW/@w:w", namespaces=NS)[0]
    assert int(merged) == sum(grid(t)[2:4])


def test_merged_body_cells_and_several_paragraphs_in_a_cell():
    cell = kh.Cell(["Đoạn một;", kh.Bullet("ý thứ hai."), kh.italic("ghi chú")], row_span=2)
    table = kh.Table(["Nhóm", "Việc", "Ghi chú"], [
        [cell, "Việc 1", ""],
        ["Việc 2", kh.Cell(["gộp hai cột"], span=1)],
        [kh.Cell(["Cả dòng"], span=3)],
    ])
    (t,) = tables(kh.render(plan_with(table)))
    assert rows(t)[1:] == [
        [("Đoạn một;\n- ý thứ hai.\nghi chú", 1, "restart"), ("Việc 1", 1, None), ("", 1, None)],
        [("", 1, "continue"), ("Việc 2", 1, None), ("gộp hai cột", 1, None)],
        [("Cả dòng", 3, None)],
    ]


@pytest.mark.parametrize(("table_rows", "where", "message"), [
    ([["a", "b"]], "Table.rows[0].cells", "thiếu ô"),
    ([["a", "b", "c", "d"]], "Table.rows[0].cells[3]", "nhiều ô hơn số cột"),
    ([[kh.Cell(["a"], row_span=3), "b", "c"], ["b", "c"]], "Table.rows[0].cells[0].row_span",
     "gộp 3 dòng"),
    ([[kh.Cell(["a"], span=2), "b", "c"]], "Table.rows[0].cells[2]", "nhiều ô hơn"),
])
def test_a_row_that_does_not_fill_the_grid_is_named(table_rows, where, message):
    with pytest.raises(kh.PlanDataError) as caught:
        kh.Table(["A", "B", "C"], table_rows)
    errors = getattr(caught.value, "errors", [caught.value])
    assert any(e.path == where and message in e.message for e in errors), errors


def test_a_table_refuses_a_table_in_a_cell():
    """A table in a cell, directly or inside a block, is refused with the reason and what to
    do instead (docs/data-files.md §4.6), not with a list of the block types a cell holds."""
    inner = kh.Table(["A"], [["x"]])
    for cell in (lambda: kh.Cell([kh.Bullet("a", children=[inner])]), lambda: kh.Cell([inner]),
                 lambda: kh.Cell([kh.TaskTable([kh.TaskRow("x")])])):
        with pytest.raises(kh.PlanDataError) as caught:
            cell()
        assert str(caught.value).startswith("Cell.children[0]: không đặt bảng trong ô của bảng")
        assert "dùng ô gộp (span, row_span)" in caught.value.message


def test_a_point_or_bullet_holds_a_table_and_paragraphs():
    table = kh.Table(["Việc", "Thời gian"], [["Tuyên truyền", "Quý I"]])
    plan = plan_with(kh.Point("các việc sau:", lead_in="Thực hiện", children=[
        table, "Đoạn văn sau bảng.", kh.Bullet("gạch đầu dòng", children=[table])]))
    document = kh.render(plan)
    assert len(tables(document)) == 2
    texts = ["".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
             for p in body(document).xpath("w:body/w:p", namespaces=NS)]
    i = texts.index("a) Thực hiện các việc sau:")
    assert texts[i + 2] == "Đoạn văn sau bảng." and texts[i + 3] == "- gạch đầu dòng"
    # The line that introduces a table is kept on the table's page.
    intro = body(document).xpath("w:body/w:p", namespaces=NS)[i]
    assert intro.xpath("w:pPr/w:keepNext", namespaces=NS)


def test_the_task_table_is_the_general_table_it_stands_for():
    rows_ = [kh.TaskRow("Kiện toàn Ban Chỉ huy", "Văn phòng", "Công an xã", "Tháng 3"),
             kh.TaskRow("Rà soát", kh.bold("Phòng Kinh tế"))]
    (t,) = tables(kh.render(plan_with(kh.TaskTable(rows_))))
    assert [c[0] for c in rows(t)[0]] == ["TT", "Nội dung", "Cơ quan chủ trì",
                                          "Cơ quan phối hợp", "Thời gian"]
    assert [c[0] for c in rows(t)[2]] == ["2", "Rà soát", "Phòng Kinh tế", "", ""]
    assert grid(t) == [P.cm_tw(cm) for cm in (1.1, 6.2, 3.2, 3.4, 2.6)]


# --------------------------------------------------------------------------------------------
# Landscape


def sections(document: bytes) -> list[dict]:
    """Every section in order: orientation, whether numbering restarts, title page."""
    out = []
    for sect in body(document).iter(f"{{{W}}}sectPr"):
        size = sect.find(f"{{{W}}}pgSz")
        out.append({"w": int(w(size, "w")), "h": int(w(size, "h")),
                    "orient": w(size, "orient"),
                    "restart": bool(sect.xpath("w:pgNumType[@w:start='1']", namespaces=NS)),
                    "title_page": sect.find(f"{{{W}}}titlePg") is not None,
                    "header": sect.xpath("w:headerReference[@w:type='default']/@r:id",
                                         namespaces={**NS, "r": "http://schemas.openxmlformats"
                                                     ".org/officeDocument/2006/relationships"})})
    return out


#: Twelve months of amounts: the amounts (1.250.000) do not fit a twelfth of a portrait page.
WIDE = kh.Table([kh.Column(f"Tháng {i:02d}", align="phải") for i in range(1, 13)],
                [[f"{i}.250.000" for i in range(1, 13)]])


def test_a_table_too_wide_for_portrait_goes_landscape_and_the_plan_comes_back():
    assert kh.rendering.context.needs_landscape(WIDE, P)
    document = kh.render(plan_with("Trước bảng.", WIDE, "Sau bảng."))
    found = sections(document)
    portrait = {"w": PAGE_WIDTH_TW, "h": PAGE_HEIGHT_TW, "orient": None}
    landscape = {"w": PAGE_HEIGHT_TW, "h": PAGE_WIDTH_TW, "orient": "landscape"}
    assert [{k: s[k] for k in ("w", "h", "orient")} for s in found] == [
        portrait, landscape, portrait]
    # Only the first section restarts numbering and hides page 1's number; every section
    # shows the header with the page number.
    assert [(s["restart"], s["title_page"]) for s in found] == [
        (True, True), (False, False), (False, False)]
    assert all(s["header"] == ["rIdHeaderDefault"] for s in found)
    # The landscape table spans the landscape text width.
    (t,) = tables(document)
    assert abs(sum(grid(t)) - P.landscape_text_width_tw) <= 12


def test_landscape_is_chosen_or_refused_in_data():
    narrow = kh.Table(["A", "B"], [["x", "y"]], landscape=True)
    assert len(sections(kh.render(plan_with(narrow)))) == 3
    wide = kh.Table(WIDE.columns, WIDE.rows, landscape=False)
    assert len(sections(kh.render(plan_with(wide)))) == 1


def test_an_appendix_with_a_wide_table_is_landscape_and_restarts_numbering():
    document = kh.render(plan_with("Nội dung tại các Phụ lục kèm theo.", appendices=[
        kh.Appendix("Chỉ tiêu", [WIDE]), kh.Appendix("Danh sách", ["Đoạn văn."])]))
    found = sections(document)
    assert [(s["orient"], s["restart"], s["title_page"]) for s in found] == [
        (None, True, True), ("landscape", True, True), (None, True, True)]


def test_a_landscape_table_inside_an_appendix_keeps_its_numbering():
    document = kh.render(plan_with("Nội dung tại các Phụ lục kèm theo.", appendices=[
        kh.Appendix("Chỉ tiêu", ["Trước bảng.", kh.Table(WIDE.columns, WIDE.rows,
                                                           landscape=True), "Sau bảng."],
                    landscape=False)]))
    assert [(s["orient"], s["restart"]) for s in sections(document)] == [
        (None, True), (None, True), ("landscape", False), (None, False)]


def test_tables_in_data_files():
    text = """\
issuer: {name: [Ủy ban nhân dân, xã Hòa An], place: Hòa An}
date: 05/02/2026
title: Tổ chức Tết trồng cây năm 2026
parts:
  - title: Nội dung
    children:
      - type: bảng
        numbered: true
        columns:
          - Nội dung
          - {header: Quý I, group: Năm 2026, align: giữa}
          - {header: Quý II, group: Năm 2026, align: giữa}
        rows:
          - [Trồng cây, "100", "200"]
          - [[Đoạn một., Đoạn hai.], "", {children: [x], align: phải}]
          - [{children: [Cả dòng], span: 3}]
      - type: table                  # an older file's task table
        rows:
          - {content: Trồng cây, lead: Văn phòng}
signer: {name: Nguyễn Văn An, title: Chủ tịch, authorities: [TM. Ủy ban nhân dân]}
"""
    plan = data.loads(text)
    table, task = plan.parts[0].children
    assert isinstance(table, kh.Table) and isinstance(task, kh.TaskTable)
    assert task.rows[0].lead_agency == "Văn phòng"
    assert [c.group for c in table.columns] == [None, "Năm 2026", "Năm 2026"]
    assert table.rows[1].cells[0].children == (kh.Paragraph("Đoạn một."),
                                              kh.Paragraph("Đoạn hai."))
    assert table.rows[1].cells[1].children == ()
    assert table.rows[1].cells[2].align is kh.Align.RIGHT
    assert data.loads(data.dumps(plan)) == plan
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(text.replace("[Trồng cây, \"100\", \"200\"]", "[Trồng cây, \"100\"]"))
    [problem] = caught.value.problems
    assert (problem.where, problem.line) == ("parts[0].children[0].rows[0].cells", 14)
    assert "thiếu ô" in problem.message


def test_turned_tables_one_after_another_share_one_landscape_section():
    document = kh.render(plan_with("Trước.", WIDE, WIDE, "Sau."))
    assert [s["orient"] for s in sections(document)] == [None, "landscape", None]
    assert len(tables(document)) == 2


def test_an_appendix_ending_with_a_turned_table_leaves_no_empty_page():
    explicit = kh.Table(WIDE.columns, WIDE.rows, landscape=True)
    document = kh.render(plan_with("Chỉ tiêu và danh sách tại các Phụ lục kèm theo.", appendices=[
        kh.Appendix("Chỉ tiêu", ["Bảng sau:", explicit], landscape=False),
        kh.Appendix("Danh sách", ["Đoạn văn."])]))
    found = [(s["orient"], s["restart"]) for s in sections(document)]
    # body; the appendix's portrait start; its landscape table (closed by the next appendix);
    # the second appendix
    assert found == [(None, True), (None, True), ("landscape", False), (None, True)]


# --------------------------------------------------------------------------------------------
# Landscape only as a last resort, measured as the renderers break lines


@pytest.mark.parametrize("word, pieces", [
    ("15/3-30/4/2026", ("15/3-", "30/4/2026")),  # a hyphen between digits: Word, LibreOffice
    ("01/01/2026-31/12/2026", ("01/01/2026-", "31/12/2026")),
    ("HĐND-UBND", ("HĐND-", "UBND")),
    ("Thôn/bản/tổ", ("Thôn/", "bản/", "tổ")),
    ("https://dichvucong.gov.vn/dvc", ("https://", "dichvucong.gov.vn/", "dvc")),
    ("vanphong.xahoaan@quangtri.gov.vn", ("vanphong.xahoaan@quangtri.gov.vn",)),
    ("1.250.000", ("1.250.000",)),
    ("(Tổ", ("(Tổ",)),
    ("chức),", ("chức),",)),
])
def test_a_word_breaks_where_the_renderers_break_it(word, pieces):
    from kehoach.layout.metrics import break_pieces

    assert break_pieces(word) == pieces


#: Rows that the review found turned a one-page plan into three pages: one word too long
#: for its column when lines break on spaces only.
ORDINARY = {
    "dates": kh.TaskTable([kh.TaskRow("Việc", "Văn phòng - Thống kê", "Các thôn",
                                      "15/3-30/4/2026")]),
    "a year": kh.TaskTable([kh.TaskRow("Việc", "Văn phòng - Thống kê", "Các thôn",
                                       "01/01/2026-31/12/2026")]),
    "a link": kh.TaskTable([kh.TaskRow(
        "Hướng dẫn nộp hồ sơ trên https://dichvucong.quangtri.gov.vn/dvc/thu-tuc-hanh-chinh",
        "Văn phòng", "Công an xã", "Thường xuyên")]),
    "an e-mail": kh.Table(["Đơn vị", "Thư điện tử", "Điện thoại"],
                          [["Văn phòng", "vanphong.xahoaan@quangtri.gov.vn", "0233.3856.123"]]),
}


@pytest.mark.parametrize("name", ORDINARY)
def test_an_ordinary_table_stays_on_a_portrait_page(name):
    document = kh.render(plan_with(ORDINARY[name]))
    assert [s["orient"] for s in sections(document)] == [None]
    (t,) = tables(document)
    if isinstance(ORDINARY[name], kh.TaskTable):  # the widths of a task table, as ever
        assert grid(t) == [P.cm_tw(cm) for cm in (1.1, 6.2, 3.2, 3.4, 2.6)]


def test_a_column_too_narrow_for_its_word_takes_width_from_the_others():
    from kehoach.layout.metrics import text_width_tw
    from kehoach.layout.profile import TABLE_CELL_PADDING_TW

    (t,) = tables(kh.render(plan_with(ORDINARY["an e-mail"])))
    widths = grid(t)
    needed = text_width_tw("vanphong.xahoaan@quangtri.gov.vn", P.size_table)
    assert widths[1] >= needed + 2 * TABLE_CELL_PADDING_TW
    assert widths[0] == widths[2] and abs(sum(widths) - P.text_width_tw) <= 2
    # A column of a hundredth of the others' width still shows its word.
    tiny = kh.Table([kh.Column("A", width=0.01), kh.Column("Nội dung", width=100)],
                    [["Tuyên", "x"]])
    (t,) = tables(kh.render(plan_with(tiny)))
    assert grid(t)[0] >= text_width_tw("Tuyên", P.size_table) + 2 * TABLE_CELL_PADDING_TW


def test_fit_widths_keeps_the_proportions_when_every_word_fits():
    from kehoach.rendering.context import fit_widths

    assert fit_widths([1, 2, 1], [100, 100, 100], 4000) == [1000, 2000, 1000]
    assert fit_widths([1, 2, 1], [1500, 100, 100], 4000) == [1500, 1667, 833]
    assert fit_widths([1, 1], [2500, 2500], 4000) is None


def paragraph_texts(document: bytes) -> list[str]:
    """The body's paragraphs in order, ``§`` for one that ends a section."""
    out = []
    for p in body(document).xpath("w:body/w:p", namespaces=NS):
        text = "".join(t.text or "" for t in p.iter(f"{{{W}}}t"))
        out.append("§" if p.xpath("w:pPr/w:sectPr", namespaces=NS) else text)
    return out


def test_the_headings_over_a_turned_table_go_to_its_landscape_page():
    document = kh.render(plan_with("Đoạn trước.", kh.Item(title="Chỉ tiêu", children=[
        "Các chỉ tiêu như sau:", WIDE]), "Sau bảng."))
    texts = paragraph_texts(document)
    i = texts.index("Đoạn trước.")
    # The portrait section ends after "Đoạn trước.": the heading and the line introducing the
    # table open the landscape page; the table's own section ends after it.
    assert texts[i + 1:i + 4] == ["§", "1. Chỉ tiêu", "Các chỉ tiêu như sau:"]
    assert [s["orient"] for s in sections(document)] == [None, "landscape", None]
    intro = body(document).xpath("w:body/w:p", namespaces=NS)[i + 3]
    assert intro.xpath("w:pPr/w:keepNext", namespaces=NS)


@pytest.fixture(scope="module")
def ordinary_pdf(tmp_path_factory):
    """The ordinary tables above in one plan, laid out by LibreOffice: (width, height, words)
    of each page."""
    from kehoach.convert import available, to_pdf

    if available() is not None:
        pytest.skip("LibreOffice (soffice) not installed")
    pdfplumber = pytest.importorskip("pdfplumber")
    folder = tmp_path_factory.mktemp("ordinary")
    source = kh.save(plan_with(*ORDINARY.values()), folder / "ordinary.docx")
    (pdf,) = to_pdf([source])
    with pdfplumber.open(pdf) as document:
        return [(page.width, page.height, [w["text"] for w in page.extract_words()])
                for page in document.pages]


def test_libreoffice_shows_each_long_word_whole_on_portrait_pages(ordinary_pdf):
    assert all(width < height for width, height, _ in ordinary_pdf)
    words = [w for _, _, page in ordinary_pdf for w in page]
    # Whole on one line, or broken only where the renderer may break it (after - or /).
    assert "vanphong.xahoaan@quangtri.gov.vn" in words and "0233.3856.123" in words
    assert "15/3-30/4/2026" in words or {"15/3-", "30/4/2026"} <= set(words)
    assert "01/01/2026-31/12/2026" in words or {"01/01/2026-", "31/12/2026"} <= set(words)
    # A link wraps where LibreOffice chooses (its lines may sit among the row's other words).
    joined = "".join(words)
    assert "https://dichvucong" in joined and "dvc/thu-tuc-hanh-chinh" in joined


def test_a_rows_own_number_needs_the_tt_column():
    """A row's number shows only in the TT column: in a table without one it is refused, never
    silently left out."""
    with pytest.raises(kh.PlanDataError, match=r"^Table\.rows\[1\]\.number: bảng không có cột TT"):
        kh.Table(["Nội dung"], [["a"], kh.Row(["b"], number="I")])
    numbered = kh.Table(["Nội dung"], [kh.Row(["b"], number="I")], numbered=True)
    (t,) = tables(kh.render(plan_with(numbered)))
    assert [c[0] for c in rows(t)[1]] == ["I", "b"]
