"""Who may see and do what in peer review. Views and services ask these, nothing else.

- A learner reviews the plans allocated to them and reads the reviews of their
  own plans (never who wrote them when the assignment is anonymous).
- The trainers of a class read every review of its plans (names included),
  see the board and handle flags; managers do so for every class.
- Settings of an assignment: managers, and the trainers of a class of its course.
- Trainer calibration: trainers grade the sets; managers read everyone's figures.
"""

from django.db.models import Q, QuerySet

from accounts import roles
from accounts.roles import is_signed_in
from assessment.models import Assignment, Submission
from enrolment.models import Cohort
from enrolment.permissions import teaches

from .models import PeerReview


def can_configure(user, assignment: Assignment) -> bool:
    """Managers, and trainers of a class of the assignment's course."""
    if not is_signed_in(user):
        return False
    return roles.is_manager(user) or Cohort.objects.filter(course_id=assignment.course_id, trainers=user).exists()


def can_see_board(user, assignment: Assignment, cohort: Cohort) -> bool:
    return (
        is_signed_in(user)
        and cohort.course_id == assignment.course_id
        and (roles.is_manager(user) or teaches(user, cohort.pk))
    )


def reviews_visible_to(user) -> QuerySet[PeerReview]:
    """Reviews one wrote, submitted reviews of one's own plans, every review of a taught class (managers: all)."""
    if not is_signed_in(user):
        return PeerReview.objects.none()
    if roles.is_manager(user):
        return PeerReview.objects.all()
    own_plans = Q(submission__learner=user, status=PeerReview.Status.SUBMITTED)
    taught = Q(submission__cohort__in=Cohort.objects.filter(trainers=user).values("pk"))
    return PeerReview.objects.filter(Q(reviewer=user) | own_plans | taught)


def can_write(user, review: PeerReview) -> bool:
    """Only the reviewer, and only while the plan is theirs (not submitted, not expired)."""
    return is_signed_in(user) and review.reviewer_id == user.pk and review.status == PeerReview.Status.ALLOCATED


def can_release_calibration(user, cohort: Cohort) -> bool:
    """The class's trainers (and managers) let a learner stuck at calibration review peers."""
    return is_signed_in(user) and (roles.is_manager(user) or teaches(user, cohort.pk))


def can_rate(user, review: PeerReview) -> bool:
    """The author of the plan rates a submitted peer review of it (never their own self-assessment)."""
    return (
        is_signed_in(user) and review.is_submitted and not review.is_self and review.submission.learner_id == user.pk
    )


def can_moderate_review(user, review: PeerReview) -> bool:
    """The trainers of the plan's class (and managers) handle a flagged review."""
    return is_signed_in(user) and (roles.is_manager(user) or teaches(user, review.submission.cohort_id))


def can_see_plan_reviews(user, submission: Submission) -> bool:
    """The trainers' page of all the reviews of one plan, with names."""
    return (
        is_signed_in(user)
        and not submission.is_draft
        and (roles.is_manager(user) or teaches(user, submission.cohort_id))
    )


def shows_names_to(user, review: PeerReview, anonymous: bool) -> bool:
    """Whether ``user`` may see who wrote ``review`` and whose plan it reviews."""
    if not anonymous:
        return True
    return can_moderate_review(user, review)


def can_calibrate_trainers(user) -> bool:
    return is_signed_in(user) and (roles.is_trainer(user) or roles.is_manager(user))


def can_read_agreement(user) -> bool:
    """Managers see every trainer's figures side by side."""
    return is_signed_in(user) and roles.is_manager(user)


def can_propose_exemplar(user, submission: Submission) -> bool:
    return (
        is_signed_in(user)
        and not submission.is_draft
        and (roles.is_manager(user) or teaches(user, submission.cohort_id))
    )
