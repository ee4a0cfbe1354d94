"""The library's entry points: render a plan to bytes, save it to a path.

Many plans at once, on every core: :mod:`kehoach.batch` (``kh.render_many``, ``kh.save_many``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from kehoach import registry
from kehoach.errors import OutputNameError, RenderError
from kehoach.layout.profile import DEFAULT_PROFILE, Profile
from kehoach.rendering.context import fitted_profile
from kehoach.rendering.package import atomic_write
from kehoach.rendering.templating import Template, bundled_template


@cache
def _template_for(plan_type: registry.PlanType, profile: Profile, footnotes: bool = False
                  ) -> Template:
    if Path(plan_type.template).is_absolute():  # a developer's own template
        return Template(plan_type.template)
    if plan_type.build_template is None or (profile == DEFAULT_PROFILE and not footnotes):
        return bundled_template(plan_type.template)
    # Another profile means other sizes in the styles, footnotes a part of their own: build
    # that template once.
    if footnotes:
        return Template(plan_type.build_template(profile, footnotes=True))
    return Template(plan_type.build_template(profile))


def profile_of(plan: object, profile: Profile | None = None) -> Profile:
    """The profile a plan is laid out with: ``profile`` when given, else the plan's own
    ``layout`` (from its data file), else the house profile."""
    return profile or getattr(plan, "layout", None) or DEFAULT_PROFILE


def render(plan: object, profile: Profile | None = None) -> bytes:
    """The .docx of ``plan`` as bytes. The same plan always gives the same bytes.

    ``profile`` overrides the plan's own layout (``plan.layout``); by default the plan's, or
    the house profile. Raises :class:`~kehoach.errors.RenderError` when the plan has footnotes
    and its type's template has no place for them.
    """
    plan_type = registry.for_plan(plan)
    # A long place name widens the header's right column, or sets its line at 13 pt (R16).
    profile = fitted_profile(plan, profile_of(plan, profile))
    context = plan_type.build_context(plan, profile)
    footnotes = bool(context.get("footnotes"))
    template = _template_for(plan_type, profile, footnotes)
    if footnotes and not template.engine.has_footnotes:
        raise RenderError(f"mẫu {plan_type.template} không có phần chú thích (word/footnotes.xml)"
                          " nên không in được chú thích của kế hoạch")
    return template.render(context)


#: Names of other documents than a .docx: a .docx written under such a name would be opened
#: as another format (or not at all).
OTHER_DOCUMENTS = frozenset({".pdf", ".doc", ".odt", ".rtf", ".txt", ".html", ".htm", ".xlsx",
                             ".xls", ".yaml", ".yml", ".toml", ".json", ".dotx", ".docm"})


def docx_path(path: str | os.PathLike[str]) -> Path:
    """Where :func:`save` writes for ``path``: ``path`` itself when it ends in ``.docx``; a
    name with another ending or none gets ``.docx`` added (``KH-05`` → ``KH-05.docx``, as
    ``kehoach render -o`` does). A name of another kind of document (``.pdf``, ``.doc`` …) raises
    :class:`~kehoach.errors.OutputNameError` rather than hold a .docx under that name."""
    named = Path(path)
    suffix = named.suffix.lower()
    if suffix == ".docx":
        return named
    if suffix == ".pdf":
        raise OutputNameError(
            f"{named}: kh.save ghi văn bản Word .docx, không ghi PDF; lưu .docx "
            f"(kh.save(plan, '{named.with_suffix('.docx')}')) rồi tạo PDF bằng "
            "kehoach.convert.to_pdf([đường dẫn .docx])")
    if suffix in OTHER_DOCUMENTS:
        raise OutputNameError(f"{named}: kh.save ghi văn bản Word .docx; đặt tên "
                              f"'{named.with_suffix('.docx')}'")
    return named.with_name(named.name + ".docx")


def save(plan: object, path: str | os.PathLike[str], profile: Profile | None = None) -> Path:
    """Render ``plan`` and write it to ``path`` atomically; returns the path written.

    ``path`` ends in ``.docx``; a name without it gets it added (``"KH-05"`` is written as
    ``KH-05.docx``); a name of another document (``.pdf``, ``.doc`` …) raises
    :class:`~kehoach.errors.OutputNameError` before anything is rendered (see
    :func:`docx_path`). The document is rendered in memory first: if rendering fails nothing
    is written, and an existing file at ``path`` is replaced only by a complete new one.
    """
    target = docx_path(path)
    return atomic_write(target, render(plan, profile))


def __getattr__(name: str) -> object:
    # kehoach 0.1 exported render_many and save_many from here too (kehoach._deprecated).
    from kehoach._deprecated import moved_name

    return moved_name(__name__, name)
