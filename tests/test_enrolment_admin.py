"""The admin: listings with filters and exports, bulk actions recorded in the
history, deletion refused where it would lose people's history."""

import csv
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from openpyxl import load_workbook

from accounts import roles
from accounts.models import SchoolLevel
from courses.models import CoursePage
from enrolment.models import Attendance, Cohort, Enrolment, Session

from .factories import AreaFactory, CohortFactory, CourseFactory, EnrolmentFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db

S = Enrolment.Status
ENROLMENTS = "wagtailsnippets_enrolment_enrolment"
CLASSES = "wagtailsnippets_enrolment_cohort"
SESSIONS = "wagtailsnippets_enrolment_session"


def bulk_url(action, objects, model="enrolment"):
    ids = "&".join(f"id={o.pk}" for o in objects)
    return reverse("wagtail_bulk_action", args=["enrolment", model, action]) + f"?{ids}&next=/admin/"


def statuses(*enrolments):
    return [Enrolment.objects.get(pk=e.pk).status for e in enrolments]


# --- Roles -------------------------------------------------------------------------------


def test_managers_and_administrators_have_the_permissions_they_need():
    for role in (roles.MANAGER, roles.ADMINISTRATOR):
        codenames = set(Group.objects.get(name=role).permissions.values_list("codename", flat=True))
        assert {"add_cohort", "change_cohort", "view_enrolment", "add_session", "add_enrolmentimport"} <= codenames
        assert "change_enrolment" not in codenames and "delete_enrolment" not in codenames


def test_trainers_and_learners_do_not_reach_the_admin_listings(client):
    for role in (roles.TRAINER, roles.LEARNER):
        client.force_login(UserFactory(role=role))
        for name in (ENROLMENTS, CLASSES, SESSIONS):
            assert client.get(reverse(f"{name}:list")).status_code in (302, 403)


def test_enrolments_are_never_edited_by_hand_even_by_an_administrator(client, administrator):
    enrolment = EnrolmentFactory()
    client.force_login(administrator)
    assert client.get(reverse(f"{ENROLMENTS}:list")).status_code == 200
    assert client.get(reverse(f"{ENROLMENTS}:inspect", args=[enrolment.pk])).status_code == 200
    for view in ("edit", "delete"):
        assert client.get(reverse(f"{ENROLMENTS}:{view}", args=[enrolment.pk])).status_code in (302, 403)
    assert client.get(reverse(f"{ENROLMENTS}:add")).status_code in (302, 403)


def test_the_inspect_view_shows_the_history(manager_client, manager):
    from enrolment import services

    enrolment = EnrolmentFactory(status=S.PENDING)
    services.approve(enrolment, actor=manager)
    content = manager_client.get(reverse(f"{ENROLMENTS}:inspect", args=[enrolment.pk])).content.decode()
    assert "Lịch sử" in content and "được người quản lý duyệt" in content and manager.full_name in content


# --- Filters and exports --------------------------------------------------------------------


def test_the_enrolment_listing_filters_by_programme_course_class_status_area_and_level(manager_client):
    course = CourseFactory(title="Giáo dục STEM nâng cao", lessons=3)
    cohort = CohortFactory(course=course)
    north = AreaFactory(name="Bắc Tân Uyên")
    target = EnrolmentFactory(
        cohort=cohort,
        status=S.WAITLISTED,
        user=UserFactory(full_name="Đúng Người", area=north, school_level=SchoolLevel.UPPER_SECONDARY),
    )
    EnrolmentFactory(cohort=cohort, user=UserFactory(full_name="Khác Trạng Thái"))
    EnrolmentFactory(user=UserFactory(full_name="Khác Lớp"))
    programme = course.get_parent()
    url = reverse(f"{ENROLMENTS}:list")
    filters = [
        {"programme": programme.pk, "status": "waitlisted"},
        {"course": course.pk, "status": "waitlisted"},
        {"cohort": cohort.pk, "status": "waitlisted"},
        {"area": north.pk},
        {"school_level": "thpt"},
    ]
    for query in filters:
        content = manager_client.get(url, query).content.decode()
        assert "Đúng Người" in content, query
        assert "Khác Lớp" not in content and "Khác Trạng Thái" not in content, query
    assert target.pk


def test_the_class_listing_filters_by_programme_and_status(manager_client):
    running = CohortFactory(running=True, code="LOP-DANG-HOC")
    CohortFactory(status=Cohort.Status.OPEN, code="LOP-DANG-MO")
    content = manager_client.get(reverse(f"{CLASSES}:list"), {"status": "running"}).content.decode()
    assert "LOP-DANG-HOC" in content and "LOP-DANG-MO" not in content
    programme = running.course.get_parent()
    content = manager_client.get(reverse(f"{CLASSES}:list"), {"programme": programme.pk}).content.decode()
    assert "LOP-DANG-HOC" in content and "LOP-DANG-MO" not in content


def test_a_class_roster_exports_from_the_admin_as_csv_and_xlsx(manager_client):
    cohort = CohortFactory()
    for name in ("Nguyễn Thị Hồng Nhung", "Trần Văn Đức"):
        EnrolmentFactory(cohort=cohort, user=UserFactory(full_name=name))
    EnrolmentFactory(user=UserFactory(full_name="Lớp Khác"))
    url = reverse(f"{ENROLMENTS}:list")
    response = manager_client.get(url, {"cohort": cohort.pk, "export": "csv"})
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Lớp", "STT", "Họ và tên"]
    assert sorted(r[2] for r in rows[1:]) == ["Nguyễn Thị Hồng Nhung", "Trần Văn Đức"]
    assert {r[0] for r in rows[1:]} == {cohort.code}
    response = manager_client.get(url, {"cohort": cohort.pk, "export": "xlsx"})
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sorted(r[2] for r in list(sheet.iter_rows(values_only=True))[1:]) == [
        "Nguyễn Thị Hồng Nhung",
        "Trần Văn Đức",
    ]


# --- Bulk actions ----------------------------------------------------------------------------


def test_managers_approve_requests_in_bulk_and_it_is_in_the_history(
    manager_client, manager, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(enrolment_policy=Cohort.Policy.APPROVAL, capacity=1)
    first, second = EnrolmentFactory.create_batch(2, cohort=cohort, status=S.PENDING)
    url = bulk_url("approve", [first, second])
    assert "Duyệt các yêu cầu này?" in manager_client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(url)
    assert response.status_code == 302
    assert statuses(first, second) == [S.ACTIVE, S.WAITLISTED]
    assert first.events.last().actor == manager and first.events.last().note == "approved"
    assert sorted(m.subject for m in mailoutbox) == [f"Đã duyệt ghi danh: {cohort.code}"] * 2


def test_managers_turn_requests_down_in_bulk_with_a_reason(
    manager_client, mailoutbox, django_capture_on_commit_callbacks
):
    enrolment = EnrolmentFactory(status=S.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        manager_client.post(bulk_url("reject", [enrolment]), {"note": "Chưa đúng đối tượng"})
    assert statuses(enrolment) == [S.REMOVED]
    assert enrolment.events.last().note == "Chưa đúng đối tượng"
    assert "Chưa đúng đối tượng" in mailoutbox[0].body


def test_managers_move_learners_in_bulk(manager_client):
    source, target = CohortFactory(), CohortFactory(capacity=1)
    first, second = EnrolmentFactory.create_batch(2, cohort=source)
    manager_client.post(bulk_url("move", [first, second]), {"to_cohort": target.pk})
    assert statuses(first, second) == [S.REMOVED, S.REMOVED]
    moved = Enrolment.objects.filter(cohort=target).order_by("pk")
    assert [e.status for e in moved] == [S.ACTIVE, S.WAITLISTED]
    assert all(e.events.last().note == f"moved from {source.code}" for e in moved)


def test_managers_remove_learners_in_bulk_and_refusals_are_reported(manager_client):
    active = EnrolmentFactory()
    completed = EnrolmentFactory(status=S.COMPLETED)
    response = manager_client.post(bulk_url("remove", [active, completed]), {"note": ""}, follow=True)
    assert statuses(active, completed) == [S.REMOVED, S.COMPLETED]
    assert "Không thể chuyển ghi danh từ “Đã hoàn thành” sang “Đã bị xóa khỏi lớp”" in response.content.decode()


def test_trainers_cannot_run_bulk_actions(client, trainer):
    enrolment = EnrolmentFactory(status=S.PENDING)
    client.force_login(trainer)
    client.post(bulk_url("approve", [enrolment]))
    assert statuses(enrolment) == [S.PENDING]


def test_classes_are_archived_in_bulk(manager_client):
    cohort = EnrolmentFactory().cohort
    manager_client.post(bulk_url("archive", [cohort], model="cohort"))
    cohort.refresh_from_db()
    assert cohort.status == Cohort.Status.ARCHIVED


# --- Deleting ----------------------------------------------------------------------------------


def test_a_class_with_enrolments_cannot_be_deleted_only_archived(manager_client):
    enrolment = EnrolmentFactory()
    url = reverse(f"{CLASSES}:delete", args=[enrolment.cohort.pk])
    for method in ("get", "post"):
        response = getattr(manager_client, method)(url, follow=True)
        assert "Không thể xóa lớp đã có học viên ghi danh, chỉ có thể lưu trữ" in response.content.decode()
    assert Cohort.objects.filter(pk=enrolment.cohort.pk).exists()
    response = manager_client.post(bulk_url("delete", [enrolment.cohort], model="cohort"), follow=True)
    assert Cohort.objects.filter(pk=enrolment.cohort.pk).exists()


def test_an_empty_class_can_be_deleted(manager_client):
    cohort = CohortFactory()
    manager_client.post(reverse(f"{CLASSES}:delete", args=[cohort.pk]))
    assert not Cohort.objects.filter(pk=cohort.pk).exists()


def test_a_session_with_attendance_cannot_be_deleted(manager_client):
    session = SessionFactory()
    enrolment = EnrolmentFactory(cohort=session.cohort)
    Attendance.objects.create(session=session, enrolment=enrolment, status=Attendance.Status.PRESENT)
    response = manager_client.post(reverse(f"{SESSIONS}:delete", args=[session.pk]), follow=True)
    assert "Không thể xóa buổi học đã điểm danh" in response.content.decode()
    assert Session.objects.filter(pk=session.pk).exists()


def test_a_course_whose_classes_have_enrolments_cannot_be_deleted(client, administrator):
    enrolment = EnrolmentFactory()
    course = enrolment.cohort.course
    client.force_login(administrator)
    for method in ("get", "post"):
        response = getattr(client, method)(reverse("wagtailadmin_pages:delete", args=[course.pk]), follow=True)
        assert "các lớp của nó đã có học viên ghi danh" in response.content.decode()
    assert CoursePage.objects.filter(pk=course.pk).exists()
    programme = course.get_parent()
    client.post(reverse("wagtailadmin_pages:delete", args=[programme.pk]))  # nor its programme
    bulk = reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"]) + f"?id={course.pk}"
    client.post(bulk)
    assert CoursePage.objects.filter(pk=course.pk).exists()


def test_a_course_without_classes_can_still_be_deleted(client, administrator):
    course = CourseFactory(lessons=3)
    client.force_login(administrator)
    client.post(reverse("wagtailadmin_pages:delete", args=[course.pk]))
    assert not CoursePage.objects.filter(pk=course.pk).exists()


# --- Editing classes ------------------------------------------------------------------------------


def class_form(cohort, **changes):
    data = {
        "course": cohort.course_id,
        "code": cohort.code,
        "title": cohort.title,
        "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(),
        "enrolment_opens_at": "",
        "enrolment_closes_at": "",
        "status": cohort.status,
        "capacity": cohort.capacity,
        "delivery": cohort.delivery,
        "venue": cohort.venue,
        "enrolment_policy": cohort.enrolment_policy,
        "enrolment_key": cohort.enrolment_key,
    }
    data.update(changes)
    return data


def test_raising_the_capacity_in_the_admin_promotes_the_waiting_list(
    manager_client, mailoutbox, django_capture_on_commit_callbacks
):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort)
    waiting = EnrolmentFactory(cohort=cohort, status=S.WAITLISTED)
    with django_capture_on_commit_callbacks(execute=True):
        response = manager_client.post(reverse(f"{CLASSES}:edit", args=[cohort.pk]), class_form(cohort, capacity=2))
    assert response.status_code == 302
    assert statuses(waiting) == [S.ACTIVE]
    assert mailoutbox[-1].subject == f"Bạn đã có chỗ trong lớp: {cohort.code}"


def test_the_class_form_checks_key_venue_and_dates(manager_client, trainer):
    cohort = CohortFactory()
    data = class_form(
        cohort,
        enrolment_policy="key",
        enrolment_key="",
        delivery="onsite",
        venue="",
        ends_on="2000-01-01",
        eligible_school_levels=["thcs"],
        trainers=[trainer.pk],
    )
    content = manager_client.post(reverse(f"{CLASSES}:edit", args=[cohort.pk]), data).content.decode()
    assert "Lớp ghi danh bằng mã cần có mã ghi danh." in content
    assert "Lớp học trực tiếp hoặc kết hợp cần có địa điểm." in content
    assert "Ngày kết thúc không được trước ngày bắt đầu." in content


def test_the_class_form_saves_levels_and_trainers(manager_client, trainer):
    cohort = CohortFactory()
    data = class_form(cohort, eligible_school_levels=["thcs", "thpt"], trainers=[trainer.pk])
    assert manager_client.post(reverse(f"{CLASSES}:edit", args=[cohort.pk]), data).status_code == 302
    cohort.refresh_from_db()
    assert cohort.eligible_school_levels == ["thcs", "thpt"]
    assert list(cohort.trainers.all()) == [trainer]


def test_class_titles_typed_decomposed_are_stored_composed(manager_client):
    import unicodedata

    cohort = CohortFactory()
    title = unicodedata.normalize("NFD", "Lớp STEM cơ bản – Thủ Dầu Một")
    manager_client.post(reverse(f"{CLASSES}:edit", args=[cohort.pk]), class_form(cohort, title=title))
    cohort.refresh_from_db()
    assert cohort.title == unicodedata.normalize("NFC", title)
