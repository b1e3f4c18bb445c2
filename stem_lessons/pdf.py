"""The "Tải PDF" download of a lesson plan, made by the shared engine (``lms.pdf``)."""

from django.http import HttpResponse
from django.utils.text import slugify
from wagtail.models import Site

from home.models import SiteSettings
from lms.pdf import render_pdf


def lesson_plan_pdf(request, plan) -> HttpResponse:
    """The lesson plan as an A4 PDF attachment, with the site's organisation as author."""
    site = Site.find_for_request(request)
    organisation = SiteSettings.for_site(site).organisation_name if site else ""
    pdf = render_pdf(
        "stem_lessons/pdf/lesson_plan.html",
        {"page": plan, "organisation": organisation, "subjects": [t.name for t in plan.subjects.all()]},
        title=plan.title,
        author=plan.author or organisation,
        created_at=plan.last_published_at,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = slugify(plan.slug) or "giao-an-stem"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
