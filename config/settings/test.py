"""Test settings: the real (embedded or env-given) PostgreSQL and Redis, no eager Celery."""

import os

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-only-key"
DEMO_ENABLED = True
DEMO_PASSWORD = env("DEMO_PASSWORD", default="xuncha-demo")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# live_server runs in a thread next to the async-unaware Playwright fixtures.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

# A Celery worker started by the tests runs in its own process against the test
# database that pytest-django created; the fixture names it here.
DATABASES["default"]["NAME"] = env("TEST_WORKER_DATABASE_NAME", default=DATABASES["default"]["NAME"])  # noqa: F405
# Tests connect as the application's role; the test database is created, migrated, flushed and
# dropped as the owner role (config/testdb; docs/security.md).
DATABASES["default"]["ENGINE"] = "config.testdb"  # noqa: F405
if env("MIGRATE_DATABASE_URL", default=""):
    DATABASES["default"]["TEST"] = {"OWNER": env.db_url_config(env("MIGRATE_DATABASE_URL"))}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
MEDIA_ROOT = BASE_DIR / ".run" / "media-test"  # noqa: F405

# Test client logins (client.login) pass no request, which django-axes refuses; the sign-in
# tests turn it on for themselves. The captcha accepts "PASSED" in tests.
AXES_ENABLED = False
CAPTCHA_TEST_MODE = True
