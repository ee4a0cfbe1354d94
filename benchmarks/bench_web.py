"""kehoach serve: how long a clerk waits for a page and for the check while typing.

    .venv/bin/python benchmarks/bench_web.py            # 60 requests of each kind
    .venv/bin/python benchmarks/bench_web.py --runs 200

The page runs as ``kehoach serve`` runs it (waitress, 4 threads) on a free port of 127.0.0.1,
over a copy of examples/; requests go over real HTTP with one kept-alive connection, as a
browser's. Measured, in the same run and in alternation (a change in the machine's load hits
all alike):

* baseline: a static file (the stylesheet) served by the same app and server;
* the start page; the Hải Yến plan opened in the form (the largest page: 7 pages of plan,
  about 440 fields); a blank plan;
* a validation round trip: the whole Hải Yến form posted, checked as ``kehoach render``
  checks a file, the problems returned as JSON (what the page does while the clerk types);
* an add: the form posted with "add a khoản", the new form returned (the script swaps it in).

Reported: median and 90th percentile in ms, and the median as a multiple of the baseline's.
Nothing is asserted; the numbers go to docs/performance.md. A preview is not measured here: it
is a LibreOffice conversion (benchmarks of kehoach.convert) plus drawing the pages.
"""

from __future__ import annotations

import argparse
import http.client
import platform
import re
import shutil
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=60)
    args = parser.parse_args(argv)

    from webpage import form_pairs

    from kehoach.web.server import make_server, run_in_thread, stop_thread

    work = Path(tempfile.mkdtemp(prefix="kehoach-bench-web-"))
    shutil.copy(ROOT / "examples" / "hai_yen_2024.yaml", work)
    server, app = make_server("127.0.0.1", 0, work)
    thread = run_in_thread(server)
    conn = http.client.HTTPConnection("127.0.0.1", server.effective_port, timeout=60)
    cookie = ""

    def request(method: str, path: str, body: bytes | None = None,
                headers: dict[str, str] | None = None) -> bytes:
        nonlocal cookie
        sent = {"Cookie": cookie} if cookie else {}
        if body is not None:
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers={**sent, **(headers or {})})
        response = conn.getresponse()
        data = response.read()
        if response.status >= 400:
            raise RuntimeError(f"{method} {path}: {response.status}")
        if response.getheader("Set-Cookie"):
            cookie = response.getheader("Set-Cookie").split(";")[0]
        return data

    try:
        start = request("GET", "/").decode()
        token = re.search(r'name="csrf_token" value="([^"]+)"', start).group(1)
        opened = request("POST", "/open-folder", urllib.parse.urlencode(
            {"csrf_token": token, "name": "hai_yen_2024.yaml"}).encode())
        pairs = form_pairs(opened)
        validate = urllib.parse.urlencode([*pairs, ("_action", "validate")]).encode()
        add = urllib.parse.urlencode([*pairs, ("_action", "op"),
                                      ("_op", "add|parts[0].children"),
                                      ("_kind:parts[0].children", "item")]).encode()
        open_body = urllib.parse.urlencode({"csrf_token": token,
                                            "name": "hai_yen_2024.yaml"}).encode()
        cases = {
            "static file (baseline)": ("GET", "/static/kehoach.css", None, {}),
            "start page": ("GET", "/", None, {}),
            "blank plan page": ("GET", "/new?type=nong-thon-moi", None, {}),
            "Hải Yến opened in the form": ("POST", "/open-folder", open_body, {}),
            "validation round trip (Hải Yến)": ("POST", "/plan", validate,
                                                {"Accept": "application/json"}),
            "add a khoản (form swapped)": ("POST", "/plan", add,
                                           {"X-Kehoach-Partial": "fields"}),
        }
        times: dict[str, list[float]] = {name: [] for name in cases}
        sizes = {name: len(request(*case)) for name, case in cases.items()}  # warm up
        for _ in range(args.runs):
            for name, case in cases.items():
                t0 = time.perf_counter()
                request(*case)
                times[name].append((time.perf_counter() - t0) * 1000)
    finally:
        conn.close()
        stop_thread(server, app, thread)
        shutil.rmtree(work, ignore_errors=True)

    base = statistics.median(times["static file (baseline)"])
    print(f"kehoach serve, {args.runs} requests each; Python {platform.python_version()}, "
          f"{platform.machine()}")
    print(f"{'request':36} {'median ms':>10} {'p90 ms':>8} {'× static':>9} {'size':>9}")
    for name, values in times.items():
        values.sort()
        p90 = values[int(0.9 * (len(values) - 1))]
        median = statistics.median(values)
        print(f"{name:36} {median:10.1f} {p90:8.1f} {median / base:9.1f} "
              f"{sizes[name] / 1024:7.0f} kB")


if __name__ == "__main__":
    main()
