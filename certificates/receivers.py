"""Events that may complete an enrolment: a lesson done, attendance saved, work assessed.

Each receiver re-checks the completion rule of the enrolments concerned
(:func:`services.check_completion_many`). The senders have already
committed their own change, so a failure here is logged and never undoes it.
"""

import logging

from enrolment.signals import attendance_saved, lesson_completed, work_assessed

log = logging.getLogger(__name__)
UID = "certificates.completion"


def certificate_changed(sender, instance, created=False, **kwargs) -> None:
    """A revoked, reissued or deleted certificate changes its cached verification page."""
    from lms.page_cache import invalidate

    if not created:
        invalidate()


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(certificate_changed, sender="certificates.Certificate", dispatch_uid=f"{UID}.pagecache.save")
    post_delete.connect(certificate_changed, sender="certificates.Certificate", dispatch_uid=f"{UID}.pagecache.delete")
    lesson_completed.connect(on_lesson_completed, dispatch_uid=f"{UID}.lesson")
    attendance_saved.connect(on_attendance_saved, dispatch_uid=f"{UID}.attendance")
    work_assessed.connect(on_work_assessed, dispatch_uid=f"{UID}.work")


def _recheck(enrolments) -> None:
    from .services import check_completion_many

    try:
        check_completion_many(list(enrolments))
    except Exception:
        log.exception("Could not re-check completion")


def on_lesson_completed(sender, user=None, lesson=None, **kwargs):
    """A learner finished a lesson: re-check their active enrolments in that lesson's course."""
    from courses.models import CoursePage
    from enrolment.models import Enrolment

    if user is None or lesson is None:
        return
    course_ids = CoursePage.objects.ancestor_of(lesson).values("pk")
    _recheck(Enrolment.objects.filter(user=user, status=Enrolment.Status.ACTIVE, cohort__course__in=course_ids))


def on_attendance_saved(sender, session=None, enrolments=(), **kwargs):
    """Attendance of a session was saved: re-check the enrolments it touched."""
    from enrolment.models import Enrolment

    ids = [e.pk for e in enrolments or ()]
    if ids:
        _recheck(Enrolment.objects.filter(pk__in=ids, status=Enrolment.Status.ACTIVE))


def on_work_assessed(sender, enrolment=None, **kwargs):
    """Assessed work changed (a grade released): re-check the learner's enrolment."""
    from enrolment.models import Enrolment

    if enrolment is not None:
        _recheck(Enrolment.objects.filter(pk=enrolment.pk, status=Enrolment.Status.ACTIVE))
