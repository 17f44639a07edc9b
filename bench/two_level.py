"""The county supervisor's wider scope (home office, issue 12) at scale: issue list API and the
rectification review queue, p50/p95 before and after.

Usage (own embedded PostgreSQL, loaded once with 1,000,000 issues):

    .venv/bin/python -m config.embedded --profile bench --superuser -- .venv/bin/python bench/two_level.py --load 1000000
    .venv/bin/python -m config.embedded --profile bench --superuser -- .venv/bin/python bench/two_level.py

The scale data has no cross-office inspection, so the script first gives the county some (once,
idempotent): one in ``--share`` of the city office's units is put under the county of
``county_supervisor`` (their findings' home office follows), and half of their assignments hand
rectification supervision over to the county. Then, for ``county_supervisor``, it sends N
requests to each URL through Django's whole stack in-process, twice:

- before: the scope rule of issues as it was (office subtree only) and the review queue on the
  inspecting office — re-registered in-process, the only change on these read paths;
- after: the rules of this branch (office subtree, or home office and fed back; queue on the
  supervising office).

It prints p50/p95 per URL and mode, and with --write appends the table to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

URLS = {
    "issues, no filter": "/api/v1/issues/?page_size=50",
    "issues, status=rectifying": "/api/v1/issues/?page_size=50&status=rectifying",
    "issues, status=pending_review": "/api/v1/issues/?page_size=50&status=pending_review",
    "review queue page": "/rectification/queue/",
}


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def widen(share: int) -> int:
    """Put one in ``share`` of the city's units under the demo county; hand over half. Idempotent."""
    from django.db import connection

    from accounts.models import Office, User

    county = User.objects.get(username="county_supervisor").roles.get().office
    city = Office.objects.get(parent__isnull=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM inspections_issue WHERE home_office_id = %s AND office_id <> %s",
            [county.pk, county.pk],
        )
        (done,) = cursor.fetchone()
        if done:
            return done
        cursor.execute(
            "CREATE TEMPORARY TABLE moved AS SELECT id FROM inspections_unit WHERE office_id = %s AND id %% %s = 0",
            [city.pk, share],
        )
        cursor.execute("UPDATE inspections_unit SET office_id = %s WHERE id IN (SELECT id FROM moved)", [county.pk])
        cursor.execute(
            "UPDATE inspections_issue SET home_office_id = %s WHERE unit_id IN (SELECT id FROM moved)", [county.pk]
        )
        cursor.execute(
            "UPDATE inspections_assignment SET supervising_office_id = %s "
            "WHERE unit_id IN (SELECT id FROM moved) AND id %% 2 = 0",
            [county.pk],
        )
        cursor.execute(
            "UPDATE inspections_issue i SET supervising_office_id = a.supervising_office_id "
            "FROM inspections_assignment a WHERE a.id = i.assignment_id AND a.supervising_office_id IS NOT NULL"
        )
        for table in ("inspections_issue", "inspections_unit", "inspections_assignment"):
            cursor.execute(f"ANALYZE {table}")
        cursor.execute(
            "SELECT count(*) FROM inspections_issue WHERE home_office_id = %s AND office_id <> %s",
            [county.pk, county.pk],
        )
        return cursor.fetchone()[0]


@contextmanager
def rules_before():
    """The read paths as they were: issues by office subtree only, the queue on the inspecting office."""
    from django.db.models import Q

    from accounts import scopes
    from accounts.scopes import CLOSE_OUT_REVIEWERS, Paths, offices_reached
    from inspections.choices import IssueStatus
    from inspections.models import Issue
    from inspections.scopes import fed_back
    from rectification import selectors

    rule, queue = scopes._RULES["inspections.issue"], selectors.issues_awaiting_review

    def old_queue(*, user):
        offices = offices_reached(user, CLOSE_OUT_REVIEWERS)
        if offices is None:
            return Issue.objects.none()
        return (
            Issue.objects.visible_to(user)
            .filter(Q(status=IssueStatus.PENDING_REVIEW), office__in=offices)
            .select_related("unit", "round", "group", "category", "office")
            .order_by("status_changed_at", "id")
        )

    scopes.register("inspections.issue", Paths(office="office", group="group", unit="unit", liaison=fed_back()))
    selectors.issues_awaiting_review = old_queue
    try:
        yield
    finally:
        scopes.register("inspections.issue", rule)
        selectors.issues_awaiting_review = queue


def measure(client, url: str, n: int) -> tuple[float, float, int]:
    client.get(url)
    times = []
    for _ in range(n):
        started = time.perf_counter()
        response = client.get(url)
        times.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, response.content[:300]
    count = response.json()["count"] if url.startswith("/api/") else -1
    return percentile(times, 50), percentile(times, 95), count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", type=int, help="migrate and load seed_demo --scale N first")
    parser.add_argument("--share", type=int, default=10, help="one in SHARE of the city's units moves (default 10)")
    parser.add_argument("--requests", type=int, default=40, help="requests per URL and mode")
    parser.add_argument("--write", action="store_true", help="append the results to docs/performance.md")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    from accounts.models import User
    from inspections.models import Issue

    settings.ALLOWED_HOSTS = ["*"]
    if args.load:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", scale=args.load)
        print(f"loaded {args.load} issues in {time.perf_counter() - started:.1f} s")
    moved = widen(args.share)
    total = Issue.objects.count()
    print(f"{total:,} issues; {moved:,} of the city's rounds in the county's units")

    rows = []
    for mode in ("before", "after"):
        user = User.objects.get(username="county_supervisor")
        client = Client()
        client.force_login(user)
        with rules_before() if mode == "before" else contextmanager(lambda: (yield))():
            for label, url in URLS.items():
                p50, p95, count = measure(client, url, args.requests)
                rows.append((label, mode, count, p50, p95))
                print(f"{label:32} {mode:6} rows={count:>8} p50={p50:6.1f} p95={p95:6.1f} ms")

    if args.write:
        lines = [
            "",
            f"### County supervisor's wider scope, {total:,} issues ({time.strftime('%Y-%m-%d')})",
            "",
            f"`bench/two_level.py`: one in {args.share} of the city's units moved under the county "
            f"({moved:,} issues of city rounds now in its area, half of their assignments handed over); "
            f"{args.requests} requests each as `county_supervisor`, in-process through the whole stack. "
            "Before = the issue scope rule and queue as on main, re-registered in-process.",
            "",
            "| URL | mode | visible rows | p50 ms | p95 ms |",
            "|---|---|---:|---:|---:|",
        ]
        for label, mode, count, p50, p95 in rows:
            lines.append(f"| {label} | {mode} | {'' if count < 0 else f'{count:,}'} | {p50:.1f} | {p95:.1f} |")
        with open(BASE / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
