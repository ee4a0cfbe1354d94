"""Định dạng thực tế: the formatting Word shows for a run or a paragraph.

Word does not store "this run is 14 pt Times New Roman bold"; it stores pieces of it at several
levels, and the checker must put them together as Word does (ECMA-376 Part 1, 17.7):

    run properties (``w:rPr``)             most specific
    character style (``w:rStyle``) and its ``w:basedOn`` chain
    paragraph style (``w:pStyle``) and its ``w:basedOn`` chain
    table style of the enclosing table
    document defaults (``w:docDefaults``)
    theme fonts (``w:asciiTheme="minorHAnsi"`` → ``theme1.xml``)   least specific

Each attribute is inherited on its own (a style may give the size and the run the font). Three
subtleties are handled:

* **toggle properties** (bold, italic, caps, strike, hidden): in direct formatting the value is
  absolute; in styles it *toggles*, so a bold character style on a bold paragraph style gives
  regular text (the values of the table, paragraph and character styles are combined by XOR);
* **fonts**: each slot (``ascii``, ``hAnsi``) is taken from the most specific level that names it
  either directly or through a theme font, and at one level the theme font wins;
* **theme fonts and Vietnamese**: a theme font resolves to the theme's ``<a:latin>`` typeface,
  except when the document's theme-font language (``w:themeFontLang`` in settings, or, if the
  settings say nothing, the run's ``w:lang``) is Vietnamese and the theme has a
  ``<a:font script="Viet">`` entry: Word then uses that one.

Paragraph properties resolve the same way (direct ``w:pPr`` → numbering level → paragraph style
chain → table style → ``w:pPrDefault``), ``w:spacing``, ``w:ind`` and ``w:pBdr`` attribute by
attribute.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable, Sequence
from typing import Final

import attrs
from lxml import etree

from kehoach.checker.docx_reader import W_NS, DocxPackage

W: Final = f"{{{W_NS}}}"
A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
A: Final = f"{{{A_NS}}}"

#: Word's size when nothing sets one: 10 pt.
DEFAULT_SIZE_HP: Final = 20
#: Word's cell padding when the table says nothing: 0.19 cm on each side.
DEFAULT_CELL_MARGIN_TW: Final = 108
#: Word's default tab stops when the settings give none: every 1.27 cm.
DEFAULT_TAB_STOP_TW: Final = 720
#: The font Word uses when no level names one.
WORD_FALLBACK_FONT: Final = "Times New Roman"

TOGGLES: Final = ("b", "i", "caps", "strike", "vanish")
_FALSE: Final = frozenset({"0", "false", "off", "none"})


def w(name: str) -> str:
    """Clark name of a WordprocessingML element or attribute: ``w("p")`` → ``{ns}p``."""
    return W + name


def on_off(el: etree._Element | None) -> bool | None:
    """Value of an on/off element (``<w:b/>`` → True, ``<w:b w:val="0"/>`` → False)."""
    if el is None:
        return None
    return el.get(w("val"), "true").lower() not in _FALSE


def to_int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return round(float(value))
    except ValueError:
        return None


# ------------------------------------------------------------------------------------ results


@attrs.frozen
class RunProps:
    """Resolved character formatting of a run (sizes in half-points, like ``w:sz``)."""

    font_ascii: str
    font_hansi: str
    font_note: str  # how the font was found, for reports ("chủ đề minorHAnsi → Calibri")
    size_hp: int
    bold: bool
    italic: bool
    caps: bool
    strike: bool
    hidden: bool
    underline: str | None  # w:u/@w:val, None when not underlined
    color: str | None  # "000000", "auto", "FF0000"… (theme colours resolved when possible)
    highlight: str | None
    shading: str | None  # fill of w:shd when it is not clear/auto/white
    lang: str | None
    vert_align: str | None = None  # "subscript" / "superscript" (w:vertAlign), else None

    @property
    def size_pt(self) -> float:
        return self.size_hp / 2


@attrs.frozen
class Border:
    val: str
    sz: int  # eighths of a point
    space: int
    color: str | None

    @property
    def visible(self) -> bool:
        return self.val not in ("nil", "none")

    @property
    def solid(self) -> bool:
        return self.val in ("single", "thick")


@attrs.frozen
class ParaProps:
    """Resolved paragraph formatting (lengths in twips)."""

    style_id: str | None
    style_name: str | None
    jc: str  # "left", "center", "right", "both", …
    ind_left: int
    ind_right: int
    first_line: int  # negative for a hanging indent
    before: int
    after: int
    before_auto: bool
    after_auto: bool
    line: int | None
    line_rule: str  # "auto", "exact", "atLeast"
    contextual: bool
    borders: dict[str, Border]
    num_id: str | None
    num_level: int
    keep_next: bool
    #: Custom tab stops, ``(position, kind)`` in twips from the text's left edge, sorted;
    #: ``kind`` is ``w:tab/@w:val`` ("left", "center", "right", "decimal", "bar"…).
    tabs: tuple[tuple[int, str], ...] = ()


# ------------------------------------------------------------------------------------ theme


@attrs.frozen
class Theme:
    major_latin: str | None = None
    minor_latin: str | None = None
    major_scripts: dict[str, str] = attrs.field(factory=dict)
    minor_scripts: dict[str, str] = attrs.field(factory=dict)
    colors: dict[str, str] = attrs.field(factory=dict)

    @classmethod
    def parse(cls, root: etree._Element | None) -> Theme:
        if root is None:
            return cls()
        scheme = root.find(f".//{A}fontScheme")

        def fonts(kind: str) -> tuple[str | None, dict[str, str]]:
            el = scheme.find(f"{A}{kind}") if scheme is not None else None
            if el is None:
                return None, {}
            latin = el.find(f"{A}latin")
            scripts = {f.get("script", ""): f.get("typeface", "") for f in el.findall(f"{A}font")}
            return (latin.get("typeface") if latin is not None else None), scripts

        major, major_scripts = fonts("majorFont")
        minor, minor_scripts = fonts("minorFont")
        colors: dict[str, str] = {}
        clr = root.find(f".//{A}clrScheme")
        if clr is not None:
            for slot in clr:
                name = etree.QName(slot).localname
                srgb = slot.find(f"{A}srgbClr")
                sys_clr = slot.find(f"{A}sysClr")
                if srgb is not None:
                    colors[name] = srgb.get("val", "").upper()
                elif sys_clr is not None:
                    colors[name] = sys_clr.get("lastClr", "000000").upper()
        return cls(major, minor, major_scripts, minor_scripts, colors)

    def font(self, ref: str, lang: str | None) -> tuple[str | None, str]:
        """Typeface of a theme font reference (``minorHAnsi``…) and how it was chosen."""
        major = ref.startswith("major")
        latin = self.major_latin if major else self.minor_latin
        scripts = self.major_scripts if major else self.minor_scripts
        if lang and lang.lower().startswith("vi") and scripts.get("Viet"):
            return scripts["Viet"], f"phông chủ đề {ref} (script Viet) → {scripts['Viet']}"
        return latin, f"phông chủ đề {ref} → {latin}"

    def color(self, name: str) -> str | None:
        alias = {"text1": "dk1", "text2": "dk2", "background1": "lt1", "background2": "lt2",
                 "dark1": "dk1", "dark2": "dk2", "light1": "lt1", "light2": "lt2"}
        return self.colors.get(alias.get(name, name))


# ------------------------------------------------------------------------------------ styles


@attrs.frozen
class Style:
    style_id: str
    kind: str
    name: str
    based_on: str | None
    ppr: etree._Element | None
    rpr: etree._Element | None
    default: bool


class Resolver:
    """Resolves run and paragraph formatting of one document, as Word does."""

    def __init__(self, package: DocxPackage) -> None:
        main = package.main_part
        styles_root = package.xml(package.related(main, "styles"))
        settings_root = package.xml(package.related(main, "settings"))
        self.theme = Theme.parse(package.xml(package.related(main, "theme")))
        self.numbering = package.xml(package.related(main, "numbering"))
        self.styles: dict[str, Style] = {}
        self._cache: dict[tuple, tuple[etree._Element | None, RunProps]] = {}
        self._keep: list[etree._Element] = []  # elements made here, kept alive for the cache
        self.default_para: str | None = None
        self.default_char: str | None = None
        self.default_table: str | None = None
        self.defaults_rpr: etree._Element | None = None
        self.defaults_ppr: etree._Element | None = None
        if styles_root is not None:
            self._read_styles(styles_root)
        lang_el = settings_root.find(w("themeFontLang")) if settings_root is not None else None
        self.theme_font_lang: str | None = lang_el.get(w("val")) if lang_el is not None else None
        tab_el = settings_root.find(w("defaultTabStop")) if settings_root is not None else None
        #: Word's default tab stops every this many twips (``w:defaultTabStop``, 720 if unset).
        self.default_tab_stop: int = max(
            1, to_int(tab_el.get(w("val"))) or DEFAULT_TAB_STOP_TW) if tab_el is not None \
            else DEFAULT_TAB_STOP_TW
        #: Word's layout version (``w:compatSetting compatibilityMode``; 12 when unset, Word
        #: 2007). From 15 (Word 2013) a table's border, not its text, sits at its indent.
        self.compat_mode: int = 12
        if settings_root is not None:
            for setting in settings_root.iter(w("compatSetting")):
                if setting.get(w("name")) == "compatibilityMode":
                    self.compat_mode = to_int(setting.get(w("val"))) or 12
        #: Whether even pages have headers of their own (``w:evenAndOddHeaders``).
        self.even_and_odd_headers: bool = bool(on_off(
            settings_root.find(w("evenAndOddHeaders")))) if settings_root is not None else False

    def _read_styles(self, root: etree._Element) -> None:
        defaults = root.find(w("docDefaults"))
        if defaults is not None:
            self.defaults_rpr = defaults.find(f"{w('rPrDefault')}/{w('rPr')}")
            self.defaults_ppr = defaults.find(f"{w('pPrDefault')}/{w('pPr')}")
        for el in root.findall(w("style")):
            sid = el.get(w("styleId"))
            if not sid:
                continue
            name_el, based_el = el.find(w("name")), el.find(w("basedOn"))
            style = Style(
                style_id=sid, kind=el.get(w("type"), "paragraph"),
                name=name_el.get(w("val"), sid) if name_el is not None else sid,
                based_on=based_el.get(w("val")) if based_el is not None else None,
                ppr=el.find(w("pPr")), rpr=el.find(w("rPr")),
                default=el.get(w("default"), "0").lower() in ("1", "true", "on"))
            self.styles[sid] = style
            if style.default:
                if style.kind == "paragraph":
                    self.default_para = sid
                elif style.kind == "character":
                    self.default_char = sid
                elif style.kind == "table":
                    self.default_table = sid

    # ---------------------------------------------------------------- style chains
    def chain(self, style_id: str | None) -> list[Style]:
        """The style and its bases, most derived first (cycles and dangling ids are cut)."""
        out: list[Style] = []
        seen: set[str] = set()
        while style_id and style_id in self.styles and style_id not in seen and len(out) < 32:
            seen.add(style_id)
            style = self.styles[style_id]
            out.append(style)
            style_id = style.based_on
        return out

    def paragraph_style_id(self, p: etree._Element) -> str | None:
        ps = p.find(f"{w('pPr')}/{w('pStyle')}")
        sid = ps.get(w("val")) if ps is not None else None
        return sid if sid in self.styles else self.default_para

    def table_style_id(self, tbl: etree._Element | None) -> str | None:
        if tbl is None:
            return None
        ts = tbl.find(f"{w('tblPr')}/{w('tblStyle')}")
        sid = ts.get(w("val")) if ts is not None else None
        return sid if sid in self.styles else self.default_table

    # ---------------------------------------------------------------- runs
    def run(self, r: etree._Element, p: etree._Element | None, tbl: etree._Element | None = None
            ) -> RunProps:
        """Resolved formatting of run ``r`` in paragraph ``p`` (inside table ``tbl``, if any)."""
        direct = r.find(w("rPr"))
        rs = direct.find(w("rStyle")) if direct is not None else None
        char_id = rs.get(w("val")) if rs is not None else self.default_char
        return self._run_props(direct, char_id, self.paragraph_style_id(p) if p is not None else
                               self.default_para, self.table_style_id(tbl))

    def paragraph_mark(self, p: etree._Element, tbl: etree._Element | None = None) -> RunProps:
        """Formatting of the paragraph mark (what an empty paragraph is set in)."""
        direct = p.find(f"{w('pPr')}/{w('rPr')}")
        return self._run_props(direct, None, self.paragraph_style_id(p), self.table_style_id(tbl))

    def label(self, p: etree._Element, tbl: etree._Element | None,
              level_rpr: etree._Element | None) -> RunProps:
        """Formatting of the label of Word's automatic numbering: the paragraph mark's, with
        the numbering level's ``w:rPr`` on top (ECMA-376 Part 1, 17.9.24)."""
        mark = p.find(f"{w('pPr')}/{w('rPr')}")
        if level_rpr is None:
            return self._run_props(mark, None, self.paragraph_style_id(p),
                                   self.table_style_id(tbl))
        merged = etree.Element(w("rPr"))
        for source in (mark, level_rpr):
            if source is None:
                continue
            for child in source:
                old = merged.find(child.tag)
                if old is not None:
                    merged.remove(old)
                merged.append(copy.deepcopy(child))
        self._keep.append(merged)
        return self._run_props(merged, None, self.paragraph_style_id(p), self.table_style_id(tbl))

    def _run_props(self, direct: etree._Element | None, char_id: str | None,
                   para_id: str | None, table_id: str | None) -> RunProps:
        key = (id(direct), char_id, para_id, table_id)
        cached = self._cache.get(key)
        if cached is not None and cached[0] is direct:
            return cached[1]
        table_chain = [s.rpr for s in self.chain(table_id)]
        para_chain = [s.rpr for s in self.chain(para_id)]
        char_chain = [s.rpr for s in self.chain(char_id)]
        # least specific first, for the "last wins" properties
        levels: list[etree._Element | None] = [self.defaults_rpr, *reversed(table_chain),
                                                *reversed(para_chain), *reversed(char_chain),
                                                direct]
        levels = [lv for lv in levels if lv is not None]

        def last(tag: str) -> etree._Element | None:
            found = None
            for lv in levels:
                el = lv.find(w(tag))
                if el is not None:
                    found = el
            return found

        def toggle(tag: str) -> bool:
            if direct is not None and direct.find(w(tag)) is not None:
                return bool(on_off(direct.find(w(tag))))
            values = []
            for chain_ in (table_chain, para_chain, char_chain):
                value = _chain_value(chain_, tag)
                if value is not None:
                    values.append(value)
            if values:
                result = False
                for v in values:
                    result ^= v
                return result
            if self.defaults_rpr is not None and self.defaults_rpr.find(w(tag)) is not None:
                return bool(on_off(self.defaults_rpr.find(w(tag))))
            return False

        lang_el = last("lang")
        lang = lang_el.get(w("val")) if lang_el is not None else None
        font_lang = self.theme_font_lang or lang
        ascii_font, ascii_note = self._font_slot(levels, "ascii", font_lang)
        hansi_font, hansi_note = self._font_slot(levels, "hAnsi", font_lang)
        sz = last("sz")
        size = to_int(sz.get(w("val"))) if sz is not None else None
        u = last("u")
        underline = u.get(w("val"), "single") if u is not None else None
        if underline in ("none", "0"):
            underline = None
        color = self._color(last("color"))
        hl = last("highlight")
        highlight = hl.get(w("val")) if hl is not None else None
        if highlight in ("none", None):
            highlight = None
        va = last("vertAlign")
        vert_align = va.get(w("val")) if va is not None else None
        if vert_align == "baseline":
            vert_align = None
        shd = last("shd")
        shading = None
        if shd is not None:
            fill = (shd.get(w("fill")) or "auto").upper()
            val = shd.get(w("val"), "clear")
            if val not in ("clear", "nil") or fill not in ("AUTO", "FFFFFF"):
                shading = f"{val}/{fill}"
        props = RunProps(
            font_ascii=ascii_font, font_hansi=hansi_font,
            font_note=ascii_note if ascii_note == hansi_note else f"{ascii_note}; {hansi_note}",
            size_hp=size if size else DEFAULT_SIZE_HP,
            bold=toggle("b"), italic=toggle("i"), caps=toggle("caps"), strike=toggle("strike"),
            hidden=toggle("vanish"), underline=underline, color=color, highlight=highlight,
            shading=shading, lang=lang, vert_align=vert_align)
        self._cache[key] = (direct, props)
        return props

    def _font_slot(self, levels: Sequence[etree._Element], slot: str, lang: str | None
                   ) -> tuple[str, str]:
        chosen: tuple[str, str] | None = None
        for lv in levels:
            fonts = lv.find(w("rFonts"))
            if fonts is None:
                continue
            theme_ref = fonts.get(w(slot + "Theme"))
            name = fonts.get(w(slot))
            if theme_ref:
                face, note = self.theme.font(theme_ref, lang)
                chosen = (face or WORD_FALLBACK_FONT,
                          note if face else f"phông chủ đề {theme_ref} (không có trong tệp)")
            elif name:
                chosen = (name, name)
        if chosen is None:
            return WORD_FALLBACK_FONT, f"không khai báo (Word dùng {WORD_FALLBACK_FONT})"
        return chosen

    def _color(self, el: etree._Element | None) -> str | None:
        if el is None:
            return None
        theme_color = el.get(w("themeColor"))
        if theme_color:
            resolved = self.theme.color(theme_color)
            if resolved:
                return resolved
        return (el.get(w("val")) or "auto").upper().replace("AUTO", "auto")

    # ---------------------------------------------------------------- paragraphs
    def paragraph(self, p: etree._Element, tbl: etree._Element | None = None) -> ParaProps:
        """Resolved formatting of paragraph ``p`` (inside table ``tbl``, if any)."""
        direct = p.find(w("pPr"))
        style_id = self.paragraph_style_id(p)
        para_chain = [s.ppr for s in self.chain(style_id)]
        table_chain = [s.ppr for s in self.chain(self.table_style_id(tbl))]
        levels = [self.defaults_ppr, *reversed(table_chain), *reversed(para_chain)]
        levels = [lv for lv in levels if lv is not None]
        # numbering: the level's w:pPr sits between the style and direct formatting
        num_id, num_level = self._num(levels + ([direct] if direct is not None else []))
        num_ppr = self._numbering_ppr(num_id, num_level)
        if num_ppr is not None:
            levels.append(num_ppr)
        if direct is not None:
            levels.append(direct)

        jc = "left"
        ind = {"left": 0, "right": 0, "first": 0}
        spacing: dict[str, str] = {}
        borders: dict[str, Border] = {}
        contextual = keep_next = False
        tabs: dict[int, str] = {}
        for lv in levels:
            el = lv.find(w("tabs"))
            if el is not None:
                for tab in el.findall(w("tab")):
                    pos, kind = to_int(tab.get(w("pos"))), tab.get(w("val"), "left")
                    if pos is None:
                        continue
                    if kind == "clear":
                        tabs.pop(pos, None)
                    else:
                        tabs[pos] = {"start": "left", "end": "right"}.get(kind, kind)
            el = lv.find(w("jc"))
            if el is not None and el.get(w("val")):
                jc = el.get(w("val"))
            el = lv.find(w("ind"))
            if el is not None:
                for names, slot in ((("left", "start"), "left"), (("right", "end"), "right")):
                    for name in names:
                        if el.get(w(name)) is not None:
                            ind[slot] = to_int(el.get(w(name))) or 0
                if el.get(w("hanging")) is not None:
                    ind["first"] = -(to_int(el.get(w("hanging"))) or 0)
                elif el.get(w("firstLine")) is not None:
                    ind["first"] = to_int(el.get(w("firstLine"))) or 0
            el = lv.find(w("spacing"))
            if el is not None:
                for key, value in el.attrib.items():
                    spacing[etree.QName(key).localname] = value
            el = lv.find(w("pBdr"))
            if el is not None:
                for side in el:
                    borders[etree.QName(side).localname] = Border(
                        side.get(w("val"), "nil"), to_int(side.get(w("sz"))) or 0,
                        to_int(side.get(w("space"))) or 0, side.get(w("color")))
            el = lv.find(w("contextualSpacing"))
            if el is not None:
                contextual = bool(on_off(el))
            el = lv.find(w("keepNext"))
            if el is not None:
                keep_next = bool(on_off(el))
        if jc == "start":
            jc = "left"
        elif jc == "end":
            jc = "right"
        elif jc == "distribute":
            jc = "both"
        style = self.styles.get(style_id) if style_id else None
        return ParaProps(
            style_id=style_id, style_name=style.name if style else None, jc=jc,
            ind_left=ind["left"], ind_right=ind["right"], first_line=ind["first"],
            before=to_int(spacing.get("before")) or 0, after=to_int(spacing.get("after")) or 0,
            before_auto=spacing.get("beforeAutospacing", "0").lower() not in _FALSE,
            after_auto=spacing.get("afterAutospacing", "0").lower() not in _FALSE,
            line=to_int(spacing.get("line")), line_rule=spacing.get("lineRule", "auto"),
            contextual=contextual, borders=borders, num_id=num_id, num_level=num_level,
            keep_next=keep_next, tabs=tuple(sorted(tabs.items())))

    @staticmethod
    def _num(levels: Iterable[etree._Element]) -> tuple[str | None, int]:
        num_id, level = None, 0
        for lv in levels:
            el = lv.find(w("numPr"))
            if el is None:
                continue
            nid, ilvl = el.find(w("numId")), el.find(w("ilvl"))
            if nid is not None:
                num_id = nid.get(w("val"))
            if ilvl is not None:
                level = to_int(ilvl.get(w("val"))) or 0
        return (None if num_id in (None, "0") else num_id), level

    def numbering_format(self, num_id: str | None, level: int) -> tuple[str, str] | None:
        """``(numFmt, lvlText)`` of a numbering level, e.g. ``("bullet", "•")``."""
        lvl = self._level(num_id, level)
        if lvl is None:
            return None
        fmt, text = lvl.find(w("numFmt")), lvl.find(w("lvlText"))
        return (fmt.get(w("val"), "decimal") if fmt is not None else "decimal",
                text.get(w("val"), "") if text is not None else "")

    def _numbering_ppr(self, num_id: str | None, level: int) -> etree._Element | None:
        lvl = self._level(num_id, level)
        return lvl.find(w("pPr")) if lvl is not None else None

    def _level(self, num_id: str | None, level: int) -> etree._Element | None:
        if num_id is None or self.numbering is None:
            return None
        return _find_level(self.numbering, num_id, level)


def _chain_value(chain: Sequence[etree._Element | None], tag: str) -> bool | None:
    """The nearest value of an on/off property along a basedOn chain (most derived first)."""
    for rpr in chain:
        if rpr is not None and rpr.find(w(tag)) is not None:
            return on_off(rpr.find(w(tag)))
    return None


def _find_level(numbering: etree._Element, num_id: str, level: int) -> etree._Element | None:
    num = next((n for n in numbering.findall(w("num")) if n.get(w("numId")) == num_id), None)
    if num is None:
        return None
    for override in num.findall(w("lvlOverride")):
        if to_int(override.get(w("ilvl"))) == level:
            lvl = override.find(w("lvl"))
            if lvl is not None:
                return lvl
    abstract_ref = num.find(w("abstractNumId"))
    if abstract_ref is None:
        return None
    aid = abstract_ref.get(w("val"))
    abstract = next((a for a in numbering.findall(w("abstractNum"))
                     if a.get(w("abstractNumId")) == aid), None)
    if abstract is None:
        return None
    return next((lv for lv in abstract.findall(w("lvl")) if to_int(lv.get(w("ilvl"))) == level),
                None)
