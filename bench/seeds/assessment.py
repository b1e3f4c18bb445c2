"""Benchmark assignments, submissions in every state, lesson plans and grades.

One lesson-plan assignment per course, graded with the demo rubric.
Submissions come from seated learners of running and finished classes:
waiting (submitted, being graded), returned and resubmitted, passed and not
passed, with released grades and their criterion scores. The roster class
(``BENCH-ROSTER``) always has waiting work: the grading page scenario opens
its oldest submission.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessment.demo import ASSIGNMENT_TITLE, PLAN, rubric
from assessment.models import Assignment, Grade, GradeCriterion, LessonPlan, Submission
from enrolment.models import Cohort, Enrolment

from .enrolment import PREFIX, weighted

St = Submission.Status
OUTCOMES = [(St.SUBMITTED, 25), (St.IN_GRADING, 5), (St.NEEDS_REVISION, 15), (St.PASSED, 45), (St.NOT_PASSED, 10)]


def seed(ctx):
    rng = ctx.rng
    User = get_user_model()
    trainer = User.objects.get(email=ctx.manifest["user.trainer"])
    used_rubric = rubric()
    now = timezone.now()
    courses = ctx.shared["courses"]
    have = set(Assignment.objects.filter(course__in=courses).values_list("course_id", flat=True))
    Assignment.objects.bulk_create(
        [
            Assignment(
                course=course,
                title=ASSIGNMENT_TITLE,
                instructions="<p>Thiết kế một giáo án STEM theo năm hoạt động của Công văn 3089.</p>",
                opens_at=now - timedelta(days=60),
                due_at=now + timedelta(days=30),
                cut_off_at=now + timedelta(days=45),
                rubric=used_rubric,
                pass_mark=Decimal("60"),
                lesson_plan=Assignment.LessonPlan.OPTIONAL,
                files_required=False,
            )
            for course in courses
            if course.pk not in have
        ]
    )
    if not Submission.objects.filter(cohort__code__startswith=PREFIX).exists():
        _seed(ctx, rng, trainer, used_rubric, now)
    oldest = (
        Submission.objects.filter(cohort__code=f"{PREFIX}ROSTER", status=St.SUBMITTED)
        .order_by("submitted_at", "pk")
        .first()
    )
    ctx.manifest["url.grading_queue"] = reverse("assessment:queue")
    ctx.manifest["url.grading_page"] = reverse("assessment:grade", args=[oldest.pk])


def _seed(ctx, rng, trainer, used_rubric, now):
    assignments = {a.course_id: a for a in Assignment.objects.filter(course__in=ctx.shared["courses"])}
    enrolments = list(
        Enrolment.objects.filter(
            cohort__code__startswith=PREFIX,
            cohort__status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED],
            status__in=Enrolment.SEAT_STATUSES,
        )
        .exclude(cohort__code__startswith=f"{PREFIX}BULK-")
        .exclude(cohort__code__startswith=f"{PREFIX}HV-")
        .select_related("cohort")
        .order_by("pk")
    )
    roster = [e for e in enrolments if e.cohort.code == f"{PREFIX}ROSTER"]
    others = [e for e in enrolments if e.cohort.code != f"{PREFIX}ROSTER"]
    wanted = ctx.sizes["submissions"]
    chosen = roster[:20] + rng.sample(others, min(len(others), wanted))
    submissions = []
    for index, enrolment in enumerate(chosen):
        status = St.SUBMITTED if index < 12 else weighted(rng, OUTCOMES)
        assignment = assignments[enrolment.cohort.course_id]
        common = {
            "assignment": assignment,
            "enrolment": enrolment,
            "learner_id": enrolment.user_id,
            "cohort_id": enrolment.cohort_id,
        }
        submitted_at = now - timedelta(days=rng.randint(1, 40), minutes=index)
        if status in (St.SUBMITTED, St.PASSED) and rng.random() < 0.3:
            # A returned first version, then the resubmission.
            submissions.append(
                Submission(
                    **common, attempt=1, status=St.NEEDS_REVISION, submitted_at=submitted_at - timedelta(days=5)
                )
            )
            submissions.append(Submission(**common, attempt=2, status=status, submitted_at=submitted_at))
        else:
            submissions.append(Submission(**common, attempt=1, status=status, submitted_at=submitted_at))
        if len(submissions) >= wanted:
            break
    Submission.objects.bulk_create(submissions, batch_size=2000)
    submissions = list(Submission.objects.filter(cohort__code__startswith=PREFIX).order_by("pk"))
    LessonPlan.objects.bulk_create(
        [
            LessonPlan(
                submission=s,
                topic=f"{PLAN['topic']} ({s.pk})",
                grade_level=PLAN["grade_level"],
                duration=PLAN["duration"],
                subjects=PLAN["subjects"],
                problem=PLAN["problem"],
                product_criteria=PLAN["product_criteria"],
                activities=PLAN["activities"],
                materials=PLAN["materials"],
                safety=PLAN["safety"],
            )
            for s in submissions
        ],
        batch_size=1000,
    )
    criteria = list(used_rubric.criteria.prefetch_related("levels"))
    graded = [s for s in submissions if s.status in (*Submission.RELEASED, St.IN_GRADING)]
    outcome = {St.PASSED: "passed", St.NOT_PASSED: "not_passed", St.NEEDS_REVISION: "needs_revision"}
    grades = [
        Grade(
            submission=s,
            grader=trainer,
            rubric=used_rubric,
            feedback="Giáo án có cấu trúc rõ ràng; cần nêu cụ thể tiêu chí sản phẩm.",
            score=Decimal({"passed": 82, "not_passed": 35, "needs_revision": 55}.get(outcome.get(s.status), 70)),
            outcome=outcome.get(s.status, ""),
            released=s.status != St.IN_GRADING,
            released_at=now if s.status != St.IN_GRADING else None,
        )
        for s in graded
    ]
    Grade.objects.bulk_create(grades, batch_size=2000)
    grades = list(Grade.objects.filter(submission__cohort__code__startswith=PREFIX).only("pk", "outcome"))
    scores = []
    for grade in grades:
        for criterion in criteria:
            levels = list(criterion.levels.all())
            level = levels[-1] if grade.outcome == "passed" else levels[rng.randrange(len(levels))]
            scores.append(GradeCriterion(grade=grade, criterion=criterion, level=level, comment=""))
    GradeCriterion.objects.bulk_create(scores, batch_size=5000)
    if used_rubric.locked_at is None:
        type(used_rubric).objects.filter(pk=used_rubric.pk).update(locked_at=now)
    ctx.log(f"  submissions: {len(submissions)}, grades: {len(grades)}, criterion scores: {len(scores)}")
