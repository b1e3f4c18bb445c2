"""Production: every secret from the environment, HTTPS everywhere.

``SECRET_KEY`` has no default here: the process refuses to start without it.
"""

import os

from .base import *  # noqa: F403
from .base import STORAGES, env_bool, env_list

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# WhiteNoise's compressed manifest storage, with the URL of each name kept (lms/storage.py).
STORAGES["staticfiles"] = {"BACKEND": "lms.storage.StaticFilesStorage"}

# HTTPS: the proxy in front terminates TLS and says so in X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", str(365 * 24 * 3600)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https"

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# --- Metrics (lms/operations.py): django-prometheus counts requests by view, status and method,
# their latency, the database queries (its database backend wraps PostgreSQL's) and the cache calls. /metrics
# serves them to the operator's address only. Under gunicorn, PROMETHEUS_MULTIPROC_DIR (an empty
# folder per node) lets every worker process add to the node's figures.
INSTALLED_APPS = [*INSTALLED_APPS, "django_prometheus"]  # noqa: F405
MIDDLEWARE = [
    "django_prometheus.middleware.PrometheusBeforeMiddleware",
    *MIDDLEWARE,  # noqa: F405
    "django_prometheus.middleware.PrometheusAfterMiddleware",
]
for _database in DATABASES.values():  # noqa: F405
    if _database["ENGINE"] in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        _database["ENGINE"] = _database["ENGINE"].replace("django.db.", "django_prometheus.db.")
# The cache's reads, hits and misses (django_cache_*_total) from the Redis cache or the local one.
for _cache in CACHES.values():  # noqa: F405
    _cache["BACKEND"] = {
        "lms.cache.RedisCache": "lms.operations.CountedRedisCache",
        "django.core.cache.backends.locmem.LocMemCache": "django_prometheus.cache.backends.locmem.LocMemCache",
    }.get(_cache["BACKEND"], _cache["BACKEND"])

# --- Logs: one JSON object per line (python-json-logger), each with the request id; the request's
# own line (lms.request) has the method, path, view, status, duration and user id.
LOGGING = {
    **LOGGING,  # noqa: F405
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"levelname": "level", "name": "logger"},
            "timestamp": "time",  # ISO 8601, UTC
        }
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["request_id"], "formatter": "json"},
    },
    "loggers": {
        **LOGGING["loggers"],  # noqa: F405
        # One line per request at INFO; LOG_LEVEL=WARNING silences them too (REQUEST_LOG_LEVEL alone sets them).
        "lms.request": {"level": os.environ.get("REQUEST_LOG_LEVEL") or os.environ.get("LOG_LEVEL", "INFO")},
    },
}
