"""The demo gives every enrolment page something to show, and can be rerun."""

import io

import pytest
from django.core.management import call_command

from enrolment.models import Attendance, Cohort, Enrolment, LessonProgress, Session

pytestmark = pytest.mark.django_db


def counts():
    return [m.objects.count() for m in (Cohort, Enrolment, Session, Attendance, LessonProgress)]


def test_the_demo_has_classes_in_several_states_with_learners_progress_and_attendance():
    call_command("load_demo", stdout=io.StringIO())
    states = set(Cohort.objects.values_list("status", flat=True))
    assert {"draft", "open", "running", "finished"} <= states
    statuses = set(Enrolment.objects.values_list("status", flat=True))
    assert {"active", "waitlisted", "pending", "completed"} <= statuses
    running = Cohort.objects.get(code="STEM-CB-01")
    assert running.trainers.filter(email="giangvien@example.com").exists()
    assert running.enrolments.filter(user__email="hocvien@example.com", status="active").exists()
    assert Attendance.objects.filter(session__cohort=running, status="present").exists()
    assert LessonProgress.objects.filter(user__email="hocvien@example.com").exists()
    assert Session.objects.filter(cohort=running).count() == 3
    for cohort in Cohort.objects.all():
        taken = cohort.enrolments.filter(status__in=Enrolment.SEAT_STATUSES).count()
        assert taken <= cohort.capacity


def test_rerunning_the_demo_creates_nothing_twice_and_keeps_edits():
    call_command("load_demo", stdout=io.StringIO())
    Cohort.objects.filter(code="STEM-CB-02").update(title="Tên lớp do quản lý sửa", capacity=30)
    before = counts()
    call_command("load_demo", stdout=io.StringIO())
    assert counts() == before
    edited = Cohort.objects.get(code="STEM-CB-02")
    assert (edited.title, edited.capacity) == ("Tên lớp do quản lý sửa", 30)


def test_the_demo_learners_dashboard_shows_what_to_do_next(client):
    from django.contrib.auth import get_user_model
    from django.urls import reverse

    call_command("load_demo", stdout=io.StringIO())
    call_command("load_demo", stdout=io.StringIO())  # rerun: still one of each
    client.force_login(get_user_model().objects.get(email="hocvien@example.com"))
    content = client.get(reverse("my_courses")).content.decode()
    assert "Bài học tiếp theo:" in content and "STEM-NC-00" in content  # "Tiếp tục"
    assert "Buổi học sắp tới" in content and "Thực hành thiết kế chủ đề STEM tích hợp" in content
    assert "Thiết kế giáo án STEM theo Công văn 3089/BGDĐT-GDTrH" in content and "countdown" in content
    assert "Điều kiện nhận giấy chứng nhận" in content and "STEM-CB-01" in content
