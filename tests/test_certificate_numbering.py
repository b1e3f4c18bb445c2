"""Certificate numbers: formats, a per-programme sequence, no reuse after rollback, distinct under threads."""

import sqlite3
import threading
from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from certificates.models import Certificate, NumberSequence, ProgrammeCertificateSettings
from certificates.models.rules import validate_number_format
from certificates.numbering import NumberingInsideTransaction, allocate_number, format_number

from .factories import CertificateFactory, CohortFactory, ProgrammeFactory

WORKERS = 4
PER_WORKER = 5


def test_a_format_fills_code_year_and_a_padded_sequence():
    assert format_number("KHCN-{year}-{seq:05d}", code="2.4", year=2019, seq=12) == "KHCN-2019-00012"
    assert format_number("{code}/{seq}", code="2.4 nâng cao", year=2019, seq=7) == "2.4nangcao/7"


@pytest.mark.parametrize(
    "value", ["KHCN-{year}", "{seq}{seq}", "{seq.__class__}", "{seq:>5}", "GCN {seq}", "{name}-{seq}"]
)
def test_a_bad_number_format_is_refused(value):
    with pytest.raises(ValidationError):
        validate_number_format(value)


@pytest.mark.django_db
def test_each_programme_has_its_own_sequence_and_formats_start_again_each_year():
    first, second = ProgrammeFactory(code="2.4"), ProgrammeFactory(code="1.2")
    ProgrammeCertificateSettings.objects.create(programme=first, number_format="KHCN-{year}-{seq:05d}")
    numbers = [allocate_number(first) for _ in range(2)] + [allocate_number(second)]
    year = numbers[0].split("-")[1]
    assert numbers == [f"KHCN-{year}-00001", f"KHCN-{year}-00002", f"1.2-{year}-00001"]
    assert NumberSequence.objects.get(programme_id=first.pk).scope == year


@pytest.mark.django_db
def test_a_format_without_year_never_starts_again():
    programme = ProgrammeFactory()
    ProgrammeCertificateSettings.objects.create(programme=programme, number_format="GCN{seq:04d}")
    assert [allocate_number(programme) for _ in range(2)] == ["GCN0001", "GCN0002"]
    assert NumberSequence.objects.get(programme_id=programme.pk).scope == ""


@pytest.mark.django_db
def test_the_database_refuses_two_certificates_with_one_number():
    certificate = CertificateFactory()
    duplicate = Certificate.objects.get(pk=certificate.pk)
    duplicate.pk = None
    duplicate.verification_code = "another-code"
    duplicate.status = Certificate.Status.REVOKED
    duplicate.revocation_reason = "x"
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


@pytest.mark.django_db
def test_a_deleted_certificate_does_not_give_its_number_back():
    certificate = CertificateFactory()
    cohort = certificate.cohort
    Certificate.objects.filter(pk=certificate.pk).delete()
    assert CertificateFactory(enrolment__cohort=cohort).number != certificate.number


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_taking_a_number_inside_a_transaction_is_refused():
    programme = ProgrammeFactory()
    with pytest.raises(NumberingInsideTransaction), transaction.atomic():
        allocate_number(programme)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_number_is_never_reused_after_a_failed_issue(monkeypatch):
    cohort = CohortFactory(running=True)

    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr("certificates.services._store", fail)
    with pytest.raises(RuntimeError):
        CertificateFactory(enrolment__cohort=cohort)
    monkeypatch.undo()

    lost = NumberSequence.objects.get().last_value
    assert lost == 1
    assert not Certificate.objects.exists()
    certificate = CertificateFactory(enrolment__cohort=cohort)
    assert certificate.number.endswith("-00002")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_write_removes_the_stored_pdf_and_keeps_the_number_taken(monkeypatch, settings):
    cohort = CohortFactory(running=True)

    import audit

    record = audit.record

    def fail(action, **kwargs):
        # Only the certificate's own write fails; other audit entries (a role
        # given to the new learner, the enrolment) go through.
        if action.startswith("certificates."):
            raise IntegrityError("simulated")
        return record(action, **kwargs)

    monkeypatch.setattr("audit.record", fail)
    with pytest.raises(IntegrityError):
        CertificateFactory(enrolment__cohort=cohort)
    monkeypatch.undo()
    assert list((settings.PRIVATE_MEDIA_ROOT / "certificates").rglob("*.pdf")) == []
    assert NumberSequence.objects.get().last_value >= 1
    assert not Certificate.objects.exists()


@contextmanager
def shared_database(tmp_path):
    """Let threads share the test database, as processes share the real one.

    PostgreSQL: threads simply open their own connections. SQLite: the test
    database lives in memory with a shared cache, whose table locks fail at
    once instead of waiting; it is copied to a file for the duration, so
    threads meet SQLite's real locking (``BEGIN IMMEDIATE`` with a busy
    timeout, WAL) as the project configures it.
    """
    if connection.vendor != "sqlite":
        yield
        return
    path = tmp_path / "threads.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(path)
    connection.connection.backup(target)
    target.close()
    # This thread's connection stays on the in-memory database (Django never
    # closes one); connections opened by other threads read the new name.
    settings_dict = connection.settings_dict
    memory_name = settings_dict["NAME"]
    settings_dict["NAME"] = str(path)
    try:
        yield
    finally:
        settings_dict["NAME"] = memory_name


def in_threads(function, arguments) -> list:
    """Run ``function(argument)`` in one thread per argument, started together; return the results."""
    results, errors = [], []
    barrier = threading.Barrier(len(arguments))

    def work(argument):
        try:
            barrier.wait()
            results.append(function(argument))
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(argument,)) for argument in arguments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    return results


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuing_yields_distinct_numbers(tmp_path):
    """Threads take numbers at once: on PostgreSQL under SELECT ... FOR UPDATE, on SQLite under BEGIN IMMEDIATE."""
    programme = ProgrammeFactory()
    with shared_database(tmp_path):
        batches = in_threads(lambda _: [allocate_number(programme) for _ in range(PER_WORKER)], range(WORKERS))
        [last_value] = in_threads(lambda _: NumberSequence.objects.get(programme_id=programme.pk).last_value, [0])
    numbers = [number for batch in batches for number in batch]
    assert len(numbers) == WORKERS * PER_WORKER
    assert len(set(numbers)) == len(numbers)
    assert sorted(int(n.rsplit("-", 1)[1]) for n in numbers) == list(range(1, WORKERS * PER_WORKER + 1))
    assert last_value == WORKERS * PER_WORKER


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_issuing_of_whole_certificates_yields_distinct_numbers(tmp_path):
    from certificates.services import issue

    from .factories import EnrolmentFactory

    cohort = CohortFactory(running=True)
    enrolments = [EnrolmentFactory(cohort=cohort, status="completed") for _ in range(WORKERS)]
    with shared_database(tmp_path):
        numbers = in_threads(lambda enrolment: issue(enrolment).number, enrolments)
        [stored] = in_threads(lambda _: set(Certificate.objects.values_list("number", flat=True)), [0])
    assert len(set(numbers)) == WORKERS
    assert stored == set(numbers)
