"""Demo assessment: the rubric "Đánh giá giáo án STEM", an assignment, some graded work.

Rerunnable: the rubric, the assignment and each learner's work are created
once and never overwritten. The assignment goes on the basic-track STEM
course when the catalogue demo has made one; work is handed in only by
learners enrolled in a running class of that course.
"""

import io
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Q
from django.utils import timezone
from PIL import Image, ImageDraw

from courses.models import CoursePage
from enrolment.models import Cohort, Enrolment

from . import services
from .models import Assignment, Grade, Rubric, RubricCriterion, RubricLevel, Submission

RUBRIC_TITLE = "Đánh giá giáo án STEM"
ASSIGNMENT_TITLE = "Thiết kế giáo án STEM theo Công văn 3089/BGDĐT-GDTrH"
DEMO_LEARNER = "hocvien@example.com"  # accounts.demo
LEVELS = [("Chưa đạt", 0), ("Đạt", 1), ("Khá", 2), ("Tốt", 3)]

# (title, description, weight, four descriptors from "Chưa đạt" to "Tốt")
CRITERIA = [
    (
        "Vấn đề thực tiễn, phù hợp lứa tuổi",
        "Bài học xuất phát từ một vấn đề có thật trong đời sống, vừa sức học sinh.",
        2,
        [
            "Không nêu vấn đề, hoặc vấn đề không gắn với thực tiễn.",
            "Có vấn đề thực tiễn nhưng chưa phù hợp lứa tuổi hoặc còn chung chung.",
            "Vấn đề thực tiễn, phù hợp lứa tuổi; cách nêu còn dài dòng.",
            "Vấn đề gần gũi, cụ thể, gợi hứng thú và vừa sức học sinh.",
        ],
    ),
    (
        "Tiêu chí sản phẩm rõ ràng, đo lường được",
        "Học sinh biết sản phẩm cần đạt những gì và đánh giá được.",
        2,
        [
            "Không có tiêu chí sản phẩm.",
            "Có tiêu chí nhưng mơ hồ, khó đánh giá.",
            "Tiêu chí rõ ràng, phần lớn đo được.",
            "Tiêu chí rõ ràng, đo được, gắn với kiến thức cần học.",
        ],
    ),
    (
        "Tiến trình năm hoạt động mạch lạc",
        "Đủ năm hoạt động theo Công văn 3089, nối tiếp nhau hợp lý.",
        2,
        [
            "Thiếu nhiều hoạt động hoặc sai trình tự.",
            "Đủ hoạt động nhưng mục tiêu, sản phẩm từng hoạt động chưa rõ.",
            "Đủ năm hoạt động, mục tiêu và sản phẩm rõ; thời lượng chưa hợp lý.",
            "Năm hoạt động mạch lạc, mỗi hoạt động có mục tiêu, nội dung, sản phẩm, cách tổ chức rõ ràng.",
        ],
    ),
    (
        "Tích hợp ít nhất hai lĩnh vực STEM",
        "Kiến thức Khoa học, Công nghệ, Kỹ thuật, Toán được vận dụng để giải quyết vấn đề.",
        1,
        [
            "Chỉ dùng kiến thức một môn.",
            "Có nhắc tới môn thứ hai nhưng không vận dụng.",
            "Vận dụng kiến thức hai lĩnh vực.",
            "Vận dụng tự nhiên từ ba lĩnh vực trở lên.",
        ],
    ),
    (
        "Tính khả thi, vật liệu và an toàn",
        "Thực hiện được trong điều kiện nhà trường, có lưu ý an toàn.",
        1,
        [
            "Không khả thi hoặc thiếu lưu ý an toàn.",
            "Khả thi nhưng vật liệu khó tìm hoặc an toàn còn sơ sài.",
            "Khả thi, vật liệu dễ tìm, có lưu ý an toàn.",
            "Khả thi, chi phí thấp, vật liệu tái chế, an toàn được tổ chức cụ thể.",
        ],
    ),
    (
        "Cách đánh giá học sinh",
        "Có công cụ đánh giá quá trình và sản phẩm của học sinh.",
        1,
        [
            "Không đề cập đánh giá.",
            "Chỉ đánh giá sản phẩm cuối cùng.",
            "Đánh giá cả quá trình và sản phẩm.",
            "Có phiếu đánh giá, học sinh tự đánh giá và đánh giá đồng đẳng.",
        ],
    ),
]

PLAN = {
    "topic": "Hệ thống tưới cây tự động cho vườn trường",
    "grade_level": "Lớp 7",
    "duration": "4 tiết (180 phút)",
    "subjects": ["Vật lý", "Công nghệ", "Tin học", "Toán"],
    "problem": "Vào dịp nghỉ lễ, cây trong vườn trường thường bị héo vì không có người tưới.",
    "product_criteria": "Tưới được theo giờ đặt trước; lượng nước điều chỉnh được; chi phí dưới 200.000 đồng.",
    "activities": [
        {
            "objective": "Học sinh nêu được vấn đề và tiêu chí của sản phẩm.",
            "content": "Xem ảnh vườn trường sau kỳ nghỉ, thảo luận nguyên nhân.",
            "product": "Phiếu mô tả vấn đề và bảng tiêu chí.",
            "organisation": "Cả lớp, sau đó nhóm 4 học sinh.",
        },
        {
            "objective": "Tìm hiểu nhu cầu nước của cây, áp suất chất lỏng, mạch điều khiển đơn giản.",
            "content": "Đọc tài liệu, làm thí nghiệm đo lượng nước qua ống nhỏ giọt.",
            "product": "Ít nhất hai phương án thiết kế có bản vẽ.",
            "organisation": "Nhóm, có phiếu học tập.",
        },
        {
            "objective": "Chọn phương án tốt nhất theo tiêu chí.",
            "content": "Các nhóm trình bày, phản biện, chọn phương án.",
            "product": "Bản thiết kế chi tiết và danh sách vật liệu.",
            "organisation": "Nhóm trình bày trước lớp.",
        },
        {
            "objective": "Chế tạo và thử nghiệm mô hình.",
            "content": "Lắp ráp từ chai nhựa, ống dẫn, van; đo lượng nước trong 10 phút.",
            "product": "Mô hình hoạt động và bảng số liệu thử nghiệm.",
            "organisation": "Nhóm, tại phòng thực hành.",
        },
        {
            "objective": "Chia sẻ, đánh giá và cải tiến sản phẩm.",
            "content": "Trưng bày, chấm theo tiêu chí, đề xuất cải tiến.",
            "product": "Sản phẩm hoàn thiện và báo cáo cải tiến.",
            "organisation": "Cả lớp; học sinh tự đánh giá và đánh giá chéo.",
        },
    ],
    "materials": "Chai nhựa 1,5 lít, ống truyền dịch, van khóa, bìa cứng, keo nến; bộ mạch Arduino (tùy chọn).",
    "safety": "Dùng dao rọc giấy dưới sự hướng dẫn của giáo viên; tách nguồn điện khỏi nước.",
}


def demo_rubric(title: str, description: str, criteria) -> Rubric:
    """The current version of the demo rubric ``title``, created once from ``criteria``
    ((title, description, weight, one descriptor per level of ``LEVELS``), ...)."""
    existing = Rubric.objects.filter(title=title, is_current=True).first()
    if existing is not None:
        return existing
    created = Rubric.objects.create(title=title, description=description)
    for position, (criterion_title, criterion_description, weight, descriptors) in enumerate(criteria):
        criterion = RubricCriterion.objects.create(
            rubric=created,
            sort_order=position,
            title=criterion_title,
            description=criterion_description,
            weight=weight,
        )
        RubricLevel.objects.bulk_create(
            RubricLevel(criterion=criterion, sort_order=index, label=label, points=points, descriptor=descriptor)
            for index, ((label, points), descriptor) in enumerate(zip(LEVELS, descriptors, strict=True))
        )
    return created


def rubric() -> Rubric:
    """The current version of the demo rubric, created once."""
    return demo_rubric(RUBRIC_TITLE, "Dùng cho bài tập thiết kế giáo án STEM của khóa bồi dưỡng cơ bản.", CRITERIA)


def basic_course() -> CoursePage | None:
    """The basic-track STEM course of the catalogue demo, if it exists yet."""
    courses = CoursePage.objects.filter(title__icontains="STEM")
    return (
        courses.filter(Q(title__icontains="cơ bản") | Q(slug__icontains="co-ban")).order_by("path").first()
        or courses.order_by("path").first()
    )


def diagram() -> SimpleUploadedFile:
    """A small drawing of the watering system, made with Pillow."""
    canvas = Image.new("RGB", (480, 300), "white")
    draw = ImageDraw.Draw(canvas)
    draw.rectangle((40, 40, 140, 200), outline="#0b4f8a", width=4)
    draw.line((140, 180, 360, 180), fill="#0b4f8a", width=6)
    for x in range(180, 360, 40):
        draw.ellipse((x, 190, x + 12, 202), fill="#166534")
    draw.rectangle((300, 210, 440, 270), fill="#b45309")
    buffer = io.BytesIO()
    canvas.save(buffer, "PNG")
    return SimpleUploadedFile("so-do-he-thong-tuoi.png", buffer.getvalue(), content_type="image/png")


def load(command):
    used_rubric = rubric()
    course = basic_course()
    if course is None:
        command.stdout.write("  (no STEM course yet: the demo assignment waits for the catalogue demo)")
        return
    now = timezone.now()
    assignment = Assignment.objects.filter(course=course, title=ASSIGNMENT_TITLE).first()
    if assignment is None:
        assignment = Assignment.objects.create(
            course=course,
            title=ASSIGNMENT_TITLE,
            instructions=(
                "<p>Thiết kế một giáo án STEM cho lớp bạn đang dạy, theo năm hoạt động của "
                "Công văn 3089/BGDĐT-GDTrH. Viết giáo án trong biểu mẫu, có thể đính kèm bản vẽ hoặc "
                "tệp Word/PDF. Giảng viên chấm theo tiêu chí «Đánh giá giáo án STEM».</p>"
            ),
            opens_at=now - timedelta(days=14),
            due_at=now + timedelta(days=21),
            cut_off_at=now + timedelta(days=28),
            rubric=used_rubric,
            pass_mark=60,
            lesson_plan=Assignment.LessonPlan.REQUIRED,
            files_required=False,
        )
    _demo_work(assignment)


def _demo_work(assignment: Assignment) -> None:
    """Hand in and grade work for learners of running classes who have none yet."""
    cohorts = Cohort.objects.filter(course=assignment.course, status=Cohort.Status.RUNNING).prefetch_related(
        "trainers"
    )
    for cohort in cohorts:
        trainer = cohort.trainers.first()
        if trainer is None:
            continue
        # The demo learner's own work is left to do: their dashboard shows it due, with its countdown.
        enrolments = (
            Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE)
            .exclude(user__email=DEMO_LEARNER)
            .select_related("user")
        )
        for position, enrolment in enumerate(enrolments[:6]):
            if Submission.objects.filter(assignment=assignment, enrolment=enrolment).exists():
                continue
            learner = enrolment.user
            services.save_draft_plan(learner, assignment, enrolment, PLAN)
            draft = Submission.objects.get(assignment=assignment, enrolment=enrolment, status=Submission.Status.DRAFT)
            if position == 0:
                services.add_files(learner, draft, [diagram()])
            first = services.submit(learner, draft, confirmed=True)
            levels = _levels(assignment, 1 if position % 2 == 0 else 3)
            if position % 3 == 2:
                continue  # waiting in the queue
            outcome = Grade.Outcome.NEEDS_REVISION if position % 2 == 0 else Grade.Outcome.PASSED
            services.save_and_release(
                trainer,
                first,
                outcome=outcome,
                expected_version=0,
                levels=levels,
                comments=_comments(assignment, outcome),
                feedback=(
                    "Giáo án có ý tưởng tốt. Cần viết tiêu chí sản phẩm đo được và bổ sung phiếu đánh giá học sinh."
                    if outcome == Grade.Outcome.NEEDS_REVISION
                    else "Giáo án mạch lạc, khả thi, tích hợp tốt các môn. Chúc mừng thầy/cô!"
                ),
            )
            if outcome == Grade.Outcome.NEEDS_REVISION:
                revised = dict(PLAN, product_criteria=PLAN["product_criteria"] + " Sai số lượng nước dưới 10%.")
                services.save_draft_plan(learner, assignment, enrolment, revised)
                draft = Submission.objects.get(
                    assignment=assignment, enrolment=enrolment, status=Submission.Status.DRAFT
                )
                services.submit(learner, draft, confirmed=True)


def _levels(assignment: Assignment, index: int) -> dict:
    return {c.pk: list(c.levels.all())[index].pk for c in assignment.rubric.criteria.all()}


def _comments(assignment: Assignment, outcome: str) -> dict:
    if outcome != Grade.Outcome.NEEDS_REVISION:
        return {}
    criteria = list(assignment.rubric.criteria.all())
    return {criteria[1].pk: "Tiêu chí «tưới đúng giờ» cần nêu sai số cho phép để học sinh đo được."}
