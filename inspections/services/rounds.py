"""Writes on rounds and what hangs off them: units, rounds (with the earlier rounds a revisit
looks back on), groups and their members, assignments, secretary points and special reports."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Office, User
from accounts.scopes import group_role, is_manager, require, require_manager, require_office_role
from core.errors import ApplicationError, ConflictError
from core.services import service

from .. import revisits
from ..choices import GroupRole, RoundStage
from ..models import Assignment, Group, Round, SecretaryPoint, SpecialReport, Unit
from .core import require_round_open, round_event


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
