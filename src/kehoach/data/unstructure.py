"""Từ mô hình đến dữ liệu: a model instance as plain data (dicts, lists, text, numbers, dates).

The inverse of :mod:`kehoach.data.structure`: ``structure(unstructure(plan)) == plan``. A
field equal to its default is left out; a block in a list of mixed blocks gets its ``type``;
a value with a short form (:mod:`kehoach.data.forms`) is written short when ``short`` is true.
"""

from __future__ import annotations

import enum
from typing import Any

from kehoach.data import introspect as ins
from kehoach.data.forms import FORMS


def unstructure(obj: object, *, short: bool = True) -> dict[str, Any]:
    """The plain data of an attrs instance (a plan), ready for YAML, TOML or JSON."""
    return _object(obj, short, tagged=False)


def _object(obj: object, short: bool, tagged: bool) -> Any:
    cls = type(obj)
    form = FORMS.get(cls)
    if form is not None:
        value = form.write(obj, short)
        if value is not None:
            return value
    out: dict[str, Any] = {ins.TAG_KEY: ins.tag(cls)} if tagged else {}
    for f in ins.fields(cls):
        value = getattr(obj, f.name)
        if not f.required and value == f.default:
            continue
        out[f.name] = unstructure_value(value, f.shape, short)
    return out


def unstructure_value(value: Any, shape: ins.Shape, short: bool = True) -> Any:
    """The plain data of a field's value, whose type hint has ``shape``."""
    kind = shape.kind
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
