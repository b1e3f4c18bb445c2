"""What a certificate looks like: a snippet edited by managers, previewed as a PDF.

Everything printed that is not the learner's data is here, as data: the
issuing organisation, the place of the date line, the signatories. None of it
is written in code, so the same system serves any province or college.
"""

import re

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable, PreviewableMixin
from wagtail.search import index

#: Placeholders a template's body may use, with what they print.
PLACEHOLDERS = {
    "name": _("the learner's full name"),
    "date_of_birth": _("date of birth (when collected; the line is left out otherwise)"),
    "course": _("course title"),
    "programme": _("programme title"),
    "hours": _("course duration in hours"),
    "class": _("class code"),
    "class_title": _("class title"),
    "start_date": _("first day of the class (dd/mm/yyyy)"),
    "end_date": _("last day of the class (dd/mm/yyyy)"),
    "result": _("result"),
    "number": _("certificate number"),
    "issue_date": _("issue date (dd/mm/yyyy)"),
    # Certificates of other kinds (participation in an activity...): what and when.
    "activity": _("what a certificate of participation is for: the activity's title"),
    "session": _("when and where: the session's date and venue"),
}
PLACEHOLDER_RE = re.compile(r"\{([a-z_]+)\}")
MAX_SIGNATORIES = 3

DEFAULT_BODY = (
    "Chứng nhận Ông/Bà: {name}\n"
    "Ngày sinh: {date_of_birth}\n"
    "Đã hoàn thành khóa học: {course}\n"
    "Thuộc chương trình: {programme}\n"
    "Lớp {class}, thời lượng {hours} giờ, từ ngày {start_date} đến ngày {end_date}.\n"
    "Kết quả: {result}"
)

colour_validator = RegexValidator(r"^#[0-9a-fA-F]{6}$", _("Enter a colour as #RRGGBB, for example #b91c1c."))


def validate_body(value: str) -> None:
    """Only known placeholders, and no stray braces a manager would not see printed."""
    unknown = sorted({name for name in PLACEHOLDER_RE.findall(value) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            _("Unknown placeholder(s): %(names)s. Available: %(available)s."),
            params={
                "names": ", ".join("{" + name + "}" for name in unknown),
                "available": ", ".join("{" + name + "}" for name in PLACEHOLDERS),
            },
        )
    if "{" in PLACEHOLDER_RE.sub("", value) or "}" in PLACEHOLDER_RE.sub("", value):
        raise ValidationError(_("Braces may only surround a placeholder, such as {name}."))


class CertificateTemplate(PreviewableMixin, index.Indexed, ClusterableModel):
    """The layout and fixed text of a certificate; a course uses one, or its programme's default."""

    class Orientation(models.TextChoices):
        LANDSCAPE = "landscape", _("A4 landscape")
        PORTRAIT = "portrait", _("A4 portrait")

    name = models.CharField(_("name"), max_length=120, unique=True, help_text=_("Only managers see this name."))
    language = models.CharField(
        _("language of the printed labels"), max_length=5, choices=settings.LANGUAGES, default="vi"
    )
    orientation = models.CharField(
        _("orientation"), max_length=10, choices=Orientation.choices, default=Orientation.LANDSCAPE
    )
    national_motto = models.BooleanField(
        _("print the national motto"),
        default=True,
        help_text=_("The national name and motto of Vietnam, at the top right."),
    )
    issuer_superior = models.CharField(
        _("superior body"), max_length=200, blank=True, help_text=_("Printed above the issuer, in capitals.")
    )
    issuer_name = models.CharField(
        _("issuer"), max_length=200, blank=True, help_text=_("Empty: the organisation name in the site settings.")
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty: the logo in the site settings."),
    )
    show_logo = models.BooleanField(_("print a logo"), default=True)
    background = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("background image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Covers the whole page; a light frame or pattern keeps the text readable."),
    )
    accent_colour = models.CharField(
        _("accent colour"), max_length=7, default="#b91c1c", validators=[colour_validator]
    )
    title = models.CharField(_("title"), max_length=120, default="GIẤY CHỨNG NHẬN")
    body = models.TextField(
        _("body"),
        default=DEFAULT_BODY,
        validators=[validate_body],
        help_text=_(
            "One paragraph per line. Placeholders: {name}, {date_of_birth}, {course}, {programme}, {hours}, "
            "{class}, {class_title}, {start_date}, {end_date}, {result}, {number}, {issue_date}; for a "
            "certificate of participation {activity} and {session}. A line whose placeholders are all empty "
            "is left out."
        ),
    )
    place = models.CharField(
        _("place"),
        max_length=120,
        blank=True,
        help_text=_('Written before the date, for example "Bình Dương, ngày 22 tháng 4 năm 2019".'),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    panels = [
        FieldPanel("name"),
        FieldRowPanel([FieldPanel("orientation"), FieldPanel("language")]),
        MultiFieldPanel(
            [
                FieldPanel("national_motto"),
                FieldPanel("issuer_superior"),
                FieldPanel("issuer_name"),
                FieldRowPanel([FieldPanel("show_logo"), FieldPanel("logo")]),
            ],
            heading=_("Heading"),
        ),
        MultiFieldPanel(
            [FieldPanel("title"), FieldPanel("body"), FieldPanel("place")],
            heading=_("Text"),
        ),
        MultiFieldPanel([FieldPanel("background"), FieldPanel("accent_colour")], heading=_("Look")),
        InlinePanel("signatories", label=_("Signatories"), max_num=MAX_SIGNATORIES, min_num=0),
    ]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("certificate template")
        verbose_name_plural = _("certificate templates")

    def __str__(self):
        return self.name

    def clean(self):
        super().clean()
        if self.accent_colour:
            colour_validator(self.accent_colour)

    # Preview in the admin: the PDF itself, rendered from the unsaved form by the
    # snippet's preview views (certificates.admin_views): rendering reads this model,
    # this model does not render.
    @property
    def preview_modes(self):
        return [("", _("PDF"))]


class Signatory(Orderable):
    """One of at most three people who sign a certificate."""

    template = ParentalKey(CertificateTemplate, on_delete=models.CASCADE, related_name="signatories")
    position = models.TextField(
        _("position"),
        max_length=200,
        help_text=_('One or two lines, for example "GIÁM ĐỐC", or "KT. GIÁM ĐỐC" then "PHÓ GIÁM ĐỐC".'),
    )
    name = models.CharField(_("name"), max_length=150)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("position", widget=forms.Textarea(attrs={"rows": 2})),
        FieldPanel("name"),
        FieldPanel("signature"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self):
        return f"{' '.join(self.position.split())}: {self.name}"
