"""Large exports prepared in the background (lms.downloads): progress, the file, and who may get it."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from accounts import roles
from lms import downloads
from lms.models import Download

from .factories import CohortFactory, EnrolmentFactory, UserFactory

pytestmark = pytest.mark.django_db

REGISTER = "wagtailsnippets_enrolment_enrolment:list"


@pytest.fixture
def three_enrolments():
    cohort = CohortFactory(running=True)
    return [EnrolmentFactory(cohort=cohort) for _ in range(3)]


def ask_for_register(client, fmt, capture):
    with capture(execute=True):
        return client.get(reverse(REGISTER), {"export": fmt})


def test_a_small_register_is_still_sent_in_the_request(manager_client, three_enrolments):
    response = manager_client.get(reverse(REGISTER), {"export": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert not Download.objects.exists()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_a_large_register_is_prepared_by_a_task_and_downloaded_by_whoever_asked(
    manager_client, manager, three_enrolments, settings, django_capture_on_commit_callbacks, fmt
):
    settings.DOWNLOAD_INLINE_MAX_ROWS = 2
    response = ask_for_register(manager_client, fmt, django_capture_on_commit_callbacks)
    download = Download.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("download", args=[download.pk])
    assert download.owner == manager
    assert download.total == 3

    page = manager_client.get(response["Location"])
    assert page.status_code == 200
    assert "http-equiv" not in page.content.decode()  # ready: no more refreshing
    assert reverse("download_file", args=[download.pk]) in page.content.decode()

    file = manager_client.get(reverse("download_file", args=[download.pk]))
    assert file.status_code == 200
    assert file["Cache-Control"] == "private, no-store"
    assert file["Content-Disposition"] == f'attachment; filename="ghi-danh.{fmt}"'
    body = b"".join(file.streaming_content)
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    else:
        rows = [list(r) for r in load_workbook(io.BytesIO(body)).active.iter_rows(values_only=True)]
    assert len(rows) == 4
    # The rows in the listing's order, numbered as the immediate export numbers them.
    settings.DOWNLOAD_INLINE_MAX_ROWS = 100
    immediate = list(
        csv.reader(io.StringIO(manager_client.get(reverse(REGISTER), {"export": "csv"}).content.decode("utf-8-sig")))
    )
    assert [str(r[3]) for r in rows[1:]] == [r[3] for r in immediate[1:]]
    assert [str(r[1]) for r in rows[1:]] == ["1", "2", "3"]


def test_nobody_else_sees_the_download_or_its_file(
    client, manager_client, three_enrolments, settings, django_capture_on_commit_callbacks
):
    settings.DOWNLOAD_INLINE_MAX_ROWS = 2
    ask_for_register(manager_client, "csv", django_capture_on_commit_callbacks)
    download = Download.objects.get()
    urls = [reverse("download", args=[download.pk]), reverse("download_file", args=[download.pk])]
    client.force_login(UserFactory(role=roles.MANAGER))
    for url in urls:
        assert client.get(url).status_code == 404
    client.logout()
    for url in urls:
        response = client.get(url)
        assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_the_page_shows_the_progress_and_refreshes_until_the_file_is_ready(manager_client, manager):
    download = Download.objects.create(
        owner=manager,
        kind="enrolment.register",
        title="Sổ ghi danh",
        filename="ghi-danh.xlsx",
        total=40000,
        done=10000,
        status=Download.Status.RUNNING,
        expires_at=timezone.now() + datetime.timedelta(hours=1),
    )
    page = manager_client.get(reverse("download", args=[download.pk])).content.decode()
    assert '<meta http-equiv="refresh" content="2">' in page
    assert 'value="25"' in page
    assert "10000" in page.replace(".", "") and "40000" in page.replace(".", "")
    assert manager_client.get(reverse("download_file", args=[download.pk])).status_code == 404


def test_an_expired_download_is_gone_and_removed_with_its_file(
    manager_client, manager, three_enrolments, settings, django_capture_on_commit_callbacks
):
    settings.DOWNLOAD_INLINE_MAX_ROWS = 2
    ask_for_register(manager_client, "csv", django_capture_on_commit_callbacks)
    download = Download.objects.get()
    from lms.storage import private_storage

    assert private_storage().exists(download.stored_name)
    later = timezone.now() + datetime.timedelta(hours=settings.DOWNLOAD_HOURS, minutes=1)
    Download.objects.update(expires_at=timezone.now())
    assert manager_client.get(reverse("download", args=[download.pk])).status_code == 404
    assert downloads.remove_expired(later) == 1
    assert not private_storage().exists(download.stored_name)
    assert not Download.objects.exists()
