"""Settings shared by every environment; values come from the environment (django-environ)."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env file (never committed) may hold the variables documented in .env.example.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "accounts.admin_site.XunchaAdminConfig",  # django.contrib.admin, signing in through /login/
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "django_celery_results",
    "axes",
    "captcha",
    "csp",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "core",
    "accounts",
    "inspections",
    "rectification",
    "notifications",
    "alerts",
    "dashboard",
    "ledgers",
    "documents",
    "audit",
    "archives",
    "commons",
    "onsite",
    "workbench",
    "similarity",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.ChineseFirstLocaleMiddleware",
    # Before anything reads the body: refuses an oversized Content-Length (413) and NUL in parameters (400).
    "config.middleware.RequestLimitsMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.security.AccountSecurityMiddleware",
    # After the user is known: dashboard, stats and ledger reads from the replica (DATABASE_REPLICA_URL).
    "core.replica.ReplicaMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Attaches the acting user and request URL to every field-history row written in a request.
    "pghistory.middleware.HistoryMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes requires: turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# PostgreSQL through psycopg 3, as two roles (docs/security.md). DATABASE_URL names the application's
# login role, which owns nothing and may only read and write rows; MIGRATE_DATABASE_URL names the
# owner role that runs migrations. manage.py sets DATABASE_ROLE=owner for `migrate` (and `restore`),
# so those use the owner's URL when it is set. `make run` / `make test` export both for the embedded
# server; in production they name the real one.
_DATABASE_URL_VAR = (
    "MIGRATE_DATABASE_URL"
    if env("DATABASE_ROLE", default="app") == "owner" and env("MIGRATE_DATABASE_URL", default="")
    else "DATABASE_URL"
)
DATABASES = {"default": env.db(_DATABASE_URL_VAR, default="postgres://postgres@localhost:5432/xuncha")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
# A PostgreSQL streaming replica (docs/operations.md, "Read replica"): with DATABASE_REPLICA_URL set,
# core.replica sends it the reads of the dashboard, the stats API, the ledgers and the export jobs;
# without it there is no "replica" alias and every read and write goes to "default" as before. In a
# test run the replica mirrors the test database (the same rows, read through a second connection).
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["ATOMIC_REQUESTS"] = False
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
DATABASE_ROUTERS = ["core.replica.ReplicaRouter"]
# Safe-method requests under these paths read from the replica, except under the excluded ones.
REPLICA_PATHS = env.list("REPLICA_PATHS", default=["/stats/", "/api/v1/stats/", "/ledgers/", "/api/v1/exports/"])
REPLICA_EXCLUDED_PATHS = env.list("REPLICA_EXCLUDED_PATHS", default=["/stats/alerts/", "/stats/recompute/"])
# Read-your-writes: a user's routed reads stay on the primary this long after his last successful write.
REPLICA_PIN_SECONDS = env.int("REPLICA_PIN_SECONDS", default=10)
# An export job reads from the primary when the replica is further behind than this at its start.
REPLICA_MAX_WAIT_SECONDS = env.float("REPLICA_MAX_WAIT_SECONDS", default=5.0)
# Always read from the primary: what signs a request in must be there at once.
REPLICA_PRIMARY_MODELS = ["sessions.session", "authtoken.token", "authtoken.tokenproxy", "accounts.tokenactivity"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="redis://localhost:6379/0")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "xuncha",
    }
}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Passwords: scrypt at Django's own parameters (n=2**14, r=8, p=1: memory-hard, about a third less
# CPU per sign-in than PBKDF2's 1,000,000 rounds, see docs/performance.md). PBKDF2 stays to read
# the older hashes, which Django rewrites as scrypt at their owner's next sign-in.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.ScryptPasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
]
# At least 10 characters of three kinds, not like the username, not a common password.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "accounts.security.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
]

# Sign-in defences: a captcha after 3 failures for a username or from an address (the API token
# endpoint answers 429 instead); a username is locked from one address for 30 minutes after 10, and
# an address for every username after 50 (django-axes; every attempt is logged).
LOGIN_CAPTCHA_AFTER = env.int("LOGIN_CAPTCHA_AFTER", default=3)
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=10)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
# Failures count per username *and* address, so failures under one name cannot lock its owner out
# from elsewhere; accounts.security.SignInAttempts adds the per-address ceiling.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "accounts.security.SignInAttempts"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed sign-in is kept for the audit trail
# The failure log is append-only in the database (accounts/0006): django-axes must never prune it.
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 2**62
AXES_LOCKOUT_CALLABLE = "accounts.auth_views.locked_out"
# Behind a reverse proxy list the header it sets first (e.g. HTTP_X_FORWARDED_FOR); never trust it otherwise.
AXES_IPWARE_META_PRECEDENCE_ORDER = env.list("CLIENT_IP_HEADERS", default=["REMOTE_ADDR"])
CAPTCHA_LENGTH = 4
CAPTCHA_FONT_SIZE = 30
CAPTCHA_IMAGE_SIZE = (110, 40)
# TOTP second factor (django-otp): optional for everyone, required for these roles (production
# default: admins and clue officers).
OTP_REQUIRED_ROLES = env.list("OTP_REQUIRED_ROLES", default=[])
OTP_TOTP_ISSUER = "巡察工作平台"
# Sessions end after 30 idle minutes (every request renews them) and with the browser.
SESSION_COOKIE_AGE = env.int("SESSION_IDLE_MINUTES", default=30) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# An API token unused for this many days expires (accounts/tokens.py).
API_TOKEN_IDLE_DAYS = env.int("API_TOKEN_IDLE_DAYS", default=30)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Content-Security-Policy: scripts only from our own origin, never inline (htmx, Bootstrap,
# ECharts and Tom Select are files under /static/). Inline *styles* stay allowed because the
# widget libraries position elements through style attributes.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the page's hidden input, not the cookie

# Chinese first, English second.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / ".run" / "staticfiles")
# Our own assets, plus third-party ones from node_modules (npm, pinned in package-lock.json).
try:
    from .assets import STATICFILES_DIRS_EXTRA
except ImportError:  # assets.py lands with the web UI
    STATICFILES_DIRS_EXTRA = []
STATICFILES_DIRS = [BASE_DIR / "static", *STATICFILES_DIRS_EXTRA]
# Uploaded evidence lives outside the static root and is served only through views
# that check the viewer's scope.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / ".run" / "media")
# Finished ledger exports can be downloaded for this long, then the file is deleted (the log stays).
EXPORT_TTL_HOURS = env.int("EXPORT_TTL_HOURS", default=24)
# Up to this many rows the web UI writes a ledger in the request; more go to a Celery job.
EXPORT_SYNC_MAX_ROWS = env.int("EXPORT_SYNC_MAX_ROWS", default=3000)
# Lists count exactly up to this many rows; past it, the planner's estimate (core/paging.py).
LIST_EXACT_COUNT_UP_TO = env.int("LIST_EXACT_COUNT_UP_TO", default=10_000)
# How far ahead a measure's deadline or a requested extension may be (years from today).
MEASURE_DEADLINE_MAX_YEARS = env.int("MEASURE_DEADLINE_MAX_YEARS", default=5)
# Evidence uploads (佐证材料): size limit per file.
EVIDENCE_MAX_BYTES = env.int("EVIDENCE_MAX_BYTES", default=20 * 1024 * 1024)
# What a ZIP (and a DOCX/XLSX, also ZIPs) may hold, counted over all nesting levels of one file:
# entries, bytes after decompression, ratio of a member's size to its compressed size (members
# of 1 MB or more), and nesting levels (the file itself is level 1: ZIP → DOCX → embedded XLSX = 3).
EVIDENCE_ZIP_MAX_MEMBERS = env.int("EVIDENCE_ZIP_MAX_MEMBERS", default=1000)
EVIDENCE_ZIP_MAX_TOTAL_BYTES = env.int("EVIDENCE_ZIP_MAX_TOTAL_BYTES", default=200 * 1024 * 1024)
EVIDENCE_ZIP_MAX_RATIO = env.int("EVIDENCE_ZIP_MAX_RATIO", default=100)
EVIDENCE_ZIP_MAX_DEPTH = env.int("EVIDENCE_ZIP_MAX_DEPTH", default=3)
# Request bodies: anything declaring more than REQUEST_MAX_BYTES is refused with 413 before it is
# read (several evidence files go in one form); the proxy in front must refuse it too
# (client_max_body_size, docs/operations.md). Form fields other than files may total
# DATA_UPLOAD_MAX_MEMORY_SIZE; uploaded files above FILE_UPLOAD_MAX_MEMORY_SIZE are streamed to a
# temporary file instead of memory. An API JSON body is at most API_JSON_MAX_BYTES, nested at
# most API_JSON_MAX_DEPTH deep.
REQUEST_MAX_BYTES = env.int("REQUEST_MAX_BYTES", default=100 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
FILE_UPLOAD_MAX_MEMORY_SIZE = env.int("FILE_UPLOAD_MAX_MEMORY_SIZE", default=2 * 1024 * 1024)
DATA_UPLOAD_MAX_NUMBER_FILES = env.int("DATA_UPLOAD_MAX_NUMBER_FILES", default=50)
API_JSON_MAX_BYTES = env.int("API_JSON_MAX_BYTES", default=1024 * 1024)
API_JSON_MAX_DEPTH = env.int("API_JSON_MAX_DEPTH", default=32)
# The Excel import's preview runs in the request: it gives up after this many seconds (below the
# web server's worker timeout) with a message; the background import has Celery's time limits.
IMPORT_PREVIEW_MAX_SECONDS = env.float("IMPORT_PREVIEW_MAX_SECONDS", default=20.0)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "accounts.tokens.TokenAuthentication",  # DRF's, with idle expiry and the password rule
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # Ordering is part of each app's FilterSets (``ordering=``), shared with the HTML lists and exports.
    # Strict about the query string: an empty or malformed filter is a 400 (config/api_query.py).
    "DEFAULT_FILTER_BACKENDS": ["config.api_query.ApiFilterBackend"],
    # The API's viewsets use config.api.Pagination (page_size up to 200); naming it here would be a
    # circular import (DRF reads this setting while config.api imports DRF's generic views).
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # One JSON error shape: {"detail", "code", "errors"}.
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    # JSON only: the browsable API would render every filter's choices (all visible units,
    # issues …) as <select> options on each page; people use /api/docs/ instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies only, through DRF's JSON parser with a size and nesting limit (config/parsers.py):
    # a form cannot say null, nor carry the lists of objects some bodies hold. The writes that take
    # files add multipart/form-data (rectification/api/views.py); the token endpoint takes forms too.
    "DEFAULT_PARSER_CLASSES": ["config.parsers.LimitedJSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Xuncha 巡察 API",
    "DESCRIPTION": (
        "Inspection rounds, findings, clues and rectification for party-committee inspection offices.\n\n"
        'Authentication: `POST /api/v1/auth/token/` with `{"username", "password"}` returns `{"token"}`; '
        "send it as `Authorization: Token <token>`.\n\n"
        "Every list and detail shows only what the caller's roles reach; an object outside that scope "
        'answers 404. Errors are `{"detail", "code", "errors"}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Every operation documents its error answers (config/api_schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "config.api_schema.document_errors",
    ],
    # Separate request and response components, so read-only fields and file uploads are exact.
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "IssueStatusEnum": "inspections.choices.IssueStatus",
        "ClueStatusEnum": "inspections.choices.ClueStatus",
        "PlanStatusEnum": "rectification.choices.PlanStatus",
        "UnitKindEnum": "inspections.choices.UnitKind",
        "RoundKindEnum": "inspections.choices.RoundKind",
        "PointKindEnum": "inspections.choices.PointKind",
        "MeasureKindEnum": "rectification.choices.MeasureKind",
        "ActionKindEnum": "rectification.choices.ActionKind",
        "AlertKindEnum": "rectification.choices.AlertKind",
        "OfficeLevelEnum": "accounts.choices.OfficeLevel",
        "AlertLevelEnum": "rectification.choices.AlertLevel",
        "CampaignStatusEnum": "commons.choices.CampaignStatus",
        "NotificationKindEnum": "notifications.choices.NotificationKind",
        "ChannelEnum": "onsite.choices.LetterChannel",
        "RegisteredChannelEnum": "onsite.api.serializers.REGISTERED_CHANNELS",
    },
    # Swagger UI from the drf-spectacular-sidecar package: no CDN on an intranet.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Celery: Redis broker, results in PostgreSQL (django-celery-results), schedules in
# PostgreSQL (django-celery-beat), editable by admins.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default=REDIS_URL)
CELERY_RESULT_BACKEND = "django-db"
CELERY_RESULT_EXTENDED = True
CELERY_CACHE_BACKEND = "django-cache"
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TRACK_STARTED = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 30 * 60
CELERY_TASK_SOFT_TIME_LIMIT = 25 * 60
# With acks_late, Redis hands an unacknowledged task to another worker after this long: longer
# than any task may run (the hard limit above), so a slow task is never run twice, and short
# enough that a task of a crashed worker is picked up again within the hour.
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 35 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# One queue per kind of work, so a long export or import never delays the statistics or the
# alerts: production runs a worker per queue (docker-compose.yml); a worker started without -Q
# (make run, the tests' real worker) consumes every queue of CELERY_TASK_QUEUES. Routes go by the
# task's registered name (tests/test_queues.py checks every task has one and every queue a worker).
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_QUEUES = {name: {} for name in ("default", "stats", "alerts", "exports", "imports")}
CELERY_TASK_ROUTES = {
    "rectification.tasks.recompute_all_stats": {"queue": "stats"},
    "rectification.tasks.recompute_scopes": {"queue": "stats"},
    "similarity.tasks.index_issue": {"queue": "stats"},  # derived data, like the statistics
    "similarity.tasks.rebuild_index": {"queue": "stats"},
    "dashboard.rebuild_stat_history": {"queue": "stats"},
    "rectification.tasks.check_alerts": {"queue": "alerts"},
    "rectification.tasks.send_alert_digests": {"queue": "alerts"},
    "inspections.tasks.run_export": {"queue": "exports"},
    "inspections.tasks.purge_expired_exports": {"queue": "exports"},
    "inspections.import_findings": {"queue": "imports"},
    "inspections.historic_load": {"queue": "imports"},
    "accounts.tasks.count_active_users": {"queue": "default"},
}

EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="xuncha@localhost")
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}
