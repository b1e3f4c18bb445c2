"""Demo text of the catalogue: the programmes of plan 175/KH-UBND and the STEM courses.

Kept apart from ``courses/demo.py`` (which builds pages from it) so the
text reads as a document. Real Vietnamese, as a programme manager would write it.
"""

PROGRAMMES = [
    {
        "code": "1.1",
        "art": "incubation",
        "title": "Đào tạo nghiệp vụ ươm tạo công nghệ và tư vấn khởi nghiệp",
        "summary": "Đào tạo có cấp chứng chỉ của đơn vị được công nhận về ươm tạo công nghệ, tư vấn khởi nghiệp.",
        "audience": "Cán bộ quản lý, giảng viên các trường đại học, cao đẳng; doanh nghiệp khoa học và công nghệ",
        "period": "2019",
        "targets": [("Số lớp", 2, "classes"), ("Học viên/lớp", 25, "learners_per_class")],
    },
    {
        "code": "1.2",
        "art": "startup-skills",
        "title": "Tập huấn chuyên đề kỹ năng khởi nghiệp",
        "summary": "Tư duy khởi nghiệp, xây dựng thương hiệu, gọi vốn, tài chính bền vững, định giá công nghệ "
        "và sở hữu trí tuệ.",
        "audience": "Cá nhân, nhóm khởi nghiệp, doanh nghiệp nhỏ và vừa, người dân có ý tưởng khởi nghiệp",
        "period": "2019",
        "targets": [("Số chuyên đề", 10, "topics"), ("Lượt tham gia", 300, "participations")],
    },
    {
        "code": "1.3",
        "art": "advisers",
        "title": "Xây dựng và đào tạo nhóm tư vấn khởi nghiệp",
        "summary": "Hình thành nhóm chuyên gia tư vấn khởi nghiệp từ cán bộ các sở, ngành, hiệp hội.",
        "audience": "Cán bộ các sở, ngành, hội, hiệp hội",
        "period": "2019",
        "targets": [("Số nhóm tư vấn", 1, "other")],
    },
    {
        "code": "1.4",
        "art": "media",
        "title": "Truyền thông về khởi nghiệp đổi mới sáng tạo",
        "summary": "Phóng sự truyền hình, kênh mạng xã hội và tin bài báo chí giới thiệu mô hình, gương khởi nghiệp "
        "đổi mới sáng tạo của tỉnh.",
        "audience": "Cộng đồng khởi nghiệp, học sinh, sinh viên và người dân trong tỉnh",
        "period": "2019",
        "targets": [
            ("Số phóng sự truyền hình", 10, "television_episodes"),
            ("Kênh mạng xã hội", 1, "social_channels"),
            ("Số tin bài báo chí", 20, "articles"),
        ],
    },
    {
        "code": "1.5",
        "art": "startup-day",
        "title": "Ngày hội khởi nghiệp đổi mới sáng tạo",
        "summary": "Triển lãm sản phẩm và cuộc thi dự án khởi nghiệp đổi mới sáng tạo.",
        "audience": "Dự án, doanh nghiệp khởi nghiệp, cá nhân đổi mới sáng tạo trong cộng đồng",
        "period": "2019",
        "targets": [("Số sự kiện", 1, "events")],
    },
    {
        "code": "2.1",
        "art": "workshop",
        "title": "Hội thảo khoa học công nghệ và đổi mới sáng tạo trong giáo dục",
        "summary": "Hội thảo chia sẻ kinh nghiệm ứng dụng khoa học công nghệ và đổi mới sáng tạo trong nhà trường.",
        "audience": "Cán bộ quản lý giáo dục, giáo viên",
        "period": "2019",
        "targets": [("Số hội thảo", 1, "events")],
    },
    {
        "code": "2.2",
        "art": "startup",
        "title": "Kiến thức khởi nghiệp cho giáo viên tư vấn hướng nghiệp",
        "summary": "Trang bị kiến thức khởi nghiệp cho giáo viên tư vấn hướng nghiệp ở trường trung học phổ thông, "
        "trung tâm giáo dục nghề nghiệp – giáo dục thường xuyên.",
        "audience": "Giáo viên tư vấn hướng nghiệp",
        "period": "2019–2020",
        "targets": [("Số lớp", 2, "classes"), ("Học viên/lớp", 25, "learners_per_class")],
    },
    {
        "code": "2.3",
        "art": "volcano",
        "title": "Trải nghiệm STEM mùa hè cho thiếu nhi",
        "summary": "Khoa học lý thú, robotics, STEM và nghệ thuật cho các em từ 8 đến 15 tuổi.",
        "audience": "Thiếu nhi từ 8 đến 15 tuổi",
        "period": "Hè 2019",
        "targets": [("Lượt tham gia", 300, "participations")],
    },
    {
        "code": "2.4",
        "art": "stem-ideas",
        "title": "Bồi dưỡng giáo viên về giáo dục STEM",
        "summary": "Nhánh cơ bản cho mọi giáo viên và nhánh nâng cao cho giáo viên Toán, Vật lý, Hóa học, Sinh học "
        "trung học cơ sở.",
        "audience": "Giáo viên tiểu học và trung học",
        "period": "2019",
        "targets": [("Số lớp", 4, "classes"), ("Học viên/lớp", 25, "learners_per_class")],
    },
    {
        "code": "2.5",
        "art": "robot",
        "title": "Thí điểm “sân chơi công nghệ”: robotics STEM cho thiếu nhi",
        "summary": "Sân chơi lắp ráp, lập trình robot cho thiếu nhi; thí điểm rồi đánh giá để nhân rộng.",
        "audience": "Thiếu nhi từ 8 đến 15 tuổi",
        "period": "2019",
        "targets": [("Số sân chơi thí điểm", 1, "events"), ("Báo cáo đánh giá thí điểm", 1, "other")],
    },
    {
        "code": "2.6",
        "art": "laser-keychain",
        "title": "Thí điểm sinh hoạt ngoại khóa sáng tạo tại Fablab và trường đại học",
        "summary": "Học sinh trung học cơ sở sinh hoạt sáng tạo tại các Fablab và phòng thí nghiệm "
        "của trường đại học.",
        "audience": "Học sinh, giáo viên trung học cơ sở; giảng viên",
        "period": "2019",
        "targets": [("Số buổi sinh hoạt thí điểm", 4, "events"), ("Báo cáo đánh giá thí điểm", 1, "other")],
    },
]
OWNER_UNIT = "Sở Khoa học và Công nghệ"
PARTNERS = {
    "2.": "Sở Giáo dục và Đào tạo\nTrường Đại học Thủ Dầu Một",
    "1.": "Trường Đại học Thủ Dầu Một\nHiệp hội Doanh nghiệp tỉnh",
}

TRAINERS = [
    (
        "TS.",
        "Nguyễn Văn Hùng",
        "Giảng viên Khoa Sư phạm",
        "Trường Đại học Thủ Dầu Một",
        "Nghiên cứu phương pháp dạy học tích hợp và giáo dục STEM; đã bồi dưỡng hơn 1.000 giáo viên phổ thông.",
    ),
    (
        "ThS.",
        "Trần Thị Mai",
        "Chuyên viên Phòng Giáo dục Trung học",
        "Sở Giáo dục và Đào tạo",
        "Phụ trách triển khai giáo dục STEM theo Công văn 3089/BGDĐT-GDTrH ở các trường trung học.",
    ),
    (
        "ThS.",
        "Đặng Quốc Việt",
        "Quản lý Fablab",
        "Trung tâm Ứng dụng tiến bộ khoa học và công nghệ",
        "Hướng dẫn học sinh chế tạo mẫu bằng máy in 3D, máy cắt laser và vi điều khiển.",
    ),
]


def p(*paragraphs: str) -> str:
    return "".join(f"<p>{text}</p>" for text in paragraphs)


def text(html: str) -> dict:
    return {"type": "paragraph", "value": html}


def callout(kind: str, html: str, title: str = "") -> dict:
    return {"type": "callout", "value": {"kind": kind, "title": title, "text": html}}


# Course slug → (programme code, course fields, lessons). A lesson is (title, minutes,
# free preview, summary, body blocks, module title or None).
COURSES = [
    {
        "programme": "2.4",
        "slug": "y-nghia-giao-duc-stem",
        "title": "Ý nghĩa của giáo dục STEM",
        "summary": "Nhánh cơ bản, học phần 1: giáo dục STEM là gì, vì sao cần, và tổ chức trong nhà trường ra sao.",
        "audience": "Mọi giáo viên tiểu học, trung học cơ sở và trung học phổ thông.",
        "levels": ["tieu_hoc", "thcs", "thpt"],
        "hours": 8,
        "subjects": ["Toán", "Vật lý", "Hóa học", "Sinh học", "Công nghệ", "Tin học"],
        "topics": ["Giáo dục STEM", "Nhánh cơ bản"],
        "objectives": "<ul><li>Trình bày được khái niệm và đặc điểm của giáo dục STEM.</li>"
        "<li>Giải thích được ý nghĩa của giáo dục STEM đối với học sinh, giáo viên và nhà trường.</li>"
        "<li>Phân biệt được ba hình thức tổ chức giáo dục STEM theo Công văn 3089/BGDĐT-GDTrH.</li></ul>",
        "art": "stem-ideas",
        "lessons": [
            (
                "Giáo dục STEM là gì?",
                20,
                True,
                "Khái niệm, đặc điểm và căn cứ pháp lý của giáo dục STEM ở Việt Nam.",
                [
                    text(
                        "<h2>STEM và giáo dục STEM</h2>"
                        + p(
                            "STEM là viết tắt của bốn lĩnh vực: Khoa học (Science), Công nghệ (Technology), "
                            "Kỹ thuật (Engineering) và Toán học (Mathematics). Giáo dục STEM là cách tiếp cận "
                            "liên môn, trong đó học sinh vận dụng kiến thức của các lĩnh vực này để giải quyết "
                            "một vấn đề thực tiễn và tạo ra sản phẩm cụ thể.",
                            "Điểm khác biệt của bài học STEM không nằm ở thiết bị hiện đại mà ở cách học: học sinh "
                            "đặt câu hỏi, tìm hiểu kiến thức nền, đề xuất và thử nghiệm giải pháp, rồi cải tiến "
                            "sản phẩm sau mỗi lần thử.",
                        )
                    ),
                    text(
                        "<h2>Căn cứ triển khai</h2><ul>"
                        "<li>Chỉ thị 16/CT-TTg năm 2017 yêu cầu thúc đẩy giáo dục STEM trong chương trình "
                        "phổ thông.</li>"
                        "<li>Chương trình giáo dục phổ thông 2018 coi giáo dục STEM là một cách thực hiện mục tiêu "
                        "phát triển phẩm chất và năng lực.</li>"
                        "<li>Công văn 3089/BGDĐT-GDTrH năm 2020 hướng dẫn triển khai giáo dục STEM trong giáo dục "
                        "trung học.</li></ul>"
                    ),
                    callout(
                        "note",
                        p("STEM không phải một môn học mới: đó là cách tổ chức dạy học trong các môn đã có."),
                        "Ghi nhớ",
                    ),
                ],
                None,
            ),
            (
                "Vì sao giáo dục STEM quan trọng?",
                25,
                False,
                "Ý nghĩa của giáo dục STEM đối với học sinh, giáo viên và nhà trường.",
                [
                    text(
                        p(
                            "Với học sinh, bài học STEM phát triển năng lực giải quyết vấn đề, tư duy sáng tạo, "
                            "hợp tác và giao tiếp. Các em thấy kiến thức trên lớp dùng được vào đời sống, từ đó "
                            "hứng thú hơn với các môn khoa học và định hướng nghề nghiệp rõ ràng hơn.",
                            "Với giáo viên, giáo dục STEM là dịp phối hợp với đồng nghiệp các môn khác, đổi mới "
                            "phương pháp và cách đánh giá: đánh giá cả quá trình chứ không chỉ bài kiểm tra.",
                            "Với nhà trường, hoạt động STEM gắn kết nhà trường với gia đình, doanh nghiệp và "
                            "các cơ sở nghiên cứu trong địa phương.",
                        )
                    ),
                ],
                None,
            ),
            (
                "Ba hình thức tổ chức giáo dục STEM",
                30,
                False,
                "Bài học STEM trong môn học, hoạt động trải nghiệm STEM và nghiên cứu khoa học kỹ thuật.",
                [
                    text(
                        "<ol><li><b>Dạy học các môn khoa học theo bài học STEM</b>: hình thức chủ yếu, thực hiện "
                        "trong thời lượng của môn học.</li><li><b>Hoạt động trải nghiệm STEM</b>: câu lạc bộ, "
                        "ngày hội STEM, tham quan cơ sở sản xuất.</li><li><b>Nghiên cứu khoa học kỹ thuật</b>: "
                        "dành cho học sinh có năng lực và hứng thú, hướng tới cuộc thi khoa học kỹ thuật.</li></ol>"
                    ),
                ],
                None,
            ),
        ],
    },
    {
        "programme": "2.4",
        "slug": "xay-dung-giao-an-stem",
        "title": "Xây dựng giáo án STEM",
        "summary": "Nhánh cơ bản, học phần 2: quy trình bốn bước và tiến trình năm hoạt động của một bài học STEM.",
        "audience": "Mọi giáo viên đã học “Ý nghĩa của giáo dục STEM”.",
        "levels": ["tieu_hoc", "thcs", "thpt"],
        "hours": 12,
        "subjects": ["Toán", "Vật lý", "Công nghệ"],
        "topics": ["Giáo án STEM", "Nhánh cơ bản"],
        "prerequisite": "y-nghia-giao-duc-stem",
        "objectives": "<ul><li>Lựa chọn được chủ đề và vấn đề cần giải quyết phù hợp với chương trình.</li>"
        "<li>Xây dựng được tiêu chí của sản phẩm.</li><li>Thiết kế được tiến trình dạy học gồm năm "
        "hoạt động.</li></ul>",
        "art": "lesson-plan",
        "lessons": [
            (
                "Quy trình bốn bước xây dựng bài học STEM",
                30,
                True,
                "Chọn chủ đề, xác định vấn đề, xây dựng tiêu chí sản phẩm, thiết kế tiến trình dạy học.",
                [
                    text(
                        "<ol><li><b>Lựa chọn chủ đề</b>: căn cứ nội dung chương trình các môn và hiện tượng, "
                        "sản phẩm trong thực tiễn.</li><li><b>Xác định vấn đề cần giải quyết</b>: một nhiệm vụ "
                        "học sinh phải thực hiện, đòi hỏi kiến thức mới.</li><li><b>Xây dựng tiêu chí của "
                        "sản phẩm</b>: các tiêu chí đo được, làm căn cứ để học sinh thiết kế và để đánh giá."
                        "</li><li><b>Thiết kế tiến trình dạy học</b>: năm hoạt động, từ xác định vấn đề đến "
                        "chia sẻ và điều chỉnh.</li></ol>"
                    ),
                    callout("warning", p("Tiêu chí sản phẩm phải đo được: “bay xa ít nhất 20 m” thay vì “bay xa”.")),
                ],
                None,
            ),
            (
                "Năm hoạt động của bài học STEM",
                40,
                False,
                "Tiến trình dạy học theo Công văn 3089/BGDĐT-GDTrH.",
                [
                    text(
                        "<ol><li>Xác định vấn đề.</li><li>Nghiên cứu kiến thức nền và đề xuất giải pháp.</li>"
                        "<li>Lựa chọn giải pháp.</li><li>Chế tạo mẫu, thử nghiệm và đánh giá.</li>"
                        "<li>Chia sẻ, thảo luận, điều chỉnh.</li></ol>"
                    ),
                    {
                        "type": "stem_activity",
                        "value": {
                            "title": "Thử thiết kế hoạt động 1 cho chủ đề “Tên lửa nước”",
                            "objective": "Học sinh nêu được vấn đề: chế tạo tên lửa nước bay xa nhất với vật "
                            "liệu cho trước.",
                            "materials": ["Video phóng tên lửa nước", "Phiếu học tập số 1"],
                            "steps": [
                                "Chiếu video, đặt câu hỏi: vì sao tên lửa bay lên được?",
                                "Giao nhiệm vụ và tiêu chí sản phẩm cho các nhóm.",
                                "Các nhóm ghi câu hỏi cần tìm hiểu vào phiếu học tập.",
                            ],
                            "expected_product": "Phiếu học tập ghi rõ nhiệm vụ, tiêu chí và các câu hỏi.",
                        },
                    },
                ],
                None,
            ),
            (
                "Ví dụ: bài học “Tên lửa nước”",
                35,
                False,
                "Kiến thức nền Vật lý và Toán học của một giáo án STEM mẫu.",
                [
                    text(
                        p(
                            "Tên lửa nước chuyển động nhờ phản lực: nước bị đẩy ra phía sau, tên lửa bị đẩy "
                            "về phía trước. Tầm xa phụ thuộc vào góc phóng và vận tốc ban đầu."
                        )
                    ),
                    {
                        "type": "equation",
                        "value": {
                            "text": "L = v₀² · sin(2α) / g",
                            "image": None,
                            "caption": "Tầm xa khi bỏ qua sức cản không khí",
                        },
                    },
                    callout("safety", p("Chỉ bơm áp suất dưới 4 bar; không ai đứng trước bệ phóng.")),
                ],
                None,
            ),
        ],
    },
    {
        "programme": "2.4",
        "slug": "danh-gia-giao-an-stem",
        "title": "Đánh giá giáo án STEM",
        "summary": "Nhánh cơ bản, học phần 3: tiêu chí và phiếu đánh giá một giáo án STEM.",
        "audience": "Mọi giáo viên; tổ trưởng chuyên môn.",
        "levels": ["tieu_hoc", "thcs", "thpt"],
        "hours": 8,
        "subjects": ["Toán", "Vật lý", "Hóa học", "Sinh học"],
        "topics": ["Giáo án STEM", "Đánh giá", "Nhánh cơ bản"],
        "prerequisite": "xay-dung-giao-an-stem",
        "objectives": "<ul><li>Đánh giá được một giáo án STEM theo bộ tiêu chí.</li><li>Góp ý được để "
        "đồng nghiệp hoàn thiện giáo án.</li></ul>",
        "art": "rubric",
        "lessons": [
            (
                "Tiêu chí đánh giá một giáo án STEM",
                30,
                True,
                "Sáu tiêu chí người chấm dùng để đánh giá giáo án.",
                [
                    text(
                        "<ol><li>Vấn đề xuất phát từ thực tiễn, phù hợp lứa tuổi.</li><li>Kiến thức nền "
                        "thuộc chương trình các môn, tích hợp rõ ràng.</li><li>Tiêu chí sản phẩm cụ thể, đo "
                        "được.</li><li>Đủ năm hoạt động, mỗi hoạt động có mục tiêu, nội dung, sản phẩm và "
                        "cách tổ chức.</li><li>Học sinh là người thực hiện; giáo viên tổ chức, hướng dẫn."
                        "</li><li>Vật liệu an toàn, chi phí hợp lý.</li></ol>"
                    ),
                ],
                None,
            ),
            (
                "Góp ý và hoàn thiện giáo án",
                30,
                False,
                "Viết nhận xét để đồng nghiệp sửa được giáo án.",
                [
                    text(
                        p(
                            "Nhận xét tốt chỉ ra cụ thể tiêu chí nào chưa đạt, vì sao, và gợi ý cách sửa. "
                            "Tránh nhận xét chung chung như “cần cố gắng thêm”."
                        )
                    )
                ],
                None,
            ),
        ],
    },
    {
        "programme": "2.4",
        "slug": "day-hoc-tich-hop-stem-thcs",
        "title": "Dạy học tích hợp STEM cho giáo viên Toán, Vật lý, Hóa học, Sinh học THCS",
        "summary": "Nhánh nâng cao: tổng quan STEM, dạy học tích hợp, kỹ năng bổ trợ và thiết kế đề cương "
        "chủ đề STEM tích hợp.",
        "audience": "Giáo viên Toán, Vật lý, Hóa học, Sinh học trung học cơ sở.",
        "levels": ["thcs"],
        "hours": 24,
        "subjects": ["Toán", "Vật lý", "Hóa học", "Sinh học"],
        "topics": ["Dạy học tích hợp", "Nhánh nâng cao"],
        "prerequisite": "danh-gia-giao-an-stem",
        "objectives": "<ul><li>Thiết kế được đề cương một chủ đề STEM tích hợp liên môn.</li><li>Tổ chức "
        "được hoạt động nhóm an toàn trong phòng thí nghiệm.</li></ul>",
        "art": "integrated",
        "lessons": [
            (
                "Tổng quan về giáo dục STEM ở trường THCS",
                30,
                True,
                "Thực trạng và định hướng giáo dục STEM ở cấp trung học cơ sở.",
                [
                    text(
                        p(
                            "Môn Khoa học tự nhiên ở cấp THCS đã tích hợp Vật lý, Hóa học, Sinh học; đây là điều "
                            "kiện thuận lợi để xây dựng các chủ đề STEM liên môn."
                        )
                    )
                ],
                "Phần 1: Tổng quan",
            ),
            (
                "Dạy học tích hợp liên môn",
                45,
                False,
                "Các mức độ tích hợp và cách phối hợp giữa các môn.",
                [
                    text(
                        p(
                            "Có ba mức độ: lồng ghép, tích hợp liên môn và tích hợp xuyên môn. Chủ đề STEM thường "
                            "ở mức liên môn: một vấn đề cần kiến thức của hai môn trở lên."
                        )
                    )
                ],
                "Phần 2: Dạy học tích hợp",
            ),
            (
                "Kỹ năng bổ trợ: làm việc nhóm và an toàn phòng thí nghiệm",
                40,
                False,
                "Chia nhóm, giao vai trò, quy tắc an toàn.",
                [callout("safety", p("Hóa chất phải có nhãn; học sinh đeo kính và găng tay khi làm thí nghiệm."))],
                "Phần 2: Dạy học tích hợp",
            ),
            (
                "Thiết kế đề cương chủ đề STEM tích hợp",
                60,
                False,
                "Từ ý tưởng đến đề cương hoàn chỉnh.",
                [
                    text(
                        p(
                            "Đề cương gồm: tên chủ đề, vấn đề, kiến thức nền theo từng môn, tiêu chí sản phẩm, "
                            "tiến trình năm hoạt động và phương án đánh giá."
                        )
                    )
                ],
                "Phần 2: Dạy học tích hợp",
            ),
        ],
    },
    {
        "programme": "2.2",
        "slug": "khoi-nghiep-cho-giao-vien-huong-nghiep",
        "title": "Khởi nghiệp đổi mới sáng tạo cho giáo viên tư vấn hướng nghiệp",
        "summary": "Kiến thức khởi nghiệp để tư vấn hướng nghiệp cho học sinh trung học phổ thông và học viên "
        "giáo dục thường xuyên.",
        "audience": "Giáo viên tư vấn hướng nghiệp ở trường THPT và trung tâm GDNN–GDTX.",
        "levels": ["thpt", "gdnn_gdtx"],
        "hours": 16,
        "subjects": ["Hoạt động trải nghiệm, hướng nghiệp"],
        "topics": ["Khởi nghiệp", "Hướng nghiệp"],
        "objectives": "<ul><li>Giải thích được khởi nghiệp đổi mới sáng tạo là gì.</li><li>Lồng ghép được "
        "tư duy khởi nghiệp vào hoạt động hướng nghiệp.</li></ul>",
        "art": "startup",
        "lessons": [
            (
                "Khởi nghiệp đổi mới sáng tạo là gì?",
                25,
                True,
                "Phân biệt khởi nghiệp đổi mới sáng tạo với kinh doanh truyền thống.",
                [
                    text(
                        p(
                            "Khởi nghiệp đổi mới sáng tạo là thành lập doanh nghiệp dựa trên công nghệ hoặc mô hình "
                            "kinh doanh mới, có khả năng tăng trưởng nhanh."
                        )
                    )
                ],
                None,
            ),
            (
                "Tư duy khởi nghiệp trong hướng nghiệp",
                30,
                False,
                "Giúp học sinh nhìn nghề nghiệp như một vấn đề cần giải quyết.",
                [
                    text(
                        p(
                            "Giáo viên hướng dẫn học sinh tìm hiểu nhu cầu của cộng đồng, thử nghiệm ý tưởng nhỏ và "
                            "học từ thất bại."
                        )
                    )
                ],
                None,
            ),
            (
                "Hệ sinh thái khởi nghiệp của địa phương",
                30,
                False,
                "Vườn ươm, quỹ, cuộc thi, cơ sở hỗ trợ.",
                [
                    text(
                        p(
                            "Học sinh có thể tham gia ngày hội khởi nghiệp, cuộc thi ý tưởng và tham quan vườn ươm "
                            "doanh nghiệp của trường đại học."
                        )
                    )
                ],
                None,
            ),
        ],
    },
]
