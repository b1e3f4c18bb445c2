"""E-mails of peer review, in the recipient's language, queued after commit (``lms.mail``)."""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from lms.mail import enqueue_email
from lms.site import absolute_url


def _send(user, template: str, context: dict) -> None:
    if not user.email:
        return
    with translation.override(getattr(user, "language", None) or settings.LANGUAGE_CODE):
        context = {"user": user, **context}
        subject = " ".join(render_to_string(f"peer_review/email/{template}_subject.txt", context).split())
        body = render_to_string(f"peer_review/email/{template}_message.txt", context)
    enqueue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


def reviews_owed(user, assignment, owed: int) -> None:
    """A reviewer still owes ``owed`` reviews (never says whose plans)."""
    _send(
        user,
        "reviews_owed",
        {
            "assignment": assignment,
            "owed": owed,
            "url": absolute_url(reverse("peer_review:assignment", args=[assignment.pk])),
        },
    )
