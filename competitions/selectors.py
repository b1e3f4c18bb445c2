"""Reading a competition: entries in a round, the version judged, standings, progress and agreement."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet

from peer_review.agreement import Comparison, TrainerFigures, figures

from .models import Entry, EntryVersion, Result, Round, Score, ScoreCriterion
from .scoring import Standing, rank


def previous_round(round_: Round) -> Round | None:
    rounds = list(round_.competition.rounds.order_by("sort_order", "pk"))
    index = next(i for i, r in enumerate(rounds) if r.pk == round_.pk)
    return rounds[index - 1] if index else None


def entries_in_round(round_: Round) -> QuerySet[Entry]:
    """The first round judges every entry with a version at the deadline; a later one, those that went on."""
    before = previous_round(round_)
    entries = Entry.objects.filter(
        competition_id=round_.competition_id, versions__created_at__lte=round_.competition.deadline
    ).distinct()
    if before is None:
        return entries
    went_on = Result.objects.filter(round=before)
    if before.advance_count:
        went_on = went_on.filter(rank__lte=before.advance_count)
    return entries.filter(pk__in=went_on.values("entry_id"))


def judged_versions(entries, deadline) -> dict[int, EntryVersion]:
    """entry id → the version judged (the last saved at or before the deadline), in one query."""
    found: dict[int, EntryVersion] = {}
    rows = EntryVersion.objects.filter(entry__in=entries, created_at__lte=deadline).order_by("entry_id", "number")
    for version in rows.prefetch_related("files"):
        found[version.entry_id] = version  # the last one wins
    return found


def standings(round_: Round) -> list[Standing]:
    """Every entry of the round, combined, flagged and ranked with the competition's tie-break."""
    competition = round_.competition
    entries = list(entries_in_round(round_))
    versions = judged_versions(entries, competition.deadline)
    scores = Score.objects.filter(round=round_, entry__in=entries).prefetch_related(
        Prefetch("criteria", queryset=ScoreCriterion.objects.select_related("criterion", "level"))
    )
    by_entry: dict[int, list[Score]] = defaultdict(list)
    for score in scores:
        by_entry[score.entry_id].append(score)
    rows = []
    for entry in entries:
        version = versions.get(entry.pk)
        found = by_entry.get(entry.pk, [])
        criterion_scores = []
        for score in found:
            for chosen in score.criteria.all():
                if competition.tie_break_criterion and chosen.criterion.title == competition.tie_break_criterion:
                    criterion_scores.append(chosen.level.points)
        rows.append(
            Standing(
                entry_id=entry.pk,
                team_name=version.team_name if version else str(entry.pk),
                scores=[score.total for score in found],
                criterion_scores=criterion_scores,
                submitted_at=version.created_at if version else None,
            )
        )
    return rank(
        rows,
        rule=round_.combination,
        margin=round_.outlier_margin,
        criterion=competition.tie_break_criterion,
    )


@dataclass
class EntryProgress:
    entry: Entry
    team_name: str
    scored: int
    judges_available: int
    needed: int
    missing_judges: list = field(default_factory=list)  # judges given the entry who have not scored

    @property
    def complete(self) -> bool:
        return self.scored >= self.needed

    @property
    def short_of_judges(self) -> bool:
        return self.judges_available < self.needed


def progress(round_: Round) -> list[EntryProgress]:
    """Per entry: scores in, judges given it (without conflicts), who is still to score."""
    from .permissions import conflicted_entry_ids

    entries = list(entries_in_round(round_))
    versions = judged_versions(entries, round_.competition.deadline)
    judges = list(round_.judges.order_by("full_name", "pk"))
    conflicts = {judge.pk: conflicted_entry_ids(judge, round_.competition_id) for judge in judges}
    scored = defaultdict(set)
    for entry_id, judge_id in Score.objects.filter(round=round_).values_list("entry_id", "judge_id"):
        scored[entry_id].add(judge_id)
    rows = []
    for entry in entries:
        given = [judge for judge in judges if entry.pk not in conflicts[judge.pk]]
        rows.append(
            EntryProgress(
                entry=entry,
                team_name=versions[entry.pk].team_name if entry.pk in versions else str(entry.pk),
                scored=len(scored[entry.pk]),
                judges_available=len(given),
                needed=round_.min_judges,
                missing_judges=[judge for judge in given if judge.pk not in scored[entry.pk]],
            )
        )
    return rows


def agreement(round_: Round) -> list[TrainerFigures]:
    """Judges' agreement, with the same figures as the second marking of lesson plans (``peer_review.agreement``).

    Every pair of judges of one entry gives, per criterion, a comparison to each of them (each
    judge against the other's level), like the second marking's pairs.
    """
    positions = {}
    for criterion in round_.rubric.criteria.prefetch_related("levels"):
        levels = list(criterion.levels.all())
        for index, level in enumerate(levels):
            positions[level.pk] = (criterion.title, index, len(levels))
    chosen = defaultdict(dict)  # entry → judge → {criterion: position}
    rows = ScoreCriterion.objects.filter(score__round=round_).values_list(
        "score__entry_id", "score__judge_id", "level_id"
    )
    for entry_id, judge_id, level_id in rows:
        if level_id in positions:
            title, position, count = positions[level_id]
            chosen[entry_id].setdefault(judge_id, {})[title] = (position, count)
    comparisons = []
    for judges in chosen.values():
        for judge_id, mine in judges.items():
            for other_id, theirs in judges.items():
                if other_id == judge_id:
                    continue
                for title, (position, count) in mine.items():
                    if title in theirs:
                        comparisons.append(Comparison(judge_id, title, position, theirs[title][0], count))
    found = figures(comparisons)
    names = dict(round_.judges.values_list("pk", "full_name"))
    for row in found:
        row.name = names.get(row.trainer_id, "")
    return found
