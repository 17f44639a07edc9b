"""Precomputed statistics: one row of figures per scope and day, the (round, category) parts the
category rows add up, and a record of every full recompute. Written by the Celery jobs
(dashboard/tasks.py), computed in dashboard/stats.py."""

from decimal import Decimal

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.querysets import ScopedQuerySet
from rectification.choices import StatScope
from rectification.models import MONEY


class Stat(models.Model):
    """Precomputed figures of one scope on one day, written by Celery (one row per scope and day)."""

    scope = models.CharField(_("统计口径"), max_length=20, choices=StatScope.choices)
    scope_id = models.BigIntegerField(_("对象"))
    office = models.ForeignKey(Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, related_name="+")
    day = models.DateField(_("日期"))
    rounds = models.PositiveIntegerField(_("巡察轮次"), default=0)
    units_inspected = models.PositiveIntegerField(_("巡察单位数"), default=0)
    issues_found = models.PositiveIntegerField(_("发现问题数"), default=0)
    issues_fed_back = models.PositiveIntegerField(_("反馈问题数"), default=0)
    issues_closed = models.PositiveIntegerField(_("销号问题数"), default=0)
    overdue = models.PositiveIntegerField(_("逾期问题数"), default=0)
    clues_transferred = models.PositiveIntegerField(_("移交线索数"), default=0)
    persons_accountable = models.PositiveIntegerField(_("追责问责人数"), default=0)
    persons_to_judiciary = models.PositiveIntegerField(_("移送司法人数"), default=0)
    loss_recovered_wan = models.DecimalField(_("挽回和避免经济损失（万元）"), **MONEY)
    funds_refunded_wan = models.DecimalField(_("清退资金（万元）"), **MONEY)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        db_table = "rectification_stat"  # the table it had in the rectification app
        verbose_name = _("统计")
        verbose_name_plural = _("统计")
        constraints = [models.UniqueConstraint(fields=["scope", "scope_id", "day"], name="one_stat_per_scope_day")]
        indexes = [models.Index(fields=["office", "scope", "day"])]

    def __str__(self) -> str:
        return f"{self.scope}:{self.scope_id} · {self.day}"

    @property
    def completion_rate(self) -> Decimal | None:
        """Closed ÷ fed back, in percent with one decimal; None when nothing was fed back."""
        if not self.issues_fed_back:
            return None
        return (Decimal(self.issues_closed) * 100 / self.issues_fed_back).quantize(Decimal("0.1"))


class StatRun(models.Model):
    """One full recompute of the statistics: when, for which day, how long, how many rows.

    An incremental recompute relies on the day's full recompute (office figures add up the
    day's round rows), so it checks for a run of the day first.
    """

    day = models.DateField(_("统计日期"), db_index=True)
    started_at = models.DateTimeField(_("开始时间"))
    finished_at = models.DateTimeField(_("完成时间"), auto_now_add=True)
    duration_ms = models.PositiveIntegerField(_("耗时（毫秒）"))
    rows = models.PositiveIntegerField(_("写入行数"))

    class Meta:
        db_table = "rectification_statrun"
        verbose_name = _("统计计算记录")
        verbose_name_plural = _("统计计算记录")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.day} · {self.duration_ms} ms"


class StatPart(models.Model):
    """The figures of one round's findings in one issue category: what category rows add up.

    A category spans a large share of all issues (a province has some 25 categories for a million
    issues), so recomputing one from the issues after every change would scan tens of thousands
    of rows. Its figures are instead the sum of these parts, and a change recomputes only the
    parts of its round. ``unit_ids`` lists the units of the round with findings in the category
    (a unit is in a round once), so "units with findings in the category" stays a distinct count.
    """

    round = models.ForeignKey("inspections.Round", verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="+")
    category = models.ForeignKey(
        "inspections.IssueCategory", verbose_name=_("问题类别"), on_delete=models.CASCADE, related_name="+"
    )
    issues_found = models.PositiveIntegerField(_("发现问题数"), default=0)
    issues_fed_back = models.PositiveIntegerField(_("反馈问题数"), default=0)
    issues_closed = models.PositiveIntegerField(_("销号问题数"), default=0)
    overdue = models.PositiveIntegerField(_("逾期问题数"), default=0)
    funds_refunded_wan = models.DecimalField(_("清退资金（万元）"), **MONEY)
    unit_ids = ArrayField(models.BigIntegerField(), verbose_name=_("有问题的单位"), default=list)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        db_table = "rectification_statpart"
        verbose_name = _("分类统计分项")
        verbose_name_plural = _("分类统计分项")
        constraints = [models.UniqueConstraint(fields=["round", "category"], name="one_stat_part_per_round_category")]
        indexes = [models.Index(fields=["category"], name="stat_part_category")]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.category_id}"


class StatBreakdown(models.Model):
    """The figures of one round under one key of one breakdown (分类统计), written by the Celery jobs.

    Every figure of a report belongs to one round, so the breakdowns of an office and a period
    add up the rows of the rounds it ran in the period (dashboard/breakdowns.py). ``unit_ids``
    lists the units inspected (or, for supervision actions, acted upon) under the key, so distinct
    units stay a distinct count across rounds. ``events`` and ``amount`` carry the figures of the
    keys that are not findings or clues: close-outs with an outcome and its total (纠清治问建),
    evaluations, evaluation batches, actions, feedback meetings and leaders attending.
    """

    round = models.ForeignKey("inspections.Round", verbose_name=_("轮次"), on_delete=models.CASCADE, related_name="+")
    dimension = models.CharField(_("分类"), max_length=20)
    key = models.CharField(_("分类项"), max_length=40)
    unit_ids = ArrayField(models.BigIntegerField(), verbose_name=_("单位"), default=list)
    issues_found = models.PositiveIntegerField(_("发现问题数"), default=0)
    issues_fed_back = models.PositiveIntegerField(_("反馈问题数"), default=0)
    issues_closed = models.PositiveIntegerField(_("销号问题数"), default=0)
    overdue = models.PositiveIntegerField(_("逾期问题数"), default=0)
    clues_transferred = models.PositiveIntegerField(_("移交线索数"), default=0)
    persons_accountable = models.PositiveIntegerField(_("追责问责人数"), default=0)
    persons_to_judiciary = models.PositiveIntegerField(_("移送司法人数"), default=0)
    self_surrenders = models.PositiveIntegerField(_("主动投案人数"), default=0)
    loss_recovered_wan = models.DecimalField(_("挽回和避免经济损失（万元）"), **MONEY)
    funds_refunded_wan = models.DecimalField(_("清退资金（万元）"), **MONEY)
    events = models.PositiveIntegerField(_("件次"), default=0)
    amount = models.DecimalField(_("数额"), **MONEY)
    computed_at = models.DateTimeField(_("计算时间"), auto_now=True)

    class Meta:
        verbose_name = _("分类统计")
        verbose_name_plural = _("分类统计")
        constraints = [
            models.UniqueConstraint(fields=["round", "dimension", "key"], name="one_breakdown_per_round_key")
        ]
        indexes = [models.Index(fields=["dimension", "round"], name="breakdown_dimension_round")]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.dimension}:{self.key}"
