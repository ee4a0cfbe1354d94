"""Rendering: a template and a context give the bytes of a .docx (the package layer).

:class:`Template` is prepared once and renders many plans, like a Jinja ``Template``. Data is
escaped on its way into the XML (``&``, ``<``, ``>``, quotes), line breaks in data become line
breaks in Word and tabs become tabs; template syntax in data (``{{ }}``, ``{% %}``) stays text.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from docxtpl import DocxTemplate
from markupsafe import Markup, escape

from kehoach.errors import RenderError
from kehoach.package import atomic_write, normalize_package

# After rendering, docxtpl turns "{_{" into "{{" (and "}_}", "{_%", "%_}" likewise), a way
# for template authors to write literal braces. Data must not be touched by it, so the
# underscore in such a pair is written as a character reference the XML parser reads back.
_DOCXTPL_BRACE = re.compile(r"(?<=[{%])_(?=[{%])|(?<=[}%])_(?=[}%])")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    escaped = str(escape(value))
    return Markup(_DOCXTPL_BRACE.sub("&#95;", escaped))


def environment() -> jinja2.Environment:
    """The Jinja environment templates render in: autoescaped, strict about missing names.

    Templates are kehoach's or a developer's; data never reaches the template source.
    """
    return jinja2.Environment(autoescape=True, finalize=_finalize,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)


def bundled_template_path(name: str = "ke_hoach.docx") -> Path:
    """Path of a template shipped with kehoach.

    An installed wheel carries the template inside the package (``kehoach/templates``); a
    source checkout keeps it at the top of the repository (``templates/``).
    """
    packaged = resources.files("kehoach") / "templates" / name
    if packaged.is_file():
        return Path(str(packaged))
    checkout = Path(__file__).resolve().parents[2] / "templates" / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"template {name!r} is not installed with kehoach")


class Template:
    """A .docx template prepared once, rendering any number of contexts.

    ``Template(source)`` takes a path or the bytes of a .docx.
    """

    def __init__(self, source: str | os.PathLike[str] | bytes) -> None:
        self._bytes = source if isinstance(source, bytes) else Path(source).read_bytes()
        self._env = environment()

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The rendered document's bytes (deterministic: same context, same bytes)."""
        doc = DocxTemplate(io.BytesIO(self._bytes))
        try:
            doc.render(dict(context), self._env)
        except jinja2.TemplateError as exc:
            raise RenderError(f"the template could not be rendered: {exc}") from exc
        out = io.BytesIO()
        doc.save(out)
        return normalize_package(out.getvalue())

    def save(self, context: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
        """Render and write atomically: on any failure an existing file is left as it was."""
        return atomic_write(path, self.render(context))


@cache
def bundled_template(name: str = "ke_hoach.docx") -> Template:
    """The shipped template, prepared once per process."""
    return Template(bundled_template_path(name))
