"""The "Báo cáo chương trình" item of the admin menu, for managers and administrators only.

Wagtail has its own "Báo cáo" menu (page reports), hence the longer name.

The screens themselves are mounted at /admin/reports/ in ``lms/urls.py``,
ahead of Wagtail's admin URLs: Wagtail wraps the views registered with
``register_admin_urls`` in ``require_admin_access``, which answers a refused
user with a redirect, while a learner or a trainer must get a plain 403.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from enrolment.dashboard import DashboardSection
from lms.demo import DemoLoader

from . import permissions


class ReportsMenuItem(MenuItem):
    def is_shown(self, request):
        return permissions.can_view_reports(request.user)


@hooks.register("register_admin_menu_item")
def register_reports_menu_item():
    return ReportsMenuItem(_("Programme reports"), reverse("reports:overview"), icon_name="table", order=280)


@hooks.register("register_demo_loader")
def reports_demo():
    from . import demo

    return DemoLoader("reports", demo.load, order=95)  # after every app whose figures the report counts


@hooks.register("register_dashboard_section")
def transcript_section():
    """The transcript download, shown once the learner has a class (reads the classes section's ``dashboard``)."""
    return DashboardSection(
        key="transcript", template="reports/includes/dashboard_transcript.html", order=50, column="side"
    )
