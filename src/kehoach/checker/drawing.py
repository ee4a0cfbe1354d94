"""Đường kẻ vẽ bằng hình: horizontal lines drawn as shapes (DrawingML or VML).

Clerks draw the lines under the Tiêu ngữ, the issuer name and the trích yếu with Word's line
tool more often than with a paragraph border. Such a line is a shape anchored in *some*
paragraph near the text (often the Số or the date paragraph, and moved up by an offset), so the
checker reads where it lands, not where it is anchored: its length (``wp:extent/@cx``, or the
VML ``from``/``to`` points and ``width``), its horizontal place (an offset from the column, the
margin or the page, or an alignment), its vertical place (an offset from its paragraph, its
line or the page, or an alignment) and, for an inline shape, the run that holds it (which of
its paragraph's lines it prints on: :func:`kehoach.checker.layout.line_in_cell`). Lengths are
in twips (1 EMU = 1/635 tw).

Only straight, horizontal, visible strokes count: a connector or line preset (or a rectangle
flat enough to print as a rule), not rotated to the vertical, whose outline is not ``noFill``.
"""

from __future__ import annotations

from typing import Final

import attrs
from lxml import etree

WP_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing"
A_NS: Final = "http://schemas.openxmlformats.org/drawingml/2006/main"
WPS_NS: Final = "http://schemas.microsoft.com/office/word/2010/wordprocessingShape"
V_NS: Final = "urn:schemas-microsoft-com:vml"
O_NS: Final = "urn:schemas-microsoft-com:office:office"
MC_NS: Final = "http://schemas.openxmlformats.org/markup-compatibility/2006"
W_NS: Final = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
EMU_PER_TW: Final = 635
#: A shape at most this flat (height : length) prints as a rule.
FLAT: Final = 0.05
_LINE_PRESETS: Final = frozenset({"line", "straightConnector1", "lineInv"})
_SOLID_DASHES: Final = frozenset({"solid", "sysSolid"})
_UNITS_PT: Final = {"pt": 1.0, "in": 72.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "px": 0.75,
                    "pc": 12.0, "emu": 1 / 12700}


@attrs.frozen
class Shape:
    """Đường kẻ: one horizontal line drawn as a shape.

    ``length_tw``: its printed length. ``floating``: anchored (placed by offsets) rather than
    inline in the text. ``h_from``/``v_from``: what its offsets are measured from
    (``"column"``, ``"margin"``, ``"page"``, ``"paragraph"``, ``"line"``, ``"character"``…);
    ``h_offset_tw``/``v_offset_tw`` the offsets of its left end and of the line itself, or
    ``None`` when placed by ``h_align`` (``"center"``, ``"left"``, ``"right"``) or ``v_align``
    (``"top"``, ``"center"``, ``"bottom"``). ``solid``: a continuous stroke (not dashed or
    dotted). ``run``: the run (``w:r``) that holds it, for an inline shape's place among its
    paragraph's lines.
    """

    length_tw: float
    floating: bool
    h_from: str | None = None
    h_offset_tw: float | None = None
    h_align: str | None = None
    v_from: str | None = None
    v_offset_tw: float | None = None
    solid: bool = True
    in_cell: bool = False  # laid out in its table cell: every offset counts from the cell
    v_align: str | None = None
    run: etree._Element | None = attrs.field(default=None, eq=False, repr=False)


def _tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _inside(el: etree._Element, stop: etree._Element, tag: str) -> bool:
    """Whether an element named ``tag`` holds ``el`` below ``stop``."""
    node = el.getparent()
    while node is not None and node is not stop:
        if node.tag == tag:
            return True
        node = node.getparent()
    return False


def _in_fallback(el: etree._Element, stop: etree._Element) -> bool:
    return _inside(el, stop, _tag(MC_NS, "Fallback"))


def shapes_in(p: etree._Element) -> list[Shape]:
    """The horizontal lines drawn in paragraph ``p`` (not in text boxes inside it)."""
    out: list[Shape] = []
    for frame in p.iter(_tag(WP_NS, "anchor"), _tag(WP_NS, "inline")):
        if _in_fallback(frame, p):
            continue
        shape = _drawingml(frame)
        if shape is not None:
            out.append(attrs.evolve(shape, run=_run_of(frame, p)))
    seen_vml = bool(out)
    for el in p.iter(_tag(V_NS, "line"), _tag(V_NS, "shape"), _tag(V_NS, "rect")):
        if _in_fallback(el, p) or (seen_vml and _in_choice_with_drawing(el, p)):
            continue
        shape = _vml(el)
        if shape is not None:
            out.append(attrs.evolve(shape, run=_run_of(el, p)))
    return out


def _run_of(el: etree._Element, p: etree._Element) -> etree._Element | None:
    """The run of paragraph ``p`` that holds ``el`` (a direct child of the paragraph, or of a
    hyperlink, a field or a content control inside it)."""
    node, run = el, None
    while node is not None and node is not p:
        if node.tag == _tag(W_NS, "r"):
            run = node
        node = node.getparent()
    return run


def _in_choice_with_drawing(el: etree._Element, p: etree._Element) -> bool:
    return _inside(el, p, _tag(MC_NS, "AlternateContent"))


# ------------------------------------------------------------------------------ DrawingML

def _drawingml(frame: etree._Element) -> Shape | None:
    extent = frame.find(_tag(WP_NS, "extent"))
    if extent is None:
        return None
    cx, cy = _int(extent.get("cx")) or 0, _int(extent.get("cy")) or 0
    if cx <= 0 or cy > cx * FLAT:
        return None
    preset = next((g.get("prst") for g in frame.iter(_tag(A_NS, "prstGeom"))), None)
    if preset is not None and preset not in _LINE_PRESETS and preset != "rect":
        return None
    if frame.find(f".//{_tag(A_NS, 'blip')}") is not None:
        return None  # a picture, not a line
    xfrm = next(iter(frame.iter(_tag(A_NS, "xfrm"))), None)
    rot = _int(xfrm.get("rot")) if xfrm is not None else None
    if rot and abs(((rot / 60000) % 180) - 90) < 45:
        return None  # turned upright
    ln = next(iter(frame.iter(_tag(A_NS, "ln"))), None)
    if ln is not None and ln.find(_tag(A_NS, "noFill")) is not None:
        return None
    if ln is None and preset == "rect":
        # a flat rectangle prints as a rule through its fill
        if next(iter(frame.iter(_tag(A_NS, "noFill"))), None) is not None:
            return None
    dash = ln.find(_tag(A_NS, "prstDash")) if ln is not None else None
    solid = dash is None or dash.get("val", "solid") in _SOLID_DASHES
    floating = frame.tag == _tag(WP_NS, "anchor")
    h_from = h_align = v_from = v_align = None
    h_off = v_off = None
    if floating:
        ph, pv = frame.find(_tag(WP_NS, "positionH")), frame.find(_tag(WP_NS, "positionV"))
        if ph is not None:
            h_from = ph.get("relativeFrom")
            off, align = ph.find(_tag(WP_NS, "posOffset")), ph.find(_tag(WP_NS, "align"))
            if off is not None and _int(off.text) is not None:
                h_off = _int(off.text) / EMU_PER_TW  # type: ignore[operator]
            elif align is not None:
                h_align = (align.text or "").strip()
        if pv is not None:
            v_from = pv.get("relativeFrom")
            off, align = pv.find(_tag(WP_NS, "posOffset")), pv.find(_tag(WP_NS, "align"))
            if off is not None and _int(off.text) is not None:
                v_off = _int(off.text) / EMU_PER_TW  # type: ignore[operator]
            elif align is not None:
                v_align = (align.text or "").strip()
    in_cell = floating and frame.get("layoutInCell", "1") in ("1", "true")
    return Shape(cx / EMU_PER_TW, floating, h_from, h_off, h_align, v_from, v_off, solid,
                 in_cell, v_align)


# ------------------------------------------------------------------------------ VML

def _length_pt(value: str | None) -> float | None:
    """A VML/CSS length in points; a bare number counts as pixels, as in CSS."""
    if value is None:
        return None
    value = value.strip().lower()
    if not value:
        return None
    for unit, factor in _UNITS_PT.items():
        if value.endswith(unit):
            try:
                return float(value[: -len(unit)]) * factor
            except ValueError:
                return None
    try:
        return float(value) * _UNITS_PT["px"]
    except ValueError:
        return None


def _style(el: etree._Element) -> dict[str, str]:
    out = {}
    for item in (el.get("style") or "").split(";"):
        if ":" in item:
            key, value = item.split(":", 1)
            out[key.strip().lower()] = value.strip()
    return out


_VML_FROM: Final = {"text": None, "char": "character"}


def _vml_from(style: dict[str, str], axis: str, default: str) -> str:
    value = style.get(f"mso-position-{axis}-relative", "text")
    return _VML_FROM.get(value) or (default if value == "text" else value)


def _degrees(value: str | None) -> float:
    value = (value or "0").strip().lower()
    try:
        return float(value[:-2]) / 65536 if value.endswith("fd") else float(value)
    except ValueError:
        return 0.0


def _vml(el: etree._Element) -> Shape | None:
    if el.get("stroked", "t").lower() in ("f", "false"):
        return None
    stroke = el.find(_tag(V_NS, "stroke"))
    solid = stroke is None or stroke.get("dashstyle", "solid") in ("solid", "")
    style = _style(el)
    if abs(_degrees(style.get("rotation")) % 180 - 90) < 45:
        return None
    floating = style.get("position") == "absolute" or el.tag == _tag(V_NS, "line")
    h_from = _vml_from(style, "horizontal", "column") if floating else None
    v_from = _vml_from(style, "vertical", "paragraph") if floating else None
    if el.tag == _tag(V_NS, "line"):
        start, end = (el.get("from") or "0,0").split(","), (el.get("to") or "0,0").split(",")
        if len(start) < 2 or len(end) < 2:
            return None
        x1, y1, x2, y2 = (_length_pt(v) for v in (start[0], start[1], end[0], end[1]))
        if x1 is None or y1 is None or x2 is None or y2 is None:
            return None
        length = abs(x2 - x1)
        if length <= 0 or abs(y2 - y1) > length * FLAT:
            return None
        return Shape(length * 20, True, h_from, min(x1, x2) * 20, None, v_from, y1 * 20, solid)
    width, height = _length_pt(style.get("width")), _length_pt(style.get("height")) or 0.0
    if not width or width <= 0 or height > width * FLAT:
        return None
    left = _length_pt(style.get("margin-left") or style.get("left"))
    top = _length_pt(style.get("margin-top") or style.get("top"))
    h_align = style.get("mso-position-horizontal")
    v_align = style.get("mso-position-vertical")
    return Shape(width * 20, floating, h_from,
                 left * 20 if left is not None and floating else None,
                 h_align if h_align in ("center", "left", "right") else None,
                 v_from, top * 20 if top is not None and floating else None, solid,
                 v_align=v_align if v_align in ("top", "center", "bottom") and top is None
                 else None)
