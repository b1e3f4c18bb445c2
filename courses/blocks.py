"""StreamField blocks of the catalogue, shared by lessons, lesson plans and camp pages.

Everything renders without an outside service: videos are embedded from
their provider's privacy-enhanced player URL computed here (no oEmbed fetch
on page view), equations are readable text, LaTeX drawn as MathML on the server
(``lms.math``) or an uploaded image.
"""

import re
from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

from lms.math import math_errors
from lms.rich_text import RICH_TEXT_FEATURES

# Lessons may also need chemical formulas (H₂O) and powers (x²).
LESSON_RICH_TEXT_FEATURES = [*RICH_TEXT_FEATURES, "superscript", "subscript"]

_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")


def video_embed_url(url: str) -> str | None:
    """The player URL for a YouTube or Vimeo link, or None for anything else."""
    parsed = urlparse(url or "")
    host = (parsed.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video_id = None
    if host in {"youtube.com", "youtube-nocookie.com"}:
        if parsed.path == "/watch":
            video_id = (parse_qs(parsed.query).get("v") or [""])[0]
        elif parsed.path.startswith(("/embed/", "/shorts/")):
            video_id = parsed.path.split("/")[2]
    elif host == "youtu.be":
        video_id = parsed.path.lstrip("/")
    elif host in {"vimeo.com", "player.vimeo.com"}:
        number = parsed.path.rstrip("/").split("/")[-1]
        return f"https://player.vimeo.com/video/{number}" if number.isdigit() else None
    if video_id and _YOUTUBE_ID.match(video_id):
        return f"https://www.youtube-nocookie.com/embed/{video_id}"
    return None


class FigureBlock(blocks.StructBlock):
    """An image with its alternative text, caption and credit."""

    image = ImageChooserBlock(label=_("image"))
    alt_text = blocks.CharBlock(
        label=_("alternative text"),
        required=False,
        max_length=255,
        help_text=_("What the image shows, for people who cannot see it. Empty: the image's description."),
    )
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)
    credit = blocks.CharBlock(label=_("credit"), required=False, max_length=255)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/figure.html"


class VideoBlock(blocks.StructBlock):
    """A YouTube or Vimeo video, played from the provider's privacy-enhanced player."""

    url = blocks.URLBlock(label=_("video address"), help_text=_("A YouTube or Vimeo link."))
    title = blocks.CharBlock(label=_("title"), max_length=200)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"

    def clean(self, value):
        value = super().clean(value)
        if video_embed_url(value.get("url")) is None:
            raise blocks.StructBlockValidationError(
                block_errors={"url": ValidationError(_("Only YouTube and Vimeo links can be embedded."))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["embed_url"] = video_embed_url(value.get("url"))
        return context


class DownloadBlock(blocks.StructBlock):
    """A document to download (worksheet, slides, rubric)."""

    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(
        label=_("title"), required=False, max_length=200, help_text=_("Empty: the document's title.")
    )
    description = blocks.CharBlock(label=_("description"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        label = pgettext_lazy("lesson block", "Download")
        template = "courses/blocks/download.html"


class CalloutBlock(blocks.StructBlock):
    """A boxed note, warning or safety instruction."""

    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("note", _("Note")), ("warning", _("Warning")), ("safety", _("Safety"))],
        default="note",
    )
    title = blocks.CharBlock(label=_("title"), required=False, max_length=120)
    text = blocks.RichTextBlock(label=_("text"), features=LESSON_RICH_TEXT_FEATURES)

    class Meta:
        icon = "warning"
        label = _("Callout")
        template = "courses/blocks/callout.html"


class StemActivityBlock(blocks.StructBlock):
    """A hands-on STEM activity: objective, materials, steps, expected product."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    objective = blocks.TextBlock(label=_("objective"))
    materials = blocks.ListBlock(blocks.CharBlock(max_length=200), label=_("materials"), default=[])
    steps = blocks.ListBlock(blocks.TextBlock(), label=_("steps"), min_num=1)
    expected_product = blocks.TextBlock(label=_("expected product"))

    class Meta:
        icon = "cogs"
        label = _("STEM activity")
        template = "courses/blocks/stem_activity.html"


class EquationBlock(blocks.StructBlock):
    """An equation as readable text (e.g. v = s / t), optionally with an image of it."""

    text = blocks.CharBlock(
        label=_("equation as text"),
        max_length=300,
        help_text=_("Readable by everyone and by screen readers, e.g. v = s / t or H₂O."),
    )
    image = ImageChooserBlock(label=_("image of the equation"), required=False)
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    def clean(self, value):
        """LaTeX between \\( \\) or \\[ \\] is drawn as MathML (``lms.math``); wrong LaTeX is refused."""
        value = super().clean(value)
        errors = math_errors(value.get("text") or "")
        if errors:
            raise blocks.StructBlockValidationError(block_errors={"text": ValidationError(" ".join(errors))})
        return value

    class Meta:
        icon = "code"
        label = _("Equation")
        template = "courses/blocks/equation.html"


class LessonBodyBlock(blocks.StreamBlock):
    """What a lesson is made of."""

    paragraph = blocks.RichTextBlock(label=_("Text"), features=LESSON_RICH_TEXT_FEATURES, icon="pilcrow")
    figure = FigureBlock()
    video = VideoBlock()
    download = DownloadBlock()
    callout = CalloutBlock()
    stem_activity = StemActivityBlock()
    equation = EquationBlock()


class SyllabusUnitBlock(blocks.StructBlock):
    """One unit of a course syllabus, with its hours."""

    title = blocks.CharBlock(label=_("title"), max_length=200)
    hours = blocks.DecimalBlock(label=_("hours"), required=False, min_value=0, max_digits=5, decimal_places=1)
    description = blocks.RichTextBlock(label=_("description"), features=RICH_TEXT_FEATURES, required=False)

    class Meta:
        icon = "list-ul"
        label = _("Syllabus unit")
        template = "courses/blocks/syllabus_unit.html"


class SyllabusBlock(blocks.StreamBlock):
    """A course syllabus: units, free text and downloads (e.g. the full syllabus PDF)."""

    unit = SyllabusUnitBlock()
    paragraph = blocks.RichTextBlock(label=_("Text"), features=RICH_TEXT_FEATURES, icon="pilcrow")
    download = DownloadBlock()
