"""Test helpers for the checker: a clean rendered plan, and edits of its XML.

:class:`DocxEdit` opens the bytes of a .docx, lets a test change its XML parts with lxml and
gives back new bytes. The ``break_*`` functions each break exactly one rule of nd30.md §10 in a
clean Kế hoạch rendered by kehoach; ``BREAKERS`` maps a rule id to its breaker.
"""

from __future__ import annotations

import copy
import importlib.util
import io
import sys
import zipfile
from collections.abc import Callable
from functools import cache
from pathlib import Path

from lxml import etree

ROOT = Path(__file__).resolve().parents[1]
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = f"{{{W_NS}}}"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def w(tag: str) -> str:
    return W + tag


@cache
def hai_yen_bytes() -> bytes:
    """The Hải Yến 2024 example, rendered by :func:`kehoach.render`."""
    import kehoach

    path = ROOT / "examples" / "hai_yen_2024.py"
    spec = importlib.util.spec_from_file_location("hai_yen_2024_example", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault(spec.name, module)
    spec.loader.exec_module(module)
    return kehoach.render(module.build_plan())


class DocxEdit:
    """Edit the XML parts of a .docx held in memory."""

    def __init__(self, data: bytes) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            self.parts = {i.filename: z.read(i) for i in z.infolist()}
        self._xml: dict[str, etree._Element] = {}

    def xml(self, name: str) -> etree._Element:
        if name not in self._xml:
            self._xml[name] = etree.fromstring(self.parts[name])
        return self._xml[name]

    @property
    def doc(self) -> etree._Element:
        return self.xml("word/document.xml")

    @property
    def body(self) -> etree._Element:
        return self.doc.find(w("body"))

    def bytes(self) -> bytes:
        for name, root in self._xml.items():
            self.parts[name] = etree.tostring(root, xml_declaration=True, encoding="UTF-8",
                                              standalone=True)
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for name, data in self.parts.items():
                z.writestr(name, data)
        return out.getvalue()

    # ---------------------------------------------------------------- finding
    @staticmethod
    def text(p: etree._Element) -> str:
        return "".join(t.text or "" for t in p.iter(w("t")))

    def paragraph(self, start: str, *, part: str = "word/document.xml", nth: int = 0
                  ) -> etree._Element:
        """The ``nth`` paragraph whose text starts with ``start``."""
        hits = [p for p in self.xml(part).iter(w("p")) if self.text(p).startswith(start)]
        return hits[nth]

    def styled(self, style: str) -> list[etree._Element]:
        return [p for p in self.doc.iter(w("p"))
                if (s := p.find(f"{w('pPr')}/{w('pStyle')}")) is not None and s.get(w("val")) == style]

    def tables(self) -> list[etree._Element]:
        return self.body.findall(w("tbl"))

    # ---------------------------------------------------------------- changing
    @staticmethod
    def ppr(p: etree._Element) -> etree._Element:
        ppr = p.find(w("pPr"))
        if ppr is None:
            ppr = etree.SubElement(p, w("pPr"))
            p.insert(0, ppr)
        return ppr

    def set_ppr(self, p: etree._Element, tag: str, **attrs: str) -> None:
        """Set a paragraph property (replacing one of the same tag)."""
        ppr = self.ppr(p)
        old = ppr.find(w(tag))
        if old is not None:
            ppr.remove(old)
        etree.SubElement(ppr, w(tag), {w(k): v for k, v in attrs.items()})
        _order_ppr(ppr)

    @staticmethod
    def set_rpr(p: etree._Element, tag: str, **attrs: str) -> None:
        """Set a run property on every run of ``p`` (replacing one of the same tag)."""
        for r in p.iter(w("r")):
            rpr = r.find(w("rPr"))
            if rpr is None:
                rpr = etree.Element(w("rPr"))
                r.insert(0, rpr)
            old = rpr.find(w(tag))
            if old is not None:
                rpr.remove(old)
            el = etree.Element(w(tag), {w(k): v for k, v in attrs.items()})
            if tag == "rStyle":
                rpr.insert(0, el)  # schema order: the style comes first
            else:
                rpr.append(el)

    def set_text(self, p: etree._Element, text: str) -> None:
        """Put ``text`` in the first text run of ``p`` and empty the others."""
        ts = list(p.iter(w("t")))
        ts[0].text = text
        for t in ts[1:]:
            t.text = ""

    def insert_after(self, anchor: etree._Element, style: str, text: str) -> etree._Element:
        """A new paragraph of ``style`` with ``text`` right after ``anchor``."""
        p = etree.fromstring(
            f'<w:p xmlns:w="{W_NS}"><w:pPr><w:pStyle w:val="{style}"/></w:pPr>'
            f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>')
        anchor.addnext(p)
        return p

    @property
    def sect(self) -> etree._Element:
        return self.body.find(w("sectPr"))


_PPR_ORDER = ("pStyle", "keepNext", "keepLines", "pageBreakBefore", "numPr", "pBdr", "shd",
              "tabs", "spacing", "ind", "contextualSpacing", "jc", "rPr", "sectPr")


def _order_ppr(ppr: etree._Element) -> None:
    """Keep pPr children in schema order (Word is strict about it)."""
    def key(el: etree._Element) -> int:
        name = etree.QName(el).localname
        return _PPR_ORDER.index(name) if name in _PPR_ORDER else len(_PPR_ORDER)
    children = sorted(ppr, key=key)
    for child in children:
        ppr.append(child)


def edit(fn: Callable[[DocxEdit], None], base: bytes | None = None) -> bytes:
    e = DocxEdit(base if base is not None else hai_yen_bytes())
    fn(e)
    return e.bytes()


# -------------------------------------------------------------------------------- building blocks

def add_points(e: DocxEdit, letters: list[str]) -> None:
    """Điểm ``a) …`` under the khoản «1. Mục đích»."""
    anchor = e.paragraph("1. Mục đích")
    for i, letter in enumerate(letters):
        end = "." if i == len(letters) - 1 else ";"
        anchor = e.insert_after(anchor, "KHBody", f"{letter}) Nội dung điểm {letter}{end}")


def add_appendix(e: DocxEdit, *, restart: bool = True, note_italic: bool = True) -> None:
    """One appendix after the signature, in a section of its own, mentioned in the body."""
    opening = e.paragraph("Để tiếp tục")
    e.set_text(opening, e.text(opening).rstrip(":") + " (chi tiết tại Phụ lục kèm theo):")
    sect = e.sect
    breaker = etree.Element(w("p"))  # closes the plan's section: its pPr holds a sectPr
    etree.SubElement(breaker, w("pPr")).append(copy.deepcopy(sect))
    sect.addprevious(breaker)
    heading = e.insert_after(breaker, "KHTitle", "Phụ lục")
    title = e.insert_after(heading, "KHSubject", "DANH MỤC NHIỆM VỤ NĂM 2024")
    note = e.insert_after(title, "KHSubject",
                          "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng      năm 2024 "
                          "của Ủy ban nhân dân xã Hải Yến)")
    e.set_rpr(note, "b", val="0")
    if note_italic:
        e.set_rpr(note, "i")
    e.insert_after(note, "KHBody", "Nội dung phụ lục.")
    if not restart:
        num = sect.find(w("pgNumType"))
        sect.remove(num)


def add_landscape_appendix(e: DocxEdit) -> None:
    """:func:`add_appendix` in a landscape section (allowed for tables, Phụ lục I, I.2) whose
    margins are the portrait ones turned a quarter, as Word turns a page (the binding edge
    on top), with a paragraph as wide as the landscape text area: its page number is centred
    between other margins than the portrait pages'."""
    add_appendix(e)
    size = e.sect.find(w("pgSz"))
    width, height = size.get(w("w")), size.get(w("h"))
    size.attrib.update({w("w"): height, w("h"): width, w("orient"): "landscape"})
    margins = e.sect.find(w("pgMar"))
    top, right, bottom, left = (margins.get(w(k)) for k in ("top", "right", "bottom", "left"))
    margins.attrib.update({w("top"): left, w("right"): top, w("bottom"): right,
                           w("left"): bottom})
    body = e.paragraph("Nội dung phụ lục.")
    e.set_text(body, "Nội dung phụ lục: " + "các nhiệm vụ, giải pháp, thời gian thực hiện, "
               "cơ quan chủ trì và cơ quan phối hợp của từng tiêu chí nông thôn mới " * 4)


def set_cell_width(table: etree._Element, col: int, width: int) -> None:
    grid = table.find(w("tblGrid")).findall(w("gridCol"))
    grid[col].set(w("w"), str(width))
    for tr in table.findall(w("tr")):
        tcs = tr.findall(w("tc"))
        tcs[col].find(f"{w('tcPr')}/{w('tcW')}").set(w("w"), str(width))


# -------------------------------------------------------------------------------- breakers

def _issuer_line(e: DocxEdit) -> etree._Element:
    return e.paragraph("XÃ HẢI YẾN")


def _rule_after(e: DocxEdit, p: etree._Element) -> etree._Element:
    return p.getnext()


def _signer_cell(e: DocxEdit) -> etree._Element:
    return e.tables()[-1].find(w("tr")).findall(w("tc"))[-1]


BREAKERS: dict[str, Callable[[DocxEdit], None]] = {
    "R1": lambda e: e.sect.find(w("pgSz")).attrib.update({w("w"): "12240", w("h"): "15840"}),
    "R2": lambda e: e.sect.find(w("pgMar")).set(w("left"), "1134"),
    "R3": lambda e: e.sect.remove(e.sect.find(w("titlePg"))),
    "R4": lambda e: e.set_ppr(e.xml("word/header1.xml").find(w("p")), "jc", val="left"),
    "R5": lambda e: add_appendix(e, restart=False),
    "R6": lambda e: e.set_rpr(e.paragraph("Để tiếp tục"), "rFonts", ascii="Arial", hAnsi="Arial"),
    "R7": lambda e: e.set_rpr(e.paragraph("Để tiếp tục"), "color", val="FF0000"),
    "R9": lambda e: e.set_rpr(e.paragraph("CỘNG HÒA"), "b", val="0"),
    "R10": lambda e: e.set_text(e.paragraph("Độc lập"), "Độc lập – Tự do – Hạnh phúc"),
    "R11": lambda e: _rule_after(e, e.paragraph("Độc lập")).find(
        f"{w('pPr')}/{w('ind')}").attrib.update({w("left"): "2000", w("right"): "2000"}),
    "R12": lambda e: e.set_rpr(_issuer_line(e), "b", val="0"),
    "R13": lambda e: _rule_after(e, _issuer_line(e)).find(
        f"{w('pPr')}/{w('ind')}").attrib.update({w("left"): "200", w("right"): "200"}),
    "R14": lambda e: e.set_text(e.paragraph("Số:"), "Số: 5/KH-UBND"),
    "R15": lambda e: e.set_text(e.paragraph("Số:"), "Số: 05/QĐ-UBND"),
    "R16": lambda e: e.set_text(e.paragraph("Hải Yến, ngày"), "Hải Yến, ngày 05 tháng 03 năm 2024"),
    "R19": lambda e: e.set_rpr(e.paragraph("KẾ HOẠCH"), "b", val="0"),
    "R20": lambda e: e.set_text(e.paragraph("Thực hiện Chương trình"),
                                e.text(e.paragraph("Thực hiện Chương trình")).upper()),
    "R21": lambda e: _rule_after(e, e.paragraph("Thực hiện Chương trình")).find(
        f"{w('pPr')}/{w('ind')}").attrib.update({w("left"): "500", w("right"): "500"}),
    "R22": lambda e: e.insert_after(e.paragraph("Để tiếp tục"), "KHBody",
                                    "Kính gửi: Ủy ban nhân dân huyện Cao Lộc."),
    "R23": lambda e: e.set_ppr(e.paragraph("Là căn cứ"), "jc", val="center"),
    "R24": lambda e: e.set_ppr(e.paragraph("Là căn cứ"), "ind", firstLine="0"),
    "R25": lambda e: e.set_ppr(e.paragraph("Là căn cứ"), "spacing", line="480", lineRule="auto"),
    "R26": lambda e: e.set_ppr(e.paragraph("Là căn cứ"), "spacing", before="0", after="0"),
    "R27": lambda e: e.set_rpr(e.paragraph("Căn cứ Quyết định số 318"), "i", val="0"),
    "R28": lambda e: e.set_rpr(e.paragraph("II. "), "b", val="0"),
    "R29": lambda e: e.set_text(e.paragraph("2. Yêu cầu"), "3. Yêu cầu"),
    "R30": lambda e: add_points(e, ["a", "b", "d"]),
    "R33": lambda e: e.set_text(e.paragraph("TM. ỦY BAN"), "TM ỦY BAN NHÂN DÂN"),
    "R34": lambda e: e.set_text(e.paragraph("Hứa Xuân Dương"), "HỨA XUÂN DƯƠNG"),
    "R36": lambda e: e.set_rpr(e.paragraph("Nơi nhận:"), "i", val="0"),
    "R37": lambda e: e.set_text(e.paragraph("- Lưu:"), "- Lưu VT, VP"),
    "R42": lambda e: _signer_table_before_closing(e),
    "R43": lambda e: add_appendix(e, note_italic=False),
    "R44": lambda e: _drafter_note(e, size="26"),
}


def _signer_table_before_closing(e: DocxEdit) -> None:
    closing = e.paragraph("Căn cứ nội dung Kế hoạch này")
    e.body.remove(closing)
    e.tables()[-1].addnext(closing)


def _drafter_note(e: DocxEdit, *, size: str) -> None:
    """``- Lưu: VT, VP. PL.(10)`` with the ô 12 note in a run of its own."""
    p = e.paragraph("- Lưu:")
    run = etree.fromstring(
        f'<w:r xmlns:w="{W_NS}"><w:rPr><w:sz w:val="{size}"/></w:rPr>'
        '<w:t xml:space="preserve"> PL.(10)</w:t></w:r>')
    p.append(run)


# -------------------------------------------------------------------------------- rendered

def _narrow_right_column(e: DocxEdit) -> None:
    """The header's right column too narrow for the Quốc hiệu (5000 tw); the line under
    the Tiêu ngữ is re-centred so only the wrapping is wrong."""
    header = e.tables()[0]
    set_cell_width(header, 1, 5000)
    inner = 5000 - 2 * 57
    from kehoach.layout.metrics import text_width_tw
    from kehoach.layout.profile import MOTTO

    indent = str(round((inner - text_width_tw(MOTTO, 14, bold=True)) / 2))
    _rule_after(e, e.paragraph("Độc lập")).find(f"{w('pPr')}/{w('ind')}").attrib.update(
        {w("left"): indent, w("right"): indent})


def _literal_one_on_first_page(e: DocxEdit) -> None:
    hdr = e.xml("word/header2.xml")
    p = hdr.find(w("p"))
    p.append(etree.fromstring(f'<w:r xmlns:w="{W_NS}"><w:t>1</w:t></w:r>'))
    e.set_ppr(p, "jc", val="center")


def _signature_split(e: DocxEdit) -> None:
    cell = _signer_cell(e)
    gap = next(p for p in cell.findall(w("p")) if not e.text(p))
    for _ in range(60):
        gap.addnext(copy.deepcopy(gap))


def _page_number_in_floating_box(e: DocxEdit) -> None:
    """The header's page number moved into a text box floated 14 cm from the page's left
    edge: the field's own paragraph is centred (R4 holds), the number prints off-centre."""
    hdr = e.xml("word/header1.xml")
    old = hdr.find(w("p"))
    box = etree.fromstring(
        f'<w:p xmlns:w="{W_NS}" xmlns:v="urn:schemas-microsoft-com:vml"><w:r><w:pict>'
        '<v:shape id="pageBox" type="#_x0000_t202" stroked="f" filled="f" style="position:absolute;'
        "margin-left:400pt;margin-top:0;width:60pt;height:24pt;"
        'mso-position-horizontal-relative:page;mso-position-vertical-relative:paragraph">'
        '<v:textbox inset="0,0,0,0"><w:txbxContent/></v:textbox></v:shape></w:pict></w:r></w:p>')
    hdr.replace(old, box)
    box.find(f".//{w('txbxContent')}").append(old)


RENDERED_BREAKERS: dict[str, Callable[[DocxEdit], None]] = {
    "P1": _narrow_right_column,
    "P2": lambda e: e.set_ppr(e.paragraph("Độc lập"), "ind", left="1500", right="1500"),
    "P3": lambda e: e.set_ppr(e.paragraph("Hải Yến, ngày"), "ind", left="1100", right="1100"),
    "P4": lambda e: e.set_ppr(e.paragraph("Hải Yến, ngày"), "spacing", before="900", after="0",
                              line="240", lineRule="auto"),
    "P5": _literal_one_on_first_page,
    "P6": _page_number_in_floating_box,
    "P7": _signature_split,
    "P9": lambda e: e.set_ppr(e.paragraph("Là căn cứ"), "ind", firstLine="567", right="-1500"),
}


# -------------------------------------------------------------------------------- other forms

def flatten_styles(data: bytes) -> bytes:
    """The same plan with every style written as direct formatting on its paragraphs and
    runs, and the KH styles and font defaults removed: a hand-formatted document."""
    e = DocxEdit(data)
    styles = e.xml("word/styles.xml")
    by_id = {s.get(w("styleId")): s for s in styles.findall(w("style"))}

    def chain(sid: str | None) -> list[etree._Element]:
        out = []
        while sid and sid in by_id:
            out.append(by_id[sid])
            based = by_id[sid].find(w("basedOn"))
            sid = based.get(w("val")) if based is not None else None
        return out[::-1]  # base first

    defaults = styles.find(w("docDefaults"))
    default_rpr = copy.deepcopy(defaults.find(f"{w('rPrDefault')}/{w('rPr')}"))
    for part in [n for n in e.parts if n.startswith("word/") and n.endswith(".xml")
                 and ("document" in n or "header" in n)]:
        for p in e.xml(part).iter(w("p")):
            ps = p.find(f"{w('pPr')}/{w('pStyle')}")
            sid = ps.get(w("val")) if ps is not None else None
            ppr_parts: dict[str, etree._Element] = {}
            rpr_parts: dict[str, etree._Element] = {c.tag: c for c in default_rpr}
            for style in chain(sid):
                for src, store in ((style.find(w("pPr")), ppr_parts), (style.find(w("rPr")), rpr_parts)):
                    if src is not None:
                        for child in src:
                            store[child.tag] = child
            ppr = e.ppr(p)
            if ps is not None:
                ppr.remove(ps)
            for tag, child in ppr_parts.items():
                if ppr.find(tag) is None:
                    ppr.append(copy.deepcopy(child))
            _order_ppr(ppr)
            for r in p.iter(w("r")):
                rpr = r.find(w("rPr"))
                if rpr is None:
                    rpr = etree.Element(w("rPr"))
                    r.insert(0, rpr)
                for tag, child in rpr_parts.items():
                    if rpr.find(tag) is None:
                        rpr.append(copy.deepcopy(child))
    for s in list(styles.findall(w("style"))):
        if s.get(w("styleId"), "").startswith("KH"):
            styles.remove(s)
    for child in list(defaults.find(f"{w('rPrDefault')}/{w('rPr')}")):
        if etree.QName(child).localname in ("rFonts", "sz", "szCs", "color"):
            child.getparent().remove(child)
    return e.bytes()


THEME_XML = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<a:theme xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" name="Office">'
    "<a:themeElements><a:clrScheme name=\"Office\"><a:dk1><a:sysClr val=\"windowText\" "
    'lastClr="000000"/></a:dk1><a:lt1><a:sysClr val="window" lastClr="FFFFFF"/></a:lt1>'
    '<a:dk2><a:srgbClr val="44546A"/></a:dk2><a:lt2><a:srgbClr val="E7E6E6"/></a:lt2>'
    '</a:clrScheme><a:fontScheme name="Office"><a:majorFont><a:latin typeface="Calibri Light"/>'
    '<a:ea typeface=""/><a:cs typeface=""/><a:font script="Viet" typeface="Times New Roman"/>'
    '</a:majorFont><a:minorFont><a:latin typeface="Calibri"/><a:ea typeface=""/>'
    '<a:cs typeface=""/><a:font script="Viet" typeface="Times New Roman"/></a:minorFont>'
    "</a:fontScheme><a:fmtScheme name=\"Office\"/></a:themeElements></a:theme>")


def with_theme_fonts(data: bytes, *, theme_lang: str = "vi-VN") -> bytes:
    """The plan with its font given as a theme font (``minorHAnsi``): Calibri for Latin text,
    Times New Roman for the script ``Viet``; ``theme_lang`` goes in ``w:themeFontLang``."""
    e = DocxEdit(data)
    e.parts["word/theme/theme1.xml"] = THEME_XML.encode()
    rels = e.xml("word/_rels/document.xml.rels")
    etree.SubElement(rels, "{http://schemas.openxmlformats.org/package/2006/relationships}"
                     "Relationship", Id="rIdTheme", Target="theme/theme1.xml",
                     Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/theme")
    types = e.xml("[Content_Types].xml")
    etree.SubElement(types, "{http://schemas.openxmlformats.org/package/2006/content-types}"
                     "Override", PartName="/word/theme/theme1.xml",
                     ContentType="application/vnd.openxmlformats-officedocument.theme+xml")
    fonts = e.xml("word/styles.xml").find(f".//{w('rPrDefault')}/{w('rPr')}/{w('rFonts')}")
    for slot in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.attrib.pop(w(slot), None)
    fonts.set(w("asciiTheme"), "minorHAnsi")
    fonts.set(w("hAnsiTheme"), "minorHAnsi")
    e.xml("word/settings.xml").find(w("themeFontLang")).set(w("val"), theme_lang)
    return e.bytes()


def with_character_style(data: bytes) -> bytes:
    """«KẾ HOẠCH» (bold paragraph style) with a bold character style on its run: in Word the
    two toggle each other off, so the title shows in regular weight."""
    e = DocxEdit(data)
    styles = e.xml("word/styles.xml")
    styles.append(etree.fromstring(
        f'<w:style xmlns:w="{W_NS}" w:type="character" w:styleId="KHStrong">'
        '<w:name w:val="KH Strong"/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>'))
    p = e.paragraph("KẾ HOẠCH")
    e.set_rpr(p, "rStyle", val="KHStrong")
    return e.bytes()


# -------------------------------------------------------------------------------- other kinds

def paragraph(style: str | None, text: str, *, ppr: str = "", rpr: str = "",
              runs: list[tuple[str, str]] | None = None) -> etree._Element:
    """A new ``w:p`` of ``style`` holding ``text`` (or ``runs``: (rPr XML, text) pairs)."""
    style_xml = f'<w:pStyle w:val="{style}"/>' if style else ""
    pieces = runs if runs is not None else [(rpr, text)]
    body = "".join(f'<w:r><w:rPr>{r}</w:rPr><w:t xml:space="preserve">{t}</w:t></w:r>'
                   for r, t in pieces)
    return etree.fromstring(f'<w:p xmlns:w="{W_NS}"><w:pPr>{style_xml}{ppr}</w:pPr>'
                            f'{body}</w:p>')


def _centre_rule(e: DocxEdit, rule: etree._Element, text_width: float, ratio: float,
                 area: int) -> None:
    """Set the indents of an empty bordered paragraph so its line is ``ratio`` of the text."""
    length = text_width * ratio
    indent = str(round((area - length) / 2))
    rule.find(f"{w('pPr')}/{w('ind')}").attrib.update({w("left"): indent, w("right"): indent})


def _body_between(e: DocxEdit, first: etree._Element) -> list[etree._Element]:
    """The top-level blocks from ``first`` up to the signature table (excluded)."""
    out, node = [], first
    signature = e.tables()[-1]
    while node is not None and node is not signature:
        out.append(node)
        node = node.getnext()
    return out


def _text_area(e: DocxEdit) -> int:
    mar = e.sect.find(w("pgMar"))
    return int(e.sect.find(w("pgSz")).get(w("w"))) - int(mar.get(w("left"))) \
        - int(mar.get(w("right")))


def make_quyet_dinh(e: DocxEdit) -> None:
    """Hải Yến's plan turned into a Quyết định of the Chairman (Phụ lục III, Mẫu 1.2): the
    authority under the trích yếu, căn cứ ending with "Theo đề nghị …", "QUYẾT ĐỊNH:" and
    Điều 1–3."""
    from kehoach.layout.metrics import text_width_tw

    e.set_text(e.paragraph("Số:"), "Số:      /QĐ-UBND")
    e.set_text(e.paragraph("KẾ HOẠCH"), "QUYẾT ĐỊNH")
    subject = e.paragraph("Thực hiện Chương trình")
    words = "Về việc kiện toàn Ban Chỉ đạo xây dựng nông thôn mới xã Hải Yến"
    e.set_text(subject, words)
    rule = subject.getnext()
    _centre_rule(e, rule, text_width_tw(words, 14, bold=True), 0.4, _text_area(e))
    authority = paragraph("KHTitle", "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HẢI YẾN",
                          ppr='<w:spacing w:before="240"/>')
    rule.addnext(authority)
    last_basis = e.paragraph("Thực hiện Kế hoạch số 103")
    e.set_text(last_basis, "Theo đề nghị của công chức Văn phòng - Thống kê xã.")
    for block in _body_between(e, last_basis.getnext()):
        e.body.remove(block)
    anchor = last_basis
    bold = "<w:b/>"
    for el in (
        paragraph("KHTitle", "QUYẾT ĐỊNH:", ppr='<w:spacing w:before="120"/>'),
        paragraph("KHBody", "", runs=[(bold, "Điều 1. "), ("", "Kiện toàn Ban Chỉ đạo xây dựng "
                                                              "nông thôn mới xã Hải Yến gồm:")]),
        paragraph("KHBody", "1. Ông Hứa Xuân Dương, Chủ tịch Ủy ban nhân dân xã, Trưởng ban;"),
        paragraph("KHBody", "2. Ông Hoàng Văn Vãn, công chức Địa chính - Xây dựng, thành viên."),
        paragraph("KHBody", "", runs=[(bold, "Điều 2. Nhiệm vụ của Ban Chỉ đạo")]),
        paragraph("KHBody", "Ban Chỉ đạo chỉ đạo thực hiện Chương trình trên địa bàn xã."),
        paragraph("KHBody", "", runs=[(bold, "Điều 3. "), ("", "Quyết định này có hiệu lực kể từ "
                                                              "ngày ký. Văn phòng Ủy ban nhân dân "
                                                              "xã và các ông có tên tại Điều 1 "
                                                              "chịu trách nhiệm thi hành Quyết "
                                                              "định này./.")]),
    ):
        anchor.addnext(el)
        anchor = el
    first = e.paragraph("- BCĐ XD NTM huyện;")
    e.set_text(first, "- Như Điều 3;")


def make_cong_van(e: DocxEdit) -> None:
    """Hải Yến's plan turned into a Công văn (Phụ lục III, Mẫu 1.5): ``Số: …/UBND-VP``, the
    "V/v" trích yếu under it, no tên loại, "Kính gửi", "- Như trên;" among the recipients."""
    number = e.paragraph("Số:")
    e.set_text(number, "Số:      /UBND-VP")
    number.addnext(paragraph("KHNumber", "V/v triển khai xây dựng nông thôn mới năm 2024",
                             ppr='<w:spacing w:before="120"/>', rpr='<w:sz w:val="24"/>'))
    title = e.paragraph("KẾ HOẠCH")
    for block in _body_between(e, title):
        e.body.remove(block)
    anchor = e.tables()[0]
    for el in (
        paragraph("KHBody", "Kính gửi: Ban Chỉ đạo xây dựng nông thôn mới huyện Cao Lộc.",
                  ppr='<w:spacing w:before="240" w:after="240"/><w:ind w:firstLine="0"/>'
                      '<w:jc w:val="center"/>'),
        paragraph("KHBody", "Ủy ban nhân dân xã Hải Yến báo cáo tiến độ xây dựng nông thôn mới "
                            "năm 2024 và đề nghị Ban Chỉ đạo huyện hỗ trợ kinh phí hoàn thiện "
                            "tiêu chí giao thông, thủy lợi trên địa bàn xã."),
        paragraph("KHBody", "Ủy ban nhân dân xã Hải Yến kính đề nghị Ban Chỉ đạo huyện quan tâm, "
                            "giải quyết./."),
    ):
        anchor.addnext(el)
        anchor = el
    first = e.paragraph("- BCĐ XD NTM huyện;")
    first.addprevious(copy.deepcopy(first))
    e.set_text(e.paragraph("- BCĐ XD NTM huyện;"), "- Như trên;")


@cache
def quyet_dinh_bytes() -> bytes:
    return edit(make_quyet_dinh)


@cache
def cong_van_bytes() -> bytes:
    return edit(make_cong_van)


#: The clean document each kind-specific breaker edits (the others edit Hải Yến's plan).
BREAKER_BASES: dict[str, Callable[[], bytes]] = {
    "R45": cong_van_bytes, "R46": quyet_dinh_bytes, "R47": quyet_dinh_bytes,
}

BREAKERS.update({
    "R45": lambda e: e.set_text(e.paragraph("Kính gửi"), "Kính gửi Ban Chỉ đạo xây dựng nông "
                                                          "thôn mới huyện Cao Lộc."),
    "R46": lambda e: e.set_rpr(e.paragraph("QUYẾT ĐỊNH:"), "b", val="0"),
    "R47": lambda e: e.set_text(e.paragraph("Điều 2."), "Điều 4. Nhiệm vụ của Ban Chỉ đạo"),
})


def base_for(rule_id: str) -> bytes:
    return BREAKER_BASES.get(rule_id, hai_yen_bytes)()
