from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    """Running a course: classes, sessions, enrolments, attendance, progress.

    It stands apart from ``courses`` (the content) because it is about people
    and time, with its own concurrency rules and history.
    """

    name = "enrolment"
    verbose_name = _("Classes and enrolment")
    default_auto_field = "django.db.models.BigAutoField"
