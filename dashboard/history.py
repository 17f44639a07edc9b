"""The trend with history: office and round Stat rows for past days, rebuilt from the records'
dates when data is loaded or imported with past dates (the nightly job only writes today's rows).

For a past day D a record counts as it stood on D, as far as its dates tell: a finding from its
date found; fed back from its assignment's feedback date; closed from its close-out time;
overdue when fed back, past its deadline and not closed by D; a clue from its transfer date
(its outcome figures too); funds refunded from the close-out review's date; rounds from their
planned start and units from their rounds. Days that already have a row (real snapshots) are
left alone, so the rebuild is idempotent and never overwrites what the nightly job wrote.

``rebuild(days)`` writes the rows for the given days; ``month_ends(start, end)`` gives the last
day of each month, the points of a monthly trend. Run by ``manage.py rebuild_stat_history`` and
the Celery task ``dashboard.rebuild_stat_history``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from celery import shared_task
from django.db import connection, transaction

from inspections import deadlines

from .stats import LOCK_KEY, sql_params

ROUND_FIGURES = """
WITH
days AS (SELECT unnest(%(days)s::date[]) AS day),
rounds AS (
    SELECT d.day, r.id AS round_id, r.office_id,
        (SELECT count(*) FROM inspections_assignment a WHERE a.round_id = r.id) AS units
    FROM days d JOIN inspections_round r ON r.planned_start <= d.day
),
issues AS (
    SELECT d.day, i.round_id, count(*) AS found,
        count(*) FILTER (WHERE i.status = ANY(%(fed_back)s) AND a.feedback_date <= d.day) AS fed_back,
        count(*) FILTER (WHERE i.status = %(closed)s AND i.closed_at < d.day + 1) AS closed,
        count(*) FILTER (
            WHERE i.status = ANY(%(fed_back)s) AND a.feedback_date <= d.day AND i.deadline < d.day
                AND NOT (i.status = %(closed)s AND i.closed_at < d.day + 1)
        ) AS overdue
    FROM days d
    JOIN inspections_issue i ON i.found_on <= d.day AND i.status = ANY(%(found)s)
    JOIN inspections_assignment a ON a.id = i.assignment_id
    GROUP BY d.day, i.round_id
),
clues AS (
    SELECT d.day, c.round_id, count(*) AS clues, sum(c.persons_accountable) AS accountable,
        sum(c.persons_to_judiciary) AS judiciary, sum(c.loss_recovered_wan) AS loss
    FROM days d
    JOIN inspections_clue c ON c.transfer_date <= d.day AND c.status = ANY(%(transferred)s)
    GROUP BY d.day, c.round_id
),
funds AS (
    SELECT d.day, i.round_id, sum(v.funds_refunded_wan) AS funds
    FROM days d
    JOIN rectification_review v ON v.created_at < d.day + 1 AND v.decision = %(close)s AND v.funds_refunded_wan > 0
    JOIN inspections_issue i ON i.id = v.issue_id AND i.status = ANY(%(found)s)
    GROUP BY d.day, i.round_id
)
SELECT r.day, r.round_id, r.office_id, r.units, COALESCE(i.found, 0) AS found, COALESCE(i.fed_back, 0) AS fed_back,
    COALESCE(i.closed, 0) AS closed, COALESCE(i.overdue, 0) AS overdue, COALESCE(c.clues, 0) AS clues,
    COALESCE(c.accountable, 0) AS accountable, COALESCE(c.judiciary, 0) AS judiciary, COALESCE(c.loss, 0) AS loss,
    COALESCE(f.funds, 0) AS funds
FROM rounds r
LEFT JOIN issues i ON i.day = r.day AND i.round_id = r.round_id
LEFT JOIN clues c ON c.day = r.day AND c.round_id = r.round_id
LEFT JOIN funds f ON f.day = r.day AND f.round_id = r.round_id
"""

INSERT = """
CREATE TEMPORARY TABLE stat_history ON COMMIT DROP AS {figures};
INSERT INTO rectification_stat (
    scope, scope_id, office_id, day, rounds, units_inspected, issues_found, issues_fed_back, issues_closed,
    overdue, clues_transferred, persons_accountable, persons_to_judiciary, loss_recovered_wan,
    funds_refunded_wan, computed_at
)
SELECT 'round', h.round_id, h.office_id, h.day, 1, h.units, h.found, h.fed_back, h.closed, h.overdue,
    h.clues, h.accountable, h.judiciary, h.loss, h.funds, now()
FROM stat_history h
UNION ALL
SELECT 'office', o.id, o.id, h.day, count(*),
    (SELECT count(DISTINCT a.unit_id) FROM inspections_assignment a JOIN inspections_round r ON r.id = a.round_id
        JOIN accounts_office m ON m.id = r.office_id
        WHERE m.path LIKE o.path || '%%' AND r.planned_start <= h.day),
    sum(h.found), sum(h.fed_back), sum(h.closed), sum(h.overdue), sum(h.clues), sum(h.accountable),
    sum(h.judiciary), sum(h.loss), sum(h.funds), now()
FROM accounts_office o
JOIN accounts_office m ON m.path LIKE o.path || '%%'
JOIN stat_history h ON h.office_id = m.id
GROUP BY o.id, o.path, h.day
ON CONFLICT (scope, scope_id, day) DO NOTHING;
"""


def month_ends(start: dt.date, end: dt.date) -> list[dt.date]:
    """The last day of every month from ``start``'s month up to ``end`` (exclusive of later days)."""
    days = []
    year, month = start.year, start.month
    while True:
        nxt = dt.date(year + month // 12, month % 12 + 1, 1)
        last = nxt - dt.timedelta(days=1)
        if last > end:
            break
        days.append(last)
        year, month = nxt.year, nxt.month
    return days


def rebuild(days: Iterable[dt.date]) -> int:
    """Write the office and round rows of these past days where none exist; rows written."""
    days = sorted(set(days))
    if not days:
        return 0
    params = {**sql_params(deadlines.today()), "days": days}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        create, insert = INSERT.format(figures=ROUND_FIGURES).split(";\n", 1)
        cursor.execute(create, params)
        cursor.execute(insert.rstrip().rstrip(";"), params)
        written = max(cursor.rowcount, 0)
        cursor.execute("DROP TABLE stat_history")
    return written


def rebuild_monthly(*, since: dt.date | None = None, today: dt.date | None = None) -> int:
    """Month-end rows from ``since`` (default: the first round's start) to last month's end."""
    today = today or deadlines.today()
    if since is None:
        with connection.cursor() as cursor:
            cursor.execute("SELECT min(planned_start) FROM inspections_round")
            since = cursor.fetchone()[0]
        if since is None:
            return 0
    return rebuild(month_ends(since, today - dt.timedelta(days=1)))


@shared_task(name="dashboard.rebuild_stat_history", acks_late=True, soft_time_limit=30 * 60, time_limit=35 * 60)
def rebuild_stat_history(since: str | None = None) -> int:
    """Celery: rebuild the monthly history (after an import with past dates); idempotent."""
    return rebuild_monthly(since=dt.date.fromisoformat(since) if since else None)
