"""Read-only queries other apps use (the dashboard) and the managers' lists."""

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from enrolment.models import Cohort, Enrolment

from .models import Certificate


def certificates_of(user) -> QuerySet[Certificate]:
    """A learner's certificates for "Khóa học của tôi": valid and revoked ones, newest first.

    Superseded certificates are left out: their replacement is listed. One
    query, whatever the number of certificates.
    """
    if not (user and user.is_authenticated):
        return Certificate.objects.none()
    return (
        Certificate.objects.filter(learner=user)
        .exclude(status=Certificate.Status.SUPERSEDED)
        .only("number", "status", "issued_at", "snapshot", "verification_code", "learner_id")
        .order_by("-issued_at", "-pk")
    )


def certificate_checklist(learner) -> list:
    """For each class the learner (``enrolment.dashboard.Learner``) studies and has not completed
    yet, what its certificate still needs: the completion rule applied (``completion.evaluate_many``:
    lessons, assignments, quizzes, attendance), so a teacher knows why they are not complete. Read with
    the page's enrolments (counted by :func:`checklist_enrolments`) and what the other sections share
    of them: no query of its own."""
    from .completion import evaluate_many

    enrolments = [
        e
        for e in learner.enrolments
        if e.status == Enrolment.Status.ACTIVE and e.cohort.status in (Cohort.Status.RUNNING, Cohort.Status.FINISHED)
    ]
    return evaluate_many(enrolments, learner=learner)


def checklist_enrolments(enrolments, user):
    """What the checklist reads with each enrolment of "Khóa học của tôi" (``DashboardSection.enrolments``),
    besides their progress, which the page reads with every enrolment."""
    from .completion import with_attendance_counts

    return with_attendance_counts(enrolments)


def classes_ready_to_certify() -> QuerySet[Cohort]:
    """Classes with completed learners who have no valid certificate yet, or learners to confirm.

    Each class is annotated with ``to_issue`` (completed, no valid
    certificate), ``to_confirm`` (active learners who meet the rule and wait
    for a manager's confirmation) and ``certified`` (valid certificates).
    """

    def count(queryset):
        rows = queryset.filter(cohort=OuterRef("pk")).order_by().values("cohort").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(rows, output_field=IntegerField()), 0)

    valid = Certificate.objects.filter(enrolment=OuterRef("pk"), status=Certificate.Status.VALID)
    completed = Enrolment.objects.filter(status=Enrolment.Status.COMPLETED)
    return (
        Cohort.objects.annotate(
            to_issue=count(completed.exclude(Exists(valid))),
            to_confirm=count(
                Enrolment.objects.filter(status=Enrolment.Status.ACTIVE, completion_check__criteria_met=True)
            ),
            certified=count(Certificate.objects.filter(status=Certificate.Status.VALID)),
        )
        .filter(Q(to_issue__gt=0) | Q(to_confirm__gt=0))
        .select_related("course")
        .order_by("-ends_on", "code")
    )
