"""Public verification of certificates, and the learner's own certificates.

The verification pages show what the issue lists (status, holder, course,
programme, hours, dates, issuer, signatories, fingerprint) and nothing else:
no e-mail, no organisation, no date of birth. They are ``noindex`` and rate
limited per IP.
"""

import hashlib
import re
from datetime import date

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from lms.text import fold

from . import permissions, ratelimit
from .extensions import verification_panels
from .filecheck import compare_text
from .forms import NumberLookupForm, PdfCheckForm
from .models import Certificate
from .selectors import certificates_of


def _noindex(response):
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _too_many(request):
    return _noindex(render(request, "certificates/rate_limited.html", status=429))


@require_safe
def lookup(request):
    """The number lookup: with a second fact (name or date of birth), answers valid, revoked or not found.

    It shows nothing personal (no name: the holder may be a minor) and never
    leads to the verification page, whose address is for those the holder
    gave the certificate or its QR code to. A wrong second fact reads as "not
    found", so a number alone tells nothing. Rate limited per IP.
    """
    form = NumberLookupForm(request.GET or None)
    answer = None
    if form.is_bound:
        if not ratelimit.allow(request, "number"):
            return _too_many(request)
        if form.is_valid():
            answer = lookup_answer(form.cleaned_data["so"], form.cleaned_data["fact"])
    status = 404 if answer == "not_found" else 200
    return _noindex(render(request, "certificates/lookup.html", {"form": form, "answer": answer}, status=status))


def _second_fact_matches(snapshot: dict, fact: str) -> bool:
    """Whether ``fact`` is the holder's name (folded: no diacritics, case or extra spaces) or date of birth."""
    wanted = " ".join(fold(fact).split())
    name = " ".join(fold(snapshot.get("name", "")).split())
    if name and wanted == name:
        return True
    born = (snapshot.get("values") or {}).get("date_of_birth", "")
    digits = re.sub(r"\D", "", fact)
    return bool(born) and len(digits) == 8 and digits == re.sub(r"\D", "", born)


def lookup_answer(number: str, fact: str) -> str:
    """``"valid"``, ``"revoked"`` (revoked or superseded) or ``"not_found"`` (no such number, or a wrong fact)."""
    certificate = Certificate.objects.filter(number=number).only("status", "snapshot").first()
    if certificate is None or not _second_fact_matches(certificate.snapshot, fact):
        return "not_found"
    return "valid" if certificate.status == Certificate.Status.VALID else "revoked"


# Codes are ``secrets.token_urlsafe``: anything else cannot exist, and must not reach the
# database (PostgreSQL refuses a NUL in a query: a server error found by tests/test_fuzzing.py).
CODE_RE = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _certificate_or_404(code: str) -> Certificate:
    if not CODE_RE.fullmatch(code):
        raise Http404
    certificate = (
        Certificate.objects.select_related("superseded_by")
        .only(
            "number",
            "verification_code",
            "snapshot",
            "status",
            "issued_at",
            "revoked_at",
            "revocation_reason",
            "superseded_at",
            "sha256",
            "superseded_by__number",
            "superseded_by__verification_code",
        )
        .filter(verification_code=code)
        .first()
    )
    if certificate is None:
        raise Http404
    return certificate


def _verify_page(request, code, *, form=None, fingerprint=None, text_check=None, status=200):
    try:
        certificate = _certificate_or_404(code)
    except Http404:
        return _noindex(render(request, "certificates/not_found.html", {"code": code}, status=404))
    snapshot = certificate.snapshot
    context = {
        "certificate": certificate,
        # Whoever has the certificate's code (printed on it, in its QR) may read the holder's name, a minor's
        # too: the guardian chose to show it (issue 16). The number lookup, the JSON answer for machines and
        # the QR's offline token show a minor's initials only; the page is never indexed.
        "holder": _("Issued to an erased account") if snapshot.get("erased") else snapshot.get("name", ""),
        "minor": bool(snapshot.get("minor")),
        "labels": snapshot.get("labels") or {},
        "course": snapshot.get("course", ""),
        "programme": snapshot.get("programme", ""),
        "hours": int(snapshot["hours"]) if str(snapshot.get("hours", "")).isdigit() else None,
        "starts_on": _date(snapshot.get("starts_on")),
        "ends_on": _date(snapshot.get("ends_on")),
        "issuer": snapshot.get("issuer", ""),
        "signatories": snapshot.get("signatories", []),
        "form": form or PdfCheckForm(),
        "fingerprint": fingerprint,
        "text_check": text_check,
        "panels": verification_panels(certificate),
    }
    return _noindex(render(request, "certificates/verify.html", context, status=status))


def _date(value):
    return date.fromisoformat(value) if value else None


@require_safe
def verify(request, code):
    """The page the QR code opens: is this certificate genuine, and still valid?"""
    if not ratelimit.allow(request, "code"):
        return _too_many(request)
    return _verify_page(request, code)


# No CSRF token: the check changes nothing and reads no session (it hashes the
# uploaded file and compares), so the verification page holds no token and
# anonymous visitors get it from the page cache (lms.page_cache).
@csrf_exempt
@require_POST
def check_pdf(request, code):
    """Compare the SHA-256 of an uploaded PDF with the one recorded at issue."""
    if not ratelimit.allow(request, "fingerprint"):
        return _too_many(request)
    form = PdfCheckForm(request.POST, request.FILES)
    fingerprint = text_check = None
    if form.is_valid():
        data = b"".join(form.cleaned_data["pdf"].chunks())  # at most 5 MB (the form's limit)
        fingerprint = hashlib.sha256(data).hexdigest()
        certificate = Certificate.objects.filter(verification_code=code).only("sha256", "snapshot").first()
        if certificate is not None and fingerprint != certificate.sha256:
            text_check = compare_text(data, certificate.snapshot)
    return _verify_page(
        request,
        code,
        form=form,
        fingerprint=fingerprint,
        text_check=text_check,
        status=200 if form.is_valid() else 400,
    )


@login_required
@require_safe
def my_certificates(request):
    """The learner's certificates (the same list "Khóa học của tôi" includes)."""
    return render(request, "certificates/mine.html", {"certificates": certificates_of(request.user)})


@login_required
@require_safe
def download(request, pk):
    """The PDF as issued, to its learner and to managers; 404 for anyone else."""
    certificate = permissions.certificates_visible_to(request.user).filter(pk=pk).first()
    if certificate is None or not permissions.can_download(request.user, certificate) or not certificate.pdf:
        raise Http404  # an erased person's PDF is deleted (it printed their name)
    response = FileResponse(
        certificate.pdf.open("rb"),
        as_attachment=True,
        filename=certificate.download_filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
