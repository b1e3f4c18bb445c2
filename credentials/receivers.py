"""Listeners of ``certificates.signals``: a certificate issued gets its credential, one withdrawn its bit."""

import logging

from certificates.signals import certificate_issued, certificate_withdrawn

log = logging.getLogger(__name__)
UID = "credentials"


def on_certificate_issued(sender, certificate, **kwargs):
    from . import services

    try:
        services.issue_credential(certificate)
    except Exception:
        # Whatever fails here (no signing key in production, a database error in the
        # savepoint), the certificate stands: `manage.py issue_credentials` signs it later.
        log.exception("No credential for certificate %s", certificate.number)


def on_certificate_withdrawn(sender, certificate, **kwargs):
    from . import services

    try:
        services.withdraw_credential(certificate)
    except Exception:
        log.exception("Could not set the status bit of certificate %s", certificate.number)


def connect() -> None:
    certificate_issued.connect(on_certificate_issued, dispatch_uid=f"{UID}.issued")
    certificate_withdrawn.connect(on_certificate_withdrawn, dispatch_uid=f"{UID}.withdrawn")
