"""A commune plan on another topic: Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026.

Written with the general plan type: khoản with điểm lists (a) … đ) e) g)), bullets, a task table
in an appendix with its own page numbers, and a deputy signing (TM. / KT. CHỦ TỊCH / PHÓ CHỦ
TỊCH). The commune is invented; the laws it cites are real.

    python examples/phong_chong_thien_tai_2026.py              # ./phong_chong_thien_tai_2026.docx
    python examples/phong_chong_thien_tai_2026.py -o out.docx
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import kehoach as kh
from kehoach import Bullet, Item, Paragraph, Part, Point, TaskRow


def build_plan() -> kh.Plan:
    """The whole plan."""
    return kh.Plan(
        issuer=kh.Issuer(name=["Ủy ban nhân dân", "xã Tân Lập"], place="Tân Lập"),
        number=kh.DocumentNumber(12),
        date=kh.IssueDate(2026, 3, 10),
        title="Phòng, chống thiên tai và tìm kiếm cứu nạn trên địa bàn xã Tân Lập năm 2026",
        legal_bases=[
            kh.LegalBasis("Luật Phòng, chống thiên tai", date=dt.date(2013, 6, 19)),
            kh.LegalBasis("Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên tai và "
                          "Luật Đê điều", date=dt.date(2020, 6, 17)),
            kh.LegalBasis("Nghị định", "66/2021/NĐ-CP", dt.date(2021, 7, 6), "Chính phủ",
                          "quy định chi tiết thi hành một số điều của Luật Phòng, chống thiên "
                          "tai và Luật sửa đổi, bổ sung một số điều của Luật Phòng, chống thiên "
                          "tai và Luật Đê điều"),
        ],
        opening="Để chủ động phòng ngừa, ứng phó kịp thời và khắc phục nhanh hậu quả thiên tai, "
                "giảm thiểu thiệt hại về người và tài sản, Ủy ban nhân dân xã Tân Lập ban hành "
                "Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026 như sau:",
        parts=[
            Part("Mục đích, yêu cầu", [
                Item(title="Mục đích", children=[
                    Point("Chủ động phòng ngừa, ứng phó với thiên tai theo phương châm “bốn tại "
                          "chỗ”, bảo đảm an toàn tính mạng và tài sản của Nhân dân;"),
                    Point("Nâng cao nhận thức, kỹ năng phòng, chống thiên tai của cán bộ và "
                          "người dân trên địa bàn xã;"),
                    Point("Huy động kịp thời các nguồn lực để khắc phục hậu quả, sớm ổn định đời "
                          "sống và sản xuất."),
                ]),
                Item(title="Yêu cầu", children=[
                    Point("Các ban, ngành, đoàn thể và các thôn xác định phòng, chống thiên tai là "
                          "nhiệm vụ thường xuyên;"),
                    Point("Phân công rõ người, rõ việc, rõ thời gian hoàn thành;"),
                    Point("Rà soát, cập nhật phương án ứng phó với từng loại hình thiên tai;"),
                    Point("Chuẩn bị đầy đủ vật tư, phương tiện theo phương châm “bốn tại chỗ”;"),
                    Point("Thông tin, báo cáo kịp thời, chính xác về tình hình thiên tai;"),
                    Point("Kết hợp phòng, chống thiên tai với xây dựng nông thôn mới;"),
                    Point("Bảo đảm kinh phí cho các hoạt động theo quy định."),
                ]),
            ]),
            Part("Nhiệm vụ, giải pháp", [
                Item(title="Công tác phòng ngừa", children=[
                    Point(lead_in="Tuyên truyền:", text="thông tin đến từng hộ dân về các loại hình "
                          "thiên tai thường xảy ra trên địa bàn và cách ứng phó;", children=[
                        Bullet("qua hệ thống truyền thanh xã và các nhóm Zalo thôn;"),
                        Bullet("lồng ghép trong các buổi họp thôn, sinh hoạt đoàn thể."),
                    ]),
                    Point(lead_in="Rà soát:", text="các khu dân cư có nguy cơ sạt lở đất, lũ quét; "
                          "lập danh sách hộ phải di dời khi có cảnh báo;"),
                    Point(lead_in="Chuẩn bị lực lượng:", text="kiện toàn đội xung kích phòng, chống "
                          "thiên tai ở các thôn (chi tiết tại Phụ lục kèm theo Kế hoạch này)."),
                ]),
                Item(title="Công tác ứng phó", children=[
                    Paragraph("Khi có tin cảnh báo, Ban Chỉ huy phòng, chống thiên tai và tìm kiếm "
                              "cứu nạn xã tổ chức trực 24/24 giờ và triển khai:"),
                    kh.Numbered("Thông báo, hướng dẫn Nhân dân chằng chống nhà cửa, thu hoạch "
                                "sớm sản phẩm nông nghiệp;"),
                    kh.Numbered("Sơ tán người dân ra khỏi khu vực nguy hiểm;"),
                    kh.Numbered("Tổ chức tìm kiếm, cứu nạn, cứu hộ."),
                ]),
                Item(title="Công tác khắc phục hậu quả", text="Thống kê, đánh giá thiệt hại, hỗ "
                     "trợ kịp thời các hộ bị ảnh hưởng; vệ sinh môi trường, phòng, chống dịch bệnh "
                     "sau thiên tai."),
            ]),
            Part("Kinh phí", [
                Paragraph("Kinh phí thực hiện Kế hoạch bố trí từ ngân sách xã năm 2026 là "
                          "150.000.000 đồng, Quỹ phòng, chống thiên tai "
                          "và các nguồn huy động hợp pháp khác."),
            ]),
            Part("Tổ chức thực hiện", [
                Item(text="Văn phòng - Thống kê là cơ quan thường trực, theo dõi, tổng hợp, báo "
                          "cáo Ủy ban nhân dân xã."),
                Item(text="Các ban, ngành, đoàn thể và Trưởng các thôn thực hiện nhiệm vụ được "
                          "phân công tại Phụ lục kèm theo Kế hoạch này."),
            ]),
        ],
        closing="Trên đây là Kế hoạch phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026 của Ủy "
                "ban nhân dân xã Tân Lập. Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, "
                "các đơn vị báo cáo về Ủy ban nhân dân xã để xem xét, giải quyết",
        signer=kh.Signer("Nguyễn Thị Hoa", title="Phó Chủ tịch", authorities=[
            kh.Authority("TM", "Ủy ban nhân dân"), kh.Authority("KT", "Chủ tịch")]),
        recipients=[
            kh.Recipient("Ban Chỉ huy PCTT và TKCN tỉnh", note="(để b/c)"),
            kh.Recipient("Thường trực Đảng ủy xã"),
            kh.Recipient("Thường trực HĐND xã"),
            kh.Recipient("Chủ tịch, các PCT UBND xã"),
            kh.Recipient("Các ban, ngành, đoàn thể xã"),
            kh.Recipient("Trưởng các thôn"),
        ],
        archive=kh.Archive(["VP"]),
        appendices=[kh.Appendix("Phân công nhiệm vụ phòng, chống thiên tai năm 2026", [
            kh.TaskTable([
                TaskRow("Kiện toàn Ban Chỉ huy phòng, chống thiên tai và tìm kiếm cứu nạn xã",
                        "Văn phòng - Thống kê", "Công an xã, Ban Chỉ huy quân sự xã",
                        "Tháng 3/2026"),
                TaskRow("Rà soát khu dân cư có nguy cơ sạt lở đất, lũ quét", "Phòng Kinh tế",
                        "Trưởng các thôn", "Tháng 4/2026"),
                TaskRow("Tuyên truyền kỹ năng phòng, chống thiên tai", "Phòng Văn hóa - Xã hội",
                        "Ủy ban MTTQ Việt Nam xã, các đoàn thể", "Thường xuyên"),
                TaskRow("Chuẩn bị vật tư, phương tiện theo phương châm “bốn tại chỗ”",
                        "Ban Chỉ huy quân sự xã", "Các thôn", "Trước 30/5/2026"),
                TaskRow("Diễn tập sơ tán dân tại thôn Nà Pàn", "Ban Chỉ huy quân sự xã",
                        "Công an xã, Trạm Y tế xã", "Tháng 6/2026"),
                TaskRow("Trực ban, thông tin cảnh báo thiên tai", "Văn phòng - Thống kê",
                        "Đài truyền thanh xã", "Mùa mưa bão"),
                TaskRow("Thống kê, đánh giá thiệt hại và đề xuất hỗ trợ", "Phòng Kinh tế",
                        "Phòng Văn hóa - Xã hội, Trưởng các thôn", "Sau mỗi đợt thiên tai"),
            ]),
        ])],
    )


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description="Write the Tân Lập 2026 disaster plan as .docx.")
    parser.add_argument("-o", "--output", type=Path,
                        default=Path("phong_chong_thien_tai_2026.docx"))
    args = parser.parse_args(argv)
    path = kh.save(build_plan(), args.output)
    print(path)
    return path


if __name__ == "__main__":
    main()
