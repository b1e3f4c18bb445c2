"""Wagtail's image tags, refusing non-public images of people (see ``home.people_images``).

Loaded in place of ``wagtailimages_tags`` (``TEMPLATES["OPTIONS"]["libraries"]``),
so every ``{% load wagtailimages_tags %}`` in the project and in Wagtail gets it.
"""

from django import template
from wagtail.images.templatetags import wagtailimages_tags as wagtail_tags

from home.people_images import may_see

register = template.Library()
register.tags.update(wagtail_tags.register.tags)
register.filters.update(wagtail_tags.register.filters)


class _Guard:
    def validate_image(self, context):
        image = super().validate_image(context)
        request = context.get("request")
        if image is not None and not may_see(getattr(request, "user", None), image):
            if self.output_var_name:
                context[self.output_var_name] = None
            return None
        return image


_GUARDED = {
    node: type(node.__name__, (_Guard, node), {})
    for node in (wagtail_tags.ImageNode, wagtail_tags.SrcsetImageNode, wagtail_tags.PictureNode)
}


def _guarded(parser, token):
    node = wagtail_tags.image(parser, token)
    node.__class__ = _GUARDED[type(node)]
    return node


for _name in ("image", "srcset_image", "picture"):
    register.tag(_name, _guarded)
