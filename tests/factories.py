"""A small world for domain tests: a city office with two counties, units, rounds, groups,
assignments and one user per role and place. Built with the ORM (no services) so that the
services under test start from known rows."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, RoleAssignment, User
from inspections.choices import GroupRole, IssueStatus, UnitKind
from inspections.models import Assignment, Clue, Group, GroupMembership, Issue, IssueCategory, Round, Unit


def user(username: str, role: str | None = None, office: Office | None = None, unit: Unit | None = None) -> User:
    person = User.objects.create_user(username=username, password="pw-" + username, full_name=username)
    if role:
        RoleAssignment.objects.create(user=person, office=office, role=role, unit=unit)
    return person


def make_round(office: Office, sequence: int) -> Round:
    return Round.objects.create(
        office=office,
        term="十一届",
        sequence=sequence,
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 5, 1),
        stage="on_site",
    )


def make_group(round_: Round, number: int, **members: User) -> Group:
    group = Group.objects.create(round=round_, number=number)
    for role, person in members.items():
        GroupMembership.objects.create(group=group, user=person, role=role.rstrip("0123456789"))
    return group


def make_assignment(round_: Round, unit: Unit, group: Group) -> Assignment:
    return Assignment.objects.create(
        round=round_, unit=unit, group=group, entry_date=dt.date(2026, 3, 10), exit_date=dt.date(2026, 4, 20)
    )


def make_issue(assignment: Assignment, status: str = IssueStatus.DRAFT, n: int = 1, **fields) -> Issue:
    defaults = {"title": f"问题{n}", "found_on": dt.date(2026, 3, 20), "category": leaf_category()}
    issue = Issue(
        assignment=assignment, code=f"T-{assignment.pk}-{n:03d}-{status}", status=status, **{**defaults, **fields}
    )
    issue.copy_from_assignment()
    issue.save()
    return issue


def make_clue(assignment: Assignment, author: User, status: str = "draft", n: int = 1, **fields) -> Clue:
    if status in ("transferred", "concluded"):
        fields.setdefault("recipient", "discipline")
        fields.setdefault("transfer_date", dt.date(2026, 4, 25))
    clue = Clue(
        assignment=assignment,
        code=f"XS-{assignment.pk}-{n:03d}-{status}",
        summary="反映某干部问题",
        status=status,
        created_by=author,
        **fields,
    )
    clue.copy_from_assignment()
    clue.save()
    return clue


def leaf_category() -> IssueCategory:
    """A seeded sub-type; transactional tests flush the seeded rows, so make one if needed."""
    category = IssueCategory.objects.filter(parent__isnull=False).order_by("pk").first()
    if category is None:
        heading = IssueCategory.objects.create(name="聚焦群众身边腐败问题和不正之风")
        category = IssueCategory.objects.create(name="工程建设", parent=heading)
    return category


def make_world() -> SimpleNamespace:
    """City office with counties A and B; city round with groups X and Y; a county-A round."""
    w = SimpleNamespace()
    w.city = Office.objects.create(name="测试市委巡察办", level=OfficeLevel.CITY)
    w.county_a = Office.objects.create(name="甲县委巡察办", level=OfficeLevel.COUNTY, parent=w.city)
    w.county_b = Office.objects.create(name="乙县委巡察办", level=OfficeLevel.COUNTY, parent=w.city)

    w.unit_x = Unit.objects.create(name="市住建局", code="U-X", kind=UnitKind.DEPARTMENT, office=w.city)
    w.unit_y = Unit.objects.create(name="市发改委", code="U-Y", kind=UnitKind.DEPARTMENT, office=w.city)
    w.unit_a = Unit.objects.create(name="甲县某镇", code="U-A", kind=UnitKind.TOWNSHIP, office=w.county_a)
    w.unit_b = Unit.objects.create(name="乙县某镇", code="U-B", kind=UnitKind.TOWNSHIP, office=w.county_b)

    w.admin = user("t_admin", Role.ADMIN, w.city)
    w.supervisor = user("t_supervisor", Role.SUPERVISOR, w.city)
    w.supervisor_a = user("t_supervisor_a", Role.SUPERVISOR, w.county_a)
    w.supervisor_b = user("t_supervisor_b", Role.SUPERVISOR, w.county_b)
    w.clue_officer = user("t_clue_officer", Role.CLUE_OFFICER, w.city)
    w.clue_officer_b = user("t_clue_officer_b", Role.CLUE_OFFICER, w.county_b)
    w.leader = user("t_leader", Role.LEADER, w.city)
    w.liaison_x = user("t_liaison_x", Role.LIAISON, w.city, unit=w.unit_x)
    w.liaison_a = user("t_liaison_a", Role.LIAISON, w.county_a, unit=w.unit_a)
    w.group_leader_x = user("t_group_leader_x", Role.INSPECTOR, w.city)
    w.deputy_x = user("t_deputy_x", Role.INSPECTOR, w.city)
    w.inspector_x = user("t_inspector_x", Role.INSPECTOR, w.city)
    w.inspector_y = user("t_inspector_y", Role.INSPECTOR, w.city)
    w.inspector_a = user("t_inspector_a", Role.INSPECTOR, w.county_a)
    w.nobody = user("t_nobody")

    w.round = make_round(w.city, 1)
    w.group_x = make_group(
        w.round, 1, **{GroupRole.LEADER: w.group_leader_x, GroupRole.DEPUTY: w.deputy_x, "member": w.inspector_x}
    )
    w.group_y = make_group(w.round, 2, **{GroupRole.LEADER: w.inspector_y})
    w.assignment_x = make_assignment(w.round, w.unit_x, w.group_x)
    w.assignment_y = make_assignment(w.round, w.unit_y, w.group_y)

    w.round_a = make_round(w.county_a, 1)
    w.group_a = make_group(w.round_a, 1, **{GroupRole.LEADER: w.inspector_a})
    w.assignment_a = make_assignment(w.round_a, w.unit_a, w.group_a)
    return w
