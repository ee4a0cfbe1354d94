"""Kế hoạch dưới dạng tệp dữ liệu: plans as YAML, TOML or JSON files.

One structure for the three formats, the model's own: keys are the model's field names
(``issuer``, ``legal_bases``, ``parts``, ``children`` …), a block in a list of mixed blocks
names its kind with ``type`` (``type: item``, ``type: criterion``), enums are written by their
Vietnamese value (``TM``, ``Ông``, ``Căn cứ``), dates as ``08/3/2022`` or ``2022-03-08``. A
paragraph may be written as a line of text, a recipient or a deadline as its words, an
authority as ``TM. Ủy ban nhân dân`` (see :mod:`kehoach.data.forms`). ``docs/data-files.md``
describes the format for clerks.

    >>> plan = load("ke_hoach.yaml")            # PlanFileError lists every problem
    >>> text = dumps(plan, "toml")
    >>> loads(text, "toml") == plan
    True

A file may name its plan type at the top (``type: ke-hoach``, the default) and carry a
``$schema`` key for editors; :func:`kehoach.data.schema.json_schema` gives that schema.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import attrs

from kehoach import registry
from kehoach.data import formats, limits
from kehoach.data.formats import FORMATS, format_of
from kehoach.data.problems import PlanFileError, Problem, format_path
from kehoach.data.structure import FAILED, structure, suggest
from kehoach.data.unstructure import unstructure
from kehoach.errors import describe_os_error
from kehoach.rendering.package import atomic_write

__all__ = ["DEFAULT_TYPE", "FORMATS", "PlanFileError", "Problem", "dump", "dumps", "format_of",
           "format_path", "from_data", "load", "loads", "to_data"]

#: The plan type of a file that does not name one.
DEFAULT_TYPE = "ke-hoach"

#: Keys the top of a file may hold besides the plan's fields.
TOP_KEYS = ("type", "$schema")


def plan_type(data: Any) -> tuple[registry.PlanType | None, list[Problem]]:
    """The plan type a file's data names (``type: ke-hoach``), or the default."""
    name = data.get("type", DEFAULT_TYPE) if isinstance(data, dict) else DEFAULT_TYPE
    try:
        return registry.get(str(name).strip()), []
    except KeyError:
        known = [t.name for t in registry.types()]
        message = f"loại kế hoạch '{name}' không có; chọn một trong: {', '.join(known)}"
        if near := suggest(name, known):
            message += f" (có phải '{near}'?)"
        return None, [Problem(("type",), message)]


def _structure(data: Any, model: type | None) -> tuple[Any, list[Problem]]:
    if model is None:
        kind, problems = plan_type(data)
        if kind is None:
            return FAILED, problems
        model = kind.model
    return structure(data, model, extra_keys=TOP_KEYS)


def from_data(data: Any, model: type | None = None, *, source: str = "") -> Any:
    """A plan from plain data (dicts and lists); :class:`PlanFileError` lists every problem.

    ``model`` is the plan's class; by default the one of the ``type`` the data names.
    """
    plan, problems = _structure(data, model)
    if problems:
        raise PlanFileError(problems, source)
    return plan


def to_data(plan: object, *, short: bool = True) -> dict[str, Any]:
    """The plain data of ``plan``: ``from_data(to_data(plan)) == plan``.

    ``short`` writes values in their short forms (a paragraph as a line of text …).
    """
    data = unstructure(plan, short=short)
    name = registry.for_plan(plan).name
    return {"type": name, **data} if name != DEFAULT_TYPE else data


def loads(text: str | bytes, fmt: str = "yaml", *, source: str = "",
          model: type | None = None) -> Any:
    """A plan from the text (or bytes) of a ``yaml``, ``toml`` or ``json`` file.

    Raises :class:`PlanFileError` with every problem, each with its path in the data and its
    line; ``source`` (a file name) prefixes each message. A file past a limit of
    :mod:`kehoach.data.limits` (size, aliases expanded, depth, digits) is refused with its line.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")
    parsed = formats.parse(text, fmt)
    if parsed.data is None:
        raise PlanFileError(parsed.problems, source)
    try:
        plan, problems = _structure(parsed.data, model)
    except MemoryError:
        raise PlanFileError([limits.out_of_memory(len(text))], source) from None
    try:
        problems = [*parsed.problems, *(attrs.evolve(p, line=parsed.lines(p.path))
                                        if p.line is None else p for p in problems)]
    except MemoryError:  # the lines are looked up by scanning the text again: said without
        problems = [*parsed.problems, *problems]
    if problems:
        # In the order of the file (stable); "còn lỗi khác" last, and once.
        problems.sort(key=lambda p: (p.message == _MORE, p.line or 0))
        kept = [p for p in problems if p.message != _MORE][:limits.MAX_PROBLEMS]
        if len(kept) < len(problems):
            kept.append(limits.too_many_problems())
        raise PlanFileError(kept, source)
    return plan


_MORE = limits.too_many_problems().message


def load(path: str | os.PathLike[str], fmt: str | None = None, *,
         model: type | None = None) -> Any:
    """A plan from a file; the format comes from its name (``.yaml``, ``.yml``, ``.toml``,
    ``.json``) unless ``fmt`` is given."""
    path = Path(path)
    fmt = fmt or format_of(path)
    if fmt is None:
        if not path.exists():  # a missing file is said so, whatever its name
            raise PlanFileError([Problem((), "không tìm thấy tệp")], str(path))
        ending = f"có đuôi '{path.suffix}'" if path.suffix else "không có đuôi"
        raise PlanFileError([Problem((), f"không biết đọc tệp {ending}; tệp dữ liệu kế "
                                         "hoạch có đuôi .yaml, .yml, .toml hoặc .json")],
                            str(path))
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > limits.MAX_FILE_BYTES:  # refused before it is read
                raise PlanFileError([limits.file_too_large(size)], str(path))
            raw = handle.read(limits.MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise PlanFileError([Problem((), "không tìm thấy tệp")], str(path)) from None
    except IsADirectoryError:
        raise PlanFileError([Problem((), "đây là một thư mục, không phải tệp")],
                            str(path)) from None
    except OSError as error:
        reason = describe_os_error(error, with_file=False)
        raise PlanFileError([Problem((), f"không đọc được tệp: {reason}")], str(path)) from None
    return loads(raw, fmt, source=str(path), model=model)


def dumps(plan: object, fmt: str = "yaml") -> str:
    """The text of ``plan`` as a ``yaml``, ``toml`` or ``json`` file."""
    # TOML's arrays of tables hold tables only: no text shorthands there.
    return formats.write(to_data(plan, short=fmt != "toml"), fmt)


def dump(plan: object, path: str | os.PathLike[str], fmt: str | None = None) -> Path:
    """Write ``plan`` to a data file (atomically); the format comes from the name."""
    fmt = fmt or format_of(path)
    if fmt is None:
        raise ValueError(f"cannot tell the format of {path}; give fmt= or a .yaml/.toml/.json name")
    return atomic_write(path, dumps(plan, fmt).encode("utf-8"))
