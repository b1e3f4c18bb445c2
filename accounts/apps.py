from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig as BaseWagtailUsersAppConfig


class AccountsConfig(AppConfig):
    default = True  # two AppConfigs live in this module; this one is the app's
    name = "accounts"
    verbose_name = _("Accounts")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_login_failed
        from django.db.models.signals import m2m_changed

        from . import security
        from .models import User

        user_login_failed.connect(security.on_login_failed, dispatch_uid="accounts.login_failed")
        user_logged_in.connect(security.on_logged_in, dispatch_uid="accounts.logged_in")
        user_locked_out.connect(security.on_locked_out, dispatch_uid="accounts.locked_out")
        m2m_changed.connect(security.on_groups_changed, sender=User.groups.through, dispatch_uid="accounts.roles")


class WagtailUsersAppConfig(BaseWagtailUsersAppConfig):
    """Wagtail's user admin, with forms for our e-mail-and-full-name user."""

    default = False
    user_viewset = "accounts.admin_views.UserViewSet"
