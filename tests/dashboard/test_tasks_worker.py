"""The statistics and alert jobs in a real Celery worker process, through the real Redis broker,
against the test database: a close-out reaches the completion rate within seconds, the alert
task reruns without duplicates, and a worker killed mid-recompute and restarted leaves the
right figures."""

import os
import signal
import subprocess
import sys
import time
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django_celery_results.models import TaskResult
from rest_framework.test import APIRequestFactory, force_authenticate

from accounts.models import Office, User
from alerts import tasks as alert_tasks
from alerts.models import Alert
from config.celery import app
from dashboard import stats, tasks
from dashboard.api.summary import StatsSummaryView
from dashboard.models import Stat
from demo.accounts import CITY_OFFICE
from inspections import deadlines
from inspections.choices import IssueStatus
from inspections.models import Issue
from notifications.models import Notification
from rectification import services as rect_services
from rectification.choices import StatScope
from tests.factories import make_clue, make_issue, make_world

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(predicate, timeout: float = 20, every: float = 0.2):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    return predicate()


def quiet():
    """No drain queued or pending: the worker has caught up with every change so far."""
    r = tasks.client()
    return not r.exists(tasks.SCHEDULED_KEY) and not r.zcard(tasks.PENDING_KEY)


def idle(worker) -> bool:
    """The worker runs no task: a drain that took the pending keys has also stored its result."""
    replies = app.control.inspect(destination=[worker["hostname"]], timeout=1.0, limit=1).active() or {}
    return bool(replies) and not any(replies.values())


def office_stat(office):
    return Stat.objects.filter(scope=StatScope.OFFICE, scope_id=office.pk, day=deadlines.today()).first()


@pytest.fixture
def clean_redis():
    r = tasks.client()
    r.delete(tasks.PENDING_KEY, tasks.SCHEDULED_KEY, tasks.FULL_QUEUED_KEY)
    yield r
    r.delete(tasks.PENDING_KEY, tasks.SCHEDULED_KEY, tasks.FULL_QUEUED_KEY)


def test_a_close_out_updates_the_completion_rate_within_seconds(celery_worker_process, clean_redis):
    w = make_world()
    reported = make_issue(w.assignment_x, IssueStatus.PENDING_REVIEW, 1)
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 2)
    assert wait_for(lambda: quiet() and idle(celery_worker_process)), "the worker did not drain the set-up changes"
    stats.recompute_all()
    assert office_stat(w.city).completion_rate == Decimal("0.0")
    started = time.monotonic()
    before = TaskResult.objects.filter(task_name="rectification.tasks.recompute_scopes").count()

    rect_services.issue_close(actor=w.supervisor, issue=reported, funds_refunded_wan=Decimal("2.5"))

    assert wait_for(lambda: office_stat(w.city).issues_closed == 1, timeout=15)
    elapsed = time.monotonic() - started
    city = office_stat(w.city)
    assert city.completion_rate == Decimal("50.0") and city.funds_refunded_wan == Decimal("2.50")
    assert elapsed < 10, f"took {elapsed:.1f} s"
    # The issue's save and the review's save coalesced into one drain.
    assert wait_for(lambda: quiet() and idle(celery_worker_process))
    recomputes = TaskResult.objects.filter(task_name="rectification.tasks.recompute_scopes")
    assert recomputes.count() - before == 1
    assert recomputes.order_by("-date_done").first().worker == celery_worker_process["hostname"]


def test_the_seed_demo_shows_the_seeds_figures_through_the_real_job_and_the_api(celery_worker_process, clean_redis):
    call_command("seed_demo", verbosity=0)
    # seed_demo computes the figures itself; start from none so the worker's job writes them all.
    Stat.objects.all().delete()
    outcome = tasks.recompute_all_stats.delay().get(timeout=60)
    assert outcome["rows"] > 0

    city = Office.objects.get(name=CITY_OFFICE)
    request = APIRequestFactory().get("/api/v1/stats/summary/", {"office": city.pk})
    force_authenticate(request, user=User.objects.get(username="leader"))
    data = StatsSummaryView.as_view()(request).data

    assert data["live"] is False
    assert {key: data[key] for key in SEED} == SEED


SEED = {
    "rounds": 18,
    "units_inspected": 203,
    "issues": 5938,
    "issues_closed": 5847,
    "completion_rate": 98.5,
    "clues_transferred": 937,
    "persons_accountable": 2437,
    "persons_to_judiciary": 56,
    "loss_recovered_wan": "52000.00",
}


def test_rerunning_the_alert_task_creates_no_duplicates(celery_worker_process, clean_redis):
    w = make_world()
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=deadlines.today().replace(year=2025))
    make_issue(w.assignment_a, IssueStatus.RECTIFYING, 2, deadline=deadlines.today().replace(year=2025))
    make_clue(w.assignment_x, w.group_leader_x, "transferred", 1, result_due=deadlines.today().replace(year=2025))
    assert wait_for(quiet)  # the on-commit checks of the set-up raise the alerts already
    day = deadlines.today().isoformat()

    first = alert_tasks.check_alerts.delay(day).get(timeout=30)
    rows = sorted(Alert.objects.values_list("id", "kind", "level", "resolved_at"))
    notes = sorted(Notification.objects.values_list("user_id", "alert_id"))
    second = alert_tasks.check_alerts.delay(day).get(timeout=30)

    assert first["resolved"] == second["resolved"] == 0 and second["raised"] == 0
    assert len(rows) == 3 and all(resolved is None for *_, resolved in rows)
    assert sorted(Alert.objects.values_list("id", "kind", "level", "resolved_at")) == rows
    assert sorted(Notification.objects.values_list("user_id", "alert_id")) == notes


# --- a worker killed mid-run -------------------------------------------------------------------

QUEUE = "stats-kill-test"


def start_worker(name: str, queues: str, log_path) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "TEST_WORKER_DATABASE_NAME": connection.settings_dict["NAME"],
    }
    hostname = f"{name}-{os.getpid()}@localhost"
    with open(log_path, "ab") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "config", "worker", "--pool=solo", "--loglevel=INFO"]
            + [f"--hostname={hostname}", f"--queues={queues}", "--without-gossip", "--without-mingle"],
            cwd=settings.BASE_DIR,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    if not wait_for(lambda: proc.poll() is not None or app.control.ping(destination=[hostname], timeout=0.5), 60):
        proc.kill()
        raise RuntimeError(f"worker {name} did not start:\n{open(log_path).read()}")
    if proc.poll() is not None:
        raise RuntimeError(f"worker {name} exited:\n{open(log_path).read()}")
    return proc


def stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


def blocked_on_advisory_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
        return cursor.fetchone()[0] > 0


def test_a_worker_killed_mid_recompute_and_restarted_leaves_correct_figures(clean_redis, tmp_path):
    w = make_world()
    reported = [make_issue(w.assignment_a, IssueStatus.PENDING_REVIEW, n) for n in range(1, 4)]
    make_issue(w.assignment_a, IssueStatus.RECTIFYING, 4)
    stats.recompute_all()
    clean_redis.delete(tasks.PENDING_KEY, tasks.SCHEDULED_KEY)  # no other worker may drain this test's keys
    log = tmp_path / "workers.log"
    doomed = start_worker("doomed", QUEUE, log)
    restarted = None
    try:
        # Three close-outs written without the on-commit hook, their scopes marked pending.
        Issue.objects.filter(pk__in=[issue.pk for issue in reported]).update(status=IssueStatus.CLOSED)
        keys = sorted(f"issue:{issue.pk}" for issue in reported)
        tasks.mark_pending(keys)
        with connection.cursor() as cursor:
            # Hold the statistics lock so that the worker's recompute stops inside its transaction.
            cursor.execute("SELECT pg_advisory_lock(%s)", [stats.LOCK_KEY])
            try:
                tasks.recompute_scopes.apply_async(queue=QUEUE)
                assert wait_for(blocked_on_advisory_lock, 30), "the recompute never started"
                os.kill(doomed.pid, signal.SIGKILL)
                doomed.wait(timeout=10)
                # Dead mid-run: nothing written, the keys still pending.
                assert office_stat(w.county_a).issues_closed == 0
                assert sorted(tasks.pending()[0]) == keys
            finally:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [stats.LOCK_KEY])
        # The dead worker's transaction rolled back; nobody else has picked the work up.
        assert not wait_for(blocked_on_advisory_lock, 5) and not wait_for(lambda: False, 2)
        assert office_stat(w.county_a).issues_closed == 0

        restarted = start_worker("restarted", f"celery,{QUEUE}", log)

        assert wait_for(lambda: office_stat(w.county_a).issues_closed == 3, 30), open(log).read()
        assert wait_for(quiet)
        assert office_stat(w.county_a).completion_rate == Decimal("75.0")
        assert office_stat(w.city).issues_closed == 3
        # Every figure is what a full recompute from the records gives.
        assert stats.recompute_all().rows == 0
    finally:
        stop(doomed)
        if restarted is not None:
            stop(restarted)
