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
- ``register_certificate_kind``: a ``CertificateKind``, a certificate issued
  for something else than completing a class (participation in an activity,
  an award at a competition...). The app that registers it owns the *source*
  rows (one certificate per source row) and says, from a row, who holds the
  certificate and what it prints (a ``CertificateHolder``); it issues with
  ``certificates.services.issue_for_source(kind, source)``. This app keeps
  the rest: numbers, the template, the PDF and QR code, the snapshot, the
  verification page (a minor's name as initials), revocation and reissue,
  the credential (through ``certificates.signals``)::

      @hooks.register("register_certificate_kind")
      def participation_kind():
          return CertificateKind(key="participation", label=_("Certificate of participation"),
                                 source_model="activities.Registration", holder=holder_of, ...)

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
from datetime import date
from typing import Any

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


KIND_HOOK = "register_certificate_kind"


@dataclass(frozen=True)
class CertificateHolder:
    """Who holds a certificate of a registered kind and what it prints, read from its source row.

    ``title`` is what the certificate is for (printed as {course} and {activity}), ``detail`` where
    or when (printed as {class} and {session}). ``user``, when the holder has an account, puts the
    certificate in their "Giấy chứng nhận của tôi"; ``email`` is where its e-mails go (a guardian's
    for a child). ``is_minor``: under 16 on the day, so public pages show only initials.
    """

    name: str
    title: str
    starts_on: date
    ends_on: date
    email: str = ""
    user: Any = None
    is_minor: bool = False
    date_of_birth: date | None = None
    detail: str = ""
    programme: Any = None  # a courses.ProgrammePage, or None
    programme_title: str = ""
    hours: str = ""
    result: str = ""
    template: Any = None  # a CertificateTemplate, or None for the kind's default text
    number_code: str = ""  # {code} in the number; the programme's code when empty


@dataclass(frozen=True)
class CertificateKind:
    """A kind of certificate another app issues from rows of its own (see the module's docstring).

    - ``source_model``: ``"app_label.Model"`` of the rows certificates of this kind are issued for;
    - ``holder``: a function of one source row returning its :class:`CertificateHolder`;
    - ``number_format``: the numbers' format ({code}, {year}, {seq}); one sequence per kind and programme;
    - ``title`` and ``body``: the default template's text when the holder names no template;
    - ``subject_label``, ``detail_label``: what the verification page calls ``title`` and ``detail``;
    - ``achievement_type`` and ``criteria``: the Open Badges achievement's type and criteria text
      (``%(title)s``, ``%(detail)s`` and ``%(issuer)s`` are filled in).
    """

    key: str
    label: str
    source_model: str
    holder: Callable[[Any], CertificateHolder]
    number_format: str = "{code}-{year}-{seq:05d}"
    title: str = "GIẤY CHỨNG NHẬN"
    body: str = ""
    subject_label: str = ""
    detail_label: str = ""
    achievement_type: str = "Certificate"
    criteria: str = ""


def certificate_kinds() -> dict[str, CertificateKind]:
    """Every registered kind, by key."""
    return {kind.key: kind for kind in (fn() for fn in hooks.get_hooks(KIND_HOOK))}


def certificate_kind(key: str) -> CertificateKind | None:
    return certificate_kinds().get(key)


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
