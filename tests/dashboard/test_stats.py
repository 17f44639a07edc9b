"""Completion statistics: figures per scope against hand-built rows, idempotent reruns,
incremental recomputes that agree with the full one, the on-commit coalescing and the
`stats/summary` API."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIRequestFactory, force_authenticate

from dashboard import selectors, stats, tasks
from dashboard.api.summary import StatsSummaryView
from dashboard.models import Stat, StatPart, StatRun
from inspections.choices import IssueStatus
from inspections.models import Issue
from rectification.choices import ReviewDecision, StatScope
from rectification.models import Review
from tests.factories import (
    leaf_category,
    make_assignment,
    make_clue,
    make_group,
    make_issue,
    make_round,
    make_world,
)

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
YESTERDAY = TODAY - dt.timedelta(days=1)


def review(issue, reviewer, funds="0", decision=ReviewDecision.CLOSE):
    return Review.objects.create(issue=issue, reviewer=reviewer, decision=decision, funds_refunded_wan=Decimal(funds))


@pytest.fixture
def w():
    """The factories' world with issues, clues and close-out reviews in every state.

    assignment_x (city round, unit X, group X): 7 found, 6 fed back, 2 closed, 1 overdue;
    assignment_y (city round, unit Y, group Y): 2 found, 2 fed back, 1 closed;
    assignment_a (county A's round): 2 found, 2 fed back, 1 closed, 1 overdue.
    """
    w = make_world()
    x, y, a = w.assignment_x, w.assignment_y, w.assignment_a
    make_issue(x, IssueStatus.DRAFT, 1)
    make_issue(x, IssueStatus.WITHDRAWN, 2, deadline=YESTERDAY)
    make_issue(x, IssueStatus.CONFIRMED, 3)
    w.overdue_x = make_issue(x, IssueStatus.RECTIFYING, 4, deadline=YESTERDAY)
    make_issue(x, IssueStatus.RECTIFYING, 5, deadline=TODAY)  # due today: not overdue yet
    w.pending_x = make_issue(x, IssueStatus.PENDING_REVIEW, 6, deadline=YESTERDAY)  # unit has moved: not overdue
    review(make_issue(x, IssueStatus.CLOSED, 7), w.supervisor, "1.50")
    closed_x = make_issue(x, IssueStatus.CLOSED, 8)
    review(closed_x, w.supervisor, "9.00", decision=ReviewDecision.RETURN)  # returns refund nothing
    review(closed_x, w.supervisor, "2.25")
    make_issue(x, IssueStatus.LONG_TERM, 9, deadline=YESTERDAY)
    review(make_issue(y, IssueStatus.CLOSED, 1), w.supervisor)
    make_issue(y, IssueStatus.RECTIFYING, 2)
    make_issue(a, IssueStatus.RECTIFYING, 1, deadline=YESTERDAY)
    review(make_issue(a, IssueStatus.CLOSED, 2), w.supervisor_a, "10")

    fields = {"persons_accountable": 2, "persons_to_judiciary": 1, "loss_recovered_wan": Decimal("100.50")}
    make_clue(x, w.group_leader_x, "transferred", 1, **fields)
    make_clue(x, w.group_leader_x, "concluded", 2, persons_accountable=3, loss_recovered_wan=Decimal("50"))
    make_clue(x, w.group_leader_x, "draft", 3, persons_accountable=9)
    make_clue(x, w.group_leader_x, "withdrawn", 4, persons_accountable=7)
    make_clue(a, w.inspector_a, "concluded", 1, persons_accountable=1, persons_to_judiciary=1, loss_recovered_wan=20)
    return w


def figures(scope, scope_id, day=TODAY):
    row = Stat.objects.get(scope=scope, scope_id=scope_id, day=day)
    return {name: getattr(row, name) for name in stats.FIGURES}


def expected(**values):
    base = dict.fromkeys(stats.COUNTS, 0) | dict.fromkeys(stats.AMOUNTS, Decimal("0"))
    return base | {name: Decimal(str(v)) if name in stats.AMOUNTS else v for name, v in values.items()}


def all_rows(day=TODAY):
    return {
        (row["scope"], row["scope_id"]): row
        for row in Stat.objects.filter(day=day).values("scope", "scope_id", "office_id", *stats.FIGURES)
    }


CITY_ROUND = expected(
    rounds=1,
    units_inspected=2,
    issues_found=9,
    issues_fed_back=8,
    issues_closed=3,
    overdue=1,
    clues_transferred=2,
    persons_accountable=5,
    persons_to_judiciary=1,
    loss_recovered_wan="150.50",
    funds_refunded_wan="3.75",
)


def test_figures_of_every_scope_from_hand_built_rows(w):
    result = stats.recompute_all(TODAY)

    assert figures(StatScope.ROUND, w.round.pk) == CITY_ROUND
    # The city office includes county A's round; county B has nothing.
    assert figures(StatScope.OFFICE, w.city.pk) == expected(
        rounds=2,
        units_inspected=3,
        issues_found=11,
        issues_fed_back=10,
        issues_closed=4,
        overdue=2,
        clues_transferred=3,
        persons_accountable=6,
        persons_to_judiciary=2,
        loss_recovered_wan="170.50",
        funds_refunded_wan="13.75",
    )
    assert figures(StatScope.OFFICE, w.county_a.pk) == expected(
        rounds=1,
        units_inspected=1,
        issues_found=2,
        issues_fed_back=2,
        issues_closed=1,
        overdue=1,
        clues_transferred=1,
        persons_accountable=1,
        persons_to_judiciary=1,
        loss_recovered_wan="20",
        funds_refunded_wan="10",
    )
    assert figures(StatScope.OFFICE, w.county_b.pk) == expected()
    unit_x = expected(
        rounds=1,
        units_inspected=1,
        issues_found=7,
        issues_fed_back=6,
        issues_closed=2,
        overdue=1,
        clues_transferred=2,
        persons_accountable=5,
        persons_to_judiciary=1,
        loss_recovered_wan="150.50",
        funds_refunded_wan="3.75",
    )
    assert figures(StatScope.ASSIGNMENT, w.assignment_x.pk) == unit_x
    assert figures(StatScope.UNIT, w.unit_x.pk) == unit_x
    assert figures(StatScope.GROUP, w.group_x.pk) == unit_x
    assert figures(StatScope.GROUP, w.group_y.pk) == expected(
        rounds=1, units_inspected=1, issues_found=2, issues_fed_back=2, issues_closed=1
    )
    # Every issue has the same leaf category; clues have no category.
    assert figures(StatScope.CATEGORY, leaf_category().pk) == expected(
        rounds=2,
        units_inspected=3,
        issues_found=11,
        issues_fed_back=10,
        issues_closed=4,
        overdue=2,
        funds_refunded_wan="13.75",
    )
    # Units never inspected get no row; every office, round, assignment, group and category does.
    assert not Stat.objects.filter(scope=StatScope.UNIT, scope_id=w.unit_b.pk).exists()
    assert Stat.objects.filter(day=TODAY, scope=StatScope.CATEGORY).count() == 25
    assert result.full and result.rows == Stat.objects.filter(day=TODAY).count()
    assert StatRun.objects.get(day=TODAY).rows == result.rows


def test_completion_rate_is_closed_over_fed_back_with_one_decimal(w):
    stats.recompute_all(TODAY)
    city = Stat.objects.get(scope=StatScope.OFFICE, scope_id=w.city.pk, day=TODAY)
    assert city.completion_rate == Decimal("40.0")
    assert Stat.objects.get(scope=StatScope.ROUND, scope_id=w.round.pk).completion_rate == Decimal("37.5")
    assert Stat.objects.get(scope=StatScope.OFFICE, scope_id=w.county_b.pk).completion_rate is None


def test_stat_rows_carry_the_office_that_scopes_them(w):
    stats.recompute_all(TODAY)
    rows = all_rows()
    assert rows[(StatScope.ROUND, w.round_a.pk)]["office_id"] == w.county_a.pk
    assert rows[(StatScope.UNIT, w.unit_a.pk)]["office_id"] == w.county_a.pk
    assert rows[(StatScope.GROUP, w.group_a.pk)]["office_id"] == w.county_a.pk
    # A shared category spans all offices: its figures belong to the top office.
    assert rows[(StatScope.CATEGORY, leaf_category().pk)]["office_id"] == w.city.pk


def test_running_twice_gives_the_same_rows_and_writes_nothing_the_second_time(w):
    stats.recompute_all(TODAY)
    first = all_rows()
    computed = dict(Stat.objects.filter(day=TODAY).values_list("pk", "computed_at"))

    again = stats.recompute_all(TODAY)

    assert all_rows() == first
    assert again.rows == 0
    assert dict(Stat.objects.filter(day=TODAY).values_list("pk", "computed_at")) == computed


def test_a_new_day_gets_its_own_snapshot_and_old_detail_rows_expire(w):
    stats.recompute_all(YESTERDAY)
    long_ago = TODAY - dt.timedelta(days=stats.DETAIL_KEEP_DAYS + 1)
    stats.recompute_all(long_ago)

    stats.recompute_all(TODAY)

    days = set(Stat.objects.filter(scope=StatScope.OFFICE, scope_id=w.city.pk).values_list("day", flat=True))
    assert days == {long_ago, YESTERDAY, TODAY}
    assert not Stat.objects.filter(day=long_ago, scope__in=stats.DETAIL_SCOPES).exists()
    assert Stat.objects.filter(day=YESTERDAY, scope=StatScope.ASSIGNMENT).exists()
    # Overdue is as of the day: on the day before, the issue due "yesterday" was not overdue yet.
    assert figures(StatScope.ROUND, w.round.pk, YESTERDAY)["overdue"] == 0


def test_incremental_recompute_touches_only_the_scopes_of_a_change_and_agrees_with_a_full_one(w):
    stats.recompute_all(TODAY)
    before = all_rows()
    # A close-out in county A: issue and review, as the service writes them.
    issue = Issue.objects.get(assignment=w.assignment_a, status=IssueStatus.RECTIFYING)
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.CLOSED)
    review(issue, w.supervisor_a, "4.5")

    result = stats.recompute([f"issue:{issue.pk}"], TODAY)

    after = all_rows()
    changed = {key for key in after if after[key] != before[key]}
    assert changed == {
        (StatScope.OFFICE, w.city.pk),
        (StatScope.OFFICE, w.county_a.pk),
        (StatScope.ROUND, w.round_a.pk),
        (StatScope.ASSIGNMENT, w.assignment_a.pk),
        (StatScope.UNIT, w.unit_a.pk),
        (StatScope.GROUP, w.group_a.pk),
        (StatScope.CATEGORY, issue.category_id),
        # the units in the area of unit A's own office (county A) and of the offices above it
        (StatScope.AREA, w.county_a.pk),
        (StatScope.AREA, w.city.pk),
    }
    assert not result.full and result.rows == len(changed)
    assert after[(StatScope.OFFICE, w.city.pk)]["issues_closed"] == 5
    assert after[(StatScope.OFFICE, w.city.pk)]["overdue"] == 1
    assert after[(StatScope.OFFICE, w.city.pk)]["funds_refunded_wan"] == Decimal("18.25")
    # A full recompute now finds nothing to change: the incremental one was exact.
    assert stats.recompute_all(TODAY).rows == 0


def test_incremental_recompute_for_clue_and_assignment_keys(w):
    stats.recompute_all(TODAY)
    clue = make_clue(w.assignment_y, w.inspector_y, "concluded", 9, persons_accountable=4, loss_recovered_wan=1)

    stats.recompute([f"clue:{clue.pk}"], TODAY)

    assert figures(StatScope.GROUP, w.group_y.pk)["persons_accountable"] == 4
    assert figures(StatScope.OFFICE, w.city.pk)["persons_accountable"] == 10
    assert stats.recompute_all(TODAY).rows == 0


def test_category_rows_add_up_round_parts_and_count_a_unit_once(w):
    # County A inspects its unit again in a second round, with a finding of the same category.
    round_2 = make_round(w.county_a, 2)
    again = make_assignment(round_2, w.unit_a, make_group(round_2, 1))
    make_issue(again, IssueStatus.CONFIRMED, 1)
    stats.recompute_all(TODAY)
    category = leaf_category().pk

    assert StatPart.objects.filter(category_id=category).count() == 3  # one per round with findings
    assert figures(StatScope.CATEGORY, category)["rounds"] == 3
    assert figures(StatScope.CATEGORY, category)["units_inspected"] == 3  # unit A once
    assert figures(StatScope.CATEGORY, category)["issues_found"] == 12

    # The round's only finding is withdrawn: its part goes, and the category follows even though
    # only the assignment was named.
    Issue.objects.filter(assignment=again).update(status=IssueStatus.WITHDRAWN)
    stats.recompute([f"assignment:{again.pk}"], TODAY)

    assert not StatPart.objects.filter(round=round_2).exists()
    assert figures(StatScope.CATEGORY, category)["rounds"] == 2
    assert figures(StatScope.CATEGORY, category)["issues_found"] == 11
    assert stats.recompute_all(TODAY).rows == 0


def test_incremental_recompute_without_the_days_full_run_runs_the_full_one(w):
    result = stats.recompute([f"assignment:{w.assignment_x.pk}"], TODAY)

    assert result.full
    assert StatRun.objects.filter(day=TODAY).count() == 1
    assert figures(StatScope.ROUND, w.round.pk) == CITY_ROUND


def test_keys_of_rows_that_no_longer_exist_or_make_no_sense_are_ignored(w):
    stats.recompute_all(TODAY)
    result = stats.recompute(["issue:999999", "assignment:888888", "bogus", "round:abc"], TODAY)
    assert result.rows == 0 and not result.scopes


def test_live_figures_without_a_period_equal_the_stat_rows(w):
    stats.recompute_all(TODAY)
    for office in (w.city, w.county_a, w.county_b):
        assert selectors.live_figures(office=office, today=TODAY) == figures(StatScope.OFFICE, office.pk)
    assert selectors.live_figures(round_id=w.round.pk, today=TODAY) == figures(StatScope.ROUND, w.round.pk)


def test_live_figures_for_a_period_count_issues_by_date_found_and_clues_by_transfer_date(w):
    Issue.objects.filter(assignment=w.assignment_x).update(found_on=dt.date(2026, 1, 10))
    w.assignment_x.clues.filter(status="concluded").update(transfer_date=dt.date(2026, 1, 15))

    january = selectors.live_figures(office=w.city, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31))

    assert january["issues_found"] == 7 and january["issues_closed"] == 2
    assert january["funds_refunded_wan"] == Decimal("3.75")
    assert january["clues_transferred"] == 1 and january["persons_accountable"] == 3
    assert january["rounds"] == 0 and january["units_inspected"] == 0  # the rounds start in March
    spring = selectors.live_figures(office=w.city, date_from=dt.date(2026, 3, 1), date_to=dt.date(2026, 3, 31))
    assert spring["rounds"] == 2 and spring["units_inspected"] == 3
    assert spring["issues_found"] == 4  # county A and unit Y, found on 20 March


# --- on-commit coalescing -------------------------------------------------------------------


@pytest.fixture
def clean_redis():
    r = tasks.client()
    r.delete(tasks.PENDING_KEY, tasks.SCHEDULED_KEY)
    yield r
    r.delete(tasks.PENDING_KEY, tasks.SCHEDULED_KEY)


def test_a_burst_of_changes_marks_the_scopes_and_queues_one_recompute(
    w, clean_redis, monkeypatch, django_capture_on_commit_callbacks
):
    queued = []
    monkeypatch.setattr(tasks.recompute_scopes, "apply_async", lambda **kwargs: queued.append(kwargs))
    issues = [make_issue(w.assignment_x, IssueStatus.CONFIRMED, 50 + n) for n in range(3)]

    with django_capture_on_commit_callbacks(execute=True):
        for issue in issues:
            issue.status = IssueStatus.RECTIFYING
            issue.save()
        review(issues[0], w.supervisor)
        make_clue(w.assignment_a, w.inspector_a, "transferred", 7)

    assert queued == [{"countdown": tasks.COALESCE_SECONDS}]
    keys, _ = tasks.pending()
    assert set(keys) == {
        f"assignment:{w.assignment_x.pk}",
        f"category:{leaf_category().pk}",
        f"issue:{issues[0].pk}",
        f"assignment:{w.assignment_a.pk}",
    }


def test_the_drain_recomputes_pending_scopes_and_forgets_only_what_it_saw(w, clean_redis, monkeypatch):
    stats.recompute_all(TODAY)
    Issue.objects.filter(assignment=w.assignment_y, status=IssueStatus.RECTIFYING).update(status=IssueStatus.CLOSED)
    tasks.mark_pending([f"assignment:{w.assignment_y.pk}"])
    real_recompute = stats.recompute

    def recompute_while_marked_again(keys, today):
        result = real_recompute(keys, today)
        tasks.mark_pending([f"assignment:{w.assignment_y.pk}", f"round:{w.round_a.pk}"])  # a change meanwhile
        return result

    monkeypatch.setattr(stats, "recompute", recompute_while_marked_again)
    outcome = tasks.recompute_scopes.run(day=TODAY.isoformat())

    assert outcome["keys"] == 1 and not outcome["full"]
    assert figures(StatScope.GROUP, w.group_y.pk)["issues_closed"] == 2
    assert figures(StatScope.OFFICE, w.city.pk)["issues_closed"] == 5
    # Marked again during the recompute: kept for the next drain.
    assert set(tasks.pending()[0]) == {f"assignment:{w.assignment_y.pk}", f"round:{w.round_a.pk}"}


def test_a_broken_redis_never_breaks_a_committed_change(w, monkeypatch, django_capture_on_commit_callbacks):
    import redis

    def refuse(*args, **kwargs):
        raise redis.ConnectionError("down")

    monkeypatch.setattr(tasks, "_mark", refuse)
    issue = make_issue(w.assignment_x, IssueStatus.CONFIRMED, 60)
    with django_capture_on_commit_callbacks(execute=True):
        issue.status = IssueStatus.RECTIFYING
        issue.save()
    assert Issue.objects.get(pk=issue.pk).status == IssueStatus.RECTIFYING


# --- GET /api/v1/stats/summary/ ---------------------------------------------------------------


def get_summary(user, **query):
    request = APIRequestFactory().get("/api/v1/stats/summary/", {k: v for k, v in query.items() if v is not None})
    force_authenticate(request, user=user)
    return StatsSummaryView.as_view()(request)


def test_summary_of_an_office_from_the_stat_table(w):
    stats.recompute_all(stats.deadlines.today())

    response = get_summary(w.supervisor, office=w.city.pk)

    assert response.status_code == 200, response.data
    data = response.data
    assert data["live"] is False and data["scope"] == "office" and data["office"] == w.city.pk
    assert {key: data[key] for key in ("rounds", "units_inspected", "issues", "issues_fed_back", "issues_closed")} == {
        "rounds": 2,
        "units_inspected": 3,
        "issues": 11,
        "issues_fed_back": 10,
        "issues_closed": 4,
    }
    assert data["completion_rate"] == 40.0
    assert data["clues_transferred"] == 3 and data["persons_accountable"] == 6 and data["persons_to_judiciary"] == 2
    assert data["loss_recovered_wan"] == "170.50" and data["funds_refunded_wan"] == "13.75"


def test_summary_of_a_round_and_of_the_callers_top_office(w):
    stats.recompute_all(stats.deadlines.today())
    by_round = get_summary(w.leader, round=w.round.pk).data
    assert by_round["scope"] == "round" and by_round["issues"] == 9 and by_round["completion_rate"] == 37.5
    top = get_summary(w.supervisor_a).data
    assert top["office"] == w.county_a.pk and top["issues"] == 2


def test_summary_for_a_period_is_computed_live(w):
    Issue.objects.filter(assignment=w.assignment_x).update(found_on=dt.date(2026, 1, 10))
    response = get_summary(w.supervisor, office=w.city.pk, **{"from": "2026-01-01", "to": "2026-01-31"})
    assert response.status_code == 200
    assert response.data["live"] is True and response.data["issues"] == 7
    assert response.data["from"] == "2026-01-01" and response.data["to"] == "2026-01-31"


def test_summary_without_any_stat_row_yet_is_computed_live(w):
    data = get_summary(w.supervisor, office=w.county_a.pk).data
    assert data["live"] is True and data["issues"] == 2 and data["completion_rate"] == 50.0


@pytest.mark.parametrize(
    ("who", "query"),
    [
        ("supervisor_b", {"office": "county_a"}),  # a sibling county
        ("supervisor_a", {"office": "city"}),  # an ancestor
        ("liaison_x", {"office": "city"}),  # liaisons read no office figures
        ("inspector_x", {"round": "round"}),  # nor do inspectors
        ("supervisor_a", {"round": "round"}),  # the city's round
        ("supervisor", {"office": "county_b", "round": "round_a"}),  # round outside the office
        ("nobody", {}),
    ],
)
def test_summary_outside_the_callers_reach_is_404(w, who, query):
    resolved = {key: getattr(w, value).pk for key, value in query.items()}
    response = get_summary(getattr(w, who), **resolved)
    assert response.status_code == 404
    assert response.data["code"] == "not_found"


def test_summary_rejects_a_reversed_period(w):
    response = get_summary(w.supervisor, office=w.city.pk, **{"from": "2026-02-01", "to": "2026-01-01"})
    assert response.status_code == 400
    assert "to" in response.data["errors"]
