"""Issue list API latency at scale, beside the bare SQL of the same page.

Usage (own embedded PostgreSQL under .run/pg-bench, loaded once with 1,000,000 issues):

    .venv/bin/python -m config.embedded --profile bench -- .venv/bin/python bench/api_issue_list.py --load 1000000
    .venv/bin/python -m config.embedded --profile bench -- .venv/bin/python bench/api_issue_list.py

For each user (county supervisor, inspector) and each filter set it sends N requests for a
50-row page of GET /api/v1/issues/ through Django's full stack (middleware, auth, scope rules,
filters, serializers, JSON) in-process, and runs the two SQL statements the page needs
(count + page) directly on the same connection: the floor. It prints p50/p95 of both and
their ratio, and with --write appends the table to docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", type=int, help="migrate and load seed_demo --scale N first")
    parser.add_argument("--requests", type=int, default=60, help="requests per user and filter set")
    parser.add_argument("--write", action="store_true", help="append the results to docs/performance.md")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.ALLOWED_HOSTS = ["*"]
    if args.load:
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        call_command("seed_demo", scale=args.load)
        print(f"loaded {args.load} issues in {time.perf_counter() - started:.1f} s")

    from django.db.models import Count
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from inspections.models import Issue

    total = Issue.objects.count()
    results = []
    for username in ("county_supervisor", "inspector"):
        user = User.objects.get(username=username)
        # The user's own round with the most issues, for the round filter.
        own_round = (
            Issue.objects.visible_to(user)
            .values("round")
            .annotate(n=Count("pk"))
            .order_by("-n")
            .values_list("round", flat=True)
            .first()
        )
        filter_sets = {
            "no filter": "",
            "status=rectifying": "status=rectifying",
            "overdue=true": "overdue=true",
            "q=工程": "q=%E5%B7%A5%E7%A8%8B",
            "round + ordering=-deadline": f"round={own_round}&ordering=-deadline",
        }
        # Token auth, as API clients use it (no session row to read and save on each request).
        token, _ = Token.objects.get_or_create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        for label, query in filter_sets.items():
            url = f"/api/v1/issues/?page_size=50&{query}"
            client.get(url)  # warm caches and the connection
            api_times = []
            for _ in range(args.requests):
                started = time.perf_counter()
                response = client.get(url)
                api_times.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.content[:300]
            visible = response.json()["count"]
            # The floor: the same SQL the page ran, straight on the connection.
            with CaptureQueriesContext(connection) as captured:
                client.get(url)
            statements = [
                q["sql"]
                for q in captured.captured_queries
                if "inspections_issue" in q["sql"] and ("COUNT(" in q["sql"] or "LIMIT" in q["sql"])
            ]
            sql_times = []
            with connection.cursor() as cursor:
                for _ in range(args.requests):
                    started = time.perf_counter()
                    for sql in statements:
                        cursor.execute(sql)
                        cursor.fetchall()
                    sql_times.append((time.perf_counter() - started) * 1000)
            row = {
                "user": username,
                "filter": label,
                "visible": visible,
                "queries": len(captured.captured_queries),
                "api_p50": percentile(api_times, 50),
                "api_p95": percentile(api_times, 95),
                "sql_p50": percentile(sql_times, 50),
                "sql_p95": percentile(sql_times, 95),
            }
            row["ratio"] = row["api_p95"] / row["sql_p95"] if row["sql_p95"] else float("nan")
            results.append(row)
            print(
                f"{username:18} {label:28} rows={visible:>8} queries={row['queries']:>2} "
                f"api p50={row['api_p50']:6.1f} p95={row['api_p95']:6.1f} ms | "
                f"sql p50={row['sql_p50']:6.1f} p95={row['sql_p95']:6.1f} ms | ratio {row['ratio']:.1f}"
            )

    if args.write:
        lines = [
            "",
            f"### Issue list API, {total:,} issues ({time.strftime('%Y-%m-%d')})",
            "",
            "`GET /api/v1/issues/?page_size=50&…`, in-process through the whole Django stack, "
            f"{args.requests} requests each; SQL = the statements that read the issue table for that page (count, page ids, page rows) run bare on the same connection.",
            "",
            "| user | filter | visible rows | queries | API p50 ms | API p95 ms | SQL p50 ms | SQL p95 ms | API/SQL p95 |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            lines.append(
                f"| {r['user']} | {r['filter']} | {r['visible']:,} | {r['queries']} | {r['api_p50']:.1f} | "
                f"{r['api_p95']:.1f} | {r['sql_p50']:.1f} | {r['sql_p95']:.1f} | {r['ratio']:.1f} |"
            )
        with open(BASE / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    worst = max(r["api_p95"] for r in results)
    print(f"worst API p95: {worst:.1f} ms (target < 100 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
