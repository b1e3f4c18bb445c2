"""Who may read what in the catalogue. Views ask these functions, nothing else."""

from accounts import roles


def can_view_lesson(user, lesson) -> bool:
    """A lesson is readable when it is a free preview, by managers, by the
    trainers of a class of its course, and by learners actively enrolled in a
    running or finished class of its course."""
    if lesson.free_preview:
        return True
    if not (user and user.is_authenticated):
        return False
    if roles.is_manager(user):
        return True
    from enrolment.models import Cohort, Enrolment

    course_id = _course_id(lesson)
    if Cohort.objects.filter(course_id=course_id, trainers=user).exists():
        return True
    return Enrolment.objects.filter(
        user=user,
        cohort__course_id=course_id,
        status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED],
        cohort__status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED],
    ).exists()


def _course_id(lesson) -> int | None:
    from .models import CoursePage

    return CoursePage.objects.ancestor_of(lesson).values_list("pk", flat=True).first()
