"""The daily email digest job (its beat schedule is stored in the database under the task's old
name, rectification.tasks.send_alert_digests, which is kept)."""

from __future__ import annotations

import datetime as dt

from celery import shared_task

from core.tasks import RELIABLE
from inspections import deadlines

from . import digest


@shared_task(bind=True, name="rectification.tasks.send_alert_digests", soft_time_limit=900, time_limit=960, **RELIABLE)
def send_alert_digests(self, day: str | None = None) -> dict:
    """Today's email digest, one per person (skipped on non-working days)."""
    return {"sent": digest.send_digests(dt.date.fromisoformat(day) if day else deadlines.today())}
