"""Test settings: fast hashing, mail in memory, tasks run immediately."""

import os

from .base import *  # noqa: F403
from .base import BASE_DIR

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
SESSION_ENGINE = "django.contrib.sessions.backends.db"
MEDIA_ROOT = BASE_DIR / ".test-media" / str(os.getpid())
WAGTAILADMIN_BASE_URL = "http://testserver"

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Each test process signs credentials with a key of its own, made on first use.
CREDENTIAL_KEYS_DIR = BASE_DIR / ".test-media" / str(os.getpid()) / "credential-keys"
CREDENTIAL_SIGNING_KEYS = ""
CREDENTIAL_KEYS_AUTOGENERATE = True
