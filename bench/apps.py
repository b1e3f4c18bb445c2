"""The benchmark (``make bench``) as an app of its own.

It seeds and measures every other app: its seeds (``bench/seeds/``) write
courses, classes, enrolments, submissions and certificates, and its commands
(``seed_bench``, ``bench_probe``, ``bench_jobs``) log people in, count
queries and time jobs. That is why it sits on the top floor, above all the
apps it reaches into, and why no domain app keeps benchmark code. It must
never be installed on a real site: ``seed_bench`` writes thousands of fake
accounts and ``bench_probe sessions`` opens sessions for any e-mail. Only
``lms.settings.bench`` (production settings plus this app), which
``bench/run.py`` uses, installs it.
"""

from django.apps import AppConfig


class BenchConfig(AppConfig):
    name = "bench"
    verbose_name = "Benchmark"
