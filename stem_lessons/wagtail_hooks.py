from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules
from lms.sections import SiteSection
from search.registry import SearchType


@hooks.register("register_site_section")
def lesson_plan_library():
    return SiteSection(
        "stem_lessons.stemlessonindexpage", order=30, blurb=_("Model STEM lesson plans to read, print and adapt.")
    )


@hooks.register("register_search_type")
def lesson_plan_search():
    from .models import StemLessonPage

    return SearchType("giao-an", StemLessonPage, _("STEM lesson plan"), order=30)


@hooks.register("register_page_cache")
def stem_lessons_pages_in_cache():
    return PageCacheRules(models=("stem_lessons",))


@hooks.register("register_demo_loader")
def stem_lessons_demo():
    from . import demo

    return DemoLoader("stem_lessons", demo.load, order=40)
