"""kehoach's own plan types, registered in :mod:`kehoach.registry`.

* ``ke-hoach``: the general Kế hoạch, on any topic (free parts, khoản, tiểu mục, điểm, bullets,
  task tables, appendices);
* ``nong-thon-moi``: the new-rural-area Kế hoạch, the general one plus a criteria set its
  solutions are checked against (:class:`kehoach.model.NewRuralPlan`).

Both use ``templates/ke_hoach.docx`` and :func:`kehoach.rendering.context.build_context`.
"""

from __future__ import annotations

from typing import Any

from kehoach.layout.profile import Profile
from kehoach.model import NewRuralPlan, Plan, catalogues
from kehoach.registry.core import PlanType, register


def _build_template(profile: Profile, *, footnotes: bool = False) -> bytes:
    # Imported here: building a template is rare, and
    # `python -m kehoach.rendering.template_builder` must not find the module already imported.
    from kehoach.rendering.template_builder import build_template

    return build_template(profile, footnotes=footnotes)


def _general_context(plan: Plan, profile: Profile) -> dict[str, Any]:
    # Imported when a plan renders: reading a data file needs the registry, not the renderer.
    from kehoach.rendering.context import build_context

    return build_context(plan, profile)


def _new_rural_context(plan: NewRuralPlan, profile: Profile) -> dict[str, Any]:
    context = _general_context(plan, profile)
    # Not printed by the shipped template; there for templates that cite the set.
    context["criteria_set"] = catalogues.get(plan.criteria_set).name
    return context


GENERAL = register(PlanType(
    name="ke-hoach",
    model=Plan,
    template="ke_hoach.docx",
    build_context=_general_context,
    description="Kế hoạch chung theo Nghị định 30/2020/NĐ-CP (mọi lĩnh vực)",
    build_template=_build_template,
))

NEW_RURAL = register(PlanType(
    name="nong-thon-moi",
    model=NewRuralPlan,
    template="ke_hoach.docx",
    build_context=_new_rural_context,
    description="Kế hoạch xây dựng nông thôn mới theo một bộ tiêu chí quốc gia",
    build_template=_build_template,
))
