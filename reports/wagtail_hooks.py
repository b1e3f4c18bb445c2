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


@hooks.register("register_admin_viewset")
def register_plan_follow_up():
    """Budgets, spending, difficulties and reporting deadlines (section III of the plan)."""
    from .planning_admin import PlanFollowUpGroup

    return PlanFollowUpGroup()


@hooks.register("register_reminders")
def reporting_deadlines(now):
    """Managers are reminded of each reporting deadline within its reminder window (``enrolment.reminders``)."""
    from .planning import deadline_reminders

    return deadline_reminders(now)


@hooks.register("construct_homepage_panels")
def next_reporting_deadline(request, panels):
    """The admin home: the next reporting deadline, for managers and administrators."""
    from django.utils import timezone
    from django.utils.translation import gettext, ngettext

    from lms.admin_panels import ToDoItem, ToDoPanel

    from .planning import next_deadline

    if not permissions.can_view_reports(request.user):
        return

    def items():
        today = timezone.localdate()
        deadline = next_deadline(today)
        url = reverse("report_deadlines:index")
        if deadline is None:
            return [ToDoItem(gettext("Next reporting deadline"), 0, url, gettext("No deadline set"))]
        days = (deadline.due_on - today).days
        detail = gettext("%(title)s: due on %(date)s (in %(days)s days), %(plan)s") % {
            "title": deadline.title,
            "date": f"{deadline.due_on:%d/%m/%Y}",
            "days": days,
            "plan": deadline.plan_reference,
        }
        badge = gettext("Due today") if days == 0 else ngettext("%(days)s day", "%(days)s days", days) % {"days": days}
        return [
            ToDoItem(
                gettext("Next reporting deadline"), 1 if days <= deadline.remind_days else 0, url, detail, badge=badge
            )
        ]

    panels.append(ToDoPanel("reporting_deadline", _("Reporting"), order=90, items=items))


@hooks.register("register_dashboard_section")
def difficulty_section():
    """A link to the difficulty form on "Khóa học của tôi", for partners and staff."""
    return DashboardSection(
        key="difficulty",
        template="reports/includes/dashboard_difficulty.html",
        order=60,
        column="side",
        context={"can_report_difficulty": permissions.can_report_difficulty},
    )
