"""The printable documents: the "Báo cáo kết quả" of a period and a learner's transcript.

Both go through the shared engine ``lms.pdf.render_pdf`` (Noto fonts, strict
link callback, NFC), as the certificates do. The charts of the report are
drawn as table rows with proportional bars, which xhtml2pdf renders reliably
and which read well in black and white.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from assessment.grade_sources import best_scores
from assessment.quizzes.selectors import graded_results
from certificates.models import Certificate
from enrolment.models import Enrolment
from lms.pdf import place_date_line, render_pdf
from lms.site import organisation_name, site_settings

from . import cache as report_cache
from . import tables
from .charts import charted_tables
from .indicators import INDICATORS
from .period import TZ


def _organisation(request=None) -> str:
    return organisation_name(request)


def _bars(table: tables.Table) -> list[dict]:
    """Rows of a two-column table with the bar width in percent of the largest value."""
    unit = table.columns[1].unit
    largest = max((float(row[1].value or 0) for row in table.rows), default=0) or 1
    return [
        {
            "label": str(row[0].value),
            "text": row[1].display(unit),
            "percent": round(78 * float(row[1].value or 0) / largest),
        }
        for row in table.rows
    ]


# The columns of the indicators table the printed report has room for.
PRINTED_INDICATORS = (
    "programme",
    "classes",
    "learners",
    "participations",
    "completions",
    "certificates_issued",
    "average_score",
)


def signature_block(settings_row, day) -> dict:
    """Place and date, the signatory's title (one line each) and name, from the site's settings."""
    return {
        "place_date": place_date_line(getattr(settings_row, "place", ""), day, get_language() or "vi"),
        "title_lines": [line for line in (getattr(settings_row, "signatory_title", "") or "").splitlines() if line],
        "name": getattr(settings_row, "signatory_name", ""),
    }


def result_report(
    request, period, *, report=None, recipient: str = "", number: str = "", plan_reference: str = ""
) -> bytes:
    """The PDF; a snapshot passes its own ``report`` (built at that moment), its recipient and number."""
    if report is None:
        report = report_cache.cached("overview", period, lambda: tables.overview(period))
    by_key = {table.key: table for table in report["tables"]}
    now = timezone.now()
    organisation = _organisation(request)
    today = timezone.localtime(now, TZ).date()
    settings_row = site_settings(request)
    context = {
        "organisation": organisation,
        "period": period,
        "today": today,
        "recipient": recipient,
        "number": number,
        "plan_reference": plan_reference,
        "signature": signature_block(settings_row, today),
        "targets": by_key["targets"],
        "indicators": by_key["indicators"].select(*PRINTED_INDICATORS),
        # Section III of the plan: budgets and difficulties (absent from snapshots frozen before they existed).
        "planning": [by_key[key] for key in ("budget", "difficulties") if key in by_key],
        "total": report["total"],
        "definitions": INDICATORS,
        "charts": [(table.title, _bars(table)) for table, _kind in charted_tables(report["tables"])],
    }
    title = _("Results report") + f" · {period.label}"
    return render_pdf("reports/pdf/result_report.html", context, title=title, author=organisation, created_at=now)


def result_report_response(request, period) -> HttpResponse:
    response = HttpResponse(result_report(request, period), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bao-cao-ket-qua-{period.slug}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


def transcript(learner, now) -> bytes:
    """A learner's classes (status, best released score, or while work waits for a trainer a registered
    source's score such as the peers' median), graded quizzes (their results combined as each quiz says) and
    certificates."""
    enrolments = list(
        Enrolment.objects.filter(user=learner).select_related("cohort__course").order_by("cohort__starts_on", "pk")
    )
    best = best_scores(e.pk for e in enrolments)
    quiz_results = graded_results(enrolments)
    certificates = Certificate.objects.filter(learner=learner).exclude(status=Certificate.Status.SUPERSEDED)
    organisation = _organisation()
    context = {
        "organisation": organisation,
        "learner": {
            "name": learner.full_name,
            "email": learner.email,
            "organisation": learner.organisation,
            "school_level": learner.get_school_level_display(),
        },
        "enrolments": [
            {
                "code": e.cohort.code,
                "course": e.cohort.course.title,
                "dates": f"{e.cohort.starts_on:%d/%m/%Y} – {e.cohort.ends_on:%d/%m/%Y}",
                "status": e.get_status_display(),
                "completed": timezone.localtime(e.completed_at, TZ).strftime("%d/%m/%Y") if e.completed_at else "",
                "score": tables.format_value(best.get(e.pk), "decimal"),
            }
            for e in enrolments
        ],
        "quizzes": [
            {
                "code": e.cohort.code,
                "quiz": result.quiz.title,
                "attempts": result.attempts,
                "score": _("waiting for a trainer")
                if result.percent is None
                else tables.format_value(result.percent, "decimal") + " %",
                "passed": "" if result.percent is None else (_("Yes") if result.passed else _("No")),
            }
            for e in enrolments
            for result in quiz_results.get(e.pk, [])
        ],
        "certificates": [
            {
                "number": c.number,
                "course": c.course_title,
                "issued": timezone.localtime(c.issued_at, TZ).strftime("%d/%m/%Y"),
                "status": c.get_status_display(),
            }
            for c in certificates.order_by("issued_at", "pk")
        ],
        "today": timezone.localtime(now, TZ).date(),
    }
    title = _("Transcript") + f" · {learner.full_name}"
    return render_pdf("reports/pdf/transcript.html", context, title=title, author=organisation, created_at=now)


def transcript_response(learner, now) -> HttpResponse:
    response = HttpResponse(transcript(learner, now), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="bang-diem-{learner.pk}.pdf"'
    response["X-Content-Type-Options"] = "nosniff"
    return response
