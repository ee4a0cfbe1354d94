"""Settings that change the layout between Word and LibreOffice, and what LibreOffice draws.

A clerk types a line break inside a paragraph (a ``|`` block in YAML, ``\\n`` in Python):
``- Địa điểm:`` followed by two lines of places. In a justified paragraph Word and LibreOffice
both stretch the line before such a break across the page unless ``settings.xml`` says
``w:doNotExpandShiftReturn``. These tests read the template's settings and measure the lines
LibreOffice draws in its PDF: a line ended by a manual break keeps ordinary word spacing, a line
that wraps by itself still reaches the right margin.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile
from collections import defaultdict
from xml.etree import ElementTree as ET

import pytest

import kehoach as kh
from kehoach.layout.profile import DEFAULT_PROFILE as P
from kehoach.layout.profile import PAGE_WIDTH_TW
from kehoach.rendering.template_builder import COMPAT_OPTIONS, build_template

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
LEFT = P.tw(P.margin_left_mm) / 20
RIGHT = (PAGE_WIDTH_TW - P.tw(P.margin_right_mm)) / 20
#: Width of a space in Times New Roman (Liberation Serif) at the body size, in pt (0.25 em).
SPACE = 0.25 * P.size_body


def _settings(docx: bytes) -> ET.Element:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return ET.fromstring(z.read("word/settings.xml"))


def test_settings_keep_manual_break_lines_unstretched():
    compat = _settings(build_template()).find(f"{W}compat")
    names = [child.tag.removeprefix(W) for child in compat]
    assert "doNotExpandShiftReturn" in names
    assert set(COMPAT_OPTIONS) <= set(names)
    # Schema order (CT_Compat): the options first, then the compatSetting entries.
    settings_at = [i for i, n in enumerate(names) if n == "compatSetting"]
    assert settings_at and min(settings_at) > max(names.index(o) for o in COMPAT_OPTIONS)
    mode = compat.find(f"{W}compatSetting[@{W}name='compatibilityMode']")
    assert mode.get(f"{W}val") == "15"


def test_rendered_plans_carry_the_settings(hai_yen_bytes):
    names = [c.tag.removeprefix(W) for c in _settings(hai_yen_bytes).find(f"{W}compat")]
    assert "doNotExpandShiftReturn" in names


# ------------------------------------------------------------------------------------------
# As LibreOffice lays it out

LONG = ("Tuyên truyền, vận động cán bộ, đảng viên và Nhân dân trên địa bàn xã tích cực tham gia "
        "trồng cây xanh tại nơi công cộng, trường học, trụ sở cơ quan, ven đường giao thông "
        "liên thôn và khu dân cư tập trung")


def _plan() -> kh.Plan:
    return kh.Plan(
        issuer=kh.Issuer(name=["Ủy ban nhân dân", "xã Hòa An"], place="Hòa An"),
        number=kh.DocumentNumber(5),
        date=kh.IssueDate(2026, 1, 20),
        title="Tổ chức Tết trồng cây năm 2026",
        opening="Ủy ban nhân dân xã ban hành Kế hoạch như sau:\nMở đầu dòng hai.",
        parts=[kh.Part("Nội dung", [
            kh.Item(title="Thời gian, địa điểm", children=[
                kh.Bullet(lead_in="Địa điểm:", text="khuôn viên Trường Trung học cơ sở xã;\n"
                                                  "Nhà văn hóa thôn Bản Mới."),
                kh.Paragraph(f"{LONG};\nsau đó tổng hợp kết quả."),
                kh.Point("Ngắn gọn một dòng;\nrồi dòng thứ hai của điểm."),
            ]),
        ])],
        closing="Trên đây là Kế hoạch của Ủy ban nhân dân xã.\nGiao Văn phòng theo dõi",
        signer=kh.Signer("Nguyễn Văn An", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        recipients=[kh.Recipient("Các thôn")],
        legal_bases=[kh.LegalBasis("Luật Tổ chức chính quyền địa phương",
                                   date=dt.date(2025, 6, 16))],
    )


@pytest.fixture(scope="module")
def body_lines(tmp_path_factory):
    pdfplumber = pytest.importorskip("pdfplumber")
    if shutil.which("soffice") is None:
        pytest.skip("LibreOffice is not installed")
    from kehoach.convert import to_pdf

    source = tmp_path_factory.mktemp("compat") / "ngat_dong.docx"
    kh.save(_plan(), source)
    (pdf,) = to_pdf([source])
    rows = defaultdict(list)
    with pdfplumber.open(pdf) as document:
        for n, page in enumerate(document.pages):
            for word in page.extract_words(use_text_flow=True):
                if word["x0"] >= LEFT - 2:
                    rows[n, round(word["bottom"])].append(word)
    return [sorted(ws, key=lambda w: w["x0"]) for _, ws in sorted(rows.items())]


def _line(lines, *, ending: str):
    found = [ws for ws in lines if " ".join(w["text"] for w in ws).endswith(ending)]
    assert len(found) == 1, (ending, [" ".join(w["text"] for w in ws) for ws in lines])
    return found[0]


def _widest_gap(words) -> float:
    return max(b["x0"] - a["x1"] for a, b in zip(words, words[1:]))


@pytest.mark.parametrize("ending", ["xã;", "sau:", "dòng;", "xã.", "kết quả."])
def test_line_ended_by_a_manual_break_keeps_its_spacing(body_lines, ending):
    words = _line(body_lines, ending=ending)
    text = " ".join(w["text"] for w in words)
    if ending == "kết quả.":  # the last line of a paragraph, for comparison
        assert words[-1]["x1"] < RIGHT - 20, text
        return
    assert words[-1]["x1"] < RIGHT - 20, f"stretched to the margin: {text}"
    assert _widest_gap(words) < 2 * SPACE, f"words pulled apart: {text}"


def test_lines_that_wrap_by_themselves_are_still_justified(body_lines):
    first = next(ws for ws in body_lines if ws[0]["text"] == "Tuyên")
    index = body_lines.index(first)
    wrapped = body_lines[index:index + 2]  # the long paragraph wraps twice before its break
    for words in wrapped:
        assert abs(words[-1]["x1"] - RIGHT) < 1.5, " ".join(w["text"] for w in words)
    ended_by_break = _line(body_lines, ending="trung;")
    assert ended_by_break[-1]["x1"] < RIGHT - 20
    assert _widest_gap(ended_by_break) < 2 * SPACE
