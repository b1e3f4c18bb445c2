"""Site-wide pages that are not Wagtail pages: privacy notice, errors, health."""

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views import i18n
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe


@require_safe
def privacy(request):
    """The privacy notice, in the visitor's language, linked from sign-up."""
    return render(request, "home/privacy.html")


@never_cache
@require_safe
def healthz(request):
    """A bare answer for load balancers and for the benchmark's reference."""
    return HttpResponse("ok", content_type="text/plain")


def csrf_failure(request, reason=""):
    """An expired or forged form: explain, in the visitor's language, and offer a way back."""
    referer = request.META.get("HTTP_REFERER", "")
    back_url = referer if url_has_allowed_host_and_scheme(referer, allowed_hosts={request.get_host()}) else "/"
    return render(request, "403_csrf.html", {"back_url": back_url}, status=403)


@require_safe
def search(request):
    """Search courses, lessons, lesson plans and camp materials, with or without diacritics."""
    from .search import search_context

    return render(request, "home/search.html", search_context(request))


# The language switch is a POST form in every page's header. It carries no
# CSRF token, so that anonymous pages hold no token and can be cached whole;
# a forged request could at worst switch someone's interface language.
set_language = csrf_exempt(i18n.set_language)
