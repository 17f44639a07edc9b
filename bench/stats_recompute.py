# ruff: noqa: S608 - the SQL below is assembled from fixed fragments, never from input
"""Benchmark of the statistics recompute (dashboard/stats.py) on the 1,000,000-issue data set.

    .venv/bin/python -m config.embedded --profile statsbench -- .venv/bin/python manage.py migrate
    .venv/bin/python -m config.embedded --profile statsbench -- .venv/bin/python manage.py seed_demo --scale 1000000
    .venv/bin/python -m config.embedded --profile statsbench -- .venv/bin/python bench/stats_recompute.py

Measures, in one run on the same data:

- the bare SQL: plain ``GROUP BY`` queries computing the same figures straight from the records
  (one query per scope family and source table, offices joined to their descendants), timed by
  the server (``EXPLAIN (ANALYZE, TIMING OFF)`` execution time, no transfer to the client);
- the full recompute (``stats.recompute_all``) as the nightly job runs it: the day's rows do not
  exist yet, so every row is written; and a rerun on the same day (nothing changes, nothing written);
- incremental recomputes (``stats.recompute``) of the scopes one changed issue touches, each after
  a real change of one issue's status, as the on-commit drain runs them;
- optionally (``--alerts``) the full alert check and an incremental one.

Then it checks that every Stat row of the day equals the bare SQL's figures, and prints the
figures and the ratio full recompute ÷ bare SQL. Targets: full < 10 s, incremental < 200 ms.

``seed_demo --scale`` writes no close-out reviews; so that the funds figure has work to do, the
bench adds one close-out review per closed issue (a third of them with refunds) when none exist.
It writes Stat rows for a day far in the future and removes them afterwards (``--keep`` keeps them).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402

from alerts import rules as alerts  # noqa: E402
from dashboard import stats  # noqa: E402

# Plain GROUP BY queries: the same figures as the Stat rows, straight from the records.
ISSUE_FIGURES = """
    count(*) AS issues_found,
    count(*) FILTER (WHERE i.status = ANY(%(fed_back)s)) AS issues_fed_back,
    count(*) FILTER (WHERE i.status = %(closed)s) AS issues_closed,
    count(*) FILTER (WHERE i.status = %(rectifying)s AND i.deadline < %(today)s) AS overdue"""
CLUE_FIGURES = """
    count(*) AS clues_transferred, sum(c.persons_accountable) AS persons_accountable,
    sum(c.persons_to_judiciary) AS persons_to_judiciary, sum(c.loss_recovered_wan) AS loss_recovered_wan"""
REVIEW_FIGURES = "sum(r.funds_refunded_wan) AS funds_refunded_wan"
ISSUES = "FROM inspections_issue i WHERE i.status = ANY(%(found)s)"
CLUES = "FROM inspections_clue c WHERE c.status = ANY(%(transferred)s)"
REVIEWS = (
    "FROM rectification_review r JOIN inspections_issue i ON i.id = r.issue_id "
    "WHERE r.decision = %(close)s AND r.funds_refunded_wan > 0 AND i.status = ANY(%(found)s)"
)
SUBTREE = "JOIN accounts_office o ON o.id = {t}.office_id JOIN accounts_office a ON o.path LIKE a.path || '%%'"

BARE: list[tuple[str, str]] = []
for family in ("round", "assignment", "unit", "group", "category"):
    BARE.append((family, f"SELECT i.{family}_id, {ISSUE_FIGURES} {ISSUES} GROUP BY 1"))
    if family != "category":
        BARE.append((family, f"SELECT c.{family}_id, {CLUE_FIGURES} {CLUES} GROUP BY 1"))
    BARE.append((family, f"SELECT i.{family}_id, {REVIEW_FIGURES} {REVIEWS} GROUP BY 1"))
BARE += [
    ("office", f"SELECT a.id, {ISSUE_FIGURES} FROM inspections_issue i {SUBTREE.format(t='i')} "
     "WHERE i.status = ANY(%(found)s) GROUP BY 1"),
    ("office", f"SELECT a.id, {CLUE_FIGURES} FROM inspections_clue c {SUBTREE.format(t='c')} "
     "WHERE c.status = ANY(%(transferred)s) GROUP BY 1"),
    ("office", f"SELECT a.id, {REVIEW_FIGURES} FROM rectification_review r "
     f"JOIN inspections_issue i ON i.id = r.issue_id {SUBTREE.format(t='i')} "
     "WHERE r.decision = %(close)s AND r.funds_refunded_wan > 0 AND i.status = ANY(%(found)s) GROUP BY 1"),
    ("round", "SELECT r.id, 1 AS rounds, count(a.id) AS units_inspected FROM inspections_round r "
     "LEFT JOIN inspections_assignment a ON a.round_id = r.id GROUP BY 1"),
    ("unit", "SELECT a.unit_id, count(*) AS rounds, 1 AS units_inspected FROM inspections_assignment a GROUP BY 1"),
    ("group", "SELECT g.id, 1 AS rounds, count(a.id) AS units_inspected FROM inspections_group g "
     "LEFT JOIN inspections_assignment a ON a.group_id = g.id GROUP BY 1"),
    ("assignment", "SELECT a.id, 1 AS rounds, 1 AS units_inspected FROM inspections_assignment a"),
    ("category", "SELECT i.category_id, count(DISTINCT i.round_id) AS rounds, count(DISTINCT i.unit_id) "
     f"AS units_inspected {ISSUES} GROUP BY 1"),
    ("office", "SELECT a.id, count(DISTINCT r.id) AS rounds, count(DISTINCT s.unit_id) AS units_inspected "
     "FROM inspections_round r JOIN accounts_office o ON o.id = r.office_id "
     "JOIN accounts_office a ON o.path LIKE a.path || '%%' "
     "LEFT JOIN inspections_assignment s ON s.round_id = r.id GROUP BY 1"),
]  # fmt: skip


def server_ms(sql: str, params: dict) -> float:
    """Server-side execution time of one query (no transfer of its rows)."""
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN (ANALYZE, TIMING OFF, FORMAT JSON) " + sql, params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return plan[0]["Execution Time"]


def bare_figures(params: dict) -> dict[tuple[str, int], dict]:
    figures: dict[tuple[str, int], dict] = defaultdict(dict)
    with connection.cursor() as cursor:
        for scope, sql in BARE:
            cursor.execute(sql, params)
            names = [column.name for column in cursor.description[1:]]
            for scope_id, *values in cursor.fetchall():
                figures[(scope, scope_id)].update(zip(names, values, strict=True))
    return figures


def verify(day: dt.date, params: dict) -> tuple[int, list[str]]:
    """Compare every Stat row of ``day`` with the bare SQL's figures; returns (rows, mismatches)."""
    expected = bare_figures(params)
    mismatches = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT scope, scope_id, " + ", ".join(stats.FIGURES) + " FROM rectification_stat WHERE day = %s", [day]
        )
        rows = cursor.fetchall()
    for scope, scope_id, *values in rows:
        want = expected.get((scope, scope_id), {})
        for name, value in zip(stats.FIGURES, values, strict=True):
            if Decimal(value) != Decimal(want.get(name) or 0):
                mismatches.append(f"{scope}:{scope_id} {name}: stat {value} != bare {want.get(name)}")
    return len(rows), mismatches


def ensure_reviews() -> int:
    """One close-out review per closed issue, a third with refunds, when the data has none.

    Written like seed_demo writes its rows: in one transaction with the field-history triggers
    off (``session_replication_role = replica``; the embedded server's user is a superuser).
    """
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")
        cursor.execute("SELECT EXISTS (SELECT 1 FROM rectification_review WHERE decision = 'close')")
        if cursor.fetchone()[0]:
            return 0
        cursor.execute(
            """
            INSERT INTO rectification_review (issue_id, reviewer_id, decision, comment, corrected,
                funds_refunded_wan, special_campaign, persons_accountable, rules_made, created_at)
            SELECT i.id, (SELECT min(id) FROM accounts_user), 'close', '', 1,
                CASE WHEN i.id % 3 = 0 THEN (i.id % 500) / 10.0 ELSE 0 END, '', 0, 0,
                COALESCE(i.closed_at, now())
            FROM inspections_issue i WHERE i.status = 'closed'
            """
        )
        added = cursor.rowcount
        cursor.execute("ANALYZE rectification_review")
        return added


def counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        result = {}
        for table in ("inspections_issue", "inspections_clue", "rectification_review", "inspections_assignment"):
            cursor.execute(f"SELECT count(*) FROM {table}")
            result[table] = cursor.fetchone()[0]
        return result


def delete_day(day: dt.date) -> None:
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM rectification_stat WHERE day = %s", [day])
        cursor.execute("DELETE FROM rectification_statrun WHERE day = %s", [day])


class RolledBack(Exception):
    """Leaves a transaction without keeping its writes."""


def timed(func, *args, **kwargs):
    started = time.perf_counter()
    result = func(*args, **kwargs)
    return (time.perf_counter() - started) * 1000, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-issues", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3, help="full recomputes to time (default 3)")
    parser.add_argument("--incremental", type=int, default=20, help="incremental recomputes to time (default 20)")
    parser.add_argument("--alerts", action="store_true", help="also time the full and an incremental alert check")
    parser.add_argument("--keep", action="store_true", help="keep the bench day's Stat rows")
    args = parser.parse_args()

    sizes = counts()
    print("data:", ", ".join(f"{table} {count:,}" for table, count in sizes.items()))
    if sizes["inspections_issue"] < args.min_issues:
        print(f"Need {args.min_issues:,} issues: run `manage.py seed_demo --scale {args.min_issues}` first.")
        return 2
    added = ensure_reviews()
    if added:
        print(f"added {added:,} close-out reviews (seed_demo --scale writes none)")
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        print("server:", cursor.fetchone()[0].split(" on ")[0], f"· {os.cpu_count()} CPUs")

    # A day of its own, so the bench never touches the real day's rows.
    day = dt.date.today() + dt.timedelta(days=3650)
    params = stats.sql_params(day)
    delete_day(day)

    # Warm the cache: the bare queries once, untimed.
    bare_figures(params)
    bare = {index: server_ms(sql, params) for index, (_, sql) in enumerate(BARE)}
    bare_total = sum(bare.values())
    print(f"\nbare GROUP BY SQL: {len(BARE)} queries, {bare_total:,.0f} ms in all (server execution time)")
    print(
        f"  one GROUP BY over the issues (by round): {bare[0]:,.0f} ms; "
        f"per query: median {statistics.median(bare.values()):,.0f} ms, max {max(bare.values()):,.0f} ms"
    )
    slowest = sorted(bare.items(), key=lambda item: -item[1])[:3]
    for index, ms in slowest:
        print(f"  {ms:7.0f} ms  {BARE[index][0]:<10} {' '.join(BARE[index][1].split())[:90]}…")

    full_ms = []
    for _ in range(args.repeat):
        delete_day(day)
        ms, result = timed(stats.recompute_all, day)
        full_ms.append(ms)
        rows = result.rows
    rerun_ms, rerun = timed(stats.recompute_all, day)
    full = statistics.median(full_ms)
    print(f"\nfull recompute (nightly, {rows:,} rows written): median {full:,.0f} ms of {args.repeat} "
          f"({', '.join(f'{ms:,.0f}' for ms in full_ms)} ms)")  # fmt: skip
    print(f"full recompute rerun, same day ({rerun.rows} rows changed): {rerun_ms:,.0f} ms")
    print(f"ratio full recompute / bare SQL: {full / bare_total:.2f}")

    # Incremental: change one issue (rectifying <-> closed), then recompute what it touches.
    rng = random.Random(6)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, assignment_id, category_id, status FROM inspections_issue "
            "WHERE status IN ('rectifying', 'closed') AND id % 997 = 0"
        )
        candidates = cursor.fetchall()
    inc_ms, inc_rows = [], []
    for issue_id, assignment_id, category_id, status in rng.sample(candidates, args.incremental):
        flipped = "closed" if status == "rectifying" else "rectifying"
        with connection.cursor() as cursor:
            cursor.execute("UPDATE inspections_issue SET status = %s WHERE id = %s", [flipped, issue_id])
        ms, result = timed(stats.recompute, [f"assignment:{assignment_id}", f"category:{category_id}"], day)
        assert not result.full
        inc_ms.append(ms)
        inc_rows.append(result.rows)
        with connection.cursor() as cursor:  # put it back, recomputed, for the next sample
            cursor.execute("UPDATE inspections_issue SET status = %s WHERE id = %s", [status, issue_id])
        stats.recompute([f"assignment:{assignment_id}", f"category:{category_id}"], day)
    print(
        f"\nincremental recompute (one changed issue, {statistics.median(inc_rows):.0f} rows changed): "
        f"median {statistics.median(inc_ms):.0f} ms, max {max(inc_ms):.0f} ms over {len(inc_ms)}"
    )

    checked, mismatches = verify(day, params)
    print(f"\nverified {checked:,} Stat rows against the bare SQL: {len(mismatches)} mismatches")
    for line in mismatches[:20]:
        print("  ", line)

    if args.alerts:
        # In a transaction rolled back at the end: the alert timings leave no alerts behind.
        with contextlib.suppress(RolledBack), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM rectification_notification")
                cursor.execute("DELETE FROM rectification_alert")
            ms, result = timed(alerts.check, day)
            print(f"\nfull alert check: {ms:,.0f} ms ({result.raised:,} raised, {result.notified:,} notifications)")
            ms, result = timed(alerts.check, day)
            print(f"full alert check rerun: {ms:,.0f} ms ({result.raised} raised, {result.resolved} resolved)")
            ms, result = timed(alerts.check, day, [assignment_id])
            print(f"incremental alert check (one assignment): {ms:,.0f} ms")
            raise RolledBack

    if not args.keep:
        delete_day(day)
    ok = full < 10_000 and statistics.median(inc_ms) < 200 and not mismatches
    print("\n" + ("targets met" if ok else "TARGETS MISSED") + ": full < 10 s, incremental < 200 ms, figures equal")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
