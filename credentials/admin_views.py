"""The administrator's screen of the credential signing keys (read-only).

Keys change only by ``manage.py credential_keys`` on the server (see
docs/certificates.md): a web process never writes a private key. This screen
shows what a verifier sees (the published key ids), which key signs new
credentials, how many credentials each key signed, how many certificates still
wait for a credential, and the commands to rotate and back up, so an
administrator can check a rotation or a restored backup without a shell.
"""

from datetime import UTC, datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from certificates.models import Certificate

from . import keys
from .models import Credential


class SigningKeysView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "credentials/admin/keys.html"
    page_title = _("Credential signing keys")
    header_icon = "key"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_active or not request.user.is_superuser:
            raise PermissionDenied  # keys are the administrator's, not the managers'
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*super().get_breadcrumbs_items(), {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        error = ""
        try:
            found = keys.all_keys()
        except (keys.NoSigningKey, ValueError) as exc:  # a malformed key set: say so, do not fail the page
            found, error = [], str(exc)
        signed = dict(Credential.objects.values_list("kid").annotate(n=Count("pk")).values_list("kid", "n"))
        rows = [
            {
                "kid": key.kid,
                "created": timezone.localtime(datetime.fromtimestamp(key.created, UTC)) if key.created else None,
                "signs": index == len(found) - 1,
                "signed": signed.get(key.kid, 0),
                "url": reverse("credentials:key", args=[key.kid]),
            }
            for index, key in enumerate(found)
        ]
        unknown = sum(n for kid, n in signed.items() if kid and kid not in {k.kid for k in found})
        context.update(
            rows=list(reversed(rows)),  # the signing key first
            error=error,
            source="environment" if settings.CREDENTIAL_SIGNING_KEYS else "folder",
            folder=str(settings.CREDENTIAL_KEYS_DIR),
            unknown=unknown,
            waiting=Certificate.objects.filter(status="valid", credential__isnull=True).count(),
            jwks_url=reverse("credentials:jwks"),
            issuer_url=reverse("credentials:issuer"),
        )
        return context
