"""Rendering speed: plain docxtpl against kehoach's engine, batches, plan size, start-up.

    .venv/bin/python benchmarks/bench_render.py            # about a minute
    .venv/bin/python benchmarks/bench_render.py --quick    # fewer repetitions

One run measures, on the Hải Yến plan (examples/hai_yen_2024.py):

* ms per plan with plain docxtpl used the usual way (``DocxTemplate(path)``, ``render``,
  ``save`` to a BytesIO, every time) and with kehoach's engine (template prepared once), both
  from the same context and Jinja environment; their ratio; and ``kehoach.render(plan)`` end
  to end (context included);
* peak memory of one render of each (tracemalloc);
* the throughput of a 1,000-plan batch with ``kehoach.render_many`` on every core (and on one);
* render time for plans of 20, 200 and 2,000 criteria, made from the Hải Yến criteria repeated;
* wall time of ``python -c "import kehoach"``, ``kehoach --help`` and one ``kehoach render``.

Times are the median of several runs after a warm-up; docxtpl and the engine are timed in
alternation, so a change in the machine's load hits both alike. Nothing here is asserted: the numbers go
to docs/performance.md.
"""

from __future__ import annotations

import argparse
import gc
import io
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "examples"))

from hai_yen_2024 import build_plan  # noqa: E402

import kehoach as kh  # noqa: E402
from kehoach.model import CriterionSolution  # noqa: E402
from kehoach.rendering.context import build_context  # noqa: E402
from kehoach.rendering.templating import (  # noqa: E402
    bundled_template,
    bundled_template_path,
    environment,
)


def median_ms(function, repeat: int, number: int = 1) -> float:
    """Median over ``repeat`` runs of the time of ``number`` calls, per call, in ms."""
    function()  # warm-up
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        for _ in range(number):
            function()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times) * 1e3


def paired_ms(first, second, repeat: int, n_first: int = 1, n_second: int = 1
              ) -> tuple[float, float]:
    """Medians of two functions timed in alternation, so a change of load hits both alike."""
    first()
    second()
    a, b = [], []
    for _ in range(repeat):
        for function, number, times in ((first, n_first, a), (second, n_second, b)):
            gc.collect()
            start = time.perf_counter()
            for _ in range(number):
                function()
            times.append((time.perf_counter() - start) / number)
    return statistics.median(a) * 1e3, statistics.median(b) * 1e3


def peak_kib(function) -> float:
    function()
    gc.collect()
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 1024
    finally:
        tracemalloc.stop()


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    from kehoach.batch import cpu_count

    return {"nproc": str(cpu_count()), "cpu": cpu, "python": platform.python_version(),
            "platform": platform.platform()}


def _spin(n: int) -> float:
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - start


def parallel_capacity(processes: int, n: int = 5_000_000) -> float:
    """How many cores' worth of pure-Python work ``processes`` processes get done at once.

    A machine's cores may be hyperthreads or share a CPU quota; this is the speed-up a process
    pool can hope for, whatever it runs.
    """
    from concurrent.futures import ProcessPoolExecutor

    alone = min(_spin(n) for _ in range(3))
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_spin, [n // 10] * processes))  # start the workers
        start = time.perf_counter()
        list(pool.map(_spin, [n] * processes))
        together = time.perf_counter() - start
    return processes * alone / together


def as_plain_plan(plan: kh.Plan) -> kh.Plan:
    """The plan as a plain Kế hoạch (a NewRuralPlan checks criteria numbers against its set)."""
    return kh.Plan(**{field.name: getattr(plan, field.name) for field in attrs.fields(kh.Plan)})


def with_criteria(plan: kh.Plan, count: int) -> kh.Plan:
    """The plan with its criteria repeated (and renumbered) to ``count``, as a plain plan."""
    plan = as_plain_plan(plan)
    for index, part in enumerate(plan.parts):
        criteria = [c for c in part.children if isinstance(c, CriterionSolution)]
        if criteria:
            repeated = [attrs.evolve(criteria[i % len(criteria)], number=i + 1)
                        for i in range(count)]
            others = [c for c in part.children if not isinstance(c, CriterionSolution)]
            parts = list(plan.parts)
            parts[index] = attrs.evolve(part, children=[*repeated, *others])
            return attrs.evolve(plan, parts=parts)
    raise ValueError("the plan has no criteria")


def wall_ms(argv: list[str], repeat: int, cwd: str | None = None) -> float | None:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(argv, capture_output=True, cwd=cwd)
        times.append(time.perf_counter() - start)
        if done.returncode != 0:
            return None
    return statistics.median(times) * 1e3


def kehoach_command() -> list[str]:
    script = Path(sys.executable).with_name("kehoach")
    if script.exists():
        return [str(script)]
    found = shutil.which("kehoach")
    return [found] if found else [sys.executable, "-m", "kehoach"]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--batch", type=int, default=1000, help="plans in the batch (1000)")
    args = parser.parse_args(argv)
    repeat = 5 if args.quick else 15

    from docxtpl import DocxTemplate

    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}, "
          f"{info['platform']}")

    plan = build_plan()
    context = build_context(plan)
    path = bundled_template_path()
    env = environment()
    template = bundled_template()

    def docxtpl_render(ctx=context) -> bytes:
        doc = DocxTemplate(path)
        doc.render(ctx, env)
        out = io.BytesIO()
        doc.save(out)
        return out.getvalue()

    def engine_render(ctx=context) -> bytes:
        return template.render(ctx)

    print("\n== One plan (Hải Yến, 19 criteria), ms per plan, median ==")
    plain, ours = paired_ms(docxtpl_render, engine_render, repeat, 10, 50)
    unchecked = median_ms(lambda: template.engine.__class__(
        template.source, env, check=False).render(context), 3, 1)  # includes preparation
    prepare = median_ms(lambda: template.engine.__class__(template.source, env), repeat, 3)
    end_to_end = median_ms(lambda: kh.render(plan), repeat, 50)
    context_ms = median_ms(lambda: build_context(plan), repeat, 50)
    print(f"plain docxtpl (load, render, save):   {plain:8.2f} ms")
    print(f"kehoach engine (prepared template):   {ours:8.2f} ms")
    print(f"ratio docxtpl / engine:               {plain / ours:8.1f} x")
    print(f"kehoach.render(plan), with context:   {end_to_end:8.2f} ms "
          f"(context {context_ms:.2f} ms)")
    print(f"preparing the template (once):        {prepare:8.2f} ms "
          f"(prepare + one render, unchecked: {unchecked:.2f} ms)")

    print("\n== Peak memory of one render (tracemalloc) ==")
    print(f"plain docxtpl:   {peak_kib(docxtpl_render):8.0f} KiB")
    print(f"kehoach engine:  {peak_kib(engine_render):8.0f} KiB")

    print(f"\n== Batch: {args.batch} plans with kehoach.render_many ==")
    cores = int(info["nproc"])
    print(f"parallel capacity of {cores} processes (busy loops): "
          f"{parallel_capacity(cores):.2f} cores")
    plans = [plan] * args.batch
    for processes in (None, 1):
        start = time.perf_counter()
        documents = kh.render_many(plans, processes=processes)
        elapsed = time.perf_counter() - start
        label = f"all {info['nproc']} cores" if processes is None else "1 process"
        print(f"{label:<12} {elapsed:7.2f} s   {args.batch / elapsed:8.0f} plans/s   "
              f"{elapsed / args.batch * 1e3:6.2f} ms/plan")
        assert len(set(documents)) == 1  # the same plan, the same bytes, from every worker

    print("\n== Plan size: criteria repeated, ms per plan, median ==")
    print(f"{'criteria':>9} {'docx KiB':>9} {'docxtpl':>10} {'engine':>10} {'ratio':>7} "
          f"{'kh.render':>10}")
    sizes = {}
    for count in (20, 200, 2000):
        big = with_criteria(plan, count)
        ctx = build_context(big)
        n = max(1, 20 // (count // 20))
        plain_ms, engine_ms = paired_ms(lambda ctx=ctx: docxtpl_render(ctx),
                                        lambda ctx=ctx: engine_render(ctx),
                                        max(3, repeat // 2), 1, n)
        full_ms = median_ms(lambda big=big: kh.render(big), repeat, n)
        sizes[count] = engine_ms
        print(f"{count:>9} {len(template.render(ctx)) / 1024:>9.0f} {plain_ms:>8.1f}ms "
              f"{engine_ms:>8.2f}ms {plain_ms / engine_ms:>6.1f}x {full_ms:>8.2f}ms")
    print(f"2000 criteria / 20 criteria, engine: {sizes[2000] / sizes[20]:.0f}x "
          "(100x would be linear in criteria)")

    print("\n== Start-up, wall time of a new process, median ==")
    runs = 3 if args.quick else 7
    python = [sys.executable]
    cli = kehoach_command()
    baseline = wall_ms(python + ["-c", "pass"], runs)
    results = {
        "python -c pass": baseline,
        'python -c "import kehoach"': wall_ms(python + ["-c", "import kehoach"], runs),
        'python -c "import kehoach.api"': wall_ms(python + ["-c", "import kehoach.api"], runs),
        "kehoach --help": wall_ms(cli + ["--help"], runs),
    }
    with tempfile.TemporaryDirectory() as tmp:
        try:
            from kehoach import data

            source = data.dump(plan, Path(tmp) / "hai_yen.yaml")
            results["kehoach render hai_yen.yaml"] = wall_ms(
                cli + ["render", str(source), "-o", str(Path(tmp) / "out.docx")], runs)
        except Exception as exc:  # noqa: BLE001 - the command may not exist yet
            print(f"(kehoach render skipped: {exc})")
    for label, value in results.items():
        shown = "skipped (command failed or missing)" if value is None else f"{value:8.1f} ms"
        print(f"{label:<34} {shown}")


if __name__ == "__main__":
    main()
