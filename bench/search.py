"""City-wide Chinese search at scale: the API and the HTML issue list, beside the bare SQL.

Usage (own embedded PostgreSQL, loaded once with ``seed_demo --scale N``):

    .venv/bin/python -m config.embedded --profile commonsbench -- .venv/bin/python manage.py migrate
    .venv/bin/python -m config.embedded --profile commonsbench -- .venv/bin/python manage.py seed_demo --scale 1000000
    .venv/bin/python -m config.embedded --profile commonsbench -- .venv/bin/python bench/search.py

As ``supervisor`` (the city office: every issue of the scale load is in his scope) it sends N
requests for each search term to ``GET /api/v1/issues/?q=…`` (50 rows) and to the HTML list
``/issues/?q=…``, in-process through the whole Django stack (middleware, session or token auth,
scope rules, filters, serializer or template), and runs the statements that read the issue
table for that page (count + page) bare on the same connection: the floor. With ``--compare``
it also times the bare SQL of the plain substring match without the index condition (what the
search cost before the index). Prints p50/p95; ``--write`` appends the table to
docs/performance.md.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from urllib.parse import quote

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")

TERMS = ("工程", "津贴", "工", "违规发放", "不存在的问题词")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))
    return ordered[index]


def timed(call, n: int) -> list[float]:
    times = []
    for _ in range(n):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30, help="requests per term and screen")
    parser.add_argument("--user", default="supervisor")
    parser.add_argument("--compare", action="store_true", help="also time the unindexed substring SQL")
    parser.add_argument("--write", action="store_true", help="append the results to docs/performance.md")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from rest_framework.authtoken.models import Token

    from accounts.models import User
    from inspections.models import Issue

    settings.ALLOWED_HOSTS = ["*"]
    user = User.objects.get(username=args.user)
    total = Issue.objects.count()
    visible_all = Issue.objects.visible_to(user).count()
    token, _ = Token.objects.get_or_create(user=user)
    api = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
    html = Client()
    html.force_login(user)
    print(f"{total:,} issues, {visible_all:,} visible to {args.user}")

    def floor(client, url):
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        statements = [
            q["sql"]
            for q in captured.captured_queries
            if "inspections_issue" in q["sql"] and "search_grams" in q["sql"]
        ]
        with connection.cursor() as cursor:

            def run():
                for sql in statements:
                    cursor.execute(sql)
                    cursor.fetchall()

            return timed(run, args.requests), statements

    results = []
    for term in TERMS:
        q = quote(term)
        for screen, client, url in (
            ("API", api, f"/api/v1/issues/?page_size=50&q={q}"),
            ("HTML", html, f"/issues/?q={q}"),
        ):
            response = client.get(url)  # warm caches and the connection
            assert response.status_code == 200, response.content[:300]
            times = timed(lambda c=client, u=url: c.get(u), args.requests)
            sql_times, statements = floor(client, url)
            row = {
                "term": term,
                "screen": screen,
                "rows": None,
                "p50": percentile(times, 50),
                "p95": percentile(times, 95),
                "sql_p50": percentile(sql_times, 50),
                "sql_p95": percentile(sql_times, 95),
                "statements": len(statements),
            }
            if screen == "API":
                row["rows"] = response.json()["count"]
            if args.compare and screen == "API":
                # What the page costs without the index: the substring match alone, a bounded
                # count (the first 10,001 matches) and the newest 50 matches.
                like = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
                plain = [
                    "SELECT count(*) FROM (SELECT i.id FROM inspections_issue i WHERE (i.code LIKE %s OR i.title"
                    " LIKE %s OR i.unit_id IN (SELECT u.id FROM inspections_unit u WHERE u.name LIKE %s)) LIMIT 10001) s",
                    "SELECT i.id FROM inspections_issue i WHERE (i.code LIKE %s OR i.title LIKE %s OR i.unit_id IN"
                    " (SELECT u.id FROM inspections_unit u WHERE u.name LIKE %s)) ORDER BY i.id DESC LIMIT 50",
                ]
                with connection.cursor() as cursor:
                    row["plain_p95"] = percentile(
                        timed(
                            lambda plain=plain, like=like: [
                                cursor.execute(s, [like] * 3) or cursor.fetchall() for s in plain
                            ],
                            max(3, args.requests // 10),
                        ),
                        95,
                    )
            results.append(row)
            extra = f" | unindexed count+page p95={row['plain_p95']:7.1f}" if "plain_p95" in row else ""
            print(
                f"{term:10} {screen:4} rows={row['rows'] if row['rows'] is not None else '':>8} "
                f"p50={row['p50']:6.1f} p95={row['p95']:6.1f} ms | sql p50={row['sql_p50']:6.1f} "
                f"p95={row['sql_p95']:6.1f} ms ({row['statements']} statements){extra}"
            )

    if args.write:
        lines = [
            "",
            f"### City-wide search, {total:,} issues ({time.strftime('%Y-%m-%d')})",
            "",
            f"As `{args.user}` ({visible_all:,} issues in scope), {args.requests} requests each, in-process; "
            "SQL = the statements of the page that read the issue table with the search condition, bare on the same connection.",
            "",
            "| term | screen | matches | p50 ms | p95 ms | SQL p50 ms | SQL p95 ms |",
            "|---|---|---:|---:|---:|---:|---:|",
        ]
        for r in results:
            matches = f"{r['rows']:,}" if r["rows"] is not None else ""
            lines.append(
                f"| {r['term']} | {r['screen']} | {matches} | {r['p50']:.1f} | {r['p95']:.1f} | "
                f"{r['sql_p50']:.1f} | {r['sql_p95']:.1f} |"
            )
        with open(BASE / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    for screen, target in (("API", 100), ("HTML", 300)):
        worst = max(r["p95"] for r in results if r["screen"] == screen)
        print(f"worst {screen} p95: {worst:.1f} ms (target < {target} ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
