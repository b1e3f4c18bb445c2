from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules
from lms.sections import SiteSection
from search.registry import SearchType


@hooks.register("register_site_section")
def camp_materials():
    return SiteSection(
        "camps.campindexpage", order=40, blurb=_("Summer camp, robotics and Fablab activities for pupils aged 8–15.")
    )


@hooks.register("register_search_type")
def camp_search():
    from .models import CampMaterialPage

    return SearchType("trai-nghiem", CampMaterialPage, _("Camp and Fablab"), order=40)


@hooks.register("register_page_cache")
def camps_pages_in_cache():
    return PageCacheRules(models=("camps",))


@hooks.register("register_demo_loader")
def camps_demo():
    from . import demo

    return DemoLoader("camps", demo.load, order=50)
