"""Số, ký hiệu as every plan prints it: ``number: 05/KH-UBND`` (issue 14.6).

A clerk copies the number from a plan (``05/KH-UBND``, ``Số: 05/KH-UBND``, a draft
``/KH-UBND``); kehoach reads it, checks that the kind's abbreviation is KH and that the first
issuer group is the issuer's code, and says which is wrong. In Python, a number without issuer
groups takes the issuer's code.
"""

from __future__ import annotations

import json

import pytest

import kehoach as kh
from kehoach import data
from kehoach.model import symbols
from kehoach.rendering import conventions as cv


@pytest.mark.parametrize("text, expected", [
    ("05/KH-UBND", (5, "KH", ("UBND",))),
    ("Số: 05/KH-UBND", (5, "KH", ("UBND",))),
    ("số:05/KH-UBND", (5, "KH", ("UBND",))),
    ("5/KH-UBND", (5, "KH", ("UBND",))),
    ("103/KH-UBND", (103, "KH", ("UBND",))),
    ("16/KH-MTTQ-BTT", (16, "KH", ("MTTQ", "BTT"))),
    ("/KH-UBND", (None, "KH", ("UBND",))),
    ("Số:      /KH-UBND", (None, "KH", ("UBND",))),
    ("…/KH-UBND", (None, "KH", ("UBND",))),
    ("  05 / KH - UBND  ", (5, "KH", ("UBND",))),
    ("05/TTr-UBND", (5, "TTr", ("UBND",))),
    ("05/KH-HĐND", (5, "KH", ("HĐND",))),
])
def test_the_number_as_printed_is_read(text, expected):
    assert symbols.parse_number(text) == expected
    number = kh.DocumentNumber.parse(text)
    assert (number.number, number.type_code, number.issuer_codes) == expected


@pytest.mark.parametrize("text, says", [
    ("05-KH-UBND", "không đúng dạng số, ký hiệu; viết như 05/KH-UBND"),
    ("05/KH", "cần chữ viết tắt tên loại và tên cơ quan"),
    ("05/KH UBND", "có dấu cách"),
    ("05/KH-UB ND", "'UB ND' của ký hiệu chỉ gồm chữ và số"),
    ("năm/KH-UBND", "không phải số văn bản"),
    ("0/KH-UBND", "bắt đầu từ 01"),
    ("02/2007/NQ-HĐND", "không ghi năm"),
    ("", "không đúng dạng"),
])
def test_a_wrong_number_says_how_to_write_it(text, says):
    with pytest.raises(kh.PlanDataError) as caught:
        kh.DocumentNumber.parse(text)
    assert says in caught.value.message
    assert caught.value.path == "DocumentNumber"


def _plan(**changes):
    base = dict(
        issuer=kh.Issuer(["Ủy ban MTTQ Việt Nam", "xã Hòa An"], "Hòa An", code="MTTQ"),
        date=kh.IssueDate(2026, 3, 2),
        title="Tổ chức Ngày hội Đại đoàn kết toàn dân tộc năm 2026",
        parts=[kh.Part("Nội dung", [kh.Paragraph("Tổ chức ngày hội.")])],
        signer=kh.Signer("Lê Thị Hoa", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ban Thường trực")]),
    )
    base.update(changes)
    return kh.Plan(**base)


def test_a_number_built_in_python_takes_the_issuers_code():
    plan = _plan(number=kh.DocumentNumber(5))
    assert plan.number.issuer_codes == ("MTTQ",)
    assert cv.number_line(plan.number) == "Số: 05/KH-MTTQ"
    assert _plan().number.issuer_codes == ("MTTQ",)  # no number given: a draft, same code
    assert plan == _plan(number=kh.DocumentNumber(5, "KH", ["MTTQ"]))
    assert _plan(number=kh.DocumentNumber.parse("16/KH-MTTQ-BTT")).number.issuer_codes == (
        "MTTQ", "BTT")


def test_a_number_that_disagrees_with_the_plan_says_which_part():
    with pytest.raises(kh.PlanDataError) as caught:
        _plan(number=kh.DocumentNumber.parse("05/QĐ-MTTQ"))
    assert caught.value.path == "Plan.number.type_code"
    assert "'QĐ' là chữ viết tắt của Quyết định; Kế hoạch viết tắt là 'KH'" in caught.value.message
    with pytest.raises(kh.PlanDataError, match="viết 'KH', không phải 'kh'"):
        _plan(number=kh.DocumentNumber.parse("05/kh-MTTQ"))
    with pytest.raises(kh.PlanDataError, match="Kế hoạch là 'KH', không phải 'MTTQ'"):
        _plan(number=kh.DocumentNumber.parse("05/MTTQ-KH"))
    with pytest.raises(kh.PlanDataError) as caught:
        _plan(number=kh.DocumentNumber.parse("05/KH-UBND"))
    assert caught.value.path == "Plan.number.issuer_codes"
    assert "ghi cơ quan 'UBND'" in caught.value.message
    assert "(issuer.code) là 'MTTQ'" in caught.value.message


def test_issuer_codes_follow_the_same_rule():
    with pytest.raises(kh.PlanDataError, match=r"^Issuer\.code: 'UB ND' không phải"):
        kh.Issuer(["Ủy ban nhân dân", "xã Hòa An"], "Hòa An", code="UB ND")



def _file_with(number_line: str) -> str:
    from kehoach.cli.render import starter

    text = starter("ke-hoach")
    head, _, tail = text.partition("\nnumber: /KH-UBND\n")
    assert tail, "the starter writes the number as printed"
    return f"{head}\n{number_line}\n{tail}"


@pytest.mark.parametrize("line, number", [
    ("number: 05/KH-UBND", 5),
    ('number: "Số: 05/KH-UBND"', 5),
    ("number: /KH-UBND", None),
    ("number: 7", 7),
    ("number: {number: 8}", 8),
])
def test_data_files_accept_the_number_as_printed(line, number):
    plan = data.loads(_file_with(line))
    assert plan.number.number == number
    assert plan.number.issuer_codes == ("UBND",)


@pytest.mark.parametrize("line, where, says", [
    ("number: 05/QĐ-UBND", "number.type_code", "'QĐ' là chữ viết tắt của Quyết định"),
    ("number: 05/KH-MTTQ", "number.issuer_codes", "(issuer.code) là 'UBND'"),
    ("number: 05-KH-UBND", "number", "viết như 05/KH-UBND"),
    ("number: true", "number", "số, ký hiệu"),
])
def test_data_files_say_what_is_wrong_with_a_number(line, where, says):
    with pytest.raises(data.PlanFileError) as caught:
        data.loads(_file_with(line))
    (problem,) = caught.value.problems
    assert problem.where == where and says in problem.message
    assert problem.line == _file_with(line).splitlines().index(line) + 1
    assert "nhóm khóa" not in problem.message  # no jargon


def test_dumps_write_the_number_as_printed(hai_yen_plan):
    plan = _plan(number=kh.DocumentNumber(16, "KH", ["MTTQ", "BTT"]))
    written = data.to_data(plan)
    assert written["number"] == "16/KH-MTTQ-BTT"
    assert data.loads(data.dumps(plan)) == plan
    assert data.loads(data.dumps(plan, "toml"), "toml") == plan
    assert data.to_data(hai_yen_plan)["number"] == "/KH-UBND"


def test_the_schema_accepts_the_number_as_printed():
    jsonschema = pytest.importorskip("jsonschema")
    from kehoach.data.schema import json_schema

    validator = jsonschema.Draft202012Validator(json_schema("ke-hoach"))
    base = json.loads(data.dumps(_plan(), "json"))
    for value in ("05/KH-UBND", "/KH-UBND", 5, {"number": 5}):
        assert not list(validator.iter_errors({**base, "number": value})), value
