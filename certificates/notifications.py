"""E-mails about a learner's certificate, in their language, queued after commit.

Issued: with the addresses to download and to verify it (the learner may turn it off,
``accounts.notifications``). Revoked: with the reason, always sent (a decision about
a document the learner may have shown to others).
"""

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from accounts.notifications import wants_email
from lms.mail import enqueue_email
from lms.site import absolute_url, organisation_name


def _send(certificate, template: str, kind: str) -> None:
    user = certificate.learner
    if user is None:  # a certificate of another kind held without an account: its app writes to the holder
        return
    if not wants_email(user, kind):
        return
    with translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE):
        context = {
            "user": user,
            "certificate": certificate,
            "course": certificate.snapshot.get("course") or (certificate.course.title if certificate.course else ""),
            "download_url": absolute_url(certificate.get_download_url()),
            "verification_url": certificate.get_verification_url(),
            "certificates_url": absolute_url(reverse("certificates:mine")),
            "organisation": organisation_name(),
        }
        subject = " ".join(render_to_string(f"certificates/email/{template}_subject.txt", context).split())
        body = render_to_string(f"certificates/email/{template}_message.txt", context)
    enqueue_email(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))


def certificate_issued(certificate) -> None:
    # "You have completed the course": the app of another kind sends its own words.
    if certificate.kind != certificate.COMPLETION:
        return
    _send(certificate, "issued", "certificate_issued")


def certificate_revoked(certificate) -> None:
    _send(certificate, "revoked", "certificate_revoked")
