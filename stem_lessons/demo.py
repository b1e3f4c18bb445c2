"""Demo lesson-plan library: three model STEM lesson plans in five activities. Rerunnable."""

from wagtail.models import Site

from courses.demo import add, child
from lms.demo import demo_cover, refresh_cover

from .models import StemLessonIndexPage, StemLessonPage


def activity(stage, duration, objective, content, product, organisation):
    return {
        "type": "activity",
        "value": {
            "stage": stage,
            "duration": duration,
            "objective": objective,
            "content": f"<p>{content}</p>",
            "expected_product": product,
            "organisation": f"<p>{organisation}</p>",
        },
    }


def material(item, quantity, cost):
    return {"type": "material", "value": {"item": item, "quantity": quantity, "cost": cost}}


PLANS = [
    {
        "slug": "ten-lua-nuoc",
        "title": "Giáo án STEM: Tên lửa nước",
        "summary": "Học sinh thiết kế, chế tạo và phóng tên lửa nước từ chai nhựa, vận dụng định luật III Newton "
        "và kiến thức về chuyển động ném xiên.",
        "grade": 8,
        "periods": 4,
        "subjects": ["Vật lý", "Toán", "Công nghệ"],
        "topics": ["Năng lượng", "Chuyển động"],
        "author": "Nguyễn Thị Hồng Nhung",
        "school": "Trường THCS Chu Văn An",
        "problem": "<p>Chế tạo một tên lửa nước từ chai nhựa đã qua sử dụng, phóng được xa nhất có thể và rơi "
        "đúng vùng mục tiêu.</p>",
        "criteria": "<ul><li>Bay xa tối thiểu 20 m.</li><li>Bay ổn định, không lộn vòng.</li><li>Dùng tối đa "
        "hai chai nhựa, chi phí dưới 50.000 đồng.</li></ul>",
        "art": "water-rocket",
        "activities": [
            activity(
                "1",
                "20 phút",
                "Học sinh nêu được nhiệm vụ và tiêu chí của tên lửa nước.",
                "Giáo viên chiếu video phóng tên lửa nước, đặt câu hỏi vì sao tên lửa bay được.",
                "Phiếu học tập ghi nhiệm vụ và tiêu chí.",
                "Cả lớp; sau đó chia nhóm 4–5 học sinh.",
            ),
            activity(
                "2",
                "45 phút",
                "Tìm hiểu phản lực, áp suất, chuyển động ném xiên; đề xuất bản thiết kế.",
                "Học sinh đọc tài liệu về định luật III Newton và tầm xa của vật ném xiên.",
                "Bản vẽ thiết kế có kích thước và giải thích.",
                "Nhóm tự nghiên cứu ở nhà và trên lớp.",
            ),
            activity(
                "3",
                "20 phút",
                "Chọn thiết kế tốt nhất của nhóm.",
                "Các nhóm trình bày bản vẽ, giáo viên và các nhóm khác đặt câu hỏi phản biện.",
                "Bản thiết kế đã chỉnh sửa.",
                "Trình bày 3 phút mỗi nhóm.",
            ),
            activity(
                "4",
                "45 phút",
                "Chế tạo và thử nghiệm tên lửa.",
                "Các nhóm chế tạo tên lửa, phóng thử ở sân trường, đo tầm xa và ghi kết quả.",
                "Tên lửa nước và bảng kết quả thử nghiệm.",
                "Làm việc nhóm dưới sự giám sát của giáo viên.",
            ),
            activity(
                "5",
                "20 phút",
                "Chia sẻ kết quả và rút kinh nghiệm.",
                "Các nhóm báo cáo, so sánh với tiêu chí, đề xuất cải tiến.",
                "Bài trình bày và phương án cải tiến.",
                "Cả lớp thảo luận.",
            ),
        ],
        "materials": [
            material("Chai nhựa 1,5 lít", "2 chai", 0),
            material("Bìa cứng làm cánh", "1 tờ", 5000),
            material("Băng keo, keo nến", "1 bộ", 20000),
            material("Bơm xe đạp có đồng hồ", "1 chiếc/lớp", 0),
        ],
        "safety": "<p>Chỉ bơm áp suất dưới 4 bar. Không ai đứng trước bệ phóng. Phóng ở sân rộng, xa cửa kính.</p>",
    },
    {
        "slug": "he-thong-loc-nuoc",
        "title": "Giáo án STEM: Hệ thống lọc nước đơn giản",
        "summary": "Học sinh thiết kế bộ lọc nước từ sỏi, cát, than hoạt tính để làm trong nước đục, vận dụng "
        "kiến thức về hỗn hợp và tách chất.",
        "grade": 6,
        "periods": 3,
        "subjects": ["Hóa học", "Sinh học", "Công nghệ"],
        "topics": ["Môi trường", "Nước sạch"],
        "author": "Trần Văn Đức",
        "school": "Trường THCS Nguyễn Du",
        "problem": "<p>Nhiều gia đình ở vùng ven sông dùng nước giếng bị đục. Hãy thiết kế một bộ lọc đơn giản "
        "làm trong 1 lít nước đục trong 10 phút.</p>",
        "criteria": "<ul><li>Nước sau lọc trong, không còn cặn nhìn thấy.</li><li>Lọc 1 lít trong tối đa 10 "
        "phút.</li><li>Vật liệu dễ kiếm, chi phí dưới 40.000 đồng.</li></ul>",
        "art": "water-filter",
        "activities": [
            activity(
                "1",
                "15 phút",
                "Nêu được nhu cầu nước sạch và nhiệm vụ thiết kế bộ lọc.",
                "Giáo viên cho xem hai cốc nước trong và đục, học sinh thảo luận nguyên nhân.",
                "Nhiệm vụ và tiêu chí ghi trong vở.",
                "Cả lớp.",
            ),
            activity(
                "2",
                "30 phút",
                "Tìm hiểu hỗn hợp, huyền phù, các phương pháp tách chất.",
                "Học sinh tìm hiểu vai trò của sỏi, cát, than hoạt tính trong bộ lọc.",
                "Sơ đồ bộ lọc có chú thích các lớp vật liệu.",
                "Nhóm 4 học sinh.",
            ),
            activity(
                "3",
                "15 phút",
                "Chọn thứ tự và độ dày các lớp vật liệu.",
                "Các nhóm so sánh phương án, chọn phương án phù hợp tiêu chí.",
                "Bản thiết kế cuối cùng.",
                "Nhóm thảo luận, giáo viên góp ý.",
            ),
            activity(
                "4",
                "45 phút",
                "Chế tạo và thử bộ lọc.",
                "Các nhóm lắp bộ lọc trong chai nhựa cắt đôi, lọc nước đục và bấm giờ.",
                "Bộ lọc và mẫu nước sau lọc.",
                "Làm việc nhóm.",
            ),
            activity(
                "5",
                "20 phút",
                "Đánh giá và cải tiến.",
                "Các nhóm so sánh độ trong của nước, thảo luận vì sao nước trong chưa chắc đã uống được.",
                "Bảng so sánh và đề xuất cải tiến.",
                "Cả lớp.",
            ),
        ],
        "materials": [
            material("Chai nhựa 1,5 lít", "1 chai", 0),
            material("Sỏi nhỏ, cát vàng", "1 kg", 15000),
            material("Than hoạt tính", "200 g", 20000),
            material("Bông gòn", "1 gói", 5000),
        ],
        "safety": "<p>Nước sau lọc chưa được khử trùng: tuyệt đối không uống.</p>",
    },
    {
        "slug": "den-ngu-nang-luong-mat-troi",
        "title": "Giáo án STEM: Đèn ngủ dùng năng lượng mặt trời",
        "summary": "Học sinh chế tạo đèn ngủ tự sạc bằng pin mặt trời, tự bật khi trời tối.",
        "grade": 9,
        "periods": 4,
        "subjects": ["Vật lý", "Công nghệ", "Tin học"],
        "topics": ["Năng lượng tái tạo", "Điện học"],
        "author": "Lê Minh Châu",
        "school": "Trường THCS Lê Quý Đôn",
        "problem": "<p>Thiết kế một đèn ngủ dùng năng lượng mặt trời, ban ngày tự sạc, ban đêm tự sáng ít "
        "nhất 4 giờ.</p>",
        "criteria": "<ul><li>Tự bật khi trời tối, tự tắt khi trời sáng.</li><li>Sáng liên tục ít nhất 4 giờ."
        "</li><li>Vỏ đèn đẹp, an toàn, chi phí dưới 120.000 đồng.</li></ul>",
        "art": "solar-lamp",
        "activities": [
            activity(
                "1",
                "20 phút",
                "Nêu được nhiệm vụ thiết kế đèn ngủ tiết kiệm năng lượng.",
                "Học sinh thảo luận về điện năng tiêu thụ của gia đình và năng lượng tái tạo.",
                "Nhiệm vụ và tiêu chí.",
                "Cả lớp.",
            ),
            activity(
                "2",
                "45 phút",
                "Tìm hiểu pin mặt trời, pin sạc, quang trở và mạch điện đơn giản.",
                "Học sinh lắp thử mạch có quang trở để thấy điện trở thay đổi theo ánh sáng.",
                "Sơ đồ mạch điện của đèn.",
                "Nhóm 4 học sinh với bộ linh kiện.",
            ),
            activity(
                "3",
                "20 phút",
                "Chọn sơ đồ mạch và kiểu vỏ đèn.",
                "Các nhóm trình bày sơ đồ, tính thời gian sáng dự kiến từ dung lượng pin.",
                "Sơ đồ và bản vẽ vỏ đèn.",
                "Trình bày, phản biện.",
            ),
            activity(
                "4",
                "60 phút",
                "Lắp ráp, thử nghiệm đèn.",
                "Hàn mạch, lắp vỏ, thử sạc ngoài nắng và đo thời gian sáng.",
                "Đèn ngủ hoàn chỉnh và bảng đo.",
                "Làm việc nhóm, giáo viên giám sát khi hàn.",
            ),
            activity(
                "5",
                "20 phút",
                "Chia sẻ và cải tiến.",
                "Triển lãm đèn, đánh giá chéo theo tiêu chí.",
                "Phiếu đánh giá chéo.",
                "Cả lớp.",
            ),
        ],
        "materials": [
            material("Tấm pin mặt trời 6 V", "1 tấm", 45000),
            material("Pin sạc 18650 và đế", "1 bộ", 35000),
            material("Quang trở, transistor, đèn LED", "1 bộ", 15000),
            material("Hộp nhựa làm vỏ", "1 hộp", 10000),
        ],
        "safety": "<p>Mỏ hàn rất nóng: chỉ dùng khi có giáo viên. Không làm chập hai cực pin sạc.</p>",
    },
]


def load(command):
    home = Site.objects.get(is_default_site=True).root_page.specific
    index = child(home, "giao-an-stem") or add(
        home,
        StemLessonIndexPage(
            title="Thư viện giáo án STEM",
            slug="giao-an-stem",
            intro="<p>Giáo án STEM mẫu theo Công văn 3089/BGDĐT-GDTrH: vấn đề, tiêu chí sản phẩm và năm "
            "hoạt động. Đọc, in và điều chỉnh cho lớp của bạn.</p>",
        ),
    )
    for item in PLANS:
        existing = child(index, item["slug"])
        if existing is not None:
            refresh_cover(existing, item["art"])
            continue
        page = StemLessonPage(
            title=item["title"],
            slug=item["slug"],
            summary=item["summary"],
            cover_image=demo_cover(item["art"]),
            grade=item["grade"],
            duration_periods=item["periods"],
            author=item["author"],
            school=item["school"],
            problem=item["problem"],
            criteria=item["criteria"],
            activities=item["activities"],
            materials=item["materials"],
            safety_notes=item["safety"],
        )
        page.subjects.add(*item["subjects"])
        page.topics.add(*item["topics"])
        add(index, page)
