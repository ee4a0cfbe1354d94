"""What people wait for: PDF export, rendered checks and one-file commands, against baselines.

    .venv/bin/python benchmarks/bench_convert.py              # about 5 minutes
    .venv/bin/python benchmarks/bench_convert.py --runs 3 --no-huge

Each step runs as a user runs it (a new ``kehoach`` process, wall time) and is timed against its
baseline in the same run, in alternation where both are cheap enough to repeat:

* ``render --pdf`` of the Hải Yến plan: the baseline tree (``git archive c6dfc61``, a fresh
  LibreOffice for each PDF) against this tree with this user's warm LibreOffice (started once,
  before timing, as the first command of a session starts it);
* ``kehoach pdf`` of 20 plans: one ``soffice --convert-to`` call over the 20 files against
  ``kehoach pdf`` (warm listener, and with ``KEHOACH_CONVERTER=soffice``);
* ``kehoach check`` of the Hải Yến plan with the rendered rules: baseline tree against this
  tree (warm listener);
* ``kehoach check`` of a 2,000-criteria plan (466 pages): against LibreOffice's conversion of
  the same file alone, with the check's peak memory (RSS of the Python process); a
  10,000-criteria plan once, to show it ends (``--no-huge`` skips it);
* ``kehoach render hai_yen_2024.yaml`` and ``import kehoach.api`` with
  ``PYTHONDONTWRITEBYTECODE=1`` (no ``.pyc`` written), baseline tree against this tree; this
  tree's render as a user's second and later renders run (its template cache, written by the
  first, in a folder of the run's own), and once from an empty cache.

The baseline tree renders the Hải Yến YAML of its own commit (the data file's keys were renamed
since). ``--startup`` runs the last step only (a minute or two).

Nothing is asserted: the ratios go to docs/performance.md with the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
sys.path.insert(0, str(ROOT / "examples"))

from bench_startup import DEFAULT_BASELINE, export  # noqa: E402

#: Runs a kehoach command in this interpreter and prints its peak RSS (KiB) on stderr's last
#: line, whatever the command's exit code.
_MEASURED = """
import resource, sys
from kehoach.cli import main
code = 0
try:
    main(sys.argv[1:])
except SystemExit as exit:
    code = exit.code if isinstance(exit.code, int) else 1
finally:
    sys.stderr.write("\\nMAXRSS_KIB %d\\n" % resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
sys.exit(code)
"""


def wall(argv: list[str], env: dict[str, str], *, ok: tuple[int, ...] = (0, 1)
         ) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-2000:]}")
    return elapsed, done


def paired(first, second, runs: int) -> tuple[float, float]:
    """Medians (s) of two commands timed in alternation, after one warm-up each."""
    first()
    second()
    a, b = [], []
    for _ in range(runs):
        a.append(first())
        b.append(second())
    return statistics.median(a), statistics.median(b)


def plan_with(count: int, path: Path) -> Path:
    from bench_render import with_criteria
    from hai_yen_2024 import build_plan

    import kehoach as kh

    kh.save(with_criteria(build_plan(), count), path)
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--baseline", default=DEFAULT_BASELINE)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--no-huge", action="store_true", help="skip the 10,000 criteria")
    parser.add_argument("--startup", action="store_true",
                        help="only the one-file render and the import, with "
                             "PYTHONDONTWRITEBYTECODE=1")
    args = parser.parse_args(argv)

    from bench_render import machine

    info = machine()
    print(f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}, "
          f"{info['platform']}")
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    version = subprocess.run([soffice, "--version"], capture_output=True, text=True,
                             check=False).stdout.strip()
    print(f"LibreOffice: {version}")
    python = sys.executable
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp_name:
        tmp = Path(tmp_name)
        base_src = export(args.baseline, tmp)
        base_env = dict(os.environ, PYTHONPATH=str(base_src), KEHOACH_CONVERTER="soffice")
        runtime = tmp / "runtime"
        now_env = dict(os.environ, PYTHONPATH=str(ROOT / "src"), KEHOACH_CONVERTER="auto",
                       KEHOACH_RUNTIME_DIR=str(runtime), KEHOACH_CACHE_DIR=str(tmp / "cache"))
        for env in (base_env, now_env):
            env.pop("PYTHONDONTWRITEBYTECODE", None)
        kehoach = [python, "-m", "kehoach"]
        yaml_file = ROOT / "examples" / "hai_yen_2024.yaml"
        base_yaml = tmp / "hai_yen_2024.yaml"  # the baseline's own version of the data file
        base_yaml.write_bytes(subprocess.run(
            ["git", "-C", str(ROOT), "show", f"{args.baseline}:examples/hai_yen_2024.yaml"],
            check=True, capture_output=True).stdout)
        work = tmp / "work"
        work.mkdir()
        try:
            if args.startup:
                _startup(args, tmp, work, base_env, now_env, kehoach, yaml_file, base_yaml,
                         python, {})
            else:
                _run(args, tmp, work, base_env, now_env, kehoach, yaml_file, base_yaml,
                     soffice, python)
        finally:
            subprocess.run([python, "-m", "kehoach", "pdf", "--stop"], env=now_env,
                           capture_output=True, check=False)


def _run(args, tmp, work, base_env, now_env, kehoach, yaml_file, base_yaml, soffice,  # noqa: ANN001, PLR0913
         python) -> None:
    runs = args.runs
    results: dict[str, object] = {}

    # -- warm the listener, as the first command of a session does ----------------------
    started, _ = wall(kehoach + ["render", str(yaml_file), "-o", str(work / "warm.docx"),
                                 "--pdf"], now_env)
    print(f"\nfirst render --pdf of a session (starts the warm LibreOffice): {started:.2f} s")

    print("\n== render --pdf, Hải Yến, one plan (s, median of "
          f"{runs}, alternating) ==")
    base, now = paired(
        lambda: wall(kehoach + ["render", str(base_yaml), "-o", str(work / "b.docx"), "--pdf"],
                     base_env)[0],
        lambda: wall(kehoach + ["render", str(yaml_file), "-o", str(work / "n.docx"), "--pdf"],
                     now_env)[0], runs)
    print(f"baseline (one-shot soffice): {base:6.2f}   warm converter: {now:6.2f}   "
          f"speed-up {base / now:4.1f}x")
    results["render_pdf"] = (base, now)

    print("\n== 20 plans to PDF (s) ==")
    docs = tmp / "docs20"
    docs.mkdir()
    source = work / "n.docx"
    files = []
    for i in range(20):
        files.append(docs / f"plan{i:02d}.docx")
        shutil.copy(source, files[-1])
    profile = (tmp / "lo-profile").as_uri()

    def soffice_batch() -> float:
        return wall([soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore",
                     "--convert-to", "pdf", "--outdir", str(tmp / "out-soffice"),
                     *map(str, files)], base_env)[0]

    def kehoach_pdf() -> float:
        return wall(kehoach + ["pdf", *map(str, files), "-o", str(tmp / "out-kehoach")],
                    now_env)[0]

    one, warm = paired(soffice_batch, kehoach_pdf, max(1, runs // 2))
    oneshot_env = dict(now_env, KEHOACH_CONVERTER="soffice")
    cold = wall(kehoach + ["pdf", *map(str, files), "-o", str(tmp / "out-cold")],
                oneshot_env)[0]
    print(f"one soffice --convert-to call: {one:6.2f}   kehoach pdf (warm): {warm:6.2f} "
          f"(ratio {warm / one:4.2f})   kehoach pdf (KEHOACH_CONVERTER=soffice): {cold:6.2f} "
          f"(ratio {cold / one:4.2f})")
    results["pdf20"] = (one, warm, cold)

    print(f"\n== kehoach check, Hải Yến, rendered rules (s, median of {runs}) ==")
    docx = work / "n.docx"
    base, now = paired(lambda: wall(kehoach + ["check", str(docx)], base_env)[0],
                       lambda: wall(kehoach + ["check", str(docx)], now_env)[0], runs)
    no_render = statistics.median(wall(kehoach + ["check", "--no-render", str(docx)],
                                       now_env)[0] for _ in range(runs))
    print(f"baseline: {base:6.2f}   warm converter: {now:6.2f}   speed-up {base / now:4.1f}x"
          f"   (--no-render: {no_render:.2f})")
    results["check"] = (base, now)

    print("\n== kehoach check of large plans (s, peak RSS of the Python process) ==")
    for count in (2000, 10000):
        if count == 10000 and args.no_huge:
            continue
        big = plan_with(count, tmp / f"c{count}.docx")
        alone = wall([soffice, f"-env:UserInstallation={profile}", "--headless",
                      "--norestore", "--convert-to", "pdf", "--outdir", str(tmp / "big"),
                      str(big)], base_env)[0]
        pages = _pages(tmp / "big" / f"c{count}.pdf")
        elapsed, done = wall([python, "-c", _MEASURED, "check", str(big)], now_env,
                             ok=(0, 1, 3))
        rss = int(done.stderr.rsplit("MAXRSS_KIB", 1)[1].split()[0]) / 1024
        verdict = next((line for line in done.stdout.splitlines()
                        if line.startswith(("ĐẠT", "KHÔNG ĐẠT", "CHƯA KẾT LUẬN"))), "?")
        print(f"{count:>6} criteria, {pages} pages: LibreOffice alone {alone:6.1f}   "
              f"kehoach check {elapsed:6.1f} (ratio {elapsed / alone:4.1f})   "
              f"peak {rss:5.0f} MB   verdict: {verdict[:70]}")
        results[f"check{count}"] = (alone, elapsed, rss, verdict)

    _startup(args, tmp, work, base_env, now_env, kehoach, yaml_file, base_yaml, python,
             results)


def _startup(args, tmp, work, base_env, now_env, kehoach, yaml_file, base_yaml, python,  # noqa: ANN001, PLR0913
             results) -> None:
    runs = args.runs
    print(f"\n== start-up with PYTHONDONTWRITEBYTECODE=1 (ms, median of {runs * 2}, "
          f"load average {os.getloadavg()[0]:.1f} at the start) ==")
    # Both trees as a fresh install leaves them: sources only, no .pyc written beforehand.
    fresh = tmp / "current"
    shutil.copytree(ROOT / "src", fresh / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copytree(ROOT / "templates", fresh / "templates")
    base_nb = dict(base_env, PYTHONDONTWRITEBYTECODE="1")
    now_nb = dict(now_env, PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(fresh / "src"))
    cold_env = dict(now_nb, KEHOACH_CACHE_DIR=str(tmp / "cold-cache"))
    render = kehoach + ["render", str(yaml_file), "-o", str(work / "s.docx")]
    first = wall(render, cold_env)[0]  # a fresh install's first render: nothing cached
    for label, base_command, command in (
            ("kehoach render hai_yen_2024.yaml",
             kehoach + ["render", str(base_yaml), "-o", str(work / "sb.docx")], render),
            ('python -c "import kehoach.api"', [python, "-c", "import kehoach.api"],
             [python, "-c", "import kehoach.api"])):
        base, now = paired(lambda c=base_command: wall(c, base_nb)[0],
                           lambda c=command: wall(c, now_nb)[0], runs * 2)
        print(f"{label:<34} baseline {base * 1000:7.0f}   now {now * 1000:7.0f}   "
              f"ratio {now / base:4.2f}")
        results[label] = (base, now)
    print(f"(the first render after installing, with nothing in the cache: {first * 1000:.0f} ms;"
          f" load average {os.getloadavg()[0]:.1f} at the end)")
    (tmp / "results.json").write_text(json.dumps(results, default=str))


def _pages(pdf: Path) -> int:
    try:
        import pypdfium2

        return len(pypdfium2.PdfDocument(str(pdf)))
    except Exception:  # noqa: BLE001
        return 0


if __name__ == "__main__":
    main()
