"""Problem clues (问题线索): confidential, every read logged, their persons and lifecycle events."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.querysets import ScopedQuerySet

from ..choices import ClueRecipient, ClueStatus, Disposal, PersonRank, ReadVia
from .base import APPEND_ONLY, NON_NEGATIVE, LifecycleEvent, TimeStamped
from .rounds import Assignment, AssignmentCopies


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
