"""manage.py runs schema commands as the owner role and everything else as the application's role."""

import os
import subprocess
import sys

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


def test_migrate_connects_as_the_owner():
    output = manage("migrate", "--noinput", **ROLES)
    assert "owner-socket" in output and "app-socket" not in output


def test_restore_connects_as_the_owner(tmp_path):
    (tmp_path / "manifest.json").write_text('{"tables": {}, "files": {}}')
    output = manage("restore", str(tmp_path), **ROLES)
    assert "owner-socket" in output and "app-socket" not in output


def test_other_commands_connect_as_the_application():
    output = manage("showmigrations", **ROLES)
    assert "app-socket" in output and "owner-socket" not in output


def test_without_an_owner_url_migrate_uses_the_one_role():
    output = manage("migrate", "--noinput", DATABASE_URL=ROLES["DATABASE_URL"], MIGRATE_DATABASE_URL="")
    assert "app-socket" in output
