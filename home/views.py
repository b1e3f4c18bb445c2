"""Pages of the site that are not Wagtail pages: the privacy notice."""

from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def privacy(request):
    """The privacy notice, in the visitor's language, linked from sign-up."""
    return render(request, "home/privacy.html")
