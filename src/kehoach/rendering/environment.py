"""The Jinja environment kehoach's templates render in: autoescaped, strict, docxtpl-safe.

Shared by :mod:`.templating` (kehoach's own templates) and :mod:`.sandbox` (the sandboxed
variant for templates from outside kehoach): the sandbox takes its settings from here, not from
the templating module that uses it, so the two never import each other in a circle.
"""

from __future__ import annotations

import re
from typing import Any

import jinja2
from markupsafe import Markup, escape

# After rendering, docxtpl turns "{_{" into "{{" (and "}_}", "{_%", "%_}" likewise), a way
# for template authors to write literal braces. Data must not be touched by it, so the
# underscore in such a pair is written as a character reference the XML parser reads back.
_DOCXTPL_BRACE = re.compile(r"(?<=[{%])_(?=[{%])|(?<=[}%])_(?=[}%])")


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return value
    escaped = escape(value)
    if "_" in escaped:
        return Markup(_DOCXTPL_BRACE.sub("&#95;", escaped))
    return escaped


#: Names a dict has as attributes (``items``, ``keys`` …): Jinja's ``d.name`` finds these
#: before the keys.
_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    def getattr(self, obj: Any, attribute: str) -> Any:
        # ``b.label`` on a context dict: Jinja tries the attribute first and looks the key up
        # once that has failed. A plain dict has no attribute but its class's, so the key is
        # looked up first here: the same result, without an exception raised and caught for
        # every lookup.
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment() -> jinja2.Environment:
    """The Jinja environment templates render in: autoescaped, strict about missing names.

    Templates are kehoach's or a developer's; data never reaches the template source.
    """
    return _Environment(autoescape=True, finalize=_finalize,
                        undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
