"""Listeners of ``certificates.signals``: a guardian is told when a child's certificate stops being valid.

The certificate engine e-mails only a holder with an account. A child (or an adult who registered
without an account) holds a certificate of participation through the registrant's address: when
the certificate is revoked or reissued (superseded by a corrected one), the registrant gets an
e-mail in Vietnamese, queued through ``lms.mail`` and sent once the engine's transaction commits.
"""

import logging

from certificates.signals import certificate_withdrawn

log = logging.getLogger(__name__)
UID = "activities"


def on_certificate_withdrawn(sender, certificate, **kwargs):
    from .participation import KIND, notify_withdrawn

    if certificate.kind != KIND or certificate.learner_id is not None:
        return  # not ours, or the engine writes to the holder's account
    try:
        notify_withdrawn(certificate)
    except Exception:
        # A receiver must not undo the revocation (certificates.signals): log and go on.
        log.exception("No e-mail to the registrant about certificate %s", certificate.number)


def connect() -> None:
    certificate_withdrawn.connect(on_certificate_withdrawn, dispatch_uid=f"{UID}.withdrawn")
