"""kehoach serve without a browser: pages, downloads, saving, checking, and every safety point.

Requests go through Flask's test client with the app as ``kehoach serve`` makes it (CSRF on,
trusted hosts, not in testing mode, so errors are the pages a clerk sees). Forms are posted as
a browser posts them (:mod:`webpage`).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import attrs
import pytest
from conftest import ROOT
from webpage import csrf_token, form_pairs, with_values
from werkzeug.datastructures import MultiDict

from kehoach import data, model
from kehoach.web import create_app, form

EXAMPLES = ROOT / "examples"
NAMES = ("hai_yen_2024.yaml", "phong_chong_thien_tai_2026.yaml")
#: Every example data file: rich text, tables with merged headers, footnotes … (issue 10).
EXAMPLE_FILES = tuple(sorted(p.name for p in EXAMPLES.glob("*.yaml")))


@pytest.fixture
def folder(tmp_path):
    folder = tmp_path / "van-phong"
    folder.mkdir()
    for name in EXAMPLE_FILES:
        shutil.copy(EXAMPLES / name, folder / name)
    return folder


@pytest.fixture
def app(folder):
    app = create_app(folder, max_upload=2 * 1024 * 1024)
    yield app
    app.extensions["kehoach"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def token(client) -> str:
    return csrf_token(client.get("/").data)


def open_file(client, name: str):
    response = client.post("/open-folder", data={"csrf_token": token(client), "name": name})
    assert response.status_code == 200, response.text
    return response


def post(client, page, action: str = "check", **changes: str):
    pairs = with_values(form_pairs(page.data), _action=action, **changes)
    return client.post("/plan", data=MultiDict(pairs))


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


# --------------------------------------------------------------------------------------------
# Pages


def test_the_start_page_offers_plan_types_starters_and_the_folders_files(client, folder):
    page = client.get("/")
    assert page.status_code == 200
    text = page.text
    assert "/new?type=ke-hoach" in text and "/new?type=nong-thon-moi&amp;start=starter" in text
    for name in NAMES:
        assert f"<option>{name}</option>" in text
    assert str(folder) in text
    assert page.headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_a_new_blank_plan_asks_for_what_a_plan_needs(client):
    page = client.get("/new?type=nong-thon-moi")
    assert page.status_code == 200
    for field in ("issuer.place", "title", "parts[0].title", "signer.name", "criteria_set",
                  "date.year"):
        assert f'name="{field}"' in page.text
    assert f'value="{dt.date.today().year}"' in page.text
    assert "ô cần điền hoặc sửa" in page.text  # counted, not yet shouted at every field
    checked = post(client, page)
    assert re.search(r'id="p-issuer-place">không được để trống<', checked.text)


def test_the_starter_renders_as_kehoach_new_writes_it(client):
    page = client.get("/new?type=nong-thon-moi&start=starter")
    starter = (ROOT / "src/kehoach/data/starters/nong-thon-moi.yaml").read_bytes()
    docx = post(client, page, "docx")
    assert docx.status_code == 200
    import kehoach

    assert docx.data == kehoach.render(data.loads(starter))
    assert post(client, page, "download", _file="nong-thon-moi.yaml").data == starter


# --------------------------------------------------------------------------------------------
# The acceptance tests: byte-identical .docx, byte-stable data files


def test_hai_yen_opened_in_the_page_downloads_the_examples_docx(client, hai_yen_bytes):
    page = open_file(client, "hai_yen_2024.yaml")
    response = post(client, page, "docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert 'filename=hai_yen_2024.docx' in response.headers["Content-Disposition"]
    assert response.data == hai_yen_bytes


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_every_example_goes_through_the_page_to_the_same_docx(client, name):
    import kehoach

    page = open_file(client, name)
    response = post(client, page, "docx")
    assert response.status_code == 200, response.text
    assert response.data == kehoach.render(data.load(EXAMPLES / name))


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_open_then_save_without_changes_keeps_the_file_byte_for_byte(client, folder, name):
    before = (folder / name).read_bytes()
    page = open_file(client, name)
    assert post(client, page, "download").data == before
    saved = post(client, page, "save")
    assert saved.status_code == 200 and "Đã lưu" in saved.text
    assert (folder / name).read_bytes() == before


@pytest.mark.parametrize("fmt", ["toml", "json", "yaml"])
def test_a_plan_saved_in_another_format_reads_back_the_same_and_stays_stable(client, folder,
                                                                             fmt):
    plan = data.load(folder / NAMES[0])
    page = open_file(client, NAMES[0])
    name = f"hai-yen.{fmt}"
    first = post(client, page, "save", _file=name)
    assert first.status_code == 200, first.text
    written = (folder / name).read_bytes()
    assert data.loads(written, fmt) == plan
    if fmt != "yaml":  # the YAML file of a changed format is written fresh: check it once more
        again = post(client, open_file(client, name), "save")
        assert again.status_code == 200 and (folder / name).read_bytes() == written
    assert data.dumps(plan, fmt).encode() == written or fmt == "yaml"


def test_change_the_date_save_and_compare(client, folder):
    plan = data.load(folder / NAMES[0])
    page = open_file(client, NAMES[0])
    changed = post(client, page, "save", **{"date.day": "15", "date.month": "3",
                                            "_file": "hai-yen-15-3.yaml"})
    assert changed.status_code == 200, changed.text
    saved = data.load(folder / "hai-yen-15-3.yaml")
    assert saved == attrs.evolve(plan, date=model.IssueDate(2024, 3, 15))


# --------------------------------------------------------------------------------------------
# Validation: the command line's messages, beside their fields


def test_problems_land_beside_the_field_they_name(client):
    page = open_file(client, NAMES[1])
    checked = post(client, page, "check", **{"title": "", "issuer.name[0]": "",
                                             "date.month": "13"})
    assert checked.status_code == 200
    assert re.search(r'id="p-title">không được để trống<', checked.text)
    assert re.search(r'id="p-issuer-name-0">không được để trống<', checked.text)
    assert re.search(r'id="p-date-month">phải từ 1 đến 12, nhận được 13<', checked.text)
    assert 'id="f-title" name="title"' in checked.text
    assert re.search(r'<textarea id="f-title" name="title" rows="\d+" '
                     r'aria-describedby="[^"]*" aria-invalid="true"', checked.text)
    pairs = with_values(form_pairs(page.data), _action="validate", title="")
    answer = client.post("/plan", data=MultiDict(pairs), headers={"Accept": "application/json"})
    problems = answer.get_json()["problems"]
    assert [(p["field"], p["message"], p["where"]) for p in problems] == [
        ("f-title", "không được để trống", "title")]
    assert "Còn 1 lỗi" in answer.get_json()["summary"]


@pytest.mark.parametrize("char", ["\x0b", "\x0c", "\x1f"])
def test_a_control_character_in_rich_text_is_shown_at_its_field(client, char):
    """Pasted from a PDF into a field of running text: the page comes back with the form as
    typed and the problem beside the field (it was a server error that lost the form)."""
    page = open_file(client, NAMES[1])
    checked = post(client, page, "check", opening=f"Ủy ban nhân dân{char} xã ban hành:")
    assert checked.status_code == 200
    assert re.search(rf'id="p-opening">chứa ký tự điều khiển U\+{ord(char):04X}', checked.text)
    assert "Ủy ban nhân dân" in checked.text


def test_a_file_with_an_escaped_control_character_opens_with_its_message(client, folder):
    text = (folder / NAMES[1]).read_text(encoding="utf-8")
    bad = re.sub(r"(?ms)^opening: '.*?'$",
                 lambda _: 'opening: "Ủy ban nhân dân\\v xã ban hành như sau:"', text, count=1)
    assert bad != text
    (folder / "dieu-khien.yaml").write_text(bad, encoding="utf-8")
    page = open_file(client, "dieu-khien.yaml")
    line = bad.split('opening: "')[0].count("\n") + 1
    assert f"dieu-khien.yaml:{line}: opening: chứa ký tự điều khiển U+000B" in page.text


def test_a_file_with_mistakes_opens_with_the_command_lines_messages(client, folder):
    text = (folder / NAMES[1]).read_text(encoding="utf-8")
    bad = re.sub(r"(?m)^title:", "titel:", text, count=1)
    (folder / "loi.yaml").write_text(bad, encoding="utf-8")
    with pytest.raises(data.PlanFileError) as error:
        data.load(folder / "loi.yaml")
    page = open_file(client, "loi.yaml")
    shown = page.text.replace("&#39;", "'")
    for problem in error.value.problems:
        assert problem.describe("loi.yaml") in shown
    assert "biểu mẫu không có chỗ" in shown  # titel has no field in the form: said so
    assert post(client, page, "docx").status_code == 422  # nothing to download yet


def mistaken(folder: Path, name: str = "sai.yaml") -> bytes:
    """Hải Yến with a date not in the calendar, an unknown authority mark and comments."""
    text = (folder / NAMES[0]).read_text(encoding="utf-8")
    bad = re.sub(r"(?m)^date: 2024 ", "date: 31/2/2024", text, count=1)
    bad = bad.replace("- TM. Ủy ban nhân dân", "- TN. Ủy ban nhân dân", 1)
    assert bad.count("31/2/2024") == 1 and "TN. Ủy" in bad and "\n# " in bad
    (folder / name).write_text(bad, encoding="utf-8")
    return bad.encode("utf-8")


def test_a_wrong_value_stays_in_its_field_with_the_command_lines_message(client, folder):
    mistaken(folder)
    with pytest.raises(data.PlanFileError) as error:
        data.load(folder / "sai.yaml")
    cli = {p.where: p.message for p in error.value.problems}
    assert cli == {"date": "ngày '31/2/2024' không có trong lịch",
                   "signer.authorities[0]": cli["signer.authorities[0]"]}
    page = open_file(client, "sai.yaml")
    posted = dict(form_pairs(page.data))
    assert posted["date"] == "31/2/2024"
    assert posted["signer.authorities[0]"] == "TN. Ủy ban nhân dân"
    shown = page.text.replace("&#39;", "'")
    for where, message in cli.items():  # beside the field, in the command line's words
        slot = "p-" + where.replace(".", "-").replace("[", "-").replace("]", "")
        assert f'id="{slot}">{message}<' in shown
    assert "thiếu khóa bắt buộc" not in shown and "không có chỗ" not in shown
    fixed = post(client, page, "check", date="28/2/2024",
                 **{"signer.authorities[0]": "TM. Ủy ban nhân dân"})
    assert 'class="summary-title good"' in fixed.text  # corrected in place, nothing else to do


def test_a_file_with_mistakes_saved_unchanged_keeps_every_byte(client, folder):
    before = mistaken(folder)
    page = open_file(client, "sai.yaml")
    assert post(client, page, "download").data == before
    saved = post(client, page, "save")
    assert saved.status_code == 200, saved.text
    assert (folder / "sai.yaml").read_bytes() == before
    as_toml = post(client, page, "save", _file="sai.toml")  # another format: what was typed
    assert as_toml.status_code == 200
    toml = (folder / "sai.toml").read_text(encoding="utf-8")
    assert 'date = "31/2/2024"' in toml and '"TN. Ủy ban nhân dân"' in toml


def test_a_changed_file_with_mistakes_is_written_over_only_when_asked(client, folder):
    before = mistaken(folder)
    page = open_file(client, "sai.yaml")
    changed = {"parts[0].title": "Mục đích và yêu cầu"}
    refused = post(client, page, "save", **changed)
    assert refused.status_code == 409
    assert "Ghi đè" in refused.text and "còn 2 lỗi" in refused.text
    assert (folder / "sai.yaml").read_bytes() == before
    done = post(client, page, "save", _overwrite="1", **changed)
    assert done.status_code == 200 and "còn 2 lỗi" in done.text
    with pytest.raises(data.PlanFileError) as error:  # what was typed, still there to fix
        data.load(folder / "sai.yaml")
    assert {p.where for p in error.value.problems} == {"date", "signer.authorities[0]"}
    assert "date: 31/2/2024" in (folder / "sai.yaml").read_text(encoding="utf-8")
    again = post(client, done, "save", **{"parts[0].title": "Mục đích, yêu cầu"})
    assert again.status_code == 200  # its own unfinished work: saved again without asking


def test_a_file_changed_elsewhere_or_holding_what_the_form_cannot_is_not_overwritten(
        client, folder):
    text = (folder / NAMES[1]).read_text(encoding="utf-8")
    (folder / "them.yaml").write_text(text + "ghi_chu_rieng: giữ lại\n", encoding="utf-8")
    page = open_file(client, "them.yaml")
    assert "ghi_chu_rieng" in page.text and "sẽ hỏi" in page.text
    refused = post(client, page, "save", title="Kế hoạch khác")
    assert refused.status_code == 409 and "không có chỗ trong biểu mẫu sẽ mất" in refused.text
    assert "ghi_chu_rieng" in (folder / "them.yaml").read_text(encoding="utf-8")
    page = open_file(client, NAMES[1])
    (folder / NAMES[1]).write_text(text.replace("# ", "#  ", 1), encoding="utf-8")
    refused = post(client, page, "save", title="Kế hoạch khác")
    assert refused.status_code == 409 and "đã bị sửa ở nơi khác" in refused.text
    assert (folder / NAMES[1]).read_text(encoding="utf-8") == text.replace("# ", "#  ", 1)


# --------------------------------------------------------------------------------------------
# Adding, removing and moving without a script (the server answers with the whole page)


def test_add_move_and_remove_blocks_by_posting_the_form(client):
    page = client.get("/new?type=ke-hoach")
    added = post(client, page, "check", _op="add|parts[0].children",
                 **{"_kind:parts[0].children": "item"})
    assert 'name="parts[0].children[0].type" value="item"' in added.text
    assert re.search(r'id="f-parts-0-children-0-title" name="[^"]+" rows="\d+" '
                     r'aria-describedby="[^"]*"( aria-invalid="true")? autofocus', added.text)
    two = post(client, added, "check", _op="add|parts[0].children",
               **{"_kind:parts[0].children": "paragraph"})
    moved = post(client, two, "check", _op="up|parts[0].children[1]")
    kinds = re.findall(r'name="parts\[0\]\.children\[\d\]\.type" value="(\w+)"', moved.text)
    assert kinds == ["paragraph", "item"]
    removed = post(client, moved, "check", _op="del|parts[0].children[0]")
    kinds = re.findall(r'name="parts\[0\]\.children\[\d\]\.type" value="(\w+)"', removed.text)
    assert kinds == ["item"]


# --------------------------------------------------------------------------------------------
# Preview, PDF and the check page (LibreOffice)


def test_preview_pages_are_images_and_the_pdf_downloads(client):
    page = open_file(client, NAMES[1])
    shown = post(client, page, "preview")
    images = re.findall(r'<img src="(/preview/[0-9a-f]{32}/(\d+)\.png)"', shown.text)
    assert [n for _, n in images] == [str(i) for i in range(1, len(images) + 1)]
    assert len(images) >= 2
    first = client.get(images[0][0])
    assert first.status_code == 200 and first.data.startswith(b"\x89PNG")
    token = images[0][0].split("/")[2]
    for wrong in (f"/preview/{token}/99.png", f"/preview/{token}/..%2F..%2Fetc%2Fpasswd",
                  "/preview/xyz/1.png", f"/preview/{token}/ke-hoach.docx.png"):
        assert client.get(wrong).status_code == 404
    pdf = post(client, page, "pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert "phong_chong_thien_tai_2026.pdf" in pdf.headers["Content-Disposition"]


def test_the_check_page_shows_the_command_lines_report(client, hai_yen_bytes, tmp_path):
    upload = {"csrf_token": token(client), "docx": (io.BytesIO(hai_yen_bytes),
                                                    "KH 05.docx")}
    page = client.post("/check", data=upload, content_type="multipart/form-data")
    assert page.status_code == 200, page.text
    assert "Kết quả kiểm tra: KH 05.docx" in page.text
    assert "Phần đầu văn bản" in page.text and "R1" in page.text
    assert "Loại văn bản: Kế hoạch" in page.text and "Bản dự thảo" in page.text
    link = re.search(r'href="(/check/[0-9a-f]{32}\.json)"', page.text).group(1)
    report = client.get(link)
    assert report.status_code == 200
    assert 'KH%2005.kiem-tra.json' in report.headers["Content-Disposition"] or \
        "KH 05.kiem-tra.json" in report.headers["Content-Disposition"]
    (tmp_path / "KH 05.docx").write_bytes(hai_yen_bytes)
    cli = subprocess.run([sys.executable, "-m", "kehoach", "check", "--json", "KH 05.docx"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert json.loads(report.data) == json.loads(cli.stdout)


def test_a_broken_docx_gets_an_error_page(client):
    upload = {"csrf_token": token(client),
              "docx": (io.BytesIO(b"PK\x03\x04 not really a zip"), "hong.docx")}
    page = client.post("/check", data=upload, content_type="multipart/form-data")
    assert page.status_code == 422
    assert "'hong.docx' không phải một văn bản .docx đọc được" in page.text.replace("&#39;", "'")
    assert "Traceback" not in page.text


# --------------------------------------------------------------------------------------------
# Safe by default


@pytest.mark.parametrize("name", ["../ra-ngoai.yaml", "/tmp/ra-ngoai.yaml", "con/ra-ngoai.yaml",
                                  "..\\ra-ngoai.yaml", ".an.yaml", "ra-ngoai.docx", "con.yaml",
                                  "C:ra-ngoai.yaml", "ra-ngoai.yaml\x00.txt",
                                  # Windows device names, as Windows reads them
                                  "CON .yaml", "COM¹.yaml", "lpt².json", "Aux.tar.yaml",
                                  "conin$.yaml", "NUL..toml", "com³ .yml"])
def test_files_are_saved_only_inside_the_folder_under_plain_names(client, folder, tmp_path,
                                                                  name):
    before = snapshot(folder)
    page = open_file(client, NAMES[0])
    response = post(client, page, "save", _file=name)
    assert response.status_code == 422
    assert "Chưa lưu" in response.text
    assert snapshot(folder) == before
    assert not list(tmp_path.rglob("ra-ngoai*"))
    assert not Path("/tmp/ra-ngoai.yaml").exists()


def test_a_file_named_in_nfd_opens_and_saves_in_place(client, folder):
    """A Mac writes 'Kế hoạch.yaml' decomposed (NFD): it opens, and saving writes that same
    file, not a second one that looks alike."""
    import unicodedata

    name = unicodedata.normalize("NFD", "Kế hoạch Hải Yến.yaml")
    assert name != unicodedata.normalize("NFC", name)
    (folder / name).write_bytes((folder / NAMES[0]).read_bytes())
    page = client.get("/")
    assert name in page.text
    opened = client.post("/open-folder", data={"csrf_token": token(client), "name": name})
    assert opened.status_code == 200, opened.text
    saved = post(client, opened, "save", **{"date.year": "2025"})
    assert saved.status_code == 200, saved.text
    same = [p.name for p in folder.iterdir()
            if unicodedata.normalize("NFC", p.name) == unicodedata.normalize("NFC", name)]
    assert same == [name]
    assert data.load(folder / name).date.year == 2025


def test_a_file_that_vanished_is_a_page_not_an_error(client, folder, monkeypatch):
    from kehoach.web import files

    def gone(folder_, name):
        raise FileNotFoundError(2, "No such file or directory", str(folder_ / name))

    monkeypatch.setattr(files, "read", gone)
    response = client.post("/open-folder", data={"csrf_token": token(client), "name": NAMES[0]})
    assert response.status_code == 404
    assert "không mở được" in response.text.replace("&#39;", "'")


def test_a_link_out_of_the_folder_is_neither_opened_nor_written(client, folder, tmp_path):
    outside = tmp_path / "ngoai"
    outside.mkdir()
    secret = outside / "bi-mat.yaml"
    secret.write_text("title: bí mật\n", encoding="utf-8")
    (folder / "lien-ket.yaml").symlink_to(secret)
    opened = client.post("/open-folder", data={"csrf_token": token(client),
                                               "name": "lien-ket.yaml"})
    assert opened.status_code == 404 and "bí mật" not in opened.text
    page = open_file(client, NAMES[0])
    saved = post(client, page, "save", _file="lien-ket.yaml", _overwrite="1")
    assert saved.status_code == 422
    assert secret.read_text(encoding="utf-8") == "title: bí mật\n"


@pytest.mark.parametrize("name", ["../bi-mat.yaml", str(Path("/etc/passwd")), "bi-mat.yaml"])
def test_files_are_opened_only_by_a_name_the_folder_lists(client, folder, name):
    (folder.parent / "bi-mat.yaml").write_text("title: bí mật\n", encoding="utf-8")
    response = client.post("/open-folder", data={"csrf_token": token(client), "name": name})
    assert response.status_code == 404
    assert "bí mật" not in response.text and "root:" not in response.text


def test_an_existing_file_is_overwritten_only_when_asked(client, folder):
    before = (folder / NAMES[1]).read_bytes()
    page = open_file(client, NAMES[0])
    refused = post(client, page, "save", _file=NAMES[1])
    assert refused.status_code == 409 and (folder / NAMES[1]).read_bytes() == before
    done = post(client, page, "save", _file=NAMES[1], _overwrite="1")
    assert done.status_code == 200
    assert data.load(folder / NAMES[1]) == data.load(folder / NAMES[0])


def test_every_form_that_changes_files_needs_the_csrf_token(client, folder):
    before = snapshot(folder)
    page = open_file(client, NAMES[0])
    pairs = [(n, v) for n, v in form_pairs(page.data) if n != "csrf_token"]
    for bad in ([], [("csrf_token", "sai")]):
        response = client.post("/plan", data=MultiDict([*pairs, *bad, ("_action", "save"),
                                                        ("_file", "moi.yaml")]))
        assert response.status_code == 400
        assert "CSRF" in response.text
        assert "Chương trình mục tiêu quốc gia" in response.text  # the clerk's work is kept
        assert snapshot(folder) == before
    for url in ("/open-folder", "/open", "/check"):
        assert client.post(url, data={"name": NAMES[0]}).status_code == 400
    other = create_app(folder).test_client()  # another server's token is no good here
    response = other.post("/plan", data=MultiDict(with_values(form_pairs(page.data),
                                                              _action="save",
                                                              _file="moi.yaml")))
    assert response.status_code == 400 and snapshot(folder) == before


def test_a_page_whose_token_is_stale_gets_a_fresh_one_and_keeps_the_typing(client, folder):
    """After kehoach serve restarts, the open page's token is another server's: a check
    while typing and an add get a fresh token back (no file touched), and work with it."""
    page = open_file(client, NAMES[1])
    other = create_app(folder).test_client()  # the server after a restart
    pairs = with_values(form_pairs(page.data), _action="validate", title="")
    answer = other.post("/plan", data=MultiDict(pairs), headers={"Accept": "application/json"})
    assert answer.status_code == 400
    body = answer.get_json()
    assert body["error"] == "csrf" and "mã bảo vệ" in body["message"]
    fresh = with_values(pairs, csrf_token=body["csrf_token"])
    again = other.post("/plan", data=MultiDict(fresh), headers={"Accept": "application/json"})
    assert again.status_code == 200
    assert [p["field"] for p in again.get_json()["problems"]] == ["f-title"]
    added = other.post("/plan", data=MultiDict(with_values(
        form_pairs(page.data), _action="op", _op="add|recipients")),
        headers={"X-Kehoach-Partial": "fields"})
    assert added.status_code == 400 and added.get_json()["error"] == "csrf"


def test_a_bad_token_with_an_unknown_plan_type_is_a_page_not_an_error(client):
    response = client.post("/plan", data={"csrf_token": "sai", "type": "khong-co",
                                          "_action": "save"})
    assert response.status_code == 400
    assert "CSRF" in response.text


def test_a_number_too_long_to_read_is_a_message_beside_its_field(client):
    page = open_file(client, NAMES[1])
    huge = "9" * 5000
    checked = post(client, page, "check", **{"date.year": huge, "number.number": "1" * 4400})
    assert checked.status_code == 200
    assert re.search(r'id="p-date-year">[^<]*phải là số nguyên', checked.text)
    assert re.search(r'id="p-number-number">[^<]+<', checked.text)
    assert huge in checked.text  # what was typed stays in the field


def test_a_host_header_naming_another_site_is_refused(client):
    assert client.get("/", headers={"Host": "127.0.0.1:8000"}).status_code == 200
    assert client.get("/", headers={"Host": "localhost:8000"}).status_code == 200
    for host in ("attacker.example", "attacker.example:8000", "127.0.0.1.attacker.example"):
        response = client.get("/", headers={"Host": host})
        assert response.status_code == 400
        assert "Địa chỉ trang không đúng" in response.text


def test_uploads_are_limited_in_size(client, app):
    big = b"PK\x03\x04" + b"0" * app.config["MAX_CONTENT_LENGTH"]
    response = client.post("/check", data={"csrf_token": token(client),
                                           "docx": (io.BytesIO(big), "to.docx")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "Tệp gửi lên quá lớn" in response.text


def test_uploads_are_written_only_in_the_servers_temporary_folder(client, app, folder,
                                                                  hai_yen_bytes, tmp_path):
    before = snapshot(folder)
    jobs = app.extensions["kehoach"]
    response = client.post("/check", data={
        "csrf_token": token(client),
        "docx": (io.BytesIO(hai_yen_bytes), "../../ra-ngoai.docx")},
        content_type="multipart/form-data")
    assert response.status_code == 200
    assert "Kết quả kiểm tra: ra-ngoai.docx" in response.text
    assert snapshot(folder) == before
    assert not list(tmp_path.rglob("ra-ngoai*"))
    written = [p for p in jobs.root.rglob("*") if p.is_file()]
    assert all(p.name != "ra-ngoai.docx" for p in written)
    jobs.close()
    assert not jobs.root.exists()


def test_errors_are_pages_without_tracebacks(client, monkeypatch):
    page = open_file(client, NAMES[1])

    def broken(data):
        raise RuntimeError("chi tiết bên trong /duong/dan/bi/mat")

    monkeypatch.setattr(form, "validate", broken)
    response = post(client, page)
    assert response.status_code == 500
    assert "Có lỗi bên trong kehoach" in response.text
    for leak in ("Traceback", "RuntimeError", "/duong/dan", "site-packages"):
        assert leak not in response.text
    assert client.get("/khong-co").status_code == 404
    assert "Không có trang này" in client.get("/khong-co").text
    assert client.get("/plan").status_code == 405


def test_the_server_listens_only_on_this_machine_by_default(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "serve", "--port", "0",
                             "--folder", str(tmp_path)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = proc.stdout.readline()
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", line).group(1))
        listening = _listening(port)
        assert listening == {"127.0.0.1"}, listening
        assert [p.name for p in tmp_path.iterdir() if p.name.startswith("kehoach-web-")]
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    assert proc.returncode == 0, proc.stderr.read()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith("kehoach-web-")]


def test_serving_the_network_names_the_hosts_it_answers_to(tmp_path):
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    proc = subprocess.Popen([sys.executable, "-m", "kehoach", "serve", "--host", "0.0.0.0",
                             "--port", "0", "--allow-host", "may-chu.xa.lan", "--folder",
                             str(tmp_path)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    try:
        port = int(re.search(r"http://127\.0\.0\.1:(\d+)/", proc.stdout.readline()).group(1))
        import http.client

        for host, status in (("may-chu.xa.lan", 200), ("192.168.7.7", 200),
                             ("may-chu.xa.lan.attacker.example", 400)):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            conn.request("GET", "/", headers={"Host": f"{host}:{port}"})
            assert conn.getresponse().status == status, host
            conn.close()
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=20)
    assert "không có mật khẩu" in err and "may-chu.xa.lan" in err


def _listening(port: int) -> set[str]:
    """The local addresses with a socket listening on ``port`` (Linux's /proc/net/tcp)."""
    out = set()
    deadline = time.monotonic() + 10
    while not out and time.monotonic() < deadline:
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for row in Path(table).read_text().splitlines()[1:]:
                local, state = row.split()[1], row.split()[3]
                address, hex_port = local.split(":")
                if state == "0A" and int(hex_port, 16) == port:
                    if len(address) == 8:
                        out.add(".".join(str(int(address[i:i + 2], 16)) for i in (6, 4, 2, 0)))
                    else:
                        out.add("::" if set(address) == {"0"} else address)
        time.sleep(0.1)
    return out


def test_serve_without_the_web_extra_says_how_to_install_it():
    code = ("import sys; sys.modules['flask'] = None\n"
            "from kehoach.cli import main\n"
            "main(['serve'])\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 2
    assert 'pip install "kehoach[web]"' in result.stderr
    assert "Traceback" not in result.stderr


def test_the_web_package_imports_no_framework_until_an_app_is_made():
    code = ("import sys, kehoach.web, kehoach.web.form, kehoach.web.files\n"
            "print(sorted(m for m in ('flask', 'waitress', 'flask_wtf') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


def test_the_wheel_carries_the_pages_templates_and_static_files(tmp_path):
    """``pip install "kehoach[web]"`` gives a page with its templates, style and script: no
    CDN, nothing fetched at run time."""
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True, timeout=300)
    wheel = next(tmp_path.glob("kehoach-*.whl"))
    package = ROOT / "src" / "kehoach" / "web"
    wanted = {f"kehoach/web/{p.relative_to(package).as_posix()}"
              for folder in ("templates", "static") for p in (package / folder).iterdir()}
    assert wanted >= {"kehoach/web/templates/editor.html", "kehoach/web/static/kehoach.js"}
    with zipfile.ZipFile(wheel) as z:
        assert wanted <= set(z.namelist())
        page = z.read("kehoach/web/templates/base.html").decode()
    assert "http" not in page  # every link is to the page's own server
    metadata = zipfile.ZipFile(wheel).read(next(
        n for n in zipfile.ZipFile(wheel).namelist() if n.endswith("METADATA"))).decode()
    assert "Provides-Extra: web" in metadata


def test_a_save_the_disk_refuses_says_why_in_vietnamese(client, folder, monkeypatch):
    """A full disk or a read-only folder: `Chưa lưu: '…/ke_hoach.yaml': ổ đĩa đã đầy`, not
    Python's `[Errno 28] No space left on device`."""
    import errno

    from kehoach.web import files as web_files

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    monkeypatch.setattr(web_files, "atomic_write", full)
    page = open_file(client, NAMES[0])
    response = post(client, page, "save", _file="moi.yaml")
    assert response.status_code == 422
    text = response.text.replace("&#39;", "'")
    assert f"Chưa lưu: '{folder / 'moi.yaml'}': ổ đĩa đã đầy" in text
    assert "Errno" not in text and "No space" not in text


def test_a_pdf_the_servers_disk_cannot_hold_is_a_message(client, app, monkeypatch):
    """An OSError in the server's own temporary folder was a 500 page; it says why, without
    naming the server's temporary files."""
    import errno

    jobs = app.extensions["kehoach"]

    def full(docx):
        raise OSError(errno.ENOSPC, "No space left on device",
                      str(jobs.root / "pdf" / "0123abcd" / "ke-hoach.docx"))

    monkeypatch.setattr(jobs, "pdf", full)
    page = open_file(client, NAMES[0])
    response = post(client, page, "pdf")
    assert response.status_code == 503
    assert "Không tạo được PDF: thư mục tạm của máy chủ: ổ đĩa đã đầy" in response.text
    assert str(jobs.root) not in response.text and "Errno" not in response.text
