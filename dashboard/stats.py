"""Completion statistics (DESIGN.md, "Statistics"): the figures of every scope, computed by SQL
aggregation and written to the ``Stat`` table, one row per scope and day.

Scopes: office (with its descendants: the rounds it and the offices below it ran), area (the units
in the office's area and below it, ``Unit.office``, whoever inspected them), round, assignment,
unit, group and issue category.
Figures: rounds, units inspected, issues found / fed back / closed, overdue, clues transferred,
persons held accountable, persons transferred to judiciary, loss recovered (万元) — from the
transferred and concluded clues — and funds refunded (万元) from close-out reviews.

How it is computed:

1. Round, assignment, unit and group rows come from one pass over the issues, one over the
   clues and one over the close-out reviews, each a ``GROUP BY GROUPING SETS`` with ``FILTER``
   clauses; the scope rows themselves (with rounds and units inspected) come from the rounds,
   assignments, units and groups, so a scope without issues gets zeros.
2. Category rows add up ``StatPart`` rows: the figures of one round's findings in one category,
   computed from the issues round by round. A category spans a large share of all issues, so
   this keeps a change's recompute to its round's parts.
3. Office rows add up the day's round rows of the office and its descendants (every issue,
   clue and review belongs to exactly one round, and every round to one office; the services
   copy the round's office onto issues and clues), with rounds and distinct units inspected
   counted from the rounds and assignments of the subtree.
4. Area rows ("units in its area", issue 12) add up the day's unit rows of the units whose own
   office is in the office's subtree (every issue and clue belongs to exactly one unit), with
   rounds and units inspected counted from the assignments of those units: the rounds that
   inspected the area, by any office, and its distinct units inspected.

Rows are upserted with ``INSERT … ON CONFLICT DO UPDATE``; rows whose figures did not change
are not rewritten. A full recompute does all of it for every scope; an incremental one for the
scopes one change touched: its assignment, round, unit, group, category (those whose parts
changed), its office with the ancestors and the unit's own office with the ancestors (area).
Both run under one PostgreSQL advisory lock, so a recompute never overwrites a newer one with
figures from an older snapshot; both are idempotent. Office, area and category rows of an
incremental recompute add up the day's round and unit rows and the parts, so when the day has
no full recompute yet it runs one. (The roll-up SQL is in dashboard/stats_rollups.py.)

Funds refunded count the close-out reviews of issues that are findings (not withdrawn).

Figures are as of ``today`` (overdue = rectifying and deadline before today); pass ``today``
explicitly in tests. Reading them (the headline summary, figures computed live for a period)
is in dashboard/selectors.py.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from core import generations
from inspections import deadlines
from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, TRANSFERRED_CLUE_STATUSES, IssueStatus
from rectification.choices import ReviewDecision, StatScope

from . import breakdowns
from .models import StatRun
from .stats_rollups import AREA_SELECT, CATEGORY_SELECT, OFFICE_SELECT

# Serialises every write to the Stat table (full and incremental recomputes).
LOCK_KEY = 0x5843_5354  # "XCST"
# Rows of the fine-grained scopes are kept this many days; office and round rows are the trend
# series and are kept for good.
DETAIL_SCOPES = (StatScope.ASSIGNMENT, StatScope.UNIT, StatScope.GROUP, StatScope.CATEGORY)
# Moves whenever a recompute changes a Stat row or part: reads cached from them (the dashboard's unit
# and category sums, dashboard/selectors.py) are keyed by it.
STATS_GENERATION = "stats"
DETAIL_KEEP_DAYS = getattr(settings, "STATS_DETAIL_KEEP_DAYS", 31)

COUNTS = (
    "rounds",
    "units_inspected",
    "issues_found",
    "issues_fed_back",
    "issues_closed",
    "overdue",
    "clues_transferred",
    "persons_accountable",
    "persons_to_judiciary",
)
AMOUNTS = ("loss_recovered_wan", "funds_refunded_wan")
FIGURES = COUNTS + AMOUNTS
FAMILIES = ("round", "assignment", "unit", "group")  # computed from the records
SCOPE_NAMES = ("office", *FAMILIES, "category", "area")


def sql_params(today: dt.date) -> dict:
    return {
        "today": today,
        "found": list(FOUND_STATUSES),
        "fed_back": list(FED_BACK_STATUSES),
        "closed": IssueStatus.CLOSED.value,
        "rectifying": IssueStatus.RECTIFYING.value,
        "transferred": list(TRANSFERRED_CLUE_STATUSES),
        "close": ReviewDecision.CLOSE.value,
    }


# --- scopes --------------------------------------------------------------------------------


@dataclass
class Scopes:
    """Ids per scope family; ``office`` holds the offices whose subtree changed (ancestors added later)."""

    office: set[int] = field(default_factory=set)
    round: set[int] = field(default_factory=set)
    assignment: set[int] = field(default_factory=set)
    unit: set[int] = field(default_factory=set)
    group: set[int] = field(default_factory=set)
    category: set[int] = field(default_factory=set)
    area: set[int] = field(default_factory=set)

    def __bool__(self) -> bool:
        return any(getattr(self, name) for name in SCOPE_NAMES)


KEY_KINDS = {*SCOPE_NAMES, "issue", "clue"}


def parse_keys(keys: Iterable[str]) -> dict[str, set[int]]:
    """``["round:3", "issue:17", …]`` → ``{"round": {3}, "issue": {17}}``; malformed keys are ignored."""
    parsed: dict[str, set[int]] = {kind: set() for kind in KEY_KINDS}
    for key in keys:
        kind, _, pk = str(key).partition(":")
        if kind in KEY_KINDS and pk.isdigit():
            parsed[kind].add(int(pk))
    return parsed


def expand(keys: Iterable[str]) -> Scopes:
    """The scopes that the changes named by ``keys`` touch.

    An issue touches its assignment and category; a clue its assignment; an assignment its
    round, unit, group and office; a round its office; an office its ancestors (added by the
    office roll-up). Ids that no longer exist drop out.
    """
    parsed = parse_keys(keys)
    scopes = Scopes(
        office=set(parsed["office"]),
        round=set(parsed["round"]),
        unit=set(parsed["unit"]),
        group=set(parsed["group"]),
        category=set(parsed["category"]),
        area=set(parsed["area"]),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            """
            WITH picked AS (
                SELECT id AS assignment_id, NULL::bigint AS category_id
                FROM inspections_assignment WHERE id = ANY(%(assignments)s)
                UNION ALL
                SELECT assignment_id, category_id FROM inspections_issue WHERE id = ANY(%(issues)s)
                UNION ALL
                SELECT assignment_id, NULL FROM inspections_clue WHERE id = ANY(%(clues)s)
            )
            SELECT a.id, a.round_id, a.unit_id, a.group_id, r.office_id, p.category_id
            FROM picked p
            JOIN inspections_assignment a ON a.id = p.assignment_id
            JOIN inspections_round r ON r.id = a.round_id
            """,
            {
                "assignments": sorted(parsed["assignment"]),
                "issues": sorted(parsed["issue"]),
                "clues": sorted(parsed["clue"]),
            },
        )
        for assignment_id, round_id, unit_id, group_id, office_id, category_id in cursor.fetchall():
            scopes.assignment.add(assignment_id)
            scopes.round.add(round_id)
            scopes.unit.add(unit_id)
            scopes.group.add(group_id)
            scopes.office.add(office_id)
            if category_id is not None:
                scopes.category.add(category_id)
        if parsed["round"]:
            cursor.execute(
                "SELECT DISTINCT office_id FROM inspections_round WHERE id = ANY(%s)", [sorted(parsed["round"])]
            )
            scopes.office.update(row[0] for row in cursor.fetchall())
        if scopes.unit:
            cursor.execute("SELECT DISTINCT office_id FROM inspections_unit WHERE id = ANY(%s)", [sorted(scopes.unit)])
            scopes.area.update(row[0] for row in cursor.fetchall())
    return scopes


def with_ancestors(office_ids: Iterable[int]) -> set[int]:
    """The offices and all their ancestors (by materialised path)."""
    ids = sorted(set(office_ids))
    if not ids:
        return set()
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT DISTINCT a.id FROM accounts_office o
            JOIN accounts_office a ON o.path LIKE a.path || '%%'
            WHERE o.id = ANY(%s)
            """,
            [ids],
        )
        return {row[0] for row in cursor.fetchall()}


# --- the aggregation -------------------------------------------------------------------------

# The findings (issues from "confirmed" on, not withdrawn) with the funds refunded in their
# close-out reviews: what parts and round/assignment/unit/group figures are computed from. A full
# recompute writes it once to a narrow temporary table that both read (the issue rows are wide);
# an incremental one reads it filtered, through the indexes.
FOUND = """
SELECT i.id, i.round_id, i.assignment_id, i.unit_id, i.group_id, i.category_id, i.status, i.deadline,
    f.funds_refunded_wan
FROM inspections_issue i
LEFT JOIN (
    SELECT r.issue_id, sum(r.funds_refunded_wan) AS funds_refunded_wan
    FROM rectification_review r
    WHERE r.decision = %(close)s AND r.funds_refunded_wan > 0 {review_filter}
    GROUP BY r.issue_id
) f ON f.issue_id = i.id
WHERE i.status = ANY(%(found)s) {issue_filter}
"""
FOUND_TABLE = "stat_found"

# Round, assignment, unit and group figures: one pass over the findings and one over the clues,
# each a GROUP BY GROUPING SETS; the scope rows themselves come from the rounds, assignments,
# units and groups. {…} are filter slots: empty for a full
# recompute, id filters for an incremental one (see _family_sql).
FAMILY_SELECT = """
WITH
found AS ({found}),
issue_figures AS (
    SELECT
        CASE WHEN GROUPING(i.round_id) = 0 THEN 'round'
             WHEN GROUPING(i.assignment_id) = 0 THEN 'assignment'
             WHEN GROUPING(i.unit_id) = 0 THEN 'unit'
             ELSE 'group' END AS scope,
        COALESCE(i.round_id, i.assignment_id, i.unit_id, i.group_id) AS scope_id,
        count(*) AS issues_found,
        count(*) FILTER (WHERE i.status = ANY(%(fed_back)s)) AS issues_fed_back,
        count(*) FILTER (WHERE i.status = %(closed)s) AS issues_closed,
        count(*) FILTER (WHERE i.status = %(rectifying)s AND i.deadline < %(today)s) AS overdue,
        sum(i.funds_refunded_wan) AS funds_refunded_wan
    FROM found i
    GROUP BY GROUPING SETS ((i.round_id), (i.assignment_id), (i.unit_id), (i.group_id))
),
clue_figures AS (
    SELECT
        CASE WHEN GROUPING(c.round_id) = 0 THEN 'round'
             WHEN GROUPING(c.assignment_id) = 0 THEN 'assignment'
             WHEN GROUPING(c.unit_id) = 0 THEN 'unit'
             ELSE 'group' END AS scope,
        COALESCE(c.round_id, c.assignment_id, c.unit_id, c.group_id) AS scope_id,
        count(*) AS clues_transferred,
        sum(c.persons_accountable) AS persons_accountable,
        sum(c.persons_to_judiciary) AS persons_to_judiciary,
        sum(c.loss_recovered_wan) AS loss_recovered_wan
    FROM inspections_clue c
    WHERE c.status = ANY(%(transferred)s) {clue_filter}
    GROUP BY GROUPING SETS ((c.round_id), (c.assignment_id), (c.unit_id), (c.group_id))
),
scope_rows AS (
    SELECT 'round' AS scope, r.id AS scope_id, r.office_id, 1 AS rounds,
        (SELECT count(*) FROM inspections_assignment a WHERE a.round_id = r.id) AS units_inspected
    FROM inspections_round r
    WHERE TRUE {round_keys}
    UNION ALL
    SELECT 'assignment', a.id, r.office_id, 1, 1
    FROM inspections_assignment a JOIN inspections_round r ON r.id = a.round_id
    WHERE TRUE {assignment_keys}
    UNION ALL
    -- a unit is in a round at most once, so its assignments count its rounds
    SELECT 'unit', u.id, u.office_id, count(*), 1
    FROM inspections_unit u JOIN inspections_assignment a ON a.unit_id = u.id
    WHERE TRUE {unit_keys}
    GROUP BY u.id
    UNION ALL
    SELECT 'group', g.id, r.office_id, 1,
        (SELECT count(*) FROM inspections_assignment a WHERE a.group_id = g.id)
    FROM inspections_group g JOIN inspections_round r ON r.id = g.round_id
    WHERE TRUE {group_keys}
)
SELECT s.scope, s.scope_id, s.office_id, s.rounds, s.units_inspected,
    COALESCE(i.issues_found, 0), COALESCE(i.issues_fed_back, 0), COALESCE(i.issues_closed, 0),
    COALESCE(i.overdue, 0), COALESCE(c.clues_transferred, 0), COALESCE(c.persons_accountable, 0),
    COALESCE(c.persons_to_judiciary, 0), COALESCE(c.loss_recovered_wan, 0), COALESCE(i.funds_refunded_wan, 0)
FROM scope_rows s
LEFT JOIN issue_figures i ON i.scope = s.scope AND i.scope_id = s.scope_id
LEFT JOIN clue_figures c ON c.scope = s.scope AND c.scope_id = s.scope_id
"""

# The (round, category) parts of the rounds given ({round_filter}) or of all rounds: upserted
# (unchanged ones left alone), those without findings any more deleted. Returns the category of
# every part written or deleted: the categories whose rows must be added up again.
PARTS_UPSERT = """
WITH
found AS ({found}),
fresh AS (
    SELECT i.round_id, i.category_id,
        count(*) AS issues_found,
        count(*) FILTER (WHERE i.status = ANY(%(fed_back)s)) AS issues_fed_back,
        count(*) FILTER (WHERE i.status = %(closed)s) AS issues_closed,
        count(*) FILTER (WHERE i.status = %(rectifying)s AND i.deadline < %(today)s) AS overdue,
        array_agg(i.unit_id) AS units,
        COALESCE(sum(i.funds_refunded_wan), 0) AS funds_refunded_wan
    FROM found i
    GROUP BY i.round_id, i.category_id
),
parts AS (
    -- each part's units sorted and distinct after the (hashed) aggregation: a handful per part
    SELECT round_id, category_id, issues_found, issues_fed_back, issues_closed, overdue,
        ARRAY(SELECT DISTINCT u FROM unnest(units) AS u ORDER BY u) AS unit_ids, funds_refunded_wan
    FROM fresh
),
written AS (
    INSERT INTO rectification_statpart (
        round_id, category_id, issues_found, issues_fed_back, issues_closed, overdue, unit_ids,
        funds_refunded_wan, computed_at
    )
    SELECT p.*, now() FROM parts p
    ON CONFLICT (round_id, category_id) DO UPDATE SET
        issues_found = EXCLUDED.issues_found, issues_fed_back = EXCLUDED.issues_fed_back,
        issues_closed = EXCLUDED.issues_closed, overdue = EXCLUDED.overdue, unit_ids = EXCLUDED.unit_ids,
        funds_refunded_wan = EXCLUDED.funds_refunded_wan, computed_at = EXCLUDED.computed_at
    WHERE (
        rectification_statpart.issues_found, rectification_statpart.issues_fed_back,
        rectification_statpart.issues_closed, rectification_statpart.overdue, rectification_statpart.unit_ids,
        rectification_statpart.funds_refunded_wan
    ) IS DISTINCT FROM (
        EXCLUDED.issues_found, EXCLUDED.issues_fed_back, EXCLUDED.issues_closed, EXCLUDED.overdue,
        EXCLUDED.unit_ids, EXCLUDED.funds_refunded_wan
    )
    RETURNING category_id
),
removed AS (
    DELETE FROM rectification_statpart s
    WHERE TRUE {part_filter}
        AND NOT EXISTS (SELECT 1 FROM parts p WHERE p.round_id = s.round_id AND p.category_id = s.category_id)
    RETURNING category_id
)
SELECT category_id FROM written UNION ALL SELECT category_id FROM removed
"""

# Unchanged rows are left alone (the WHERE of the update): reruns write nothing, and
# computed_at tells when a scope's figures last moved.
UPSERT = """
INSERT INTO rectification_stat (
    scope, scope_id, office_id, rounds, units_inspected, issues_found, issues_fed_back, issues_closed,
    overdue, clues_transferred, persons_accountable, persons_to_judiciary, loss_recovered_wan,
    funds_refunded_wan, day, computed_at
)
SELECT agg.*, %(today)s, now() FROM (
{select}
) AS agg
ON CONFLICT (scope, scope_id, day) DO UPDATE SET
    office_id = EXCLUDED.office_id, rounds = EXCLUDED.rounds, units_inspected = EXCLUDED.units_inspected,
    issues_found = EXCLUDED.issues_found, issues_fed_back = EXCLUDED.issues_fed_back,
    issues_closed = EXCLUDED.issues_closed, overdue = EXCLUDED.overdue,
    clues_transferred = EXCLUDED.clues_transferred, persons_accountable = EXCLUDED.persons_accountable,
    persons_to_judiciary = EXCLUDED.persons_to_judiciary, loss_recovered_wan = EXCLUDED.loss_recovered_wan,
    funds_refunded_wan = EXCLUDED.funds_refunded_wan, computed_at = EXCLUDED.computed_at
WHERE (
    rectification_stat.office_id, rectification_stat.rounds, rectification_stat.units_inspected,
    rectification_stat.issues_found, rectification_stat.issues_fed_back, rectification_stat.issues_closed,
    rectification_stat.overdue, rectification_stat.clues_transferred, rectification_stat.persons_accountable,
    rectification_stat.persons_to_judiciary, rectification_stat.loss_recovered_wan,
    rectification_stat.funds_refunded_wan
) IS DISTINCT FROM (
    EXCLUDED.office_id, EXCLUDED.rounds, EXCLUDED.units_inspected, EXCLUDED.issues_found,
    EXCLUDED.issues_fed_back, EXCLUDED.issues_closed, EXCLUDED.overdue, EXCLUDED.clues_transferred,
    EXCLUDED.persons_accountable, EXCLUDED.persons_to_judiciary, EXCLUDED.loss_recovered_wan,
    EXCLUDED.funds_refunded_wan
)
"""


FULL_SOURCE = f"SELECT * FROM {FOUND_TABLE}"  # noqa: S608 - a constant table name


def _family_sql(scopes: Scopes | None) -> tuple[str, dict]:
    """The round/assignment/unit/group SELECT, for every scope (None) or only ``scopes``."""
    if scopes is None:
        slots = dict.fromkeys(("clue_filter", *(f"{family}_keys" for family in FAMILIES)), "")
        return FAMILY_SELECT.format(found=FULL_SOURCE, **slots), {}
    params = {f"{family}_ids": sorted(getattr(scopes, family)) for family in FAMILIES}
    # Rows of the touched scopes only (each index is used: a BitmapOr over four of them).
    issue_filter = (
        "AND (i.round_id = ANY(%(round_ids)s) OR i.assignment_id = ANY(%(assignment_ids)s)"
        " OR i.unit_id = ANY(%(unit_ids)s) OR i.group_id = ANY(%(group_ids)s))"
    )
    review_filter = (
        "AND r.issue_id IN (SELECT i.id FROM inspections_issue i"
        " WHERE i.round_id = ANY(%(round_ids)s) OR i.assignment_id = ANY(%(assignment_ids)s)"
        " OR i.unit_id = ANY(%(unit_ids)s) OR i.group_id = ANY(%(group_ids)s))"
    )
    slots = {
        "found": FOUND.format(issue_filter=issue_filter, review_filter=review_filter),
        "clue_filter": (
            "AND (c.round_id = ANY(%(round_ids)s) OR c.assignment_id = ANY(%(assignment_ids)s)"
            " OR c.unit_id = ANY(%(unit_ids)s) OR c.group_id = ANY(%(group_ids)s))"
        ),
        "round_keys": "AND r.id = ANY(%(round_ids)s)",
        "assignment_keys": "AND a.id = ANY(%(assignment_ids)s)",
        "unit_keys": "AND u.id = ANY(%(unit_ids)s)",
        "group_keys": "AND g.id = ANY(%(group_ids)s)",
    }
    return FAMILY_SELECT.format(**slots), params


def _parts_sql(round_ids: set[int] | None) -> tuple[str, dict]:
    if round_ids is None:
        return PARTS_UPSERT.format(found=FULL_SOURCE, part_filter=""), {}
    found = FOUND.format(
        issue_filter="AND i.round_id = ANY(%(part_rounds)s)",
        review_filter=(
            "AND r.issue_id IN (SELECT i.id FROM inspections_issue i WHERE i.round_id = ANY(%(part_rounds)s))"
        ),
    )
    return PARTS_UPSERT.format(found=found, part_filter="AND s.round_id = ANY(%(part_rounds)s)"), {
        "part_rounds": sorted(round_ids)
    }


def _category_sql(category_ids: set[int] | None) -> tuple[str, dict]:
    if category_ids is None:
        return CATEGORY_SELECT.format(category_keys=""), {}
    return CATEGORY_SELECT.format(category_keys="AND k.id = ANY(%(category_ids)s)"), {
        "category_ids": sorted(category_ids)
    }


def _office_sql(office_ids: set[int] | None) -> tuple[str, dict]:
    if office_ids is None:
        return OFFICE_SELECT.format(office_keys=""), {}
    return OFFICE_SELECT.format(office_keys="AND o.id = ANY(%(office_ids)s)"), {"office_ids": sorted(office_ids)}


def _area_sql(office_ids: set[int] | None) -> tuple[str, dict]:
    if office_ids is None:
        return AREA_SELECT.format(office_keys=""), {}
    return AREA_SELECT.format(office_keys="AND o.id = ANY(%(area_ids)s)"), {"area_ids": sorted(office_ids)}


def _lock(cursor) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])


def _upsert(cursor, select: str, params: dict) -> int:
    cursor.execute(UPSERT.format(select=select), params)
    return max(cursor.rowcount, 0)


def _parts(cursor, params: dict, round_ids: set[int] | None) -> set[int]:
    """Recompute the parts of these rounds (or all); the categories whose parts changed."""
    sql, extra = _parts_sql(round_ids)
    cursor.execute(sql, {**params, **extra})
    return {row[0] for row in cursor.fetchall()}


def _write(cursor, today: dt.date, scopes: Scopes | None) -> int:
    """Parts, then round/assignment/unit/group, category, office and area rows: all (None) or
    ``scopes``'."""
    params = sql_params(today)
    if scopes is None:
        cursor.execute(
            f"CREATE TEMPORARY TABLE {FOUND_TABLE} ON COMMIT DROP AS "
            + FOUND.format(issue_filter="", review_filter=""),
            params,
        )
        cursor.execute(f"ANALYZE {FOUND_TABLE}")
    changed_categories = _parts(cursor, params, None if scopes is None else scopes.round)
    rows = 0
    for sql, extra in (
        _family_sql(scopes),
        _category_sql(None if scopes is None else scopes.category | changed_categories),
        _office_sql(None if scopes is None else with_ancestors(scopes.office)),
        _area_sql(None if scopes is None else with_ancestors(scopes.area)),
    ):
        rows += _upsert(cursor, sql, {**params, **extra})
    if rows or changed_categories:
        generations.changed(STATS_GENERATION)
    # Breakdown rows are not counted in ``rows`` (the Stat rows written).
    breakdowns.write(cursor, today, None if scopes is None else scopes.round)
    if scopes is None:
        cursor.execute(f"DROP TABLE {FOUND_TABLE}")  # now, in case an outer transaction goes on
    return rows


@dataclass(frozen=True)
class Result:
    """What a recompute did: Stat rows inserted or changed, the scopes, and how long it took."""

    rows: int
    duration_ms: int
    full: bool
    scopes: Scopes | None = None


def recompute_all(today: dt.date | None = None) -> Result:
    """Recompute every scope for ``today`` (default: the local date) and record the run."""
    today = today or deadlines.today()
    started = timezone.now()
    clock = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        rows = _write(cursor, today, None)
        cursor.execute(
            "DELETE FROM rectification_stat WHERE scope = ANY(%s) AND day < %s",
            [list(DETAIL_SCOPES), today - dt.timedelta(days=DETAIL_KEEP_DAYS)],
        )
        duration_ms = round((time.perf_counter() - clock) * 1000)
        StatRun.objects.create(day=today, started_at=started, duration_ms=duration_ms, rows=rows)
    return Result(rows=rows, duration_ms=duration_ms, full=True)


def recompute(keys: Iterable[str], today: dt.date | None = None) -> Result:
    """Recompute the scopes that the changes named by ``keys`` touch (see :func:`expand`)."""
    today = today or deadlines.today()
    clock = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        _lock(cursor)
        scopes = expand(keys)
        if not scopes:
            return Result(rows=0, duration_ms=round((time.perf_counter() - clock) * 1000), full=False, scopes=scopes)
        if not StatRun.objects.filter(day=today).exists():
            # Office and category rows add up the day's round rows and the parts: all exist after a full run.
            result = recompute_all(today)
            return Result(rows=result.rows, duration_ms=result.duration_ms, full=True, scopes=scopes)
        rows = _write(cursor, today, scopes)
    return Result(rows=rows, duration_ms=round((time.perf_counter() - clock) * 1000), full=False, scopes=scopes)
