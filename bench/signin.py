"""Sign-in timing: where the time of a successful sign-in goes, beside the bare password hash.

    .venv/bin/python -m config.embedded --profile signin -- .venv/bin/python manage.py migrate
    .venv/bin/python -m config.embedded --profile signin -- .venv/bin/python bench/signin.py [--runs 30]

Uses the project's settings (``config.settings.local``; the password hashers are the production
ones), a throw-away user, and Django's test client POSTing to ``/login/`` exactly as the form does
(CSRF checks off, as the test client does). For each run it records the whole request, and
separately: the bare hash (``check_password`` on the stored hash), the form's ``authenticate``
(hash + django-axes), and the captcha check (``captcha_required``). Prints p50/p95 of each, and
the CPU time of the hash and of the whole request (this process's own time: what the request
costs on an idle machine, whatever the other processes on a shared one do).
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

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import authenticate  # noqa: E402
from django.contrib.auth.hashers import check_password, get_hasher  # noqa: E402
from django.test import Client, RequestFactory  # noqa: E402

from accounts.models import User  # noqa: E402
from accounts.security import captcha_required  # noqa: E402

USERNAME, PASSWORD = "bench_signin", "Bench-signin-2026!"


def p(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, round(q * (len(values) - 1)))] * 1000


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--hasher", help="a hasher class to put first (e.g. the old PBKDF2 one, to compare)")
    args = parser.parse_args()
    settings.ALLOWED_HOSTS = ["*"]
    if args.hasher:
        from django.contrib.auth.hashers import get_hashers

        settings.PASSWORD_HASHERS = [args.hasher, *settings.PASSWORD_HASHERS]
        get_hashers.cache_clear()
    user, _ = User.objects.get_or_create(username=USERNAME)
    user.set_password(PASSWORD)
    user.must_change_password = False
    user.save()
    encoded = User.objects.get(pk=user.pk).password
    hasher = get_hasher()
    timings: dict[str, list[float]] = {"request": [], "hash": [], "authenticate": [], "captcha": [], "hash_cpu": []}
    factory = RequestFactory()
    for _ in range(args.runs):
        start, cpu = time.perf_counter(), time.process_time()
        assert check_password(PASSWORD, encoded)
        timings["hash"].append(time.perf_counter() - start)
        timings["hash_cpu"].append(time.process_time() - cpu)

        request = factory.post("/login/", {"username": USERNAME, "password": PASSWORD})
        start = time.perf_counter()
        captcha_required(request, USERNAME)
        timings["captcha"].append(time.perf_counter() - start)

        start = time.perf_counter()
        assert authenticate(request, username=USERNAME, password=PASSWORD) is not None
        timings["authenticate"].append(time.perf_counter() - start)

        client = Client()
        client.get("/login/")
        start, cpu = time.perf_counter(), time.process_time()
        response = client.post("/login/", {"username": USERNAME, "password": PASSWORD})
        timings["request"].append(time.perf_counter() - start)
        timings.setdefault("request_cpu", []).append(time.process_time() - cpu)
        assert response.status_code == 302, response.status_code
    print(f"hasher: {hasher.algorithm} {getattr(hasher, 'iterations', '')}".strip())
    print(f"load average: {os.getloadavg()}")
    for name, values in timings.items():
        print(
            f"{name:>13}: p50 {p(values, 0.5):7.1f} ms   p95 {p(values, 0.95):7.1f} ms   mean {statistics.mean(values) * 1000:7.1f} ms"
        )


if __name__ == "__main__":
    main()
