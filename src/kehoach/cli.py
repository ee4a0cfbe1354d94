"""The ``kehoach`` command line."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    print("kehoach: commands are not available yet", file=sys.stderr)
    return 2
