"""A Griffe extension for the API reference: kehoach's docstrings in Markdown.

kehoach's docstrings use Sphinx roles (``:class:`~kehoach.errors.PlanDataError```,
``:func:`register```) and reST definition lists (a term, then its indented definition). mkdocstrings reads
docstrings as Markdown, where a role would show as ``:class:`` followed by code and a definition
list as one run-on paragraph. This extension turns definition lists into Markdown lists, and each role
into a cross-reference (``[PlanDataError][kehoach.errors.PlanDataError]``) when its target is an
object of a module the reference documents, and into plain code otherwise (a link to a page
that does not exist would fail ``mkdocs build --strict``).

Configured in ``mkdocs.yml``::

    extensions:
      - docs/_griffe/sphinx_roles.py:SphinxRoles:
          documented: [kehoach.model, kehoach.api, ...]
"""

from __future__ import annotations

import re
from typing import Any

import griffe

#: A reST definition list entry: a term line in ``code`` and its indented definition.
_DEFINITION = re.compile(r"^(``[^\n]+)\n((?:[ ]{4}[^\n]*(?:\n|$))+)", re.MULTILINE)
_ROLE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")


def _definition(match: re.Match[str]) -> str:
    """A definition list entry as a Markdown list item (``- term: definition``)."""
    definition = " ".join(line.strip() for line in match.group(2).splitlines() if line.strip())
    return f"- {match.group(1).strip()}: {definition}\n"


class SphinxRoles(griffe.Extension):
    """Rewrite Sphinx roles in docstrings into autorefs links or code."""

    def __init__(self, documented: list[str] | None = None) -> None:
        super().__init__()
        self.documented = tuple(documented or ())

    def on_package(self, *, pkg: griffe.Module, **kwargs: Any) -> None:
        self._walk(pkg, pkg)

    def _walk(self, obj: griffe.Object, pkg: griffe.Module) -> None:
        if obj.docstring is not None:
            value = _DEFINITION.sub(_definition, obj.docstring.value)
            obj.docstring.value = _ROLE.sub(lambda m: self._replace(m, obj, pkg), value)
        for member in obj.members.values():
            if not member.is_alias:
                self._walk(member, pkg)

    def _target(self, name: str, obj: griffe.Object, pkg: griffe.Module) -> str | None:
        """The full path of ``name`` seen from ``obj``, if the reference documents it."""
        candidates = [name]
        try:
            candidates.insert(0, obj.resolve(name.split(".")[0])
                              + name[len(name.split(".")[0]):])
        except (griffe.NameResolutionError, AttributeError):
            pass
        for path in candidates:
            if not path.startswith(pkg.name + "."):
                continue
            try:
                target = pkg[path[len(pkg.name) + 1:]]
            except (KeyError, griffe.AliasResolutionError):
                continue
            if target.is_alias:
                try:
                    target = target.final_target
                except griffe.AliasResolutionError:
                    continue
            module = target.module.path if not target.is_module else target.path
            private = any(part.startswith("_") for part in target.path.split("."))
            if module in self.documented and not private:
                return target.path
        return None

    def _replace(self, match: re.Match[str], obj: griffe.Object, pkg: griffe.Module) -> str:
        short, name = match.group(1), match.group(2)
        shown = name.split(".")[-1] if short else name
        path = self._target(name, obj, pkg)
        if path is None:
            return f"`{shown}`"
        return f"[`{shown}`][{path}]"
