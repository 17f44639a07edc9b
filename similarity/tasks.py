"""Celery jobs keeping the similarity index current (both idempotent, late-acknowledged, retried
on transient errors; see core/tasks.py):

- ``index_issue``: one finding, queued on commit when it is saved (signals.py); then its
  recurrence is (re)checked.
- ``rebuild_index``: the whole index, nightly from beat (schedule in the migration
  0003_rebuild_schedule), which also corrects the document frequencies the incremental path
  only adds to.
"""

from __future__ import annotations

import logging

from celery import shared_task

from core.tasks import RELIABLE

from . import index, services

logger = logging.getLogger(__name__)


@shared_task(name="similarity.tasks.index_issue", time_limit=60, soft_time_limit=50, **RELIABLE)
def index_issue(issue_id: int) -> bool:
    written = index.index_issue(issue_id)
    services.recurrence_detect(issue_id=issue_id)
    return written


@shared_task(name="similarity.tasks.rebuild_index", time_limit=30 * 60, soft_time_limit=25 * 60, **RELIABLE)
def rebuild_index() -> dict:
    return index.rebuild(log=logger.info)
