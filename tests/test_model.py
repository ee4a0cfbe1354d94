"""Model validation: wrong data fails at once, naming the field."""


import datetime as dt

import attrs
import pytest
from conftest import ROOT

import kehoach as kh
from kehoach.errors import PlanDataError


def test_month_13_is_rejected_naming_the_field():
    with pytest.raises(PlanDataError, match=r"^IssueDate\.month: .*13"):
        kh.IssueDate(2024, 13, 1)


@pytest.mark.parametrize(("args", "field"), [
    ((2024, 2, 30), "IssueDate.day"),
    ((2023, 2, 29), "IssueDate.day"),
    ((2024, None, 5), "IssueDate.day"),
    ((2024, 0), "IssueDate.month"),
    ((1800,), "IssueDate.year"),
])
def test_impossible_dates(args, field):
    with pytest.raises(PlanDataError) as info:
        kh.IssueDate(*args)
    assert info.value.path == field


def test_leap_day_and_drafts_are_fine():
    assert kh.IssueDate(2024, 2, 29).is_complete
    assert not kh.IssueDate(2024).is_complete


def test_criterion_zero_is_rejected():
    with pytest.raises(PlanDataError, match=r"^CriterionSolution\.number: "):
        kh.CriterionSolution(number=0, name="Quy hoạch", actions="x")


@pytest.mark.parametrize("name", ["", "   ", "\n"])
def test_empty_names_are_rejected(name):
    with pytest.raises(PlanDataError, match=r"^Official\.name: không được để trống"):
        kh.Official("công chức", name=name)


def test_unknown_mark_is_rejected():
    with pytest.raises(PlanDataError, match=r"^Authority\.mark: 'XX'"):
        kh.Authority("XX", "Ủy ban nhân dân")


def test_marks_accept_value_with_or_without_dot():
    assert kh.Authority("TM.", "Ủy ban nhân dân").mark is kh.Mark.TM
    assert kh.Authority(kh.Mark.KT, "Chủ tịch").mark is kh.Mark.KT


@pytest.mark.parametrize("name", ["HỨA XUÂN DƯƠNG", "TS. Nguyễn Văn A", "ThS Lê Thị B"])
def test_signer_name_rules(name):
    with pytest.raises(PlanDataError, match=r"^Signer\.name: "):
        kh.Signer(name, title="Chủ tịch")


def test_signer_needs_a_title_or_an_authority():
    with pytest.raises(PlanDataError, match=r"^Signer\.title"):
        kh.Signer("Nguyễn Văn A")


def test_text_is_nfc_and_line_endings_are_unified():
    p = kh.Paragraph("Ha\u0309i Ye\u0302\u0301n\r\nxã")  # NFD "Hải Yến", a Windows line break
    assert p.text == "Hải Yến\nxã"


def test_control_characters_are_rejected_naming_the_character():
    with pytest.raises(PlanDataError, match=r"^Paragraph\.text: .*U\+0007"):
        kh.Paragraph("chuông\x07")


def test_wrong_types_are_named():
    with pytest.raises(PlanDataError, match=r"^Paragraph\.text: phải là chuỗi"):
        kh.Paragraph(12)
    with pytest.raises(PlanDataError, match=r"^Part\.children\[1\]: "):
        kh.Part("Nội dung", [kh.Paragraph("a"), 12])
    with pytest.raises(PlanDataError, match=r"^LegalBasis\.date: "):
        kh.LegalBasis("Quyết định", date="08/3/2022")
    with pytest.raises(PlanDataError, match=r"^Issuer\.name: "):
        kh.Issuer(name="Ủy ban nhân dân", place="Hải Yến")


def test_document_number_rules():
    with pytest.raises(PlanDataError, match=r"^DocumentNumber\.number: "):
        kh.DocumentNumber(0)
    with pytest.raises(PlanDataError, match=r"^DocumentNumber\.issuer_codes\[0\]: "):
        kh.DocumentNumber(5, "KH", ["UB ND"])
    with pytest.raises(PlanDataError, match=r"^DocumentNumber\.issuer_codes: "):
        kh.DocumentNumber(5, "KH", "UBND")  # a text, not a list of groups
    with pytest.raises(PlanDataError, match=r"^DocumentNumber\.type_code: "):
        kh.DocumentNumber(5, "K1")


def test_models_are_frozen():
    p = kh.Paragraph("a")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.text = "b"


def _plan(**changes):
    base = dict(
        issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hải Yến"], "Hải Yến"),
        date=kh.IssueDate(2024, 2, 5),
        title="Thực hiện nhiệm vụ năm 2024",
        parts=[kh.Part("Mục đích, yêu cầu", [kh.Paragraph("Nội dung.")])],
        signer=kh.Signer("Hứa Xuân Dương", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
    )
    base.update(changes)
    return kh.Plan(**base)


def test_plan_requires_parts_and_matching_issuer_code():
    with pytest.raises(PlanDataError, match=r"^Plan\.parts: cần ít nhất một mục"):
        _plan(parts=[])
    with pytest.raises(PlanDataError, match=r"^Plan\.number\.issuer_codes"):
        _plan(number=kh.DocumentNumber(5, "KH", ["HĐND"]))
    assert _plan(number=kh.DocumentNumber(5)).number.number == 5


def test_items_and_bullets_need_content():
    with pytest.raises(PlanDataError, match=r"^Item\.title"):
        kh.Item()
    with pytest.raises(PlanDataError, match=r"^Bullet\.text"):
        kh.Bullet()
    with pytest.raises(PlanDataError, match=r"^Item\.children\[0\]"):
        kh.Item(title="a", children=[kh.Official("x")])


def test_errors_survive_pickling_between_processes():
    import pickle

    from kehoach.errors import PlanDataErrors

    error = pickle.loads(pickle.dumps(PlanDataError("Official.name", "không được để trống")))
    assert (error.path, error.message) == ("Official.name", "không được để trống")
    many = pickle.loads(pickle.dumps(PlanDataErrors([error, PlanDataError("a.b", "c")])))
    assert [e.path for e in many.errors] == ["Official.name", "a.b"]


# --------------------------------------------------------------------------------------------
# A wrong type or a wrong call, in Vietnamese, naming the field (attrs and Python say it in
# English)


def _plan_fields() -> dict:
    return dict(issuer=kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An"),
                date=kh.IssueDate(2026, 3, 2), title="Tổ chức Tết trồng cây",
                parts=[kh.Part("Nội dung", ["Trồng cây."])],
                signer=kh.Signer("Nguyễn Văn An", title="Chủ tịch",
                                 authorities=[kh.Authority("TM", "Ủy ban nhân dân")]))


@pytest.mark.parametrize(("field", "value", "said"), [
    ("issuer", "Ủy ban nhân dân xã Hòa An", "Plan.issuer: phải là Issuer, nhận được"),
    ("signer", "Nguyễn Văn An", "Plan.signer: phải là Signer, nhận được 'Nguyễn Văn An' (str)"),
    ("date", "02/03/2026", "Plan.date: phải là IssueDate"),
    ("date", dt.datetime(2026, 3, 2, 8, 0), "Plan.date: chỉ ghi ngày, không ghi giờ"),
    ("headings", "đậm", "Plan.headings: phải là Headings"),
    ("drafter", "PL", "Plan.drafter: phải là Drafter"),
    ("layout", {"size_body": 13}, "Plan.layout: phải là Profile"),
    ("archive", "VP", "Plan.archive: phải là Archive"),
    ("number", 5.5, "Plan.number: phải là DocumentNumber"),
])
def test_a_plan_field_of_the_wrong_type_is_named_in_vietnamese(field, value, said):
    with pytest.raises(PlanDataError) as caught:
        kh.Plan(**{**_plan_fields(), field: value})
    assert str(caught.value).startswith(said), str(caught.value)
    assert "must be" not in str(caught.value)


@pytest.mark.parametrize(("build", "said"), [
    (lambda: kh.Appendix("Danh mục", ["x."], landscape="có"), "Appendix.landscape: phải là True"),
    (lambda: kh.Table(["A"], [["x"]], numbered="có"), "Table.numbered: phải là True hoặc False"),
])
def test_flags_of_the_wrong_type_are_named_in_vietnamese(build, said):
    with pytest.raises(PlanDataError) as caught:
        build()
    assert str(caught.value).startswith(said)


def test_what_the_readme_promises_is_accepted():
    """``number=None`` for a draft (the README's comment), the number as printed, a plain
    number, the archive as the list of its units."""
    draft = kh.Plan(**_plan_fields(), number=None)
    assert draft.number == kh.DocumentNumber(None, "KH", ["UBND"])
    assert kh.Plan(**_plan_fields(), number="05/KH-UBND").number == kh.DocumentNumber(
        5, "KH", ["UBND"])
    assert kh.Plan(**_plan_fields(), number=5).number.number == 5
    with pytest.raises(PlanDataError, match=r"^Plan\.number: 'số 5' không đúng dạng"):
        kh.Plan(**_plan_fields(), number="số 5")
    assert kh.Plan(**_plan_fields(), archive=["VP", "KT"]).archive == kh.Archive(["VP", "KT"])


@pytest.mark.parametrize(("build", "said"), [
    (lambda: kh.Issuer(), "Issuer.name: thiếu trường bắt buộc 'name' (Tên cơ quan ban hành)"),
    (lambda: kh.Plan(), "Plan.issuer: thiếu trường bắt buộc 'issuer'"),
    (lambda: kh.Signer(nam="Nguyễn Văn An"), "Signer.nam: không có trường 'nam' trong Signer; "
                                            "có phải 'name'?"),
    (lambda: kh.Recipient("Các thôn", name="Các xã"), "Recipient.name: trường 'name' được ghi "
                                                      "hai lần"),
    (lambda: kh.CriterionSolution(1, actions="x."), "CriterionSolution: CriterionSolution nhận "
                                                     "các trường theo tên"),
    (lambda: kh.IssueDate(2026, 3, 2, 1), "IssueDate: nhận 4 giá trị không ghi tên trường"),
    (lambda: kh.Span(), "Span.text: thiếu trường bắt buộc 'text'"),
    (lambda: kh.Profile(margin=30), "Profile.margin: không có trường 'margin' trong Profile"),
])
def test_a_wrong_call_is_said_in_vietnamese_and_is_still_a_type_error(build, said):
    with pytest.raises(TypeError) as caught:
        build()
    assert isinstance(caught.value, PlanDataError)
    assert str(caught.value).startswith(said), str(caught.value)


# --------------------------------------------------------------------------------------------
# Issue 14 review: a parent body typed on the first line of the issuer's name


def _so_plan(issuer: kh.Issuer) -> kh.Plan:
    return kh.Plan(issuer=issuer, date=kh.IssueDate(2026), title="Tổ chức Tết trồng cây",
                   parts=[kh.Part("Nội dung", ["Trồng cây."])],
                   signer=kh.Signer("Lê Văn Hòa", title="Giám đốc"))


def test_a_parent_body_on_the_first_line_of_the_name_is_said_to_go_in_parent():
    with pytest.raises(kh.PlanDataError) as caught:
        _so_plan(kh.Issuer(["Ủy ban nhân dân tỉnh Quảng Ninh", "Sở Tư pháp"], "Quảng Ninh",
                           code="STP"))
    assert caught.value.path == "Plan.issuer.name"
    assert "ghi nó vào issuer.parent" in caught.value.message
    assert "parent: [Ủy ban nhân dân tỉnh Quảng Ninh], name: [Sở Tư pháp]" in caught.value.message
    # as the hint says, it is right
    _so_plan(kh.Issuer(["Sở Tư pháp"], "Quảng Ninh", code="STP",
                       parent=["Ủy ban nhân dân tỉnh Quảng Ninh"]))
    # a committee's own name on two lines gets the signature message alone
    with pytest.raises(kh.PlanDataError) as caught:
        _so_plan(kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An"))
    assert caught.value.path == "Plan.signer.authorities" and "parent" not in str(caught.value)


def test_the_parent_hint_names_the_line_in_a_data_file():
    from kehoach import data
    from kehoach.data.problems import PlanFileError

    text = ("issuer: {name: [Ủy ban nhân dân tỉnh Quảng Ninh, Sở Tư pháp], place: Quảng Ninh,"
            " code: STP}\ndate: 2026\ntitle: Tổ chức Tết trồng cây\n"
            "parts: [{title: Nội dung, children: [Trồng cây.]}]\n"
            "signer: {name: Lê Văn Hòa, title: Giám đốc}\n")
    with pytest.raises(PlanFileError) as caught:
        data.loads(text, source="so.yaml")
    assert "so.yaml:1: issuer.name:" in str(caught.value), str(caught.value)


def test_positions_in_messages_count_from_one():
    """`ở vị trí 3` named the 4th character, `khoản ở vị trí 0` the first khoản."""
    with pytest.raises(kh.PlanDataError) as caught:
        kh.Part("Nội dung", [kh.Item("Khoản một", ["x."]), kh.Point("điểm a.")])
    assert "sau khoản thứ 1 cùng cấp" in str(caught.value)
    with pytest.raises(kh.PlanDataError, match="U\\+000B ở ký tự thứ 4,"):
        kh.Paragraph("abc\x0bd")
    with pytest.raises(kh.PlanDataError, match="U\\+000B ở ký tự thứ 2,"):
        kh.Span("a\x0b")


def test_the_number_and_authorities_are_read_alike_in_python_and_in_data_files():
    """`number: "05"` was refused while `number: 05` was read; DocumentNumber("05/KH-UBND")
    refused while Plan(number="05/KH-UBND") read it; Signer(authorities=["TM. …"]) refused
    in Python what a data file writes."""
    from kehoach import data

    assert kh.DocumentNumber("05/KH-UBND") == kh.DocumentNumber(5, "KH", ["UBND"])
    assert kh.DocumentNumber("Số: 16/KH-MTTQ-BTT") == kh.DocumentNumber(16, "KH", ["MTTQ", "BTT"])
    assert kh.DocumentNumber("05") == kh.DocumentNumber(5) == kh.DocumentNumber(" 5 ")
    with pytest.raises(kh.PlanDataError, match="^DocumentNumber.number: .*có dấu cách"):
        kh.DocumentNumber("05/KH UBND")
    with pytest.raises(kh.PlanDataError, match="^DocumentNumber.number: .*đã có ký hiệu"):
        kh.DocumentNumber("05/KH-UBND", issuer_codes=["MTTQ"])
    signer = kh.Signer("Lê Văn Hòa", title="Phó Chủ tịch",
                       authorities=["TM. Ủy ban nhân dân", kh.Authority("KT", "Chủ tịch")])
    assert signer.authorities == (kh.Authority("TM", "Ủy ban nhân dân"),
                                  kh.Authority("KT", "Chủ tịch"))
    with pytest.raises(kh.PlanDataError, match=r"^Signer.authorities\[0\]: 'Thay mặt UBND'"):
        kh.Signer("Lê Văn Hòa", title="Chủ tịch", authorities=["Thay mặt UBND"])
    base = (ROOT / "examples" / "hai_yen_2024.yaml").read_text(encoding="utf-8")
    for written in ('number: "05"', "number: 05", "number: '5'", 'number: "05/KH-UBND"'):
        plan = data.loads(base.replace("date: 2024 ", f"{written}\ndate: 2024 ", 1))
        assert plan.number == kh.DocumentNumber(5, "KH", ["UBND"]), written
    assert kh.Plan(**{**_plan_fields(), "number": "05"}).number.number == 5
