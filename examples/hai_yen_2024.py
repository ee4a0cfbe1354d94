"""The Hải Yến 2024 plan, as data: Kế hoạch thực hiện Chương trình mục tiêu quốc gia xây dựng
nông thôn mới nâng cao, nông thôn mới kiểu mẫu xã Hải Yến năm 2024.

Its words are the seed draft's; the draft's defects are fixed (the stray second "I.", the
``- Lưu VP.`` line, stray punctuation and dashes, the signature without ``TM. ỦY BAN NHÂN DÂN``).
It is still a draft: its number and day are blank.

    python examples/hai_yen_2024.py              # writes ./hai_yen_2024.docx
    python examples/hai_yen_2024.py -o out.docx
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

import kehoach as kh
from kehoach import Bullet, CriterionSolution, Deadline, Item, Official, Paragraph, Part

ONG, BA = kh.Honorific.ONG, kh.Honorific.BA
DIA_CHINH = "công chức Địa chính - NN - XD - MT"
VAN_HOA = "công chức Văn hóa - Xã hội"
CHINH_TRI_XA_HOI = "các tổ chức chính trị - xã hội"
BAN_PHAT_TRIEN = "Ban phát triển thôn"
QD_1494 = ("Quyết định số 1494/QĐ-UBND ngày 14/9/2022 của UBND tỉnh Lạng Sơn")


def legal_bases() -> list[kh.LegalBasis]:
    return [
        kh.LegalBasis(
            kind="Quyết định", number="318/QĐ-TTg", date=dt.date(2022, 3, 8),
            issuer="Thủ tướng Chính phủ",
            subject="về xây dựng nông thôn mới, nông thôn mới nâng cao giai đoạn 2021 - 2025"),
        kh.LegalBasis(
            kind="Quyết định", number="319/QĐ-TTg", date=dt.date(2022, 3, 8),
            issuer="Thủ tướng Chính phủ",
            subject="về việc quy định xã nông thôn mới kiểu mẫu giai đoạn 2021 - 2025"),
        kh.LegalBasis(
            kind="Quyết định", number="1494/QĐ-UBND", date=dt.date(2022, 9, 14),
            issuer="UBND tỉnh",
            subject="ban hành Bộ tiêu chí xã nông thôn mới, xã nông thôn mới nâng cao, xã nông "
                    "thôn mới kiểu mẫu giai đoạn 2022 - 2025 tỉnh Lạng Sơn"),
        kh.LegalBasis(
            verb="Thực hiện", kind="Kế hoạch", number="103/KH-UBND", date=dt.date(2024, 3, 13),
            issuer="UBND huyện",
            subject="về thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới huyện "
                    "Cao Lộc năm 2024"),
    ]


def purpose_and_requirements() -> Part:
    return Part("Mục đích, yêu cầu", [
        Item(title="Mục đích", children=[Paragraph(
            "Là căn cứ để các cơ quan, đơn vị cấp xã và các thôn xây dựng và tổ chức thực hiện "
            "các nhiệm vụ xây dựng nông thôn mới năm 2024. Tập trung lãnh đạo, chỉ đạo hoàn thành "
            "mục tiêu xây dựng nông thôn mới năm 2024; nâng cao vai trò trách nhiệm của cả hệ "
            "thống chính trị, tạo sự thống nhất trong nhận thức, hành động và sự đồng thuận trong "
            "xã hội; phát huy tính năng động, sáng tạo, chủ động của người dân để thực hiện có "
            "hiệu quả Chương trình MTQG xây dựng nông thôn mới trên địa bàn xã.")]),
        Item(title="Yêu cầu", children=[Paragraph(
            "Các cán bộ, công chức, viên chức các cơ quan, đơn vị, ban phát triển các thôn xác "
            "định xây dựng nông thôn mới là nhiệm vụ trọng tâm, thường xuyên trong kế hoạch phát "
            "triển kinh tế - xã hội năm 2024. Triển khai đồng bộ các giải pháp, huy động mọi nguồn "
            "lực, lồng ghép có hiệu quả các nguồn lực thực hiện xây dựng nông thôn mới trên địa "
            "bàn.")]),
    ])


def content() -> Part:
    general = [
        Bullet("Tiếp tục phấn đấu duy trì, nâng cao chất lượng các tiêu chí đã đạt theo Bộ tiêu "
               "chí nông thôn mới, nông thôn mới nâng cao giai đoạn 2021 - 2025;"),
        Bullet("Tập trung huy động, lồng ghép các nguồn lực, chỉ đạo xây dựng 01 khu dân cư kiểu "
               "mẫu tại xóm Nà Tền (thôn Nà Tền);"),
        Bullet("Nâng cao các tiêu chí xây dựng NTM nâng cao đã đạt, thực hiện xây dựng hoàn thành "
               "Bộ tiêu chí xây dựng xã đạt chuẩn nông thôn mới nâng cao theo Quyết định số "
               "1494/QĐ-UBND ngày 14/9/2022 của UBND tỉnh ban hành Bộ tiêu chí xã nông thôn mới, "
               "xã nông thôn mới nâng cao, xã nông thôn mới kiểu mẫu giai đoạn 2022 - 2025 tỉnh "
               "Lạng Sơn."),
    ]
    specific = [
        Paragraph(
            "Giữ vững và nâng cao các chỉ tiêu, tiêu chí đã đạt 10/19 tiêu chí, tiếp tục thực "
            "hiện các tiêu chí nâng cao xây dựng nông thôn mới nâng cao; xây dựng 01 khu dân cư "
            "nông thôn mới kiểu mẫu tại xóm Nà Tền, thôn Nà Tền. Thực hiện nội dung NTM kiểu mẫu "
            "“4.3 Lĩnh vực văn hóa mang giá trị đặc trưng của địa phương” thuộc Bộ tiêu chí nông "
            f"thôn mới kiểu mẫu quy định tại {QD_1494}:"),
        Bullet("phấn đấu duy trì tiêu chí 17;", lead_in="Tiêu chí số 17 - Môi trường:"),
        Bullet(lead_in="Tiêu chí số 18 - Chất lượng môi trường sống;"),
        Bullet(lead_in="Tiêu chí số 19 - Quốc phòng và an ninh."),
    ]
    return Part("Nội dung", [
        Item(title="Mục tiêu", children=[kh.Objectives(general=general, specific=specific)]),
    ])


def solutions() -> Part:
    regular_2024 = Deadline("thực hiện thường xuyên trong năm 2024")
    criteria = [
        CriterionSolution(
            number=1, name="Quy hoạch",
            actions="tiếp tục phối kết hợp với Công ty cổ phần Tư vấn xây dựng và Quy hoạch đô thị "
                    "và các phòng, ban liên quan hoàn thiện hồ sơ, trình phê duyệt đồ án, quy định "
                    "quản lý quy hoạch chung giai đoạn 2021 - 2030 và xây dựng quy hoạch chi tiết "
                    "khu trung tâm xã đạt chuẩn tiêu chí quy hoạch theo Bộ tiêu chí nông thôn mới "
                    "nâng cao.",
            deadlines=[Deadline("hoàn thành trong Quý II/2024", scope="đối với quy hoạch chung"),
                       Deadline("xã Hải Yến hoàn thành xong trước 30/10/2024",
                                scope="đối với quy hoạch chi tiết")],
            responsible=[Official("CC Địa chính - NN - XD - MT xã Hải Yến", name="Hoàng Văn Vãn",
                            honorific=ONG)],
            coordinator_label="Đơn vị phối hợp",
            coordinators=["Phòng Kinh tế và Hạ tầng", "các phòng, ban, đơn vị có liên quan"]),
        CriterionSolution(
            number=2, name="Giao thông",
            actions="duy trì tỷ lệ đường ô tô đến trung tâm thôn được bê tông đạt 100%. Thực hiện "
                    "tốt công tác duy tu, bảo dưỡng, bảo trì, hoàn thiện hệ thống biển báo, biển chỉ "
                    "dẫn, hệ thống cảnh báo an toàn giao thông, hệ thống chiếu sáng, trồng cây xanh, "
                    "trồng hoa tại các tuyến đường giao thông trục xã, liên xã, liên thôn, xóm và "
                    "ngõ xóm."),
        CriterionSolution(
            number=3, name="Thủy lợi và phòng, chống thiên tai",
            actions="tập trung, phối hợp sửa chữa các công trình thủy lợi nhỏ đảm bảo nước phục vụ "
                    "sản xuất nông nghiệp theo yêu cầu của Bộ tiêu chí nông thôn mới. Thực hiện tốt "
                    "công tác quản lý và bảo vệ công trình, nâng cao tỷ lệ diện tích đất sản xuất "
                    "nông nghiệp được tưới, tiêu nước chủ động. Thường xuyên kiện toàn Ban Chỉ huy "
                    "PCTT&TKCN, huy động nguồn lực, triển khai thực hiện có hiệu quả Kế hoạch "
                    "phòng, chống thiên tai và phương án ứng phó với các loại hình thiên tai thường "
                    "xuyên xảy ra trên địa bàn. Thành lập, kiện toàn các tổ chức thủy lợi cơ sở "
                    "hoạt động hiệu quả, bền vững; kiểm soát các nguồn nước thải xả vào công trình "
                    "thủy lợi; khuyến khích, nhân rộng các mô hình tưới tiên tiến, tiết kiệm nước "
                    "trên địa bàn; tiếp tục duy tu, bảo dưỡng công trình thủy lợi nhỏ, thủy lợi nội "
                    "đồng."),
        CriterionSolution(
            number=4, name="Điện",
            actions="tiếp tục phối hợp Điện lực thành phố Lạng Sơn giải phóng mặt bằng đường điện "
                    "(Công trình tự động hóa mạch vòng lưới điện trung áp khu vực tỉnh Lạng Sơn năm "
                    "2024) xã Hải Yến nhằm hoàn thiện, phát triển đồng bộ hệ thống lưới điện đảm "
                    "bảo phục vụ sản xuất và đời sống của người dân khu vực nông thôn."),
        CriterionSolution(
            number=5, name="Giáo dục",
            actions="tiếp tục củng cố, duy trì tiêu chí trường học theo Bộ tiêu chí nông thôn mới "
                    "nâng cao."),
        CriterionSolution(
            number=6, name="Văn hóa",
            actions="tiếp tục duy trì và nâng cao hiệu quả hoạt động của hệ thống thiết chế văn hóa, "
                    "Nhà văn hóa - Khu thể thao thôn theo Bộ tiêu chí quốc gia về nông thôn mới; "
                    "đổi mới nội dung, phương thức hoạt động, xã hội hóa các hoạt động văn hóa, thể "
                    "thao ở cơ sở, từng bước đáp ứng nhu cầu vui chơi, giải trí của người dân khu "
                    "vực nông thôn."),
        CriterionSolution(
            number=7, name="Cơ sở hạ tầng thương mại nông thôn",
            actions="khuyến khích phát triển các cơ sở bán lẻ như siêu thị mini, cửa hàng tiện lợi, "
                    "cửa hàng kinh doanh tổng hợp theo Bộ tiêu chí quốc gia về nông thôn mới, phù "
                    "hợp điều kiện thực tế và nhu cầu của người dân. Duy trì về cơ sở hạ tầng "
                    "thương mại nông thôn theo Bộ tiêu chí nông thôn mới, về cơ sở hạ tầng thương "
                    "mại nông thôn theo Bộ tiêu chí nông thôn mới nâng cao."),
        CriterionSolution(
            number=8, name="Thông tin và truyền thông",
            actions="tiếp tục quan tâm duy trì hệ thống thông tin và truyền thông cơ sở, nâng cấp "
                    "hệ thống đài truyền thanh xã và hệ thống loa đến các thôn."),
        CriterionSolution(
            number=9, name="Nhà ở dân cư",
            actions="tiếp tục tuyên truyền, vận động Nhân dân cải tạo, nâng cấp, chỉnh trang nhà; "
                    "thực hiện tốt các chính sách, huy động tối đa các nguồn lực hỗ trợ xây mới, "
                    "cải tạo nhà cho các hộ gia đình chính sách, các hộ nghèo, khó khăn đảm bảo "
                    "tiêu chí theo quy định."),
        CriterionSolution(
            number=10, name="Thu nhập",
            actions="tiếp tục chỉ đạo chuyển dịch cơ cấu kinh tế ở khu vực nông thôn phù hợp; ưu "
                    "tiên hỗ trợ phát triển sản xuất theo hướng phát triển cây, con thế mạnh, chủ "
                    "lực gắn với thực hiện Chương trình tái cơ cấu ngành nông nghiệp, Chương trình "
                    "quốc gia mỗi xã một sản phẩm.",
            deadlines=[Deadline("thường xuyên trong năm 2024, xã Hải Yến hoàn thành thu thập số "
                                "liệu, tính toán thu nhập bình quân đầu người/năm của xã năm 2024 "
                                "trong tháng 8/2024")],
            responsible=[Official("CC Văn phòng - TK xã", name="Chu Thị Ngoan", honorific=BA)],
            coordinators=["Các tổ chức chính trị - xã hội xã", "các công chức liên quan",
                          "Ban phát triển thôn"]),
        CriterionSolution(
            number=11, name="Nghèo đa chiều",
            actions="phấn đấu toàn xã giảm tỷ lệ hộ nghèo từ 3% trở lên; củng cố tiêu chí nghèo đa "
                    "chiều theo Bộ tiêu chí nông thôn mới nâng cao.",
            deadlines=[Deadline("thường xuyên trong năm 2024; rà soát, đánh giá hộ nghèo xã Hải "
                                "Yến hoàn thành trong tháng 9/2024")],
            responsible=[Official(VAN_HOA, name="Phạm Thái Dũng", honorific=ONG)],
            coordinators=["Các tổ chức chính trị - xã hội", "Ban giảm nghèo của xã",
                          BAN_PHAT_TRIEN]),
        CriterionSolution(
            number=12, name="Lao động",
            actions="tiếp tục duy trì tiêu chí Lao động theo Bộ tiêu chí nông thôn mới nâng cao.",
            deadlines=[Deadline("thường xuyên trong năm 2024")],
            responsible=[Official("Công chức Văn hóa - Xã hội")],
            coordinators=["Các tổ chức chính trị - xã hội", BAN_PHAT_TRIEN]),
        CriterionSolution(
            number=13, name="Tổ chức sản xuất và phát triển kinh tế nông thôn",
            actions="tiếp tục vận động, củng cố và nâng cao hiệu quả hoạt động của các hợp tác xã "
                    "hoạt động theo Luật Hợp tác xã năm 2012. Đẩy mạnh triển khai tái cơ cấu ngành "
                    "nông nghiệp theo hướng nâng cao giá trị trong sản xuất nông nghiệp, phát triển "
                    "các vùng sản xuất nông nghiệp hàng hóa, cấp mã vùng cho các vùng nguyên liệu "
                    "tập trung.",
            responsible=[Official("Công chức Tài chính - Kế toán")],
            coordinators=["Công chức Địa chính - NN - XD - MT", CHINH_TRI_XA_HOI, BAN_PHAT_TRIEN]),
        CriterionSolution(
            number=14, name="Y tế",
            actions="chỉ đạo thực hiện tuyên truyền, vận động nâng cao tỷ lệ người dân tham gia "
                    "BHYT lên 95% trở lên; thực hiện có hiệu quả đề án xây dựng và phát triển mạng "
                    "lưới y tế cơ sở trong tình hình mới, duy trì đạt Bộ tiêu chí quốc gia về y tế "
                    "xã; triển khai thực hiện quản lý sức khỏe điện tử, khám chữa bệnh từ xa, sổ "
                    "khám chữa bệnh điện tử.",
            deadlines=[regular_2024],
            responsible_label="Đơn vị tham mưu thực hiện",
            responsible=[Official("Trạm Y tế xã")],
            coordinators=["Công chức Văn hóa - Xã hội", CHINH_TRI_XA_HOI, BAN_PHAT_TRIEN]),
        CriterionSolution(
            number=15, name="Hành chính công",
            actions="tiếp tục ứng dụng công nghệ thông tin trong giải quyết thủ tục hành chính, nâng "
                    "cao tỷ lệ hồ sơ thủ tục hành chính giải quyết trực tuyến; thực hiện dịch vụ "
                    "công trực tuyến một phần; công khai các thủ tục hành chính, tiếp nhận, giải "
                    "quyết theo cơ chế một cửa, một cửa liên thông và áp dụng quy trình theo dõi, "
                    "tiếp nhận, xử lý hồ sơ, trả kết quả trên hệ thống thông tin giải quyết thủ tục "
                    "hành chính cấp tỉnh; thực hiện số hóa hồ sơ.",
            deadlines=[regular_2024],
            responsible=[Official("công chức Văn phòng - Thống kê")],
            coordinators=["Công chức Tư pháp - Hộ tịch", VAN_HOA, DIA_CHINH]),
        CriterionSolution(
            number=16, name="Tiếp cận pháp luật",
            actions="duy trì, nâng cao hiệu quả hoạt động của các mô hình về phổ biến, giáo dục "
                    "pháp luật, hòa giải ở cơ sở; tuyên truyền, phổ biến giáo dục nâng cao ý thức "
                    "về pháp luật cho người dân, giảm tỷ lệ mâu thuẫn, tranh chấp, vi phạm, tăng tỷ "
                    "lệ hòa giải thành các vụ việc thuộc phạm vi hòa giải ở cơ sở. Phấn đấu duy trì "
                    "đạt tiêu chí Tiếp cận pháp luật theo Bộ tiêu chí nông thôn mới nâng cao.",
            deadlines=[regular_2024],
            responsible=[Official("Công chức Tư pháp - Hộ tịch")],
            coordinators=["Các tổ chức chính trị - xã hội", "công chức liên quan", BAN_PHAT_TRIEN]),
        CriterionSolution(
            number=17, name="Môi trường",
            actions="tiếp tục triển khai, nâng cao hiệu quả phong trào cán bộ, công chức, viên "
                    "chức, người lao động cơ quan cấp xã, cấp huyện tham gia hỗ trợ thực hiện tiêu "
                    "chí môi trường. Thực hiện tốt công tác tuyên truyền, tích cực tuyên truyền "
                    "Nhân dân làm tốt công tác vệ sinh môi trường, xây dựng cảnh quan môi trường "
                    "xanh, sạch, đẹp; hằng quý cán bộ, công chức xã tổ chức ít nhất 01 ngày tham gia "
                    "hỗ trợ các khu dân cư, hưởng ứng cùng bà con Nhân dân làm vệ sinh môi trường "
                    "(vào ngày nghỉ); thu gom, phân loại, xử lý chất thải sinh hoạt tại nguồn; tăng "
                    "tỷ lệ chất thải hữu cơ, phụ phẩm nông nghiệp được tái sử dụng, tái chế; thu "
                    "gom, xử lý vỏ bao gói thuốc bảo vệ thực vật sau sử dụng, chất thải y tế, chất "
                    "thải nhựa theo quy định.",
            deadlines=[Deadline("thường xuyên trong năm 2024")],
            responsible=[Official("Công chức Địa chính - NN - XD - MT")],
            coordinators=["Các tổ chức chính trị - xã hội", "công chức liên quan", BAN_PHAT_TRIEN]),
        CriterionSolution(
            number=18, name="Chất lượng môi trường sống",
            actions="vận động người dân sử dụng tiết kiệm nước, bảo vệ nguồn nước sinh hoạt, nâng "
                    "cao hiệu quả, tính bền vững của các công trình cấp nước sinh hoạt tập trung; "
                    "giữ gìn vệ sinh môi trường nông thôn; trồng, chăm sóc, bảo vệ cây xanh; nâng "
                    "cao nhận thức của người dân và các cơ sở sản xuất, kinh doanh về bảo vệ môi "
                    "trường, đảm bảo vệ sinh an toàn thực phẩm; cải tạo, sửa chữa, nâng cấp công "
                    "trình phụ trợ, chuồng trại chăn nuôi đạt chuẩn; khuyến khích xã hội hóa đầu "
                    "tư, ứng dụng công nghệ tiên tiến.",
            responsible=[Official("CC Địa chính - NN - XD - MT xã", name="Hoàng Văn Vãn", honorific=ONG)],
            coordinators=["UB MTTQ và Chủ tịch Hội LHPNVN xã", VAN_HOA]),
        CriterionSolution(
            number=19, name="Quốc phòng và an ninh",
            actions="nâng cao chất lượng hoạt động của Ban Chỉ huy quân sự cấp xã và lực lượng dân "
                    "quân; kiện toàn, đào tạo, bồi dưỡng nâng cao trình độ chuyên môn của Chỉ huy "
                    "trưởng, Phó Chỉ huy trưởng Ban CHQS xã đạt chuẩn theo quy định; bồi dưỡng, "
                    "phát triển đảng viên trong lực lượng dân quân cấp xã; làm tốt công tác quản "
                    "lý dự bị động viên, tuyển sinh, tuyển quân, thực hiện chế độ chính sách dân "
                    "quân tự vệ. Đẩy mạnh thực hiện phong trào “Toàn dân bảo vệ an ninh Tổ quốc”, "
                    "thành lập, kiện toàn, tổ chức hoạt động cho các mô hình về phòng, chống tội "
                    "phạm, tệ nạn xã hội; bảo đảm trật tự an toàn giao thông, phòng cháy, chữa cháy "
                    "và cứu nạn, cứu hộ, mô hình sử dụng camera phục vụ công tác đảm bảo an ninh, "
                    "trật tự.",
            responsible=[Official("CC Chỉ huy trưởng quân sự", name="Lộc Văn Tít", honorific=ONG),
                   Official("Trưởng Công an xã", name="Phùng Mạnh Thu", honorific=ONG)],
            coordinators=["Ban CHQS xã", "Ban Công an xã"]),
    ]
    return Part("Giải pháp thực hiện", criteria)


def model_residential_area() -> Part:
    return Part("Xây dựng khu dân cư kiểu mẫu, lựa chọn một nội dung nông thôn mới kiểu mẫu", [
        Paragraph(
            "Ban quản lý nông thôn mới lựa chọn thực hiện xây dựng “Khu dân cư nông thôn mới kiểu "
            "mẫu năm 2024” tại khu dân cư xóm Nà Tền, thôn Nà Tền theo phương châm lấy xây dựng "
            "cảnh quan môi trường nông thôn gắn với phát triển kinh tế nâng cao thu nhập cho người "
            "dân làm nền tảng nhằm hình thành khu dân cư nổi bật về kinh tế, cảnh quan môi trường. "
            "Thực hiện nội dung NTM kiểu mẫu “4.3 Lĩnh vực văn hóa mang giá trị đặc trưng của địa "
            f"phương” thuộc Bộ tiêu chí nông thôn mới kiểu mẫu quy định tại {QD_1494}."),
    ])


def build_plan() -> kh.NewRuralPlan:
    """The whole Hải Yến 2024 plan; its criteria are those of the advanced 2021–2025 set."""
    return kh.NewRuralPlan(
        criteria_set="ntm-nang-cao-2021-2025",
        issuer=kh.Issuer(name=["Ủy ban nhân dân", "xã Hải Yến"], place="Hải Yến", code="UBND"),
        number=kh.DocumentNumber(None, "KH", ["UBND"]),  # a draft: numbered when signed
        date=kh.IssueDate(2024),  # a draft: day and month written when signed
        title="Thực hiện Chương trình mục tiêu quốc gia xây dựng nông thôn mới nâng cao, nông "
              "thôn mới kiểu mẫu xã Hải Yến năm 2024",
        legal_bases=legal_bases(),
        opening="Để tiếp tục thực hiện các tiêu chí xây dựng NTM và thực hiện nâng cao các tiêu "
                "chí xây dựng NTM nâng cao theo Bộ tiêu chí xây dựng xã đạt chuẩn nông thôn mới "
                "nâng cao giai đoạn 2021 - 2025, nông thôn mới kiểu mẫu trên địa bàn xã, Ủy ban "
                "nhân dân xã Hải Yến xây dựng Kế hoạch triển khai thực hiện Chương trình mục tiêu "
                "quốc gia xây dựng nông thôn mới năm 2024 với các nội dung như sau:",
        parts=[purpose_and_requirements(), content(), solutions(), model_residential_area()],
        closing="Căn cứ nội dung Kế hoạch này, các ban, ngành, đoàn thể, các đơn vị liên quan, "
                "các thôn chủ động xây dựng kế hoạch cụ thể để triển khai thực hiện có hiệu quả "
                "Chương trình MTQG xây dựng nông thôn mới nâng cao, nông thôn mới kiểu mẫu năm "
                "2024 theo chức năng, nhiệm vụ được phân công.",
        signer=kh.Signer(name="Hứa Xuân Dương", title="Chủ tịch",
                         authorities=[kh.Authority("TM", "Ủy ban nhân dân")]),
        recipients=[kh.Recipient(r) for r in (
            "BCĐ XD NTM huyện", "VP ĐP XDNTM huyện", "TT Đảng ủy, HĐND xã", "CT, PCT UBND xã",
            "Thành viên BCĐ, BQL xã", "Ban phát triển các thôn")],
        archive=kh.Archive(["VP"]),
    )


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description="Write the Hải Yến 2024 plan as a .docx.")
    parser.add_argument("-o", "--output", type=Path, default=Path("hai_yen_2024.docx"),
                        help="where to write it (default: ./hai_yen_2024.docx)")
    args = parser.parse_args(argv)
    path = kh.save(build_plan(), args.output)
    print(path)
    return path


if __name__ == "__main__":
    main()
