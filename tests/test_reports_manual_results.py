"""Results that nothing counts: entered by a manager with evidence, corrected without losing the old value."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

import audit.models
from accounts import roles
from reports import manual, tables
from reports.models import EVIDENCE_MAX_BYTES, ManualResult
from reports.period import Period

from . import factories as f
from .sample_files import image_bytes, pdf_bytes, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def advisory(db):
    programme = f.ProgrammeFactory(code="1.3", title="Tư vấn khởi nghiệp")
    return f.ManualTargetFactory(programme=programme, indicator="Số tổ tư vấn được thành lập", target=1)


def _post(client, target, **data):
    data = {"value": "1", "on": "15/03/2026", "note": "Quyết định thành lập", **data}
    return client.post(reverse("reports:manual_target", args=[target.pk]), data)


def _target_row(period, target):
    report = tables.overview(period)
    table = next(t for t in report["tables"] if t.key == "targets")
    return next(row for row in table.rows if row[1].value == target.indicator)


def test_a_manager_enters_a_result_with_an_evidence_file(client, manager, advisory):
    client.force_login(manager)
    response = _post(client, advisory, upload=upload("quyet-dinh.pdf", pdf_bytes()))
    assert response.status_code == 302
    entry = ManualResult.objects.get()
    assert (entry.value, entry.on, entry.entered_by) == (1, datetime.date(2026, 3, 15), manager)
    assert entry.evidence.name.startswith("reports/evidence/")
    download = client.get(reverse("reports:evidence", args=[entry.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == pdf_bytes()
    assert audit.models.AuditEvent.objects.filter(action="reports.result_entered").count() == 1


def test_the_report_shows_the_result_as_entered_by_hand_with_its_evidence(client, manager, advisory):
    client.force_login(manager)
    _post(client, advisory, upload=upload("quyet-dinh.pdf", pdf_bytes()))
    entry = ManualResult.objects.get()
    row = _target_row(Period.year(2026), advisory)
    assert row[3].value == 1 and row[3].url == reverse("reports:evidence", args=[entry.pk])
    assert "Nhập tay" in row[3].note and manager.full_name in row[3].note
    assert row[5].level == "reached"
    # Before the date of the result, the report says why there is no figure.
    earlier = _target_row(Period.year(2025), advisory)
    assert earlier[3].value is None and "chưa có số liệu" in earlier[3].note.lower()
    assert earlier[5].value == "Chưa có số liệu"


def test_a_link_is_evidence_enough_but_nothing_is_not(client, manager, advisory):
    client.force_login(manager)
    response = _post(client, advisory, note="Không có minh chứng")
    assert response.status_code == 200 and "Không có minh chứng" in response.content.decode()
    assert not ManualResult.objects.exists()
    _post(client, advisory, link="https://baobinhduong.vn/bai-viet")
    assert ManualResult.objects.get().evidence_link == "https://baobinhduong.vn/bai-viet"


def test_the_evidence_file_is_checked_by_content_and_size(client, manager, advisory, monkeypatch):
    client.force_login(manager)
    response = _post(client, advisory, upload=upload("quyet-dinh.pdf", image_bytes("PNG")))
    assert response.status_code == 200 and not ManualResult.objects.exists()
    response = _post(client, advisory, upload=upload("quyet-dinh.pdf", b"<html><script>alert(1)</script>"))
    assert response.status_code == 200 and not ManualResult.objects.exists()
    monkeypatch.setattr("reports.manual.EVIDENCE_MAX_BYTES", 10)
    response = _post(client, advisory, upload=upload("quyet-dinh.pdf", pdf_bytes()))
    assert "10 MB" in response.content.decode() and not ManualResult.objects.exists()
    assert EVIDENCE_MAX_BYTES == 10 * 1024 * 1024


def test_a_correction_keeps_the_old_value_in_the_history(client, manager, advisory):
    client.force_login(manager)
    _post(client, advisory, value="2", link="https://example.vn/a")
    first = ManualResult.objects.get()
    _post(client, advisory, value="1", link="https://example.vn/b", corrects="1")
    second = ManualResult.objects.exclude(pk=first.pk).get()
    assert second.corrects == first and ManualResult.objects.get(pk=first.pk).value == 2
    assert _target_row(Period.year(2026), advisory)[3].value == 1
    page = client.get(reverse("reports:manual_target", args=[advisory.pk])).content.decode()
    assert "<s>2</s>" in page and "Đính chính (trước là 2)" in page
    with pytest.raises(ValidationError):
        manual.enter(manager, advisory, value=3, on=datetime.date(2026, 4, 1), link="https://x.vn", corrects=first)
    assert audit.models.AuditEvent.objects.filter(action="reports.result_corrected").count() == 1


def test_entries_are_never_edited_or_deleted(advisory):
    entry = f.ManualResultFactory(target=advisory)
    entry.value = 99
    with pytest.raises(ValidationError):
        entry.save()
    with pytest.raises(ValidationError):
        entry.delete()


def test_a_counted_target_cannot_be_entered_by_hand(manager):
    from courses.models import ProgrammeTarget

    counted = ProgrammeTarget.objects.create(
        programme=f.ProgrammeFactory(), indicator="Số lớp", target=2, measure="classes"
    )
    with pytest.raises(ValidationError):
        manual.enter(manager, counted, value=3, on=datetime.date(2026, 1, 1), link="https://x.vn")


@pytest.mark.parametrize("role", [roles.LEARNER, roles.TRAINER])
def test_only_managers_see_the_screens_and_the_evidence(client, role):
    entry = f.ManualResultFactory()
    client.force_login(f.UserFactory(role=role))
    for url in (
        reverse("reports:manual_results"),
        reverse("reports:manual_target", args=[entry.target.pk]),
        reverse("reports:evidence", args=[entry.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert _post(client, entry.target, link="https://x.vn").status_code == 403
    assert ManualResult.objects.count() == 1


def test_the_list_makes_the_same_number_of_queries_at_two_sizes(client, manager, django_assert_max_num_queries):
    client.force_login(manager)
    f.ManualResultFactory.create_batch(2)
    client.get(reverse("reports:manual_results"))
    with django_assert_max_num_queries(20) as small:
        client.get(reverse("reports:manual_results"))
    f.ManualResultFactory.create_batch(20)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(reverse("reports:manual_results")).status_code == 200
