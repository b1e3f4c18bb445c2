"""The learner's daily path: "Khóa học của tôi" leads with what to do next, the course page ticks
what is done, prerequisites are checked at enrolment, the rubric shows before hand-in."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import roles
from assessment.models import Grade
from certificates.models import CompletionRule
from courses.models import CoursePrerequisite, LessonPage
from enrolment import services
from enrolment.dashboard import fingerprint, sections
from enrolment.errors import EnrolmentError
from enrolment.models import Attendance, Cohort, Enrolment, LessonProgress

from .assessment_helpers import hand_in, release
from .factories import (
    AssignmentFactory,
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def page(client, name="my_courses", *args) -> str:
    response = client.get(reverse(name, args=args))
    assert response.status_code == 200
    return response.content.decode()


def text(content: str) -> str:
    """What a reader sees: the page without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", content).split())


def done(user, lesson):
    LessonProgress.objects.create(user=user, lesson=lesson, completed_at=timezone.now())


def running_class(learner, *, lessons=3, delivery="online", **fields):
    cohort = CohortFactory(
        course=CourseFactory(lessons=lessons),
        status=Cohort.Status.RUNNING,
        starts_on=timezone.localdate() - datetime.timedelta(days=3),
        delivery=delivery,
        **fields,
    )
    enrolment = EnrolmentFactory(user=learner, cohort=cohort)
    return cohort, enrolment, list(LessonPage.objects.descendant_of(cohort.course).order_by("path"))


# --- "Tiếp tục", sessions, assignments, checklist ------------------------------------------


def test_continue_opens_the_next_lesson_not_yet_done_not_the_course_page(client, learner):
    cohort, _enrolment, lessons = running_class(learner)
    done(learner, lessons[0])
    client.force_login(learner)
    content = page(client)
    assert "Việc tiếp theo" in content
    assert f'href="{lessons[1].url}"' in content
    assert "Bài học tiếp theo: Bài 2" in content
    assert "Tiếp tục" in content
    # Every lesson done: no "Tiếp tục" to nowhere; the lessons stay one click away.
    for lesson in lessons[1:]:
        done(learner, lesson)
    content = page(client)
    assert "Bạn đã học xong tất cả các bài của khóa học này." in content
    assert f'href="{lessons[1].url}"' not in content


def test_upcoming_sessions_show_date_time_and_place(client, learner):
    cohort, _enrolment, _lessons = running_class(learner)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    SessionFactory(
        cohort=cohort,
        date=tomorrow,
        starts_at=datetime.time(14, 0),
        ends_at=datetime.time(16, 30),
        venue="Phòng 204, Trường THCS Nguyễn Du",
        topic="Thực hành giáo án STEM",
    )
    SessionFactory(cohort=cohort, date=timezone.localdate() - datetime.timedelta(days=1), topic="Buổi đã qua")
    client.force_login(learner)
    content = page(client)
    assert "Buổi học sắp tới" in content
    assert f"{tomorrow:%d/%m/%Y} · 14:00–16:30" in text(content)
    assert "Phòng 204, Trường THCS Nguyễn Du" in content
    assert "Thực hành giáo án STEM" in content
    assert "Buổi đã qua" not in content


def test_assignments_due_show_their_countdown(client, learner):
    cohort, _enrolment, _lessons = running_class(learner)
    AssignmentFactory(
        course=cohort.course,
        title="Giáo án STEM cuối khóa",
        due_at=timezone.now() + datetime.timedelta(days=3, hours=2),
    )
    client.force_login(learner)
    content = page(client)
    assert "Giáo án STEM cuối khóa" in content
    assert "Còn 3" in content and "ngày" in content  # "Còn 3 ngày, 2 giờ"


def test_a_passed_assignment_stays_on_the_dashboard_with_its_result(client, learner, trainer):
    cohort, enrolment, _lessons = running_class(learner, trainers=[trainer])
    assignment = AssignmentFactory(course=cohort.course, title="Giáo án STEM cuối khóa")
    submission = hand_in(enrolment, assignment)
    release(trainer, submission, outcome=Grade.Outcome.PASSED)
    client.force_login(learner)
    content = page(client)
    results = content[content.index("Kết quả") :]
    assert "Giáo án STEM cuối khóa" in results
    assert reverse("assessment:submission", args=[submission.pk]) in results
    assert "Đạt" in results and "100/100" in results


def test_the_checklist_says_what_the_certificate_still_needs(client, learner):
    cohort, enrolment, lessons = running_class(learner, delivery=Cohort.Delivery.ONSITE)
    CompletionRule.objects.create(course=cohort.course, min_attendance_percent=80, require_assignments=False)
    done(learner, lessons[0])
    session = SessionFactory(cohort=cohort, date=timezone.localdate() - datetime.timedelta(days=1))
    SessionFactory(cohort=cohort, date=timezone.localdate() + datetime.timedelta(days=2))
    client.force_login(learner)
    content = page(client)
    checklist = content[content.index("Điều kiện nhận giấy chứng nhận") :]
    assert "Đã học xong các bài bắt buộc" in checklist and "1/3" in checklist
    assert "Tham dự ít nhất 80%" in checklist and "0/2 buổi" in checklist
    assert "criterion-met" not in checklist.split("</section>")[0]

    # Attendance is the learner's own row: the fingerprint changes, the page shows it at once.
    before = fingerprint(learner, sections())
    Attendance.objects.create(session=session, enrolment=enrolment, status=Attendance.Status.PRESENT)
    assert fingerprint(learner, sections()) != before
    assert "1/2 buổi" in page(client)


def test_a_class_not_started_says_when_and_offers_more_than_leaving(client, learner):
    cohort = CohortFactory(starts_on=timezone.localdate() + datetime.timedelta(days=5))
    enrolment = EnrolmentFactory(user=learner, cohort=cohort)
    client.force_login(learner)
    content = page(client)
    start = content.index(f'id="enrolment-{enrolment.pk}"')
    card = content[start : content.index("</section>", start)]
    assert f"Lớp bắt đầu ngày {cohort.starts_on:%d/%m/%Y}, còn 5 ngày." in card
    assert reverse("class_calendar", args=[cohort.pk]) in card
    assert cohort.course.url in card
    assert reverse("enrolment_withdraw", args=[enrolment.pk]) in card  # still possible, not alone
    assert card.count('class="button') >= 3


def test_the_dashboard_costs_the_same_with_one_and_with_ten_classes_of_everything(client, learner, trainer):
    def add():
        cohort, enrolment, lessons = running_class(learner, delivery=Cohort.Delivery.ONSITE, trainers=[trainer])
        done(learner, lessons[0])
        session = SessionFactory(cohort=cohort, date=timezone.localdate() + datetime.timedelta(days=1))
        Attendance.objects.create(session=session, enrolment=enrolment, status=Attendance.Status.PRESENT)
        AssignmentFactory(course=cohort.course)
        passed = AssignmentFactory(course=cohort.course, title="Giáo án đã chấm")
        release(trainer, hand_in(enrolment, passed))
        CohortFactory(course=cohort.course)  # and a class not started
        EnrolmentFactory(user=learner, cohort=CohortFactory())

    def count():
        client.get(reverse("my_courses"))
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("my_courses")).status_code == 200
        return len(captured)

    client.force_login(learner)
    add()
    one = count()
    for _ in range(9):
        add()
    assert count() == one
    content = page(client)
    assert content.count("continue-item") == 10 and content.count("Giáo án đã chấm") == 10


# --- The course page ---------------------------------------------------------------------


def test_the_course_page_ticks_the_lessons_done_and_shows_progress(client, learner):
    cohort, _enrolment, lessons = running_class(learner, lessons=4)
    done(learner, lessons[0])
    done(learner, lessons[2])
    client.force_login(learner)
    content = client.get(cohort.course.url).content.decode()
    assert content.count('class="lesson-done"') == 2
    assert content.count("lesson-tick") == 2
    assert "Đã học 2/4 bài bắt buộc" in content
    # Another learner, and an anonymous visitor, see no tick.
    client.force_login(UserFactory())
    assert 'class="lesson-done"' not in client.get(cohort.course.url).content.decode()
    client.logout()
    assert 'class="lesson-done"' not in client.get(cohort.course.url).content.decode()


# --- Prerequisites -------------------------------------------------------------------------


def prerequisite_course(required: bool):
    basic = CourseFactory(lessons=2, title="Giáo dục STEM cơ bản")
    advanced = CourseFactory(lessons=2, title="Giáo dục STEM nâng cao")
    advanced.prerequisite_links = [CoursePrerequisite(prerequisite=basic, required=required)]
    advanced.save_revision().publish()
    return basic, CohortFactory(course=advanced)


def test_a_required_prerequisite_is_refused_with_a_message_and_a_link(client, learner):
    basic, cohort = prerequisite_course(required=True)
    with pytest.raises(EnrolmentError) as refusal:
        services.enrol(learner, cohort)
    assert refusal.value.code == "prerequisite"
    assert not Enrolment.objects.filter(user=learner, cohort=cohort).exists()
    client.force_login(learner)
    response = client.post(reverse("enrolment_enrol", args=[cohort.pk]), follow=True)
    content = response.content.decode()
    assert "Giáo dục STEM cơ bản" in content
    assert f'<a href="{basic.url}">Giáo dục STEM cơ bản</a>' in content
    assert "bạn cần hoàn thành trước khóa học" in content


def test_a_completed_prerequisite_lets_the_learner_enrol(learner):
    basic, cohort = prerequisite_course(required=True)
    EnrolmentFactory(
        user=learner, cohort=CohortFactory(course=basic, status=Cohort.Status.FINISHED), status="completed"
    )
    assert services.enrol(learner, cohort).status == Enrolment.Status.ACTIVE


def test_a_prerequisite_not_marked_required_is_only_advice(learner):
    _basic, cohort = prerequisite_course(required=False)
    assert services.enrol(learner, cohort).status == Enrolment.Status.ACTIVE


# --- The rubric before hand-in ---------------------------------------------------------------


def test_the_rubric_is_on_the_assignment_page_before_hand_in(client, learner):
    cohort, _enrolment, _lessons = running_class(learner)
    assignment = AssignmentFactory(course=cohort.course)
    client.force_login(learner)
    content = page(client, "assessment:assignment", assignment.pk)
    assert "Cách bài làm của bạn được chấm" in content
    for criterion in assignment.rubric.criteria.all():
        assert criterion.title in content
    assert "Tốt" in content and "3 điểm" in content


def test_a_trainer_sees_the_trainers_calendar_too(client, trainer):
    cohort = CohortFactory(status=Cohort.Status.RUNNING, trainers=[trainer])
    SessionFactory(cohort=cohort, topic="Buổi của giảng viên")
    trainer.groups.clear()
    roles.assign_role(trainer, roles.TRAINER)
    from enrolment.calendar import user_events

    assert [e.summary for e in user_events(trainer)][0].startswith("Buổi của giảng viên")


# --- What each section costs ---------------------------------------------------------------


def tables_read(client) -> list[str]:
    """The table of each query of a first visit to "Khóa học của tôi" that reads rows (the fragment
    rebuilt); the fingerprint query, which asks about every section at once, reads the user."""
    client.cookies.pop("csrftoken", None)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse("my_courses")).status_code == 200
    return [m.group(1) for q in captured if (m := re.match(r'SELECT (?:DISTINCT )?"(\w+)"\.', q["sql"]))]


def test_a_section_with_nothing_for_the_learner_costs_no_query(client, learner):
    """The fingerprint query also says which sections have rows: one without reads nothing."""
    from .factories import CertificateFactory, PartnerAccessFactory

    running_class(learner)
    client.force_login(learner)
    read = tables_read(client)
    for table in (
        "certificates_certificate",
        "partners_partneraccess",
        "activities_registration",
        "peer_review_peerreviewsettings",
        "assessment_extension",
        "assessment_assignmentclassdates",
    ):
        assert table not in read, (table, read)
    assert read.count("enrolment_enrolment") == 1  # the learner's enrolments, read once for every section

    # Once there is something, the section reads it and shows it.
    certificate = CertificateFactory(enrolment__user=learner)
    PartnerAccessFactory(user=learner, organisation="Trường THCS Chánh Nghĩa")
    read = tables_read(client)
    assert "certificates_certificate" in read and "partners_partneraccess" in read
    content = page(client)
    assert certificate.number in content and "Trường THCS Chánh Nghĩa" in content


def test_class_dates_and_an_extension_move_the_due_date_on_the_dashboard(client, learner, trainer):
    """The class's own dates and the learner's extension are read only when there are some, and then count."""
    from assessment.models import AssignmentClassDates, Extension

    cohort, enrolment, _lessons = running_class(learner)
    assignment = AssignmentFactory(course=cohort.course, due_at=timezone.now() + datetime.timedelta(days=3, hours=2))
    client.force_login(learner)
    assert "Còn 3 ngày" in text(page(client))

    AssignmentClassDates.objects.create(
        assignment=assignment, cohort=cohort, due_at=timezone.now() + datetime.timedelta(days=4, hours=2)
    )
    assert "Còn 4 ngày" in text(page(client))
    Extension.objects.create(
        assignment=assignment,
        enrolment=enrolment,
        due_at=timezone.now() + datetime.timedelta(days=6, hours=2),
        reason="Ốm",
        granted_by=trainer,
    )
    assert "Còn 6 ngày" in text(page(client))
