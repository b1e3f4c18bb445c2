"""Who sees what: each enrolment page for anonymous visitors, learners, trainers
of another class, the class's trainers and managers."""

import pytest
from django.urls import reverse

from accounts import roles
from courses.models import LessonPage
from courses.permissions import can_view_lesson
from enrolment.models import Attendance, Cohort, Enrolment
from enrolment.permissions import cohorts_visible_to, enrolments_visible_to

from .factories import CohortFactory, EnrolmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_classes(trainer):
    """A running class taught by ``trainer`` with one learner and a session,
    and another class with its own trainer."""
    cohort = CohortFactory(running=True, trainers=[trainer])
    enrolment = EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Nguyễn Thị Hồng Nhung"))
    session = SessionFactory(cohort=cohort)
    other_trainer = UserFactory(role=roles.TRAINER, full_name="Võ Văn Tần")
    other = CohortFactory(trainers=[other_trainer])
    return {
        "cohort": cohort,
        "enrolment": enrolment,
        "session": session,
        "other_trainer": other_trainer,
        "other": other,
    }


def trainer_urls(two_classes):
    cohort, session = two_classes["cohort"], two_classes["session"]
    return [
        ("get", reverse("trainer_roster", args=[cohort.pk])),
        ("post", reverse("trainer_roster_export", args=[cohort.pk, "csv"])),
        ("get", reverse("attendance_sheet", args=[session.pk])),
        ("post", reverse("attendance_sheet", args=[session.pk])),
    ]


def test_anonymous_visitors_are_sent_to_log_in_from_every_page(client, two_classes):
    urls = [("get", reverse("my_courses")), ("get", reverse("trainer_classes")), *trainer_urls(two_classes)]
    urls.append(("get", reverse("enrolment_withdraw", args=[two_classes["enrolment"].pk])))
    for method, url in urls:
        response = getattr(client, method)(url)
        assert response.status_code == 302 and reverse("account_login") in response.url, url


def test_a_learner_cannot_see_the_roster_or_attendance_of_their_own_class(client, two_classes):
    client.force_login(two_classes["enrolment"].user)
    for method, url in trainer_urls(two_classes):
        assert getattr(client, method)(url).status_code == 404, url


def test_a_learner_cannot_see_another_class_roster(client, two_classes):
    client.force_login(EnrolmentFactory(cohort=two_classes["other"]).user)
    assert client.get(reverse("trainer_roster", args=[two_classes["cohort"].pk])).status_code == 404


def test_trainer_cannot_see_the_roster_of_a_class_they_do_not_teach(client, two_classes):
    client.force_login(two_classes["other_trainer"])
    for method, url in trainer_urls(two_classes):
        assert getattr(client, method)(url).status_code == 404, url
    assert not Attendance.objects.exists()


def test_a_trainer_sees_only_their_own_classes(client, two_classes, trainer):
    client.force_login(trainer)
    content = client.get(reverse("trainer_classes")).content.decode()
    assert two_classes["cohort"].code in content
    assert two_classes["other"].code not in content
    assert list(cohorts_visible_to(trainer)) == [two_classes["cohort"]]


def test_the_trainer_of_a_class_opens_its_pages(client, two_classes, trainer):
    client.force_login(trainer)
    for method, url in trainer_urls(two_classes):
        assert getattr(client, method)(url).status_code in (200, 302), url
    assert "Nguyễn Thị Hồng Nhung" in client.get(trainer_urls(two_classes)[0][1]).content.decode()


def test_a_managers_opens_every_class_page(client, two_classes, manager):
    client.force_login(manager)
    for method, url in trainer_urls(two_classes):
        assert getattr(client, method)(url).status_code in (200, 302), url
    content = client.get(reverse("trainer_classes")).content.decode()
    assert two_classes["cohort"].code in content and two_classes["other"].code in content


def test_a_learner_cannot_withdraw_someone_else(client, two_classes):
    intruder = UserFactory()
    client.force_login(intruder)
    url = reverse("enrolment_withdraw", args=[two_classes["enrolment"].pk])
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert Enrolment.objects.get(pk=two_classes["enrolment"].pk).status == Enrolment.Status.ACTIVE


def test_enrolments_visible_to_each_role(two_classes, trainer, manager):
    learner = two_classes["enrolment"].user
    other_enrolment = EnrolmentFactory(cohort=two_classes["other"])
    assert set(enrolments_visible_to(learner)) == {two_classes["enrolment"]}
    assert set(enrolments_visible_to(trainer)) == {two_classes["enrolment"]}
    assert set(enrolments_visible_to(manager)) == {two_classes["enrolment"], other_enrolment}
    assert not enrolments_visible_to(UserFactory()).exists()


# --- Lesson access (courses.permissions.can_view_lesson, enrolment side) ----------------


def first_lesson(cohort):
    return LessonPage.objects.descendant_of(cohort.course).first()


@pytest.mark.parametrize(
    ("cohort_status", "enrolment_status", "can_read"),
    [
        (Cohort.Status.RUNNING, Enrolment.Status.ACTIVE, True),
        (Cohort.Status.FINISHED, Enrolment.Status.ACTIVE, True),
        (Cohort.Status.FINISHED, Enrolment.Status.COMPLETED, True),
        (Cohort.Status.OPEN, Enrolment.Status.ACTIVE, False),
        (Cohort.Status.DRAFT, Enrolment.Status.ACTIVE, False),
        (Cohort.Status.RUNNING, Enrolment.Status.WAITLISTED, False),
        (Cohort.Status.RUNNING, Enrolment.Status.PENDING, False),
        (Cohort.Status.RUNNING, Enrolment.Status.WITHDRAWN, False),
        (Cohort.Status.RUNNING, Enrolment.Status.REMOVED, False),
        (Cohort.Status.ARCHIVED, Enrolment.Status.COMPLETED, False),
    ],
)
def test_a_learner_reads_lessons_only_with_a_place_in_a_running_or_finished_class(
    cohort_status, enrolment_status, can_read
):
    enrolment = EnrolmentFactory(cohort=CohortFactory(status=cohort_status), status=enrolment_status)
    assert can_view_lesson(enrolment.user, first_lesson(enrolment.cohort)) is can_read


def test_trainers_of_a_class_of_the_course_and_managers_read_every_lesson(trainer, manager):
    cohort = CohortFactory(status=Cohort.Status.DRAFT, trainers=[trainer])
    lesson = first_lesson(cohort)
    assert can_view_lesson(trainer, lesson)
    assert can_view_lesson(manager, lesson)
    assert not can_view_lesson(UserFactory(role=roles.TRAINER), lesson)


def test_a_place_in_another_course_opens_nothing_here():
    enrolment = EnrolmentFactory(cohort=CohortFactory(running=True))
    elsewhere = CohortFactory(running=True)
    assert not can_view_lesson(enrolment.user, first_lesson(elsewhere))


def test_the_lesson_page_answers_each_visitor(client, trainer):
    enrolment = EnrolmentFactory(cohort=CohortFactory(running=True, trainers=[trainer]))
    url = first_lesson(enrolment.cohort).url
    assert client.get(url).status_code == 302  # anonymous: log in
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    for user in (enrolment.user, trainer):
        client.force_login(user)
        assert client.get(url).status_code == 200
