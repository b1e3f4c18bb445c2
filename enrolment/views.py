"""Learner pages: enrol, withdraw, mark a lesson done, "Khóa học của tôi", invitations.

Every state change is a POST with CSRF; the views only call the services
and the permission functions, and say what happened in a message.
"""

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from courses.models import LessonPage

from . import calendar, invitations, services
from .errors import EnrolmentError
from .forms import EnrolForm, InvitationForm
from .models import Cohort, Enrolment
from .progress import course_of, course_progress, mark_lesson_done, percent


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return fallback


def success_message(enrolment: Enrolment) -> str:
    context = {"class": enrolment.cohort.code}
    if enrolment.status == Enrolment.Status.WAITLISTED:
        return _("You are on the waiting list of class %(class)s. We will e-mail you when a place is yours.") % context
    if enrolment.status == Enrolment.Status.PENDING:
        return _("Your request to join class %(class)s is waiting for a programme manager's approval.") % context
    return _("You are enrolled in class %(class)s.") % context


@require_POST
def enrol(request, pk):
    """Enrol in an open class from the course page (or join its waiting list)."""
    cohort = get_object_or_404(Cohort.objects.select_related("course").exclude(status=Cohort.Status.DRAFT), pk=pk)
    back = _safe_next(request, cohort.course.get_url(request) or "/")
    if not request.user.is_authenticated:
        return redirect_to_login(back)
    form = EnrolForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        enrolment = services.enrol(
            request.user, cohort, key=data.get("key", ""), join_waitlist=bool(data.get("waitlist"))
        )
    except EnrolmentError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, success_message(enrolment))
    return redirect(back)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request, pk):
    """Leave a class (confirmation page, then POST). Only one's own enrolment."""
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("cohort", "cohort__course"),
        pk=pk,
        user=request.user,
        status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.WAITLISTED, Enrolment.Status.PENDING],
    )
    if request.method == "POST":
        try:
            services.withdraw(enrolment, actor=request.user)
        except EnrolmentError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _("You have left class %(class)s.") % {"class": enrolment.cohort.code})
        return redirect("my_courses")
    return render(request, "enrolment/withdraw.html", {"enrolment": enrolment})


@login_required
@require_POST
def lesson_done(request, pk):
    """Mark a lesson done: a form button, or the script when the learner reaches the end."""
    lesson = get_object_or_404(LessonPage.objects.live(), pk=pk)
    wants_json = "application/json" in request.headers.get("Accept", "")
    try:
        _progress, created = mark_lesson_done(request.user, lesson, by_hand=True)
    except EnrolmentError as error:
        if wants_json:
            return JsonResponse({"done": False, "error": str(error.message)}, status=403)
        messages.error(request, error.message)
        return redirect(lesson.get_url(request) or "/")
    if wants_json:
        done, required = course_progress(request.user, course_of(lesson))
        return JsonResponse(
            {
                "done": True,
                "created": created,
                "lessons_done": done,
                "lessons_required": required,
                "percent": percent(done, required),
            }  # fmt: skip
        )
    messages.success(request, _("Lesson marked as done."))
    return redirect(_safe_next(request, lesson.get_url(request) or "/"))


@login_required
@require_safe
def my_courses(request):
    """ "Khóa học của tôi": the learner's classes with progress, next session and
    waiting-list places; other apps add their sections (``enrolment.dashboard``)."""
    from . import dashboard

    registered = dashboard.sections()
    # One query: the digest of the rows the sections show, and which sections have anything at all.
    digest, present = dashboard.read_fingerprint(request.user, registered)
    learner = dashboard.Learner(request.user, registered, present)
    # Lazy: read only when the page's cached fragment is rebuilt (see the template).
    context = {
        **dashboard.lazy_context(learner, registered),
        "dashboard_sections": registered,
        "fingerprint": digest,
    }
    return render(request, "enrolment/my_courses.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
def accept_invitation(request, token):
    """Open an account created by an import: choose a password, then log in."""
    user = invitations.user_for_token(token)
    if user is None:
        raise Http404(_("This invitation link is not valid any more."))
    form = InvitationForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        invitations.accept_invitation(user, form.cleaned_data["new_password1"])
        login(request, user, backend="accounts.backends.AuthenticationBackend")
        messages.success(request, _("Welcome! Your account is ready."))
        return redirect("my_courses")
    return render(request, "enrolment/accept_invitation.html", {"form": form, "invited": user})


def _calendar_response(content: bytes, filename: str, *, attachment: bool) -> HttpResponse:
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'{"attachment" if attachment else "inline"}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
def calendar_feed(request, token):
    """A person's private calendar (sessions, due dates), for calendar apps: no login, the
    unguessable token is the key; read-only, never stored by a shared cache."""
    owner = calendar.feed_owner(token)
    if owner is None:
        raise Http404(_("This calendar address is not valid any more."))
    response = _calendar_response(calendar.user_feed(owner), "lich-hoc.ics", attachment=False)
    response["Cache-Control"] = "private, max-age=300"
    return response


@require_safe
def class_calendar(request, pk):
    """The sessions of a class as an .ics download (what its course page already announces)."""
    cohort = get_object_or_404(Cohort.objects.exclude(status=Cohort.Status.DRAFT), pk=pk)
    name = "".join(c if (c.isascii() and c.isalnum()) or c in "-_" else "-" for c in cohort.code)
    return _calendar_response(calendar.class_feed(cohort), f"lich-{name}.ics", attachment=True)
