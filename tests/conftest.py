"""Shared fixtures: a real Celery worker process, demo accounts, Chromium for Playwright."""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: `playwright install` cannot download browsers here."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless=new",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
            "--disable-quic",
        ],
    }


@pytest.fixture
def demo_accounts(db):
    """The demo offices and one account per role, as `seed_demo` makes them."""
    from demo.accounts import seed_accounts, seed_offices

    offices = seed_offices()
    users = seed_accounts(offices=offices, password=settings.DEMO_PASSWORD)
    return {user.username: user for user in users}


_running_worker: dict = {}


def _quiesce_worker(hostname: str, timeout: float = 30.0) -> None:
    """Drop the tasks a test left queued and wait until the worker has finished the one it is running.

    A purge empties the broker's queues only: a task queued with a countdown (the statistics drain,
    dashboard/tasks.py) is already in the worker's memory, waiting for its time, and would run during
    the flush. Those are revoked, and the drain's Redis marks (stale with the test's rows) cleared."""
    from config.celery import app
    from dashboard import tasks as stats_tasks

    app.control.purge()
    inspect = app.control.inspect(destination=[hostname], timeout=1.0)
    held = [
        request.get("request", request).get("id")
        for found in ((inspect.scheduled() or {}), (inspect.reserved() or {}))
        for requests in found.values()
        for request in requests
    ]
    if held:
        app.control.revoke([task_id for task_id in held if task_id], destination=[hostname], reply=True, timeout=1.0)
    stats_tasks.client().delete(stats_tasks.PENDING_KEY, stats_tasks.SCHEDULED_KEY)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        replies = app.control.inspect(destination=[hostname], timeout=1.0, limit=1).active() or {}
        if not any(replies.values()):
            return
        time.sleep(0.05)


@pytest.fixture(autouse=True)
def _fresh_cached_counts(request):
    """Each test's database is new but the Redis cache is the session's: move the generations the
    cached counts are keyed by (core/generations.py), so that no test reads another's counts."""
    if request.node.get_closest_marker("django_db") or {"db", "transactional_db"} & set(request.fixturenames):
        from core import generations

        for name in ("reviews", "breakdowns", "stats"):
            generations.bump(name)


@pytest.fixture(autouse=True)
def _worker_idle_before_flush(request):
    """Once the session's real worker runs, a transactional test's commits queue tasks it picks up (a saved
    finding queues its similarity index). Such a task must not run while the test's teardown truncates every
    table: the two lock the same tables in opposite orders and PostgreSQL kills one (deadlock). This fixture
    is set up after pytest-django's database fixture, so its teardown runs before the flush."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    if not transactional and {"transactional_db", "live_server"} & set(request.fixturenames):
        request.getfixturevalue("transactional_db")  # set up first, so torn down (flushed) after this one
        transactional = True
    yield
    if transactional and _running_worker:
        _quiesce_worker(_running_worker["hostname"])


@pytest.fixture(scope="session")
def celery_worker_process(django_db_setup, django_db_blocker, tmp_path_factory):
    """A real `celery worker` process on the real Redis, writing to the test database."""
    from django.db import connection

    from config.celery import app

    log = tmp_path_factory.mktemp("celery") / "worker.log"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_WORKER_DATABASE_NAME": connection.settings_dict["NAME"],
    }
    hostname = f"test-worker-{os.getpid()}@localhost"
    app.control.purge()  # tasks queued by earlier tests (a saved finding queues its index) are stale
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                f"--hostname={hostname}",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"Celery worker exited early:\n{log.read_text()}")
        if app.control.ping(destination=[hostname], timeout=0.5):
            break
    else:
        proc.kill()
        raise RuntimeError(f"Celery worker did not answer within 60 s:\n{log.read_text()}")
    _running_worker["hostname"] = hostname
    yield {"process": proc, "hostname": hostname, "log": log}
    _running_worker.clear()
    proc.terminate()
    try:
        proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
