"""Local development: DEBUG on, e-mail printed to the console."""

import os

from .base import *  # noqa: F403
from .base import env_list

DEBUG = True
SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-not-for-production")  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# A signing key for credentials is made in CREDENTIAL_KEYS_DIR on first use (git-ignored).
CREDENTIAL_KEYS_AUTOGENERATE = True
