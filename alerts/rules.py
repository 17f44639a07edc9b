"""Deadline alerts (预警) per the time rules (DESIGN.md, "Time rules"), raised and resolved by
set-based SQL, and who is told about them.

What raises an alert (kinds and levels):

- ``issue_deadline``: an issue whose next move is the unit's (rectifying) with a deadline —
  green when ``warn_green_days`` or fewer days are left, yellow at ``warn_yellow_days`` or
  fewer, red once the deadline has passed (the office's settings; calendar days, as the
  three-colour practice counts them). Issues pending review, closed, long-term or withdrawn
  raise none.
- ``plan_due``: the assignment's plan due date (30 days after feedback by default, in calendar
  or working days per office) has passed and no plan has been approved — red.
- ``report_due``: the rectification report date has passed and the unit has not reported on
  every issue (some are still rectifying) — red.
- ``clue_result``: a transferred clue is past its result due date and no result was received — red.

One open alert per subject, at its current level: when an issue moves from green to yellow the
green alert resolves and a yellow one is raised (the database allows one open alert per subject
and level; reruns insert nothing new: ``ON CONFLICT DO NOTHING``). An alert resolves itself
(``resolved_at``) when its cause is gone: the issue was closed or submitted, the deadline moved,
the plan was approved, the clue's result came back.

Who is told (one in-app notification per person and alert, never repeated):

- green: the unit's liaisons;
- yellow: also the unit's deputy leader in charge of rectification — ``Unit.deputy_name`` is a
  name, not an account, so the supervisors of the unit's own office are told in his stead;
- red: also the unit's principal (a name too: the same stand-ins) and the supervisors of the
  supervising office (the inspecting office unless rectification was handed over; the alert's office);
- clue alerts: only the clue officers of the clue's office (never liaisons: clues are confidential).

Everything takes ``today`` so tests can freeze time; ``assignment_ids`` limits a check to the
subjects of those assignments (the check after a change). The notifications are rows of the
notifications app's table, written in the statement that raises their alerts.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, transaction

from accounts.choices import Role
from inspections import deadlines
from inspections.choices import ClueStatus, IssueStatus
from rectification.choices import AlertKind, AlertLevel, PlanStatus

LOCK_KEY = 0x5843_414C  # "XCAL": one alert check at a time

WANTED = """
CREATE TEMPORARY TABLE alert_wanted ON COMMIT DROP AS
SELECT %(issue_deadline)s::varchar AS kind,
    CASE WHEN i.deadline < %(today)s THEN %(red)s
         WHEN i.deadline - %(today)s <= o.warn_yellow_days THEN %(yellow)s
         ELSE %(green)s END::varchar AS level,
    i.id AS issue_id, NULL::bigint AS assignment_id, NULL::bigint AS clue_id,
    i.supervising_office_id AS office_id, i.unit_id, i.deadline AS due
FROM inspections_issue i
JOIN accounts_office o ON o.id = i.office_id
WHERE i.status = %(rectifying)s
    -- the (status, deadline) index narrows the scan to the deadlines any office warns about
    AND i.deadline <= %(today)s::date + (SELECT COALESCE(max(warn_green_days), 0) FROM accounts_office)
    AND i.deadline - %(today)s <= o.warn_green_days
    {issue_filter}
UNION ALL
SELECT %(plan_due)s, %(red)s, NULL, a.id, NULL, COALESCE(a.supervising_office_id, r.office_id), a.unit_id, a.plan_due
FROM inspections_assignment a
JOIN inspections_round r ON r.id = a.round_id
WHERE a.plan_due < %(today)s
    AND NOT EXISTS (SELECT 1 FROM rectification_plan p WHERE p.assignment_id = a.id AND p.status = %(approved)s)
    {assignment_filter}
UNION ALL
SELECT %(report_due)s, %(red)s, NULL, a.id, NULL, COALESCE(a.supervising_office_id, r.office_id), a.unit_id,
    a.report_due
FROM inspections_assignment a
JOIN inspections_round r ON r.id = a.round_id
WHERE a.report_due < %(today)s
    AND EXISTS (SELECT 1 FROM inspections_issue i WHERE i.assignment_id = a.id AND i.status = %(rectifying)s)
    {assignment_filter}
UNION ALL
SELECT %(clue_result)s, %(red)s, NULL, NULL, c.id, c.office_id, c.unit_id, c.result_due
FROM inspections_clue c
WHERE c.status = %(transferred)s AND c.result_due < %(today)s AND c.result_received IS NULL
    {clue_filter}
"""

# The same alert: kind, level and subject (exactly one of issue, assignment, clue; the kind says
# which), compared with plain equality so that the planner can hash-join.
RESOLVE = """
UPDATE rectification_alert al SET resolved_at = now()
WHERE al.resolved_at IS NULL {alert_filter}
    AND NOT EXISTS (
        SELECT 1 FROM alert_wanted w
        WHERE w.kind = al.kind AND w.level = al.level
            AND COALESCE(w.issue_id, w.assignment_id, w.clue_id) = COALESCE(al.issue_id, al.assignment_id, al.clue_id)
    )
"""

MOVE_DUE = """
UPDATE rectification_alert al SET due = w.due
FROM alert_wanted w
WHERE al.resolved_at IS NULL AND al.due <> w.due
    AND w.kind = al.kind AND w.level = al.level
    AND COALESCE(w.issue_id, w.assignment_id, w.clue_id) = COALESCE(al.issue_id, al.assignment_id, al.clue_id)
"""

# Raise the missing alerts and tell people about the new ones, in one statement.
RAISE = """
WITH raised AS (
    INSERT INTO rectification_alert (kind, level, issue_id, assignment_id, clue_id, office_id, unit_id, due, raised_at)
    SELECT w.kind, w.level, w.issue_id, w.assignment_id, w.clue_id, w.office_id, w.unit_id, w.due, now()
    FROM alert_wanted w
    ON CONFLICT DO NOTHING
    RETURNING id, kind, level, office_id, unit_id
),
recipients AS (
    -- every level: the unit's liaisons
    SELECT n.id AS alert_id, ra.user_id FROM raised n
    JOIN accounts_roleassignment ra ON ra.role = %(liaison)s AND ra.unit_id = n.unit_id
    WHERE n.kind <> %(clue_result)s
    UNION
    -- yellow and red: supervisors of the unit's office, for the deputy and the principal
    SELECT n.id, ra.user_id FROM raised n
    JOIN inspections_unit u ON u.id = n.unit_id
    JOIN accounts_roleassignment ra ON ra.role = %(supervisor)s AND ra.office_id = u.office_id
    WHERE n.kind <> %(clue_result)s AND n.level IN (%(yellow)s, %(red)s)
    UNION
    -- red: supervisors of the supervising office (the inspecting office unless handed over)
    SELECT n.id, ra.user_id FROM raised n
    JOIN accounts_roleassignment ra ON ra.role = %(supervisor)s AND ra.office_id = n.office_id
    WHERE n.kind <> %(clue_result)s AND n.level = %(red)s
    UNION
    -- clue results: the clue officers of the clue's office only
    SELECT n.id, ra.user_id FROM raised n
    JOIN accounts_roleassignment ra ON ra.role = %(clue_officer)s AND ra.office_id = n.office_id
    WHERE n.kind = %(clue_result)s
),
notified AS (
    INSERT INTO rectification_notification (user_id, alert_id, created_at)
    SELECT r.user_id, r.alert_id, now()
    FROM recipients r JOIN accounts_user u ON u.id = r.user_id AND u.is_active
    ON CONFLICT DO NOTHING
    RETURNING 1
)
SELECT (SELECT count(*) FROM raised), (SELECT count(*) FROM notified)
"""


def _params(today: dt.date) -> dict:
    return {
        "today": today,
        "red": AlertLevel.RED.value,
        "yellow": AlertLevel.YELLOW.value,
        "green": AlertLevel.GREEN.value,
        "issue_deadline": AlertKind.ISSUE_DEADLINE.value,
        "plan_due": AlertKind.PLAN_DUE.value,
        "report_due": AlertKind.REPORT_DUE.value,
        "clue_result": AlertKind.CLUE_RESULT.value,
        "rectifying": IssueStatus.RECTIFYING.value,
        "approved": PlanStatus.APPROVED.value,
        "transferred": ClueStatus.TRANSFERRED.value,
        "liaison": Role.LIAISON.value,
        "supervisor": Role.SUPERVISOR.value,
        "clue_officer": Role.CLUE_OFFICER.value,
    }


def _filters(assignment_ids: list[int] | None) -> dict[str, str]:
    if assignment_ids is None:
        return {"issue_filter": "", "assignment_filter": "", "clue_filter": "", "alert_filter": ""}
    return {
        "issue_filter": "AND i.assignment_id = ANY(%(assignment_ids)s)",
        "assignment_filter": "AND a.id = ANY(%(assignment_ids)s)",
        "clue_filter": "AND c.assignment_id = ANY(%(assignment_ids)s)",
        "alert_filter": (
            "AND (al.assignment_id = ANY(%(assignment_ids)s)"
            " OR al.issue_id IN (SELECT id FROM inspections_issue WHERE assignment_id = ANY(%(assignment_ids)s))"
            " OR al.clue_id IN (SELECT id FROM inspections_clue WHERE assignment_id = ANY(%(assignment_ids)s)))"
        ),
    }


@dataclass(frozen=True)
class CheckResult:
    raised: int
    resolved: int
    moved: int
    notified: int


def check(today: dt.date | None = None, assignment_ids: Iterable[int] | None = None) -> CheckResult:
    """Raise, move and resolve alerts as of ``today``: all of them, or those of some assignments."""
    today = today or deadlines.today()
    ids = None if assignment_ids is None else sorted(set(assignment_ids))
    if ids is not None and not ids:
        return CheckResult(0, 0, 0, 0)
    params = _params(today)
    if ids is not None:
        params["assignment_ids"] = ids
    filters = _filters(ids)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LOCK_KEY])
        cursor.execute(WANTED.format(**filters), params)
        cursor.execute("ANALYZE alert_wanted")
        cursor.execute(RESOLVE.format(alert_filter=filters["alert_filter"]), params)
        resolved = cursor.rowcount
        cursor.execute(MOVE_DUE, params)
        moved = cursor.rowcount
        cursor.execute(RAISE, params)
        raised, notified = cursor.fetchone()
        cursor.execute("DROP TABLE alert_wanted")
    return CheckResult(raised=raised, resolved=resolved, moved=moved, notified=notified)
