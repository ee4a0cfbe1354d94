"""Start-up: kehoach's commands against the same commands of an earlier kehoach, in one run.

    .venv/bin/python benchmarks/bench_startup.py                  # baseline: c6dfc61
    .venv/bin/python benchmarks/bench_startup.py --baseline HEAD~3 --runs 30

The baseline's ``src/`` and ``templates/`` are exported with ``git archive`` into a temporary
folder; each command then runs with ``PYTHONPATH`` set to one tree or the other, in
alternation (so a change in the machine's load hits both alike), with the same interpreter and
installed libraries. Reported: the median wall time of each and the ratio current/baseline
(below 1: faster now). Nothing is asserted; the numbers go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The last commit before the package was split into layers (issue 12).
DEFAULT_BASELINE = "c6dfc61"

COMMANDS = {
    "import kehoach": ["-c", "import kehoach"],
    "import kehoach.api": ["-c", "import kehoach.api"],
    "kehoach --help": ["-m", "kehoach", "--help"],
    "kehoach render hai_yen_2024.yaml": ["-m", "kehoach", "render",
                                         str(ROOT / "examples" / "hai_yen_2024.yaml"),
                                         "-o", "{out}/hai_yen.docx"],
}


def export(ref: str, folder: Path) -> Path:
    """``src/`` and ``templates/`` of ``ref``, unpacked in ``folder``."""
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", ref, "src",
                              "templates"], check=True, capture_output=True).stdout
    tar = folder / "baseline.tar"
    tar.write_bytes(archive)
    with tarfile.open(tar) as t:
        t.extractall(folder / "tree", filter="data")
    return folder / "tree" / "src"


def wall_s(argv: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        tmp_path = Path(tmp)
        trees = {"baseline": export(args.baseline, tmp_path), "current": ROOT / "src"}
        envs = {}
        for name, src in trees.items():
            env = dict(os.environ, PYTHONPATH=str(src))
            env.pop("PYTHONDONTWRITEBYTECODE", None)
            envs[name] = env
        print(f"{'command':<36} {'baseline ms':>12} {'current ms':>12} {'ratio':>7}")
        for label, command in COMMANDS.items():
            argv_ = [sys.executable, *(part.format(out=tmp) for part in command)]
            times: dict[str, list[float]] = {"baseline": [], "current": []}
            for name in times:  # warm-up: byte-compile both trees
                wall_s(argv_, envs[name])
            for _ in range(args.runs):
                for name in times:
                    times[name].append(wall_s(argv_, envs[name]))
            base, now = (statistics.median(times[n]) * 1000 for n in ("baseline", "current"))
            print(f"{label:<36} {base:12.1f} {now:12.1f} {now / base:7.2f}")


if __name__ == "__main__":
    main()
