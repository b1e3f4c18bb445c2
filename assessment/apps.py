from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    """Assignments, submissions, rubrics and grades (see the package docstring)."""

    name = "assessment"
    verbose_name = _("Assessment")
    default_auto_field = "django.db.models.BigAutoField"
