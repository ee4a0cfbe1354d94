"""Từ mô hình đến dữ liệu: a model instance as plain data (dicts, lists, text, numbers, dates).

The inverse of :mod:`kehoach.data.structure`: ``structure(unstructure(plan)) == plan``. A
field equal to its default is left out (and a layout's column width left to the house
profile, which fits it to the margins); a block in a list of mixed blocks gets its ``type``;
a value with a short form (:mod:`kehoach.data.forms`) is written short when ``short`` is true.
"""

from __future__ import annotations

import enum
from typing import Any

from kehoach import model as m
from kehoach.data import introspect as ins
from kehoach.data.forms import FORMS
from kehoach.layout.profile import is_house_width


def unstructure(obj: object, *, short: bool = True) -> dict[str, Any]:
    """The plain data of an attrs instance (a plan), ready for YAML, TOML or JSON."""
    return _object(obj, short, tagged=False)


def _object(obj: object, short: bool, tagged: bool) -> Any:
    cls = type(obj)
    if short and cls is m.Row and obj.number is None:
        return [_object(c, short, False) for c in obj.cells]
    if short and cls is m.Cell and (obj.span, obj.row_span, obj.align) == (1, 1, None):
        return _cell(obj)
    form = FORMS.get(cls)
    if form is not None:
        value = form.write(obj, short)
        if value is not None:
            return value
    out: dict[str, Any] = {ins.TAG_KEY: ins.tag(cls)} if tagged else {}
    for f in ins.fields(cls):
        value = getattr(obj, f.name)
        if not f.required and (value == f.default or is_house_width(value)):
            continue
        out[f.name] = unstructure_value(value, f.shape, short)
    return out


def _cell(cell: m.Cell) -> Any:
    """A cell's short form: the text of its one paragraph, or the list of its blocks."""
    blocks = [_object(b, True, True) for b in cell.children]
    if not blocks:
        return ""
    if len(blocks) == 1 and isinstance(blocks[0], str) and blocks[0].strip():
        return blocks[0]
    return blocks


def rich(value: str | m.RichText) -> Any:
    """Running text as a data file writes it: its markup (:func:`kehoach.model.to_markup`),
    or, when markup cannot say it, the list of its spans and footnotes."""
    written = m.to_markup(value)
    if written is not None:
        return written
    out: list[Any] = []
    for part in m.RichText(value).parts:
        if isinstance(part, m.Footnote):
            out.append({"footnote": rich(part.text)})
        elif part.plain:
            out.append(part.text)
        else:
            out.append({"text": part.text, **{k: True for k in ("bold", "italic", "underline")
                                               if getattr(part, k)}})
    return out


def unstructure_value(value: Any, shape: ins.Shape, short: bool = True) -> Any:
    """The plain data of a field's value, whose type hint has ``shape``."""
    kind = shape.kind
    if kind == "rich":
        return rich(value)
    if kind == "optional":
        return None if value is None else unstructure_value(value, shape.of, short)
    if kind == "list":
        return [unstructure_value(v, shape.of, short) for v in value]
    if kind == "union":
        return _object(value, short, tagged=True)
    if kind == "class":
        return _object(value, short, tagged=False)
    if isinstance(value, enum.Enum):
        return value.value
    return value
