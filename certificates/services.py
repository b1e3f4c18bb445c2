"""Every state change of certificates: completion, issue, revoke, reissue.

Each function checks permission, writes in a transaction, records an audit
entry and returns its result; views, admin screens, tasks and signal
receivers call them; :func:`issue_for_enrolment`, the background task that
issues, is defined here beside :func:`issue`, so that scheduling it needs no
import of another module. Issuing happens in three steps, in this order:

1. take a number (:func:`numbering.allocate_number`, committed on its own);
2. build the snapshot and render the PDF (slow, outside any transaction);
3. store the PDF and write the certificate in one transaction.

A failure after step 1 leaves a gap in the numbers, never a reused number. A bulk
job (``bulk``) takes its numbers in blocks, renders with :func:`prepare_completion`
and writes a batch at a time with :func:`store_completions`.
"""

from __future__ import annotations

import hashlib
import logging
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_tasks import task

import audit
from enrolment.models import Enrolment
from enrolment.services import mark_completed

from . import notifications, permissions, signals
from .completion import CompletionResult, evaluate_many
from .extensions import CertificateHolder, CertificateKind, certificate_kind, qr_fragment
from .models import (
    Certificate,
    CertificateTemplate,
    CompletionCheck,
    CompletionRule,
    ProgrammeCertificateSettings,
    Signatory,
)
from .numbering import allocate_number
from .rendering import build_snapshot, render_snapshot

log = logging.getLogger(__name__)
NUMBER_ATTEMPTS = 3


class CertificateError(Exception):
    """A certificate action that cannot be done; the message is for the person who asked."""


class NotEligible(CertificateError):
    pass


class AlreadyIssued(CertificateError):
    pass


# --- Completion ---------------------------------------------------------------


def check_completion(enrolment: Enrolment) -> CompletionResult | None:
    """Re-check one enrolment; see :func:`check_completion_many`."""
    results = check_completion_many([enrolment])
    return results[0] if results else None


def check_completion_many(enrolments) -> list[CompletionResult]:
    """Apply the completion rule to the active enrolments among ``enrolments``.

    Those that meet it, with no manager's confirmation required, become
    completed, and their certificates are issued in the background once the
    transaction commits. The others are left as they are (they appear in the
    "ready to certify" list when only the confirmation is missing).
    """
    active = [e for e in enrolments if e.status == Enrolment.Status.ACTIVE]
    results = evaluate_many(active)
    _record_checks(results)
    for result in results:
        if result.completes_automatically:
            mark_completed(result.enrolment, actor=None, note="completion rule met")
            schedule_issue(result.enrolment.pk)
    return results


def _record_checks(results: list[CompletionResult]) -> None:
    """Keep the last evaluation of each enrolment, for the "ready to certify" list (one query)."""
    now = timezone.now()
    CompletionCheck.objects.bulk_create(
        [
            CompletionCheck(
                enrolment_id=result.enrolment.pk,
                criteria_met=result.criteria_met,
                details=[{"label": str(c.label), "met": c.met, "detail": str(c.detail)} for c in result.criteria],
                checked_at=now,
            )
            for result in results
        ],
        update_conflicts=True,
        unique_fields=["enrolment"],
        update_fields=["criteria_met", "details", "checked_at"],
    )


def confirm_completion(enrolment: Enrolment, *, actor, request=None) -> Enrolment:
    """A manager confirms that the learner completed: the enrolment is completed, the certificate follows."""
    if not permissions.can_issue(actor):
        raise PermissionDenied
    if enrolment.status not in (Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED):
        raise NotEligible(_("Only an active enrolment can be confirmed as completed."))
    with transaction.atomic():
        enrolment = mark_completed(enrolment, actor=actor, note="completion confirmed")
        audit.record("certificates.confirm_completion", actor=actor, target=enrolment, request=request)
        schedule_issue(enrolment.pk, issued_by_id=actor.pk)
    return enrolment


def schedule_issue(enrolment_id: int, *, issued_by_id: int | None = None) -> None:
    """Issue the certificate of ``enrolment_id`` in the background after the transaction commits."""
    transaction.on_commit(lambda: issue_for_enrolment.enqueue(enrolment_id, issued_by_id))


# --- Issue ----------------------------------------------------------------------


def template_for(course, programme) -> CertificateTemplate:
    """The course's template, else the programme's default, else the first one, else a blank default."""
    rule = CompletionRule.objects.filter(course=course).select_related("template").first()
    if rule and rule.template:
        return rule.template
    settings_row = (
        ProgrammeCertificateSettings.objects.filter(programme=programme).select_related("default_template").first()
    )
    if settings_row and settings_row.default_template:
        return settings_row.default_template
    return CertificateTemplate.objects.order_by("pk").first() or CertificateTemplate(name="—")


def issue_certificate(enrolment: Enrolment, *, actor, request=None) -> Certificate:
    """A manager issues the certificate of a completed enrolment."""
    if not permissions.can_issue(actor):
        raise PermissionDenied
    return issue(enrolment, issued_by=actor, request=request)


def issue(enrolment: Enrolment, *, issued_by=None, request=None) -> Certificate:
    """Issue the certificate of a completed enrolment (no permission check: for tasks and services).

    Raises :class:`NotEligible` unless the enrolment is completed, and
    :class:`AlreadyIssued` if it has a valid certificate.
    """
    enrolment = Enrolment.objects.select_related("user", "cohort__course").get(pk=enrolment.pk)
    if enrolment.status != Enrolment.Status.COMPLETED:
        raise NotEligible(_("The learner has not completed this class."))
    if Certificate.objects.filter(enrolment=enrolment, status=Certificate.Status.VALID).exists():
        raise AlreadyIssued(_("This learner already has a valid certificate for this class."))
    certificate = _create(enrolment, issued_by=issued_by)
    return certificate


@task()
def issue_for_enrolment(enrolment_id: int, issued_by_id: int | None = None) -> str | None:
    """The background task of :func:`issue`: the certificate of a completed enrolment, unless it has
    one; returns its number."""
    issued_by = get_user_model().objects.filter(pk=issued_by_id).first() if issued_by_id else None
    try:
        return issue(Enrolment(pk=enrolment_id), issued_by=issued_by).number
    except AlreadyIssued:
        return None


def snapshot_for(certificate: Certificate, template, site_settings, part: dict | None = None) -> dict:
    """What ``certificate`` prints: its learner, class, course and programme as they are now.

    ``part``: the template's part of the snapshot, when building many at once.
    """
    enrolment, cohort, course, programme = (
        certificate.enrolment,
        certificate.cohort,
        certificate.course,
        certificate.programme,
    )
    with translation.override(template.language):
        snapshot = build_snapshot(
            template=template,
            site_settings=site_settings,
            learner_name=enrolment.user.full_name,
            date_of_birth=getattr(enrolment.user, "date_of_birth", None),
            course=course.title,
            programme=programme.title,
            hours=course.duration_hours,
            cohort_code=cohort.code,
            cohort_title=cohort.title,
            starts_on=cohort.starts_on,
            ends_on=cohort.ends_on,
            result=pgettext("certificate result", "Completed"),
            number=certificate.number,
            issued_at=certificate.issued_at,
            verification_url=certificate.get_verification_url(),
            part=part,
        )
    # What apps above add to the QR code (credentials: a signed offline token in the fragment).
    fragment, data = qr_fragment(certificate, snapshot)
    if fragment:
        snapshot["qr_url"] = f"{snapshot['verification_url']}#{fragment}"
        snapshot.update(data)
    return snapshot


def _completion_fields(enrolment: Enrolment, programme) -> dict:
    """The rows a completion certificate of ``enrolment`` names (its class, course and programme)."""
    return {
        "kind": Certificate.COMPLETION,
        "enrolment": enrolment,
        "learner": enrolment.user,
        "holder_email": enrolment.user.email,
        "cohort": enrolment.cohort,
        "course": enrolment.cohort.course,
        "programme": programme,
    }


def _create(enrolment: Enrolment, *, issued_by, replacing: Certificate | None = None, reason: str = ""):
    """Number, render, store and record a completion certificate (and supersede ``replacing``)."""
    cohort = enrolment.cohort
    course = cohort.course
    programme = course.programme
    template = template_for(course, programme)
    site_settings = _site_settings()
    fields = _completion_fields(enrolment, programme)
    return _number_render_store(
        fields,
        template,
        number=lambda: allocate_number(programme),
        snapshot=lambda certificate: snapshot_for(certificate, template, site_settings),
        issued_by=issued_by,
        replacing=replacing,
        reason=reason,
        already=_("This learner already has a valid certificate for this class."),
    )


def _number_render_store(fields, template, *, number, snapshot, issued_by, replacing, reason, already):
    """The steps every kind shares: take a number, build the snapshot, render, store; retry a taken number."""
    issued_by = issued_by if getattr(issued_by, "is_authenticated", False) else None
    for attempt in range(NUMBER_ATTEMPTS):
        taken = number()
        certificate, pdf = _prepare(fields, template, number=taken, snapshot=snapshot, issued_by=issued_by)
        try:
            _store(certificate, pdf, replacing=replacing, reason=reason)
        except IntegrityError:
            if Certificate.objects.filter(number=taken).exists() and attempt + 1 < NUMBER_ATTEMPTS:
                log.warning("Certificate number %s already taken; taking the next one", taken)
                continue
            if _valid_exists(certificate):
                raise AlreadyIssued(already) from None
            raise
        return certificate
    raise CertificateError("no free certificate number")  # pragma: no cover - the loop returns or raises


def _prepare(fields, template, *, number: str, snapshot, issued_by) -> tuple[Certificate, bytes]:
    """An unsaved certificate numbered ``number``, with its snapshot, and its rendered PDF (the slow part)."""
    certificate = Certificate(
        number=number,
        verification_code=secrets.token_urlsafe(24),  # 192 random bits
        template=template if template.pk else None,
        issued_at=timezone.now().replace(microsecond=0),
        issued_by=issued_by,
        **fields,
    )
    certificate.snapshot = snapshot(certificate)
    pdf = render_snapshot(certificate.snapshot)
    certificate.sha256 = hashlib.sha256(pdf).hexdigest()
    certificate.pdf_size = len(pdf)
    return certificate, pdf


# --- Many completion certificates with numbers taken beforehand (bulk issue) ---------


@dataclass
class ClassContext:
    """What every certificate of one class shares: built once for many (see :func:`prepare_completion`)."""

    programme: object
    template: CertificateTemplate
    site_settings: object
    part: dict


@dataclass
class Prepared:
    """A completion certificate numbered and rendered, not yet stored."""

    certificate: Certificate
    pdf: bytes


@dataclass
class StoreOutcome:
    """What :func:`store_completions` did with each prepared certificate."""

    written: list[Certificate] = field(default_factory=list)
    already: list[Prepared] = field(default_factory=list)  # the learner had a valid certificate meanwhile
    refused: list[tuple[Prepared, str]] = field(default_factory=list)  # the database refused it (a taken number)


def class_context(cohort) -> ClassContext:
    """The template, site settings and template part of ``cohort``'s certificates."""
    from .rendering import template_part

    programme = cohort.course.programme
    template = template_for(cohort.course, programme)
    site_settings = _site_settings()
    return ClassContext(programme, template, site_settings, template_part(template, site_settings))


def prepare_completion(enrolment: Enrolment, number: str, *, issued_by, context: ClassContext) -> Prepared:
    """Build and render the completion certificate of ``enrolment`` with a number taken beforehand.

    Nothing is written and no transaction is open: several workers render at once. ``enrolment``
    comes with its user and cohort's course (``select_related``); it is not checked here, see
    :func:`store_completions`.
    """
    fields = _completion_fields(enrolment, context.programme)
    issued_by = issued_by if getattr(issued_by, "is_authenticated", False) else None
    certificate, pdf = _prepare(
        fields,
        context.template,
        number=number,
        snapshot=lambda c: snapshot_for(c, context.template, context.site_settings, part=context.part),
        issued_by=issued_by,
    )
    return Prepared(certificate, pdf)


def store_completions(prepared: list[Prepared], *, inside: Callable[[StoreOutcome], None]) -> StoreOutcome:
    """Store the PDFs and write the certificates of ``prepared`` in one transaction.

    Under the row locks of their enrolments, a learner who got a valid certificate meanwhile is
    left out (``already``), and a certificate the database refuses (its number taken by another
    format, say) is rolled back alone (``refused``). ``inside(outcome)`` runs in the same
    transaction, so what the caller counts commits with the certificates or not at all. The PDFs
    of certificates not written are removed.
    """
    for item in prepared:
        item.certificate.pdf.save(item.certificate.download_filename, ContentFile(item.pdf), save=False)
    outcome = StoreOutcome()
    try:
        with transaction.atomic():
            enrolment_ids = [item.certificate.enrolment_id for item in prepared]
            list(Enrolment.objects.select_for_update().filter(pk__in=enrolment_ids).values_list("pk", flat=True))
            holding = set(
                Certificate.objects.filter(
                    enrolment_id__in=enrolment_ids, status=Certificate.Status.VALID
                ).values_list("enrolment_id", flat=True)
            )
            for item in prepared:
                if item.certificate.enrolment_id in holding:
                    outcome.already.append(item)
                    continue
                try:
                    with transaction.atomic():
                        _write(item.certificate, replacing=None, reason="")
                except IntegrityError as error:
                    item.certificate.pk = None
                    outcome.refused.append((item, str(error)[:200]))
                else:
                    outcome.written.append(item.certificate)
                    holding.add(item.certificate.enrolment_id)
            inside(outcome)
    except BaseException:
        for item in prepared:
            item.certificate.pdf.storage.delete(item.certificate.pdf.name)
        raise
    for item in [*outcome.already, *(item for item, _error in outcome.refused)]:
        item.certificate.pdf.storage.delete(item.certificate.pdf.name)
    return outcome


def _valid_exists(certificate: Certificate) -> bool:
    """Whether what ``certificate`` is for (its enrolment, or its source row) already has a valid one."""
    valid = Certificate.objects.filter(status=Certificate.Status.VALID)
    if certificate.enrolment_id:
        return valid.filter(enrolment_id=certificate.enrolment_id).exists()
    return valid.filter(
        kind=certificate.kind, source_type_id=certificate.source_type_id, source_id=certificate.source_id
    ).exists()


# --- Certificates of registered kinds (participation, awards...) ----------------------


def _kind_or_error(key: str) -> CertificateKind:
    kind = certificate_kind(key)
    if kind is None:
        raise CertificateError(f"No certificate kind {key!r} is registered.")
    return kind


def default_template(kind: CertificateKind, programme=None) -> CertificateTemplate:
    """The kind's own text on the layout of a completion certificate's template, never saved.

    The layout (language, orientation, motto, issuer, place, logo, colours, background) and the
    signature block (its signatories, their positions and signature images) come from the
    programme's default template, else the first template, as a completion certificate's would;
    with no template at all, a blank one without signatories.
    """
    base = None
    if programme is not None:
        row = (
            ProgrammeCertificateSettings.objects.filter(programme=programme).select_related("default_template").first()
        )
        base = row.default_template if row else None
    base = base or CertificateTemplate.objects.order_by("pk").first()
    template = CertificateTemplate(name="—", title=kind.title, body=kind.body or CertificateTemplate().body)
    if base is not None:
        for field in ("language", "orientation", "national_motto", "issuer_superior", "issuer_name", "place"):
            setattr(template, field, getattr(base, field))
        template.logo_id, template.show_logo = base.logo_id, base.show_logo
        template.accent_colour, template.background_id = base.accent_colour, base.background_id
        # Who signs: copies in memory (modelcluster keeps them on the unsaved template).
        template.signatories = [
            Signatory(sort_order=s.sort_order, position=s.position, name=s.name, signature_id=s.signature_id)
            for s in base.signatories.order_by("sort_order", "pk")
        ]
    return template


def issue_for_source(kind_key: str, source, *, issued_by=None, request=None) -> Certificate:
    """Issue the certificate of kind ``kind_key`` for ``source`` (a row of the app that registered the kind).

    No permission check: the registering app checks who may ask and whether ``source`` qualifies
    (a participant checked in at a session that has ended, say). Raises :class:`AlreadyIssued`
    when ``source`` has a valid certificate of that kind.
    """
    from django.contrib.contenttypes.models import ContentType

    kind = _kind_or_error(kind_key)
    source_type = ContentType.objects.get_for_model(source)
    if f"{source_type.app_label}.{source_type.model}" != kind.source_model.lower():
        raise CertificateError(f"A {kind.key} certificate is issued for {kind.source_model}, not {source_type}.")
    if Certificate.objects.filter(
        kind=kind.key, source_type=source_type, source_id=source.pk, status=Certificate.Status.VALID
    ).exists():
        raise AlreadyIssued(_("This person already has a valid certificate for this."))
    return _create_for_source(kind, source, source_type, issued_by=issued_by)


def _create_for_source(kind: CertificateKind, source, source_type, *, issued_by, replacing=None, reason=""):
    holder = kind.holder(source)
    template = holder.template or default_template(kind, holder.programme)
    site_settings = _site_settings()
    fields = {
        "kind": kind.key,
        "source_type": source_type,
        "source_id": source.pk,
        "learner": holder.user,
        "holder_email": holder.email,
        "holder_is_minor": holder.is_minor,
        "programme": holder.programme,
    }
    programme_id = holder.programme.pk if holder.programme is not None else 0
    return _number_render_store(
        fields,
        template,
        number=lambda: allocate_number(
            holder.programme,
            series=f"{kind.key}:{programme_id}",
            number_format=kind.number_format,
            code=holder.number_code,
        ),
        snapshot=lambda certificate: holder_snapshot(certificate, kind, holder, template, site_settings),
        issued_by=issued_by,
        replacing=replacing,
        reason=reason,
        already=_("This person already has a valid certificate for this."),
    )


def holder_snapshot(
    certificate: Certificate, kind: CertificateKind, holder: CertificateHolder, template, site_settings
) -> dict:
    """What a certificate of a registered kind prints: its holder and source as they are now."""
    with translation.override(template.language):
        snapshot = build_snapshot(
            template=template,
            site_settings=site_settings,
            learner_name=holder.name,
            date_of_birth=holder.date_of_birth,
            course=holder.title,
            programme=holder.programme_title,
            hours=holder.hours,
            cohort_code=holder.detail,
            cohort_title=holder.detail,
            starts_on=holder.starts_on,
            ends_on=holder.ends_on,
            result=holder.result,
            number=certificate.number,
            issued_at=certificate.issued_at,
            verification_url=certificate.get_verification_url(),
            extra_values={"activity": holder.title, "session": holder.detail},
            extra={
                "kind": kind.key,
                "minor": holder.is_minor,
                "labels": {"subject": str(kind.subject_label), "detail": str(kind.detail_label)},
            },
        )
    fragment, data = qr_fragment(certificate, snapshot)
    if fragment:
        snapshot["qr_url"] = f"{snapshot['verification_url']}#{fragment}"
        snapshot.update(data)
    return snapshot


def _store(certificate: Certificate, pdf: bytes, *, replacing: Certificate | None, reason: str) -> None:
    """Save the PDF privately and write the rows in one transaction; remove the file if that fails."""
    certificate.pdf.save(certificate.download_filename, ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            if certificate.enrolment_id:
                Enrolment.objects.select_for_update().filter(pk=certificate.enrolment_id).first()
            _write(certificate, replacing=replacing, reason=reason)
    except BaseException:
        certificate.pdf.storage.delete(certificate.pdf.name)
        raise


def _write(certificate: Certificate, *, replacing: Certificate | None, reason: str) -> None:
    """The rows of an issue (or a reissue), its audit entry, signal and e-mail; inside the caller's transaction."""
    if replacing is not None:
        old = Certificate.objects.select_for_update().get(pk=replacing.pk)
        if old.status != Certificate.Status.VALID:
            raise CertificateError(_("Only a valid certificate can be reissued."))
        old.status = Certificate.Status.SUPERSEDED
        old.superseded_at = certificate.issued_at
        old.save(update_fields=["status", "superseded_at"])
    certificate.save()
    if replacing is not None:
        old.superseded_by = certificate
        old.save(update_fields=["superseded_by"])
        signals.certificate_withdrawn.send(sender=Certificate, certificate=old)
        audit.record(
            "certificates.reissue",
            actor=certificate.issued_by,
            target=certificate,
            number=certificate.number,
            replaces=old.number,
            reason=reason,
        )
    else:
        audit.record(
            "certificates.issue",
            actor=certificate.issued_by,
            target=certificate,
            number=certificate.number,
            sha256=certificate.sha256,
        )
    signals.certificate_issued.send(sender=Certificate, certificate=certificate)
    notifications.certificate_issued(certificate)  # queued: sent once this commits


# --- Revoke and reissue ------------------------------------------------------------


def revoke_certificate(certificate: Certificate, *, actor, reason: str, request=None) -> Certificate:
    """Revoke a valid certificate; ``reason`` is required and shown on the verification page."""
    if not permissions.can_revoke(actor, certificate):
        raise PermissionDenied
    reason = " ".join((reason or "").split())
    if not reason:
        raise CertificateError(_("Give the reason for revoking the certificate."))
    with transaction.atomic():
        certificate = Certificate.objects.select_for_update().get(pk=certificate.pk)
        if certificate.status != Certificate.Status.VALID:
            raise CertificateError(_("Only a valid certificate can be revoked."))
        certificate.status = Certificate.Status.REVOKED
        certificate.revoked_at = timezone.now()
        certificate.revoked_by = actor
        certificate.revocation_reason = reason
        certificate.save(update_fields=["status", "revoked_at", "revoked_by", "revocation_reason"])
        audit.record(
            "certificates.revoke",
            actor=actor,
            target=certificate,
            request=request,
            number=certificate.number,
            reason=reason,
        )
        signals.certificate_withdrawn.send(sender=Certificate, certificate=certificate)
        notifications.certificate_revoked(certificate)
    return certificate


def reissue_certificate(certificate: Certificate, *, actor, reason: str = "", request=None) -> Certificate:
    """Issue a corrected certificate with a new number; the old one becomes superseded and links to it."""
    if not permissions.can_revoke(actor, certificate):
        raise PermissionDenied
    if certificate.status != Certificate.Status.VALID:
        raise CertificateError(_("Only a valid certificate can be reissued."))
    reason = " ".join((reason or "").split())
    if certificate.enrolment_id is None:
        kind = _kind_or_error(certificate.kind)
        source = certificate.source_type.get_object_for_this_type(pk=certificate.source_id)
        return _create_for_source(
            kind, source, certificate.source_type, issued_by=actor, replacing=certificate, reason=reason
        )
    enrolment = Enrolment.objects.select_related("user", "cohort__course").get(pk=certificate.enrolment_id)
    return _create(enrolment, issued_by=actor, replacing=certificate, reason=reason)


def _site_settings():
    from lms.site import site_settings

    return site_settings()
