"""Prepared templates kept on disk (kehoach.rendering.cache): the same bytes warm or cold, and a
cache that cannot be trusted or written is never used."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from kehoach.rendering import cache, engine
from kehoach.rendering.templating import Template, bundled_template_path

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def folder(tmp_path, monkeypatch):
    where = tmp_path / "cache"
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(where))
    return where


@pytest.fixture(scope="module")
def context(hai_yen_plan):
    from kehoach import registry
    from kehoach.layout.profile import DEFAULT_PROFILE

    return registry.for_plan(hai_yen_plan).build_context(hai_yen_plan, DEFAULT_PROFILE)


@pytest.fixture(scope="module")
def fresh_bytes(context):
    """The Hải Yến document from a template prepared in this process, no cache involved."""
    source = bundled_template_path().read_bytes()
    from kehoach.rendering.environment import environment

    return engine.PreparedTemplate(source, environment()).render(context)


def entries(where: Path) -> list[Path]:
    return sorted(where.glob("template-*.bin"))


def no_preparing(monkeypatch):
    """Make preparing fail: whatever renders now came from the cache."""
    def refuse(self, source):
        raise AssertionError("the template was prepared again")

    monkeypatch.setattr(engine.PreparedTemplate, "_prepare", refuse)


def test_a_template_from_the_cache_renders_the_same_bytes(folder, context, fresh_bytes,
                                                          monkeypatch):
    cold = Template(bundled_template_path())
    assert len(entries(folder)) == 1
    assert cold.render(context) == fresh_bytes
    with monkeypatch.context() as patch:
        no_preparing(patch)
        warm = Template(bundled_template_path())
        assert warm.render(context) == fresh_bytes
    assert warm.engine.rendered_parts == cold.engine.rendered_parts
    assert warm.engine.has_footnotes == cold.engine.has_footnotes
    assert list(folder.glob(".tmp-*")) == [], "no temporary file is left"


def test_cold_and_warm_processes_write_the_same_bytes(folder, tmp_path):
    """A render in a new process from an empty cache, then from the entry it wrote: the same
    document, and the second imports neither docxtpl, python-docx nor lxml."""
    example = ROOT / "examples" / "hai_yen_2024.yaml"
    code = ("import sys; from kehoach.cli import main\n"
            "try:\n    main(sys.argv[1:])\nexcept SystemExit as exit:\n"
            "    assert not exit.code, exit.code\n"
            "print(sorted(m for m in ('docxtpl', 'docx', 'lxml') if m in sys.modules))")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    seen = []
    for name in ("cold", "warm"):
        done = subprocess.run([sys.executable, "-c", code, "render", str(example), "-o",
                               str(tmp_path / f"{name}.docx")], env=env, capture_output=True,
                              text=True, timeout=120)
        assert done.returncode == 0, done.stderr
        seen.append(done.stdout.strip().splitlines()[-1])
    assert seen[0] != "[]", "the cold process prepares the template with docxtpl"
    assert seen[1] == "[]"
    assert (tmp_path / "cold.docx").read_bytes() == (tmp_path / "warm.docx").read_bytes()
    assert len(entries(folder)) == 1


@pytest.mark.parametrize("damage", ["truncated", "a byte changed", "empty", "not ours"])
def test_a_damaged_entry_is_ignored_and_written_anew(folder, context, fresh_bytes, damage):
    Template(bundled_template_path())
    [entry] = entries(folder)
    data = entry.read_bytes()
    if damage == "truncated":
        entry.write_bytes(data[: len(data) // 2])
    elif damage == "a byte changed":
        middle = len(data) // 2
        entry.write_bytes(data[:middle] + bytes([data[middle] ^ 0x55]) + data[middle + 1:])
    elif damage == "empty":
        entry.write_bytes(b"")
    else:
        entry.write_bytes(b"PK\x03\x04" + data[4:])
    assert Template(bundled_template_path()).render(context) == fresh_bytes
    assert entry.read_bytes() == data, "the entry is written again, whole"


def test_an_entry_for_other_inputs_is_not_used(folder, context, fresh_bytes, monkeypatch):
    """An entry whose recorded key differs (another kehoach, docxtpl, Python …), though
    well-formed and under the expected name, is stale: prepared anew."""
    Template(bundled_template_path())
    [entry] = entries(folder)
    source = bundled_template_path().read_bytes()
    from kehoach.rendering.environment import environment

    key = cache.template_key(source, environment(), 6)
    assert key.path == entry
    state = cache.load(key)
    assert state is not None
    stale = cache.Key(key.material.replace("jinja2=", "jinja2=0.0-"), key.path)
    assert cache.store(stale, state)
    assert cache.load(key) is None
    assert Template(bundled_template_path()).render(context) == fresh_bytes
    assert cache.load(key) is not None


def test_an_entry_of_another_shape_is_prepared_anew(folder, context, fresh_bytes):
    source = bundled_template_path().read_bytes()
    from kehoach.rendering.environment import environment

    key = cache.template_key(source, environment(), 6)
    assert cache.store(key, {"parts": [("word/document.xml", "body")]})
    assert Template(bundled_template_path()).render(context) == fresh_bytes
    assert isinstance(cache.load(key), dict) and "layout" in cache.load(key)


@pytest.mark.skipif(os.name != "posix", reason="owners and modes are POSIX's")
def test_an_entry_others_may_write_is_not_trusted(folder, context, fresh_bytes, monkeypatch):
    Template(bundled_template_path())
    [entry] = entries(folder)
    entry.chmod(0o666)
    source = bundled_template_path().read_bytes()
    from kehoach.rendering.environment import environment

    assert cache.load(cache.template_key(source, environment(), 6)) is None
    assert Template(bundled_template_path()).render(context) == fresh_bytes
    assert entry.stat().st_mode & 0o077 == 0


def test_a_folder_that_cannot_be_written_means_no_cache(tmp_path, monkeypatch, context,
                                                        fresh_bytes):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("KEHOACH_CACHE_DIR", str(blocker / "cache"))
    assert Template(bundled_template_path()).render(context) == fresh_bytes
    assert Template(bundled_template_path()).render(context) == fresh_bytes
    monkeypatch.setenv("KEHOACH_CACHE_DIR", "")  # set but empty: no cache at all
    assert cache.folder() is None
    assert Template(bundled_template_path()).render(context) == fresh_bytes


def test_the_key_follows_the_template_the_environment_and_the_level(folder):
    from kehoach.rendering.environment import environment
    from kehoach.rendering.sandbox import sandboxed_environment

    source = bundled_template_path().read_bytes()
    env = environment()
    keys = {cache.template_key(source, env, 6).path,
            cache.template_key(source + b"\0", env, 6).path,
            cache.template_key(source, env, 1).path,
            cache.template_key(source, sandboxed_environment(), 6).path}
    assert len(keys) == 4
    assert cache.template_key(source, environment(), 6) == cache.template_key(source, env, 6)


def test_the_libraries_fingerprint_follows_their_files(tmp_path, monkeypatch):
    package = tmp_path / "fakelib"
    package.mkdir()
    (package / "__init__.py").write_text("x = 1\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    first = cache._fingerprint("fakelib", sources=True)
    (package / "__init__.py").write_text("x = 2\n")  # same size, other content
    assert cache._fingerprint("fakelib", sources=True) != first
    (package / "_speedups.so").write_bytes(b"\0" * 10)
    second = cache._fingerprint("fakelib", sources=False)
    (package / "_speedups.so").write_bytes(b"\0" * 11)
    assert cache._fingerprint("fakelib", sources=False) != second


def test_a_user_template_is_not_cached_in_the_sandbox(folder):
    Template.from_user(bundled_template_path())
    assert entries(folder) == []


def test_old_entries_are_pruned(folder, monkeypatch):
    monkeypatch.setattr(cache, "KEEP", 3)
    for i in range(6):
        assert cache.store(cache.key(f"test{i}", (b"x",), ()), i)
        path = cache.key(f"test{i}", (b"x",), ()).path
        os.utime(path, ns=(i * 10**9, i * 10**9))
    stale = folder / ".tmp-left-by-a-killed-writer.bin"
    stale.write_bytes(b"")
    os.utime(stale, (0, 0))
    cache.store(cache.key("test6", (b"x",), ()), 6)
    left = sorted(p.name.split("-")[0] for p in folder.glob("*.bin"))
    assert left == ["test4", "test5", "test6"]
    assert not stale.exists()
    assert cache.load(cache.key("test6", (b"x",), ())) == 6
    assert cache.load(cache.key("test0", (b"x",), ())) is None
