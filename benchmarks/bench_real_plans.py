"""Speed of the shapes of real plans (issue 10): does the Hải Yến plan render as fast as before?

    .venv/bin/python benchmarks/bench_real_plans.py --before /path/to/older/tree

``--before`` is a checkout (or ``git archive``) of kehoach before the change, with its ``src``,
``templates`` and ``examples`` (``--rounds N`` also times ``kehoach.render`` end to end, the
older tree and this one each in a process of its own, in turn, N rounds). The older tree builds the Hải Yến context in a child process
(its own code, its own example); this process then times, in alternation so that a change of
the machine's load hits all alike:

* plain docxtpl rendering the older template with the older context: the yardstick, the same
  work in both versions;
* kehoach's engine rendering the older template with the older context (before);
* kehoach's engine rendering this tree's template with this tree's context (after);
* ``kehoach.render(plan)`` end to end, and the context alone, in this tree.

The ratios yardstick / before and yardstick / after are the numbers to compare. The child
process also times the older ``build_context`` against the older ``kehoach.render`` (the
context's share before). Then the third example (``examples/chuyen_doi_so_2026.py``: rich
text, tables, footnotes, a landscape section) is timed the same way, against docxtpl on its
own template. Nothing is asserted; the numbers go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import io
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REPEAT = 31

#: Run in the older tree: its Hải Yến context as JSON, and its context and render times.
CHILD = r"""
import gc, importlib.util, json, statistics, sys, time
from pathlib import Path
import kehoach as kh
from kehoach.rendering.context import build_context
root = Path(kh.__file__).resolve().parents[2]
spec = importlib.util.spec_from_file_location("hai_yen", root / "examples" / "hai_yen_2024.py")
module = importlib.util.module_from_spec(spec); spec.loader.exec_module(module)
plan = module.build_plan()
def median(f, n=31, number=5):
    f(); out = []
    for _ in range(n):
        gc.collect(); s = time.process_time()
        for _ in range(number): f()
        out.append((time.process_time() - s) / number)
    return statistics.median(out) * 1e3
print(json.dumps({"context": build_context(plan), "context_ms": median(lambda: build_context(plan)),
                  "render_ms": median(lambda: kh.render(plan))}))
"""


def load(path: Path):
    spec = importlib.util.spec_from_file_location(path.stem, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


def paired(functions, repeat: int = REPEAT, number: int = 5) -> list[float]:
    """Median ms of each function, timed in turn ``repeat`` times (``number`` calls each)
    after a warm-up. The time is this process's CPU time, which another process's load does
    not inflate as it inflates the wall clock (a shared machine is what these numbers were
    taken on)."""
    for f in functions:
        f()
    times: list[list[float]] = [[] for _ in functions]
    for _ in range(repeat):
        for f, out in zip(functions, times):
            gc.collect()
            start = time.process_time()
            for _ in range(number):
                f()
            out.append((time.process_time() - start) / number)
    return [statistics.median(t) * 1e3 for t in times]


def docxtpl_renderer(source: bytes, context: dict):
    from docxtpl import DocxTemplate

    from kehoach.rendering.templating import environment

    env = environment()

    def render() -> bytes:
        doc = DocxTemplate(io.BytesIO(source))
        doc.render(context, env)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    return render


#: Run in a tree of its own: kehoach.render and the context of the Hải Yến plan, CPU ms.
END_TO_END = CHILD.replace(
    'print(json.dumps({"context": build_context(plan), ',
    'print(json.dumps({')


def own_processes(trees: list[Path], rounds: int) -> list[tuple[float, float]]:
    """``kehoach.render`` end to end and the context alone, each tree in a process of its own,
    the trees taken in turn ``rounds`` times (a change of the machine's load hits all alike):
    the median of each tree's rounds."""
    results: list[list[dict]] = [[] for _ in trees]
    for _ in range(rounds):
        for tree, out in zip(trees, results):
            child = subprocess.run([sys.executable, "-c", END_TO_END], capture_output=True,
                                   text=True, check=True,
                                   env={"PYTHONPATH": str(tree / "src"), "PATH": "/usr/bin:/bin"})
            out.append(json.loads(child.stdout))
    return [(statistics.median(r["render_ms"] for r in rs),
             statistics.median(r["context_ms"] for r in rs)) for rs in results]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", type=Path, required=True, help="the older tree")
    parser.add_argument("--rounds", type=int, default=0,
                        help="also time kehoach.render end to end, each tree in its own "
                             "process, alternating this many rounds")
    args = parser.parse_args(argv)
    if args.rounds:
        (old_render, old_context), (new_render, new_context) = own_processes(
            [args.before, ROOT], args.rounds)
        print(f"Hải Yến end to end, own processes in turn, {args.rounds} rounds (CPU ms)")
        print(f"  before  kehoach.render {old_render:6.2f}  context {old_context:5.2f}")
        print(f"  after   kehoach.render {new_render:6.2f}  context {new_context:5.2f}   "
              f"ratio after/before {new_render / old_render:4.2f}")

    import kehoach as kh
    from kehoach import api, registry
    from kehoach.rendering.templating import Template

    child = subprocess.run([sys.executable, "-c", CHILD], capture_output=True, text=True,
                           check=True, env={"PYTHONPATH": str(args.before / "src"),
                                            "PATH": "/usr/bin:/bin"})
    old = json.loads(child.stdout)
    old_template = Template(args.before / "templates" / "ke_hoach.docx")
    old_bytes = old_template.source

    plan = load(ROOT / "examples" / "hai_yen_2024.py").build_plan()
    plan_type = registry.for_plan(plan)
    profile = api.profile_of(plan)
    context = plan_type.build_context(plan, profile)
    template = api._template_for(plan_type, profile)

    yardstick, before, after, end_to_end, context_ms = paired([
        docxtpl_renderer(old_bytes, old["context"]),
        lambda: old_template.render(old["context"]),
        lambda: template.render(context),
        lambda: kh.render(plan),
        lambda: plan_type.build_context(plan, profile),
    ])
    print("Hải Yến (CPU ms per plan, medians of paired runs in one process)")
    print(f"  docxtpl, older template (yardstick)   {yardstick:8.2f}")
    print(f"  engine, before                        {before:8.2f}   ratio {yardstick / before:5.1f}x")
    print(f"  engine, after                         {after:8.2f}   ratio {yardstick / after:5.1f}x")
    print(f"  kehoach.render, before (own process)  {old['render_ms']:8.2f}   "
          f"(context {old['context_ms']:.2f})")
    print(f"  kehoach.render, after                 {end_to_end:8.2f}   (context {context_ms:.2f})")

    third = load(ROOT / "examples" / "chuyen_doi_so_2026.py").build_plan()
    third_type = registry.for_plan(third)
    third_context = third_type.build_context(third, profile)
    third_template = api._template_for(third_type, profile, bool(third_context["footnotes"]))
    d, e, r = paired([docxtpl_renderer(third_template.source, third_context),
                      lambda: third_template.render(third_context), lambda: kh.render(third)])
    print("Third example (rich text, 3 tables, 2 footnotes, a landscape section)")
    print(f"  docxtpl {d:.2f}, engine {e:.2f} (ratio {d / e:.1f}x), kehoach.render {r:.2f}")


if __name__ == "__main__":
    main()
