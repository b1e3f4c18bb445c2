"""Admin screens for classes, sessions, enrolments and imports, and the rules
that keep deleting from losing anybody's history."""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.viewsets.base import ViewSet
from wagtail.admin.widgets import Button, ListingButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from accounts import roles
from courses.panels import PagePanel
from lms.demo import DemoLoader
from lms.downloads import BackgroundDownload
from lms.page_cache import PageCacheRules

from . import admin_views, services
from .bulk_actions import BULK_ACTIONS
from .dashboard import DashboardSection
from .filters import CohortFilterSet, EnrolmentFilterSet, SessionFilterSet
from .forms import CohortAdminForm, SessionAdminForm
from .models import Cohort, Enrolment, Session
from .permissions import can_manage_enrolments


class ServicesOnlyPolicy(ModelPermissionPolicy):
    """Enrolments change only through the services (which keep the history):
    the admin may list, inspect, export and run bulk actions, never edit rows."""

    def user_has_permission(self, user, action):
        if action in ("add", "change", "delete", "lock", "unlock", "publish"):
            return False
        return super().user_has_permission(user, action)


register_permission_policy(Enrolment, ServicesOnlyPolicy(Enrolment))


class CohortViewSet(SnippetViewSet):
    model = Cohort
    icon = "group"
    menu_label = _("Classes")
    index_view_class = admin_views.CohortIndexView
    filterset_class = CohortFilterSet
    search_fields = ["code", "title"]
    search_backend_name = None
    ordering = ["-starts_on", "code"]
    copy_view_enabled = False
    list_display = [
        "code",
        "title",
        Column("course", label=_("Course"), accessor="course.title"),
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
        Column("seats", label=_("Places taken"), accessor=lambda c: f"{c.seats_taken}/{c.capacity}"),
        Column("waitlist_count", label=_("Waiting list")),
        Column("pending_count", label=_("To approve")),
        Column("starts_on", label=_("Starts on"), accessor=lambda c: f"{c.starts_on:%d/%m/%Y}"),
    ]
    edit_handler = ObjectList(
        [
            MultiFieldPanel([FieldPanel("course"), FieldPanel("code"), FieldPanel("title")], heading=_("Class")),
            MultiFieldPanel(
                [
                    FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
                    FieldRowPanel([FieldPanel("enrolment_opens_at"), FieldPanel("enrolment_closes_at")]),
                    FieldPanel("status"),
                ],
                heading=_("Dates and status"),
            ),
            MultiFieldPanel(
                [FieldPanel("capacity"), FieldPanel("delivery"), FieldPanel("venue"), FieldPanel("trainers")],
                heading=_("Places, delivery and trainers"),
            ),
            MultiFieldPanel(
                [
                    FieldPanel("enrolment_policy"),
                    FieldPanel("enrolment_key"),
                    FieldPanel("eligible_school_levels"),
                    FieldPanel("eligible_subjects"),
                ],
                heading=_("Who may enrol"),
            ),
        ],
        base_form_class=CohortAdminForm,
    )


class SessionViewSet(SnippetViewSet):
    model = Session
    icon = "date"
    menu_label = _("Sessions")
    index_view_class = admin_views.SessionIndexView
    filterset_class = SessionFilterSet
    search_fields = ["topic", "venue", "cohort__code"]
    search_backend_name = None
    ordering = ["-date", "-starts_at"]
    list_display = [
        "topic",
        Column("cohort", label=_("Class"), accessor="cohort.code"),
        Column("date", label=_("Date"), accessor=lambda s: f"{s.date:%d/%m/%Y}"),
        Column("time", label=_("Time"), accessor=lambda s: f"{s.starts_at:%H:%M}–{s.ends_at:%H:%M}"),
        "venue",
        "trainer",
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("cohort"),
            FieldRowPanel([FieldPanel("date"), FieldPanel("starts_at"), FieldPanel("ends_at")]),
            FieldPanel("topic"),
            FieldPanel("venue"),
            FieldPanel("online_url"),
            FieldPanel("trainer"),
        ],
        base_form_class=SessionAdminForm,
    )


class EnrolmentViewSet(SnippetViewSet):
    model = Enrolment
    icon = "user"
    menu_label = _("Enrolments")
    index_view_class = admin_views.EnrolmentIndexView
    inspect_view_class = admin_views.EnrolmentInspectView
    inspect_view_enabled = True
    inspect_view_fields = ["user", "cohort", "status", "created_at", "status_changed_at", "changed_by", "completed_at"]
    filterset_class = EnrolmentFilterSet
    search_fields = ["user__full_name", "user__email", "cohort__code"]
    search_backend_name = None
    ordering = ["-status_changed_at"]
    copy_view_enabled = False
    list_display = [
        "user",
        Column("email", label=_("E-mail"), accessor="user.email"),
        Column("cohort", label=_("Class"), accessor="cohort.code"),
        StatusTagColumn("status", label=_("Status"), accessor="get_status_display"),
        Column("progress", label=_("Progress (%)"), accessor="progress_percent"),  # see EnrolmentIndexView
        DateColumn("status_changed_at", label=_("Since")),
    ]
    # Turns the export buttons on; the export itself is EnrolmentIndexView.as_spreadsheet.
    list_export = ["user", "cohort", "status"]
    export_filename = "ghi-danh"


class ImportViewSet(ViewSet):
    """The two-step import wizard (upload and preview, then confirm)."""

    name = "enrolment_import"
    icon = "upload"
    menu_label = _("Import enrolments")

    def get_urlpatterns(self):
        return [
            path("", admin_views.ImportUploadView.as_view(), name="index"),
            path("<int:pk>/", admin_views.ImportPreviewView.as_view(), name="preview"),
            path("mau.csv", admin_views.import_sample, name="sample"),
        ]

    @property
    def menu_item_class(self):
        return type(
            "ImportMenuItem", (MenuItem,), {"is_shown": lambda item, request: can_manage_enrolments(request.user)}
        )


class EnrolmentGroup(SnippetViewSetGroup):
    menu_label = _("Training")
    menu_icon = "group"
    menu_order = 210
    items = (CohortViewSet, SessionViewSet, EnrolmentViewSet, ImportViewSet)


register_snippet(EnrolmentGroup)

for action_class in BULK_ACTIONS:
    hooks.register("register_bulk_action", action_class)


@hooks.register("register_snippet_listing_buttons")
def class_listing_buttons(snippet, user, next_url=None):
    """From a class: its roster, enrolments, sessions and the import, one click away."""
    if not isinstance(snippet, Cohort):
        return []
    enrolments = reverse("wagtailsnippets_enrolment_enrolment:list") + f"?cohort={snippet.pk}"
    sessions = reverse("wagtailsnippets_enrolment_session:list") + f"?cohort={snippet.pk}"
    importing = reverse("enrolment_import:index") + f"?cohort={snippet.pk}"
    return [
        ListingButton(_("Roster"), url=reverse("trainer_roster", args=[snippet.pk]), icon_name="list-ul", priority=5),
        Button(_("Enrolments"), url=enrolments, icon_name="user", priority=6),
        Button(_("Sessions"), url=sessions, icon_name="date", priority=7),
        Button(_("Import"), url=importing, icon_name="upload", priority=8),
        Button(
            _("Archive"),
            url=reverse("wagtail_bulk_action", args=["enrolment", "cohort", "archive"]) + f"?id={snippet.pk}",
            icon_name="folder-inverse",
            priority=40,
        ),
    ]


@hooks.register("before_delete_snippet")
def refuse_deleting_history(request, instances):
    """A class with enrolments, or a session with attendance, is never deleted."""
    if not instances:
        return None
    if isinstance(instances[0], Cohort):
        busy = [c for c in instances if c.enrolments.exists()]
        message = _(
            "A class with enrolments cannot be deleted, only archived (select it and choose “Archive”). "
            "Nothing was deleted: %(items)s."
        )
        url = reverse("wagtailsnippets_enrolment_cohort:list")
    elif isinstance(instances[0], Session):
        busy = [s for s in instances if s.attendance.exists()]
        message = _("A session with attendance cannot be deleted. Nothing was deleted: %(items)s.")
        url = reverse("wagtailsnippets_enrolment_session:list")
    else:
        return None
    if busy:
        messages.error(request, message % {"items": ", ".join(str(obj) for obj in busy)})
        return redirect(url)
    return None


def _pages_with_classes(pages):
    found = []
    for page in pages:
        cohorts = Cohort.objects.filter(course__path__startswith=page.path)
        if cohorts.exists():
            found.append((page, cohorts.filter(enrolments__isnull=False).exists()))
    return found


def _refuse_page_delete(request, pages):
    found = _pages_with_classes(pages)
    if not found:
        return None
    for page, has_enrolments in found:
        if has_enrolments:
            text = _(
                "“%(page)s” cannot be deleted: its classes have enrolments. Archive the classes instead; "
                "nothing was deleted."
            )
        else:
            text = _("“%(page)s” cannot be deleted while it has classes. Delete its empty classes first.")
        messages.error(request, text % {"page": page.title})
    return redirect("wagtailadmin_explore", found[0][0].get_parent().pk)


@hooks.register("before_delete_page")
def refuse_deleting_courses_with_classes(request, page):
    return _refuse_page_delete(request, [page])


@hooks.register("before_bulk_action")
def refuse_bulk_deleting_courses_with_classes(request, action_type, objects, action_class_instance):
    from wagtail.models import Page

    if action_type == "delete" and objects and isinstance(objects[0], Page):
        return _refuse_page_delete(request, objects)
    return None


@hooks.register("after_edit_snippet")
def refill_waiting_list(request, instance):
    """More places after an edit: the waiting list moves up at once."""
    if isinstance(instance, Cohort):
        promoted = services.refill(instance, actor=request.user)
        if promoted:
            messages.success(
                request,
                _("%(count)s learners moved up from the waiting list.") % {"count": len(promoted)},
            )


@hooks.register("register_page_cache")
def classes_in_cache():
    """A course page shows its classes, their sessions and the places left."""
    return PageCacheRules(models=("enrolment.cohort", "enrolment.session", "enrolment.enrolment"))


@hooks.register("register_demo_loader")
def enrolment_demo():
    from . import demo

    return DemoLoader("enrolment", demo.load, order=60)


@hooks.register("register_course_access")
def classes_open_their_course(user):
    from .permissions import course_access

    return course_access(user)


def _teaching(user):
    from . import selectors

    return selectors.trainer_classes(user) if roles.is_trainer(user) else []


@hooks.register("register_dashboard_section")
def classes_section():
    from . import selectors

    return DashboardSection(
        key="classes",
        template="enrolment/includes/dashboard_classes.html",
        order=10,
        learner_context={"dashboard": selectors.dashboard},
        enrolments=selectors.dashboard_enrolments,
        fingerprint=selectors.fingerprint_rows,
    )


@hooks.register("register_dashboard_section")
def next_steps_section():
    """First on the page: "Tiếp tục" to the next lesson of each class, and the next sessions."""
    from . import selectors

    return DashboardSection(
        key="next",
        template="enrolment/includes/dashboard_next.html",
        order=5,
        # ``dashboard`` is the classes section's value (one lazy value per name, no query of its
        # own), and so are its fingerprint rows; sessions are content (they bump the content version).
        learner_context={"dashboard": selectors.dashboard},
    )


@hooks.register("register_dashboard_section")
def teaching_section():
    # First on a trainer's page ("Lớp tôi giảng dạy", attendance one tap away); a learner has none.
    return DashboardSection(
        key="teaching",
        template="enrolment/includes/dashboard_teaching.html",
        order=1,
        context={"teaching": _teaching},
    )


@hooks.register("register_course_page_panel")
def course_classes_panel():
    return PagePanel("enrolment/includes/course_classes.html", order=10)


@hooks.register("register_lesson_page_panel")
def lesson_progress_panel():
    return PagePanel("enrolment/includes/lesson_progress.html", order=10)


@hooks.register("register_lessons_done")
def lessons_done_by(user, lesson_ids):
    """The ticks of a course page's lesson list (``courses.lessons_done``)."""
    from .models import LessonProgress

    return LessonProgress.objects.filter(user=user, lesson_id__in=lesson_ids).values_list("lesson_id", flat=True)


@hooks.register("register_background_download")
def register_enrolment_register_download():
    return BackgroundDownload(admin_views.REGISTER_DOWNLOAD, admin_views.register_download_rows)


@hooks.register("construct_homepage_panels")
def enrolment_to_do(request, panels):
    """The admin home: enrolments awaiting approval and imports whose rows have errors."""
    from lms.admin_panels import ToDoItem, ToDoPanel

    from .models import EnrolmentImport

    if not can_manage_enrolments(request.user):
        return

    def items():
        pending = Enrolment.objects.filter(status=Enrolment.Status.PENDING).count()
        broken = EnrolmentImport.objects.filter(status=EnrolmentImport.Status.PREVIEW, summary__errors__gt=0)
        latest = broken.select_related("cohort").first()
        detail = ""
        if latest is not None:
            detail = _("Latest: %(file)s for class %(code)s.") % {"file": latest.file_name, "code": latest.cohort.code}
        return [
            ToDoItem(
                _("Enrolments awaiting approval"),
                pending,
                reverse("wagtailsnippets_enrolment_enrolment:list") + "?status=pending",
            ),
            ToDoItem(
                _("Imports with errors, not applied"),
                broken.count(),
                reverse("enrolment_import:preview", args=[latest.pk]) if latest else reverse("enrolment_import:index"),
                detail,
            ),
        ]

    panels.append(ToDoPanel("enrolment_to_do", _("Enrolments"), order=110, items=items))
