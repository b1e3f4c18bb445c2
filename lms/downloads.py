"""Large downloads prepared in the background, with their progress, for the person who asked.

An export that would keep a request busy for more than a few seconds at
province scale (the enrolment register of 40,000 rows) is not built in the
request: the view calls :func:`start`, which records a :class:`~lms.models.Download`
and queues :func:`lms.tasks.prepare_download`, and sends the person to its page
(``lms.download_views``), which shows the progress and, once ready, the file.
Small exports stay immediate: each view decides with :func:`is_large`.

An app offers a kind of download with the ``register_background_download``
hook, returning a :class:`BackgroundDownload`: its ``rows(download, progress)``
yields the header first, then the rows, and calls ``progress(done, total)``
as it goes. The file is written with ``lms.spreadsheets`` (cells made safe)
into the private storage and expires after ``DOWNLOAD_HOURS``.

The rows are read from the replica when there is one, once it has replayed
what the primary had written when the download was asked for (``lms.db_router``).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from . import db_router, spreadsheets
from .storage import private_storage

HOOK = "register_background_download"
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class BackgroundDownload:
    """A kind of download an app offers: ``rows(download, progress)`` yields the header, then the rows."""

    kind: str
    rows: Callable[..., Iterable[list]]


def registered() -> dict[str, BackgroundDownload]:
    from wagtail import hooks

    return {entry.kind: entry for entry in (fn() for fn in hooks.get_hooks(HOOK))}


def inline_limit() -> int:
    return getattr(settings, "DOWNLOAD_INLINE_MAX_ROWS", 5000)


def is_large(count: int) -> bool:
    """Whether an export of ``count`` rows is prepared in the background rather than in the request."""
    return count > inline_limit()


def start(owner, kind: str, title: str, filename: str, fmt: str, params: dict, total: int):
    """Record the download and queue its task (after the commit); returns the row."""
    from .models import Download
    from .tasks import prepare_download

    if kind not in registered():
        raise ValueError(f"No background download of kind {kind!r}")
    download = Download.objects.create(
        owner=owner,
        kind=kind,
        title=title,
        params={**params, "format": fmt, "primary_position": db_router.primary_position()},
        filename=f"{filename}.{fmt}",
        total=total,
        expires_at=timezone.now() + datetime.timedelta(hours=settings.DOWNLOAD_HOURS),
    )
    transaction.on_commit(lambda: prepare_download.enqueue(str(download.pk)))
    return download


def _counted(rows: Iterable[list], progress: Callable[[int], None], every: int = 500) -> Iterator[list]:
    done = 0
    for row in rows:
        yield row
        done += 1
        if done % every == 0:
            progress(done)
    progress(done)


def build(download) -> None:
    """Build ``download``'s file (in a task worker); its row says how far it got."""
    from .models import Download

    rows_of = registered()[download.kind].rows
    Download.objects.filter(pk=download.pk).update(status=Download.Status.RUNNING)

    def progress(done: int, total: int | None = None) -> None:
        changes = {"done": done}
        if total is not None:
            changes["total"] = total
        Download.objects.filter(pk=download.pk).update(**changes)

    try:
        with db_router.replica_reads(after=download.params.get("primary_position")):
            rows = iter(rows_of(download, progress))
            header = next(rows)
            body = _counted(rows, progress)
            if download.params["format"] == "xlsx":
                content = spreadsheets.xlsx_bytes(header, body, title=download.filename.rsplit(".", 1)[0])
                content_type = spreadsheets.XLSX_TYPE
            else:
                content = spreadsheets.csv_bytes([header, *body])
                content_type = spreadsheets.CSV_TYPE
        name = private_storage().save(f"downloads/{download.pk}/{download.filename}", ContentFile(content))
    except Exception:
        log.exception("download %s failed", download.pk)
        Download.objects.filter(pk=download.pk).update(status=Download.Status.FAILED, finished_at=timezone.now())
        raise
    Download.objects.filter(pk=download.pk).update(
        status=Download.Status.READY, stored_name=name, content_type=content_type, finished_at=timezone.now()
    )


def remove_expired(now=None) -> int:
    """Delete the expired downloads and their files; the number removed."""
    from .models import Download

    now = now or timezone.now()
    expired = list(Download.objects.filter(expires_at__lte=now))
    for download in expired:
        if download.stored_name:
            private_storage().delete(download.stored_name)
        download.delete()
    return len(expired)
