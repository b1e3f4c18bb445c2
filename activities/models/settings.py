"""The site's settings for activities: how long children's data is kept."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting


@register_setting(icon="date")
class ActivitySettings(BaseSiteSetting):
    """How long registrations of children keep their names and details after the session."""

    retention_days = models.PositiveIntegerField(
        _("keep children's registrations for (days after the session)"),
        default=365,
        help_text=_("Afterwards names, dates of birth, schools and notes are erased; the counts stay."),
    )

    panels = [FieldPanel("retention_days")]

    class Meta:
        verbose_name = _("activity settings")
        verbose_name_plural = _("activity settings")
