"""A full-page cache for anonymous visitors of Wagtail pages.

Visitors without an account (children, parents, teachers browsing) get the
catalogue, lesson-plan and camp pages from the cache; the page is rendered
once per language and URL. It is safe because:

- only GET/HEAD requests of anonymous visitors are served from it or stored
  in it, and only responses of Wagtail's page view (``wagtail_serve``) and of
  the views the apps register (the search, the certificate verification
  page: :class:`PageCacheRules`) with status 200, no ``Set-Cookie``, no ``Cache-Control: private/no-store`` and
  no CSRF token in the body;
- a visitor with a pending message (the "messages" cookie) bypasses it;
- the key holds the host, the path with its query string, and the language;
- any change of content bumps one version number, which every key contains:
  a publish, unpublish, move or deletion of a page, and a save or deletion
  of the models pages display, which each app declares for itself with the
  ``register_page_cache`` hook (settings, snippets, images, documents, tags,
  classes and enrolments, whose seat counts a course page shows; a revoked
  or reissued certificate);
- entries also expire after ``PAGE_CACHE_SECONDS`` (time-based text such as
  "enrolment opens at" never lags longer than that).

It needs a cache shared by every process (Redis) to invalidate across
workers, so it is on when ``REDIS_URL`` is set (``PAGE_CACHE_ENABLED``).
"""

from __future__ import annotations

import contextvars
import hashlib
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse

from .operations import count_page_cache

VERSION_KEY = "pagecache:version"
STORED_HEADERS = ("Content-Type", "Content-Language", "X-Robots-Tag", "Link")
HOOK = "register_page_cache"


@dataclass(frozen=True)
class PageCacheRules:
    """What an app adds to the page cache, registered with the ``register_page_cache`` hook.

    ``views``: URL names whose anonymous answers may be stored whole (their
    pages hold nothing personal). ``models``: what cached pages show, as
    "app_label" or "app_label.model": saving or deleting one bumps the
    content version. ``created_while_rendering``: rows written while a page
    renders (image renditions on first view), whose creation must not empty
    the cache (the first visitors of a page would do so), only their deletion.
    """

    views: tuple = ()
    models: tuple = ()
    created_while_rendering: tuple = ()


# Wagtail's own: pages, sites, images, documents, tags, who may see a page, and the site's settings.
PLATFORM_RULES = PageCacheRules(
    views=("wagtail_serve",),
    models=(
        "lms.sitesettings",
        "wagtailcore.page",
        "wagtailcore.site",
        "wagtailcore.pageviewrestriction",
        "wagtailimages",
        "wagtaildocs",
        "taggit",
    ),
    created_while_rendering=("wagtailimages.rendition",),
)


@dataclass
class _Registered:
    views: frozenset
    labels: frozenset  # app labels and app_label.model names
    created_while_rendering: frozenset


_registered: _Registered | None = None


def registered() -> _Registered:
    """Every app's rules, merged (read once, on first use: after every app is loaded)."""
    global _registered
    if _registered is None:
        from wagtail import hooks

        rules = [PLATFORM_RULES, *(fn() for fn in hooks.get_hooks(HOOK))]
        _registered = _Registered(
            views=frozenset(v for r in rules for v in r.views),
            labels=frozenset(m.lower() for r in rules for m in r.models),
            created_while_rendering=frozenset(m.lower() for r in rules for m in r.created_while_rendering),
        )
    return _registered


def shows(model) -> bool:
    """Whether a cached page can show rows of ``model``."""
    labels = registered().labels
    return model._meta.app_label in labels or model._meta.label_lower in labels


def enabled() -> bool:
    return getattr(settings, "PAGE_CACHE_ENABLED", False)


# The version read once per request (set back by the middleware as each request starts).
_request_version: contextvars.ContextVar[int | None] = contextvars.ContextVar("pagecache_version", default=None)


def current_version() -> int:
    version = _request_version.get()
    if version is not None:
        return version
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start (a new or emptied Redis) never reuses an old version's keys,
        # which a process may still hold locally (_local).
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 1)
    if _in_request.get():
        _request_version.set(version)
    return version


_in_request: contextvars.ContextVar[bool] = contextvars.ContextVar("pagecache_in_request", default=False)


def invalidate(**kwargs) -> None:
    """Forget every cached page (bumps the version all keys contain)."""
    _request_version.set(None)  # this request's later fragments must not use the old version
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, time.time_ns(), timeout=None)


# A small copy, in each process, of what it last read from or wrote to the shared cache.
# Every key holds the content version (read from Redis once per request), so a
# change of content never serves a local copy: the keys are new. Entries also
# expire as in Redis. It saves a Redis round trip per fragment and per cached page.
LOCAL_ENTRIES = 512
_local: OrderedDict = OrderedDict()
_local_lock = threading.Lock()


def forget_local() -> None:
    """Empty this process's copy (tests, after emptying the shared cache)."""
    with _local_lock:
        _local.clear()


def _local_get(key: str):
    with _local_lock:
        entry = _local.get(key)
        if entry is None:
            return None
        expires, value = entry
        if expires < time.monotonic():
            del _local[key]
            return None
        _local.move_to_end(key)
        return value


def _local_set(key: str, value, timeout: int) -> None:
    with _local_lock:
        _local[key] = (time.monotonic() + timeout, value)
        _local.move_to_end(key)
        while len(_local) > LOCAL_ENTRIES:
            _local.popitem(last=False)


def _get(key: str, timeout: int):
    value = _local_get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            _local_set(key, value, timeout)
    return value


def _set(key: str, value, timeout: int) -> None:
    cache.set(key, value, timeout)
    _local_set(key, value, timeout)


def content_cached(name: str, parts, builder, timeout: int | None = None):
    """``builder()``, kept in the cache until the content changes (the same version as the pages).

    For what every visitor sees alike inside pages that cannot be cached whole
    (a logged-in learner's lesson: its body, its course and neighbours, the
    breadcrumbs). ``parts`` name the thing (page id, language, host...).
    Without a shared cache (``PAGE_CACHE_ENABLED`` off) it just calls ``builder``.
    """
    if not enabled():
        return builder()
    raw = "|".join(str(part) for part in parts)
    key = f"fragment:{current_version()}:{name}:{hashlib.sha256(raw.encode()).hexdigest()}"
    timeout = timeout or settings.PAGE_CACHE_SECONDS
    value = _get(key, timeout)
    if value is None:
        value = builder()
        _set(key, value, timeout)
    return value


def _key(request, version: int) -> str:
    raw = f"{request.get_host()}|{request.get_full_path()}|{getattr(request, 'LANGUAGE_CODE', '')}"
    return f"pagecache:{version}:{hashlib.sha256(raw.encode()).hexdigest()}"


def _eligible_request(request) -> bool:
    return (
        request.method in ("GET", "HEAD") and "messages" not in request.COOKIES and not request.user.is_authenticated
    )


def _storable(request, response) -> bool:
    match = getattr(request, "resolver_match", None)
    if match is None or match.view_name not in registered().views or response.status_code != 200:
        return False
    if response.cookies or response.streaming:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    return b"csrfmiddlewaretoken" not in response.content


class AnonymousPageCacheMiddleware:
    """Serve and store anonymous Wagtail pages (place after the auth and message middleware)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        version_token = _request_version.set(None)
        in_request_token = _in_request.set(True)
        try:
            return self._respond(request)
        finally:
            _request_version.reset(version_token)
            _in_request.reset(in_request_token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Wagtail's page view, signed in (anonymous pages come whole from the cache): the site
        # and root page from the cache; Site.find_for_request reads request._wagtail_site.
        match = getattr(request, "resolver_match", None)
        if enabled() and match is not None and match.view_name == "wagtail_serve":
            request._wagtail_site = cached_site(request)
        return None

    def _respond(self, request):
        if not enabled() or not _eligible_request(request):
            return self.get_response(request)
        key = _key(request, current_version())
        cached = _get(key, settings.PAGE_CACHE_SECONDS)
        if cached is not None:
            status, headers, content = cached
            response = HttpResponse(content, status=status)
            for name, value in headers.items():
                response[name] = value
            response["X-Page-Cache"] = "hit"
            count_page_cache("hit")
            return response
        response = self.get_response(request)
        if hasattr(response, "render") and callable(response.render) and not response.is_rendered:
            response.render()
        if _storable(request, response):
            headers = {name: response[name] for name in STORED_HEADERS if name in response}
            _set(key, (response.status_code, headers, response.content), settings.PAGE_CACHE_SECONDS)
            response["X-Page-Cache"] = "miss"
            count_page_cache("miss")
        return response


# Signed-in requests for Wagtail pages: the site and its root page, and whether a
# page has view restrictions, come from the cache (both invalidate the content
# version: sites, pages, view restrictions), not from four queries a request.

_NO_SITE = "no-site"


def cached_site(request):
    """The request's Wagtail site with its root page (specific), kept until the content changes.
    Each request gets its own copies (a request may set attributes on them)."""
    import copy

    from django.http.request import split_domain_port
    from wagtail.models import Site

    def build():
        site = Site._find_for_request(request)
        if site is None:
            return _NO_SITE
        site.root_page = site.root_page.specific
        return site

    hostname = split_domain_port(request._get_raw_host())[0]
    site = content_cached("wagtail-site", [hostname, request.get_port()], build)
    if site == _NO_SITE:
        return None
    site = copy.copy(site)
    site.root_page = copy.copy(site.root_page)
    return site


def view_restrictions(page, restrictions):
    """``restrictions()`` (a page's view restrictions, two queries), or none without a query
    when the cache knows the page and its ancestors have none (the usual case)."""
    if not enabled():
        return restrictions()
    if content_cached("view-restricted", [page.pk], lambda: restrictions().exists()):
        return restrictions()
    from wagtail.models import PageViewRestriction

    return PageViewRestriction.objects.none()


def connect_invalidation() -> None:
    """Bump the version on every change a cached page could show.

    One receiver for every model: which models count is read from the apps'
    rules on the first save (the hooks are loaded after every app is ready).
    """
    from django.db.models.signals import m2m_changed, post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(invalidate, dispatch_uid=f"pagecache.{id(signal)}")
    post_save.connect(_saved, dispatch_uid="pagecache.save")
    post_delete.connect(_deleted, dispatch_uid="pagecache.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="pagecache.m2m")


def _saved(sender, instance, **kwargs):
    # A new rendition changes no page already cached (it holds the URL it rendered);
    # a deleted one would leave a broken image, so deletions still count.
    if shows(sender) and sender._meta.label_lower not in registered().created_while_rendering:
        invalidate()


def _deleted(sender, instance, **kwargs):
    if shows(sender):
        invalidate()


def _m2m_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and shows(type(instance)):
        invalidate()
