from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CredentialsConfig(AppConfig):
    """Open Badges 3.0 credentials of certificates: keys, signing, status list, downloads, verification."""

    name = "credentials"
    verbose_name = _("Verifiable credentials")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect()
