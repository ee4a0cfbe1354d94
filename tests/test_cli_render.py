"""``kehoach render``, ``kehoach new``, ``kehoach schema`` (issue 4)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import ROOT

import kehoach as kh
from kehoach import data
from kehoach.cli import main
from kehoach.cli import render as cli_render

EXAMPLE_YAML = ROOT / "examples" / "hai_yen_2024.yaml"
BAD = """\
issuer:
  name: [Ủy ban nhân dân, xã Hòa An]
  place: Hòa An
date: 05/02/2026
titel: Kế hoạch
parts:
  - title: Nội dung
    children: [Trồng cây.]
signer:
  name: Nguyễn Văn An
  authorities: [TM. Ủy ban nhân dân]
  honorific: Ông
"""


@pytest.fixture
def run():
    def invoke(*args: str, input: bytes | str | None = None):
        return CliRunner().invoke(main, [str(a) for a in args], input=input,
                                  catch_exceptions=False)
    return invoke


@pytest.fixture
def example(tmp_path) -> Path:
    path = tmp_path / "hai_yen.yaml"
    shutil.copy(EXAMPLE_YAML, path)
    return path


@pytest.fixture
def bad(tmp_path) -> Path:
    path = tmp_path / "sai.yaml"
    path.write_text(BAD, encoding="utf-8")
    return path


# --------------------------------------------------------------------------------------------
# render


def test_render_writes_the_docx_beside_the_data(run, example, hai_yen_bytes):
    result = run("render", example)
    assert result.exit_code == 0, result.output
    target = example.with_suffix(".docx")
    assert result.stdout.strip() == str(target)
    assert target.read_bytes() == hai_yen_bytes


def test_render_to_a_named_file(run, example, tmp_path, hai_yen_bytes):
    target = tmp_path / "ra" / "KH-05.docx"
    target.parent.mkdir()
    result = run("render", example, "-o", target)
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == hai_yen_bytes


def test_render_many_into_a_folder(run, example, tmp_path, monkeypatch):
    second = tmp_path / "khac.yaml"
    second.write_text(cli_render.starter("ke-hoach"), encoding="utf-8")
    outdir = tmp_path / "van_ban"
    monkeypatch.setattr(cli_render, "_stderr_is_tty", lambda: False)
    result = run("render", example, second, "-o", outdir)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in outdir.iterdir()) == ["hai_yen.docx", "khac.docx"]
    assert "Tạo văn bản" not in result.stderr  # no progress bar off a terminal
    assert (outdir / "khac.docx").read_bytes() == kh.render(data.load(second))


def test_a_progress_bar_on_a_terminal(run, example, tmp_path, monkeypatch):
    second = tmp_path / "khac.yaml"
    shutil.copy(example, second)
    monkeypatch.setattr(cli_render, "_stderr_is_tty", lambda: True)
    result = run("render", example, second, "-o", tmp_path / "ra")
    assert result.exit_code == 0
    assert "Kiểm tra dữ liệu" in result.stderr and "Tạo văn bản" in result.stderr
    # One file: no bar, even on a terminal.
    result = run("render", example)
    assert "Tạo văn bản" not in result.stderr


def test_invalid_data_exits_2_and_writes_nothing(run, bad):
    target = bad.with_suffix(".docx")
    target.write_bytes(b"the old document")
    result = run("render", bad)
    assert result.exit_code == 2
    assert target.read_bytes() == b"the old document"
    assert result.stderr.splitlines() == [
        f"{bad}:5: titel: không có khóa 'titel' trong Kế hoạch; có phải 'title'?",
        f"{bad}:12: signer.honorific: không có khóa 'honorific' trong Người ký; các khóa "
        "dùng được ở đây: name, title, authorities, more_titles, titles_above_name",
        "",
        "Có 2 lỗi trong 1 tệp; chưa tạo văn bản nào. Sửa các lỗi trên rồi chạy lại.",
    ]


def test_one_bad_file_in_a_batch_stops_the_whole_batch(run, example, bad, tmp_path):
    outdir = tmp_path / "ra"
    result = run("render", example, bad, "-o", outdir)
    assert result.exit_code == 2
    assert not outdir.exists()
    assert f"{bad}:5: titel" in result.stderr


def test_every_bad_file_is_reported(run, bad, tmp_path):
    empty = tmp_path / "rong.yaml"
    empty.write_text("", encoding="utf-8")
    binary = tmp_path / "anh.yaml"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    result = run("render", bad, empty, binary, "-o", tmp_path / "ra")
    assert result.exit_code == 2
    assert f"{empty}: tệp trống" in result.stderr
    assert f"{binary}: đây là tệp nhị phân" in result.stderr
    assert "Có 4 lỗi trong 3 tệp" in result.stderr


def test_a_missing_file(run, tmp_path):
    result = run("render", tmp_path / "khong_co.yaml")
    assert result.exit_code == 2
    assert "khong_co.yaml: không tìm thấy tệp" in result.stderr


def test_missing_files_without_an_ending_are_not_found_not_unreadable(run, tmp_path, example):
    """`kehoach render ke_hoach.yaml a b c` said `a: không biết đọc tệp ''`."""
    result = run("render", example, tmp_path / "a", tmp_path / "b.txt", "-o", tmp_path / "ra")
    assert result.exit_code == 2
    assert f"{tmp_path / 'a'}: không tìm thấy tệp" in result.stderr
    assert f"{tmp_path / 'b.txt'}: không tìm thấy tệp" in result.stderr
    (tmp_path / "c").write_text("title: x\n", encoding="utf-8")
    result = run("render", tmp_path / "c")
    assert "không biết đọc tệp không có đuôi" in result.stderr


def test_a_render_failure_leaves_the_old_file_whole(run, example, monkeypatch):
    target = example.with_suffix(".docx")
    target.write_bytes(b"the old document")

    def broken(plan, profile=None):
        raise kh.RenderError("template broken")

    monkeypatch.setattr("kehoach.api.render", broken)
    result = run("render", example)
    assert result.exit_code == 1
    assert "template broken" in result.stderr
    assert target.read_bytes() == b"the old document"


def test_toml_and_json_files_and_stdin(run, tmp_path, hai_yen_plan, hai_yen_bytes):
    for fmt in ("toml", "json"):
        source = tmp_path / f"plan.{fmt}"
        data.dump(hai_yen_plan, source)
        assert run("render", source).exit_code == 0
        assert source.with_suffix(".docx").read_bytes() == hai_yen_bytes
    target = tmp_path / "stdin.docx"
    result = run("render", "-", "-f", "json", "-o", target,
                 input=data.dumps(hai_yen_plan, "json").encode())
    assert result.exit_code == 0, result.output
    assert target.read_bytes() == hai_yen_bytes


@pytest.mark.parametrize("args", [
    ["-"],  # stdin needs -o
    ["{example}", "{example}", "-o", "{tmp}/ra"],  # both to ra/hai_yen.docx
    ["{example}", "-o", "{example}"],  # over the data
])
def test_usage_errors(run, example, tmp_path, args):
    args = [a.format(example=example, tmp=tmp_path) for a in args]
    result = run("render", *args)
    assert result.exit_code == 2
    assert example.read_text(encoding="utf-8") == EXAMPLE_YAML.read_text(encoding="utf-8")


def test_pdf_without_libreoffice(run, example, monkeypatch):
    monkeypatch.setenv("KEHOACH_CONVERTER", "auto")  # no warm listener either
    monkeypatch.setenv("KEHOACH_SOFFICE", "/khong/co/soffice")
    result = run("render", example, "--pdf")
    assert result.exit_code == 1
    assert "Không tìm thấy LibreOffice" in result.stderr
    assert example.with_suffix(".docx").is_file()


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice not installed")
def test_pdf(run, example):
    result = run("render", example, "--pdf")
    assert result.exit_code == 0, result.output
    pdf = example.with_suffix(".pdf")
    assert pdf.read_bytes()[:4] == b"%PDF"
    assert result.stdout.split() == [str(example.with_suffix(".docx")), str(pdf)]


@pytest.mark.skipif(not (shutil.which("soffice") or shutil.which("libreoffice")),
                    reason="LibreOffice not installed")
def test_pdf_paths_are_printed_as_the_docx_paths_and_x_pdf_asks_for_a_pdf(
        run, example, monkeypatch):
    """The .docx and the .pdf named the same way (the PDF was an absolute path); ``-o x.pdf``
    makes ``x.docx`` and ``x.pdf`` (it wrote a Word file named x.pdf); one PDF shows a line
    while LibreOffice works, on a terminal."""
    from kehoach.cli import pdf as cli_pdf

    monkeypatch.chdir(example.parent)
    monkeypatch.setattr(cli_pdf, "_stderr_is_tty", lambda: True)
    result = run("render", example.name, "-o", "Kế hoạch 05.pdf")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["Kế hoạch 05.docx", "Kế hoạch 05.pdf"]
    assert (example.parent / "Kế hoạch 05.docx").read_bytes()[:2] == b"PK"
    assert (example.parent / "Kế hoạch 05.pdf").read_bytes()[:4] == b"%PDF"
    assert "Tạo PDF bằng LibreOffice…" in result.stderr
    result = run("pdf", "Kế hoạch 05.docx", "-o", "pdf")
    assert result.stdout.splitlines() == [str(Path("pdf") / "Kế hoạch 05.pdf")]


@pytest.mark.parametrize(("written", "made"), [
    ("KH05", "KH05.docx"), ("KH.05", "KH.05.docx"), ("KH05.DOCX", "KH05.DOCX"),
    ("ra/KH05.docx", "ra/KH05.docx"),
])
def test_an_output_name_without_docx_gets_it(run, example, monkeypatch, written, made):
    monkeypatch.chdir(example.parent)
    (example.parent / "ra").mkdir()
    result = run("render", example.name, "-o", written)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(Path(made))
    assert (example.parent / made).read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("written", ["KH05.doc", "KH05.odt", "KH05.txt", "KH05.yaml"])
def test_an_output_name_of_another_kind_of_document_is_refused(run, example, written):
    target = example.parent / written
    result = run("render", example, "-o", target)
    assert result.exit_code == 2
    assert "kehoach tạo tệp Word .docx" in result.stderr
    assert f"'{target.with_suffix('.docx')}'" in result.stderr
    assert not target.exists() and not target.with_suffix(".docx").exists()


def test_a_pdf_name_asks_for_the_pdf_beside_its_docx(run, example, monkeypatch):
    asked = []
    monkeypatch.setattr(cli_render, "_pdf", lambda paths: asked.extend(paths))
    result = run("render", example, "-o", example.parent / "KH05.pdf")
    assert result.exit_code == 0, result.output
    assert asked == [example.parent / "KH05.docx"]
    assert not (example.parent / "KH05.pdf").exists()  # not a Word file under a PDF's name


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")
@pytest.mark.parametrize("kind", ["fifo", "socket"])
def test_a_target_that_is_no_regular_file_is_refused_and_kept(run, example, kind):
    """``-o /dev/full`` replaced the device with a file (as root); a FIFO, a socket likewise.
    Tested on a FIFO and a socket of the test's own folder, never on a real device."""
    import socket
    import stat as stat_

    target = example.parent / "dich.docx"
    holder = None
    if kind == "fifo":
        os.mkfifo(target)
    else:
        holder = socket.socket(socket.AF_UNIX)
        holder.bind(str(target))
    try:
        before = sorted(p.name for p in example.parent.iterdir())
        result = run("render", example, "-o", target)
        assert result.exit_code == 3
        assert result.stderr.startswith(f"Lỗi: không ghi được tệp '{target}': ở đây là một ")
        assert "không phải một tệp thường; chọn tên tệp khác" in result.stderr
        mode = os.lstat(target).st_mode
        assert stat_.S_ISFIFO(mode) if kind == "fifo" else stat_.S_ISSOCK(mode)
        assert sorted(p.name for p in example.parent.iterdir()) == before
    finally:
        if holder is not None:
            holder.close()


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="no symbolic links here")
def test_a_link_to_a_file_is_followed_and_kept(run, example, tmp_path, hai_yen_bytes):
    """A link to a document (in a shared folder): the document is replaced, the link stays."""
    real = tmp_path / "chung" / "KH05.docx"
    real.parent.mkdir()
    real.write_bytes(b"the old document")
    link = example.parent / "KH05.docx"
    link.symlink_to(real)
    result = run("render", example, "-o", link)
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == str(link)
    assert link.is_symlink() and real.read_bytes() == hai_yen_bytes


def test_the_installed_command_exits_2_on_bad_data(bad):
    result = subprocess.run([sys.executable, "-m", "kehoach", "render", str(bad)],
                            capture_output=True, text=True, encoding="utf-8", check=False)
    assert result.returncode == 2
    assert "titel: không có khóa 'titel'" in result.stderr
    assert not bad.with_suffix(".docx").exists()


# --------------------------------------------------------------------------------------------
# new, schema


@pytest.mark.parametrize("type_name", ["ke-hoach", "nong-thon-moi"])
def test_new_writes_a_commented_starter_that_renders(run, tmp_path, type_name):
    result = run("new", type_name)
    assert result.exit_code == 0
    text = result.stdout
    comments = [line for line in text.splitlines() if line.lstrip().startswith("#")]
    assert len(comments) > 10 and any("Dòng bắt đầu bằng # là ghi chú" in c for c in comments)
    source = tmp_path / "ke_hoach.yaml"
    source.write_text(text, encoding="utf-8")
    result = run("render", source)
    assert result.exit_code == 0, result.output
    plan = data.load(source)
    assert type(plan) is {"ke-hoach": kh.Plan, "nong-thon-moi": kh.NewRuralPlan}[type_name]


def test_new_defaults_to_the_general_plan(run):
    assert run("new").stdout == cli_render.starter("ke-hoach")


def test_new_with_an_unknown_type(run):
    result = run("new", "nong-thon-mo")
    assert result.exit_code == 2
    assert "(có phải 'nong-thon-moi'?)" in result.stderr


def test_new_to_a_file_never_overwrites(run, tmp_path):
    target = tmp_path / "ke_hoach.yaml"
    assert run("new", "-o", target).exit_code == 0
    assert target.read_text(encoding="utf-8") == cli_render.starter("ke-hoach")
    target.write_text("của tôi", encoding="utf-8")
    result = run("new", "-o", target)
    assert result.exit_code == 1 and "đã có tệp" in result.stderr
    assert target.read_text(encoding="utf-8") == "của tôi"


def test_schema(run):
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.stdout)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["properties"]["type"]["const"] == "ke-hoach"
    assert "CriterionSolution" in schema["$defs"]
    assert json.loads(run("schema", "nong-thon-moi").stdout)["required"][0] == "type"
    assert run("schema", "khong-co").exit_code == 2
