"""回避 by office: in a round of another office (a cross round planned by the city, its groups
drawn from the counties), a member whose inspector office is the home office of a unit his group
inspects must not inspect it. The scope rule hides those findings and clues from him
(accounts/scopes.py, ``recused_q``); these readers warn on the group pages and while picking
members, next to the talent pool's 回避 (past units)."""

from __future__ import annotations

from collections import defaultdict

from django.db.models import F

from accounts.choices import Role
from accounts.models import RoleAssignment

from .models import Assignment, GroupMembership, Unit


def _foreign_units(group_ids) -> dict[int, list[Unit]]:
    """Per group, the units it inspects whose home office is not the round's office."""
    units: dict[int, list[Unit]] = defaultdict(list)
    rows = (
        Assignment.objects.filter(group__in=group_ids)
        .exclude(unit__office=F("round__office"))
        .select_related("unit__office")
        .order_by("unit__code")
    )
    for assignment in rows:
        units[assignment.group_id].append(assignment.unit)
    return units


def _inspector_offices(user_ids) -> dict[int, set[int]]:
    offices: dict[int, set[int]] = defaultdict(set)
    rows = RoleAssignment.objects.filter(user__in=user_ids, role=Role.INSPECTOR).values_list("user_id", "office_id")
    for user_id, office_id in rows:
        offices[user_id].add(office_id)
    return offices


def office_conflicts(*, group_ids: list[int]) -> list[tuple[int, GroupMembership, Unit]]:
    """(group id, membership, unit) for each member who comes from the home office of a unit his
    group inspects in another office's round."""
    units = _foreign_units(group_ids)
    if not units:
        return []
    memberships = list(GroupMembership.objects.filter(group__in=list(units)).select_related("user"))
    offices = _inspector_offices([m.user_id for m in memberships])
    return [
        (m.group_id, m, unit)
        for m in memberships
        for unit in units[m.group_id]
        if unit.office_id in offices[m.user_id]
    ]


def candidate_office_conflicts(*, user_ids: list[int], group_id: int) -> dict[int, list[Unit]]:
    """For the add-member picker: per candidate, the units of the group he would be recused from."""
    units = _foreign_units([group_id]).get(group_id, [])
    if not units or not user_ids:
        return {}
    offices = _inspector_offices(user_ids)
    found = {user_id: [unit for unit in units if unit.office_id in own] for user_id, own in offices.items()}
    return {user_id: found_units for user_id, found_units in found.items() if found_units}
