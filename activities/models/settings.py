"""The site's settings for activities: how long children's data is kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="date")
class ActivitySettings(BaseSiteSetting):
    """How long registrations of children keep their names and details after the session."""

    retention_days = models.PositiveIntegerField(
        _("keep children's registrations for (days after the session)"),
        default=365,
        help_text=_("Afterwards names, dates of birth, schools and notes are erased; the counts stay."),
    )

    acknowledge_working_days = models.PositiveIntegerField(
        _("acknowledge a withdrawal or erasure request within (working days)"), default=2
    )
    complete_days = models.PositiveIntegerField(_("complete it within (days)"), default=15)
    public_holidays = models.TextField(
        _("public holidays"),
        blank=True,
        help_text=_("One date per line, dd/mm/yyyy (Tết, 30/4, 1/5, 2/9...): not counted as working days."),
    )

    panels = [
        FieldPanel("retention_days"),
        MultiFieldPanel(
            [FieldPanel("acknowledge_working_days"), FieldPanel("complete_days"), FieldPanel("public_holidays")],
            heading=_("Withdrawal and erasure requests"),
        ),
    ]

    def holidays(self) -> set:
        import datetime

        days = set()
        for line in self.public_holidays.splitlines():
            parts = line.strip().split("/")
            try:
                days.add(datetime.date(int(parts[2]), int(parts[1]), int(parts[0])))
            except (ValueError, IndexError):
                continue
        return days

    class Meta:
        verbose_name = _("activity settings")
        verbose_name_plural = _("activity settings")
