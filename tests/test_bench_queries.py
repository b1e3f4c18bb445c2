"""The benchmark's pages cost the same queries however much data there is (not timed).

The data set is ``seed_bench --scale tiny`` (``bench.seeds.seed_all``); every page of ``bench/scenarios.py``
is counted, the data grown (more lessons, classes, enrolments, submissions,
lesson plans, camp pages, certificates), and counted again. Pages already
guarded elsewhere at two sizes (my courses, the roster, the queue, the course
and lesson pages) are counted here too, as the benchmark loads them.
"""

import io
import json
import random
from datetime import timedelta

import pytest
from django.utils import timezone

from bench.management.commands.bench_probe import Command as Probe
from bench.scenarios import SCENARIOS, resolve
from bench.seeds import seed_all

pytestmark = pytest.mark.django_db(transaction=False)

LOGGED_IN_BUDGET = 12
# Every signed-in page, "Khóa học của tôi" included: its sections share the learner's enrolments and work,
# read once, and a section with nothing for the person costs no query (``enrolment.dashboard``).
PAGE_BUDGETS: dict[str, int] = {}
SEARCH = "anonymous: search 'giao an stem'"
SEARCH_BUDGET = 11


@pytest.fixture
def manifest(tmp_path, settings):
    path = tmp_path / "manifest.json"
    seed_all("tiny", stdout=io.StringIO(), manifest=path)
    return json.loads(path.read_text())


def counts(manifest, turn: int) -> dict[str, int]:
    """Queries of each page; the POSTs take the ``turn``-th quarter of their learners and lessons,
    so each turn enrols learners who are not yet in the class and marks lessons not yet done."""
    probe = Probe()
    found = {}
    for scenario in SCENARIOS:
        resolved = resolve(scenario, manifest)
        if resolved is None or resolved["name"].startswith("bare"):
            continue
        for key in ("users", "paths"):
            if resolved.get(key):
                quarter = len(resolved[key]) // 4
                resolved[key] = resolved[key][turn * quarter : (turn + 1) * quarter]
        result = probe.count_queries(resolved)
        assert result["status"] in (200, 302), (resolved["name"], result)
        found[resolved["name"]] = result["queries"]
    return found


def grow(manifest):
    """More of everything the pages list or count."""
    from assessment.models import Submission
    from bench.seeds import SCALES, SeedContext
    from bench.seeds.accounts import BENCH_DOMAIN
    from bench.seeds.base import bulk_add_children
    from bench.seeds.camps import seed as seed_camps
    from bench.seeds.stem_lessons import seed as seed_plans
    from certificates.models import Certificate
    from courses.models import CoursePage, LessonPage
    from enrolment.models import Cohort, Enrolment, LessonProgress

    from .factories import EnrolmentFactory, UserFactory

    cohorts = {c.code: c for c in Cohort.objects.filter(code__startswith="BENCH-").select_related("course")}
    learner = Enrolment.objects.filter(cohort__code="BENCH-HV-1").select_related("user").first().user
    # Ten more lessons in the learner's course and the anonymous course, some done.
    for course in (cohorts["BENCH-HV-1"].course, CoursePage.objects.get(url_path__endswith=manifest["url.course"])):
        start = LessonPage.objects.child_of(course).count()
        created = bulk_add_children(
            course,
            [LessonPage(title=f"Bài thêm {n}", slug=f"bai-them-{n}", body=[]) for n in range(start, start + 10)],
        )
        LessonProgress.objects.bulk_create(
            [LessonProgress(user=learner, lesson=lesson, completed_at=timezone.now()) for lesson in created[:5]],
            ignore_conflicts=True,
        )
    # The learner in three more classes; forty more learners in the open and the roster classes.
    for cohort in list(cohorts.values())[-3:]:
        Enrolment.objects.get_or_create(user=learner, cohort=cohort, defaults={"status": "active"})
    for n in range(40):
        user = UserFactory(email=f"them{n}@{BENCH_DOMAIN}")
        EnrolmentFactory(user=user, cohort=cohorts["BENCH-MO-1"])
        EnrolmentFactory(user=user, cohort=cohorts["BENCH-ROSTER"], status="waitlisted")
    # More work waiting in the trainer's queue, and a second version of the graded submission.
    waiting = Submission.objects.filter(cohort=cohorts["BENCH-ROSTER"]).first()
    for enrolment in Enrolment.objects.filter(cohort=cohorts["BENCH-ROSTER"], status="active")[:15]:
        Submission.objects.get_or_create(
            assignment=waiting.assignment,
            enrolment=enrolment,
            attempt=3,
            defaults={
                "learner_id": enrolment.user_id,
                "cohort_id": enrolment.cohort_id,
                "status": "submitted",
                "submitted_at": timezone.now() - timedelta(hours=1),
            },
        )
    # The quiz deadline: more questions in the bank and fifteen more learners who handed in.
    from assessment.models import QuestionCategory, QuizAttempt
    from assessment.quizzes import services as quizzes
    from bench.seeds.quizzes import CATEGORY

    from .factories import QuestionFactory

    for _n in range(8):
        QuestionFactory(category=QuestionCategory.objects.get(name=CATEGORY))
    first = QuizAttempt.objects.filter(quiz__title__startswith="Kiểm tra cuối mô-đun").select_related("quiz").first()
    for n in range(15):
        user = UserFactory(email=f"quiz{n}@{BENCH_DOMAIN}")
        enrolment = EnrolmentFactory(user=user, cohort=first.cohort)
        quizzes.submit_attempt(user, quizzes.start_attempt(user, first.quiz, enrolment))
    # More lesson plans, camp pages and certificates (their seeds add what is missing).
    sizes = {**SCALES["tiny"], "lesson_plans": 15, "camp_pages": 15}
    ctx = SeedContext(scale="tiny", sizes=sizes, rng=random.Random(1), stdout=io.StringIO(), manifest={})
    seed_plans(ctx)
    seed_camps(ctx)
    assert Certificate.objects.count() >= 1


def test_every_benchmarked_page_costs_the_same_queries_at_two_data_sizes(manifest, settings):
    # What a page costs to render: the anonymous cache and the fragments off.
    settings.PAGE_CACHE_ENABLED = False
    before = counts(manifest, 0)
    settings.PAGE_CACHE_ENABLED = True
    cached_before = counts(manifest, 1)
    grow(manifest)
    settings.PAGE_CACHE_ENABLED = False
    after = counts(manifest, 2)
    settings.PAGE_CACHE_ENABLED = True
    cached_after = counts(manifest, 3)
    # The search fetches each kind of page on its results page with one query (four kinds at
    # most), and asks about access only when locked lessons are shown: bounded, not growing.
    for found in (before, after):
        assert found.pop(SEARCH) <= SEARCH_BUDGET
    assert after == before
    assert cached_after == cached_before
    assert len(before) >= 14  # every page of the issue but the report overview (not yet available)


def test_logged_in_pages_stay_within_the_budget_and_cached_pages_cost_nothing(manifest, settings):
    settings.PAGE_CACHE_ENABLED = True
    found = counts(manifest, 0)
    logged_in = {name: n for name, n in found.items() if name.split(":")[0] in ("learner", "trainer")}
    assert len(logged_in) == 5
    assert all(n <= PAGE_BUDGETS.get(name, LOGGED_IN_BUDGET) for name, n in logged_in.items()), logged_in
    anonymous = [name for name in found if name.startswith("anonymous")]
    assert {found[name] for name in anonymous} == {0}, found
