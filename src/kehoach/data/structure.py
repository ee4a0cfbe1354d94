"""Từ dữ liệu đến mô hình: plain data (from YAML, TOML or JSON) into the attrs model.

The walk follows the model's fields and type hints (:mod:`kehoach.data.introspect`) and does
not stop at the first problem: every missing key, unknown key, wrong type and invalid value is
collected with its path in the data (``parts[2].children[3].leads[0].name``). The model's own
validators judge each field (blank text, a number out of range, a bad code …); their
:class:`~kehoach.errors.PlanDataError` (``"Official.name"``) is turned into the data path.
"""

from __future__ import annotations

import difflib
import functools
import unicodedata
from collections.abc import Collection, Iterable, Mapping
from typing import Any

import attrs

from kehoach.data import introspect as ins
from kehoach.data.forms import FORMS, FormError, describe, read_date
from kehoach.data.problems import Path, Problem, parse_path
from kehoach.errors import PlanDataError

#: What a failed value structures to; its parent fails too, without a second message.
FAILED: Any = type("Failed", (), {"__repr__": lambda self: "FAILED"})()

_KIND_NAMES = {"text": "văn bản", "int": "số nguyên", "float": "số", "bool": "true hoặc false"}


def suggest(word: object, choices: Iterable[str]) -> str | None:
    """The choice ``word`` is most likely a misspelling of (``titel`` → ``title``), or ``None``."""
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
    return walk.fields(data, cls, (), extra=frozenset(extra_keys)), walk.problems


class _Walk:
    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._blanks: dict[type, object] = {}

    def add(self, path: Path, message: str) -> None:
        self.problems.append(Problem(tuple(path), message))

    # ----------------------------------------------------------------------------------------
    # Values

    def value(self, data: object, shape: ins.Shape, path: Path) -> Any:
        kind = shape.kind
        if kind == "optional":
            return None if data is None else self.value(data, shape.of, path)
        if kind == "list":
            return self.list(data, shape.of, path)
        if data is None:
            self.add(path, "không được để trống")
            return FAILED
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
        message = f"phải là {_KIND_NAMES[kind]}, nhận được {describe(data)}"
        if kind == "text" and not isinstance(data, (list, Mapping)):
            message += "; muốn ghi đúng như vậy thì đặt trong dấu ngoặc kép (\"…\")"
        self.add(path, message)
        return FAILED

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
        if not isinstance(name, str) or name.strip() not in tags:
            message = f"loại khối {_shown(name)} không có; chọn một trong: {', '.join(tags)}"
            if isinstance(name, str) and (near := suggest(name.strip(), tags)):
                message += f" (có phải '{near}'?)"
            self.add((*path, ins.TAG_KEY), message)
            return FAILED
        return self.fields(data, tags[name.strip()], path, extra=frozenset({ins.TAG_KEY}))

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
        ok = True
        misspelt = set()  # fields an unknown key is likely a misspelling of
        for key in data:
            if key not in known and key not in extra:
                message, near = _unknown(key, cls, [*known, *extra])
                self.add((*path, str(key)), message)
                misspelt.add(near)
                ok = False
        kwargs: dict[str, Any] = {}
        for f in ins.fields(cls):
            where = path if collapse else (*path, f.name)
            if f.name not in data:
                if f.required:
                    if f.name not in misspelt:  # else "titel: … có phải 'title'?" says it
                        self.add(where, f"thiếu khóa bắt buộc '{f.name}' ({ins.term(cls)})")
                    ok = False
                continue
            raw = data[f.name]
            if raw is None and f.shape.kind not in ("optional", "list"):
                message = "không được để trống"
                if not f.required:
                    message += "; muốn dùng giá trị mặc định thì xóa hẳn dòng này"
                self.add(where, message)
                ok = False
                continue
            value = self.value(raw, f.shape, where)
            if value is FAILED or not self.check(cls, f, value, path, collapse):
                ok = False
                continue
            kwargs[f.name] = value
        if not ok:
            return FAILED
        try:
            return cls(**kwargs)
        except PlanDataError as error:  # a check that relates fields (__attrs_post_init__)
            self.model_error(error, path, collapse)
            return FAILED

    def check(self, cls: type, f: ins.Field, value: Any, path: Path, collapse: bool) -> bool:
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
            self.model_error(error, path, collapse)
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

    def model_error(self, error: PlanDataError, path: Path, collapse: bool) -> None:
        """``Official.name`` under ``parts[0].children[1].leads[0]`` → the data path."""
        for one in getattr(error, "errors", None) or [error]:
            self._model_error(one, path, collapse)

    def _model_error(self, error: PlanDataError, path: Path, collapse: bool) -> None:
        relative = parse_path(error.path)
        if relative and isinstance(relative[0], str) and relative[0][:1].isupper():
            relative = relative[1:]  # the class name
        # Keep the keys and indexes; a label such as "criterion 5" is no place in the data
        # (the message names the criterion), so the path stops before it.
        cut = next((i for i, seg in enumerate(relative)
                    if isinstance(seg, str) and not seg.isidentifier()), len(relative))
        self.add(path if collapse else (*path, *relative[:cut]), error.message)


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
    message = f"không có khóa '{key}' trong {ins.term(cls)}"
    near = suggest(key, allowed)
    if near:
        return message + f"; có phải '{near}'?", near
    return message + f"; các khóa dùng được ở đây: {', '.join(allowed)}", None


def _guess(data: Mapping, classes: tuple[type, ...]) -> type | None:
    """The one class whose keys fit ``data``, to suggest a missing ``type``."""
    keys = set(data)
    fits = [c for c in classes
            if keys <= set(ins.field_map(c))
            and {f.name for f in ins.fields(c) if f.required} <= keys]
    return fits[0] if len(fits) == 1 else None
