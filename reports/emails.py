"""E-mails of the reports, written in the recipient's language and sent in the background."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from lms.mail import enqueue_email
from lms.site import absolute_url


def deadline_soon(user, deadline) -> None:
    """A reporting deadline is near: what is due, when, and where the report is made."""
    if not user.email:
        return
    days = (deadline.due_on - timezone.localdate()).days
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "deadline": deadline,
            "days": days,
            "url": absolute_url(reverse("reports:snapshot_new")),
        }
        subject = " ".join(render_to_string("reports/email/deadline_soon_subject.txt", context).split())
        body = render_to_string("reports/email/deadline_soon_message.txt", context)
    enqueue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
