"""A class's results for one quiz (sổ điểm bài kiểm tra): one row per enrolled learner.

Columns: learner, e-mail, attempts, best/last/mean as the quiz combines them,
passed, waiting for a trainer. Cells go through ``lms.spreadsheets``. Three
queries, whatever the size of the class.
"""

from django.utils.translation import gettext as _

from enrolment.models import Enrolment
from lms.collation import vietnamese_order

from ..gradebook import LISTED
from ..models import QuizAttempt
from .selectors import combined_percent


def quiz_gradebook(cohort, quiz) -> tuple[list[str], list[list]]:
    enrolments = (
        Enrolment.objects.filter(cohort=cohort, status__in=LISTED)
        .select_related("user")
        .order_by(vietnamese_order("user__full_name"), "pk")
    )
    attempts: dict[int, list[QuizAttempt]] = {}
    for attempt in QuizAttempt.objects.filter(quiz=quiz, cohort=cohort).order_by("number"):
        attempts.setdefault(attempt.enrolment_id, []).append(attempt)
    header = [_("Learner"), _("E-mail"), _("Attempts"), _("Score (%)"), _("Passed"), _("Waiting for a trainer")]
    rows = []
    for enrolment in enrolments:
        mine = attempts.get(enrolment.pk, [])
        percent = combined_percent(quiz, mine)
        rows.append(
            [
                enrolment.user.get_full_name(),
                enrolment.user.email,
                len([a for a in mine if not a.is_open]),
                percent,
                (_("Yes") if percent >= quiz.pass_mark else _("No")) if percent is not None else "",
                _("Yes") if any(a.needs_grading for a in mine) else "",
            ]
        )
    return header, rows
