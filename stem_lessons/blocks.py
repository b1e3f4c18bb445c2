"""Blocks of a STEM lesson plan: the five activities and the materials list."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from courses.blocks import LESSON_RICH_TEXT_FEATURES

# The five activities of a STEM lesson (MoET letter 3089/BGDĐT-GDTrH, 2020).
STAGES = [
    ("1", _("Define the problem")),
    ("2", _("Study background knowledge and propose solutions")),
    ("3", _("Choose a solution")),
    ("4", _("Build a prototype, test and evaluate it")),
    ("5", _("Share, discuss and adjust")),
]


class ActivityBlock(blocks.StructBlock):
    """One of the five activities, with its objective, content, product and organisation."""

    stage = blocks.ChoiceBlock(label=_("activity"), choices=STAGES)
    duration = blocks.CharBlock(label=_("duration"), required=False, max_length=60, help_text=_("e.g. 45 phút"))
    objective = blocks.TextBlock(label=_("objective"))
    content = blocks.RichTextBlock(label=_("content"), features=LESSON_RICH_TEXT_FEATURES)
    expected_product = blocks.TextBlock(label=_("expected product"))
    organisation = blocks.RichTextBlock(
        label=_("how it is organised"), features=LESSON_RICH_TEXT_FEATURES, help_text=_("What teacher and pupils do.")
    )

    class Meta:
        icon = "list-ol"
        label = _("Activity")
        template = "stem_lessons/blocks/activity.html"

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["stage_label"] = dict(STAGES).get(value.get("stage"), "")
        return context


class ActivitiesBlock(blocks.StreamBlock):
    activity = ActivityBlock()

    class Meta:
        block_counts = {"activity": {"min_num": 1, "max_num": 5}}


class MaterialBlock(blocks.StructBlock):
    """One material with its quantity and estimated cost in đồng."""

    item = blocks.CharBlock(label=_("material"), max_length=200)
    quantity = blocks.CharBlock(label=_("quantity"), required=False, max_length=60)
    cost = blocks.IntegerBlock(label=_("estimated cost (VND)"), required=False, min_value=0)

    class Meta:
        icon = "pick"
        label = _("Material")


class MaterialsBlock(blocks.StreamBlock):
    material = MaterialBlock()
