"""Pictures of kehoach serve for the documentation, taken in headless Chromium.

    .venv/bin/python scripts/web_screenshots.py            # writes docs/images/web_*.png

It starts the page on a free port of 127.0.0.1 over a copy of examples/, opens the Hải Yến
plan, and takes: the form (``web_form.png``), the form beside page 1 of the preview
(``web_preview.png``), the check report of a real plan (``web_check.png``) and a file with a
date not in the calendar, kept as written beside the command line's message
(``web_mistake.png``). Needs
what the browser tests need (Debian's chromium and chromium-driver, selenium) and LibreOffice.
"""

from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from browser_driver import chromium, running_server  # noqa: E402 (tests/browser_driver.py)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--outdir", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args(argv)
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import Select, WebDriverWait

    import kehoach
    from kehoach import data

    work = Path(tempfile.mkdtemp(prefix="kehoach-shots-"))
    try:
        folder = work / "van-phong"
        folder.mkdir()
        shutil.copy(ROOT / "examples" / "hai_yen_2024.yaml", folder)
        text = (folder / "hai_yen_2024.yaml").read_text(encoding="utf-8")
        (folder / "ke_hoach_sai_ngay.yaml").write_text(
            re.sub(r"(?m)^date: 2024 ", "date: 31/2/2024", text, count=1), encoding="utf-8")
        # A real plan with faults (tests/corpus/real), else the Hải Yến plan, which passes.
        docx = ROOT / "tests" / "corpus" / "real" / "05_kh_thi_dua_cchc_2026.docx"
        if not docx.is_file():
            docx = work / "KH-Hai-Yen-2024.docx"
            docx.write_bytes(kehoach.render(data.load(folder / "hai_yen_2024.yaml")))
        with running_server(folder) as url, chromium(work, size=(1440, 900)) as d:
            wait = WebDriverWait(d, 120, poll_frequency=0.1)
            d.get(url + "/")
            Select(d.find_element(By.ID, "open-name")).select_by_visible_text(
                "hai_yen_2024.yaml")
            d.find_element(By.CSS_SELECTOR, 'form[action="/open-folder"] button').click()
            wait.until(lambda d: d.find_elements(By.ID, "f-date-year"))
            time.sleep(0.5)
            d.save_screenshot(str(args.outdir / "web_form.png"))

            # The solutions of part III beside the first page of the preview.
            d.execute_script("document.getElementById('f-parts-2').scrollIntoView()")
            d.find_element(By.CSS_SELECTOR, '.toolbar button[value="preview"]').click()
            first = wait.until(lambda d: d.find_elements(
                By.CSS_SELECTOR, 'img[alt="Trang 1 của kế hoạch"]'))[0]
            wait.until(lambda d: d.execute_script(
                "return arguments[0].complete && arguments[0].naturalWidth > 0", first))
            d.execute_script("var side = document.querySelector('.side');"
                             "side.scrollTop = document.getElementById('preview').offsetTop"
                             " - side.offsetTop - 8;")
            time.sleep(0.5)
            d.save_screenshot(str(args.outdir / "web_preview.png"))

            d.get(url + "/check")
            d.find_element(By.ID, "docx").send_keys(str(docx))
            d.find_element(By.CSS_SELECTOR, 'form[action="/check"] button').click()
            wait.until(lambda d: "Kết quả kiểm tra" in d.title)
            time.sleep(0.3)
            d.save_screenshot(str(args.outdir / "web_check.png"))

            d.get(url + "/")
            Select(d.find_element(By.ID, "open-name")).select_by_visible_text(
                "ke_hoach_sai_ngay.yaml")
            d.find_element(By.CSS_SELECTOR, 'form[action="/open-folder"] button').click()
            wait.until(lambda d: d.find_elements(By.ID, "f-date"))
            d.execute_script("window.scrollTo(0, document.getElementById('f-date')"
                             ".getBoundingClientRect().top + window.scrollY - 420)")
            time.sleep(0.5)
            d.save_screenshot(str(args.outdir / "web_mistake.png"))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    for name in ("web_form.png", "web_preview.png", "web_check.png", "web_mistake.png"):
        print(args.outdir / name)


if __name__ == "__main__":
    main()
