"""The "Tải PDF" download of a lesson plan, made by the shared engine (``lms.pdf``)."""

from django.http import HttpResponse
from django.utils.text import slugify

from lms.pdf import render_pdf
from lms.site import absolute_url, organisation_name


def lesson_plan_pdf(request, plan) -> HttpResponse:
    """The lesson plan as an A4 PDF attachment, with the site's organisation as author."""
    organisation = organisation_name(request)
    url_parts = plan.get_url_parts(request)
    pdf = render_pdf(
        "stem_lessons/pdf/lesson_plan.html",
        {
            "page": plan,
            "organisation": organisation,
            "subjects": [t.name for t in plan.subjects.all()],
            # The site's public address, never the one this request came in on (localhost behind a proxy).
            "public_url": absolute_url(url_parts[2]) if url_parts else "",
        },
        title=plan.title,
        author=plan.author or organisation,
        created_at=plan.last_published_at,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = slugify(plan.slug) or "giao-an-stem"
    response["Content-Disposition"] = f'attachment; filename="{filename}.pdf"'
    return response
