from django.shortcuts import render
from django.views.decorators.http import require_safe

from .searching import search_context


@require_safe
def search(request):
    """Search every registered page type (courses, lessons, lesson plans, camps…), with or without diacritics."""
    return render(request, "search/search.html", search_context(request))
