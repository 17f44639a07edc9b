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
