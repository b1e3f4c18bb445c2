"""Who may see and do what with quizzes. Views and services ask these, nothing else.

- Learners see the quizzes of the courses they are enrolled in and their own
  attempts; they take a quiz through an active enrolment in a running class.
- Trainers see the attempts and statistics of the classes they teach.
- Managers see everything; the question bank is theirs (Wagtail's model
  permissions on ``Question`` in the admin).
Nobody sees a right answer of an attempt before it is submitted.
"""

from django.db.models import Q, QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.roles import is_signed_in
from enrolment.models import Cohort, Enrolment

from ..models import Quiz, QuizAttempt
from ..permissions import ENROLLED, class_is_active


def quizzes_visible_to(user) -> QuerySet[Quiz]:
    """Managers: all; trainers: their classes' courses; learners: their enrolled courses."""
    if not is_signed_in(user):
        return Quiz.objects.none()
    if roles.is_manager(user):
        return Quiz.objects.all()
    taught = Cohort.objects.filter(trainers=user).values("course_id")
    enrolled = Enrolment.objects.filter(user=user, status__in=ENROLLED).values("cohort__course_id")
    return Quiz.objects.filter(Q(course_id__in=taught) | Q(course_id__in=enrolled))


def can_view_quiz(user, quiz) -> bool:
    return quizzes_visible_to(user).filter(pk=quiz.pk).exists()


def learner_enrolment(user, quiz) -> Enrolment | None:
    """The enrolment through which ``user`` takes ``quiz``: an active one in a running class first."""
    if not is_signed_in(user):
        return None
    enrolments = list(
        Enrolment.objects.filter(user=user, cohort__course_id=quiz.course_id, status__in=ENROLLED)
        .select_related("cohort")
        .order_by("-cohort__starts_on", "-pk")
    )
    enrolments.sort(key=lambda e: not class_is_active(e))
    return enrolments[0] if enrolments else None


def _when(moment) -> str:
    return formats.date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def start_refusal(user, quiz: Quiz, enrolment: Enrolment | None, attempts_used: int, *, now=None) -> str | None:
    """Why ``user`` cannot start an attempt now (None when they can)."""
    now = now or timezone.now()
    if enrolment is None or enrolment.user_id != getattr(user, "pk", None):
        return _("You are not enrolled in a class of this course.")
    if enrolment.cohort.course_id != quiz.course_id:
        return _("This quiz is not part of your class.")
    if not class_is_active(enrolment):
        return _("Your class is not active, so the quiz cannot be taken now.")
    dates = quiz.dates_for(enrolment.cohort_id)
    if dates.opens_at and now < dates.opens_at:
        return _("This quiz opens at %(time)s.") % {"time": _when(dates.opens_at)}
    if dates.due_at and now > dates.due_at:
        return _("This quiz closed at %(time)s.") % {"time": _when(dates.due_at)}
    if quiz.max_attempts and attempts_used >= quiz.max_attempts:
        return _("You have used all %(max)s attempts.") % {"max": quiz.max_attempts}
    return None


def attempts_visible_to(user) -> QuerySet[QuizAttempt]:
    """A learner's own attempts; a trainer's classes'; all for managers."""
    if not is_signed_in(user):
        return QuizAttempt.objects.none()
    if roles.is_manager(user):
        return QuizAttempt.objects.all()
    return QuizAttempt.objects.filter(Q(learner=user) | Q(cohort__trainers=user)).distinct()


def can_view_attempt(user, attempt: QuizAttempt) -> bool:
    if not is_signed_in(user):
        return False
    if attempt.learner_id == user.pk or roles.is_manager(user):
        return True
    return Cohort.objects.filter(pk=attempt.cohort_id, trainers=user).exists()


def can_take(user, attempt: QuizAttempt) -> bool:
    """Only the learner answers their attempt."""
    return is_signed_in(user) and attempt.learner_id == user.pk


def can_review_answers(user, attempt: QuizAttempt, *, now=None) -> bool:
    """Right answers and feedback: to trainers and managers once submitted; to the learner as the quiz says."""
    if attempt.is_open or not can_view_attempt(user, attempt):
        return False
    if attempt.learner_id != user.pk:
        return True
    quiz = attempt.quiz
    if quiz.review == Quiz.Review.AFTER_CLOSE:
        closes = quiz.dates_for(attempt.cohort_id).due_at
        return closes is not None and (now or timezone.now()) > closes
    return True


def can_see_statistics(user, quiz: Quiz) -> bool:
    """Trainers of a class of the quiz's course, and managers."""
    if not is_signed_in(user):
        return False
    return roles.is_manager(user) or Cohort.objects.filter(course_id=quiz.course_id, trainers=user).exists()


def can_mark(user, attempt: QuizAttempt) -> bool:
    """Essays: the class's trainers and managers mark them."""
    if attempt.is_open or not is_signed_in(user) or attempt.learner_id == user.pk:
        return False
    return roles.is_manager(user) or Cohort.objects.filter(pk=attempt.cohort_id, trainers=user).exists()


def can_regrade(user, quiz: Quiz) -> bool:
    return can_see_statistics(user, quiz)
