"""Outgoing e-mail: rendered in the request, delivered by a background task.

A slow or unreachable mail server must never hold up a page, so views and
actions render the message and hand it to :func:`lms.tasks.deliver_email`.

Attachments (a calendar file, a QR code) travel with the task as base64 text,
so the database task backend can store them as JSON.
"""

import base64

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
    attachments = [_attachment(item) for item in message.attachments]
    if attachments:
        payload["attachments"] = attachments
    transaction.on_commit(lambda: deliver_email.enqueue(**payload))


def _attachment(item) -> dict:
    """One attachment given as ``(filename, content, mimetype)`` as JSON-safe values."""
    filename, content, mimetype = item
    if isinstance(content, str):
        content = content.encode()
    return {"filename": filename, "content": base64.b64encode(content).decode("ascii"), "mimetype": mimetype}
