"""``python -m kehoach``: the command line."""

from kehoach.cli import main

main()
