"""What credentials add to other apps' pages and commands, through their registries."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from activities.extensions import GuardianCertificateFile
from certificates.extensions import CertificateLink, CertificateLinks, QrFragment, VerificationPanel
from lms.demo import DemoLoader


def links_for_certificates(certificates) -> dict:
    """Downloads and "Add to LinkedIn" for each valid certificate that has a credential (one query)."""
    from lms.site import organisation_name

    from .linkedin import add_to_profile_url
    from .models import Credential

    valid = [c for c in certificates if c.status == "valid"]
    if not valid:
        return {}
    signed = set(
        Credential.objects.filter(certificate__in=[c.pk for c in valid])
        .exclude(jwt="")
        .values_list("certificate_id", flat=True)
    )
    # Every snapshot names its issuer; the site's organisation only for one that does not (no query otherwise).
    organisation = "" if all(c.snapshot.get("issuer") for c in valid) else organisation_name()
    links = {}
    for certificate in valid:
        if certificate.pk not in signed:
            continue
        stem = certificate.download_filename.removesuffix(".pdf").replace("giay-chung-nhan-", "chung-nhan-so-")
        snapshot = certificate.snapshot
        links[certificate.pk] = [
            CertificateLink(
                _("Digital credential (.json)"),
                reverse("credentials:download_json", args=[certificate.pk]),
                download=f"{stem}.json",
                title=_("Open Badges 3.0, signed by the issuer: for a digital wallet or an employer's system"),
            ),
            CertificateLink(
                _("Badge (.png)"),
                reverse("credentials:download_png", args=[certificate.pk]),
                download=f"{stem}.png",
                title=_("A picture that carries the signed credential"),
            ),
            CertificateLink(
                _("Add to LinkedIn profile"),
                add_to_profile_url(
                    name=snapshot.get("course", ""),
                    organisation=snapshot.get("issuer") or organisation,
                    issued_at=certificate.issued_at,
                    number=certificate.number,
                    verification_url=certificate.get_verification_url(),
                ),
                external=True,
            ),
        ]
    return links


@hooks.register("register_certificate_links")
def credential_links():
    return CertificateLinks(links=links_for_certificates, order=20)


# --- A child's credential, for the guardian's private link (activities) ------------------------


def signed_certificate_ids(certificates) -> set[int]:
    """Which of ``certificates`` have a signed credential (one query)."""
    from .models import Credential

    return set(
        Credential.objects.filter(certificate__in=[c.pk for c in certificates])
        .exclude(jwt="")
        .values_list("certificate_id", flat=True)
    )


def _signed_credential(certificate):
    """The certificate's signed credential, or None (the guardian's view has checked the certificate)."""
    from .models import Credential

    credential = Credential.objects.filter(certificate=certificate).exclude(jwt="").first()
    if credential is not None:
        credential.certificate = certificate
    return credential


def guardian_json(certificate):
    from .views import json_file

    credential = _signed_credential(certificate)
    return json_file(credential) if credential else None


def guardian_png(certificate):
    from .views import png_file

    credential = _signed_credential(certificate)
    return png_file(credential) if credential else None


@hooks.register("register_guardian_certificate_file")
def guardian_credential_json():
    return GuardianCertificateFile(
        key="chung-nhan-so",
        label=_("Digital credential (.json)"),
        title=_("Open Badges 3.0, signed by the issuer: for a digital wallet or an employer's system"),
        available=signed_certificate_ids,
        response=guardian_json,
        order=10,
    )


@hooks.register("register_guardian_certificate_file")
def guardian_badge_png():
    return GuardianCertificateFile(
        key="huy-hieu",
        label=_("Badge (.png)"),
        title=_("A picture that carries the signed credential"),
        available=signed_certificate_ids,
        response=guardian_png,
        order=20,
    )


def panel_context(certificate) -> dict:
    from . import keys
    from .models import Credential
    from .status import list_url

    credential = (
        Credential.objects.filter(certificate_id=certificate.pk)
        .only("uuid", "status_list_id", "status_index", "revoked", "kid")
        .first()
    )
    return {
        "credential": credential,
        "json_url": reverse("credentials:verify_json", args=[certificate.verification_code]),
        "status_list_url": list_url(credential.status_list_id) if credential else "",
        "issuer_url": reverse("credentials:issuer"),
        "jwks_url": reverse("credentials:jwks"),
        # For the QR code's offline check in the browser (credentials/offline.js).
        "public_keys": keys.export_set(keys.all_keys(), private=False)["keys"],
    }


@hooks.register("register_verification_panel")
def credential_panel():
    return VerificationPanel("credentials/includes/verify_panel.html", context=panel_context, order=10)


@hooks.register("register_qr_fragment")
def offline_token():
    from .offline import SNAPSHOT_KEY, make

    return QrFragment(key=SNAPSHOT_KEY, fragment=make, order=10)


@hooks.register("register_demo_loader")
def credentials_demo():
    from . import demo

    return DemoLoader("credentials", demo.load, order=85)


@hooks.register("register_admin_urls")
def signing_keys_urls():
    from django.urls import path

    from .admin_views import SigningKeysView

    return [path("credentials/keys/", SigningKeysView.as_view(), name="credentials_keys")]


class _AdministratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def signing_keys_menu_item():
    return _AdministratorsMenuItem(
        _("Credential signing keys"), reverse("credentials_keys"), icon_name="key", order=900
    )
