"""Writes on the inspection side (rounds, groups, units, assignments, issues, points, reports,
members): one function per state change.

Each service is keyword-only, atomic, checks the actor's role and scope (accounts/scopes.py),
locks the row it changes, refuses a stale ``version`` (optimistic locking) or an illegal
transition with a readable message, writes the lifecycle event in the same transaction and
runs with the actor attached to the field history (pghistory context).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Office, User
from accounts.scopes import (
    group_role,
    is_manager,
    is_unit_liaison,
    require,
    require_group_role,
    require_manager,
    require_office_role,
)
from core.errors import ApplicationError, ConflictError, TransitionError
from core.services import service

from .. import deadlines, revisits
from ..choices import ACTION_LABELS, ClueStatus, GroupRole, IssueStatus, RoundStage
from ..models import (
    Assignment,
    Clue,
    ClueEvent,
    Group,
    Issue,
    IssueEvent,
    Round,
    RoundEvent,
    SecretaryPoint,
    SpecialReport,
    Unit,
)

ANY_GROUP_ROLE = (GroupRole.LEADER, GroupRole.DEPUTY, GroupRole.MEMBER)
LEADERS = (GroupRole.LEADER, GroupRole.DEPUTY)

# The issue lifecycle (DESIGN.md): action -> (allowed from-statuses, to-status).
ISSUE_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "confirm": ((IssueStatus.DRAFT,), IssueStatus.CONFIRMED),
    "feedback": ((IssueStatus.CONFIRMED,), IssueStatus.RECTIFYING),
    "submit": ((IssueStatus.RECTIFYING, IssueStatus.LONG_TERM), IssueStatus.PENDING_REVIEW),
    "close": ((IssueStatus.PENDING_REVIEW,), IssueStatus.CLOSED),
    "return": ((IssueStatus.PENDING_REVIEW,), IssueStatus.RECTIFYING),
    "long_term": ((IssueStatus.PENDING_REVIEW, IssueStatus.RECTIFYING), IssueStatus.LONG_TERM),
    "reopen": ((IssueStatus.CLOSED,), IssueStatus.RECTIFYING),
    "withdraw": (
        (
            IssueStatus.DRAFT,
            IssueStatus.CONFIRMED,
            IssueStatus.RECTIFYING,
            IssueStatus.PENDING_REVIEW,
            IssueStatus.LONG_TERM,
        ),
        IssueStatus.WITHDRAWN,
    ),
}

CLUE_TRANSITIONS: dict[str, tuple[tuple[str, ...], str]] = {
    "transfer": ((ClueStatus.DRAFT,), ClueStatus.TRANSFERRED),
    "outcome": ((ClueStatus.TRANSFERRED,), ClueStatus.CONCLUDED),
    "withdraw": ((ClueStatus.DRAFT, ClueStatus.TRANSFERRED), ClueStatus.WITHDRAWN),
}



# --- helpers --------------------------------------------------------------------------------


def require_round_open(round_id: int) -> None:
    """Refuse (409, code ``round_archived``) a write to the records of an archived round (立卷归档).

    Every write service on a round's findings, clues, points, reports, groups, assignments and
    rectification calls this (directly, or through :func:`locked_issue` / :func:`locked_clue`).
    The round row is held ``FOR KEY SHARE`` until the write commits, so archiving (which locks
    the row ``FOR UPDATE``) waits for writes in flight and every later write sees it archived;
    writes of the same round never block each other. Only an admin's reopen
    (:func:`inspections.services.archive.round_reopen`) lets writes through again.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT stage FROM inspections_round WHERE id = %s FOR KEY SHARE", [round_id])
        row = cursor.fetchone()
    if row is not None and row[0] == RoundStage.CLOSED:
        raise ConflictError(
            _("该轮巡察已立卷归档，不能再修改其问题、线索、点题、专报或整改记录；如确需修改，请由系统管理员重新开启该轮次。"),
            code="round_archived",
        )


def check_version(obj, version: int | None) -> None:
    if version is not None and int(version) != obj.version:
        raise ConflictError(_("该记录已被他人修改，请刷新页面后重试。"))


def check_transition(transitions, action: str, status: str, labels) -> str:
    allowed, target = transitions[action]
    if status not in allowed:
        raise TransitionError(
            _("当前状态为“%(status)s”，不能%(action)s。")
            % {"status": labels(status).label, "action": ACTION_LABELS.get(action, action)}
        )
    return target


def locked_issue(issue: Issue, version: int | None) -> Issue:
    locked = Issue.objects.select_for_update().select_related("office", "assignment").get(pk=issue.pk)
    require_round_open(locked.round_id)
    check_version(locked, version)
    return locked


def locked_clue(clue: Clue, version: int | None) -> Clue:
    locked = Clue.objects.select_for_update().select_related("office").get(pk=clue.pk)
    require_round_open(locked.round_id)
    check_version(locked, version)
    return locked


def issue_event(issue: Issue, *, actor: User, action: str, from_status: str = "", comment: str = "") -> IssueEvent:
    return IssueEvent.objects.create(
        issue=issue, actor=actor, action=action, from_status=from_status, to_status=issue.status, comment=comment
    )


def round_event(round_: Round, *, actor: User, action: str, from_status: str = "", comment: str = "") -> RoundEvent:
    return RoundEvent.objects.create(
        round=round_, actor=actor, action=action, from_status=from_status, to_status=round_.stage, comment=comment
    )


def clue_event(clue: Clue, *, actor: User, action: str, from_status: str = "", comment: str = "") -> ClueEvent:
    return ClueEvent.objects.create(
        clue=clue, actor=actor, action=action, from_status=from_status, to_status=clue.status, comment=comment
    )


def move_issue(issue: Issue, *, actor: User, action: str, comment: str = "", **changes) -> Issue:
    """Apply a lifecycle transition to a locked issue: status, changes, version, event."""
    from_status = issue.status
    issue.status = check_transition(ISSUE_TRANSITIONS, action, issue.status, IssueStatus)
    issue.status_changed_at = timezone.now()
    for field, value in changes.items():
        setattr(issue, field, value)
    issue.version += 1
    issue.save()
    issue_event(issue, actor=actor, action=action, from_status=from_status, comment=comment)
    return issue


def move_clue(clue: Clue, *, actor: User, action: str, comment: str = "", **changes) -> Clue:
    from_status = clue.status
    clue.status = check_transition(CLUE_TRANSITIONS, action, clue.status, ClueStatus)
    for field, value in changes.items():
        setattr(clue, field, value)
    clue.version += 1
    clue.full_clean()
    clue.save()
    clue_event(clue, actor=actor, action=action, from_status=from_status, comment=comment)
    return clue


def required_text(value: str, field: str, message: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def office_of(assignment: Assignment) -> Office:
    return assignment.round.office


# --- rounds, groups, units, assignments -----------------------------------------------------


@service("unit_create")
def unit_create(
    *,
    actor: User,
    office: Office,
    name: str,
    code: str,
    kind: str,
    parent: Unit | None = None,
    village_category: str = "",
    principal_name: str = "",
    principal_post: str = "",
) -> Unit:
    """Register an inspected unit under an office (admins)."""
    require_office_role(actor, office.pk, (Role.ADMIN,), _("登记被巡察单位"))
    unit = Unit(
        office=office,
        name=name,
        code=code,
        kind=kind,
        parent=parent,
        village_category=village_category,
        principal_name=principal_name,
        principal_post=principal_post,
    )
    unit.full_clean()
    unit.save()
    return unit


@service("round_create")
def round_create(
    *,
    actor: User,
    office: Office,
    term: str,
    sequence: int,
    kind: str,
    theme: str = "",
    planned_start: dt.date,
    planned_end: dt.date,
    looks_back_on: Iterable[Round] = (),
) -> Round:
    """Plan a round for an office (admins and supervisors of it or an ancestor); a revisit round
    (回头看) names the earlier rounds it looks back on (inspections/revisits.py)."""
    require_manager(actor, office.pk, _("安排巡察轮次"))
    round_ = Round(
        office=office,
        term=term,
        sequence=sequence,
        kind=kind,
        theme=theme,
        planned_start=planned_start,
        planned_end=planned_end,
    )
    round_.full_clean()
    earlier = revisits.check_looks_back_on(round_, looks_back_on)
    round_.save()
    round_.looks_back_on.set(earlier)
    return round_


ROUND_FIELDS = {"term", "sequence", "kind", "theme", "planned_start", "planned_end", "stage", "looks_back_on"}


def _round_changes(round_: Round, fields: dict) -> bool:
    """Whether ``fields`` would change the round (an unchanged form sent again is no write)."""
    for field, value in fields.items():
        if field == "looks_back_on":
            if set(round_.looks_back_on.values_list("pk", flat=True)) != {r.pk for r in value}:
                return True
        elif getattr(round_, field) != value:
            return True
    return False


@service("round_update")
def round_update(*, actor: User, round: Round, **fields) -> Round:
    require_manager(actor, round.office_id, _("修改巡察轮次"))
    unknown = set(fields) - ROUND_FIELDS
    if unknown:
        raise ApplicationError(_("不能修改字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    if round_.stage == RoundStage.CLOSED:
        if fields.get("stage", RoundStage.CLOSED) != RoundStage.CLOSED:
            raise ConflictError(
                _("该轮巡察已立卷归档，只有系统管理员可以重新开启（须填写理由）。"), code="round_archived"
            )
        if _round_changes(round_, fields):
            require_round_open(round_.pk)
    from_stage = round_.stage
    looks_back_on = fields.pop("looks_back_on", None)
    for field, value in fields.items():
        setattr(round_, field, value)
    round_.full_clean()
    earlier = revisits.check_looks_back_on(
        round_, round_.looks_back_on.all() if looks_back_on is None else looks_back_on
    )
    round_.save()
    if looks_back_on is not None:
        round_.looks_back_on.set(earlier)
    if round_.stage == RoundStage.CLOSED and from_stage != RoundStage.CLOSED:
        round_event(round_, actor=actor, action="archive", from_status=from_stage)
    return round_


@service("group_create")
def group_create(*, actor: User, round: Round, number: int) -> Group:
    require_manager(actor, round.office_id, _("组建巡察组"))
    require_round_open(round.pk)
    group = Group(round=round, number=number)
    group.full_clean()
    group.save()
    return group


@service("assignment_create")
def assignment_create(
    *,
    actor: User,
    round: Round,
    unit: Unit,
    group: Group,
    entry_date: dt.date | None = None,
    exit_date: dt.date | None = None,
    with_villages: bool = False,
) -> Assignment:
    """Put a unit on a round's list and give it to one of the round's groups.

    ``with_villages`` (巡乡带村 / 巡单位带村): the unit's active child units (its villages) not yet
    on the round are put on it in the same step, each as its own assignment of the same group
    and dates, ``carried_by`` the unit's. Findings about a village are recorded on the village's
    assignment, so they name the village, its liaison rectifies them and they roll up to the
    township through ``carried_by`` (or ``Unit.parent``).
    """
    require_manager(actor, round.office_id, _("确定巡察对象"))
    require_round_open(round.pk)
    if group.round_id != round.pk:
        raise ValidationError({"group": _("该巡察组不属于本轮巡察。")})
    assignment = Assignment(round=round, unit=unit, group=group, entry_date=entry_date, exit_date=exit_date)
    assignment.full_clean()
    assignment.save()
    if with_villages:
        taken = Assignment.objects.filter(round=round).values("unit_id")
        for village in unit.children.filter(is_active=True).exclude(pk__in=taken).order_by("code"):
            carried = Assignment(
                round=round,
                unit=village,
                group=group,
                entry_date=entry_date,
                exit_date=exit_date,
                carried_by=assignment,
            )
            carried.full_clean()
            carried.save()
    return assignment


# --- issues ---------------------------------------------------------------------------------


def next_code(assignment: Assignment, model) -> str:
    """Readable unique code R{round}-G{group}-{assignment}-{n}; the assignment row is locked."""
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    count = model.objects.filter(assignment=assignment).count() + 1
    prefix = "XS-" if model is Clue else ""
    return f"{prefix}R{assignment.round.sequence:02d}-G{assignment.group.number}-{assignment.pk:04d}-{count:03d}"


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


# --- secretary points and special reports ---------------------------------------------------


@service("secretary_point_create")
def secretary_point_create(
    *,
    actor: User,
    round: Round,
    kind: str,
    content: str,
    response: str = "",
    unit: Unit | None = None,
) -> SecretaryPoint:
    require(
        is_manager(actor, round.office_id)
        or any(
            group_role(actor, group_id) == GroupRole.LEADER for group_id in round.groups.values_list("pk", flat=True)
        ),
        _("只有审核人员、管理员或本轮巡察组组长可以登记书记点题。"),
    )
    require_round_open(round.pk)
    point = SecretaryPoint(round=round, kind=kind, content=content, response=response, unit=unit, created_by=actor)
    point.full_clean()
    point.save()
    return point


@service("special_report_create")
def special_report_create(
    *,
    actor: User,
    round: Round,
    number: int,
    title: str,
    suggestions: str = "",
    recipients: str = "",
    campaigns: str = "",
) -> SpecialReport:
    require_manager(actor, round.office_id, _("登记巡察专报"))
    require_round_open(round.pk)
    report = SpecialReport(
        round=round,
        number=number,
        title=title,
        suggestions=suggestions,
        recipients=recipients,
        campaigns=campaigns,
        created_by=actor,
    )
    report.full_clean()
    report.save()
    return report


# --- group members and assignment details ---------------------------------------------------


def _membership_refusal(group: Group, user: User, role: str) -> ValidationError | None:
    """The readable refusal for a membership the group cannot take, or None."""
    from ..models import GroupMembership

    if GroupMembership.objects.filter(group=group, user=user).exists():
        return ValidationError({"user": _("%(person)s 已是%(group)s的成员。") % {"person": user, "group": group}})
    if role == GroupRole.LEADER and GroupMembership.objects.filter(group=group, role=GroupRole.LEADER).exists():
        return ValidationError({"role": _("%(group)s已有组长，每个巡察组只能有一名组长。") % {"group": group}})
    return None


@service("membership_add")
def membership_add(*, actor: User, group: Group, user: User, role: str, seconded_from: str = ""):
    """Put a person into a group as leader, deputy or member, possibly seconded (managers only).

    The person must be an active user holding the inspector role somewhere; one leader per
    group (also a database constraint) and one place per person in a group.
    """
    from django.db import IntegrityError

    from accounts.models import RoleAssignment

    from ..models import GroupMembership

    require_manager(actor, group.round.office_id, _("调整巡察组成员"))
    require_round_open(group.round_id)
    if not user.is_active:
        raise ValidationError({"user": _("该用户已停用，不能加入巡察组。")})
    if not RoleAssignment.objects.filter(user=user, role=Role.INSPECTOR).exists():
        raise ValidationError(
            {"user": _("%(person)s 没有“巡察组成员”角色，请先由系统管理员授予该角色。") % {"person": user}}
        )
    # Lock the group so that two managers adding leaders at once are served one after the other.
    Group.objects.select_for_update().filter(pk=group.pk).first()
    refusal = _membership_refusal(group, user, role)
    if refusal is not None:
        raise refusal
    membership = GroupMembership(group=group, user=user, role=role, seconded_from=seconded_from or "")
    membership.full_clean()
    try:
        with transaction.atomic():
            membership.save()
    except IntegrityError as exc:  # the constraints, should a concurrent write slip past the checks
        raise _membership_refusal(group, user, role) or ValidationError(
            {"role": _("不能加入巡察组，请刷新页面后重试。")}
        ) from exc
    return membership


@service("membership_remove")
def membership_remove(*, actor: User, membership) -> None:
    """Take a person out of a group (managers only)."""
    require_manager(actor, membership.group.round.office_id, _("调整巡察组成员"))
    require_round_open(membership.group.round_id)
    membership.delete()


ASSIGNMENT_EDITABLE = {"political_portrait", "entry_date", "exit_date"}


@service("assignment_update")
def assignment_update(*, actor: User, assignment: Assignment, **fields) -> Assignment:
    """Edit an assignment's political portrait (政治画像) and its entry and exit dates."""
    require_manager(actor, assignment.round.office_id, _("修改巡察对象"))
    require_round_open(assignment.round_id)
    unknown = set(fields) - ASSIGNMENT_EDITABLE
    if unknown:
        raise ApplicationError(_("不能修改字段：%(fields)s") % {"fields": ", ".join(sorted(unknown))})
    locked = Assignment.objects.select_for_update().get(pk=assignment.pk)
    for field, value in fields.items():
        setattr(locked, field, value)
    locked.political_portrait = (locked.political_portrait or "").strip()
    if locked.feedback_date and locked.exit_date and locked.feedback_date < locked.exit_date:
        raise ValidationError(
            {
                "exit_date": _("撤离日期不能晚于反馈日期（%(date)s）。")
                % {"date": locked.feedback_date.strftime("%Y-%m-%d")}
            }
        )
    locked.full_clean()
    locked.save()
    return locked
