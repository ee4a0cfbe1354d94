"""Errors kehoach raises: each names the field of the plan that is wrong."""

from __future__ import annotations


class KehoachError(Exception):
    """Base class of every error kehoach raises on purpose."""


class PlanDataError(KehoachError, ValueError):
    """Dữ liệu không hợp lệ: a value in a plan is wrong; ``path`` names the field.

    ``str(error)`` reads ``"criteria[3].leads[0].name: không được để trống"``.
    """

    def __init__(self, path: str, message: str) -> None:
        super().__init__(f"{path}: {message}")
        self.path = path
        self.message = message

    def prefixed(self, prefix: str) -> PlanDataError:
        """The same error seen from an enclosing object (``prefix`` + ``.`` + path)."""
        return PlanDataError(f"{prefix}.{self.path}" if prefix else self.path, self.message)


class RenderError(KehoachError):
    """The template could not be rendered (a broken template, not bad data)."""
