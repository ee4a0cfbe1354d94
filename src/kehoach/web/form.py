"""Biểu mẫu kế hoạch: the plan form, drawn from the model.

Nothing here is written for one class or one field: every step walks the shapes of
:mod:`kehoach.data.introspect`, so a field or a block type added to the model appears in the
form, is read back from it and is validated with no change in this module.

*Form data* is a plan file's data in its long forms: every object a mapping (a paragraph
``{type: paragraph, text: …}``, an authority ``{mark: TM, of: …}``), dates as text
(``08/03/2022``), enums by value. Four steps use it:

* :func:`from_file_data` / :func:`from_plan` — what the page shows for a file or a plan;
* :func:`build` — form data → a tree of :class:`Node` the template draws; every input is
  named by its path in the data (``parts[0].children[2].title``), the path a
  :class:`~kehoach.data.Problem` names, so each problem lands beside its field;
* :func:`from_pairs` — the ``(name, value)`` pairs a browser posts → form data;
* :func:`apply` — add, remove, move a list item (``add|parts[0].children|item``).

:func:`validate` turns form data into a plan with :func:`kehoach.data.from_data`, the same
reading the command line does, so the messages are the command line's.
"""

from __future__ import annotations

import datetime as _dt
import enum
import functools
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

import attrs

from kehoach import registry
from kehoach.data import DEFAULT_TYPE, TOP_KEYS, PlanFileError, Problem, format_path, from_data
from kehoach.data import introspect as ins
from kehoach.data.forms import FORMS, FormError, describe
from kehoach.data.problems import parse_path
from kehoach.layout.profile import is_house_width
from kehoach.web import labels

Path = tuple[str | int, ...]

#: Marks an object or a list in the posted form even when it holds no input (an empty list).
MARK = "$"
#: A value left out of the data (the field keeps its default).
_OMIT: Any = type("Omit", (), {"__repr__": lambda self: "OMIT"})()

#: Fields whose text is one short line: an ``<input>``; other text gets a growing ``<textarea>``.
SHORT_TEXT = frozenset({
    "name", "place", "code", "type_code", "kind", "number", "issuer", "mark", "of", "note",
    "when", "scope", "lead_label", "coordinator_label", "general_title", "specific_title",
    "criteria_set", "honorific", "verb",
})


# --------------------------------------------------------------------------------------------
# Plan types


def model_of(type_name: str | None) -> type:
    """The plan class of a plan type; ``KeyError`` for a type that is not registered."""
    return registry.get(type_name or DEFAULT_TYPE).model


@functools.lru_cache(maxsize=None)
def _tag(cls: type) -> str:
    return ins.tag(cls)


@functools.lru_cache(maxsize=256)
def tag_classes(shape: ins.Shape) -> dict[str, type]:
    """The block classes of a union by their tag (the same dict each time: do not change it)."""
    return {_tag(c): c for c in shape.of}


# --------------------------------------------------------------------------------------------
# File data → form data


def from_plan(plan: object) -> dict[str, Any]:
    """The form data of a valid plan."""
    from kehoach.data import to_data

    data, _ = from_file_data(to_data(plan, short=False), type(plan))
    return data


def from_file_data(data: object, model: type) -> tuple[dict[str, Any], list[Problem]]:
    """The form data of a file's data, and what the form cannot hold (each as a problem).

    A file with mistakes still opens: a wrong value stays as text for its field to explain;
    only what has no field (an unknown key, a block without a type) is reported here.
    """
    lost: list[Problem] = []
    if not isinstance(data, Mapping):
        lost.append(Problem((), f"nội dung tệp phải là các dòng 'khóa: giá trị', nhận được "
                                f"{describe(data)}"))
        return {}, lost
    out = _fields(data, model, (), lost, top=True)
    return out, lost


def _lose(lost: list[Problem], path: Path, what: str) -> None:
    lost.append(Problem(path, f"{what}; biểu mẫu không có chỗ cho giá trị này, sửa tệp bằng "
                              "trình soạn thảo nếu cần giữ nó"))


def _fields(data: Mapping, cls: type, path: Path, lost: list[Problem], *,
            top: bool = False, tagged: bool = False) -> dict[str, Any]:
    known = ins.field_map(cls)
    renamed = ins.renamed_keys(cls) if hasattr(ins, "renamed_keys") else {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        key = renamed.get(key, key)  # an older name of the field (lead → lead_in)
        if key in known:
            out[key] = _value(value, known[key].shape, (*path, key), lost)
        elif top and key in TOP_KEYS:
            out[key] = str(value)
        elif not (tagged and key == ins.TAG_KEY):
            _lose(lost, (*path, str(key)), f"không có khóa '{key}' trong {ins.term(cls)}")
    return out


def _value(value: Any, shape: ins.Shape, path: Path, lost: list[Problem]) -> Any:
    kind = shape.kind
    if kind == "optional":
        return None if value is None else _value(value, shape.of, path, lost)
    if value is None:
        return None
    if kind == "list":
        if not isinstance(value, (list, tuple)):
            _lose(lost, path, f"phải là một danh sách, nhận được {describe(value)}")
            return []
        items = [_value(v, shape.of, (*path, i), lost) for i, v in enumerate(value)]
        return [v for v in items if v is not _OMIT]
    if kind == "union":
        return _block(value, shape, path, lost)
    if kind == "class":
        return _object(value, shape.of, path, lost)
    if kind == "date":
        if isinstance(value, _dt.date) and not isinstance(value, _dt.datetime):
            return f"{value.day:02d}/{value.month:02d}/{value.year}"
        return _text(value)
    if kind == "enum":
        return value.value if isinstance(value, enum.Enum) else _enum_value(value, shape.of)
    if kind in ("int", "float", "bool"):
        return value if isinstance(value, (int, float, bool)) else _text(value)
    if kind == "rich" and not isinstance(value, (str, Mapping, list)):
        return _text(value)  # a RichText object: its markup
    if isinstance(value, (Mapping, list)):
        _lose(lost, path, f"phải là văn bản, nhận được {describe(value)}")
        return _OMIT
    return _text(value)


def _text(value: Any) -> str:
    if isinstance(value, _dt.date):
        return value.isoformat()
    return str(value)


def _enum_value(value: Any, cls: type[enum.Enum]) -> str:
    """The member's value for a value a file may write (``ông``, ``TM.``), else the text."""
    text = str(value)
    key = text.strip().rstrip(".").casefold()
    for member in cls:
        if key in (str(member.value).casefold(), member.name.casefold()):
            return str(member.value)
    return text


def _object(value: Any, cls: type, path: Path, lost: list[Problem], *,
            tagged: bool = False) -> Any:
    if isinstance(value, Mapping):
        return _fields(value, cls, path, lost, tagged=tagged)
    form = FORMS.get(cls)
    if form is not None:
        try:
            return _fields(form.read(value), cls, path, lost)
        except FormError:
            pass
    if isinstance(value, (list, tuple)):
        _lose(lost, path, f"phải là một nhóm khóa: giá trị ({ins.term(cls)}), nhận được "
                          f"{describe(value)}")
        return {}
    # A value the form cannot split into fields (``31/2/2024``, ``TN. Ủy ban nhân dân``) stays
    # as the clerk wrote it, in one field, where the command line's message explains it.
    return _raw_text(value)


def _raw_text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return _text(value)


@functools.lru_cache(maxsize=512)
def _fold(text: str) -> str:
    """Without case or diacritics (``Khoản`` → ``khoan``), as data files' tags are read."""
    decomposed = unicodedata.normalize("NFD", text.strip().casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _tagged(name: str, shape: ins.Shape) -> type | None:
    """The block class a file's ``type`` names: its tag or a Vietnamese alias (``khoản``)."""
    aliases = getattr(ins, "TAG_ALIASES", {})
    for cls in shape.of:
        if _fold(name) in {_fold(_tag(cls)), *map(_fold, aliases.get(cls, ()))}:
            return cls
    return None


def _block(value: Any, shape: ins.Shape, path: Path, lost: list[Problem]) -> Any:
    tags = tag_classes(shape)
    if isinstance(value, Mapping):
        name = value.get(ins.TAG_KEY)
        cls = _tagged(name, shape) if isinstance(name, str) else None
        if cls is None:
            _lose(lost, path, f"khối không rõ loại (type: {name!r}); chọn một trong: "
                              f"{', '.join(tags)}")
            return _OMIT
        return {ins.TAG_KEY: _tag(cls), **_object(value, cls, path, lost, tagged=True)}
    for cls in shape.of:  # a short form: a paragraph written as its text
        form = FORMS.get(cls)
        if form is not None:
            try:
                mapping = form.read(value)
            except FormError:
                continue
            return {ins.TAG_KEY: _tag(cls), **_fields(mapping, cls, path, lost)}
    _lose(lost, path, f"phải là một khối ('type: …'), nhận được {describe(value)}")
    return _OMIT


# --------------------------------------------------------------------------------------------
# New plans


def skeleton(cls: type) -> dict[str, Any]:
    """Form data of an empty ``cls``: its required fields, blank (a required list gets one)."""
    return {f.name: _skeleton(f.shape) for f in ins.fields(cls) if f.required}


def _skeleton(shape: ins.Shape) -> Any:
    kind = shape.kind
    if kind == "list":
        return [_skeleton(shape.of)]
    if kind == "union":
        first = shape.of[0]
        return {ins.TAG_KEY: _tag(first), **skeleton(first)}
    if kind == "class":
        return skeleton(shape.of)
    if kind in ("text", "rich"):
        return ""
    return None


def blank(type_name: str, today: _dt.date | None = None) -> dict[str, Any]:
    """Form data of a new plan of ``type_name``: required fields blank, this year's draft date,
    the criteria set that covers this year."""
    from kehoach.model import catalogues

    today = today or _dt.date.today()
    model = model_of(type_name)
    data: dict[str, Any] = {}
    if type_name != DEFAULT_TYPE:
        data["type"] = type_name
    data.update(skeleton(model))
    known = ins.field_map(model)
    if "date" in known and known["date"].shape.kind == "class":
        data["date"] = {"year": today.year}
    if "criteria_set" in known:  # the newest set in force today
        sets = list(catalogues.catalogues().values())
        applies = [c for c in sets if getattr(c, "applies_to", None) and c.applies_to(today)] \
            or [c for c in sets if c.covers(today.year)]
        data["criteria_set"] = applies[-1].id if applies else ""
    return data


# --------------------------------------------------------------------------------------------
# Posted pairs → form data


def from_pairs(pairs: Iterable[tuple[str, str]], model: type) -> dict[str, Any]:
    """Form data from what a browser posts. Names not of the data (``_action``, a token) are
    skipped; a name that is no path of ``model`` is ignored, never trusted."""
    tree: dict[Any, Any] = {}
    for name, value in pairs:
        if not name or name.startswith("_") or name == "csrf_token":
            continue
        path = parse_path(name)
        if not path or format_path(path) != name:
            continue
        # A browser sends a textarea's line breaks as CRLF (HTML's form submission); the
        # clerk typed line breaks.
        _put(tree, path, value.replace("\r\n", "\n"))
    out = {key: str(tree[key]) for key in TOP_KEYS if isinstance(tree.get(key), str)}
    out.update(_coerce_fields(tree, model))
    return out


def _put(tree: dict, path: Path, value: str) -> None:
    node = tree
    for seg in path[:-1]:
        child = node.get(seg)
        if not isinstance(child, dict):
            child = node[seg] = {}
        node = child
    last = path[-1]
    if last == MARK:
        return
    if isinstance(node.get(last), dict):  # a scalar posted where an object is: keep the object
        return
    node[last] = value


def _coerce_fields(tree: Any, cls: type) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if not isinstance(tree, dict):
        return out
    for f in ins.fields(cls):
        if f.name not in tree:
            continue
        value = _coerce(tree[f.name], f.shape, f.required)
        # A layout's column width shown at its house value is left to the profile, which
        # fits it to the margins (a value typed in is the author's, and is checked as such).
        if value is not _OMIT and not (is_house_width(f.default) and value == f.default):
            out[f.name] = value
    return out


_INT = re.compile(r"^\s*[+-]?\d+\s*$")


def _coerce(raw: Any, shape: ins.Shape, required: bool) -> Any:
    kind = shape.kind
    if kind == "optional":
        if raw == "" or raw is None:
            return _OMIT
        return _coerce(raw, shape.of, required)
    if kind == "list":
        if not isinstance(raw, dict):
            return []
        items = [raw[k] for k in sorted(k for k in raw if isinstance(k, int))]
        out = [_coerce(v, shape.of, True) for v in items]
        return [v for v in out if v is not _OMIT]
    if kind == "union":
        if not isinstance(raw, dict):
            return _OMIT
        tags = tag_classes(shape)
        name = raw.get(ins.TAG_KEY)
        if name not in tags:
            return _OMIT
        return {ins.TAG_KEY: name, **_coerce_fields(raw, tags[name])}
    if kind == "class":
        if isinstance(raw, str):  # a value kept as written (see _object); empty: the fields
            return raw if raw.strip() else {}
        return _coerce_fields(raw, shape.of)
    if not isinstance(raw, str):
        return _OMIT
    if kind in ("text", "rich"):
        return raw if raw or required else _OMIT
    if raw.strip() == "":
        return None if required else _OMIT
    if kind == "int":
        try:
            return int(raw) if _INT.match(raw) else raw
        except ValueError:  # more digits than Python reads (4,300): the check says it is wrong
            return raw
    if kind == "float":
        try:
            return float(raw.replace(",", "."))
        except ValueError:
            return raw
    if kind == "bool":
        return raw == "true"
    return raw  # a date or an enum value, read by kehoach.data


# --------------------------------------------------------------------------------------------
# Validation


def validate(data: Mapping[str, Any]) -> tuple[object | None, list[Problem]]:
    """The plan of form data, or the problems the command line would report for it."""
    try:
        return from_data(dict(data)), []
    except PlanFileError as error:
        return None, list(error.problems)


# --------------------------------------------------------------------------------------------
# Operations: add, remove, move


def shape_at(model: type, data: Any, path: Path) -> ins.Shape | None:
    """The shape of the value at ``path`` of form data (a union item's shape is its class)."""
    shape = ins.Shape("class", model)
    value = data
    for seg in path:
        while shape.kind == "optional":
            shape = shape.of
        if shape.kind == "union":
            tags = tag_classes(shape)
            name = value.get(ins.TAG_KEY) if isinstance(value, Mapping) else None
            if name not in tags:
                return None
            shape = ins.Shape("class", tags[name])
        if isinstance(seg, int):
            if shape.kind != "list" or not isinstance(value, list) or not 0 <= seg < len(value):
                return None
            shape, value = shape.of, value[seg]
        else:
            if shape.kind != "class" or seg not in ins.field_map(shape.of):
                return None
            shape = ins.field_map(shape.of)[seg].shape
            value = value.get(seg) if isinstance(value, Mapping) else None
    return shape


def _get(data: Any, path: Path) -> Any:
    for seg in path:
        data = data[seg]
    return data


def apply(data: dict[str, Any], op: str, model: type, picks: Iterable[str] = ()
          ) -> Path | None:
    """Carry out ``op`` on form data in place; the path to focus afterwards, or ``None``.

    ``add|PATH|TAG`` appends an empty item (a block of kind ``TAG``) to the list at ``PATH``;
    ``del|PATH``, ``up|PATH``, ``down|PATH`` remove or move a list item; ``set|PATH`` fills an
    absent optional object, ``unset|PATH`` removes it; ``pick|PATH`` appends a criterion
    solution for each criterion number in ``picks``. An operation on a path that is not in
    the data, or not of the right kind, does nothing.
    """
    verb, _, rest = op.partition("|")
    where, _, arg = rest.partition("|")
    path = parse_path(where)
    if format_path(path) != where:
        return None
    try:
        if verb == "add":
            return _add(data, model, path, arg)
        if verb == "pick":
            return _pick(data, model, path, picks)
        if verb in ("del", "up", "down") and path and isinstance(path[-1], int):
            items = _get(data, path[:-1])
            i = path[-1]
            if not isinstance(items, list) or not 0 <= i < len(items):
                return None
            if verb == "del":
                del items[i]
                return (*path[:-1], i - 1) if i > 0 else path[:-1]
            j = i - 1 if verb == "up" else i + 1
            if not 0 <= j < len(items):
                return path
            items[i], items[j] = items[j], items[i]
            return (*path[:-1], j)
        if verb in ("set", "unset") and path and isinstance(path[-1], str):
            parent = _get(data, path[:-1])
            shape = shape_at(model, data, path[:-1])
            if not isinstance(parent, dict) or shape is None:
                return None
            while shape.kind == "optional":
                shape = shape.of
            if shape.kind == "union":
                shape = ins.Shape("class", tag_classes(shape).get(parent.get(ins.TAG_KEY)))
            field = ins.field_map(shape.of).get(path[-1]) if shape.kind == "class" else None
            if field is None or field.shape.kind != "optional":
                return None
            if verb == "unset":
                parent.pop(path[-1], None)
                return path[:-1]
            parent[path[-1]] = _skeleton(field.shape.of)
            return path
    except (KeyError, IndexError, TypeError):
        return None
    return None


def _list_at(data: dict, model: type, path: Path) -> tuple[list | None, ins.Shape | None]:
    """The list at ``path`` (created when its key is absent) and its item shape."""
    if not path or not isinstance(path[-1], str):
        return None, None
    shape = shape_at(model, data, path)
    while shape is not None and shape.kind == "optional":
        shape = shape.of
    if shape is None or shape.kind != "list":
        return None, None
    parent = _get(data, path[:-1])
    if not isinstance(parent, dict):
        return None, None
    items = parent.get(path[-1])
    return (items if isinstance(items, list) else None), shape.of


def _append(data: dict, path: Path, item: Any) -> Path:
    parent = _get(data, path[:-1])
    if not isinstance(parent.get(path[-1]), list):
        parent[path[-1]] = []
    parent[path[-1]].append(item)
    return (*path, len(parent[path[-1]]) - 1)


def _add(data: dict, model: type, path: Path, tag: str) -> Path | None:
    """Append an empty item to the list at ``path`` (a block of kind ``tag``)."""
    _, item = _list_at(data, model, path)
    if item is None:
        return None
    if item.kind == "union":
        cls = tag_classes(item).get(tag)
        if cls is None:
            return None
        return _append(data, path, {ins.TAG_KEY: tag, **skeleton(cls)})
    return _append(data, path, _skeleton(item))


def _pick(data: dict, model: type, path: Path, picks: Iterable[str]) -> Path | None:
    catalogue = catalogue_of(data)
    _, item = _list_at(data, model, path)
    if item is None or catalogue is None or item.kind != "union":
        return None
    criterion = criterion_class(item)
    if criterion is None:
        return None
    wanted = {int(p) for p in picks if str(p).isdigit()}
    first = None
    for c in catalogue.criteria:
        if c.number in wanted:
            added = _append(data, path, {ins.TAG_KEY: _tag(criterion), **skeleton(criterion),
                                         "number": c.number, "name": c.name})
            first = first or added
    return first


# --------------------------------------------------------------------------------------------
# Catalogues (the criteria sets a plan's solutions follow)


def catalogue_of(data: Mapping[str, Any]) -> Any:
    """The criteria set the form data names in ``criteria_set``, or ``None``."""
    from kehoach.model import catalogues

    name = data.get("criteria_set") if isinstance(data, Mapping) else None
    try:
        return catalogues.get(name) if isinstance(name, str) and name else None
    except KeyError:
        return None


def criterion_class(shape: ins.Shape) -> type | None:
    """The block class of a union that solves one criterion of a set (has a ``number`` and an
    ``actions``), if any."""
    for cls in shape.of:
        names = ins.field_map(cls)
        if "number" in names and "actions" in names:
            return cls
    return None


# --------------------------------------------------------------------------------------------
# The node tree the template draws


@attrs.define(slots=False)
class Node:
    """Một ô của biểu mẫu: one field, group of fields or list, at ``path`` in the data.

    ``kind`` is ``text``, ``longtext``, ``int``, ``float``, ``bool``, ``date``, ``choice`` (a
    drop-down list: enums, criteria sets, criteria), ``group`` (an object), ``list`` or
    ``absent`` (an optional object not given; its button adds it).
    """

    kind: str
    path: Path
    label: str
    value: str = ""
    hint: str = ""
    required: bool = False
    choices: list[tuple[str, str]] = attrs.Factory(list)
    children: list[Node] = attrs.Factory(list)
    advanced: list[Node] = attrs.Factory(list)
    adds: list[tuple[str, str]] = attrs.Factory(list)
    """For a list: ``(tag, label)`` of what it can add (tag ``""`` for a plain list); for a
    list of blocks, the kinds a drop-down list offers, ``value`` being the one preselected
    (the kind of the last block)."""
    item: bool = False
    """A list item: it has buttons to move it up or down and to remove it."""
    index: int = 0
    """A list item's place in its list, from 1."""
    badge: bool = True
    """Whether the item's place is shown beside its label (not when the label numbers it)."""
    first: bool = False
    last: bool = False
    tag: str = ""
    """A block's kind (``item``, ``paragraph`` …), posted back as its ``type``."""
    removable: bool = False
    """An optional object that may be removed (``unset``)."""
    picker: list[tuple[int, str, bool]] = attrs.Factory(list)
    """For a list of blocks under a criteria set: ``(number, name, already there)``."""
    catalogue: str = ""
    data: dict[str, str] = attrs.Factory(dict)
    """Extra ``data-`` attributes of the input."""
    autofocus: bool = False
    raw: bool = False
    """An object's value kept as the file wrote it, which the form cannot split into its
    fields (``31/2/2024`` for a date of issue): one text field."""
    name: str = attrs.field(init=False, default="")
    """The input's name: its path (``parts[0].title``)."""
    id: str = attrs.field(init=False, default="")
    """The input's HTML id (``f-parts-0-title``)."""
    problem_id: str = attrs.field(init=False, default="")
    """The id of the slot of its problems (``p-parts-0-title``)."""

    def __attrs_post_init__(self) -> None:
        # Read several times for each of hundreds of fields: computed once, here.
        self.name = _name(self.path)
        self.id = field_id(self.path)
        self.problem_id = "p" + self.id[1:]


@functools.lru_cache(maxsize=1 << 16)
def _name(path: Path) -> str:
    """:func:`kehoach.data.format_path`, built from the parent's name (paths repeat from one
    request to the next, and every field's parent is drawn first)."""
    if not path:
        return ""
    parent, seg = _name(path[:-1]), path[-1]
    if isinstance(seg, int):
        return f"{parent}[{seg}]"
    return f"{parent}.{seg}" if parent else str(seg)


@functools.lru_cache(maxsize=1 << 16)
def field_id(path: Path) -> str:
    """The HTML id of the input at ``path``: ``parts[0].title`` → ``f-parts-0-title``."""
    if not path:
        return "f-plan"
    parent = field_id(path[:-1]) if len(path) > 1 else "f"
    return f"{parent}-{path[-1]}"


def op_value(verb: str, path: Path, arg: str = "") -> str:
    return f"{verb}|{_name(tuple(path))}" + (f"|{arg}" if arg else "")


class Builder:
    """Builds the :class:`Node` tree of form data; remembers each path's label."""

    def __init__(self, data: Mapping[str, Any], model: type, focus: Path | None = None,
                 only: set[Path] | None = None) -> None:
        self.data = data
        self.model = model
        self.catalogue = catalogue_of(data)
        self.focus = focus
        self.labels: dict[Path, str] = {}
        self.only = only
        """Build only the nodes at these paths (and the root): enough to place problems."""

    def build(self) -> Node:
        root = self.group(self.model, self.data, (), labels.of_class(self.model))
        if self.focus is not None:
            self._focus(root, tuple(self.focus))
        return root

    def _focus(self, root: Node, path: Path) -> None:
        """Put ``autofocus`` on the first input at or under ``path``."""
        target = self._find(root, path)
        if target is None:
            return
        stack = [target]
        while stack:
            node = stack.pop(0)
            if node.kind not in ("group", "list", "absent"):
                node.autofocus = True
                return
            stack[:0] = [*node.children, *node.advanced]
        target.autofocus = True  # an empty group or list: its own buttons take the focus

    def _find(self, node: Node, path: Path) -> Node | None:
        if node.path == path:
            return node
        for child in (*node.children, *node.advanced):
            if path[:len(child.path)] == child.path:
                return self._find(child, path)
        return None

    # ---------------------------------------------------------------------------------

    def group(self, cls: type, data: Any, path: Path, label: str, **kwargs: Any) -> Node:
        data = data if isinstance(data, Mapping) else {}
        node = Node("group", path, label, **kwargs)
        self.labels[path] = label
        for f in ins.fields(cls):
            if self.only is not None and (*path, f.name) not in self.only:
                continue
            value = data[f.name] if f.name in data else _default(f)
            child = self.field(cls, f, value, (*path, f.name))
            if _advanced(f, value):
                node.advanced.append(child)
            else:
                node.children.append(child)
        if node.advanced and not node.children:  # nothing else to show: show them
            node.children, node.advanced = node.advanced, []
        return node

    def field(self, owner: type, f: ins.Field, value: Any, path: Path) -> Node:
        label, hint = labels.field(owner, f)
        node = self.value(f.shape, value, path, label, required=f.required, owner=owner,
                          key=f.name)
        if hint and not node.hint:
            node.hint = hint
        return node

    def value(self, shape: ins.Shape, value: Any, path: Path, label: str, *,
              required: bool, owner: type | None = None, key: str = "") -> Node:
        self.labels[path] = label
        kind = shape.kind
        if kind == "optional":
            inner = shape.of
            if inner.kind == "bool":  # unset, yes or no: a check box cannot say "unset"
                return self.choice(path, label, "" if value is None else _shown(value), False,
                                   [("true", "có"), ("false", "không")], unset="(tự động)")
            if inner.kind in ("class", "union") and value is None:
                node = Node("absent", path, label)
                node.adds = [("", labels.add_label(inner.of) if inner.kind == "class" else label)]
                return node
            node = self.value(inner, value, path, label, required=False, owner=owner, key=key)
            if inner.kind in ("class", "union"):
                node.removable = True
            return node
        if kind == "list":
            return self.list(shape, value, path, label, key)
        if kind == "union":
            value = value if isinstance(value, Mapping) else {}
            cls = tag_classes(shape).get(value.get(ins.TAG_KEY), shape.of[0])
            return self.group(cls, value, path, label, tag=_tag(cls))
        if kind == "class":
            if value is not None and not isinstance(value, Mapping):
                return self.raw(shape.of, value, path, label, required)
            return self.group(shape.of, value, path, label)
        text = "" if value is None else _shown(value)
        if kind == "enum":
            return self.choice(path, label, text, required,
                               [(str(m.value), labels.choice(m)) for m in shape.of])
        if key == "criteria_set" and kind == "text":
            from kehoach.model import catalogues

            options = [(c.id, f"{c.name} ({c.first_year}–{c.last_year})")
                       for c in catalogues.catalogues().values()]
            return self.choice(path, label, text, required, options)
        if (key == "number" and kind == "int" and owner is not None and self.catalogue
                and criterion_class(ins.Shape("union", (owner,))) is owner):
            options = [(str(c.number), f"{c.number}. {c.name}") for c in self.catalogue.criteria]
            node = self.choice(path, label, text, required, options)
            node.data = {"names": "\x1f".join(c.name for c in self.catalogue.criteria)}
            return node
        if kind in ("text", "rich"):
            one_line = key in SHORT_TEXT or (path and isinstance(path[-1], int))
            long = "\n" in text or len(text) > 160 or not one_line
            return Node("longtext" if long else "text", path, label, text, required=required)
        return Node(kind, path, label, text, required=required)

    def raw(self, cls: type, value: Any, path: Path, label: str, required: bool) -> Node:
        """An object kept as the file wrote it (a date not in the calendar): one field with the
        text, to correct in place or empty to fill field by field."""
        text = _raw_text(value)
        form = FORMS.get(cls)
        how = f" Cách viết: {form.hint}." if form is not None else ""
        hint = (f"Giá trị trong tệp chưa đọc được, giữ nguyên như đã ghi.{how} Hoặc xóa "
                "trống ô này để điền từng ô.")
        one_line = "\n" not in text and len(text) <= 160
        return Node("text" if one_line else "longtext", path, label, text, hint=hint,
                    required=required, raw=True)

    def choice(self, path: Path, label: str, value: str, required: bool,
               options: list[tuple[str, str]], unset: str = "(không)") -> Node:
        choices = list(options)
        if not required or not value:
            choices.insert(0, ("", "— chọn —" if required else unset))
        if value and value not in {v for v, _ in choices}:
            choices.append((value, f"{value} (không hợp lệ)"))
        return Node("choice", path, label, value, required=required, choices=choices)

    def list(self, shape: ins.Shape, value: Any, path: Path, label: str, key: str = "") -> Node:
        items = value if isinstance(value, list) else []
        node = Node("list", path, label)
        item = shape.of
        while item.kind == "optional":
            item = item.of
        if item.kind == "union":
            node.adds = [(_tag(c), labels.add_label(c)) for c in item.of]
            last = items[-1].get(ins.TAG_KEY) if items and isinstance(items[-1], Mapping) else None
            node.value = last if last in tag_classes(item) else _tag(item.of[0])
            criterion = criterion_class(item)
            has_criteria = any(isinstance(v, Mapping) and criterion is not None
                               and v.get(ins.TAG_KEY) == _tag(criterion) for v in items)
            # The picker where solutions go: a part's own blocks, or a list that has some.
            if criterion is not None and self.catalogue is not None and (
                    has_criteria or len(path) <= 3):
                present = {v.get("number") for v in items if isinstance(v, Mapping)
                           and v.get(ins.TAG_KEY) == _tag(criterion)}
                node.picker = [(c.number, c.name, c.number in present)
                               for c in self.catalogue.criteria]
                node.catalogue = self.catalogue.name
        elif item.kind == "class":
            node.adds = [("", labels.add_label(item.of))]
        else:
            node.adds = [("", "")]
        for i, v in enumerate(items):
            if self.only is not None and (*path, i) not in self.only:
                continue
            child_label = self._item_label(item, v, path, i)
            child = self.value(item, v, (*path, i), child_label, required=True, key=key)
            child.item, child.index = True, i + 1
            child.badge = path != ("parts",)
            child.first, child.last = i == 0, i == len(items) - 1
            if child.badge and item.kind in ("class", "union"):  # which one, in a problem's place
                self.labels[(*path, i)] = f"{child_label} {i + 1}"
            node.children.append(child)
        return node

    def _item_label(self, item: ins.Shape, value: Any, path: Path, i: int) -> str:
        if item.kind == "union":
            cls = tag_classes(item).get(value.get(ins.TAG_KEY)) if isinstance(value, Mapping) \
                else None
            return labels.of_class(cls) if cls else "Khối"
        if item.kind == "class":
            if path == ("parts",):
                return f"Mục {_part_number(self.data, i)}"
            return labels.of_class(item.of)
        return f"Dòng {i + 1}"

    def problems(self, problems: Iterable[Problem]) -> list[dict[str, str]]:
        """Each problem with the id of the field it lands beside and a readable place."""
        out = []
        for p in problems:
            path = tuple(p.path)
            while path and path not in self.labels:
                path = path[:-1]
            place = " › ".join(self.labels[path[:n]] for n in range(1, len(path) + 1)
                               if path[:n] in self.labels)
            out.append({"id": "p" + field_id(path)[1:] if path else "p-plan",
                        "field": field_id(path), "message": p.message,
                        "where": p.where, "place": place})
        return out


def _part_number(data: Mapping[str, Any], i: int) -> str:
    from kehoach.rendering import conventions as cv

    return cv.part_letter(i + 1) if data.get("part_numbering") == "A" else cv.roman(i + 1)


def _shown(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(value)
    return str(value)


def _default(f: ins.Field) -> Any:
    """A field's default as form data (``None`` for a required field)."""
    if f.required or f.default is None:
        return None
    from kehoach.data.unstructure import unstructure_value

    try:
        value = unstructure_value(f.default, f.shape, short=False)
    except (TypeError, ValueError, AttributeError):
        return None
    return None if value is None else _value(value, f.shape, (), [])


def _advanced(f: ins.Field, value: Any) -> bool:
    """Optional one-value fields with a default of their own (``Căn cứ``, ``UBND``) go under
    "Tùy chọn khác" while they hold that default."""
    if f.required or f.default is None:
        return False
    shape = f.shape.of if f.shape.kind == "optional" else f.shape
    if shape.kind in ("class", "union") or (shape.kind == "list" and shape.of.kind in
                                             ("class", "union", "optional")):
        return False
    if shape.kind == "list" and not f.default:
        return False
    return value is None or value == _default(f)


def build(data: Mapping[str, Any], model: type, focus: Path | None = None
          ) -> tuple[Node, Builder]:
    """The node tree of form data, and the builder (for :meth:`Builder.problems`)."""
    builder = Builder(data, model, focus)
    return builder.build(), builder


def place(data: Mapping[str, Any], model: type, problems: Iterable[Problem]
          ) -> list[dict[str, str]]:
    """:meth:`Builder.problems` of the whole tree, building only the fields on the problems'
    paths: a check while typing costs as many fields as there are problems, not the plan's
    hundreds."""
    problems = list(problems)
    wanted = {tuple(p.path)[:n] for p in problems for n in range(len(p.path) + 1)}
    builder = Builder(data, model, only=wanted)
    builder.build()
    return builder.problems(problems)
