"""Without DATABASE_REPLICA_URL nothing changes: no ``replica`` alias, the router leaves every choice to
Django (the primary), the middleware opens no context; with it, settings add the alias as a test mirror."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections
from django.test.utils import CaptureQueriesContext

from core.replica import REPLICA, ReplicaRouter, current, read_alias, replica_reads, routed_path
from inspections.models import Issue
from tests.dashboard.world import make_dashboard_world

SHOW_DATABASES = (
    "import django; django.setup(); from django.conf import settings; import json; "
    "print(json.dumps({alias: db['TEST'].get('MIRROR') for alias, db in settings.DATABASES.items()}))"
)


def databases_with(**env) -> dict:
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_REPLICA_URL"}
    environment.update(env, DJANGO_SETTINGS_MODULE="config.settings.test")
    done = subprocess.run(
        [sys.executable, "-c", SHOW_DATABASES],
        env=environment,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_settings_add_the_replica_only_with_its_url():
    assert databases_with() == {"default": None}
    assert databases_with(DATABASE_REPLICA_URL="postgres://xuncha_app:x@db-replica:5432/xuncha") == {
        "default": None,
        REPLICA: "default",  # a test run reads the test database through it
    }
    assert settings.DATABASE_ROUTERS == ["core.replica.ReplicaRouter"]
    assert "core.replica.ReplicaMiddleware" in settings.MIDDLEWARE


def test_the_routed_paths():
    for path in ("/stats/", "/stats/?office=1", "/api/v1/stats/summary/", "/ledgers/issues/", "/api/v1/exports/"):
        assert routed_path(path), path
    for path in ("/issues/", "/api/v1/issues/", "/stats/alerts/", "/stats/recompute/", "/rectification/", "/"):
        assert not routed_path(path), path


@pytest.mark.django_db
def test_the_router_leaves_every_choice_to_django(client):
    assert REPLICA not in connections.settings
    router = ReplicaRouter()
    with replica_reads():
        assert current() is not None
        assert router.db_for_read(Issue) is None and router.db_for_write(Issue) is None
        assert Issue.objects.all().db == "default" and read_alias() == "default"
    assert router.allow_migrate("default", "inspections") is None


@pytest.mark.django_db
def test_the_dashboard_reads_from_the_only_database(client):
    w = make_dashboard_world()
    client.force_login(w.supervisor)
    with CaptureQueriesContext(connections["default"]) as primary:
        response = client.get("/stats/")
    assert response.status_code == 200
    assert any("rectification_stat" in query["sql"] for query in primary.captured_queries)
    assert list(connections) == ["default"]
