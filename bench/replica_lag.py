"""Replication lag of a streaming standby of the embedded PostgreSQL (docs/operations.md, "Read replica").

    .venv/bin/python -m config.embedded --profile replicalag --superuser -- .venv/bin/python bench/replica_lag.py

Starts a hot standby of the embedded server exactly as the tests do (tests/replica/conftest.py:
pg_basebackup -R -X stream, its own Unix socket), then measures, as the superuser in a scratch table:
- single-row commits: time from COMMIT returning on the primary to the row being visible on the standby
  (polling every 0.5 ms), N samples, p50/p95/max;
- a bulk write (COUNT rows in one INSERT … SELECT): bytes of WAL, and the time from its COMMIT until
  the standby has replayed it.
The standby is stopped and removed at the end.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")

import django  # noqa: E402

django.setup()

import psycopg  # noqa: E402
from django.db import connections  # noqa: E402

from tests.replica.conftest import ReplicaServer, pg_bin, socket_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--samples", type=int, default=200)
    parser.add_argument("--bulk-rows", type=int, default=1_000_000)
    args = parser.parse_args()
    primary_settings = connections["default"].settings_dict
    server = ReplicaServer(pg_bin(), primary_settings)
    primary = psycopg.connect(
        host=socket_dir(primary_settings), user="postgres", dbname=server.database, autocommit=True
    )
    primary.execute("DROP TABLE IF EXISTS replica_lag_probe")
    primary.execute("CREATE TABLE replica_lag_probe (id bigint PRIMARY KEY, payload text)")
    server.start()
    try:
        standby = psycopg.connect(host=str(server.datadir), user="postgres", dbname=server.database, autocommit=True)
        while standby.execute("SELECT to_regclass('replica_lag_probe')").fetchone()[0] is None:
            time.sleep(0.01)
        lags = []
        for n in range(1, args.samples + 1):
            primary.execute("INSERT INTO replica_lag_probe VALUES (%s, repeat('x', 200))", [n])
            committed = time.perf_counter()
            while not standby.execute("SELECT 1 FROM replica_lag_probe WHERE id = %s", [n]).fetchone():
                time.sleep(0.0005)
            lags.append((time.perf_counter() - committed) * 1000)
            time.sleep(0.01)
        lags.sort()
        print(
            f"single-row commits, {len(lags)} samples: p50 {statistics.median(lags):.1f} ms, "
            f"p95 {lags[int(len(lags) * 0.95) - 1]:.1f} ms, max {lags[-1]:.1f} ms"
        )

        before = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        started = time.perf_counter()
        primary.execute(
            "INSERT INTO replica_lag_probe SELECT g, repeat('y', 200) FROM generate_series(%s, %s) g",
            [args.samples + 1, args.samples + args.bulk_rows],
        )
        committed = time.perf_counter()
        after = primary.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        wal = primary.execute("SELECT pg_wal_lsn_diff(%s, %s)", [after, before]).fetchone()[0]
        while standby.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [after]).fetchone()[0] is not True:
            time.sleep(0.001)
        replayed = time.perf_counter()
        print(
            f"bulk insert of {args.bulk_rows:,} rows: {float(wal) / 1e6:.0f} MB of WAL, {committed - started:.2f} s on the "
            f"primary, replayed {1000 * (replayed - committed):.0f} ms after its COMMIT"
        )
        standby.close()
    finally:
        server.stop()
        primary.execute("DROP TABLE IF EXISTS replica_lag_probe")
        primary.close()


if __name__ == "__main__":
    main()
