"""The grading queue: the trainer's classes only, oldest first, filtered, paginated, constant queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessment.models import Submission
from enrolment.models import Enrolment

from .assessment_helpers import hand_in
from .factories import AssignmentFactory, CohortFactory, CourseFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def bulk_class_work(trainer, *, classes: int, per_class: int):
    """``classes`` running classes taught by ``trainer``, each with ``per_class`` handed-in submissions."""
    course = CourseFactory()
    assignment = AssignmentFactory(course=course)
    start = timezone.now() - timedelta(days=10)
    cohorts = [CohortFactory(running=True, course=course, trainers=[trainer]) for _ in range(classes)]
    batch = Submission.objects.count()
    users = User.objects.bulk_create(
        User(email=f"hv{batch}-{c}-{n}@truong.edu.vn", full_name=f"Học viên {c}-{n}", password="!")
        for c in range(classes)
        for n in range(per_class)
    )
    enrolments = Enrolment.objects.bulk_create(
        Enrolment(user=users[c * per_class + n], cohort=cohorts[c], status="active")
        for c in range(classes)
        for n in range(per_class)
    )
    Submission.objects.bulk_create(
        Submission(
            assignment=assignment,
            enrolment=enrolment,
            learner_id=enrolment.user_id,
            cohort_id=enrolment.cohort_id,
            attempt=1,
            status="submitted",
            is_late=index % 7 == 0,
            submitted_at=start + timedelta(minutes=index),
        )
        for index, enrolment in enumerate(enrolments)
    )
    return cohorts, assignment


def queue_queries(client, url):
    client.get(url)  # warm the per-site caches (menu, settings) as in production
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), response


def test_the_queue_makes_the_same_number_of_queries_for_6_or_2000_submissions(client, trainer):
    client.force_login(trainer)
    url = reverse("assessment:queue")
    bulk_class_work(trainer, classes=2, per_class=3)
    small, _ = queue_queries(client, url)
    bulk_class_work(trainer, classes=40, per_class=50)
    large, response = queue_queries(client, url)
    assert large == small
    page = response.content.decode()
    assert "Số bài nộp: 2006," in page.replace(".", "")
    assert "Trang 1/41" in page


def test_the_queue_lists_only_the_trainers_classes_oldest_first(client, stem_class, trainer):
    mine = [hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment) for _ in range(2)]
    other_cohort = CohortFactory(running=True, course=stem_class.course)
    hand_in(EnrolmentFactory(cohort=other_cohort), stem_class.assignment)
    client.force_login(trainer)
    response = client.get(reverse("assessment:queue"))
    assert [s.pk for s in response.context["page_obj"].object_list] == [s.pk for s in mine]


def test_the_queue_filters_by_class_status_and_lateness(client, trainer):
    cohorts, _assignment = bulk_class_work(trainer, classes=2, per_class=8)
    client.force_login(trainer)
    url = reverse("assessment:queue")
    by_class = client.get(url, {"cohort": cohorts[1].pk}).context["page_obj"].object_list
    assert {s.cohort_id for s in by_class} == {cohorts[1].pk}
    late = client.get(url, {"late": "1"}).context["page_obj"].object_list
    assert late and all(s.is_late for s in late)
    on_time = client.get(url, {"late": "0"}).context["page_obj"].object_list
    assert on_time and not any(s.is_late for s in on_time)
    Submission.objects.filter(cohort=cohorts[0]).update(status="passed")
    released = client.get(url, {"status": "released"}).context["page_obj"].object_list
    assert {s.cohort_id for s in released} == {cohorts[0].pk}


def test_a_nonsense_filter_falls_back_to_the_waiting_queue(client, trainer):
    bulk_class_work(trainer, classes=1, per_class=2)
    client.force_login(trainer)
    response = client.get(reverse("assessment:queue"), {"cohort": "abc", "status": "xyz", "page": "999"})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 2


def test_the_queue_shows_each_class_s_assignments_and_gradebooks_in_constant_queries(client, trainer):
    client.force_login(trainer)
    url = reverse("assessment:queue")
    cohorts, assignment = bulk_class_work(trainer, classes=2, per_class=1)
    small, response = queue_queries(client, url)
    page = response.content.decode()
    assert "Bài tập theo lớp" in page
    for cohort in cohorts:
        assert reverse("assessment:class_assignment", args=[cohort.pk, assignment.pk]) in page
        assert reverse("assessment:gradebook_xlsx", args=[cohort.pk, assignment.pk]) in page
    more, other = bulk_class_work(trainer, classes=15, per_class=1)  # another course, 15 more classes
    large, response = queue_queries(client, url)
    assert large == small
    page = response.content.decode()
    for cohort in more:
        assert reverse("assessment:class_assignment", args=[cohort.pk, other.pk]) in page


def _quiz_answers_waiting(trainer, count: int) -> list:
    """``count`` submitted attempts with a written answer to mark, in a class of ``trainer``, oldest first."""
    from assessment.models import QuizAttempt

    from .factories import QuizFactory

    cohort = CohortFactory(running=True, trainers=[trainer])
    quiz = QuizFactory(course=cohort.course, title="Bài viết ngắn")
    start = timezone.now() - timedelta(days=3)
    users = User.objects.bulk_create(
        User(email=f"tl{n}@truong.edu.vn", full_name=f"Người viết {n}", password="!") for n in range(count)
    )
    enrolments = Enrolment.objects.bulk_create(Enrolment(user=u, cohort=cohort, status="active") for u in users)
    return QuizAttempt.objects.bulk_create(
        QuizAttempt(
            quiz=quiz,
            enrolment=e,
            learner_id=e.user_id,
            cohort=cohort,
            number=1,
            status="submitted",
            submitted_at=start + timedelta(minutes=n),
            needs_grading=True,
        )
        for n, e in enumerate(enrolments)
    )


def test_the_queue_s_quiz_section_and_the_quiz_list_are_one_list(client, trainer):
    attempts = _quiz_answers_waiting(trainer, 51)
    client.force_login(trainer)
    queue = client.get(reverse("assessment:queue"))
    shown = [a.pk for a in queue.context["quiz_answers"]]
    assert shown == [a.pk for a in attempts[:50]]
    whole = reverse("assessment:quiz_to_mark")
    assert f'href="{whole}"' in queue.content.decode()  # the 51st is on the whole list
    first = client.get(whole)
    assert [a.pk for a in first.context["page_obj"].object_list] == shown
    second = client.get(whole, {"page": 2}).content.decode()
    assert reverse("assessment:attempt_review", args=[attempts[50].pk]) in second
    # One include for both: the same line for an attempt in each.
    line = f'<a href="{reverse("assessment:attempt_review", args=[attempts[0].pk])}">Người viết 0 · Bài viết ngắn</a>'
    assert line in queue.content.decode() and line in first.content.decode()


def test_a_kept_queue_shows_a_renamed_assignment_and_a_new_class_at_once(client, trainer, page_cache_on):
    """The queue's fingerprint reads the grader's work only; a change of an assignment or of who
    teaches a class bumps the content version, which the kept section's key also holds."""
    cohorts, assignment = bulk_class_work(trainer, classes=1, per_class=2)
    client.force_login(trainer)
    url = reverse("assessment:queue")
    with CaptureQueriesContext(connection) as rendered:
        assert assignment.title in client.get(url).content.decode()
    with CaptureQueriesContext(connection) as kept:
        client.get(url)
    assert len(kept) < len(rendered)  # the section is kept: its queries are not made again

    assignment.title = "Giáo án STEM: máy lọc nước mini"
    assignment.save()
    assert "Giáo án STEM: máy lọc nước mini" in client.get(url).content.decode()

    other_cohorts, _other = bulk_class_work(UserFactory(), classes=1, per_class=1)
    assert other_cohorts[0].code not in client.get(url).content.decode()
    other_cohorts[0].trainers.add(trainer)  # an m2m change, no save of the class
    assert other_cohorts[0].code in client.get(url).content.decode()
