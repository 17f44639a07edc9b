"""The daily alert check (its beat schedule is stored in the database under the task's old name,
rectification.tasks.check_alerts, which is kept). The check after a change runs in the
statistics drain (dashboard/tasks.py), right after the recompute of the same scopes."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from core.tasks import RELIABLE
from inspections import deadlines

from . import rules


@shared_task(bind=True, name="rectification.tasks.check_alerts", soft_time_limit=300, time_limit=360, **RELIABLE)
def check_alerts(self, day: str | None = None) -> dict:
    """The daily alert check over every subject."""
    result = rules.check(dt.date.fromisoformat(day) if day else deadlines.today())
    return {
        "raised": result.raised,
        "resolved": result.resolved,
        "moved": result.moved,
        "notified": result.notified,
    }
