"""The public face of the credentials (issuer, keys, status lists, JSON verification) and the holder's downloads.

Public answers carry ``Access-Control-Allow-Origin: *``: verifiers run in
other sites' pages and in wallets. Nothing public names a person except what
the verification page itself shows.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from certificates import ratelimit
from certificates.models import Certificate
from certificates.views import CODE_RE

from . import badge, keys, ob3, permissions, signing, status
from .models import Credential, StatusList

JSON_LD = "application/ld+json"


def _public(response, *, max_age: int = 300):
    response["Access-Control-Allow-Origin"] = "*"
    patch_cache_control(response, public=True, max_age=max_age)
    return response


def _json(data, *, content_type="application/json", status_code=200):
    return JsonResponse(
        data, status=status_code, content_type=content_type, json_dumps_params={"ensure_ascii": False, "indent": 2}
    )


@require_safe
def issuer(request):
    """The issuer's profile (Open Badges ``Profile``); asked for a JWK set, the issuer's public keys."""
    if "jwk-set+json" in request.headers.get("Accept", ""):
        return jwks(request)
    profile = {"@context": [ob3.CONTEXT_VC, ob3.CONTEXT_OB3], **ob3.issuer_profile()}
    return _public(_json(profile, content_type=JSON_LD), max_age=3600)


@require_safe
def jwks(request):
    """Every public key that verifies the issuer's credentials, old ones included (a rotation keeps them)."""
    published = keys.export_set(keys.all_keys(), private=False)
    return _public(_json(published, content_type="application/jwk-set+json"), max_age=3600)


@require_safe
def key(request, kid):
    """One public key, at the address the credentials' ``kid`` names."""
    found = keys.key_by_id(kid)
    if found is None:
        raise Http404
    return _public(_json(found.public_jwk(), content_type="application/jwk+json"), max_age=3600)


@require_safe
def status_list(request, pk):
    """The Bitstring Status List, signed (``application/vc+jwt``), cached publicly for a short while."""
    from django.conf import settings

    status_list = get_object_or_404(StatusList, pk=pk)
    try:
        signing_key = keys.signing_key()
    except keys.NoSigningKey:  # production before `credential_keys generate`: nothing to publish yet
        return HttpResponse("No signing key configured.", status=503, content_type="text/plain")
    document = status.list_credential(status_list)
    token = signing.sign(ob3.jwt_claims(document), signing_key, kid=ob3.key_url(signing_key.kid), typ="vc+jwt")
    response = HttpResponse(token, content_type="application/vc+jwt")
    response["ETag"] = '"' + hashlib.sha256(token.encode()).hexdigest()[:32] + '"'
    return _public(response, max_age=settings.CREDENTIAL_STATUS_LIST_MAX_AGE)


def _holder_credential(request, pk) -> Credential:
    credential = (
        permissions.credentials_visible_to(request.user)
        .select_related("certificate")
        .filter(certificate_id=pk)
        .first()
    )
    if credential is None or not permissions.can_download(request.user, credential):
        raise Http404
    return credential


def _attachment(response, filename: str):
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def _file_stem(certificate) -> str:
    return certificate.download_filename.removesuffix(".pdf").replace("giay-chung-nhan-", "chung-nhan-so-")


def json_file(credential: Credential) -> HttpResponse:
    """The credential as a VC 2.0 ``EnvelopedVerifiableCredential``: the VC-JWT in a JSON file."""
    envelope = {
        "@context": [ob3.CONTEXT_VC],
        "id": f"data:application/vc+jwt,{credential.jwt}",
        "type": "EnvelopedVerifiableCredential",
    }
    response = HttpResponse(json.dumps(envelope, indent=2), content_type="application/json")
    return _attachment(response, f"{_file_stem(credential.certificate)}.json")


def png_file(credential: Credential) -> HttpResponse:
    """The badge: a PNG seal with the VC-JWT baked in."""
    certificate = credential.certificate
    picture = badge.draw(certificate.number, f"{certificate.issued_at:%Y}")
    response = HttpResponse(badge.bake(picture, credential.jwt), content_type="image/png")
    return _attachment(response, f"{_file_stem(certificate)}.png")


@login_required
@require_safe
def download_json(request, pk):
    """The holder's credential as a JSON file (``json_file``)."""
    return json_file(_holder_credential(request, pk))


@login_required
@require_safe
def download_png(request, pk):
    """The holder's badge: a PNG seal with the VC-JWT baked in (``png_file``)."""
    return png_file(_holder_credential(request, pk))


@require_safe
def verify_json(request, code):
    """The verification page's answer for machines: status, achievement, dates and the credential."""
    if not ratelimit.allow(request, "code"):
        return _public(_json({"error": "rate_limited"}, status_code=429), max_age=0)
    certificate = None
    if CODE_RE.fullmatch(code):
        certificate = (
            Certificate.objects.select_related("credential__status_list").filter(verification_code=code).first()
        )
    if certificate is None:
        return _public(_json({"status": "not_found"}, status_code=404), max_age=60)
    return _public(_json(verification(certificate)), max_age=60)


def verification(certificate) -> dict:
    """What the JSON verification answer says of ``certificate`` (see ``verify_json``)."""
    snapshot = certificate.snapshot
    answer = {
        "status": certificate.status,
        "valid": certificate.status == Certificate.Status.VALID,
        "number": certificate.number,
        "holder": certificate.public_holder_name,  # a minor's initials, nothing once erased
        "achievement": {
            "course": snapshot.get("course", ""),
            "programme": snapshot.get("programme", ""),
            "hours": snapshot.get("hours", ""),
            "startDate": snapshot.get("starts_on", ""),
            "endDate": snapshot.get("ends_on", ""),
        },
        "issuer": snapshot.get("issuer", ""),
        "issuedOn": ob3.iso(certificate.issued_at),
        "verificationUrl": certificate.get_verification_url(),
    }
    if certificate.status == Certificate.Status.REVOKED:
        answer["revokedOn"] = ob3.iso(certificate.revoked_at) if certificate.revoked_at else ""
        answer["revocationReason"] = certificate.revocation_reason
    credential = getattr(certificate, "credential", None)
    if credential is not None and credential.jwt:  # an erased person's token is gone
        try:
            _header, claims = signing.verify(credential.jwt)
            signature = "valid"
        except signing.InvalidCredential:
            claims, signature = {}, "invalid"
        answer["credential"] = {
            "format": "vc+jwt",
            "jwt": credential.jwt,
            "signature": signature,
            "document": ob3.credential_from_claims(claims) if claims else None,
            "statusList": status.list_url(credential.status_list_id),
            "statusListIndex": credential.status_index,
            "revoked": credential.revoked,
            "keys": ob3.issuer_id(),
        }
    return answer
