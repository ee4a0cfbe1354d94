"""JSON Schema của tệp dữ liệu: the schema of a plan file, generated from the model.

Nothing here is written by hand for one class or one field: the schema walks the attrs
fields and type hints (:mod:`kehoach.data.introspect`), takes titles and descriptions from the
docstrings, bounds of numbers from the model's validators, and short forms from
:mod:`kehoach.data.forms`. Editors (VS Code with the YAML extension, JetBrains, Taplo for TOML)
use it to check a plan file and to complete its keys.
"""

from __future__ import annotations

import json
from typing import Any

from kehoach import model as m
from kehoach import registry
from kehoach.data import introspect as ins
from kehoach.data.forms import DATE_HINT, DATE_PATTERN, DECIMAL_PATTERN, FORMS
from kehoach.data.unstructure import unstructure_value

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(type_name: str = "ke-hoach") -> dict[str, Any]:
    """The JSON Schema of a file of plan type ``type_name`` (``ke-hoach``, ``nong-thon-moi``)."""
    from kehoach.data import DEFAULT_TYPE

    plan_type = registry.get(type_name)
    root = plan_type.model
    reachable = ins.classes(root)
    in_unions = {c for cls in reachable for f in ins.fields(cls)
                 for c in _union_members(f.shape)}
    root_schema = _class(root, in_unions)
    root_schema["properties"] = {
        "$schema": {"type": "string", "description": "Đường dẫn tới tệp JSON Schema này "
                                                     "(cho trình soạn thảo)."},
        "type": {"const": plan_type.name,
                 "description": f"Loại kế hoạch: {plan_type.description}"},
        **root_schema["properties"],
    }
    if plan_type.name != DEFAULT_TYPE:
        root_schema["required"] = ["type", *root_schema.get("required", [])]
    return {
        "$schema": DIALECT,
        "title": f"{ins.term(root)} ({plan_type.name}): tệp dữ liệu của kehoach",
        **{k: v for k, v in root_schema.items() if k != "title"},
        "$defs": {**{c.__name__: _with_form(c, _class(c, in_unions)) for c in reachable[1:]},
                  **RICH_DEFS},
    }


#: Running text: a string in the markup (``**đậm**``, ``*nghiêng*``, ``__gạch chân__``,
#: ``^[chú thích]``) or a list of plain strings, spans and footnotes.
RICH_DEFS: dict[str, Any] = {
    "RichText": {
        "title": "Văn bản có định dạng",
        "description": ("Viết thành một dòng chữ: **đậm**, *nghiêng*, ***đậm nghiêng***, "
                        "__gạch chân__, ^[chú thích]; dấu \\ trước * _ ^ [ ] giữ nguyên ký "
                        "tự. Hoặc một danh sách: chữ thường, {text, bold, italic, underline}, "
                        "{footnote}."),
        "anyOf": [
            {"type": "string", "pattern": r"\S"},
            {"type": "array", "items": {"anyOf": [
                {"type": "string"},
                {"$ref": "#/$defs/Span"},
                {"type": "object", "properties": {"footnote": {"$ref": "#/$defs/RichText"}},
                 "required": ["footnote"], "additionalProperties": False},
            ]}},
        ],
    },
    "Span": {
        "title": "Đoạn chữ có định dạng",
        "type": "object",
        "properties": {"text": {"type": "string"}, "bold": {"type": "boolean"},
                       "italic": {"type": "boolean"}, "underline": {"type": "boolean"}},
        "required": ["text"],
        "additionalProperties": False,
    },
}


def _union_members(shape: ins.Shape) -> tuple[type, ...]:
    if shape.kind == "union":
        return shape.of
    if shape.kind in ("list", "optional"):
        return _union_members(shape.of)
    return ()


def _class(cls: type, in_unions: set[type]) -> dict[str, Any]:
    properties: dict[str, Any] = {}
    if cls in in_unions:
        names = [ins.tag(cls), *ins.TAG_ALIASES.get(cls, ())]
        if cls is m.TaskTable:  # older files: a table of task rows is a task table
            names += ["table", *ins.TAG_ALIASES[m.Table]]
        properties[ins.TAG_KEY] = {"enum": names, "description": f"Loại khối: {ins.term(cls)}"}
    required = []
    for f in ins.fields(cls):
        schema = _shape(f.shape, f)
        if f.doc:
            schema["description"] = f.doc
        if f.required:
            required.append(f.name)
        else:
            default = _default(f)
            if default is not None:
                schema["default"] = default
        properties[f.name] = schema
    out: dict[str, Any] = {"type": "object", "title": ins.term(cls),
                           "description": ins.description(cls), "properties": properties,
                           "additionalProperties": False}
    if required:
        out["required"] = required
    return out


def _with_form(cls: type, schema: dict[str, Any]) -> dict[str, Any]:
    form = FORMS.get(cls)
    if form is None:
        return schema
    short = {**form.schema, "description": f"Viết gọn: {form.hint}"}
    return {"title": schema["title"], "description": schema["description"],
            "anyOf": [short, schema]}


def _shape(shape: ins.Shape, field: ins.Field | None = None) -> dict[str, Any]:
    kind = shape.kind
    if kind == "optional":
        return {"anyOf": [_shape(shape.of, field), {"type": "null"}]}
    if kind == "list":
        out: dict[str, Any] = {"type": "array", "items": _shape(shape.of)}
        if field is not None and field.required:
            out["minItems"] = 1
        return out
    if kind == "union":
        # "required" holds for mappings only: a short form (a paragraph as text) still passes.
        return {"anyOf": [{"allOf": [{"$ref": f"#/$defs/{c.__name__}"},
                                     {"required": [ins.TAG_KEY]}]} for c in shape.of]}
    if kind == "class":
        return {"$ref": f"#/$defs/{shape.of.__name__}"}
    if kind == "enum":
        return {"enum": [member.value for member in shape.of]}
    if kind == "text":
        if field is not None and field.attribute.metadata.get("blank_allowed"):
            return {"type": "string"}  # a row with no number: ``number: ""``
        return {"type": "string", "pattern": r"\S"}
    if kind == "rich":
        return {"$ref": "#/$defs/RichText"}
    if kind == "date":
        return {"type": "string", "pattern": DATE_PATTERN, "description": DATE_HINT}
    if kind in ("int", "float"):
        out = {"type": "integer" if kind == "int" else "number"}
        validator = field.attribute.validator if field else None
        bounds = getattr(validator, "bounds", None)
        ranges = getattr(validator, "ranges", None)  # a validator shared by several fields
        if ranges and field.name in ranges:
            bounds = ranges[field.name]
        if bounds:
            low, high = bounds
            out["minimum"] = low
            if high is not None:
                out["maximum"] = high
        exclusive = getattr(validator, "exclusive_bounds", None)  # 0 < width <= 100
        if exclusive:
            out["exclusiveMinimum"], out["maximum"] = exclusive
        if kind == "float":  # ``1,2`` with a decimal comma, which YAML reads as text
            return {"anyOf": [out, {"type": "string", "pattern": DECIMAL_PATTERN}]}
        return out
    return {"type": "boolean"}


def _default(f: ins.Field) -> Any:
    """The default of a field as the file writes it, when it is plain (text, number, list)."""
    try:
        value = unstructure_value(f.default, f.shape)
        json.dumps(value)
    except (TypeError, ValueError):
        return None
    return None if isinstance(value, dict) or value is None else value
