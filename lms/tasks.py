"""Background tasks that belong to no single domain."""

import base64

from django.core.mail import EmailMultiAlternatives
from django_tasks import task


@task()
def deliver_email(
    subject: str,
    body: str,
    html: str | None,
    from_email: str,
    to: list[str],
    headers: dict,
    attachments: list[dict] | None = None,
) -> int:
    """Send one e-mail; the worker retries according to its own policy. ``attachments``: see ``lms.mail``."""
    message = EmailMultiAlternatives(subject, body, from_email, to, headers=headers)
    if html:
        message.attach_alternative(html, "text/html")
    for item in attachments or ():
        message.attach(item["filename"], base64.b64decode(item["content"]), item["mimetype"])
    return message.send()


@task()
def prepare_download(download_id: str) -> None:
    """Build a download asked for in a request (``lms.downloads``)."""
    from .downloads import build
    from .models import Download

    download = Download.objects.filter(pk=download_id).first()
    if download is None or download.finished:
        return  # deleted, or already built by a worker that ran this task before
    build(download)
