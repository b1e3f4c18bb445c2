from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeerReviewConfig(AppConfig):
    """Peer review, calibration and exemplars (see the package docstring)."""

    name = "peer_review"
    verbose_name = _("Peer review")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import signals

        signals.connect()
