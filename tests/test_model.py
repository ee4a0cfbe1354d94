"""Model validation: wrong data fails at once, naming the field."""


import attrs
import pytest

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
