"""The library's entry points: render a plan to bytes, save it to a path.

Many plans at once, on every core: :mod:`kehoach.batch` (``kh.render_many``, ``kh.save_many``).
"""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from kehoach import registry
from kehoach.layout.profile import DEFAULT_PROFILE, Profile
from kehoach.rendering.package import atomic_write
from kehoach.rendering.templating import Template, bundled_template


@cache
def _template_for(plan_type: registry.PlanType, profile: Profile) -> Template:
    if Path(plan_type.template).is_absolute():  # a developer's own template
        return Template(plan_type.template)
    if profile == DEFAULT_PROFILE or plan_type.build_template is None:
        return bundled_template(plan_type.template)
    # Another profile means other sizes in the styles: build that template once.
    return Template(plan_type.build_template(profile))


def render(plan: object, profile: Profile = DEFAULT_PROFILE) -> bytes:
    """The .docx of ``plan`` as bytes. The same plan always gives the same bytes."""
    plan_type = registry.for_plan(plan)
    context = plan_type.build_context(plan, profile)
    return _template_for(plan_type, profile).render(context)


def save(plan: object, path: str | os.PathLike[str], profile: Profile = DEFAULT_PROFILE) -> Path:
    """Render ``plan`` and write it to ``path`` atomically.

    The document is rendered in memory first: if rendering fails nothing is written, and an
    existing file at ``path`` is replaced only by a complete new one.
    """
    return atomic_write(path, render(plan, profile))


def __getattr__(name: str) -> object:
    # kehoach 0.1 exported render_many and save_many from here too (kehoach._deprecated).
    from kehoach._deprecated import moved_name

    return moved_name(__name__, name)
