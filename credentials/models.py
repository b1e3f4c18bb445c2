"""The credential issued with each certificate, and the status lists that can revoke them.

A credential is a signed copy of facts the certificate already holds: its
row keeps the signed token as issued (never re-signed: a verifier holding the
old file must get the same answer) and its place in a status list.
"""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

# W3C Bitstring Status List: at least 16 KB uncompressed (131,072 entries), for
# group privacy: a verifier who fetches the list learns nothing about which
# credential it was checking.
STATUS_LIST_SIZE = 131_072


class StatusList(models.Model):
    """One published Bitstring Status List (revocation); a new one starts when it is full."""

    class Purpose(models.TextChoices):
        REVOCATION = "revocation", _("Revocation")

    purpose = models.CharField(_("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.REVOCATION)
    size = models.PositiveIntegerField(_("entries"), default=STATUS_LIST_SIZE)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("status list")
        verbose_name_plural = _("status lists")

    def __str__(self):
        return f"{self.get_purpose_display()} #{self.pk}"


class Credential(models.Model):
    """The Open Badges 3.0 credential (a VC-JWT) of one certificate."""

    certificate = models.OneToOneField(
        "certificates.Certificate", verbose_name=_("certificate"), on_delete=models.CASCADE, related_name="credential"
    )
    uuid = models.UUIDField(_("credential id"), default=uuid.uuid4, unique=True, editable=False)
    status_list = models.ForeignKey(StatusList, verbose_name=_("status list"), on_delete=models.PROTECT)
    status_index = models.PositiveIntegerField(_("index in the status list"))
    revoked = models.BooleanField(_("revoked"), default=False)
    kid = models.CharField(_("signing key id"), max_length=100)
    jwt = models.TextField(_("signed credential (VC-JWT)"))
    issued_at = models.DateTimeField(_("signed at"), auto_now_add=True)
    changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("verifiable credential")
        verbose_name_plural = _("verifiable credentials")
        constraints = [
            models.UniqueConstraint(fields=["status_list", "status_index"], name="one_credential_per_status_entry"),
        ]

    def __str__(self):
        return f"urn:uuid:{self.uuid}"

    @property
    def urn(self) -> str:
        return f"urn:uuid:{self.uuid}"
