"""Settings shared by every environment.

Values that differ between machines come from the environment (see
``.env.example``); nothing here names an organisation or a person.
"""

import os
from pathlib import Path

import dj_database_url

from lms.env import read_dotenv

BASE_DIR = Path(__file__).resolve().parent.parent.parent
read_dotenv()  # .env, when present (manage.py and wsgi read it first; this covers other entry points)


def env_bool(name: str, default: bool = False) -> bool:
    """Read a boolean from the environment ("1", "true", "yes", "on")."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated list from the environment."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# The project's own apps, first so their templates and translations win.
PROJECT_APPS = [
    "lms",
    "accounts",
    "audit",
    "search",
    "home",
    "courses",
    "enrolment",
    "stem_lessons",
    "camps",
    "news",
    "certificates",
    "assessment",
    "activities",
    "peer_review",
    "partners",
    "competitions",
    "reports",
    "credentials",
]

INSTALLED_APPS = [
    *PROJECT_APPS,
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.apps.WagtailUsersAppConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts
    "allauth",
    "allauth.account",
    "axes",
    # Background work
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
]

MIDDLEWARE = [
    # First: the request id every log line of the request carries, and the request's own log line.
    "lms.operations.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "lms.middleware.RequestSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lms.middleware.PreferredLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Chooses the database of a request's reads; passes through when there is no replica.
    "lms.db_router.ReplicaRoutingMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Below the header-setting middleware, so cached pages get their headers too.
    "lms.page_cache.AnonymousPageCacheMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: turns a lockout into its own response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "lms.urls"
WSGI_APPLICATION = "lms.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lms.context_processors.site",
                "accounts.context_processors.user_roles",
            ],
            # Wagtail's image tags, refusing non-public images of people (home/people_images.py).
            "libraries": {"wagtailimages_tags": "home.templatetags.public_images"},
        },
    },
]
# Deliberate: "wagtailimages_tags" names our replacement above as well as Wagtail's module.
# tests/test_documents_and_images.py checks that no other tag library name is shared.
SILENCED_SYSTEM_CHECKS = ["templates.W003"]

# --- Database --------------------------------------------------------------
# SQLite in the project folder by default, PostgreSQL when DATABASE_URL names it.
DATABASES = {
    # An empty DATABASE_URL counts as unset.
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock at BEGIN, so a
    # read-check-write inside transaction.atomic() is serialised on SQLite.
    # Connections stay open between requests (CONN_MAX_AGE) as on PostgreSQL: opening one costs
    # ~4 ms a request (the file, the PRAGMAs, Django's SQL functions registered anew, every
    # statement compiled again), half of what a signed-in page costs (docs/benchmarks.md).
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# A streaming replica (optional): report pages and exports read from it, everything
# else from the primary; a session that has just written reads from the primary for
# READ_YOUR_WRITES_SECONDS, and nobody reads from a replica lagging past
# REPLICA_MAX_LAG_SECONDS or not answering (lms/db_router.py).
if os.environ.get("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = dj_database_url.parse(
        os.environ["DATABASE_REPLICA_URL"],
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["lms.db_router.ReplicaRouter"]
# Behind PgBouncer in transaction pooling (docs/deployment.md): a server-side cursor (what
# .iterator() opens) would not outlive the transaction its server connection was lent for.
# Prepared statements are off for Django's own queries (its psycopg 3 default, prepare_threshold=None)
# and for the few lms.compiled_sql prepares (PREPARE_QUERIES): a statement prepared on one server
# connection would not exist on the next one PgBouncer lends.
PGBOUNCER_TRANSACTION_POOLING = env_bool("PGBOUNCER_TRANSACTION_POOLING")
PREPARE_QUERIES = not PGBOUNCER_TRANSACTION_POOLING
for _database in DATABASES.values():
    if _database["ENGINE"] != "django.db.backends.postgresql":
        continue
    # No JIT compilation: PostgreSQL compiles a query whose estimated cost passes jit_above_cost,
    # and a report's aggregate with its peer-review subqueries (cost 128,000, run in 4 ms) spent
    # 134 ms compiling, three such queries a report. Behind PgBouncer, which does not pass these
    # options on, the same is set on the role (docs/deployment.md).
    _options = _database.setdefault("OPTIONS", {})
    if "jit=" not in _options.get("options", "") and not PGBOUNCER_TRANSACTION_POOLING:
        _options["options"] = " ".join(filter(None, [_options.get("options", ""), "-c jit=off"]))
    if PREPARE_QUERIES:
        # psycopg prepares nothing while this is None; Django's own cursors bind on the client and
        # never prepare whatever it says, so only lms.compiled_sql's cursor (prepare=True) does.
        _database.setdefault("OPTIONS", {}).setdefault("prepare_threshold", 5)
    else:
        _database["DISABLE_SERVER_SIDE_CURSORS"] = True
READ_YOUR_WRITES_SECONDS = float(os.environ.get("READ_YOUR_WRITES_SECONDS", "5"))
REPLICA_MAX_LAG_SECONDS = float(os.environ.get("REPLICA_MAX_LAG_SECONDS", "10"))
# Requests whose reads may come from the replica: the report screens and the learner's transcript.
REPLICA_PATH_PREFIXES = env_list("REPLICA_PATH_PREFIXES", "/admin/reports/,/khoa-hoc-cua-toi/bang-diem.pdf")
DATABASE_ROUTE_HEADER = False

# --- Cache and sessions ------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            # Django's Redis cache with one client per pool (lms/cache.py).
            "BACKEND": "lms.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "lms"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
    SESSION_CACHE_ALIAS = "default"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Full-page cache of Wagtail pages for anonymous visitors (lms/page_cache.py).
# On by default only with Redis: a per-process cache could not be invalidated
# across gunicorn workers.
PAGE_CACHE_ENABLED = env_bool("PAGE_CACHE_ENABLED", bool(REDIS_URL))
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))

# --- Accounts ----------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses to authenticate while an account is locked out.
    "axes.backends.AxesStandaloneBackend",
    # allauth's, reading a session's user with their roles in one query (accounts/backends.py).
    "accounts.backends.AuthenticationBackend",
    # No password is checked past this line: the two below only keep valid the sessions they
    # signed in before accounts.backends (Django reads a session whose backend is not listed as signed out).
    "accounts.backends.SignInStopsHere",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# A new learner who confirms their address (signed in by it) lands on "Khóa học của tôi";
# see accounts.adapter for the confirmation opened in another browser.
ACCOUNT_SIGNUP_REDIRECT_URL = "my_courses"
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_FORMS = {
    "signup": "accounts.forms.SignupForm",
    "login": "accounts.forms.LoginForm",
    "reset_password": "accounts.forms.ResetPasswordForm",
}
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# allauth's own rate limits (per IP and per key), backed by the cache.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    # The per-account lockout is django-axes' job (keyed on account AND IP).
    "login_failed": "20/m/ip",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}

# Login lockout (django-axes): 5 failures for one account from one IP lock
# that pair out for 15 minutes; a school's other teachers behind the same
# IP keep logging in. Unlock from the admin ("Login lockouts").
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "login"
AXES_USERNAME_CALLABLE = "accounts.security.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"
AXES_ENABLE_ADMIN = False
AXES_SENSITIVE_PARAMETERS = ["password", "password1", "password2", "oldpassword"]
AXES_VERBOSE = False

# --- Wagtail -----------------------------------------------------------------
WAGTAIL_SITE_NAME = os.environ.get("WAGTAIL_SITE_NAME", "Đào tạo STEM")
# Avatars would be fetched from gravatar.com: a request to a third party.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = os.environ.get("BASE_URL", "http://127.0.0.1:8000")
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
# Wagtail stores shared page/document passwords in plain text: switched off.
WAGTAIL_PRIVATE_PAGE_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_PRIVATE_COLLECTION_OPTIONS = {"SHARED_PASSWORD": False}
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAILEMBEDS_RESPONSIVE_HTML = True

# Work handed in longer ago than this without a grade is flagged on the admin home.
GRADING_OVERDUE_DAYS = int(os.environ.get("GRADING_OVERDUE_DAYS", "7"))

# --- Background tasks --------------------------------------------------------
TASKS = {
    "default": {
        "BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"),
    }
}
# `manage.py task_worker` (lms/task_recovery.py): each worker's heartbeat in the shared cache, and
# how soon the tasks of a worker that died mid-task are queued again. Without a shared cache
# (LocMemCache) a RUNNING task is taken for abandoned after TASK_STALE_SECONDS.
TASK_HEARTBEAT_SECONDS = float(os.environ.get("TASK_HEARTBEAT_SECONDS", "5"))
TASK_HEARTBEAT_TTL = float(os.environ.get("TASK_HEARTBEAT_TTL", "30"))
TASK_RECOVERY_SECONDS = float(os.environ.get("TASK_RECOVERY_SECONDS", "15"))
TASK_STALE_SECONDS = float(os.environ.get("TASK_STALE_SECONDS", "3600"))

# --- Operating it (lms/operations.py) -------------------------------------------------------
# /metrics (Prometheus), and /readyz's details, answer only requests from these addresses that
# did not come through the load balancer.
METRICS_ALLOWED_IPS = env_list("METRICS_ALLOWED_IPS", "127.0.0.1,::1")
# /readyz (lms/readiness.py): not ready while the oldest waiting task is older than this (s);
# each process checks the database and Redis at most every READY_CHECK_SECONDS and object
# storage and the task queue every READY_SLOW_CHECK_SECONDS, answering from the last result between.
READY_TASK_QUEUE_MAX_AGE = int(os.environ.get("READY_TASK_QUEUE_MAX_AGE", "600"))
READY_CHECK_SECONDS = float(os.environ.get("READY_CHECK_SECONDS", "1"))
READY_SLOW_CHECK_SECONDS = float(os.environ.get("READY_SLOW_CHECK_SECONDS", "10"))

# Exports larger than this many rows are prepared by a task worker, with progress (lms/downloads.py);
# the file is kept this many hours.
DOWNLOAD_INLINE_MAX_ROWS = int(os.environ.get("DOWNLOAD_INLINE_MAX_ROWS", "5000"))
DOWNLOAD_HOURS = int(os.environ.get("DOWNLOAD_HOURS", "24"))

# --- Internationalisation ----------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
# Fills the gaps in Wagtail's own Vietnamese catalogues (and wins over them):
# rebuilt by lms/wagtail_locale/build_wagtail_vi.py.
LOCALE_PATHS = [BASE_DIR / "lms" / "wagtail_locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["lms.formats"]
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static and media --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Private files (submissions, issued certificates, data exports): outside
# MEDIA_ROOT, no URL, served only through permission-checked views.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", BASE_DIR / "private-media"))
STORAGES["private"] = {
    "BACKEND": "lms.storage.PrivateFileSystemStorage",
    "OPTIONS": {"location": PRIVATE_MEDIA_ROOT, "directory_permissions_mode": 0o700, "file_permissions_mode": 0o600},
}
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["private"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "location": "private",
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }

# --- E-mail ------------------------------------------------------------------
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "no-reply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Request limits ----------------------------------------------------------
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
# Any request body, uploads included (refused with 413 before it is read): above the largest
# upload a form allows (an assignment's files), well below what could fill a disk.
MAX_REQUEST_BODY_SIZE = int(os.environ.get("MAX_REQUEST_BODY_MB", "200")) * 1024 * 1024

# --- Security headers (tightened further in production) ----------------------
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "lms.views.csrf_failure"

# The public site runs no inline script and loads nothing from elsewhere.
# Wagtail's admin is excluded: it relies on inline scripts of its own.
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-src": [
            "'self'",
            "https://www.youtube-nocookie.com",
            "https://www.youtube.com",
            "https://player.vimeo.com",
        ],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Catalogue (courses, stem_lessons, camps) ---------------------------------
# Search indexes Vietnamese with its diacritics folded (see lms/searchable.py):
# no language's stemmer or stop words, so "an" (án) or "to" (tổ) still count.
WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "simple"
TAGGIT_CASE_INSENSITIVE = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "lms.operations.RequestIdFilter"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # One line per request (lms/operations.py): production logs it; runserver has its own.
        "lms.request": {"level": os.environ.get("REQUEST_LOG_LEVEL", "WARNING")},
        "django.db.backends": {"level": "WARNING"},
        # One line per background task and per page publish is noise here.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
        # django-health-check logs a traceback for every failed probe (each process, every
        # second); lms.readiness logs one line when a check fails or recovers instead.
        "health_check": {"level": "ERROR"},
    },
}

# --- Certificates --------------------------------------------------------------
# Issued PDFs live in the private storage (STORAGES["private"] above).
# Lookups per IP and minute on the public verification pages.
# The benchmark raises "code" (CERTIFICATE_VERIFY_RATE_CODE): its load comes from one IP.
CERTIFICATE_VERIFY_RATE = {
    "code": int(os.environ.get("CERTIFICATE_VERIFY_RATE_CODE", "60")),
    "number": 10,
    "fingerprint": 20,
}

# --- Verifiable credentials (Open Badges 3.0, the credentials app) ------------------
# The issuer's Ed25519 signing keys never live in the repository or the database:
# either a folder of JWK files (CREDENTIAL_KEYS_DIR, one file per key, made by
# `manage.py credential_keys generate`), or the JWK set itself in the environment
# (CREDENTIAL_SIGNING_KEYS, JSON; the newest key signs). See docs/certificates.md.
CREDENTIAL_KEYS_DIR = Path(os.environ.get("CREDENTIAL_KEYS_DIR", BASE_DIR / "credential-keys"))
CREDENTIAL_SIGNING_KEYS = os.environ.get("CREDENTIAL_SIGNING_KEYS", "")
# Development and tests make a key on first use; production refuses (a lost key is worse than none).
CREDENTIAL_KEYS_AUTOGENERATE = False
# How long verifiers and proxies may keep the published status list (seconds).
CREDENTIAL_STATUS_LIST_MAX_AGE = int(os.environ.get("CREDENTIAL_STATUS_LIST_MAX_AGE", "300"))
