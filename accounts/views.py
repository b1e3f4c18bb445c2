"""Pages where a signed-in person manages their own account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import ProfileForm


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
    return render(request, "accounts/profile.html", {"form": form})
