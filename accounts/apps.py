from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig as BaseWagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"


class WagtailUsersAppConfig(BaseWagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our e-mail-and-full-name user."""

    user_viewset = "accounts.admin_views.UserViewSet"
