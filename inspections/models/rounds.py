"""Rounds, their groups and people, the inspected units of a round (assignments), the copies of an
assignment that findings and clues carry, and a round's archive lock."""

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.models import Office
from accounts.querysets import ScopedQuerySet

from ..choices import GroupRole, RoundKind, RoundStage, SecondedFrom
from .base import APPEND_ONLY, LifecycleEvent, TimeStamped, chinese_number, get_language_info_is_english
from .units import Unit


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
        indexes = [
            models.Index(fields=["office", "stage"]),
            # every list ordered by round (assignments, plans, the round list) reads rounds newest first
            # and joins down, instead of sorting a whole subtree (issue 18)
            models.Index(fields=["-planned_start", "-id"], name="round_newest_first"),
        ]

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
    # assignment, carried by the township's (inspections/services/rounds.assignment_create).
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
        # "group" would sort by the group's round again (a second join of rounds, which keeps the
        # planner from walking rounds in order); a group belongs to its assignment's round
        # (assignment_create), so its number is the same order.
        ordering = ["round", "group__number", "unit__code"]
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
        indexes = [
            models.Index(fields=["group"]),
            models.Index(fields=["unit"]),
            # the rectification home: the latest fed-back assignments first, walked in order (issue 18)
            models.Index(fields=["feedback_date", "id"], name="assignment_feedback_date"),
            # the rectification home: those awaiting feedback, the earliest exit first (issue 18)
            models.Index(
                fields=["exit_date", "id"], condition=Q(feedback_date__isnull=True), name="assignment_awaiting_feedback"
            ),
        ]

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
