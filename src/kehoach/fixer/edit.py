"""Sửa ở đúng cấp: change formatting where Word keeps it, and words only in their fixed forms.

A :class:`FixContext` is what a rule's fixer works with: the document as the checker reads it
(:class:`kehoach.checker.document.Document`, its layout, a rule :class:`Context`), and the means
to change it.

* :meth:`FixContext.ensure_runs` makes a run property (size, bold, italic, font, colour) of some
  paragraphs what the decree wants. It first tries the paragraph style (Word's level: one change
  for every paragraph of that style) and keeps that change only if no paragraph outside the
  target set changes with it; then, run by run, it removes direct formatting that fights the
  style, and sets direct formatting only where the style cannot give the right value.
* :meth:`FixContext.ensure_paragraphs` does the same for paragraph properties (alignment,
  indents, spacing).
* :meth:`FixContext.fix_text` puts a paragraph's words into one fixed form of
  :mod:`kehoach.fixer.forms`, editing only the ``w:t`` text of its runs, so every run keeps its
  formatting.

Paragraphs with tracked changes are never touched (:meth:`FixContext.editable`); every change is
recorded as a :class:`~kehoach.fixer.report.Change`, every refusal as a reason.
"""

from __future__ import annotations

import copy
import difflib
import unicodedata
from collections.abc import Callable, Iterable
from typing import Any, Final

import attrs
from lxml import etree

from kehoach.checker.document import Document, Paragraph
from kehoach.checker.layout import Layout
from kehoach.checker.report import num
from kehoach.checker.resolve import ParaProps, Resolver, RunProps, w
from kehoach.checker.rules import Context
from kehoach.fixer.forms import FORMS
from kehoach.fixer.package import EditablePackage
from kehoach.fixer.report import TEXT, Change
from kehoach.fixer.safety import has_revisions
from kehoach.layout.profile import FONT
from kehoach.rendering.template_builder import PPR_ORDER, RPR_ORDER

#: Child order of ``w:style`` (ECMA-376 Part 1, CT_Style).
STYLE_ORDER: Final = ("name", "aliases", "basedOn", "next", "link", "autoRedefine", "hidden",
                      "uiPriority", "semiHidden", "unhideWhenUsed", "qFormat", "locked",
                      "personal", "personalCompose", "personalReply", "rsid", "pPr", "rPr",
                      "tblPr", "trPr", "tcPr", "tblStylePr")
#: Child order of ``w:sectPr`` (CT_SectPr).
SECT_ORDER: Final = ("headerReference", "footerReference", "footnotePr", "endnotePr", "type",
                     "pgSz", "pgMar", "paperSrc", "pgBorders", "lnNumType", "pgNumType", "cols",
                     "formProt", "vAlign", "noEndnote", "titlePg", "textDirection", "bidi",
                     "rtlGutter", "docGrid", "printerSettings", "sectPrChange")


def _local(el: etree._Element) -> str:
    return etree.QName(el).localname if isinstance(el.tag, str) else ""


def child(parent: etree._Element, name: str, order: tuple[str, ...], *,
          create: bool = True) -> etree._Element | None:
    """The ``w:name`` child of ``parent``, created in schema ``order`` when missing."""
    found = parent.find(w(name))
    if found is not None or not create:
        return found
    el = etree.Element(w(name))
    rank = order.index(name) if name in order else len(order)
    for i, existing in enumerate(parent):
        other = _local(existing)
        if other in order and order.index(other) > rank:
            parent.insert(i, el)
            return el
    # after everything of lower rank (and before a trailing change record, if any)
    parent.append(el)
    return el


def remove(parent: etree._Element | None, *names: str) -> bool:
    if parent is None:
        return False
    done = False
    for name in names:
        for el in parent.findall(w(name)):
            parent.remove(el)
            done = True
    return done


def ppr_of(p: etree._Element) -> etree._Element:
    ppr = p.find(w("pPr"))
    if ppr is None:
        ppr = etree.Element(w("pPr"))
        p.insert(0, ppr)
    return ppr


def rpr_of(r: etree._Element) -> etree._Element:
    rpr = r.find(w("rPr"))
    if rpr is None:
        rpr = etree.Element(w("rPr"))
        r.insert(0, rpr)
    return rpr


# ------------------------------------------------------------------------------------ properties

@attrs.frozen
class RunProp:
    """A run property: how to read it from resolved props, write it, clear it, describe it."""

    name: str
    read: Callable[[RunProps], Any]
    write: Callable[[etree._Element, Any], None]
    clear: Callable[[etree._Element], bool]
    describe: Callable[[Any], str]


def _write_size(rpr: etree._Element, hp: int) -> None:
    for tag in ("sz", "szCs"):
        child(rpr, tag, RPR_ORDER).set(w("val"), str(hp))


def _toggle_writer(tag: str) -> Callable[[etree._Element, bool], None]:
    def write(rpr: etree._Element, value: bool) -> None:
        for name in (tag, tag + "Cs"):
            el = child(rpr, name, RPR_ORDER)
            if value:
                el.attrib.pop(w("val"), None)
            else:
                el.set(w("val"), "0")
    return write


def _write_font(rpr: etree._Element, _value: Any) -> None:
    fonts = child(rpr, "rFonts", RPR_ORDER)
    for slot in ("ascii", "hAnsi", "cs"):
        fonts.set(w(slot), FONT)
    for theme in ("asciiTheme", "hAnsiTheme", "cstheme"):
        fonts.attrib.pop(w(theme), None)


def _clear_font(rpr: etree._Element) -> bool:
    fonts = rpr.find(w("rFonts"))
    if fonts is None:
        return False
    done = False
    for slot in ("ascii", "hAnsi", "cs", "asciiTheme", "hAnsiTheme", "cstheme"):
        if fonts.attrib.pop(w(slot), None) is not None:
            done = True
    if not fonts.attrib:
        rpr.remove(fonts)
    return done


def _write_colour(rpr: etree._Element, _value: Any) -> None:
    el = child(rpr, "color", RPR_ORDER)
    el.attrib.clear()
    el.set(w("val"), "auto")


SIZE: Final = RunProp("size", lambda p: p.size_hp, _write_size,
                      lambda rpr: remove(rpr, "sz", "szCs"), lambda v: f"{num(v / 2)} pt")
BOLD: Final = RunProp("bold", lambda p: p.bold, _toggle_writer("b"),
                      lambda rpr: remove(rpr, "b", "bCs"),
                      lambda v: "đậm" if v else "không đậm")
ITALIC: Final = RunProp("italic", lambda p: p.italic, _toggle_writer("i"),
                        lambda rpr: remove(rpr, "i", "iCs"),
                        lambda v: "nghiêng" if v else "đứng")
FONT_PROP: Final = RunProp("font", lambda p: (p.font_ascii, p.font_hansi), _write_font, _clear_font,
                           lambda v: "phông " + (v if isinstance(v, str)
                                                 else " / ".join(dict.fromkeys(v))))
COLOUR: Final = RunProp("colour", lambda p: p.color, _write_colour,
                        lambda rpr: remove(rpr, "color"), lambda v: f"màu {v or 'tự động'}")
def _write_baseline(rpr: etree._Element, _value: Any) -> None:
    child(rpr, "vertAlign", RPR_ORDER).set(w("val"), "baseline")


VERT_ALIGN: Final = RunProp("vert_align", lambda p: p.vert_align, _write_baseline,
                            lambda rpr: remove(rpr, "vertAlign"),
                            lambda v: {"subscript": "chỉ số dưới", "superscript": "chỉ số trên"}
                            .get(v, "ngang dòng") if v else "ngang dòng")
HIGHLIGHT: Final = RunProp("highlight", lambda p: p.highlight or p.shading,
                           lambda rpr, v: None, lambda rpr: remove(rpr, "highlight", "shd"),
                           lambda v: f"tô {v}" if v else "không tô")


def want_range(low_hp: int, high_hp: int) -> Callable[[int], int | None]:
    """The nearest size inside [low, high] (half-points), or ``None`` when inside."""
    return lambda v: None if low_hp <= v <= high_hp else min(max(v, low_hp), high_hp)


def want_value(value: Any) -> Callable[[Any], Any]:
    return lambda v: None if v == value else value


def want_font(v: tuple[str, str]) -> str | None:
    return None if all(f.casefold() == FONT.casefold() for f in v) else FONT


def want_black(v: str | None) -> str | None:
    return None if v in (None, "auto", "000000") else "auto"


def want_none(v: Any) -> Any:
    return None if v is None else False


@attrs.frozen
class ParaProp:
    """A paragraph property, like :class:`RunProp`."""

    name: str
    read: Callable[[ParaProps], Any]
    write: Callable[[etree._Element, Any], None]
    clear: Callable[[etree._Element], bool]
    describe: Callable[[Any], str]


def _write_jc(ppr: etree._Element, value: str) -> None:
    child(ppr, "jc", PPR_ORDER).set(w("val"), value)


def _write_first(ppr: etree._Element, value: int) -> None:
    ind = child(ppr, "ind", PPR_ORDER)
    for attr in ("hanging", "hangingChars", "firstLineChars"):
        ind.attrib.pop(w(attr), None)
    ind.set(w("firstLine"), str(value))


def _clear_attrs(tag: str, *names: str) -> Callable[[etree._Element], bool]:
    def clear(ppr: etree._Element) -> bool:
        el = ppr.find(w(tag))
        if el is None:
            return False
        done = False
        for name in names:
            if el.attrib.pop(w(name), None) is not None:
                done = True
        if not el.attrib and not len(el):
            ppr.remove(el)
        return done
    return clear


def _write_line(ppr: etree._Element, value: tuple[int, str]) -> None:
    el = child(ppr, "spacing", PPR_ORDER)
    el.set(w("line"), str(value[0]))
    el.set(w("lineRule"), value[1])


def _write_after(ppr: etree._Element, value: int) -> None:
    el = child(ppr, "spacing", PPR_ORDER)
    el.attrib.pop(w("afterAutospacing"), None)
    el.attrib.pop(w("afterLines"), None)
    el.set(w("after"), str(value))


def _write_indents(ppr: etree._Element, value: tuple[int, int]) -> None:
    ind = child(ppr, "ind", PPR_ORDER)
    for attr in ("start", "end", "leftChars", "rightChars", "startChars", "endChars"):
        ind.attrib.pop(w(attr), None)
    ind.set(w("left"), str(value[0]))
    ind.set(w("right"), str(value[1]))


def _write_before(ppr: etree._Element, value: int) -> None:
    el = child(ppr, "spacing", PPR_ORDER)
    for attr in ("beforeAutospacing", "beforeLines"):
        el.attrib.pop(w(attr), None)
    el.set(w("before"), str(value))


def _clear_before(ppr: etree._Element) -> bool:
    el = ppr.find(w("spacing"))
    if el is None:
        return False
    done = any(el.attrib.pop(w(a), None) is not None
               for a in ("before", "beforeAutospacing", "beforeLines"))
    if not el.attrib:
        ppr.remove(el)
    return done


def _write_keep(ppr: etree._Element, value: bool) -> None:
    for tag in ("keepNext", "keepLines"):
        el = child(ppr, tag, PPR_ORDER)
        el.attrib.pop(w("val"), None)


KEEP_NEXT: Final = ParaProp("keep_next", lambda p: p.keep_next, _write_keep,
                            lambda ppr: remove(ppr, "keepNext"),
                            lambda v: "giữ với đoạn sau, không tách dòng" if v
                            else "không giữ với đoạn sau")


BEFORE: Final = ParaProp("before", lambda p: p.before, _write_before, _clear_before,
                         lambda v: f"cách trên {num(v / 20)} pt")


JC: Final = ParaProp("jc", lambda p: p.jc, _write_jc, lambda ppr: remove(ppr, "jc"),
                     lambda v: {"both": "căn đều", "center": "căn giữa", "left": "căn trái",
                                "right": "căn phải"}.get(v, f"căn «{v}»"))
FIRST_LINE: Final = ParaProp(
    "first_line", lambda p: p.first_line, _write_first,
    _clear_attrs("ind", "firstLine", "hanging", "firstLineChars", "hangingChars"),
    lambda v: f"thụt dòng đầu {num(v / 567, 2)} cm")
LINE: Final = ParaProp(
    "line", lambda p: (p.line if p.line is not None else 240, p.line_rule), _write_line,
    _clear_attrs("spacing", "line", "lineRule"),
    lambda v: (f"cách dòng {num(v[0] / 240, 2)} dòng" if v[1] == "auto"
               else f"cách dòng {v[1]} {num(v[0] / 20)} pt"))
AFTER: Final = ParaProp("after", lambda p: p.after, _write_after,
                        _clear_attrs("spacing", "after", "afterAutospacing", "afterLines"),
                        lambda v: f"cách sau {num(v / 20)} pt")
INDENTS: Final = ParaProp("indents", lambda p: (p.ind_left, p.ind_right), _write_indents,
                          _clear_attrs("ind", "left", "right", "start", "end"),
                          lambda v: f"thụt trái {v[0]}, phải {v[1]} twip")


# ------------------------------------------------------------------------------------ context

class FixContext:
    """One round of fixing: the document as read now, and the means to change it."""

    def __init__(self, package: EditablePackage, doc: Document, layout: Layout) -> None:
        self.package = package
        self.doc = doc
        self.layout = layout
        self.ctx = Context(doc, layout)
        self.changes: list[Change] = []
        self.reasons: dict[tuple[str, str], str] = {}  # (rule, place) → why left unfixed
        self._resolver: Resolver | None = doc.resolver
        self._styles_root = package.xml(package.related(package.main_part, "styles"))

    # ---------------------------------------------------------------- bookkeeping
    @property
    def resolver(self) -> Resolver:
        if self._resolver is None:
            self._resolver = Resolver(self.package)
        return self._resolver

    def dirty(self) -> None:
        """Formatting changed: resolve afresh from now on."""
        self._resolver = None

    def record(self, rule: str, where: str, before: str, after: str, **kw: Any) -> None:
        self.changes.append(Change(rule, where, before, after, **kw))

    def leave(self, rule: str, where: Paragraph | str | None, reason: str) -> None:
        """Say why a problem of ``rule`` at ``where`` is left for a person."""
        place = where.loc.describe() if isinstance(where, Paragraph) else (where or "")
        self.reasons.setdefault((rule, place), reason)

    def editable(self, p: Paragraph, rule: str) -> bool:
        """Whether ``p`` may be changed: not when it holds tracked changes, nor inside a
        content control locked against editing (``w:lock`` ``contentLocked``)."""
        if has_revisions(p.el):
            self.leave(rule, p, "đoạn có theo dõi thay đổi (track changes): hãy chấp nhận hoặc "
                                "từ chối các thay đổi trước khi sửa")
            return False
        if locked(p.el):
            self.leave(rule, p, "đoạn nằm trong điều khiển nội dung bị khóa sửa: cần người mở "
                                "khóa rồi sửa")
            return False
        return True

    def part_of(self, el: etree._Element) -> str:
        root = el.getroottree().getroot()
        for name in [*self.package._trees, *self.package.new_parts]:
            if self.package.xml(name) is root:
                return name
        return ""

    # ---------------------------------------------------------------- resolution
    def run_props(self, r: etree._Element, p: Paragraph) -> RunProps:
        return self.resolver.run(r, p.el, p.table_el)

    def para_props(self, p: Paragraph) -> ParaProps:
        return self.resolver.paragraph(p.el, p.table_el)

    def _inherited_run(self, r: etree._Element, p: Paragraph, prop: RunProp) -> RunProps:
        fake = copy.deepcopy(r)
        rpr = fake.find(w("rPr"))
        if rpr is not None:
            prop.clear(rpr)
        return self.resolver.run(fake, p.el, p.table_el)

    def _inherited_para(self, p: Paragraph, prop: ParaProp) -> ParaProps:
        fake = etree.Element(w("p"))
        ppr = p.el.find(w("pPr"))
        if ppr is not None:
            fake.append(copy.deepcopy(ppr))
            prop.clear(fake.find(w("pPr")))
        return self.resolver.paragraph(fake, p.table_el)

    def style_id(self, p: Paragraph) -> str | None:
        return self.resolver.paragraph_style_id(p.el)

    def style_el(self, style_id: str) -> etree._Element | None:
        if self._styles_root is None:
            return None
        for el in self._styles_root.findall(w("style")):
            if el.get(w("styleId")) == style_id:
                return el
        return None

    def _style_users(self, style_id: str) -> list[Paragraph]:
        """Every paragraph whose style chain holds ``style_id`` (main part, headers, footers,
        text boxes; footnotes too)."""
        out = []
        for p in [*self.doc.all_paragraphs(), *self._note_paragraphs()]:
            if any(s.style_id == style_id for s in self.resolver.chain(self.style_id(p))):
                out.append(p)
        return out

    def _note_paragraphs(self) -> list[Paragraph]:
        cached = getattr(self, "_notes", None)
        if cached is not None:
            return cached
        out: list[Paragraph] = []
        for kind in ("footnotes", "endnotes"):
            root = self.package.xml(self.package.related(self.package.main_part, kind))
            if root is None:
                continue
            for pel in root.iter(w("p")):
                runs = [_NoteRun(r) for r in pel.iter(w("r"))]
                out.append(_NoteParagraph(pel, runs))  # type: ignore[arg-type]
        self._notes = out
        return out

    # ---------------------------------------------------------------- run properties
    def ensure_runs(self, rule: str, paras: Iterable[Paragraph], prop: RunProp,
                    want: Callable[[Any], Any], label: str, *,
                    runs: Callable[[Paragraph], list] | None = None) -> None:
        """Make ``prop`` of the visible runs of ``paras`` pass ``want`` (which returns the
        value to set, or ``None`` when a value is right)."""
        pick = runs or (lambda p: [r.el for r in p.visible_runs])
        targets = [p for p in paras if self.editable(p, rule)]
        if not targets:
            return
        # 1. the paragraph style, when every paragraph it would change is a target and the
        #    runs chosen are all the paragraph shows (a page number alone in its paragraph)
        groups: dict[str, list[Paragraph]] = {}
        for p in targets:
            if any(want(prop.read(self.run_props(r, p))) is not None for r in pick(p)):
                sid = self.style_id(p)
                chosen = {id(el) for el in pick(p)}
                whole = runs is None or all(id(r.el) in chosen for r in p.visible_runs)
                if sid is not None and whole:
                    groups.setdefault(sid, []).append(p)
        for sid in sorted(groups, key=lambda s: len(self.resolver.chain(s))):  # bases first
            self._try_style_run(rule, sid, groups[sid], targets, prop, want, label, pick)
        # 2. run by run: drop direct formatting that fights the style, else set it
        plan: list[tuple[Paragraph, etree._Element, Any, Any, bool]] = []
        for p in targets:
            for r in pick(p):
                value = prop.read(self.run_props(r, p))
                wanted = want(value)
                if wanted is None:
                    continue
                inherited = prop.read(self._inherited_run(r, p, prop))
                plan.append((p, r, value, wanted, want(inherited) is None))
        by_para: dict[int, tuple[Paragraph, set, set]] = {}
        for p, r, value, wanted, drop in plan:
            rpr = rpr_of(r)
            if drop and prop.clear(rpr):
                result = prop.read(self._inherited_run(r, p, prop))
            else:
                prop.write(rpr, wanted)
                result = wanted
            if not len(rpr) and not rpr.attrib:
                r.remove(rpr)
            entry = by_para.setdefault(id(p), (p, set(), set()))
            entry[1].add(value)
            entry[2].add(result)
        if plan:
            self.dirty()
        for p, before, after in by_para.values():
            self.record(rule, p.loc.describe(), f"{label}: {_values(before, prop)}",
                        f"{label}: {_values(after, prop)}", part=self.part_of(p.el),
                        paragraph=p.loc.paragraph)

    def _try_style_run(self, rule: str, sid: str, members: list[Paragraph],
                       targets: list[Paragraph], prop: RunProp, want: Callable[[Any], Any],
                       label: str, pick: Callable[[Paragraph], list]) -> None:
        style = self.style_el(sid)
        if style is None or prop is HIGHLIGHT:
            return
        fake_p = etree.Element(w("p"))
        etree.SubElement(etree.SubElement(fake_p, w("pPr")), w("pStyle")).set(w("val"), sid)
        fake_r = etree.SubElement(fake_p, w("r"))
        table = members[0].table_el
        value = prop.read(self.resolver.run(fake_r, fake_p, table))
        wanted = want(value)
        if wanted is None:
            return
        # every run the change may reach but was not chosen must keep its value: the runs of
        # other paragraphs, and those of a target left alone on purpose (a legacy font)
        chosen = {id(p.el): {id(el) for el in pick(p)} for p in targets}
        watched = [(p, r.el) for p in self._style_users(sid) for r in p.visible_runs
                   if id(r.el) not in chosen.get(id(p.el), ())]
        before = [prop.read(self.run_props(r, p)) for p, r in watched]
        saved = copy.deepcopy(style)
        rpr = child(style, "rPr", STYLE_ORDER)
        prop.write(rpr, wanted)
        self.dirty()
        after = [prop.read(self.run_props(r, p)) for p, r in watched]
        if before != after:
            style.getparent().replace(style, saved)
            self.dirty()
            return
        name = style.find(w("name"))
        shown = name.get(w("val"), sid) if name is not None else sid
        self.record(rule, f"kiểu đoạn «{shown}» ({len(members)} đoạn)",
                    f"{label}: {prop.describe(value)}", f"{label}: {prop.describe(wanted)}",
                    part=self.part_of(style))

    # ---------------------------------------------------------------- paragraph properties
    def ensure_paragraphs(self, rule: str, paras: Iterable[Paragraph], prop: ParaProp,
                          want: Callable[[Any], Any], label: str, *, style: bool = True) -> None:
        targets = [p for p in paras if self.editable(p, rule)]
        if style:
            groups: dict[str, list[Paragraph]] = {}
            for p in targets:
                if want(prop.read(self.para_props(p))) is not None:
                    sid = self.style_id(p)
                    if sid is not None:
                        groups.setdefault(sid, []).append(p)
            for sid in sorted(groups, key=lambda s: len(self.resolver.chain(s))):
                self._try_style_para(rule, sid, groups[sid], targets, prop, want, label)
        for p in targets:
            value = prop.read(self.para_props(p))
            wanted = want(value)
            if wanted is None:
                continue
            inherited = prop.read(self._inherited_para(p, prop))
            ppr = ppr_of(p.el)
            if want(inherited) is None and prop.clear(ppr):
                result = inherited
            else:
                prop.write(ppr, wanted)
                result = wanted
            _tidy(ppr, PPR_ORDER)
            self.dirty()
            self.record(rule, p.loc.describe(), prop.describe(value), prop.describe(result),
                        part=self.part_of(p.el), paragraph=p.loc.paragraph)

    def _try_style_para(self, rule: str, sid: str, members: list[Paragraph],
                        targets: list[Paragraph], prop: ParaProp, want: Callable[[Any], Any],
                        label: str) -> None:
        style = self.style_el(sid)
        if style is None:
            return
        fake = etree.Element(w("p"))
        etree.SubElement(etree.SubElement(fake, w("pPr")), w("pStyle")).set(w("val"), sid)
        value = prop.read(self.resolver.paragraph(fake, members[0].table_el))
        wanted = want(value)
        if wanted is None:
            return
        target_ids = {id(p.el) for p in targets}
        others = [p for p in self._style_users(sid) if id(p.el) not in target_ids
                  and not isinstance(p, _NoteParagraph)]
        before = [prop.read(self.para_props(p)) for p in others]
        saved = copy.deepcopy(style)
        ppr = child(style, "pPr", STYLE_ORDER)
        prop.write(ppr, wanted)
        _tidy(ppr, PPR_ORDER)
        self.dirty()
        after = [prop.read(self.para_props(p)) for p in others]
        if before != after:
            style.getparent().replace(style, saved)
            self.dirty()
            return
        name = style.find(w("name"))
        shown = name.get(w("val"), sid) if name is not None else sid
        self.record(rule, f"kiểu đoạn «{shown}» ({len(members)} đoạn)", prop.describe(value),
                    prop.describe(wanted), part=self.part_of(style))

    # ---------------------------------------------------------------- words
    def fix_text(self, rule: str, p: Paragraph, form_name: str, *,
                 make: Callable[[str], str | None] | None = None) -> bool:
        """Put the text of ``p`` into the fixed form ``form_name``; True when it changed.

        ``make`` computes the fixed text when it depends on more than the paragraph (the
        number a label takes in its sequence, the capitals the document itself uses); the
        form still judges the result (:meth:`Form.allows`), so nothing else can change. For a
        line of a paragraph split by line breaks only that line is fixed."""
        form = FORMS[form_name]
        whole = p.origin
        if not self.editable(whole, rule):
            return False
        field_runs = {id(r.el) for f in whole.fields for r in (*f.runs, *f.code)}
        # the runs the paragraph shows, a simple field's result (w:fldSimple) included, in
        # document order
        order = {id(el): i for i, el in enumerate(whole.el.iter(w("r")))}
        shown = dict.fromkeys([*(r.el for r in whole.runs),
                               *(r.el for f in whole.fields for r in f.runs)])
        segments: list[tuple[etree._Element | None, str]] = []
        field_segments: set[int] = set()  # characters a field produces
        for r_el in sorted(shown, key=lambda el: order.get(id(el), -1)):
            for node in r_el:
                tag = node.tag
                if tag == w("t"):
                    editable = id(r_el) not in field_runs
                    if not editable:
                        field_segments.add(len(segments))
                    segments.append((node if editable else None, node.text or ""))
                elif tag in (w("tab"), w("ptab")):
                    segments.append((None, "\t"))
                elif tag == w("cr") or (tag == w("br") and node.get(w("type"), "textWrapping")
                                        == "textWrapping"):
                    segments.append((None, "\n"))
                elif tag == w("noBreakHyphen"):
                    segments.append((None, "-"))
        raw = "".join(text for _, text in segments)
        if not unicodedata.is_normalized("NFC", raw):
            self.leave(rule, p, "chữ ở dạng Unicode tổ hợp: hãy chuyển sang dựng sẵn (NFC) trước")
            return False
        lines = raw.split("\n")
        index = (p.loc.line - 1) if p.whole is not None and p.loc.line else None
        if index is not None and not 0 <= index < len(lines):
            return False
        piece = lines[index] if index is not None else raw
        fixed_piece = (make or form.fixer)(piece)
        if fixed_piece is None or fixed_piece == piece or not form.allows(piece, fixed_piece):
            return False
        if index is not None:
            fixed = "\n".join([*lines[:index], fixed_piece, *lines[index + 1:]])
        else:
            fixed = fixed_piece
        # map each character of raw to its segment and offset
        owners: list[tuple[int, int]] = []
        for i, (_, text) in enumerate(segments):
            owners.extend((i, k) for k in range(len(text)))
        texts = [text for _, text in segments]
        ops = difflib.SequenceMatcher(None, raw, fixed, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in reversed(ops):
            if tag == "equal":
                continue
            if i2 > i1:
                seg_ids = {owners[i][0] for i in range(i1, i2)}
                if any(segments[s][0] is None for s in seg_ids):
                    self.leave(rule, p, "chỗ cần sửa nằm trong trường (field) hoặc ký tự đặc biệt")
                    return False
                first = owners[i1]
                # delete the span, then insert the replacement where it began
                for i in range(i2 - 1, i1 - 1, -1):
                    s, k = owners[i]
                    texts[s] = texts[s][:k] + "\x00" + texts[s][k + 1:]
                s, k = first
                texts[s] = texts[s][:k] + fixed[j1:j2] + texts[s][k:]
            else:  # insertion before raw[i1]
                # never next to what a field shows: a zero before the day of {DATE \@ "d"}
                # prints «012» on the 12th
                if (i1 > 0 and owners[i1 - 1][0] in field_segments) or \
                        (i1 < len(raw) and owners[i1][0] in field_segments):
                    self.leave(rule, p, "số do một trường (field) của Word tạo ra (ngày tự động "
                                        "…): không thêm chữ số vào kết quả của trường; cần "
                                        "người đổi định dạng của trường (ví dụ \\@ \"dd\")")
                    return False
                if i1 > 0 and segments[owners[i1 - 1][0]][0] is not None:
                    s, k = owners[i1 - 1]
                    k += 1
                elif i1 < len(raw) and segments[owners[i1][0]][0] is not None:
                    s, k = owners[i1]
                else:
                    self.leave(rule, p, "không có chỗ chữ thường để thêm ký tự")
                    return False
                texts[s] = texts[s][:k] + fixed[j1:j2] + texts[s][k:]
        for (node, _), text in zip(segments, texts):
            if node is None:
                continue
            new = text.replace("\x00", "")
            if new != (node.text or ""):
                node.text = new
                if new != new.strip():
                    node.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
        self.dirty()
        self.record(rule, p.loc.describe(), f"«{piece.strip()}»", f"«{fixed_piece.strip()}»",
                    kind=TEXT, form=form_name, part=self.part_of(whole.el),
                    paragraph=p.loc.paragraph)
        return True


def locked(el: etree._Element) -> bool:
    """Whether ``el`` sits in a content control whose content may not be edited."""
    for sdt in el.iterancestors(w("sdt")):
        lock = sdt.find(f"{w('sdtPr')}/{w('lock')}")
        if lock is not None and lock.get(w("val")) in ("contentLocked", "sdtContentLocked"):
            return True
    return False


def _values(values: set, prop: RunProp) -> str:
    try:
        ordered = sorted(values)
    except TypeError:
        ordered = list(values)
    return ", ".join(prop.describe(v) for v in ordered)


def _tidy(parent: etree._Element, order: tuple[str, ...]) -> None:
    """Drop empty ``w:ind``/``w:spacing`` left by a clear and keep schema order."""
    for el in list(parent):
        if _local(el) in ("ind", "spacing") and not el.attrib:
            parent.remove(el)


@attrs.define(eq=False)
class _NoteRun:
    el: etree._Element
    text: str = "x"


@attrs.define(eq=False)
class _NoteParagraph:
    """A footnote paragraph, enough for :meth:`FixContext._style_users` to watch it."""

    el: etree._Element
    runs: list[_NoteRun]
    table_el: None = None

    @property
    def visible_runs(self) -> list[_NoteRun]:
        return [r for r in self.runs if r.el.find(w("t")) is not None]
