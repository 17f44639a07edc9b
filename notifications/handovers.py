"""Notifications for hand-overs of work: whenever a service writes a lifecycle step (an issue or
clue event), or a plan or supervision action, the people who must act next are told.

The services know nothing of this module (dependencies go one way): it listens to the
``post_save`` signals of the records the services write, inside their transaction, so a
notification exists exactly when its hand-over does. Each one carries an event key; the database
keeps one notification per person and key, so a repeated signal never repeats a notification.

Who is told:

- an issue reported done (报请销号) → the close-out reviewers (supervisors) of the issue's office;
- a plan submitted → the supervisors of the inspecting office;
- an issue returned or closed, a plan returned → the unit's liaisons;
- a finding recorded (a draft) → the group's deputies and leader; a draft reviewed → the leader;
- a clue transferred (its result is now due) → the clue officers of the clue's office;
- a supervision action (督办) → the unit's liaisons.

Nobody is told of his own action, and muted kinds are not written.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models.signals import post_save

from accounts.choices import Role
from accounts.models import RoleAssignment
from inspections.choices import GroupRole
from inspections.models import ClueEvent, GroupMembership, IssueEvent
from rectification.choices import PlanStatus
from rectification.models import Action, Plan

from .choices import NotificationKind as Kind
from .models import Notification, NotificationMute

TEXT_LENGTH = 500


def role_holders(role: str, *, office_id: int | None = None, unit_id: int | None = None) -> set[int]:
    """Active users holding ``role`` in that office (exactly) or for that unit."""
    holders = RoleAssignment.objects.filter(role=role, user__is_active=True)
    if office_id is not None:
        holders = holders.filter(office_id=office_id)
    if unit_id is not None:
        holders = holders.filter(unit_id=unit_id)
    return set(holders.values_list("user_id", flat=True))


def group_leaders(group_id: int, *, deputies: bool = True) -> set[int]:
    roles = [GroupRole.LEADER, GroupRole.DEPUTY] if deputies else [GroupRole.LEADER]
    return set(
        GroupMembership.objects.filter(group_id=group_id, role__in=roles, user__is_active=True).values_list(
            "user_id", flat=True
        )
    )


def notify(
    users: Iterable[int], *, kind: str, event_key: str, actor_id: int | None = None, text: str = "", **subject
) -> int:
    """Write one notification per person for this event (never twice); returns how many were new."""
    users = set(users) - {actor_id}
    if not users:
        return 0
    muted = set(NotificationMute.objects.filter(kind=kind, user_id__in=users).values_list("user_id", flat=True))
    rows = [
        Notification(
            user_id=user_id,
            kind=kind,
            event_key=event_key,
            actor_id=actor_id,
            text=(text or "")[:TEXT_LENGTH],
            **subject,
        )
        for user_id in sorted(users - muted)
    ]
    created = Notification.objects.bulk_create(rows, ignore_conflicts=True)
    return len(created)


def on_issue_event(sender, instance: IssueEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    event = instance
    issue = event.issue
    common = {"event_key": f"issueevent:{event.pk}", "actor_id": event.actor_id, "text": event.comment, "issue": issue}
    if event.action == "submit":
        notify(role_holders(Role.SUPERVISOR, office_id=issue.office_id), kind=Kind.ISSUE_SUBMITTED, **common)
    elif event.action == "return":
        notify(role_holders(Role.LIAISON, unit_id=issue.unit_id), kind=Kind.ISSUE_RETURNED, **common)
    elif event.action == "close":
        notify(role_holders(Role.LIAISON, unit_id=issue.unit_id), kind=Kind.ISSUE_CLOSED, **common)
    elif event.action == "create":
        notify(group_leaders(issue.group_id), kind=Kind.FINDING_SUBMITTED, **common)
    elif event.action == "review":
        notify(group_leaders(issue.group_id, deputies=False), kind=Kind.FINDING_SUBMITTED, **common)


def on_clue_event(sender, instance: ClueEvent, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw or instance.action != "transfer":
        return
    clue = instance.clue
    due = clue.result_due.isoformat() if clue.result_due else ""
    notify(
        role_holders(Role.CLUE_OFFICER, office_id=clue.office_id),
        kind=Kind.CLUE_RESULT_DUE,
        event_key=f"clueevent:{instance.pk}",
        actor_id=instance.actor_id,
        text=due,
        clue=clue,
    )


def on_plan(sender, instance: Plan, created: bool, raw: bool = False, **kwargs) -> None:
    if raw:
        return
    plan = instance
    if created and plan.status == PlanStatus.SUBMITTED:
        office_id = plan.assignment.round.office_id
        notify(
            role_holders(Role.SUPERVISOR, office_id=office_id),
            kind=Kind.PLAN_SUBMITTED,
            event_key=f"plan:{plan.pk}:submitted",
            actor_id=plan.submitted_by_id,
            assignment_id=plan.assignment_id,
        )
    elif plan.status == PlanStatus.RETURNED:
        notify(
            role_holders(Role.LIAISON, unit_id=plan.assignment.unit_id),
            kind=Kind.PLAN_RETURNED,
            event_key=f"plan:{plan.pk}:returned",
            actor_id=plan.reviewed_by_id,
            text=plan.review_comment,
            assignment_id=plan.assignment_id,
        )


def on_action(sender, instance: Action, created: bool, raw: bool = False, **kwargs) -> None:
    if not created or raw:
        return
    action = instance
    text = f"{action.get_kind_display()} · {action.get_reason_display()}"
    if action.note:
        text += f"：{action.note}"
    notify(
        role_holders(Role.LIAISON, unit_id=action.unit_id),
        kind=Kind.ACTION_ISSUED,
        event_key=f"action:{action.pk}",
        actor_id=action.taken_by_id,
        text=text,
        assignment_id=action.assignment_id,
    )


def connect() -> None:
    """Called from NotificationsConfig.ready()."""
    post_save.connect(on_issue_event, sender=IssueEvent, dispatch_uid="notifications.issue_event")
    post_save.connect(on_clue_event, sender=ClueEvent, dispatch_uid="notifications.clue_event")
    post_save.connect(on_plan, sender=Plan, dispatch_uid="notifications.plan")
    post_save.connect(on_action, sender=Action, dispatch_uid="notifications.action")
