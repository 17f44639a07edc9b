"""Deadline alerts (预警) about issues, assignments and clues."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.querysets import ScopedQuerySet
from inspections.models import Assignment, Clue, Issue, Unit
from rectification.choices import AlertKind, AlertLevel


class Alert(models.Model):
    """预警: an open or resolved warning about one subject at one level; never duplicated while open."""

    kind = models.CharField(_("类型"), max_length=20, choices=AlertKind.choices)
    level = models.CharField(_("等级"), max_length=10, choices=AlertLevel.choices)
    issue = models.ForeignKey(
        Issue, verbose_name=_("问题"), null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("巡察对象"), null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    clue = models.ForeignKey(
        Clue, verbose_name=_("线索"), null=True, blank=True, on_delete=models.PROTECT, related_name="alerts"
    )
    office = models.ForeignKey(Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="+")
    due = models.DateField(_("期限"))
    raised_at = models.DateTimeField(_("发出时间"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("解除时间"), null=True, blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "rectification_alert"  # the table it had in the rectification app
        verbose_name = _("预警")
        verbose_name_plural = _("预警")
        ordering = ["-raised_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "level", "issue", "assignment", "clue"],
                condition=Q(resolved_at__isnull=True),
                nulls_distinct=False,
                name="one_open_alert_per_subject_level",
            ),
            models.CheckConstraint(
                condition=Q(issue__isnull=False) | Q(assignment__isnull=False) | Q(clue__isnull=False),
                name="alert_has_subject",
            ),
        ]
        indexes = [models.Index(fields=["office", "level"], condition=Q(resolved_at__isnull=True), name="open_alerts")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.get_level_display()}"
