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

    def __reduce__(self):
        # Errors cross process boundaries in batches (kehoach.batch): rebuild from the fields.
        return type(self), (self.path, self.message)

    def prefixed(self, prefix: str) -> PlanDataError:
        """The same error seen from an enclosing object (``prefix`` + ``.`` + path)."""
        return PlanDataError(f"{prefix}.{self.path}" if prefix else self.path, self.message)


class PlanDataErrors(PlanDataError):
    """Several wrong values found at once; ``errors`` lists each, ``path`` is the first's."""

    def __init__(self, errors: list[PlanDataError]) -> None:
        first = errors[0]
        more = f" (và {len(errors) - 1} lỗi khác)" if len(errors) > 1 else ""
        super().__init__(first.path, first.message + more)
        self.message = first.message
        self.errors = list(errors)

    def __reduce__(self):
        return type(self), (self.errors,)

    def __str__(self) -> str:
        return "\n".join(f"{e.path}: {e.message}" for e in self.errors)


class RenderError(KehoachError):
    """The template could not be rendered (a broken template, not bad data)."""
