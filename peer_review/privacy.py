"""A learner's peer reviews in "Dữ liệu của tôi", and their erasure (see ``accounts.privacy``).

Export: the reviews the person wrote (their words, about a plan named only by
its assignment), the reviews of their own plans (never who wrote them when
anonymous), their calibration attempts, a trainer's reasons for letting them
past calibration, and their exemplar consents.

Erasure: their name and e-mail are replaced wherever a review, a flag or a
calibration reason quoted them; their exemplar consents are withdrawn, so a
library page made from their plan is unpublished and uncredited. Reviews and
scores stay (a peer's grade depends on them), attached to the anonymised account.
"""

from django.db.models import Q

from accounts.privacy import scrub
from lms.personal_data import PersonalData

from .models import (
    CalibrationAttempt,
    CalibrationExample,
    CalibrationRelease,
    ExemplarConsent,
    PeerReview,
    PeerReviewCriterion,
)


def _review(review, *, named: bool) -> dict:
    return {
        "assignment": review.assignment.title,
        "self_assessment": review.is_self,
        "status": review.get_status_display(),
        "reviewer": review.reviewer.full_name if named else "",
        "score": review.score,
        "feedback": review.feedback,
        "criteria": [
            {"criterion": s.criterion.title, "level": s.level.label if s.level else "", "comment": s.comment}
            for s in review.criterion_scores.all()
        ],
        "submitted_at": review.submitted_at,
        "helpfulness": review.get_helpfulness_display() if review.helpfulness else "",
        "flagged": review.flagged,
    }


def export_data(user) -> PersonalData:
    related = ("assignment", "assignment__peer_review", "reviewer")
    prefetch = ("criterion_scores__criterion", "criterion_scores__level")
    given = PeerReview.objects.filter(reviewer=user).select_related(*related).prefetch_related(*prefetch)
    received = (
        PeerReview.objects.filter(submission__learner=user, status=PeerReview.Status.SUBMITTED)
        .exclude(reviewer=user)
        .select_related(*related)
        .prefetch_related(*prefetch)
    )
    return PersonalData(
        records={
            "reviews_written": [_review(r, named=True) for r in given],
            "reviews_received": [_review(r, named=not r.assignment.peer_review.anonymous) for r in received],
            "calibration": list(
                CalibrationAttempt.objects.filter(reviewer=user).values(
                    "example__assignment__title", "passed", "created_at"
                )
            ),
            "calibration_releases": list(
                CalibrationRelease.objects.filter(learner=user).values("assignment__title", "reason", "released_at")
            ),
            "exemplar_consents": list(
                ExemplarConsent.objects.filter(learner=user).values(
                    "submission__assignment__title", "credit", "given_at", "withdrawn_at"
                )
            ),
        }
    )


def erase_data(user, replacements) -> None:
    from .exemplars import withdraw_consent

    for consent in ExemplarConsent.objects.filter(learner=user, withdrawn_at__isnull=True):
        withdraw_consent(user, consent.submission)
    for consent in ExemplarConsent.objects.filter(learner=user, page__isnull=False).select_related("page"):
        page = consent.page.specific
        if page.author:
            page.author = ""
            page.save(update_fields=["author"])
        for revision in page.revisions.all():  # drafts keep the credit in their content
            if revision.content.get("author"):
                revision.content["author"] = ""
                revision.save(update_fields=["content"])
    previous = [value for value in replacements.get("previous", []) if value]
    if not previous:
        return
    replacement = replacements["full_name"]
    mentions = Q()
    for value in previous:
        mentions |= Q(feedback__contains=value) | Q(flag_reason__contains=value)
    for review in PeerReview.objects.filter(mentions):
        review.feedback = scrub(review.feedback, previous, replacement)
        review.flag_reason = scrub(review.flag_reason, previous, replacement)
        review.save(update_fields=["feedback", "flag_reason"])
    comments = Q()
    for value in previous:
        comments |= Q(comment__contains=value)
    for score in PeerReviewCriterion.objects.filter(comments):
        score.comment = scrub(score.comment, previous, replacement)
        score.save(update_fields=["comment"])
    reasons = Q()
    for value in previous:
        reasons |= Q(reasons__contains=value)
    for example in CalibrationExample.objects.filter(reasons):
        example.reasons = scrub(example.reasons, previous, replacement)
        example.save(update_fields=["reasons"])
    released = Q()
    for value in previous:
        released |= Q(reason__contains=value)
    for release in CalibrationRelease.objects.filter(released):
        release.reason = scrub(release.reason, previous, replacement)
        release.save(update_fields=["reason"])
