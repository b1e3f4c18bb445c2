"""The cluster that ``make cluster`` starts on loopback (``ops/cluster.py``).

Production settings, with what differs on a machine without TLS: plain HTTP
behind HAProxy on 127.0.0.1, so cookies are not marked Secure and nothing
redirects to HTTPS. Everything else (PostgreSQL primary and replica, Redis,
S3, the database task backend) comes from the environment exactly as in
production; ``ops/cluster.py`` writes that environment.
"""

import os

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# Which database served a request, in a response header the cluster tests read.
DATABASE_ROUTE_HEADER = True
# No SMTP server on loopback: mail goes to files (ops/cluster.py sets the folder).
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = os.environ.get("EMAIL_FILE_PATH")
