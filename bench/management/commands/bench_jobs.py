"""Benchmark helper: the measurements that are not pages under load. Prints JSON.

- ``bench_jobs certificate``: one certificate rendered by our engine
  (``certificates.rendering.render_snapshot``) and the same HTML rendered by
  bare xhtml2pdf (``pisa.CreatePDF`` with a plain file callback), alternately,
  ``--repeat`` times; medians, the PDF's bytes, the process's peak RSS.
- ``bench_jobs bulk CODE --workers N``: the bulk issue of class ``CODE`` by
  ``N`` ``db_worker`` processes started together, timed from the queuing to
  the last worker's exit; with the workers' CPU time per certificate and the
  share of the wall time the numbering lock is held (its transaction, timed
  here on the same database, times the job's chunks).
- ``bench_jobs bulk_start CODE``: queue the bulk issue of class ``CODE``.
- ``bench_jobs bulk_status JOB``: the job's status and counters.
- ``bench_jobs request PATH``: one GET as the manager, timed (exports).
- ``bench_jobs background PATH``: a GET that starts a background download,
  timed, then the task's work done in this process, timed (the request's
  share of the work is the ratio).
- ``bench_jobs cached PATH``: a report page computed (cache emptied), then
  read from the cache, each timed (the ratio: what the cache saves).
- ``bench_jobs import``: 1,000 rows (half new people, half existing
  learners) read from an XLSX file, checked and applied to a class, timed.

Not for production use: it writes benchmark data.
"""

import io
import json
import os
import re
import resource
import statistics
import tempfile
import time
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.test import Client

CHUNK_LOG = re.compile(
    r"Bulk issue \d+, chunk -?\d+: (\d+) certificate\(s\); numbers ([\d.]+) ms; rendering ([\d.]+) s "
    r"\(CPU ([\d.]+) s\); writing ([\d.]+) s; in all ([\d.]+) s"
)


def _median_ms(samples):
    return round(statistics.median(samples) * 1000, 1)


class Command(BaseCommand):
    help = "Non-HTTP measurements for make bench (not for production use)."

    def add_arguments(self, parser):
        parser.add_argument(
            "what",
            choices=["certificate", "bulk", "bulk_start", "bulk_status", "request", "background", "cached", "import"],
        )
        parser.add_argument("target", nargs="?", default="")
        parser.add_argument("--repeat", type=int, default=15)
        parser.add_argument("--rows", type=int, default=1000)
        parser.add_argument("--manager", default="")
        parser.add_argument("--workers", type=int, default=1)

    def handle(self, *, what, target, repeat, rows, manager, workers, **options):
        result = getattr(self, "import_" if what == "import" else what)(
            target=target, repeat=repeat, rows=rows, manager=manager, workers=workers
        )
        self.stdout.write(json.dumps(result, ensure_ascii=False))

    # --- Certificates ---------------------------------------------------------

    def certificate(self, *, target, repeat, **_):
        from xhtml2pdf import pisa
        from xhtml2pdf.config.resources import ResourceAccessPolicy
        from xhtml2pdf.default import DEFAULT_CSS

        from certificates.models import Certificate
        from certificates.rendering import render_snapshot
        from lms import pdf

        certificate = Certificate.objects.filter(status="valid").order_by("pk").first()
        if certificate is None:
            raise CommandError("no certificate to render")
        snapshot = certificate.snapshot
        captured = {}
        original = pdf.render_html

        def capture(template_name, context):
            captured["html"] = original(template_name, context)
            return captured["html"]

        pdf.render_html = capture
        try:
            ours = render_snapshot(snapshot)  # warm: fonts, templates, images
        finally:
            pdf.render_html = original
        html = captured["html"]
        roots = [pdf.ASSETS_DIR.resolve()]
        from django.core.files.storage import default_storage

        roots += [Path(default_storage.path(folder)).resolve() for folder in ("images", "original_images")]
        css = DEFAULT_CSS + pdf.BASE_CSS.read_text(encoding="utf-8")

        def bare_callback(uri, rel=None):
            if uri.startswith("data:") or Path(uri).is_absolute():
                return uri
            for root in roots:
                if (root / uri).is_file():
                    return str(root / uri)
            return uri

        # Bare: local files read wherever they are, no confinement, no lock, no invariant mode.
        open_policy = ResourceAccessPolicy(allow_local_outside_base=True)

        def bare():
            output = io.BytesIO()
            pisa.CreatePDF(
                html,
                dest=output,
                link_callback=bare_callback,
                default_css=css,
                encoding="utf-8",
                resource_policy=open_policy,
            )
            return output.getvalue()

        bare_bytes = bare()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        ours_times, bare_times = [], []
        for _ in range(repeat):
            started = time.perf_counter()
            render_snapshot(snapshot)
            ours_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            bare()
            bare_times.append(time.perf_counter() - started)
        return {
            "ours_ms": _median_ms(ours_times),
            "bare_ms": _median_ms(bare_times),
            "ratio": round(statistics.median(ours_times) / statistics.median(bare_times), 2),
            "pdf_bytes": len(ours),
            "bare_pdf_bytes": len(bare_bytes),
            "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            "rss_before_renders_mb": round(rss_before / 1024, 1),
            "repeat": repeat,
        }

    # --- Bulk issue -------------------------------------------------------------

    def bulk(self, *, target, manager, workers, **_):
        import subprocess
        import sys

        from django.conf import settings

        from certificates.models import BulkIssueJob
        from certificates.numbering import allocate_block

        worker = [
            sys.executable,
            str(Path(settings.BASE_DIR) / "manage.py"),
            "db_worker",
            "--batch",
            "--no-startup-delay",
            "--interval",
            "0.05",
            "-v0",
        ]
        subprocess.run(worker, check=True)  # untimed: drain what was queued before (e-mails of the load)
        job = self.bulk_start(target=target, manager=manager)["job"]
        cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        # The workers log each chunk's times (certificates.bulk, INFO): read back below.
        logs = [tempfile.TemporaryFile() for _ in range(workers)]
        env = {**os.environ, "LOG_LEVEL": "INFO"}
        processes = [subprocess.Popen(worker, stderr=log, env=env) for log in logs]
        for process in processes:
            process.wait(timeout=1800)
        wall = time.perf_counter() - started
        chunk_times = []
        for log in logs:
            log.seek(0)
            chunk_times += [
                [float(x) for x in found] for found in CHUNK_LOG.findall(log.read().decode("utf-8", "replace"))
            ]
            log.close()
        cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
        status = self.bulk_status(target=str(job))
        chunks = BulkIssueJob.objects.get(pk=job).chunks.count()
        # The numbering lock's transaction, as a chunk takes it (a series of its own: no gap in the class's).
        size = max(1, round(status["total"] / max(chunks, 1)))
        samples = []
        for _ in range(20):
            began = time.perf_counter()
            allocate_block(None, size, series="bench:lock", number_format="BENCH{seq}")
            samples.append(time.perf_counter() - began)
        lock_s = statistics.median(samples)
        return {
            "workers": workers,
            "wall_s": round(wall, 1),
            **status,
            "chunks": chunks,
            "cpu_s": round(cpu, 1),
            "cpu_ms_per_certificate": round(1000 * cpu / status["issued"], 1) if status["issued"] else None,
            "lock_ms_per_chunk": round(lock_s * 1000, 2),
            "lock_share": round(chunks * lock_s / wall, 4),
            # From the workers' own log lines: chunks logged, and summed over them, seconds spent
            # taking numbers, rendering (wall and CPU: CPU ÷ wall is the share of a core rendering got,
            # no lock being held), and writing (with any wait for the database's write lock).
            "chunks_logged": len(chunk_times),
            "numbers_s": round(sum(t[1] for t in chunk_times) / 1000, 3),
            "rendering_s": round(sum(t[2] for t in chunk_times), 1),
            "rendering_cpu_s": round(sum(t[3] for t in chunk_times), 1),
            "writing_s": round(sum(t[4] for t in chunk_times), 1),
            "chunks_s": round(sum(t[5] for t in chunk_times), 1),
            "load_average": [round(x, 2) for x in os.getloadavg()],
        }

    def bulk_start(self, *, target, manager, **_):
        from certificates.bulk import start_bulk_issue
        from enrolment.models import Cohort

        cohort = Cohort.objects.get(code=target)
        job = start_bulk_issue(cohort, actor=get_user_model().objects.get(email=manager))
        return {"job": job.pk, "total": job.total}

    def bulk_status(self, *, target, **_):
        from certificates.models import BulkIssueJob

        job = BulkIssueJob.objects.get(pk=int(target))
        seconds = (job.finished_at - job.created_at).total_seconds() if job.finished_at else None
        return {
            "status": job.status,
            "total": job.total,
            "issued": job.issued,
            "failed": job.failed,
            "job_seconds": seconds,
        }

    # --- Exports and imports --------------------------------------------------

    def request(self, *, target, manager, **_):
        client = Client()
        client.force_login(get_user_model().objects.get(email=manager))
        started = time.perf_counter()
        response = client.get(target)
        elapsed = time.perf_counter() - started
        body = b"".join(response) if response.streaming else response.content
        return {"status": response.status_code, "seconds": round(elapsed, 2), "bytes": len(body)}

    def background(self, *, target, manager, **_):
        from django.test.utils import override_settings

        from lms import downloads
        from lms.models import Download

        client = Client()
        client.force_login(get_user_model().objects.get(email=manager))
        # Queued, not run: the worker's share is timed below, on its own.
        with override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}):
            started = time.perf_counter()
            response = client.get(target)
            request_s = time.perf_counter() - started
        download = Download.objects.filter(owner__email=manager).order_by("-created_at").first()
        if response.status_code != 302 or download is None:
            return {"status": response.status_code, "request_s": round(request_s, 2), "background": False}
        started = time.perf_counter()
        downloads.build(download)
        build_s = time.perf_counter() - started
        download.refresh_from_db()
        return {
            "status": response.status_code,
            "background": True,
            "rows": download.total,
            "request_s": round(request_s, 2),
            "build_s": round(build_s, 2),
            "ratio": round(request_s / build_s, 3) if build_s else None,
            "file_status": download.status,
        }

    def cached(self, *, target, manager, **_):
        from django.core.cache import cache

        client = Client()
        client.force_login(get_user_model().objects.get(email=manager))
        client.get(target)  # warm the process (imports, templates)
        cache.delete("reports:figures-version")
        started = time.perf_counter()
        first = client.get(target)
        computed_s = time.perf_counter() - started
        samples = []
        for _ in range(5):
            started = time.perf_counter()
            client.get(target)
            samples.append(time.perf_counter() - started)
        cached_s = statistics.median(samples)
        return {
            "status": first.status_code,
            "computed_s": round(computed_s, 3),
            "cached_s": round(cached_s, 3),
            "ratio": round(cached_s / computed_s, 3) if computed_s else None,
        }

    def import_(self, *, rows, manager, **_):
        from openpyxl import Workbook

        from enrolment.imports import apply_import, check_rows, read_file
        from enrolment.imports.reading import HEADINGS
        from enrolment.models import Cohort, EnrolmentImport

        User = get_user_model()
        actor = User.objects.get(email=manager)
        run = EnrolmentImport.objects.count() + 1
        model = Cohort.objects.select_related("course").get(code="BENCH-MO-1")
        cohort = Cohort.objects.create(
            code=f"BENCH-IMPORT-{run}",
            title="Lớp nhập danh sách",
            course=model.course,
            status=Cohort.Status.OPEN,
            starts_on=model.starts_on,
            ends_on=model.ends_on,
            capacity=rows,
        )
        existing = list(
            User.objects.filter(email__startswith="learner")
            .order_by("-email")
            .values_list("full_name", "email")[: rows // 2]
        )
        book = Workbook()
        sheet = book.active
        sheet.append(HEADINGS)
        for name, email in existing:
            sheet.append([name, email, "Trường THCS số 1", "THCS", "Toán", ""])
        for n in range(rows - len(existing)):
            sheet.append(
                [f"Nguyễn Thị Nhập {n}", f"nhap{run}-{n:05d}@bench.example.com", "Trường THCS số 2", "THCS", "", ""]
            )
        data = io.BytesIO()
        book.save(data)
        data.seek(0)
        data.name = "danh-sach.xlsx"
        data.size = len(data.getvalue())
        started = time.perf_counter()
        parsed = read_file(data)
        read_done = time.perf_counter()
        batch = EnrolmentImport.objects.create(
            cohort=cohort, file_name="danh-sach.xlsx", rows=parsed, created_by=actor
        )
        preview = check_rows(cohort, batch.rows)
        checked = time.perf_counter()
        summary = apply_import(batch, actor=actor)
        applied = time.perf_counter()
        return {
            "rows": len(parsed),
            "read_s": round(read_done - started, 2),
            "preview_s": round(checked - read_done, 2),
            "apply_s": round(applied - checked, 2),
            "total_s": round(applied - started, 2),
            "can_apply": preview.can_apply,
            **summary,
        }
