"""Work kept on disk between processes: prepared templates, the linter's sample names.

Preparing a template (:class:`kehoach.rendering.engine.PreparedTemplate`) parses its parts,
patches them with docxtpl and compiles them with Jinja: about 15 ms of work, plus the import
of docxtpl and all of python-docx, on every ``kehoach render``. What comes out depends only on

* the template's bytes,
* the code that prepares it and the environment's settings (kehoach's own modules, hashed),
* the libraries that take part: docxtpl (its source files, hashed, so not even a local patch
  is missed), Jinja, lxml and libxml2, zlib, and the Python that compiled the Jinja code,
* the deflate level of the parts kept compressed,

so the result is written once, under a name drawn from all of these, and read back by the next
process (the compiled Jinja as code objects, through :mod:`marshal`, as Jinja's own bytecode
cache does). A render from a restored template gives the same bytes as one from a template
prepared in the process.

The same goes for other work a command repeats on fixed inputs (:func:`key` takes the inputs
and the kehoach modules that do the work): the names the starters use as samples, which the
linter looks for in every plan (:func:`kehoach.linter.rules.sample_names`).

Where: ``KEHOACH_CACHE_DIR`` if set (set but empty: no cache), else the user's cache folder:
``$XDG_CACHE_HOME/kehoach`` or ``~/.cache/kehoach``; ``~/Library/Caches/kehoach`` on macOS;
``%LOCALAPPDATA%\\kehoach\\Cache`` on Windows. Removing the folder is always safe.

The cache never decides an outcome:

* an entry is written to a temporary file and renamed into place (a reader sees a whole entry
  or none), and carries a SHA-256 of its content and the full key: a truncated, corrupt or
  stale entry, or one written for other libraries, is ignored and written anew;
* on POSIX, an entry is read only when this user owns it and no one else may write it (it holds
  code that runs);
* a folder that cannot be created or written means no cache: the template is prepared in the
  process, as without one;
* at most :data:`KEEP` entries are kept, the least recently written removed first.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import zlib
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

#: The first bytes of an entry; a new layout of the state gets a new number.
MAGIC = b"KHPT\x00\x00\x00\x01"
_DIGEST = 32  # SHA-256
#: Entries kept in the folder (one per template, profile and library set).
KEEP = 64
#: kehoach's modules whose code shapes a prepared template.
_OWN_MODULES = ("rendering/engine.py", "rendering/environment.py", "rendering/package.py")


class Key(NamedTuple):
    """What an entry is for: ``material`` (every input, as text) and the file it lives in."""

    material: str
    path: Path | None


def folder() -> Path | None:
    """The folder entries go in, or ``None`` when there is none (see the module's text)."""
    explicit = os.environ.get("KEHOACH_CACHE_DIR")
    if explicit is not None:
        return Path(explicit) if explicit.strip() else None
    try:
        if sys.platform == "win32":
            local = os.environ.get("LOCALAPPDATA")
            base = Path(local) / "kehoach" / "Cache" if local else None
        elif sys.platform == "darwin":
            base = Path.home() / "Library" / "Caches" / "kehoach"
        else:
            xdg = os.environ.get("XDG_CACHE_HOME", "")
            base = (Path(xdg) if os.path.isabs(xdg) else Path.home() / ".cache") / "kehoach"
    except (RuntimeError, KeyError):  # no home folder known
        return None
    return base


@cache
def _digest(modules: tuple[str, ...]) -> str:
    """SHA-256 of kehoach's source files ``modules`` (paths inside the package)."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parents[1]
    for name in modules:
        digest.update(name.encode() + b"\0" + (package / name).read_bytes())
    return digest.hexdigest()


@cache
def _libraries() -> str:
    """The libraries a prepared template depends on, as one line, read without importing
    those not imported yet (docxtpl brings all of python-docx, lxml is 10 ms)."""
    import jinja2

    return " ".join((
        f"docxtpl={_fingerprint('docxtpl', sources=True)}",
        f"lxml={_fingerprint('lxml', sources=False)}",  # its extension holds libxml2
        f"jinja2={jinja2.__version__}",
        f"zlib={zlib.ZLIB_RUNTIME_VERSION}",
    ))


def _fingerprint(package: str, *, sources: bool) -> str:
    """What tells one installation of ``package`` from another: its files' names, sizes and
    times of change, and with ``sources`` the content of its Python files."""
    digest = hashlib.sha256()
    for entry in sorted(os.scandir(_package_folder(package)), key=lambda e: e.name):
        if not entry.is_file():
            continue
        info = entry.stat()
        digest.update(f"{entry.name}\0{info.st_size}\0{info.st_mtime_ns}\0".encode())
        if sources and entry.name.endswith(".py"):
            with open(entry.path, "rb") as file:
                digest.update(file.read())
    return digest.hexdigest()


def _package_folder(name: str) -> Path:
    """The folder of an installed package, found without importing it."""
    import importlib.util

    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise OSError(f"{name} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def key(kind: str, inputs: tuple[bytes, ...], modules: tuple[str, ...], extra: str = "") -> Key:
    """The key of work of ``kind`` on ``inputs``, done by kehoach's ``modules`` (paths in the
    package, whose sources are hashed) and described further by ``extra`` (library versions,
    settings). kehoach's version, this module and the Python that runs are always in it."""
    try:
        code = _digest((*modules, "rendering/cache.py"))
    except OSError:  # kehoach's sources unreadable: nothing to key on, so no cache
        return Key("", None)
    # The package is imported before any of its modules: its version is there to read (an
    # import of it from here would be an import back up the layers).
    version = getattr(sys.modules.get("kehoach"), "__version__", "?")
    data = hashlib.sha256()
    for item in inputs:
        data.update(len(item).to_bytes(8, "little") + item)
    material = (f"{MAGIC.hex()} {kind} inputs={data.hexdigest()} kehoach={version} "
                f"code={code} python={sys.version} {extra}")
    where = folder()
    name = f"{kind}-{hashlib.sha256(material.encode()).hexdigest()[:32]}.bin"
    return Key(material, where / name if where is not None else None)


def template_key(source: bytes, env: Any, compresslevel: int) -> Key:
    """The key of template ``source`` prepared in ``env`` (kehoach's own environments only)."""
    try:
        libraries = _libraries()
    except OSError:  # docxtpl's sources unreadable: no cache
        return Key("", None)
    kind = type(env)
    return key("template", (source,), _OWN_MODULES,
               f"env={kind.__module__}.{kind.__qualname__} level={compresslevel} {libraries}")


def load(key: Key) -> Any | None:
    """The state stored for ``key``; ``None`` when there is none, or none to be trusted."""
    if key.path is None or not key.material:
        return None
    try:
        with open(key.path, "rb") as file:
            if os.name == "posix":
                info = os.fstat(file.fileno())
                if info.st_uid != os.getuid() or info.st_mode & 0o022:
                    return None
            data = file.read()
    except OSError:
        return None
    head = len(MAGIC) + _DIGEST
    if len(data) <= head or not data.startswith(MAGIC):
        return None
    payload = data[head:]
    if hashlib.sha256(payload).digest() != data[len(MAGIC):head]:
        return None
    try:
        material, state = marshal.loads(payload)
    except (EOFError, ValueError, TypeError):
        return None
    return state if material == key.material else None


def store(key: Key, state: Any) -> bool:
    """Write ``state`` for ``key``, atomically; whether it was written."""
    if key.path is None or not key.material:
        return False
    try:
        payload = marshal.dumps((key.material, state))
    except ValueError:  # something marshal cannot write: nothing to keep
        return False
    import tempfile

    temporary = None
    try:
        key.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".bin",
                                                 dir=key.path.parent)
        with os.fdopen(descriptor, "wb") as file:
            file.write(MAGIC + hashlib.sha256(payload).digest() + payload)
        os.replace(temporary, key.path)
        temporary = None
    except OSError:
        return False
    finally:
        if temporary is not None:
            _remove(temporary)
    _prune(key.path.parent)
    return True


def _prune(where: Path) -> None:
    """Keep the :data:`KEEP` entries written last; remove what a writer killed mid-way left
    (a temporary file over an hour old)."""
    import time

    entries = []
    stale = time.time() - 3600
    try:
        for entry in os.scandir(where):
            if not entry.name.endswith(".bin"):
                continue
            written = entry.stat().st_mtime
            if not entry.name.startswith("."):
                entries.append((written, entry.path))
            elif entry.name.startswith(".tmp-") and written < stale:
                _remove(entry.path)
    except OSError:
        return
    entries.sort(reverse=True)
    for _, path in entries[KEEP:]:
        _remove(path)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
