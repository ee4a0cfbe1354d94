"""Every legal OOXML form of what a rule looks for, one small fixture each, made in code.

People type in Word what kehoach writes with styles: a page number as ``w:fldSimple``, as a
field in one run, inside a header table, a text box or a content control; the line under the
Tiêu ngữ drawn with Word's line tool and anchored in the date paragraph; the Quốc hiệu and the
Tiêu ngữ in one paragraph split by a line break; the whole Nơi nhận list in one paragraph;
"Nơi nhận" pulled into the cell's padding with a negative indent; a first line indented with a
tab; khoản and điểm numbered by Word; a "PHỤ LỤC" heading in capitals; a "(Kèm theo …)" line
over two paragraphs; a sentence ending with ":" that is not a heading; drafts. Each fixture
edits the clean Hải Yến plan into one such form and checks that the rule reads it as printed.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_docx as fx  # noqa: E402

from kehoach.checker import check  # noqa: E402

W_NS, W = fx.W_NS, fx.W
V_NS = "urn:schemas-microsoft-com:vml"
WP_NS = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS_NS = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
SIZE = '<w:rPr><w:sz w:val="28"/></w:rPr>'


def xml_check(data: bytes):
    return check(data, render=False)


def _x(xml: str) -> etree._Element:
    return etree.fromstring(f'<w:root xmlns:w="{W_NS}" xmlns:v="{V_NS}" xmlns:wp="{WP_NS}" '
                            f'xmlns:a="{A_NS}" xmlns:wps="{WPS_NS}">{xml}</w:root>')[0]


# ------------------------------------------------------------------------------ page numbers

PAGE_FORMS = {
    "fldSimple": f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:fldSimple w:instr=" PAGE ">'
                 f'<w:r>{SIZE}<w:t>2</w:t></w:r></w:fldSimple></w:p>',
    "runs": f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr>'
            f'<w:r>{SIZE}<w:fldChar w:fldCharType="begin"/></w:r>'
            f'<w:r>{SIZE}<w:instrText xml:space="preserve"> PA</w:instrText></w:r>'
            f'<w:r>{SIZE}<w:instrText xml:space="preserve">GE </w:instrText></w:r>'
            f'<w:r>{SIZE}<w:fldChar w:fldCharType="separate"/></w:r>'
            f'<w:r>{SIZE}<w:t>2</w:t></w:r><w:r>{SIZE}<w:fldChar w:fldCharType="end"/></w:r></w:p>',
    "one run": f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>{SIZE}'
               '<w:fldChar w:fldCharType="begin"/><w:instrText>PAGE</w:instrText>'
               '<w:fldChar w:fldCharType="separate"/><w:fldChar w:fldCharType="end"/></w:r></w:p>',
}
CONTAINERS = {
    "paragraph": lambda p: p,
    "table": lambda p: ('<w:tbl><w:tblPr><w:tblW w:w="9355" w:type="dxa"/></w:tblPr><w:tblGrid>'
                        '<w:gridCol w:w="9355"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="9355"'
                        f' w:type="dxa"/></w:tcPr>{p}</w:tc></w:tr></w:tbl><w:p/>'),
    "text box": lambda p: ('<w:p><w:r><w:pict><v:shape id="box" type="#_x0000_t202" stroked="f" '
                           'style="position:absolute;margin-left:0;margin-top:0;width:467pt;'
                           f'height:20pt"><v:textbox><w:txbxContent>{p}</w:txbxContent>'
                           '</v:textbox></v:shape></w:pict></w:r></w:p>'),
    "content control": lambda p: f"<w:sdt><w:sdtPr/><w:sdtContent>{p}</w:sdtContent></w:sdt>",
    "inline content control": lambda p: p.replace('<w:fldSimple', '<w:sdt><w:sdtContent>'
                                                  '<w:fldSimple').replace(
        '</w:fldSimple>', '</w:fldSimple></w:sdtContent></w:sdt>') if "fldSimple" in p else p,
}


def _header(e: fx.DocxEdit, part: str, body: str) -> None:
    root = e.xml(part)
    for child in list(root):
        root.remove(child)
    holder = etree.fromstring(f'<w:hdr xmlns:w="{W_NS}" xmlns:v="{V_NS}">{body}</w:hdr>')
    for child in list(holder):
        root.append(child)


CASES = [(form, where) for form in PAGE_FORMS for where in CONTAINERS
         if where != "inline content control" or form == "fldSimple"]


@pytest.mark.parametrize(("form", "where"), CASES)
def test_a_page_number_on_page_1_fails_r3_in_every_form(form, where, clean):
    """A PAGE field in the first page's header, written in any legal form, shows a number
    on page 1 (Phụ lục I, I.7: the first page shows none)."""
    data = fx.edit(lambda e: _header(e, "word/header2.xml", CONTAINERS[where](PAGE_FORMS[form])),
                   clean)
    report = xml_check(data)
    assert "R3" in report.failed_rules(hard=True), report.to_text()


@pytest.mark.parametrize(("form", "where"), CASES)
def test_a_page_number_from_page_2_is_read_in_every_form(form, where, clean):
    data = fx.edit(lambda e: _header(e, "word/header1.xml", CONTAINERS[where](PAGE_FORMS[form])),
                   clean)
    report = xml_check(data)
    assert report.finding("R4").status == "pass", report.to_text()


def test_a_digit_typed_in_the_header_is_not_a_page_number(clean):
    data = fx.edit(lambda e: _header(e, "word/header1.xml",
                                     f'<w:p><w:pPr><w:jc w:val="center"/></w:pPr><w:r>{SIZE}'
                                     '<w:t>2</w:t></w:r></w:p>'), clean)
    finding = xml_check(data).finding("R4")
    assert finding.status == "fail"
    assert "không có số trang" in finding.problems[0].seen


# ------------------------------------------------------------------------------ drawn lines

def _drawing(length_emu: int, x_emu: int, y_emu: int) -> str:
    """A DrawingML straight connector floated in its cell, ``x``/``y`` from the column and
    the paragraph."""
    return (f'<w:r><w:drawing><wp:anchor distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            f'relativeHeight="1" behindDoc="0" locked="0" layoutInCell="1" allowOverlap="1">'
            f'<wp:simplePos x="0" y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>'
            f'{x_emu}</wp:posOffset></wp:positionH><wp:positionV relativeFrom="paragraph">'
            f'<wp:posOffset>{y_emu}</wp:posOffset></wp:positionV><wp:extent cx="{length_emu}" '
            'cy="0"/><wp:wrapNone/><wp:docPr id="7" name="Line"/><a:graphic><a:graphicData '
            f'uri="{WPS_NS}"><wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off x="0" y="0"/>'
            f'<a:ext cx="{length_emu}" cy="0"/></a:xfrm><a:prstGeom prst="straightConnector1">'
            '<a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill><a:srgbClr val="000000"/>'
            '</a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp></a:graphicData></a:graphic>'
            '</wp:anchor></w:drawing></w:r>')


def _issuer_line_drawn_in_number_paragraph(e: fx.DocxEdit, ratio: float) -> None:
    """The line under «XÃ HẢI YẾN» drawn from the Số paragraph (one row down), moved up."""
    from kehoach.layout.metrics import text_width_tw

    rule = e.paragraph("XÃ HẢI YẾN").getnext()
    rule.getparent().remove(rule)
    length = text_width_tw("ỦY BAN NHÂN DÂN", 13, bold=True) * ratio
    inner = 3572 - 2 * 57
    x = (inner - length) / 2
    number = e.paragraph("Số:")
    number.append(_x(_drawing(round(length * 635), round(x * 635), -round(60 * 635))))


def test_a_line_drawn_from_the_number_paragraph_is_the_issuer_line(clean):
    report = xml_check(fx.edit(lambda e: _issuer_line_drawn_in_number_paragraph(e, 0.42), clean))
    assert report.finding("R13").status == "pass", report.to_text()
    short = xml_check(fx.edit(lambda e: _issuer_line_drawn_in_number_paragraph(e, 0.2), clean))
    assert short.failed_rules(hard=True) == {"R13"}, short.to_text()
    assert "0,20" in short.finding("R13").problems[0].seen


def _motto_line_as_vml_in_date_paragraph(e: fx.DocxEdit, length_pt: float) -> None:
    from kehoach.layout.metrics import text_width_pt

    rule = e.paragraph("Độc lập").getnext()
    rule.getparent().remove(rule)
    inner = (5783 - 2 * 57) / 20
    x = (inner - length_pt) / 2
    date = e.paragraph("Hải Yến, ngày")
    date.append(_x(f'<w:r><w:pict><v:line from="{x:.1f}pt,-4pt" to="{x + length_pt:.1f}pt,-4pt" '
                   'style="position:absolute;mso-position-horizontal-relative:text;'
                   'mso-position-vertical-relative:text" strokeweight=".5pt"/></w:pict></w:r>'))
    assert text_width_pt  # the motto's width is measured by the checker itself


def test_a_vml_line_drawn_from_the_date_paragraph_is_the_motto_line(clean):
    from kehoach.layout.metrics import text_width_pt
    from kehoach.layout.profile import MOTTO

    width = text_width_pt(MOTTO, 14, bold=True)
    report = xml_check(fx.edit(lambda e: _motto_line_as_vml_in_date_paragraph(e, width), clean))
    assert report.finding("R11").status == "pass", report.to_text()
    half = xml_check(fx.edit(lambda e: _motto_line_as_vml_in_date_paragraph(e, width / 2), clean))
    assert half.failed_rules(hard=True) == {"R11"}, half.to_text()


# ------------------------------------------------------------------------------ where a line lands

#: Hải Yến's header as the checker lays it out (twips from the table's top): «XÃ HẢI YẾN»
#: prints from 299 to 598 (letters 380–515), the second row starts at 701, «Số: …» 8 pt
#: lower (letters 942–1077); the Tiêu ngữ's letters 385–531, the date's 947–1093.
ISSUER_LENGTH_EMU = round(4.3 / 2.54 * 1440 * 0.42) * 635
ISSUER_X_EMU = round((3572 - 2 * 57 - 4.3 / 2.54 * 1440 * 0.42) / 2) * 635


def _anchor(y_tw: int, *, v_from: str = "paragraph", in_cell: str = "1",
            libreoffice: bool = False) -> str:
    """A straight line anchored ``y_tw`` below what ``v_from`` names. ``libreoffice``: the
    form LibreOffice writes when it saves a .docx (``layoutInCell="0"``, ``a:noFill`` before
    the outline, an ``effectExtent``, a VML fallback in ``mc:AlternateContent``)."""
    length, x, y = ISSUER_LENGTH_EMU, ISSUER_X_EMU, y_tw * 635
    if not libreoffice:
        return _drawing(length, x, y).replace('relativeFrom="paragraph"',
                                              f'relativeFrom="{v_from}"').replace(
            'layoutInCell="1"', f'layoutInCell="{in_cell}"')
    return (f'<w:r><mc:AlternateContent xmlns:mc="{MC_NS}"><mc:Choice Requires="wps"><w:drawing>'
            '<wp:anchor behindDoc="0" distT="0" distB="0" distL="0" distR="0" simplePos="0" '
            'locked="0" layoutInCell="0" allowOverlap="1" relativeHeight="2"><wp:simplePos x="0" '
            f'y="0"/><wp:positionH relativeFrom="column"><wp:posOffset>{x}</wp:posOffset>'
            f'</wp:positionH><wp:positionV relativeFrom="{v_from}"><wp:posOffset>{y}'
            f'</wp:posOffset></wp:positionV><wp:extent cx="{length}" cy="635"/><wp:effectExtent '
            'l="5080" t="5080" r="5715" b="5715"/><wp:wrapNone/><wp:docPr id="1" name="Line"/>'
            f'<a:graphic><a:graphicData uri="{WPS_NS}"><wps:wsp><wps:cNvSpPr/><wps:spPr><a:xfrm>'
            f'<a:off x="0" y="0"/><a:ext cx="{length}" cy="720"/></a:xfrm><a:prstGeom '
            'prst="straightConnector1"><a:avLst/></a:prstGeom><a:noFill/><a:ln w="9525">'
            '<a:solidFill><a:srgbClr val="000000"/></a:solidFill><a:round/></a:ln></wps:spPr>'
            '<wps:bodyPr/></wps:wsp></a:graphicData></a:graphic></wp:anchor></w:drawing>'
            f'</mc:Choice><mc:Fallback><w:pict><v:shape id="shape_0" stroked="t" style="position:'
            f'absolute;margin-left:{x / 12700:.2f}pt;margin-top:{y / 12700:.2f}pt;width:'
            f'{length / 12700:.2f}pt;height:0pt;mso-position-horizontal-relative:text;'
            'mso-position-vertical-relative:text"/></w:pict></mc:Fallback></mc:AlternateContent>'
            '</w:r>')


def _inline() -> str:
    return (f'<w:r><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent '
            f'cx="{ISSUER_LENGTH_EMU}" cy="0"/><wp:docPr id="8" name="Line"/><a:graphic>'
            f'<a:graphicData uri="{WPS_NS}"><wps:wsp><wps:cNvCnPr/><wps:spPr><a:xfrm><a:off '
            f'x="0" y="0"/><a:ext cx="{ISSUER_LENGTH_EMU}" cy="0"/></a:xfrm><a:prstGeom '
            'prst="straightConnector1"><a:avLst/></a:prstGeom><a:ln w="9525"><a:solidFill>'
            '<a:srgbClr val="000000"/></a:solidFill></a:ln></wps:spPr><wps:bodyPr/></wps:wsp>'
            '</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>')


MC_NS = "http://schemas.openxmlformats.org/markup-compatibility/2006"


def _issuer_line(where: str, xml: str, *, br: bool = False):
    """Hải Yến with the line under «XÃ HẢI YẾN» drawn as a shape held by the paragraph
    ``where`` (``"issuer"``, ``"number"`` or ``"own"``: an empty paragraph of its own)."""
    def edit(e: fx.DocxEdit) -> None:
        rule = e.paragraph("XÃ HẢI YẾN").getnext()
        if where == "own":
            for child in list(rule):
                if child.tag != W + "pPr":
                    rule.remove(child)
            rule.remove(rule.find(W + "pPr"))  # the border and the indents go
            rule.append(_x('<w:pPr><w:jc w:val="center"/></w:pPr>'))
            rule.append(_x(xml))
            return
        rule.getparent().remove(rule)
        holder = e.paragraph("XÃ HẢI YẾN" if where == "issuer" else "Số:")
        if br:
            holder.append(_x("<w:r><w:br/></w:r>"))
        holder.append(_x(xml))
    return edit


LINE_PLACES = {
    # (holder, the line's XML, the printed line it lands on or None when under the name)
    "from the Số, moved up (Word)": ("number", _anchor(-60), None),
    "from the Số, moved up (LibreOffice)": ("number", _anchor(-60, libreoffice=True), None),
    "from the name, moved down": ("issuer", _anchor(360), None),
    "inline, in a paragraph of its own": ("own", _inline(), None),
    "from the page, over the cell": ("number", _anchor(1134 + 641, v_from="page",
                                                        in_cell="0"), None),
    "from the Số, across it (Word)": ("number", _anchor(310), "Số:"),
    "from the Số, across it (LibreOffice)": ("number", _anchor(310, libreoffice=True), "Số:"),
    "from the name, across the Số": ("issuer", _anchor(712), "Số:"),
    "from the name, through it": ("issuer", _anchor(150), "XÃ HẢI YẾN"),
    "from the page, across the Số": ("number", _anchor(1134 + 1011, v_from="page",
                                                        in_cell="0"), "Số:"),
    "from the page, laid out in the cell, across the Số": (
        "number", _anchor(310, v_from="page"), "Số:"),
    "inline, beside the Số": ("number", _inline(), "Số:"),
}


@pytest.mark.parametrize("case", list(LINE_PLACES))
def test_a_drawn_line_is_judged_where_it_lands(case, clean):
    """A shape line is the line under the issuer's name only where it prints under it: not
    across the Số, not through the name, not beside the words of its line (Phụ lục I, II.2.b:
    «phía dưới»). Word's and LibreOffice's forms, anchored from the paragraph or the page,
    and inline, are placed the same way."""
    holder, xml, crossed = LINE_PLACES[case]
    finding = xml_check(fx.edit(_issuer_line(holder, xml), clean)).finding("R13")
    if crossed is None:
        assert finding.status == "pass", (case, finding.problems)
        return
    assert finding.status == "fail", case
    (problem,) = finding.problems
    assert f"chữ «{crossed}" in problem.seen and "không nằm dưới tên cơ quan" in problem.seen
    assert ("cùng dòng" in problem.seen) == case.startswith("inline"), problem.seen


def test_an_inline_line_after_a_break_in_the_name_is_under_it(clean):
    report = xml_check(fx.edit(_issuer_line("issuer", _inline(), br=True), clean))
    assert report.finding("R13").status == "pass", report.to_text()


def _motto_line_at(y_pt: float, *, libreoffice: bool = False):
    from kehoach.layout.metrics import text_width_pt

    def edit(e: fx.DocxEdit) -> None:
        length = text_width_pt(MOTTO, 14, bold=True)
        rule = e.paragraph("Độc lập").getnext()
        rule.getparent().remove(rule)
        x = ((5783 - 2 * 57) / 20 - length) / 2
        style = "position:absolute" if libreoffice else (
            "position:absolute;mso-position-horizontal-relative:text;"
            "mso-position-vertical-relative:text")
        e.paragraph("Hải Yến, ngày").append(_x(
            f'<w:r><w:pict><v:line from="{x:.1f}pt,{y_pt}pt" to="{x + length:.1f}pt,{y_pt}pt" '
            f'style="{style}" strokeweight=".5pt"/></w:pict></w:r>'))
    return edit


MOTTO = "Độc lập - Tự do - Hạnh phúc"


@pytest.mark.parametrize("libreoffice", [False, True])
def test_a_vml_line_across_the_date_is_not_the_motto_line(libreoffice, clean):
    """The VML form Word writes and the one LibreOffice writes (``v:line`` with only
    ``position:absolute``): 4 pt above the date paragraph it is the Tiêu ngữ's line; 16 pt
    down it strikes the date through."""
    good = xml_check(fx.edit(_motto_line_at(-4, libreoffice=libreoffice), clean))
    assert good.finding("R11").status == "pass", good.to_text()
    bad = xml_check(fx.edit(_motto_line_at(16, libreoffice=libreoffice), clean))
    assert bad.failed_rules(hard=True) == {"R11"}, bad.to_text()
    assert "vẽ đè lên chữ «Hải Yến, ngày" in bad.finding("R11").problems[0].seen


def _subject_line(in_subject: bool, y_tw: int):
    """Hải Yến's line under the trích yếu (3743 tw, centred on the 9355 tw text area) drawn
    as a shape ``y_tw`` below the top of the trích yếu's paragraph (``in_subject``) or of the
    empty paragraph after it, which held the border."""
    def edit(e: fx.DocxEdit) -> None:
        subject = e.paragraph("Thực hiện Chương trình")
        rule = subject.getnext()
        rule.remove(rule.find(W + "pPr"))
        rule.append(_x('<w:pPr><w:spacing w:before="0" w:after="0" w:line="80" '
                       'w:lineRule="exact"/></w:pPr>'))
        holder = subject if in_subject else rule
        holder.append(_x(_drawing(3743 * 635, (9355 - 3743) // 2 * 635, y_tw * 635)))
    return edit


#: The trích yếu prints 2 lines of 14 pt (letters 86–232 and 408–554 tw from its top), the
#: empty line after it 644–724, «Căn cứ …» from 844 (letters from 930). LibreOffice prints
#: the -60 line 0.7 pt above the second line's baseline, the -300 one between the lines.
SUBJECT_PLACES = {
    "from the empty line, moved up a little": (False, -60, None),
    "from the trích yếu, under its letters": (True, 660, None),
    "from the empty line, up through the trích yếu": (False, -464, "vẽ đè lên chữ «Thực"),
    "from the empty line, up between its lines": (False, -300, "giữa các dòng chữ «Thực"),
    "from the trích yếu, through it": (True, 500, "vẽ đè lên chữ «Thực hiện"),
    "from the empty line, down across the căn cứ": (False, 350, "vẽ đè lên chữ «Căn cứ"),
}


@pytest.mark.parametrize("case", list(SUBJECT_PLACES))
def test_a_drawn_line_under_the_trich_yeu_is_judged_where_it_lands(case, clean):
    in_subject, y, crossed = SUBJECT_PLACES[case]
    report = xml_check(fx.edit(_subject_line(in_subject, y), clean))
    finding = report.finding("R21")
    if crossed is None:
        assert finding.status == "pass", (case, report.to_text())
        return
    assert report.failed_rules(hard=True) == {"R21"}, (case, report.to_text())
    assert crossed in finding.problems[0].seen, finding.problems[0].seen


# ------------------------------------------------------------------------------ line breaks

def _national_title_and_motto_in_one_paragraph(e: fx.DocxEdit) -> None:
    title, motto = e.paragraph("CỘNG HÒA"), e.paragraph("Độc lập")
    run = _x('<w:r><w:rPr><w:b/><w:sz w:val="28"/></w:rPr><w:br/>'
             '<w:t>Độc lập - Tự do - Hạnh phúc</w:t></w:r>')
    title.append(run)
    motto.getparent().remove(motto)


def test_national_title_and_motto_split_by_a_line_break(clean):
    report = xml_check(fx.edit(_national_title_and_motto_in_one_paragraph, clean))
    for rule in ("R9", "R10", "R11"):
        assert report.finding(rule).status == "pass", report.to_text()


def _recipients_in_one_paragraph(e: fx.DocxEdit) -> None:
    label = e.paragraph("Nơi nhận:")
    items = []
    node = label.getnext()
    while node is not None and node.tag == W + "p":
        items.append(node)
        node = node.getnext()
    first = items[0]
    for other in items[1:]:
        text = e.text(other)
        first.append(_x(f'<w:r><w:br/><w:t xml:space="preserve">{text}</w:t></w:r>'))
        other.getparent().remove(other)


def test_the_whole_recipient_list_in_one_paragraph(clean):
    report = xml_check(fx.edit(_recipients_in_one_paragraph, clean))
    for rule in ("R36", "R37"):
        assert report.finding(rule).status == "pass", report.to_text()


def test_a_recipient_line_that_breaks_the_rule_inside_one_paragraph_is_found(clean):
    def wrong(e: fx.DocxEdit) -> None:
        _recipients_in_one_paragraph(e)
        p = e.paragraph("- BCĐ XD NTM huyện;")
        p.append(_x('<w:r><w:br/><w:t>- Ban phát triển các thôn</w:t></w:r>'))

    finding = xml_check(fx.edit(wrong, clean)).finding("R37")
    assert finding.status == "fail"
    assert finding.problems[0].where.line is not None


def _recipients_label_with_a_plain_colon(e: fx.DocxEdit, word_rpr: str = "") -> None:
    """«Nơi nhận» in its style, the colon typed after it upright, not bold, 14 pt (as a clerk
    who types the colon with the body's formatting leaves it)."""
    p = e.paragraph("Nơi nhận:")
    e.set_text(p, "Nơi nhận")
    if word_rpr:
        p.find(W + "r").insert(0, _x(f"<w:rPr>{word_rpr}</w:rPr>"))
    p.append(_x('<w:r><w:rPr><w:b w:val="0"/><w:i w:val="0"/><w:sz w:val="28"/></w:rPr>'
                "<w:t>:</w:t></w:r>"))


def test_the_colon_after_nơi_nhận_is_not_held_to_the_word_s_style(clean):
    """Phụ lục I, II.9.d (annex line 97): «Từ "Nơi nhận" … sau có dấu hai chấm (:), … cỡ chữ
    12, kiểu chữ nghiêng, đậm»: the style is the word's; a colon in the body's style passes,
    the word itself in another style still fails."""
    report = xml_check(fx.edit(_recipients_label_with_a_plain_colon, clean))
    assert report.finding("R36").status == "pass", report.to_text()
    wrong = xml_check(fx.edit(lambda e: _recipients_label_with_a_plain_colon(
        e, '<w:i w:val="0"/><w:sz w:val="28"/>'), clean))
    seen = [p.seen for p in wrong.finding("R36").problems]
    assert seen == ["«Nơi nhận:» không in nghiêng", "«Nơi nhận:»: cỡ chữ 14 pt"], seen


# ------------------------------------------------------------------------------ indents

def test_recipients_pulled_into_the_cell_padding_are_flush_left(clean):
    def pull(e: fx.DocxEdit) -> None:
        cell = e.tables()[-1].find(W + "tr").find(W + "tc")
        for p in cell.findall(W + "p"):
            e.set_ppr(p, "ind", left="-57")

    report = xml_check(fx.edit(pull, clean))
    assert report.finding("R36").status == "pass" and report.finding("R37").status == "pass"
    far = xml_check(fx.edit(lambda e: e.set_ppr(e.paragraph("- Lưu:"), "ind", left="300"), clean))
    assert far.failed_rules(hard=True) == {"R37"}


def test_a_first_line_indented_with_a_tab(clean):
    def tab(e: fx.DocxEdit) -> None:
        p = e.paragraph("Là căn cứ")
        e.set_ppr(p, "ind", firstLine="0")
        run = p.find(W + "r")
        run.insert(1 if run.find(W + "rPr") is not None else 0, etree.Element(W + "tab"))

    report = xml_check(fx.edit(tab, clean))
    assert report.finding("R24").status == "pass", report.to_text()


# ------------------------------------------------------------------------------ numbering

NUMBERING = (
    f'<w:numbering xmlns:w="{W_NS}"><w:abstractNum w:abstractNumId="1">'
    '<w:lvl w:ilvl="0"><w:start w:val="{start}"/><w:numFmt w:val="decimal"/>'
    '<w:lvlText w:val="%1."/><w:suff w:val="space"/></w:lvl>'
    '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/>'
    '<w:lvlText w:val="%2)"/><w:suff w:val="space"/></w:lvl></w:abstractNum>'
    '<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num></w:numbering>')


def _word_numbering(e: fx.DocxEdit, *, start: int = 1, points: int = 0) -> None:
    """«1. Mục đích» / «2. Yêu cầu» numbered by Word (the typed numbers removed), with
    ``points`` Word-lettered điểm under the first."""
    e.parts["word/numbering.xml"] = NUMBERING.replace("{start}", str(start)).encode()
    rels = e.xml("word/_rels/document.xml.rels")
    etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}"
                     "Relationship", Id="rIdNumbering", Target="numbering.xml",
                     Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                          "numbering")
    etree.SubElement(e.xml("[Content_Types].xml"),
                     "{http://schemas.openxmlformats.org/package/2006/content-types}Override",
                     PartName="/word/numbering.xml",
                     ContentType="application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.numbering+xml")
    for typed, rest in (("1. Mục đích", "Mục đích"), ("2. Yêu cầu", "Yêu cầu")):
        p = e.paragraph(typed)
        e.set_text(p, rest)
        e.set_ppr(p, "numPr")
        num = e.ppr(p).find(W + "numPr")
        etree.SubElement(num, W + "ilvl", {W + "val": "0"})
        etree.SubElement(num, W + "numId", {W + "val": "5"})
    anchor = e.paragraph("Mục đích")
    for i in range(points):
        end = "." if i == points - 1 else ";"
        anchor = e.insert_after(anchor, "KHBody", f"Nội dung điểm thứ {i + 1}{end}")
        e.set_ppr(anchor, "numPr")
        num = e.ppr(anchor).find(W + "numPr")
        etree.SubElement(num, W + "ilvl", {W + "val": "1"})
        etree.SubElement(num, W + "numId", {W + "val": "5"})


def test_khoan_numbered_by_word_are_read_as_printed(clean):
    report = xml_check(fx.edit(_word_numbering, clean))
    assert report.finding("R29").status == "pass", report.to_text()
    off = xml_check(fx.edit(lambda e: _word_numbering(e, start=3), clean))
    assert off.failed_rules(hard=True) == {"R29"}, off.to_text()
    assert "«3.»" in off.finding("R29").problems[0].seen


def test_diem_lettered_by_word_follow_the_english_alphabet(clean):
    """Word's lowerLetter runs a, b, c, d, e: four điểm are right, a fifth is «e)» where the
    Vietnamese order wants «đ)» (Phụ lục I, II.6.đ)."""
    four = xml_check(fx.edit(lambda e: _word_numbering(e, points=4), clean))
    assert four.finding("R30").status == "pass", four.to_text()
    five = xml_check(fx.edit(lambda e: _word_numbering(e, points=5), clean))
    assert five.failed_rules(hard=True) == {"R30"}, five.to_text()
    assert "«e)»" in five.finding("R30").problems[0].seen


# ------------------------------------------------------------------------------ appendices

def test_an_appendix_heading_in_capitals_is_an_appendix(clean):
    def caps(e: fx.DocxEdit) -> None:
        fx.add_appendix(e)
        e.set_text(e.paragraph("Phụ lục"), "PHỤ LỤC")

    report = xml_check(fx.edit(caps, clean))
    assert report.failed_rules(hard=True) == {"R43"}, report.to_text()
    assert "in hoa" in report.finding("R43").problems[0].seen
    assert report.finding("R42").status == "pass"


def test_the_attachment_line_over_two_paragraphs(clean):
    def split(e: fx.DocxEdit) -> None:
        fx.add_appendix(e)
        note = e.paragraph("(Kèm theo")
        e.set_text(note, "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng      năm 2024")
        second = e.insert_after(note, "KHSubject", "của Ủy ban nhân dân xã Hải Yến)")
        e.set_rpr(second, "b", val="0")
        e.set_rpr(second, "i")

    report = xml_check(fx.edit(split, clean))
    assert report.finding("R43").status == "pass", report.to_text()


def _no_header(e: fx.DocxEdit) -> None:
    for ref in e.sect.findall(W + "headerReference"):
        e.sect.remove(ref)


def _one_page(e: fx.DocxEdit) -> None:
    """Hải Yến's plan cut to a few lines of body (one page), with no header at all."""
    _no_header(e)
    first = e.paragraph("Thực hiện Kế hoạch số 103")
    for block in fx._body_between(e, first.getnext()):
        e.body.remove(block)
    first.addnext(fx.paragraph("KHBody", "Ủy ban nhân dân xã giao các thôn triển khai./."))


def test_a_one_page_document_needs_no_page_number(clean):
    """Phụ lục I, I.7: numbers from page 2 on; a document of one page has none to print."""
    report = xml_check(fx.edit(_one_page, clean))
    assert report.finding("R4").status == "pass", report.to_text()
    assert "một trang" in report.finding("R4").note
    # the same header taken away from the whole plan, which runs over several pages
    assert xml_check(fx.edit(_no_header, clean)).finding("R4").status == "fail"


# ------------------------------------------------------------------------------ short lines

LONG_SUBJECT = "Phát động phong trào thi đua đẩy mạnh cải cách hành chính nhà nước"
SHORT_SUBJECT = "trên địa bàn xã Hải Yến năm 2026"


def _two_line_subject(rule_of_long: float):
    """The trích yếu on two lines (a line break), its line ``rule_of_long`` × the long one."""
    from kehoach.layout.metrics import text_width_tw

    def edit(e: fx.DocxEdit) -> None:
        p = e.paragraph("Thực hiện Chương trình")
        run = p.find(W + "r")
        run.find(W + "t").text = LONG_SUBJECT
        run.append(etree.fromstring(f'<w:br xmlns:w="{W_NS}"/>'))
        run.append(etree.fromstring(f'<w:t xmlns:w="{W_NS}">{SHORT_SUBJECT}</w:t>'))
        fx._centre_rule(e, p.getnext(), text_width_tw(LONG_SUBJECT, 14, bold=True),
                        rule_of_long, fx._text_area(e))
    return edit


def test_a_line_between_the_lengths_two_subject_lines_ask_is_right(clean):
    """Phụ lục I, II.5.b: the line is 1/3–1/2 "of the line of text"; under two lines of text
    that do not agree (a third of the long one, more than half of the short one) each reading
    of the decree's words is met by some length between the two: not a violation."""
    from kehoach.layout.metrics import text_width_tw

    ratio = 0.30  # of the long line; the short line is about half as long
    assert ratio / (text_width_tw(SHORT_SUBJECT, 14, bold=True)
                    / text_width_tw(LONG_SUBJECT, 14, bold=True)) > 0.52
    report = xml_check(fx.edit(_two_line_subject(ratio), clean))
    assert report.finding("R21").status == "pass", report.to_text()


@pytest.mark.parametrize("ratio", [0.1, 0.9])
def test_a_line_short_or_long_for_every_subject_line_fails(ratio, clean):
    report = xml_check(fx.edit(_two_line_subject(ratio), clean))
    assert report.finding("R21").status == "fail", report.to_text()


# ------------------------------------------------------------------------------ headings

def test_a_sentence_ending_with_a_colon_is_not_a_heading(clean):
    def colon(e: fx.DocxEdit) -> None:
        p = e.paragraph("2. Yêu cầu")
        e.set_text(p, "2. Các thôn tổ chức thực hiện các nội dung sau:")
        e.set_rpr(p, "b", val="0")

    report = xml_check(fx.edit(colon, clean))
    assert report.finding("R29").status == "pass", report.to_text()


# ------------------------------------------------------------------------------ drafts

DRAFT_DATES = {
    "blank day and month": "Hải Yến, ngày      tháng      năm 2024",
    "blank day": "Hải Yến, ngày      tháng 02 năm 2024",
    "month without the day": "Hải Yến, ngày tháng 3 năm 2024",
    "dotted day": "Hải Yến, ngày … tháng 3 năm 2024",
}


@pytest.mark.parametrize("case", list(DRAFT_DATES))
def test_draft_dates_are_drafts(case, clean):
    data = fx.edit(lambda e: e.set_text(e.paragraph("Hải Yến, ngày"), DRAFT_DATES[case]), clean)
    report = xml_check(data)
    assert report.finding("R16").status == "pass", report.to_text()
    assert "ngày" in report.draft
    assert "Bản dự thảo" in report.to_text()


def test_a_blank_number_is_a_draft_and_a_full_one_is_not(clean):
    blank = xml_check(clean)
    assert "số" in blank.draft
    full = xml_check(fx.edit(lambda e: (e.set_text(e.paragraph("Số:"), "Số: 05/KH-UBND"),
                                        e.set_text(e.paragraph("Hải Yến, ngày"),
                                                   "Hải Yến, ngày 05 tháng 02 năm 2024")),
                             clean))
    assert full.ok and full.draft == ()
    assert "Bản dự thảo" not in full.to_text()


def test_a_legal_document_number_carries_the_year(clean):
    """``Số: 15/2024/QĐ-UBND``: a decision that is a legal normative document carries the
    year; a Kế hoạch never is one, so a year in its number is wrong."""
    decision = xml_check(fx.edit(lambda e: e.set_text(e.paragraph("Số:"), "Số: 15/2024/QĐ-UBND"),
                                 fx.quyet_dinh_bytes()))
    assert decision.kind.key == "QĐ" and decision.finding("R14").status == "pass"
    assert decision.finding("R14").applicable
    plan = xml_check(fx.edit(lambda e: e.set_text(e.paragraph("Số:"), "Số: 15/2024/KH-UBND"),
                             clean))
    assert plan.kind.key == "KH" and plan.failed_rules(hard=True) == {"R14"}


@pytest.fixture(scope="module")
def clean() -> bytes:
    return fx.hai_yen_bytes()
