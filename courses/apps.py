from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = _("Programmes and courses")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

        from . import checks  # noqa: F401 (registers the page-type check)
        from .home import forget_nav, reindex_published_page

        page_published.connect(reindex_published_page, dispatch_uid="catalogue-reindex")
        for signal in (page_published, page_unpublished, post_page_move, page_slug_changed):
            signal.connect(forget_nav, dispatch_uid=f"catalogue-nav-{signal!r}")
        post_delete.connect(forget_nav, sender="wagtailcore.Page", dispatch_uid="catalogue-nav-delete")
