from django.templatetags.static import static
from django.utils.html import format_html
from wagtail import hooks

from .demo import DemoLoader, load_site_settings


@hooks.register("register_demo_loader")
def site_settings_demo():
    return DemoLoader("lms", load_site_settings, order=15)


@hooks.register("insert_global_admin_css")
def admin_css():
    """The admin's own touches: the to-do panels of the home page, menu labels that wrap."""
    return format_html('<link rel="stylesheet" href="{}">', static("lms/admin.css"))
