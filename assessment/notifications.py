"""E-mails of assessment, written in the recipient's language, sent in the background.

Each function renders the message now and queues it with
``lms.mail.enqueue_email`` (delivered by a Django Tasks task after commit).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.mail import enqueue_email
from lms.site import absolute_url


def _send(user, template: str, context: dict, *, kind: str = "") -> None:
    """Render and queue ``template`` to ``user``; ``kind``: an e-mail they may turn off
    (``accounts.notifications``), sent only if they want it."""
    from accounts.notifications import wants_email

    if not user.email or (kind and not wants_email(user, kind)):
        return
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        context = {"user": user, **context}
        subject = " ".join(render_to_string(f"assessment/email/{template}_subject.txt", context).split())
        body = render_to_string(f"assessment/email/{template}_message.txt", context)
    enqueue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


def submission_received(submission) -> None:
    """Receipt to the learner: which version, when, late or not, and its files."""
    _send(
        submission.learner,
        "submission_received",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "files": list(submission.files.all()),
            "url": absolute_url(reverse("assessment:submission", args=[submission.pk])),
        },
    )


def feedback_released(grade, submission) -> None:
    """The learner's feedback is ready: the outcome and a link to read it."""
    _send(
        submission.learner,
        "feedback_released",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "grade": grade,
            "url": absolute_url(reverse("assessment:submission", args=[submission.pk])),
        },
        kind="feedback_released",
    )


def due_soon(user, assignment, cohort, due_at) -> None:
    """An assignment is due within 48 hours and the learner's work is not handed in."""
    _send(
        user,
        "due_soon",
        {
            "assignment": assignment,
            "cohort": cohort,
            "due_at": due_at,
            "url": absolute_url(reverse("assessment:assignment", args=[assignment.pk])),
        },
        kind="due_reminder",
    )


def grading_digest(trainer, rows) -> None:
    """Daily digest: per class and assignment, how many wait and since when."""
    _send(
        trainer,
        "grading_digest",
        {"rows": rows, "total": sum(row["count"] for row in rows), "url": absolute_url(reverse("assessment:queue"))},
    )
