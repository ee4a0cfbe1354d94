"""The registry of plan types: a model, a template and a context builder, in one place.

A new kind of plan is added with :func:`register`; :func:`for_plan` finds the type of a plan
object by its class (the most specific registered class wins).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import attrs

from kehoach.layout.profile import Profile


@attrs.frozen
class PlanType:
    """Loại kế hoạch: how one kind of plan is rendered."""

    name: str
    """Short identifier (``ke-hoach``), used on the command line."""
    model: type
    """The attrs class of the plan's data."""
    template: str
    """File name of the template (shipped with kehoach, or a path)."""
    build_context: Callable[[Any, Profile], dict[str, Any]]
    """Turns a plan and a profile into the template's context."""
    description: str = ""
    build_template: Callable[..., bytes] | None = None
    """Builds the template for another profile (kehoach's own types); ``None`` if fixed.
    Called as ``build_template(profile)``, and as ``build_template(profile, footnotes=True)``
    for a plan with footnotes."""


_TYPES: dict[str, PlanType] = {}


def register(plan_type: PlanType) -> PlanType:
    """Add (or replace) a plan type."""
    _TYPES[plan_type.name] = plan_type
    return plan_type


#: Installed packages add plan types by naming a module here in their metadata:
#: ``[project.entry-points."kehoach.plan_types"] kiem-tra = "my_package.inspection"``.
#: Importing the module registers its types.
ENTRY_POINT_GROUP = "kehoach.plan_types"
_plugins_loaded = False


@contextmanager
def scoped() -> Iterator[None]:
    """Registrations made inside the ``with`` block are forgotten when it ends: the registry is
    left as it was found (for tests of a plan type, so that it does not leak into others)."""
    load_plugins()
    saved = dict(_TYPES)
    try:
        yield
    finally:
        _TYPES.clear()
        _TYPES.update(saved)


def load_plugins() -> None:
    """Import the plan-type modules installed packages declare (once per process).

    kehoach's own types are registered by :mod:`kehoach.registry` itself, which imports
    :mod:`kehoach.registry.builtin` after this module: this module never imports back.
    """
    global _plugins_loaded
    if _plugins_loaded:
        return
    _plugins_loaded = True
    if not _may_declare_plugins():
        return
    from importlib.metadata import entry_points

    for entry in entry_points(group=ENTRY_POINT_GROUP):
        entry.load()


def _may_declare_plugins() -> bool:
    """Whether an installed distribution may declare a plan type; ``False`` only when none does.

    ``importlib.metadata.entry_points`` reads and parses the entry points of every installed
    distribution: 50–70 ms of a 300 ms ``kehoach render`` where dozens are installed. The
    distributions it finds are folders named ``*.dist-info`` or ``*.egg-info`` in the folders
    of ``sys.path`` (or a ``.egg``'s ``EGG-INFO``); a plug-in's ``entry_points.txt`` names the
    group. So the files are looked at first, and importlib.metadata runs only when one names
    the group, or when distributions could come from where this does not look (a zip on
    ``sys.path``, another finder of distributions): never a plug-in missed.
    """
    import sys
    from importlib.machinery import PathFinder

    for finder in sys.meta_path:
        if finder is not PathFinder and getattr(finder, "find_distributions", None) is not None:
            return True
    group = ENTRY_POINT_GROUP.encode()
    for entry in sys.path:
        folder = entry or "."
        try:
            children = [child.name for child in os.scandir(folder)]
        except NotADirectoryError:  # a zip: let importlib.metadata read it
            return True
        except OSError:  # a folder that is not there: nothing is installed in it
            continue
        places = [os.path.join(folder, name, "entry_points.txt") for name in children
                  if name.lower().endswith((".dist-info", ".egg-info"))]
        if folder.lower().endswith(".egg"):
            places.append(os.path.join(folder, "EGG-INFO", "entry_points.txt"))
        for place in places:
            try:
                with open(place, "rb") as file:
                    if group in file.read():
                        return True
            except (FileNotFoundError, NotADirectoryError):  # none, or an .egg-info file
                continue
            except OSError:  # unreadable: let importlib.metadata decide
                return True
    return False


def types() -> list[PlanType]:
    """Every registered plan type (installed plug-ins included), in the order of registration."""
    load_plugins()
    return list(_TYPES.values())


def get(name: str) -> PlanType:
    load_plugins()
    try:
        return _TYPES[name]
    except KeyError:
        known = ", ".join(_TYPES) or "(none)"
        raise KeyError(f"no plan type {name!r}; known types: {known}") from None


def for_plan(plan: object) -> PlanType:
    """The registered type whose model ``plan`` is an instance of, nearest class first."""
    load_plugins()
    for cls in type(plan).__mro__:
        for plan_type in reversed(_TYPES.values()):
            if plan_type.model is cls:
                return plan_type
    raise TypeError(f"{type(plan).__name__} is not a registered plan type")
