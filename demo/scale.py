"""Benchmark data (``seed_demo --scale N``): N generated issues with proportional units, rounds,
groups, assignments, clues, measures and progress, spread over the offices.

:class:`ScaleLoader` plans a batch (units, rounds, groups, assignments, counts per assignment)
and streams each table through COPY; the row generators are in :mod:`demo.scale_rows`.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from django.db import connection

from accounts.models import Office, RoleAssignment, User
from inspections import deadlines
from inspections.choices import RoundStage, UnitKind
from inspections.models import Assignment, Clue, CluePerson, Group, GroupMembership, Issue, Round, Unit
from rectification.models import Feedback, Measure, Plan, Progress

from .accounts import CITY_OFFICE
from .copy import analyze, bulk_load, copy_rows, drop_secondary_indexes, max_id, reserve_ids, verify_foreign_keys
from .figures import DEFAULT_SEED, apportion, leaf_categories
from .names import ISSUE_TITLES, PLACE_HEADS, PLACE_TAILS, person_name
from .scale_rows import (
    ASSIGNMENT_COLUMNS,
    CLUE_COLUMNS,
    FEEDBACK_COLUMNS,
    GROUPS_PER_ROUND,
    ISSUE_COLUMNS,
    MEASURE_COLUMNS,
    PLAN_COLUMNS,
    ROUND_COLUMNS,
    UNIT_COLUMNS,
    ScaleRows,
)

SCALE_TERM = "压测批次"
SCALE_MODELS = (
    User,
    RoleAssignment,
    Unit,
    Round,
    Group,
    GroupMembership,
    Assignment,
    Feedback,
    Plan,
    Issue,
    Measure,
    Progress,
    Clue,
    CluePerson,
)
# Proportions per issue: a province's 1,000,000 issues come with 50,000 units and 5,000 rounds.
ISSUES_PER_UNIT = 20
ISSUES_PER_ROUND = 200
ISSUES_PER_POOL_MEMBER = 2000  # inspection staff per office
CLUES_PER_ISSUE = 0.15
ASSIGNMENTS_PER_UNIT = 1.2
# Unit kinds of an office, in the order they are laid out (townships first: villages hang under them).
SCALE_KINDS = [
    (UnitKind.TOWNSHIP, 0.12),
    (UnitKind.VILLAGE, 0.55),
    (UnitKind.DEPARTMENT, 0.20),
    (UnitKind.SOE, 0.05),
    (UnitKind.INSTITUTION, 0.06),
    (UnitKind.OTHER, 0.02),
]
SCALE_KIND_WEIGHT = {
    UnitKind.TOWNSHIP: 1.0,
    UnitKind.VILLAGE: 0.5,
    UnitKind.DEPARTMENT: 1.3,
    UnitKind.SOE: 1.5,
    UnitKind.INSTITUTION: 1.1,
    UnitKind.OTHER: 0.8,
}
SCALE_UNIT_NAMES = {
    UnitKind.DEPARTMENT: [
        "发展和改革局", "财政局", "教育局", "住房和城乡建设局", "农业农村局", "自然资源和规划局", "民政局",
        "人力资源和社会保障局", "卫生健康局", "交通运输局", "水利和湖泊局", "市场监督管理局", "应急管理局",
        "审计局", "统计局", "商务局", "文化和旅游局", "退役军人事务局", "医疗保障局", "城市管理执法局",
    ],
    UnitKind.SOE: [
        "城市建设投资开发有限公司", "国有资产经营有限公司", "水务有限公司", "交通投资有限公司", "农业发展投资有限公司",
    ],
    UnitKind.INSTITUTION: ["人民医院", "中医医院", "第一中学", "实验中学", "妇幼保健院", "职业教育中心"],
    UnitKind.OTHER: ["总工会", "妇女联合会", "供销合作社", "融媒体中心"],
}  # fmt: skip
INSPECTOR_GROUPS = 4  # the demo inspector joins the city office's groups with the most issues

# Tables whose secondary indexes are dropped for the load and rebuilt after it (much faster
# than maintaining a dozen indexes row by row). Constraint indexes (primary, unique) stay.
REINDEXED_MODELS = (Issue, Measure, Progress, Clue, CluePerson)


def load_scale(
    *,
    issues: int,
    offices: dict[str, Office],
    accounts: dict[str, User],
    seed: int = DEFAULT_SEED,
    today: dt.date | None = None,
    log: Callable[[str], None] | None = None,
) -> dict[str, int]:
    """Add ``issues`` generated issues with proportional units, rounds, groups, assignments, clues,
    measures and progress entries, spread over the offices (benchmark data); row counts per model.

    Each run adds a new batch (its own rounds, units and users), next to whatever is there.
    """
    log = log or (lambda message: None)
    loader = ScaleLoader(
        issues=issues, offices=offices, accounts=accounts, seed=seed, today=today or deadlines.today(), log=log
    )
    with bulk_load():
        counts = loader.run()
    started = time.monotonic()
    analyze(SCALE_MODELS)
    log(f"  {'ANALYZE':<28} {'':>10}      {time.monotonic() - started:6.1f} s")
    return counts


class ScaleLoader(ScaleRows):
    """Generates a batch of benchmark rows and streams each table through COPY.

    The plan (units, rounds, groups, assignments, per-assignment counts) is held in lists; issues
    are streamed, keeping a few bytes each (status, dates) for the measure and progress passes.
    """

    def __init__(
        self,
        *,
        issues: int,
        offices: dict[str, Office],
        accounts: dict[str, User],
        seed: int,
        today: dt.date,
        log: Callable[[str], None],
    ):
        self.rng = random.Random(seed)
        self.n_issues = issues
        self.offices = list(offices.values())
        self.accounts = accounts
        self.today = today.toordinal()
        self.log = log
        n_offices = len(self.offices)
        self.n_units = max(4 * n_offices, issues // ISSUES_PER_UNIT)
        self.n_rounds = max(2 * n_offices, issues // ISSUES_PER_ROUND)
        self.pool = max(6, issues // ISSUES_PER_POOL_MEMBER)
        self.n_clues = round(issues * CLUES_PER_ISSUE)
        self.batch = 1 + Round.objects.filter(term__startswith=SCALE_TERM).values("term").distinct().count()
        self.term = f"{SCALE_TERM}{self.batch}"
        self.prefix = f"S{self.batch}"
        supervisors = {
            offices[CITY_OFFICE].pk: accounts["supervisor"].pk,
            accounts["county_supervisor"].roles.get().office_id: accounts["county_supervisor"].pk,
        }
        self.supervisor = [supervisors.get(office.pk, accounts["admin"].pk) for office in self.offices]
        self.names = [person_name(self.rng) for _ in range(4000)]
        self._days: dict[int, str] = {}
        self._stamps: dict[tuple[int, int], str] = {}
        self._months: dict[tuple[int, int, int], int] = {}

    # -- helpers ------------------------------------------------------------------------------

    def day(self, ordinal: int) -> str:
        text = self._days.get(ordinal)
        if text is None:
            text = self._days[ordinal] = dt.date.fromordinal(ordinal).isoformat()
        return text

    def stamp(self, ordinal: int, hour: int = 10) -> str:
        key = (ordinal, hour)
        text = self._stamps.get(key)
        if text is None:
            text = self._stamps[key] = f"{self.day(ordinal)} {hour:02d}:00:00+08"
        return text

    def add_months(self, office: int, ordinal: int, which: str) -> int:
        """An office's time rule (report or clue result due) applied to a day, cached per day."""
        key = (office, ordinal, len(which))
        value = self._months.get(key)
        if value is None:
            rule = deadlines.report_due if which == "report" else deadlines.clue_result_due
            value = self._months[key] = rule(self.offices[office], dt.date.fromordinal(ordinal)).toordinal()
        return value

    def copy(self, model, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        started = time.monotonic()
        count = copy_rows(model, columns, rows)
        seconds = time.monotonic() - started
        self.log(
            f"  {model._meta.label:<28} {count:>10,} rows {seconds:6.1f} s {count / max(seconds, 1e-6):>10,.0f} rows/s"
        )
        return count

    # -- plan ---------------------------------------------------------------------------------

    def plan(self) -> None:
        rng, today = self.rng, self.today
        n_offices = len(self.offices)
        # Units: per office, townships, villages under them, departments, SOEs, institutions, others.
        self.unit_ids = reserve_ids(Unit, self.n_units)
        self.unit_office, self.unit_kind, self.unit_name, self.unit_parent, self.unit_deputy = [], [], [], [], []
        self.office_units: list[list[int]] = []
        county = 0
        for office, count in enumerate(apportion(self.n_units, [1] * n_offices)):
            first = len(self.unit_kind)
            sizes = apportion(count, [share for _, share in SCALE_KINDS], [1, 1, 0, 0, 0, 0])
            counties = [self._county_name(county + c) for c in range(max(1, count // 110))]
            county += len(counties)
            townships = []
            for (kind, _), size in zip(SCALE_KINDS, sizes, strict=True):
                for j in range(size):
                    place = counties[j % len(counties)]
                    parent = None
                    if kind == UnitKind.TOWNSHIP:
                        name = f"{place}{self._place(j)}{('镇', '乡', '街道')[j % 3]}"
                        townships.append(len(self.unit_kind))
                    elif kind == UnitKind.VILLAGE:
                        parent = townships[j % len(townships)]
                        township = self.unit_name[parent]
                        suffix = "社区" if township.endswith("街道") else "村"
                        name = f"{township}{self._place(j // len(townships) + 7)}{suffix}"
                    else:
                        names = SCALE_UNIT_NAMES[kind]
                        name = f"{place}{names[(j // len(counties)) % len(names)]}"
                    self.unit_office.append(office)
                    self.unit_kind.append(kind)
                    self.unit_name.append(name)
                    self.unit_parent.append(parent)
                    self.unit_deputy.append(self.names[rng.randrange(len(self.names))])
            self.office_units.append(list(range(first, len(self.unit_kind))))
        # Rounds: round r belongs to office r % n; an office's rounds run from six years ago to
        # next month: 70 % closed, 20 % in rectification, 7 % on site, 3 % being planned.
        self.round_ids = reserve_ids(Round, self.n_rounds)
        self.rounds = []
        per_office = Counter(r % n_offices for r in range(self.n_rounds))
        for r in range(self.n_rounds):
            office, k = r % n_offices, r // n_offices
            q = (k + 0.5) / per_office[office]
            if q < 0.70:
                stage, start = RoundStage.CLOSED, today - 2190 + int(q / 0.70 * 1790)
            elif q < 0.90:
                stage, start = RoundStage.RECTIFICATION, today - 400 + int((q - 0.70) / 0.20 * 300)
            elif q < 0.97:
                stage, start = RoundStage.ON_SITE, today - 40 + int((q - 0.90) / 0.07 * 35)
            else:
                stage, start = RoundStage.PLANNING, today + 10 + int((q - 0.97) / 0.03 * 50)
            entry = start + 2
            finished = stage in (RoundStage.CLOSED, RoundStage.RECTIFICATION)
            exit_day = entry + 30 if finished else None
            feedback = exit_day + 25 if finished else None
            plan_due = report_due = None
            if finished:
                office_obj = self.offices[office]
                plan_due = deadlines.plan_due(office_obj, dt.date.fromordinal(feedback)).toordinal()
                report_due = self.add_months(office, feedback, "report")
            self.rounds.append((office, k + 1, stage, start, entry, exit_day, feedback, plan_due, report_due))
        # Groups: three per round, five people each from the office's staff pool.
        self.group_ids = reserve_ids(Group, self.n_rounds * GROUPS_PER_ROUND)
        self.user_ids = reserve_ids(User, n_offices * self.pool + self.n_units)
        pool_ids = self.user_ids[: n_offices * self.pool]
        self.groups = []  # (leader, deputy, case officers)
        for r in range(self.n_rounds):
            base = self.rounds[r][0] * self.pool
            for _ in range(GROUPS_PER_ROUND):
                people = [pool_ids[base + i] for i in rng.sample(range(self.pool), 5)]
                self.groups.append((people[0], people[1], tuple(people[1:])))
        # Assignments: each office's units, shuffled, dealt over its rounds that have started;
        # every unit is inspected at least once, some twice.
        self.assignments = []  # (round, unit, group index)
        for office in range(n_offices):
            rounds = [r for r in range(office, self.n_rounds, n_offices) if self.rounds[r][2] != RoundStage.PLANNING]
            units = self.office_units[office][:]
            rng.shuffle(units)
            total = max(len(rounds), math.ceil(len(units) * ASSIGNMENTS_PER_UNIT))
            cursor = 0
            for r, count in zip(rounds, apportion(total, [1] * len(rounds)), strict=True):
                for position in range(min(count, len(units))):
                    unit = units[cursor % len(units)]
                    cursor += 1
                    self.assignments.append((r, unit, r * GROUPS_PER_ROUND + position % GROUPS_PER_ROUND))
        self.assignment_ids = reserve_ids(Assignment, len(self.assignments))
        weights = [SCALE_KIND_WEIGHT[self.unit_kind[u]] * rng.uniform(0.5, 1.5) for _, u, _ in self.assignments]
        self.issue_counts = apportion(self.n_issues, weights)
        self.clue_counts = apportion(self.n_clues, [n + 0.01 for n in self.issue_counts])
        # Read now: nothing may query while a COPY holds the connection.
        self.categories = [(pk, ISSUE_TITLES.get(name, ["相关工作落实不到位"])) for pk, name in leaf_categories()]
        self.issue_ids = reserve_ids(Issue, self.n_issues)
        self.clue_ids = reserve_ids(Clue, self.n_clues)
        # The demo inspector's groups: the city office's busiest ones.
        city = self.offices.index(next(o for o in self.offices if o.name == CITY_OFFICE))
        per_group: Counter = Counter()
        for (r, _, g), n in zip(self.assignments, self.issue_counts, strict=True):
            if self.rounds[r][0] == city:
                per_group[g] += n
        self.inspector_groups = [g for g, _ in per_group.most_common(INSPECTOR_GROUPS)]

    def _county_name(self, index: int) -> str:
        heads, tails = PLACE_HEADS, PLACE_TAILS
        return f"{heads[index % len(heads)]}{tails[(index // len(heads)) % len(tails)]}{'县市区'[index % 3]}"

    @staticmethod
    def _place(index: int) -> str:
        heads, tails = PLACE_HEADS, PLACE_TAILS
        return f"{heads[(index * 7) % len(heads)]}{tails[(index // len(heads) + index) % len(tails)]}"

    # -- rows ---------------------------------------------------------------------------------

    def run(self) -> dict[str, int]:
        """Plan, then COPY every table; the big tables' secondary indexes are rebuilt afterwards.

        As a superuser the load runs with ``session_replication_role = replica``: no trigger fires,
        neither field history nor the row-by-row foreign-key checks, and the new rows' foreign
        keys are verified set-wise at the end instead. Otherwise the deferred checks run at the end.
        """
        started = time.monotonic()
        self.plan()
        self.log(
            f"  plan: {self.n_units:,} units, {self.n_rounds:,} rounds, {len(self.assignments):,} assignments "
            f"({time.monotonic() - started:.1f} s)"
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
            replica = cursor.fetchone()[0]
            if replica:
                cursor.execute("SET LOCAL session_replication_role = replica")
        since = {model: max_id(model) for model in SCALE_MODELS}
        indexes = drop_secondary_indexes(REINDEXED_MODELS)
        counts: Counter = Counter()
        for model, columns, rows in [
            (User, ["id", "password", "username", "full_name", "date_joined"], self.user_rows()),
            (RoleAssignment, ["user_id", "office_id", "role", "unit_id"], self.role_rows()),
            (Unit, UNIT_COLUMNS, self.unit_rows()),
            (Round, ROUND_COLUMNS, self.round_rows()),
            (Group, ["id", "created_at", "updated_at", "round_id", "number"], self.group_rows()),
            (GroupMembership, ["group_id", "user_id", "role", "seconded_from"], self.membership_rows()),
            (Assignment, ASSIGNMENT_COLUMNS, self.assignment_rows()),
            (Feedback, FEEDBACK_COLUMNS, self.feedback_rows()),
            (Plan, PLAN_COLUMNS, self.plan_rows()),
            (Issue, ISSUE_COLUMNS, self.issue_rows()),
            (Measure, MEASURE_COLUMNS, self.measure_rows()),
            (Progress, ["issue_id", "date", "text", "submitted_by_id", "created_at"], self.progress_rows()),
            (Clue, CLUE_COLUMNS, self.clue_rows()),
            (CluePerson, ["clue_id", "name", "post", "rank"], self.person_rows()),
        ]:
            counts[model._meta.label] += self.copy(model, columns, rows)
        started = time.monotonic()
        with connection.cursor() as cursor:
            for statement in indexes:
                cursor.execute(statement)
        self.log(f"  {f'{len(indexes)} indexes rebuilt':<28} {'':>10}      {time.monotonic() - started:6.1f} s")
        started = time.monotonic()
        with connection.cursor() as cursor:
            if replica:
                cursor.execute("SET LOCAL session_replication_role = origin")
                for model in SCALE_MODELS:
                    verify_foreign_keys(model, since[model])
            else:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        self.log(f"  {'foreign keys checked':<28} {'':>10}      {time.monotonic() - started:6.1f} s")
        return dict(counts)
