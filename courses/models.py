"""The catalogue: programmes, courses, modules and lessons as Wagtail pages.

A programme (chương trình) is one line of the plan, with targets the reports
compare against. A course (khóa học) is content owned by a programme; it is
taught in classes (see ``enrolment``). Lessons (bài học) sit under a course,
directly or grouped in modules.
"""

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index

from home.models import RICH_TEXT_FEATURES


class ProgrammeIndexPage(Page):
    """ "Chương trình": the list of programmes."""

    intro = RichTextField(_("introduction"), blank=True, features=RICH_TEXT_FEATURES)

    content_panels = [*Page.content_panels, FieldPanel("intro")]
    search_fields = [*Page.search_fields, index.SearchField("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["courses.ProgrammePage"]
    template = "courses/programme_index_page.html"

    class Meta:
        verbose_name = _("programme index")


class ProgrammePage(Page):
    """One programme of the plan, e.g. "2.4 STEM training for teachers"."""

    code = models.CharField(_("code"), max_length=20, help_text=_("For example 2.4"))
    summary = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("code"), FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary"), index.FilterField("code")]
    parent_page_types = ["courses.ProgrammeIndexPage"]
    subpage_types = ["courses.CoursePage"]
    template = "courses/programme_page.html"

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")


class CoursePage(Page):
    """A course: content taught in one or more classes."""

    summary = models.TextField(_("summary"), blank=True)
    duration_hours = models.PositiveIntegerField(_("duration (hours)"), default=0)

    content_panels = [*Page.content_panels, FieldPanel("summary"), FieldPanel("duration_hours")]
    search_fields = [*Page.search_fields, index.SearchField("summary", boost=1)]
    parent_page_types = ["courses.ProgrammePage"]
    subpage_types = ["courses.ModulePage", "courses.LessonPage"]
    template = "courses/course_page.html"

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    @property
    def programme(self):
        return ProgrammePage.objects.ancestor_of(self).first()


class ModulePage(Page):
    """A group of lessons inside a course (chương, phần)."""

    summary = models.TextField(_("summary"), blank=True)

    content_panels = [*Page.content_panels, FieldPanel("summary")]
    search_fields = [*Page.search_fields, index.SearchField("summary")]
    parent_page_types = ["courses.CoursePage"]
    subpage_types = ["courses.LessonPage"]
    template = "courses/module_page.html"

    class Meta:
        verbose_name = _("module")
        verbose_name_plural = _("modules")


class LessonPage(Page):
    """A lesson. Readable by the course's enrolled learners, trainers and managers,
    or by anyone when it is a free preview (see ``courses.permissions``)."""

    estimated_minutes = models.PositiveIntegerField(_("estimated time (minutes)"), default=15)
    required_for_completion = models.BooleanField(_("required for completion"), default=True)
    free_preview = models.BooleanField(_("free preview"), default=False)

    content_panels = [
        *Page.content_panels,
        FieldPanel("estimated_minutes"),
        FieldPanel("required_for_completion"),
        FieldPanel("free_preview"),
    ]
    search_fields = [*Page.search_fields]
    parent_page_types = ["courses.CoursePage", "courses.ModulePage"]
    subpage_types: list[str] = []
    template = "courses/lesson_page.html"

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    @property
    def course(self):
        return CoursePage.objects.ancestor_of(self).first()

    def serve(self, request, *args, **kwargs):
        from .permissions import can_view_lesson

        if not can_view_lesson(request.user, self):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            raise PermissionDenied
        return super().serve(request, *args, **kwargs)
