"""E-mails about enrolments, written in the recipient's language and queued.

Rendering happens here (in the request); delivery goes through
``lms.mail.enqueue_email``, after the transaction commits, by a background
task, so a slow mail server never holds up a page.
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.mail import enqueue_email
from lms.site import absolute_url, organisation_name

from .models import Enrolment

# Which message a status brings to the learner when they enrol themselves.
STATUS_KINDS = {
    Enrolment.Status.ACTIVE: "confirmed",
    Enrolment.Status.WAITLISTED: "waitlisted",
    Enrolment.Status.PENDING: "pending",
}
KINDS = {
    "confirmed",
    "waitlisted",
    "pending",
    "promoted",
    "approved",
    "rejected",
    "moved",
    "invitation",
    "session_tomorrow",
}


def render(kind: str, user, context: dict) -> EmailMessage:
    """Render ``enrolment/email/<kind>_{subject,message}.txt`` in ``user``'s language."""
    if kind not in KINDS:
        raise ValueError(f"Unknown enrolment e-mail: {kind}")
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        context = {"user": user, "dashboard_url": absolute_url(reverse("my_courses")), **context}
        if "organisation" not in context:
            context["organisation"] = organisation_name()
        subject = " ".join(render_to_string(f"enrolment/email/{kind}_subject.txt", context).split())
        body = render_to_string(f"enrolment/email/{kind}_message.txt", context)
    return EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])


def class_context(enrolment: Enrolment) -> dict:
    cohort = enrolment.cohort
    return {"enrolment": enrolment, "cohort": cohort, "course": cohort.course}


def notify(enrolment: Enrolment, kind: str, **extra) -> None:
    """Queue the ``kind`` message about ``enrolment`` to its learner (active accounts only:
    an invited account hears about its class in the invitation)."""
    user = enrolment.user
    if not user.is_active or not user.email:
        return
    enqueue_email(render(kind, user, {**class_context(enrolment), **extra}))


def notify_status(enrolment: Enrolment, **extra) -> None:
    """The message matching the status a learner's own enrolment just got."""
    kind = STATUS_KINDS.get(enrolment.status)
    if kind:
        notify(enrolment, kind, **extra)


def invite(user, enrolment: Enrolment, accept_url: str, **extra) -> None:
    """Invite a person whose account a manager's import created, to set a password."""
    enqueue_email(render("invitation", user, {**class_context(enrolment), "accept_url": accept_url, **extra}))


def session_tomorrow(enrolment: Enrolment, session) -> None:
    """Remind a learner of tomorrow's session: date, time, place (``enrolment.reminders``, which
    has checked that they want it)."""
    enqueue_email(render("session_tomorrow", enrolment.user, {**class_context(enrolment), "session": session}))
