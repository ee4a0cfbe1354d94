"""kehoach fix after the review of issue 16: legacy and symbol fonts are left alone (D1), a
number a field produces is never padded (D3), the Lưu line adds no word (D4), a renumbering the
text refers to is left (D5), odd/even headers get their number (D6), a section with no page
size gets A4 (D7), a style's font change reads well in the report (D8), the safety check holds
each paragraph to its own forms, a fixer that fails loses its edits."""

from __future__ import annotations

import copy
import io
import zipfile

import fixtures_docx as fx
import pytest
from lxml import etree

from kehoach.checker import check
from kehoach.fixer import fix_bytes

W_NS = fx.W_NS
W = f"{{{W_NS}}}"


def _runs_fonts(data: bytes, start: str) -> list[tuple[str, str | None]]:
    e = fx.DocxEdit(data)
    p = e.paragraph(start)
    out = []
    for r in p.iter(W + "r"):
        f = r.find(f"{W}rPr/{W}rFonts")
        out.append(("".join(t.text or "" for t in r.iter(W + "t")),
                    None if f is None else f.get(W + "ascii")))
    return out


# ------------------------------------------------------------------------- D1 legacy fonts

TCVN3 = "Lµ c¨n cø ®Ó c¸c c¬ quan"


def _tcvn3(e: fx.DocxEdit) -> None:
    p = e.paragraph("Là căn cứ")
    e.set_text(p, TCVN3)
    e.set_rpr(p, "rFonts", ascii=".VnTime", hAnsi=".VnTime")


@pytest.mark.parametrize("font", [".VnTime", ".VnTimeH", "VNI-Times", "Wingdings", "Symbol",
                                  "Webdings"])
def test_a_legacy_or_symbol_font_is_left_for_a_person(font):
    def breaker(e):
        p = e.paragraph("Là căn cứ")
        e.set_text(p, TCVN3)
        e.set_rpr(p, "rFonts", ascii=font, hAnsi=font)
    broken = fx.edit(breaker)
    out, report = fix_bytes(broken)
    assert not any(c.rule == "R6" for c in report.changes)
    assert _runs_fonts(out, TCVN3[:5])[0] == (TCVN3, font)
    left = [u for u in report.unfixed if u.rule == "R6"]
    assert left and ("Unikey" in left[0].reason or "Unicode" in left[0].reason)
    assert font in left[0].reason


def test_r6_says_a_tcvn3_font_needs_converting():
    finding = next(f for f in check(fx.edit(_tcvn3), render=False).findings if f.rule == "R6")
    assert finding.failed
    assert "TCVN3" in finding.problems[0].seen and "Unikey" in finding.problems[0].seen


def test_a_legacy_run_keeps_its_font_when_its_style_is_changed():
    """The paragraph's style is in Arial, one run in .VnTime, another in the style's font:
    the style may not become Times New Roman under the legacy run (that run inherits its
    font only when it has none of its own: here it has its own, so the style may change, the
    legacy run may not)."""
    def breaker(e):
        p = e.paragraph("Là căn cứ")
        r = next(p.iter(W + "r"))
        legacy = copy.deepcopy(r)
        r.addprevious(legacy)
        for t in legacy.iter(W + "t"):
            t.text = TCVN3 + " "
        rpr = legacy.find(W + "rPr")
        if rpr is None:
            rpr = etree.SubElement(legacy, W + "rPr")
            legacy.insert(0, rpr)
        etree.SubElement(rpr, W + "rFonts", {W + "ascii": ".VnTime", W + "hAnsi": ".VnTime"})
        sid = p.find(f"{W}pPr/{W}pStyle").get(W + "val")
        style = next(s for s in e.xml("word/styles.xml").iter(W + "style")
                     if s.get(W + "styleId") == sid)
        srpr = style.find(W + "rPr")
        if srpr is None:
            srpr = etree.SubElement(style, W + "rPr")
        for old in srpr.findall(W + "rFonts"):
            srpr.remove(old)
        srpr.insert(0, etree.Element(W + "rFonts", {W + "ascii": "Arial", W + "hAnsi": "Arial"}))
    out, report = fix_bytes(fx.edit(breaker))
    fonts = _runs_fonts(out, TCVN3[:5])
    assert fonts[0] == (TCVN3 + " ", ".VnTime")
    after = check(out, render=False)
    problems = next(f for f in after.findings if f.rule == "R6").problems
    assert len(problems) == 1 and ".VnTime" in problems[0].seen


# ------------------------------------------------------------------------- D8 report of a style font

def test_a_style_font_change_reads_as_one_font_name():
    def breaker(e):
        styles = e.xml("word/styles.xml")
        for f in styles.iter(W + "rFonts"):
            for slot in ("ascii", "hAnsi", "cs", "eastAsia"):
                if f.get(W + slot):
                    f.set(W + slot, "Arial")
    out, report = fix_bytes(fx.edit(breaker))
    r6 = [c for c in report.changes if c.rule == "R6"]
    assert r6
    for c in r6:
        assert "T / i" not in c.after and "Times New Roman" in c.after, c


# ------------------------------------------------------------------------- D3 a date's field

def _run(text: str) -> str:
    return (f'<w:r xmlns:w="{W_NS}"><w:rPr><w:i/></w:rPr>'
            f'<w:t xml:space="preserve">{text}</w:t></w:r>')


def _complex_day(e: fx.DocxEdit) -> None:
    """«Hải Yến, ngày {DATE \\@ "d"} tháng 3 năm 2024»: the day is Word's field."""
    p = e.paragraph("Hải Yến, ngày")
    for r in list(p.findall(W + "r")):
        p.remove(r)
    for xml in (_run("Hải Yến, ngày "),
                f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="begin"/></w:r>',
                f'<w:r xmlns:w="{W_NS}"><w:instrText xml:space="preserve"> DATE \\@ "d" '
                '</w:instrText></w:r>',
                f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="separate"/></w:r>',
                _run("5"), f'<w:r xmlns:w="{W_NS}"><w:fldChar w:fldCharType="end"/></w:r>',
                _run(" tháng 3 năm 2024")):
        p.append(etree.fromstring(xml))


def _simple_day(e: fx.DocxEdit) -> None:
    p = e.paragraph("Hải Yến, ngày")
    for r in list(p.findall(W + "r")):
        p.remove(r)
    p.append(etree.fromstring(_run("Hải Yến, ngày ")))
    p.append(etree.fromstring(
        f'<w:fldSimple xmlns:w="{W_NS}" w:instr=" DATE \\@ &quot;d&quot; ">{_run("5")}'
        '</w:fldSimple>'))
    p.append(etree.fromstring(_run(" tháng 3 năm 2024")))


def _date_xml(data: bytes) -> str:
    e = fx.DocxEdit(data)
    return etree.tostring(e.paragraph("Hải Yến, ngày")).decode()


@pytest.mark.parametrize("make_day", [_complex_day, _simple_day], ids=["fldChar", "fldSimple"])
def test_a_day_that_a_field_produces_is_never_padded(make_day):
    """The date is left with a reason; the other faults (a 2 cm left margin) are still fixed."""
    broken = fx.edit(make_day, fx.edit(fx.BREAKERS["R2"], fx.hai_yen_bytes()))
    out, report = fix_bytes(broken)
    assert out is not None
    assert {c.rule for c in report.changes} >= {"R2"}
    assert not any(c.kind == "text" and "ngày" in c.before for c in report.changes)
    assert _date_xml(out) == _date_xml(broken)  # no «0» before or after the field
    assert any("trường" in u.reason for u in report.unfixed if u.rule == "R16")


# ------------------------------------------------------------------------- D4 the Lưu line

@pytest.mark.parametrize("typed", ["- Lưu: Văn thư, VP.", "- Lưu hồ sơ.", "- Lưu VP.",
                                   "- Lưu: VP, VT."])
def test_the_luu_line_gets_no_word_added_or_moved(typed):
    broken = fx.edit(lambda e: e.set_text(e.paragraph("- Lưu:"), typed))
    out, report = fix_bytes(broken)
    assert not [c for c in report.text_changes if c.form == "archive"]
    assert fx.DocxEdit(out).paragraph("- Lưu").xpath("string()") == typed
    left = [u for u in report.unfixed if u.rule == "R37"]
    assert left and "VT" in left[0].reason and "cần người" in left[0].reason


@pytest.mark.parametrize("typed", ["- Lưu VT, VP", "Lưu: VT; VP.", "- Lưu:VT,VP"])
def test_the_luu_line_punctuation_is_mended(typed):
    out, report = fix_bytes(fx.edit(lambda e: e.set_text(e.paragraph("- Lưu:"), typed)))
    assert [c.after for c in report.text_changes if c.form == "archive"] == ["«- Lưu: VT, VP.»"]
    assert check(out, render=False).ok


# ------------------------------------------------------------------------- D7 no page size

def test_a_section_with_no_page_size_gets_a4_upright():
    def breaker(e):
        e.sect.remove(e.sect.find(W + "pgSz"))
    broken = fx.edit(breaker)
    assert "R1" in check(broken, render=False).failed_rules(hard=True)
    out, report = fix_bytes(broken)
    assert [c.rule for c in report.changes] == ["R1"]
    size = fx.DocxEdit(out).sect.find(W + "pgSz")
    assert (size.get(W + "w"), size.get(W + "h"), size.get(W + "orient")) == \
        ("11906", "16838", None)
    assert check(out, render=False).ok


# ------------------------------------------------------------------------- D5 references

@pytest.mark.parametrize("reference", ["nêu tại mục 3 phần I.", "theo các khoản 1, 3 và 4.",
                                       "như tiểu mục 3 nói trên."])
def test_a_label_the_text_refers_to_is_not_renumbered(reference):
    def breaker(e):
        fx.BREAKERS["R29"](e)
        p = e.paragraph("Là căn cứ")
        ts = list(p.iter(W + "t"))
        ts[-1].text = (ts[-1].text or "").rstrip(".") + ", " + reference
    broken = fx.edit(breaker)
    out, report = fix_bytes(broken)
    assert not [c for c in report.text_changes if c.form == "label"]
    assert fx.DocxEdit(out).paragraph("3. Yêu cầu") is not None
    assert any("viện dẫn" in u.reason for u in report.unfixed if u.rule == "R29")


# ------------------------------------------------------------------------- D6 even pages

def _even_header_empty(e: fx.DocxEdit) -> None:
    """Different odd and even headers (Word's «Different Odd & Even Pages»), the even one empty."""
    settings = e.xml("word/settings.xml")
    settings.insert(0, etree.Element(W + "evenAndOddHeaders"))
    e.parts["word/header9e.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr xmlns:w="{W_NS}">'
        '<w:p/></w:hdr>').encode()
    rels = e.xml("word/_rels/document.xml.rels")
    rel_ns = rels.nsmap[None]
    etree.SubElement(rels, f"{{{rel_ns}}}Relationship", Id="rIdEven9", Target="header9e.xml",
                     Type="http://schemas.openxmlformats.org/officeDocument/2006/"
                          "relationships/header")
    types = e.xml("[Content_Types].xml")
    etree.SubElement(types, f"{{{types.nsmap[None]}}}Override", PartName="/word/header9e.xml",
                     ContentType="application/vnd.openxmlformats-officedocument."
                                 "wordprocessingml.header+xml")
    ref = etree.Element(W + "headerReference", {W + "type": "even"})
    ref.set("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id", "rIdEven9")
    e.sect.insert(0, ref)


def test_even_pages_get_the_page_number_of_the_odd_ones():
    broken = fx.edit(_even_header_empty)
    assert "P6" in check(broken, render=True).failed_rules(hard=True)
    out, report = fix_bytes(broken, render=True)
    assert [c.rule for c in report.changes] == ["P6"] and report.ok
    assert check(out, render=True).ok


# ------------------------------------------------------------------------- a fixer that fails

def test_a_fixer_that_fails_loses_its_edits_and_says_so(monkeypatch):
    from kehoach.fixer import fixes

    fixes.all_fixers()
    real = fixes.FIXERS["R2"]

    def half_then_fail(fxc):
        real(fxc)  # edits the margins …
        raise RuntimeError("hỏng giữa chừng")  # … then fails

    monkeypatch.setitem(fixes.FIXERS, "R2", half_then_fail)
    broken = fx.edit(fx.BREAKERS["R16"], fx.edit(fx.BREAKERS["R2"], fx.hai_yen_bytes()))
    out, report = fix_bytes(broken)
    assert {c.rule for c in report.changes} == {"R16"}
    assert fx.DocxEdit(out).sect.find(W + "pgMar").get(W + "left") == \
        fx.DocxEdit(broken).sect.find(W + "pgMar").get(W + "left")
    assert any("R2" in n and "hỏng giữa chừng" in n for n in report.notes)
    assert "R2" in report.hard_after


# ------------------------------------------------------------------------- safety per paragraph

def test_the_safety_check_holds_each_paragraph_to_its_own_forms():
    """A recipient's semicolon recorded for one line does not excuse the same change, not
    recorded, on another line of the same part."""
    from collections import Counter

    from kehoach.fixer.report import Change
    from kehoach.fixer.safety import Snapshot, UnsafeChange, verify

    part = "word/document.xml"
    before = Snapshot({part: ["- Sở Nội vụ", "- UBND các xã"]}, {part: Counter()})
    recorded = [Change("R37", "đoạn 1", "«- Sở Nội vụ»", "«- Sở Nội vụ;»", kind="text",
                       form="recipient", part=part)]
    verify(before, Snapshot({part: ["- Sở Nội vụ;", "- UBND các xã"]}, {part: Counter()}),
           recorded)
    with pytest.raises(UnsafeChange):
        verify(before, Snapshot({part: ["- Sở Nội vụ;", "- UBND các xã;"]}, {part: Counter()}),
               recorded)


def test_words_changed_outside_the_forms_drop_that_rule_not_the_whole_fix(monkeypatch):
    """A fixer that changes a word outside its form (a bug) loses its changes; the other
    fixes are written, and the report says what happened."""
    from kehoach.fixer import fixes

    fixes.all_fixers()

    def rogue(fxc):
        p = next((q for q in fxc.doc.paragraphs if q.text.startswith("Là căn cứ")), None)
        if p is None:
            return  # done in an earlier round
        el = next(q for q in fxc.package.document.iter(W + "p")
                  if fx.DocxEdit.text(q).startswith("Là căn cứ"))
        t = next(t for t in el.iter(W + "t") if t.text)
        t.text = "Một chữ khác " + t.text
        fxc.dirty()
        fxc.record("R16", p.loc.describe(), "«a»", "«b»", kind="text", form="date",
                   part="word/document.xml")

    monkeypatch.setitem(fixes.FIXERS, "R16", rogue)
    broken = fx.edit(fx.BREAKERS["R16"], fx.edit(fx.BREAKERS["R2"], fx.hai_yen_bytes()))
    out, report = fix_bytes(broken)
    assert {c.rule for c in report.changes} == {"R2"}
    assert not any(t.startswith("Một chữ khác") for t in
                   (fx.DocxEdit(out).text(p) for p in fx.DocxEdit(out).doc.iter(W + "p")))
    assert any("R16" in n and "kiểm tra chữ" in n for n in report.notes)
