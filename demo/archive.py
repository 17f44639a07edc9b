"""Demo records of issue 12's archive and revisit features, added to the loaded demo data set
without changing any of its figures (tests/demo): no round, assignment, issue or clue is added.

- The revisit round (六届市委第2轮, 巡察“回头看”) looks back on the earlier rounds that inspected
  its units, and its first findings on three of those units are marked “上轮问题整改不到位”,
  each linked to an earlier finding of the same unit.
- The city's latest archived round (立卷归档) is one in which the demo `group_leader` led and the
  demo `inspector` served (group 1), with its archive event, so both see a locked round.

Idempotent: a second run finds everything in place and writes nothing. The rows are written
with the field-history triggers skipped, as the rest of the demo load (demo/copy.bulk_load).
"""

from __future__ import annotations

from accounts.models import Office, User
from inspections.choices import FOUND_STATUSES, GroupRole, RoundKind, RoundStage
from inspections.models import Assignment, Group, GroupMembership, Issue, Round, RoundEvent

from .accounts import CITY_OFFICE
from .copy import bulk_load

MARKED_UNITS = 3


def seed_archive_demo(*, offices: dict[str, Office], accounts: dict[str, User]) -> dict[str, int]:
    """Link the revisit and place the demo inspectors in an archived round; returns what it changed."""
    with bulk_load():
        return {**_revisit(), **_archived_round(offices[CITY_OFFICE], accounts)}


def _revisit() -> dict[str, int]:
    revisit = Round.objects.filter(kind=RoundKind.REVISIT).order_by("planned_start", "id").first()
    if revisit is None:
        return {}
    units = Assignment.objects.filter(round=revisit).values("unit_id")
    earlier = (
        Round.objects.filter(assignments__unit__in=units, planned_start__lt=revisit.planned_start)
        .exclude(pk=revisit.pk)
        .distinct()
    )
    revisit.looks_back_on.add(*earlier)
    marked = 0
    for unit_id in Assignment.objects.filter(round=revisit).order_by("unit__code").values_list("unit_id", flat=True):
        if marked >= MARKED_UNITS:
            break
        finding = Issue.objects.filter(round=revisit, unit_id=unit_id, status__in=FOUND_STATUSES).order_by("id").first()
        before = (
            Issue.objects.filter(unit_id=unit_id, round__in=earlier, status__in=FOUND_STATUSES).order_by("id").first()
        )
        if finding is None or before is None:
            continue
        if finding.previous_issue_id is None:
            Issue.objects.filter(pk=finding.pk).update(previous_issue=before)
        marked += 1
    return {"revisit_looks_back_on": earlier.count(), "revisit_marked": marked}


def _archived_round(city: Office, accounts: dict[str, User]) -> dict[str, int]:
    archived = Round.objects.filter(office=city, stage=RoundStage.CLOSED).order_by("-planned_start", "-id").first()
    group = Group.objects.filter(round=archived, number=1).first() if archived else None
    if group is None:
        return {}
    leader, inspector = accounts["group_leader"], accounts["inspector"]
    if not GroupMembership.objects.filter(group=group, user=leader, role=GroupRole.LEADER).exists():
        # group_leader takes the lead; the previous leader stays in the group as a member.
        GroupMembership.objects.filter(group=group, role=GroupRole.LEADER).update(role=GroupRole.MEMBER)
        GroupMembership.objects.filter(group=group, user=leader).delete()
        GroupMembership.objects.create(group=group, user=leader, role=GroupRole.LEADER)
    if not GroupMembership.objects.filter(group=group, user=inspector).exists():
        GroupMembership.objects.create(group=group, user=inspector, role=GroupRole.MEMBER)
    if not RoundEvent.objects.filter(round=archived, action="archive").exists():
        RoundEvent.objects.create(
            round=archived,
            actor=accounts["admin"],
            action="archive",
            from_status=RoundStage.RECTIFICATION,
            to_status=RoundStage.CLOSED,
            comment="整改完成，立卷归档。",
        )
    return {"archived_round": archived.pk}
