"""The plan form of kehoach serve, without a browser: form data, posted pairs, operations.

The form is drawn from the model, so these tests hold for any plan type: they are run on the
built-in types and on a plan type made up here, with a field and a block class the form code
has never heard of.
"""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from conftest import ROOT

from kehoach import data, registry
from kehoach.data import introspect as ins
from kehoach.model import (
    Item,
    Objectives,
    Part,
    Plan,
    Point,
    Table,
    TaskTable,
    catalogues,
    optional_text,
    text,
    tuple_of,
)
from kehoach.layout.profile import Profile
from kehoach.web import form, html

EXAMPLES = ROOT / "examples"
HAI_YEN = EXAMPLES / "hai_yen_2024.yaml"
THIEN_TAI = EXAMPLES / "phong_chong_thien_tai_2026.yaml"


def pairs_of(node: form.Node) -> list[tuple[str, str]]:
    """What a browser posts for a node tree, as the page draws it."""
    return html.pairs(node)


def round_trip(form_data: dict, model: type) -> dict:
    root, _ = form.build(form_data, model)
    top = [(k, form_data[k]) for k in ("type", "$schema") if k in form_data]
    return form.from_pairs([*top, *pairs_of(root)], model)


@pytest.mark.parametrize("path", [HAI_YEN, THIEN_TAI], ids=lambda p: p.stem)
def test_a_plan_goes_through_the_form_unchanged(path):
    plan = data.load(path)
    form_data = form.from_plan(plan)
    posted = round_trip(form_data, type(plan))
    again, problems = form.validate(posted)
    assert problems == []
    assert again == plan


def _drawn_pairs(form_data: dict, model: type) -> list[tuple[str, str]]:
    """The pairs of the fields' HTML as an HTML parser reads them (webpage.form_pairs)."""
    from webpage import form_pairs

    root, _ = form.build(form_data, model)
    page = f'<form id="editor">{html.fields(root, {}, set())}</form>'
    return [(n, v.replace("\r\n", "\n")) for n, v in form_pairs(page)
            if not n.startswith("_")]


MISTAKES = {"date": "31/2/2024", "number": "05/KH", "signer": {
    "name": "Lê Văn A", "title": "Chủ tịch", "authorities": ["TN. Ủy ban", "KT. Chủ tịch"]},
    "issuer": "UBND xã\nHải Yến", "recipients": ["Như trên", 12]}


@pytest.mark.parametrize("case", [HAI_YEN, THIEN_TAI, "mistakes"],
                         ids=lambda p: getattr(p, "stem", p))
def test_the_pairs_the_page_posts_are_those_its_html_holds(case):
    """html.pairs tells an unchanged form from a changed one: it must see what a browser
    posts, values and line breaks included."""
    if case == "mistakes":
        raw = data.formats.parse(HAI_YEN.read_bytes(), "yaml").data
        model = form.model_of(raw["type"])
        form_data, _ = form.from_file_data({**raw, **MISTAKES}, model)
        form_data["title"] = "Dòng một\n\nDòng ba <b>&amp;</b>"
    else:
        plan = data.load(case)
        form_data, model = form.from_plan(plan), type(plan)
    root, _ = form.build(form_data, model)
    assert html.pairs(root) == _drawn_pairs(form_data, model)


def test_a_value_the_form_cannot_split_stays_as_written():
    """A date not in the calendar, an unknown authority mark, an issuer written as a line:
    each stays in one field with the command line's message, nothing dropped."""
    raw = data.formats.parse(HAI_YEN.read_bytes(), "yaml").data
    model = form.model_of(raw["type"])
    form_data, lost = form.from_file_data({**raw, **MISTAKES}, model)
    assert lost == []
    posted = round_trip(form_data, model)
    assert posted["date"] == "31/2/2024" and posted["number"] == "05/KH"
    assert posted["issuer"] == "UBND xã\nHải Yến"
    assert posted["signer"]["authorities"][0] == "TN. Ủy ban"
    assert posted["recipients"][1] == "12"  # a number where a name is: kept as its text
    with pytest.raises(data.PlanFileError) as error:
        data.from_data({**raw, **MISTAKES})
    cli = {p.where: p.message for p in error.value.problems}
    _, problems = form.validate(posted)
    mine = {p.where: p.message for p in problems}
    for where in ("date", "number", "issuer", "signer.authorities[0]"):
        assert mine[where] == cli[where]
    root, builder = form.build(posted, model)
    placed = {p["field"]: p["message"] for p in builder.problems(problems)}
    assert placed["f-date"] == cli["date"]
    assert placed["f-signer-authorities-0"] == cli["signer.authorities[0]"]
    emptied = form.from_pairs([("date", " "), ("issuer", "")], model)
    assert emptied["date"] == {} and emptied["issuer"] == {}  # empty: filled field by field


def test_a_file_and_its_plan_give_the_same_form():
    raw = data.formats.parse(HAI_YEN.read_bytes(), "yaml").data
    plan = data.load(HAI_YEN)
    from_file, lost = form.from_file_data(raw, type(plan))
    assert lost == []
    assert form.validate(round_trip(from_file, type(plan)))[0] == plan


def test_values_a_file_may_write_loosely_are_kept():
    text_ = HAI_YEN.read_text(encoding="utf-8").replace("honorific: Ông", "honorific: ông", 1)
    assert "honorific: ông" in text_
    raw = data.formats.parse(text_, "yaml").data
    model = data.load(HAI_YEN).__class__
    form_data, lost = form.from_file_data(raw, model)
    assert lost == []
    posted = round_trip(form_data, model)
    assert form.validate(posted)[0] == data.load(HAI_YEN)


def test_a_file_with_mistakes_opens_with_its_vietnamese_block_types_and_old_keys():
    raw = {"issuer": {"name": ["UBND", "xã A"], "place": "A"}, "title": "",
           "parts": [{"title": "Một", "children": [
               {"type": "Khoản", "title": "Mục đích"},
               {"type": "diem", "lead": "Tiêu chí:", "text": "x"}]}]}
    form_data, lost = form.from_file_data(raw, Plan)
    assert lost == []
    blocks = form_data["parts"][0]["children"]
    assert [b["type"] for b in blocks] == [ins.tag(Item), ins.tag(Point)]
    assert blocks[1]["lead_in"] == "Tiêu chí:"


def test_what_the_form_cannot_hold_is_reported_not_dropped_silently():
    raw = {"issuer": {"name": ["UBND", "xã A"], "place": "A", "titel": "x"},
           "parts": [{"title": "Một", "children": [{"type": "nonsense", "text": "x"}]}]}
    _, lost = form.from_file_data(raw, Plan)
    where = {p.where for p in lost}
    assert where == {"issuer.titel", "parts[0].children[0]"}
    assert all("biểu mẫu không có chỗ" in p.message for p in lost)


def test_an_empty_required_field_is_reported_beside_it_with_the_command_line_message():
    form_data = form.from_plan(data.load(THIEN_TAI))
    form_data["parts"][0]["title"] = ""
    form_data["issuer"]["place"] = ""
    _, problems = form.validate(round_trip(form_data, Plan))
    cli = data.PlanFileError
    with pytest.raises(cli) as error:
        data.from_data({**form_data, "parts": [{**form_data["parts"][0], "title": ""},
                                               *form_data["parts"][1:]]})
    assert {p.message for p in error.value.problems} <= {p.message for p in problems}
    root, builder = form.build(form_data, Plan)
    placed = {p["field"]: p["message"] for p in builder.problems(problems)}
    assert placed["f-parts-0-title"] == "không được để trống"
    assert placed["f-issuer-place"] == "không được để trống"


def test_posted_text_is_read_by_the_fields_shape():
    pairs = [("issuer.name[0]", "Ủy ban nhân dân"), ("issuer.name[1]", ""),
             ("issuer.place", "An Bình"), ("date.year", " 2026 "), ("date.month", "ba"),
             ("date.day", ""), ("title", "Kế hoạch\r\nhai dòng"), ("opening", ""),
             ("parts[0].title", "Mục tiêu"), ("signer.name", "Lê Văn A"),
             ("signer.title", "Chủ tịch"), ("csrf_token", "x"), ("_action", "save")]
    posted = form.from_pairs(pairs, Plan)
    assert posted["issuer"]["name"] == ["Ủy ban nhân dân", ""]
    assert posted["date"] == {"year": 2026, "month": "ba"}  # an empty optional value is left out
    assert "opening" not in posted
    _, problems = form.validate(posted)
    messages = {p.where: p.message for p in problems}
    assert messages["issuer.name[1]"] == "không được để trống"
    assert messages["date.month"].startswith("phải là số nguyên")


def test_list_indexes_only_order_the_items():
    posted = form.from_pairs([("parts[99999999999].title", "Hai"), ("parts[7].title", "Một")],
                             Plan)
    assert posted["parts"] == [{"title": "Một"}, {"title": "Hai"}]


@pytest.mark.parametrize("name", ["parts[0][1]", "a.b.c", "..",
                                  "parts[-1].title", "$", "parts[0].$.x", "[0]", "parts..title"])
def test_names_that_are_no_path_of_the_model_are_ignored(name):
    posted = form.from_pairs([(name, "x"), ("parts[0].title", "Một")], Plan)
    assert posted["parts"] == [{"title": "Một"}]


def test_a_scalar_posted_where_an_object_is_does_not_break_reading():
    posted = form.from_pairs([("parts[0]", "x"), ("parts[0].title", "Một"), ("issuer", "y")],
                             Plan)
    assert posted["parts"] == [{"title": "Một"}]


# --------------------------------------------------------------------------------------------
# Operations


def blocks(form_data):
    return [b["type"] for b in form_data["parts"][0]["children"]]


def test_add_remove_and_move_blocks():
    form_data = form.blank("ke-hoach")
    assert form.apply(form_data, "add|parts[0].children|item", Plan) == ("parts", 0, "children", 0)
    form.apply(form_data, "add|parts[0].children|paragraph", Plan)
    form.apply(form_data, "add|parts[0].children[0].children|point", Plan)
    assert blocks(form_data) == ["item", "paragraph"]
    assert form_data["parts"][0]["children"][0]["children"] == [{"type": "point"}]
    assert form.apply(form_data, "up|parts[0].children[1]", Plan) == ("parts", 0, "children", 0)
    assert blocks(form_data) == ["paragraph", "item"]
    form.apply(form_data, "down|parts[0].children[0]", Plan)
    assert blocks(form_data) == ["item", "paragraph"]
    form.apply(form_data, "del|parts[0].children[0]", Plan)
    assert blocks(form_data) == ["paragraph"]


@pytest.mark.parametrize("cls", [Item, TaskTable, Table, Objectives], ids=lambda c: c.__name__)
def test_a_new_block_has_its_required_fields_blank(cls):
    form_data = form.blank("ke-hoach")
    tag = ins.tag(cls)
    form.apply(form_data, f"add|parts[0].children|{tag}", Plan)
    block = form_data["parts"][0]["children"][0]
    assert block["type"] == tag
    assert set(block) == {"type"} | {f.name for f in ins.fields(cls) if f.required}
    root, builder = form.build(form_data, Plan)  # the new block is drawn, its fields empty
    drawn = _find(root, ("parts", 0, "children", 0))
    assert drawn.tag == tag and drawn.children


@pytest.mark.parametrize("op", ["add|parts[0].children|nonsense", "add|parts[5].children|item",
                                "add|title|item", "del|parts[3]", "up|issuer", "down|parts",
                                "set|title", "unset|issuer", "frobnicate|parts",
                                "add|parts[0].children[0].children|item", "del|parts[0]x"])
def test_an_operation_on_a_wrong_path_does_nothing(op):
    form_data = form.blank("ke-hoach")
    before = repr(form_data)
    assert form.apply(form_data, op, Plan) is None
    assert repr(form_data) == before


def test_criteria_are_picked_from_the_plans_set():
    form_data = form.blank("nong-thon-moi", today=dt.date(2026, 3, 1))
    assert form_data["criteria_set"] == "ntm-2026-2030"
    model = form.model_of("nong-thon-moi")
    root, _ = form.build(form_data, model)
    part_children = _find(root, ("parts", 0, "children"))
    assert [n for n, _, _ in part_children.picker] == list(range(1, 11))
    form.apply(form_data, "pick|parts[0].children", model, ["8", "1", "x"])
    added = form_data["parts"][0]["children"]
    chosen = catalogues.get("ntm-2026-2030")
    assert [(b["number"], b["name"]) for b in added] == [
        (1, chosen.get(1).name), (8, chosen.get(8).name)]
    for block in added:
        block["actions"] = "rà soát"
    form_data["title"] = "Xây dựng nông thôn mới năm 2026"
    form_data["issuer"] = {"name": ["Ủy ban nhân dân", "xã A"], "place": "A"}
    form_data["parts"][0]["title"] = "Giải pháp"
    form_data["signer"] = {"name": "Lê Văn A", "title": "Chủ tịch",
                           "authorities": ["TM. Ủy ban nhân dân"]}
    plan, problems = form.validate(form_data)
    assert problems == []
    assert [c.name for c in plan.parts[0].children] == [chosen.get(1).name, chosen.get(8).name]
    number = _find(root, ("criteria_set",))
    assert number.kind == "choice" and "ntm-2026-2030" in dict(number.choices)


def test_a_criterion_number_is_chosen_from_its_set():
    plan = data.load(HAI_YEN)
    root, _ = form.build(form.from_plan(plan), type(plan))
    criterion = _find(root, ("parts", 2, "children", 0, "number"))
    assert criterion.kind == "choice"
    chosen = catalogues.get(plan.criteria_set)
    assert criterion.choices == [(str(c.number), f"{c.number}. {c.name}")
                                     for c in chosen.criteria]


def _find(node: form.Node, path):
    if node.path == tuple(path):
        return node
    for child in (*node.children, *node.advanced):
        if tuple(path)[:len(child.path)] == child.path:
            return _find(child, path)
    raise KeyError(path)


# --------------------------------------------------------------------------------------------
# A plan type the form code has never seen


@attrs.frozen
class Inspection:
    """Đợt kiểm tra: one inspection visit of a made-up plan type."""

    place: str = text()
    """Nơi kiểm tra: where the team goes."""
    team: tuple[str, ...] = tuple_of(str, allow_empty=False, default=attrs.NOTHING)
    note: str | None = optional_text()


@attrs.frozen
class InspectionPlan(Plan):
    """Kế hoạch kiểm tra: a plan with a list of inspection visits."""

    visits: tuple[Inspection, ...] = tuple_of(Inspection)


@pytest.fixture
def inspection_type():
    base = registry.get("ke-hoach")
    with registry.scoped():
        yield registry.register(attrs.evolve(base, name="kiem-tra-thu", model=InspectionPlan))


def test_a_new_field_and_class_appear_in_the_form_without_change(inspection_type):
    form_data = form.blank("kiem-tra-thu")
    assert form_data["type"] == "kiem-tra-thu"
    form.apply(form_data, "add|visits", InspectionPlan)
    root, builder = form.build(form_data, InspectionPlan)
    visit = _find(root, ("visits", 0))
    assert (visit.label, visit.index) == ("Đợt kiểm tra", 1)
    place = _find(root, ("visits", 0, "place"))
    assert (place.label, place.kind) == ("Nơi kiểm tra", "text")
    assert _find(root, ("visits", 0, "team", 0)).kind == "text"
    form_data.update(title="Kiểm tra", issuer={"name": ["UBND", "xã A"], "place": "A"},
                     signer={"name": "Lê Văn A", "title": "Chủ tịch"})
    form_data["parts"][0]["title"] = "Nội dung"
    form_data["visits"][0].update(place="Thôn 1", team=["Ông B"])
    posted = round_trip(form_data, InspectionPlan)
    plan, problems = form.validate(posted)
    assert problems == []
    assert plan.visits == (Inspection("Thôn 1", ("Ông B",)),)
    assert isinstance(plan.parts[0], Part)


@pytest.mark.parametrize("path", [HAI_YEN, THIEN_TAI], ids=lambda p: p.stem)
def test_problems_are_placed_as_the_whole_tree_places_them(path):
    """A check while typing builds only the fields on the problems' paths; each problem lands
    where the whole form would put it (field, label path, slot)."""
    plan = data.load(path)
    form_data = form.from_plan(plan)
    form_data["title"] = ""
    form_data["issuer"]["place"] = ""
    form_data["date"] = "31/2/2024"
    form_data["parts"][-1]["title"] = ""
    children = form_data["parts"][0].setdefault("children", [])
    children.append({"type": "item", "title": ""})
    form_data["parts"][0]["titel"] = "x"  # no field of its own: placed on the part
    _, problems = form.validate(form_data)
    assert len(problems) >= 5
    _, builder = form.build(form_data, type(plan))
    assert form.place(form_data, type(plan), problems) == builder.problems(problems)


def test_a_wider_margin_in_the_form_lets_the_shown_column_widths_fit_it():
    """The form shows the layout's column widths at their house values; posted back unchanged
    with a wider margin, they are the house's to fit, not the author's to refuse."""
    plan = data.load(HAI_YEN)
    form_data = form.from_plan(attrs.evolve(plan, layout=Profile()))
    form_data["layout"] = {**form_data.get("layout", {}), "margin_left_mm": 35}
    root, _ = form.build(form_data, type(plan))
    top = [(k, form_data[k]) for k in ("type", "$schema") if k in form_data]
    pairs = [*top, *pairs_of(root)]
    assert ("layout.header_left_cm", "6,3") in pairs or ("layout.header_left_cm", "6.3") in pairs
    again, problems = form.validate(form.from_pairs(pairs, type(plan)))
    assert problems == []
    assert again.layout == Profile(margin_left_mm=35)
    # A width typed in is the author's: too wide with that margin, it is refused by name.
    typed = [(k, "7,5" if k == "layout.header_left_cm" else v) for k, v in pairs]
    _, problems = form.validate(form.from_pairs(typed, type(plan)))
    assert [p.where for p in problems] == ["layout.header_left_cm"]
