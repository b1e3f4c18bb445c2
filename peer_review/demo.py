"""The peer-review demo: an assignment with peer review in progress, and a calibration set
graded by three trainers, so the pages show real figures.

In progress means: learners calibrated on the trainer's examples and reviewed their peers, one
review is still being written, the authors rated the reviews they received and flagged one; one
plan starved of reviewers went to the trainer's queue; the trainer graded one plan over its peers'
median, and its author agreed to share it, so it is proposed as an exemplar (a draft page of the
lesson-plan library, in moderation) and used as a calibration example.

Rerunnable: every row is created once (looked up by its assignment, title or
people) and never overwritten. It builds on the assessment demo (its rubric,
course, running classes and graded work) and waits for it.
"""

from datetime import timedelta

from django.db.models import Count, Q
from django.utils import timezone

from accounts import roles
from accounts.demo import ensure_user
from assessment import demo as assessment_demo
from assessment import services as assessment_services
from assessment.models import Assignment, Grade, Submission
from enrolment.models import Cohort, Enrolment

from . import exemplars, services
from .models import (
    CalibrationExample,
    Escalation,
    ExemplarConsent,
    PeerReview,
    PeerReviewSettings,
    TrainerCalibrationGrade,
    TrainerCalibrationItem,
    TrainerCalibrationSet,
)

TITLE = "Giáo án STEM: Đèn học năng lượng mặt trời (có đánh giá chéo)"
SET_TITLE = "Hiệu chuẩn chấm giáo án STEM – đợt 1"
TOPICS = [
    ("Đèn học dùng năng lượng mặt trời", "Lớp 8", ["Vật lý", "Công nghệ"]),
    ("Máy lọc nước mini từ vật liệu tái chế", "Lớp 6", ["Khoa học tự nhiên", "Công nghệ"]),
    ("Xe chạy bằng dây thun", "Lớp 7", ["Vật lý", "Toán"]),
    ("Thùng ủ phân hữu cơ cho vườn trường", "Lớp 9", ["Sinh học", "Hóa học"]),
    ("Cầu giấy chịu lực", "Lớp 7", ["Toán", "Công nghệ"]),
    ("Máy đo mưa tự chế", "Lớp 6", ["Khoa học tự nhiên", "Tin học"]),
]
COMMENTS = [
    "Vấn đề gần gũi với học sinh nông thôn; nên nêu số liệu cụ thể.",
    "Tiêu chí sản phẩm rõ, có thể thêm ngưỡng chi phí.",
    "Năm hoạt động mạch lạc; hoạt động 4 cần thêm thời gian thử nghiệm.",
]
TRAINERS = [
    ("giangvien2@example.com", "Nguyễn Văn Minh"),
    ("giangvien3@example.com", "Phạm Thị Ngọc Lan"),
]


def load(command):
    course = assessment_demo.basic_course()
    graded = Submission.objects.filter(
        assignment__title=assessment_demo.ASSIGNMENT_TITLE, grades__kind=Grade.Kind.PRIMARY, grades__released=True
    ).distinct()
    if course is None or not graded.exists():
        command.stdout.write("  (no graded demo work yet: the peer-review demo waits for the assessment demo)")
        return
    assignment = _assignment(course)
    _examples(assignment, graded)
    _peer_work(assignment)
    _ratings(assignment)
    _exemplar(assignment)
    _starved(assignment)
    _trainer_set(graded)


def _assignment(course) -> Assignment:
    now = timezone.now()
    assignment = Assignment.objects.filter(course=course, title=TITLE).first()
    if assignment is None:
        assignment = Assignment.objects.create(
            course=course,
            title=TITLE,
            instructions=(
                "<p>Thiết kế giáo án STEM «Đèn học năng lượng mặt trời» hoặc một chủ đề bạn chọn. Sau khi nộp, "
                "bạn luyện chấm một giáo án mẫu rồi đánh giá ba giáo án của bạn học theo bộ tiêu chí.</p>"
            ),
            opens_at=now - timedelta(days=10),
            due_at=now + timedelta(days=4),
            cut_off_at=now + timedelta(days=10),
            rubric=assessment_demo.rubric(),
            pass_mark=60,
            lesson_plan=Assignment.LessonPlan.REQUIRED,
            files_required=False,
            required_for_completion=False,
        )
    PeerReviewSettings.objects.get_or_create(
        assignment=assignment,
        defaults={"reviews_to_give": 3, "reviews_needed": 2, "closes_at": now + timedelta(days=12)},
    )
    return assignment


def _examples(assignment, graded) -> None:
    if CalibrationExample.objects.filter(assignment=assignment).exists():
        return
    reasons = [
        "Vấn đề thực tiễn, nhưng tiêu chí sản phẩm chưa đo được: giảng viên chọn mức «Đạt».",
        "Giáo án mạch lạc, tích hợp tốt các môn, có phiếu đánh giá: giảng viên chọn mức «Tốt» ở hầu hết tiêu chí.",
    ]
    grades = list(Grade.objects.filter(submission__in=graded, kind=Grade.Kind.PRIMARY).order_by("score", "pk"))
    picked = [grades[0], grades[-1]] if len(grades) > 1 else grades
    for order, grade in enumerate(picked):
        CalibrationExample.objects.create(
            assignment=assignment, reference=grade, reasons=reasons[order], sort_order=order
        )


def _peer_work(assignment) -> None:
    """Learners of the running classes hand in; some calibrate and review; one plan is left waiting."""
    for cohort in Cohort.objects.filter(course=assignment.course, status=Cohort.Status.RUNNING):
        enrolments = list(
            Enrolment.objects.filter(cohort=cohort, status=Enrolment.Status.ACTIVE)
            .select_related("user")
            .order_by("pk")
        )[:7]
        for position, enrolment in enumerate(enrolments):
            if Submission.objects.filter(assignment=assignment, enrolment=enrolment).exists():
                continue
            topic, grade_level, subjects = TOPICS[position % len(TOPICS)]
            plan = dict(assessment_demo.PLAN, topic=topic, grade_level=grade_level, subjects=subjects)
            assessment_services.save_draft_plan(enrolment.user, assignment, enrolment, plan)
            draft = Submission.objects.get(assignment=assignment, enrolment=enrolment, status=Submission.Status.DRAFT)
            assessment_services.submit(enrolment.user, draft, confirmed=True)
        # The first reviewers calibrate and review; the demo learner (hocvien@) is left to do it.
        reviewers = [e.user for e in enrolments if e.user.email != assessment_demo.DEMO_LEARNER][:4]
        for number, reviewer in enumerate(reviewers):
            if PeerReview.objects.filter(assignment=assignment, reviewer=reviewer).exists():
                continue
            _calibrate(reviewer, assignment)
            for index in range(3 if number < 3 else 1):
                review = services.next_review(reviewer, assignment)
                if review is None:
                    break
                if number == 3:
                    break  # in progress: allocated, not yet sent
                level = 2 if (number + index) % 3 else 3
                levels = {c.pk: list(c.levels.all())[level].pk for c in assignment.rubric.criteria.all()}
                comments = {c.pk: COMMENTS[i % len(COMMENTS)] for i, c in enumerate(assignment.rubric.criteria.all())}
                services.save_review(
                    reviewer,
                    review,
                    levels=levels,
                    comments=comments,
                    feedback="Giáo án tốt, dễ áp dụng.",
                    submit=True,
                )


def _calibrate(reviewer, assignment) -> None:
    example = services.next_example(reviewer, assignment)
    if example is None:
        return
    levels = {s.criterion_id: s.level_id for s in example.reference.criterion_scores.all()}
    services.grade_example(reviewer, example, levels)


def _trainer_set(graded) -> None:
    """Three plans graded by three trainers against the lead's reference: one lenient, one harsh."""
    from accounts.models import User

    lead = User.objects.filter(email="giangvien@example.com").first()
    if lead is None or TrainerCalibrationSet.objects.filter(title=SET_TITLE).exists():
        return
    others = [ensure_user(email, "demo-giangvien-2026", name, roles.TRAINER, "Sở GD&ĐT") for email, name in TRAINERS]
    rubric = assessment_demo.rubric()
    calibration = TrainerCalibrationSet.objects.create(title=SET_TITLE, rubric=rubric, lead=lead)
    criteria = list(rubric.criteria.prefetch_related("levels"))
    for order, submission in enumerate(graded.order_by("pk")[:3]):
        item = TrainerCalibrationItem.objects.create(
            calibration_set=calibration, submission=submission, sort_order=order
        )
        base = [(order + position) % 2 + 1 for position in range(len(criteria))]  # levels 1–2
        shifts = {lead.pk: [0] * len(criteria), others[0].pk: [2, 1, 0, 1, 0, 1], others[1].pk: [-1, 0, -1, -1, 0, 0]}

        def levels(shift, base=base):
            return {
                str(c.pk): list(c.levels.all())[min(max(b + s, 0), 3)].pk
                for c, b, s in zip(criteria, base, shift, strict=False)
            }

        TrainerCalibrationGrade.objects.create(
            item=item, trainer=lead, is_reference=True, levels=levels(shifts[lead.pk])
        )
        for trainer in (lead, *others):
            shift = list(shifts[trainer.pk])
            if trainer == lead and order == 2:
                shift[2] = 1  # the lead's own independent grade differs once from the agreed reference
            TrainerCalibrationGrade.objects.create(item=item, trainer=trainer, levels=levels(shift))


FLAG_REASON = "Nhận xét chỉ có một câu chung chung, không chỉ ra giáo án cần sửa chỗ nào."
EXEMPLAR_REASONS = (
    "Giáo án mẫu của lớp: vấn đề rõ, tiêu chí sản phẩm đo được, năm hoạt động đủ thời gian; "
    "giảng viên chọn mức «Tốt» ở mọi tiêu chí."
)


def _trainer_of(cohort_id: int):
    """The class's first trainer, the demo trainer (giangvien@) first."""
    cohort = Cohort.objects.prefetch_related("trainers").get(pk=cohort_id)
    trainers = sorted(cohort.trainers.all(), key=lambda u: (u.email != "giangvien@example.com", u.pk))
    return trainers[0] if trainers else None


def _ratings(assignment) -> None:
    """The authors rate the reviews they received (one is flagged for the trainer)."""
    received = PeerReview.objects.filter(assignment=assignment, is_self=False, status=PeerReview.Status.SUBMITTED)
    if received.filter(helpfulness__isnull=False).exists():
        return
    reviews = list(received.select_related("submission").order_by("submitted_at", "pk"))
    ratings = [
        PeerReview.Helpfulness.VERY_HELPFUL,
        PeerReview.Helpfulness.HELPFUL,
        PeerReview.Helpfulness.VERY_HELPFUL,
        PeerReview.Helpfulness.A_LITTLE,
        PeerReview.Helpfulness.HELPFUL,
    ]
    rated = reviews[: len(ratings) + 1]
    for number, review in enumerate(rated):
        author = review.submission.learner
        if number == len(rated) - 1:  # the last one rated is flagged
            services.rate_review(author, review, PeerReview.Helpfulness.NOT_HELPFUL)
            services.flag_review(author, review, FLAG_REASON)
        else:
            services.rate_review(author, review, ratings[number])


def _exemplar(assignment) -> None:
    """The trainer grades one peer-reviewed plan over its peers' median; its author agrees to share it,
    so it becomes a draft library page in moderation and a calibration example of the assignment."""
    if ExemplarConsent.objects.filter(submission__assignment=assignment).exists():
        return
    plans = (
        Submission.objects.filter(assignment=assignment, status__in=Submission.WAITING)
        .exclude(learner__email=assessment_demo.DEMO_LEARNER)
        .filter(peer_reviews__status=PeerReview.Status.SUBMITTED, peer_reviews__is_self=False)
        .select_related("learner")
        .distinct()
        .order_by("submitted_at", "pk")
    )
    for plan in plans:
        trainer = _trainer_of(plan.cohort_id)
        if trainer is None:
            continue
        best = {c.pk: list(c.levels.all())[-1].pk for c in assignment.rubric.criteria.all()}
        assessment_services.save_and_release(
            trainer,
            plan,
            outcome=Grade.Outcome.PASSED,
            expected_version=0,
            levels=best,
            comments={},
            feedback="Giáo án xuất sắc: vấn đề gần gũi, tiêu chí đo được, hoạt động 4 có phiếu thử nghiệm rõ ràng.",
        )
        exemplars.give_consent(plan.learner, plan, ExemplarConsent.Credit.NAMED)
        exemplars.propose(trainer, plan)
        exemplars.use_as_calibration_example(trainer, plan, EXEMPLAR_REASONS)
        return


def _starved(assignment) -> None:
    """One plan of the demo trainer's class got too few reviews in time: the hourly run handed it
    to the trainer (its hand-in is moved three days back, as if the class had been quiet since)."""
    if Escalation.objects.filter(submission__assignment=assignment).exists():
        return
    plans = (
        Submission.objects.filter(assignment=assignment, status__in=Submission.WAITING)
        .exclude(learner__email=assessment_demo.DEMO_LEARNER)
        .annotate(
            done=Count(
                "peer_reviews",
                filter=Q(peer_reviews__is_self=False, peer_reviews__status=PeerReview.Status.SUBMITTED),
            )
        )
        .filter(done__lt=assignment.peer_review.reviews_needed)
        .order_by("done", "pk")
    )
    demo_class = plans.filter(cohort__trainers__email="giangvien@example.com").first()
    plan = demo_class or plans.first()
    if plan is None:
        return
    Submission.objects.filter(pk=plan.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    services.escalate_starved()
