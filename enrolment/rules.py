"""Who may enrol in a class, now: status, window, key and eligibility.

Each refusal has its own code and its own Vietnamese message, because a
teacher who cannot enrol needs to know what to do about it.
"""

import hmac

from django.core.cache import cache
from django.utils import formats, timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import SchoolLevel

from .errors import EnrolmentError
from .models import Cohort, Enrolment

# Wrong enrolment keys a user may try per class in KEY_WINDOW seconds.
KEY_ATTEMPTS = 10
KEY_WINDOW = 600


def _date(value) -> str:
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def check_open(cohort: Cohort, now=None) -> None:
    """The class is open for enrolment and the window is open."""
    if cohort.status != Cohort.Status.OPEN:
        raise EnrolmentError("not_open", _("This class is not open for enrolment."))
    state = cohort.window_state(now)
    if state == "not_yet":
        raise EnrolmentError(
            "not_yet_open",
            _("Enrolment in this class opens at %(date)s.") % {"date": _date(cohort.enrolment_opens_at)},
        )
    if state == "closed":
        raise EnrolmentError(
            "closed",
            _("Enrolment in this class closed at %(date)s.") % {"date": _date(cohort.enrolment_closes_at)},
        )


def check_key(user, cohort: Cohort, key: str) -> None:
    """The right enrolment key, with a limit on guesses per user and class."""
    if cohort.enrolment_policy != Cohort.Policy.KEY:
        return
    counter = f"enrolment-key:{cohort.pk}:{user.pk}"
    if cache.get(counter, 0) >= KEY_ATTEMPTS:
        raise EnrolmentError("key_attempts", _("Too many wrong keys. Try again in a few minutes."))
    key = (key or "").strip()
    if not key:
        raise EnrolmentError(
            "key_required", _("This class needs an enrolment key. Ask the class's trainer or the programme for it.")
        )
    if not hmac.compare_digest(key.encode(), cohort.enrolment_key.strip().encode()):
        cache.add(counter, 0, KEY_WINDOW)
        cache.incr(counter)
        raise EnrolmentError("wrong_key", _("The enrolment key is not correct. Check it and try again."))


def check_eligible(user, cohort: Cohort) -> None:
    """The learner's profile matches the class's school levels and subjects, if any."""
    levels = cohort.eligible_school_levels or []
    if levels and user.school_level not in levels:
        labels = ", ".join(str(SchoolLevel(level).label) for level in levels if level in SchoolLevel.values)
        yours = user.get_school_level_display() if user.school_level else _("not filled in")
        raise EnrolmentError(
            "level",
            _(
                "This class is for teachers of: %(levels)s. Your profile says: %(yours)s. "
                "If your profile is out of date, update it and try again."
            )
            % {"levels": labels, "yours": yours},
        )
    subjects = list(cohort.eligible_subjects.all())
    if subjects and not user.subjects.filter(pk__in=[s.pk for s in subjects]).exists():
        names = ", ".join(s.name for s in subjects)
        raise EnrolmentError(
            "subject",
            _(
                "This class is for teachers of %(subjects)s. Your profile lists none of these subjects: "
                "if you teach one of them, add it to your profile and try again."
            )
            % {"subjects": names},
        )


def missing_prerequisites(user, course) -> list:
    """The live courses a manager marked required before ``course`` (``CoursePrerequisite.required``)
    of which ``user`` has completed no class, in the editor's order. One query."""
    from courses.models import CoursePage

    completed = Enrolment.objects.filter(user=user, status=Enrolment.Status.COMPLETED).values("cohort__course_id")
    return list(
        CoursePage.objects.filter(live=True, required_by_links__course_id=course.pk, required_by_links__required=True)
        .exclude(pk__in=completed)
        .order_by("required_by_links__sort_order")
        .only("title", "url_path", "path", "depth")
    )


def check_prerequisites(user, cohort: Cohort) -> None:
    """The learner completed a class of every course required before this one, if any."""
    missing = missing_prerequisites(user, cohort.course)
    if not missing:
        return
    links = format_html_join(", ", '<a href="{}">{}</a>', ((course.url or "#", course.title) for course in missing))
    message = gettext(
        "To enrol in this class you must first complete the course {courses}. "
        "Enrol in one of its classes from its page."
    )
    raise EnrolmentError("prerequisite", format_html(message, courses=links))


def check_can_enrol(user, cohort: Cohort, *, key: str = "", now=None) -> None:
    """All the checks of a learner's own enrolment, in the order people meet them."""
    if not (user and user.is_authenticated):
        raise EnrolmentError("anonymous", _("Log in to enrol."))
    if not user.is_active:
        raise EnrolmentError("inactive", _("Your account is not active."))
    check_open(cohort, now)
    check_key(user, cohort, key)
    check_eligible(user, cohort)
    check_prerequisites(user, cohort)
