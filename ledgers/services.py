"""Writes of the ledgers app: an export is logged as an ``Export`` row, then written now or by a job."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.services import service

from .choices import ExportStatus
from .models import Export
from .selectors import filtered_queryset, ledger_spec


@service("export_create")
def export_create(*, actor: User, ledger: str, filters: dict | None = None) -> Export:
    """Queue a ledger export for the actor (checked now: ledger, permission, filters) and log it."""
    from .tasks import run_export

    spec = ledger_spec(ledger)
    filtered_queryset(actor, spec, filters or {})  # raises PermissionDenied / ValidationError now, not later
    export = Export.objects.create(user=actor, ledger=spec.code, filters=filters or {})
    transaction.on_commit(lambda: run_export.delay(export.pk))
    return export


def export_write_now(*, actor: User, ledger: str, filters: dict | None, path) -> tuple[Export, int]:
    """Write a (small) ledger for the actor to ``path`` at once, logged as an Export row.

    Not one transaction on purpose: the log row must survive a failed write (marked failed).
    Returns ``(export, rows)``.
    """
    from .writer import write_ledger

    spec = ledger_spec(ledger)
    filtered_queryset(actor, spec, filters or {})  # PermissionDenied / ValidationError before any row
    export = Export.objects.create(
        user=actor, ledger=spec.code, filters=filters or {}, status=ExportStatus.RUNNING, started_at=timezone.now()
    )
    try:
        count = write_ledger(path, user=actor, code=spec.code, filters=filters or {})
    except Exception as exc:
        Export.objects.filter(pk=export.pk).update(
            status=ExportStatus.FAILED, error=str(exc)[:2000], finished_at=timezone.now()
        )
        raise
    Export.objects.filter(pk=export.pk).update(
        status=ExportStatus.DONE, progress=100, rows=count, finished_at=timezone.now()
    )
    return export, count
