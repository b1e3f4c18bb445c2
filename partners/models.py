"""The scope a partner may read: one row per person and scope, granted by a manager."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class PartnerAccess(models.Model):
    """A person's read-only access as a partner, limited to a school, an area or a programme.

    - *school*: the teachers whose profile names that school;
    - *district office* (Phòng GD&ĐT): the teachers of an area;
    - *Department of Education and Training* (Sở GD&ĐT): every teacher, no child;
    - *programme partner*: the enrolments and certificates of one programme.
    """

    class Kind(models.TextChoices):
        SCHOOL = "school", _("School")
        DISTRICT = "district", _("District education office")
        DEPARTMENT = "department", _("Department of Education and Training")
        PROGRAMME = "programme", _("Programme partner organisation")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("partner's account"),
        on_delete=models.CASCADE,
        related_name="partner_accesses",
    )
    kind = models.CharField(_("kind of partner"), max_length=12, choices=Kind.choices)
    organisation = models.CharField(
        _("partner organisation"), max_length=200, help_text=_("For example: Phòng GD&ĐT Dĩ An, Tỉnh đoàn.")
    )
    school = models.ForeignKey(
        "accounts.School",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_accesses",
    )
    area = models.ForeignKey(
        "accounts.Area",
        verbose_name=_("area"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_accesses",
    )
    programme = models.ForeignKey(
        "courses.ProgrammePage",
        verbose_name=_("programme"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="partner_accesses",
    )
    active = models.BooleanField(_("active"), default=True)
    granted_at = models.DateTimeField(_("access granted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["organisation", "pk"]
        verbose_name = _("partner access")
        verbose_name_plural = _("partner accesses")
        constraints = [
            # Each kind names exactly what it is limited to, and nothing else.
            models.CheckConstraint(
                condition=(
                    Q(kind="school", school__isnull=False, area__isnull=True, programme__isnull=True)
                    | Q(kind="district", school__isnull=True, area__isnull=False, programme__isnull=True)
                    | Q(kind="department", school__isnull=True, area__isnull=True, programme__isnull=True)
                    | Q(kind="programme", school__isnull=True, area__isnull=True, programme__isnull=False)
                ),
                name="partner_access_scope_matches_kind",
                violation_error_message=_(
                    "A school's access names its school, a district office's its area, a programme partner's "
                    "its programme; the Department's names none of them."
                ),
            )
        ]

    def __str__(self):
        return f"{self.organisation} · {self.scope_label}"

    @property
    def scope_label(self) -> str:
        if self.kind == self.Kind.SCHOOL:
            return str(self.school)
        if self.kind == self.Kind.DISTRICT:
            return str(self.area)
        if self.kind == self.Kind.PROGRAMME:
            return str(self.programme)
        return str(_("All teachers"))
