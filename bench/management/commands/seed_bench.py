"""Seed a deterministic data set for ``make bench`` (idempotent): see :mod:`bench.seeds`.

``--scale province`` is the size the issue asks for; ``--scale small`` is a
quick variant. The manifest of named targets goes to ``BENCH_MANIFEST`` or
bench/.manifest.json, where the benchmark runner reads it.
"""

from django.core.management.base import BaseCommand

from bench.seeds import DEFAULT_SEED, SCALES, seed_all


class Command(BaseCommand):
    help = "Seed the benchmark data set (idempotent, deterministic)."

    def add_arguments(self, parser):
        parser.add_argument("--scale", choices=sorted(SCALES), default="small")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
        parser.add_argument(
            "--bulk-issue", type=int, default=None, help="learners of each bulk-issue class (instead of the scale's)"
        )

    def handle(self, *args, scale, seed, bulk_issue, **options):
        sizes = {"bulk_issue": bulk_issue} if bulk_issue else None
        seed_all(scale, seed=seed, stdout=self.stdout, sizes=sizes)
