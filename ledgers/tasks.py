"""Celery tasks of the ledgers app: export jobs and the purge of expired export files.

Their names are the ones they had in ``inspections.tasks``: jobs already queued and beat schedules
stored in the database keep working.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from pathlib import Path

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from core.replica import replica_reads

from .choices import ExportStatus
from .models import Export
from .writer import write_ledger

logger = logging.getLogger(__name__)


@shared_task(
    name="inspections.tasks.run_export",  # the name from before the ledgers app, kept for queued jobs
    bind=True,
    acks_late=True,
    soft_time_limit=25 * 60,
    time_limit=30 * 60,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=3,
)
def run_export(self, export_id: int) -> int:
    """Write an export's workbook, reporting progress; idempotent (a finished job is left alone)."""
    export = Export.objects.select_related("user").get(pk=export_id)
    if export.status == ExportStatus.DONE:
        return export.rows
    Export.objects.filter(pk=export_id).update(status=ExportStatus.RUNNING, started_at=timezone.now(), progress=0)

    relative = Path("exports") / timezone.localdate().strftime("%Y/%m") / f"{export_id}_{uuid.uuid4().hex}.xlsx"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)

    def progress(done: int, total: int) -> None:
        percent = min(99, int(done * 100 / total)) if total else 99
        Export.objects.filter(pk=export_id).update(progress=percent, rows=done)

    try:
        with replica_reads():  # the rows from the replica (DATABASE_REPLICA_URL); progress goes to the primary
            count = write_ledger(
                target, user=export.user, code=export.ledger, filters=export.filters, progress=progress
            )
    except Exception as exc:
        target.unlink(missing_ok=True)
        Export.objects.filter(pk=export_id).update(
            status=ExportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        logger.exception("export %s failed", export_id)
        raise
    now = timezone.now()
    Export.objects.filter(pk=export_id).update(
        status=ExportStatus.DONE,
        progress=100,
        rows=count,
        file=str(relative),
        finished_at=now,
        expires_at=now + dt.timedelta(hours=settings.EXPORT_TTL_HOURS),
    )
    return count


@shared_task(
    name="inspections.tasks.purge_expired_exports",  # kept: beat schedules stored in the database use it
    acks_late=True,
    soft_time_limit=300,
    time_limit=360,
)
def purge_expired_exports() -> int:
    """Delete expired export files; the log rows stay (who exported what is kept)."""
    purged = 0
    for export in Export.objects.filter(expires_at__lt=timezone.now()).exclude(file=""):
        export.file.delete(save=False)
        Export.objects.filter(pk=export.pk).update(file="")
        purged += 1
    return purged
