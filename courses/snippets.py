"""Reference content of the catalogue edited as snippets: trainers' public profiles.

A profile is what the public reads about a trainer on a course page. It is
content written by a manager, separate from the trainer's account, so a
course can name a guest lecturer who never logs in.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.search import index

from lms.text import fold


class TrainerProfile(index.Indexed, models.Model):
    """A trainer (giảng viên) as presented publicly on course pages."""

    name = models.CharField(_("full name"), max_length=150)
    honorific = models.CharField(
        _("title"), max_length=40, blank=True, help_text=_("Academic title or degree, e.g. TS., ThS.")
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    bio = models.TextField(_("short biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("honorific"),
        FieldPanel("name"),
        FieldPanel("position"),
        FieldPanel("organisation"),
        FieldPanel("bio"),
        FieldPanel("photo"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.SearchField("organisation"),
        index.AutocompleteField("name"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("trainer profile")
        verbose_name_plural = _("trainer profiles")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return f"{self.honorific} {self.name}".strip()

    def folded_name(self) -> str:
        return fold(self.display_name)
