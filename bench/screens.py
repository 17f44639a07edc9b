"""Screens bench: what each demo role opens, timed through the whole Django stack, against the database loaded.

    .venv/bin/python -m config.embedded --profile screens -- sh -c '.venv/bin/python manage.py migrate \
        && .venv/bin/python manage.py seed_demo && .venv/bin/python bench/screens.py'
    .venv/bin/python bench/screens.py [--runs 9] [--roles supervisor,liaison] [--only /issues/]

Signs in through the login form (session cookie, GET /login/ then POST, as a browser does) as each
demo role — the city supervisor, a county supervisor, an inspector, the liaison, the leader — then
times every screen of that role's navigation (workbench/templatetags/navigation.py, computed for
the user, so the list follows the menu) plus the most used filters and sorts of the issue list, and
the API lists behind them. Each URL is fetched once to warm up, then ``--runs`` times; the table
gives p50/p95 in ms and, in brackets, the ratio of the p50 to the liaison's p50 for the same URL
("—" where the liaison has no such screen). Requests go through Django's test client in this
process (middleware, sessions, scoping, templates, serializers; no gunicorn or network), with
DEBUG off. Prints the machine load (1-minute load average and cores) with the table: on a shared
machine the absolute figures move with it, the ratios much less.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "0")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402

from accounts.models import User  # noqa: E402
from inspections.models import Issue  # noqa: E402
from workbench.templatetags.navigation import navigation  # noqa: E402

ROLES = ["supervisor", "county_supervisor", "inspector", "liaison", "leader"]
LABELS = {
    "supervisor": "市审核",
    "county_supervisor": "县审核",
    "inspector": "巡察员",
    "liaison": "联络员",
    "leader": "领导",
}
BASELINE = "liaison"
SKIP = {"/admin/"}  # the Django admin is not a product screen
# The most used filters and sorts, on top of the navigation (the issue list is every role's main list).
HTML_EXTRA = ["/issues/?ordering=-deadline", "/issues/?status=rectifying", "/issues/?q=工程"]
API = [
    "/api/v1/issues/",
    "/api/v1/issues/?ordering=-deadline",
    "/api/v1/issues/?status=rectifying",
    "/api/v1/issues/?q=工程",
    "/api/v1/rounds/",
    "/api/v1/assignments/",
    "/api/v1/units/",
    "/api/v1/plans/",
    "/api/v1/alerts/",
    "/api/v1/notifications/",
    "/api/v1/stats/summary/",
]


def sign_in(username: str, password: str) -> Client:
    client = Client()
    page = client.get("/login/")
    assert page.status_code == 200, page.status_code
    response = client.post("/login/", {"username": username, "password": password})
    assert response.status_code == 302 and "_auth_user_id" in client.session, (username, response.status_code)
    return client


def navigation_urls(user) -> list[str]:
    request = RequestFactory().get("/")
    request.user = user
    urls = []
    for item in navigation({"request": request}):
        for url in [item["url"], *[child["url"] for child in item.get("children", ())]]:
            if url not in urls and url not in SKIP and not url.endswith(("/new/", "/create/", "/upload/")):
                urls.append(url)
    return urls


def time_url(client: Client, url: str, runs: int) -> tuple[int, list[float]]:
    status = client.get(url).status_code  # warm-up (and the status shown)
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
        times.append((time.perf_counter() - start) * 1000)
    return status, times


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--only", help="time only the URLs containing this text")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    roles = args.roles.split(",")
    password = settings.DEMO_PASSWORD

    results: dict[str, dict[str, tuple[int, float, float]]] = {}
    order: list[str] = []
    started = time.perf_counter()
    loads = [os.getloadavg()[0]]
    for username in roles:
        user = User.objects.get(username=username)
        client = sign_in(username, password)
        urls = navigation_urls(user) + HTML_EXTRA + API
        for url in urls:
            if args.only and args.only not in url:
                continue
            if url not in order:
                order.append(url)
            status, times = time_url(client, url, args.runs)
            results.setdefault(url, {})[username] = (status, statistics.median(times), pct(times, 0.95))
        loads.append(os.getloadavg()[0])
        print(f"# {username}: {len(urls)} URLs, {time.perf_counter() - started:.0f} s", file=sys.stderr)

    print(
        f"Findings in the database: {Issue.objects.count():,}; runs per URL: {args.runs} (after one warm-up); "
        f"load average (1 min) {min(loads):.1f}–{max(loads):.1f} on {os.cpu_count()} cores."
    )
    print("Cell: p50 / p95 ms (p50 ÷ the liaison's p50); a status other than 200 is shown.\n")
    print("| screen | " + " | ".join(LABELS.get(r, r) for r in roles) + " |")
    print("|---|" + "---:|" * len(roles))
    for url in order:
        cells = []
        base = results[url].get(BASELINE)
        for role in roles:
            if role not in results[url]:
                cells.append("—")
                continue
            status, p50, p95 = results[url][role]
            cell = f"{p50:.0f} / {p95:.0f}"
            if status != 200:
                cell += f" [{status}]"
            if base and base[0] == 200 and status == 200 and role != BASELINE:
                cell += f" (×{p50 / base[1]:.1f})"
            cells.append(cell)
        print(f"| `{url}` | " + " | ".join(cells) + " |")


if __name__ == "__main__":
    main()
