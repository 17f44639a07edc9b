"""The rectification side: feedback, plans, measures, progress, reviews, evaluations and
supervision actions. (Alerts, notifications and statistics have apps of their own.)"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.models import Office
from accounts.querysets import ScopedQuerySet
from inspections.models import Assignment, Issue, TimeStamped, Unit

from .choices import (
    ActionKind,
    ActionReason,
    ExtensionStatus,
    Grade,
    MeasureKind,
    PlanStatus,
    ReviewDecision,
)

MONEY = {"max_digits": 14, "decimal_places": 2, "default": Decimal("0")}


@history()
class Feedback(TimeStamped):
    """反馈: the feedback meeting for an assignment; recording it starts the rectification clock."""

    assignment = models.OneToOneField(
        Assignment, verbose_name=_("巡察对象"), on_delete=models.PROTECT, related_name="feedback"
    )
    meeting_date = models.DateField(_("反馈日期"))
    attendees = models.TextField(_("参会人员"), blank=True)
    leader_attendance = models.PositiveSmallIntegerField(_("市领导参加人次"), default=0)
    document = models.FileField(_("反馈意见书"), upload_to="feedback/%Y/%m/", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡察反馈")
        verbose_name_plural = _("巡察反馈")
        ordering = ["-meeting_date"]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.meeting_date}"


@history()
class Plan(TimeStamped):
    """整改方案: a version of an assignment's rectification plan and its joint review (共审)."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("巡察对象"), on_delete=models.PROTECT, related_name="plans"
    )
    version = models.PositiveSmallIntegerField(_("版本"), default=1)
    text = models.TextField(_("方案内容"))
    attachment = models.FileField(_("附件"), upload_to="plans/%Y/%m/", blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.SUBMITTED)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("审核时间"), null=True, blank=True)
    review_comment = models.TextField(_("审核意见"), blank=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改方案")
        verbose_name_plural = _("整改方案")
        ordering = ["assignment", "-version"]
        constraints = [models.UniqueConstraint(fields=["assignment", "version"], name="unique_plan_version")]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.assignment} · v{self.version}"


@history()
class Measure(TimeStamped):
    """整改措施: what the unit will do about one issue, who answers for it, and by when."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="measures")
    content = models.TextField(_("整改措施"))
    responsible_leader = models.CharField(_("责任领导"), max_length=50)
    responsible_department = models.CharField(_("责任部门"), max_length=100, blank=True)
    responsible_person = models.CharField(_("责任人"), max_length=50)
    kind = models.CharField(_("整改类型"), max_length=20, choices=MeasureKind.choices, default=MeasureKind.DEADLINE)
    deadline = models.DateField(_("完成时限"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("填报人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改措施")
        verbose_name_plural = _("整改措施")
        ordering = ["issue", "id"]

    def __str__(self) -> str:
        return self.content[:40]


@history()
class Progress(models.Model):
    """整改进展: a dated progress entry on an issue, with evidence files."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="progress")
    date = models.DateField(_("日期"))
    text = models.TextField(_("进展情况"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("报送人"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改进展")
        verbose_name_plural = _("整改进展")
        ordering = ["issue", "-date", "-id"]
        indexes = [models.Index(fields=["issue", "-date"])]

    def __str__(self) -> str:
        return f"{self.issue.code} · {self.date}"


class Evidence(models.Model):
    """佐证材料: a file attached to a progress entry; its type was checked by content on upload."""

    progress = models.ForeignKey(
        Progress, verbose_name=_("整改进展"), on_delete=models.PROTECT, related_name="evidence"
    )
    file = models.FileField(_("文件"), upload_to="evidence/%Y/%m/")
    original_name = models.CharField(_("原文件名"), max_length=255)
    content_type = models.CharField(_("文件类型"), max_length=100)
    size = models.PositiveIntegerField(_("大小（字节）"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("上传时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


@history()
class Review(models.Model):
    """审核/销号: a supervisor's decision on an issue reported done, with the 纠清治问建 outcome."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("审核人"), on_delete=models.PROTECT, related_name="+"
    )
    decision = models.CharField(_("审核结论"), max_length=20, choices=ReviewDecision.choices)
    comment = models.TextField(_("审核意见"), blank=True)
    corrected = models.PositiveIntegerField(_("纠正问题数（纠）"), default=0)
    funds_refunded_wan = models.DecimalField(_("收回/退还资金（清，万元）"), **MONEY)
    special_campaign = models.CharField(_("专项治理（治）"), max_length=200, blank=True)
    persons_accountable = models.PositiveIntegerField(_("追责问责人数（问）"), default=0)
    rules_made = models.PositiveIntegerField(_("建立完善制度数（建）"), default=0)
    created_at = models.DateTimeField(_("审核时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("审核销号")
        verbose_name_plural = _("审核销号")
        ordering = ["issue", "-created_at"]
        constraints = [models.CheckConstraint(condition=Q(funds_refunded_wan__gte=0), name="review_funds_non_negative")]
        indexes = [models.Index(fields=["issue", "-created_at"])]

    def __str__(self) -> str:
        return f"{self.issue.code} · {self.get_decision_display()}"


@history()
class DeadlineExtension(models.Model):
    """整改延期申请: the unit asks to move an issue's deadline; a supervisor or admin of the issue's
    office (or an ancestor) approves or refuses. Only an approved request moves the deadline;
    both steps are events on the issue's timeline. One request at a time per issue."""

    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="extensions")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("申请人"), on_delete=models.PROTECT, related_name="+"
    )
    requested_deadline = models.DateField(_("申请延至"))
    reason = models.TextField(_("延期理由"))
    status = models.CharField(
        _("状态"), max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审批人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("审批时间"), null=True, blank=True)
    decision_comment = models.TextField(_("审批意见"), blank=True)
    created_at = models.DateTimeField(_("申请时间"), auto_now_add=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改延期申请")
        verbose_name_plural = _("整改延期申请")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue"], condition=Q(status="pending"), name="one_pending_extension_per_issue"
            ),
            models.CheckConstraint(
                condition=Q(status="pending", decided_by__isnull=True, decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_by__isnull=False, decided_at__isnull=False)),
                name="extension_decided_iff_not_pending",
            ),
        ]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.issue.code} · {self.requested_deadline} · {self.get_status_display()}"


class EvaluationTemplate(TimeStamped):
    """The checklist of an office's audit evaluation (整改审核评估), e.g. 五审三评.

    ``items`` is a list of ``{"code", "label", "group": "review"|"evaluate", "max_score"}`` whose
    maximum scores add up to 100.
    """

    office = models.ForeignKey(Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, related_name="+")
    name = models.CharField(_("名称"), max_length=100)
    items = models.JSONField(_("评估项目"), default=list)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("评估模板")
        verbose_name_plural = _("评估模板")

    def __str__(self) -> str:
        return self.name


@history()
class Evaluation(TimeStamped):
    """整改审核评估 of an assignment: item scores, a 100-point total and a grade."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("巡察对象"), on_delete=models.PROTECT, related_name="evaluations"
    )
    template = models.ForeignKey(
        EvaluationTemplate, verbose_name=_("评估模板"), on_delete=models.PROTECT, related_name="+"
    )
    scores = models.JSONField(_("各项得分"), default=dict)
    total = models.DecimalField(_("总分"), max_digits=5, decimal_places=1)
    grade = models.CharField(_("等次"), max_length=20, choices=Grade.choices)
    comment = models.TextField(_("评估意见"), blank=True)
    evaluated_on = models.DateField(_("评估日期"))
    evaluated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("评估人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("整改审核评估")
        verbose_name_plural = _("整改审核评估")
        ordering = ["-evaluated_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0) & Q(total__lte=100), name="evaluation_total_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.assignment} · {self.get_grade_display()}"


@history()
class Action(TimeStamped):
    """督办: a reminder, supervision notice, interview (约谈) or circulated notice (通报) to a unit."""

    unit = models.ForeignKey(Unit, verbose_name=_("单位"), on_delete=models.PROTECT, related_name="actions")
    assignment = models.ForeignKey(
        Assignment, verbose_name=_("巡察对象"), null=True, blank=True, on_delete=models.PROTECT, related_name="actions"
    )
    kind = models.CharField(_("方式"), max_length=20, choices=ActionKind.choices)
    reason = models.CharField(_("事由"), max_length=20, choices=ActionReason.choices)
    date = models.DateField(_("日期"))
    note = models.TextField(_("说明"), blank=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("督办人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("督办")
        verbose_name_plural = _("督办")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["unit", "-date"])]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_kind_display()} · {self.date}"
