"""Who may see and do what in assessment. Views and services ask these, nothing else.

Rules in pairs: ``can_<verb>(user, obj)`` and ``<things>_visible_to(user)``.
- Learners see their own submissions (drafts included) and hand in work for
  an active enrolment in a running class.
- Trainers see and grade the handed-in work of the classes they teach; a
  second marker sees the submissions sampled for them.
- Managers see all handed-in work, moderate, and export.
Nobody but the learner sees a draft.
"""

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.roles import is_signed_in
from enrolment.models import Cohort, Enrolment
from enrolment.permissions import teaches

from .models import Assignment, Grade, Submission, SubmissionFile

ENROLLED = [Enrolment.Status.ACTIVE, Enrolment.Status.COMPLETED]


# --- Assignments ---------------------------------------------------------------


def assignments_visible_to(user) -> QuerySet[Assignment]:
    """Managers: all; trainers: their classes' courses; learners: their enrolled courses."""
    if not is_signed_in(user):
        return Assignment.objects.none()
    if roles.is_manager(user):
        return Assignment.objects.all()
    taught = Cohort.objects.filter(trainers=user).values("course_id")
    enrolled = Enrolment.objects.filter(user=user, status__in=ENROLLED).values("cohort__course_id")
    return Assignment.objects.filter(Q(course_id__in=taught) | Q(course_id__in=enrolled))


def can_view_assignment(user, assignment) -> bool:
    return assignments_visible_to(user).filter(pk=assignment.pk).exists()


def learner_enrolment(user, assignment) -> Enrolment | None:
    """The enrolment through which ``user`` works on ``assignment``, if any.

    An active enrolment in a running class wins, then the most recent class.
    """
    if not is_signed_in(user):
        return None
    enrolments = list(
        Enrolment.objects.filter(user=user, cohort__course_id=assignment.course_id, status__in=ENROLLED)
        .select_related("cohort")
        .order_by("-cohort__starts_on", "-pk")
    )
    enrolments.sort(key=lambda e: not class_is_active(e))
    return enrolments[0] if enrolments else None


# --- Handing in work -----------------------------------------------------------


def class_is_active(enrolment: Enrolment) -> bool:
    """Work can be handed in only for an active enrolment in a running class."""
    return enrolment.status == Enrolment.Status.ACTIVE and enrolment.cohort.status == Cohort.Status.RUNNING


def when(moment) -> str:
    """A moment as people read it: local time (Asia/Ho_Chi_Minh), dd/mm/yyyy."""
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def submission_refusal(user, assignment: Assignment, enrolment: Enrolment | None, *, now=None) -> str | None:
    """Why ``user`` cannot work on ``assignment`` now (None when they can).

    Checks the enrolment, the class, the opening and cut-off times. Attempts
    are checked by :func:`attempt_refusal`, which needs the versions.
    """
    now = now or timezone.now()
    if enrolment is None or enrolment.user_id != getattr(user, "pk", None):
        return _("You are not enrolled in a class of this course.")
    if enrolment.cohort.course_id != assignment.course_id:
        return _("This assignment is not part of your class.")
    if not class_is_active(enrolment):
        return _("Your class is not active, so work cannot be handed in now.")
    dates = assignment.dates_for(enrolment.cohort_id, enrolment.pk)
    if dates.opens_at and now < dates.opens_at:
        return _("This assignment opens at %(time)s.") % {"time": when(dates.opens_at)}
    if dates.cut_off_at and now > dates.cut_off_at:
        return _("The cut-off time (%(time)s) has passed: work can no longer be handed in.") % {
            "time": when(dates.cut_off_at)
        }
    return None


def attempt_refusal(assignment: Assignment, versions: list[Submission]) -> str | None:
    """Why no new draft may start given the handed-in ``versions`` (None when it may)."""
    handed_in = [v for v in versions if not v.is_draft]
    if not handed_in:
        return None
    latest = max(handed_in, key=lambda v: v.attempt)
    if latest.status in Submission.WAITING:
        return _("Version %(attempt)s is waiting to be graded.") % {"attempt": latest.attempt}
    if latest.status == Submission.Status.PASSED:
        return _("You have already passed this assignment.")
    if latest.status == Submission.Status.NOT_PASSED:
        return _("This assignment was graded as not passed; no further attempt is possible.")
    if len(handed_in) >= assignment.max_attempts:
        return _("You have used all %(max)s attempts.") % {"max": assignment.max_attempts}
    return None


# --- Submissions and files ------------------------------------------------------


def _visible_submissions_q(user) -> Q:
    handed_in = ~Q(status=Submission.Status.DRAFT)
    return Q(learner=user) | (handed_in & (Q(cohort__trainers=user) | Q(second_marking__marker=user)))


def submissions_visible_to(user) -> QuerySet[Submission]:
    """Own work (drafts too); handed-in work of taught classes, sampled work, or all for managers."""
    if not is_signed_in(user):
        return Submission.objects.none()
    if roles.is_manager(user):
        return Submission.objects.filter(Q(learner=user) | ~Q(status=Submission.Status.DRAFT))
    ids = Submission.objects.filter(_visible_submissions_q(user)).values("pk")
    return Submission.objects.filter(pk__in=ids)


def can_view_submission(user, submission: Submission) -> bool:
    return submissions_visible_to(user).filter(pk=submission.pk).exists()


def files_visible_to(user) -> QuerySet[SubmissionFile]:
    return SubmissionFile.objects.filter(submission__in=submissions_visible_to(user).values("pk"))


def can_download(user, file: SubmissionFile) -> bool:
    """The owner, the class's trainers, the second marker and managers."""
    return files_visible_to(user).filter(pk=file.pk).exists()


def can_edit_draft(user, submission: Submission) -> bool:
    return submission.is_draft and submission.learner_id == getattr(user, "pk", None)


# --- Grading --------------------------------------------------------------------


def can_grade(user, submission: Submission, kind: str = Grade.Kind.PRIMARY) -> bool:
    """Primary grades: the class's trainers (and managers). Second marking: the assigned marker."""
    if not is_signed_in(user) or submission.is_draft:
        return False
    if kind == Grade.Kind.MODERATION:
        return Submission.objects.filter(pk=submission.pk, second_marking__marker=user).exists()
    return roles.is_manager(user) or teaches(user, submission.cohort_id)


def gradable_submissions_for(user) -> QuerySet[Submission]:
    """Handed-in submissions ``user`` may grade (the base of the grading queue)."""
    if not is_signed_in(user):
        return Submission.objects.none()
    handed_in = Submission.objects.exclude(status=Submission.Status.DRAFT)
    if roles.is_manager(user):
        return handed_in
    return handed_in.filter(cohort__in=Cohort.objects.filter(trainers=user).values("pk"))


def cohorts_graded_by(user) -> QuerySet[Cohort]:
    if not is_signed_in(user):
        return Cohort.objects.none()
    if roles.is_manager(user):
        return Cohort.objects.all()
    return Cohort.objects.filter(trainers=user)


def can_export_gradebook(user, cohort: Cohort) -> bool:
    return is_signed_in(user) and (roles.is_manager(user) or teaches(user, cohort.pk))


def can_grant_extension(user, cohort: Cohort) -> bool:
    """More time for one learner: a trainer of the class, or a manager."""
    return is_signed_in(user) and (roles.is_manager(user) or teaches(user, cohort))


def can_moderate(user) -> bool:
    """Managers sample work for second marking and read the agreement figures."""
    return roles.is_manager(user)
