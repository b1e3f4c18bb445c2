"""Admin screens of assessment: rubrics (a snippet library), assignments, submissions.

Rubrics in use are never edited in place: saving one creates its next
version (``services.rubrics.revise_rubric``). Submissions are listed
read-only: grading happens on the trainer's pages, never in the admin.
"""

import datetime

import django_filters
from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.panels import ObjectList
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic import InspectView as GenericInspectView
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permissions import register_permission_policy
from wagtail.snippets.views.snippets import DeleteView, EditView, SnippetViewSet
from wagtail.snippets.views.snippets import InspectView as SnippetInspectView

from courses.panels import PagePanel
from enrolment.completion import CompletionRequirement
from enrolment.dashboard import DashboardSection
from lms.admin_utils import PlainValuesInspectMixin, ReadOnlyPermissionPolicy
from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules

from . import permissions
from .admin_moderation import ModerationViewSet
from .filetypes import FileKind
from .models import Assignment, Rubric, Submission
from .services.rubrics import record_rubric_saved, revise_rubric

# --- Rubrics --------------------------------------------------------------------


class RubricFilterSet(WagtailFilterSet):
    locked = django_filters.BooleanFilter(
        label=gettext_lazy("Used for grades"), field_name="locked_at", lookup_expr="isnull", exclude=True
    )

    class Meta:
        model = Rubric
        fields = []


class RubricEditView(EditView):
    """Edits an unused rubric in place; turns an edit of a used one into a new version."""

    revised = None

    def get_object(self, queryset=None):
        rubric = super().get_object(queryset)
        if not rubric.is_current:
            raise PermissionDenied
        return rubric

    def get(self, request, *args, **kwargs):
        if self.object.is_locked:
            message = _(
                "This rubric is used by grades: saving creates version %(next)s; they keep version %(current)s."
            )
            messages.warning(request, message % {"next": self.object.version + 1, "current": self.object.version})
        return super().get(request, *args, **kwargs)

    def save_instance(self):
        if Rubric.objects.filter(pk=self.object.pk, locked_at__isnull=False).exists():
            self.revised = revise_rubric(self.request.user, self.form.save(commit=False))
            return self.revised
        instance = super().save_instance()
        record_rubric_saved(self.request.user, instance, created=False)
        return instance

    def get_success_message(self):
        if self.revised is not None:
            return _("Version %(version)s of “%(title)s” was created; earlier grades keep the version they used.") % {
                "version": self.revised.version,
                "title": self.revised.title,
            }
        return super().get_success_message()

    def get_success_buttons(self):
        return []


class RubricDeleteView(DeleteView):
    """Refuses to delete a rubric that grades or assignments use."""

    def dispatch(self, request, *args, **kwargs):
        rubric = Rubric.objects.filter(pk=kwargs.get("pk")).first()
        if rubric is not None and (rubric.is_locked or rubric.assignments.exists() or not rubric.is_current):
            messages.error(request, _("This rubric is used by assignments or grades and cannot be deleted."))
            return redirect(reverse("wagtailsnippets_assessment_rubric:list"))
        return super().dispatch(request, *args, **kwargs)


class RubricInspectView(PlainValuesInspectMixin, SnippetInspectView):
    """Dates in local time, "—" for an empty value (``lms.admin_utils.PlainValuesInspectMixin``)."""


class AssignmentInspectView(PlainValuesInspectMixin, GenericInspectView):
    """Dates in local time, "—" for an empty value (``lms.admin_utils.PlainValuesInspectMixin``)."""


class RubricViewSet(SnippetViewSet):
    model = Rubric
    icon = "list-ol"
    menu_label = gettext_lazy("Rubrics")
    edit_view_class = RubricEditView
    delete_view_class = RubricDeleteView
    list_display = ["title", "version", "locked_at", "updated_at"]
    list_export = ["title", "version", "locked_at", "updated_at"]
    filterset_class = RubricFilterSet
    search_fields = ["title", "description"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = RubricInspectView
    copy_view_enabled = False

    def get_queryset(self, request):
        return Rubric.objects.filter(is_current=True)


# --- Assignments ----------------------------------------------------------------


class AssignmentForm(WagtailAdminModelForm):
    accepted_types = forms.MultipleChoiceField(
        label=gettext_lazy("Accepted file types"),
        choices=FileKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )

    def clean(self):
        cleaned = super().clean()
        course = cleaned.get("course")
        formset = self.formsets.get("class_dates")
        if course and formset is not None:
            for form in formset.forms:
                cohort = form.cleaned_data.get("cohort") if form.is_valid() else None
                if cohort and not form.cleaned_data.get("DELETE") and cohort.course_id != course.pk:
                    raise ValidationError(_("The class %(code)s does not teach this course.") % {"code": cohort.code})
        return cleaned


class AssignmentIndexView(IndexView):
    """Assignments with their course and rubric read in the listing's (and export's) query."""

    def get_base_queryset(self):
        return super().get_base_queryset().select_related("course", "rubric")


class AssignmentViewSet(ModelViewSet):
    model = Assignment
    name = "assessment_assignment"
    url_prefix = "assessment/assignments"
    icon = "tasks"
    menu_label = gettext_lazy("Assignments")
    edit_handler = ObjectList(Assignment.panels, base_form_class=AssignmentForm)
    index_view_class = AssignmentIndexView
    list_display = ["title", "course", "due_at", "rubric", "required_for_completion"]
    list_filter = ["course", "lesson_plan", "required_for_completion"]
    list_export = ["title", "course", "opens_at", "due_at", "cut_off_at", "max_attempts", "pass_mark", "rubric"]
    search_fields = ["title"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_class = AssignmentInspectView
    copy_view_enabled = False


# --- Submissions (read-only) ------------------------------------------------------


register_permission_policy(Submission, ReadOnlyPermissionPolicy(Submission), exact_class=True)


def handed_in_submissions(user):
    """What the admin lists: handed-in work the user may see (never a learner's draft)."""
    return (
        permissions.submissions_visible_to(user)
        .exclude(status=Submission.Status.DRAFT)
        .select_related("learner", "assignment", "cohort")
    )


class SubmissionIndexView(IndexView):
    def get_base_queryset(self):
        return handed_in_submissions(self.request.user)


class SubmissionInspectView(PlainValuesInspectMixin, InspectView):
    def get_object(self, queryset=None):
        return get_object_or_404(handed_in_submissions(self.request.user), pk=unquote(str(self.pk)))


class SubmissionViewSet(ModelViewSet):
    model = Submission
    name = "assessment_submission"
    url_prefix = "assessment/submissions"
    icon = "doc-full"
    menu_label = gettext_lazy("Submissions")
    form_fields = ["status"]  # required by ModelViewSet; the policy refuses every edit
    list_display = ["learner", "assignment", "cohort", "attempt", "status", "is_late", "submitted_at"]
    list_filter = ["status", "is_late", "cohort", "assignment"]
    list_export = ["learner", "assignment", "cohort", "attempt", "status", "is_late", "submitted_at"]
    search_fields = ["learner__full_name", "learner__email", "assignment__title"]
    search_backend_name = None
    inspect_view_enabled = True
    inspect_view_fields = ["learner", "assignment", "cohort", "attempt", "status", "is_late", "submitted_at"]
    copy_view_enabled = False
    ordering = ["-submitted_at"]
    index_view_class = SubmissionIndexView
    inspect_view_class = SubmissionInspectView


class AssessmentViewSetGroup(ViewSetGroup):
    items = (RubricViewSet, AssignmentViewSet, SubmissionViewSet, ModerationViewSet)
    menu_label = gettext_lazy("Assessment")
    menu_icon = "tasks"
    menu_order = 250


@hooks.register("register_admin_viewset")
def register_viewsets():
    return AssessmentViewSetGroup()


@hooks.register("register_page_cache")
def assignments_in_cache():
    """A course page lists its assignments; grading pages keep rubric versions in the content cache;
    lessons and dashboards read where quizzes are from it (``quizzes.selectors.quiz_map``)."""
    return PageCacheRules(
        models=(
            "assessment.assignment",
            "assessment.assignmentclassdates",
            "assessment.quiz",
            "assessment.rubric",
            "assessment.rubriccriterion",
            "assessment.rubriclevel",
        )
    )


@hooks.register("register_demo_loader")
def assessment_demo():
    from . import demo

    return DemoLoader("assessment", demo.load, order=80)


def _submission_rows():
    from django.db.models import OuterRef

    from enrolment.dashboard import FingerprintRows

    from .models import Submission

    return [
        FingerprintRows(
            "submissions",
            Submission.objects.filter(learner=OuterRef("pk")),
            owner="learner_id",
            fields=("updated_at", "pk"),
        )
    ]


def _assignment_presence() -> dict:
    """Whether the person has work to do, results, and class dates or extensions to read
    (``enrolment.dashboard``: answered in the page's fingerprint query)."""
    from django.db.models import OuterRef

    from enrolment.models import Cohort, Enrolment

    from .models import AssignmentClassDates, Extension
    from .selectors import RESULT_STATUSES

    return {
        "assignments_due": lambda: Assignment.objects.filter(
            course__cohorts__enrolments__user=OuterRef("pk"),
            course__cohorts__enrolments__status=Enrolment.Status.ACTIVE,
            course__cohorts__status=Cohort.Status.RUNNING,
        ),
        "assignment_results": lambda: Submission.objects.filter(
            learner=OuterRef("pk"), status__in=RESULT_STATUSES, enrolment__status__in=Enrolment.CURRENT_STATUSES
        ),
        "assignment_class_dates": lambda: AssignmentClassDates.objects.filter(cohort__enrolments__user=OuterRef("pk")),
        "assignment_extensions": lambda: Extension.objects.filter(enrolment__user=OuterRef("pk")),
    }


@hooks.register("register_dashboard_section")
def assignments_section():
    from .selectors import learner_assignment_results, learner_assignments_due

    return DashboardSection(
        key="assignments",
        template="assessment/includes/dashboard_assignments.html",
        order=6,  # what to do next: after "Tiếp tục" and the sessions (5), before the checklist (7)
        learner_context={"assignments_due": learner_assignments_due, "assignment_results": learner_assignment_results},
        present=_assignment_presence(),
        fingerprint=_submission_rows,
    )


@hooks.register("register_course_page_panel")
def course_assignments_panel():
    return PagePanel("assessment/includes/course_panel.html", order=20)


@hooks.register("register_completion_requirement")
def required_assignments_passed():
    from .selectors import enrolments_with_required_assignments_passed

    return CompletionRequirement(
        "assignments",
        gettext_lazy("Required assignments passed"),
        enrolments_with_required_assignments_passed,
        enabled_by="require_assignments",
        reads_learner=True,
    )


@hooks.register("register_calendar_events")
def assignment_due_dates(user):
    """The due dates of a person's assignments in their private calendar (``enrolment.calendar``)."""
    from .schedule import due_date_events

    return due_date_events(user)


@hooks.register("register_reminders")
def assignments_due_soon(now):
    """An assignment due within 48 hours whose work is not handed in (``enrolment.reminders``)."""
    from .schedule import due_reminders

    return due_reminders(now)


@hooks.register("construct_homepage_panels")
def grading_to_do(request, panels):
    """The admin home: work handed in and waiting for a grade for more than N days."""
    from django.conf import settings
    from django.utils import timezone

    from lms.admin_panels import ToDoItem, ToDoPanel

    if not permissions.can_moderate(request.user):
        return
    days = getattr(settings, "GRADING_OVERDUE_DAYS", 7)

    def items():
        now = timezone.now()
        late = Submission.objects.filter(
            status__in=Submission.WAITING, submitted_at__lt=now - datetime.timedelta(days=days)
        ).order_by("submitted_at", "pk")
        oldest = late.select_related("cohort").first()
        detail = ""
        if oldest is not None:
            detail = _("The oldest has waited %(days)s days (class %(code)s).") % {
                "days": (now - oldest.submitted_at).days,
                "code": oldest.cohort.code,
            }
        return [
            ToDoItem(
                ngettext(
                    "Submissions waiting more than %(days)s day for a grade",
                    "Submissions waiting more than %(days)s days for a grade",
                    days,
                )
                % {"days": days},
                late.count(),
                reverse("assessment:queue"),
                detail,
            )
        ]

    panels.append(ToDoPanel("grading_to_do", _("Grading"), order=120, items=items))


# Quizzes register their admin screens and panels in their own module.
from .quizzes import wagtail_hooks as _quiz_hooks  # noqa: E402, F401
