"""Statistics of "the units in an office's area" (scope ``area``, issue 12): the figures of the
units whose own office (``Unit.office``) is the office or one below it, whoever inspected them,
beside the figures of "the rounds it ran" (scope ``office``). Checked against bare SQL over the
records, full and incremental, and live for a period."""

from decimal import Decimal

import pytest
from django.db import connection

from dashboard import selectors, stats
from dashboard.models import Stat
from inspections.choices import IssueStatus
from inspections.models import Issue
from rectification.choices import StatScope
from tests.dashboard import test_stats
from tests.dashboard.test_stats import TODAY, YESTERDAY, all_rows, expected, figures, get_summary, review
from tests.factories import make_assignment, make_clue, make_group, make_issue

pytestmark = pytest.mark.django_db

w = test_stats.w  # the statistics tests' world (fixture)

BARE = """
WITH area AS (
    SELECT u.id FROM inspections_unit u JOIN accounts_office o ON o.id = u.office_id
    WHERE o.path LIKE %(path)s
)
SELECT
    (SELECT count(DISTINCT a.round_id) FROM inspections_assignment a WHERE a.unit_id IN (SELECT id FROM area)),
    (SELECT count(DISTINCT a.unit_id) FROM inspections_assignment a WHERE a.unit_id IN (SELECT id FROM area)),
    (SELECT count(*) FROM inspections_issue i WHERE i.unit_id IN (SELECT id FROM area)
        AND i.status IN ('confirmed', 'rectifying', 'pending_review', 'closed', 'long_term')),
    (SELECT count(*) FROM inspections_issue i WHERE i.unit_id IN (SELECT id FROM area)
        AND i.status IN ('rectifying', 'pending_review', 'closed', 'long_term')),
    (SELECT count(*) FROM inspections_issue i WHERE i.unit_id IN (SELECT id FROM area) AND i.status = 'closed'),
    (SELECT count(*) FROM inspections_issue i WHERE i.unit_id IN (SELECT id FROM area)
        AND i.status = 'rectifying' AND i.deadline < %(today)s),
    (SELECT count(*) FROM inspections_clue c WHERE c.unit_id IN (SELECT id FROM area)
        AND c.status IN ('transferred', 'concluded')),
    (SELECT COALESCE(sum(c.persons_accountable), 0) FROM inspections_clue c
        WHERE c.unit_id IN (SELECT id FROM area) AND c.status IN ('transferred', 'concluded')),
    (SELECT COALESCE(sum(c.persons_to_judiciary), 0) FROM inspections_clue c
        WHERE c.unit_id IN (SELECT id FROM area) AND c.status IN ('transferred', 'concluded')),
    (SELECT COALESCE(sum(c.loss_recovered_wan), 0) FROM inspections_clue c
        WHERE c.unit_id IN (SELECT id FROM area) AND c.status IN ('transferred', 'concluded')),
    (SELECT COALESCE(sum(r.funds_refunded_wan), 0) FROM rectification_review r
        JOIN inspections_issue i ON i.id = r.issue_id
        WHERE r.decision = 'close' AND i.unit_id IN (SELECT id FROM area)
            AND i.status IN ('confirmed', 'rectifying', 'pending_review', 'closed', 'long_term'))
"""


def bare(office, today=TODAY) -> dict:
    """The area's figures by hand, straight from the records."""
    with connection.cursor() as cursor:
        cursor.execute(BARE, {"path": office.path + "%", "today": today})
        row = cursor.fetchone()
    return dict(zip(stats.FIGURES, row, strict=True))


def cross(w):
    """The city's round also inspects a unit of county B (a cross or elevated inspection)."""
    group = make_group(w.round, 9)
    assignment = make_assignment(w.round, w.unit_b, group)
    make_issue(assignment, IssueStatus.RECTIFYING, 1, deadline=YESTERDAY)
    review(make_issue(assignment, IssueStatus.CLOSED, 2), w.supervisor, "4")
    make_issue(assignment, IssueStatus.DRAFT, 3)
    make_clue(assignment, w.group_leader_x, "transferred", 1, persons_accountable=2, loss_recovered_wan=7)
    return assignment


def test_bare_sql_states_the_found_statuses_the_statistics_use():
    from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, TRANSFERRED_CLUE_STATUSES

    assert set(FOUND_STATUSES) == {"confirmed", "rectifying", "pending_review", "closed", "long_term"}
    assert set(FED_BACK_STATUSES) == {"rectifying", "pending_review", "closed", "long_term"}
    assert set(TRANSFERRED_CLUE_STATUSES) == {"transferred", "concluded"}


def test_area_rows_equal_bare_sql_and_differ_from_the_rounds_the_office_ran(w):
    cross(w)
    stats.recompute_all(TODAY)

    for office in (w.city, w.county_a, w.county_b):
        assert figures(StatScope.AREA, office.pk) == bare(office), office.name
    # County B ran no round, but a unit in its area was inspected by the city.
    assert figures(StatScope.OFFICE, w.county_b.pk) == expected()
    assert figures(StatScope.AREA, w.county_b.pk) == expected(
        rounds=1,
        units_inspected=1,
        issues_found=2,
        issues_fed_back=2,
        issues_closed=1,
        overdue=1,
        clues_transferred=1,
        persons_accountable=2,
        loss_recovered_wan="7",
        funds_refunded_wan="4",
    )
    # The city's rounds count it too; its area (with the counties) holds every unit here.
    assert figures(StatScope.OFFICE, w.city.pk)["issues_found"] == 13
    assert figures(StatScope.AREA, w.city.pk)["issues_found"] == 13
    assert figures(StatScope.AREA, w.city.pk)["units_inspected"] == 4
    row = Stat.objects.get(scope=StatScope.AREA, scope_id=w.county_b.pk, day=TODAY)
    assert row.office_id == w.county_b.pk  # read by the county's readers and those above


def test_incremental_recompute_updates_the_area_of_the_units_office(w):
    assignment = cross(w)
    stats.recompute_all(TODAY)
    before = all_rows()
    issue = Issue.objects.get(assignment=assignment, status=IssueStatus.RECTIFYING)
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.CLOSED)
    review(issue, w.supervisor, "1.5")

    result = stats.recompute([f"issue:{issue.pk}"], TODAY)

    after = all_rows()
    changed = {key for key in after if after[key] != before[key]}
    assert {(StatScope.AREA, w.county_b.pk), (StatScope.AREA, w.city.pk)} <= changed
    assert (StatScope.AREA, w.county_a.pk) not in changed
    assert (StatScope.OFFICE, w.county_b.pk) not in changed  # county B ran no round
    assert not result.full
    assert figures(StatScope.AREA, w.county_b.pk) == bare(w.county_b)
    assert figures(StatScope.AREA, w.county_b.pk)["funds_refunded_wan"] == Decimal("5.5")
    assert stats.recompute_all(TODAY).rows == 0  # the incremental recompute was exact


def test_a_new_assignment_in_the_area_counts_a_round_and_a_unit(w):
    stats.recompute_all(TODAY)
    assert figures(StatScope.AREA, w.county_b.pk) == expected()
    assignment = make_assignment(w.round, w.unit_b, make_group(w.round, 9))

    stats.recompute([f"assignment:{assignment.pk}"], TODAY)

    assert figures(StatScope.AREA, w.county_b.pk) == expected(rounds=1, units_inspected=1)
    assert stats.recompute_all(TODAY).rows == 0


def test_live_area_figures_equal_the_stat_rows_and_bare_sql_for_a_period(w):
    cross(w)
    stats.recompute_all(TODAY)
    for office in (w.city, w.county_a, w.county_b):
        live = selectors.live_figures(office=office, basis=selectors.AREA, today=TODAY)
        assert live == figures(StatScope.AREA, office.pk), office.name
    # A period that holds everything gives the same figures; one before it, none.
    everything = selectors.live_figures(
        office=w.county_b, basis=selectors.AREA, date_from=YESTERDAY.replace(year=2000), today=TODAY
    )
    assert everything == bare(w.county_b)
    nothing = selectors.live_figures(
        office=w.county_b, basis=selectors.AREA, date_to=YESTERDAY.replace(year=2000), today=TODAY
    )
    assert nothing == expected(overdue=0)


def test_the_summary_api_answers_either_basis(w):
    cross(w)
    stats.recompute_all(stats.deadlines.today())
    ran = get_summary(w.supervisor_b, office=w.county_b.pk)
    area = get_summary(w.supervisor_b, office=w.county_b.pk, basis="area")
    assert ran.status_code == area.status_code == 200
    assert (ran.data["scope"], ran.data["issues"], ran.data["rounds"]) == ("office", 0, 0)
    assert (area.data["scope"], area.data["issues"], area.data["rounds"], area.data["units_inspected"]) == (
        "area",
        2,
        1,
        1,
    )
    assert area.data["live"] is False and area.data["office"] == w.county_b.pk
    period = get_summary(w.supervisor_b, office=w.county_b.pk, basis="area", **{"from": "2000-01-01"})
    assert period.data["live"] is True and period.data["issues"] == 2
    bad = get_summary(w.supervisor_b, office=w.county_b.pk, basis="everything")
    assert bad.status_code == 400 and "basis" in bad.data["errors"]
