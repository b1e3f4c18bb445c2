"""What completing a course means, and how a programme numbers its certificates.

Both are edited by managers in the admin; neither adds a field to the
catalogue's page models.
"""

import re

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

DEFAULT_NUMBER_FORMAT = "{code}-{year}-{seq:05d}"
NUMBER_TOKEN_RE = re.compile(r"\{(code|year|seq)(?::0?([1-9]|1[0-2])d)?\}")


def validate_number_format(value: str) -> None:
    """Literal text plus {code}, {year} and exactly one {seq} (optionally {seq:05d})."""
    tokens = NUMBER_TOKEN_RE.findall(value)
    if [name for name, _width in tokens].count("seq") != 1:
        raise ValidationError(_("The format must contain {seq} (or {seq:05d}) exactly once."))
    rest = NUMBER_TOKEN_RE.sub("", value)
    if "{" in rest or "}" in rest:
        raise ValidationError(_("Only {code}, {year} and {seq} (with a width such as {seq:05d}) are allowed."))
    if not re.fullmatch(r"[A-Za-z0-9./_\-]*", rest):
        raise ValidationError(_("Use only letters without diacritics, digits, and . / _ - between placeholders."))


class CompletionRule(models.Model):
    """When a learner has completed a class of ``course``. Without a rule, the defaults apply."""

    course = models.OneToOneField(
        "courses.CoursePage",
        verbose_name=_("course"),
        on_delete=models.CASCADE,
        related_name="completion_rule",
    )
    require_lessons = models.BooleanField(_("all required lessons done"), default=True)
    require_assignments = models.BooleanField(_("all required assignments passed"), default=True)
    min_attendance_percent = models.PositiveSmallIntegerField(
        _("minimum attendance (%)"),
        default=80,
        validators=[MaxValueValidator(100)],
        help_text=_("Of the class's sessions, for on-site and blended classes. 0: no attendance requirement."),
    )
    require_confirmation = models.BooleanField(
        _("a manager confirms"),
        default=False,
        help_text=_('When ticked, learners who meet the rule wait in the "Ready to certify" list.'),
    )
    template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("certificate template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the programme's default template."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("course"),
        MultiFieldPanel(
            [
                FieldPanel("require_lessons"),
                FieldPanel("require_assignments"),
                FieldPanel("min_attendance_percent"),
                FieldPanel("require_confirmation"),
            ],
            heading=_("Completion"),
        ),
        FieldPanel("template"),
    ]

    class Meta:
        verbose_name = _("completion rule")
        verbose_name_plural = _("completion rules")

    def __str__(self):
        return str(self.course)


class ProgrammeCertificateSettings(models.Model):
    """How a programme numbers its certificates, and the template its courses use by default."""

    programme = models.OneToOneField(
        "courses.ProgrammePage",
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        related_name="certificate_settings",
    )
    number_format = models.CharField(
        _("number format"),
        max_length=60,
        default=DEFAULT_NUMBER_FORMAT,
        validators=[validate_number_format],
        help_text=_(
            "For example KHCN-{year}-{seq:05d} gives KHCN-2019-00012. {code} is the programme code. With "
            "{year} the sequence starts again each year."
        ),
    )
    default_template = models.ForeignKey(
        "certificates.CertificateTemplate",
        verbose_name=_("default template"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("programme"), FieldPanel("number_format"), FieldPanel("default_template")]

    class Meta:
        verbose_name = _("programme certificate settings")
        verbose_name_plural = _("programme certificate settings")

    def __str__(self):
        return str(self.programme)

    def clean(self):
        super().clean()
        # Without {code}, two programmes with the same format would print the same numbers.
        if "{code}" not in self.number_format:
            clash = ProgrammeCertificateSettings.objects.filter(number_format=self.number_format)
            if clash.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"number_format": _("Another programme uses this format: add {code} or change the text.")}
                )


class CompletionCheck(models.Model):
    """The last evaluation of an active enrolment's completion rule (for the "ready to certify" list).

    Written each time an event re-checks the enrolment; a learner who meets
    every criterion but waits for a manager's confirmation has ``criteria_met``.
    """

    enrolment = models.OneToOneField(
        "enrolment.Enrolment", on_delete=models.CASCADE, related_name="completion_check", primary_key=True
    )
    criteria_met = models.BooleanField(default=False)
    details = models.JSONField(default=list, blank=True)
    checked_at = models.DateTimeField()

    class Meta:
        verbose_name = _("completion check")
        verbose_name_plural = _("completion checks")

    def __str__(self):
        return f"{self.enrolment_id}: {self.criteria_met}"
