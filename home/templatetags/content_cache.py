"""``{% contentcache "name" part... %}…{% endcontentcache %}``: a template fragment kept until the content changes.

The fragment must show only what every visitor sees alike (no user, no CSRF
token, no message): it is keyed on the content version of the page cache
(``home.page_cache``), the name, the parts, the language and the host.
"""

from django import template
from django.utils import translation

from home.page_cache import content_cached

register = template.Library()


class ContentCacheNode(template.Node):
    def __init__(self, nodelist, name, parts):
        self.nodelist, self.name, self.parts = nodelist, name, parts

    def render(self, context):
        request = context.get("request")
        if getattr(request, "is_preview", False):  # a draft shown in the admin: never from or into the cache
            return self.nodelist.render(context)
        parts = [part.resolve(context) for part in self.parts]
        parts += [translation.get_language(), request.get_host() if request else ""]
        return content_cached(self.name.resolve(context), parts, lambda: self.nodelist.render(context))


@register.tag("contentcache")
def contentcache(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("contentcache needs a name")
    nodelist = parser.parse(("endcontentcache",))
    parser.delete_first_token()
    return ContentCacheNode(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])
