from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home page")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save, pre_save
        from wagtail.images import get_image_model
        from wagtail.models import Collection

        from .people_images import forget_collections, give_unguessable_name

        post_save.connect(forget_collections, sender=Collection, dispatch_uid="home.people_images.saved")
        post_delete.connect(forget_collections, sender=Collection, dispatch_uid="home.people_images.deleted")
        pre_save.connect(
            lambda sender, instance, **kwargs: give_unguessable_name(instance),
            sender=get_image_model(),
            dispatch_uid="home.people_images",
            weak=False,
        )
