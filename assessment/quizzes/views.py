"""The quiz pages: a quiz, taking an attempt (saved as it goes), its review, a trainer's statistics.

The attempt page shows only what ``display.show`` allows before submission
(no right answer, no feedback, no fraction), is never cached, and every
change is a POST with the CSRF token. The server's clock ends a timed
attempt: any visit or save after the deadline submits what was saved.
"""

from decimal import Decimal, InvalidOperation

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from ..errors import AssessmentError
from ..http import content_disposition, slug
from ..models import AttemptQuestion, Question, Quiz, QuizAttempt
from ..selectors import quiz_answers_to_mark
from . import permissions, services, statistics
from .display import responses_from, show, show_during_attempt
from .selectors import combined_percent

TO_MARK_PAGE_SIZE = 50


def _quiz_for(request, pk) -> Quiz:
    return get_object_or_404(permissions.quizzes_visible_to(request.user).select_related("course", "lesson"), pk=pk)


def _attempt_for(request, pk) -> QuizAttempt:
    attempt = get_object_or_404(
        QuizAttempt.objects.select_related("quiz__course", "quiz__lesson", "cohort", "learner"), pk=pk
    )
    if not permissions.can_view_attempt(request.user, attempt):
        raise Http404
    return attempt


def _rows(attempt):
    return list(AttemptQuestion.objects.filter(attempt=attempt).select_related("version").order_by("position"))


@login_required
@require_safe
@never_cache
def quiz_detail(request, pk):
    """What the quiz asks, the learner's attempts and result, and the button to start or continue."""
    quiz = _quiz_for(request, pk)
    enrolment = permissions.learner_enrolment(request.user, quiz)
    attempts = []
    if enrolment is not None:
        attempts = [
            services.close_if_time_is_up(a)
            for a in QuizAttempt.objects.filter(quiz=quiz, enrolment=enrolment).order_by("number")
        ]
    in_progress = next((a for a in attempts if a.is_open), None)
    refusal = None
    if enrolment is not None and in_progress is None:
        refusal = permissions.start_refusal(request.user, quiz, enrolment, len(attempts))
    percent = combined_percent(quiz, attempts)
    return render(
        request,
        "assessment/quizzes/quiz_detail.html",
        {
            "quiz": quiz,
            "enrolment": enrolment,
            "dates": quiz.dates_for(enrolment.cohort_id if enrolment else None),
            "attempts": attempts,
            "in_progress": in_progress,
            "refusal": refusal,
            "percent": percent,
            "passed": percent is not None and percent >= quiz.pass_mark,
            "question_count": sum(slot.draw if slot.category_id else 1 for slot in quiz.slots.all()),
            "can_see_statistics": permissions.can_see_statistics(request.user, quiz),
        },
    )


@login_required
@require_POST
def start(request, pk):
    quiz = _quiz_for(request, pk)
    enrolment = permissions.learner_enrolment(request.user, quiz)
    try:
        attempt = services.start_attempt(request.user, quiz, enrolment)
    except AssessmentError as error:
        messages.error(request, error.message)
        return redirect("assessment:quiz", pk=quiz.pk)
    return redirect("assessment:attempt", pk=attempt.pk)


def _pages(quiz, rows) -> list[list]:
    if quiz.layout == Quiz.Layout.ALL:
        return [rows]
    return [[row] for row in rows]


def _page_number(request, count: int) -> int:
    try:
        return min(max(int(request.GET.get("trang", "1")), 1), count)
    except ValueError:
        return 1


def _remaining(attempt) -> int | None:
    if attempt.deadline_at is None:
        return None
    return max(int((attempt.deadline_at - timezone.now()).total_seconds()), 0)


@login_required
@require_safe
@never_cache
def attempt_page(request, pk):
    """One page of the attempt, with the learner's saved answers (resumes after a lost connection)."""
    attempt = _attempt_for(request, pk)
    if not permissions.can_take(request.user, attempt):
        return redirect("assessment:attempt_review", pk=attempt.pk)
    attempt = services.close_if_time_is_up(attempt)
    if not attempt.is_open:
        if attempt.timed_out:
            messages.info(request, _("Time is up: the answers saved before the end were submitted."))
        return redirect("assessment:attempt_review", pk=attempt.pk)
    rows = _rows(attempt)
    pages = _pages(attempt.quiz, rows)
    number = _page_number(request, len(pages))
    shown = [show_during_attempt(row, attempt.quiz) for row in pages[number - 1]]
    answered = {row.position for row in rows if row.response not in (None, "", [], {})}
    navigation = [
        {"number": index, "answered": all(r.position in answered for r in page), "current": index == number}
        for index, page in enumerate(pages, start=1)
    ]
    return render(
        request,
        "assessment/quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": shown,
            "page": number,
            "page_count": len(pages),
            "navigation": navigation,
            "remaining": _remaining(attempt),
            "answered_count": len(answered),
            "checked_count": sum(1 for row in rows if row.checked_at is not None),
            "question_count": len(rows),
        },
    )


@login_required
@require_POST
def save(request, pk):
    """Save the answers a page sends; then go where the learner asked (another page, or the hand-in)."""
    attempt = _attempt_for(request, pk)
    if not permissions.can_take(request.user, attempt):
        raise Http404
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not attempt.is_open:
        if wants_json:
            return JsonResponse(
                {"ok": False, "open": False, "review": reverse("assessment:attempt_review", args=[attempt.pk])}
            )
        return redirect("assessment:attempt_review", pk=attempt.pk)
    answers = responses_from(request.POST, [show(row) for row in _rows(attempt)])
    try:
        attempt = services.save_answers(request.user, attempt, answers)
    except AssessmentError as error:
        if wants_json:
            return JsonResponse({"ok": False, "open": False, "error": error.message})
        messages.error(request, error.message)
        return redirect("assessment:attempt_review", pk=attempt.pk)
    if wants_json:
        return JsonResponse(
            {
                "ok": attempt.is_open,
                "open": attempt.is_open,
                "remaining": _remaining(attempt),
                "saved_label": _("Saved at %(time)s") % {"time": timezone.localtime().strftime("%H:%M:%S")},
                "review": reverse("assessment:attempt_review", args=[attempt.pk]),
            }
        )
    if not attempt.is_open:
        messages.info(request, _("Time is up: the answers saved before the end were submitted."))
        return redirect("assessment:attempt_review", pk=attempt.pk)
    action = request.POST.get("action", "")
    if action.startswith("check-") and action[6:].isdigit():
        return _check(request, attempt, int(action[6:]))
    if action == "finish":
        return redirect("assessment:attempt_finish", pk=attempt.pk)
    target = reverse("assessment:attempt", args=[attempt.pk])
    if action.startswith("page-") and action[5:].isdigit():
        return redirect(f"{target}?trang={int(action[5:])}")
    return redirect(target)


def _check(request, attempt, position: int):
    """Immediate feedback: grade one question now (its answer was just saved) and show it again."""
    try:
        services.check_question(request.user, attempt, position, None)
    except AssessmentError as error:
        messages.error(request, error.message)
        attempt.refresh_from_db()
        if not attempt.is_open:
            return redirect("assessment:attempt_review", pk=attempt.pk)
    pages = _pages(attempt.quiz, _rows(attempt))
    page = next((i for i, page in enumerate(pages, start=1) if any(r.position == position for r in page)), 1)
    return redirect(f"{reverse('assessment:attempt', args=[attempt.pk])}?trang={page}#cau-{position}")


@login_required
@never_cache
def finish(request, pk):
    """GET: the summary before handing in (what is unanswered); POST: hand in (once, whatever is replayed)."""
    attempt = _attempt_for(request, pk)
    if not permissions.can_take(request.user, attempt):
        raise Http404
    if request.method == "POST":
        services.submit_attempt(request.user, attempt)
        return redirect("assessment:attempt_review", pk=attempt.pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405)
    attempt = services.close_if_time_is_up(attempt)
    if not attempt.is_open:
        return redirect("assessment:attempt_review", pk=attempt.pk)
    rows = _rows(attempt)
    pages = _pages(attempt.quiz, rows)
    unanswered = [
        {"position": row.position, "page": index}
        for index, page in enumerate(pages, start=1)
        for row in page
        if row.response in (None, "", [], {})
    ]
    return render(
        request,
        "assessment/quizzes/finish.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "unanswered": unanswered,
            "remaining": _remaining(attempt),
            "question_count": len(rows),
        },
    )


@login_required
@require_safe
@never_cache
def review(request, pk):
    """The submitted attempt: marks, right answers and feedback when the quiz allows it now."""
    attempt = _attempt_for(request, pk)
    attempt = services.close_if_time_is_up(attempt)
    if attempt.is_open:
        if permissions.can_take(request.user, attempt):
            return redirect("assessment:attempt", pk=attempt.pk)
        raise Http404  # nobody else sees an attempt in progress
    reviewed = permissions.can_review_answers(request.user, attempt)
    rows = _rows(attempt)
    regraded = attempt.questions.filter(marks__reason="regraded").exists()
    can_mark = permissions.can_mark(request.user, attempt)
    questions = [show(row, reviewed=reviewed) for row in rows]
    if can_mark:
        _attach_rubrics(questions, rows)
    return render(
        request,
        "assessment/quizzes/review.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "questions": questions,
            "reviewed": reviewed,
            "passed": attempt.percent is not None and attempt.percent >= attempt.quiz.pass_mark,
            "regraded": regraded,
            "can_mark": can_mark,
        },
    )


def _attach_rubrics(questions, rows) -> None:
    """Give each essay marked with a rubric its rubric (criteria and levels; three queries for the page)."""
    from ..models import Rubric, RubricCriterion

    ids = {row.version.spec.get("rubric_id") for row in rows if row.version.spec.get("rubric_id")}
    if not ids:
        return
    rubrics = Rubric.objects.prefetch_related(
        Prefetch("criteria", queryset=RubricCriterion.objects.prefetch_related("levels"))
    ).in_bulk(ids)
    for shown, row in zip(questions, rows, strict=True):
        rubric = rubrics.get(row.version.spec.get("rubric_id"))
        if rubric is not None:
            shown.rubric = [
                (
                    criterion,
                    [
                        (level, str(shown.levels.get(str(criterion.pk))) == str(level.pk))
                        for level in criterion.levels.all()
                    ],
                )
                for criterion in rubric.criteria.all()
            ]


@login_required
@require_POST
def mark(request, pk, position):
    """A trainer marks one question (an essay) of a submitted attempt."""
    attempt = _attempt_for(request, pk)
    if not permissions.can_mark(request.user, attempt):
        raise Http404
    row = get_object_or_404(AttemptQuestion.objects.select_related("version"), attempt=attempt, position=position)
    comment = request.POST.get("comment", "").strip()
    try:
        if row.version.spec.get("rubric_id"):
            levels = {key[6:]: value for key, value in request.POST.items() if key.startswith("level_")}
            services.mark_question(request.user, row, levels=levels, comment=comment)
        else:
            score = Decimal(request.POST.get("score", "").replace(",", "."))
            services.mark_question(request.user, row, score=score, comment=comment)
    except (InvalidOperation, ValueError):
        messages.error(request, _("Enter the mark as a number."))
    except AssessmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The mark was saved."))
    return redirect("assessment:attempt_review", pk=attempt.pk)


def _statistics_quiz(request, pk) -> Quiz:
    quiz = get_object_or_404(Quiz.objects.select_related("course"), pk=pk)
    if not permissions.can_see_statistics(request.user, quiz):
        raise Http404
    return quiz


@login_required
@require_safe
@never_cache
def quiz_statistics(request, pk):
    """Facility, discrimination and option counts per question; mean, spread and Cronbach's alpha."""
    quiz = _statistics_quiz(request, pk)
    cohort_ids = permissions_cohorts(request.user, quiz)
    report = statistics.quiz_statistics(quiz, cohorts=cohort_ids)
    from enrolment.models import Cohort

    cohorts = Cohort.objects.filter(course_id=quiz.course_id).order_by("code")
    if cohort_ids is not None:
        cohorts = cohorts.filter(pk__in=cohort_ids)
    return render(request, "assessment/quizzes/statistics.html", {"quiz": quiz, "report": report, "cohorts": cohorts})


def permissions_cohorts(user, quiz):
    """Trainers see their own classes' attempts; managers see all (None)."""
    from accounts import roles
    from enrolment.models import Cohort

    if roles.is_manager(user):
        return None
    return list(Cohort.objects.filter(course_id=quiz.course_id, trainers=user).values_list("pk", flat=True))


@login_required
@require_safe
def quiz_statistics_xlsx(request, pk):
    quiz = _statistics_quiz(request, pk)
    report = statistics.quiz_statistics(quiz, cohorts=permissions_cohorts(request.user, quiz))
    response = HttpResponse(
        statistics.as_xlsx(report, title=quiz.title),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = content_disposition(f"thong-ke-{slug(quiz.title)}.xlsx")
    return response


@login_required
@require_POST
def regrade(request, pk, question_id):
    """Regrade every submitted answer to one question with its current (fixed) version."""
    quiz = _statistics_quiz(request, pk)
    question = get_object_or_404(Question, pk=question_id)
    count = services.regrade_question(request.user, quiz, question)
    messages.success(
        request, _("%(count)s answers were regraded; the earlier marks stay in their history.") % {"count": count}
    )
    return redirect("assessment:quiz_statistics", pk=quiz.pk)


@login_required
@require_safe
def quiz_gradebook_export(request, cohort_id, quiz_id, fmt):
    """A class's results for one quiz, as XLSX or CSV (the class's trainers, managers)."""
    from enrolment.models import Cohort
    from lms.spreadsheets import spreadsheet_response

    from ..permissions import can_export_gradebook
    from .gradebook import quiz_gradebook

    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if not can_export_gradebook(request.user, cohort):
        raise Http404
    quiz = get_object_or_404(Quiz, pk=quiz_id, course_id=cohort.course_id)
    header, rows = quiz_gradebook(cohort, quiz)
    return spreadsheet_response(f"so-diem-{slug(cohort.code)}-{slug(quiz.title)[:40]}", header, rows, fmt)


@login_required
@require_safe
@never_cache
def to_mark(request):
    """The whole list of the grading queue's "quiz answers to mark" section, by pages: the same
    selector (``quiz_answers_to_mark``) and the same include, so the two never disagree."""
    if not permissions_is_grader(request.user):
        raise PermissionDenied
    page_obj = Paginator(quiz_answers_to_mark(request.user), TO_MARK_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "assessment/quizzes/to_mark.html", {"page_obj": page_obj})


def permissions_is_grader(user) -> bool:
    from accounts import roles

    return roles.is_manager(user) or roles.is_trainer(user)
