from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site settings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import page_cache

        page_cache.connect_invalidation()

        from django.db.models.signals import pre_save
        from wagtail.images import get_image_model

        from .people_images import give_unguessable_name

        pre_save.connect(
            lambda sender, instance, **kwargs: give_unguessable_name(instance),
            sender=get_image_model(),
            dispatch_uid="home.people_images",
            weak=False,
        )
