"""A plan that uses every shape real plans use: Kế hoạch chuyển đổi số năm 2026 of xã Tân Phước.

Emphasis inside sentences (bold, italic, underline), items whose title runs into their text
(``1. Văn phòng - Thống kê: chủ trì …``), sub-items in bold italic, a point used as a heading,
a point holding a table with a merged header, a table too wide for a portrait page (set on a
landscape page, the plan returning to portrait after it), two footnotes, a căn cứ citing two
laws in one line, the ``- Lưu`` line with the copies kept and the drafter's mark (ô 12), a
deputy signing (TM. / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH) and an appendix. The commune, its people
and its figures are invented; the laws and the decision cited are real.

    python examples/chuyen_doi_so_2026.py              # writes ./chuyen_doi_so_2026.docx
    python examples/chuyen_doi_so_2026.py -o out.docx
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import kehoach as kh
from kehoach import (
    Bullet,
    Cell,
    Column,
    Footnote,
    Item,
    Paragraph,
    Part,
    Point,
    Row,
    Table,
    TaskRow,
    bold,
    italic,
    underline,
)


def legal_bases() -> list[kh.LegalBasis]:
    return [
        # Two laws in one căn cứ line, each with its date in the decree's short form.
        kh.LegalBasis("Luật Giao dịch điện tử", date=dt.date(2023, 6, 22), also=[
            kh.CitedDocument("Luật Dữ liệu", date=dt.date(2024, 11, 30))]),
        kh.LegalBasis("Quyết định", "749/QĐ-TTg", dt.date(2020, 6, 3), "Thủ tướng Chính phủ",
                      "phê duyệt “Chương trình Chuyển đổi số quốc gia đến năm 2025, định hướng "
                      "đến năm 2030”"),
        kh.LegalBasis("Kế hoạch", "02/KH-BCĐ", dt.date(2026, 1, 5),
                      "Ban Chỉ đạo chuyển đổi số xã Tân Phước",
                      "về triển khai nhiệm vụ chuyển đổi số năm 2026", verb="Thực hiện"),
    ]


def purpose() -> Part:
    return Part("Mục đích, yêu cầu", [
        Item(title="Mục đích", children=[
            Paragraph(kh.RichText(
                "Đưa hoạt động của chính quyền xã lên môi trường số, phục vụ người dân và doanh "
                "nghiệp nhanh hơn, ít giấy tờ hơn; ",
                bold("năm 2026 là năm đầu tiên xã thực hiện “Một cửa số” toàn trình"), ".")),
        ]),
        Item(title="Yêu cầu", children=[
            Point("Chuyển đổi số là nhiệm vụ của cả hệ thống chính trị, gắn với trách nhiệm của "
                  "người đứng đầu từng cơ quan, đơn vị;"),
            Point(kh.RichText("Các nhiệm vụ bảo đảm an toàn thông tin ", italic(
                "(theo cấp độ đã được phê duyệt của từng hệ thống)"), ", tiết kiệm, hiệu quả;")),
            Point("Hoàn thành các chỉ tiêu tại mục II của Kế hoạch này."),
        ]),
    ])


def digitisation_table() -> Table:
    """A 4-column table under a point: TT, the task, and two columns under one merged header."""
    return Table(
        columns=[
            Column("Nội dung", width=6),
            Column("Bắt đầu", width=2, align="giữa", group="Thời gian thực hiện (Năm 2026)"),
            Column("Hoàn thành", width=2, align="giữa", group="Thời gian thực hiện (Năm 2026)"),
        ],
        rows=[
            ["Số hóa sổ hộ tịch từ năm 1995 đến năm 2015", "Tháng 01", "Tháng 6"],
            ["Số hóa hồ sơ đất đai đang lưu tại xã", "Tháng 3", "Tháng 10"],
            [kh.RichText("Số hóa kết quả giải quyết thủ tục hành chính ",
                         italic("(còn hiệu lực)")), "Tháng 02", "Thường xuyên"],
        ],
        numbered=True)


def targets_table() -> Table:
    """The targets of the year by quarter: nine columns, set on a landscape page."""
    quarters = [Column(q, width=1.4, align="giữa", group="Kế hoạch năm 2026 (lũy kế)")
                for q in ("Quý I", "Quý II", "Quý III", "Quý IV")]
    return Table(
        columns=[Column("Chỉ tiêu", width=5), Column("Đơn vị tính", width=1.6, align="giữa"),
                 Column("Thực hiện năm 2025", width=1.6, align="giữa"), *quarters,
                 Column("Cơ quan chủ trì", width=2.6), Column("Ghi chú", width=2.2)],
        landscape=True,
        rows=[
            [kh.RichText("Hồ sơ thủ tục hành chính nộp trực tuyến toàn trình", Footnote(
                kh.RichText("Tính trên các thủ tục đủ điều kiện cung cấp trực tuyến ",
                            bold("toàn trình"), " theo danh mục của tỉnh."))),
             "%", "45", "55", "60", "70", "80", "Văn phòng - Thống kê", ""],
            ["Hồ sơ công việc của xã xử lý trên môi trường mạng", "%", "80", "85", "90", "95",
             "100", "Văn phòng - Thống kê", "Trừ hồ sơ mật"],
            ["Người dân từ 14 tuổi trở lên có tài khoản định danh điện tử mức 2", "%", "62", "68",
             "74", "80", "85", "Công an xã", ""],
            ["Hộ sản xuất, kinh doanh thanh toán không dùng tiền mặt", "hộ", "210", "240", "270",
             "300", "350", "Phòng Kinh tế", "Ưu tiên chợ xã"],
            ["Thôn có tổ công nghệ số cộng đồng hoạt động thường xuyên", "thôn", "6", "9", "9",
             "9", "9", "Phòng Văn hóa - Xã hội", "09/09 thôn"],
        ])


def tasks() -> Part:
    return Part("Nhiệm vụ, giải pháp", [
        Item(title="Chuyển đổi số trong hoạt động của chính quyền xã", children=[
            Item(title="Hồ sơ điện tử và số hóa", children=[
                Point(lead_in="Số hóa:", text="các kho hồ sơ theo tiến độ dưới đây:",
                      children=[digitisation_table()]),
                Point(kh.RichText("Xử lý văn bản đi, đến trên hệ thống quản lý văn bản và điều "
                                  "hành; ký số ", underline("100% văn bản đi"),
                                  " trừ văn bản mật.")),
            ]),
            Item(title="Nền tảng và dữ liệu dùng chung", children=[
                Point("Cập nhật, làm sạch dữ liệu dân cư theo “Đề án 06” của Chính phủ;"),
                Point(kh.RichText(
                    "Kết nối Cổng dịch vụ công với Hệ thống thông tin giải quyết thủ tục hành "
                    "chính của tỉnh", Footnote("Thực hiện theo hướng dẫn của Sở Khoa học và Công "
                                               "nghệ tỉnh."), ".")),
            ]),
        ]),
        Item(title="Phát triển xã hội số", children=[
            Point(title="Đối với người dân", children=[
                Bullet("Tổ công nghệ số cộng đồng hướng dẫn cài đặt, sử dụng ứng dụng định danh "
                       "điện tử;"),
                Bullet("Tuyên truyền trên hệ thống truyền thanh xã, các nhóm Zalo của thôn."),
            ]),
            Point(title="Đối với hộ sản xuất, kinh doanh", children=[
                Bullet("Mở tài khoản thanh toán, dùng mã QR tại chợ xã;"),
                Bullet("Đưa sản phẩm OCOP của xã lên sàn thương mại điện tử."),
            ]),
        ]),
        Item(title="Chỉ tiêu năm 2026", children=[
            Paragraph("Các chỉ tiêu chuyển đổi số năm 2026 của xã như sau:"),
            targets_table(),
        ]),
    ])


def funding() -> Part:
    return Part("Kinh phí", [
        Paragraph(kh.RichText(
            "Kinh phí thực hiện Kế hoạch từ ngân sách xã năm 2026 là ",
            bold("320.000.000 đồng"), " (ba trăm hai mươi triệu đồng) và các nguồn hợp pháp "
            "khác.")),
    ])


def organisation() -> Part:
    # Items with a title and a text: "1. Văn phòng - Thống kê: chủ trì …" on one line (the
    # plan's headings say so for every titled item).
    return Part("Tổ chức thực hiện", [
        Item(title="Văn phòng - Thống kê", text="chủ trì, theo dõi, đôn đốc thực hiện Kế hoạch; "
             "tổng hợp, báo cáo Ủy ban nhân dân xã trước ngày 15 tháng cuối mỗi quý."),
        Item(title="Phòng Kinh tế", text="hướng dẫn hộ sản xuất, kinh doanh thanh toán không "
             "dùng tiền mặt, đưa sản phẩm lên sàn thương mại điện tử."),
        Item(title="Phòng Văn hóa - Xã hội", text="chỉ đạo tổ công nghệ số cộng đồng; tuyên "
             "truyền về chuyển đổi số; thực hiện các nhiệm vụ tại Phụ lục kèm theo Kế hoạch "
             "này."),
        Item(title="Công an xã", text=kh.RichText(
            "đẩy mạnh cấp tài khoản định danh điện tử mức 2, ", bold("lần thứ nhất"),
            " rà soát trong Quý I/2026.")),
    ])


def build_plan() -> kh.Plan:
    """The whole plan."""
    return kh.Plan(
        issuer=kh.Issuer(name=["Ủy ban nhân dân", "xã Tân Phước"], place="Tân Phước"),
        number=kh.DocumentNumber(25),
        date=dt.date(2026, 2, 24),
        title="Chuyển đổi số trên địa bàn xã Tân Phước năm 2026",
        legal_bases=legal_bases(),
        opening=kh.RichText(
            "Để thực hiện thắng lợi các chỉ tiêu chuyển đổi số năm 2026, Ủy ban nhân dân xã Tân "
            "Phước ban hành Kế hoạch ", bold("với các nội dung như sau:")),
        parts=[purpose(), tasks(), funding(), organisation()],
        closing=kh.RichText(
            "Trên đây là Kế hoạch chuyển đổi số năm 2026 của Ủy ban nhân dân xã Tân Phước. Trong "
            "quá trình thực hiện, nếu có khó khăn, vướng mắc, các đơn vị ",
            bold("kịp thời báo cáo"), " Ủy ban nhân dân xã (qua Văn phòng - Thống kê) để xem "
            "xét, giải quyết"),
        signer=kh.Signer("Lê Thị Thu Hà", title="Phó Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân"),
                                      kh.Authority("KT", "Chủ tịch")]),
        recipients=[kh.Recipient("Sở Khoa học và Công nghệ tỉnh", note="(để b/c)"),
                    kh.Recipient("Thường trực Đảng ủy xã"), kh.Recipient("Thường trực HĐND xã"),
                    kh.Recipient("Chủ tịch, các PCT UBND xã"),
                    kh.Recipient("Các ban, ngành, đoàn thể xã"), kh.Recipient("Các thôn")],
        archive=kh.Archive(["VP"], copies=2),
        drafter=kh.Drafter("HN", 20),
        appendices=[kh.Appendix("Phân công nhiệm vụ của Phòng Văn hóa - Xã hội", [
            kh.TaskTable([
                TaskRow("Kiện toàn tổ công nghệ số cộng đồng ở 09 thôn", "Phòng Văn hóa - Xã "
                        "hội", "Trưởng các thôn", "Tháng 3/2026"),
                TaskRow("Tập huấn kỹ năng số cho thành viên tổ công nghệ số cộng đồng",
                        "Phòng Văn hóa - Xã hội", "Đoàn Thanh niên xã", "Quý II/2026"),
                TaskRow(kh.RichText("Chuyên mục “", italic("Chuyển đổi số"),
                                    "” trên đài truyền thanh xã"),
                        "Phòng Văn hóa - Xã hội", "Văn phòng - Thống kê", "Hằng tháng"),
            ]),
        ])],
        headings=kh.Headings(sub_item="đậm nghiêng", run_in="cùng dòng"),
    )


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description="Write the Tân Phước 2026 digital plan as .docx.")
    parser.add_argument("-o", "--output", type=Path, default=Path("chuyen_doi_so_2026.docx"),
                        help="where to write it (default: ./chuyen_doi_so_2026.docx)")
    args = parser.parse_args(argv)
    path = kh.save(build_plan(), args.output)
    print(path)
    return path


if __name__ == "__main__":
    main()
