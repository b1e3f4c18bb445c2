from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertificatesConfig(AppConfig):
    """Certificates (giấy chứng nhận): completion rules, templates, issuing, PDF, verification.

    It stands apart from ``enrolment`` because a certificate outlives the class
    that earned it: it carries its own snapshot, numbering, history and a
    public verification page, and is read by people who never log in.
    """

    name = "certificates"
    verbose_name = _("Certificates")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import receivers

        receivers.connect()
