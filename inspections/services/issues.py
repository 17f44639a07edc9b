"""Writes on findings (面上问题): a draft recorded, edited and reviewed by the group, confirmed by
its leader, reported rectified by the unit, or withdrawn with a reason."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scopes import group_role, is_manager, is_unit_liaison, require, require_group_role
from core.errors import ApplicationError, TransitionError
from core.services import service

from .. import deadlines, revisits
from ..choices import GroupRole, IssueStatus
from ..models import Assignment, Issue
from .core import (
    ANY_GROUP_ROLE,
    ISSUE_TRANSITIONS,
    LEADERS,
    check_transition,
    issue_event,
    locked_issue,
    move_issue,
    next_code,
    require_round_open,
    required_text,
)


@service("issue_create")
def issue_create(
    *,
    actor: User,
    assignment: Assignment,
    category,
    title: str,
    facts: str = "",
    basis: str = "",
    how_found: str,
    nature: str,
    immediate: bool = False,
    found_on: dt.date | None = None,
    case_officer: User | None = None,
    previous_issue: Issue | None = None,
) -> Issue:
    """An inspector of the assignment's group records a finding as a draft (问题底稿)."""
    require_group_role(actor, assignment.group_id, ANY_GROUP_ROLE, _("登记问题"))
    require_round_open(assignment.round_id)
    issue = Issue(
        assignment=assignment,
        category=category,
        title=(title or "").strip(),
        facts=facts,
        basis=basis,
        how_found=how_found,
        nature=nature,
        immediate=immediate,
        found_on=found_on or deadlines.today(),
        case_officer=case_officer or actor,
        previous_issue=previous_issue,
        status=IssueStatus.DRAFT,
        status_changed_at=timezone.now(),
    )
    issue.copy_from_assignment()
    revisits.check_previous_issue(issue)
    issue.code = next_code(assignment, Issue)
    issue.full_clean()
    issue.save()
    issue_event(issue, actor=actor, action="create")
    return issue


ISSUE_EDITABLE = {
    "category",
    "title",
    "facts",
    "basis",
    "how_found",
    "nature",
    "immediate",
    "found_on",
    "case_officer",
    "deputy_reviewer",
    "previous_issue",
}


@service("issue_update")
def issue_update(*, actor: User, issue: Issue, version: int | None = None, **fields) -> Issue:
    """Edit a draft: its case officer, the group's deputies or leader."""
    issue = locked_issue(issue, version)
    role = group_role(actor, issue.group_id)
    require(
        role in LEADERS or (role and issue.case_officer_id == actor.pk),
        _("只有承办人、副组长或组长可以修改问题底稿。"),
    )
    if issue.status != IssueStatus.DRAFT:
        raise TransitionError(_("问题已确认，不能再修改底稿。"))
    unknown = set(fields) - ISSUE_EDITABLE
    if unknown:
        raise ApplicationError(_("不能修改字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    for field, value in fields.items():
        setattr(issue, field, value)
    revisits.check_previous_issue(issue)
    issue.version += 1
    issue.full_clean()
    issue.save()
    issue_event(issue, actor=actor, action="update", from_status=issue.status)
    return issue


@service("issue_review")
def issue_review(*, actor: User, issue: Issue, comment: str = "", version: int | None = None) -> Issue:
    """A deputy leader (or the leader) reviews a draft before the leader confirms it."""
    issue = locked_issue(issue, version)
    require_group_role(actor, issue.group_id, LEADERS, _("审核问题底稿"))
    if issue.status != IssueStatus.DRAFT:
        raise TransitionError(_("只有草稿状态的问题需要审核。"))
    issue.deputy_reviewer = actor
    issue.reviewed_at = timezone.now()
    issue.version += 1
    issue.save()
    issue_event(issue, actor=actor, action="review", from_status=issue.status, comment=comment)
    return issue


@service("issue_confirm")
def issue_confirm(*, actor: User, issue: Issue, comment: str = "", version: int | None = None) -> Issue:
    """The group leader confirms a draft as a finding."""
    issue = locked_issue(issue, version)
    require_group_role(actor, issue.group_id, (GroupRole.LEADER,), _("确认问题"))
    return move_issue(issue, actor=actor, action="confirm", comment=comment)


@service("issue_submit")
def issue_submit(*, actor: User, issue: Issue, comment: str = "", version: int | None = None) -> Issue:
    """The unit reports an issue rectified, with its progress and evidence, for close-out."""
    issue = locked_issue(issue, version)
    require(is_unit_liaison(actor, issue.unit_id), _("只有本单位的整改联络员可以报请销号。"))
    check_transition(ISSUE_TRANSITIONS, "submit", issue.status, IssueStatus)
    if not issue.progress.exists():
        raise ApplicationError(_("请先报送整改进展和佐证材料，再报请销号。"), code="no_progress")
    return move_issue(issue, actor=actor, action="submit", comment=comment)


@service("issue_withdraw")
def issue_withdraw(*, actor: User, issue: Issue, reason: str, version: int | None = None) -> Issue:
    """Withdraw (撤销) an issue; the record is kept with its reason, never deleted."""
    reason = required_text(reason, "reason", _("撤销必须填写理由。"))
    issue = locked_issue(issue, version)
    before_feedback = issue.status in (IssueStatus.DRAFT, IssueStatus.CONFIRMED)
    require(
        is_manager(actor, issue.office_id)
        or (before_feedback and group_role(actor, issue.group_id) == GroupRole.LEADER),
        _("只有巡察组组长（反馈前）或审核人员、管理员可以撤销问题。"),
    )
    return move_issue(issue, actor=actor, action="withdraw", comment=reason, withdrawn_reason=reason)
