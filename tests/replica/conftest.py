"""A real PostgreSQL streaming replica of the test database, from the embedded server's binaries.

``replica_server`` (session) takes a base backup of the test cluster once pytest-django has created
and migrated the test database (``pg_basebackup -R -X stream``: a standby that streams every later
commit), starts it next to the primary on its own Unix socket and stops it at the end. Transactional
tests (``django_db(transaction=True)``) commit what they write, so the standby replays it; a test waits
for that with :func:`caught_up`.

``replica_alias`` (module) gives the test modules that ask for it the database alias ``replica``,
as settings do for ``DATABASE_REPLICA_URL``, and takes it away afterwards: the rest of the suite
runs without a replica. The tests are skipped only when the PostgreSQL binaries are missing.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connections

from core.replica import REPLICA, wait_for_replica

BASE_DIR = Path(settings.BASE_DIR)
SUPERUSER = "postgres"  # the embedded cluster's superuser (trusted on its Unix socket), may replicate


def pg_bin() -> Path | None:
    try:
        import pgserver
    except ImportError:
        return None
    path = Path(pgserver.__file__).parent / "pginstall" / "bin"
    needed = ("pg_basebackup", "pg_ctl", "postgres")
    return path if all((path / name).exists() for name in needed) else None


def socket_dir(settings_dict: dict) -> str:
    """The embedded server's socket directory (DATABASE_URL's ``?host=`` lands in OPTIONS)."""
    return str(settings_dict.get("OPTIONS", {}).get("host") or settings_dict.get("HOST") or "")


class ReplicaServer:
    """A hot standby of the test cluster in ``.run/pg-replica-<pid>``, on its own socket."""

    def __init__(self, bin_dir: Path, primary: dict):
        self.bin_dir = bin_dir
        self.primary_host = socket_dir(primary)
        self.database = primary["NAME"]
        self.datadir = BASE_DIR / ".run" / f"pg-replica-{os.getpid()}"
        # As root, the embedded server runs as the owner of its data directory (pgserver's user).
        self.system_user = pwd.getpwuid(Path(self.primary_host).stat().st_uid).pw_name if os.geteuid() == 0 else None

    def run(self, name: str, *args: str, timeout: float = 120) -> None:
        result = subprocess.run(
            [str(self.bin_dir / name), *args],
            user=self.system_user,
            capture_output=True,
            text=True,
            timeout=timeout,
            cwd="/",
        )
        if result.returncode:
            log = self.datadir / "replica.log"
            raise RuntimeError(
                f"{name} failed ({result.returncode}):\n{result.stderr}\n{log.read_text() if log.exists() else ''}"
            )

    def start(self) -> None:
        shutil.rmtree(self.datadir, ignore_errors=True)
        self.datadir.mkdir(mode=0o700, parents=True)
        if self.system_user:
            entry = pwd.getpwnam(self.system_user)
            os.chown(self.datadir, entry.pw_uid, entry.pw_gid)
        # -R writes standby.signal and primary_conninfo; -X stream takes the WAL written meanwhile.
        self.run(
            "pg_basebackup",
            f"--pgdata={self.datadir}",
            f"--host={self.primary_host}",
            f"--username={SUPERUSER}",
            "--write-recovery-conf",
            "--wal-method=stream",
            "--checkpoint=fast",
            "--no-password",
        )
        # The primary's socket lives in its data directory: the backup copied its lock file too.
        for lock in self.datadir.glob(".s.PGSQL.*"):
            lock.unlink()
        options = " ".join(
            [
                '-h ""',  # no TCP, like the primary
                f"-k {self.datadir}",
                "-c shared_buffers=64MB",  # the primary's 512 MB came with the backup; a test needs little
                "-c hot_standby=on",
                "-c hot_standby_feedback=on",
            ]
        )
        log = str(self.datadir / "replica.log")
        self.run("pg_ctl", "-D", str(self.datadir), "-l", log, "-o", options, "-w", "start")

    def stop(self) -> None:
        try:
            if (self.datadir / "postmaster.pid").exists():
                self.run("pg_ctl", "-D", str(self.datadir), "-m", "immediate", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.datadir, ignore_errors=True)

    def superuser_sql(self, sql: str):
        """Run ``sql`` on the standby as the superuser (e.g. pausing the replay); return the first row."""
        import psycopg

        with psycopg.connect(host=str(self.datadir), user=SUPERUSER, dbname="postgres", autocommit=True) as conn:
            return conn.execute(sql).fetchone()

    def settings_dict(self) -> dict:
        """The ``replica`` alias: the test database's settings on the standby's socket."""
        primary = connections["default"].settings_dict
        fields = {key: value for key, value in primary.items() if key != "TEST"}
        options = {**primary.get("OPTIONS", {}), "host": str(self.datadir)}
        fields.update(HOST="", OPTIONS=options, NAME=self.database, TEST={"MIRROR": "default"})
        return connections.configure_settings({"default": dict(primary), REPLICA: fields})[REPLICA]


@pytest.fixture(scope="session")
def replica_server(django_db_setup, django_db_blocker):
    bin_dir = pg_bin()
    if bin_dir is None:
        pytest.skip("the PostgreSQL binaries (pgserver's pg_basebackup, pg_ctl) are not installed")
    primary = connections["default"].settings_dict
    if not socket_dir(primary).startswith("/"):
        pytest.fail("the replica tests need the embedded PostgreSQL (python -m config.embedded), not a TCP server")
    server = ReplicaServer(bin_dir, primary)
    try:
        server.start()
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="module")
def replica_alias(replica_server):
    """The ``replica`` alias for this module's tests, removed afterwards."""
    connections.settings[REPLICA] = replica_server.settings_dict()
    try:
        yield replica_server
    finally:
        if hasattr(connections._connections, REPLICA):
            connections[REPLICA].close()
            del connections[REPLICA]
        del connections.settings[REPLICA]


def caught_up(seconds: float = 20) -> None:
    """Wait until the standby has replayed every commit made so far (fails after ``seconds``)."""
    assert wait_for_replica(seconds), "the replica did not catch up with the primary"
