"""The worst data files we could build inside every limit, read by ``kehoach render``.

    python benchmarks/hostile_data.py                  # every case, one at a time
    python benchmarks/hostile_data.py -k yaml_alias    # the cases whose name holds a word
    python benchmarks/hostile_data.py --list

Each case is a file of one format (YAML, JSON, TOML) kept under every stated limit of
:mod:`kehoach.data.limits` (the file's bytes, its values counted as the reader counts them):
many tiny values, long keys, nesting at the allowed depth, unknown and duplicate keys, aliases,
long strings of escapes, multi-line blocks, numbers at the digit limit, many problems, and, for
comparison, the largest real plan (10 000 criteria). Each is rendered by ``kehoach render`` in
a fresh process with **no memory limit**, measured by ``/usr/bin/time -v`` (wall seconds, CPU
seconds, peak resident size): what a clerk's PC sees. Nothing is asserted: the numbers are for
reading, and ``docs/guarantees.md`` quotes them. ``--timeout`` stops a case that runs on.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from kehoach import data  # noqa: E402
from kehoach.data import limits  # noqa: E402
from kehoach.data.yaml_reader import count_values  # noqa: E402

#: The start of a valid plan, to which a case adds its part.
HEAD = """\
issuer:
  name: [Ủy ban nhân dân, xã Hòa An]
  place: Hòa An
date: 05/02/2026
signer:
  name: Nguyễn Văn An
  title: Chủ tịch
  authorities: [TM. Ủy ban nhân dân]
"""
CAP_BYTES = limits.MAX_FILE_BYTES - 1000
N = limits.MAX_VALUES - 100  # values a case may hold, leaving room for HEAD


def _fill(line: Callable[[int], str], budget: int = CAP_BYTES, count: int = N,
          per: int | None = None) -> str:
    """Lines ``line(0)``, ``line(1)`` … while the bytes and ``count`` values allow (``per``
    values a line, by default guessed from its commas, brackets and keys)."""
    out, size, values = [], 0, 0
    for i in range(count):
        piece = line(i)
        size += len(piece.encode())
        values += _values_of(piece) if per is None else per
        if size > budget or values > count:
            break
        out.append(piece)
    return "".join(out)


def _values_of(piece: str) -> int:
    """The values of one line of a case, as the readers count them (at least one)."""
    code = re.sub(r'"[^"]*"', "", piece)
    return max(1, code.count(",") + code.count("[") + code.count("{") + code.count("=")
               + code.count(".") + code.count(": ") + code.count("- ") - code.count("= [")
               - code.count("= {") - (": [" in code) - (": {" in code))


def _yaml_plan(body: str) -> str:
    return HEAD + "title: Kế hoạch thử\n" + body


def _plan_text(fmt: str, criteria: int) -> str:
    from large_plan import build_plan

    return data.dumps(build_plan(criteria), fmt)


# --------------------------------------------------------------------------------------------
# The cases: name → (format, text)


def yaml_keys() -> str:  # a mapping of unknown keys, each a suggestion away
    return HEAD + "title: x\n" + _fill(lambda i: f"k{i}: 1\n")


def yaml_flow_keys() -> str:
    return HEAD + "title: x\nextra: {" + _fill(lambda i: f"k{i}: 1, ", count=N - 1, per=1) + "z: 1}\n"


def yaml_long_keys() -> str:  # few values, each key 9 000 characters
    return HEAD + "title: x\n" + _fill(lambda i: f"{'k' * 9000}{i}: 1\n")


def yaml_duplicate_keys() -> str:
    return HEAD + _fill(lambda i: "title: x\n")


def yaml_tiny_list() -> str:
    return _yaml_plan("recipients:\n" + _fill(lambda i: "- a\n", per=1))


def yaml_alias_paragraphs() -> str:
    """One anchored list of 5 000 paragraphs used as the children of many parts: the file has
    a few thousand values, the plan millions."""
    anchor = "parts:\n- title: p\n  children: &c\n" + "".join("  - a\n" for _ in range(5000))
    return _yaml_plan(anchor + "".join("- {title: p, children: *c}\n" for _ in range(990)))


def yaml_alias_criteria() -> str:
    """A valid criterion anchored once and used as every item of a part, as far as the
    expanded size allows."""
    crit = ("{type: criterion, number: 1, name: Tiêu chí, actions: duy trì, "
            "deadlines: [thường xuyên], leads: [công chức Văn hóa], coordinators: [Ban]}")
    return _yaml_plan(f"parts:\n- title: p\n  children:\n  - &k {crit}\n"
                      + "".join("  - *k\n" for _ in range(120_000)))


def yaml_alias_long_text() -> str:
    """A text of 99 999 characters (under the limit of one field) used as 99 paragraphs:
    10 million characters to render."""
    return _yaml_plan("parts:\n- title: p\n  children:\n  - &t " + "Trồng cây xanh " * 6666
                      + "\n" + "".join("  - *t\n" for _ in range(98)))


def yaml_merge_keys() -> str:
    """``<<: *a`` copies a mapping of 1 000 keys into each of 1 400 mappings."""
    anchor = "a: &a {" + ", ".join(f"k{i}: 1" for i in range(1000)) + "}\n"
    return HEAD + "title: x\n" + anchor + "b:\n" + "".join(
        "- {<<: *a}\n" for _ in range(1400))


def yaml_deep() -> str:
    """Items nested 24 deep (48 levels of lists and mappings), as many as fit."""
    def nested(depth: int) -> str:
        return "{title: x, children: [" + (nested(depth - 1) if depth else "a") + "]}"
    one = nested(23)
    return _yaml_plan("parts:\n" + _fill(lambda i: f"- {one}\n", per=73))


def yaml_escapes() -> str:
    return _yaml_plan('parts:\n- title: p\n  children:\n  - "' + "\\u00e9" * 1_600_000 + '"\n')


def yaml_multiline() -> str:
    """A block of 240 000 short lines: one value of 1 MB."""
    return _yaml_plan("parts:\n- title: p\n  children:\n  - |\n"
                      + _fill(lambda i: "    dòng\n", count=10**7, per=0))


def yaml_long_numbers() -> str:
    return _yaml_plan("recipients:\n" + _fill(lambda i: f"- {'9' * limits.MAX_INT_DIGITS}\n", per=1))


def yaml_long_float() -> str:
    return _yaml_plan("year: 1." + "1" * (CAP_BYTES - 500) + "\n")


def yaml_control_characters() -> str:
    return _yaml_plan('parts:\n- title: p\n  children:\n  - "' + "\x0b" * 2_000_000 + '"\n')


def yaml_syntax_error_at_end() -> str:
    return HEAD + "title: x\n" + _fill(lambda i: f"k{i}: 'giá trị {i}'\n",
                                       count=N - 10) + "cuoi: \"a\" b\n"


def yaml_many_problems() -> str:
    return _yaml_plan("parts:\n- title: p\n  children:\n" + _fill(
        lambda i: "  - {type: criterion, number: -1, name: ''}\n", per=3))


def yaml_anchors() -> str:
    return _yaml_plan("recipients:\n" + _fill(lambda i: f"- &a{i} b\n", per=1))


def json_keys() -> str:
    return '{"title": "x", "extra": {' + _fill(lambda i: f'"k{i}": 1,', per=1) + '"z": 1}}'


def json_duplicate_keys() -> str:
    return '{' + _fill(lambda i: '"title": "x",', per=1) + '"title": "x"}'


def json_long_keys() -> str:
    return '{"title": "x", ' + _fill(lambda i: f'"{"k" * 9000}{i}": 1, ') + '"z": 1}'


def json_deep() -> str:
    one = "[" * 49 + "1" + "]" * 49
    return '{"title": "x", "recipients": [' + _fill(lambda i: one + ",", per=50) + "1]}"


def json_escapes() -> str:
    return '{"title": "' + "\\u00e9" * 1_600_000 + '"}'


def json_surrogates() -> str:
    return '{"title": "' + "\\ud83c\\udf33" * 800_000 + '"}'


def json_long_numbers() -> str:
    return '{"title": [' + _fill(lambda i: "9" * limits.MAX_INT_DIGITS + ",") + "1]}"


def json_long_float() -> str:
    return '{"title": "x", "year": 1.' + "1" * (CAP_BYTES - 100) + "}"


def json_syntax_error_at_end() -> str:
    return '{"title": "x", "extra": {' + _fill(lambda i: f'"k{i}": "v{i}",\n', per=1) + '"z" 1}}'


def json_tiny_list() -> str:
    return '{"title": [' + _fill(lambda i: "1,") + "1]}"


def toml_keys() -> str:
    return 'title = "x"\n' + _fill(lambda i: f"k{i} = 1\n")


def toml_dotted_keys() -> str:
    """Keys of 49 parts (one under the depth limit), as many as fit."""
    return 'title = "x"\n' + _fill(lambda i: "a." * 48 + f"k{i} = 1\n", per=49)


def toml_table_headers() -> str:
    return 'title = "x"\n' + _fill(lambda i: "[" + "a." * 48 + f"k{i}]\n", per=49)


def toml_inline_deep() -> str:
    one = "{a = " * 48 + "1" + "}" * 48
    return 'title = "x"\n' + _fill(lambda i: f"k{i} = {one}\n", per=49)


def toml_escapes() -> str:
    return 'title = "' + "\\u00e9" * 1_600_000 + '"\n'


def toml_multiline_escapes() -> str:
    return 'title = """' + "\\n" * 4_900_000 + '"""\n'


def toml_long_float() -> str:
    return 'title = "x"\nyear = 1.' + "1" * (CAP_BYTES - 100) + "\n"


def toml_tables() -> str:
    return 'title = "x"\n' + _fill(lambda i: "[[parts]]\n", per=1)


def toml_syntax_error_at_end() -> str:
    return 'title = "x"\n' + _fill(lambda i: f'k{i} = "v{i}"\n', count=N - 10) + "cuoi = a b\n"


def yaml_largest_plan() -> str:
    return _plan_text("yaml", 10_000)


def json_largest_plan() -> str:
    return _plan_text("json", 10_000)


def toml_largest_plan() -> str:
    return _plan_text("toml", 10_000)


CASES: dict[str, Callable[[], str]] = {
    name: fn for name, fn in globals().items()
    if callable(fn) and name.split("_")[0] in ("yaml", "json", "toml")
    and getattr(fn, "__module__", "") == __name__}


def measure(command: list[str], cwd: str, timeout: float) -> dict[str, object]:
    """``/usr/bin/time -v`` of ``command``: exit code, wall and CPU seconds, peak RSS (MiB)."""
    try:
        run = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True,
                             text=True, cwd=cwd, timeout=timeout)
    except subprocess.TimeoutExpired:
        return {"exit": "timeout", "wall": timeout, "cpu": None, "rss": None, "first": ""}
    report = run.stderr

    def field(name: str) -> str:
        return re.search(rf"{re.escape(name)}: (.+)", report).group(1)

    wall = field("Elapsed (wall clock) time (h:mm:ss or m:ss)").split(":")
    seconds = sum(float(p) * 60 ** i for i, p in enumerate(reversed(wall)))
    lines = [line for line in report.splitlines() if not line.startswith("\t")
             and not line.startswith("Command ")]
    return {"exit": run.returncode, "wall": seconds,
            "cpu": float(field("User time (seconds)")) + float(field("System time (seconds)")),
            "rss": int(field("Maximum resident set size (kbytes)")) / 1024,
            "first": lines[0] if lines else "", "lines": len(lines)}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-k", default="", help="only the cases whose name holds this")
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    names = [n for n in CASES if args.k in n]
    if args.list:
        print("\n".join(names))
        return
    print(f"{'case':<26} {'MB':>5} {'values':>7} {'exit':>4} {'wall s':>6} {'CPU s':>6} "
          f"{'RSS MiB':>7}  first line of the message")
    with tempfile.TemporaryDirectory(prefix="kehoach-hostile-") as folder:
        for name in names:
            text = CASES[name]()
            fmt = name.split("_")[0]
            raw = text.encode()
            size = len(raw)
            values = (count_values(text, 10**9)[0] if fmt == "yaml"
                      else limits.values_in(text, fmt))
            file = Path(folder) / f"{name}.{fmt}"
            file.write_bytes(raw)
            result = measure([sys.executable, "-m", "kehoach", "render", file.name, "-o",
                              "out.docx"], folder, args.timeout)
            (Path(folder) / "out.docx").unlink(missing_ok=True)
            file.unlink()
            note = "" if size <= limits.MAX_FILE_BYTES else " (over the byte limit)"
            cpu = "-" if result["cpu"] is None else f"{result['cpu']:.1f}"
            rss = "-" if result["rss"] is None else f"{result['rss']:.0f}"
            print(f"{name:<26} {size / 1e6:5.1f} {values:7d} {result['exit']!s:>4} "
                  f"{result['wall']:6.1f} {cpu:>6} {rss:>7}  {str(result['first'])[:90]}{note}",
                  flush=True)


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
