"""A task sent through the real Redis broker to a real worker process, result stored in PostgreSQL."""

import pytest
from django_celery_results.models import TaskResult

from accounts.tasks import count_active_users


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_task_round_trip_through_real_worker(celery_worker_process, demo_accounts):
    result = count_active_users.delay()

    assert result.get(timeout=30) == len(demo_accounts)
    row = TaskResult.objects.get(task_id=result.id)
    assert row.status == "SUCCESS"
    assert row.result == str(len(demo_accounts))
    assert row.task_name == "accounts.tasks.count_active_users"
    assert row.worker == celery_worker_process["hostname"]


@pytest.mark.worker
@pytest.mark.django_db(transaction=True)
def test_a_task_waiting_for_its_countdown_is_revoked_before_the_flush(celery_worker_process):
    """The teardown's quiesce (tests/conftest.py) must stop a countdown task the worker already holds,
    or it would run while the flush truncates the tables (and PostgreSQL kill one of the two)."""
    import time

    from config.celery import app
    from tests.conftest import _quiesce_worker

    hostname = celery_worker_process["hostname"]
    result = count_active_users.apply_async(countdown=3)
    inspect = app.control.inspect(destination=[hostname], timeout=1.0)
    deadline = time.monotonic() + 10
    while not any((inspect.scheduled() or {}).values()) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert any((inspect.scheduled() or {}).values()), "the worker never took the countdown task"

    _quiesce_worker(hostname)

    time.sleep(4)  # past the countdown
    assert not TaskResult.objects.filter(task_id=result.id, status="SUCCESS").exists()
    assert result.id in {task_id for ids in (inspect.revoked() or {}).values() for task_id in ids}
