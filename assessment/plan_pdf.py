"""A STEM lesson plan as a PDF (the shared engine, ``lms.pdf``): for its page and for the class ZIP."""

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .http import slug
from .models import LessonPlan, Submission


def render_plan_pdf(submission: Submission, plan: LessonPlan, *, organisation: str) -> bytes:
    """The PDF of ``plan`` (handed in with ``submission``), in the active language."""
    from lms.pdf import render_pdf

    title = _("STEM lesson plan: %(topic)s") % {"topic": plan.topic} if plan.topic else _("STEM lesson plan")
    return render_pdf(
        "assessment/pdf/lesson_plan.html",
        {
            "submission": submission,
            "assignment": submission.assignment,
            "plan": plan,
            "organisation": organisation,
            "pdf_language": get_language(),
        },
        title=title,
        author=submission.learner.get_full_name(),
        created_at=submission.submitted_at or submission.updated_at,
    )


def plan_pdf_name(submission: Submission, plan: LessonPlan) -> str:
    return f"giao-an-stem-{slug(plan.topic)[:60] or submission.pk}-v{submission.attempt}.pdf"
