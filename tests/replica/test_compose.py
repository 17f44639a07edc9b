"""docker-compose.yml runs a streaming replica of db and gives the app containers its URL (parsed here:
`docker compose` is not installed on every machine that runs the tests); one worker per queue stays."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.conf import settings

from tests.test_queues import KINDS, _compose_workers

BASE_DIR = Path(settings.BASE_DIR)


def compose() -> dict:
    return yaml.safe_load((BASE_DIR / "docker-compose.yml").read_text(encoding="utf-8"))


def mounted(service: dict, target_prefix: str) -> list[Path]:
    """The host files or folders mounted under ``target_prefix`` (relative to the compose file)."""
    paths = []
    for volume in service.get("volumes", []):
        source, target = volume.split(":")[:2]
        if source.startswith("./") and target.startswith(target_prefix):
            paths.append(BASE_DIR / source)
    return paths


def test_db_replica_is_a_streaming_standby_of_db():
    services = compose()["services"]
    db, replica = services["db"], services["db-replica"]
    assert replica["image"] == db["image"] == "postgres:16"  # a standby needs the primary's major version
    assert replica["depends_on"]["db"]["condition"] == "service_healthy"
    assert "healthcheck" in replica and replica.get("restart") == "unless-stopped"
    # Its own data volume, not the primary's.
    assert "pgdata-replica:/var/lib/postgresql/data" in replica["volumes"]
    assert "pgdata:/var/lib/postgresql/data" in db["volumes"]
    assert "pgdata-replica" in compose()["volumes"]

    # The entrypoint clones db with pg_basebackup as the replication role, then starts the image's own.
    (script,) = mounted(replica, "/usr/local/bin/")
    assert replica["entrypoint"] == ["bash", "/usr/local/bin/xuncha-standby.sh"]
    text = script.read_text(encoding="utf-8")
    for needed in ("pg_basebackup", "--write-recovery-conf", "--wal-method=stream", "exec docker-entrypoint.sh"):
        assert needed in text, needed
    assert replica["environment"]["PRIMARY_HOST"] == "db"

    # The primary's first start creates that role and lets it replicate (pg_hba), like the app's roles.
    (init,) = mounted(db, "/docker-entrypoint-initdb.d")
    replication = (init / "02-replication.sh").read_text(encoding="utf-8")
    assert "REPLICATION" in replication and "host replication" in replication
    assert "DB_REPLICATION_PASSWORD" in db["environment"]


def test_the_app_reads_from_the_replica_and_writes_to_db():
    services = compose()["services"]
    for name in ("web", "worker-exports", "worker-stats", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].split("@")[1].startswith("db:5432/"), name
        assert env["DATABASE_REPLICA_URL"].split("@")[1].startswith("db-replica:5432/"), name
        assert env["DB_REPLICATION_PASSWORD"] == "", name  # only db and db-replica know it
    assert services["web"]["depends_on"]["db-replica"]["condition"] == "service_healthy"
    assert services["worker-exports"]["depends_on"]["db-replica"]["condition"] == "service_healthy"


def test_one_worker_per_queue_with_the_replica():
    workers = _compose_workers()
    for kind in KINDS:
        assert any(queues - {"celery"} == {kind} for queues in workers.values()), kind
