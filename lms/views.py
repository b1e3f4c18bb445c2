"""Views every site has, whatever its content: health, error pages, the language switch."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from .middleware import preferred_language


@never_cache
@require_safe
def healthz(request):
    """A bare answer for load balancers and for the benchmark's reference."""
    return HttpResponse("ok", content_type="text/plain")


def back_url(request) -> str:
    """The page the visitor came from, when it is on this site; else the home page."""
    referer = request.META.get("HTTP_REFERER", "")
    return referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}) else "/"


def request_too_large(request):
    """413 in the visitor's language, before any other middleware ran (nothing was read).

    The upload script asks for JSON and shows the message next to the field;
    a plain form gets a page with a way back to where it was sent from.
    """
    limit_mb = settings.MAX_REQUEST_BODY_SIZE // (1024 * 1024)
    with translation.override(preferred_language(request)):
        message = gettext("What you sent is larger than %(limit)s MB, so it was not received.") % {"limit": limit_mb}
        if "application/json" in request.headers.get("Accept", ""):
            return JsonResponse({"ok": False, "errors": [message]}, status=413)
        html = render_to_string("413.html", {"message": message, "back_url": back_url(request)})
    return HttpResponse(html, status=413)


def csrf_failure(request, reason=""):
    """An expired or forged form: explain, in the visitor's language, and offer a way back."""
    return render(request, "403_csrf.html", {"back_url": back_url(request)}, status=403)


# The language switch is a POST form in every page's header. It carries no
# CSRF token, so that anonymous pages hold no token and can be cached whole;
# a forged request could at worst switch someone's interface language.
set_language = csrf_exempt(i18n.set_language)
