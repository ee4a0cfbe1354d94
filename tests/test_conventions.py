"""The decree's wording rules, to every boundary."""

import datetime as dt

import pytest

from kehoach.model import (
    Archive,
    Authority,
    DocumentNumber,
    IssueDate,
    LegalBasis,
    Official,
    Recipient,
    Signer,
)
from kehoach.rendering import conventions as cv


@pytest.mark.parametrize(("day", "month", "expected"), [
    (5, 2, "ngày 05 tháng 02 năm 2024"),
    (13, 3, "ngày 13 tháng 3 năm 2024"),
    (1, 1, "ngày 01 tháng 01 năm 2024"),
    (9, 12, "ngày 09 tháng 12 năm 2024"),
    (10, 10, "ngày 10 tháng 10 năm 2024"),
    (29, 2, "ngày 29 tháng 02 năm 2024"),
    (31, 12, "ngày 31 tháng 12 năm 2024"),
])
def test_long_date_pads_days_below_10_and_months_1_2_only(day, month, expected):
    assert cv.long_date(IssueDate(2024, month, day)) == expected
    assert cv.long_date(dt.date(2024, month, day)) == expected


@pytest.mark.parametrize(("month", "text"), [(1, "01"), (2, "02"), (3, "3"), (9, "9"), (10, "10"),
                                             (12, "12")])
def test_month_text(month, text):
    assert cv.month_text(month) == text


@pytest.mark.parametrize("month", [0, 13])
def test_month_text_rejects_impossible_months(month):
    with pytest.raises(ValueError):
        cv.month_text(month)


def test_draft_dates_leave_blanks():
    assert cv.long_date(IssueDate(2024)) == "ngày      tháng      năm 2024"
    assert cv.long_date(IssueDate(2024, 3)) == "ngày      tháng 3 năm 2024"
    assert cv.place_and_date("Hải Yến", IssueDate(2024, 2, 5)) == "Hải Yến, ngày 05 tháng 02 năm 2024"


@pytest.mark.parametrize(("date", "text"), [
    (dt.date(2022, 3, 8), "08/3/2022"), (dt.date(2022, 9, 14), "14/9/2022"),
    (dt.date(2024, 2, 5), "05/02/2024"), (dt.date(2024, 12, 31), "31/12/2024"),
])
def test_short_date(date, text):
    assert cv.short_date(date) == text


@pytest.mark.parametrize(("number", "line"), [
    (DocumentNumber(5, "KH", ["UBND"]), "Số: 05/KH-UBND"),
    (DocumentNumber(1, "KH", ["UBND"]), "Số: 01/KH-UBND"),
    (DocumentNumber(9, "KH", ["UBND"]), "Số: 09/KH-UBND"),
    (DocumentNumber(10, "KH", ["UBND"]), "Số: 10/KH-UBND"),
    (DocumentNumber(103, "KH", ["UBND"]), "Số: 103/KH-UBND"),
    (DocumentNumber(16, "KH", ["MTTQ", "BTT"]), "Số: 16/KH-MTTQ-BTT"),
    (DocumentNumber(None, "KH", ["UBND"]), "Số:      /KH-UBND"),
])
def test_number_line(number, line):
    assert cv.number_line(number) == line


@pytest.mark.parametrize(("n", "text"), [(1, "I"), (2, "II"), (3, "III"), (4, "IV"), (5, "V"),
                                         (9, "IX"), (10, "X"), (14, "XIV"), (40, "XL"), (99, "XCIX")])
def test_roman(n, text):
    assert cv.roman(n) == text


def test_roman_rejects_zero():
    with pytest.raises(ValueError):
        cv.roman(0)


def test_point_letters_follow_the_vietnamese_legal_sequence():
    letters = [cv.point_letter(i) for i in range(23)]
    assert "".join(letters) == "abcdđeghiklmnopqrstuvxy"
    assert letters[4] == "đ" and letters[5] == "e" and letters[6] == "g"
    assert not set(letters) & set("fjwzăâêôơư")
    assert cv.point_letter(23) == "aa"
    with pytest.raises(ValueError):
        cv.point_letter(-1)


def test_item_numbers():
    assert cv.item_number((2,)) == "2."
    assert cv.item_number((1, 2)) == "1.2."
    assert cv.item_number((3, 1, 4)) == "3.1.4."


def test_upper_vi_keeps_vietnamese_letters_and_nfc():
    assert cv.upper_vi("xã Hải Yến") == "XÃ HẢI YẾN"
    assert cv.upper_vi("Ủy ban nhân dân") == "ỦY BAN NHÂN DÂN"
    assert cv.upper_vi("đường ơ ư") == "ĐƯỜNG Ơ Ư"
    decomposed = "xa\u0303"  # "xã" in NFD
    assert cv.upper_vi(decomposed) == "XÃ"


def test_citation_sentences():
    bases = [
        LegalBasis("Quyết định", "318/QĐ-TTg", dt.date(2022, 3, 8), "Thủ tướng Chính phủ", "về A"),
        LegalBasis("Luật Tổ chức chính quyền địa phương", date=dt.date(2015, 6, 19)),
        LegalBasis("Kế hoạch", "103/KH-UBND", dt.date(2024, 3, 13), "UBND huyện", verb="Thực hiện"),
    ]
    assert cv.citations(bases) == [
        "Căn cứ Quyết định số 318/QĐ-TTg ngày 08/3/2022 của Thủ tướng Chính phủ về A;",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19/6/2015;",
        "Thực hiện Kế hoạch số 103/KH-UBND ngày 13/3/2024 của UBND huyện.",
    ]


def test_join_sentences_does_not_double_marks():
    assert cv.join_sentences(["a;", "b.", "c"]) == ["a;", "b;", "c."]
    assert cv.join_sentences(["only."]) == ["only."]


@pytest.mark.parametrize(("text", "ended"), [
    ("được phân công", "được phân công./."),
    ("được phân công.", "được phân công./."),
    ("được phân công./.", "được phân công./."),
])
def test_final_mark(text, ended):
    assert cv.final_mark(text) == ended


def test_officials_signers_recipients():
    assert cv.official(Official("công chức Tư pháp - Hộ tịch")) == "công chức Tư pháp - Hộ tịch"
    assert (cv.official(Official("CC Văn phòng - TK xã", name="Chu Thị Ngoan", honorific="Bà"))
            == "Bà Chu Thị Ngoan, CC Văn phòng - TK xã")
    assert (cv.official(Official("Trưởng Công an xã", name="Phùng Mạnh Thu", honorific="Ông"),
                        start=False) == "ông Phùng Mạnh Thu, Trưởng Công an xã")
    deputy = Signer("Nguyễn Văn A", title="Phó Chủ tịch",
                    authorities=[Authority("TM", "Ủy ban nhân dân"), Authority("KT", "Chủ tịch")])
    assert cv.signer_lines(deputy) == ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    assert cv.signer_lines(Signer("Nguyễn Văn A", authorities=[Authority("Q", "Chủ tịch")])) == [
        "Q. CHỦ TỊCH"]
    assert cv.recipient_line(Recipient("Huyện ủy", note="(để b/c)")) == "- Huyện ủy (để b/c);"
    assert cv.archive_line(Archive(["VP"])) == "- Lưu: VT, VP."
    assert cv.archive_line(Archive(["VP", "KT"])) == "- Lưu: VT, VP, KT."
    assert cv.archive_line(Archive([])) == "- Lưu: VT."


def test_amount_uses_vietnamese_grouping():
    assert cv.amount(1500000) == "1.500.000"


def test_a_number_without_issuer_groups_is_completed_by_its_plan_only():
    with pytest.raises(ValueError, match="issuer_codes"):
        cv.number_line(DocumentNumber(5))
