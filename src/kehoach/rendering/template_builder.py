"""Builds ``templates/ke_hoach.docx``: the layout of a Kế hoạch, written as code.

All layout lives in the template; this module is where it is written down, so it can be read,
reviewed and rebuilt. Every number comes from :class:`kehoach.layout.profile.Profile`. The template's
Jinja tags (docxtpl dialect: ``{%p %}`` paragraph tags, ``{%tr %}`` row tags) read the context
built by :mod:`kehoach.rendering.context`.

Rebuild the committed template with ``python -m kehoach.rendering.template_builder``; a test checks the
committed file is byte for byte what this module makes.

Layout decisions, and why:

* Formatting sits in named paragraph styles (``KHBody``, ``KHIssuer`` …), not on runs, so a clerk
  who edits the output in Word keeps it, and the checker resolves it as Word does.
* The header is a borderless two-column table whose widths are set in ``w:tblGrid`` as well as on
  the cells: LibreOffice lays out from the grid, and equal default columns wrap the Quốc hiệu.
* The short lines under the issuer name, the Tiêu ngữ and the trích yếu are bottom borders of
  tiny empty paragraphs whose indents set their length (the context measures the text above).
  A border on the text's own paragraph would narrow the text too.
* Nơi nhận and the signature share one table row that cannot split, so they stay on one page
  and "Nơi nhận:" is level with the first authority line.
* Page numbers: a centred PAGE field in the default header; ``w:titlePg`` gives page 1 an empty
  header, so page 1 has no number.
* ``settings.xml`` sets the compatibility options that change the decree's layout
  (:data:`COMPAT_OPTIONS`): a justified line ended by a manual line break is not stretched.
* Emphasis inside running text (bold, italic, underline) is direct run formatting, as Word sets
  it when a clerk presses Ctrl+B: the runs come from the context (:func:`runs`).
* Tables are drawn from the context's grid and rows: a header row marked ``w:tblHeader`` (Word
  repeats it on every page), short rows ``w:cantSplit``, merged cells ``w:gridSpan`` and
  ``w:vMerge``.
* A table too wide for portrait sits in a landscape section of its own: the paragraph before
  it ends the portrait section, the paragraph after it ends the landscape one, and the pages
  after it are portrait again. Only the first section of the plan and of each appendix
  restarts page numbers and hides the number of its first page.
* Footnotes live in ``word/footnotes.xml``, present only in the template built with
  ``footnotes=True`` (a plan without footnotes renders from the plain one, unchanged).
"""

from __future__ import annotations

import argparse
import re
from pathlib import Path
from xml.sax.saxutils import escape

from kehoach.layout.profile import (
    DEFAULT_PROFILE,
    FONT,
    MOTTO,
    NATIONAL_TITLE,
    PAGE_HEIGHT_TW,
    PAGE_WIDTH_TW,
    SIZE_APPENDIX_HEADING,
    TABLE_CELL_PADDING_TW,
    Profile,
)
from kehoach.rendering.package import write_package

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_NS = f'xmlns:w="{W_NS}" xmlns:r="{R_NS}"'
_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'

def hp(points: float) -> int:
    """Half-points, the unit of ``w:sz``."""
    return round(points * 2)


# --------------------------------------------------------------------------------------------
# XML pieces


def run(content: str, rpr: str = "") -> str:
    """A run whose text is ``content`` (escaped unless it is a Jinja expression)."""
    text = content if content.startswith("{{") else escape(content)
    rpr_xml = f"<w:rPr>{rpr}</w:rPr>" if rpr else ""
    return f'<w:r>{rpr_xml}<w:t xml:space="preserve">{text}</w:t></w:r>'


def para(style: str, *runs: str, ppr: str = "") -> str:
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>{"".join(runs)}</w:p>'


def tag(statement: str) -> str:
    """A docxtpl paragraph tag (``{%p for … %}``): the whole paragraph becomes the statement."""
    return f"<w:p>{run('{%p ' + statement + ' %}')}</w:p>"


def rule(indent_var: str) -> str:
    """An empty paragraph drawing a centred line; its indents (from the context) set its length."""
    ind = (f'<w:ind w:left="{{{{ {indent_var} }}}}" w:right="{{{{ {indent_var} }}}}" '
           'w:firstLine="0"/>')
    return para("KHRule", ppr=ind)


def cell(width_tw: int, *content: str, extra: str = "") -> str:
    return (f'<w:tc><w:tcPr><w:tcW w:w="{width_tw}" w:type="dxa"/>{extra}</w:tcPr>'
            f'{"".join(content)}</w:tc>')


#: ``w:tblLook`` as the bit mask every version of Word reads (ECMA-376 1st edition declares only
#: ``w:val``; the ``w:firstRow`` … attributes came in 2010 and Word 2007's schema refuses them):
#: 0x0200 no banded rows, 0x0400 no banded columns, no first/last row or column look.
TBL_LOOK = "0600"


def table_properties(width: str, *, borders: bool, pad: int) -> str:
    """``w:tblPr`` of a centred, fixed-layout table ``width`` twips wide (a number or a Jinja
    expression), with single borders or none."""
    value = "single" if borders else "nil"
    border_xml = "".join(f'<w:{side} w:val="{value}"' + (' w:sz="4" w:space="0" w:color="000000"/>'
                                                         if borders else "/>")
                         for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    return (f'<w:tblPr><w:tblW w:w="{width}" w:type="dxa"/><w:jc w:val="center"/>'
            f"<w:tblBorders>{border_xml}</w:tblBorders><w:tblLayout w:type=\"fixed\"/>"
            f'<w:tblCellMar><w:left w:w="{pad}" w:type="dxa"/><w:right w:w="{pad}" w:type="dxa"/>'
            f'</w:tblCellMar><w:tblLook w:val="{TBL_LOOK}"/></w:tblPr>')


def layout_table(widths: list[int], rows: list[str], p: Profile, *, borders: bool = False) -> str:
    """A table with its widths in the grid and on the cells, fixed layout."""
    pad = p.cell_padding_tw if not borders else TABLE_CELL_PADDING_TW
    tblpr = table_properties(str(sum(widths)), borders=borders, pad=pad)
    grid = "<w:tblGrid>" + "".join(f'<w:gridCol w:w="{w}"/>' for w in widths) + "</w:tblGrid>"
    return f"<w:tbl>{tblpr}{grid}{''.join(rows)}</w:tbl>"


def row(*cells: str, cant_split: bool = False, header: bool = False) -> str:
    props = ("<w:cantSplit/>" if cant_split else "") + ("<w:tblHeader/>" if header else "")
    trpr = f"<w:trPr>{props}</w:trPr>" if props else ""
    return f"<w:tr>{trpr}{''.join(cells)}</w:tr>"


# --------------------------------------------------------------------------------------------
# The document


def header_table(p: Profile) -> str:
    left, right = p.cm_tw(p.header_left_cm), p.cm_tw(p.header_right_cm)
    issuer_cell = cell(
        left,
        tag("for line in issuer_parent"), para("KHIssuerParent", run("{{ line }}")), tag("endfor"),
        tag("for line in issuer_lines"), para("KHIssuer", run("{{ line }}")), tag("endfor"),
        rule("rules.issuer"),
    )
    motto_cell = cell(
        right,
        para("KHNationalTitle", run(NATIONAL_TITLE)),
        para("KHMotto", run(MOTTO)),
        rule("rules.motto"),
    )
    number_cell = cell(left, para("KHNumber", run("{{ number_line }}")))
    date_cell = cell(right, para("KHPlaceDate", run("{{ place_date }}")))
    return layout_table([left, right], [row(issuer_cell, motto_cell), row(number_cell, date_cell)], p)


def title_block() -> list[str]:
    return [
        para("KHTitle", run("{{ type_name }}")),
        para("KHSubject", run("{{ title }}")),
        rule("rules.title"),
    ]


def runs(source: str) -> str:
    """The runs of ``source`` (a list of the context's runs, see
    :mod:`kehoach.rendering.context`): text with its emphasis, or a footnote reference."""
    return (
        f"{{% for r in {source} %}}{{% if r.note %}}"
        '<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr>'
        '<w:footnoteReference w:id="{{ r.note }}"/></w:r>'
        "{% else %}<w:r>{% if r.fmt %}<w:rPr>"
        "{% if r.b %}<w:b/><w:bCs/>{% elif r.b is sameas false %}"
        '<w:b w:val="0"/><w:bCs w:val="0"/>{% endif %}'
        "{% if r.i %}<w:i/><w:iCs/>{% elif r.i is sameas false %}"
        '<w:i w:val="0"/><w:iCs w:val="0"/>{% endif %}'
        '{% if r.u %}<w:u w:val="single"/>{% endif %}'
        "</w:rPr>{% endif %}"
        '<w:t xml:space="preserve">{{ r.text }}</w:t></w:r>{% endif %}{% endfor %}'
    )


def rich_para(style: str, plain: str, source: str, ppr: str = "") -> str:
    """A paragraph whose runs come from ``source`` when it is set, else the ``plain`` runs."""
    return (f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{ppr}</w:pPr>'
            f"{{% if {source} %}}{runs(source)}{{% else %}}{plain}{{% endif %}}</w:p>")


def labelled(style: str) -> str:
    """A numbered or bulleted line: label, an italic lead-in, then the text; or its runs. A
    line that introduces a table keeps with it (``b.keep``). Most lines are plain
    (``b.plain``): one test, and the paragraph kehoach has always written."""
    plain = run("{{ b.label }}") + run("{{ b.lead }}", "<w:i/>") + run("{{ b.text }}")
    return (f"{{% if b.plain %}}{para(style, plain)}{{% else %}}"
            + rich_para(style, plain, "b.runs", "{% if b.keep %}<w:keepNext/>{% endif %}")
            + "{% endif %}")


def table(p: Profile) -> str:
    """A table of the context (:meth:`kehoach.rendering.context._Builder.table`): grid, header
    rows repeated on each page, body rows kept whole when short, merged cells."""
    tblpr = table_properties("{{ b.width }}", borders=True, pad=TABLE_CELL_PADDING_TW)
    grid = '<w:tblGrid>{% for w in b.grid %}<w:gridCol w:w="{{ w }}"/>{% endfor %}</w:tblGrid>'
    style = ("{% if p.style == 'head' %}KHTableHead{% elif p.style == 'center' %}KHTableCenter"
             "{% else %}KHTableCell{% endif %}")
    cell = ('<w:tc><w:tcPr><w:tcW w:w="{{ c.width }}" w:type="dxa"/>'
            '{% if c.span > 1 %}<w:gridSpan w:val="{{ c.span }}"/>{% endif %}'
            '{% if c.merge %}<w:vMerge w:val="{{ c.merge }}"/>{% endif %}'
            '{% if c.middle %}<w:vAlign w:val="center"/>{% endif %}</w:tcPr>'
            f'{{% for p in c.paras %}}<w:p><w:pPr><w:pStyle w:val="{style}"/>'
            '{% if p.jc %}<w:jc w:val="{{ p.jc }}"/>{% endif %}</w:pPr>'
            f'{runs("p.runs")}</w:p>{{% endfor %}}</w:tc>')
    row_xml = ("{% for row in b.rows %}<w:tr>{% if row.keep or row.head %}<w:trPr>"
               "{% if row.keep %}<w:cantSplit/>{% endif %}{% if row.head %}<w:tblHeader/>"
               "{% endif %}</w:trPr>{% endif %}"
               f"{{% for c in row.cells %}}{cell}{{% endfor %}}</w:tr>{{% endfor %}}")
    return f"<w:tbl>{tblpr}{grid}{row_xml}</w:tbl>"


def blocks_loop(source: str, p: Profile) -> list[str]:
    """The body's blocks (see :func:`kehoach.rendering.context.blocks`), one branch per kind.

    A table that is turned is framed by two section breaks: the paragraph before it ends the
    section before (``b.before``), or, when the line introducing it and the headings above go
    to its landscape page too, a ``break`` before them does; the paragraph after the table
    ends its landscape section.
    """
    heading = rich_para("KHHeading", run("{{ b.label }}") + run("{{ b.text }}"), "b.runs")
    after = ('<w:p><w:pPr><w:pStyle w:val="KHAfterTable"/>'
             f'{{% if b.after %}}{section_properties(p, "b.after")}{{% endif %}}</w:pPr></w:p>')
    return [
        tag(f"for b in {source}"),
        # The commonest kind first: most blocks are lines.
        tag('if b.kind == "line"'), labelled("KHBody"),
        tag('elif b.kind == "heading"'), heading,
        tag('elif b.kind == "part"'), para("KHPart", run("{{ b.label }}"), run("{{ b.text }}")),
        tag('elif b.kind == "break"'),
        f'<w:p><w:pPr><w:pStyle w:val="KHAfterTable"/>{section_properties(p, "b.before")}'
        "</w:pPr></w:p>",
        tag('elif b.kind == "table"'),
        tag("if b.before"),
        f'<w:p><w:pPr><w:pStyle w:val="KHAfterTable"/>{section_properties(p, "b.before")}'
        "</w:pPr></w:p>",
        tag("endif"),
        table(p), after,
        tag("endif"),
        tag("endfor"),
    ]


def body(p: Profile) -> list[str]:
    return [
        tag("for line in bases"), para("KHBasis", run("{{ line }}")), tag("endfor"),
        tag("if opening"), rich_para("KHBody", run("{{ opening }}"), "opening_runs"),
        tag("endif"),
        *blocks_loop("blocks", p),
        tag("if closing"), rich_para("KHClosing", run("{{ closing }}"), "closing_runs"),
        tag("endif"),
    ]


def appendices(p: Profile) -> list[str]:
    """Each appendix opens a section of its own, so its pages are numbered from 1 again.

    A section ends with the paragraph that carries its ``w:sectPr``: the empty paragraph that
    opens an appendix closes the section before it (``a.closes``); the document's final
    ``w:sectPr`` is the last section's (``final``).
    """
    return [
        tag("for a in appendices"),
        f"<w:p><w:pPr>{section_properties(p, 'a.closes')}</w:pPr></w:p>",
        para("KHAppendixHeading", run("{{ a.heading }}")),
        para("KHAppendixTitle", run("{{ a.title }}")),
        para("KHAppendixNote", run("{{ a.attached }}")),
        *blocks_loop("a.blocks", p),
        tag("endfor"),
    ]


def signature_table(p: Profile) -> str:
    left, right = p.cm_tw(p.signature_left_cm), p.cm_tw(p.signature_right_cm)
    recipients = cell(
        left,
        para("KHRecipientsLabel", run("Nơi nhận:")),
        tag("for line in recipients"), para("KHRecipient", run("{{ line }}")), tag("endfor"),
    )
    gap = [para("KHSignerGap") for _ in range(p.signature_gap_lines)]
    signer = cell(
        right,
        tag("for line in signer_lines"), para("KHSignerTitle", run("{{ line }}")), tag("endfor"),
        *gap,
        tag("for line in signer_above_name"), para("KHSignerTitle", run("{{ line }}")),
        tag("endfor"),
        para("KHSignerName", run("{{ signer_name }}")),
    )
    return layout_table([left, right], [row(recipients, signer, cant_split=True)], p)


def section_properties(p: Profile, section: str) -> str:
    """The ``w:sectPr`` of the context's ``section`` (``{landscape, restart}``): A4 portrait or
    landscape; page numbers in the header, restarting at 1 with none on the first page only
    in the first section of the plan and of each appendix."""
    return (
        "<w:sectPr>"
        '<w:headerReference w:type="default" r:id="rIdHeaderDefault"/>'
        '<w:headerReference w:type="first" r:id="rIdHeaderFirst"/>'
        f"{{% if {section}.landscape %}}"
        f'<w:pgSz w:w="{PAGE_HEIGHT_TW}" w:h="{PAGE_WIDTH_TW}" w:orient="landscape"/>'
        f'{{% else %}}<w:pgSz w:w="{PAGE_WIDTH_TW}" w:h="{PAGE_HEIGHT_TW}"/>{{% endif %}}'
        f'<w:pgMar w:top="{p.tw(p.margin_top_mm)}" w:right="{p.tw(p.margin_right_mm)}" '
        f'w:bottom="{p.tw(p.margin_bottom_mm)}" w:left="{p.tw(p.margin_left_mm)}" '
        'w:header="567" w:footer="567" w:gutter="0"/>'
        f'{{% if {section}.restart %}}<w:pgNumType w:start="1"/>{{% endif %}}'
        '<w:cols w:space="720"/>'
        f"{{% if {section}.restart %}}<w:titlePg/>{{% endif %}}"
        '<w:docGrid w:linePitch="360"/>'
        "</w:sectPr>"
    )


def document_xml(p: Profile) -> str:
    parts = [header_table(p), *title_block(), *body(p), para("KHSpacer"), signature_table(p),
             *appendices(p), section_properties(p, "final")]
    return f'{_DECL}<w:document {_NS}><w:body>{"".join(parts)}</w:body></w:document>'


def header_xml(with_page_number: bool) -> str:
    if with_page_number:
        content = para(
            "KHPageNumber",
            '<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
            '<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>',
            '<w:r><w:fldChar w:fldCharType="separate"/></w:r>',
            run("2"),
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>',
        )
    else:
        content = "<w:p/>"
    return f"{_DECL}<w:hdr {_NS}>{content}</w:hdr>"


# --------------------------------------------------------------------------------------------
# Styles: every size and spacing of the layout


#: Child order of ``w:pPr`` and ``w:rPr`` in the WordprocessingML schema (ECMA-376 Part 1,
#: CT_PPrBase and CT_RPr). LibreOffice reads any order; Word calls a file with another order
#: unreadable, so the fragments below are put in this order whatever order they are written in.
PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
             "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
             "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
             "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
             "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc", "textDirection",
             "textAlignment", "textboxTightWrap", "outlineLvl", "divId", "cnfStyle", "rPr",
             "sectPr", "pPrChange")
RPR_ORDER = ("rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
             "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
             "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs",
             "highlight", "u", "effect", "bdr", "shd", "fitText", "vertAlign", "rtl", "cs", "em",
             "lang", "eastAsianLayout", "specVanish", "oMath")
_ELEMENT = re.compile(r"<w:(\w+)\b(?:[^<>]*/>|[^<>]*>.*?</w:\1>)", re.S)


def in_schema_order(fragment: str, order: tuple[str, ...]) -> str:
    """The elements of ``fragment`` (children of one w:pPr or w:rPr) sorted into ``order``."""
    elements = [m.group(0) for m in _ELEMENT.finditer(fragment)]
    if "".join(elements) != fragment:
        raise ValueError(f"not a run of whole elements: {fragment!r}")
    return "".join(sorted(elements, key=lambda e: order.index(_ELEMENT.match(e).group(1))))


def _style(style_id: str, name: str, *, ppr: str = "", rpr: str = "", based_on: str = "Normal",
           next_style: str | None = None) -> str:
    based = f'<w:basedOn w:val="{based_on}"/>' if based_on else ""
    nxt = f'<w:next w:val="{next_style}"/>' if next_style else ""
    return (f'<w:style w:type="paragraph" w:customStyle="1" w:styleId="{style_id}">'
            f'<w:name w:val="{name}"/>{based}{nxt}<w:qFormat/>'
            f"<w:pPr>{in_schema_order(ppr, PPR_ORDER)}</w:pPr>"
            f"<w:rPr>{in_schema_order(rpr, RPR_ORDER)}</w:rPr></w:style>")


def _sz(points: float) -> str:
    return f'<w:sz w:val="{hp(points)}"/><w:szCs w:val="{hp(points)}"/>'


_B = "<w:b/><w:bCs/>"
_I = "<w:i/><w:iCs/>"
_CENTER = '<w:jc w:val="center"/>'
_SINGLE = '<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>'


def footnote_styles(p: Profile) -> list[str]:
    """Word's own footnote styles (``footnote text``, ``footnote reference``), so a footnote a
    clerk adds in Word looks like kehoach's; the text at the profile's footnote size."""
    return [
        _style("FootnoteText", "footnote text", ppr=_SINGLE + '<w:jc w:val="both"/>',
               rpr=_sz(p.size_footnote)),
        ('<w:style w:type="character" w:styleId="FootnoteReference">'
         '<w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/>'
         '<w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>'),
    ]


def styles_xml(p: Profile, *, footnotes: bool = False) -> str:
    fonts = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
    body_ppr = (f'<w:spacing w:before="{round(p.paragraph_spacing_pt * 20)}" w:after="0" '
                f'w:line="{p.line_twips}" w:lineRule="auto"/>'
                f'<w:ind w:firstLine="{p.first_line_indent_tw}"/><w:jc w:val="both"/>')
    rule_ppr = ('<w:pBdr><w:bottom w:val="single" w:sz="6" w:space="0" w:color="000000"/></w:pBdr>'
                '<w:spacing w:before="0" w:after="0" w:line="80" w:lineRule="exact"/>')
    styles = [
        _style("KHIssuerParent", "KH Cơ quan chủ quản", ppr=_SINGLE + _CENTER, rpr=_sz(p.size_issuer)),
        _style("KHIssuer", "KH Cơ quan ban hành", ppr=_SINGLE + _CENTER, rpr=_B + _sz(p.size_issuer)),
        _style("KHNationalTitle", "KH Quốc hiệu", ppr=_SINGLE + _CENTER,
               rpr=_B + _sz(p.size_national_title)),
        _style("KHMotto", "KH Tiêu ngữ", ppr=_SINGLE + _CENTER, rpr=_B + _sz(p.size_motto)),
        _style("KHRule", "KH Đường kẻ", ppr=rule_ppr, rpr=_sz(1)),
        _style("KHNumber", "KH Số ký hiệu",
               ppr='<w:spacing w:before="160" w:after="0" w:line="240" w:lineRule="auto"/>' + _CENTER,
               rpr=_sz(p.size_number)),
        _style("KHPlaceDate", "KH Địa danh ngày tháng",
               ppr='<w:spacing w:before="160" w:after="0" w:line="240" w:lineRule="auto"/>' + _CENTER,
               rpr=_I + _sz(p.size_place_date)),
        _style("KHTitle", "KH Tên loại", ppr=(
            '<w:keepNext/><w:spacing w:before="480" w:after="0" w:line="240" w:lineRule="auto"/>'
            + _CENTER), rpr=_B + _sz(p.size_title)),
        _style("KHSubject", "KH Trích yếu", ppr='<w:keepNext/>' + _SINGLE + _CENTER,
               rpr=_B + _sz(p.size_title)),
        _style("KHBody", "KH Nội dung", ppr=body_ppr, rpr=_sz(p.size_body)),
        _style("KHBasis", "KH Căn cứ", based_on="KHBody", rpr=_I),
        # The last paragraph goes with the signature: a signature alone on a page is not signed.
        _style("KHClosing", "KH Đoạn kết", based_on="KHBody", ppr="<w:keepNext/>"),
        _style("KHPart", "KH Mục", based_on="KHBody", ppr="<w:keepNext/>", rpr=_B),
        _style("KHHeading", "KH Khoản tiêu đề", based_on="KHBody", ppr="<w:keepNext/>", rpr=_B),
        _style("KHTableHead", "KH Bảng tiêu đề", ppr=_SINGLE + _CENTER + "<w:keepNext/>",
               rpr=_B + _sz(p.size_body - 1)),
        _style("KHTableCell", "KH Bảng nội dung",
               ppr='<w:spacing w:before="40" w:after="40" w:line="240" w:lineRule="auto"/>',
               rpr=_sz(p.size_body - 1)),
        _style("KHTableCenter", "KH Bảng số thứ tự", based_on="KHTableCell", ppr=_CENTER),
        _style("KHAfterTable", "KH Sau bảng", ppr=_SINGLE, rpr=_sz(p.paragraph_spacing_pt)),
        _style("KHSpacer", "KH Khoảng cách", ppr=_SINGLE + "<w:keepNext/>", rpr=_sz(p.size_body)),
        _style("KHRecipientsLabel", "KH Nơi nhận",
               ppr='<w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/>',
               rpr=_B + _I + _sz(p.size_recipients_label)),
        _style("KHRecipient", "KH Danh sách nơi nhận", ppr=_SINGLE, rpr=_sz(p.size_recipients)),
        _style("KHSignerTitle", "KH Quyền hạn chức vụ", ppr=_SINGLE + _CENTER + "<w:keepNext/>",
               rpr=_B + _sz(p.size_signer)),
        _style("KHSignerGap", "KH Chỗ ký", ppr=_SINGLE + "<w:keepNext/>", rpr=_sz(p.size_signer)),
        _style("KHSignerName", "KH Họ tên người ký", ppr=_SINGLE + _CENTER,
               rpr=_B + _sz(p.size_signer)),
        _style("KHAppendixHeading", "KH Phụ lục", ppr=_SINGLE + _CENTER + "<w:keepNext/>",
               rpr=_B + _sz(SIZE_APPENDIX_HEADING)),
        _style("KHAppendixTitle", "KH Tên phụ lục",
               ppr='<w:keepNext/><w:spacing w:before="60" w:after="0" w:line="240" '
                   'w:lineRule="auto"/>' + _CENTER, rpr=_B + _sz(p.size_title)),
        _style("KHAppendixNote", "KH Kèm theo",
               ppr='<w:spacing w:before="60" w:after="240" w:line="240" w:lineRule="auto"/>'
                   + _CENTER, rpr=_I + _sz(p.size_title)),
        _style("KHPageNumber", "KH Số trang", ppr=_SINGLE + _CENTER, rpr=_sz(p.size_page_number)),
    ]
    if footnotes:
        styles += footnote_styles(p)
    return (
        f"{_DECL}<w:styles {_NS}>"
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'{fonts}<w:color w:val="000000"/>{_sz(p.size_body)}'
        '<w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
        f"{_SINGLE}</w:pPr></w:pPrDefault></w:docDefaults>"
        '<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/>'
        "<w:qFormat/></w:style>"
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/>'
        "</w:style>"
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar>'
        '<w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar>'
        "</w:tblPr></w:style>"
        + "".join(styles) + "</w:styles>"
    )


#: Compatibility options (``w:compat``) that change the decree's layout, set so Word and
#: LibreOffice lay a plan out alike. LibreOffice's DOCX import reads ``doNotExpandShiftReturn``
#: (writerfilter's SettingsTable → its ``DoNotJustifyLinesWithManualBreak``); without it both
#: Word and LibreOffice stretch a justified line ended by a manual line break (``\n`` in a
#: text) across the page. ``compatibilityMode`` 15 (Word 2013 and later) keeps LibreOffice from
#: emulating older Word (tabs over the margin, line heights beside frames). The elements of
#: ``w:compat`` come in the schema's order: the options, then the ``compatSetting`` entries.
COMPAT_OPTIONS = ("doNotExpandShiftReturn",)
WORD_COMPATIBILITY_MODE = 15

SETTINGS_XML = (
    f"{_DECL}<w:settings {_NS}>"
    '<w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/>'
    "<w:compat>" + "".join(f"<w:{name}/>" for name in COMPAT_OPTIONS)
    + '<w:compatSetting w:name="compatibilityMode" '
    f'w:uri="http://schemas.microsoft.com/office/word" w:val="{WORD_COMPATIBILITY_MODE}"/></w:compat>'
    '<w:themeFontLang w:val="vi-VN"/>'
    "</w:settings>"
)

#: The font table (``w:fonts``): Word's strict readers (and the Open XML SDK) require the part.
#: It describes the one font the layout uses (Times New Roman's PANOSE and family), so a Word
#: without that font substitutes a serif font of the same metrics.
FONT_TABLE_XML = (
    f"{_DECL}<w:fonts {_NS}>"
    f'<w:font w:name="{FONT}"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/>'
    '<w:family w:val="roman"/><w:pitch w:val="variable"/></w:font>'
    "</w:fonts>"
)

_A_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"


def _theme_colour(name: str, rgb: str) -> str:
    return f'<a:{name}><a:srgbClr val="{rgb}"/></a:{name}>'


def _theme_fill() -> str:
    return '<a:solidFill><a:schemeClr val="phClr"/></a:solidFill>'


def theme_xml() -> str:
    """The document theme (``a:theme``), required by Word's strict readers.

    Its fonts are the layout's font, so text a clerk adds with a theme font ("+Body") is still
    Times New Roman; its colours are Office's, so Word's colour pickers look as usual. Nothing in
    the layout reads the theme: every style names its font and colour.
    """
    colours = "".join(_theme_colour(name, rgb) for name, rgb in (
        ("dk2", "1F497D"), ("lt2", "EEECE1"), ("accent1", "4F81BD"), ("accent2", "C0504D"),
        ("accent3", "9BBB59"), ("accent4", "8064A2"), ("accent5", "4BACC6"),
        ("accent6", "F79646"), ("hlink", "0000FF"), ("folHlink", "800080")))
    font = f'<a:latin typeface="{FONT}"/><a:ea typeface=""/><a:cs typeface=""/>'
    line = ('<a:ln w="9525" cap="flat" cmpd="sng" algn="ctr">' + _theme_fill()
            + '<a:prstDash val="solid"/></a:ln>')
    return (
        f'{_DECL}<a:theme xmlns:a="{_A_NS}" name="Kế hoạch"><a:themeElements>'
        '<a:clrScheme name="Office">'
        '<a:dk1><a:sysClr val="windowText" lastClr="000000"/></a:dk1>'
        '<a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
        f"{colours}</a:clrScheme>"
        f'<a:fontScheme name="Kế hoạch"><a:majorFont>{font}</a:majorFont>'
        f"<a:minorFont>{font}</a:minorFont></a:fontScheme>"
        '<a:fmtScheme name="Office">'
        f"<a:fillStyleLst>{_theme_fill() * 3}</a:fillStyleLst>"
        f"<a:lnStyleLst>{line * 3}</a:lnStyleLst>"
        f"<a:effectStyleLst>{'<a:effectStyle><a:effectLst/></a:effectStyle>' * 3}"
        "</a:effectStyleLst>"
        f"<a:bgFillStyleLst>{_theme_fill() * 3}</a:bgFillStyleLst>"
        "</a:fmtScheme></a:themeElements><a:objectDefaults/><a:extraClrSchemeLst/></a:theme>"
    )


#: Where settings.xml lists the separator footnotes (before w:compat, in the schema's order).
FOOTNOTE_SETTINGS = '<w:footnotePr><w:footnote w:id="-1"/><w:footnote w:id="0"/></w:footnotePr>'

CONTENT_TYPES_XML = (
    f"{_DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
    '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>'
    '<Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/>'
    '<Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/>'
    '<Override PartName="/word/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>'
    '<Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/word/header2.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/>'
    '<Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/>'
    "</Types>"
)

_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PACKAGE_RELS_XML = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="word/document.xml"/>'
    '<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/'
    'metadata/core-properties" Target="docProps/core.xml"/>'
    "</Relationships>"
)

DOCUMENT_RELS_XML = (
    f'{_DECL}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    f'<Relationship Id="rIdStyles" Type="{_REL}/styles" Target="styles.xml"/>'
    f'<Relationship Id="rIdSettings" Type="{_REL}/settings" Target="settings.xml"/>'
    f'<Relationship Id="rIdFontTable" Type="{_REL}/fontTable" Target="fontTable.xml"/>'
    f'<Relationship Id="rIdTheme" Type="{_REL}/theme" Target="theme/theme1.xml"/>'
    f'<Relationship Id="rIdHeaderDefault" Type="{_REL}/header" Target="header1.xml"/>'
    f'<Relationship Id="rIdHeaderFirst" Type="{_REL}/header" Target="header2.xml"/>'
    "</Relationships>"
)

CORE_XML = (
    f"{_DECL}<cp:coreProperties "
    'xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/">'
    # The trích yếu as the title, the issuer as the author (the context's "properties").
    "<dc:title>{{ properties.title }}</dc:title><dc:creator>{{ properties.author }}</dc:creator>"
    "<cp:lastModifiedBy>kehoach</cp:lastModifiedBy><dc:language>vi-VN</dc:language>"
    "</cp:coreProperties>"
)


def footnotes_xml() -> str:
    """``word/footnotes.xml``: Word's two separators, then the plan's footnotes (context
    ``footnotes``), each a paragraph: the number Word gives it, a space, its runs."""
    separators = "".join(
        f'<w:footnote w:type="{kind}" w:id="{i}"><w:p><w:pPr>{_SINGLE}</w:pPr>'
        f"<w:r><w:{kind}/></w:r></w:p></w:footnote>"
        for i, kind in ((-1, "separator"), (0, "continuationSeparator")))
    note = ('{% for f in footnotes %}<w:footnote w:id="{{ f.id }}"><w:p><w:pPr>'
            '<w:pStyle w:val="FootnoteText"/></w:pPr><w:r><w:rPr>'
            '<w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteRef/></w:r>'
            f'{runs("f.runs")}</w:p></w:footnote>{{% endfor %}}')
    return f"{_DECL}<w:footnotes {_NS}>{separators}{note}</w:footnotes>"


_FOOTNOTES_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"


def build_template(profile: Profile = DEFAULT_PROFILE, *, footnotes: bool = False) -> bytes:
    """The Kế hoạch template for ``profile``, as the bytes of a .docx.

    ``footnotes`` adds the footnotes part (``word/footnotes.xml``, its relationship, content
    type and styles): the template for plans with footnotes. Without them the package is the
    one kehoach has always written.
    """
    content_types, document_rels, settings = CONTENT_TYPES_XML, DOCUMENT_RELS_XML, SETTINGS_XML
    if footnotes:
        content_types = content_types.replace(
            "</Types>", f'<Override PartName="/word/footnotes.xml" ContentType="{_FOOTNOTES_TYPE}"/>'
                        "</Types>")
        document_rels = document_rels.replace(
            "</Relationships>", f'<Relationship Id="rIdFootnotes" Type="{_REL}/footnotes" '
                                'Target="footnotes.xml"/></Relationships>')
        settings = settings.replace("<w:compat>", FOOTNOTE_SETTINGS + "<w:compat>", 1)
    parts = [
        ("[Content_Types].xml", content_types),
        ("_rels/.rels", PACKAGE_RELS_XML),
        ("docProps/core.xml", CORE_XML),
        ("word/document.xml", document_xml(profile)),
        ("word/_rels/document.xml.rels", document_rels),
        ("word/styles.xml", styles_xml(profile, footnotes=footnotes)),
        ("word/settings.xml", settings),
        ("word/fontTable.xml", FONT_TABLE_XML),
        ("word/theme/theme1.xml", theme_xml()),
        ("word/header1.xml", header_xml(with_page_number=True)),
        ("word/header2.xml", header_xml(with_page_number=False)),
    ]
    if footnotes:
        parts.append(("word/footnotes.xml", footnotes_xml()))
    return write_package((name, xml.encode("utf-8")) for name, xml in parts)


def default_template_path() -> Path:
    """Where the repository keeps the committed template."""
    return Path(__file__).resolve().parents[3] / "templates" / "ke_hoach.docx"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Build templates/ke_hoach.docx from code.")
    parser.add_argument("-o", "--output", type=Path, default=default_template_path())
    args = parser.parse_args(argv)
    args.output.write_bytes(build_template())
    print(args.output)


if __name__ == "__main__":
    main()
