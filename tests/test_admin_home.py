"""The manager's to-do panels on the Wagtail admin home (construct_homepage_panels): enrolments
awaiting approval, imports with errors, work waiting too long for a grade, classes ready for
certificates, erasure requests; each with its count and a link to where it is done."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import ErasureRequest
from enrolment.models import EnrolmentImport

from .assessment_helpers import hand_in
from .factories import EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def panel(page: str, name: str) -> str:
    """The HTML of one to-do panel of the admin home."""
    match = re.search(rf'data-to-do="{name}">(.*?)</ul>', page, re.S)
    assert match, f"no panel {name}"
    return match.group(1)


def count_of(html: str, label: str) -> str:
    item = r'<span class="to-do-count">([^<]*)</span>\s*<span class="to-do-label">'
    match = re.search(item + re.escape(label), html)
    assert match, f"no item {label!r} in {html}"
    return match.group(1).strip()


def test_with_nothing_waiting_each_panel_says_so(manager_client):
    page = manager_client.get(reverse("wagtailadmin_home")).content.decode()
    assert count_of(panel(page, "enrolment-to-do"), "Ghi danh chờ duyệt") == "Không có"
    assert count_of(panel(page, "grading-to-do"), "Bài nộp chờ chấm quá 7 ngày") == "Không có"
    assert count_of(panel(page, "certificates-to-do"), "Lớp có học viên chờ cấp giấy chứng nhận") == "Không có"
    assert count_of(panel(page, "erasure-to-do"), "Yêu cầu xóa dữ liệu chờ xem xét") == "Không có"


def test_the_panels_count_what_waits_and_link_to_where_it_is_done(manager_client, stem_class):
    EnrolmentFactory.create_batch(2, cohort=stem_class.cohort, status="pending")
    old = hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    old.__class__.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - datetime.timedelta(days=9))
    hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)  # handed in today: not late
    EnrolmentFactory(cohort=stem_class.cohort, status="completed")
    ErasureRequest.objects.create(user=UserFactory())
    batch = EnrolmentImport.objects.create(
        cohort=stem_class.cohort, file_name="danh-sach-Thủ-Dầu-Một.xlsx", rows=[], summary={"errors": 3}
    )
    EnrolmentImport.objects.create(cohort=stem_class.cohort, file_name="ok.csv", rows=[], summary={"errors": 0})

    page = manager_client.get(reverse("wagtailadmin_home")).content.decode()
    enrolments = panel(page, "enrolment-to-do")
    assert count_of(enrolments, "Ghi danh chờ duyệt") == "2"
    assert "?status=pending" in enrolments
    assert count_of(enrolments, "Danh sách nhập có lỗi, chưa áp dụng") == "1"
    assert reverse("enrolment_import:preview", args=[batch.pk]) in enrolments
    grading = panel(page, "grading-to-do")
    assert count_of(grading, "Bài nộp chờ chấm quá 7 ngày") == "1"
    assert "9 ngày" in grading and stem_class.cohort.code in grading
    certificates = panel(page, "certificates-to-do")
    assert count_of(certificates, "Lớp có học viên chờ cấp giấy chứng nhận") == "1"
    assert reverse("certificates_admin:ready") in certificates
    assert count_of(panel(page, "erasure-to-do"), "Yêu cầu xóa dữ liệu chờ xem xét") == "1"


def test_the_admin_home_takes_the_same_queries_whatever_is_waiting(
    manager_client, stem_class, django_assert_max_num_queries
):
    manager_client.get(reverse("wagtailadmin_home"))  # warm the caches (site, menus)
    with django_assert_max_num_queries(60) as small:
        manager_client.get(reverse("wagtailadmin_home"))
    EnrolmentFactory.create_batch(5, cohort=stem_class.cohort, status="pending")
    EnrolmentFactory.create_batch(5, cohort=stem_class.cohort, status="completed")
    for _ in range(3):
        hand_in(EnrolmentFactory(cohort=stem_class.cohort), stem_class.assignment)
    with django_assert_max_num_queries(len(small.captured_queries)):
        manager_client.get(reverse("wagtailadmin_home"))
