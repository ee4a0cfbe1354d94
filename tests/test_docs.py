"""The documentation: its code runs, its promises hold, and the site builds.

* The tutorial (docs/tutorial.md) shows the code of docs/tutorial/*.py through
  ``pymdownx.snippets``; here that code is run, its plan rendered, and the text the page promises
  looked for in the document. Its ``pycon`` examples are run as doctests.
* The user guide (docs/vi/huong-dan.md) and the overview (docs/index.md): every ``python`` block
  is executed and every ``pycon`` block run as a doctest, in page order, in one namespace.
* ``mkdocs build --strict`` builds the site without a warning.

Registering the tutorial's type must not leak into other tests: each test that imports the
tutorial gets a copy of the registry, restored afterwards.
"""

from __future__ import annotations

import doctest
import importlib
import io
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import attrs
import docx
import pytest

import kehoach as kh
import kehoach.api  # noqa: F401  (kehoach's own types are registered before any copy is taken)
from kehoach import registry

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
TUTORIAL_CODE = DOCS / "tutorial"
TUTORIAL_MODULES = ("inspection_plan", "custom_template")

_FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```\s*$", re.MULTILINE | re.DOTALL)


def fenced(page: Path, *languages: str) -> list[tuple[str, str, int]]:
    """The fenced blocks of ``page`` in those languages: (language, code, line number)."""
    text = page.read_text(encoding="utf-8")
    return [(m.group(1), m.group(2), text.count("\n", 0, m.start()) + 2)
            for m in _FENCE.finditer(text) if m.group(1) in languages]


def run_doctest(code: str, globs: dict, name: str, lineno: int) -> None:
    test = doctest.DocTestParser().get_doctest(code, globs, name, name, lineno)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    report = io.StringIO()
    runner.run(test, out=report.write, clear_globs=False)
    globs.update(test.globs)  # DocTest works on a copy: keep what the examples defined
    assert runner.failures == 0, report.getvalue()


def run_page(page: Path) -> dict:
    """Run the page's python blocks and pycon examples in order, in one namespace."""
    globs: dict = {"__name__": f"docs_{page.stem}"}
    for language, code, line in fenced(page, "python", "pycon"):
        name = f"{page.relative_to(ROOT)}:{line}"
        if language == "python":
            exec(compile(code, name, "exec"), globs)  # noqa: S102  (our own documentation)
        else:
            run_doctest(code, globs, name, line)
    return globs


def paragraphs(data: bytes) -> list[str]:
    return [p.text for p in docx.Document(io.BytesIO(data)).paragraphs]


def in_order(expected: list[str], actual: list[str]) -> None:
    """Every expected line is in ``actual``, in the same order."""
    rest = iter(actual)
    for line in expected:
        assert any(line == got for got in rest), f"missing or out of order: {line!r}"


def promised_blocks() -> list[list[str]]:
    """The ``text`` blocks of the tutorial that show the document, line by line (… left out)."""
    blocks = [code for language, code, _ in fenced(DOCS / "tutorial.md", "text")
              if "TỔ CHỨC THỰC HIỆN" in code]
    assert len(blocks) == 2, "the tutorial shows the body twice: bundled and own template"
    return [[line for line in code.splitlines() if line and line != "…"] for code in blocks]


# --------------------------------------------------------------------------------------------
# The tutorial


@pytest.fixture
def tutorial(monkeypatch):
    """The tutorial's module, freshly imported in a scoped registry."""
    monkeypatch.syspath_prepend(str(TUTORIAL_CODE))
    monkeypatch.setattr(sys, "dont_write_bytecode", True)
    for name in TUTORIAL_MODULES:
        sys.modules.pop(name, None)
    with registry.scoped():
        yield importlib.import_module("inspection_plan")
    for name in TUTORIAL_MODULES:
        sys.modules.pop(name, None)


def test_the_tutorial_plan_renders_what_the_page_promises(tutorial):
    plan = tutorial.build_plan()
    data = kh.render(plan)
    texts = paragraphs(data)
    body, _ = promised_blocks()
    in_order(body, texts)
    assert "Lịch kiểm tra cụ thể như sau:" not in texts  # the bundled template has no schedule
    d = docx.Document(io.BytesIO(data))
    header = [c.text for row in d.tables[0].rows for c in row.cells]
    assert "Số: 20/KH-UBND" in header and "Tân Lập, ngày 02 tháng 4 năm 2026" in header
    signature = d.tables[-1].rows[0].cells[1].text
    assert signature.split("\n")[:2] == ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"]
    assert signature.rstrip().endswith("Hoàng Văn Thái")
    # Another profile: the type builds kehoach's template for it, as kehoach's own types do.
    assert body_size(data) == 14
    assert body_size(kh.render(plan, kh.Profile(size_body=13))) == 13


def body_size(data: bytes) -> float:
    return docx.Document(io.BytesIO(data)).styles["KH Nội dung"].font.size.pt


def test_the_tutorial_type_is_registered_and_found(tutorial, hai_yen_plan):
    found = registry.for_plan(tutorial.build_plan())
    assert found is tutorial.INSPECTION is registry.get("kiem-tra")
    assert found.model is tutorial.InspectionPlan and found.template == "ke_hoach.docx"
    names = [t.name for t in registry.types()]
    assert names == ["ke-hoach", "nong-thon-moi", "kiem-tra"]
    # kehoach's own types are found as before
    fields = attrs.asdict(hai_yen_plan, recurse=False)
    general = kh.Plan(**{k: v for k, v in fields.items() if k != "criteria_set"})
    assert registry.for_plan(general).name == "ke-hoach"
    rural = hai_yen_plan
    assert registry.for_plan(rural).name == "nong-thon-moi"


def test_the_tutorial_examples_run(tutorial):
    globs = {**vars(tutorial)}
    for _, code, line in fenced(DOCS / "tutorial.md", "pycon"):
        run_doctest(code, globs, f"docs/tutorial.md:{line}", line)


def test_an_own_template_prints_the_schedule(tutorial, tmp_path):
    general = load_example_plan("phong_chong_thien_tai_2026")
    before = kh.render(general)

    custom = importlib.import_module("custom_template")
    path = custom.write_template(tmp_path / "kiem_tra_template.docx")
    assert path.is_absolute() and path.is_file()
    custom.use_template(path)
    assert registry.get("kiem-tra").template == str(path)
    assert [t.name for t in registry.types()] == ["ke-hoach", "nong-thon-moi", "kiem-tra"]

    data = kh.render(tutorial.build_plan())
    _, promised = promised_blocks()
    rows = [[cell.strip() for cell in line.strip("│").split("│")]
            for line in promised if line.startswith("│")]
    in_order([line for line in promised if line[0] not in "┌├└│"], paragraphs(data))
    table = docx.Document(io.BytesIO(data)).tables[1]
    assert [[c.text for c in row.cells] for row in table.rows] == rows
    # An empty schedule prints no table and no caption.
    bare = kh.render(attrs.evolve(tutorial.build_plan(), schedule=[]))
    assert "Lịch kiểm tra cụ thể như sau:" not in paragraphs(bare)
    assert len(docx.Document(io.BytesIO(bare)).tables) == 2  # header and signature

    # This file is the template, whatever the profile.
    assert body_size(kh.render(tutorial.build_plan(), kh.Profile(size_body=13))) == 14
    assert kh.render(general) == before  # kehoach's own plans are untouched


def test_the_tutorial_commands_work_from_a_folder_of_their_own(tmp_path):
    for name in TUTORIAL_MODULES:
        shutil.copy(TUTORIAL_CODE / f"{name}.py", tmp_path)
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}

    def run(*args: str) -> str:
        out = subprocess.run([sys.executable, *args], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        return out.stdout

    run("inspection_plan.py")
    texts = paragraphs((tmp_path / "kiem_tra_cchc_2026.docx").read_bytes())
    assert "III. THÀNH PHẦN ĐOÀN KIỂM TRA" in texts

    listing = run("-c", "import inspection_plan; from kehoach.cli import main; main(['types'])")
    assert ("  kiem-tra         Kế hoạch kiểm tra (có Đoàn kiểm tra và lịch kiểm tra) "
            "[InspectionPlan, ke_hoach.docx]") in listing.splitlines()

    run("custom_template.py")
    assert (tmp_path / "kiem_tra_template.docx").is_file()
    d = docx.Document(tmp_path / "kiem_tra_cchc_2026.docx")
    assert d.tables[1].rows[2].cells[1].text == "Thôn Nà Pàn"


def test_the_registry_is_left_as_it_was():
    assert "inspection_plan" not in sys.modules
    assert [t.name for t in registry.types()] == ["ke-hoach", "nong-thon-moi"]


def load_example_plan(name: str):
    from conftest import load_example

    return load_example(name).build_plan()


# --------------------------------------------------------------------------------------------
# The guide and the overview


@pytest.mark.parametrize("page", ["vi/huong-dan.md", "index.md"])
def test_the_code_of_the_pages_runs(page, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the pages save .docx files in the current folder
    globs = run_page(DOCS / page)
    assert isinstance(globs["plan"], kh.Plan)
    assert list(tmp_path.glob("*.docx")), "the page saves at least one plan"


def test_the_guide_shows_the_shapes_it_names(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    g = run_page(DOCS / "vi" / "huong-dan.md")

    def texts(name):
        return paragraphs((tmp_path / name).read_bytes())

    body = texts("ngay_sach_2026.docx")
    in_order(["I. MỤC ĐÍCH, YÊU CẦU", "1. Mục đích", "2. Yêu cầu",
              "a) Tổ chức thiết thực, tiết kiệm;", "II. NỘI DUNG", "1. Hoạt động tại xã",
              "1.1. Tại trường học", "1.2. Tại các thôn", "(1) Luân chuyển tủ sách giữa các thôn;",
              "(2) Đọc sách tại nhà văn hóa thôn.", "2. Tuyên truyền",
              "- Trên hệ thống truyền thanh xã;", "+ phát 02 lần mỗi ngày.",
              "III. TỔ CHỨC THỰC HIỆN"], body)
    assert "Trên đây là Kế hoạch của Ủy ban nhân dân xã Tân Lập./." in body
    assert "A. MỤC ĐÍCH, YÊU CẦU" in texts("muc_chu_cai.docx")
    assert not [t for t in texts("khong_can_cu.docx") if t.startswith("Căn cứ")]
    assert "Phụ lục" in texts("phu_luc.docx")
    # The shapes of real plans (issue 10): emphasis, run-in titles, tables, the closing block.
    bold = [r.text for p in docx.Document(tmp_path / "chu_dam.docx").paragraphs for r in p.runs
            if r.bold]
    assert "lần thứ nhất" in bold
    assert "1. Phòng Văn hóa - Xã hội: chủ trì, theo dõi, báo cáo kết quả." in texts(
        "de_muc_cung_dong.docx")
    table = docx.Document(tmp_path / "bang.docx").tables[1]
    assert [c.text for c in table.rows[0].cells][-2:] == ["Thời gian (Năm 2026)"] * 2
    assert "- Lưu: VT, VP (02b). PL.(300)" in [
        p.text for c in docx.Document(tmp_path / "khoi_ket.docx").tables[-1].rows[0].cells
        for p in c.paragraphs]
    assert "Tân Lập, ngày      tháng 01 năm 2026" in docx.Document(
        tmp_path / "du_thao.docx").tables[0].rows[1].cells[1].text
    mttq = docx.Document(tmp_path / "mttq.docx").tables[0].rows[0].cells[0].text
    assert mttq.split("\n")[:3] == ["ỦY BAN MTTQ VIỆT NAM", "XÃ TÂN LẬP", "BAN THƯỜNG TRỰC"]
    assert registry.for_plan(g["rural"]).name == "nong-thon-moi"


# --------------------------------------------------------------------------------------------
# The site


def test_the_site_builds_without_warnings(tmp_path):
    pytest.importorskip("mkdocs")
    pytest.importorskip("mkdocstrings_handlers.python")
    site = tmp_path / "site"
    out = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file",
         str(ROOT / "mkdocs.yml"), "--site-dir", str(site)],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": "1"})
    assert out.returncode == 0, out.stderr
    assert "WARNING" not in out.stderr, out.stderr
    tutorial = (site / "tutorial" / "index.html").read_text(encoding="utf-8")
    assert "InspectionPlan" in tutorial and "--8&lt;--" not in tutorial and "--8<--" not in tutorial
    assert "[start:" not in tutorial
    api = (site / "api" / "index.html").read_text(encoding="utf-8")
    for anchor in ("kehoach.model.Plan", "kehoach.rendering.conventions.long_date", "kehoach.rendering.context.build_context",
                   "kehoach.registry.register", "kehoach.model.catalogues.Catalogue", "kehoach.api.render",
                   "kehoach.layout.profile.Profile", "kehoach.rendering.templating.Template"):
        assert f'id="{anchor}"' in api, anchor
    assert ":class:" not in api and ":func:" not in api
    assert (site / "vi" / "huong-dan" / "index.html").is_file()
