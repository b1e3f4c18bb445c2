"""The trainer's pages: the grading queue and the grading page."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from accounts import roles
from enrolment.models import Cohort
from lms import compiled_sql
from lms.page_cache import content_cached

from .. import permissions, services
from ..diff import file_changes, plan_changes
from ..errors import AssessmentError, GradeConflict
from ..forms import GradeForm, QueueFilterForm
from ..grade_sources import queue_notes
from ..models import Assignment, Grade, GradeCriterion, GradeRevision, LessonPlan, Submission
from ..selectors import (
    grading_page_fingerprint,
    grading_queue,
    queue_fingerprint,
    queue_neighbours,
    quiz_answers_to_mark,
    second_markings_for,
    versions_of,
)
from ..services.grading import rubric_with_levels

PAGE_SIZE = 50
GRADEBOOK_STATUSES = [Cohort.Status.RUNNING, Cohort.Status.FINISHED]
RELEASE_ACTIONS = {
    "needs_revision": Grade.Outcome.NEEDS_REVISION,
    "passed": Grade.Outcome.PASSED,
    "not_passed": Grade.Outcome.NOT_PASSED,
}
# The buttons' words, repeated on the confirmation step (the same msgids as the template's).
RELEASE_LABELS = {
    "needs_revision": gettext_lazy("Return for revision"),
    "passed": gettext_lazy("Release as passed"),
    "not_passed": gettext_lazy("Release as not passed"),
}


def _require_grader(user):
    if not (roles.is_trainer(user) or roles.is_manager(user)):
        raise PermissionDenied


def _queue_form(request):
    cohorts = permissions.cohorts_graded_by(request.user).filter(status__in=GRADEBOOK_STATUSES)
    return QueueFilterForm(request.GET or None, cohorts=list(cohorts))


@login_required
@require_safe
def queue(request):
    """Handed-in work of the trainer's classes, oldest first, filtered and paginated.

    The list is kept in the cache for this grader until handed-in work or a grade
    in their classes changes (``queue_fingerprint``, one query), at most a minute.
    """
    _require_grader(request.user)

    @functools.cache
    def build() -> dict:
        cohorts = list(permissions.cohorts_graded_by(request.user).filter(status__in=GRADEBOOK_STATUSES))
        form = QueueFilterForm(request.GET or None, cohorts=cohorts)
        submissions = grading_queue(request.user, **form.filters())
        quiz_answers = list(quiz_answers_to_mark(request.user)[: PAGE_SIZE + 1])
        assignments: dict[int, list] = {}
        for assignment in Assignment.objects.filter(course_id__in={c.course_id for c in cohorts}).order_by("due_at"):
            assignments.setdefault(assignment.course_id, []).append(assignment)
        return {
            "form": form,
            # Not "page": base.html reads that name as the Wagtail page being shown.
            "page_obj": _with_notes(Paginator(submissions, PAGE_SIZE).get_page(request.GET.get("page"))),
            "second_markings": list(second_markings_for(request.user)[:PAGE_SIZE]),
            # One more than shown: whether to link to the whole list (``quiz_to_mark``).
            "quiz_answers": quiz_answers[:PAGE_SIZE],
            "more_quiz_answers": len(quiz_answers) > PAGE_SIZE,
            "gradebooks": [(c, assignments.get(c.course_id, [])) for c in cohorts if assignments.get(c.course_id)],
        }

    lazy = {
        name: SimpleLazyObject(lambda name=name: build()[name])
        for name in ("form", "page_obj", "second_markings", "quiz_answers", "more_quiz_answers", "gradebooks")
    }
    return render(
        request,
        "assessment/queue.html",
        {
            **lazy,
            "query": request.GET.urlencode(),
            "filter_query": urlencode({k: v for k, v in request.GET.items() if k != "page"}),
            "fingerprint": queue_fingerprint(request.user),
        },
    )


def _with_notes(page):
    """The page's submissions, each with the notes other apps give it (``grade_sources.queue_notes``)."""
    page.object_list = list(page.object_list)
    notes = queue_notes(page.object_list)
    for submission in page.object_list:
        submission.queue_notes = notes.get(submission.pk, [])
    return page


def _grade_of(submission, kind) -> Grade | None:
    return (
        Grade.objects.filter(submission=submission, kind=kind)
        .select_related("grader")
        .prefetch_related(
            Prefetch("criterion_scores", queryset=GradeCriterion.objects.select_related("criterion", "level"))
        )
        .first()
    )


def _initial(grade: Grade | None) -> dict:
    if grade is None:
        return {"version": 0}
    initial = {"version": grade.version, "feedback": grade.feedback}
    for score in grade.criterion_scores.all():
        initial[f"level_{score.criterion_id}"] = score.level_id
        initial[f"comment_{score.criterion_id}"] = score.comment
    return initial


def _page(request, submission, kind, grade_and_form, *, conflict=None, status=200, fingerprint=None):
    """The grading page. ``grade_and_form()`` gives the grade shown and the form.

    With a ``fingerprint`` (a GET), the page's section is kept in the cache for this
    grader (``{% usercache %}``): the values below are lazy, computed only when the
    section is rendered again, so a kept page costs no query beyond the fingerprint.
    """
    query = request.GET.urlencode()

    @functools.cache
    def build() -> dict:
        _read_related(submission)
        grade, form = grade_and_form()
        versions = versions_of(submission)
        plans = {p.submission_id: p for p in LessonPlan.objects.filter(submission__in=[v.pk for v in versions])}
        earlier = []
        # The versions carry their files (prefetched): compare with those, not the bare submission.
        later_plan = plans.get(submission.pk)
        later_files = next((v for v in versions if v.pk == submission.pk), submission)
        for version in reversed([v for v in versions if v.attempt < submission.attempt]):
            earlier.append(
                {
                    "version": version,
                    "changes": plan_changes(plans.get(version.pk), later_plan),
                    "files": file_changes(version.files.all(), later_files.files.all()),
                }
            )
            later_plan, later_files = plans.get(version.pk), version
        released = {
            g.submission_id: g
            for g in Grade.objects.filter(
                submission__in=[v.pk for v in versions], kind=Grade.Kind.PRIMARY, released=True
            )
        }
        for item in earlier:
            item["grade"] = released.get(item["version"].pk)
        return {
            "grade": grade,
            "form": form,
            "plan": plans.get(submission.pk),
            "files": next((list(v.files.all()) for v in versions if v.pk == submission.pk), []),
            "earlier": earlier,
            "history": list(GradeRevision.objects.filter(grade=grade).select_related("saved_by")) if grade else [],
            "can_release": kind == Grade.Kind.PRIMARY and not (grade and grade.released),
        }

    if fingerprint is None:
        values = build()
    else:
        values = {name: SimpleLazyObject(lambda name=name: build()[name]) for name in LAZY_NAMES}
    return render(
        request,
        "assessment/grade.html",
        {
            **values,
            "submission": submission,
            "assignment": SimpleLazyObject(lambda: _read_related(submission).assignment),
            "kind": kind,
            "is_moderation": kind == Grade.Kind.MODERATION,
            "conflict": conflict,
            "query": query,
            "queue_url": reverse("assessment:queue") + (f"?{query}" if query else ""),
            # Found when followed (``neighbour``): the page itself reads nothing of the queue.
            "previous_url": _neighbour_url(submission.pk, "previous", query) if kind == Grade.Kind.PRIMARY else None,
            "next_url": _neighbour_url(submission.pk, "next", query) if kind == Grade.Kind.PRIMARY else None,
            "fingerprint": fingerprint,
        },
        status=status,
    )


SUBMISSION_RELATED = ("assignment", "cohort", "learner", "enrolment")


def _read_related(submission: Submission) -> Submission:
    """``submission`` with its related rows of ``SUBMISSION_RELATED``, in one query if any is missing."""
    cached = submission._state.fields_cache
    missing = [name for name in SUBMISSION_RELATED if name not in cached]
    if missing:
        found = Submission.objects.select_related(*missing).get(pk=submission.pk)
        for name in missing:
            setattr(submission, name, getattr(found, name))
    return submission


LAZY_NAMES = ("grade", "form", "plan", "files", "earlier", "history", "can_release")


def _rubric_for(submission, kind, existing):
    """The rubric version to grade with: the grade's, else (second marking) the primary's, else the assignment's."""
    if existing is not None:
        rubric_id = existing.rubric_id
    elif kind == Grade.Kind.MODERATION:
        primary = Grade.objects.filter(submission=submission, kind=Grade.Kind.PRIMARY).first()
        rubric_id = primary.rubric_id if primary else submission.assignment.rubric_id
    else:
        rubric_id = submission.assignment.rubric_id
    # A rubric version is read on every grading page: kept until the content changes
    # (rubric edits invalidate it, the rules each app registers with lms.page_cache).
    return content_cached("rubric", [rubric_id], lambda: rubric_with_levels(rubric_id))


def _grade_url(pk, kind, query):
    name = "assessment:grade" if kind == Grade.Kind.PRIMARY else "assessment:second_mark"
    return reverse(name, args=[pk]) + (f"?{query}" if query else "")


def _neighbour_url(pk, direction, query):
    return reverse(f"assessment:grade_{direction}", args=[pk]) + (f"?{query}" if query else "")


@login_required
@require_safe
def neighbour(request, pk, direction):
    """ "Previous" and "Next" on the grading page: the work before or after ``pk`` in the grader's
    queue, with the queue's filters from the address, found when the link is followed. So the
    grading page reads nothing of the queue, and its kept section follows only the work itself.

    At the end of the queue "Next" starts again from its oldest work; with nothing else waiting
    (or nothing before, for "Previous") the grader stays on the page, with a message."""
    _require_grader(request.user)
    submission = get_object_or_404(Submission, pk=pk)
    if not permissions.can_grade(request.user, submission, Grade.Kind.PRIMARY):
        raise Http404
    query = request.GET.urlencode()
    # Without filters in the address, the queue's defaults (no need to list the classes).
    filters = _queue_form(request).filters() if request.GET else QueueFilterForm.DEFAULTS
    waiting = grading_queue(request.user, **filters)
    previous_id, next_id = queue_neighbours(waiting, submission)
    if direction == "next" and next_id is None:  # the end of the queue: start again from its oldest work
        next_id = waiting.exclude(pk=submission.pk).values_list("pk", flat=True).first()
    target = previous_id if direction == "previous" else next_id
    if target is None:
        if direction == "previous":
            messages.info(request, _("No work before this one is waiting in the queue."))
        else:
            messages.info(request, _("Nothing else is waiting in the queue."))
        target = submission.pk
    return redirect(_grade_url(target, Grade.Kind.PRIMARY, query))


@login_required
def grade(request, pk, kind=Grade.Kind.PRIMARY):
    """Grade one version against the rubric: save a draft, or release an outcome."""
    _require_grader(request.user)
    # A GET may be answered from the kept section: only what the page around it shows (the
    # learner's name); the rest is read with the section (``_page``). Four related rows cost
    # PostgreSQL more to plan than to read.
    related = ("learner",) if request.method != "POST" else SUBMISSION_RELATED
    # Its SQL is built once per process (lms.compiled_sql): building it took longer than reading it.
    found = compiled_sql.instances(
        ("assessment.grade.submission", related),
        lambda pk: Submission.objects.select_related(*related).filter(pk=pk),
        pk,
    )
    if not found:
        raise Http404
    submission = found[0]
    if not permissions.can_grade(request.user, submission, kind):
        raise Http404
    if request.method != "POST":
        # Lazy: read only when the page's cached section is rendered again.
        def grade_and_form():
            existing = _grade_of(submission, kind)
            form = GradeForm(initial=_initial(existing), rubric=_rubric_for(submission, kind, existing))
            return existing, form

        fingerprint = grading_page_fingerprint(request.user, submission)
        return _page(request, submission, kind, grade_and_form, fingerprint=fingerprint)

    existing = _grade_of(submission, kind)
    rubric = _rubric_for(submission, kind, existing)

    form = GradeForm(request.POST, rubric=rubric)
    action = request.POST.get("action", "save")
    if not form.is_valid():
        messages.error(request, _("Please correct the errors below."))
        return _page(request, submission, kind, lambda: (existing, form), status=400)
    version = form.cleaned_data["version"]
    releasing = action in RELEASE_ACTIONS and kind == Grade.Kind.PRIMARY
    try:
        if releasing and not request.POST.get("confirmed"):
            # Without the page's script, releasing takes a confirmation step (a POST, never a GET):
            # the choices are saved as a draft first, so nothing chosen is lost on the way.
            draft = services.save_grade(
                request.user, submission, kind=kind, expected_version=version, **form.grade_data()
            )
            return _confirm_release(request, submission, action, draft)
        if releasing:
            services.save_and_release(
                request.user,
                submission,
                outcome=RELEASE_ACTIONS[action],
                expected_version=version,
                **form.grade_data(),
            )
            messages.success(request, _("The grade has been released to the learner."))
        else:
            services.save_grade(request.user, submission, kind=kind, expected_version=version, **form.grade_data())
            messages.success(request, _("The grade has been saved as a draft."))
    except GradeConflict as conflict:
        other = _grade_of(submission, kind)
        data = request.POST.copy()
        data["version"] = other.version if other else 0
        form = GradeForm(data, rubric=rubric)
        form.is_valid()
        return _page(request, submission, kind, lambda: (other, form), conflict=conflict, status=409)
    except AssessmentError as error:
        for message in error.messages:
            messages.error(request, message)
        current = _grade_of(submission, kind)
        return _page(request, submission, kind, lambda: (current, form), status=400)
    return redirect(_grade_url(submission.pk, kind, request.GET.urlencode()))


def _confirm_release(request, submission, action, draft):
    """The confirmation step: the grade's choices travel again as hidden fields, with the
    draft's new version, so confirming releases exactly what was chosen."""
    hidden = [
        (name, value)
        for name, values in request.POST.lists()
        if name not in ("csrfmiddlewaretoken", "action", "version", "confirmed")
        for value in values
    ]
    return render(
        request,
        "assessment/release_confirm.html",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "action": action,
            "action_label": RELEASE_LABELS[action],
            "hidden": [*hidden, ("version", draft.version)],
            "back_url": _grade_url(submission.pk, Grade.Kind.PRIMARY, request.GET.urlencode()),
        },
    )


@login_required
def second_mark(request, pk):
    return grade(request, pk, kind=Grade.Kind.MODERATION)
