"""Scores that count for handed-in work while no trainer has released a grade.

A higher app whose work can stand for a grade (peer review: the median of the
peers' scores) registers a source with the ``register_grade_source`` hook; this
app never names it::

    @hooks.register("register_grade_source")
    def peers_median():
        return GradeSource("peers", _("peers' median"), median_scores)

``scores(submission ids)`` returns ``{submission id: score out of 100}`` for
those it has a score for, in a constant number of queries. A source may also
say the same in SQL, for figures counted in one grouped query (the province
report's "lesson plans passed"): ``scored()`` and ``passes()`` return
conditions on ``Submission`` (a ``Q`` or an ``Exists``): "this source has a
score for the version" and "that score reaches the assignment's pass mark".
:func:`passed_condition` combines them with the trainer's grade by the rule
below; a source without them is not counted there. The rule, defined
here once and read by the gradebook, the completion rule (hence certificates)
and the transcripts: **a trainer's released grade always wins**; without one,
the first source (by ``order``) with a score gives it, and the work counts as
passed when that score reaches the assignment's pass mark.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

HOOK = "register_grade_source"
TRAINER = "trainer"


@dataclass(frozen=True)
class GradeSource:
    key: str
    label: str
    scores: Callable[[list[int]], dict[int, Decimal]]
    order: int = 0
    scored: Callable[[], Q] | None = None
    passes: Callable[[], Q] | None = None
    # Whether saving or deleting ``instance`` may change the source's scores (caches of figures
    # counted with ``passes``, e.g. the reports', are forgotten then).
    changed_by: Callable[[object], bool] | None = None


@dataclass(frozen=True)
class Result:
    """The score that counts for one version, where it comes from, and whether it passes."""

    score: Decimal | None
    source: str  # TRAINER, a source's key, or "" (nothing yet)
    label: str
    passed: bool

    @property
    def from_trainer(self) -> bool:
        return self.source == TRAINER


NOTHING = Result(None, "", "", False)


def sources() -> list[GradeSource]:
    return sorted((fn() for fn in hooks.get_hooks(HOOK)), key=lambda s: (s.order, s.key))


def source_scores(submission_ids: Iterable[int]) -> dict[int, tuple[Decimal, GradeSource]]:
    """{submission id: (score, source)} from the registered sources; one call per source, none when empty."""
    ids = list(dict.fromkeys(submission_ids))
    found: dict[int, tuple[Decimal, GradeSource]] = {}
    if not ids:
        return found
    for source in sources():
        for pk, score in source.scores([pk for pk in ids if pk not in found]).items():
            if score is not None and pk not in found:
                found[pk] = (Decimal(score), source)
    return found


def results(submissions) -> dict[int, Result]:
    """{submission id: Result} for handed-in versions (their ``assignment`` and ``status`` read).

    A version whose trainer's grade was released keeps that outcome; a version still
    waiting for one takes a registered source's score. Two queries, whatever their number.
    """
    from .models import Grade, Submission

    submissions = [s for s in submissions if not s.is_draft]
    if not submissions:
        return {}
    released = dict(
        Grade.objects.filter(
            submission_id__in=[s.pk for s in submissions], kind=Grade.Kind.PRIMARY, released=True
        ).values_list("submission_id", "score")
    )
    waiting = [s.pk for s in submissions if s.pk not in released and s.status in Submission.WAITING]
    others = source_scores(waiting)
    found: dict[int, Result] = {}
    for submission in submissions:
        if submission.pk in released:
            found[submission.pk] = Result(
                released[submission.pk],
                TRAINER,
                str(_("trainer")),
                submission.status == Submission.Status.PASSED,
            )
        elif submission.pk in others:
            score, source = others[submission.pk]
            passed = score >= submission.assignment.pass_mark
            found[submission.pk] = Result(score, source.key, str(source.label), passed)
        else:
            found[submission.pk] = NOTHING
    return found


def passed_by_source(submissions) -> set[int]:
    """The ids of ``submissions`` waiting for a trainer's grade whose source score reaches the pass mark."""
    from .models import Submission

    waiting = [s for s in submissions if s.status in Submission.WAITING]
    scores = source_scores(s.pk for s in waiting)
    return {s.pk for s in waiting if s.pk in scores and scores[s.pk][0] >= s.assignment.pass_mark}


def passed_condition() -> Q:
    """The rule of :func:`results` as a condition on ``Submission``, for counting in SQL: a version
    passed when a trainer released it as passed or, while it waits for a trainer, when the first
    source with a score (by ``order``) passes it. Sources offering no SQL (``scored``, ``passes``)
    are left out. Runs no query of its own."""
    from .models import Submission

    passed = Q(status=Submission.Status.PASSED)
    by_sources = None
    earlier = Q()
    for source in sources():
        if source.scored is None or source.passes is None:
            continue
        this = earlier & Q(source.passes())
        by_sources = this if by_sources is None else by_sources | this
        earlier &= ~Q(source.scored())
    if by_sources is None:
        return passed
    return passed | (Q(status__in=Submission.WAITING) & by_sources)


def changes_scores(instance) -> bool:
    """Whether saving or deleting ``instance`` may change a registered source's scores."""
    return any(source.changed_by is not None and source.changed_by(instance) for source in sources())


def best_scores(enrolment_ids: Iterable[int]) -> dict[int, Decimal]:
    """{enrolment id: the best score that counts among its work}: released trainers' grades, and
    the sources' scores of versions waiting for a trainer. Two queries, plus one per source."""
    from django.db.models import Max

    from .models import Grade, Submission

    ids = list(enrolment_ids)
    released = Grade.objects.filter(
        submission__enrolment_id__in=ids, kind=Grade.Kind.PRIMARY, released=True, score__isnull=False
    )
    best: dict[int, Decimal] = dict(
        released.values("submission__enrolment_id")
        .annotate(best=Max("score"))
        .values_list("submission__enrolment_id", "best")
    )
    waiting = Submission.objects.filter(enrolment_id__in=ids, status__in=Submission.WAITING)
    waiting = dict(waiting.values_list("pk", "enrolment_id"))
    for pk, (score, _source) in source_scores(waiting).items():
        enrolment_id = waiting[pk]
        if enrolment_id not in best or score > best[enrolment_id]:
            best[enrolment_id] = score
    return best


# --- Notes on the grading queue -------------------------------------------------------------

QUEUE_NOTE_HOOK = "register_queue_notes"


@dataclass(frozen=True)
class QueueNote:
    """A short note beside one submission of the grading queue (e.g. "short of peer reviews")."""

    label: str
    css: str = ""  # a badge modifier: "badge-warn", "badge-ok" or ""
    order: int = 0


def queue_notes(submissions) -> dict[int, list[QueueNote]]:
    """{submission id: notes} from every ``register_queue_notes`` function (each takes the
    submissions shown and answers in a constant number of queries)."""
    submissions = list(submissions)
    found: dict[int, list[QueueNote]] = {}
    if not submissions:
        return found
    for function in hooks.get_hooks(QUEUE_NOTE_HOOK):
        for pk, notes in function(submissions).items():
            found.setdefault(pk, []).extend(notes)
    for notes in found.values():
        notes.sort(key=lambda note: note.order)
    return found
