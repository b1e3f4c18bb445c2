"""A fixed-window rate limit per client IP, kept in the cache.

Certificate numbers are sequential, so the number lookup could be walked to
collect names: it gets the tightest limit. Verification codes carry 192
random bits and cannot be guessed; their limit only stops floods.
"""

from django.conf import settings
from django.core.cache import cache

WINDOW_SECONDS = 60


def client_ip(request) -> str:
    """The address the request came from (the proxy in front must set REMOTE_ADDR right)."""
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def allow(request, scope: str) -> bool:
    """Count one lookup of ``scope`` for this IP; False once the minute's allowance is used up."""
    limit = settings.CERTIFICATE_VERIFY_RATE.get(scope, 30)
    key = f"certificates:rate:{scope}:{client_ip(request)}"
    if cache.add(key, 1, timeout=WINDOW_SECONDS):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add() and incr()
        cache.add(key, 1, timeout=WINDOW_SECONDS)
        return True
    return count <= limit
