"""The export log: every ledger export is a row (who, which ledger, which filter, when, how many rows)."""

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import ExportStatus, Ledger


class Export(models.Model):
    """A ledger export job and its log entry: who, which ledger, which filter, when, how many rows."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("导出人"), on_delete=models.PROTECT, related_name="+"
    )
    ledger = models.CharField(_("台账"), max_length=20, choices=Ledger.choices)
    filters = models.JSONField(_("筛选条件"), default=dict, blank=True)
    status = models.CharField(_("状态"), max_length=10, choices=ExportStatus.choices, default=ExportStatus.PENDING)
    progress = models.PositiveSmallIntegerField(_("进度"), default=0)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    file = models.FileField(_("文件"), upload_to="exports/%Y/%m/", blank=True)
    error = models.TextField(_("错误信息"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("完成时间"), null=True, blank=True)
    expires_at = models.DateTimeField(_("过期时间"), null=True, blank=True)

    class Meta:
        db_table = "inspections_export"  # the table from before the ledgers app had a room of its own
        verbose_name = _("台账导出")
        verbose_name_plural = _("台账导出记录")
        triggers = [
            # The job's own progress fields change; who exported what, with which filter and when never do.
            pgtrigger.Protect(name="export_log_no_delete", operation=pgtrigger.Delete),
            pgtrigger.Protect(
                name="export_log_immutable",
                operation=pgtrigger.Update,
                condition=pgtrigger.AnyChange("user", "ledger", "filters", "created_at"),
            ),
        ]
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(progress__lte=100), name="export_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"{self.get_ledger_display()} · {self.user} · {self.created_at:%Y-%m-%d %H:%M}"
