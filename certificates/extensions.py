"""What apps above this one add to a certificate's pages: links for its holder, panels for its verifier.

The learner's list ("Giấy chứng nhận của tôi", "Khóa học của tôi") and the
public verification page belong to this app; another app (credentials: the
Open Badges download, "Add to LinkedIn") adds to them with these hooks in
its ``wagtail_hooks.py``, so this app names none of them::

    @hooks.register("register_certificate_links")
    def credential_links():
        return CertificateLinks(links=links_for_certificates, order=20)

    @hooks.register("register_verification_panel")
    def credential_panel():
        return VerificationPanel("credentials/includes/verify_panel.html", context=panel_context, order=10)

- ``CertificateLinks.links`` is called once per list with every certificate
  shown and returns ``{certificate pk: [CertificateLink, ...]}``: one batch,
  so the list's queries stay constant whatever its length.
- ``VerificationPanel.context`` is a function of the certificate returning
  the names its template reads; the template is included with them and the
  page's context.
- ``register_qr_fragment``: a ``QrFragment`` whose function, given the
  certificate being issued and its snapshot, returns ``(fragment, data)``:
  ``fragment`` goes after a ``#`` in the address the QR code prints (never
  sent to the server by a browser), ``data`` is kept in the snapshot under
  the registration's ``key`` for the app that made it. At most one fragment
  is printed: the first registration's (by ``order``) that returns one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from wagtail import hooks

LINKS_HOOK = "register_certificate_links"
PANEL_HOOK = "register_verification_panel"
QR_HOOK = "register_qr_fragment"


@dataclass(frozen=True)
class CertificateLink:
    """One action on a certificate of the learner's list."""

    label: str
    url: str
    download: str = ""  # a file name: the link downloads
    external: bool = False  # another site: opens in a new tab
    title: str = ""


@dataclass(frozen=True)
class CertificateLinks:
    links: Callable[[list], dict[int, list[CertificateLink]]]
    order: int = 100


@dataclass(frozen=True)
class VerificationPanel:
    template: str
    context: Callable[..., dict] | None = None
    order: int = 100


@dataclass(frozen=True)
class QrFragment:
    key: str
    fragment: Callable[..., tuple[str, dict] | None]
    order: int = 100


def qr_fragment(certificate, snapshot: dict) -> tuple[str, dict]:
    """The fragment the QR code adds to the verification address, and the data to keep with the snapshot."""
    registered = sorted((fn() for fn in hooks.get_hooks(QR_HOOK)), key=lambda entry: (entry.order, entry.key))
    for entry in registered:
        made = entry.fragment(certificate, snapshot)
        if made:
            fragment, data = made
            return fragment, {entry.key: data}
    return "", {}


def links_for(certificates) -> dict[int, list[CertificateLink]]:
    """Every registered link of each certificate of ``certificates``, in the registrations' order."""
    certificates = list(certificates)
    found: dict[int, list[CertificateLink]] = {certificate.pk: [] for certificate in certificates}
    if not certificates:
        return found
    registered = sorted((fn() for fn in hooks.get_hooks(LINKS_HOOK)), key=lambda entry: entry.order)
    for entry in registered:
        for pk, links in entry.links(certificates).items():
            found.setdefault(pk, []).extend(links)
    return found


def verification_panels(certificate) -> list[dict]:
    """The registered panels of the verification page, each as its template and context."""
    registered = sorted((fn() for fn in hooks.get_hooks(PANEL_HOOK)), key=lambda p: (p.order, p.template))
    return [
        {"template": panel.template, "context": panel.context(certificate) if panel.context else {}}
        for panel in registered
    ]
