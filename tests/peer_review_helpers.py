"""Shortcuts for the peer-review tests: a class whose learners handed in, an example set."""

from types import SimpleNamespace

from accounts import roles
from assessment.models import Grade, Submission

from .assessment_helpers import hand_in, levels_at
from .factories import (
    AssignmentFactory,
    CalibrationExampleFactory,
    CohortFactory,
    EnrolmentFactory,
    GradeFactory,
    PeerReviewSettingsFactory,
    UserFactory,
)


def peer_class(learners=5, *, handed_in=None, cohort=None, assignment=None, trainer=None, **settings):
    """A running class of ``learners`` who handed in (the first ``handed_in`` of them), with peer review on."""
    trainer = trainer or UserFactory(role=roles.TRAINER, full_name="Phạm Minh Giảng")
    cohort = cohort or CohortFactory(running=True, trainers=[trainer])
    settings.setdefault("calibration_required", False)
    if assignment is None:
        assignment = AssignmentFactory(course=cohort.course)
        peer = PeerReviewSettingsFactory(assignment=assignment, **settings)
    else:  # another class of an assignment that already has its settings
        peer = assignment.peer_review
    enrolments = [
        EnrolmentFactory(cohort=cohort, user=UserFactory(role=roles.LEARNER, full_name=f"Học Viên Số {n + 1}"))
        for n in range(learners)
    ]
    count = learners if handed_in is None else handed_in
    submissions = [hand_in(e, assignment) for e in enrolments[:count]]
    return SimpleNamespace(
        trainer=trainer,
        cohort=cohort,
        assignment=assignment,
        settings=peer,
        enrolments=enrolments,
        learners=[e.user for e in enrolments],
        submissions=submissions,
    )


def example_set(assignment, levels=(1, 3), reasons=None):
    """Calibration examples graded by a trainer: one per level index in ``levels`` (every criterion at it)."""
    from assessment.models import GradeCriterion

    examples = []
    for number, index in enumerate(levels):
        author = EnrolmentFactory(cohort=CohortFactory(running=True, course=assignment.course))
        submission = hand_in(author, assignment)
        # A plan of an earlier class, already graded: never allocated to reviewers.
        Submission.objects.filter(pk=submission.pk).update(status=Submission.Status.PASSED)
        grade = GradeFactory(submission=submission, kind=Grade.Kind.PRIMARY, released=True, outcome="passed")
        for criterion_id, level_id in levels_at(assignment.rubric, index).items():
            GradeCriterion.objects.create(grade=grade, criterion_id=criterion_id, level_id=level_id, comment="Lý do")
        examples.append(
            CalibrationExampleFactory(reference=grade, sort_order=number, **({"reasons": reasons} if reasons else {}))
        )
    return examples
