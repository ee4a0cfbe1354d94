"""A running ``kehoach serve`` and a headless Chromium driving it (Debian's ``chromium`` and
``chromium-driver``, through selenium). Used by the browser tests and by
``scripts/web_screenshots.py``."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

CHROMIUM = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
CHROMEDRIVER = ("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver")

#: Chromium as root on a closed network: without the background-networking flags it stalls.
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--disable-extensions", "--disable-default-apps", "--lang=vi",
         "--force-device-scale-factor=1", "--hide-scrollbars")


def find(paths: tuple[str, ...], name: str) -> str | None:
    return next((p for p in paths if Path(p).exists()), None) or shutil.which(name)


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or ``None``."""
    if find(CHROMIUM, "chromium") is None:
        return "Chromium is not installed (apt-get install chromium)"
    if find(CHROMEDRIVER, "chromedriver") is None:
        return "chromedriver is not installed (apt-get install chromium-driver)"
    try:
        import selenium  # noqa: F401
    except ImportError:
        return "selenium is not installed (pip install -e '.[test]')"
    return None


@contextlib.contextmanager
def running_server(folder: Path) -> Iterator[str]:
    """``kehoach serve`` on a free port of 127.0.0.1, in a thread; yields its URL."""
    from kehoach.web.server import make_server, run_in_thread, stop_thread

    server, app = make_server("127.0.0.1", 0, folder)
    thread = run_in_thread(server)
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        stop_thread(server, app, thread)


@contextlib.contextmanager
def chromium(downloads: Path, size: tuple[int, int] = (1400, 1000)) -> Iterator[object]:
    """A headless Chromium with a fresh profile, saving downloads into ``downloads``."""
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    os.environ.setdefault("SE_AVOID_STATS", "true")
    profile = tempfile.mkdtemp(prefix="kehoach-chromium-")
    options = webdriver.ChromeOptions()
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--window-size={size[0]},{size[1]}")
    options.add_argument(f"--user-data-dir={profile}")
    options.binary_location = find(CHROMIUM, "chromium")
    options.add_experimental_option("prefs", {
        "download.default_directory": str(downloads), "download.prompt_for_download": False,
        "intl.accept_languages": "vi,vi-VN"})
    driver = webdriver.Chrome(options=options,
                              service=Service(find(CHROMEDRIVER, "chromedriver")))
    try:
        driver.execute_cdp_cmd("Browser.setDownloadBehavior",
                               {"behavior": "allow", "downloadPath": str(downloads)})
        driver.set_page_load_timeout(120)
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def wait_for_download(folder: Path, suffix: str, before: set[str], timeout: float = 60) -> Path:
    """The file with ``suffix`` that appears in ``folder`` (not in ``before``), once whole."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = [p for p in folder.iterdir() if p.name not in before and p.suffix == suffix]
        if new and not any(p.suffix == ".crdownload" for p in folder.iterdir()):
            return new[0]
        time.sleep(0.1)
    raise TimeoutError(f"no {suffix} downloaded into {folder}")
