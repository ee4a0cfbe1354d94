"""Safe templates, data that stays data, writes that never half-happen, and the size limits
(issue 7; docs/guarantees.md says what each test stands for).

* A user template (``Template.from_user``) renders in a sandbox: no Python internals, no
  files, no ``|safe``, bounded ``*``/``**``/``range``; every refusal is a RenderError.
* Template syntax in data is printed, never run, by the bundled template and by user ones.
* ``kehoach.save`` writes a temporary file and renames it: a failure while rendering or
  writing (an exception, a full disk, a failed fsync or rename, Ctrl-C) leaves an existing
  file byte for byte as it was and no temporary file behind.
* The largest plan kehoach is tested with (10 000 criteria, 5 000 000 characters) renders in
  bounded memory, measured with tracemalloc here and as the peak RSS of a fresh process.
"""

from __future__ import annotations

import errno
import io
import json
import os
import resource
import signal
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import docx
import pytest
from test_properties import read_paragraphs

import kehoach as kh
from kehoach.errors import RenderError
from kehoach.model import MAX_TEXT_LENGTH
from kehoach.rendering.context import build_context
from kehoach.rendering.templating import Template, bundled_template_path

GiB = 2**30


def small_plan(**changes) -> kh.Plan:
    fields = dict(
        issuer=kh.Issuer(name=["Ủy ban nhân dân", "xã Hải Yến"], place="Hải Yến"),
        date=kh.IssueDate(2024, 2, 5),
        title="Kiểm tra an toàn",
        parts=[kh.Part("Nội dung", [kh.Paragraph("Đoạn văn.")])],
        signer=kh.Signer(name="Hứa Xuân Dương", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
    )
    fields.update(changes)
    return kh.Plan(**fields)


def user_template(*paragraphs: str, title: str | None = None, header: str | None = None) -> bytes:
    """A .docx made in Word's way (python-docx), with Jinja in its paragraphs."""
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    if title is not None:
        document.core_properties.title = title
    if header is not None:
        document.sections[0].header.paragraphs[0].text = header
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# User templates render in a sandbox

MALICIOUS = [
    ("{{ ''.__class__.__mro__ }}", "__class__"),
    ("{{ ''.__class__.__mro__[1].__subclasses__() }}", "__class__"),
    ("{{ cycler.__init__.__globals__ }}", "__init__"),
    ("{{ joiner.__init__.__globals__.os.popen('id').read() }}", "__init__"),
    ("{{ namespace.__init__.__globals__['__builtins__'] }}", "__init__"),
    ("{{ self.__init__.__globals__ }}", "__init__"),
    ("{{ title.__class__.__base__.__subclasses__() }}", "__class__"),
    ("{{ '{0.__class__}'.format(title) }}", "__class__"),
    ("{{ title.upper.__self__ }}", "__self__"),
    ("{% include '/etc/passwd' %}", "include"),
    ("{% import '/etc/passwd' as p %}", "include, import"),
    ("{% from '/etc/passwd' import x %}", "include, import"),
    ("{% extends '/etc/passwd' %}", "extends"),
    ("{{ recipients.append('x') }}", "append"),
    ("{{ 'x' * 10**10 }}", "lặp bằng '*'"),
    ("{{ [0] * 10**9 }}", "lặp bằng '*'"),
    ("{{ 2 ** 1000000 }}", "số mũ"),
    ("{{ range(10**9)|list|length }}", "Range too big"),
    ("{{ lipsum(10**6) }}", "lipsum"),
    ("{{ title|safe }}", "safe"),
    ("{{ config.items() }}", "config"),
]


@pytest.mark.parametrize(("source", "reason"), MALICIOUS, ids=[m[0] for m in MALICIOUS])
def test_a_malicious_user_template_fails_with_a_clear_error(source, reason) -> None:
    data = user_template("Kế hoạch: {{ title }}", source)
    with pytest.raises(RenderError) as caught:
        Template.from_user(data).render({"title": "Tiêu đề", "recipients": ["a"]})
    assert reason in str(caught.value)


@pytest.mark.parametrize("where", ["title", "header"])
def test_the_sandbox_covers_core_properties_and_headers(where) -> None:
    source = "{{ cycler.__init__.__globals__ }}"
    data = user_template("x", **{where: source})
    with pytest.raises(RenderError, match="__init__"):
        Template.from_user(data).render({})


def test_a_user_template_reads_its_data_escaped_and_literal() -> None:
    title = "A & B <w:p> {{ 7*7 }} {% for x in y %} {_{ z }_} “x”"
    data = user_template("Kế hoạch: {{ title }}",
                         "{% for line in recipients %}{{ line }};{% endfor %}")
    out = Template.from_user(data).render({"title": title, "recipients": ["&a", "{{b}}"]})
    texts = read_paragraphs(out)
    assert f"Kế hoạch: {title}" in texts
    assert "&a;{{b}};" in texts


def test_the_sandbox_renders_the_bundled_template_as_kehoach_does(hai_yen_plan) -> None:
    context = build_context(hai_yen_plan)
    sandboxed = Template.from_user(bundled_template_path()).render(context)
    assert sandboxed == kh.render(hai_yen_plan)


# --------------------------------------------------------------------------------------------
# Data is never template code

CODE_IN_DATA = [
    "{{ 7*7 }}", "{% for x in [1, 2] %}{{ x }}{% endfor %}", "{%p if true %}x{%p endif %}",
    "{%tr for r in rows %}", "{{ ''.__class__.__mro__ }}", "{% include '/etc/passwd' %}",
    "{_{ 7*7 }_}", "{_% if 1 %_}", "{# comment #}", "{{r x }}", "${7*7} #{7*7} <%= 7*7 %>",
]


@pytest.mark.parametrize("text", CODE_IN_DATA)
def test_template_syntax_in_data_stays_literal_text(text) -> None:
    # A trích yếu starts with a capital letter (Nghị định 30): the code follows a word there.
    plan = small_plan(title=f"Về {text}", opening=text,
                      parts=[kh.Part("Nội dung", [kh.Paragraph(text), kh.Bullet(text, lead=text)])])
    for data in (kh.render(plan), Template.from_user(bundled_template_path()).render(
            build_context(plan))):
        texts = read_paragraphs(data)
        assert texts.count(text) == 2 and f"Về {text}" in texts  # opening, paragraph; title
        assert f"- {text} {text}" in texts
        assert not any("49" in t for t in texts)


# --------------------------------------------------------------------------------------------
# Writes are atomic

OLD = b"PK an old plan that must survive \x00\xff" * 100


@pytest.fixture
def existing(tmp_path) -> Path:
    path = tmp_path / "ke_hoach.docx"
    path.write_bytes(OLD)
    return path


def _assert_untouched(path: Path) -> None:
    assert path.read_bytes() == OLD
    assert sorted(p.name for p in path.parent.iterdir()) == [path.name], "a temporary file was left"


def test_a_failing_render_leaves_the_old_file(existing, monkeypatch) -> None:
    def explode(self, context):
        raise RuntimeError("rendering failed half-way")

    monkeypatch.setattr(Template, "render", explode)
    with pytest.raises(RuntimeError, match="half-way"):
        kh.save(small_plan(), existing)
    _assert_untouched(existing)


def test_an_unrenderable_plan_leaves_the_old_file(existing) -> None:
    with pytest.raises(Exception):  # noqa: B017 - which error is the registry's business
        kh.save(object(), existing)
    _assert_untouched(existing)


@pytest.mark.parametrize("failure", [
    OSError(errno.ENOSPC, "No space left on device"),
    OSError(errno.EIO, "Input/output error"),
    KeyboardInterrupt(),
])
def test_a_failing_fsync_leaves_the_old_file(existing, monkeypatch, failure) -> None:
    def fsync(fd):
        raise failure

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(type(failure)):
        kh.save(small_plan(), existing)
    _assert_untouched(existing)


def test_a_failing_rename_leaves_the_old_file(existing, monkeypatch) -> None:
    def replace(src, dst):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        kh.save(small_plan(), existing)
    _assert_untouched(existing)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_FSIZE/SIGXFSZ are POSIX")
def test_a_disk_that_fills_mid_write_leaves_the_old_file(existing) -> None:
    """A real short write: the process may write no file past half the new document."""
    plan = small_plan()
    size = len(kh.render(plan))
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # so write() fails with EFBIG
    resource.setrlimit(resource.RLIMIT_FSIZE, (size // 2, hard))
    try:
        with pytest.raises(OSError) as caught:
            kh.save(plan, existing)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)
    assert caught.value.errno == errno.EFBIG
    _assert_untouched(existing)


def test_a_missing_folder_creates_nothing(tmp_path) -> None:
    with pytest.raises(FileNotFoundError):
        kh.save(small_plan(), tmp_path / "khong_co" / "ke_hoach.docx")
    assert list(tmp_path.iterdir()) == []


def test_a_read_only_folder_leaves_the_old_file(existing, monkeypatch) -> None:
    # As root (CI) a chmod cannot make a folder read-only, so the refusal the kernel would
    # give is simulated where kehoach meets it: creating the temporary file beside the target.
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith(".tmp"):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(PermissionError) as caught:
        kh.save(small_plan(), existing)
    assert caught.value.filename == str(existing)  # the file asked for, not the temporary one
    _assert_untouched(existing)


def test_the_new_file_is_whole_and_synced_before_the_rename(existing, monkeypatch) -> None:
    plan = small_plan()
    expected = kh.render(plan)
    synced: list[int] = []
    seen: list[tuple[str, bytes, bool]] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd):
        synced.append(fd)
        return real_fsync(fd)

    def replace(src, dst):
        seen.append((os.fspath(dst), Path(src).read_bytes(), bool(synced)))
        assert Path(src).parent == Path(dst).parent  # same file system: rename is atomic
        return real_replace(src, dst)

    monkeypatch.setattr(os, "fsync", fsync)
    monkeypatch.setattr(os, "replace", replace)
    kh.save(plan, existing)
    assert seen == [(os.fspath(existing), expected, True)]
    assert existing.read_bytes() == expected
    assert sorted(p.name for p in existing.parent.iterdir()) == [existing.name]


# --------------------------------------------------------------------------------------------
# Limits

#: The largest plan kehoach is tested with (docs/guarantees.md).
LARGEST_CRITERIA = 10_000
LARGEST_CHARS = 5_000_000


def largest_plan() -> kh.Plan:
    """10 000 criteria whose names and actions hold 5 000 000 characters of varied text."""
    words = ("xây dựng", "nông thôn", "mới", "nâng cao", "tiêu chí", "Hải Yến", "&", "thực hiện",
             "“kiểu mẫu”", "{{ x }}", "giải pháp", "môi trường", "y tế", "giáo dục", "đường")
    per = LARGEST_CHARS // LARGEST_CRITERIA
    criteria = []
    for i in range(LARGEST_CRITERIA):
        name = f"Tiêu chí {i + 1}"
        body, k = [], i
        while sum(map(len, body)) + len(body) < per:
            body.append(words[k % len(words)])
            k = k * 7 + 3
        actions = " ".join(body)[: per - len(name)]
        criteria.append(kh.CriterionSolution(number=i + 1, name=name, actions=actions.strip()))
    return small_plan(parts=[kh.Part("Giải pháp thực hiện", criteria)])


def _plan_chars(plan: kh.Plan) -> int:
    return sum(len(c.name) + len(c.actions) for c in plan.parts[0].children)


def test_the_largest_plan_renders_whole_in_bounded_memory(capsys) -> None:
    plan = largest_plan()
    chars = _plan_chars(plan)
    assert chars >= LARGEST_CHARS * 0.99
    tracemalloc.start()
    try:
        start = time.perf_counter()
        data = kh.render(plan)
        elapsed = time.perf_counter() - start
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < GiB
    texts = read_paragraphs(data)
    lines = [t for t in texts if t.startswith("- Tiêu chí số ")]
    assert len(lines) == LARGEST_CRITERIA
    for line, c in zip(lines, plan.parts[0].children):
        assert line == f"- Tiêu chí số {c.number} - {c.name}: {c.actions}"
    utf8 = sum(len(c.name.encode()) + len(c.actions.encode()) for c in plan.parts[0].children)
    with capsys.disabled():
        print(f"\nlargest plan: {LARGEST_CRITERIA} criteria, {chars} characters "
              f"({utf8} bytes UTF-8), .docx {len(data)} bytes; "
              f"render {elapsed:.2f} s under tracemalloc, "
              f"Python peak {peak / 2**20:.0f} MiB")


_RSS_SCRIPT = """
import json, sys, time
sys.path.insert(0, sys.argv[1])
from test_safety import largest_plan
import kehoach as kh

def status(key):  # kB, from /proc/self/status
    for line in open("/proc/self/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])

plan = largest_plan()
kh.render(kh.Plan(**{**{f: getattr(plan, f) for f in ("issuer", "date", "title", "signer")},
                     "parts": [kh.Part("x", [kh.Paragraph("warm up")])]}))
try:  # reset the high-water mark, so it measures the render alone (Linux >= 4.0)
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")
    reset = True
except OSError:
    reset = False
before = status("VmRSS")
start = time.perf_counter()
data = kh.render(plan)
elapsed = time.perf_counter() - start
print(json.dumps({"before_kib": before, "peak_kib": status("VmHWM"), "reset": reset,
                  "seconds": elapsed, "size": len(data)}))
"""


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="reads /proc/self/status")
def test_the_largest_plan_peak_rss_in_a_fresh_process(capsys) -> None:
    """tracemalloc sees Python's allocations only; lxml's count in the process's peak RSS."""
    result = subprocess.run([sys.executable, "-c", _RSS_SCRIPT, str(Path(__file__).parent)],
                            capture_output=True, text=True, check=True, timeout=300)
    m = json.loads(result.stdout.strip().splitlines()[-1])
    assert m["peak_kib"] * 1024 < GiB
    with capsys.disabled():
        print(f"\nlargest plan in a fresh process: peak RSS {m['peak_kib'] / 1024:.0f} MiB"
              f"{' during the render' if m['reset'] else ''}, "
              f"{m['before_kib'] / 1024:.0f} MiB before it (plan built, kehoach and the "
              f"tests imported); render {m['seconds']:.2f} s")


def test_one_field_at_the_length_limit_is_kept_whole() -> None:
    """The longest field, in 4-byte characters and characters XML escapes, is not cut."""
    text = ("😀&<\"'\t\n" * MAX_TEXT_LENGTH)[:MAX_TEXT_LENGTH]
    plan = small_plan(parts=[kh.Part("Nội dung", [kh.Paragraph("x" + text[1:])])])
    assert ("x" + text[1:]) in read_paragraphs(kh.render(plan))


def test_a_line_joining_many_long_fields_fails_loudly_rather_than_cut() -> None:
    """Coordinators are joined on one line: 30 of 100 000 emoji are 12 MB of UTF-8 in one
    text run, more than XML readers take. That is an error, never a shorter paragraph."""
    big = "😀" * (MAX_TEXT_LENGTH - 1) + "a"
    plan = small_plan(parts=[kh.Part("Nội dung", [
        kh.CriterionSolution(number=1, actions="x", coordinators=[big] * 30)])])
    with pytest.raises(RenderError, match="word/document.xml dài hơn 10.000.000 byte"):
        kh.render(plan)
