"""Who may read a lesson: free previews for all, the rest for the course's people."""

import pytest

from accounts import roles
from courses.permissions import can_view_lesson, courses_with_content_for, lessons_visible_to
from enrolment.models import Cohort, Enrolment

from .factories import CohortFactory, CourseFactory, EnrolmentFactory, LessonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_anyone_reads_a_free_preview_lesson(client, catalogue):
    response = client.get(catalogue.free.url)
    assert response.status_code == 200
    assert "Chế tạo xe chạy bằng bóng bay" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in_for_other_lessons(client, catalogue):
    for lesson in (catalogue.closed, catalogue.in_module):
        response = client.get(lesson.url)
        assert response.status_code == 302
        assert response["Location"].startswith("/tai-khoan/login/?next=")
    assert not can_view_lesson(None, catalogue.closed)


def test_a_learner_who_is_not_enrolled_cannot_read_a_lesson(client, catalogue, learner):
    client.force_login(learner)
    response = client.get(catalogue.closed.url)
    assert response.status_code == 403
    content = response.content.decode()
    assert "Chế tạo xe chạy bằng bóng bay" not in content
    assert catalogue.course.url in content  # the way to the course and its classes


def test_an_actively_enrolled_learner_reads_every_lesson_of_the_course(client, catalogue, learner):
    EnrolmentFactory(user=learner, cohort__running=True, cohort__course=catalogue.course)
    client.force_login(learner)
    for lesson in (catalogue.closed, catalogue.in_module):
        assert client.get(lesson.url).status_code == 200


def test_a_learner_who_completed_a_finished_class_still_reads_the_lessons(catalogue, learner):
    EnrolmentFactory(
        user=learner, cohort__finished=True, cohort__course=catalogue.course, status=Enrolment.Status.COMPLETED
    )
    assert can_view_lesson(learner, catalogue.closed)


@pytest.mark.parametrize(
    ("cohort_status", "enrolment_status"),
    [
        (Cohort.Status.OPEN, Enrolment.Status.ACTIVE),
        (Cohort.Status.DRAFT, Enrolment.Status.ACTIVE),
        (Cohort.Status.RUNNING, Enrolment.Status.WAITLISTED),
        (Cohort.Status.RUNNING, Enrolment.Status.PENDING),
        (Cohort.Status.RUNNING, Enrolment.Status.WITHDRAWN),
        (Cohort.Status.RUNNING, Enrolment.Status.REMOVED),
    ],
)
def test_a_learner_without_an_active_place_in_a_running_class_cannot_read(
    catalogue, learner, cohort_status, enrolment_status
):
    EnrolmentFactory(
        user=learner, cohort__course=catalogue.course, cohort__status=cohort_status, status=enrolment_status
    )
    assert not can_view_lesson(learner, catalogue.closed)


def test_a_learner_enrolled_in_another_course_cannot_read_this_one(catalogue, learner):
    other = CourseFactory(parent=catalogue.programme, title="Khóa học khác")
    LessonFactory(parent=other, title="Bài của khóa khác")
    EnrolmentFactory(user=learner, cohort__running=True, cohort__course=other)
    assert not can_view_lesson(learner, catalogue.closed)


def test_a_trainer_of_a_class_of_the_course_reads_its_lessons(client, catalogue, trainer):
    CohortFactory(course=catalogue.course, status=Cohort.Status.DRAFT, trainers=[trainer])
    client.force_login(trainer)
    assert client.get(catalogue.in_module.url).status_code == 200


def test_a_trainer_of_another_course_cannot_read_the_lessons(client, catalogue, trainer):
    CohortFactory(running=True, course__parent=catalogue.programme, course__title="Khóa khác", trainers=[trainer])
    client.force_login(trainer)
    assert client.get(catalogue.closed.url).status_code == 403


def test_a_programme_manager_reads_every_lesson(client, catalogue, manager):
    client.force_login(manager)
    for lesson in (catalogue.closed, catalogue.in_module):
        assert client.get(lesson.url).status_code == 200


def test_an_inactive_account_reads_only_free_previews(catalogue):
    user = UserFactory(role=roles.MANAGER, is_active=False)
    assert not can_view_lesson(user, catalogue.closed)
    assert can_view_lesson(user, catalogue.free)


def test_the_visible_lesson_queryset_follows_the_same_rule(catalogue, learner, manager):
    assert set(lessons_visible_to(learner)) == {catalogue.free}
    EnrolmentFactory(user=learner, cohort__running=True, cohort__course=catalogue.course)
    assert set(lessons_visible_to(learner)) == {catalogue.free, catalogue.closed, catalogue.in_module}
    assert set(courses_with_content_for(learner)) == {catalogue.course}
    assert lessons_visible_to(manager).count() == 3


def test_checking_access_to_a_lesson_costs_one_query(catalogue, learner, django_assert_num_queries):
    learner.groups.all()  # role names are read once per request; not what is measured here
    from accounts.roles import role_names

    role_names(learner)
    with django_assert_num_queries(1):
        can_view_lesson(learner, catalogue.in_module)


def test_the_course_page_says_which_lessons_need_enrolment(client, catalogue, learner):
    content = client.get(catalogue.course.url).content.decode()
    assert "Học thử miễn phí" in content
    assert "Dành cho học viên" in content
    EnrolmentFactory(user=learner, cohort__running=True, cohort__course=catalogue.course)
    client.force_login(learner)
    assert "Dành cho học viên" not in client.get(catalogue.course.url).content.decode()


def test_protected_lessons_stay_out_of_the_sitemap(client, catalogue):
    content = client.get("/sitemap.xml").content.decode()
    assert catalogue.free.url in content
    assert catalogue.closed.url not in content
    assert catalogue.course.url in content
    assert catalogue.plan.url in content
    assert catalogue.camp.url in content
    assert catalogue.index.url + "khoa-hoc/" in content


def test_camp_pages_need_no_account_and_carry_no_form(client, catalogue):
    for page in (catalogue.camps, catalogue.camp):
        response = client.get(page.url)
        assert response.status_code == 200
        main = response.content.decode().split('<main id="main"', 1)[1].split("</main>", 1)[0]
        assert "<form" not in main.replace('<form class="filters" method="get"', "")
        assert "<input" not in main
