"""Demo quizzes: a physics question bank for the basic STEM course, two knowledge checks, a graded module test.

Rerunnable: categories and questions are found by name and never rewritten;
the quizzes are created once; demo learners of running classes (never the
demo learner, whose dashboard shows the test still to take) answer with
varied skill so that the statistics page has something to say.
"""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from courses.models import LessonPage
from enrolment.models import Cohort, Enrolment, LessonProgress
from lms.demo import demo_cover

from ..demo import DEMO_LEARNER, basic_course, demo_rubric
from ..errors import AssessmentError
from ..models import (
    Question,
    QuestionCategory,
    QuestionOption,
    Quiz,
    QuizAttempt,
    QuizSlot,
    Rubric,
    RubricCriterion,
)
from . import services

MODULE_TEST = "Kiểm tra cuối phần: Vật lý trong bài học STEM"
ESSAY_RUBRIC = "Chấm câu tự luận: vấn đề thực tiễn cho bài học STEM"
# The essays' rubric: (title, description, weight, four descriptors from "Chưa đạt" to "Tốt").
ESSAY_CRITERIA = [
    (
        "Vấn đề thực tiễn, cụ thể",
        "Vấn đề có thật ở trường hoặc địa phương, nêu rõ ràng.",
        2,
        [
            "Không nêu vấn đề, hoặc vấn đề không có thật.",
            "Có vấn đề nhưng chung chung, khó hình dung.",
            "Vấn đề có thật, nêu rõ; còn thiếu chi tiết về bối cảnh.",
            "Vấn đề có thật, cụ thể, gắn với trường hoặc địa phương của thầy/cô.",
        ],
    ),
    (
        "Phù hợp với học sinh",
        "Giải thích vì sao học sinh giải quyết được vấn đề ở lứa tuổi của các em.",
        1,
        [
            "Không giải thích.",
            "Giải thích sơ sài.",
            "Giải thích hợp lý.",
            "Giải thích thuyết phục, nêu được kiến thức học sinh đã có.",
        ],
    ),
    (
        "Gắn với kiến thức năng lượng",
        "Vấn đề dẫn tới kiến thức về năng lượng cần dạy.",
        1,
        [
            "Không liên quan tới năng lượng.",
            "Liên quan nhưng không nêu kiến thức cụ thể.",
            "Nêu được kiến thức năng lượng liên quan.",
            "Nêu được kiến thức và cách học sinh vận dụng để giải quyết vấn đề.",
        ],
    ),
]
CHECKS = ["Kiểm tra nhanh: chuyển động", "Kiểm tra nhanh: năng lượng"]

# (category, title, kind, text, options, settings). Options: (text, percentage[, match or tolerance]).
QUESTIONS = [
    (
        "Động học",
        "Công thức tốc độ trung bình",
        "single",
        r"Tốc độ trung bình của một vật đi quãng đường \(s\) trong thời gian \(t\) là:",
        [
            (r"\(v = \dfrac{s}{t}\)", 100),
            (r"\(v = s \cdot t\)", 0),
            (r"\(v = \dfrac{t}{s}\)", 0),
            (r"\(v = s + t\)", 0),
        ],
        {},
    ),
    (
        "Động học",
        "Đổi đơn vị tốc độ",
        "numerical",
        "Một xe đạp đi với tốc độ 18 km/h. Tốc độ đó bằng bao nhiêu m/s?",
        [("5", 100, 0.01)],
        {"units": "m/s=1; km/h=3,6", "unit_required": False},
    ),
    (
        "Động học",
        "Quãng đường rơi tự do",
        "numerical",
        r"Thả một hòn bi rơi tự do từ đỉnh tháp, bỏ qua sức cản không khí, \(g = 9{,}8\ \text{m/s}^2\). "
        r"Quãng đường bi rơi được sau 2 s là bao nhiêu (tính bằng m)? Biết \[ s = \frac{1}{2} g t^2 \]",
        [("19,6", 100, 0.1)],
        {"units": "m=1; cm=100", "unit_required": True},
    ),
    (
        "Động học",
        "Chuyển động đều",
        "truefalse",
        "Trong chuyển động thẳng đều, tốc độ của vật không đổi theo thời gian.",
        [],
        {"statement_is_true": True},
    ),
    (
        "Động học",
        "Đồ thị quãng đường – thời gian",
        "single",
        "Đồ thị quãng đường – thời gian của chuyển động thẳng đều là:",
        [
            ("một đoạn thẳng đi qua gốc tọa độ (khi xuất phát từ gốc)", 100),
            ("một đường cong parabol", 0),
            ("một đường nằm ngang", 0),
            ("một đường tròn", 0),
        ],
        {},
    ),
    (
        "Động học",
        "Tầm xa của tên lửa nước",
        "numerical",
        r"Tên lửa nước được phóng với vận tốc ban đầu \(v_0 = 10\ \text{m/s}\) theo góc \(45^\circ\), "
        r"\(g = 10\ \text{m/s}^2\). Theo công thức \[ L = \frac{v_0^2 \sin 2\alpha}{g} \] tầm xa là bao nhiêu mét?",
        [("10", 100, 0.05)],
        {"image": "water-rocket", "image_alt": "Tên lửa nước làm từ chai nhựa đặt trên bệ phóng."},
    ),
    (
        "Động học",
        "Gia tốc",
        "short",
        "Đại lượng cho biết tốc độ thay đổi nhanh hay chậm gọi là gì?",
        [("gia tốc", 100)],
        {"fold_diacritics": True},
    ),
    (
        "Động học",
        "Thứ tự các bước đo tốc độ",
        "ordering",
        "Sắp xếp các bước đo tốc độ trung bình của xe đồ chơi theo đúng thứ tự:",
        [
            ("Đánh dấu vạch xuất phát và vạch đích, đo quãng đường", 0),
            ("Bấm đồng hồ khi xe qua vạch xuất phát", 0),
            ("Bấm dừng khi xe qua vạch đích", 0),
            ("Tính \\(v = s/t\\) và ghi kết quả", 0),
        ],
        {},
    ),
    (
        "Năng lượng",
        "Động năng",
        "short",
        r"Năng lượng mà vật có do chuyển động, tính bằng \(W_d = \frac{1}{2} m v^2\), gọi là gì?",
        [("động năng", 100), ("năng lượng chuyển động", 50)],
        {"fold_diacritics": True},
    ),
    (
        "Năng lượng",
        "Tính động năng",
        "numerical",
        r"Một quả bóng khối lượng \(m = 0{,}5\ \text{kg}\) bay với tốc độ \(v = 4\ \text{m/s}\). "
        r"Động năng của nó là bao nhiêu jun? \[ W_d = \frac{1}{2} m v^2 \]",
        [("4", 100, 0)],
        {"units": "J=1", "unit_required": False},
    ),
    (
        "Năng lượng",
        "Thế năng trọng trường",
        "single",
        r"Thế năng trọng trường của vật khối lượng \(m\) ở độ cao \(h\) là:",
        [(r"\(W_t = m g h\)", 100), (r"\(W_t = \frac{1}{2} m v^2\)", 0), (r"\(W_t = m h\)", 0), (r"\(W_t = g h\)", 0)],
        {},
    ),
    (
        "Năng lượng",
        "Các dạng năng lượng",
        "multiple",
        "Những dạng năng lượng nào có trong một đèn ngủ dùng pin mặt trời khi hoạt động?",
        [("Quang năng", 34), ("Điện năng", 33), ("Hóa năng (trong pin sạc)", 33), ("Hạt nhân năng", -50)],
        {"image": "solar-lamp", "image_alt": "Đèn ngủ có tấm pin mặt trời nhỏ trên nắp."},
    ),
    (
        "Năng lượng",
        "Bảo toàn cơ năng",
        "truefalse",
        "Khi bỏ qua ma sát, cơ năng của một vật rơi tự do không đổi.",
        [],
        {"statement_is_true": True},
    ),
    (
        "Năng lượng",
        "Hiệu suất",
        "numerical",
        "Một động cơ nhận 200 J điện năng và sinh ra 150 J cơ năng có ích. "
        "Hiệu suất của động cơ là bao nhiêu phần trăm?",
        [("75", 100, 0.5)],
        {"units": "%=1", "unit_required": False},
    ),
    (
        "Năng lượng",
        "Ghép đại lượng với đơn vị",
        "matching",
        "Ghép mỗi đại lượng với đơn vị đo của nó trong hệ SI:",
        [("Năng lượng", 0, "J"), ("Công suất", 0, "W"), ("Lực", 0, "N"), ("Áp suất", 0, "Pa")],
        {},
    ),
    (
        "Năng lượng",
        "Công suất",
        "cloze",
        r"Công suất được tính bằng \(P = \frac{A}{t}\). Một máy bơm thực hiện công 3000 J trong 60 s có công suất "
        "{2:NUMERICAL:=50:0,5} W. Đơn vị công suất mang tên nhà khoa học "
        "{1:MULTICHOICE:=James Watt~Isaac Newton~Blaise Pascal}.",
        [],
        {},
    ),
    (
        "Điện học",
        "Định luật Ôm",
        "single",
        "Theo định luật Ôm, cường độ dòng điện qua một dây dẫn:",
        [
            (r"tỉ lệ thuận với hiệu điện thế: \(I = \dfrac{U}{R}\)", 100),
            (r"tỉ lệ nghịch với hiệu điện thế", 0),
            (r"không phụ thuộc điện trở", 0),
        ],
        {},
    ),
    (
        "Điện học",
        "Tính cường độ dòng điện",
        "numerical",
        r"Một bóng đèn có điện trở \(R = 12\ \Omega\) mắc vào hiệu điện thế \(U = 6\ \text{V}\). "
        "Cường độ dòng điện qua đèn là bao nhiêu?",
        [("0,5", 100, 0.01)],
        {"units": "A=1; mA=1000", "unit_required": True},
    ),
    (
        "Điện học",
        "Mạch điện giấy",
        "truefalse",
        "Trong tranh phát sáng dùng mạch điện giấy, đèn LED sáng được dù mắc ngược cực.",
        [],
        {"statement_is_true": False},
    ),
    (
        "Điện học",
        "Điện trở mắc nối tiếp",
        "cloze",
        r"Hai điện trở \(R_1 = 4\ \Omega\) và \(R_2 = 6\ \Omega\) mắc nối tiếp có điện trở tương đương "
        "{1:NUMERICAL:=10} Ω. Khi mắc nối tiếp, cường độ dòng điện qua hai điện trở "
        "{1:MULTICHOICE:=bằng nhau~khác nhau}.",
        [],
        {},
    ),
    (
        "Điện học",
        "Kí hiệu linh kiện",
        "matching",
        "Ghép mỗi linh kiện với vai trò của nó trong mạch:",
        [
            ("Pin", 0, "tạo ra hiệu điện thế"),
            ("Công tắc", 0, "đóng, ngắt mạch"),
            ("Đèn LED", 0, "phát sáng"),
            ("Điện trở", 0, "hạn chế dòng điện"),
        ],
        {"image": "glowing-painting", "image_alt": "Tranh phát sáng có mạch điện giấy và đèn LED."},
    ),
    (
        "Điện học",
        "Công suất điện",
        "short",
        r"Điền vào chỗ trống: công suất điện được tính bằng \(P = U \cdot ...\)",
        [("I", 100)],
        {"case_sensitive": True},
    ),
    (
        "Giáo dục STEM",
        "Bốn lĩnh vực STEM",
        "multiple",
        "STEM là viết tắt của những lĩnh vực nào?",
        [("Khoa học", 25), ("Công nghệ", 25), ("Kỹ thuật", 25), ("Toán học", 25), ("Âm nhạc", -50)],
        {"shuffle": True},
    ),
    (
        "Giáo dục STEM",
        "Thứ tự năm hoạt động",
        "ordering",
        "Sắp xếp năm hoạt động của bài học STEM theo Công văn 3089/BGDĐT-GDTrH:",
        [
            ("Xác định vấn đề", 0),
            ("Nghiên cứu kiến thức nền và đề xuất giải pháp", 0),
            ("Lựa chọn giải pháp", 0),
            ("Chế tạo mẫu, thử nghiệm và đánh giá", 0),
            ("Chia sẻ, thảo luận, điều chỉnh", 0),
        ],
        {},
    ),
    (
        "Giáo dục STEM",
        "Hoạt động đầu tiên",
        "single",
        "Hoạt động đầu tiên của một bài học STEM là gì?",
        [("Xác định vấn đề", 100), ("Chế tạo mẫu", 0), ("Chia sẻ, thảo luận", 0)],
        {},
    ),
    (
        "Giáo dục STEM",
        "Tiêu chí sản phẩm",
        "truefalse",
        "Tiêu chí của sản phẩm STEM nên đo lường được để học sinh tự đánh giá.",
        [],
        {"statement_is_true": True},
    ),
    (
        "Giáo dục STEM",
        "Công văn hướng dẫn",
        "short",
        "Số hiệu công văn của Bộ GD&ĐT hướng dẫn xây dựng chủ đề giáo dục STEM (2020) là 3089/BGDĐT-...?",
        [("GDTrH", 100), ("GD*TrH", 50)],
        {"fold_diacritics": True},
    ),
    (
        "Giáo dục STEM",
        "Vấn đề thực tiễn",
        "essay",
        "Nêu một vấn đề thực tiễn ở trường hoặc địa phương của thầy/cô có thể dùng làm chủ đề bài học STEM về "
        "năng lượng, và giải thích vì sao vấn đề đó phù hợp với học sinh (khoảng 100 từ).",
        [],
        {},
    ),
    (
        "Giáo dục STEM",
        "Tích hợp môn học",
        "cloze",
        "Trong bài học «Tên lửa nước», học sinh vận dụng định luật {1:SHORTANSWER:=III Newton~=3 Newton~=ba Newton} "
        "(môn Vật lý) và đo góc phóng bằng thước đo {1:MULTICHOICE:=độ~mét~giây}.",
        [],
        {"image": "water-rocket", "image_alt": "Tên lửa nước làm từ chai nhựa đặt trên bệ phóng."},
    ),
    (
        "Giáo dục STEM",
        "Ghép hoạt động với sản phẩm",
        "matching",
        "Ghép mỗi hoạt động với sản phẩm học sinh cần có:",
        [
            ("Xác định vấn đề", 0, "câu hỏi cần giải quyết"),
            ("Lựa chọn giải pháp", 0, "bản thiết kế"),
            ("Chế tạo mẫu", 0, "mẫu thử nghiệm"),
        ],
        {},
    ),
    (
        "Động học",
        "Vận tốc trung bình cả đi và về",
        "numerical",
        r"Một học sinh đạp xe đi học 3 km hết 15 phút và về cũng 3 km hết 12 phút. Tốc độ trung bình cả đi và về "
        r"là bao nhiêu km/h? \(v_{tb} = \dfrac{s_1 + s_2}{t_1 + t_2}\)",
        [("13,33", 100, 0.01, True)],
        {"units": "km/h=1; m/s=0,277778", "unit_required": False},
    ),
]


def _category(name: str, parent: QuestionCategory | None, course) -> QuestionCategory:
    category = QuestionCategory.objects.filter(name=name, parent=parent).first()
    if category is None:
        category = QuestionCategory.objects.create(name=name, parent=parent, course=course)
    return category


def essay_rubric() -> Rubric:
    """The current version of the essays' rubric, created once."""
    return demo_rubric(
        ESSAY_RUBRIC, "Dùng cho các câu tự luận của ngân hàng câu hỏi khóa STEM cơ bản.", ESSAY_CRITERIA
    )


def load_bank(course) -> dict[str, QuestionCategory]:
    """The bank: "Vật lý THCS" with its three chapters, and "Giáo dục STEM"; the questions in them.

    Essays are marked with the essays' rubric (an essay of an older demo without one gets it,
    as a new version when it has been answered).
    """
    physics = _category("Vật lý THCS", None, course)
    categories = {
        "Động học": _category("Động học", physics, course),
        "Năng lượng": _category("Năng lượng", physics, course),
        "Điện học": _category("Điện học", physics, course),
        "Giáo dục STEM": _category("Giáo dục STEM", None, course),
    }
    for category_name, title, kind, text, options, settings in QUESTIONS:
        category = categories[category_name]
        existing = Question.objects.filter(category=category, title=title).first()
        if existing is not None:
            if kind == "essay" and existing.rubric_id is None:
                existing.rubric = essay_rubric()
                existing.save(update_fields=["rubric"])
                services.save_question_version(None, existing)
            continue
        settings = dict(settings)
        image = settings.pop("image", None)
        settings.setdefault("shuffle", kind != "truefalse")
        if kind == "essay":
            settings["rubric"] = essay_rubric()
        question = Question.objects.create(
            category=category,
            title=title,
            kind=kind,
            text=text,
            image=demo_cover(image) if image else None,
            default_points=2 if kind in ("cloze", "essay", "matching") else 1,
            general_feedback="Xem lại bài học tương ứng trong khóa «STEM cơ bản» nếu chưa chắc chắn.",
            **settings,
        )
        for index, option in enumerate(options):
            text_value, fraction, *rest = option
            extra = {}
            if kind == "matching":
                extra["match"] = rest[0]
            elif kind == "numerical" and rest:
                extra["tolerance"] = rest[0]
                extra["relative"] = bool(rest[1]) if len(rest) > 1 else False
            QuestionOption.objects.create(
                question=question, text=text_value, fraction=fraction, sort_order=index, **extra
            )
        question.tags.add(category_name, "Vật lý" if category_name != "Giáo dục STEM" else "STEM")
        question.save()
        services.save_question_version(None, question)
    return categories


def _quiz(course, title: str, **fields) -> tuple[Quiz, bool]:
    quiz = Quiz.objects.filter(course=course, title=title).first()
    if quiz is not None:
        return quiz, False
    return Quiz.objects.create(course=course, title=title, **fields), True


def load_quizzes(course, categories) -> Quiz:
    lessons = list(LessonPage.objects.live().descendant_of(course).order_by("path")[:2])
    for index, (lesson, title, category) in enumerate(zip(lessons, CHECKS, ("Động học", "Năng lượng"), strict=False)):
        # The first check counts toward its lesson being done (once handed in); the second is practice.
        counts = index == 0
        quiz, created = _quiz(
            course,
            title,
            lesson=lesson,
            intro="Ba câu hỏi ngắn để tự kiểm tra; không tính điểm, làm lại bao nhiêu lần cũng được."
            + (" Nộp bài kiểm tra nhanh này là hoàn thành bài học." if counts else ""),
            lesson_done_when=Quiz.LessonDone.SUBMITTED if counts else Quiz.LessonDone.NEVER,
            max_attempts=0,
            layout=Quiz.Layout.ALL,
            review=Quiz.Review.IMMEDIATELY,
            pass_mark=0,
        )
        if created:
            QuizSlot.objects.create(quiz=quiz, category=categories[category], draw=3, sort_order=0)
    now = timezone.now()
    test, created = _quiz(
        course,
        MODULE_TEST,
        intro=(
            "Bài kiểm tra cuối phần gồm câu hỏi về chuyển động, năng lượng, điện học và giáo dục STEM. "
            r"Công thức viết như trong bài học, ví dụ \(v = \frac{s}{t}\). Số thập phân có thể viết «3,5» hoặc «3.5»."
        ),
        opens_at=now - timedelta(days=10),
        closes_at=now + timedelta(days=20),
        time_limit_minutes=30,
        max_attempts=2,
        grading_method=Quiz.Method.BEST,
        pass_mark=60,
        layout=Quiz.Layout.ONE,
        shuffle_questions=False,
        review=Quiz.Review.AFTER_ATTEMPT,
        required_for_completion=True,
    )
    if created:
        fixed = Question.objects.filter(category=categories["Giáo dục STEM"]).order_by("pk")
        order = 0
        for question in fixed:
            QuizSlot.objects.create(quiz=test, question=question, sort_order=order)
            order += 1
        for name, count in (("Động học", 4), ("Năng lượng", 4), ("Điện học", 3)):
            QuizSlot.objects.create(quiz=test, category=categories[name], draw=count, sort_order=order)
            order += 1
    return test


def sample_response(spec: dict, right: bool, rng: random.Random):
    """An answer a demo learner might give: the right one, or a plausible wrong one."""
    kind = spec.get("kind")
    if kind == "single":
        good = [c["id"] for c in spec["choices"] if c["fraction"] > 0]
        bad = [c["id"] for c in spec["choices"] if c["fraction"] <= 0]
        return rng.choice(good if right or not bad else bad)
    if kind == "multiple":
        good = [c["id"] for c in spec["choices"] if c["fraction"] > 0]
        bad = [c["id"] for c in spec["choices"] if c["fraction"] <= 0]
        return good if right else good[:1] + bad[:1]
    if kind == "truefalse":
        return "true" if bool(spec["correct"]) == right else "false"
    if kind == "short":
        return spec["answers"][0]["text"].upper() if right else "không nhớ"
    if kind == "numerical":
        value = spec["numbers"][0]["value"]
        unit = (spec.get("units") or [{"unit": ""}])[0]["unit"]
        given = value if right else value * 2 + 1
        return f"{given:g} {unit}".strip().replace(".", ",")
    if kind == "matching":
        answers = [p["answer"] for p in spec["pairs"]]
        if not right:
            answers = answers[1:] + answers[:1]
        return {p["id"]: a for p, a in zip(spec["pairs"], answers, strict=True)}
    if kind == "ordering":
        count = len(spec["items"])
        positions = list(range(1, count + 1)) if right else list(range(count, 0, -1))
        return {item["id"]: str(p) for item, p in zip(spec["items"], positions, strict=True)}
    if kind == "cloze":
        return {gap["id"]: sample_response(gap, right, rng) for gap in spec["gaps"]}
    if kind == "essay":
        return (
            "Trường em thường bị ngập nước sân sau mưa lớn. Học sinh có thể thiết kế hệ thống thoát nước và "
            "đo lưu lượng nước, vận dụng kiến thức Vật lý, Công nghệ và Toán."
        )
    return ""


def load_attempts(test: Quiz) -> None:
    """Attempts from demo learners of the course's running classes (the demo learner's own test left to do)."""
    if QuizAttempt.objects.filter(quiz=test).exists():
        return
    rng = random.Random(18)  # noqa: S311 - demo answers
    cohorts = Cohort.objects.filter(course=test.course, status=Cohort.Status.RUNNING).prefetch_related("trainers")
    for cohort in cohorts:
        trainer = cohort.trainers.first()
        enrolments = (
            Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE)
            .exclude(user__email=DEMO_LEARNER)
            .select_related("user", "cohort")
        )
        for position, enrolment in enumerate(enrolments[:12]):
            skill = 0.35 + 0.6 * ((position * 7) % 11) / 10
            attempt = services.start_attempt(enrolment.user, test, enrolment)
            answers = {
                row.position: sample_response(row.version.spec, rng.random() < skill, rng)
                for row in attempt.questions.select_related("version")
            }
            services.save_answers(enrolment.user, attempt, answers)
            attempt = services.submit_attempt(enrolment.user, attempt)
            # Two essays in three are marked with the rubric; the third waits in the trainer's queue.
            if trainer is not None and position % 3 != 2:
                for row in attempt.questions.filter(version__spec__kind="essay").select_related("version"):
                    services.mark_question(
                        trainer,
                        row,
                        levels=_essay_levels(row.version.spec.get("rubric_id"), skill),
                        comment="Vấn đề thực tế, gần gũi; nên nêu rõ tiêu chí đo được.",
                    )


def load_check_attempts(course) -> None:
    """The knowledge check that counts toward its lesson: whoever the class demo recorded as done
    with that lesson (the enrolment demo runs first) handed the check in, as the rule requires."""
    rng = random.Random(19)  # noqa: S311 - demo answers
    for check in Quiz.objects.filter(course=course, lesson__isnull=False).exclude(
        lesson_done_when=Quiz.LessonDone.NEVER
    ):
        done_by = LessonProgress.objects.filter(lesson_id=check.lesson_id).values("user_id")
        enrolments = (
            Enrolment.objects.filter(
                cohort__course=course,
                cohort__status=Cohort.Status.RUNNING,
                user_id__in=done_by,
                status=Enrolment.Status.ACTIVE,
            )
            .exclude(pk__in=QuizAttempt.objects.filter(quiz=check).values("enrolment_id"))
            .select_related("user", "cohort")
        )
        for enrolment in enrolments:
            try:
                attempt = services.start_attempt(enrolment.user, check, enrolment)
            except AssessmentError:  # the check's rules refuse this class (dates): no attempt, as on the site
                continue
            answers = {
                row.position: sample_response(row.version.spec, rng.random() < 0.8, rng)
                for row in attempt.questions.select_related("version")
            }
            services.save_answers(enrolment.user, attempt, answers)
            services.submit_attempt(enrolment.user, attempt)


def _essay_levels(rubric_id, skill: float) -> dict:
    """The levels a trainer might choose for a learner of ``skill``: {criterion id: level id}."""
    if not rubric_id:
        return {}
    levels = {}
    for offset, criterion in enumerate(RubricCriterion.objects.filter(rubric_id=rubric_id).order_by("sort_order")):
        ordered = list(criterion.levels.order_by("sort_order"))
        index = min(len(ordered) - 1, max(0, round(skill * len(ordered)) - offset % 2))
        levels[criterion.pk] = ordered[index].pk
    return levels


def load(command):
    course = basic_course()
    if course is None:
        command.stdout.write("  (no STEM course yet: the demo quizzes wait for the catalogue demo)")
        return
    categories = load_bank(course)
    test = load_quizzes(course, categories)
    load_attempts(test)
    load_check_attempts(course)
