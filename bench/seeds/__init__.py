"""The benchmark data set: one seed module per app, run in order by :func:`seed_all`.

``scale="province"`` is the size the issue asks for (10,000 users, 400
classes, 40,000 enrolments, ...); ``"small"`` is a quick variant and
``"tiny"`` the one the tests use. Each module here has ``seed(ctx)``; they
run in order and share ``ctx`` (scale numbers, a seeded RNG, and a manifest
of named targets — URLs, user e-mails — that the benchmark runner reads).
Rerunning with the same scale and seed creates nothing new.

The ``seed_bench`` command (``lms.settings.bench``) calls :func:`seed_all`;
the tests call it directly, without installing the bench app.
"""

from __future__ import annotations

import io
import json
import os
import random
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import OutputWrapper
from django.db import connection, transaction

SEED_MODULES = [
    "bench.seeds.accounts",
    "bench.seeds.home",
    "bench.seeds.courses",
    "bench.seeds.stem_lessons",
    "bench.seeds.camps",
    "bench.seeds.enrolment",
    "bench.seeds.assessment",
    "bench.seeds.quizzes",
    "bench.seeds.certificates",
]

SCALES = {
    # For the test suite: every kind of row, a few of each.
    "tiny": {
        "programmes": 2,
        "courses": 4,
        "lessons_per_course": 4,
        "lesson_plans": 3,
        "camp_pages": 3,
        "users": 60,
        "classes": 14,
        "enrolments": 200,
        "progress": 150,
        "attendance": 40,
        "submissions": 40,
        "certificates": 10,
        "bulk_issue": 3,
        "enrol_users": 20,
        "import_rows": 10,
    },
    "small": {
        "programmes": 4,
        "courses": 12,
        "lessons_per_course": 20,
        "lesson_plans": 30,
        "camp_pages": 20,
        "users": 600,
        "classes": 30,
        "enrolments": 1500,
        "progress": 6000,
        "attendance": 600,
        "submissions": 400,
        "certificates": 150,
        "bulk_issue": 20,
        "enrol_users": 500,
        "import_rows": 100,
    },
    "province": {
        "programmes": 12,
        "courses": 120,
        "lessons_per_course": 20,
        "lesson_plans": 300,
        "camp_pages": 200,
        "users": 10_000,
        "classes": 400,
        "enrolments": 40_000,
        "progress": 120_000,
        "attendance": 6_000,
        "submissions": 8_000,
        "certificates": 3_000,
        "bulk_issue": 300,
        "enrol_users": 3_000,
        "import_rows": 1_000,
    },
}

DEFAULT_SEED = 175


def manifest_path() -> Path:
    """Where the manifest goes: ``BENCH_MANIFEST`` (a second data set seeded beside the first), else bench/.manifest.json."""
    return Path(os.environ.get("BENCH_MANIFEST") or Path(settings.BASE_DIR) / "bench" / ".manifest.json")


@dataclass
class SeedContext:
    """What every seed module's ``seed(ctx)`` receives."""

    scale: str
    sizes: dict
    rng: random.Random
    stdout: object
    manifest: dict = field(default_factory=dict)
    # Objects one app's seed hands to the next (e.g. the courses, the learners).
    shared: dict = field(default_factory=dict)

    def log(self, message: str) -> None:
        self.stdout.write(message)


def analyze() -> None:
    """Gather the planner's statistics after the bulk load, as a running database has them.

    PostgreSQL's autovacuum would do it some time later (and is off on some machines): without
    statistics the planner takes the freshly filled tables for empty ones and scans 40,000
    enrolments where an index finds five (the dashboard's fingerprint query: 11.6 ms instead of
    1.2 ms at province scale). Not on SQLite: nothing runs ``ANALYZE`` on a site's SQLite file
    (Django does not), so the benchmark measures it as sites run it; with ``sqlite_stat1`` filled
    the lesson page went from 8.2 to 12.4 ms a request (in-process, province scale).
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def seed_all(
    scale: str = "small",
    *,
    seed: int = DEFAULT_SEED,
    stdout=None,
    manifest: Path | None = None,
    sizes: dict | None = None,
) -> dict:
    """Seed the data set at ``scale`` (idempotent, deterministic); write and return the manifest.

    ``sizes`` overrides some of the scale's sizes (``{"bulk_issue": 120}``: a small set with a larger bulk issue).
    """
    if not isinstance(stdout, OutputWrapper):
        stdout = OutputWrapper(stdout or io.StringIO())
    manifest = Path(manifest) if manifest else manifest_path()
    ctx = SeedContext(scale=scale, sizes={**SCALES[scale], **(sizes or {})}, rng=random.Random(seed), stdout=stdout)
    started = time.monotonic()
    for dotted in SEED_MODULES:
        module_started = time.monotonic()
        module = import_module(dotted)
        # A module that commits on its own (e.g. certificate numbers) sets ATOMIC = False.
        with transaction.atomic() if getattr(module, "ATOMIC", True) else nullcontext():
            module.seed(ctx)
        ctx.log(f"✓ {dotted} ({time.monotonic() - module_started:.1f} s)")
    analyze()
    manifest.write_text(json.dumps(ctx.manifest, ensure_ascii=False, indent=2))
    ctx.log(f"Seeded scale={scale} in {time.monotonic() - started:.1f} s; manifest {manifest}")
    return ctx.manifest
