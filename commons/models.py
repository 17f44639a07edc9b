"""Common issues (共性问题) and campaigns (专项治理).

A common issue groups findings of several units that share one problem, chosen by a supervisor
(never merged automatically). Each finding keeps its own lifecycle; the common issue adds a
description, a shared measure template each unit adopts into its own measures, a circulated
notice (共性问题集中通报) and a progress figure rolled up from its findings.

A campaign (专项治理) is started from one or more special reports (巡察专报), with targets (units,
findings, money to recover), the findings and common issues it covers, its progress and results.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from accounts.querysets import ScopedQuerySet
from inspections.models import Issue, Round, SpecialReport, TimeStamped, Unit
from rectification.choices import MeasureKind
from rectification.models import Measure

from .choices import CampaignStatus

NON_NEGATIVE = [MinValueValidator(Decimal("0"))]


class CommonIssue(TimeStamped):
    """共性问题: one problem found in several units, fixed at its root."""

    office = models.ForeignKey(Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(
        Round, verbose_name=_("来源轮次"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    title = models.CharField(_("共性问题"), max_length=200)
    description = models.TextField(_("问题描述"), blank=True)
    measure_content = models.TextField(_("共性整改措施（模板）"), blank=True)
    measure_kind = models.CharField(
        _("整改类型"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.DEADLINE
    )
    measure_deadline = models.DateField(_("建议完成时限"), null=True, blank=True)
    issues = models.ManyToManyField(Issue, through="CommonIssueFinding", related_name="+", verbose_name=_("问题"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("共性问题")
        verbose_name_plural = _("共性问题")
        ordering = ["-id"]
        indexes = [models.Index(fields=["office", "-id"], name="commonissue_office")]

    def __str__(self) -> str:
        return self.title


class CommonIssueFinding(models.Model):
    """A finding covered by a common issue, and the measure its unit adopted from the template."""

    common_issue = models.ForeignKey(
        CommonIssue, verbose_name=_("共性问题"), on_delete=models.CASCADE, related_name="findings"
    )
    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(
        Measure, verbose_name=_("采纳的整改措施"), on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("归并人"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("归并时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("共性问题所含问题")
        verbose_name_plural = _("共性问题所含问题")
        ordering = ["common_issue", "id"]
        constraints = [models.UniqueConstraint(fields=["common_issue", "issue"], name="unique_common_issue_finding")]
        indexes = [models.Index(fields=["issue"], name="commonfinding_issue")]

    def __str__(self) -> str:
        return f"{self.common_issue_id}:{self.issue_id}"


class Campaign(TimeStamped):
    """专项治理: started from special reports, with targets, what it covers, progress and results."""

    office = models.ForeignKey(Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("专项治理名称"), max_length=200)
    goal = models.TextField(_("治理目标"), blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=CampaignStatus.choices, default=CampaignStatus.ACTIVE)
    started_on = models.DateField(_("启动日期"))
    ended_on = models.DateField(_("完成日期"), null=True, blank=True)
    special_reports = models.ManyToManyField(SpecialReport, related_name="+", verbose_name=_("来源专报"))
    target_units = models.ManyToManyField(Unit, related_name="+", blank=True, verbose_name=_("治理单位"))
    target_findings = models.PositiveIntegerField(_("目标整改问题数"), default=0)
    target_amount_wan = models.DecimalField(
        _("目标追缴资金（万元）"), max_digits=14, decimal_places=2, default=Decimal("0"), validators=NON_NEGATIVE
    )
    recovered_amount_wan = models.DecimalField(
        _("已追缴资金（万元）"), max_digits=14, decimal_places=2, default=Decimal("0"), validators=NON_NEGATIVE
    )
    issues = models.ManyToManyField(Issue, related_name="+", blank=True, verbose_name=_("涉及问题"))
    common_issues = models.ManyToManyField(
        CommonIssue, related_name="campaigns", blank=True, verbose_name=_("涉及共性问题")
    )
    results = models.TextField(_("治理成效"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("创建人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("专项治理")
        verbose_name_plural = _("专项治理")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="campaign_dates_in_order",
            ),
            models.CheckConstraint(
                condition=Q(target_amount_wan__gte=0) & Q(recovered_amount_wan__gte=0),
                name="campaign_amounts_non_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title
