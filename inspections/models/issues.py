"""Findings (面上问题), their category dictionary and their lifecycle events."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.history import history
from accounts.models import Office
from accounts.querysets import ScopedQuerySet

from ..choices import HowFound, IssueNature, IssueStatus
from .base import APPEND_ONLY, LifecycleEvent, TimeStamped
from .rounds import Assignment, AssignmentCopies


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
            # A county reads its own findings or those in its area (accounts/scopes.py): each branch
            # of that OR, newest first or by deadline, walks one of these (core/paging.branch_page).
            models.Index(fields=["office", "-id"], name="issue_office_newest"),
            models.Index(fields=["home_office", "-id"], name="issue_home_office_newest"),
            models.Index(fields=["office", "deadline", "id"], name="issue_office_deadline"),
            models.Index(fields=["home_office", "deadline", "id"], name="issue_home_office_deadline"),
            models.Index(fields=["supervising_office", "status"], name="issue_supervising_status"),
            # the review queue, oldest report first: walked in order instead of sorting the queue (issue 18)
            models.Index(fields=["status", "status_changed_at", "id"], name="issue_status_changed"),
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
