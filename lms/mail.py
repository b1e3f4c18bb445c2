"""Outgoing e-mail: rendered in the request, delivered by a background task.

A slow or unreachable mail server must never hold up a page, so views and
actions render the message and hand it to :func:`lms.tasks.deliver_email`.
"""

from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction


def enqueue_email(message: EmailMessage) -> None:
    """Queue ``message`` for delivery once the current transaction commits."""
    from .tasks import deliver_email

    html = None
    if isinstance(message, EmailMultiAlternatives):
        for content, mimetype in message.alternatives:
            if mimetype == "text/html":
                html = content
    if message.content_subtype == "html":
        html, body = message.body, ""
    else:
        body = message.body
    payload = {
        "subject": message.subject,
        "body": body,
        "html": html,
        "from_email": message.from_email,
        "to": list(message.to),
        "headers": dict(message.extra_headers),
    }
    transaction.on_commit(lambda: deliver_email.enqueue(**payload))
