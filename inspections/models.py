"""The inspection side: units, rounds, groups, assignments, issues, clues, points, reports.

Issues and clues carry copies of their assignment's office, round, unit and group
(``editable=False``, set by the services) so that scope filters and list filters over a
million rows are single indexed columns instead of four-way joins.
"""

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.models import Office
from accounts.querysets import ScopedQuerySet

from .choices import (
    ACTION_LABELS,
    ClueRecipient,
    ClueStatus,
    Disposal,
    GroupRole,
    HowFound,
    IssueNature,
    IssueStatus,
    PersonRank,
    PointKind,
    ReadVia,
    RoundKind,
    RoundStage,
    SecondedFrom,
    UnitKind,
    VillageCategory,
)

NON_NEGATIVE = [MinValueValidator(0)]
# Audit rows (lifecycle events, clue reads): the database itself refuses UPDATE and DELETE.
APPEND_ONLY = pgtrigger.Protect(name="append_only", operation=pgtrigger.Update | pgtrigger.Delete)


class TimeStamped(models.Model):
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        abstract = True


@history()
class Unit(TimeStamped):
    """An inspected party organisation or unit (被巡察党组织/单位); a tree county → township → village."""

    name = models.CharField(_("名称"), max_length=200)
    code = models.CharField(_("编码"), max_length=40, unique=True)
    kind = models.CharField(_("类型"), max_length=20, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    office = models.ForeignKey(Office, verbose_name=_("归口巡察机构"), on_delete=models.PROTECT, related_name="units")
    village_category = models.CharField(_("村（社区）类别"), max_length=20, choices=VillageCategory.choices, blank=True)
    principal_name = models.CharField(_("主要负责人"), max_length=50, blank=True)
    principal_post = models.CharField(_("主要负责人职务"), max_length=100, blank=True)
    deputy_name = models.CharField(_("分管整改负责人"), max_length=50, blank=True)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("被巡察单位")
        verbose_name_plural = _("被巡察单位")
        ordering = ["code"]
        indexes = [models.Index(fields=["office", "kind"]), models.Index(fields=["name"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind=UnitKind.VILLAGE) | Q(village_category=""), name="village_category_only_for_villages"
            ),
        ]

    def __str__(self) -> str:
        return self.name


@history()
class Round(TimeStamped):
    """An inspection round (巡察轮次) of one office, e.g. 十一届市委第三轮."""

    office = models.ForeignKey(Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, related_name="rounds")
    term = models.CharField(_("届次"), max_length=40, help_text=_("如：十一届市委"))
    sequence = models.PositiveSmallIntegerField(_("轮次"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("巡察方式"), max_length=20, choices=RoundKind.choices, default=RoundKind.REGULAR)
    theme = models.CharField(_("巡察主题"), max_length=200, blank=True)
    planned_start = models.DateField(_("计划开始"))
    planned_end = models.DateField(_("计划结束"))
    stage = models.CharField(_("阶段"), max_length=20, choices=RoundStage.choices, default=RoundStage.PLANNING)
    # 回头看: the earlier round(s) a revisit round looks back on (set by round_create / round_update).
    looks_back_on = models.ManyToManyField(
        "self", verbose_name=_("回头看的轮次"), symmetrical=False, blank=True, related_name="revisited_by"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡察轮次")
        verbose_name_plural = _("巡察轮次")
        ordering = ["-planned_start", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["office", "term", "sequence"], name="unique_round_sequence"),
            models.CheckConstraint(condition=Q(planned_end__gte=F("planned_start")), name="round_dates_in_order"),
        ]
        indexes = [models.Index(fields=["office", "stage"])]

    def __str__(self) -> str:
        if get_language_info_is_english():
            return f"{self.term}, round {self.sequence}"
        return f"{self.term}第{self.sequence}轮"

    @property
    def name(self) -> str:
        return str(self)

    @property
    def code(self) -> str:
        """The round's readable name, as the audit trail names a subject by its code."""
        return str(self)

    @property
    def is_archived(self) -> bool:
        """立卷归档: the round's records are locked (see inspections/services/core.require_round_open)."""
        return self.stage == RoundStage.CLOSED


@history()
class Talent(TimeStamped):
    """An entry of the talent pool (巡察人才库): who can be seconded into a group, and where he has worked."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("用户"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="talent",
    )
    name = models.CharField(_("姓名"), max_length=50)
    employer = models.CharField(_("工作单位及职务"), max_length=200, blank=True)
    background = models.CharField(_("专业背景"), max_length=20, choices=SecondedFrom.choices, blank=True)
    specialty = models.CharField(_("业务专长"), max_length=200, blank=True)
    past_units = models.ManyToManyField(Unit, verbose_name=_("曾工作单位"), blank=True, related_name="former_staff")

    class Meta:
        verbose_name = _("巡察人才")
        verbose_name_plural = _("巡察人才库")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@history()
class Group(TimeStamped):
    """An inspection group (巡察组) of a round; its people are its memberships."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="groups")
    number = models.PositiveSmallIntegerField(_("组号"), validators=[MinValueValidator(1)])
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="GroupMembership", verbose_name=_("成员"), related_name="inspection_groups"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡察组")
        verbose_name_plural = _("巡察组")
        ordering = ["round", "number"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="unique_group_number")]

    def __str__(self) -> str:
        if get_language_info_is_english():
            return f"Inspection group {self.number}"
        return f"第{chinese_number(self.number)}巡察组"


@history()
class GroupMembership(models.Model):
    """A user's place in a group: leader (组长), deputy (副组长) or member, possibly seconded (抽调)."""

    group = models.ForeignKey(Group, verbose_name=_("巡察组"), on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("成员"), on_delete=models.PROTECT, related_name="group_memberships"
    )
    role = models.CharField(_("组内职务"), max_length=10, choices=GroupRole.choices, default=GroupRole.MEMBER)
    seconded_from = models.CharField(_("抽调来源"), max_length=20, choices=SecondedFrom.choices, blank=True)

    class Meta:
        verbose_name = _("巡察组成员")
        verbose_name_plural = _("巡察组成员")
        constraints = [
            models.UniqueConstraint(fields=["group", "user"], name="unique_group_member"),
            models.UniqueConstraint(fields=["group"], condition=Q(role=GroupRole.LEADER), name="one_leader_per_group"),
        ]
        indexes = [models.Index(fields=["user", "role"])]

    def __str__(self) -> str:
        return f"{self.group} · {self.user} · {self.get_role_display()}"


@history()
class Assignment(TimeStamped):
    """An inspected unit in a round (巡察对象): the (round, unit, group) triple and its dates."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="assignments")
    unit = models.ForeignKey(Unit, verbose_name=_("被巡察单位"), on_delete=models.PROTECT, related_name="assignments")
    group = models.ForeignKey(Group, verbose_name=_("巡察组"), on_delete=models.PROTECT, related_name="assignments")
    entry_date = models.DateField(_("进驻日期"), null=True, blank=True)
    exit_date = models.DateField(_("撤离日期"), null=True, blank=True)
    feedback_date = models.DateField(_("反馈日期"), null=True, blank=True)
    plan_due = models.DateField(_("整改方案报送期限"), null=True, blank=True)
    report_due = models.DateField(_("整改报告报送期限"), null=True, blank=True)
    rectification_round = models.PositiveSmallIntegerField(_("整改轮次"), default=1)
    political_portrait = models.TextField(_("政治画像"), blank=True)
    # 巡乡带村 / 巡单位带村: a village inspected with its township (or department) has its own
    # assignment, carried by the township's (inspections/services/core.assignment_create).
    carried_by = models.ForeignKey(
        "self",
        verbose_name=_("随同巡察的乡镇（单位）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_villages",
    )
    # 整改督促责任: who reviews rectification and closes out. Empty means the round's office (the
    # default); a cross or elevated round may hand it over to the unit's home office.
    supervising_office = models.ForeignKey(
        Office,
        verbose_name=_("整改督促机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    supervision_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("整改督促责任确定人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        editable=False,
        related_name="+",
    )
    supervision_decided_at = models.DateTimeField(_("整改督促责任确定时间"), null=True, blank=True, editable=False)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡察对象")
        verbose_name_plural = _("巡察对象")
        ordering = ["round", "group", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="one_assignment_per_round_unit"),
            models.CheckConstraint(
                condition=Q(exit_date__isnull=True) | Q(entry_date__isnull=True) | Q(exit_date__gte=F("entry_date")),
                name="assignment_dates_in_order",
                violation_error_code="exit_before_entry",
                violation_error_message=_("撤离日期不能早于进驻日期。"),
            ),
            models.CheckConstraint(
                condition=Q(feedback_date__isnull=True)
                | Q(exit_date__isnull=True)
                | Q(feedback_date__gte=F("exit_date")),
                name="feedback_after_exit",
            ),
        ]
        indexes = [models.Index(fields=["group"]), models.Index(fields=["unit"])]

    def __str__(self) -> str:
        return f"{self.round} · {self.unit}"

    @property
    def supervising_office_id_effective(self) -> int:
        """The office that supervises rectification: the handed-over one, else the round's."""
        return self.supervising_office_id or self.round.office_id

    def validate_constraints(self, exclude=None):
        """The date-order constraint is the one rule (the database guards it, full_clean checks it);
        its message belongs next to the exit date, not at the top of the form."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as exc:
            errors = exc.update_error_dict({})
            misplaced = [e for e in errors.get(NON_FIELD_ERRORS, []) if e.code == "exit_before_entry"]
            if misplaced:
                # By code, not `in`: comparing errors hashes their params, and a unique-together
                # error's params hold this unsaved instance, which cannot be hashed.
                errors[NON_FIELD_ERRORS] = [e for e in errors[NON_FIELD_ERRORS] if e.code != "exit_before_entry"]
                if not errors[NON_FIELD_ERRORS]:
                    del errors[NON_FIELD_ERRORS]
                errors.setdefault("exit_date", []).extend(misplaced)
            raise ValidationError(errors) from exc


@history()
class IssueCategory(models.Model):
    """The issue category dictionary: a tree of 三个聚焦 headings and sub-types; offices add their own."""

    name = models.CharField(_("名称"), max_length=100)
    parent = models.ForeignKey(
        "self", verbose_name=_("上级类别"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    office = models.ForeignKey(
        Office,
        verbose_name=_("所属机构"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issue_categories",
        help_text=_("为空表示全市通用"),
    )
    sort = models.PositiveSmallIntegerField(_("排序"), default=0)
    is_active = models.BooleanField(_("有效"), default=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题类别")
        verbose_name_plural = _("问题类别")
        ordering = ["sort", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "name", "office"], name="unique_category_name", nulls_distinct=False
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssignmentCopies(models.Model):
    """Copies of the assignment's office (the inspecting office), round, unit and group, and the
    unit's home office (``Unit.office``, whose area the unit is in), kept by the services."""

    office = models.ForeignKey(
        Office, verbose_name=_("巡察机构"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    home_office = models.ForeignKey(
        Office, verbose_name=_("属地巡察机构"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, editable=False, related_name="+")
    unit = models.ForeignKey(
        Unit, verbose_name=_("被巡察单位"), on_delete=models.PROTECT, editable=False, related_name="+"
    )
    group = models.ForeignKey(
        Group, verbose_name=_("巡察组"), on_delete=models.PROTECT, editable=False, related_name="+"
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # A row written with its copies but not the home office's (older code, fixtures): the unit's.
        if self.home_office_id is None and self.unit_id is not None:
            self.home_office_id = Unit.objects.values_list("office_id", flat=True).get(pk=self.unit_id)
        super().save(*args, **kwargs)

    def copy_from_assignment(self) -> None:
        assignment = self.assignment
        self.office_id = assignment.round.office_id
        self.home_office_id = assignment.unit.office_id
        self.round_id = assignment.round_id
        self.unit_id = assignment.unit_id
        self.group_id = assignment.group_id


# The copies of offices are not history (the assignment's history records the hand-over).
@history(exclude=["home_office", "supervising_office"])
class Issue(AssignmentCopies, TimeStamped):
    """A finding (面上问题), one working paper (问题底稿) per problem."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("巡察对象"), on_delete=models.PROTECT, related_name="issues"
    )
    code = models.CharField(_("问题编号"), max_length=40, unique=True)
    category = models.ForeignKey(
        IssueCategory, verbose_name=_("问题类别"), on_delete=models.PROTECT, related_name="issues"
    )
    title = models.CharField(_("问题标题"), max_length=300)
    facts = models.TextField(_("问题事实"), blank=True)
    basis = models.TextField(_("定性依据"), blank=True)
    how_found = models.CharField(_("发现方式"), max_length=20, choices=HowFound.choices, default=HowFound.TALK)
    nature = models.CharField(_("问题性质"), max_length=20, choices=IssueNature.choices, default=IssueNature.INDIVIDUAL)
    immediate = models.BooleanField(_("立行立改"), default=False)
    case_officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("承办人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues_as_case_officer",
    )
    deputy_reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核副组长"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="issues_as_deputy_reviewer",
    )
    reviewed_at = models.DateTimeField(_("副组长审核时间"), null=True, blank=True)
    found_on = models.DateField(_("发现日期"))
    deadline = models.DateField(_("整改期限"), null=True, blank=True)
    status = models.CharField(_("状态"), max_length=20, choices=IssueStatus.choices, default=IssueStatus.DRAFT)
    status_changed_at = models.DateTimeField(_("状态变更时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("销号时间"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤销理由"), blank=True)
    next_progress_due = models.DateField(_("下次进展报送期限"), null=True, blank=True)
    # 回头看: this revisit finding is “上轮问题整改不到位”, about this issue of a round looked back on.
    previous_issue = models.ForeignKey(
        "self",
        verbose_name=_("上轮问题（整改不到位）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="revisit_findings",
    )
    # Optimistic locking: every state change bumps it; a stale version is refused.
    version = models.PositiveIntegerField(_("版本"), default=1)
    # Copy of the assignment's supervising office (整改督促机构): close-out rights, the review queue
    # and alerts follow it; the hand-over service rewrites it for the assignment's issues.
    supervising_office = models.ForeignKey(
        Office, verbose_name=_("整改督促机构"), on_delete=models.PROTECT, editable=False, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("面上问题")
        verbose_name_plural = _("面上问题")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["office", "status", "-id"], name="issue_office_status"),
            models.Index(fields=["group", "status", "-id"], name="issue_group_status"),
            models.Index(fields=["unit", "status"], name="issue_unit_status"),
            models.Index(fields=["round", "status"], name="issue_round_status"),
            models.Index(fields=["assignment", "status"], name="issue_assignment_status"),
            models.Index(fields=["category", "status"], name="issue_category_status"),
            models.Index(fields=["status", "deadline"], name="issue_status_deadline"),
            # ordering=±deadline over a whole subtree (the city: every finding) reads the first page
            # from here instead of sorting every row (issue 18).
            models.Index(fields=["deadline", "id"], name="issue_deadline"),
            models.Index(fields=["home_office", "status", "-id"], name="issue_home_office_status"),
            models.Index(fields=["supervising_office", "status"], name="issue_supervising_status"),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def save(self, *args, **kwargs):
        if self.supervising_office_id is None and self.assignment_id is not None:
            self.supervising_office_id = self.assignment.supervising_office_id or self.office_id
        super().save(*args, **kwargs)

    def copy_from_assignment(self) -> None:
        super().copy_from_assignment()
        self.supervising_office_id = self.assignment.supervising_office_id or self.office_id


@history(exclude=["home_office"])
class Clue(AssignmentCopies, TimeStamped):
    """A problem clue (问题线索) about named officials: confidential, every read is logged."""

    assignment = models.ForeignKey(
        Assignment, verbose_name=_("巡察对象"), on_delete=models.PROTECT, related_name="clues"
    )
    code = models.CharField(_("线索编号"), max_length=40, unique=True)
    summary = models.TextField(_("线索摘要"))
    status = models.CharField(_("状态"), max_length=20, choices=ClueStatus.choices, default=ClueStatus.DRAFT)
    recipient = models.CharField(_("移交对象"), max_length=20, choices=ClueRecipient.choices, blank=True)
    recipient_body = models.CharField(_("接收单位"), max_length=100, blank=True)
    transfer_date = models.DateField(_("移交日期"), null=True, blank=True)
    letter_number = models.CharField(_("移交函文号"), max_length=60, blank=True)
    disposal = models.CharField(_("处置方式"), max_length=20, choices=Disposal.choices, blank=True)
    persons_accountable = models.PositiveIntegerField(_("追责问责人数"), default=0)
    party_sanctions = models.PositiveIntegerField(_("党纪处分人数"), default=0)
    admin_sanctions = models.PositiveIntegerField(_("政务处分人数"), default=0)
    persons_to_judiciary = models.PositiveIntegerField(_("移送司法人数"), default=0)
    self_surrenders = models.PositiveIntegerField(_("主动投案人数"), default=0)
    loss_recovered_wan = models.DecimalField(
        _("挽回和避免经济损失（万元）"), max_digits=14, decimal_places=2, default=Decimal("0"), validators=NON_NEGATIVE
    )
    outcome_note = models.TextField(_("办理结果"), blank=True)
    result_due = models.DateField(_("结果反馈期限"), null=True, blank=True)
    result_received = models.DateField(_("结果反馈日期"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("撤销理由"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(_("版本"), default=1)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("问题线索")
        verbose_name_plural = _("问题线索")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["office", "status", "-id"], name="clue_office_status"),
            models.Index(fields=["home_office"], name="clue_home_office"),
            models.Index(fields=["group", "status"], name="clue_group_status"),
            models.Index(fields=["round", "status"], name="clue_round_status"),
            models.Index(fields=["status", "result_due"], name="clue_status_due"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(loss_recovered_wan__gte=0), name="clue_loss_non_negative"),
            models.CheckConstraint(
                condition=~Q(status__in=[ClueStatus.TRANSFERRED, ClueStatus.CONCLUDED])
                | (Q(transfer_date__isnull=False) & ~Q(recipient="")),
                name="transferred_clue_has_transfer",
            ),
        ]

    def __str__(self) -> str:
        return self.code


@history()
class CluePerson(models.Model):
    """A person a clue reports (被反映人)."""

    clue = models.ForeignKey(Clue, verbose_name=_("线索"), on_delete=models.CASCADE, related_name="persons")
    name = models.CharField(_("姓名"), max_length=50)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    rank = models.CharField(_("职级"), max_length=20, choices=PersonRank.choices, default=PersonRank.GENERAL)

    class Meta:
        verbose_name = _("被反映人")
        verbose_name_plural = _("被反映人")

    def __str__(self) -> str:
        return self.name


class ClueRead(models.Model):
    """Who read which clue, when and how: every list row and detail view is logged."""

    clue = models.ForeignKey(Clue, verbose_name=_("线索"), on_delete=models.PROTECT, related_name="reads")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("读取人"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("时间"), auto_now_add=True, db_index=True)
    via = models.CharField(_("方式"), max_length=20, choices=ReadVia.choices)

    class Meta:
        verbose_name = _("线索查阅记录")
        verbose_name_plural = _("线索查阅记录")
        ordering = ["-at"]
        triggers = [APPEND_ONLY]
        indexes = [models.Index(fields=["clue", "-at"]), models.Index(fields=["user", "-at"])]

    def __str__(self) -> str:
        return f"{self.user} · {self.clue} · {self.at:%Y-%m-%d %H:%M}"


class LifecycleEvent(models.Model):
    """One lifecycle step (who, what, when, comment), written by the service in its transaction."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("操作人"), on_delete=models.PROTECT, related_name="+"
    )
    action = models.CharField(_("操作"), max_length=30)
    from_status = models.CharField(_("原状态"), max_length=20, blank=True)
    to_status = models.CharField(_("新状态"), max_length=20, blank=True)
    comment = models.TextField(_("意见"), blank=True)
    at = models.DateTimeField(_("时间"), auto_now_add=True)

    status_choices = None  # the TextChoices of the subject's status

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    @property
    def action_label(self) -> str:
        label = ACTION_LABELS.get(self.action)
        return str(label) if label else self.action

    @property
    def status_changed(self) -> bool:
        return self.from_status != self.to_status

    @property
    def to_status_label(self) -> str:
        try:
            return str(self.status_choices(self.to_status).label)
        except ValueError:
            return self.to_status


class IssueEvent(LifecycleEvent):
    status_choices = IssueStatus
    issue = models.ForeignKey(Issue, verbose_name=_("问题"), on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("问题流转记录")
        verbose_name_plural = _("问题流转记录")
        triggers = [APPEND_ONLY]
        indexes = [models.Index(fields=["issue", "at"])]

    def __str__(self) -> str:
        return f"{self.issue} · {self.action}"


class ClueEvent(LifecycleEvent):
    status_choices = ClueStatus
    clue = models.ForeignKey(Clue, verbose_name=_("线索"), on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("线索流转记录")
        verbose_name_plural = _("线索流转记录")
        triggers = [APPEND_ONLY]
        indexes = [models.Index(fields=["clue", "at"])]

    def __str__(self) -> str:
        return f"{self.clue} · {self.action}"


class RoundEvent(LifecycleEvent):
    """A step of a round's archive lock: archived (立卷归档) or reopened by an admin, with the reason."""

    status_choices = RoundStage
    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="events")

    class Meta(LifecycleEvent.Meta):
        verbose_name = _("轮次归档记录")
        verbose_name_plural = _("轮次归档记录")
        triggers = [APPEND_ONLY]
        indexes = [models.Index(fields=["round", "at"])]

    def __str__(self) -> str:
        return f"{self.round} · {self.action}"


@history()
class SecretaryPoint(TimeStamped):
    """书记点人点事点问题: what the party secretary asked a round to look at, and the response."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="secretary_points")
    unit = models.ForeignKey(
        Unit, verbose_name=_("涉及单位"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("类型"), max_length=10, choices=PointKind.choices)
    content = models.TextField(_("点题内容"))
    response = models.TextField(_("办理情况"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("书记点人点事点问题")
        verbose_name_plural = _("书记点人点事点问题")
        ordering = ["-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.content[:30]}"


@history()
class SpecialReport(TimeStamped):
    """巡察专报: a numbered report to the committee, with suggestions and the campaigns it led to."""

    round = models.ForeignKey(Round, verbose_name=_("轮次"), on_delete=models.PROTECT, related_name="special_reports")
    number = models.PositiveSmallIntegerField(_("期号"), validators=[MinValueValidator(1)])
    title = models.CharField(_("标题"), max_length=200)
    suggestions = models.TextField(_("意见建议"), blank=True)
    recipients = models.CharField(_("报送对象"), max_length=200, blank=True)
    campaigns = models.TextField(_("推动专项治理"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("登记人"), on_delete=models.PROTECT, related_name="+"
    )

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("巡察专报")
        verbose_name_plural = _("巡察专报")
        ordering = ["-id"]
        constraints = [models.UniqueConstraint(fields=["round", "number"], name="unique_report_number")]

    def __str__(self) -> str:
        return _("第%(number)s期 %(title)s") % {"number": self.number, "title": self.title}


def get_language_info_is_english() -> bool:
    """Names built from numbers read as Chinese (第三巡察组) or English (Inspection group 3)."""
    return (get_language() or "").startswith("en")


CHINESE_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 12 → 十二, 20 → 二十 (enough for group numbers and round sequences)."""
    if n < 10:
        return CHINESE_DIGITS[n]
    if n < 100:
        tens, ones = divmod(n, 10)
        return f"{CHINESE_DIGITS[tens] if tens > 1 else ''}十{CHINESE_DIGITS[ones] if ones else ''}"
    return str(n)
