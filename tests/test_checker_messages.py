"""The checker's Vietnamese messages, pinned: what each rule says it saw and what it expects.

Every message was read by a native reader: plain Vietnamese, the decree's own words ("vùng
trình bày", "lùi đầu dòng", "in đậm nghiêng"), numbers with a decimal comma (1,27 cm). The
wording of each hard rule's first problem on its breaking fixture is pinned here, so a change
of wording is a decision, not an accident. R40 names the two tone-mark styles as the usual
terms and typing tools (Unikey) do: the mark on the first vowel (hòa, thủy, Ủy) is the *old*
style, on the main vowel (hoà, thuỷ, Uỷ) the *new* one.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_docx as fx  # noqa: E402

from kehoach.checker import check  # noqa: E402

#: rule → (seen, expected) of the first problem on the rule's breaking fixture.
PINNED = {
    "R1": ('phần 1 của văn bản: 12240 × 15840 twip (216 × 279 mm) không phải khổ A4',
            'khổ A4 210 × 297 mm (11906 × 16838 twip)'),
    "R2": ('phần 1: lề trái 20,0 mm (1134 twip)',
            'lề trái 30–35 mm (1701–1984 twip)'),
    "R3": ('trang đầu có trường số trang (PAGE); chưa bật «trang đầu khác» (w:titlePg)',
            'trang 1 không đánh số: bật «trang đầu khác», để trống đầu trang của trang 1'),
    "R4": ('số trang lệch sang trái 81 mm so với giữa vùng trình bày (căn trái)',
            'số trang căn giữa theo chiều ngang'),
    "R5": ('số trang của phụ lục nối tiếp phần trước',
            'mỗi phụ lục đánh số trang riêng, từ 1 (w:pgNumType w:start="1")'),
    "R6": ('phông Arial',
            'phông Times New Roman'),
    "R7": ('chữ màu FF0000',
            'chữ màu đen (000000 hoặc auto)'),
    "R9": ('Quốc hiệu: không in đậm (hoặc chỉ đậm một phần)',
            'Quốc hiệu: in đậm'),
    "R10": ('«Độc lập – Tự do – Hạnh phúc» (dùng gạch ngang dài «–» thay cho gạch nối «-»)',
            '«Độc lập - Tự do - Hạnh phúc» (gạch nối «-», mỗi bên một dấu cách) ngay dưới Quốc hiệu'),
    "R11": ('đường kẻ dưới Tiêu ngữ dài 2,94 cm, bằng 0,49 lần dòng chữ dài 6,05 cm',
            'nét liền dài bằng dòng Tiêu ngữ, căn giữa'),
    "R12": ('tên cơ quan: không in đậm (hoặc chỉ đậm một phần)',
            'tên cơ quan: in đậm'),
    "R13": ('đường kẻ dưới tên cơ quan dài 5,39 cm, bằng 1,25 và 1,98 lần các dòng chữ (dài nhất 4,32 cm)',
            'nét liền dài 1/3 đến 1/2 dòng tên cơ quan, cân giữa'),
    "R14": ('«Số: 5/KH-UBND» (số nhỏ hơn 10 phải có số 0 ở đầu)',
            '«Số: 05/KH-UBND» (01–09 có số 0 ở đầu; bản dự thảo «Số:      /KH-UBND»)'),
    "R15": ('ký hiệu «QĐ» cho kế hoạch',
            'ký hiệu «KH-…» (chữ viết tắt tên loại kế hoạch, Phụ lục III)'),
    "R16": ('«Hải Yến, ngày 05 tháng 03 năm 2024» (tháng 3 không viết số 0 ở đầu)',
            '«<Địa danh>, ngày DD tháng M năm YYYY»: ngày 01–09 và tháng 01, 02 có số 0; tháng 3–12 không có số 0'),
    "R19": ('tên loại: không in đậm (hoặc chỉ đậm một phần)',
            'tên loại: in đậm'),
    "R20": ('trích yếu in hoa toàn bộ',
            'chữ thường, viết hoa chữ cái đầu'),
    "R21": ('đường kẻ dưới trích yếu dài 14,74 cm, bằng 0,90 và 1,50 lần các dòng chữ (dài nhất 16,43 cm)',
            'nét liền dài 1/3 đến 1/2 dòng trích yếu, cân giữa'),
    "R22": ('«Kính gửi: Ủy ban nhân dân huyện Cao Lộc.»',
            'kế hoạch không dùng «V/v» hay «Kính gửi»'),
    "R23": ('căn giữa',
            'căn đều hai lề'),
    "R24": ('dòng đầu lùi vào 0,00 cm (0 twip)',
            'dòng đầu lùi vào 1 cm hoặc 1,27 cm'),
    "R25": ('cách dòng 2 dòng',
            'cách dòng 1–1,5 dòng'),
    "R26": ('cách đoạn trước 0 pt',
            'tối thiểu 6 pt giữa các đoạn'),
    "R27": ('căn cứ không in nghiêng',
            'căn cứ in nghiêng'),
    "R28": ('tên mục không in đậm',
            'tên mục in đậm'),
    "R29": ('khoản «3.»',
            'khoản «2.» (đánh số liên tục từ 1 trong mỗi mục)'),
    "R30": ('điểm «d)»',
            'điểm «c)» (a, b, c, d, đ, e, g, h, i, k…)'),
    "R33": ('«TM ỦY BAN NHÂN DÂN»',
            'chữ viết tắt quyền hạn, dấu chấm, một dấu cách: «TM. …»'),
    "R34": ('«HỨA XUÂN DƯƠNG» in hoa toàn bộ',
            'viết hoa chữ đầu mỗi âm tiết: «Nguyễn Văn A»'),
    "R36": ('«Nơi nhận:» không in nghiêng',
            'in đậm nghiêng'),
    "R37": ('«- Lưu VT, VP»',
            'dòng cuối «- Lưu: VT, <đơn vị soạn thảo>.»'),
    "R42": ('«Căn cứ nội dung Kế hoạch này, các ban, ngành, đoàn thể, các…» sau chữ ký',
            'không có nội dung sau nơi nhận, chữ ký (trừ phụ lục)'),
    "R43": ('dòng «(Kèm theo …)» không in nghiêng',
            'in nghiêng'),
    "R44": ('«PL.(10)» cỡ 13 pt',
            'cỡ 11 pt'),
    "R45": ('«Kính gửi Ban Chỉ đạo xây dựng nông thôn mới huyện Cao Lộc.»',
            '«Kính gửi:» (có dấu hai chấm)'),
    "R46": ('«QUYẾT ĐỊNH:»: không in đậm (hoặc chỉ đậm một phần)',
            '«QUYẾT ĐỊNH:»: in đậm'),
    "R47": ('«Điều 4.» ở vị trí thứ 2',
            '«Điều 2.» (liên tục 1, 2, 3…)'),
}


@pytest.mark.parametrize("rule_id", list(PINNED))
def test_each_rule_says_what_it_saw_and_what_it_wants(rule_id):
    report = check(fx.edit(fx.BREAKERS[rule_id], fx.base_for(rule_id)), render=False)
    problem = report.finding(rule_id).problems[0]
    assert (problem.seen, problem.expected) == PINNED[rule_id]


def test_every_hard_rule_has_its_wording_pinned():
    assert set(PINNED) == set(fx.BREAKERS)


def _mixed_tone_marks(e: fx.DocxEdit) -> None:
    """Old style throughout (Ủy ban, hòa), and one word in the new style (thuỷ lợi)."""
    p = e.paragraph("Là căn cứ")
    e.set_text(p, e.text(p).rstrip(".") + ", hoàn thiện công trình thuỷ lợi.")


def test_r40_names_the_old_and_the_new_tone_mark_styles_rightly(clean):
    finding = check(fx.edit(_mixed_tone_marks, clean), render=False).finding("R40")
    assert finding.status == "fail"
    problem = finding.problems[0]
    old, new = problem.seen.split(" và kiểu mới ")
    assert old.startswith("dùng lẫn kiểu bỏ dấu cũ (") and "Ủy" in old and "thuỷ" not in old
    assert "thuỷ" in new and "Ủy" not in new
    assert problem.where.snippet.startswith("Là căn cứ")  # the paragraph with «thuỷ»
    assert problem.expected == ("một kiểu bỏ dấu trong cả văn bản (văn bản nhà nước thường "
                                "dùng kiểu cũ: Ủy, hòa, hóa)")
    assert "kiểu bỏ dấu cũ (hòa, thủy, Ủy) và kiểu mới (hoà, thuỷ, Uỷ)" in finding.what


def test_one_style_throughout_passes(clean):
    assert check(clean, render=False).finding("R40").status == "pass"


def test_numbers_in_messages_use_a_decimal_comma():
    """What the rules write (every problem of every breaking fixture, and every rule's
    description) has no decimal point before a unit."""
    import re

    from kehoach.checker import list_rules

    texts = [r.what for r in list_rules()]
    for rule_id in PINNED:
        report = check(fx.edit(fx.BREAKERS[rule_id], fx.base_for(rule_id)), render=False)
        texts += [f"{p.seen} {p.expected}" for f in report.findings for p in f.problems]
    found = [t for t in texts if re.search(r"\d\.\d+ ?(cm|mm|pt|lần|dòng)", t)]
    assert not found


@pytest.fixture(scope="module")
def clean() -> bytes:
    return fx.hai_yen_bytes()
