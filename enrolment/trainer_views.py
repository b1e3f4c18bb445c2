"""Trainer pages: my classes, a class's roster, its sessions, a session's attendance sheet.

A trainer sees only the classes they are assigned to (managers see all);
any other class is a 404, so its existence is not even confirmed.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

import audit

from . import exports, selectors
from .attendance import markable_enrolments, save_attendance
from .errors import EnrolmentError
from .forms import TrainerSessionForm
from .models import Attendance, Session
from .permissions import can_manage_sessions, cohorts_visible_to, sessions_visible_to, visible_cohort
from .sessions import save_session


@login_required
@require_safe
def classes(request):
    """The classes the signed-in trainer teaches (all classes for managers)."""
    return render(request, "enrolment/trainer/classes.html", {"cohorts": selectors.trainer_classes(request.user)})


def _cohort(request, pk, *, related=("course",)):
    cohort = visible_cohort(request.user, pk, related)
    if cohort is None:
        raise Http404
    return cohort


@login_required
@require_safe
def roster(request, pk):
    """A class's learners with progress and participations, its waiting list and sessions."""
    # The course is read with the kept section when it is rebuilt: with it, PostgreSQL took 0.58 ms
    # to plan the class's query (the course's page row joined) and 0.08 to run it.
    cohort = _cohort(request, pk, related=())
    context = {
        "roster": SimpleLazyObject(lambda: selectors.roster(cohort)),  # read when the cached part is rebuilt
        "cohort": cohort,
        "fingerprint": selectors.roster_fingerprint(cohort),
    }
    return render(request, "enrolment/trainer/roster.html", context)


@login_required
@require_POST
def roster_export(request, pk, fmt):
    """Download the roster as CSV or XLSX (a POST, so the export is recorded)."""
    cohort = _cohort(request, pk)
    rows = selectors.roster(cohort)
    audit.record("enrolment.roster_exported", actor=request.user, target=cohort, format=fmt, request=request)
    return exports.roster_response(cohort, [*rows.learners, *rows.waiting], fmt)


def _parse_marks(post) -> dict[int, str]:
    """Marks that differ from what the page showed (``was_<id>``): only those are saved,
    so a stale page never undoes someone else's ticks."""
    valid = set(Attendance.Status.values)
    marks = {}
    if post.get("all_present"):
        for key, was in post.items():
            if key.startswith("was_") and key[4:].isdigit() and not was and not post.get(f"status_{key[4:]}"):
                marks[int(key[4:])] = Attendance.Status.PRESENT
    for key, value in post.items():
        if key.startswith("status_") and key[7:].isdigit() and value in valid:
            if value != post.get(f"was_{key[7:]}", ""):
                marks[int(key[7:])] = value
    return marks


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def attendance(request, pk):
    """The attendance sheet of a session: one tap per learner. Works as a plain form;
    the script saves each tap at once and answers in JSON."""
    session = get_object_or_404(sessions_visible_to(request.user).select_related("cohort", "cohort__course"), pk=pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    posted = {}
    if request.method == "POST":
        marks = _parse_marks(request.POST)
        on_sheet = set(markable_enrolments(session).filter(pk__in=list(marks)).values_list("pk", flat=True))
        gone = [pk for pk in marks if pk not in on_sheet]
        marks = {pk: status for pk, status in marks.items() if pk in on_sheet}
        try:
            changed = save_attendance(session, marks, actor=request.user)
        except EnrolmentError as error:
            if wants_json:
                return JsonResponse({"saved": {}, "error": str(error.message)}, status=400)
            messages.error(request, error.message)
            posted = marks  # show the ticks again rather than lose them
        else:
            if gone:
                messages.warning(request, _("Some learners are no longer in this class; their marks were not saved."))
            if wants_json:
                return JsonResponse({"saved": {str(e.pk): marks[e.pk] for e in changed}, "gone": gone})
            messages.success(request, _("Attendance saved (%(count)s changes).") % {"count": len(changed)})
            return redirect("attendance_sheet", pk=session.pk)
    rows = selectors.attendance_sheet(session)
    for row in rows:
        row.mark = posted.get(row.pk, row.mark)
    summary = [(value, label, sum(1 for r in rows if r.mark == value)) for value, label in Attendance.Status.choices]
    return render(
        request,
        "enrolment/trainer/attendance.html",
        {
            "session": session,
            "cohort": session.cohort,
            "rows": rows,
            "summary": summary,
            "unmarked": sum(1 for r in rows if not r.mark),
            "statuses": Attendance.Status.choices,
        },
    )


def _session_form_page(request, cohort, session=None):
    form = TrainerSessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        saved = save_session(request.user, cohort, form.cleaned_data, session=session)
        message = _("Session added: %(when)s.") if session is None else _("Session saved: %(when)s.")
        messages.success(request, message % {"when": f"{saved.date:%d/%m/%Y} {saved.starts_at:%H:%M}"})
        return redirect("trainer_roster", pk=cohort.pk)
    return render(
        request,
        "enrolment/trainer/session_form.html",
        {"form": form, "cohort": cohort, "session": session},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_add(request, pk):
    """Add a session to a class one teaches (date, time, place or online link)."""
    cohort = _cohort(request, pk)
    if not can_manage_sessions(request.user, cohort):
        raise Http404
    return _session_form_page(request, cohort)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def session_edit(request, pk):
    """Change a session of a class one teaches."""
    session = get_object_or_404(
        Session.objects.filter(cohort__in=cohorts_visible_to(request.user)).select_related("cohort__course"), pk=pk
    )
    if not can_manage_sessions(request.user, session.cohort):
        raise Http404
    return _session_form_page(request, session.cohort, session)
