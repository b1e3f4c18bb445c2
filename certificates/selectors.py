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


def certificate_checklist(user) -> list:
    """For each class ``user`` studies and has not completed yet, what its certificate still
    needs: the completion rule applied (``completion.evaluate_many``: lessons, assignments,
    attendance), so a teacher knows why they are not complete. Three queries: the enrolments
    with their counts and rules, and the registered requirements (assignments: two)."""
    from .completion import evaluate_many, with_counts

    if not (user and user.is_authenticated):
        return []
    enrolments = (
        with_counts(Enrolment.objects)
        .filter(
            user=user,
            status=Enrolment.Status.ACTIVE,
            cohort__status__in=[Cohort.Status.RUNNING, Cohort.Status.FINISHED],
        )
        .order_by("-cohort__starts_on", "cohort__code")
    )
    return evaluate_many(enrolments)


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
