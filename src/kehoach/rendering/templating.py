"""Rendering: a template and a context give the bytes of a .docx (the package layer).

:class:`Template` is prepared once and renders many plans, like a Jinja ``Template``: its XML is
parsed, patched and compiled when it is made (by :class:`kehoach.rendering.engine.PreparedTemplate`), and
a render only runs the compiled template and zips the parts that changed. The result is the
document docxtpl makes from the same template and context; :func:`render_docxtpl` renders
through plain docxtpl, for comparison.

Data is escaped on its way into the XML (``&``, ``<``, ``>``, quotes), line breaks in data
become line breaks in Word and tabs become tabs; template syntax in data (``{{ }}``,
``{% %}``) stays text.
"""

from __future__ import annotations

import contextlib
import io
import os
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager as ContextManager
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from kehoach.errors import RenderError
from kehoach.rendering.engine import PreparedTemplate, unreadable_xml
from kehoach.rendering.environment import environment
from kehoach.rendering.package import atomic_write, normalize_package


@cache
def _strict_docx_template() -> type:
    """docxtpl's ``DocxTemplate``, reading the rendered body strictly (imported when first
    needed: docxtpl imports all of python-docx, which ``import kehoach.api`` does not need)."""
    from docxtpl import DocxTemplate
    from lxml import etree

    class _StrictDocxTemplate(DocxTemplate):
        """docxtpl reads the rendered body back with ``recover=True``, which drops without a
        word what it cannot read (an unescaped ``&``, a text run over libxml2's 10 MB). Read it
        strictly first: such a body is an error, never a shorter document."""

        def fix_tables(self, xml):
            try:
                etree.fromstring(xml.encode("utf-8") if isinstance(xml, str) else xml,
                                 etree.XMLParser(resolve_entities=False))
            except (etree.XMLSyntaxError, UnicodeEncodeError) as exc:
                raise RenderError(unreadable_xml("word/document.xml", exc)) from exc
            return super().fix_tables(xml)

    return _StrictDocxTemplate


def bundled_template_path(name: str = "ke_hoach.docx") -> Path:
    """Path of a template shipped with kehoach.

    An installed wheel carries the template inside the package (``kehoach/templates``); a
    source checkout keeps it at the top of the repository (``templates/``).
    """
    here = Path(__file__).resolve()
    packaged = here.parents[1] / "templates" / name
    if packaged.is_file():
        return packaged
    checkout = here.parents[3] / "templates" / name
    if checkout.is_file():
        return checkout
    raise FileNotFoundError(f"template {name!r} is not installed with kehoach")


class Template:
    """A .docx template prepared once, rendering any number of contexts.

    ``Template(source)`` takes a path or the bytes of a .docx, and prepares it at once: a
    template that is not a .docx, or whose Jinja does not compile, raises
    :class:`~kehoach.errors.RenderError` here. Rendering is thread-safe.
    """

    def __init__(self, source: str | os.PathLike[str] | bytes, *, sandbox: bool = False) -> None:
        self._bytes = source if isinstance(source, bytes) else Path(source).read_bytes()
        self._scope: Callable[[], ContextManager[None]] = contextlib.nullcontext
        if sandbox:  # a template from outside kehoach: see kehoach.rendering.sandbox
            from kehoach.rendering.sandbox import rendering, sandboxed_environment

            self._env = sandboxed_environment()
            self._scope = rendering  # its limits hold for the whole document
        else:
            self._env = environment()
        try:
            # kehoach's own environment: the prepared template is kept on disk for the next
            # process (kehoach.rendering.cache); the sandbox compiles its own way.
            self._engine = PreparedTemplate(self._bytes, self._env, cache=not sandbox)
        except (jinja2.TemplateError, ValueError, KeyError, SyntaxError) as exc:
            # lxml's XMLSyntaxError is a SyntaxError
            raise RenderError(f"the template could not be prepared: {exc}") from exc
        except Exception as exc:
            import zipfile  # not needed to render from a cached template: imported here

            if isinstance(exc, zipfile.BadZipFile):
                raise RenderError(f"the template could not be prepared: {exc}") from exc
            raise

    @classmethod
    def from_user(cls, source: str | os.PathLike[str] | bytes) -> Template:
        """A template from outside kehoach, rendered in a sandbox (see :mod:`kehoach.rendering.sandbox`):
        no Python internals, no files, data escaped as always."""
        return cls(source, sandbox=True)

    @property
    def source(self) -> bytes:
        """The template's bytes."""
        return self._bytes

    @property
    def engine(self) -> PreparedTemplate:
        return self._engine

    def render(self, context: Mapping[str, Any]) -> bytes:
        """The rendered document's bytes (deterministic: same context, same bytes)."""
        try:
            with self._scope():
                return self._engine.render(dict(context))
        except jinja2.TemplateError as exc:
            raise RenderError(f"the template could not be rendered: {exc}") from exc

    def save(self, context: Mapping[str, Any], path: str | os.PathLike[str]) -> Path:
        """Render and write atomically: on any failure an existing file is left as it was."""
        return atomic_write(path, self.render(context))


def render_docxtpl(template: str | os.PathLike[str] | bytes, context: Mapping[str, Any],
                   env: jinja2.Environment | None = None) -> bytes:
    """Render through plain docxtpl, the way :class:`Template` did before it had an engine.

    Loads the template, renders it and saves it, every time; the package is then written with
    fixed metadata (:func:`~kehoach.rendering.package.normalize_package`). For equivalence tests and the
    benchmark: the document is the one :class:`Template` gives, each part's XML the same after
    canonicalisation.
    """
    data = template if isinstance(template, bytes) else Path(template).read_bytes()
    doc = _strict_docx_template()(io.BytesIO(data))
    try:
        doc.render(dict(context), env if env is not None else environment())
    except jinja2.TemplateError as exc:
        raise RenderError(f"the template could not be rendered: {exc}") from exc
    out = io.BytesIO()
    doc.save(out)
    return normalize_package(out.getvalue())


@cache
def bundled_template(name: str = "ke_hoach.docx") -> Template:
    """The shipped template, prepared once per process."""
    return Template(bundled_template_path(name))
