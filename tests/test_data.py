"""Plans as data files (issue 4): loading, dumping, the schema, and errors a clerk can act on."""

from __future__ import annotations

import datetime as dt
import json
import tomllib

import attrs
import pytest
from conftest import ROOT, load_example

import kehoach as kh
from kehoach import data
from kehoach.data import PlanFileError, formats
from kehoach.data import introspect as ins
from kehoach.data.problems import format_path
from kehoach.data.schema import json_schema

EXAMPLE_YAML = ROOT / "examples" / "hai_yen_2024.yaml"
STARTERS = ROOT / "src" / "kehoach" / "data" / "starters"


def problems_of(text: str | bytes, fmt: str = "yaml") -> list[data.Problem]:
    with pytest.raises(PlanFileError) as caught:
        data.loads(text, fmt)
    return caught.value.problems


def only(text: str | bytes, fmt: str = "yaml") -> data.Problem:
    problems = problems_of(text, fmt)
    assert len(problems) == 1, problems
    return problems[0]


MINIMAL = """\
issuer:
  name: [Ủy ban nhân dân, xã Hòa An]
  place: Hòa An
date: 05/02/2026
title: Tổ chức Tết trồng cây năm 2026
parts:
  - title: Nội dung
    children:
      - Trồng cây xanh trên địa bàn xã.
signer:
  name: Nguyễn Văn An
  title: Chủ tịch
  authorities: [TM. Ủy ban nhân dân]
"""


def with_lines(extra: str, base: str = MINIMAL) -> str:
    return base + extra


# --------------------------------------------------------------------------------------------
# The example and round trips


def test_yaml_example_is_the_python_example(hai_yen_plan, hai_yen_bytes):
    plan = data.load(EXAMPLE_YAML)
    assert plan == hai_yen_plan
    assert kh.render(plan) == hai_yen_bytes


def _every_class_plan() -> kh.Plan:
    """Hải Yến with the other examples' parts and appendices: every class at least once."""
    hai_yen = load_example("hai_yen_2024").build_plan()
    other = load_example("phong_chong_thien_tai_2026").build_plan()
    third = load_example("chuyen_doi_so_2026").build_plan()
    return attrs.evolve(hai_yen, parts=(*hai_yen.parts, *other.parts, *third.parts),
                        appendices=(*other.appendices, *third.appendices),
                        legal_bases=(*hai_yen.legal_bases, *third.legal_bases),
                        recipients=(*hai_yen.recipients, *other.recipients),
                        signer=other.signer, number=other.number, archive=third.archive,
                        drafter=third.drafter, headings=third.headings,
                        layout=kh.Profile(size_body=13, header_left_cm=6.5))


def _plans() -> dict[str, object]:
    return {
        "hai_yen": load_example("hai_yen_2024").build_plan(),
        "phong_chong": load_example("phong_chong_thien_tai_2026").build_plan(),
        "chuyen_doi_so": load_example("chuyen_doi_so_2026").build_plan(),
        "every_class": _every_class_plan(),
        "starter": data.load(STARTERS / "ke-hoach.yaml"),
        "new_rural_starter": data.load(STARTERS / "nong-thon-moi.yaml"),
    }


PLANS = _plans()


@pytest.mark.parametrize("fmt", data.FORMATS)
@pytest.mark.parametrize("name", PLANS)
def test_text_round_trip(name, fmt):
    plan = PLANS[name]
    assert data.loads(data.dumps(plan, fmt), fmt) == plan


@pytest.mark.parametrize("short", [True, False])
@pytest.mark.parametrize("name", PLANS)
def test_data_round_trip(name, short):
    plan = PLANS[name]
    assert data.from_data(data.to_data(plan, short=short)) == plan


def test_dump_writes_a_file_that_loads_back(tmp_path):
    plan = PLANS["every_class"]
    for suffix in (".yaml", ".toml", ".json"):
        path = data.dump(plan, tmp_path / f"plan{suffix}")
        assert data.load(path) == plan


def test_defaults_are_left_out_and_short_forms_used():
    written = data.to_data(PLANS["hai_yen"])
    assert "archive" not in written  # equal to the default
    assert written["number"] == "/KH-UBND"  # as printed (a draft: no number yet)
    assert written["signer"]["authorities"] == ["TM. Ủy ban nhân dân"]
    assert written["recipients"][0] == "BCĐ XD NTM huyện"
    first_item = written["parts"][0]["children"][0]
    assert first_item["type"] == "item" and isinstance(first_item["children"][0], str)


def test_toml_has_no_text_shorthands_in_block_lists():
    parsed = tomllib.loads(data.dumps(PLANS["hai_yen"], "toml"))
    blocks = parsed["parts"][0]["children"][0]["children"]
    assert blocks == [{"type": "paragraph", "text": blocks[0]["text"]}]
    assert parsed["legal_bases"][0]["date"] == dt.date(2022, 3, 8)  # a TOML date


def test_json_writes_dates_as_iso_text():
    parsed = json.loads(data.dumps(PLANS["hai_yen"], "json"))
    assert parsed["legal_bases"][0]["date"] == "2022-03-08"
    assert parsed["date"] == {"year": 2024}


def test_a_new_rural_plan_names_its_type_first():
    written = data.to_data(PLANS["new_rural_starter"])
    assert list(written)[:2] == ["type", "issuer"]
    assert written["type"] == "nong-thon-moi"
    assert isinstance(data.from_data(written), kh.NewRuralPlan)


# --------------------------------------------------------------------------------------------
# Dates and enums as clerks write them


@pytest.mark.parametrize("written", ["2022-03-08", "08/3/2022", "8/3/2022", "08/03/2022",
                                     "'2022-03-08'"])
def test_basis_dates(written):
    plan = data.loads(with_lines(f"legal_bases:\n  - kind: Quyết định\n    date: {written}\n"))
    assert plan.legal_bases[0].date == dt.date(2022, 3, 8)


@pytest.mark.parametrize(("written", "expected"), [
    ("2024", kh.IssueDate(2024)),
    ("'2024'", kh.IssueDate(2024)),
    ("02/2024", kh.IssueDate(2024, 2)),
    ("05/02/2024", kh.IssueDate(2024, 2, 5)),
    ("2024-02-05", kh.IssueDate(2024, 2, 5)),
    ("{year: 2024, month: 2}", kh.IssueDate(2024, 2)),
])
def test_issue_dates(written, expected):
    assert data.loads(MINIMAL.replace("date: 05/02/2026", f"date: {written}")).date == expected


def test_dates_in_toml_and_json():
    toml_text = data.dumps(PLANS["hai_yen"], "toml").replace("date = 2022-03-08",
                                                            'date = "08/3/2022"', 1)
    assert data.loads(toml_text, "toml") == PLANS["hai_yen"]
    json_text = data.dumps(PLANS["hai_yen"], "json").replace('"2022-03-08"', '"08/3/2022"')
    assert data.loads(json_text, "json") == PLANS["hai_yen"]


@pytest.mark.parametrize(("written", "message"), [
    ("31/02/2024", "ngày '31/02/2024' không có trong lịch"),
    ("2022-13-01", "ngày '2022-13-01' không có trong lịch"),
    ("08-03-2022", "không phải một ngày; ngày viết dạng 08/3/2022 hoặc 2022-03-08"),
    ("20220308", "phải là ngày viết dạng 08/3/2022 hoặc 2022-03-08, nhận được số 20220308"),
    ("2022-03-08 10:30:00", "chỉ ghi ngày, không ghi giờ"),
    ("mùng 8 tháng 3", "không phải một ngày"),
])
def test_bad_basis_dates(written, message):
    problem = only(with_lines(f"legal_bases:\n  - kind: Quyết định\n    date: {written}\n"))
    assert problem.where == "legal_bases[0].date"
    assert message in problem.message
    assert problem.line == MINIMAL.count("\n") + 3


@pytest.mark.parametrize(("written", "message"), [
    ("31/02/2026", "không có trong lịch"),
    ("13/2026", "phải từ 1 đến 12, nhận được 13"),
    ("1800", "phải từ 1945 đến 2100, nhận được 1800"),
    ("{year: 2026, day: 5}", "có ngày thì phải có tháng"),
    ("năm nay", "không phải ngày ban hành; viết 05/02/2024"),
])
def test_bad_issue_dates(written, message):
    problem = only(MINIMAL.replace("date: 05/02/2026", f"date: {written}"))
    assert problem.where.startswith("date") and message in problem.message
    assert problem.line == 4


def test_enums_by_their_vietnamese_value():
    plan = data.loads(with_lines("legal_bases:\n  - kind: Kế hoạch\n    verb: Thực hiện\n"
                                 "part_numbering: A\n").replace(
        "  title: Chủ tịch\n  authorities: [TM. Ủy ban nhân dân]", "  authorities: [Q. Chủ tịch]"))
    assert plan.legal_bases[0].verb is kh.BasisVerb.THUC_HIEN
    assert plan.part_numbering is kh.PartNumbering.LETTER
    assert plan.signer.authorities[0].mark is kh.Mark.Q
    plan = data.loads(MINIMAL.replace("authorities: [TM. Ủy ban nhân dân]",
                                      "authorities: [{mark: tm, of: Ủy ban nhân dân}]"))
    assert plan.signer.authorities[0].mark is kh.Mark.TM


@pytest.mark.parametrize(("written", "member"), [
    ("Ông", kh.Honorific.ONG), ("ông", kh.Honorific.ONG), ("Ong", kh.Honorific.ONG),
    ("Bà", kh.Honorific.BA), ("ba", kh.Honorific.BA),
])
def test_honorifics_typed_without_diacritics(written, member):
    text = MINIMAL.replace("      - Trồng cây xanh trên địa bàn xã.",
                           f"      - {{type: criterion, number: 1, actions: x, "
                           f"responsible: [{{title: CC, name: A, honorific: {written}}}]}}")
    assert data.loads(text).parts[0].children[0].responsible[0].honorific is member


def test_basis_verb_typed_without_diacritics():
    plan = data.loads(with_lines("legal_bases:\n  - {kind: Luật, verb: thuc hien}\n"))
    assert plan.legal_bases[0].verb is kh.BasisVerb.THUC_HIEN


def test_yaml_is_read_as_yaml_1_2():
    plan = data.loads(with_lines("number: {number: 010}\nrecipients: [no, on, yes]\n")
                      .replace("place: Hòa An", "place: Off"))
    assert plan.number.number == 10  # not octal 8
    assert [r.name for r in plan.recipients] == ["no", "on", "yes"]  # not booleans
    assert plan.issuer.place == "Off"


def test_text_that_looks_like_a_number_or_date_is_written_back_quoted():
    plan = data.loads(with_lines("recipients: ['08', '2024-02-05', 'true', 'null', '1.5']\n"))
    assert data.loads(data.dumps(plan)) == plan


# --------------------------------------------------------------------------------------------
# Every required field, missing in turn


def _locations(value, shape: ins.Shape, path: tuple, found: dict) -> None:
    """The first data path of each class in a full-form (``short=False``) dump."""
    if shape.kind == "optional":
        if value is not None:
            _locations(value, shape.of, path, found)
    elif shape.kind == "list":
        for i, item in enumerate(value):
            _locations(item, shape.of, (*path, i), found)
    elif shape.kind in ("class", "union") and isinstance(value, dict):
        cls = shape.of if shape.kind == "class" else next(
            c for c in shape.of if ins.tag(c) == value["type"])
        found.setdefault(cls, path)
        for f in ins.fields(cls):
            if f.name in value:
                _locations(value[f.name], f.shape, (*path, f.name), found)


FULL = data.to_data(PLANS["every_class"], short=False)
LOCATIONS: dict[type, tuple] = {}
_locations(FULL, ins.Shape("class", kh.Plan), (), LOCATIONS)
REQUIRED = [(cls, f.name) for cls in ins.classes(kh.Plan) for f in ins.fields(cls)
            if f.required]


def test_the_sample_holds_every_class_with_a_required_field():
    assert {cls for cls, _ in REQUIRED} <= set(LOCATIONS)


def _at(tree, path):
    for seg in path:
        tree = tree[seg]
    return tree


@pytest.mark.parametrize(("cls", "name"), REQUIRED,
                         ids=[f"{c.__name__}.{n}" for c, n in REQUIRED])
def test_each_required_field_missing_in_turn(cls, name):
    tree = json.loads(json.dumps(FULL, default=str))
    del _at(tree, LOCATIONS[cls])[name]
    with pytest.raises(PlanFileError) as caught:
        data.from_data(tree)
    [problem] = caught.value.problems
    assert problem.path == (*LOCATIONS[cls], name)
    assert problem.message.startswith(f"thiếu khóa bắt buộc '{name}'")


# --------------------------------------------------------------------------------------------
# Wrong types, unknown keys, model checks: all reported, each at its path and line


@pytest.mark.parametrize(("old", "new", "where", "message"), [
    ("title: Tổ chức Tết trồng cây năm 2026", "title: 2026", "title",
     "phải là văn bản, nhận được số 2026; muốn ghi đúng như vậy thì đặt trong dấu ngoặc kép"),
    ("title: Tổ chức Tết trồng cây năm 2026", "title: [a, b]", "title",
     "phải là văn bản, nhận được một danh sách"),
    ("name: [Ủy ban nhân dân, xã Hòa An]", "name: Ủy ban nhân dân xã Hòa An", "issuer.name",
     "phải là một danh sách"),
    ("  place: Hòa An", "  place:", "issuer.place", "không được để trống"),
    ("signer:\n  name: Nguyễn Văn An\n  title: Chủ tịch\n  authorities: [TM. Ủy ban nhân dân]",
     "signer: [Nguyễn Văn An, Chủ tịch]", "signer",
     "phải là một nhóm khóa: giá trị (Người ký), nhận được một danh sách"),
    ("      - Trồng cây xanh trên địa bàn xã.", "      - 12", "parts[0].children[0]",
     "phải là một khối"),
    ("      - Trồng cây xanh trên địa bàn xã.", "      - {type: criterion, number: true, "
     "actions: x}", "parts[0].children[0].number", "phải là số nguyên, nhận được giá trị "
     "đúng/sai"),
    ("      - Trồng cây xanh trên địa bàn xã.", "      - {type: criterion, number: '3', "
     "actions: x}", "parts[0].children[0].number", "phải là số nguyên, nhận được văn bản '3'"),
    ("      - Trồng cây xanh trên địa bàn xã.", "      - {type: criterion, number: 3, "
     "actions: x, responsible: [{title: CC, honorific: Ôong}]}",
     "parts[0].children[0].responsible[0].honorific",
     "'Ôong' không hợp lệ; chọn một trong: Ông, Bà (có phải 'Ông'?)"),
    ("authorities: [TM. Ủy ban nhân dân]", "authorities: [Thay mặt Ủy ban]",
     "signer.authorities[0]", "không đúng dạng quyền hạn; viết 'TM. Ủy ban nhân dân'"),
    ("  title: Chủ tịch\n  authorities: [TM. Ủy ban nhân dân]\n", "", "signer.title",
     "cần chức vụ hoặc ít nhất một dòng quyền hạn"),
])
def test_wrong_values(old, new, where, message):
    assert old in MINIMAL
    problem = only(MINIMAL.replace(old, new))
    assert problem.where == where
    assert message in problem.message


@pytest.mark.parametrize(("old", "new", "where", "suggestion"), [
    ("title:", "titel:", "titel", "có phải 'title'?"),
    ("  place:", "  Place:", "issuer.Place", "có phải 'place'?"),
    ("  authorities:", "  authorites:", "signer.authorites", "có phải 'authorities'?"),
    ("      - Trồng cây xanh trên địa bàn xã.", "      - {type: critrion, number: 1, actions: x}",
     "parts[0].children[0].type", "có phải 'criterion'?"),
    ("      - Trồng cây xanh trên địa bàn xã.", "      - {type: item, titel: Mục đích}",
     "parts[0].children[0].titel", "có phải 'title'?"),
])
def test_unknown_keys_suggest_the_near_one(old, new, where, suggestion):
    problems = problems_of(MINIMAL.replace(old, new, 1))
    unknown = [p for p in problems if p.where == where]
    assert unknown and suggestion in unknown[0].message, problems


def test_an_unknown_key_far_from_any_lists_the_allowed_ones():
    problem = only(MINIMAL.replace("  place: Hòa An", "  place: Hòa An\n  website: x"))
    assert problem.where == "issuer.website"
    assert problem.message == ("không có khóa 'website' trong Cơ quan ban hành; các khóa dùng "
                               "được ở đây: name, place, code, parent")
    assert problem.line == 4


def test_a_missing_block_type_is_guessed():
    problem = only(MINIMAL.replace("      - Trồng cây xanh trên địa bàn xã.",
                                   "      - {number: 1, name: Quy hoạch, actions: x}"))
    assert problem.where == "parts[0].children[0]"
    assert problem.message.endswith("(có lẽ là 'type: criterion')")


def test_inside_a_block_without_type_problems_are_still_found():
    problems = problems_of(MINIMAL.replace(
        "      - Trồng cây xanh trên địa bàn xã.",
        "      - title: Yêu cầu\n        children:\n          - {type: piont, text: a}"))
    assert [(p.where, p.line) for p in problems] == [
        ("parts[0].children[0]", 9), ("parts[0].children[0].children[0].type", 11)]


EVERYTHING_WRONG = """\
issuer:
  name: [Ủy ban nhân dân, xã Hòa An]
  place: ""
  cod: UBND
date: 31/02/2026
titel: Kế hoạch
parts:
  - title: Mục đích
    children:
      - type: criterion
        number: 0
        actions: ""
        responsible:
          - title: công chức
            name: ""
            honorific: Ôong
      - type: bullet
  - title:
signer:
  name: NGUYỄN VĂN AN
  authorities: [TM. Ủy ban nhân dân]
number: {issuer_codes: [UB ND]}
"""


def test_every_problem_at_once_with_path_and_line():
    problems = problems_of(EVERYTHING_WRONG)
    assert [(p.line, p.where, p.message) for p in problems] == [
        (3, "issuer.place", "không được để trống"),
        (4, "issuer.cod", "không có khóa 'cod' trong Cơ quan ban hành; có phải 'code'?"),
        (5, "date", "ngày '31/02/2026' không có trong lịch"),
        (6, "titel", "không có khóa 'titel' trong Kế hoạch; có phải 'title'?"),
        (11, "parts[0].children[0].number", "phải từ 1 trở lên, nhận được 0"),
        (12, "parts[0].children[0].actions", "không được để trống"),
        (15, "parts[0].children[0].responsible[0].name", "không được để trống"),
        (16, "parts[0].children[0].responsible[0].honorific",
         "'Ôong' không hợp lệ; chọn một trong: Ông, Bà (có phải 'Ông'?)"),
        (17, "parts[0].children[1].text", "cần nội dung (text) hoặc phần mở đầu (lead_in)"),
        (18, "parts[1].title", "không được để trống"),
        (20, "signer.name",
         "họ tên người ký viết hoa chữ cái đầu mỗi tiếng, không viết hoa toàn bộ"),
        (22, "number.issuer_codes[0]", "'UB ND' không phải một nhóm chữ viết tắt (chỉ gồm chữ "
         "và số, không có dấu cách, '-' hay '/')"),
    ]


def test_the_report_names_file_line_and_path(tmp_path):
    path = tmp_path / "ke_hoach.yaml"
    path.write_text(EVERYTHING_WRONG, encoding="utf-8")
    with pytest.raises(PlanFileError) as caught:
        data.load(path)
    lines = str(caught.value).splitlines()
    assert lines[0] == f"{path}:3: issuer.place: không được để trống"
    assert len(lines) == 12
    assert caught.value.report(limit=2).splitlines()[-1] == "… và 10 lỗi khác"


def test_a_check_across_fields_is_reported_at_the_data_path():
    problem = only(MINIMAL + "number: {issuer_codes: [MTTQ]}\n")
    assert problem.where == "number.issuer_codes"
    assert "chữ viết tắt của cơ quan ban hành (issuer.code) là 'UBND'" in problem.message


def test_a_new_rural_plan_is_checked_against_its_criteria_set():
    text = (STARTERS / "nong-thon-moi.yaml").read_text(encoding="utf-8")
    problem = only(text.replace("name: Quy hoạch", "name: Giao thông"))
    assert (problem.where, problem.line) == ("parts[1].children[0].name", 57)
    assert "là “Quy hoạch”, không phải “Giao thông”" in problem.message
    # Every criterion that does not belong to the set is reported, each at its own line.
    wrong = (text.replace("name: Quy hoạch", "name: Giao thông")
                 .replace("number: 4\n", "number: 14\n"))
    found = [(p.where, p.line) for p in problems_of(wrong)]
    assert found == [("parts[1].children[0].name", 57), ("parts[1].children[3].number", 78)]
    problem = only(text.replace("criteria_set: ntm-2026-2030", "criteria_set: ntm-2026"))
    assert (problem.where, problem.line) == ("criteria_set", 16)


def test_an_unknown_plan_type():
    problem = only("type: nong-thon-mo\n" + MINIMAL)
    assert (problem.where, problem.line) == ("type", 1)
    assert problem.message.endswith("(có phải 'nong-thon-moi'?)")


def test_top_level_schema_key_is_allowed():
    assert data.loads("$schema: ke-hoach.schema.json\n" + MINIMAL).title.startswith("Tổ chức")


# --------------------------------------------------------------------------------------------
# Files that are not plans


@pytest.mark.parametrize("text", ["", "   \n\n", "# chỉ có ghi chú\n", "---\n", "~\n"])
def test_an_empty_file(text):
    problem = only(text)
    assert problem.message.startswith("tệp trống, chưa có nội dung kế hoạch")


@pytest.mark.parametrize("fmt", ["toml", "json"])
def test_an_empty_file_in_other_formats(fmt):
    assert only(b"", fmt).message.startswith("tệp trống")


@pytest.mark.parametrize(("raw", "what"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "tệp nhị phân"),
    (b"PK\x03\x04\x14\x00\x00\x00", ".docx, .xlsx hoặc .zip"),
    (b"%PDF-1.7\n", "tệp PDF"),
])
def test_a_binary_file(raw, what):
    assert what in only(raw).message


def test_a_file_not_in_utf8():
    problem = only(MINIMAL.encode("utf-8") + "recipients: [Thôn Hòa]\n".encode("cp1252"))
    assert problem.message.startswith("tệp không dùng bảng mã UTF-8")
    assert problem.line == MINIMAL.count("\n") + 1


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16", "utf-16-le", "utf-16-be"])
def test_utf8_with_bom_and_utf16_with_or_without_bom_are_read(encoding):
    """Notepad's "Unicode" has a byte order mark; other editors save UTF-16 without one (it
    was called a binary file)."""
    assert data.loads(MINIMAL.encode(encoding)).issuer.place == "Hòa An"


def _read_in_code_page(text: str, codec: str) -> str:
    """``text`` in UTF-8 read in ``codec`` as Windows reads it (undefined bytes as themselves):
    what PowerShell 5 holds of ``kehoach new``'s output before ``>`` saves it."""
    out = []
    for byte in text.encode("utf-8"):
        try:
            out.append(bytes([byte]).decode(codec))
        except UnicodeDecodeError:
            out.append(chr(byte))
    return "".join(out)


@pytest.mark.parametrize("codec", ["cp437", "cp850", "cp1252", "cp1258"])
@pytest.mark.parametrize("saved", ["utf-16", "utf-8"])
def test_vietnamese_garbled_by_a_code_page_is_named_with_the_way_out(codec, saved):
    """``kehoach new > ke_hoach.yaml`` in PowerShell 5: the words of the starter, read in the
    console's code page and saved as UTF-16 (or saved again as UTF-8): the clerk is told what
    happened and how to make the file again, not that a place or a name is wrong."""
    from kehoach.cli.render import starter

    raw = _read_in_code_page(starter("ke-hoach"), codec).encode(saved)
    problem = only(raw)
    assert problem.line == 2
    assert problem.message.startswith("chữ tiếng Việt trong tệp đã bị hỏng bảng mã: «K")
    assert "» là «KẾ» bị đọc theo bảng mã" in problem.message
    assert "kehoach new -o ke_hoach.yaml" in problem.message and "UTF-8" in problem.message


@pytest.mark.parametrize("path", sorted([*(ROOT / "examples").glob("*.yaml"),
                                         *STARTERS.glob("*.yaml")]), ids=lambda p: p.name)
def test_real_vietnamese_is_never_taken_for_garbled_text(path):
    from kehoach.data.formats import mojibake

    text = path.read_text(encoding="utf-8")
    assert mojibake(text) is None
    assert mojibake(text + "\nLatin-1 words: café, naïve, Ångström, Øre, señor\n") is None


@pytest.mark.parametrize(("text", "line", "message"), [
    (MINIMAL.replace("title: Tổ chức", "title: Kế hoạch: tổ chức"), 5,
     "dấu ':' không đúng chỗ; nếu nội dung có dấu hai chấm"),
    (MINIMAL.replace("  place: Hòa An", "\tplace: Hòa An"), 3, "Tab"),
    (MINIMAL.replace("title: Tổ chức Tết trồng cây năm 2026", 'title: "Tổ chức'), 5,
     "thiếu dấu ngoặc kép đóng"),
    (MINIMAL + "---\ntitle: x\n", 14, "chỉ được chứa một kế hoạch"),
])
def test_yaml_syntax_errors_say_where_and_what_to_do(text, line, message):
    problem = only(text)
    assert problem.message.startswith("lỗi cú pháp YAML") and message in problem.message
    assert problem.line == line


@pytest.mark.parametrize("indent", ["\t", " \t", "  \t", "\t  "])
def test_a_tab_in_the_indent_names_the_field_of_its_line(indent):
    """A Tab before `place:` named `issuer.name` (the field before) at the line of `place`."""
    problem = only(MINIMAL.replace("  place: Hòa An", f"{indent}place: Hòa An"))
    assert format_path(problem.path) == "issuer.place" and problem.line == 3
    assert f"có phím Tab ở đầu dòng (cột {indent.index(chr(9)) + 1})" in problem.message


@pytest.mark.parametrize(("text", "line", "where", "message"), [
    # Words after a closing quote: the parser says only "expected a key".
    (MINIMAL.replace("title: Tổ chức Tết trồng cây năm 2026",
                     'title: "Tết trồng cây" năm 2026'), 5, "title",
     "có chữ sau dấu ngoặc kép đóng (cột 23)"),
    (MINIMAL.replace("title: Tổ chức Tết trồng cây năm 2026",
                     "title: 'Tết trồng cây' năm 2026"), 5, "title",
     "có chữ sau dấu ngoặc đơn đóng"),
    # A quote left open, closed by the next quote three lines below: said at its own line.
    (MINIMAL.replace("place: Hòa An", 'place: "Hòa An').replace(
        "title: Tổ chức Tết trồng cây năm 2026", 'title: "Tổ chức Tết trồng cây năm 2026"'), 3,
     "issuer.place", "dấu ngoặc kép mở ở dòng 3 (cột 10) chưa được đóng trên dòng đó: nội dung "
     "chạy tới dấu ngoặc kép ở dòng 5"),
    # No space after the colon: the parser stops at the next key.
    (MINIMAL.replace("title: Tổ", "title:Tổ"), 5, "title",
     "sau dấu ':' của khóa 'title' phải có một dấu cách"),
    (MINIMAL.replace("    children:\n      - Trồng", "    children:\n      -type: paragraph\n"
                     "        text: Trồng"), 9, "parts[0].children[0].type",
     "sau dấu '-' đầu mục danh sách phải có một dấu cách"),
    (MINIMAL.replace("title: Tổ", "title\uff1a Tổ"), 5, "title",
     "là ký tự «：» (U+FF1A"),
    (MINIMAL.replace("  title: Chủ tịch", "   title: Chủ tịch"), 12, "signer.title",
     "khóa 'title' (cột 4) thụt vào sâu hơn khóa 'name' ở dòng 11 (cột 3)"),
    (MINIMAL.replace("    children:\n      - Trồng", "    children:\n\u00a0     - Trồng"), 9,
     "", "thụt lề bằng ký tự trắng U+00A0"),
])
def test_each_cause_of_a_yaml_error_has_its_own_message_and_line(text, line, where, message):
    """PyYAML's words name what it expected where it stopped; the cause is often lines above."""
    problem = only(text)
    assert message in problem.message, problem.message
    assert problem.message.startswith("lỗi cú pháp YAML")
    assert (problem.line, problem.where) == (line, where) or (
        not where and problem.line == line), problem


def test_a_key_indented_with_a_no_break_space_is_named_as_such():
    """YAML reads a no-break space as part of the key: `` place`` is no key of the issuer."""
    problems = problems_of(MINIMAL.replace("  place: Hòa An", "\u00a0 place: Hòa An"))
    problem = next(p for p in problems if "U+00A0" in p.message)
    assert problem.line == 3
    assert problem.message.startswith("khóa 'place' có ký tự trắng U+00A0")
    assert "gõ lại bằng phím cách" in problem.message


@pytest.mark.parametrize("char", ["\u2028", "\u2029", "\x85"])
def test_a_line_separator_pasted_in_yaml_text_is_named_at_its_line(char):
    """YAML reads U+2028, U+2029 and U+0085 as line ends: a text pasted from a PDF broke the
    file lines later (reported as uneven indentation, at the wrong line)."""
    text = MINIMAL.replace("Trồng cây xanh", f"Trồng cây{char}xanh")
    problem = only(text)
    assert problem.line == 9 and problem.where == "parts[0].children[0]"
    assert f"U+{ord(char):04X}" in problem.message and "ngắt dòng" in problem.message


def test_a_key_written_twice():
    problems = problems_of(MINIMAL + "title: Tiêu đề khác\n")
    assert [(p.where, p.line) for p in problems] == [("title", 14)]
    assert problems[0].message == ("khóa 'title' được ghi hai lần (lần đầu ở dòng 5); xóa một "
                                   "trong hai")


def test_the_top_must_be_a_mapping():
    assert only("- a\n- b\n").message.startswith("nội dung tệp phải là các dòng 'khóa: giá trị'")


def test_toml_and_json_syntax_errors_have_lines():
    problem = only('title = "x"\nparts = [\n', "toml")
    assert problem.message.startswith("lỗi cú pháp TOML") and problem.line == 2
    problem = only('{\n  "title": "x",\n}\n', "json")
    assert problem.message.startswith("lỗi cú pháp JSON") and problem.line == 3


def test_toml_and_json_errors_have_paths():
    text = data.dumps(PLANS["hai_yen"], "json").replace('"Hứa Xuân Dương"', '"HỨA XUÂN DƯƠNG"')
    assert only(text, "json").where == "signer.name"
    text = data.dumps(PLANS["hai_yen"], "toml").replace('name = "Hứa Xuân Dương"', 'nam = "x"')
    problem = only(text, "toml")  # not also "signer.name: thiếu …": the suggestion says it
    assert problem.where == "signer.nam" and problem.message.endswith("có phải 'name'?")


def test_load_refuses_an_unknown_suffix_and_a_missing_file(tmp_path):
    path = tmp_path / "ke_hoach.txt"
    path.write_text(MINIMAL, encoding="utf-8")
    with pytest.raises(PlanFileError, match="đuôi .yaml, .yml, .toml hoặc .json"):
        data.load(path)
    assert data.load(path, "yaml").issuer.place == "Hòa An"
    with pytest.raises(PlanFileError, match="không tìm thấy tệp"):
        data.load(tmp_path / "khong_co.yaml")


# --------------------------------------------------------------------------------------------
# The schema


def test_schema_is_the_model():
    schema = json_schema()
    classes = ins.classes(kh.Plan)
    assert set(schema["$defs"]) == {c.__name__ for c in classes[1:]} | {"RichText", "Span"}
    assert schema["required"] == [f.name for f in ins.fields(kh.Plan) if f.required]
    for cls in classes[1:]:
        definition = schema["$defs"][cls.__name__]
        obj = definition["anyOf"][-1] if "anyOf" in definition else definition
        assert obj["additionalProperties"] is False
        assert set(obj["properties"]) - {"type"} == {f.name for f in ins.fields(cls)}
        assert obj.get("required", []) == [f.name for f in ins.fields(cls) if f.required]
    month = schema["$defs"]["IssueDate"]["anyOf"][-1]["properties"]["month"]["anyOf"][0]
    assert (month["minimum"], month["maximum"]) == (1, 12)
    assert schema["$defs"]["Official"]["properties"]["honorific"]["anyOf"][0] == {
        "enum": ["Ông", "Bà"]}


def test_schema_of_the_new_rural_type_requires_its_type():
    schema = json_schema("nong-thon-moi")
    assert schema["properties"]["type"] == {"const": "nong-thon-moi", "description": schema[
        "properties"]["type"]["description"]}
    assert schema["required"][:1] == ["type"] and "criteria_set" in schema["required"]


@pytest.fixture(scope="module")
def validator():
    jsonschema = pytest.importorskip("jsonschema")

    def make(type_name="ke-hoach"):
        schema = json_schema(type_name)
        jsonschema.Draft202012Validator.check_schema(schema)
        return jsonschema.Draft202012Validator(schema)

    return make


def _as_json(value):
    return json.loads(json.dumps(value, default=str))


@pytest.mark.parametrize("path", [*sorted((ROOT / "examples").glob("*.yaml")),
                                  STARTERS / "ke-hoach.yaml", STARTERS / "nong-thon-moi.yaml"],
                         ids=lambda p: p.name)
def test_schema_accepts_the_examples(validator, path):
    parsed = formats.parse(path.read_bytes(), "yaml").data
    kind = parsed.get("type", "ke-hoach")
    assert list(validator(kind).iter_errors(_as_json(parsed))) == []


@pytest.mark.parametrize("short", [True, False])
@pytest.mark.parametrize("name", PLANS)
def test_schema_accepts_every_dump(validator, name, short):
    written = data.to_data(PLANS[name], short=short)
    kind = written.get("type", "ke-hoach")
    assert list(validator(kind).iter_errors(_as_json(written))) == []


def test_schema_rejects_what_the_loader_rejects(validator):
    written = _as_json(data.to_data(PLANS["hai_yen"]))
    written["titel"] = "x"
    del written["parts"][0]["children"][0]["type"]
    written["signer"]["authorities"] = ["Thay mặt Ủy ban"]
    errors = list(validator(written.get("type", "ke-hoach")).iter_errors(written))
    assert len(errors) == 3


# --------------------------------------------------------------------------------------------
# A large plan


def test_a_plan_of_ten_thousand_criteria_loads_and_renders():
    criteria = "".join(
        f"      - type: criterion\n        number: {n}\n        name: Tiêu chí {n}\n"
        f"        actions: tiếp tục duy trì, nâng cao chất lượng tiêu chí số {n}.\n"
        f"        responsible: [{{title: công chức Văn hóa - Xã hội, name: Phạm Thái Dũng, "
        f"honorific: Ông}}]\n"
        for n in range(1, 10_001))
    text = MINIMAL.replace("      - Trồng cây xanh trên địa bàn xã.\n", criteria)
    plan = data.loads(text)
    assert len(plan.parts[0].children) == 10_000
    assert plan.parts[0].children[-1].number == 10_000
    document = kh.render(plan)
    assert document[:2] == b"PK"


@pytest.mark.parametrize(("text", "line", "shown"), [
    ('{"title": "x", // ghi chú\n "date": 2026}', 1, "//…"),
    ('{"title": "x" // ghi chú\n}', 1, "//…"),
    ('{\n  // đầu tệp\n  "title": "x"}', 2, "//…"),
    ('{"title": "x",\n  "date": 2026 /* năm */\n}', 2, "/*…"),
])
def test_a_json_comment_is_said_to_be_a_comment_not_a_missing_comma(text, line, shown):
    problem = only(text, "json")
    assert problem.line == line
    assert f"JSON không cho phép ghi chú ({shown})" in problem.message
    assert "thiếu dấu phẩy" not in problem.message


@pytest.mark.parametrize("fmt", ["yaml", "json"])
def test_a_stray_nul_byte_is_named_with_its_line_and_column_not_a_binary_file(fmt):
    if fmt == "yaml":
        text = MINIMAL.replace("title: Tổ chức", "title: T\x00ổ chức")
        line = next(i for i, t in enumerate(text.split("\n"), 1) if "\x00" in t)
    else:
        text, line = '{\n  "title": "Tổ\x00 chức"\n}', 2
    problem = only(text.encode("utf-8"), fmt)
    assert problem.line == line and "ký tự NUL" in problem.message
    assert "nhị phân" not in problem.message
    assert f"cột {text.split(chr(10))[line - 1].index(chr(0)) + 1}" in problem.message
    if fmt == "yaml":
        assert format_path(problem.path) == "title"
    # a real binary file is still one
    assert "tệp nhị phân" in only(b"\x00\x01\x02\x00" * 50, fmt).message
