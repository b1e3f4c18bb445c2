from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StemLessonsConfig(AppConfig):
    name = "stem_lessons"
    verbose_name = _("STEM lesson-plan library")
    default_auto_field = "django.db.models.BigAutoField"
