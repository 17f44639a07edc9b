"""The demo data set (``seed_demo``): the 荆州 demo city loaded once, with the seed document's figures.

:class:`DemoBuilder` builds every row as an unsaved model instance with a reserved id, then
COPYs them table by table; its steps are split over this module (staff, units, rounds and
groups), :mod:`demo.city_issues` (findings, plans, rectification) and :mod:`demo.city_clues`
(clues and the ledger rows).
"""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from accounts.choices import Role
from accounts.models import Office, RoleAssignment, User
from inspections import deadlines
from inspections.choices import GroupRole, RoundStage
from inspections.models import (
    Assignment,
    Clue,
    CluePerson,
    Group,
    GroupMembership,
    Issue,
    Round,
    SecretaryPoint,
    SpecialReport,
    Talent,
    Unit,
)
from rectification.models import Action, DeadlineExtension, Feedback, Measure, Plan, Progress, Review

from .accounts import CITY_OFFICE, LIAISON_UNIT_CODE
from .catalogue import OFFICE_CODES, RoundSpec, demo_catalogue
from .city_clues import ClueSteps
from .city_issues import IssueSteps
from .closeouts import CloseOutSteps, new_trails
from .copy import bulk_load, copy_objects, reserve_ids
from .figures import (
    DEFAULT_SEED,
    FEEDBACK_AFTER_EXIT_DAYS,
    ON_SITE_DAYS,
    ROUND_START_DAYS_AGO,
    SEED_LEADER_ATTENDANCE,
    SEED_PORTRAITS,
    SEED_ROUNDS,
    UNUSABLE_PASSWORD,
    apportion,
    at,
    leaf_categories,
)
from .names import PORTRAITS, SECONDED_BACKGROUNDS, person_name, principal_post

# The 18th round (六届市委第6轮, on site now): present once the demo data set is loaded.
DEMO_MARKER_ROUND = ("六届市委", 6)
# Group 1 of these rounds (by index) is the demo group: `group_leader` leads it, `inspector` is in it.
DEMO_GROUP_ROUNDS = (16, 17, 18)


def demo_loaded(offices: dict[str, Office]) -> bool:
    """True once the demo data set is in the database (its 18th round exists)."""
    term, sequence = DEMO_MARKER_ROUND
    return Round.objects.filter(office=offices[CITY_OFFICE], term=term, sequence=sequence).exists()


def load_demo(
    *, offices: dict[str, Office], accounts: dict[str, User], seed: int = DEFAULT_SEED, today: dt.date | None = None
) -> dict[str, int] | None:
    """Load the demo data set once (row counts per model); later runs only re-place the demo accounts."""
    if demo_loaded(offices):
        place_demo_accounts(offices=offices, accounts=accounts)
        return None
    builder = DemoBuilder(offices=offices, accounts=accounts, seed=seed, today=today or deadlines.today())
    with bulk_load():
        builder.build()
        return builder.write()


@transaction.atomic
def place_demo_accounts(*, offices: dict[str, Office], accounts: dict[str, User]) -> None:
    """`group_leader` leads and `inspector` sits in group 1 of the demo rounds (repairs a changed set-up)."""
    city = offices[CITY_OFFICE]
    catalogue_rounds = {spec.index: spec for spec in demo_catalogue(random.Random(DEFAULT_SEED)).rounds}
    for index in DEMO_GROUP_ROUNDS:
        spec = catalogue_rounds[index]
        group = Group.objects.filter(round__office=city, round__term=spec.term, round__sequence=spec.sequence, number=1)
        group = group.first()
        if group is None:
            continue
        GroupMembership.objects.get_or_create(
            group=group, user=accounts["inspector"], defaults={"role": GroupRole.MEMBER}
        )
        if not group.memberships.filter(role=GroupRole.LEADER).exists():
            GroupMembership.objects.update_or_create(
                group=group, user=accounts["group_leader"], defaults={"role": GroupRole.LEADER}
            )


@dataclass
class Staff:
    """An office's inspection staff: full-time inspectors, seconded talents and the reviewing supervisor."""

    supervisor: User
    full_time: list[User] = field(default_factory=list)
    seconded: list[tuple[User, str, str]] = field(default_factory=list)  # user, background, employer


@dataclass
class GroupInfo:
    group: Group
    leader: User
    deputy: User
    officers: list[User]  # who may be case officer (承办人): deputy and members


@dataclass
class AssignmentInfo:
    assignment: Assignment
    spec: RoundSpec
    unit: Unit
    office: Office
    group: GroupInfo
    issues: list[Issue] = field(default_factory=list)
    clues: list[Clue] = field(default_factory=list)


class DemoBuilder(IssueSteps, CloseOutSteps, ClueSteps):
    """Builds the demo data set as unsaved model instances with reserved ids, then COPYs them."""

    def __init__(self, *, offices: dict[str, Office], accounts: dict[str, User], seed: int, today: dt.date):
        self.seed = seed
        self.rng = random.Random(seed)
        self.offices = offices
        self.accounts = accounts
        self.today = today
        self.objects: dict[type, list] = defaultdict(list)
        self.units: dict[str, Unit] = {}
        self.unit_liaison: dict[str, User] = {}
        self.staff: dict[str, Staff] = {}
        self.rounds: dict[int, Round] = {}
        self.assignments: list[AssignmentInfo] = []
        self.demo_groups: dict[int, GroupInfo] = {}
        self.open_issues: list[Issue] = []
        self.liaison_assignment: AssignmentInfo | None = None
        self.rows: dict[type, tuple] = {}  # tuple rows COPYed after the instances (demo.closeouts)
        self.trails = new_trails()
        self.rest_progress: list[list] = []

    def keep(self, obj):
        self.objects[type(obj)].append(obj)
        return obj

    # -- build --------------------------------------------------------------------------------

    def build(self) -> None:
        self.catalogue = demo_catalogue(self.rng)
        self.categories = leaf_categories()
        self._staff()
        self._units()
        self._rounds()
        self._issues()
        self._plans()
        self._rectification()
        self._timelines()
        self._clues()
        self._ledgers()

    def _new_users(self, specs: list[tuple[str, str]]) -> list[User]:
        ids = reserve_ids(User, len(specs))
        joined = at(self.today - dt.timedelta(days=1900))
        return [
            self.keep(User(id=pk, username=username, full_name=name, password=UNUSABLE_PASSWORD, date_joined=joined))
            for pk, (username, name) in zip(ids, specs, strict=True)
        ]

    def _staff(self) -> None:
        """Inspection staff of the offices that run rounds: 30 + 12 seconded in the city, 7 + 3 in a county."""
        rng = self.rng
        offices_with_rounds = list(dict.fromkeys(spec.office for spec in self.catalogue.rounds))
        specs, plan = [], []
        for office in offices_with_rounds:
            code = OFFICE_CODES[office].lower()
            full_time, seconded = (30, 12) if office == CITY_OFFICE else (7, 3)
            for i in range(1, full_time + seconded + 1):
                specs.append((f"{code}_xc{i:02d}", person_name(rng)))
            plan.append((office, full_time, seconded))
            if office not in (CITY_OFFICE, "沙市区委巡察办"):
                specs.append((f"{code}_sh01", person_name(rng)))
        users = iter(self._new_users(specs))
        supervisors = {CITY_OFFICE: self.accounts["supervisor"], "沙市区委巡察办": self.accounts["county_supervisor"]}
        for office, full_time, seconded in plan:
            office_obj = self.offices[office]
            staff = Staff(supervisor=supervisors.get(office))
            staff.full_time = [next(users) for _ in range(full_time)]
            place = office.removesuffix("委巡察办")
            for i in range(seconded):
                background, _, employer = SECONDED_BACKGROUNDS[i % len(SECONDED_BACKGROUNDS)]
                if office != CITY_OFFICE:
                    employer = employer.replace("荆州市", place)
                staff.seconded.append((next(users), background, employer))
            if staff.supervisor is None:
                staff.supervisor = next(users)
                self.keep(RoleAssignment(user=staff.supervisor, office=office_obj, role=Role.SUPERVISOR))
            for user in staff.full_time + [s[0] for s in staff.seconded]:
                self.keep(RoleAssignment(user=user, office=office_obj, role=Role.INSPECTOR))
            self.staff[office] = staff
        talents = [s for staff in self.staff.values() for s in staff.seconded]
        for pk, (user, background, employer) in zip(reserve_ids(Talent, len(talents)), talents, strict=True):
            specialty = next(s for b, s, _ in SECONDED_BACKGROUNDS if b == background)
            self.keep(
                Talent(
                    id=pk,
                    user=user,
                    name=user.full_name,
                    employer=employer,
                    background=background,
                    specialty=f"{specialty}业务",
                    created_at=at(self.today - dt.timedelta(days=1850)),
                    updated_at=at(self.today - dt.timedelta(days=1850)),
                )
            )

    def _units(self) -> None:
        rng = self.rng
        existing = {u.code: u for u in Unit.objects.filter(code__in=list(self.catalogue.units))}
        new_specs = [spec for code, spec in self.catalogue.units.items() if code not in existing]
        ids = iter(reserve_ids(Unit, len(new_specs)))
        created = at(self.today - dt.timedelta(days=1830))
        for code, spec in self.catalogue.units.items():
            fields = {
                "name": spec.name,
                "kind": spec.kind,
                "office_id": self.offices[spec.office].pk,
                "village_category": spec.village_category,
                "parent_id": self.units[spec.parent].pk if spec.parent else None,
                "principal_name": person_name(rng),
                "principal_post": principal_post(spec.kind, spec.name),
                "deputy_name": person_name(rng),
            }
            if code in existing:
                unit = existing[code]
                Unit.objects.filter(pk=unit.pk).update(**fields)
                for key, value in fields.items():
                    setattr(unit, key, value)
            else:
                unit = self.keep(Unit(id=next(ids), code=code, created_at=created, updated_at=created, **fields))
            self.units[code] = unit
        # One rectification liaison (整改联络员) per unit; the demo `liaison` is 住建局's.
        liaison_codes = [code for code in self.units if code != LIAISON_UNIT_CODE]
        users = self._new_users([(f"ll_{code.lower()}", person_name(rng)) for code in liaison_codes])
        for code, user in zip(liaison_codes, users, strict=True):
            unit = self.units[code]
            self.unit_liaison[code] = user
            self.keep(RoleAssignment(user=user, office_id=unit.office_id, role=Role.LIAISON, unit=unit))
        self.unit_liaison[LIAISON_UNIT_CODE] = self.accounts["liaison"]
        # Seconded talents' former employers (回避: a group never takes them there).
        for talent in self.objects[Talent]:
            code = self.catalogue.codes_by_name.get(talent.employer)
            if code:
                self.keep(Talent.past_units.through(talent=talent, unit=self.units[code]))

    def _rounds(self) -> None:
        """Rounds with their groups (and members) and assignments; finished ones with their feedback."""
        rng = self.rng
        specs = self.catalogue.rounds
        round_ids = iter(reserve_ids(Round, len(specs)))
        group_ids = iter(reserve_ids(Group, sum(spec.groups for spec in specs)))
        assignment_ids = iter(reserve_ids(Assignment, sum(len(spec.units) for spec in specs)))
        for spec in specs:
            office = self.offices[spec.office]
            start = self.today - dt.timedelta(days=ROUND_START_DAYS_AGO[spec.index - 1])
            finished = spec.index < SEED_ROUNDS
            entry = start + dt.timedelta(days=2)
            exit_date = entry + dt.timedelta(days=ON_SITE_DAYS) if finished else None
            feedback = exit_date + dt.timedelta(days=FEEDBACK_AFTER_EXIT_DAYS) if finished else None
            if not finished:
                stage = RoundStage.ON_SITE
            elif spec.index <= 12:
                stage = RoundStage.CLOSED
            else:
                stage = RoundStage.RECTIFICATION
            rnd = self.keep(
                Round(
                    id=next(round_ids),
                    office=office,
                    term=spec.term,
                    sequence=spec.sequence,
                    kind=spec.kind,
                    theme=spec.theme,
                    planned_start=start,
                    planned_end=entry + dt.timedelta(days=ON_SITE_DAYS + 5),
                    stage=stage,
                    created_at=at(start - dt.timedelta(days=20)),
                    updated_at=at(feedback or entry),
                )
            )
            self.rounds[spec.index] = rnd
            groups = [self._group(next(group_ids), rnd, spec, number) for number in range(1, spec.groups + 1)]
            plan_due = deadlines.plan_due(office, feedback) if feedback else None
            report_due = deadlines.report_due(office, feedback) if feedback else None
            for position, code in enumerate(spec.units):
                info = groups[position * spec.groups // len(spec.units)]
                unit = self.units[code]
                assignment = self.keep(
                    Assignment(
                        id=next(assignment_ids),
                        round=rnd,
                        unit=unit,
                        group=info.group,
                        entry_date=entry,
                        exit_date=exit_date,
                        feedback_date=feedback,
                        plan_due=plan_due,
                        report_due=report_due,
                        created_at=at(start),
                        updated_at=at(feedback or entry),
                    )
                )
                a = AssignmentInfo(assignment, spec, unit, office, info)
                self.assignments.append(a)
                if spec.index == 16 and code == LIAISON_UNIT_CODE:
                    self.liaison_assignment = a
        finished = [a for a in self.assignments if a.assignment.feedback_date]
        city_feedbacks = [a for a in finished if a.spec.office == CITY_OFFICE]
        attendance = dict(
            zip(
                (id(a) for a in city_feedbacks),
                apportion(SEED_LEADER_ATTENDANCE, [rng.uniform(0.5, 1.5) for _ in city_feedbacks]),
                strict=True,
            )
        )
        for a in finished:
            day = a.assignment.feedback_date
            place = a.spec.office.removesuffix("巡察办")
            self.keep(
                Feedback(
                    assignment=a.assignment,
                    meeting_date=day,
                    attendees=f"{place}巡察组全体成员，{a.unit.name}领导班子成员及中层以上干部",
                    leader_attendance=attendance.get(id(a), 0),
                    recorded_by=self.staff[a.spec.office].supervisor,
                    created_at=at(day, 16),
                    updated_at=at(day, 16),
                )
            )
        for a in rng.sample(finished, SEED_PORTRAITS):
            a.assignment.political_portrait = f"{a.unit.name}：{rng.choice(PORTRAITS)}"

    def _group(self, pk: int, rnd: Round, spec: RoundSpec, number: int) -> GroupInfo:
        """A group: leader, deputy, two members and one or two seconded members (never from a unit it inspects)."""
        rng = self.rng
        staff = self.staff[spec.office]
        group = self.keep(Group(id=pk, round=rnd, number=number, created_at=rnd.created_at, updated_at=rnd.created_at))
        people = staff.full_time
        if spec.office == CITY_OFFICE:
            leader = people[(number - 1 + spec.index) % 8]
            deputy = people[8 + (number + spec.index) % 8]
            members = rng.sample(people[16:], 2)
        else:
            leader = people[(number + spec.index) % 2]
            deputy = people[2 + (number + spec.index) % 2]
            members = rng.sample(people[4:], 2)
        demo = number == 1 and spec.index in DEMO_GROUP_ROUNDS
        if demo:
            leader = self.accounts["group_leader"]
            members = [self.accounts["inspector"], members[0]]
        inspected = set(spec.units)
        seconded = [s for s in staff.seconded if self.catalogue.codes_by_name.get(s[2]) not in inspected]
        seconded = rng.sample(seconded, 2 if rng.random() < 0.25 else 1)
        self.keep(GroupMembership(group=group, user=leader, role=GroupRole.LEADER))
        self.keep(GroupMembership(group=group, user=deputy, role=GroupRole.DEPUTY))
        for user in members:
            self.keep(GroupMembership(group=group, user=user, role=GroupRole.MEMBER))
        for user, background, _ in seconded:
            self.keep(GroupMembership(group=group, user=user, role=GroupRole.MEMBER, seconded_from=background))
        info = GroupInfo(group, leader, deputy, [deputy, *members, *(s[0] for s in seconded)])
        if demo:
            self.demo_groups[spec.index] = info
        return info

    # -- write --------------------------------------------------------------------------------

    WRITE_ORDER = (
        User,
        RoleAssignment,
        Unit,
        Talent,
        Talent.past_units.through,
        Round,
        Group,
        GroupMembership,
        Assignment,
        Feedback,
        Plan,
        Issue,
        Measure,
        Progress,
        Review,
        DeadlineExtension,
        Clue,
        CluePerson,
        SecretaryPoint,
        SpecialReport,
        Action,
    )

    def write(self) -> dict[str, int]:
        """COPY every built row (ids of the leaf tables are taken now); return row counts per model."""
        counts = {}
        for model in self.WRITE_ORDER:
            objects = self.objects.get(model, [])
            missing = [obj for obj in objects if obj.pk is None]
            for obj, pk in zip(missing, reserve_ids(model, len(missing)), strict=True):
                obj.pk = pk
            counts[model._meta.label] = copy_objects(model, objects)
        self.write_rows(counts)
        return counts
