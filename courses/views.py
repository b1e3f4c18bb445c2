"""Learner-facing course pages outside the Wagtail page tree."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe


@login_required
@require_safe
def my_courses(request):
    """ "Khóa học của tôi": the learner's dashboard (filled in as classes land)."""
    return render(request, "courses/my_courses.html")
