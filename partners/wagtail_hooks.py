"""Admin screen for partner accesses: managers grant and withdraw a partner's scope."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet

from .models import PartnerAccess


class PartnerAccessViewSet(ModelViewSet):
    """Who reads what as a partner. The pages themselves are on the site (``/doi-tac/``)."""

    model = PartnerAccess
    name = "partner_accesses"
    icon = "group"
    menu_label = _("Partner accesses")
    menu_order = 330
    add_to_admin_menu = True
    list_display = ["organisation", "kind", "user", "school", "area", "programme", "active"]
    list_filter = ["kind", "active", "area"]
    list_export = ["organisation", "kind", "user", "school", "area", "programme", "active", "granted_at"]
    search_fields = ["organisation", "user__full_name", "user__email"]
    form_fields = ["user", "kind", "organisation", "school", "area", "programme", "active"]
    copy_view_enabled = False
    inspect_view_enabled = False


@hooks.register("register_admin_viewset")
def register_partner_access_viewset():
    return PartnerAccessViewSet()


def _my_accesses(user):
    from . import permissions

    return list(permissions.accesses_of(user).filter(user=user, active=True))


def _access_rows():
    from django.db.models import OuterRef

    from enrolment.dashboard import FingerprintRows

    return [
        FingerprintRows(
            "partner_accesses",
            PartnerAccess.objects.filter(user=OuterRef("pk")),
            owner="user_id",
            fields=("pk", "updated_at"),
        )
    ]


def _access_presence():
    """The person holds an active partner access (``enrolment.dashboard``: the section costs no query otherwise)."""
    from django.db.models import OuterRef

    return PartnerAccess.objects.filter(user=OuterRef("pk"), active=True)


@hooks.register("register_dashboard_section")
def partner_section():
    """A partner's way in from "Khóa học của tôi": their scopes (read only)."""
    from enrolment.dashboard import DashboardSection

    return DashboardSection(
        key="partner_accesses",
        template="partners/includes/dashboard_partner.html",
        order=5,
        context={"partner_accesses": _my_accesses},
        present={"partner_accesses": _access_presence},
        fingerprint=_access_rows,
    )


@hooks.register("register_demo_loader")
def partners_demo():
    from lms.demo import DemoLoader

    from . import demo

    return DemoLoader("partners", demo.load, order=75)  # after the enrolments (60) and certificates (70)
