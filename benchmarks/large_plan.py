"""How long a plan of 10,000 criteria takes to dump, load and render, and how much memory.

    python benchmarks/large_plan.py                 # 10,000 criteria, YAML
    python benchmarks/large_plan.py -n 2000 -f toml

Times are wall-clock seconds of one run each (best of ``--repeat``); memory is the peak of
Python allocations (tracemalloc, measured in a second, slower pass) and the process's peak
resident size. Nothing is asserted: the numbers are for reading.
"""

from __future__ import annotations

import argparse
import gc
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import kehoach as kh
from kehoach import data
from kehoach.data import formats


def build_plan(n: int) -> kh.Plan:
    """A Kế hoạch whose part III holds ``n`` criteria, each with a deadline, a lead, two
    coordinators (like the criteria of the Hải Yến plan)."""
    criteria = [
        kh.CriterionSolution(
            number=i, name=f"Tiêu chí {i}",
            actions=f"tiếp tục duy trì, nâng cao chất lượng các chỉ tiêu của tiêu chí số {i}; "
                    "huy động các nguồn lực, lồng ghép có hiệu quả các chương trình, dự án.",
            deadlines=[kh.Deadline("thường xuyên trong năm 2024")],
            responsible=[kh.Official("công chức Văn hóa - Xã hội", name="Phạm Thái Dũng",
                               honorific=kh.Honorific.ONG)],
            coordinators=["Các tổ chức chính trị - xã hội", "Ban phát triển thôn"])
        for i in range(1, n + 1)]
    return kh.Plan(
        issuer=kh.Issuer(name=["Ủy ban nhân dân", "xã Hải Yến"], place="Hải Yến"),
        date=kh.IssueDate(2024),
        title=f"Kế hoạch thử với {n} tiêu chí",
        parts=[kh.Part("Giải pháp thực hiện", criteria)],
        signer=kh.Signer("Hứa Xuân Dương", title="Chủ tịch",
                         authorities=[kh.Authority(kh.Mark.TM, "Ủy ban nhân dân")]))


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    best, result = float("inf"), None
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_mib(fn: Callable[[], Any]) -> float:
    gc.collect()
    tracemalloc.start()
    fn()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", "--criteria", type=int, default=10_000)
    parser.add_argument("-f", "--format", choices=data.FORMATS, default="yaml")
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    fmt, n = args.format, args.criteria

    plan = build_plan(n)
    t_dump, text = timed(lambda: data.dumps(plan, fmt), args.repeat)
    raw = text.encode("utf-8")
    t_parse, parsed = timed(lambda: formats.parse(raw, fmt), args.repeat)
    t_structure, loaded = timed(lambda: data.from_data(parsed.data), args.repeat)
    t_load, loaded = timed(lambda: data.loads(raw, fmt), args.repeat)
    assert loaded == plan
    t_render, document = timed(lambda: kh.render(loaded), args.repeat)

    mem_load = peak_mib(lambda: data.loads(raw, fmt))
    mem_render = peak_mib(lambda: kh.render(loaded))
    unit = 2**20 if sys.platform == "darwin" else 2**10  # ru_maxrss: bytes on macOS, else KiB
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / unit

    print(f"kehoach {kh.__version__}, Python {sys.version.split()[0]}, "
          f"YAML parser: {'libyaml' if formats.libyaml() else 'pure Python'}")
    print(f"plan: {n} criteria; {fmt} file {len(raw) / 2**20:.1f} MiB, {text.count(chr(10))} lines; "
          f".docx {len(document) / 2**20:.2f} MiB")
    rows = [
        ("dump (model → text)", t_dump, None),
        ("parse (text → plain data)", t_parse, None),
        ("structure + check (data → model)", t_structure, None),
        ("load (text → model)", t_load, mem_load),
        ("render (model → .docx)", t_render, mem_render),
        ("load + render", t_load + t_render, None),
    ]
    print(f"{'step':<34} {'seconds':>8} {'peak MiB':>9}")
    for name, seconds, mem in rows:
        print(f"{name:<34} {seconds:>8.2f} {'' if mem is None else f'{mem:9.1f}':>9}")
    print(f"process peak resident size: {rss:.0f} MiB")


if __name__ == "__main__":
    main()
