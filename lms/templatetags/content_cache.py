"""Template fragments kept in the cache.

``{% contentcache "name" part... %}…{% endcontentcache %}``: what every visitor
sees alike (no user, no CSRF token, no message), kept until the content
changes: keyed on the content version of the page cache (``lms.page_cache``),
the name, the parts, the language and the host.

``{% usercache "name" fingerprint %}…{% endusercache %}``: one signed-in
person's fragment (it may hold their CSRF token), keyed on the same, plus the
user, their CSRF secret, the day, and a ``fingerprint`` the view computes in
one query from every row of theirs the fragment shows (see
``enrolment.dashboard.fingerprint``); kept at most a minute, so what
depends on the clock alone ("overdue", the next session) lags by no more.
"""

import hashlib

from django import template
from django.middleware.csrf import get_token
from django.utils import timezone, translation

from lms.page_cache import content_cached

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


def _parse(parser, token, node_class):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a name")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    return node_class(nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]])


@register.tag("contentcache")
def contentcache(parser, token):
    return _parse(parser, token, ContentCacheNode)


USER_FRAGMENT_SECONDS = 60


class UserCacheNode(ContentCacheNode):
    def render(self, context):
        request = context.get("request")
        user = getattr(request, "user", None)
        if not (user and user.is_authenticated) or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        get_token(request)  # the fragment may hold a CSRF token: make sure the cookie carries its secret
        secret = request.META.get("CSRF_COOKIE") or ""
        parts = [part.resolve(context) for part in self.parts]
        parts += [
            user.pk,
            hashlib.sha256(secret.encode()).hexdigest(),
            timezone.localdate(),
            translation.get_language(),
            request.get_host(),
        ]
        return content_cached(
            self.name.resolve(context), parts, lambda: self.nodelist.render(context), USER_FRAGMENT_SECONDS
        )


@register.tag("usercache")
def usercache(parser, token):
    return _parse(parser, token, UserCacheNode)
