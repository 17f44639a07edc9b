"""Reads on the inspection side for the web UI: scoped querysets with their joins, the
workbench's queues, counts per assignment, timelines, field history and 回避 warnings.

Every function starts from ``Model.objects.visible_to(user)`` (accounts/scopes.py): nothing
here reads outside the user's scope, and clue figures exist only for users who may read clues.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import Office, User
from accounts.scopes import (
    CLUE_READERS,
    MANAGERS,
    grants,
    group_role,
    has_role,
    is_manager,
    office_subtree,
    reaches_office,
    reads_clues_office_wide,
)

from .choices import FED_BACK_STATUSES, ClueStatus, GroupRole, IssueStatus
from .models import (
    Assignment,
    Clue,
    ClueEvent,
    Group,
    GroupMembership,
    Issue,
    IssueCategory,
    IssueEvent,
    Round,
    SecretaryPoint,
    SpecialReport,
    Talent,
    Unit,
)
from .recusal import office_conflicts

# --- lists ------------------------------------------------------------------------------------


def issue_list(*, user: User) -> QuerySet[Issue]:
    return Issue.objects.visible_to(user).select_related("unit", "round", "group", "category", "case_officer")


def clue_list(*, user: User) -> QuerySet[Clue]:
    return Clue.objects.visible_to(user).select_related("unit", "round", "group").prefetch_related("persons")


def _count(model, **filters):
    """A correlated COUNT subquery (not a join, so the scope filter's joins cannot skew it)."""
    rows = model.objects.filter(**filters).order_by().values(*filters).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def round_list(*, user: User) -> QuerySet[Round]:
    return (
        Round.objects.visible_to(user)
        .distinct()
        .select_related("office")
        .annotate(group_count=_count(Group, round=OuterRef("pk")), unit_count=_count(Assignment, round=OuterRef("pk")))
    )


def point_list(*, user: User) -> QuerySet[SecretaryPoint]:
    return SecretaryPoint.objects.visible_to(user).select_related("round", "unit", "created_by").distinct()


def report_list(*, user: User) -> QuerySet[SpecialReport]:
    return SpecialReport.objects.visible_to(user).select_related("round", "created_by").distinct()


def can_read_clues(user: User) -> bool:
    """Whether the user's roles let him read clues at all (links, counts and search results
    hang on it): clue officers and admins, and group leaders (accounts/scopes.py)."""
    if reads_clues_office_wide(user):
        return True
    return has_role(user, Role.INSPECTOR) and GroupMembership.objects.filter(user=user, role=GroupRole.LEADER).exists()


def managed_offices(user: User) -> QuerySet[Office]:
    """Offices where the user may plan rounds (admins and supervisors, subtrees included)."""
    q = office_subtree(user, MANAGERS)
    return Office.objects.none() if q is None else Office.objects.filter(q)


# --- the workbench ----------------------------------------------------------------------------


def my_drafts(*, user: User) -> QuerySet[Issue]:
    """Drafts the user is the case officer of."""
    return issue_list(user=user).filter(case_officer=user, status=IssueStatus.DRAFT)


def awaiting_my_review(*, user: User) -> QuerySet[Issue]:
    """Drafts waiting for the user: unreviewed ones in groups he is deputy of, and all drafts in
    groups he leads (the leader confirms; reviewed drafts come first)."""
    if not has_role(user, Role.INSPECTOR):
        return Issue.objects.none()
    memberships = GroupMembership.objects.filter(user=user)
    deputy_groups = memberships.filter(role=GroupRole.DEPUTY).values("group_id")
    leader_groups = memberships.filter(role=GroupRole.LEADER).values("group_id")
    return (
        issue_list(user=user)
        .filter(status=IssueStatus.DRAFT)
        .filter(Q(group__in=deputy_groups, reviewed_at__isnull=True) | Q(group__in=leader_groups))
        .order_by("reviewed_at", "-id")
    )


def my_assignments(*, user: User) -> QuerySet[Assignment]:
    """Assignments of the groups the user belongs to (我的巡察), newest round first."""
    groups = GroupMembership.objects.filter(user=user).values("group_id")
    return (
        Assignment.objects.visible_to(user)
        .filter(group__in=groups)
        .select_related("round", "unit", "group")
        .order_by("-round__planned_start", "group__number", "unit__name")
    )


# --- rounds, groups and assignments -----------------------------------------------------------


@dataclass
class AssignmentRow:
    assignment: Assignment
    issues: int = 0
    issues_found: int = 0
    fed_back: int = 0
    closed: int = 0
    drafts: int = 0
    clues: int | None = None
    feedback_date: Any = None

    @property
    def completion_rate(self):
        if not self.fed_back:
            return None
        return round(self.closed * 100 / self.fed_back, 1)


def assignment_rows(*, user: User, assignments: QuerySet[Assignment]) -> list[AssignmentRow]:
    """Each assignment with its counts of issues by state and, for clue readers, of clues.

    Two aggregate queries in all (one for issues, one for clues), whatever the number of rows.
    """
    assignments = list(assignments.select_related("unit", "group", "round"))
    rows = {a.pk: AssignmentRow(assignment=a, feedback_date=a.feedback_date) for a in assignments}
    if not rows:
        return []
    issue_counts = (
        Issue.objects.visible_to(user)
        .filter(assignment__in=list(rows))
        .values("assignment")
        .annotate(
            total=Count("id", filter=~Q(status=IssueStatus.WITHDRAWN)),
            found=Count("id", filter=Q(status__in=(IssueStatus.CONFIRMED, *FED_BACK_STATUSES))),
            fed_back=Count("id", filter=Q(status__in=FED_BACK_STATUSES)),
            closed=Count("id", filter=Q(status=IssueStatus.CLOSED)),
            drafts=Count("id", filter=Q(status=IssueStatus.DRAFT)),
        )
    )
    for row in issue_counts:
        target = rows[row["assignment"]]
        target.issues = row["total"]
        target.issues_found = row["found"]
        target.fed_back = row["fed_back"]
        target.closed = row["closed"]
        target.drafts = row["drafts"]
    if can_read_clues(user):
        for row in rows.values():
            row.clues = 0
        clue_counts = (
            Clue.objects.visible_to(user)
            .filter(assignment__in=list(rows))
            .exclude(status=ClueStatus.WITHDRAWN)
            .values("assignment")
            .annotate(total=Count("id"))
        )
        for row in clue_counts:
            rows[row["assignment"]].clues = row["total"]
    return list(rows.values())


@dataclass
class GroupView:
    group: Group
    leader: GroupMembership | None = None
    deputies: list[GroupMembership] = field(default_factory=list)
    members: list[GroupMembership] = field(default_factory=list)
    seconded: list[GroupMembership] = field(default_factory=list)
    units: list[Unit] = field(default_factory=list)
    conflicts: list[tuple[GroupMembership, Unit]] = field(default_factory=list)
    office_conflicts: list[tuple[GroupMembership, Unit]] = field(default_factory=list)  # 回避 by office


def round_groups(*, user: User, round: Round) -> list[GroupView]:
    """The round's groups with their people by role and the 回避 warnings of each."""
    groups = list(Group.objects.visible_to(user).filter(round=round).distinct().order_by("number"))
    views = {g.pk: GroupView(group=g) for g in groups}
    if not views:
        return []
    memberships = (
        GroupMembership.objects.filter(group__in=list(views)).select_related("user").order_by("role", "user__username")
    )
    for membership in memberships:
        view = views[membership.group_id]
        if membership.role == GroupRole.LEADER:
            view.leader = membership
        elif membership.role == GroupRole.DEPUTY:
            view.deputies.append(membership)
        elif membership.seconded_from:
            view.seconded.append(membership)
        else:
            view.members.append(membership)
    for assignment in Assignment.objects.filter(group__in=list(views)).select_related("unit"):
        views[assignment.group_id].units.append(assignment.unit)
    for group_id, membership, unit in recusal_conflicts(group_ids=list(views)):
        views[group_id].conflicts.append((membership, unit))
    for group_id, membership, unit in office_conflicts(group_ids=list(views)):
        views[group_id].office_conflicts.append((membership, unit))
    return list(views.values())


def recusal_conflicts(*, group_ids: list[int]) -> list[tuple[int, GroupMembership, Unit]]:
    """回避: members whose talent-pool entry lists a past unit that their group inspects."""
    past = Talent.past_units.through.objects.filter(
        talent__user__group_memberships__group__in=group_ids,
        unit__assignments__group__in=group_ids,
    ).values_list("talent__user_id", "unit_id")
    pairs = set(past)
    if not pairs:
        return []
    inspected = defaultdict(set)
    for group_id, unit_id in Assignment.objects.filter(group__in=group_ids).values_list("group_id", "unit_id"):
        inspected[group_id].add(unit_id)
    units = Unit.objects.in_bulk({unit_id for _user, unit_id in pairs})
    conflicts = []
    for membership in GroupMembership.objects.filter(group__in=group_ids).select_related("user"):
        for user_id, unit_id in sorted(pairs):
            if user_id == membership.user_id and unit_id in inspected[membership.group_id]:
                conflicts.append((membership.group_id, membership, units[unit_id]))
    return conflicts


def earlier_assignments(*, user: User, assignment: Assignment) -> QuerySet[Assignment]:
    """The unit's other rounds (earlier first by date), within the user's scope."""
    return (
        Assignment.objects.visible_to(user)
        .filter(unit_id=assignment.unit_id)
        .exclude(pk=assignment.pk)
        .select_related("round", "group")
        .annotate(issue_count=Count("issues", filter=~Q(issues__status=IssueStatus.WITHDRAWN), distinct=True))
        .order_by("-round__planned_start")
        .distinct()
    )


# --- timelines --------------------------------------------------------------------------------


def issue_events(issue: Issue, *, user) -> QuerySet[IssueEvent]:
    """The issue's timeline as this user may read it (a unit's liaison: from feedback on)."""
    from accounts.scopes import issue_events_q

    return (
        IssueEvent.objects.filter(issue=issue).filter(issue_events_q(user)).select_related("actor").order_by("at", "id")
    )


def clue_events(clue: Clue) -> QuerySet[ClueEvent]:
    return ClueEvent.objects.filter(clue=clue).select_related("actor").order_by("at", "id")


@dataclass
class FieldChange:
    label: str
    old: str
    new: str


@dataclass
class HistoryEntry:
    at: Any
    actor: str
    changes: list[FieldChange]


ISSUE_HISTORY_FIELDS = (
    "category",
    "title",
    "facts",
    "basis",
    "how_found",
    "nature",
    "immediate",
    "found_on",
    "deadline",
    "status",
    "case_officer",
    "deputy_reviewer",
    "withdrawn_reason",
)


def field_history(obj, fields=ISSUE_HISTORY_FIELDS) -> list[HistoryEntry]:
    """The object's field history (pghistory rows), as changes between consecutive versions."""
    model = obj._meta.model
    rows = list(obj.history.select_related("pgh_context").order_by("pgh_id"))
    user_ids = {
        (row.pgh_context.metadata or {}).get("user")
        for row in rows
        if row.pgh_context_id and (row.pgh_context.metadata or {}).get("user")
    }
    users = {u.pk: u.display_name for u in User.objects.filter(pk__in=user_ids)}
    related_ids: dict[str, set] = defaultdict(set)
    for name in fields:
        f = model._meta.get_field(name)
        if f.is_relation:
            related_ids[name].update(getattr(row, f.attname) for row in rows if getattr(row, f.attname))
    related = {
        name: {o.pk: str(o) for o in model._meta.get_field(name).related_model.objects.filter(pk__in=ids)}
        for name, ids in related_ids.items()
    }

    def shown(name, row) -> str:
        f = model._meta.get_field(name)
        if f.is_relation:
            value = getattr(row, f.attname)
            return related[name].get(value, "") if value else ""
        value = getattr(row, name)
        if f.choices:
            return str(dict(f.flatchoices).get(value, value or ""))
        if isinstance(value, bool):
            return _("是") if value else _("否")
        return "" if value is None else str(value)

    entries = []
    previous = None
    for row in rows:
        if previous is not None:
            changes = [
                FieldChange(str(model._meta.get_field(name).verbose_name), shown(name, previous), shown(name, row))
                for name in fields
                if shown(name, previous) != shown(name, row)
            ]
            if changes:
                metadata = row.pgh_context.metadata if row.pgh_context_id else {}
                entries.append(HistoryEntry(row.pgh_created_at, users.get((metadata or {}).get("user"), ""), changes))
        previous = row
    return entries


# --- what the user may do (the services check again) -----------------------------------------


def issue_actions(*, user: User, issue: Issue) -> dict[str, bool]:
    role = group_role(user, issue.group_id)
    draft = issue.status == IssueStatus.DRAFT
    leaders = (GroupRole.LEADER, GroupRole.DEPUTY)
    before_feedback = issue.status in (IssueStatus.DRAFT, IssueStatus.CONFIRMED)
    return {
        "edit": draft and (role in leaders or (role is not None and issue.case_officer_id == user.pk)),
        "review": draft and role in leaders and issue.reviewed_at is None,
        "confirm": draft and role == GroupRole.LEADER,
        "withdraw": issue.status not in (IssueStatus.CLOSED, IssueStatus.WITHDRAWN)
        and (is_manager(user, issue.office_id) or (before_feedback and role == GroupRole.LEADER)),
    }


def clue_actions(*, user: User, clue: Clue) -> dict[str, bool]:
    role = group_role(user, clue.group_id)
    officer = reaches_office(user, clue.office_id, CLUE_READERS)
    return {
        "transfer": clue.status == ClueStatus.DRAFT and role == GroupRole.LEADER,
        "outcome": clue.status == ClueStatus.TRANSFERRED and officer,
        "withdraw": clue.status in (ClueStatus.DRAFT, ClueStatus.TRANSFERRED)
        and (officer or (clue.status == ClueStatus.DRAFT and role == GroupRole.LEADER)),
    }


def can_record_points(user: User) -> bool:
    return is_manager(user) or GroupMembership.objects.filter(user=user, role=GroupRole.LEADER).exists()


def is_group_member(user: User) -> bool:
    return has_role(user, Role.INSPECTOR) and GroupMembership.objects.filter(user=user).exists()


# --- type-ahead -------------------------------------------------------------------------------

LOOKUP_LIMIT = 20


def lookup_units(*, user: User, q: str, round_id: int | None = None) -> QuerySet[Unit]:
    units = Unit.objects.visible_to(user).filter(is_active=True)
    if round_id:
        units = units.filter(assignments__round_id=round_id)
    if q:
        units = units.filter(Q(name__icontains=q) | Q(code__icontains=q))
    return units.distinct().order_by("name")[:LOOKUP_LIMIT]


def lookup_rounds(*, user: User, q: str) -> QuerySet[Round]:
    rounds = Round.objects.visible_to(user)
    if q:
        rounds = rounds.filter(Q(term__icontains=q) | Q(theme__icontains=q) | Q(office__name__icontains=q))
    return rounds.distinct().select_related("office").order_by("-planned_start", "-id")[:LOOKUP_LIMIT]


def lookup_groups(*, user: User, q: str, round_id: int | None = None) -> QuerySet[Group]:
    groups = Group.objects.visible_to(user)
    if round_id:
        groups = groups.filter(round_id=round_id)
    if q and q.isdigit():
        groups = groups.filter(number=int(q))
    return groups.distinct().select_related("round").order_by("-round__planned_start", "number")[:LOOKUP_LIMIT]


def lookup_assignments(*, user: User, q: str, mine: bool = False) -> QuerySet[Assignment]:
    assignments = Assignment.objects.visible_to(user)
    if mine:
        assignments = assignments.filter(group__in=GroupMembership.objects.filter(user=user).values("group_id"))
    if q:
        assignments = assignments.filter(
            Q(unit__name__icontains=q) | Q(unit__code__icontains=q) | Q(round__term__icontains=q)
        )
    return (
        assignments.distinct()
        .select_related("round", "unit", "group")
        .order_by("-round__planned_start", "unit__name")[:LOOKUP_LIMIT]
    )


def lookup_categories(*, user: User, q: str) -> QuerySet[IssueCategory]:
    categories = IssueCategory.objects.visible_to(user).filter(is_active=True)
    if q:
        categories = categories.filter(Q(name__icontains=q) | Q(parent__name__icontains=q))
    return categories.select_related("parent").order_by("sort", "id")[:LOOKUP_LIMIT]


def lookup_group_members(*, user: User, q: str, group_id: int | None = None) -> QuerySet[User]:
    """People of the groups the user can see (a case officer is chosen among them)."""
    groups = Group.objects.visible_to(user)
    if group_id:
        groups = groups.filter(pk=group_id)
    people = User.objects.filter(
        Exists(GroupMembership.objects.filter(user=OuterRef("pk"), group__in=groups.values("pk")))
    )
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(username__icontains=q))
    return people.order_by("full_name", "username")[:LOOKUP_LIMIT]


def office_names(user: User) -> list[str]:
    """Names of the offices the user holds roles in (top bar)."""
    ids = sorted({grant.office_id for grant in grants(user)})
    return list(Office.objects.filter(pk__in=ids).order_by("path").values_list("name", flat=True))


# --- group members and the 回避 warning -------------------------------------------------------


def conflicts(group: Group) -> list[tuple[User, Unit]]:
    """回避, for one group in one query: (member, unit) where the member's talent-pool entry
    lists a past unit that the group inspects."""
    rows = (
        Talent.past_units.through.objects.filter(
            talent__user__group_memberships__group=group, unit__assignments__group=group
        )
        .select_related("talent__user", "unit")
        .order_by("talent__user__username", "unit__code")
        .distinct()
    )
    return [(row.talent.user, row.unit) for row in rows]


def group_view(*, user: User, group: Group) -> GroupView:
    """One group's people by role, the units it inspects that ``user`` may see, and 回避."""
    view = GroupView(group=group)
    memberships = GroupMembership.objects.filter(group=group).select_related("user").order_by("role", "user__username")
    for membership in memberships:
        if membership.role == GroupRole.LEADER:
            view.leader = membership
        elif membership.role == GroupRole.DEPUTY:
            view.deputies.append(membership)
        elif membership.seconded_from:
            view.seconded.append(membership)
        else:
            view.members.append(membership)
    view.units = list(
        Assignment.objects.visible_to(user).filter(group=group).distinct().select_related("unit").order_by("unit__name")
    )
    from accounts.scopes import sees_internal_work

    if sees_internal_work(user):  # 回避 is the office's own business, not the unit's
        view.conflicts = conflicts(group)
        view.office_conflicts = [(m, unit) for _g, m, unit in office_conflicts(group_ids=[group.pk])]
    return view


def member_candidates(*, user: User) -> QuerySet[User]:
    """People a manager may put into a group: active inspectors of the offices he manages, and
    anyone in the talent pool (人才库) with an account."""
    from accounts.models import RoleAssignment

    if not is_manager(user):
        return User.objects.none()
    inspectors = RoleAssignment.objects.filter(role=Role.INSPECTOR, office__in=managed_offices(user).values("pk"))
    return User.objects.filter(is_active=True).filter(
        Q(pk__in=inspectors.values("user_id")) | Q(pk__in=Talent.objects.filter(user__isnull=False).values("user_id"))
    )


def lookup_member_candidates(*, user: User, q: str, group_id: int | None = None) -> list[tuple[User, list[Unit]]]:
    """Type-ahead for the add-member form: each candidate with the units of the group he has
    worked in (回避), so the warning shows before he is picked."""
    people = member_candidates(user=user)
    if q:
        people = people.filter(Q(full_name__icontains=q) | Q(username__icontains=q) | Q(talent__name__icontains=q))
    people = list(people.select_related("talent").order_by("full_name", "username")[:LOOKUP_LIMIT])
    past: dict[int, list[Unit]] = defaultdict(list)
    # Only a group the user may manage tells which units it inspects (a group outside his scope
    # would reveal them through the 回避 marks).
    if (
        group_id
        and not Group.objects.visible_to(user).filter(pk=group_id, round__office__in=managed_offices(user)).exists()
    ):
        group_id = None
    if people and group_id:
        rows = (
            Talent.past_units.through.objects.filter(
                talent__user__in=[p.pk for p in people], unit__assignments__group_id=group_id
            )
            .select_related("talent", "unit")
            .distinct()
        )
        for row in rows:
            past[row.talent.user_id].append(row.unit)
    return [(person, past.get(person.pk, [])) for person in people]
