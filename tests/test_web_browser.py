"""kehoach serve in a real browser: headless Chromium (Debian's), driven with selenium.

A clerk's four paths: a plan written from scratch from a criteria set, previewed and downloaded;
the Hải Yến file opened, its date changed and saved; a broken .docx checked; and the form used
with the keyboard alone. The server runs in this process on a free port of 127.0.0.1.
"""

from __future__ import annotations

import io
import os
import shutil

import attrs
import docx
import pytest

from conftest import ROOT
from kehoach import data, model
from kehoach.model import catalogues
from browser_driver import browser_missing, chromium, running_server, wait_for_download

MISSING = browser_missing()
if MISSING and os.environ.get("CI"):  # CI installs Chromium: its absence is a failure there
    raise RuntimeError(f"the browser tests cannot run: {MISSING}")
pytestmark = pytest.mark.skipif(MISSING is not None, reason=MISSING or "")

EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("van-phong")
    for name in ("hai_yen_2024.yaml", "phong_chong_thien_tai_2026.yaml"):
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


@pytest.fixture(scope="module")
def url(folder):
    with running_server(folder) as url:
        yield url


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return tmp_path_factory.mktemp("tai-ve")


@pytest.fixture(scope="module")
def browser(downloads):
    with chromium(downloads) as driver:
        yield driver


def wait(driver, condition, timeout: float = 30):
    from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
    from selenium.webdriver.support.ui import WebDriverWait

    # The script swaps parts of the page: an element may go stale between two looks.
    return WebDriverWait(driver, timeout, poll_frequency=0.05, ignored_exceptions=(
        NoSuchElementException, StaleElementReferenceException)).until(condition)


def active(driver, attribute: str = "id") -> str:
    """An attribute of the focused element, read in one step (it may be swapped out)."""
    return driver.execute_script(
        "return document.activeElement.getAttribute(arguments[0]) || ''", attribute)


def by_id(driver, id_: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, id_)


def css(driver, selector: str):
    from selenium.webdriver.common.by import By

    return driver.find_element(By.CSS_SELECTOR, selector)


def type_into(driver, id_: str, text: str) -> None:
    field = by_id(driver, id_)
    field.clear()
    field.send_keys(text)


def press(driver, selector: str) -> None:
    """Click a button and wait until the form the script swapped in is back."""
    button = css(driver, selector)
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'})", button)
    button.click()


def swap(driver, selector: str) -> None:
    """Press an add, remove or move button; wait until the script has swapped the form."""
    driver.execute_script("window.kehoachOld = document.querySelector('#fields > *')")
    press(driver, selector)
    wait(driver, lambda d: d.execute_script(
        "return document.querySelector('#fields > *') !== window.kehoachOld"))


def add(driver, list_path: str, kind: str | None = None) -> None:
    """Add an item to the list at ``list_path`` (of ``kind`` when it offers several); the
    focus lands in the new item."""
    from selenium.webdriver.support.ui import Select

    if kind is not None:
        Select(css(driver, f'select[name="_kind:{list_path}"]')).select_by_value(kind)
    swap(driver, f'button[name="_op"][value="add|{list_path}"]')
    wait(driver, lambda d: active(d, "name").startswith(list_path + "["))


def summary(driver) -> str:
    return by_id(driver, "summary").text


# --------------------------------------------------------------------------------------------


def test_a_plan_written_from_scratch_from_a_criteria_set(browser, url, downloads):
    from selenium.webdriver.support.ui import Select

    d = browser
    d.get(url + "/")
    css(d, 'a[href="/new?type=nong-thon-moi"]').click()
    wait(d, lambda d: by_id(d, "f-issuer-name-0"))
    type_into(d, "f-issuer-name-0", "Ủy ban nhân dân")
    add(d, "issuer.name")
    wait(d, lambda d: active(d) == "f-issuer-name-1")
    d.switch_to.active_element.send_keys("xã Tân Lập")
    type_into(d, "f-issuer-place", "Tân Lập")
    type_into(d, "f-title", "Thực hiện xây dựng nông thôn mới năm 2026")
    type_into(d, "f-parts-0-title", "Giải pháp thực hiện")
    picker = css(d, "#f-parts-0-children details.picker summary")
    picker.click()
    for number in ("1", "8"):
        css(d, f'input[name="_pick:parts[0].children"][value="{number}"]').click()
    swap(d, 'button[value="pick|parts[0].children"]')
    chosen = catalogues.get(by_id(d, "f-criteria_set").get_attribute("value"))
    eighth = chosen.get(8).name
    assert by_id(d, "f-parts-0-children-1-name").get_attribute("value") == eighth
    type_into(d, "f-parts-0-children-0-actions", "rà soát quy hoạch chung xã.")
    type_into(d, "f-parts-0-children-1-actions", "thu gom rác thải ở các thôn.")
    add(d, "parts[0].children[1].deadlines")
    d.switch_to.active_element.send_keys("hoàn thành trong Quý III/2026")
    type_into(d, "f-signer-name", "Nguyễn Văn An")
    type_into(d, "f-signer-title", "Chủ tịch")
    add(d, "signer.authorities")
    Select(d.switch_to.active_element).select_by_value("TM")
    type_into(d, "f-signer-authorities-0-of", "Ủy ban nhân dân")
    type_into(d, "f-closing", "Trên đây là Kế hoạch xây dựng nông thôn mới năm 2026 của Ủy ban "
                             "nhân dân xã Tân Lập")
    add(d, "recipients")
    d.switch_to.active_element.send_keys("Các thôn")
    press(d, '.toolbar button[value="check"]')
    wait(d, lambda d: "Không có lỗi" in summary(d))

    press(d, 'button[name="_action"][value="preview"]')
    first = wait(d, lambda d: css(d, 'img[alt="Trang 1 của kế hoạch"]'), timeout=120)
    wait(d, lambda d: d.execute_script("return arguments[0].complete && "
                                       "arguments[0].naturalWidth > 800", first))

    before = {p.name for p in downloads.iterdir()}
    press(d, 'button[name="_action"][value="docx"]')
    path = wait_for_download(downloads, ".docx", before)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    texts = [p.text for p in document.paragraphs]
    assert "Thực hiện xây dựng nông thôn mới năm 2026" in texts
    assert f"- Tiêu chí số 8 - {eighth}: thu gom rác thải ở các thôn." in texts, texts
    assert any("hoàn thành trong Quý III/2026" in t for t in texts)
    import kehoach

    report = kehoach.check(path, render=False)
    assert report.failed_rules() == set(), report.to_text()


def test_hai_yen_opened_changed_and_saved(browser, url, folder, downloads, hai_yen_bytes):
    from selenium.webdriver.support.ui import Select

    d = browser
    d.get(url + "/")
    Select(by_id(d, "open-name")).select_by_visible_text("hai_yen_2024.yaml")
    css(d, 'form[action="/open-folder"] button').click()
    wait(d, lambda d: by_id(d, "f-date-year"))
    before = {p.name for p in downloads.iterdir()}
    press(d, 'button[name="_action"][value="docx"]')
    downloaded = wait_for_download(downloads, ".docx", before)
    assert downloaded.read_bytes() == hai_yen_bytes  # byte for byte the example's output

    type_into(d, "f-date-day", "15")
    type_into(d, "f-date-month", "3")
    type_into(d, "file-name", "hai-yen-15-3.yaml")
    press(d, 'button[name="_action"][value="save"]')
    wait(d, lambda d: "Đã lưu" in d.page_source)
    original = data.load(folder / "hai_yen_2024.yaml")
    saved = data.load(folder / "hai-yen-15-3.yaml")
    assert saved == attrs.evolve(original, date=model.IssueDate(2024, 3, 15))
    assert (folder / "hai_yen_2024.yaml").read_bytes() == \
        (EXAMPLES / "hai_yen_2024.yaml").read_bytes()


def test_a_broken_docx_gets_the_error_page(browser, url, tmp_path):
    broken = tmp_path / "van ban hong.docx"
    broken.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    d = browser
    d.get(url + "/check")
    by_id(d, "docx").send_keys(str(broken))
    css(d, 'form[action="/check"] button[type="submit"]').click()
    wait(d, lambda d: css(d, "h1").text == "Không làm được việc này", timeout=60)
    assert "'van ban hong.docx' không phải một văn bản .docx đọc được" in d.page_source \
        .replace("&#39;", "'")
    assert "Traceback" not in d.page_source


def test_the_form_works_with_the_keyboard_alone(browser, url):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    d = browser
    d.get(url + "/new?type=ke-hoach")
    wait(d, lambda d: by_id(d, "f-title"))
    keys = ActionChains(d)

    def tab(shift: bool = False) -> dict:
        if shift:
            keys.key_down(Keys.SHIFT).send_keys(Keys.TAB).key_up(Keys.SHIFT).perform()
        else:
            keys.send_keys(Keys.TAB).perform()
        return d.execute_script(
            "var e = document.activeElement; return {id: e.id, name: e.name || '', "
            "value: e.value || '', tag: e.tagName, outline: getComputedStyle(e).outlineStyle}")

    # Every control of the form is reached with Tab, in order, each with a visible focus ring.
    controls = d.execute_script(
        "return [...document.querySelectorAll('#editor input, #editor textarea, "
        "#editor select, #editor button')].filter(e => e.type !== 'hidden' && !e.disabled && "
        "e.tabIndex >= 0 && e.offsetParent !== null && !e.closest('details:not([open])'))"
        ".map(e => e.id || (e.name + '=' + e.value))")
    seen = []
    for _ in range(len(controls) + 12):
        now = tab()
        key = now["id"] or f"{now['name']}={now['value']}"
        if key in controls:
            assert now["outline"] != "none", key
            seen.append(key)
    assert [c for c in controls if c not in seen] == []
    assert seen[:len(controls)] == controls

    # Type into the title, add a khoản with Enter, and land in it.
    d.execute_script("document.activeElement.blur(); window.scrollTo(0, 0)")
    d.find_element("tag name", "body").click()
    for _ in range(60):
        if tab()["id"] == "f-title":
            break
    d.switch_to.active_element.send_keys("Phòng, chống dịch bệnh năm 2026")
    for _ in range(80):
        now = tab()
        if now["name"] == "_kind:parts[0].children":
            break
    assert now["tag"] == "SELECT"
    d.switch_to.active_element.send_keys("Khoản")  # type-ahead picks "Khoản (1., 1.1.)"
    assert tab()["value"] == "add|parts[0].children"
    keys.send_keys(Keys.ENTER).perform()
    wait(d, lambda d: active(d) == "f-parts-0-children-0-title")
    d.switch_to.active_element.send_keys("Mục đích")

    # Enter in a one-line field checks the plan; focus goes to the first field to fix.
    for _ in range(40):
        if tab(shift=True)["tag"] == "INPUT":
            break
    keys.send_keys(Keys.ENTER).perform()
    wait(d, lambda d: active(d, "aria-invalid") == "true")
    first = active(d)
    assert first == "f-issuer-name-0"
    assert by_id(d, "p-issuer-name-0").text == "không được để trống"
    assert "Còn" in summary(d)
    assert by_id(d, "f-title").get_attribute("value") == "Phòng, chống dịch bệnh năm 2026"
    assert by_id(d, "f-parts-0-children-0-title").get_attribute("value") == "Mục đích"


def test_a_file_too_large_is_refused_before_it_is_sent(browser, url, tmp_path):
    big = tmp_path / "van ban lon.docx"
    with big.open("wb") as out:  # 21 MB, sparse: nothing to write
        out.truncate(21 * 1024 * 1024)
    d = browser
    d.get(url + "/check")
    by_id(d, "docx").send_keys(str(big))
    css(d, 'form[action="/check"] button[type="submit"]').click()
    alert = wait(d, lambda d: css(d, 'form[action="/check"] [role="alert"]'))
    wait(d, lambda d: "quá lớn" in alert.text)
    assert "van ban lon.docx" in alert.text and "20 MB" in alert.text
    assert d.current_url == url + "/check"  # nothing was sent


def test_after_a_restart_the_page_says_so_and_goes_on_checking(browser, folder):
    """The server stops with the page open, then starts again (a new token): the clerk is
    told, nothing typed is lost, and checking and adding work again without a reload."""
    from kehoach.web.server import make_server, run_in_thread, stop_thread

    server, app = make_server("127.0.0.1", 0, folder)
    port = server.effective_port
    thread = run_in_thread(server)
    d = browser
    try:
        d.get(f"http://127.0.0.1:{port}/new?type=ke-hoach")
        wait(d, lambda d: by_id(d, "f-title"))
        type_into(d, "f-title", "Phòng, chống dịch bệnh năm 2026")
    finally:
        stop_thread(server, app, thread)
    type_into(d, "f-issuer-place", "An Bình")
    status = wait(d, lambda d: by_id(d, "connection"))
    wait(d, lambda d: "Không kết nối được" in status.text)
    press(d, 'button[name="_op"][value="add|recipients"]')  # refused without leaving the page
    wait(d, lambda d: "Không kết nối được" in by_id(d, "connection").text)
    assert by_id(d, "f-title").get_attribute("value") == "Phòng, chống dịch bệnh năm 2026"

    server, app = make_server("127.0.0.1", port, folder)
    thread = run_in_thread(server)
    try:
        by_id(d, "f-title").clear()
        by_id(d, "f-title").send_keys(" ")
        wait(d, lambda d: by_id(d, "p-title").text == "không được để trống")
        assert "kết nối lại" in by_id(d, "connection").text
        assert by_id(d, "f-issuer-place").get_attribute("value") == "An Bình"
        add(d, "recipients")
        d.switch_to.active_element.send_keys("Các thôn")
        assert by_id(d, "f-issuer-place").get_attribute("value") == "An Bình"
    finally:
        stop_thread(server, app, thread)
