"""The checker's safe reader (issue 15.7): decided on what the parts are, not how they look.

A DOCTYPE is refused whatever the encoding that spells it; a part Word cannot open (compressed
with bzip2 or lzma, encoded in UTF-32) is refused rather than passed; a real document that
compresses 300 to 1 is read, a zip bomb is stopped by the bytes it inflates to.
"""

from __future__ import annotations

import io
import re
import time
import zipfile

import pytest
from click.testing import CliRunner

import kehoach as kh
from kehoach.checker.docx_reader import (
    MAX_PART_BYTES,
    MAX_TOTAL_BYTES,
    DocxReadError,
    read_docx,
)
from kehoach.cli import main


@pytest.fixture(scope="module")
def clean() -> bytes:
    plan = kh.Plan(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hải Yến"], "Hải Yến"),
        date=kh.IssueDate(2024, 2, 5), number=kh.DocumentNumber(5),
        title="Kiểm tra cách đọc tệp", parts=[kh.Part("Nội dung", [kh.Paragraph("Đoạn văn.")])],
        signer=kh.Signer("Hứa Xuân Dương", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]))
    return kh.render(plan)


def _rezip(clean: bytes, document: bytes | None = None,
           compression: dict[str, int] | None = None) -> bytes:
    """``clean`` with another word/document.xml, or some parts compressed another way."""
    source = zipfile.ZipFile(io.BytesIO(clean))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml" and document is not None:
                data = document
            method = (compression or {}).get(name, zipfile.ZIP_DEFLATED)
            target.writestr(zipfile.ZipInfo(name, (1980, 1, 1, 0, 0, 0)), data,
                            compress_type=method)
    return out.getvalue()


def _document(clean: bytes) -> str:
    return zipfile.ZipFile(io.BytesIO(clean)).read("word/document.xml").decode("utf-8")


def _declared(xml: str, encoding: str, doctype: str = "") -> bytes:
    body = re.sub(r"^<\?xml[^>]*\?>", "", xml)
    return (f'<?xml version="1.0" encoding="{encoding}"?>{doctype}{body}').encode(encoding)


def _check_refuses(tmp_path, data: bytes, words: str) -> None:
    path = tmp_path / "van_ban.docx"
    path.write_bytes(data)
    with pytest.raises(DocxReadError, match=words):
        read_docx(path)
    result = CliRunner().invoke(main, ["check", "--no-render", str(path)])
    assert result.exit_code == 2, result.output
    assert "không đọc được" in result.output and words.replace("\\", "") in result.output


@pytest.mark.parametrize("encoding", ["utf-32", "utf-32-be", "utf-16", "utf-16-be"])
def test_a_doctype_is_refused_whatever_the_encoding(clean, tmp_path, encoding):
    doctype = '<!DOCTYPE w:document [<!ENTITY x "y">]>'
    data = _rezip(clean, _declared(_document(clean), encoding, doctype))
    _check_refuses(tmp_path, data, "khai báo DOCTYPE/ENTITY")


def test_a_doctype_without_entities_spelled_in_utf32_is_refused(clean, tmp_path):
    data = _rezip(clean, _declared(_document(clean), "utf-32", "<!DOCTYPE w:document>"))
    _check_refuses(tmp_path, data, "khai báo DOCTYPE/ENTITY")


def test_a_part_in_utf32_is_refused_as_word_cannot_open_it(clean, tmp_path):
    data = _rezip(clean, _declared(_document(clean), "utf-32"))
    _check_refuses(tmp_path, data, "dùng bảng mã UTF-32")


def test_utf16_parts_are_read(clean, tmp_path):
    path = tmp_path / "utf16.docx"
    path.write_bytes(_rezip(clean, _declared(_document(clean), "utf-16")))
    assert read_docx(path).document is not None


@pytest.mark.parametrize(("method", "name"), [(zipfile.ZIP_BZIP2, "bzip2"),
                                              (zipfile.ZIP_LZMA, "lzma")])
def test_a_part_compressed_as_word_cannot_read_is_refused(clean, tmp_path, method, name):
    for part in ("word/document.xml", "word/styles.xml"):
        data = _rezip(clean, compression={part: method})
        _check_refuses(tmp_path, data, f"phần {part} được nén bằng {name}")


def test_a_real_repetitive_document_is_read(clean, tmp_path):
    """One paragraph written thousands of times compresses about 270:1: a real document."""
    xml = _document(clean)
    paragraph = re.search(r"<w:p>.*?</w:p>|<w:p .*?</w:p>", xml, re.S).group()
    body_end = xml.index("<w:sectPr")
    repeated = xml[:body_end] + paragraph * (4_000_000 // len(paragraph)) + xml[body_end:]
    data = _rezip(clean, repeated.encode("utf-8"))
    info = zipfile.ZipFile(io.BytesIO(data)).getinfo("word/document.xml")
    assert info.file_size > 1024 * 1024 and info.file_size / info.compress_size > 250
    path = tmp_path / "lap_lai.docx"
    path.write_bytes(data)
    package = read_docx(path)
    assert len(package.document.findall(".//{*}p")) > 1000
    result = CliRunner().invoke(main, ["check", "--no-render", str(path)])
    assert result.exit_code != 2, result.output


def test_a_zip_bomb_stops_at_the_bytes_it_inflates_to(clean, tmp_path):
    path = tmp_path / "bom.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("_rels/.rels", zipfile.ZipFile(io.BytesIO(clean)).read("_rels/.rels"))
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            chunk = b"<w:p/>" * (1 << 17)
            for _ in range((MAX_PART_BYTES + MAX_TOTAL_BYTES) // len(chunk) + 1):
                f.write(chunk)
    start = time.monotonic()
    with pytest.raises(DocxReadError, match="quá lớn"):
        read_docx(path)
    assert time.monotonic() - start < 10


def _with_part(clean: bytes, name: str, data: bytes) -> bytes:
    """``clean`` with one more part, or another ``name``."""
    source = zipfile.ZipFile(io.BytesIO(clean))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for old in source.namelist():
            if old != name:
                target.writestr(old, source.read(old))
        target.writestr(name, data)
    return out.getvalue()


_HIDDEN = '<!DOCTYPE x [<!ENTITY a "b">]>'


@pytest.mark.parametrize(("name", "data"), [
    ("docProps/app.xml", f'<?xml version="1.0"?>{_HIDDEN}<Properties/>'.encode()),
    ("customXml/item1.xml", f'<?xml version="1.0"?>{_HIDDEN}<x>&a;</x>'.encode()),
    ("customXml/item2.xml", f'<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE x><x/>'
     .encode("utf-16")),
    ("customXml/item3.xml", f'<?xml version="1.0" encoding="UTF-32"?><!DOCTYPE x><x/>'
     .encode("utf-32")),
    # a DOCTYPE behind 200 KB of comment: read up to the first element, however far
    ("word/glossary/document.xml", b'<?xml version="1.0"?><!--' + b"x" * 200_000
     + b"--><!DOCTYPE w:glossaryDocument><w:glossaryDocument/>"),
    ("customXml/_rels/item1.xml.rels", f'<?xml version="1.0"?>{_HIDDEN}<Relationships/>'
     .encode()),
])
def test_a_doctype_in_a_part_the_checker_does_not_read_is_refused(clean, tmp_path, name,
                                                                   data):
    """Before, such a document passed (exit 0, ĐẠT): only the parts the checker reads were
    looked at."""
    _check_refuses(tmp_path, _with_part(clean, name, data), f"phần {name} khai báo DOCTYPE")


def test_other_parts_are_read_only_up_to_their_first_element(clean, tmp_path):
    """Parts without a DOCTYPE, even one that is not XML at all, leave the document readable;
    a large one is not read whole for it."""
    data = _with_part(clean, "customXml/item1.xml", b'<?xml version="1.0"?><x>'
                      + b"<y>1</y>" * 2_000_000 + b"</x>")
    data = _with_part(data, "customXml/item2.xml", b"not XML at all")
    path = tmp_path / "van_ban.docx"
    path.write_bytes(data)
    package = read_docx(path)
    assert package.document is not None
    assert package._read_total < 1_000_000  # the 16 MB part was not inflated whole
