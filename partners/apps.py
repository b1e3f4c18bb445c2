from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    """Partners' read-only access (see the package docstring)."""

    name = "partners"
    verbose_name = _("Partners")
    default_auto_field = "django.db.models.BigAutoField"
