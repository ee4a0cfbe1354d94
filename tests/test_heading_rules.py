"""What the model accepts in headings and italics, the checker passes (review of issue 10).

Run-in headings, khoản of running text ending ``:``, heading styles by level and notes in
italic: the model and the checker read them through one definition each in
:mod:`kehoach.model.decree`. Each case is rendered and checked (the static rules R23, R29,
R30); what the decree forbids is refused by the model, naming the field.
"""

from __future__ import annotations

import pytest

import kehoach as kh
from kehoach.model import decree


def plan(*blocks, headings=None) -> kh.Plan:
    return kh.Plan(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An"),
        date=kh.IssueDate(2026, 3, 2), number=kh.DocumentNumber(4),
        title="Thực hiện nhiệm vụ năm 2026",
        parts=[kh.Part("Tổ chức thực hiện", list(blocks))],
        signer=kh.Signer("Nguyễn Văn An", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        headings=headings or kh.Headings())


def failed(p: kh.Plan) -> set[str]:
    report = kh.check(kh.render(p), render=False)
    return {f.rule for f in report.hard_failures}


POINTS = [kh.Point("rà soát các văn bản;"), kh.Point("báo cáo kết quả.")]

ACCEPTED = {
    "run-in, text ending ':'": plan(kh.Item(
        title="Sở Tư pháp", text="chủ trì thực hiện các nội dung sau:", run_in="cùng dòng",
        children=POINTS)),
    "run-in, text with no end": plan(kh.Item(
        title="Sở Tư pháp", text="chủ trì thực hiện", run_in="cùng dòng")),
    "run-in, only the number bold": plan(kh.Item(
        title="Sở Tư pháp", text="chủ trì thực hiện", run_in="cùng dòng, chỉ số")),
    "run-in điểm, only its letter bold": plan(kh.Item(title="Nhiệm vụ", children=[
        kh.Point(title="Đối với cấp xã", text="rà soát", run_in="cùng dòng, chỉ số")])),
    "a khoản of running text ending ':'": plan(kh.Item(text="Các nhiệm vụ cụ thể như sau:",
                                                       children=POINTS)),
    "tiểu mục in italic": plan(kh.Item(title="Nhiệm vụ", children=[
        kh.Item(title="Giao thông", children=["Làm đường."])]),
        headings=kh.Headings(sub_item="nghiêng")),
    "tiểu mục regular": plan(kh.Item(title="Nhiệm vụ", children=[
        kh.Item(title="Giao thông", children=["Làm đường."])]),
        headings=kh.Headings(sub_item="thường")),
    "titled điểm in italic": plan(kh.Item(title="Nhiệm vụ", children=[
        kh.Point(title="Đối với cấp xã", children=["Rà soát."])]),
        headings=kh.Headings(point="nghiêng")),
    "titled điểm in bold italic": plan(kh.Item(title="Nhiệm vụ", children=[
        kh.Point(title="Đối với cấp xã", children=["Rà soát."])]),
        headings=kh.Headings(point="đậm nghiêng")),
    "a note in italic": plan("Các thôn lập danh sách.", kh.italic("(Có danh sách kèm theo)")),
    "a note in italic ending with a mark": plan(kh.italic("(Có danh sách kèm theo).")),
}


@pytest.mark.parametrize("name", ACCEPTED)
def test_what_the_model_accepts_the_checker_passes(name):
    assert not failed(ACCEPTED[name]) & {"R23", "R29", "R30"}


@pytest.mark.parametrize("style", ["thường", "nghiêng", "đậm nghiêng"])
def test_a_khoans_title_is_upright_and_bold(style):
    with pytest.raises(kh.PlanDataError, match=r"^Headings\.item: tiêu đề khoản in đứng, đậm"):
        kh.Headings(item=style)


@pytest.mark.parametrize("text", [kh.italic("Toàn bộ đoạn này in nghiêng."),
                                  kh.RichText(kh.italic("Đoạn nghiêng"), " ",
                                              kh.italic("cả câu."))])
def test_a_body_paragraph_wholly_in_italic_is_refused_unless_a_note(text):
    with pytest.raises(kh.PlanDataError, match="cả đoạn in nghiêng"):
        plan(kh.Item(title="Nhiệm vụ", children=[text]))
    with pytest.raises(kh.PlanDataError, match=r"^Plan\.closing: cả đoạn in nghiêng"):
        kh.Plan(**{**{f: getattr(plan(), f) for f in ("issuer", "date", "number", "title",
                                                       "parts", "signer")}, "closing": text})
    # Part of a sentence in italic, and italic inside a table cell, are another matter.
    plan(kh.RichText("Thực hiện ", kh.italic("(trừ thôn Nà Pàn)"), "."))
    plan(kh.Table(["Ghi chú"], [[kh.italic("Toàn ô in nghiêng.")]]))


def test_the_shared_definitions():
    assert decree.is_run_in("3. Sở Tư pháp:", " chủ trì")
    assert decree.is_run_in("3.", " Sở Tư pháp: chủ trì")
    assert not decree.is_run_in("3. Sở Tư pháp", " chủ trì")  # a bold title with no colon
    assert not decree.is_run_in("Sở Tư pháp:", " chủ trì")     # no label
    assert decree.run_in_title("Sở Tư pháp") == "Sở Tư pháp:"
    assert decree.run_in_title("Vì sao?") == "Vì sao?"
    assert decree.is_note_line("(Có danh sách kèm theo)")
    assert not decree.is_note_line("(1) Rà soát; (2) báo cáo")
    assert decree.italic_allowed("1.1. Giao thông") and not decree.italic_allowed("1. Mục đích")
