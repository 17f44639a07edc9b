"""The rectification side: feedback, plans, measures, progress, reviews, evaluations,
supervision actions, alerts and precomputed statistics."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.models import Office
from accounts.querysets import ScopedQuerySet
from inspections.models import Assignment, Clue, Issue, TimeStamped, Unit

from .choices import (
    ActionKind,
    ActionReason,
    AlertKind,
    AlertLevel,
    ExtensionStatus,
    Grade,
    MeasureKind,
    PlanStatus,
    ReviewDecision,
    StatScope,
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


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user):
        """A person's own notifications: nobody reads another person's bell."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(user=user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """An in-app notice (站内提醒) telling one person about one alert; reruns never repeat it.

    ``emailed_on`` is the day of the email digest that carried it (one digest per person per day).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("接收人"), on_delete=models.CASCADE, related_name="notifications"
    )
    alert = models.ForeignKey(Alert, verbose_name=_("预警"), on_delete=models.CASCADE, related_name="notifications")
    created_at = models.DateTimeField(_("提醒时间"), auto_now_add=True)
    read_at = models.DateTimeField(_("阅读时间"), null=True, blank=True)
    emailed_on = models.DateField(_("邮件汇总日期"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("站内提醒")
        verbose_name_plural = _("站内提醒")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "alert"], name="one_notification_per_user_alert")]
        indexes = [
            models.Index(fields=["user", "-created_at"], name="notification_user_created"),
            models.Index(fields=["user"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["user"], condition=Q(emailed_on__isnull=True), name="notification_not_emailed"),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.alert}"


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
        verbose_name = _("统计计算记录")
        verbose_name_plural = _("统计计算记录")
        ordering = ["-finished_at"]

    def __str__(self) -> str:
        return f"{self.day} · {self.duration_ms} ms"


from django.contrib.postgres.fields import ArrayField  # noqa: E402 (appended with the model that uses it)


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
        verbose_name = _("分类统计分项")
        verbose_name_plural = _("分类统计分项")
        constraints = [models.UniqueConstraint(fields=["round", "category"], name="one_stat_part_per_round_category")]
        indexes = [models.Index(fields=["category"], name="stat_part_category")]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.category_id}"
