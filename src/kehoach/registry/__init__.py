"""Plan types (loại kế hoạch): a model, a template and a context builder, registered by name.

    >>> from kehoach import registry
    >>> [t.name for t in registry.types()]
    ['ke-hoach', 'nong-thon-moi']

:mod:`.core` keeps the registry and loads plug-ins declared by installed packages (entry point
group ``kehoach.plan_types``); :mod:`.builtin` registers kehoach's own types, and is imported
here so that importing the registry is enough to find them.
"""

from kehoach.registry import builtin as _builtin  # noqa: E402,F401  (registers kehoach's own types)
from kehoach.registry.core import (
    ENTRY_POINT_GROUP,
    PlanType,
    for_plan,
    get,
    load_plugins,
    register,
    scoped,
    types,
)

__all__ = ["ENTRY_POINT_GROUP", "PlanType", "for_plan", "get", "load_plugins", "register", "scoped",
           "types"]
