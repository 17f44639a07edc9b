"""Writes on the inspection side: the contract every service keeps, and the helpers they share.

The services themselves are by noun: :mod:`.rounds` (units, rounds, groups, members,
assignments, points, reports), :mod:`.issues`, :mod:`.clues`, :mod:`.archive`,
:mod:`.supervision`; the package re-exports them.

Each service is keyword-only, atomic, checks the actor's role and scope (accounts/scopes.py),
locks the row it changes, refuses a stale ``version`` (optimistic locking) or an illegal
transition with a readable message, writes the lifecycle event in the same transaction and
runs with the actor attached to the field history (pghistory context).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Office, User
from core.errors import ConflictError, TransitionError

from ..choices import ACTION_LABELS, ClueStatus, GroupRole, IssueStatus, RoundStage
from ..models import (
    Assignment,
    Clue,
    ClueEvent,
    Issue,
    IssueEvent,
    Round,
    RoundEvent,
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
            _(
                "该轮巡察已立卷归档，不能再修改其问题、线索、点题、专报或整改记录；如确需修改，请由系统管理员重新开启该轮次。"
            ),
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


def next_code(assignment: Assignment, model) -> str:
    """Readable unique code R{round}-G{group}-{assignment}-{n}; the assignment row is locked."""
    Assignment.objects.select_for_update().filter(pk=assignment.pk).first()
    count = model.objects.filter(assignment=assignment).count() + 1
    prefix = "XS-" if model is Clue else ""
    return f"{prefix}R{assignment.round.sequence:02d}-G{assignment.group.number}-{assignment.pk:04d}-{count:03d}"
