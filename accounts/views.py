"""Pages where a signed-in person manages their own account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lms.text import clean_text

from . import notifications, services
from .forms import ProfileForm
from .models import ErasureRequest


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def profile(request):
    """Show and edit the signed-in user's own profile (never anyone else's)."""
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Your profile has been saved."))
        response = redirect("profile")
        # The profile's language also becomes the interface language.
        language = form.cleaned_data["language"]
        translation.activate(language)
        response.set_cookie(
            "django_language", language, max_age=365 * 24 * 3600, samesite="Lax", secure=request.is_secure()
        )
        return response
    context = {"form": form, "always_sent": notifications.ALWAYS_SENT, **_calendar_context(request)}
    return render(request, "accounts/profile.html", context)


def _calendar_context(request) -> dict:
    token = request.user.calendar_token
    if not token:
        return {"calendar_url": ""}
    url = request.build_absolute_uri(reverse("calendar_feed", args=[token]))
    return {"calendar_url": url, "calendar_webcal": "webcal://" + url.split("://", 1)[-1]}


@login_required
@require_POST
def calendar_address(request):
    """Create or renew the private calendar address (the earlier one stops working), or turn it off."""
    if request.POST.get("action") == "stop":
        services.stop_calendar(request.user, request=request)
        messages.success(request, _("Your calendar address has been turned off."))
    else:
        renewed = bool(request.user.calendar_token)
        services.renew_calendar_token(request.user, request=request)
        if renewed:
            messages.success(request, _("You have a new calendar address: the old one no longer works."))
        else:
            messages.success(request, _("Your calendar address is ready: add it to your calendar app."))
    return redirect(reverse("profile") + "#calendar")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def my_data(request):
    """ "Dữ liệu của tôi": download everything held about me, or ask for erasure."""
    pending = ErasureRequest.objects.filter(user=request.user).order_by("-requested_at").first()
    if request.method == "POST":
        if request.POST.get("action") == "export":
            content = services.export_my_data(request.user, request=request)
            response = HttpResponse(content, content_type="application/zip")
            response["Content-Disposition"] = 'attachment; filename="du-lieu-cua-toi.zip"'
            response["X-Content-Type-Options"] = "nosniff"
            response["Cache-Control"] = "no-store"
            return response
        if request.POST.get("action") == "erase":
            try:
                services.request_erasure(
                    request.user, reason=clean_text(request.POST.get("reason", ""))[:2000], request=request
                )
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("Your request has been sent. A manager will review it and tell you."))
            return redirect("my_data")
    return render(request, "accounts/my_data.html", {"erasure": pending})
