"""Bulk issue across task workers (issue 21): chunks, blocks of numbers, reruns, real threads.

A job is cut into chunks, one task each; a chunk takes its numbers as one block
and writes its certificates a batch at a time, with its progress and the job's
counters in the same transaction. These tests check, on SQLite and PostgreSQL:
the numbers are distinct and gap-free whatever the spread; a task run again
after its worker died issues and counts nothing twice; the PDF renders outside
any transaction; chunks (and two runs of one chunk) issued at once by threads.
"""

import re

import pytest
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from certificates import bulk, services
from certificates.models import BulkIssueChunk, BulkIssueJob, Certificate, NumberSequence
from certificates.numbering import allocate_block, allocate_number, in_real_transaction
from lms import task_recovery

from .factories import CohortFactory, EnrolmentFactory, ProgrammeFactory
from .test_certificate_numbering import in_threads, shared_database


class WorkerDied(BaseException):
    """What a SIGKILL looks like from inside: nothing after it runs, no ``except Exception`` catches it."""


@pytest.fixture
def small_chunks(settings):
    """Chunks of 2 or 3 learners, batches of 2; queued tasks wait (the test runs them as a worker would:
    in a ``transaction=True`` test the queue's on-commit would otherwise run them at once)."""
    settings.CERTIFICATE_BULK_CHUNK = 3
    settings.CERTIFICATE_BULK_WRITE_BATCH = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def completed_class(size: int):
    cohort = CohortFactory(running=True)
    enrolments = [EnrolmentFactory(cohort=cohort, status="completed") for _ in range(size)]
    return cohort, enrolments


def sequence_numbers(cohort) -> list[int]:
    numbers = Certificate.objects.filter(cohort=cohort).values_list("number", flat=True)
    return sorted(int(re.search(r"(\d+)$", number).group(1)) for number in numbers)


def counting_renders(monkeypatch) -> list[int]:
    """The thread of each certificate rendered from now on, in a list."""
    import threading

    renderers, real_prepare = [], bulk.prepare_completion

    def prepare(*args, **kwargs):
        renderers.append(threading.get_ident())
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(bulk, "prepare_completion", prepare)
    return renderers


def run_all_chunks(job) -> None:
    for chunk_id in BulkIssueChunk.objects.filter(job=job).order_by("position").values_list("pk", flat=True):
        bulk.issue_chunk_now(chunk_id)


def run_queued_pack(job) -> None:
    """The ZIP task the last chunk queued (the dummy queue keeps it), run as a worker would."""
    from django_tasks import default_task_backend

    job.refresh_from_db()
    if job.status == "packing":
        if hasattr(default_task_backend, "results"):
            queued = [r for r in default_task_backend.results if r.task.name == "pack_job" and r.args == [job.pk]]
        else:
            queued = DBTaskResult.objects.filter(task_path="certificates.bulk.pack_job", status="READY")
        assert queued, "the last chunk queued no ZIP task"
        bulk.pack_job.call(job.pk)
        job.refresh_from_db()


def queued_job_of_one_chunk(manager, settings, monkeypatch, capture_on_commit):
    """A class of three and its bulk job, queued in the database (stale at once): the class, its
    enrolments, the job and the chunk's task row."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.TASK_STALE_SECONDS = 0
    cohort, enrolments = completed_class(3)
    monkeypatch.setattr(bulk, "MIN_CHUNKS", 1)
    with capture_on_commit(execute=True):
        job = bulk.start_bulk_issue(cohort, actor=manager)
    [row] = DBTaskResult.objects.filter(task_path="certificates.bulk.issue_chunk")
    return cohort, enrolments, job, row


def assert_issued_once(job, enrolments) -> None:
    """Every learner holds one certificate, the numbers run without a gap, the counter equals the rows."""
    run_queued_pack(job)
    job.refresh_from_db()
    certificates = Certificate.objects.filter(cohort=job.cohort)
    assert sorted(certificates.values_list("enrolment_id", flat=True)) == sorted(e.pk for e in enrolments)
    assert sequence_numbers(job.cohort) == list(range(1, len(enrolments) + 1))
    assert NumberSequence.objects.get().last_value == len(enrolments)  # no number taken and lost
    assert (job.issued, job.failed, job.status) == (certificates.count(), 0, "done")


# --- Numbers in blocks --------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_block_of_numbers_is_consecutive_and_follows_single_numbers():
    programme = ProgrammeFactory(code="2.4")
    first = allocate_number(programme)
    block = allocate_block(programme, 3)
    after = allocate_number(programme)
    seqs = [int(n.rsplit("-", 1)[1]) for n in [first, *block, after]]
    assert seqs == [1, 2, 3, 4, 5]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_block_whose_record_fails_is_given_back_whole():  # in a real transaction: the rollback is real
    programme = ProgrammeFactory()
    allocate_number(programme)

    def refuse(numbers):
        raise RuntimeError("the chunk was taken")

    with pytest.raises(RuntimeError):
        allocate_block(programme, 5, record=refuse)
    assert NumberSequence.objects.get().last_value == 1
    assert allocate_number(programme).endswith("-00002")


# --- Chunks ---------------------------------------------------------------------------------------


def test_a_class_is_cut_into_chunks_of_at_most_the_chunk_size(settings):
    settings.CERTIFICATE_BULK_CHUNK = 20
    assert [bulk.chunk_size(n) for n in (1, 12, 80, 300)] == [1, 3, 20, 20]


def test_by_default_a_chunk_is_about_a_second_of_rendering():
    """Ten learners a chunk: 300 learners are 30 chunks, 15 for each of two workers (in chunks
    of 20 one worker rendered its eighth chunk alone while the other had nothing left)."""
    assert not hasattr(bulk.settings, "CERTIFICATE_BULK_CHUNK")
    assert bulk.chunk_size(300) == 10 and -(-300 // bulk.chunk_size(300)) % 2 == 0


@pytest.mark.django_db
def test_issuing_a_certificate_queues_no_reference_index_task(manager, small_chunks):
    """Certificates are records that Wagtail's usage listings do not show: saving one in bulk
    queues its e-mail, not a task to index its references as well."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import ReferenceIndex

    cohort, enrolments = completed_class(3)
    # The tests run tasks at once: an index task would have written its rows by now.
    job = bulk.start_bulk_issue(cohort, actor=manager)
    for chunk in BulkIssueChunk.objects.filter(job=job):
        bulk.issue_chunk_now(chunk.pk)
    assert_issued_once(job, enrolments)
    assert not ReferenceIndex.is_indexed(Certificate)
    certificates = ContentType.objects.get_for_model(Certificate)
    assert not ReferenceIndex.objects.filter(content_type=certificates).exists()


@pytest.mark.django_db
def test_the_chunks_of_a_job_share_its_learners_in_order_and_each_takes_one_block(manager, small_chunks):
    cohort, enrolments = completed_class(7)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    chunks = list(BulkIssueChunk.objects.filter(job=job))
    assert [c.enrolment_ids for c in chunks] == [[e.pk for e in enrolments[i : i + 2]] for i in range(0, 7, 2)]

    # Chunks run in any order (the workers' order): each block is consecutive, the union has no gap.
    for chunk in reversed(chunks):
        bulk.issue_chunk_now(chunk.pk)
    blocks = [[int(n.rsplit("-", 1)[1]) for _pk, n in c.numbers] for c in BulkIssueChunk.objects.filter(job=job)]
    assert blocks == [[6, 7], [4, 5], [2, 3], [1]]
    assert_issued_once(job, enrolments)
    assert job.archive


@pytest.mark.django_db
def test_the_pdf_renders_outside_any_transaction(manager, small_chunks, monkeypatch):
    cohort, _enrolments = completed_class(3)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    seen = []
    real_render = services.render_snapshot

    def render(snapshot):
        seen.append(in_real_transaction())
        return real_render(snapshot)

    monkeypatch.setattr(services, "render_snapshot", render)
    run_all_chunks(job)
    assert seen == [False, False, False]


@pytest.mark.django_db
def test_a_learner_certified_by_hand_meanwhile_is_counted_once_and_keeps_their_certificate(manager, small_chunks):
    cohort, enrolments = completed_class(4)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    by_hand = services.issue(enrolments[0])
    run_all_chunks(job)
    run_queued_pack(job)
    assert (job.issued, job.failed, job.status) == (4, 0, "done")
    assert Certificate.objects.filter(enrolment=enrolments[0]).get() == by_hand
    assert Certificate.objects.filter(cohort=cohort).count() == 4


@pytest.mark.django_db
def test_tasks_queued_one_per_learner_before_the_chunks_still_issue_once(manager):
    cohort, enrolments = completed_class(2)
    job = BulkIssueJob.objects.create(cohort=cohort, requested_by=manager, total=2, status="running")
    for enrolment in enrolments:
        bulk.issue_for_job.call(job.pk, enrolment.pk)
    bulk.issue_for_job.call(job.pk, enrolments[0].pk)  # the same task run again
    run_queued_pack(job)
    assert (job.issued, job.failed, job.status) == (2, 0, "done")
    assert Certificate.objects.filter(cohort=cohort).count() == 2


# --- A task run again after its worker died --------------------------------------------------------


@pytest.mark.django_db
def test_a_chunk_run_again_after_its_worker_died_mid_task_counts_each_certificate_once(
    manager, small_chunks, monkeypatch
):
    """The review's defect: a certificate issued before the death was counted again when the task reran."""
    cohort, enrolments = completed_class(3)  # one chunk of 3: a batch of 2 is written, then the death
    monkeypatch.setattr(bulk, "MIN_CHUNKS", 1)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    [chunk] = BulkIssueChunk.objects.filter(job=job)
    real_prepare = bulk.prepare_completion
    calls = []

    def dies_at_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise WorkerDied
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(bulk, "prepare_completion", dies_at_the_third)
    with pytest.raises(WorkerDied):
        bulk.issue_chunk_now(chunk.pk)
    job.refresh_from_db()
    chunk.refresh_from_db()
    assert (job.issued, chunk.done, Certificate.objects.filter(cohort=cohort).count()) == (2, 2, 2)

    monkeypatch.setattr(bulk, "prepare_completion", real_prepare)
    bulk.issue_chunk_now(chunk.pk)  # the recovery queued it again; another worker runs it
    assert_issued_once(job, enrolments)
    assert job.issued == 3
    chunk.refresh_from_db()
    assert chunk.attempts == 2


@pytest.mark.django_db
def test_a_chunk_run_again_after_it_finished_but_before_the_task_was_marked_done_changes_nothing(
    manager, small_chunks, monkeypatch
):
    cohort, enrolments = completed_class(4)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    chunks = list(BulkIssueChunk.objects.filter(job=job).values_list("pk", flat=True))
    real_pack_if_last = bulk._pack_if_last

    def dies(job_id):
        raise WorkerDied

    monkeypatch.setattr(bulk, "_pack_if_last", dies)
    with pytest.raises(WorkerDied):
        bulk.issue_chunk_now(chunks[0])  # its certificates and counters committed, then the death
    monkeypatch.setattr(bulk, "_pack_if_last", real_pack_if_last)
    for pk in chunks:  # the first again, then the others
        bulk.issue_chunk_now(pk)
    bulk.issue_chunk_now(chunks[0])  # and once more, for good measure
    assert_issued_once(job, enrolments)
    assert job.issued == 4


@pytest.mark.django_db
def test_a_chunk_left_running_by_a_dead_worker_is_queued_again_by_the_recovery_and_counted_once(
    manager, small_chunks, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """Through the database queue: the task row stays RUNNING, ``requeue_stale`` puts it back, it runs again."""
    cohort, enrolments, job, row = queued_job_of_one_chunk(
        manager, settings, monkeypatch, django_capture_on_commit_callbacks
    )
    row.claim("worker-dead")
    real_prepare = bulk.prepare_completion
    calls = []

    def dies_at_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise WorkerDied
        return real_prepare(*args, **kwargs)

    monkeypatch.setattr(bulk, "prepare_completion", dies_at_the_third)
    with pytest.raises(WorkerDied):
        bulk.issue_chunk.call(*row.args_kwargs["args"])
    monkeypatch.setattr(bulk, "prepare_completion", real_prepare)

    assert task_recovery.requeue_stale() == [str(row.pk)]
    again = DBTaskResult.objects.get(pk=row.pk)
    assert again.status == "READY"
    again.claim("worker-next")
    again.task.call(*again.args_kwargs["args"], **again.args_kwargs["kwargs"])
    assert DBTaskResult.objects.get(pk=row.pk).worker_ids == ["worker-dead", "worker-next"]
    assert_issued_once(job, enrolments)
    assert job.issued == 3


@pytest.mark.django_db
def test_a_failed_certificate_is_counted_as_failed_once_and_the_others_are_issued(manager, small_chunks, monkeypatch):
    cohort, enrolments = completed_class(4)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    real_prepare = bulk.prepare_completion

    def flaky(enrolment, number, **kwargs):
        if enrolment.pk == enrolments[1].pk:
            raise OSError("disk full")
        return real_prepare(enrolment, number, **kwargs)

    monkeypatch.setattr(bulk, "prepare_completion", flaky)
    run_all_chunks(job)
    run_all_chunks(job)  # run again: nothing more
    run_queued_pack(job)
    assert (job.status, job.issued, job.failed) == ("done", 3, 1)
    assert job.errors == [{"enrolment": enrolments[1].pk, "error": "OSError"}]
    assert Certificate.objects.filter(cohort=cohort).count() == 3


# --- Real threads: workers at once --------------------------------------------------------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_chunks_issued_at_once_by_threads_get_distinct_gap_free_numbers(manager, small_chunks, tmp_path, monkeypatch):
    """Two workers at once: on PostgreSQL under row locks, on SQLite under BEGIN IMMEDIATE."""
    cohort, enrolments = completed_class(8)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    chunks = list(BulkIssueChunk.objects.filter(job=job).order_by("position").values_list("pk", flat=True))
    assert len(chunks) == 4
    renderers = counting_renders(monkeypatch)
    with shared_database(tmp_path):
        in_threads(lambda pair: [bulk.issue_chunk_now(pk) for pk in pair], [chunks[0::2], chunks[1::2]])
        [state] = in_threads(
            lambda _: (
                list(Certificate.objects.filter(cohort=cohort).values_list("enrolment_id", "number")),
                BulkIssueJob.objects.values_list("issued", "failed", "status").get(pk=job.pk),
                NumberSequence.objects.get().last_value,
            ),
            [0],
        )
    rows, counters, last_value = state
    assert sorted(pk for pk, _n in rows) == sorted(e.pk for e in enrolments)
    assert sorted(int(n.rsplit("-", 1)[1]) for _pk, n in rows) == list(range(1, 9))
    assert (counters, last_value) == ((8, 0, "packing"), 8)  # all issued, the ZIP's task queued
    assert len(renderers) == 8 and len(set(renderers)) == 2  # both threads did their share


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_runs_of_one_chunk_at_once_issue_and_count_each_certificate_once(
    manager, small_chunks, monkeypatch, tmp_path
):
    """A task re-queued while its first worker still ran it: one run reserves, one run writes each batch."""
    cohort, enrolments = completed_class(3)
    monkeypatch.setattr(bulk, "MIN_CHUNKS", 1)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    [chunk] = BulkIssueChunk.objects.filter(job=job).values_list("pk", flat=True)
    renderers = counting_renders(monkeypatch)
    with shared_database(tmp_path):
        in_threads(lambda _: bulk.issue_chunk_now(chunk), [1, 2])
        [(issued, failed, status, numbers, holders, last_value)] = in_threads(
            lambda _: (
                *BulkIssueJob.objects.values_list("issued", "failed", "status").get(pk=job.pk),
                sequence_numbers(cohort),
                sorted(Certificate.objects.filter(cohort=cohort).values_list("enrolment_id", flat=True)),
                NumberSequence.objects.get().last_value,
            ),
            [0],
        )
    assert (issued, failed, status) == (3, 0, "packing")  # all issued, the ZIP's task queued
    assert holders == sorted(e.pk for e in enrolments)
    assert numbers == [1, 2, 3]
    assert last_value == 3
    assert len(renderers) >= 3  # the runs rendered (a run that finds a batch written gives its PDFs back)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_workers_render_at_the_same_time_holding_no_lock(manager, small_chunks, monkeypatch, tmp_path):
    """Both threads are inside the renderer together: neither waits for the other's numbers or writes
    (with the rendering inside the numbering transaction, the second would wait for the first's lock)."""
    import threading

    cohort, _enrolments = completed_class(4)
    monkeypatch.setattr(bulk, "MIN_CHUNKS", 2)
    job = bulk.start_bulk_issue(cohort, actor=manager)
    chunks = list(BulkIssueChunk.objects.filter(job=job).values_list("pk", flat=True))
    assert len(chunks) == 2
    together = threading.Barrier(2, timeout=20)
    real_render = services.render_snapshot
    met = []

    def render(snapshot):
        met.append(together.wait() is not None and not transaction.get_connection().in_atomic_block)
        return real_render(snapshot)

    monkeypatch.setattr(services, "render_snapshot", render)
    with shared_database(tmp_path):
        in_threads(bulk.issue_chunk_now, chunks)
        [counters] = in_threads(lambda _: BulkIssueJob.objects.values_list("issued", "status").get(pk=job.pk), [0])
    assert met == [True] * 4
    assert counters == (4, "packing")  # all issued, the ZIP's task queued


@pytest.mark.django_db
def test_a_packing_cut_short_by_a_dead_worker_is_finished_by_its_task_run_again(
    manager, small_chunks, monkeypatch, settings, django_capture_on_commit_callbacks
):
    """The ZIP is a task of its own, queued with the job's "packing": the recovery queues it again.
    Packed inside the last chunk's task, it was lost: the chunk run again found the job packing."""
    import zipfile

    cohort, enrolments, job, chunk = queued_job_of_one_chunk(
        manager, settings, monkeypatch, django_capture_on_commit_callbacks
    )
    chunk.claim("worker-1")
    chunk.task.call(*chunk.args_kwargs["args"])
    job.refresh_from_db()
    assert (job.status, job.issued) == ("packing", 3)
    [packing] = DBTaskResult.objects.filter(task_path="certificates.bulk.pack_job", status="READY")
    assert packing.args_kwargs["args"] == [job.pk]

    packing.claim("worker-1")
    real_writestr = zipfile.ZipFile.writestr
    written = []

    def dies_at_the_second(self, *args, **kwargs):
        written.append(1)
        if len(written) == 2:
            raise WorkerDied
        return real_writestr(self, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", dies_at_the_second)
    with pytest.raises(WorkerDied):
        packing.task.call(*packing.args_kwargs["args"])
    monkeypatch.setattr(zipfile.ZipFile, "writestr", real_writestr)
    bulk.issue_chunk_now(chunk.args_kwargs["args"][0])  # the chunk run again packs nothing twice
    job.refresh_from_db()
    assert job.status == "packing" and not job.archive

    assert str(packing.pk) in task_recovery.requeue_stale()
    again = DBTaskResult.objects.get(pk=packing.pk)
    again.claim("worker-2")
    again.task.call(*again.args_kwargs["args"])
    job.refresh_from_db()
    assert job.status == "done"
    with job.archive.open("rb") as archive, zipfile.ZipFile(archive) as zipped:
        assert len(zipped.namelist()) == 3
    assert_issued_once(job, enrolments)
    first_archive = job.archive.name
    bulk.pack(job.pk)  # run once more (the task marked done late): nothing changes
    job.refresh_from_db()
    assert job.archive.name == first_archive
