"""Public pages (calendar files), the registration form, the guardian's private page and the door."""

from __future__ import annotations

import datetime
import time

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST, require_safe

import audit
from certificates.ratelimit import client_ip

from . import calendar, emails, links, otp, participation, services
from .errors import RegistrationError
from .extensions import files_of, guardian_certificate_file
from .forms import (
    AdultConsentForm,
    AdultForm,
    ChildFormSet,
    CodeForm,
    ConsentForm,
    EmailForm,
    GuardianForm,
    SessionChoiceForm,
    WalkInForm,
)
from .listing import places_left, with_places
from .models import (
    ActivityPage,
    ActivitySession,
    Audience,
    Consent,
    ConsentText,
    Participant,
    Registrant,
    Registration,
)
from .models.survey import survey_links
from .participation import KIND, certificates_of_registrations
from .permissions import can_run_session

VERIFIED_KEY = "activities_verified_email"
PENDING_KEY = "activities_pending_email"
# The key of the registration form whose copy in the guardian's tab the next page drops (it was saved).
SAVED_FORM_KEY = "activities_saved_form"


def keep_key(activity) -> str:
    """The name under which the registration form keeps what is typed in the tab (``lms/static/js/keep.js``)."""
    return f"activities-register-{activity.pk}"


VERIFIED_SECONDS = 2 * 3600
REGISTER_PER_IP = 30  # registration forms sent per IP and hour


# --- Calendars ---------------------------------------------------------------------


@require_GET
def session_ics(request, pk: int):
    session = get_object_or_404(
        ActivitySession.objects.select_related("activity"),
        pk=pk,
        activity__in=ActivityPage.objects.live().public(),
    )
    response = HttpResponse(calendar.session_file(session), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="hoat-dong-{session.pk}.ics"'
    return response


@require_GET
def feed(request):
    response = HttpResponse(calendar.upcoming_feed(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="hoat-dong.ics"'
    return response


# --- Registration --------------------------------------------------------------------


def verified_email(request) -> tuple[str, str] | None:
    """(address, how it was verified) for this visitor, or None: a signed-in account, or a code in the last 2 h."""
    if request.user.is_authenticated and request.user.email:
        return request.user.email.lower(), Consent.Verification.ACCOUNT
    stored = request.session.get(VERIFIED_KEY)
    if stored and time.time() - stored.get("at", 0) < VERIFIED_SECONDS:
        return stored["email"], Consent.Verification.EMAIL_CODE
    return None


def _open_sessions(activity):
    now = timezone.now()
    sessions = with_places(
        ActivitySession.objects.filter(
            activity=activity, status=ActivitySession.Status.SCHEDULED, starts_at__gt=now
        ).order_by("starts_at", "pk")
    )
    result = []
    for session in sessions:
        if session.window_state(now) != "open":
            continue
        left = places_left(session)
        when = timezone.localtime(session.starts_at)
        places = _("places left: %(count)s") % {"count": left} if left else _("full: waiting list")
        session.label = f"{when:%d/%m/%Y %H:%M} · {session.venue_name} ({places})"
        result.append(session)
    return result


def _email_step(request, activity):
    """Ask for the address, send the code, check it. Returns a response, or None once verified."""
    email_form, code_form = EmailForm(), None
    pending = request.session.get(PENDING_KEY)
    if request.method == "POST" and request.POST.get("step") == "email":
        email_form = EmailForm(request.POST)
        if email_form.is_valid():
            address = otp.normalise(email_form.cleaned_data["email"])
            if not email_form.is_robot:
                if not otp.allowed_to_send(address, client_ip(request)):
                    messages.error(request, _("Too many codes were asked for. Wait an hour and try again."))
                    return redirect(request.get_full_path())
                if not otp.send_code(address):
                    messages.error(request, _("Too many wrong codes: wait 15 minutes before asking for a new one."))
                    return redirect(request.get_full_path())
            request.session[PENDING_KEY] = address
            messages.info(
                request, _("If the address is right, a 6-digit code is on its way. It is valid for 10 minutes.")
            )
            return redirect(request.get_full_path())
    elif request.method == "POST" and request.POST.get("step") == "code" and pending:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            result = otp.check_code(pending, code_form.cleaned_data["code"])
            if result.ok:
                request.session[VERIFIED_KEY] = {"email": pending, "at": time.time()}
                request.session.pop(PENDING_KEY, None)
                return redirect(request.get_full_path())
            reason = {
                "wrong": _("This code is not right. Check the last e-mail we sent and try again."),
                "expired": _("This code has expired or was replaced by a newer one: ask for a new code."),
                "paused": _("Too many wrong codes: wait 15 minutes, then ask for a new code."),
            }[result.reason]
            code_form.add_error("code", reason)
    if pending and code_form is None:
        code_form = CodeForm()
    context = {"activity": activity, "email_form": email_form, "code_form": code_form, "pending": pending}
    return render(request, "activities/register_email.html", context)


@never_cache
def register(request, pk: int):
    """Register (children, by a guardian; or oneself, an adult) for one or more sessions of an activity."""
    activity = get_object_or_404(ActivityPage.objects.live().public(), pk=pk)
    verified = verified_email(request)
    if verified is None:
        if request.method == "POST" and request.POST.get("step") == "register":
            # The confirmation expired while the form was filled: nothing is saved on the server (no
            # child's data is kept before consent is given); the tab's copy comes back after the code.
            messages.warning(
                request,
                _(
                    "Your e-mail confirmation has expired. Confirm your address again: what you typed is kept "
                    "in this tab and will be put back into the form."
                ),
            )
        return _email_step(request, activity)
    email, verification = verified
    sessions = _open_sessions(activity)
    children = activity.audience == Audience.CHILDREN
    text = ConsentText.current(activity.audience)
    data = request.POST if request.method == "POST" and request.POST.get("step") == "register" else None
    chosen = [int(pk) for pk in request.GET.getlist("buoi") if pk.isdigit()]
    session_form = SessionChoiceForm(data, sessions=sessions, initial={"sessions": chosen})
    if children:
        person_form = GuardianForm(data, prefix="guardian")
        formset = ChildFormSet(data, prefix="children")
        consent_form = ConsentForm(data, prefix="consent")
    else:
        initial = {"full_name": request.user.get_full_name()} if request.user.is_authenticated else {}
        person_form = AdultForm(data, prefix="adult", initial=initial)
        formset = None
        consent_form = AdultConsentForm(data, prefix="consent")
    errors: list[str] = []
    if data is not None:
        valid = all(
            [session_form.is_valid(), person_form.is_valid(), consent_form.is_valid()]
            + ([formset.is_valid()] if formset is not None else [])
        )
        if not otp._count(f"activities:register:ip:{client_ip(request)}", REGISTER_PER_IP):
            errors.append(_("Too many registrations from this network. Wait an hour and try again."))
        elif valid and person_form.is_robot:
            return redirect("activities:thanks")
        elif valid:
            choices = services.Choices(
                participation=consent_form.cleaned_data["participation"],
                health_data=consent_form.cleaned_data.get("health_data", False),
                photos=consent_form.cleaned_data["photos"],
                publishing=consent_form.cleaned_data["publishing"],
                child_agrees_to_publishing=consent_form.cleaned_data.get("child_agrees_to_publishing"),
            )
            guardian = services.Guardian(
                email=email,
                full_name=person_form.cleaned_data["full_name"],
                phone=person_form.cleaned_data.get("phone", ""),
                relationship=person_form.cleaned_data.get("relationship", ""),
                user=request.user if request.user.is_authenticated else None,
                verification=verification,
            )
            if children:
                people = [
                    services.Person(
                        full_name=form.cleaned_data["full_name"],
                        date_of_birth=form.cleaned_data["date_of_birth"],
                        school=form.cleaned_data["school"],
                        grade=form.cleaned_data["grade"],
                        gender=form.cleaned_data["gender"],
                        health_notes=form.cleaned_data["health_notes"],
                    )
                    for form in formset.forms
                    if form.cleaned_data
                ]
            else:
                people = [
                    services.Person(
                        full_name=guardian.full_name,
                        school=person_form.cleaned_data.get("organisation", ""),
                        is_child=False,
                    )
                ]
            try:
                outcome = services.register(
                    session_form.cleaned_data["sessions"],
                    people,
                    guardian,
                    choices,
                    audience=activity.audience,
                    consent_text=text,
                )
            except RegistrationError as error:
                errors = error.messages
            else:
                waiting = sum(r.status == Registration.Status.WAITLISTED for r in outcome.registrations)
                messages.success(
                    request,
                    _("Registration saved: %(count)s place(s). A confirmation e-mail is on its way.")
                    % {"count": len(outcome.registrations)},
                )
                if waiting:
                    messages.warning(
                        request,
                        _("%(count)s of them are on the waiting list: you will get an e-mail if a place frees up.")
                        % {"count": waiting},
                    )
                request.session[SAVED_FORM_KEY] = keep_key(activity)
                return redirect("activities:mine", token=links.make_token(email))
    context = {
        "activity": activity,
        "email": email,
        "children": children,
        "sessions": sessions,
        "session_form": session_form,
        "person_form": person_form,
        "formset": formset,
        "consent_form": consent_form,
        "consent_text": text,
        "errors": errors,
        "keep_key": keep_key(activity),
    }
    return render(request, "activities/register.html", context, status=400 if errors else 200)


@require_POST
def forget_email(request):
    """Use another address: forget the one verified in this browser."""
    request.session.pop(VERIFIED_KEY, None)
    request.session.pop(PENDING_KEY, None)
    return redirect(request.POST.get("next") if str(request.POST.get("next", "")).startswith("/") else "/")


def thanks(request):
    return render(request, "activities/thanks.html")


# --- The guardian's private page -----------------------------------------------------


@never_cache
def my_link(request):
    """Ask for a new private link: the same answer whether the address is known or not."""
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        address = otp.normalise(form.cleaned_data["email"])
        if not form.is_robot and otp.allowed_to_send(address, client_ip(request)):
            registrant = Registrant.objects.filter(email=address).first()
            if registrant is not None:
                emails.private_link(registrant)
        messages.info(request, _("If registrations exist for this address, a link to them is on its way."))
        return redirect("activities:my_link")
    return render(request, "activities/my_link.html", {"form": form})


def _registrant_for(token: str) -> Registrant:
    email = links.read_token(token)
    if email is None:
        raise Http404
    registrant = Registrant.objects.filter(email=email).first()
    if registrant is None:
        raise Http404
    return registrant


@never_cache
def mine(request, token: str):
    """A guardian's registrations, with each code's QR, cancel buttons and consent, from the private link."""
    registrant = _registrant_for(token)
    participants = list(
        registrant.participants.filter(anonymised_at__isnull=True).prefetch_related("consents").order_by("pk")
    )
    registrations = list(
        Registration.objects.filter(participant__registrant=registrant)
        .select_related("session", "session__activity", "participant")
        .order_by("session__starts_at", "pk")
    )
    surveys = survey_links(registrations)
    certificates = certificates_of_registrations(registrations)
    files = files_of(certificates.values())
    for row in registrations:
        row.qr = calendar.qr_svg(row.code)
        row.survey_url = surveys.get(row.pk, "")
        row.certificate = certificates.get(row.pk)
        row.certificate_files = files.get(row.certificate.pk, []) if row.certificate else []
    for person in participants:
        consents = sorted(person.consents.all(), key=lambda c: (c.given_at, c.pk))
        person.current_consent = consents[-1] if consents else None
    context = {
        "registrant": registrant,
        "participants": participants,
        "registrations": registrations,
        "token": token,
        "now": timezone.now(),
        "saved_form": request.session.pop(SAVED_FORM_KEY, ""),
    }
    response = render(request, "activities/mine.html", context)
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_POST
def cancel(request, token: str, registration_id: int):
    registrant = _registrant_for(token)
    registration = get_object_or_404(Registration, pk=registration_id, participant__registrant=registrant)
    try:
        services.cancel(registration, by_registrant=registrant)
    except RegistrationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The registration was cancelled."))
    return redirect("activities:mine", token=token)


@require_POST
def change_consent(request, token: str, participant_id: int):
    registrant = _registrant_for(token)
    participant = get_object_or_404(Participant, pk=participant_id, registrant=registrant, anonymised_at__isnull=True)
    withdrawal = request.POST.get("withdraw") == "all"
    choices = services.Choices(
        participation=request.POST.get("participation") == "on",
        health_data=request.POST.get("health_data") == "on",
        photos=request.POST.get("photos") == "on",
        publishing=request.POST.get("publishing") == "on",
        child_agrees_to_publishing=request.POST.get("child_agrees_to_publishing") == "on",
    )
    try:
        services.change_consent(participant, registrant, choices, withdrawal=withdrawal)
    except RegistrationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if withdrawal:
            messages.success(request, _("All consent was withdrawn and upcoming registrations were cancelled."))
        else:
            messages.success(request, _("Your choices were saved as a new consent record."))
    return redirect("activities:mine", token=token)


def guardian_certificate(token: str, certificate_id: int):
    """A certificate of participation of one of the link's registrations (a guardian's child's), or 404.

    Any other certificate (another guardian's, a class's) is a 404, as is a revoked, superseded or
    erased one, or any with an expired or forged link. Every file of the certificate the private
    page offers (its PDF, the files of ``activities.extensions``) is served after this one check.
    """
    from certificates.models import Certificate

    registrant = _registrant_for(token)
    found = (
        Certificate.objects.filter(
            pk=certificate_id,
            kind=KIND,
            source_type=ContentType.objects.get_for_model(Registration),
            source_id__in=Registration.objects.filter(participant__registrant=registrant).values("pk"),
            status=Certificate.Status.VALID,
        )
        .exclude(pdf="")
        .first()
    )
    if found is None:
        raise Http404
    return found


def _private_file(response):
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


@require_safe
def certificate(request, token: str, certificate_id: int):
    """A certificate of participation of one of the link's registrations (a guardian's child's): its PDF."""
    found = guardian_certificate(token, certificate_id)
    audit.record("activities.certificate_downloaded", request=request, target=found, number=found.number)
    return _private_file(
        FileResponse(
            found.pdf.open("rb"), as_attachment=True, filename=found.download_filename, content_type="application/pdf"
        )
    )


@require_safe
def certificate_file(request, token: str, certificate_id: int, key: str):
    """Another file of the same certificate registered by an app above (the digital credential, the badge)."""
    item = guardian_certificate_file(key)
    if item is None:
        raise Http404
    found = guardian_certificate(token, certificate_id)
    response = item.response(found)
    if response is None:
        raise Http404
    audit.record("activities.certificate_downloaded", request=request, target=found, number=found.number, file=key)
    return _private_file(response)


@require_POST
def request_erasure(request, token: str):
    """A guardian asks for all their data and their children's to be erased: a case with a clock."""
    from .cases import open_case

    registrant = _registrant_for(token)
    case = open_case(registrant, "erasure")
    messages.success(
        request,
        _(
            "Your request was received. It will be acknowledged by %(ack)s and carried out by %(done)s; we will tell you by e-mail."  # noqa: E501
        )
        % {"ack": f"{case.acknowledge_by:%d/%m/%Y}", "done": f"{case.complete_by:%d/%m/%Y}"},
    )
    return redirect("activities:mine", token=token)


# --- At the door ---------------------------------------------------------------------


def _session_for_staff(request, pk):
    session = get_object_or_404(ActivitySession.objects.select_related("activity"), pk=pk)
    if not can_run_session(request.user, session):
        raise Http404
    return session


@login_required
@never_cache
def checkin(request, pk: int):
    """The door's sheet on a phone: search by name or code, one tap per person, walk-ins by age band."""
    session = _session_for_staff(request, pk)
    query = request.GET.get("q", "").strip()
    rows = (
        session.registrations.exclude(status=Registration.Status.CANCELLED)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    if query:
        rows = rows.filter(Q(code__iexact=query.replace(" ", "").upper()) | Q(participant__full_name__icontains=query))
    walk_ins = list(session.walk_in_counts.order_by("recorded_at", "pk"))
    context = {
        "session": session,
        "rows": list(rows),
        "query": query,
        "walk_in_form": WalkInForm(),
        "walk_ins": walk_ins,
        "walk_in_total": sum(w.count for w in walk_ins),
        "present": session.registrations.filter(checked_in_at__isnull=False).count(),
        "to_certify": participation.qualifying().filter(session=session).count() if session.is_past else 0,
    }
    return render(request, "activities/checkin.html", context)


@login_required
@require_GET
def door_sheet(request, pk: int):
    """The session's check-in sheet as a PDF, for a venue without a network (marks typed in afterwards)."""
    from lms.pdf import render_pdf
    from lms.site import organisation_name

    from .models import WalkIn

    session = _session_for_staff(request, pk)
    rows = list(
        session.registrations.filter(status=Registration.Status.CONFIRMED)
        .select_related("participant")
        .order_by("participant__full_name", "pk")
    )
    pdf = render_pdf(
        "activities/pdf/door_sheet.html",
        {
            "session": session,
            "rows": rows,
            "age_bands": WalkIn.AgeBand.choices,
            "organisation": organisation_name(request),
        },
        title=_("Check-in sheet: %(activity)s") % {"activity": session.activity.title},
        author=organisation_name(request),
    )
    audit.record("activities.door_sheet_downloaded", request=request, target=session, names=len(rows))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="diem-danh-buoi-{session.pk}.pdf"'
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def checkin_mark(request, pk: int):
    session = _session_for_staff(request, pk)
    code = request.POST.get("code", "").replace(" ", "").upper()
    lookup = Q(pk=request.POST["registration"]) if request.POST.get("registration", "").isdigit() else Q(code=code)
    registration = session.registrations.filter(lookup).select_related("participant").first()
    if registration is None:
        messages.error(request, _("No registration with this code for this session."))
    else:
        try:
            services.check_in(registration, actor=request.user, present=request.POST.get("undo") != "1")
        except RegistrationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("%(name)s: saved.") % {"name": registration.participant.full_name})
    return redirect(reverse("activities:checkin", args=[session.pk]) + f"#r-{registration.pk if registration else ''}")


@login_required
@require_POST
def walk_ins(request, pk: int):
    session = _session_for_staff(request, pk)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose an age band and give a number of people between 1 and 500."))
    else:
        try:
            services.record_walk_ins(
                session,
                form.cleaned_data["age_band"],
                form.cleaned_data["gender"],
                form.cleaned_data["count"],
                actor=request.user,
            )
        except RegistrationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Walk-ins counted."))
    return redirect("activities:checkin", pk=session.pk)


@login_required
@require_POST
def issue_certificates(request, pk: int):
    """An organiser issues the certificates of participation of everyone checked in, once the session ended."""
    from certificates.services import CertificateError

    session = _session_for_staff(request, pk)
    try:
        issued = participation.issue_for_session(session, actor=request.user, request=request)
    except CertificateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Certificates of participation issued: %(count)s.") % {"count": len(issued)})
    return redirect("activities:checkin", pk=session.pk)


@login_required
def my_sessions(request):
    """The sessions a signed-in organiser (or manager) runs, to open their door sheet."""
    from .permissions import sessions_run_by

    sessions = with_places(
        sessions_run_by(request.user).filter(ends_at__gte=timezone.now() - datetime.timedelta(days=7))
    )
    if not sessions.exists() and not request.user.is_staff:
        raise PermissionDenied
    return render(request, "activities/my_sessions.html", {"sessions": sessions.order_by("starts_at")[:100]})
