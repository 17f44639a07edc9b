"""Similar findings at scale: the index build, and the similar list of one finding (p50/p95),
through the selector and through the API, for readers of different reach.

Usage (own embedded PostgreSQL under .run/pg-simbench, loaded once):

    .venv/bin/python -m config.embedded --profile simbench -- .venv/bin/python bench/similar.py --load 100000
    .venv/bin/python -m config.embedded --profile simbench -- .venv/bin/python bench/similar.py

It builds the index from empty (first run) and again (the idempotent nightly rebuild: nothing to
rewrite), then for each user asks for the similar list of N random findings he can see.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * (len(ordered) - 1))))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--load", type=int, help="migrate and load seed_demo --scale N first")
    parser.add_argument("--requests", type=int, default=60, help="similar lists per user")
    parser.add_argument("--skip-build", action="store_true", help="use the index as it is")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.test import APIClient

    settings.ALLOWED_HOSTS = ["*"]
    if args.load:
        # manage.py migrates as the owner role (the application's role owns nothing).
        subprocess.run([sys.executable, str(BASE / "manage.py"), "migrate", "--noinput", "-v0"], check=True)
        started = time.perf_counter()
        call_command("seed_demo", scale=args.load)
        print(f"loaded {args.load} issues in {time.perf_counter() - started:.1f} s")

    from accounts.models import User
    from inspections.models import Issue
    from similarity import index, selectors

    total = Issue.objects.count()
    print(f"{total} issues")
    if not args.skip_build:
        for label in ("first build", "rebuild (idempotent)"):
            started = time.perf_counter()
            counts = index.rebuild(log=lambda m: print(f"    {m}"))
            print(f"{label}: {time.perf_counter() - started:.1f} s, {counts}")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('similarity_posting')), "
            "pg_size_pretty(pg_total_relation_size('similarity_issueterms')), (SELECT count(*) FROM similarity_posting)"
        )
        print("posting size {}, vectors size {}, {} postings".format(*cursor.fetchone()))

    for username in ("admin", "county_supervisor", "inspector", "liaison"):
        user = User.objects.filter(username=username).first()
        if user is None:
            continue
        visible = Issue.objects.visible_to(user)
        ids = list(visible.order_by("?").values_list("pk", flat=True)[: args.requests])
        if not ids:
            continue
        issues = {i.pk: i for i in Issue.objects.filter(pk__in=ids).select_related("unit")}
        selector, through_api, found = [], [], 0
        client = APIClient()
        client.force_authenticate(user)
        for pk in ids:
            started = time.perf_counter()
            rows = selectors.similar_issues(user, issues[pk], 5)
            selector.append((time.perf_counter() - started) * 1000)
            found += len(rows)
            started = time.perf_counter()
            response = client.get(f"/api/v1/issues/{pk}/similar/")
            through_api.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.content
        print(
            f"{username:<18} sees {visible.count():>8}: selector p50 {percentile(selector, 50):6.1f} ms "
            f"p95 {percentile(selector, 95):6.1f} ms | API p50 {percentile(through_api, 50):6.1f} ms "
            f"p95 {percentile(through_api, 95):6.1f} ms | {found / len(ids):.1f} similar per finding"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
