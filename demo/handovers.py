"""Demo hand-over notifications (the bell's 待办): the demo data is written with COPY, which fires
no signals, so the hand-overs its records stand for are told here, as the services would have
told them — a return to the demo liaison, reports waiting for the demo supervisor, a draft waiting
for the demo group leader. Idempotent (one notification per person and event key); no figure of
the seed changes."""

from __future__ import annotations

from accounts.choices import Role
from accounts.models import RoleAssignment, User
from inspections.choices import GroupRole, IssueStatus
from inspections.models import GroupMembership, Issue
from notifications.choices import NotificationKind as Kind
from notifications.handovers import notify

RETURN_REASON = "佐证材料不全，请补充整改前后的对比照片和制度文件。"


def seed_handovers(accounts: dict[str, User]) -> None:
    supervisor = accounts.get("supervisor")
    liaison = accounts.get("liaison")
    unit_id = RoleAssignment.objects.filter(user=liaison, role=Role.LIAISON).values_list("unit_id", flat=True).first()
    if liaison and unit_id:
        rectifying = Issue.objects.filter(unit_id=unit_id, status=IssueStatus.RECTIFYING)
        for issue in rectifying.order_by("deadline", "id")[:2]:
            notify(
                [liaison.pk],
                kind=Kind.ISSUE_RETURNED,
                event_key=f"demo:returned:{issue.pk}",
                actor_id=supervisor.pk if supervisor else None,
                text=RETURN_REASON,
                issue=issue,
            )
    if supervisor:
        offices = RoleAssignment.objects.filter(user=supervisor, role=Role.SUPERVISOR).values("office_id")
        waiting = Issue.objects.filter(office_id__in=offices, status=IssueStatus.PENDING_REVIEW).order_by("id")[:3]
        for issue in waiting:
            notify([supervisor.pk], kind=Kind.ISSUE_SUBMITTED, event_key=f"demo:submitted:{issue.pk}", issue=issue)
    leader = accounts.get("group_leader")
    if leader:
        groups = GroupMembership.objects.filter(user=leader, role=GroupRole.LEADER).values("group_id")
        for issue in Issue.objects.filter(group_id__in=groups, status=IssueStatus.DRAFT).order_by("id")[:2]:
            notify(
                [leader.pk],
                kind=Kind.FINDING_SUBMITTED,
                event_key=f"demo:finding:{issue.pk}",
                actor_id=issue.case_officer_id,
                issue=issue,
            )
