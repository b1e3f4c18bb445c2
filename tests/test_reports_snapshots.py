"""Reports as submitted: frozen snapshots that never change, their versions, files and comparison."""

import hashlib
import io

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

import audit.models
from accounts import roles
from reports import snapshots
from reports.models import ReportSnapshot
from reports.period import Period

from . import factories as f

pytestmark = pytest.mark.django_db

PERIOD = Period.year(2019)


def _freeze(client, **data):
    data = {"recipient": "Ủy ban nhân dân tỉnh Bình Dương", "plan_reference": "Kế hoạch số 175/KH-UBND", **data}
    return client.post(reverse("reports:snapshot_new") + "?year=2019", data)


def _learners_of(tables, programme_label):
    table = next(t for t in tables if t.key == "indicators")
    column = table.index("learners")
    return next(row[column].value for row in table.rows if row[0].value == programme_label)


def test_a_manager_freezes_the_report_with_its_files_and_their_sha256(client, reports_world, manager):
    client.force_login(manager)
    response = _freeze(client, note="Báo cáo năm")
    snapshot = ReportSnapshot.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("reports:snapshot", args=[snapshot.pk])
    assert snapshot.status == "draft" and snapshot.version == 1 and snapshot.created_by == manager
    assert snapshot.number.endswith("-001/v1") and snapshot.period_label == "Năm 2019"
    assert bytes(snapshot.pdf).startswith(b"%PDF") and bytes(snapshot.xlsx).startswith(b"PK")
    assert snapshot.pdf_sha256 == hashlib.sha256(bytes(snapshot.pdf)).hexdigest()
    assert snapshot.integrity() == {"pdf": True, "xlsx": True, "tables": True}
    assert _learners_of(snapshots.snapshot_tables(snapshot), "2.4 · Bồi dưỡng giáo viên về giáo dục STEM") == 4
    assert audit.models.AuditEvent.objects.filter(action="reports.snapshot_made").count() == 1


def test_a_recipient_is_required_and_the_input_is_kept(client, reports_world, manager):
    client.force_login(manager)
    response = _freeze(client, recipient="  ", note="Ghi chú dài của tôi")
    assert response.status_code == 200
    assert "Ghi chú dài của tôi" in response.content.decode()
    assert not ReportSnapshot.objects.exists()


def test_the_snapshot_never_changes_when_the_data_does(client, reports_world, manager):
    client.force_login(manager)
    _freeze(client)
    before = ReportSnapshot.objects.get()
    pdf, xlsx, tables = bytes(before.pdf), bytes(before.xlsx), before.tables
    # The data moves on: two more learners in K1.
    f.EnrolmentFactory(cohort=reports_world.k1)
    f.EnrolmentFactory(cohort=reports_world.k1)
    after = ReportSnapshot.objects.get()
    assert bytes(after.pdf) == pdf and bytes(after.xlsx) == xlsx and after.tables == tables
    assert after.integrity() == {"pdf": True, "xlsx": True, "tables": True}
    download = client.get(reverse("reports:snapshot_file", args=[after.pk, "pdf"]))
    assert download.content == pdf and download["X-Content-SHA256"] == after.pdf_sha256
    download = client.get(reverse("reports:snapshot_file", args=[after.pk, "xlsx"]))
    assert download.content == xlsx and download["X-Content-SHA256"] == after.xlsx_sha256
    # The comparison with the live figures shows the figure that moved, with both values.
    page = client.get(reverse("reports:snapshot", args=[after.pk]), {"compare": "live"})
    learners = next(
        c
        for c in page.context["changes"]
        if (c.table_key, c.column_key) == ("indicators", "learners") and c.row.startswith("2.4")
    )
    assert (learners.before.value, learners.after.value) == (4, 6)


def test_a_snapshot_refuses_edits_and_deletion(reports_world, manager, rf):
    snapshot = f.ReportSnapshotFactory()
    snapshot.recipient = "Người khác"
    with pytest.raises(ValidationError):
        snapshot.save()
    with pytest.raises(ValidationError):
        snapshot.save(update_fields=["recipient"])
    with pytest.raises(ValidationError):
        snapshot.delete()
    assert ReportSnapshot.objects.get().recipient == "Ủy ban nhân dân tỉnh"


def test_submitting_happens_once_and_an_amendment_is_a_new_version(client, reports_world, manager):
    client.force_login(manager)
    _freeze(client)
    first = ReportSnapshot.objects.get()
    assert client.post(reverse("reports:snapshot_submit", args=[first.pk])).status_code == 302
    first.refresh_from_db()
    assert first.status == "submitted" and first.submitted_by == manager and first.submitted_at
    with pytest.raises(ValidationError):
        snapshots.submit(manager, first)
    f.EnrolmentFactory(cohort=reports_world.k1)
    response = client.post(reverse("reports:snapshot_amend", args=[first.pk]), {"note": "Bổ sung học viên"})
    second = ReportSnapshot.objects.exclude(pk=first.pk).get()
    assert response["Location"] == reverse("reports:snapshot", args=[second.pk])
    assert (second.series, second.version, second.amends, second.status) == (first.series, 2, first, "draft")
    assert second.number == f"{first.series}/v2" and second.recipient == first.recipient
    unchanged = ReportSnapshot.objects.get(pk=first.pk)
    assert unchanged.tables == first.tables and unchanged.pdf_sha256 == first.pdf_sha256
    label = "2.4 · Bồi dưỡng giáo viên về giáo dục STEM"
    assert _learners_of(snapshots.snapshot_tables(unchanged), label) == 4
    assert _learners_of(snapshots.snapshot_tables(second), label) == 5
    # The two versions compared: the learners moved from 4 to 5.
    page = client.get(reverse("reports:snapshot", args=[first.pk]), {"compare": second.pk})
    assert any(c.before.value == 4 and c.after.value == 5 for c in page.context["changes"])


def test_an_amendment_needs_a_note(client, reports_world, manager):
    client.force_login(manager)
    snapshot = f.ReportSnapshotFactory()
    response = client.post(reverse("reports:snapshot_amend", args=[snapshot.pk]), {"note": " "})
    assert response.status_code == 302
    assert ReportSnapshot.objects.count() == 1


def test_a_get_never_changes_a_snapshot(client, manager):
    client.force_login(manager)
    snapshot = f.ReportSnapshotFactory()
    assert client.get(reverse("reports:snapshot_submit", args=[snapshot.pk])).status_code == 405
    assert client.get(reverse("reports:snapshot_amend", args=[snapshot.pk])).status_code == 405
    assert ReportSnapshot.objects.get().status == "draft"


def _urls(snapshot):
    return [
        reverse("reports:snapshots"),
        reverse("reports:snapshot_new") + "?year=2019",
        reverse("reports:snapshot", args=[snapshot.pk]),
        reverse("reports:snapshot_file", args=[snapshot.pk, "pdf"]),
        reverse("reports:snapshot_file", args=[snapshot.pk, "xlsx"]),
    ]


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_learners_and_trainers_get_403(client, role):
    snapshot = f.ReportSnapshotFactory()
    client.force_login(f.UserFactory(role=role))
    for url in _urls(snapshot):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("reports:snapshot_submit", args=[snapshot.pk])).status_code == 403
    assert client.post(reverse("reports:snapshot_amend", args=[snapshot.pk]), {"note": "x"}).status_code == 403
    assert _freeze(client).status_code == 403
    assert ReportSnapshot.objects.count() == 1


def test_managers_open_every_snapshot_screen(client, manager):
    snapshot = f.ReportSnapshotFactory()
    client.force_login(manager)
    for url in _urls(snapshot):
        assert client.get(url).status_code == 200, url


def test_the_list_shows_every_version_with_its_status(client, manager):
    first = f.ReportSnapshotFactory(status="submitted")
    f.ReportSnapshotFactory(series=first.series, version=2, amends=first)
    client.force_login(manager)
    page = client.get(reverse("reports:snapshots")).content.decode()
    assert f"{first.series}/v1" in page and f"{first.series}/v2" in page
    assert "Đã gửi" in page and "Bản nháp" in page


def test_the_list_makes_the_same_number_of_queries_at_two_sizes(client, manager, django_assert_max_num_queries):
    client.force_login(manager)
    f.ReportSnapshotFactory.create_batch(2, created_by=manager)
    client.get(reverse("reports:snapshots"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("reports:snapshots"))
    f.ReportSnapshotFactory.create_batch(30, created_by=manager)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("reports:snapshots")).status_code == 200


def test_the_xlsx_of_a_snapshot_opens(reports_world, manager, rf):
    from openpyxl import load_workbook

    request = rf.get("/")
    request.user = manager
    snapshot = snapshots.freeze(request, manager, PERIOD, recipient="Sở Khoa học và Công nghệ")
    book = load_workbook(io.BytesIO(bytes(snapshot.xlsx)))
    assert len(book.sheetnames) == len(snapshot.tables)
