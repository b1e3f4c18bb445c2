"""Seed a deterministic data set for ``make bench`` (idempotent).

``--scale province`` is the size the issue asks for (10,000 users, 400
classes, 40,000 enrolments, ...); ``--scale small`` is a quick variant.
Each app contributes a ``bench.py`` module with ``seed(ctx)``; they run in
order and share ``ctx`` (scale numbers, a seeded RNG, and a manifest of
named targets — URLs, user e-mails — that the benchmark runner reads).
Rerunning with the same scale and seed creates nothing new.
"""

import json
import os
import random
import time
from contextlib import nullcontext
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

BENCH_MODULES = [
    "accounts.bench",
    "home.bench",
    "courses.bench",
    "stem_lessons.bench",
    "camps.bench",
    "enrolment.bench",
    "assessment.bench",
    "certificates.bench",
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

# BENCH_MANIFEST: another file, for a second data set seeded beside the first.
MANIFEST = Path(os.environ.get("BENCH_MANIFEST") or Path(settings.BASE_DIR) / "bench" / ".manifest.json")


@dataclass
class SeedContext:
    """What every app's ``bench.seed(ctx)`` receives."""

    scale: str
    sizes: dict
    rng: random.Random
    stdout: object
    manifest: dict = field(default_factory=dict)
    # Objects one app's seed hands to the next (e.g. the courses, the learners).
    shared: dict = field(default_factory=dict)

    def log(self, message: str) -> None:
        self.stdout.write(message)


class Command(BaseCommand):
    help = "Seed the benchmark data set (idempotent, deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=175)

    def handle(self, *args, scale, seed, **options):
        ctx = SeedContext(scale=scale, sizes=SCALES[scale], rng=random.Random(seed), stdout=self.stdout)
        started = time.monotonic()
        for dotted in BENCH_MODULES:
            module_started = time.monotonic()
            module = import_module(dotted)
            # A module that commits on its own (e.g. certificate numbers) sets ATOMIC = False.
            with transaction.atomic() if getattr(module, "ATOMIC", True) else nullcontext():
                module.seed(ctx)
            ctx.log(f"✓ {dotted} ({time.monotonic() - module_started:.1f} s)")
        MANIFEST.write_text(json.dumps(ctx.manifest, ensure_ascii=False, indent=2))
        ctx.log(f"Seeded scale={scale} in {time.monotonic() - started:.1f} s; manifest {MANIFEST}")
