"""Where each page type may be created, and the check that keeps page types complete."""

from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase

from camps.models import CampIndexPage, CampMaterialPage
from courses.checks import check_page_type
from courses.models import CoursePage, LessonPage, ModulePage, ProgrammeIndexPage, ProgrammePage
from home.models import HomePage, StandardPage
from stem_lessons.models import StemLessonIndexPage, StemLessonPage


class PageTreeTests(WagtailPageTestCase):
    def test_home_page_holds_the_section_indexes_and_standard_pages(self):
        for child in (ProgrammeIndexPage, StemLessonIndexPage, CampIndexPage, StandardPage):
            self.assertCanCreateAt(HomePage, child)
        for child in (ProgrammePage, CoursePage, LessonPage, StemLessonPage, CampMaterialPage):
            self.assertCanNotCreateAt(HomePage, child)

    def test_programmes_live_in_the_programme_index_and_hold_courses(self):
        self.assertAllowedSubpageTypes(ProgrammeIndexPage, {ProgrammePage})
        self.assertAllowedSubpageTypes(ProgrammePage, {CoursePage})
        self.assertAllowedParentPageTypes(ProgrammePage, {ProgrammeIndexPage})
        self.assertCanNotCreateAt(Page, ProgrammePage)

    def test_lessons_live_under_a_course_directly_or_in_a_module(self):
        self.assertCanCreateAt(CoursePage, LessonPage)
        self.assertCanCreateAt(CoursePage, ModulePage)
        self.assertCanCreateAt(ModulePage, LessonPage)
        self.assertCanNotCreateAt(ModulePage, ModulePage)
        self.assertCanNotCreateAt(ProgrammePage, LessonPage)
        self.assertAllowedSubpageTypes(LessonPage, set())

    def test_lesson_plans_and_camp_materials_live_in_their_own_index(self):
        self.assertAllowedSubpageTypes(StemLessonIndexPage, {StemLessonPage})
        self.assertAllowedParentPageTypes(StemLessonPage, {StemLessonIndexPage})
        self.assertAllowedSubpageTypes(CampIndexPage, {CampMaterialPage})
        self.assertAllowedParentPageTypes(CampMaterialPage, {CampIndexPage})
        self.assertCanNotCreateAt(CoursePage, CampMaterialPage)

    def test_standard_pages_nest_but_hold_nothing_else(self):
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})


class BarePage(Page):
    """A page type that declares nothing (abstract, so it creates no table)."""

    class Meta:
        abstract = True
        app_label = "tests"


class HalfDeclaredPage(Page):
    parent_page_types = ["home.HomePage"]
    subpage_types: list[str] = []
    template = "courses/no_such_template.html"

    class Meta:
        abstract = True
        app_label = "tests"


def test_the_check_names_everything_a_bare_page_type_lacks():
    codes = {error.id for error in check_page_type(BarePage)}
    # Wagtail names a default template (tests/bare_page.html), which does not exist.
    assert codes == {"courses.E101", "courses.E102", "courses.E103", "courses.E104", "courses.E106"}


def test_the_check_finds_a_missing_template_and_missing_panels():
    codes = {error.id for error in check_page_type(HalfDeclaredPage)}
    assert codes == {"courses.E103", "courses.E104", "courses.E106"}


def test_every_page_type_of_the_project_passes_the_check():
    for model in (
        HomePage,
        StandardPage,
        ProgrammeIndexPage,
        ProgrammePage,
        CoursePage,
        ModulePage,
        LessonPage,
        StemLessonIndexPage,
        StemLessonPage,
        CampIndexPage,
        CampMaterialPage,
    ):
        assert check_page_type(model) == [], model
    call_command("check", "--fail-level", "ERROR")
