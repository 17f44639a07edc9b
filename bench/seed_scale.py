"""Benchmark the bulk load: ``seed_demo --scale N`` into a fresh database, wall time and rows/s.

    .venv/bin/python bench/seed_scale.py                 # 1,000,000 issues
    .venv/bin/python bench/seed_scale.py --issues 100000 --profile seedbench

Starts (or joins) the embedded PostgreSQL of the profile (``.run/pg-<profile>``, the same server
settings as ``config.embedded``), drops and recreates the database ``xuncha_bench`` in it,
migrates, then times the load alone (offices, demo accounts and the N-issue batch, COPY,
index rebuild, foreign-key check, ANALYZE). The loaded database is left in place for query
benchmarks; the next run starts from scratch again. Figures go to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from config.embedded import RUN_DIR, start_postgres, stop_postgres  # noqa: E402

BENCH_DB = "xuncha_bench"
TABLES = [
    "accounts_user",
    "accounts_roleassignment",
    "inspections_unit",
    "inspections_round",
    "inspections_group",
    "inspections_groupmembership",
    "inspections_assignment",
    "inspections_issue",
    "inspections_clue",
    "inspections_clueperson",
    "rectification_feedback",
    "rectification_plan",
    "rectification_measure",
    "rectification_progress",
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--issues", type=int, default=1_000_000)
    parser.add_argument("--profile", default="seedbench", help="embedded server data dir: .run/pg-<profile>")
    args = parser.parse_args()

    server, url = start_postgres(RUN_DIR / f"pg-{args.profile}")
    try:
        server.psql(f"DROP DATABASE IF EXISTS {BENCH_DB};")
        server.psql(f"CREATE DATABASE {BENCH_DB};")
        os.environ["DATABASE_URL"] = url.replace("/xuncha?", f"/{BENCH_DB}?")
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connection

        call_command("migrate", verbosity=0)
        started = time.monotonic()
        call_command("seed_demo", scale=args.issues)
        seconds = time.monotonic() - started
        rows = {}
        with connection.cursor() as cursor:
            for table in TABLES:
                cursor.execute(f"SELECT count(*) FROM {table}")  # noqa: S608 - fixed table names
                rows[table] = cursor.fetchone()[0]
            cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
            size = cursor.fetchone()[0]
        total = sum(rows.values())
        print()
        for table, count in rows.items():
            print(f"  {table:<32} {count:>12,}")
        print(f"\n{args.issues:,} issues: {total:,} rows in {seconds:.1f} s = {total / seconds:,.0f} rows/s")
        print(f"database size {size}")
    finally:
        from django.db import connections

        connections.close_all()
        stop_postgres(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
