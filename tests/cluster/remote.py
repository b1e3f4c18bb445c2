"""Runs Python read from standard input inside the cluster's Django (its settings and databases).

The cluster tests run in pytest's own process with the test settings; what they
need from the cluster's side (seed data, a look at the primary, S3 or the task
table) they run through this script, which prints the code's ``result`` as JSON.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lms.settings.cluster")

import django  # noqa: E402

django.setup()

namespace: dict = {}
exec(sys.stdin.read(), namespace)  # noqa: S102 (the tests' own code)
print("RESULT:" + json.dumps(namespace.get("result"), default=str))
