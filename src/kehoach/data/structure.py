"""Từ dữ liệu đến mô hình: plain data (from YAML, TOML or JSON) into the attrs model.

The walk follows the model's fields and type hints (:mod:`kehoach.data.introspect`) and does
not stop at the first problem: every missing key, unknown key, wrong type and invalid value is
collected with its path in the data (``parts[2].children[3].leads[0].name``). The model's own
validators judge each field (blank text, a number out of range, a bad code …); their
:class:`~kehoach.errors.PlanDataError` (``"Official.name"``) is turned into the data path.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import attrs

import warnings

from kehoach import model as m
from kehoach.data import introspect as ins
from kehoach.data import limits
from kehoach.data.forms import DECIMAL_PATTERN, FORMS, FormError, describe, read_date
from kehoach.data.problems import Path, Problem, parse_path
from kehoach.errors import PlanDataError, grouped

#: What a failed value structures to; its parent fails too, without a second message.
FAILED: Any = type("Failed", (), {"__repr__": lambda self: "FAILED"})()

_KIND_NAMES = {"text": "văn bản", "int": "số nguyên", "float": "số", "bool": "true hoặc false"}
_DECIMAL = re.compile(DECIMAL_PATTERN)


def suggest(word: object, choices: Iterable[str]) -> str | None:
    """The choice ``word`` is most likely a misspelling of (``titel`` → ``title``), or ``None``."""
    import difflib  # only a misspelt key needs it

    choices = list(choices)
    folded = {c.casefold(): c for c in choices}
    match = difflib.get_close_matches(str(word).casefold(), list(folded), n=1, cutoff=0.6)
    return folded[match[0]] if match else None


def structure(data: object, cls: type, *, extra_keys: Collection[str] = ()
              ) -> tuple[Any, list[Problem]]:
    """``(instance, [])`` when ``data`` is a valid ``cls``, else ``(FAILED, problems)``.

    ``extra_keys`` are keys allowed at the top and ignored (``$schema``, the plan ``type``).
    """
    walk = _Walk()
    if not isinstance(data, Mapping):
        walk.add((), f"nội dung tệp phải là các dòng 'khóa: giá trị' của {ins.term(cls)} "
                     f"(issuer:, title:, parts: …), nhận được {describe(data)}")
        return FAILED, walk.problems
    try:
        return walk.fields(data, cls, (), extra=frozenset(extra_keys)), walk.problems
    except _TooMany:
        return FAILED, [*walk.problems, limits.too_many_problems()]


class _TooMany(BaseException):
    """Past :data:`~kehoach.data.limits.MAX_PROBLEMS`: the walk stops (a BaseException, so
    that no ``except`` on the way mistakes it for a problem of a value)."""


class _Walk:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._blanks: dict[type, object] = {}

    def add(self, path: Path, message: str) -> None:
        if len(self.problems) >= limits.MAX_PROBLEMS:
            raise _TooMany
        self.problems.append(Problem(tuple(path), message))

    # ----------------------------------------------------------------------------------------
    # Values

    def value(self, data: object, shape: ins.Shape, path: Path) -> Any:
        try:
            return self._value(data, shape, path)
        except PlanDataError as error:
            # A value the model refuses while it is being read (rich text's spans, a short
            # form): named by where it is in the data, as every other problem is.
            for one in getattr(error, "errors", None) or [error]:
                self.add(path, one.message)
            return FAILED

    def _value(self, data: object, shape: ins.Shape, path: Path) -> Any:
        kind = shape.kind
        if kind == "optional":
            return None if data is None else self.value(data, shape.of, path)
        if kind == "list":
            return self.list(data, shape.of, path)
        if data is None:
            self.add(path, "không được để trống")
            return FAILED
        if kind == "rich":
            return self.rich(data, path)
        if kind == "union":
            return self.block(data, shape.of, path)
        if kind == "class":
            return self.instance(data, shape.of, path)
        if kind == "enum":
            return self.enum(data, shape.of, path)
        if kind == "date":
            try:
                return read_date(data)
            except FormError as error:
                self.add(path, str(error))
                return FAILED
        return self.scalar(data, kind, path)

    def scalar(self, data: object, kind: str, path: Path) -> Any:
        ok = {
            "text": isinstance(data, str),
            "int": isinstance(data, int) and not isinstance(data, bool),
            "float": isinstance(data, (int, float)) and not isinstance(data, bool),
            "bool": isinstance(data, bool),
        }[kind]
        if ok:
            return data
        if kind == "float" and isinstance(data, str) and _DECIMAL.fullmatch(data):
            # ``line_spacing: 1,2``: YAML reads a decimal comma, as Vietnamese writes numbers,
            # as text; the number it stands for is plain.
            return float(data.strip().replace(",", "."))
        message = f"phải là {_KIND_NAMES[kind]}, nhận được {describe(data)}"
        if kind == "text" and not isinstance(data, (list, Mapping)):
            message += "; muốn ghi đúng như vậy thì đặt trong dấu ngoặc kép (\"…\")"
        self.add(path, message)
        return FAILED

    def rich(self, data: object, path: Path, *, footnotes: bool = True) -> Any:
        """Running text: a string in the markup of :func:`kehoach.model.parse_markup`, or the
        list form: plain strings (read as they are), ``{text, bold, italic, underline}`` spans
        and ``{footnote: …}``."""
        if isinstance(data, str):
            if len(data) > m.MAX_TEXT_LENGTH:  # refused before it is read, not after
                self.add(path, f"dài {grouped(len(data))} ký tự, vượt giới hạn {grouped(m.MAX_TEXT_LENGTH)} ký tự")
                return FAILED
            return m.parse_markup(data, footnotes=footnotes)
        if not isinstance(data, (list, tuple)):
            message = f"phải là văn bản, nhận được {describe(data)}"
            if not isinstance(data, Mapping):
                message += "; muốn ghi đúng như vậy thì đặt trong dấu ngoặc kép (\"…\")"
            self.add(path, message)
            return FAILED
        parts: list[object] = []
        ok = True
        for i, item in enumerate(data):
            here = (*path, i)
            if isinstance(item, str):
                parts.append(m.Span(item))
            elif isinstance(item, Mapping) and "footnote" in item and footnotes:
                extra = [k for k in item if k != "footnote"]
                if extra:
                    self.add((*here, str(extra[0])), f"không có khóa '{extra[0]}' trong chú "
                                                     "thích; chỉ có 'footnote'")
                    ok = False
                    continue
                inner = self.rich(item["footnote"], (*here, "footnote"), footnotes=False)
                if inner is FAILED:
                    ok = False
                elif not m.plain_text(inner).strip():
                    self.add((*here, "footnote"), "chú thích không được để trống")
                    ok = False
                else:
                    parts.append(m.Footnote(inner))
            elif isinstance(item, Mapping):
                span = self.fields(item, m.Span, here)
                if span is FAILED:
                    ok = False
                else:
                    parts.append(span)
            else:
                self.add(here, "mỗi mục là một đoạn chữ, một nhóm {text: …, bold: true} hoặc "
                               f"{{footnote: …}}, nhận được {describe(item)}")
                ok = False
        return m.canonical(m.RichText(*parts)) if ok else FAILED

    def list(self, data: object, item: ins.Shape, path: Path) -> Any:
        if data is None:  # "children:" with nothing after it: an empty list
            return ()
        if not isinstance(data, (list, tuple)):
            self.add(path, f"phải là một danh sách (mỗi mục một dòng bắt đầu bằng '- ', hoặc "
                           f"[mục 1, mục 2]), nhận được {describe(data)}")
            return FAILED
        out = [self.value(x, item, (*path, i)) for i, x in enumerate(data)]
        return FAILED if any(x is FAILED for x in out) else tuple(out)

    def enum(self, data: object, cls: type, path: Path) -> Any:
        if isinstance(data, str):
            try:
                return cls(data)
            except ValueError:
                pass
            # "Ông", "ông", "Ong", "ONG" and "TM." all name a member: values stay distinct so.
            key = _plain(data.strip().rstrip("."))
            for member in cls:
                if key in (_plain(member.value), _plain(member.name).replace("_", " ")):
                    return member
        values = [member.value for member in cls]
        message = f"{_shown(data)} không hợp lệ; chọn một trong: {', '.join(values)}"
        if isinstance(data, str) and (near := suggest(data.strip(), values)):
            message += f" (có phải '{near}'?)"
        self.add(path, message)
        return FAILED

    # ----------------------------------------------------------------------------------------
    # Objects

    def block(self, data: object, classes: tuple[type, ...], path: Path) -> Any:
        """One of several classes, told by ``type`` (or by a short form, e.g. a paragraph)."""
        tags = {ins.tag(c): c for c in classes}
        if not isinstance(data, Mapping):
            for cls in classes:
                form = FORMS.get(cls)
                if form is not None and isinstance(data, str):
                    return self.short(data, cls, path)
            self.add(path, f"phải là một khối ('type: …' cùng các khóa của nó), nhận được "
                           f"{describe(data)}")
            return FAILED
        name = data.get(ins.TAG_KEY)
        if name is None:
            message = f"thiếu khóa 'type' cho biết loại khối; chọn một trong: {', '.join(tags)}"
            guess = _guess(data, classes)
            if guess is not None:
                message += f" (có lẽ là 'type: {ins.tag(guess)}')"
            self.add(path, message)
            if guess is not None:  # check the rest as that kind, to report its problems too
                self.fields(data, guess, path)
            return FAILED
        cls = _tagged(name, data, classes) if isinstance(name, str) else None
        if cls is None:
            message = f"loại khối {_shown(name)} không có; chọn một trong: {', '.join(tags)}"
            if isinstance(name, str) and (near := _suggest_tag(name, classes)):
                message += f" (có phải '{near}'?)"
            self.add((*path, ins.TAG_KEY), message)
            return FAILED
        return self.fields(data, cls, path, extra=frozenset({ins.TAG_KEY}))

    def instance(self, data: object, cls: type, path: Path) -> Any:
        if isinstance(data, Mapping):
            return self.fields(data, cls, path)
        if cls in FORMS:
            return self.short(data, cls, path)
        self.add(path, f"phải là một nhóm khóa: giá trị ({ins.term(cls)}), nhận được "
                       f"{describe(data)}")
        return FAILED

    def short(self, data: object, cls: type, path: Path) -> Any:
        """A value in its short form (:mod:`kehoach.data.forms`): problems stay at ``path``."""
        try:
            mapping = FORMS[cls].read(data)
        except FormError as error:
            self.add(path, str(error))
            return FAILED
        return self.fields(mapping, cls, path, collapse=True)

    def fields(self, data: Mapping, cls: type, path: Path, *, collapse: bool = False,
               extra: frozenset[str] = frozenset()) -> Any:
        """An instance of ``cls`` from the mapping of its fields."""
        known = ins.field_map(cls)
        # Old names of renamed fields are still read; problems name the key as written.
        written = {new: old for old, new in ins.renamed_keys(cls).items()
                   if old in data and new not in data}
        if written:
            warnings.warn(f"{cls.__name__}: " + ", ".join(
                f"khóa '{old}' đã đổi tên thành '{new}'" for new, old in written.items()),
                DeprecationWarning, stacklevel=3)
        old_keys = set(written.values())
        ok = True
        misspelt = set()  # fields an unknown key is likely a misspelling of
        for key in data:
            if key not in known and key not in extra and key not in old_keys:
                message, near = _unknown(key, cls, [*known, *extra])
                self.add((*path, str(key)), message)
                misspelt.add(near)
                ok = False
        kwargs: dict[str, Any] = {}
        for f in ins.fields(cls):
            key = written.get(f.name, f.name)
            where = path if collapse else (*path, key)
            if key not in data:
                if f.required:
                    if f.name not in misspelt:  # else "titel: … có phải 'title'?" says it
                        self.add(where, f"thiếu khóa bắt buộc '{f.name}' ({ins.term(cls)})")
                    ok = False
                continue
            raw = data[key]
            if raw is None and f.shape.kind not in ("optional", "list"):
                message = "không được để trống"
                if not f.required:
                    message += "; muốn dùng giá trị mặc định thì xóa hẳn dòng này"
                self.add(where, message)
                ok = False
                continue
            value = self.value(raw, f.shape, where)
            if value is FAILED or not self.check(cls, f, value, path, collapse, written):
                ok = False
                continue
            kwargs[f.name] = value
        if not ok:
            return FAILED
        try:
            return cls(**kwargs)
        except PlanDataError as error:  # a check that relates fields (__attrs_post_init__)
            self.model_error(error, path, collapse, written)
            return FAILED

    def check(self, cls: type, f: ins.Field, value: Any, path: Path, collapse: bool,
              written: dict[str, str] | None = None) -> bool:
        """Run the model's validator of one field alone, so every wrong field is reported."""
        attribute = f.attribute
        if attribute.validator is None:
            return True
        converter = attribute.converter
        try:
            if callable(converter) and not isinstance(converter, attrs.Converter):
                value = converter(value)
            attribute.validator(self._blank(cls), attribute, value)
        except PlanDataError as error:
            self.model_error(error, path, collapse, written)
            return False
        except (AttributeError, TypeError):  # it needs the whole object: construction will tell
            return True
        return True

    def _blank(self, cls: type) -> object:
        # Validators only ask the instance for its class name (and call its methods): an
        # uninitialised instance stands in for the one being built.
        if cls not in self._blanks:
            self._blanks[cls] = object.__new__(cls)
        return self._blanks[cls]

    def model_error(self, error: PlanDataError, path: Path, collapse: bool,
                    written: dict[str, str] | None = None) -> None:
        """``Official.name`` under ``parts[0].children[1].responsible[0]`` → the data path."""
        for one in getattr(error, "errors", None) or [error]:
            self._model_error(one, path, collapse, written or {})

    def _model_error(self, error: PlanDataError, path: Path, collapse: bool,
                     written: dict[str, str]) -> None:
        relative = parse_path(error.path)
        if relative and isinstance(relative[0], str) and relative[0][:1].isupper():
            relative = relative[1:]  # the class name
        if relative and relative[0] in written:
            relative = (written[relative[0]], *relative[1:])
        # Keep the keys and indexes; a label such as "criterion 5" is no place in the data
        # (the message names the criterion), so the path stops before it.
        cut = next((i for i, seg in enumerate(relative)
                    if isinstance(seg, str) and not seg.isidentifier()), len(relative))
        self.add(path if collapse else (*path, *relative[:cut]), error.message)


def _tagged(name: str, data: Mapping, classes: tuple[type, ...]) -> type | None:
    """The class a block's ``type`` names: its tag, or a Vietnamese term for it
    (``điểm``, ``diem``, ``gạch đầu dòng``) read without regard to case or diacritics. An old
    ``type: table`` without ``columns`` is a task table."""
    key = _plain(" ".join(name.split()))
    found = None
    for cls in classes:
        if key in (_plain(ins.tag(cls)), *map(_plain, ins.TAG_ALIASES.get(cls, ()))):
            found = cls
            break
    if found is m.Table and m.TaskTable in classes and _task_rows(data):
        return m.TaskTable
    return found


def _task_rows(data: Mapping) -> bool:
    """Whether a ``type: table`` is an older file's task table: no key of a general table,
    and rows that are mappings of a task's keys."""
    table_only = {f.name for f in ins.fields(m.Table)} - {"rows"}
    rows = data.get("rows")
    return (not table_only & set(data) and isinstance(rows, list) and bool(rows)
            and all(isinstance(r, Mapping) and set(r) <= set(ins.field_map(m.TaskRow))
                    | set(ins.renamed_keys(m.TaskRow)) for r in rows))


def _suggest_tag(name: str, classes: tuple[type, ...]) -> str | None:
    """A tag for an unknown ``type``: by meaning (``dash`` → ``bullet``), then by spelling."""
    key = _plain(" ".join(name.split()))
    for cls in classes:
        if key in map(_plain, ins.TAG_MEANINGS.get(cls, ())):
            return ins.tag(cls)
    words = {_plain(w): ins.tag(cls) for cls in classes
             for w in (ins.tag(cls), *ins.TAG_ALIASES.get(cls, ()), *ins.TAG_MEANINGS.get(cls, ()))}
    near = suggest(key, words)
    return words[near] if near else None


@functools.lru_cache(maxsize=1024)
def _plain(text: str) -> str:
    """Without case or diacritics: ``Căn cứ`` → ``can cu``, ``Đ`` → ``d``."""
    decomposed = unicodedata.normalize("NFD", text.casefold().replace("đ", "d"))
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _shown(value: object) -> str:
    """Text in quotes as it was written; any other value described."""
    return f"'{value}'" if isinstance(value, str) else describe(value)


def _unknown(key: object, cls: type, allowed: list[str]) -> tuple[str, str | None]:
    """The message for an unknown key, and the known key it is likely a misspelling of."""
    odd = next((c for c in str(key) if c.isspace() and c not in " \t"), None)
    if odd is not None:  # " place" indented with a no-break space pasted from Word
        bare = "".join(str(key).split())
        return (f"khóa '{bare}' có ký tự trắng U+{ord(odd):04X} (thường do sao chép từ Word hoặc "
                "trang web), không phải dấu cách, nên không được đọc đúng chỗ; xóa khoảng trắng "
                "ở đầu dòng và gõ lại bằng phím cách"), bare if bare in allowed else None
    message = f"không có khóa '{key}' trong {ins.term(cls)}"
    near = suggest(key, allowed)
    if near:
        return message + f"; có phải '{near}'?", near
    return message + f"; các khóa dùng được ở đây: {', '.join(allowed)}", None


#: Where the keys of a block fit several kinds, the one it most likely is.
_LIKELY = (m.Item, m.Bullet, m.Table, m.TaskTable)


def _guess(data: Mapping, classes: tuple[type, ...]) -> type | None:
    """The class whose keys fit ``data``, to suggest a missing ``type``: the only one, or the
    likeliest of several (``title`` and ``children`` fit a khoản and a titled điểm)."""
    keys = set(data)
    fits = [c for c in classes
            if keys <= set(ins.field_map(c))
            and {f.name for f in ins.fields(c) if f.required} <= keys]
    if len(fits) > 1:
        fits = [c for c in _LIKELY if c in fits][:1]
    return fits[0] if len(fits) == 1 else None
