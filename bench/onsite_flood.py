# ruff: noqa: S310 - the URLs are built here from 127.0.0.1 and a port this script picked
"""Flood the public reporting page (码上巡察, issue 17) from one address while other addresses report.

    .venv/bin/python -m config.embedded --profile flood -- .venv/bin/python bench/onsite_flood.py

In the embedded database of the profile it migrates, makes the test world (tests/factories) and
opens a public channel for one on-site assignment; starts ``manage.py runserver`` (one process,
no threads, DEBUG off, the test settings: the captcha accepts “PASSED”) with
``CLIENT_IP_HEADERS=HTTP_X_FORWARDED_FOR,REMOTE_ADDR`` so that one machine can speak as many
addresses; then for ``--seconds`` 8 threads fetch the page as one address while, 3 s in, five other
addresses each send a report (form, CSRF, captcha). Prints one JSON line: the flood's answers by
status and rate, the five reports' statuses, and the letters stored. Stops the server at the end.
"""

from __future__ import annotations

import argparse
import collections
import http.cookiejar
import json
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
FLOODER = "45.33.32.156"
SETUP = """
import datetime as dt
from django.core.cache import cache
from inspections import deadlines
from onsite.public import channel_open
from tests.factories import make_world
cache.clear()
w = make_world()
today = deadlines.today()
c = channel_open(actor=w.group_leader_x, assignment=w.assignment_x, opens_on=today, closes_on=today + dt.timedelta(days=20))
print("TOKEN", c.token)
"""
COUNT = "from onsite.models import Letter; print('LETTERS', Letter.objects.filter(channel='public').count())"


def manage(env, *args) -> str:
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=BASE_DIR, env=env, check=True, capture_output=True, text=True).stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str, address: str) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers={"X-Forwarded-For": address}), timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def report(url: str, address: str, n: int) -> int:
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        page = opener.open(urllib.request.Request(url, headers={"X-Forwarded-For": address}), timeout=10).read()
    except urllib.error.HTTPError as error:
        return error.code
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.decode()).group(1)
    fields = {
        "csrfmiddlewaretoken": csrf,
        "subject": f"反映{n}",
        "text": "内容",
        "captcha_0": "x",
        "captcha_1": "PASSED",
    }
    headers = {"X-Forwarded-For": address, "Referer": url}
    try:
        request = urllib.request.Request(url, data=urllib.parse.urlencode(fields).encode(), headers=headers)
        with opener.open(request, timeout=10) as r:
            return r.status
    except urllib.error.HTTPError as error:
        return error.code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--threads", type=int, default=8)
    args = parser.parse_args()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "CLIENT_IP_HEADERS": "HTTP_X_FORWARDED_FOR,REMOTE_ADDR",
    }
    manage(env, "migrate", "-v0")
    token = re.search(r"TOKEN (\S+)", manage(env, "shell", "-c", SETUP)).group(1)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload", "--nothreading"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/public/reports/{token}/"
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                time.sleep(0.2)
        counts: collections.Counter = collections.Counter()
        lock = threading.Lock()
        stop = time.monotonic() + args.seconds

        def flood():
            while time.monotonic() < stop:
                code = fetch(url, FLOODER)
                with lock:
                    counts[code] += 1

        threads = [threading.Thread(target=flood) for _ in range(args.threads)]
        started = time.monotonic()
        for thread in threads:
            thread.start()
        time.sleep(3)
        others = [report(url, f"198.51.100.{n}", n) for n in range(1, 6)]
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=20)
    letters = int(re.search(r"LETTERS (\d+)", manage(env, "shell", "-c", COUNT)).group(1))
    total = sum(counts.values())
    print(
        json.dumps(
            {
                "flood_requests": total,
                "flood_per_second": round(total / elapsed),
                "flood_statuses": dict(sorted(counts.items())),
                "other_addresses_reports": others,
                "letters_stored": letters,
            }
        )
    )


if __name__ == "__main__":
    main()
