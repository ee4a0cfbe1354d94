"""Speed of the data files' markup reader (issue 10, review): linear in the text, any text.

    .venv/bin/python benchmarks/bench_markup.py

For each input that once made the reader quadratic (markers opened and never closed under
markers of another kind, unclosed footnotes, markers of two kinds nested deep) and for plain
prose of the same length, it times :func:`kehoach.model.parse_markup` on a text of n and of
16 n characters, in CPU time, alternating so that the machine's load hits both alike. A linear
reader gives a ratio near 16 (the 16 n text costs 16 times the n text) and the same cost per
character as prose within a small factor; a quadratic one gives about 256. Nothing is
asserted; the numbers go to docs/performance.md.
"""

from __future__ import annotations

import gc
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from kehoach.model import parse_markup  # noqa: E402

INPUTS = {
    "prose": lambda n: ("Tổ chức **lần thứ nhất** vào tháng 5, *(trừ thôn Nà Pàn)* và các xã. "
                        * (n // 64 + 1))[:n],
    "unclosed under others": lambda n: ("**a " * (n // 8 + 1) + "x*y " * (n // 8 + 1))[:n],
    "unclosed footnotes": lambda n: ("^[" * (n // 2 + 1))[:n],
    "nested kinds": lambda n: "".join("*a " if i % 2 else "**a " for i in range(n // 7))
    + "".join("a* " if i % 2 else "a** " for i in range(n // 7)),
}


def cpu(text: str, repeat: int) -> float:
    out = []
    for _ in range(repeat):
        gc.collect()
        start = time.process_time()
        parse_markup(text)
        out.append(time.process_time() - start)
    return statistics.median(out)


def main(n: int = 10_000) -> None:
    print(f"{'input':24} {'n ms':>8} {'16n ms':>9} {'16n/n':>6} {'µs/char at 16n':>15}")
    for name, make in INPUTS.items():
        small, large = make(n), make(16 * n)
        a, b = [], []
        for _ in range(5):  # alternate, so a change of load hits both
            a.append(cpu(small, 3))
            b.append(cpu(large, 1))
        t1, t16 = statistics.median(a), statistics.median(b)
        print(f"{name:24} {t1 * 1e3:8.1f} {t16 * 1e3:9.1f} {t16 / t1:6.1f} "
              f"{t16 / len(large) * 1e6:15.2f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
