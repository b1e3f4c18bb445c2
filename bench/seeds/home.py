"""Benchmark addresses that belong to no one app's data: home, dashboards, reports and exports."""

from django.urls import NoReverseMatch, reverse
from django.utils import timezone


def seed(ctx) -> None:
    """The home page, my courses, the report overview and the exports."""
    ctx.manifest["url.home"] = "/"
    ctx.manifest["url.my_courses"] = reverse("my_courses")
    ctx.manifest["url.enrolments_xlsx"] = reverse("wagtailsnippets_enrolment_enrolment:list") + "?export=xlsx"
    ctx.manifest["import_rows"] = ctx.sizes["import_rows"]
    year = timezone.localdate().year
    # The reports app may not be there yet: its scenarios are then "not available".
    for key, name, kwargs in (
        ("url.report", "reports:overview", {}),
        ("url.report_xlsx", "reports:overview_export", {"fmt": "xlsx"}),
    ):
        try:
            ctx.manifest[key] = f"{reverse(name, kwargs=kwargs)}?year={year}"
        except NoReverseMatch:
            ctx.manifest.pop(key, None)
