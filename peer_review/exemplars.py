"""Exemplars: consent (given, withdrawn) and turning a plan into a draft library page.

A plan becomes a draft ``StemLessonPage`` of the lesson-plan library, credited
to its author or to nobody as they chose, and goes through the library's
Wagtail moderation workflow before anyone publishes it. Withdrawing consent
unpublishes the page (and cancels its workflow); the draft stays, unpublished,
for the record.

A consented plan with a released trainer's grade can also join its
assignment's calibration set (``use_as_calibration_example``): learners grade
it before reviewing peers. Withdrawing consent retires it from the set (the
learners' past attempts are kept).
"""

from __future__ import annotations

import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _

import audit
from assessment.models import Grade, LessonPlan, Submission
from stem_lessons.models import StemLessonIndexPage, StemLessonPage

from . import permissions
from .errors import PeerReviewError
from .models import CalibrationExample, ExemplarConsent, PeerReviewSettings


def give_consent(user, submission: Submission, credit: str) -> ExemplarConsent:
    """The author agrees that this handed-in version may become an exemplar (asked on its own)."""
    if submission.learner_id != getattr(user, "pk", None) or submission.is_draft:
        raise PermissionDenied
    if credit not in ExemplarConsent.Credit.values:
        raise PeerReviewError(_("Choose how you would be credited."))
    with transaction.atomic():
        consent, _created = ExemplarConsent.objects.select_for_update().get_or_create(
            submission=submission, defaults={"learner": user, "credit": credit, "given_at": timezone.now()}
        )
        consent.credit, consent.given_at, consent.withdrawn_at = credit, timezone.now(), None
        consent.save()
        audit.record("peer_review.exemplar_consent_given", actor=user, target=submission, credit=credit)
        return consent


def withdraw_consent(user, submission: Submission) -> ExemplarConsent:
    """The author withdraws: the library page made from the plan is unpublished at once."""
    with transaction.atomic():
        consent = ExemplarConsent.objects.select_for_update().filter(submission=submission).first()
        if consent is None or consent.learner_id != getattr(user, "pk", None):
            raise PermissionDenied
        consent.withdrawn_at = timezone.now()
        consent.save(update_fields=["withdrawn_at"])
        page = consent.page
        if page is not None:
            page = page.specific
            workflow_state = page.current_workflow_state
            # The author holds no page permission: the withdrawal acts for them (and is audited below).
            if workflow_state is not None:
                workflow_state.cancel(user=None)
            if page.live:
                page.unpublish(user=None, log_action=True)
        retired = list(
            CalibrationExample.objects.filter(reference__submission=submission, retired_at__isnull=True).values_list(
                "pk", flat=True
            )
        )
        CalibrationExample.objects.filter(pk__in=retired).update(retired_at=timezone.now())
        audit.record(
            "peer_review.exemplar_consent_withdrawn",
            actor=user,
            target=submission,
            page=consent.page_id,
            calibration_examples_retired=retired,
        )
        return consent


def eligible_score(submission: Submission):
    """The released trainer's score of the plan (exemplars need a trainer's grade)."""
    grade = Grade.objects.filter(submission=submission, kind=Grade.Kind.PRIMARY, released=True).first()
    return grade.score if grade else None


def _paragraphs(text: str) -> str:
    parts = [p.strip() for p in re.split(r"\n\s*\n", text or "") if p.strip()]
    return "".join(f"<p>{escape(p)}</p>" for p in parts) or "<p>—</p>"


def _grade_number(text: str) -> int:
    found = re.search(r"\d+", text or "")
    number = int(found.group()) if found else 6
    return min(max(number, 1), 12)


def propose(user, submission: Submission) -> StemLessonPage:
    """Turn the plan into a draft library page and start its moderation workflow."""
    if not permissions.can_propose_exemplar(user, submission):
        raise PermissionDenied
    with transaction.atomic():
        consent = ExemplarConsent.objects.select_for_update().filter(submission=submission).first()
        if consent is None or not consent.is_active:
            raise PeerReviewError(_("The author has not agreed to this plan being published."))
        if consent.page_id is not None:
            raise PeerReviewError(_("This plan has already been proposed as an exemplar."))
        settings = PeerReviewSettings.objects.filter(assignment_id=submission.assignment_id).first()
        minimum = settings.exemplar_min_score if settings else None
        score = eligible_score(submission)
        if score is None or (minimum is not None and score < minimum):
            raise PeerReviewError(
                _("An exemplar needs a trainer's grade of at least %(minimum)s.") % {"minimum": minimum or 0}
            )
        plan = LessonPlan.objects.filter(submission=submission).first()
        if plan is None:
            raise PeerReviewError(_("This version has no structured lesson plan to publish."))
        index = StemLessonIndexPage.objects.live().first() or StemLessonIndexPage.objects.first()
        if index is None:
            raise PeerReviewError(_("There is no lesson-plan library to publish it in."))
        page = StemLessonPage(
            title=plan.topic or _("STEM lesson plan"),
            slug=f"giao-an-mau-{submission.pk}",
            live=False,
            grade=_grade_number(plan.grade_level),
            summary=plan.problem[:300],
            author=submission.learner.full_name if consent.credit == ExemplarConsent.Credit.NAMED else "",
            problem=_paragraphs(plan.problem),
            criteria=_paragraphs(plan.product_criteria),
            safety_notes=_paragraphs(plan.safety),
            activities=[
                (
                    "activity",
                    {
                        "stage": str(number),
                        "duration": "",
                        "objective": activity["objective"] or "—",
                        "content": _paragraphs(activity["content"]),
                        "expected_product": activity["product"] or "—",
                        "organisation": _paragraphs(activity["organisation"]),
                    },
                )
                for number, activity in enumerate(plan.activity_list(), start=1)
            ],
        )
        index.add_child(instance=page)
        page.subjects.add(*(plan.subjects or []))
        revision = page.save_revision(user=user, log_action=True)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user)
        consent.page = page
        consent.proposed_by = user
        consent.proposed_at = timezone.now()
        consent.save(update_fields=["page", "proposed_by", "proposed_at"])
        audit.record(
            "peer_review.exemplar_proposed", actor=user, target=submission, page=page.pk, revision=revision.pk
        )
        return page


def use_as_calibration_example(user, submission: Submission, reasons: str) -> CalibrationExample:
    """Add a consented plan, with its released trainer's grade as the reference, to its assignment's
    calibration set; ``reasons`` (required) are what a learner whose grade was too far reads."""
    if not permissions.can_propose_exemplar(user, submission):
        raise PermissionDenied
    reasons = (reasons or "").strip()
    if not reasons:
        raise PeerReviewError(_("Write the reasons a learner reads when their grade is too far from yours."))
    with transaction.atomic():
        consent = ExemplarConsent.objects.select_for_update().filter(submission=submission).first()
        if consent is None or not consent.is_active:
            raise PeerReviewError(_("The author has not agreed to this plan being used as an example."))
        grade = Grade.objects.filter(submission=submission, kind=Grade.Kind.PRIMARY, released=True).first()
        if grade is None:
            raise PeerReviewError(_("An example needs a trainer's released grade."))
        example = CalibrationExample.objects.filter(assignment_id=submission.assignment_id, reference=grade).first()
        if example is not None and example.retired_at is None:
            raise PeerReviewError(_("This plan is already a calibration example."))
        if example is None:
            last = (
                CalibrationExample.objects.filter(assignment_id=submission.assignment_id)
                .order_by("-sort_order")
                .first()
            )
            example = CalibrationExample(
                assignment_id=submission.assignment_id,
                reference=grade,
                sort_order=(last.sort_order + 1) if last else 0,
            )
        example.reasons, example.retired_at = reasons, None
        example.save()
        audit.record("peer_review.calibration_example_added", actor=user, target=submission, example=example.pk)
        return example
