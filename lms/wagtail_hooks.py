from wagtail import hooks

from .demo import DemoLoader, load_site_settings


@hooks.register("register_demo_loader")
def site_settings_demo():
    return DemoLoader("lms", load_site_settings, order=15)
