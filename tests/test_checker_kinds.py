"""The kind of document first, and what the decree asks of each kind (issue 11, point 1).

Each case edits the clean Hải Yến plan, or the Quyết định and Công văn made from it
(:func:`fixtures_docx.quyet_dinh_bytes`, :func:`fixtures_docx.cong_van_bytes`), into one form a
real document of that kind takes, and looks at the one rule that judges it: the kind read from
the tên loại and the ký hiệu or forced with ``--type``; the signing marks in any chain the
decree allows (Phụ lục I, II.7.b; Điều 13), the Chủ tịch signing in his own name where a
document is his; ranks and academic titles before a signer's name where they are allowed
(II.7.c).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixtures_docx as fx  # noqa: E402

from kehoach.checker import UnknownDocType, check  # noqa: E402
from kehoach.cli import main  # noqa: E402

W = fx.W


def xml_check(data: bytes, **kw):
    return check(data, render=False, **kw)


def _signature(lines: list[str], name: str | None = None):
    """An edit that sets the quyền hạn and chức vụ lines (and the name) of the signature."""
    def edit(e: fx.DocxEdit) -> None:
        cell = fx._signer_cell(e)
        paras = cell.findall(W + "p")
        titles = []
        for p in paras:
            if not e.text(p).strip():
                if titles:
                    break
                continue
            titles.append(p)
        while len(titles) < len(lines):
            copy = fx.copy.deepcopy(titles[-1])
            titles[-1].addnext(copy)
            titles.append(copy)
        for p in titles[len(lines):]:
            cell.remove(p)
        for p, text in zip(titles, lines):
            e.set_text(p, text)
        if name is not None:
            last = [p for p in cell.findall(W + "p") if e.text(p).strip()][-1]
            e.set_text(last, name)
    return edit


def _r33(base: bytes, lines: list[str], then=None) -> str:
    def edit(e: fx.DocxEdit) -> None:
        _signature(lines)(e)
        if then:
            then(e)
    return xml_check(fx.edit(edit, base)).finding("R33").status


# ------------------------------------------------------------------------------ the kind

@pytest.mark.parametrize("make, key", [(fx.hai_yen_bytes, "KH"), (fx.quyet_dinh_bytes, "QĐ"),
                                       (fx.cong_van_bytes, "CV")])
def test_the_kind_is_read_from_the_title_and_the_number(make, key):
    report = xml_check(make())
    assert report.kind.key == key and not report.kind.forced
    assert report.ok, report.to_text()


def test_a_kind_forced_by_the_user_decides_which_rules_apply():
    plan = fx.hai_yen_bytes()
    report = xml_check(plan, doc_type="công văn")
    assert report.kind.key == "CV" and report.kind.forced
    assert report.finding("R45").status == "fail"  # a Công văn is addressed with Kính gửi
    assert not report.finding("R22").applicable  # the "no Kính gửi" rule is a plan's
    assert "chọn theo yêu cầu (--type)" in report.to_text()
    with pytest.raises(UnknownDocType):
        xml_check(plan, doc_type="thư tình")


def test_the_command_line_forces_the_kind_and_says_so_in_json(tmp_path):
    path = tmp_path / "qd.docx"
    path.write_bytes(fx.hai_yen_bytes())
    result = CliRunner().invoke(main, ["check", "--no-render", "--json", "--type", "QĐ",
                                       str(path)])
    (report,) = json.loads(result.output)
    kind = report["document_type"]
    assert kind["key"] == "QĐ" and kind["forced"] is True
    bad = CliRunner().invoke(main, ["check", "--no-render", "--type", "thư tình", str(path)])
    assert bad.exit_code == 2 and "--type" in bad.output and "Traceback" not in bad.output


# ------------------------------------------------------------------------------ signing marks

@pytest.mark.parametrize("lines", [
    ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH THƯỜNG TRỰC"],
    ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
    ["TL. CHỦ TỊCH", "KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
    ["TUQ. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
    ["Q. CHỦ TỊCH"],
])
def test_every_chain_the_decree_allows_passes(lines):
    assert _r33(fx.cong_van_bytes(), lines) == "pass"
    assert _r33(fx.hai_yen_bytes(), lines) == "pass"


@pytest.mark.parametrize("lines", [
    ["KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"],  # out of order
    ["TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"],  # a deputy with no KT.
    ["TL. CHỦ TỊCH", "PHÓ CHÁNH VĂN PHÒNG"],  # the deputy of who signs by order: KT. too
    ["KT. CHỦ TỊCH", "CHỦ TỊCH"],  # KT. for oneself
    ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"],  # no chức vụ under KT.
    ["TM. HỘI ĐỒNG NHÂN DÂN", "CHỦ TỊCH"],  # a Ủy ban nhân dân signs for itself
])
def test_chains_the_decree_does_not_allow_fail(lines):
    assert _r33(fx.cong_van_bytes(), lines) == "fail"


def _issuer(text: str):
    return lambda e: e.set_text(e.paragraph("ỦY BAN NHÂN DÂN"), text)


@pytest.mark.parametrize("lines, status", [
    (["TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "PHÓ CHỦ TỊCH"], "pass"),  # a member of a collective
    (["TM. THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"], "pass"),
    (["PHÓ CHỦ TỊCH"], "fail"),  # a deputy for no one
    (["CHỦ TỊCH"], "pass"),  # another body than a Ủy ban nhân dân: the head signs
])
def test_other_bodies_sign_with_the_same_marks(lines, status):
    assert _r33(fx.hai_yen_bytes(), lines, _issuer("HỘI ĐỒNG NHÂN DÂN")) == status


def _authority(text: str):
    return lambda e: e.set_text(e.paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HẢI YẾN"), text)


def test_the_chairman_signs_in_his_own_name_only_where_the_document_is_his():
    alone = ["CHỦ TỊCH"]
    assert _r33(fx.hai_yen_bytes(), alone) == "fail"  # a plan is the body's: TM.
    assert _r33(fx.cong_van_bytes(), alone) == "pass"  # his opinion in a letter
    assert _r33(fx.quyet_dinh_bytes(), alone) == "pass"  # a decision of the Chủ tịch
    # a decision of the Ủy ban nhân dân itself (its authority line names the body)
    assert _r33(fx.quyet_dinh_bytes(), alone,
                _authority("ỦY BAN NHÂN DÂN XÃ HẢI YẾN")) == "fail"


# ------------------------------------------------------------------------------ ranks, titles

def _r34(issuer: str | None, name: str) -> str:
    def edit(e: fx.DocxEdit) -> None:
        _signature(["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"], name)(e)
        if issuer:
            e.set_text(e.paragraph("XÃ HẢI YẾN"), issuer)
    return xml_check(fx.edit(edit, fx.hai_yen_bytes())).finding("R34").status


@pytest.mark.parametrize("issuer, name, status", [
    ("BAN CHỈ HUY QUÂN SỰ XÃ", "Đại úy Nguyễn Văn An", "pass"),
    (None, "Đại úy Nguyễn Văn An", "fail"),
    ("TRƯỜNG ĐẠI HỌC NÔNG LÂM", "PGS.TS. Nguyễn Văn An", "pass"),
    ("TRƯỜNG ĐẠI HỌC NÔNG LÂM", "TS. Nguyễn Văn An", "pass"),
    (None, "TS. Nguyễn Văn An", "fail"),
    (None, "PGS.TS. Nguyễn Văn An", "fail"),
    ("BAN CHỈ HUY QUÂN SỰ XÃ", "Đại úy NGUYỄN VĂN AN", "fail"),
])
def test_ranks_and_titles_before_the_name_only_where_the_decree_allows(issuer, name, status):
    assert _r34(issuer, name) == status


def test_the_signature_messages_name_the_fix():
    """What R33 says, pinned (issue 14.4): the lines seen, and what to write instead."""
    def problem(base: bytes, lines: list[str]):
        report = xml_check(fx.edit(_signature(lines), base))
        return report.finding("R33").problems[0]

    deputy = problem(fx.cong_van_bytes(), ["PHÓ CHỦ TỊCH"])
    assert deputy.seen == "PHÓ CHỦ TỊCH"
    assert deputy.expected == ("cấp phó ký thay người đứng đầu: thêm dòng quyền hạn «KT. CHỦ "
                               "TỊCH» phía trên «PHÓ CHỦ TỊCH» (Nghị định 30, Phụ lục I, II.7.b; "
                               "Điều 13)")
    bare = problem(fx.hai_yen_bytes(), ["CHỦ TỊCH"])
    assert bare.seen == "CHỦ TỊCH"
    assert bare.expected.startswith(
        "chữ ký «CHỦ TỊCH» không đúng với Ủy ban nhân dân (Nghị định 30, Điều 13): Ủy ban nhân "
        "dân làm việc tập thể, Chủ tịch ký thay mặt: thêm quyền hạn «TM. Ủy ban nhân dân»; "
        "dùng một trong: TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH;")
    member = problem(fx.cong_van_bytes(), ["TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"])
    assert "ký «TM. ỦY BAN NHÂN DÂN» thì dòng dưới là «CHỦ TỊCH» (Phó Chủ tịch ký thêm «KT. " \
        "CHỦ TỊCH»)" in member.expected
    order = problem(fx.cong_van_bytes(), ["KT. CHỦ TỊCH", "TM. ỦY BAN NHÂN DÂN", "PHÓ CHỦ TỊCH"])
    assert order.expected.startswith("quyền hạn theo thứ tự TM. (thay mặt tập thể), rồi TL. "
                                     "hoặc TUQ., rồi KT. hoặc Q., mỗi loại một lần")


# ------------------------------------------------------------------------------ R46's order

def _authority_below_the_bases(e: fx.DocxEdit) -> None:
    e.paragraph("Theo đề nghị").addnext(e.paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HẢI YẾN"))


def test_an_authority_line_below_the_bases_is_said_out_of_order_not_missing():
    """Mẫu 1.2: the authority under the trích yếu, then the căn cứ, then «QUYẾT ĐỊNH:». An
    authority typed below the căn cứ was reported missing; R46 says where it is and what
    order the decree wants, and the line is not taken for a body paragraph (R23, R24)."""
    report = xml_check(fx.edit(_authority_below_the_bases, fx.quyet_dinh_bytes()))
    assert report.failed_rules(hard=True) == {"R46"}, report.to_text()
    (problem,) = report.finding("R46").problems
    assert "nằm dưới căn cứ" in problem.seen and "Theo đề nghị" in problem.seen
    assert "không thấy" not in problem.seen
    assert problem.where.snippet == "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ HẢI YẾN"
    assert "ngay dưới trích yếu, rồi đến các căn cứ" in problem.expected
    # missing altogether, it is still said missing
    gone = xml_check(fx.edit(lambda e: e.body.remove(e.paragraph("CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ")),
                             fx.quyet_dinh_bytes()))
    assert "không thấy thẩm quyền" in gone.finding("R46").problems[0].seen


# ------------------------------------------------------------------------------ a Công văn's V/v

def _vv(text: str | None = None, *, bold: bool = False):
    def edit(e: fx.DocxEdit) -> None:
        p = e.paragraph("V/v triển khai")
        if text is not None:
            e.set_text(p, text)
        if bold:
            e.set_rpr(p, "b")
    return edit


@pytest.mark.parametrize(("edit", "seen"), [
    (_vv("V/v TRIỂN KHAI XÂY DỰNG NÔNG THÔN MỚI NĂM 2024"), "in hoa toàn bộ"),
    (_vv("V/V TRIỂN KHAI XÂY DỰNG NÔNG THÔN MỚI NĂM 2024"), "in hoa toàn bộ"),
    (_vv("V/V triển khai xây dựng nông thôn mới năm 2024"), "viết khác «V/v»"),
    (_vv(bold=True), "in đậm"),
])
def test_a_letter_subject_in_capitals_or_bold_fails(edit, seen):
    """Phụ lục I, II.5.b (annex line 48): after «V/v» the trích yếu of a Công văn is in lower
    case, upright; Mục V's sample (line 206: «Đứng», not «Đứng, đậm» as for the other kinds).
    Capitals and bold passed."""
    assert xml_check(fx.cong_van_bytes()).finding("R20").status == "pass"
    report = xml_check(fx.edit(edit, fx.cong_van_bytes()))
    assert report.failed_rules(hard=True) == {"R20"}, report.to_text()
    assert any(seen in p.seen for p in report.finding("R20").problems), report.to_text()


def test_a_letter_subject_with_a_capital_first_word_or_a_name_passes():
    for text in ("V/v Triển khai xây dựng nông thôn mới năm 2024",
                 "V/v góp ý dự thảo Quyết định của UBND huyện Cao Lộc"):
        report = xml_check(fx.edit(_vv(text), fx.cong_van_bytes()))
        assert report.finding("R20").status == "pass", (text, report.to_text())
