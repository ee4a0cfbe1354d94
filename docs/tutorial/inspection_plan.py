"""A new plan type outside kehoach: Kế hoạch kiểm tra (an inspection plan).

The code of the tutorial "Adding a plan type" (docs/tutorial.md); tests/test_docs.py runs it.
It touches nothing inside kehoach: it defines a model, a context builder, and registers them
with kehoach's bundled template.

    python inspection_plan.py                 # writes ./kiem_tra_cchc_2026.docx
    python inspection_plan.py -o out.docx
"""

from __future__ import annotations

# --8<-- [start:imports]
import argparse
import datetime as dt
from pathlib import Path
from typing import Any

import attrs

import kehoach as kh
from kehoach.layout.profile import Profile
from kehoach.model import text, tuple_of
from kehoach.registry import PlanType, register
from kehoach.rendering import conventions as cv
from kehoach.rendering.context import build_context
from kehoach.rendering.template_builder import build_template

# --8<-- [end:imports]

# --8<-- [start:model]


@attrs.frozen
class Visit:
    """Lịch kiểm tra: one unit to inspect, and when."""

    unit: str = text()
    """Đơn vị được kiểm tra (``Thôn Nà Pàn``)."""
    when: str = text()
    """Thời gian kiểm tra (``Ngày 22/4/2026``)."""


@attrs.frozen(kw_only=True)
class InspectionPlan(kh.Plan):
    """Kế hoạch kiểm tra: a plan with an inspection team (Đoàn kiểm tra) and a schedule.

    The team is printed as a part of its own, ``THÀNH PHẦN ĐOÀN KIỂM TRA``, just before the
    last part (usually ``TỔ CHỨC THỰC HIỆN``); it is numbered like every other part.
    """

    leader: kh.Official = attrs.field(validator=attrs.validators.instance_of(kh.Official))
    """Trưởng đoàn."""
    members: tuple[kh.Official, ...] = tuple_of(kh.Official, allow_empty=False,
                                                default=attrs.NOTHING)
    """Thành viên: at least one."""
    schedule: tuple[Visit, ...] = tuple_of(Visit)
    """Lịch kiểm tra: the units visited, in order."""
# --8<-- [end:model]


# --8<-- [start:context]
def team_part(plan: InspectionPlan) -> kh.Part:
    """The part naming the team, built from kehoach's own blocks (so it is numbered by them)."""
    members = cv.join_sentences([cv.official(m) for m in plan.members])
    return kh.Part("Thành phần Đoàn kiểm tra", [
        kh.Item(text=f"Trưởng đoàn: {cv.official(plan.leader)}."),
        kh.Item(title="Thành viên:", children=[kh.Bullet(line) for line in members]),
    ])


def build_inspection_context(plan: InspectionPlan, profile: Profile) -> dict[str, Any]:
    """Everything a Kế hoạch has, with the team part, plus the schedule for templates that
    print it (the bundled template does not)."""
    parts = (*plan.parts[:-1], team_part(plan), plan.parts[-1])
    context = build_context(attrs.evolve(plan, parts=parts), profile)
    context["schedule"] = [{"index": str(i), "unit": v.unit, "when": v.when}
                           for i, v in enumerate(plan.schedule, 1)]
    return context
# --8<-- [end:context]


# --8<-- [start:register]
INSPECTION = register(PlanType(
    name="kiem-tra",
    model=InspectionPlan,
    template="ke_hoach.docx",        # kehoach's bundled template
    build_context=build_inspection_context,
    description="Kế hoạch kiểm tra (có Đoàn kiểm tra và lịch kiểm tra)",
    build_template=build_template,   # the same template, built for another Profile
))
# --8<-- [end:register]


# --8<-- [start:plan]
def build_plan() -> InspectionPlan:
    """An invented commune's inspection plan."""
    return InspectionPlan(
        issuer=kh.Issuer(name=["Ủy ban nhân dân", "xã Tân Lập"], place="Tân Lập"),
        number=kh.DocumentNumber(20),
        date=kh.IssueDate(2026, 4, 2),
        title="Kiểm tra công tác cải cách hành chính năm 2026",
        legal_bases=[
            kh.LegalBasis("Luật Tổ chức chính quyền địa phương", date=dt.date(2025, 6, 16)),
            kh.LegalBasis("Nghị quyết", "76/NQ-CP", dt.date(2021, 7, 15), "Chính phủ",
                          "ban hành Chương trình tổng thể cải cách hành chính nhà nước giai "
                          "đoạn 2021 - 2030"),
        ],
        opening="Ủy ban nhân dân xã Tân Lập ban hành Kế hoạch kiểm tra công tác cải cách hành "
                "chính năm 2026 như sau:",
        parts=[
            kh.Part("Mục đích, yêu cầu", [
                kh.Item(title="Mục đích", children=[kh.Paragraph(
                    "Đánh giá việc thực hiện nhiệm vụ cải cách hành chính của các bộ phận và các "
                    "thôn; kịp thời chấn chỉnh những hạn chế, thiếu sót.")]),
                kh.Item(title="Yêu cầu", children=[
                    kh.Point("Kiểm tra đúng nội dung, đúng thời gian;"),
                    kh.Point("Kết luận rõ ưu điểm, hạn chế và trách nhiệm khắc phục."),
                ]),
            ]),
            kh.Part("Nội dung, đối tượng và thời gian kiểm tra", [
                kh.Item(title="Nội dung kiểm tra", children=[
                    kh.Point("Việc giải quyết thủ tục hành chính tại Bộ phận Một cửa;"),
                    kh.Point("Việc niêm yết, công khai thủ tục hành chính;"),
                    kh.Point("Việc tiếp nhận, xử lý phản ánh, kiến nghị của người dân."),
                ]),
                kh.Item(title="Đối tượng và thời gian kiểm tra", text="Bộ phận Một cửa xã và "
                        "các thôn, từ ngày 15/4/2026 đến ngày 29/4/2026, theo lịch kiểm tra."),
            ]),
            kh.Part("Tổ chức thực hiện", [
                kh.Item(text="Đoàn kiểm tra báo cáo kết quả kiểm tra với Chủ tịch Ủy ban nhân "
                             "dân xã trước ngày 08/5/2026."),
                kh.Item(text="Các bộ phận và các thôn được kiểm tra chuẩn bị hồ sơ, tài liệu "
                             "và bố trí người làm việc với Đoàn kiểm tra."),
            ]),
        ],
        closing="Trên đây là Kế hoạch kiểm tra công tác cải cách hành chính năm 2026 của Ủy ban "
                "nhân dân xã Tân Lập",
        signer=kh.Signer("Hoàng Văn Thái", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        recipients=[kh.Recipient("Thường trực Đảng ủy xã"),
                    kh.Recipient("Các thành viên Đoàn kiểm tra"),
                    kh.Recipient("Các bộ phận, các thôn được kiểm tra")],
        archive=kh.Archive(["VP"]),
        leader=kh.Official("Phó Chủ tịch Ủy ban nhân dân xã", name="Lương Văn Minh",
                           honorific="Ông"),
        members=[
            kh.Official("công chức Văn phòng - Thống kê xã", name="Chu Thị Ngoan",
                        honorific="Bà"),
            kh.Official("công chức Tư pháp - Hộ tịch xã", name="Nông Văn Tùng", honorific="Ông"),
            kh.Official("Đại diện Công an xã"),
        ],
        schedule=[
            Visit("Bộ phận Một cửa xã", "Ngày 15/4/2026"),
            Visit("Thôn Nà Pàn", "Ngày 22/4/2026"),
            Visit("Thôn Bản Chắt", "Ngày 29/4/2026"),
        ],
    )
# --8<-- [end:plan]


# --8<-- [start:main]
def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description="Write the Tân Lập inspection plan as .docx.")
    parser.add_argument("-o", "--output", type=Path, default=Path("kiem_tra_cchc_2026.docx"))
    args = parser.parse_args(argv)
    path = kh.save(build_plan(), args.output)  # kehoach finds the type: registry.for_plan
    print(path)
    return path


if __name__ == "__main__":
    main()
# --8<-- [end:main]
