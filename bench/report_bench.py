# ruff: noqa: S608 - the SQL below is assembled from fixed fragments, never from input
"""Benchmark of the breakdowns and the annual/term report (dashboard/breakdowns.py, reports.py,
report_ledger.py) on whatever data set the database holds (the target is 1,000,000 issues).

    .venv/bin/python -m config.embedded --profile reportbench -- .venv/bin/python manage.py migrate
    .venv/bin/python -m config.embedded --profile reportbench -- .venv/bin/python manage.py seed_demo
    .venv/bin/python -m config.embedded --profile reportbench -- .venv/bin/python manage.py seed_demo --scale 1000000
    .venv/bin/python -m config.embedded --profile reportbench -- .venv/bin/python bench/report_bench.py

Measures, in one run on the same data:

- the bare SQL: one plain ``GROUP BY`` per breakdown source (issues by unit kind, round kind,
  category and 立行立改; clues by unit kind and rank), timed by the server
  (``EXPLAIN (ANALYZE, TIMING OFF)``), beside the full breakdown write (``breakdowns.write`` for
  every round, as the nightly recompute runs it) and the full nightly recompute with it
  (``stats.recompute_all``);
- ``GET /api/v1/stats/breakdown/`` for the top office (who sees everything), every ``by`` value,
  ``--requests`` times each: p50 / p95 / max in ms;
- the report workbook for the top office (``write_ledger(code="report")``) and the Word summary:
  seconds and peak memory (tracemalloc) of the writing process.

Targets (issue 14): nightly with breakdowns < 10 s at 1M, API p95 < 100 ms, report < 60 s and
< 200 MB. Prints one JSON line with every figure.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from rest_framework.test import APIClient  # noqa: E402

from accounts.choices import Role  # noqa: E402
from accounts.models import Office, RoleAssignment  # noqa: E402
from dashboard import breakdowns, reports, stats  # noqa: E402
from dashboard.report_document import report_summary  # noqa: E402
from ledgers.writer import write_ledger  # noqa: E402

BARE = [
    "SELECT i.round_id, u.kind, count(*) FROM inspections_issue i JOIN inspections_unit u ON u.id = i.unit_id"
    " WHERE i.status = ANY(%(found)s) GROUP BY 1, 2",
    "SELECT i.round_id, r.kind, count(*) FROM inspections_issue i JOIN inspections_round r ON r.id = i.round_id"
    " WHERE i.status = ANY(%(found)s) GROUP BY 1, 2",
    "SELECT i.round_id, i.category_id, i.immediate, count(*) FROM inspections_issue i"
    " WHERE i.status = ANY(%(found)s) GROUP BY 1, 2, 3",
    "SELECT c.round_id, u.kind, count(*), sum(c.persons_accountable) FROM inspections_clue c"
    " JOIN inspections_unit u ON u.id = c.unit_id WHERE c.status = ANY(%(transferred)s) GROUP BY 1, 2",
    "SELECT c.round_id, max(p.rank), count(DISTINCT c.id) FROM inspections_clue c"
    " LEFT JOIN inspections_clueperson p ON p.clue_id = c.id WHERE c.status = ANY(%(transferred)s) GROUP BY 1",
]


def server_ms(sql: str, params: dict) -> float:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
        plan = json.loads(plan) if isinstance(plan, str) else plan
        return plan[0]["Execution Time"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--requests", type=int, default=20, help="API requests per `by` value")
    args = parser.parse_args()
    today = dt.date.today()
    out: dict = {}
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM inspections_issue")
        out["issues"] = cursor.fetchone()[0]

    params = breakdowns.params(today)
    out["bare_sql_ms"] = round(sum(server_ms(sql, params) for sql in BARE))

    with transaction.atomic(), connection.cursor() as cursor:
        clock = time.perf_counter()
        cursor.execute("DELETE FROM dashboard_statbreakdown")
        breakdowns.write(cursor, today, None)
        out["breakdown_write_ms"] = round((time.perf_counter() - clock) * 1000)
    clock = time.perf_counter()
    stats.recompute_all(today)
    out["nightly_with_breakdowns_ms"] = round((time.perf_counter() - clock) * 1000)

    top = Office.objects.filter(parent__isnull=True).order_by("path").first()
    reader = RoleAssignment.objects.filter(office=top, role=Role.ADMIN).select_related("user").first().user
    client = APIClient(HTTP_HOST="localhost")
    client.force_authenticate(reader)
    timings = []
    for by in breakdowns.DIMENSIONS:
        for _ in range(args.requests):
            clock = time.perf_counter()
            response = client.get("/api/v1/stats/breakdown/", {"by": by, "office": top.pk})
            timings.append((time.perf_counter() - clock) * 1000)
            assert response.status_code == 200, response.content
    timings.sort()
    out["api_ms"] = {
        "p50": round(statistics.median(timings), 1),
        "p95": round(timings[int(len(timings) * 0.95) - 1], 1),
        "max": round(timings[-1], 1),
    }

    with tempfile.TemporaryDirectory() as directory:
        tracemalloc.start()
        clock = time.perf_counter()
        write_ledger(Path(directory) / "report.xlsx", user=reader, code="report", filters={"office": top.pk})
        round_ids = reports.period_rounds(office=top, period=reports.Period())
        (Path(directory) / "report.docx").write_bytes(
            report_summary(office=top, period=reports.Period(), round_ids=round_ids)
        )
        out["report_s"] = round(time.perf_counter() - clock, 2)
        out["report_peak_mb"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
        tracemalloc.stop()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
