"""Load test: 50 simulated users for 2 minutes against gunicorn on 127.0.0.1 with the demo data.

    .venv/bin/python -m config.embedded --profile loadtest -- .venv/bin/python bench/load_test.py [--write]

Loads the demo data (idempotent), prepares work for the run (issues waiting for close-out,
the liaison's rectifying issues), starts gunicorn, runs locust headless (bench/locustfile.py,
bounded by time), stops everything, then checks that every write the clients saw succeed is in
the database (no lost writes) and that no request failed. Prints requests/s and p50/p95, and
with --write appends them to docs/performance.md.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
OUT = BASE / ".run" / "load"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare(closable: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    call_command("seed_demo", verbosity=0)

    from accounts.models import Office, RoleAssignment
    from inspections.choices import IssueStatus
    from inspections.models import Assignment, Issue, IssueCategory

    liaison_unit = RoleAssignment.objects.get(user__username="liaison", role="liaison").unit_id
    inspector_assignment = (
        Assignment.objects.filter(group__memberships__user__username="inspector")
        .order_by("-round__planned_start")
        .values_list("pk", flat=True)
        .first()
    )
    city = Office.objects.get(parent__isnull=True)
    # Issues waiting for close-out in the city's own rounds, one per close-out the run may do.
    source = Assignment.objects.filter(round__office=city, feedback_date__isnull=False).order_by("pk").first()
    category = IssueCategory.objects.filter(parent__isnull=False).order_by("pk").first()
    stamp = timezone.now().strftime("%H%M%S")
    prepared = []
    for n in range(closable):
        issue = Issue(
            assignment=source,
            category=category,
            code=f"LOAD-{stamp}-{n:05d}",
            title="压测待销号问题",
            found_on=timezone.localdate(),
            status=IssueStatus.PENDING_REVIEW,
        )
        issue.copy_from_assignment()
        prepared.append(issue)
    Issue.objects.bulk_create(prepared)
    return {
        "pending_review": [issue.pk for issue in prepared],
        "liaison_rectifying": list(
            Issue.objects.filter(unit_id=liaison_unit, status=IssueStatus.RECTIFYING).values_list("pk", flat=True)
        ),
        "inspector_assignment": inspector_assignment,
        "categories": list(IssueCategory.objects.filter(parent__isnull=False).values_list("pk", flat=True)[:20]),
        "city_office": city.pk,
        "today": dt.date.today().isoformat(),
    }


def database_counts() -> dict:
    from inspections.choices import IssueStatus
    from inspections.models import Issue
    from rectification.models import Progress

    return {
        "issues": Issue.objects.count(),
        "progress": Progress.objects.count(),
        "closed": Issue.objects.filter(status=IssueStatus.CLOSED).count(),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=int, default=120)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()

    OUT.mkdir(parents=True, exist_ok=True)
    work = prepare(closable=2000)
    (OUT / "work.json").write_text(json.dumps(work))
    before = database_counts()

    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "LOAD_WORK_FILE": str(OUT / "work.json"),
        "LOAD_WRITES_FILE": str(OUT / "writes.json"),
    }
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(args.workers),
            "--threads",
            "4",
            "--timeout",
            "60",
            # Longer than the clients' pauses, so an idle keep-alive connection is not closed
            # by the server just as a client reuses it (that race shows as connection resets).
            "--keep-alive",
            "30",
            "--log-level",
            "warning",
        ],
        cwd=BASE,
        env=env,
        start_new_session=True,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        started = time.monotonic()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "locust",
                "-f",
                str(BASE / "bench" / "locustfile.py"),
                "--headless",
                "-u",
                str(args.users),
                "-r",
                "10",
                "-t",
                f"{args.seconds}s",
                "--host",
                f"http://127.0.0.1:{port}",
                "--csv",
                str(OUT / "locust"),
                "--only-summary",
                "--stop-timeout",
                "10",
            ],
            cwd=BASE,
            env=env,
            check=False,
            timeout=args.seconds + 120,
        )
        elapsed = time.monotonic() - started
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)

    after = database_counts()
    writes = json.loads((OUT / "writes.json").read_text())
    with open(OUT / "locust_stats.csv", newline="") as handle:
        rows = {row["Name"]: row for row in csv.DictReader(handle)}
    total = rows["Aggregated"]
    failures = int(total["Failure Count"])
    lost = {
        "issues": (after["issues"] - before["issues"]) - writes["issues_created"],
        "progress": (after["progress"] - before["progress"]) - writes["progress_created"],
        "closed": (after["closed"] - before["closed"]) - writes["issues_closed"],
    }
    print(
        f"run {elapsed:.0f} s, {args.users} users: {total['Request Count']} requests, {failures} failures, "
        f"{float(total['Requests/s']):.1f} req/s, p50 {total['50%']} ms, p95 {total['95%']} ms"
    )
    print(f"writes seen by clients: {writes}; database deltas minus writes (must be 0): {lost}")
    for name, row in rows.items():
        if name != "Aggregated":
            print(
                f"  {name:34} n={row['Request Count']:>6} p50={row['50%']:>5} p95={row['95%']:>5} fail={row['Failure Count']}"
            )

    if args.write:
        lines = [
            "",
            f"### Load test ({time.strftime('%Y-%m-%d')})",
            "",
            f"`bench/load_test.py`: {args.users} users for {args.seconds} s against gunicorn "
            f"({args.workers} workers × 4 threads) on 127.0.0.1, demo data, this 2-core machine; "
            "client (locust) on the same machine.",
            "",
            "| request | count | failures | p50 ms | p95 ms |",
            "|---|---:|---:|---:|---:|",
        ]
        for name, row in rows.items():
            lines.append(f"| {name} | {row['Request Count']} | {row['Failure Count']} | {row['50%']} | {row['95%']} |")
        lines += [
            "",
            f"Throughput {float(total['Requests/s']):.1f} requests/s. Writes the clients saw succeed: {writes}; "
            f"database deltas minus those writes: {lost} (0 = nothing lost).",
        ]
        with open(BASE / "docs" / "performance.md", "a", encoding="utf-8") as out:
            out.write("\n".join(lines) + "\n")
    return 0 if failures == 0 and not any(lost.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
