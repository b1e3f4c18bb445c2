"""Seed a deterministic data set for ``make bench`` (idempotent).

``--scale province`` is the size the issue asks for (10,000 users, 400
classes, 40,000 enrolments, ...); ``--scale small`` is a quick variant.
Each app contributes a ``bench.py`` module with ``seed(ctx)``; they run in
order and share ``ctx`` (scale numbers, a seeded RNG, and a manifest of
named targets — URLs, user e-mails — that the benchmark runner reads).
Rerunning with the same scale and seed creates nothing new.
"""

import json
import random
import time
from dataclasses import dataclass, field
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

BENCH_MODULES = [
    "accounts.bench",
]

SCALES = {
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
    },
}

MANIFEST = Path(settings.BASE_DIR) / "bench" / ".manifest.json"


@dataclass
class SeedContext:
    """What every app's ``bench.seed(ctx)`` receives."""

    scale: str
    sizes: dict
    rng: random.Random
    stdout: object
    manifest: dict = field(default_factory=dict)

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
            with transaction.atomic():
                import_module(dotted).seed(ctx)
            ctx.log(f"✓ {dotted} ({time.monotonic() - module_started:.1f} s)")
        MANIFEST.write_text(json.dumps(ctx.manifest, ensure_ascii=False, indent=2))
        ctx.log(f"Seeded scale={scale} in {time.monotonic() - started:.1f} s; manifest {MANIFEST}")
