"""What the data layer knows of the model, read from attrs fields and type hints.

Loading, dumping and the JSON Schema all walk the model through this module, so the three
agree by construction: a field added to the model is at once a key of the data file, a
property of the schema and a value the dumper writes.

A type hint is reduced to a :class:`Shape`: text, rich text (running text that may carry
emphasis and footnotes, ``str | RichText``), integer, date, an enum, an attrs class, a list of
something, an optional something, or a tagged union of attrs classes (the body blocks, told
apart by their ``type`` key).
"""

from __future__ import annotations

import ast
import datetime as _dt
import enum
import inspect
import re
import textwrap
import types
import typing
from functools import cache
from typing import Any

import attrs

from kehoach import model as m

#: The key that names the kind of a block in a list of mixed blocks (``type: criterion``).
TAG_KEY = "type"

#: Short tags for classes whose snake_case name is long; other classes use their snake_case.
_TAGS: dict[type, str] = {m.CriterionSolution: "criterion"}

#: Other names a data file may give a block's ``type``: the Vietnamese terms clerks use (read
#: without regard to case or diacritics, ``diem`` as ``điểm``), and older tags.
TAG_ALIASES: dict[type, tuple[str, ...]] = {
    m.Paragraph: ("đoạn văn", "đoạn"),
    m.Bullet: ("gạch đầu dòng", "gạch"),
    m.Point: ("điểm",),
    m.Numbered: ("mục liệt kê", "liệt kê"),
    m.Item: ("khoản", "tiểu mục"),
    m.Objectives: ("mục tiêu",),
    m.CriterionSolution: ("tiêu chí", "giải pháp tiêu chí"),
    m.TaskTable: ("bảng nhiệm vụ", "bảng phân công", "bảng phân công nhiệm vụ"),
    m.Table: ("bảng",),
}

#: Words with the meaning of a tag, offered as a suggestion (never read as that tag).
TAG_MEANINGS: dict[type, tuple[str, ...]] = {
    m.Paragraph: ("text", "para", "paragraf", "văn bản", "nội dung", "câu"),
    m.Bullet: ("dash", "list", "list item", "gạch ngang", "dấu gạch", "dòng", "ý"),
    m.Point: ("letter", "chữ cái", "a)", "mục nhỏ", "tiết"),
    m.Numbered: ("number", "enumerate", "ordered", "đánh số", "số thứ tự"),
    m.Item: ("section", "clause", "heading", "subsection", "mục con", "đề mục", "tiêu đề"),
    m.Objectives: ("goals", "objective", "mục đích"),
    m.CriterionSolution: ("solution", "giải pháp"),
    m.TaskTable: ("tasks", "task", "nhiệm vụ", "phân công"),
    m.Table: ("grid", "tabular", "biểu", "biểu mẫu", "bảng biểu", "bảng số liệu"),
}

#: Key order in a written file where it differs from the model's: the order of the document.
_KEY_ORDER: dict[type, tuple[str, ...]] = {
    m.Plan: ("issuer", "number", "date", "title", "criteria_set", "layout", "legal_bases",
             "opening", "part_numbering", "headings", "parts", "closing", "signer",
             "recipients", "archive", "drafter", "appendices"),
    m.Point: ("title", "run_in", "lead_in", "text", "children"),
    m.Numbered: ("lead_in", "text", "children"),
    m.Bullet: ("lead_in", "text", "children"),
    m.Item: ("title", "run_in", "text", "children"),
    m.Table: ("landscape", "numbered", "number_header", "number_by_group", "columns", "rows"),
    m.Column: ("header", "group", "width", "align"),
}


@attrs.frozen
class Shape:
    """Hình dạng dữ liệu: what one type hint asks of a value in the file.

    ``kind`` is one of ``text``, ``rich``, ``int``, ``float``, ``bool``, ``date``, ``enum``,
    ``class``, ``list``, ``optional``, ``union``. ``of`` is the enum or attrs class (``enum``, ``class``),
    the inner shape (``list``, ``optional``) or the tuple of classes (``union``).
    """

    kind: str
    of: Any = None


_SCALARS: dict[Any, str] = {str: "text", int: "int", float: "float", bool: "bool",
                            _dt.date: "date"}


@cache
def shape(hint: Any) -> Shape:
    """The shape of a resolved type hint; ``TypeError`` for a hint the data layer cannot hold."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = typing.get_args(hint)
        if type(None) in args:
            rest = tuple(a for a in args if a is not type(None))
            inner = rest[0] if len(rest) == 1 else typing.Union[rest]  # noqa: UP007
            return Shape("optional", shape(inner))
        if set(args) == {str, m.RichText}:
            return Shape("rich")
        if all(attrs.has(a) for a in args):
            return Shape("union", args)
        raise TypeError(f"unsupported union {hint!r}: only attrs classes can be mixed")
    if origin in (tuple, list):
        args = typing.get_args(hint)
        if origin is tuple and (len(args) != 2 or args[1] is not Ellipsis):
            raise TypeError(f"unsupported tuple {hint!r}: use tuple[X, ...]")
        return Shape("list", shape(args[0]))
    if hint in _SCALARS:
        return Shape(_SCALARS[hint])
    if isinstance(hint, type) and issubclass(hint, enum.Enum):
        return Shape("enum", hint)
    if attrs.has(hint):
        return Shape("class", hint)
    raise TypeError(f"unsupported type {hint!r}")


@attrs.frozen
class Field:
    """Một khóa của tệp dữ liệu: one field of an attrs class, as the data file sees it."""

    name: str
    shape: Shape
    required: bool
    default: Any
    """The default value (a factory already called); ``attrs.NOTHING`` when required."""
    attribute: attrs.Attribute
    owner: type
    """The attrs class the field belongs to."""

    @property
    def doc(self) -> str | None:
        """The field's docstring (the string under it in the class), or ``None``.

        Read from the source only when asked (the schema, an error message): parsing the
        model's source costs a command that only loads a file about 0.1 s.
        """
        return field_docs(self.owner).get(self.name)


@cache
def fields(cls: type) -> tuple[Field, ...]:
    """The fields of ``cls`` in the order a file writes them."""
    hints = typing.get_type_hints(cls)
    out = []
    for a in attrs.fields(cls):
        if not a.init:
            continue
        default = a.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = attrs.NOTHING if default.takes_self else default.factory()
        out.append(Field(a.name, shape(hints[a.name]), default is attrs.NOTHING, default, a,
                         cls))
    order = next((_KEY_ORDER[c] for c in cls.__mro__ if c in _KEY_ORDER), ())
    out.sort(key=lambda f: order.index(f.name) if f.name in order else len(order))
    return tuple(out)


@cache
def field_map(cls: type) -> dict[str, Field]:
    return {f.name: f for f in fields(cls)}


def tag(cls: type) -> str:
    """The ``type`` of a block in the file: ``criterion``, ``item``, ``paragraph`` …"""
    return _TAGS.get(cls) or re.sub(r"(?<!^)(?=[A-Z])", "_", cls.__name__).lower()


def renamed_keys(cls: type) -> dict[str, str]:
    """Old key → new key of the fields ``cls`` renamed (still read, with a warning)."""
    return getattr(cls, "__kehoach_renamed__", {})


def term(cls: type) -> str:
    """The Vietnamese term of a class, from its docstring: ``Cơ quan ban hành``, ``Khoản``."""
    first = (inspect.getdoc(cls) or cls.__name__).strip().splitlines()[0]
    return re.split(r":| \(", first, maxsplit=1)[0].strip()


def description(cls: type) -> str:
    """The first paragraph of a class's docstring, on one line."""
    doc = inspect.getdoc(cls) or ""
    return " ".join(doc.split("\n\n")[0].split())


@cache
def field_docs(cls: type) -> dict[str, str]:
    """The description of each field of ``cls``: its ``metadata["doc"]``
    (:func:`kehoach.model.fields.field_doc`), else its attribute docstring (the string under a
    field, read from the source of a class outside kehoach)."""
    docs = {a.name: a.metadata["doc"] for a in attrs.fields(cls) if "doc" in a.metadata}
    if len(docs) == len([a for a in attrs.fields(cls) if a.init]):
        return docs
    return {**_source_docs(cls), **docs}


def _source_docs(cls: type) -> dict[str, str]:
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError, SyntaxError):  # no source (a frozen app): no descriptions
        return {}
    body = tree.body[0].body if tree.body and isinstance(tree.body[0], ast.ClassDef) else []
    docs = {}
    for node, after in zip(body, body[1:]):
        if (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)
                and isinstance(after, ast.Expr) and isinstance(after.value, ast.Constant)
                and isinstance(after.value.value, str)):
            docs[node.target.id] = " ".join(after.value.value.split())
    return docs


def classes(root: type) -> list[type]:
    """Every attrs class reachable from ``root``, ``root`` first, each once."""
    seen: list[type] = []

    def visit(s: Shape) -> None:
        if s.kind == "class":
            add(s.of)
        elif s.kind == "union":
            for c in s.of:
                add(c)
        elif s.kind in ("list", "optional"):
            visit(s.of)

    def add(cls: type) -> None:
        if cls in seen:
            return
        seen.append(cls)
        for f in fields(cls):
            visit(f.shape)

    add(root)
    return seen
