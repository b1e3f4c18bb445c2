"""The learner's pages: enrolling from the course page, withdrawing, marking a
lesson done, and "Khóa học của tôi"."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from courses.models import LessonPage
from enrolment.models import Cohort, Enrolment, LessonProgress
from enrolment.signals import lesson_completed

from .factories import CohortFactory, EnrolmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Enrolment.Status


def page_text(response) -> str:
    return response.content.decode()


# --- The course page ----------------------------------------------------------------


def test_the_course_page_lists_open_classes_with_places_left(client, learner):
    cohort = CohortFactory(capacity=25)
    EnrolmentFactory.create_batch(3, cohort=cohort)
    CohortFactory(course=cohort.course, status=Cohort.Status.DRAFT, code="NHAP-01")
    client.force_login(learner)
    content = page_text(client.get(cohort.course.url))
    assert cohort.code in content and "Còn 22 chỗ" in content and "Đã có 3/25" in content
    assert "NHAP-01" not in content
    assert f'action="{reverse("enrolment_enrol", args=[cohort.pk])}"' in content
    assert "csrfmiddlewaretoken" in content


def test_anonymous_visitors_are_asked_to_log_in_to_enrol(client):
    cohort = CohortFactory()
    content = page_text(client.get(cohort.course.url))
    assert "Đăng nhập để ghi danh" in content
    assert reverse("enrolment_enrol", args=[cohort.pk]) not in content


def test_a_learner_enrols_from_the_course_page(client, learner, mailoutbox, django_capture_on_commit_callbacks):
    cohort = CohortFactory()
    client.force_login(learner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enrolment_enrol", args=[cohort.pk]), {"next": cohort.course.url}, follow=True)
    assert response.redirect_chain[-1][0] == cohort.course.url
    assert f"Bạn đã ghi danh vào lớp {cohort.code}." in page_text(response)
    assert Enrolment.objects.get(user=learner, cohort=cohort).status == S.ACTIVE
    assert [m.subject for m in mailoutbox] == [f"Xác nhận ghi danh: {cohort.code}"]
    assert "Kính gửi" in mailoutbox[0].body and cohort.title in mailoutbox[0].body


def test_enrolling_is_a_post(client, learner):
    cohort = CohortFactory()
    client.force_login(learner)
    assert client.get(reverse("enrolment_enrol", args=[cohort.pk])).status_code == 405
    assert not Enrolment.objects.exists()


def test_enrolling_needs_the_csrf_token(learner):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(learner)
    response = client.post(reverse("enrolment_enrol", args=[CohortFactory().pk]))
    assert response.status_code == 403
    assert not Enrolment.objects.exists()


def test_a_refusal_is_shown_as_a_message_on_the_course_page(client, learner):
    cohort = CohortFactory(enrolment_policy=Cohort.Policy.KEY, enrolment_key="STEM2019")
    client.force_login(learner)
    content = page_text(client.get(cohort.course.url))
    assert 'name="key"' in content
    response = client.post(reverse("enrolment_enrol", args=[cohort.pk]), {"key": "sai"}, follow=True)
    assert "Mã ghi danh không đúng" in page_text(response)
    assert not Enrolment.objects.exists()


def test_a_full_class_offers_the_waiting_list(client, learner, mailoutbox, django_capture_on_commit_callbacks):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort)
    client.force_login(learner)
    content = page_text(client.get(cohort.course.url))
    assert "Đã đủ chỗ" in content and "Vào danh sách chờ" in content and 'name="waitlist"' in content
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enrolment_enrol", args=[cohort.pk]), {"waitlist": "1"}, follow=True)
    assert "danh sách chờ của lớp" in page_text(response)
    assert Enrolment.objects.get(user=learner).status == S.WAITLISTED
    assert mailoutbox[0].subject == f"Trong danh sách chờ: {cohort.code}"


def test_a_class_that_filled_up_meanwhile_tells_the_learner_to_use_the_waiting_list(client, learner):
    cohort = CohortFactory(capacity=1)
    client.force_login(learner)
    EnrolmentFactory(cohort=cohort)  # someone was faster
    response = client.post(reverse("enrolment_enrol", args=[cohort.pk]), follow=True)
    content = page_text(response)
    assert "Lớp đã đủ chỗ. Bạn có thể vào danh sách chờ" in content
    assert "Vào danh sách chờ" in content


def test_an_approval_class_takes_a_request(client, learner, mailoutbox, django_capture_on_commit_callbacks):
    cohort = CohortFactory(enrolment_policy=Cohort.Policy.APPROVAL)
    client.force_login(learner)
    assert "Gửi yêu cầu tham gia lớp" in page_text(client.get(cohort.course.url))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("enrolment_enrol", args=[cohort.pk]), follow=True)
    assert "đang chờ ban quản lý chương trình duyệt" in page_text(response)
    assert mailoutbox[0].subject == f"Đã nhận yêu cầu ghi danh: {cohort.code}"


def test_the_course_page_shows_the_learners_own_place(client, learner):
    cohort = CohortFactory()
    EnrolmentFactory(user=learner, cohort=cohort, status=S.WAITLISTED)
    client.force_login(learner)
    content = page_text(client.get(cohort.course.url))
    assert "Các lớp của bạn trong khóa học này" in content and "Danh sách chờ" in content
    assert reverse("enrolment_enrol", args=[cohort.pk]) not in content


def test_a_draft_class_cannot_be_enrolled_even_by_its_address(client, learner):
    cohort = CohortFactory(status=Cohort.Status.DRAFT)
    client.force_login(learner)
    assert client.post(reverse("enrolment_enrol", args=[cohort.pk])).status_code == 404


def test_next_cannot_send_the_learner_to_another_site(client, learner):
    cohort = CohortFactory()
    client.force_login(learner)
    response = client.post(reverse("enrolment_enrol", args=[cohort.pk]), {"next": "https://evil.example/"})
    assert response.url == cohort.course.url


# --- Withdrawing ---------------------------------------------------------------------


def test_a_learner_withdraws_after_confirming_and_the_waiting_list_moves_up(
    client, learner, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1)
    mine = EnrolmentFactory(user=learner, cohort=cohort)
    waiting = EnrolmentFactory(cohort=cohort, status=S.WAITLISTED)
    client.force_login(learner)
    url = reverse("enrolment_withdraw", args=[mine.pk])
    assert "Đồng ý rời lớp" in page_text(client.get(url))
    assert Enrolment.objects.get(pk=mine.pk).status == S.ACTIVE  # GET changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, follow=True)
    assert f"Bạn đã rời lớp {cohort.code}." in page_text(response)
    assert Enrolment.objects.get(pk=waiting.pk).status == S.ACTIVE
    assert [m.to for m in mailoutbox] == [[waiting.user.email]]
    assert mailoutbox[0].subject == f"Bạn đã có chỗ trong lớp: {cohort.code}"


# --- Marking lessons done -------------------------------------------------------------


@pytest.fixture
def running(learner):
    cohort = CohortFactory(running=True, course__lessons=4, course__lessons__required=3)
    EnrolmentFactory(user=learner, cohort=cohort)
    return cohort


def lessons_of(cohort):
    return list(LessonPage.objects.descendant_of(cohort.course).order_by("path"))


def test_a_learner_marks_a_lesson_done_with_the_button(client, learner, running, django_capture_on_commit_callbacks):
    lesson = lessons_of(running)[0]
    client.force_login(learner)
    content = page_text(client.get(lesson.url))
    assert "Đánh dấu đã học xong" in content and "Đã học 0/3 bài bắt buộc" in content
    received = []
    lesson_completed.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-lesson-done")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("lesson_done", args=[lesson.pk]), follow=True)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(reverse("lesson_done", args=[lesson.pk]))  # twice: still one row, one signal
    finally:
        lesson_completed.disconnect(dispatch_uid="test-lesson-done")
    assert "Bạn đã học xong bài này." in page_text(response)
    assert "Đã học 1/3 bài bắt buộc" in page_text(response)
    assert LessonProgress.objects.filter(user=learner, lesson=lesson).count() == 1
    assert [(r["user"], r["lesson"].pk) for r in received] == [(learner, lesson.pk)]


def test_the_script_marks_a_lesson_done_in_json(client, learner, running):
    lessons = lessons_of(running)
    client.force_login(learner)
    for lesson in lessons[:2]:
        response = client.post(reverse("lesson_done", args=[lesson.pk]), HTTP_ACCEPT="application/json")
    assert response.json() == {"done": True, "created": True, "lessons_done": 2, "lessons_required": 3, "percent": 66}


def test_an_optional_lesson_does_not_count_towards_progress(client, learner, running):
    optional = lessons_of(running)[3]
    client.force_login(learner)
    response = client.post(reverse("lesson_done", args=[optional.pk]), HTTP_ACCEPT="application/json")
    assert response.json()["lessons_done"] == 0


def test_only_learners_of_a_running_class_mark_lessons_done(client, trainer, running):
    lesson = lessons_of(running)[0]
    waiting = EnrolmentFactory(cohort=running, status=S.WAITLISTED).user
    for user in (trainer, waiting, UserFactory()):
        client.force_login(user)
        response = client.post(reverse("lesson_done", args=[lesson.pk]), HTTP_ACCEPT="application/json")
        assert response.status_code == 403
    assert not LessonProgress.objects.exists()


def test_the_lesson_page_offers_no_button_to_trainers(client, trainer, running):
    running.trainers.add(trainer)
    client.force_login(trainer)
    content = page_text(client.get(lessons_of(running)[0].url))
    assert "Đánh dấu đã học xong" not in content


# --- "Khóa học của tôi" -------------------------------------------------------------------


def test_my_courses_groups_classes_with_progress_next_session_and_waiting_position(client, learner):
    today = timezone.localdate()
    running = CohortFactory(running=True, course__title="Giáo dục STEM cơ bản", course__lessons=4)
    EnrolmentFactory(user=learner, cohort=running)
    for lesson in lessons_of(running)[:1]:
        LessonProgress.objects.create(user=learner, lesson=lesson, completed_at=timezone.now())
    SessionFactory(cohort=running, date=today - datetime.timedelta(days=7), topic="Buổi đã qua")
    SessionFactory(cohort=running, date=today + datetime.timedelta(days=3), topic="Thực hành giáo án STEM")
    full = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=full)
    EnrolmentFactory(cohort=full, status=S.WAITLISTED)
    EnrolmentFactory(user=learner, cohort=full, status=S.WAITLISTED)
    finished = CohortFactory(finished=True)
    EnrolmentFactory(user=learner, cohort=finished, status=S.COMPLETED)
    EnrolmentFactory(user=learner, cohort=CohortFactory(), status=S.WITHDRAWN)
    client.force_login(learner)
    content = page_text(client.get(reverse("my_courses")))
    current, rest = content.split("Đang chờ")
    waiting, done = rest.split("Đã kết thúc")
    assert running.code in current and "Đã học 1/4 bài bắt buộc" in current and 'value="25"' in current
    assert "Thực hành giáo án STEM" in current and "Buổi đã qua" not in current
    assert full.code in waiting and "Bạn đứng thứ 2 trong danh sách chờ." in waiting
    assert finished.code in done
    assert content.count('class="class-card"') == 3  # the withdrawn class is not shown


def test_my_courses_is_empty_at_first(client, learner):
    client.force_login(learner)
    assert "Bạn chưa ghi danh vào lớp học nào." in page_text(client.get(reverse("my_courses")))


def test_my_courses_shows_the_sections_other_apps_register_in_their_order():
    from enrolment.dashboard import sections

    assert [s.key for s in sections()] == [
        "teaching",  # a trainer's classes lead their page (a learner has none)
        "next",  # "Tiếp tục" and the sessions, then the work due, then what the certificate needs
        "partner_accesses",  # a partner's way to the teachers they may see
        "assignments",
        "peer_reviews",
        "quizzes",
        "certificate_checklist",
        "classes",
        "certificates",
        "activity_registrations",
        "transcript",
        "difficulty",  # reporting a difficulty (partners and staff), in the side column
    ]


def test_a_section_registered_by_another_app_shows_on_my_courses(client, learner, tmp_path, settings):
    """The extension point: a hook adds a section, with its own lazy values, and the page shows it."""
    from wagtail import hooks

    from enrolment.dashboard import DashboardSection

    (tmp_path / "extra.html").write_text("<section id='extra-section'>{{ extra_greeting }}</section>")
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]

    def extra():
        return DashboardSection(
            key="extra",
            template="extra.html",
            order=15,
            context={"extra_greeting": lambda user: f"Chào {user.full_name}"},
        )

    client.force_login(learner)
    with hooks.register_temporarily("register_dashboard_section", extra):
        html = client.get(reverse("my_courses")).content.decode()
    assert f"<section id='extra-section'>Chào {learner.full_name}</section>" in html


def test_a_trainer_finds_their_classes_on_my_courses(client, trainer):
    cohort = CohortFactory(running=True, trainers=[trainer])
    client.force_login(trainer)
    content = page_text(client.get(reverse("my_courses")))
    assert "Lớp tôi giảng dạy" in content and reverse("trainer_roster", args=[cohort.pk]) in content
