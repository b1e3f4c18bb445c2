"""Peer reviews touch the plan they review, so the caches keyed on handed-in work refresh.

The trainer's grading queue (``assessment.selectors.queue_fingerprint``), the grading page and
the learner's "Khóa học của tôi" section are cached under a digest of the submissions'
``updated_at``; a review saved or submitted (or a plan handed to the trainer) changes what they
show (the notes "short of peer reviews", "peers' median … counts until you grade", the result that
counts), so it moves the reviewed submission's ``updated_at``: one UPDATE, no new query elsewhere.
Changes made in bulk (``QuerySet.update``: allocations expiring after their hours, an expired one
coming back) send no signal, so the code making them calls :func:`touch_submissions` itself.
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone


def touch_submissions(ids) -> None:
    """Move the ``updated_at`` of the submissions ``ids`` (one UPDATE; none when empty)."""
    from assessment.models import Submission

    ids = list(ids)
    if ids:
        Submission.objects.filter(pk__in=ids).update(updated_at=timezone.now())


def touch_submission(sender, instance, **kwargs) -> None:
    if instance.submission_id:
        touch_submissions([instance.submission_id])


def connect() -> None:
    from .models import Escalation, PeerReview

    for model in (PeerReview, Escalation):
        name = model._meta.model_name
        post_save.connect(touch_submission, sender=model, dispatch_uid=f"peer_review-touch-{name}-save")
        post_delete.connect(touch_submission, sender=model, dispatch_uid=f"peer_review-touch-{name}-delete")
