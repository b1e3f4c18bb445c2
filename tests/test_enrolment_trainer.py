"""Trainer pages: the roster with progress, its exports, and the attendance sheet
(one tap per learner, saved without losing what was already ticked)."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from audit.models import AuditEvent
from courses.models import LessonPage
from enrolment.attendance import save_attendance
from enrolment.errors import EnrolmentError
from enrolment.models import Attendance, Enrolment, LessonProgress
from enrolment.signals import attendance_saved

from .factories import CohortFactory, EnrolmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

P, A, E = Attendance.Status.PRESENT, Attendance.Status.ABSENT, Attendance.Status.EXCUSED


@pytest.fixture
def cohort(trainer):
    return CohortFactory(running=True, trainers=[trainer], course__lessons=4)


@pytest.fixture
def learners(cohort):
    names = ["Nguyễn Thị Hồng Nhung", "Trần Văn Đức", "Lê Minh Châu"]
    return [EnrolmentFactory(cohort=cohort, user=UserFactory(full_name=n)) for n in names]


@pytest.fixture
def session(cohort):
    return SessionFactory(cohort=cohort)


def marks(session):
    return dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "status"))


# --- The service ------------------------------------------------------------------------


def test_attendance_is_saved_and_announced_after_commit(
    session, learners, trainer, django_capture_on_commit_callbacks
):
    received = []
    attendance_saved.connect(lambda **kw: received.append(kw), weak=False, dispatch_uid="test-attendance")
    try:
        with django_capture_on_commit_callbacks(execute=True):
            changed = save_attendance(session, {learners[0].pk: P, learners[1].pk: A}, actor=trainer)
    finally:
        attendance_saved.disconnect(dispatch_uid="test-attendance")
    assert {e.pk for e in changed} == {learners[0].pk, learners[1].pk}
    assert marks(session) == {learners[0].pk: P, learners[1].pk: A}
    assert [{e.pk for e in r["enrolments"]} for r in received] == [{learners[0].pk, learners[1].pk}]
    assert AuditEvent.objects.filter(action="enrolment.attendance_saved", target_id=str(session.pk)).count() == 1


def test_saving_the_same_marks_again_changes_nothing(session, learners, trainer):
    save_attendance(session, {learners[0].pk: P}, actor=trainer)
    assert save_attendance(session, {learners[0].pk: P}, actor=trainer) == []


def test_attendance_refusals(session, learners, trainer):
    outsider = EnrolmentFactory()
    waiting = EnrolmentFactory(cohort=session.cohort, status=Enrolment.Status.WAITLISTED)
    for bad, code in [
        ({outsider.pk: P}, "not_in_class"),
        ({waiting.pk: P}, "not_in_class"),
        ({learners[0].pk: "late"}, "bad_status"),
    ]:
        with pytest.raises(EnrolmentError) as refusal:
            save_attendance(session, bad, actor=trainer)
        assert refusal.value.code == code
    with pytest.raises(EnrolmentError) as refusal:
        save_attendance(session, {learners[0].pk: P}, actor=UserFactory())
    assert refusal.value.code == "forbidden"
    assert marks(session) == {}


# --- The sheet, without JavaScript --------------------------------------------------------


def test_the_sheet_lists_the_class_with_one_choice_per_status(client, trainer, session, learners):
    client.force_login(trainer)
    content = client.get(reverse("attendance_sheet", args=[session.pk])).content.decode()
    for e in learners:
        assert e.user.full_name in content
        assert f'name="status_{e.pk}" value="present"' in content
        assert f'name="was_{e.pk}" value=""' in content
    assert content.index("Lê Minh Châu") < content.index("Trần Văn Đức") < content.index("Hồng Nhung")  # by given name


def test_the_form_saves_only_what_changed_so_a_stale_page_undoes_nothing(client, trainer, session, learners):
    first, second, third = learners
    save_attendance(session, {second.pk: E}, actor=trainer)  # a colleague, after our page was loaded
    client.force_login(trainer)
    response = client.post(
        reverse("attendance_sheet", args=[session.pk]),
        {f"was_{first.pk}": "", f"status_{first.pk}": P, f"was_{second.pk}": "", f"was_{third.pk}": ""},
        follow=True,
    )
    assert "Đã lưu điểm danh (1 thay đổi)." in response.content.decode()
    assert marks(session) == {first.pk: P, second.pk: E}


def test_everyone_not_yet_marked_is_present_in_one_tap(client, trainer, session, learners):
    first, second, third = learners
    save_attendance(session, {first.pk: A}, actor=trainer)
    client.force_login(trainer)
    client.post(
        reverse("attendance_sheet", args=[session.pk]),
        {
            "all_present": "1",
            f"was_{first.pk}": A,
            f"status_{first.pk}": A,
            f"was_{second.pk}": "",
            f"was_{third.pk}": "",
            f"status_{third.pk}": E,
        },
    )
    assert marks(session) == {first.pk: A, second.pk: P, third.pk: E}


def test_a_learner_removed_meanwhile_does_not_lose_the_other_ticks(client, trainer, session, learners):
    first, second, _ = learners
    Enrolment.objects.filter(pk=second.pk).update(status=Enrolment.Status.REMOVED)
    client.force_login(trainer)
    response = client.post(
        reverse("attendance_sheet", args=[session.pk]),
        {f"was_{first.pk}": "", f"status_{first.pk}": P, f"was_{second.pk}": "", f"status_{second.pk}": P},
        follow=True,
    )
    assert "không còn trong lớp" in response.content.decode()
    assert marks(session) == {first.pk: P}


# --- The sheet, with JavaScript (one request per tap) ---------------------------------------


def test_each_tap_is_saved_at_once_in_json(client, trainer, session, learners):
    client.force_login(trainer)
    url = reverse("attendance_sheet", args=[session.pk])
    first = learners[0]
    response = client.post(url, {f"status_{first.pk}": P, f"was_{first.pk}": ""}, HTTP_ACCEPT="application/json")
    assert response.json() == {"saved": {str(first.pk): P}, "gone": []}
    response = client.post(url, {f"status_{first.pk}": A, f"was_{first.pk}": P}, HTTP_ACCEPT="application/json")
    assert response.json()["saved"] == {str(first.pk): A}
    assert marks(session) == {first.pk: A}


def test_the_sheet_shows_the_saved_marks_and_counts(client, trainer, session, learners):
    save_attendance(session, {learners[0].pk: P, learners[1].pk: A}, actor=trainer)
    client.force_login(trainer)
    content = client.get(reverse("attendance_sheet", args=[session.pk])).content.decode()
    assert f'name="status_{learners[0].pk}" value="present" checked' in content
    assert f'name="was_{learners[1].pk}" value="absent"' in content
    assert 'data-count="present">1<' in content and 'data-count="">1<' in content


# --- The roster and its exports ---------------------------------------------------------------


def test_the_roster_shows_progress_and_participations(client, trainer, cohort, learners, session):
    lessons = list(LessonPage.objects.descendant_of(cohort.course))
    for lesson in lessons[:2]:
        LessonProgress.objects.create(user=learners[0].user, lesson=lesson, completed_at=timezone.now())
    save_attendance(session, {learners[0].pk: P, learners[1].pk: A}, actor=trainer)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.WAITLISTED, user=UserFactory(full_name="Phạm Thu Trang"))
    client.force_login(trainer)
    content = client.get(reverse("trainer_roster", args=[cohort.pk])).content.decode()
    assert "3 học viên" in content
    assert 'value="50"' in content and "2/4" in content
    assert "1/1" in content  # one participation out of one session held
    assert "Danh sách chờ và yêu cầu chờ duyệt" in content and "Phạm Thu Trang" in content
    assert reverse("attendance_sheet", args=[session.pk]) in content


def test_the_kept_roster_follows_attendance_and_progress(client, trainer, cohort, learners, session, page_cache_on):
    """The roster's section is kept for the trainer (``usercache``) under a fingerprint of the
    class's attendance and its learners' progress: a mark or a lesson done shows at once."""
    lesson = LessonPage.objects.descendant_of(cohort.course).first()
    client.force_login(trainer)
    url = reverse("trainer_roster", args=[cohort.pk])
    assert "0/1" in client.get(url).content.decode()  # no participation yet, one session held
    save_attendance(session, {learners[0].pk: P}, actor=trainer)
    content = client.get(url).content.decode()
    assert "1/1" in content and "0/4" in content
    LessonProgress.objects.create(user=learners[0].user, lesson=lesson, completed_at=timezone.now())
    assert "1/4" in client.get(url).content.decode()


def test_a_kept_roster_reads_the_class_without_its_course(client, trainer, cohort, learners, page_cache_on):
    """On a GET answered from the kept section the class is read alone: its course's page rows
    cost PostgreSQL more to plan than to read, and the section already shows the course."""
    client.force_login(trainer)
    url = reverse("trainer_roster", args=[cohort.pk])
    first = client.get(url).content.decode()
    assert cohort.course.title in first
    with CaptureQueriesContext(connection) as queries:
        kept = client.get(url).content.decode()
    assert cohort.course.title in kept
    class_reads = [q["sql"] for q in queries.captured_queries if 'FROM "enrolment_cohort"' in q["sql"]]
    assert class_reads, "the class is read"
    assert not any("wagtailcore_page" in sql for sql in class_reads), class_reads


def test_the_roster_exports_as_csv_for_excel_with_formulas_neutralised(client, trainer, cohort, learners):
    learners[0].user.organisation = '=HYPERLINK("http://x","bấm")'
    learners[0].user.save()
    client.force_login(trainer)
    response = client.post(reverse("trainer_roster_export", args=[cohort.pk, "csv"]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["STT", "Họ và tên", "E-mail"]
    by_name = {row[1]: row for row in rows[1:]}
    assert by_name["Nguyễn Thị Hồng Nhung"][3] == '\'=HYPERLINK("http://x","bấm")'
    assert AuditEvent.objects.filter(action="enrolment.roster_exported", target_id=str(cohort.pk)).exists()


def test_the_roster_exports_as_xlsx_with_no_formula(client, trainer, cohort, learners):
    learners[0].user.organisation = "=1+1"
    learners[0].user.save()
    client.force_login(trainer)
    response = client.post(reverse("trainer_roster_export", args=[cohort.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][1] == "Họ và tên"
    assert {r[1] for r in rows[1:]} == {e.user.full_name for e in learners}
    # Text, and prefixed: a sheet re-saved as CSV, or the cell typed again, would run it otherwise.
    cell = next(c for row in sheet.iter_rows() for c in row if c.value == "'=1+1")
    assert cell.data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
