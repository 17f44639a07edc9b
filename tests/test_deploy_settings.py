"""Production settings: `check --deploy` is clean; they refuse a missing key or DEBUG on."""

import os
import secrets
import subprocess
import sys

from django.conf import settings

BASE = settings.BASE_DIR


def run_check(**env):
    inherited = {key: value for key, value in os.environ.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    full_env = {
        **inherited,
        "DATABASE_URL": "postgres://x@localhost/y",
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        **env,
    }
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=BASE,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing():
    result = run_check(SECRET_KEY=secrets.token_urlsafe(50), DEBUG="false")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_without_secret_key_or_with_debug():
    missing = run_check(SECRET_KEY="")
    assert missing.returncode != 0 and "SECRET_KEY must be set" in missing.stderr
    debug = run_check(SECRET_KEY=secrets.token_urlsafe(50), DEBUG="true")
    assert debug.returncode != 0 and "DEBUG must be off" in debug.stderr
