"""Benchmark quizzes: the deadline of a 40-question module test.

A bank category of 40 single-choice questions (each frozen as its version 1
through ``assessment.quizzes.services.save_question_version``), one graded
quiz of 40 fixed questions on one page for each course of the learners
chosen, and an attempt in progress for each of ``quiz_learners`` active
learners of running classes (drawn in bulk as ``start_attempt`` draws them:
fixed questions, no shuffle, so every attempt asks the same ids). The
manifest pairs each learner with their attempt (``users.quiz`` and the two
path lists have one entry per learner, in the same order), for the two POSTs
of the deadline: saving the page's 40 answers, then handing in.
"""

from datetime import timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from assessment.models import (
    AttemptQuestion,
    Question,
    QuestionCategory,
    QuestionOption,
    QuestionVersion,
    Quiz,
    QuizAttempt,
    QuizSlot,
)
from assessment.quizzes.services import save_question_version
from enrolment.models import Cohort, Enrolment

from .enrolment import PREFIX

QUESTIONS = 40
CATEGORY = "Bench: kiểm tra cuối mô-đun"
TITLE = "Kiểm tra cuối mô-đun (40 câu)"
LEARNERS = {"tiny": 12, "small": 200, "province": 2000}


def seed(ctx):
    category, versions = _bank()
    if not Quiz.objects.filter(title=TITLE).exists():
        _seed(ctx, versions)
    _manifest(ctx, versions)
    ctx.log(f"  quizzes: {Quiz.objects.filter(title=TITLE).count()}, attempts: {_attempts().count()}")


def _bank():
    category, created = QuestionCategory.objects.get_or_create(name=CATEGORY)
    if created:
        for n in range(QUESTIONS):
            question = Question.objects.create(
                category=category,
                title=f"Bench {n + 1:02d}",
                kind=Question.Kind.SINGLE,
                text=rf"Câu {n + 1}: vật đi quãng đường \(s = {n + 2}\) m trong 2 s. Vận tốc trung bình?",
                shuffle=False,
                general_feedback="\\(v = s / t\\).",
            )
            QuestionOption.objects.bulk_create(
                QuestionOption(question=question, text=text, fraction=fraction, sort_order=index)
                for index, (text, fraction) in enumerate(
                    [(f"{(n + 2) / 2:g} m/s", 100), (f"{(n + 2) * 2:g} m/s", 0), ("0 m/s", 0), ("1 m/s", 0)]
                )
            )
            save_question_version(None, question)
    versions = list(QuestionVersion.objects.filter(question__category=category, number=1).order_by("question__title"))
    return category, versions


def _attempts():
    return QuizAttempt.objects.filter(quiz__title=TITLE)


def _seed(ctx, versions):
    now = timezone.now()
    wanted = LEARNERS.get(ctx.scale, 12)
    enrolments = list(
        Enrolment.objects.filter(
            cohort__code__startswith=PREFIX,
            cohort__status=Cohort.Status.RUNNING,
            status=Enrolment.Status.ACTIVE,
        )
        .exclude(cohort__code__startswith=f"{PREFIX}HV-")
        .exclude(cohort__code=f"{PREFIX}ROSTER")
        .select_related("cohort")
        .order_by("pk")[:wanted]
    )
    quizzes = {}
    for course_id in sorted({e.cohort.course_id for e in enrolments}):
        quiz = Quiz.objects.create(
            course_id=course_id,
            title=TITLE,
            opens_at=now - timedelta(days=1),
            closes_at=now + timedelta(days=2),
            time_limit_minutes=600,
            max_attempts=1,
            layout=Quiz.Layout.ALL,
            review=Quiz.Review.AFTER_ATTEMPT,
        )
        QuizSlot.objects.bulk_create(
            QuizSlot(quiz=quiz, question_id=v.question_id, sort_order=i) for i, v in enumerate(versions)
        )
        quizzes[course_id] = quiz
    QuizAttempt.objects.bulk_create(
        [
            QuizAttempt(
                quiz=quizzes[e.cohort.course_id],
                enrolment=e,
                learner_id=e.user_id,
                cohort_id=e.cohort_id,
                number=1,
                deadline_at=now + timedelta(days=2),
                max_score=Decimal(QUESTIONS),
            )
            for e in enrolments
        ],
        batch_size=1000,
    )
    rows = []
    for attempt in _attempts().only("pk"):
        rows.extend(
            AttemptQuestion(
                attempt=attempt,
                position=position,
                version=version,
                points=Decimal(1),
                order=[c["id"] for c in version.spec["choices"]],
            )
            for position, version in enumerate(versions, start=1)
        )
    AttemptQuestion.objects.bulk_create(rows, batch_size=5000)


def _manifest(ctx, versions):
    User = get_user_model()
    attempts = list(_attempts().order_by("pk").values_list("pk", "learner_id"))
    emails = User.objects.in_bulk([learner for _pk, learner in attempts])
    # Learners with one attempt each, so a learner's cookie always goes with their own attempt.
    seen, paired = set(), []
    for pk, learner in attempts:
        if learner not in seen:
            seen.add(learner)
            paired.append((pk, emails[learner].email))
    ctx.manifest["users.quiz"] = [email for _pk, email in paired]
    ctx.manifest["user.quiz_learner"] = paired[0][1]
    save_paths = [reverse("assessment:attempt_save", args=[pk]) for pk, _email in paired]
    finish_paths = [reverse("assessment:attempt_finish", args=[pk]) for pk, _email in paired]
    ctx.manifest["url.quiz_save"], ctx.manifest["url.quiz_save.paths"] = save_paths[0], save_paths
    ctx.manifest["url.quiz_finish"], ctx.manifest["url.quiz_finish.paths"] = finish_paths[0], finish_paths
    # A full page of answers: right for the even questions, wrong for the odd ones.
    answers = {}
    for position, version in enumerate(versions, start=1):
        choices = version.spec["choices"]
        answers[f"q{position}"] = choices[0 if position % 2 == 0 else 1]["id"]
    ctx.manifest["url.quiz_save.data"] = {**answers, "action": "autosave"}
    ctx.manifest["url.quiz_finish.data"] = {}
