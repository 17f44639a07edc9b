"""Breakdowns (分类统计): the figures an office reports upward, split by unit kind, village
category, round kind, issue category, clue rank, self-surrender, 立行立改, close-out outcome
(纠清治问建), evaluation grade and batch, supervision action and leaders at feedback meetings.

Written by the same Celery jobs as the Stat rows (dashboard/stats.py calls :func:`write`): the
nightly full recompute writes every round's rows, an incremental one the rows of the rounds a
change touched. One row per (round, dimension, key) in ``StatBreakdown``; a row of a round
that no longer has figures under a key is deleted. Reading them for an office and a period
(rounds of the office's subtree whose planned start falls in the period, or of a term) is in
dashboard/reports.py.

Dimensions (the ``by`` values of ``GET /api/v1/stats/breakdown/``) and what they split:

=================  ===============================================  ===================
``by``             keys                                             sums to
=================  ===============================================  ===================
unit_kind          UnitKind values                                  findings, clues, units
village_category   VillageCategory values (villages only)           the unit_kind "village" row
round_kind         RoundKind values                                 findings, clues, units
category           top-level issue category ids                    findings
rank               highest rank in the clue: county 县处级及以上,    clues
                   township 乡科级, general 其他
self_surrender     yes / no (a person surrendered while on site)    clues, self-surrenders
immediate          immediate 立行立改 / other                        findings (closed = done)
outcome            corrected 纠, refunded 清, campaign 治,           (each its own figure)
                   accountable 问, rules 建
grade              Grade values                                     evaluations
evaluation_batch   first / repeat                                   evaluation rounds
action_kind        ActionKind values                                actions
attendance         RoundKind values                                 leaders attending
=================  ===============================================  ===================
"""

from __future__ import annotations

from collections.abc import Iterable

from core import generations
from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, TRANSFERRED_CLUE_STATUSES, IssueStatus
from rectification.choices import ReviewDecision

DIMENSIONS = (
    "unit_kind",
    "village_category",
    "round_kind",
    "category",
    "rank",
    "self_surrender",
    "immediate",
    "outcome",
    "grade",
    "evaluation_batch",
    "action_kind",
    "attendance",
)
OUTCOME_KEYS = ("corrected", "refunded", "campaign", "accountable", "rules")

COLUMNS = (
    "unit_ids",
    "issues_found",
    "issues_fed_back",
    "issues_closed",
    "overdue",
    "clues_transferred",
    "persons_accountable",
    "persons_to_judiciary",
    "self_surrenders",
    "loss_recovered_wan",
    "funds_refunded_wan",
    "events",
    "amount",
)

# Every source below yields (round_id, dimension, key, <COLUMNS>); the rows are added up per
# (round, dimension, key). {rounds} is the set of rounds recomputed. No source joins a finding to an
# aggregate: with the statistics of a table loaded in the same transaction (seed_demo, an import) the
# planner estimates one row everywhere and would re-run such an aggregate for every finding. The
# refunds are their own source (close-out reviews joined to their finding by primary key) and a
# clue's rank is a lookup through an index.
# The keys a finding (or its refund) is counted under, and their grouping sets: the two sources share them.
FINDING_KEY = """CASE WHEN GROUPING(unit_kind) = 0 THEN 'unit_kind'
             WHEN GROUPING(village_category) = 0 THEN 'village_category'
             WHEN GROUPING(round_kind) = 0 THEN 'round_kind'
             WHEN GROUPING(heading) = 0 THEN 'category'
             ELSE 'immediate' END,
        COALESCE(unit_kind, village_category, round_kind, heading, immediate),"""
FINDING_SETS = """GROUP BY GROUPING SETS (
        (round_id, unit_kind), (round_id, village_category), (round_id, round_kind), (round_id, heading),
        (round_id, immediate)
    )"""

SOURCES = """
WITH RECURSIVE
picked AS NOT MATERIALIZED (SELECT r.id, r.kind FROM inspections_round r WHERE TRUE {round_filter}),
headings(id, root) AS (
    SELECT k.id, k.id FROM inspections_issuecategory k WHERE k.parent_id IS NULL
    UNION ALL
    SELECT k.id, h.root FROM inspections_issuecategory k JOIN headings h ON k.parent_id = h.id
),
found AS (
    SELECT i.round_id, i.unit_id, i.status, i.deadline, p.kind AS round_kind, u.kind AS unit_kind,
        u.village_category, h.root::text AS heading,
        CASE WHEN i.immediate THEN 'immediate' ELSE 'other' END AS immediate
    FROM inspections_issue i
    JOIN picked p ON p.id = i.round_id
    JOIN inspections_unit u ON u.id = i.unit_id
    LEFT JOIN headings h ON h.id = i.category_id
    WHERE i.status = ANY(%(found)s)
),
-- the refunds of close-outs (清), few next to the findings: added up under the same keys as them
refunds AS (
    SELECT i.round_id, p.kind AS round_kind, u.kind AS unit_kind, u.village_category, h.root::text AS heading,
        CASE WHEN i.immediate THEN 'immediate' ELSE 'other' END AS immediate, rv.funds_refunded_wan AS funds
    FROM rectification_review rv
    JOIN inspections_issue i ON i.id = rv.issue_id
    JOIN picked p ON p.id = i.round_id
    JOIN inspections_unit u ON u.id = i.unit_id
    LEFT JOIN headings h ON h.id = i.category_id
    WHERE rv.decision = %(close)s AND rv.funds_refunded_wan > 0 AND i.status = ANY(%(found)s)
),
clues AS (
    SELECT c.round_id, c.unit_id, p.kind AS round_kind, u.kind AS unit_kind, u.village_category,
        c.persons_accountable, c.persons_to_judiciary, c.self_surrenders, c.loss_recovered_wan,
        CASE WHEN c.self_surrenders > 0 THEN 'yes' ELSE 'no' END AS self_surrender,
        COALESCE((
            SELECT CASE WHEN bool_or(cp.rank = 'county') THEN 'county'
                        WHEN bool_or(cp.rank = 'township') THEN 'township' END
            FROM inspections_clueperson cp WHERE cp.clue_id = c.id
        ), 'general') AS rank
    FROM inspections_clue c
    JOIN picked p ON p.id = c.round_id
    JOIN inspections_unit u ON u.id = c.unit_id
    WHERE c.status = ANY(%(transferred)s)
),
assigned AS (
    SELECT a.round_id, a.unit_id, p.kind AS round_kind, u.kind AS unit_kind, u.village_category
    FROM inspections_assignment a
    JOIN picked p ON p.id = a.round_id
    JOIN inspections_unit u ON u.id = a.unit_id
),
rows AS (
    SELECT round_id,
        CASE WHEN GROUPING(unit_kind) = 0 THEN 'unit_kind'
             WHEN GROUPING(village_category) = 0 THEN 'village_category'
             ELSE 'round_kind' END AS dimension,
        COALESCE(unit_kind, village_category, round_kind) AS key,
        array_agg(DISTINCT unit_id ORDER BY unit_id) AS unit_ids,
        0 AS issues_found, 0 AS issues_fed_back, 0 AS issues_closed, 0 AS overdue, 0 AS clues_transferred,
        0 AS persons_accountable, 0 AS persons_to_judiciary, 0 AS self_surrenders,
        0::numeric AS loss_recovered_wan, 0::numeric AS funds_refunded_wan, 0 AS events, 0::numeric AS amount
    FROM assigned
    GROUP BY GROUPING SETS ((round_id, unit_kind), (round_id, village_category), (round_id, round_kind))
    UNION ALL
    SELECT round_id,
        {finding_key}
        NULL,
        count(*),
        count(*) FILTER (WHERE status = ANY(%(fed_back)s)),
        count(*) FILTER (WHERE status = %(closed)s),
        count(*) FILTER (WHERE status = %(rectifying)s AND deadline < %(today)s),
        0, 0, 0, 0, 0, 0, 0, 0
    FROM found
    {finding_sets}
    UNION ALL
    SELECT round_id,
        {finding_key}
        NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, sum(funds), 0, 0
    FROM refunds
    {finding_sets}
    UNION ALL
    SELECT round_id,
        CASE WHEN GROUPING(unit_kind) = 0 THEN 'unit_kind'
             WHEN GROUPING(village_category) = 0 THEN 'village_category'
             WHEN GROUPING(round_kind) = 0 THEN 'round_kind'
             WHEN GROUPING(rank) = 0 THEN 'rank'
             ELSE 'self_surrender' END,
        COALESCE(unit_kind, village_category, round_kind, rank, self_surrender),
        NULL, 0, 0, 0, 0,
        count(*), sum(persons_accountable), sum(persons_to_judiciary), sum(self_surrenders),
        sum(loss_recovered_wan), 0, 0, 0
    FROM clues
    GROUP BY GROUPING SETS (
        (round_id, unit_kind), (round_id, village_category), (round_id, round_kind), (round_id, rank),
        (round_id, self_surrender)
    )
    UNION ALL
    -- 纠清治问建: close-outs with each outcome (events) and its total (amount)
    SELECT i.round_id, 'outcome', o.key, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), sum(o.amount)
    FROM rectification_review rv
    JOIN inspections_issue i ON i.id = rv.issue_id
    CROSS JOIN LATERAL (VALUES
        ('corrected', rv.corrected > 0, rv.corrected::numeric),
        ('refunded', rv.funds_refunded_wan > 0, rv.funds_refunded_wan),
        ('campaign', rv.special_campaign <> '', 1::numeric),
        ('accountable', rv.persons_accountable > 0, rv.persons_accountable::numeric),
        ('rules', rv.rules_made > 0, rv.rules_made::numeric)
    ) AS o(key, hit, amount)
    WHERE rv.decision = %(close)s AND o.hit AND i.status = ANY(%(found)s) AND i.round_id IN (SELECT id FROM picked)
    GROUP BY i.round_id, o.key
    UNION ALL
    SELECT a.round_id, 'grade', e.grade, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0
    FROM rectification_evaluation e JOIN inspections_assignment a ON a.id = e.assignment_id
    WHERE a.round_id IN (SELECT id FROM picked)
    GROUP BY a.round_id, e.grade
    UNION ALL
    -- an evaluation batch (审核评估轮次) is a round's evaluations of one day; the first is "first"
    SELECT b.round_id, 'evaluation_batch', CASE WHEN b.n = 1 THEN 'first' ELSE 'repeat' END,
        NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), sum(b.evaluations)
    FROM (
        SELECT a.round_id, e.evaluated_on, count(*) AS evaluations,
            row_number() OVER (PARTITION BY a.round_id ORDER BY e.evaluated_on) AS n
        FROM rectification_evaluation e JOIN inspections_assignment a ON a.id = e.assignment_id
        WHERE a.round_id IN (SELECT id FROM picked)
        GROUP BY a.round_id, e.evaluated_on
    ) b
    GROUP BY b.round_id, 3
    UNION ALL
    SELECT a.round_id, 'action_kind', x.kind, array_agg(DISTINCT x.unit_id ORDER BY x.unit_id),
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), 0
    FROM rectification_action x JOIN inspections_assignment a ON a.id = x.assignment_id
    WHERE a.round_id IN (SELECT id FROM picked)
    GROUP BY a.round_id, x.kind
    UNION ALL
    SELECT p.id, 'attendance', p.kind, NULL, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, count(*), sum(f.leader_attendance)
    FROM rectification_feedback f
    JOIN inspections_assignment a ON a.id = f.assignment_id
    JOIN picked p ON p.id = a.round_id
    GROUP BY p.id, p.kind
)
SELECT round_id, dimension, key,
    COALESCE(max(unit_ids), '{{}}'), sum(issues_found), sum(issues_fed_back), sum(issues_closed), sum(overdue),
    sum(clues_transferred), sum(persons_accountable), sum(persons_to_judiciary), sum(self_surrenders),
    sum(loss_recovered_wan), sum(funds_refunded_wan), sum(events), sum(amount)
FROM rows
WHERE NOT (dimension = 'village_category' AND key = '') AND key IS NOT NULL
GROUP BY round_id, dimension, key
"""

WRITE = """
WITH fresh AS (
{select}
),
written AS (
    INSERT INTO dashboard_statbreakdown (round_id, dimension, key, {columns}, computed_at)
    SELECT f.*, now() FROM fresh f
    ON CONFLICT (round_id, dimension, key) DO UPDATE SET {updates}, computed_at = EXCLUDED.computed_at
    WHERE ({old}) IS DISTINCT FROM ({new})
    RETURNING 1
),
removed AS (
    DELETE FROM dashboard_statbreakdown s
    WHERE TRUE {part_filter}
        AND NOT EXISTS (
            SELECT 1 FROM fresh f WHERE f.round_id = s.round_id AND f.dimension = s.dimension AND f.key = s.key
        )
    RETURNING 1
)
SELECT (SELECT count(*) FROM written) + (SELECT count(*) FROM removed)
"""


SHARED = {"finding_key": FINDING_KEY, "finding_sets": FINDING_SETS}


def params(today) -> dict:
    return {
        "today": today,
        "found": list(FOUND_STATUSES),
        "fed_back": list(FED_BACK_STATUSES),
        "closed": IssueStatus.CLOSED.value,
        "rectifying": IssueStatus.RECTIFYING.value,
        "transferred": list(TRANSFERRED_CLUE_STATUSES),
        "close": ReviewDecision.CLOSE.value,
    }


def select_sql(round_ids: Iterable[int] | None) -> tuple[str, dict]:
    """The breakdown rows of these rounds (or of every round), as they are now."""
    if round_ids is None:
        return SOURCES.format(round_filter="", **SHARED), {}
    sql = SOURCES.format(round_filter="AND r.id = ANY(%(breakdown_rounds)s)", **SHARED)
    return sql, {"breakdown_rounds": sorted(round_ids)}


def write(cursor, today, round_ids: Iterable[int] | None) -> int:
    """Upsert the breakdown rows of these rounds (None: all), delete the stale ones; rows changed.

    Called by dashboard/stats.py inside its transaction and advisory lock.
    """
    if round_ids is not None:
        round_ids = set(round_ids)
        if not round_ids:
            return 0
    select, extra = select_sql(round_ids)
    figures = COLUMNS
    sql = WRITE.format(
        select=select,
        columns=", ".join(figures),
        updates=", ".join(f"{name} = EXCLUDED.{name}" for name in figures),
        old=", ".join(f"dashboard_statbreakdown.{name}" for name in figures),
        new=", ".join(f"EXCLUDED.{name}" for name in figures),
        part_filter="" if round_ids is None else "AND s.round_id = ANY(%(breakdown_rounds)s)",
    )
    cursor.execute(sql, {**params(today), **extra})
    changed = cursor.fetchone()[0]
    if changed:
        generations.changed(GENERATION)
    return changed


GENERATION = "breakdowns"  # cached sums of the breakdown rows are keyed by it (dashboard/reports.py)


def generation() -> str:
    """The breakdown rows' generation."""
    return generations.current(GENERATION)
