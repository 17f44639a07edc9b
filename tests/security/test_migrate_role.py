"""manage.py runs schema commands as the owner role and everything else as the application's role."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

ROLES = {
    "DATABASE_URL": "postgres://xuncha_app@/xuncha?host=/nonexistent/app-socket",
    "MIGRATE_DATABASE_URL": "postgres://xuncha_owner@/xuncha?host=/nonexistent/owner-socket",
}


def manage(*args: str, **env: str) -> str:
    """Run manage.py against sockets that do not exist: the error names the URL it tried."""
    full_env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.local", **env}
    full_env.pop("DATABASE_ROLE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    return result.stdout + result.stderr


@pytest.mark.parametrize("command", [["migrate", "--noinput"], ["restore", "/nonexistent/backup"]])
def test_schema_commands_connect_as_the_owner(command):
    if command[0] == "restore":
        pytest.importorskip("accounts.backup")
    output = manage(*command, **ROLES)
    assert "owner-socket" in output and "app-socket" not in output


def test_other_commands_connect_as_the_application():
    output = manage("showmigrations", **ROLES)
    assert "app-socket" in output and "owner-socket" not in output


def test_without_an_owner_url_migrate_uses_the_one_role():
    output = manage("migrate", "--noinput", DATABASE_URL=ROLES["DATABASE_URL"], MIGRATE_DATABASE_URL="")
    assert "app-socket" in output
