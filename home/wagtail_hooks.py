from wagtail import hooks

from lms.demo import DemoLoader
from lms.page_cache import PageCacheRules

from .sections import HomePageSection, doors


@hooks.register("register_home_page_section")
def site_section_doors():
    return HomePageSection("home/includes/doors.html", order=10, context=doors)


@hooks.register("register_page_cache")
def home_pages_in_cache():
    return PageCacheRules(models=("home",))


@hooks.register("register_demo_loader")
def home_demo():
    from . import demo

    return DemoLoader("home", demo.load, order=20)
