"""Sessions of an activity (date, time, venue, capacity, registration window) and walk-ins counted at the door."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel


class ActivitySession(models.Model):
    """One date of an activity at one venue. Times are stored in UTC and shown in Asia/Ho_Chi_Minh.

    Capacity is a promise kept by ``activities.services``: the session row is
    locked, the places counted, then the registration written.
    """

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    activity = models.ForeignKey(
        "activities.ActivityPage", verbose_name=_("activity"), on_delete=models.PROTECT, related_name="sessions"
    )
    title = models.CharField(_("title"), max_length=200, blank=True, help_text=_("For example: Đợt 1"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    venue_name = models.CharField(_("venue"), max_length=255)
    venue_address = models.CharField(_("address"), max_length=255, blank=True)
    area = models.ForeignKey(
        "accounts.Area", verbose_name=_("area"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, null=True, blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    walk_ins = models.BooleanField(_("walk-ins accepted"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    organisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("organisers"),
        blank=True,
        related_name="organised_activity_sessions",
        help_text=_("They check people in at the door and see the session's registrations."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("activity"),
        FieldPanel("title"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")]),
        MultiFieldPanel(
            [
                FieldPanel("venue_name"),
                FieldPanel("venue_address"),
                FieldPanel("area"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Venue"),
        ),
        FieldPanel("capacity"),
        FieldRowPanel([FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]),
        FieldPanel("walk_ins"),
        FieldPanel("status"),
        FieldPanel("organisers"),
    ]

    class Meta:
        ordering = ["starts_at", "pk"]
        verbose_name = _("activity session")
        verbose_name_plural = _("activity sessions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="activity_session_times_ordered"
            ),
        ]
        indexes = [models.Index(fields=["starts_at", "status"])]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.activity.title} · {local:%d/%m/%Y %H:%M}"

    def clean(self):
        super().clean()
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("A session must end after it starts.")})
        if (
            self.registration_opens_at
            and self.registration_closes_at
            and self.registration_closes_at <= self.registration_opens_at
        ):
            raise ValidationError({"registration_closes_at": _("Registration must close after it opens.")})

    def window_state(self, now=None) -> str:
        """ "not_yet", "open" or "closed": registration closes at the latest when the session starts."""
        now = now or timezone.now()
        if self.registration_opens_at and now < self.registration_opens_at:
            return "not_yet"
        closes = self.registration_closes_at or self.starts_at
        if now > closes or self.status == self.Status.CANCELLED:
            return "closed"
        return "open"

    @property
    def map_url(self) -> str:
        """The venue on OpenStreetMap: its point when known, else a search for its address (no embedded map)."""
        if self.latitude is not None and self.longitude is not None:
            query = urlencode({"mlat": self.latitude, "mlon": self.longitude})
            return f"https://www.openstreetmap.org/?{query}#map=17/{self.latitude}/{self.longitude}"
        if self.venue_address:
            return "https://www.openstreetmap.org/search?" + urlencode({"query": self.venue_address})
        return ""

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()


class WalkIn(models.Model):
    """People who came without registering, counted without names by age band and gender."""

    class AgeBand(models.TextChoices):
        UNDER_8 = "u8", _("Under 8")
        AGE_8_11 = "8-11", _("8 to 11")
        AGE_12_15 = "12-15", _("12 to 15")
        AGE_16_17 = "16-17", _("16 to 17")
        ADULT = "adult", _("18 and older")

    class Gender(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")
        UNKNOWN = "", _("Not given")

    session = models.ForeignKey(ActivitySession, on_delete=models.PROTECT, related_name="walk_in_counts")
    age_band = models.CharField(_("age band"), max_length=6, choices=AgeBand.choices)
    gender = models.CharField(_("gender"), max_length=6, choices=Gender.choices, blank=True)
    count = models.PositiveIntegerField(_("number of people"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recorded_at", "pk"]
        verbose_name = _("walk-ins")
        verbose_name_plural = _("walk-ins")

    def __str__(self):
        return f"{self.session_id} · {self.age_band} · {self.count}"
