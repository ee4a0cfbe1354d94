"""Numbers in messages as Vietnamese writes them, and the converter's call (issue 15 review).

Thousands are grouped by dots (``40.013.546``), decimals take a comma (``0,7 giây``), and a
number is never rounded into another (a 0.7 s timeout was reported as ``quá 1 giây``).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from kehoach.cli import main
from kehoach.errors import grouped

#: Four digits or more not grouped (a year such as 2026 is not a quantity: none is quoted here).
UNGROUPED = re.compile(r"(?<![\d.,])\d{4,}(?![\d.,])")


def test_grouped() -> None:
    assert [grouped(n) for n in (0, 999, 1000, 40013546, -1234567)] == [
        "0", "999", "1.000", "40.013.546", "-1.234.567"]


@pytest.mark.parametrize("seconds, text", [
    (0.7, "0,7 giây"), (0.25, "0,25 giây"), (1, "1 giây"), (1.5, "1,5 giây"),
    (2.0, "2 giây"), (9.994, "9,99 giây"), (62.1573, "62 giây"), (3600, "3.600 giây")])
def test_seconds_are_not_rounded_into_another_number(seconds, text) -> None:
    from kehoach.convert.base import seconds_text

    assert seconds_text(seconds) == text


def test_a_timeout_under_a_second_is_reported_as_it_was(hai_yen_bytes, tmp_path) -> None:
    """LibreOffice cannot start in 0.7 s: `LibreOffice chạy quá 0,7 giây` (was `quá 1 giây`)."""
    from kehoach.convert import ConversionTimeout, OneShotConverter

    source = tmp_path / "p.docx"
    source.write_bytes(hai_yen_bytes)
    with OneShotConverter() as converter, pytest.raises(ConversionTimeout) as caught:
        converter.convert([source], tmp_path, timeout=0.7)
    assert "quá 0,7 giây" in str(caught.value)
    assert not list(tmp_path.glob("*.pdf"))


@pytest.mark.parametrize("count", ["soffice", "listener", "192.168.1.10:2003", 1.5, True, None])
def test_converter_refuses_a_count_that_is_no_number_and_says_how_to_call_it(count) -> None:
    """`converter("soffice")` raised `TypeError: '<=' not supported …` (``spec`` is
    keyword-only)."""
    from kehoach.convert import converter

    with pytest.raises(TypeError) as caught:
        converter(count)  # type: ignore[arg-type]
    message = str(caught.value)
    assert "count là số tệp" in message and "'<='" not in message
    if isinstance(count, str):
        assert f"converter(spec={count!r})" in message


def test_the_checkers_size_caps_group_their_digits(tmp_path, monkeypatch, hai_yen_bytes) -> None:
    """`kehoach check` of a too-large file printed `40013546 byte`."""
    from kehoach.checker import docx_reader

    big = tmp_path / "lon.docx"
    with open(big, "wb") as handle:  # sparse: the size is read before the bytes
        handle.truncate(docx_reader.MAX_FILE_BYTES + 12345)
    result = CliRunner().invoke(main, ["check", str(big)])
    size, cap = docx_reader.MAX_FILE_BYTES + 12345, docx_reader.MAX_FILE_BYTES
    assert f"tệp quá lớn ({grouped(size)} byte; tối đa {grouped(cap)} byte)" in result.output
    assert not UNGROUPED.findall(result.output.replace(str(big), "")), result.output

    doc = tmp_path / "a.docx"
    doc.write_bytes(hai_yen_bytes)
    with zipfile.ZipFile(doc) as archive:
        part = archive.getinfo("word/document.xml").file_size
    monkeypatch.setattr(docx_reader, "MAX_PART_BYTES", 1500)
    with pytest.raises(docx_reader.DocxReadError) as caught:
        docx_reader.DocxPackage.open(doc).read("word/document.xml")
    assert f"({grouped(part)} byte; tối đa 1.500 byte)" in str(caught.value)
    assert not UNGROUPED.findall(str(caught.value).replace(str(doc), ""))


def test_a_text_too_long_groups_its_length(tmp_path) -> None:
    import kehoach as kh
    from kehoach.model.fields import MAX_TEXT_LENGTH

    with pytest.raises(kh.PlanDataError) as caught:
        kh.Column(header="x" * (MAX_TEXT_LENGTH + 1))
    assert f"dài {grouped(MAX_TEXT_LENGTH + 1)} ký tự, vượt giới hạn {grouped(MAX_TEXT_LENGTH)}" \
        in str(caught.value)
    data = tmp_path / "k.yaml"
    example = Path(__file__).resolve().parent.parent / "examples" / "hai_yen_2024.yaml"
    text = example.read_text(encoding="utf-8")
    title = re.search(r"^title: .*$", text, re.M)
    assert title is not None
    data.write_text(text.replace(title.group(), "title: " + "x" * (MAX_TEXT_LENGTH + 1)),
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["render", str(data), "-o", str(tmp_path / "k.docx")])
    assert result.exit_code == 2, result.output
    assert f"vượt giới hạn {grouped(MAX_TEXT_LENGTH)} ký tự" in result.output
    assert not (tmp_path / "k.docx").exists()


def test_a_column_width_out_of_range_is_written_as_vietnamese_writes_it() -> None:
    import kehoach as kh

    for width, shown in ((250.5, "250,5"), (1500, "1.500"), (-2.25, "-2,25")):
        with pytest.raises(kh.PlanDataError) as caught:
            kh.Column(header="Thời gian", width=width)
        assert str(caught.value).endswith(f"nhận được {shown}"), str(caught.value)
