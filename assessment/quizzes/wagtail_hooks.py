"""Quizzes in the admin (the question bank, quizzes) and in other apps' pages, through their registries.

Imported by ``assessment/wagtail_hooks.py`` so Wagtail finds these hooks.
Saving a question freezes it as a version (``services.save_question_version``):
the latest one when nobody has answered it, a new one otherwise.
"""

import django_filters
from django.contrib import messages
from django.db.models import OuterRef
from django.db.models.signals import post_delete, post_save
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet, ViewSetGroup
from wagtail.snippets.views.snippets import EditView, SnippetViewSet

from courses.panels import PagePanel
from enrolment.completion import CompletionRequirement
from enrolment.dashboard import DashboardSection, FingerprintRows
from enrolment.progress import LessonDoneRule
from lms.demo import DemoLoader

from ..models import AttemptQuestion, Question, QuestionCategory, Quiz, QuizAttempt
from . import services
from .selectors import courses_with_required_quizzes, forget_required_courses

# --- The question bank ----------------------------------------------------------------


class QuestionFilterSet(WagtailFilterSet):
    tag = django_filters.CharFilter(
        label=gettext_lazy("Tag"), field_name="tags__name", lookup_expr="iexact", distinct=True
    )

    class Meta:
        model = Question
        fields = ["category", "kind"]


class QuestionEditView(EditView):
    """Warns that an edit of an answered question makes a new version (attempts keep theirs)."""

    def get(self, request, *args, **kwargs):
        if AttemptQuestion.objects.filter(version__question=self.object).exists():
            messages.warning(
                request,
                _(
                    "This question has been answered: saving creates version %(next)s; "
                    "attempts keep the version they answered."
                )
                % {"next": self.object.current_version + 1},
            )
        return super().get(request, *args, **kwargs)


class QuestionCategoryViewSet(SnippetViewSet):
    model = QuestionCategory
    icon = "folder-open-inverse"
    menu_label = gettext_lazy("Question categories")
    list_display = ["__str__", "course", "programme"]
    list_filter = ["course", "programme"]
    search_fields = ["name"]
    search_backend_name = None
    copy_view_enabled = False


class QuestionViewSet(SnippetViewSet):
    model = Question
    icon = "help"
    menu_label = gettext_lazy("Question bank")
    edit_view_class = QuestionEditView
    list_display = ["title", "kind", "category", "current_version", "updated_at"]
    list_export = ["title", "kind", "category", "current_version", "text", "updated_at"]
    filterset_class = QuestionFilterSet
    search_fields = ["title", "text"]
    search_backend_name = None
    inspect_view_enabled = True


class QuizViewSet(SnippetViewSet):
    model = Quiz
    icon = "form"
    menu_label = gettext_lazy("Quizzes")
    list_display = ["title", "course", "lesson", "required_for_completion", "updated_at"]
    list_filter = ["course", "required_for_completion"]
    search_fields = ["title"]
    search_backend_name = None
    copy_view_enabled = False


class ImportMenuItem(MenuItem):
    def is_shown(self, request):
        from .admin_views import can_import

        return can_import(request.user)


class QuestionImportViewSet(ViewSet):
    """GIFT and Moodle XML in (checked first, then imported), Moodle XML out."""

    name = "quizzes_admin"
    icon = "upload"
    menu_label = gettext_lazy("Import and export questions")
    menu_item_class = ImportMenuItem

    def get_urlpatterns(self):
        from . import admin_views

        return [
            path("", admin_views.ImportView.as_view(), name="index"),
            path("danh-muc/<int:pk>/moodle.xml", admin_views.export_category, name="export"),
        ]


class QuizViewSetGroup(ViewSetGroup):
    items = (QuizViewSet, QuestionViewSet, QuestionCategoryViewSet, QuestionImportViewSet)
    menu_label = gettext_lazy("Quizzes and questions")
    menu_icon = "form"
    menu_order = 255


@hooks.register("register_admin_viewset")
def register_quiz_viewsets():
    return QuizViewSetGroup()


@hooks.register("after_create_snippet")
@hooks.register("after_edit_snippet")
def freeze_question(request, instance):
    if isinstance(instance, Question):
        services.save_question_version(request.user, instance)


post_save.connect(forget_required_courses, sender=Quiz, dispatch_uid="quizzes-required-courses-save")
post_delete.connect(forget_required_courses, sender=Quiz, dispatch_uid="quizzes-required-courses-delete")


# --- Other apps' pages ------------------------------------------------------------------


@hooks.register("register_lesson_page_panel")
def lesson_knowledge_checks():
    return PagePanel("assessment/quizzes/includes/lesson_checks.html", order=30)


@hooks.register("register_lesson_done_rule")
def lessons_done_by_passing_their_check():
    return LessonDoneRule(
        lambda: Quiz.objects.filter(lesson_done_when=Quiz.LessonDone.PASSED).values("lesson_id"),
        gettext_lazy("This lesson is done when you pass its knowledge check below."),
    )


@hooks.register("register_lesson_done_rule")
def lessons_done_by_handing_in_their_check():
    return LessonDoneRule(
        lambda: Quiz.objects.filter(lesson_done_when=Quiz.LessonDone.SUBMITTED).values("lesson_id"),
        gettext_lazy("This lesson is done when you hand in its knowledge check below."),
    )


def _attempt_rows():
    return [
        FingerprintRows(
            "quiz_attempts",
            QuizAttempt.objects.filter(learner=OuterRef("pk")),
            owner="learner_id",
            fields=("pk", "updated_at"),
        )
    ]


@hooks.register("register_dashboard_section")
def quizzes_section():
    from ..models import QuizClassDates
    from .selectors import learner_dashboard_quizzes

    return DashboardSection(
        key="quizzes",
        template="assessment/quizzes/includes/dashboard_quizzes.html",
        order=6,  # beside the assignments: work to do
        learner_context={"quizzes": learner_dashboard_quizzes},
        # A hint (``enrolment.dashboard``): the quizzes' dates of one's classes are read only when there are some.
        present={"quiz_class_dates": lambda: QuizClassDates.objects.filter(cohort__enrolments__user=OuterRef("pk"))},
        fingerprint=_attempt_rows,
    )


class QuizRequirement(CompletionRequirement):
    """Applies to the courses with a required graded quiz, when the rule asks for assessed work."""

    def applies(self, rule) -> bool:
        return super().applies(rule) and rule.course_id in courses_with_required_quizzes()


@hooks.register("register_completion_requirement")
def required_quizzes_passed():
    from .selectors import enrolments_with_required_quizzes_passed

    return QuizRequirement(
        "quizzes",
        gettext_lazy("Required quizzes passed"),
        enrolments_with_required_quizzes_passed,
        enabled_by="require_assignments",
        reads_learner=True,
    )


@hooks.register("register_demo_loader")
def quizzes_demo():
    from . import demo

    return DemoLoader("quizzes", demo.load, order=85)  # after the assignments (80)
