"""Who registers (an adult, or a guardian for children), who takes part, their registrations and consent.

Children never have an account: a guardian proves an e-mail address with a
one-time code (:class:`EmailCode`) and registers them. Consent is a record
of what was agreed, by whom, for whom, when, how the e-mail was verified and
which text (version and SHA-256) was shown; records are never edited, a
change or a withdrawal is a new record.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .pages import Audience


class Registrant(models.Model):
    """An adult who registered, for themselves or for children, known by a verified e-mail address."""

    email = models.EmailField(_("e-mail"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="activity_registrants",
    )
    email_verified_at = models.DateTimeField(_("e-mail verified at"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("registrant")
        verbose_name_plural = _("registrants")

    def __str__(self):
        return self.full_name


class Participant(models.Model):
    """A person who takes part: the registrant themselves (an adult) or a child they registered."""

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    registrant = models.ForeignKey(Registrant, on_delete=models.PROTECT, related_name="participants")
    is_child = models.BooleanField(_("child"), default=False)
    full_name = models.CharField(_("full name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    school = models.CharField(_("school"), max_length=200, blank=True)
    grade = models.CharField(pgettext_lazy("school year", "grade"), max_length=20, blank=True)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    health_notes = models.TextField(_("health or allergy notes"), blank=True)
    relationship = models.CharField(_("relationship of the guardian"), max_length=60, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the retention period erased the name and details (the counts stay).
    anonymised_at = models.DateTimeField(_("anonymised at"), null=True, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")

    def __str__(self):
        return self.full_name

    def age_on(self, day) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Registration(models.Model):
    """A participant's place at a session, with its code (printed in the e-mail and its QR code)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waiting list")
        CANCELLED = "cancelled", _("Cancelled")

    session = models.ForeignKey(
        "activities.ActivitySession",
        verbose_name=pgettext_lazy("activity", "session"),
        on_delete=models.PROTECT,
        related_name="registrations",
    )
    participant = models.ForeignKey(
        Participant, verbose_name=_("participant"), on_delete=models.PROTECT, related_name="registrations"
    )
    code = models.CharField(_("registration code"), max_length=12, unique=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, db_index=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed at"), auto_now_add=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The day-before reminder went out (``send_activity_reminders``): never twice.
    reminded_at = models.DateTimeField(_("reminded at"), null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="one_registration_per_participant")
        ]
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return self.code


class ConsentText(models.Model):
    """A version of the consent text shown to guardians (or adults). Never edited: a change is a new version."""

    audience = models.CharField(_("for"), max_length=10, choices=Audience.choices)
    version = models.PositiveIntegerField(_("version"), editable=False)
    body = models.TextField(
        _("text"), help_text=_("Shown above the choices. Saving a change creates a new version; old ones stay.")
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["audience", "-version"]
        verbose_name = _("consent text")
        verbose_name_plural = _("consent texts")
        constraints = [models.UniqueConstraint(fields=["audience", "version"], name="one_consent_text_version")]

    def __str__(self):
        return f"{self.get_audience_display()} · v{self.version}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = ConsentText.objects.filter(pk=self.pk).values_list("body", flat=True).first()
            if stored is not None and stored != self.body:
                raise ValidationError(_("A consent text that was shown is never changed: add a new version."))
        else:
            last = ConsentText.objects.filter(audience=self.audience).order_by("-version").first()
            self.version = (last.version if last else 0) + 1
        self.sha256 = self.digest(self.body)
        super().save(*args, **kwargs)

    @staticmethod
    def digest(body: str) -> str:
        return hashlib.sha256(body.encode("utf-8")).hexdigest()

    @classmethod
    def current(cls, audience: str) -> ConsentText | None:
        return cls.objects.filter(audience=audience).order_by("-version").first()


class Consent(models.Model):
    """One act of consent (or its withdrawal) for one participant: append-only, never edited."""

    class Channel(models.TextChoices):
        WEB = "web", _("Registration form on the website")
        PRIVATE_LINK = "private_link", _("The guardian's private link")
        ADMIN = "admin", _("Recorded by staff")

    class Verification(models.TextChoices):
        EMAIL_CODE = "email_code", _("One-time code sent to the e-mail address")
        ACCOUNT = "account", _("Signed-in account with a confirmed e-mail address")
        SIGNED_LINK = "signed_link", _("Signed link sent to the e-mail address")

    participant = models.ForeignKey(Participant, on_delete=models.PROTECT, related_name="consents")
    given_by = models.ForeignKey(Registrant, on_delete=models.PROTECT, related_name="consents_given")
    # What the guardian said of themselves then (a later change of their details never rewrites it).
    given_by_name = models.CharField(_("given by"), max_length=200)
    given_by_email = models.EmailField(_("e-mail of the person who consented"))
    relationship = models.CharField(_("relationship"), max_length=60, blank=True)
    participation = models.BooleanField(_("taking part and the organiser's records"))
    health_data = models.BooleanField(_("health notes"))
    photos = models.BooleanField(_("photos during the session"))
    publishing = models.BooleanField(_("publishing photos or works"))
    child_agrees_to_publishing = models.BooleanField(
        _("the child agrees to publishing (as the guardian states)"), null=True, blank=True
    )
    is_withdrawal = models.BooleanField(_("withdrawal of all consent"), default=False)
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    verification = models.CharField(_("how the e-mail was verified"), max_length=20, choices=Verification.choices)
    text = models.ForeignKey(ConsentText, verbose_name=_("text shown"), on_delete=models.PROTECT, related_name="+")
    text_version = models.PositiveIntegerField(_("text version"))
    text_sha256 = models.CharField(_("SHA-256 of the text"), max_length=64)

    class Meta:
        ordering = ["given_at", "pk"]
        verbose_name = _("consent record")
        verbose_name_plural = _("consent records")

    def __str__(self):
        return f"{self.participant_id} · {self.given_at:%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValidationError(_("A consent record is never changed: record a new one."))
        super().save(*args, **kwargs)

    @property
    def purposes(self) -> list[str]:
        names = []
        for field in ("participation", "health_data", "photos", "publishing"):
            if getattr(self, field):
                names.append(str(self._meta.get_field(field).verbose_name))
        return names


class EmailCode(models.Model):
    """A one-time code sent to an address. Only its keyed hash is stored; it is never logged."""

    email = models.EmailField(db_index=True)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    # After the last wrong try no new code is sent to the address before this time.
    paused_until = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("e-mail code")
        verbose_name_plural = _("e-mail codes")

    def __str__(self):
        return f"{self.email} · {self.created_at:%d/%m/%Y %H:%M}"
