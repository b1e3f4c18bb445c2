from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules
from lms.sections import SiteSection
from search.registry import SearchType


@hooks.register("register_site_section")
def news_section():
    return SiteSection(
        "news.newsindexpage",
        order=60,
        blurb=_("News of the programmes: articles, television episodes and the press coverage of our activities."),
    )


@hooks.register("register_search_type")
def news_search():
    from .models import NewsItemPage

    return SearchType("tin-tuc", NewsItemPage, _("News"), order=60)


@hooks.register("register_page_cache")
def news_pages_in_cache():
    return PageCacheRules(models=("news",))


@hooks.register("register_demo_loader")
def news_demo():
    from . import demo

    return DemoLoader("news", demo.load, order=55)  # after the programmes (courses), before the reports
