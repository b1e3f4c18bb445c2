"""Language selection: Vietnamese unless the visitor chose otherwise.

Django's LocaleMiddleware would follow the browser's Accept-Language header,
so an English-configured phone would see English first. The brief makes
Vietnamese the default of every page; English is only an explicit choice,
remembered in the language cookie (set by Django's ``set_language`` view).
"""

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def preferred_language(request) -> str:
    """The language of the cookie set by the header's switch, else ``LANGUAGE_CODE``."""
    language = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if language not in {code for code, _name in settings.LANGUAGES}:
        language = settings.LANGUAGE_CODE
    return language


class PreferredLanguageMiddleware:
    """Activate the language from the cookie, else ``LANGUAGE_CODE``."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = preferred_language(request)
        request.LANGUAGE_CODE = language
        # Restored afterwards: a thread that serves (or tests) another request starts from the default.
        with translation.override(language):
            response = self.get_response(request)
        patch_vary_headers(response, ("Cookie",))
        response.headers.setdefault("Content-Language", language)
        return response


class RequestSizeLimitMiddleware:
    """Refuse a request whose declared body exceeds ``MAX_REQUEST_BODY_SIZE``, before reading it.

    Django caps form data (``DATA_UPLOAD_MAX_MEMORY_SIZE``, ``DATA_UPLOAD_MAX_NUMBER_FIELDS``)
    but streams multipart uploads to the end whatever their size; the upload
    handlers then skip oversized files. This refuses a 1 GB body at once (413),
    as the web server in front should too (nginx ``client_max_body_size``).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.http import HttpResponse

        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return HttpResponse("Bad Content-Length", status=400, content_type="text/plain")
        if length > settings.MAX_REQUEST_BODY_SIZE:
            from .views import request_too_large  # imported here: the views import this module

            return request_too_large(request)
        return self.get_response(request)
