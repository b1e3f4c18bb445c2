"""The benchmark (``make bench``): production settings plus the ``bench`` app and its commands.

``bench/run.py`` runs its commands (``seed_bench``, ``bench_probe``,
``bench_jobs``, and ``migrate``, ``db_worker`` beside them) with these
settings, and passes the rest as production reads it: ``SECRET_KEY``,
``DATABASE_URL``, ``ALLOWED_HOSTS``, ... from the environment. Never used on
a real site: the bench app writes fake accounts and opens sessions for any
e-mail.
"""

import os

# A key of its own when none is given (e.g. ``manage.py check``); bench/run.py passes the same one.
os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 60)

from .production import *  # noqa: E402, F403
from .production import INSTALLED_APPS  # noqa: E402

INSTALLED_APPS = [*INSTALLED_APPS, "bench"]

# Certificates issued by the benchmark get credentials signed with a throwaway key.
CREDENTIAL_KEYS_AUTOGENERATE = True
