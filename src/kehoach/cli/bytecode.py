"""Byte-compiled kehoach even where ``PYTHONDONTWRITEBYTECODE`` is set.

With that variable set (common in containers and some office set-ups), Python compiles every
module from source on each start and keeps nothing: for ``kehoach render`` that is a good part of
the wait. pip compiles installed packages when it installs them, whatever the variable says, but
an editable or copied kehoach has no ``.pyc``. So when the command ends, the kehoach modules it
used are compiled once into their ``__pycache__`` (where the folder is writable; nothing
happens otherwise), and the next command starts from them. Only kehoach's own modules are
written, only when missing or older than their source.
"""

from __future__ import annotations

import atexit
import os
import sys

_registered = False


def keep() -> None:
    """Write the missing ``.pyc`` of kehoach's modules when this process ends, if Python
    was told not to write them itself."""
    global _registered
    if sys.dont_write_bytecode and not _registered:
        _registered = True
        atexit.register(write_missing)


def write_missing() -> int:
    """Compile kehoach's imported modules whose cached ``.pyc`` is missing or stale; how many
    were written."""
    import importlib.util

    written = 0
    for name, module in list(sys.modules.items()):
        if name != "kehoach" and not name.startswith("kehoach."):
            continue
        source = getattr(module, "__file__", None)
        if not source or not source.endswith(".py"):
            continue
        try:
            cached = importlib.util.cache_from_source(source)
            if os.stat(cached).st_mtime >= os.stat(source).st_mtime:
                continue
        except FileNotFoundError:
            pass
        except (OSError, NotImplementedError, ValueError):
            continue
        import py_compile  # only when a module has to be written

        try:
            py_compile.compile(source, cfile=cached, doraise=True)
            written += 1
        except (OSError, py_compile.PyCompileError):
            continue
    return written
