"""Breakdowns (分类统计): the rows the Celery recompute writes against bare SQL over the records,
incremental recomputes that agree with the full one, periods and terms, and the
`stats/breakdown` API."""

import datetime as dt
import io
from collections import defaultdict
from decimal import Decimal

import pytest
from django.db import connection
from rest_framework.test import APIClient

from dashboard import reports, stats
from dashboard.breakdowns import COLUMNS
from dashboard.models import StatBreakdown
from inspections.choices import IssueStatus, PersonRank, RoundKind, UnitKind, VillageCategory
from inspections.models import CluePerson, Issue
from rectification.choices import ActionKind, Grade, ReviewDecision
from rectification.models import Review
from tests.factories import make_assignment, make_clue, make_issue, make_world
from tests.factories.inspections import UnitFactory
from tests.factories.rectification import ActionFactory, EvaluationFactory, FeedbackFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 1)
YESTERDAY = TODAY - dt.timedelta(days=1)


def close_out(issue, reviewer, **outcome):
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.CLOSED)
    return Review.objects.create(issue=issue, reviewer=reviewer, decision=ReviewDecision.CLOSE, **outcome)


@pytest.fixture
def w():
    """The factories' world with a village round in county A, clues of every rank, outcomes,
    evaluations (two batches in the city round), actions and feedback meetings."""
    w = make_world()
    w.round_a.kind = RoundKind.TOWNSHIP_VILLAGES
    w.round_a.term = "九届县委"
    w.round_a.save()
    w.village = UnitFactory(
        name="甲县某村", code="U-V", kind=UnitKind.VILLAGE, village_category=VillageCategory.ASSETS, office=w.county_a
    )
    w.assignment_v = make_assignment(w.round_a, w.village, w.group_a)
    x, y, a, v = w.assignment_x, w.assignment_y, w.assignment_a, w.assignment_v
    make_issue(x, IssueStatus.DRAFT, 1)
    make_issue(x, IssueStatus.WITHDRAWN, 2)
    make_issue(x, IssueStatus.RECTIFYING, 3, deadline=YESTERDAY, immediate=True)
    close_out(make_issue(x, IssueStatus.RECTIFYING, 4, immediate=True), w.supervisor, corrected=1, rules_made=2)
    close_out(
        make_issue(y, IssueStatus.RECTIFYING, 1),
        w.supervisor,
        corrected=1,
        funds_refunded_wan=Decimal("12.50"),
        special_campaign="清欠",
        persons_accountable=3,
    )
    make_issue(a, IssueStatus.PENDING_REVIEW, 1)
    make_issue(v, IssueStatus.RECTIFYING, 1, deadline=YESTERDAY)
    close_out(make_issue(v, IssueStatus.RECTIFYING, 2), w.supervisor_a, corrected=1)

    county = make_clue(x, w.group_leader_x, "transferred", 1, persons_accountable=2, loss_recovered_wan=Decimal("100"))
    CluePerson.objects.create(clue=county, name="甲", rank=PersonRank.COUNTY)
    CluePerson.objects.create(clue=county, name="乙", rank=PersonRank.TOWNSHIP)
    township = make_clue(x, w.group_leader_x, "concluded", 2, persons_to_judiciary=1, self_surrenders=1)
    CluePerson.objects.create(clue=township, name="丙", rank=PersonRank.TOWNSHIP)
    make_clue(v, w.inspector_a, "concluded", 1, persons_accountable=1)  # nobody named: "general"
    make_clue(x, w.group_leader_x, "draft", 3, persons_accountable=9)  # not transferred: not counted

    EvaluationFactory(assignment=x, grade=Grade.BASIC, evaluated_on=dt.date(2026, 3, 1))
    EvaluationFactory(assignment=y, grade=Grade.EXCELLENT, evaluated_on=dt.date(2026, 3, 1))
    EvaluationFactory(assignment=x, grade=Grade.PASS, evaluated_on=dt.date(2026, 4, 15))
    EvaluationFactory(assignment=v, grade=Grade.PASS, evaluated_on=dt.date(2026, 4, 1))
    ActionFactory(unit=w.unit_x, assignment=x, kind=ActionKind.INTERVIEW)
    ActionFactory(unit=w.unit_x, assignment=x, kind=ActionKind.NOTICE)
    ActionFactory(unit=w.village, assignment=v, kind=ActionKind.NOTICE)
    ActionFactory(unit=w.unit_y, assignment=y, kind=ActionKind.REMINDER)
    FeedbackFactory(assignment=x, leader_attendance=2)
    FeedbackFactory(assignment=y, leader_attendance=1)
    FeedbackFactory(assignment=v, leader_attendance=3)
    return w


def written() -> dict:
    return {
        (row["round_id"], row["dimension"], row["key"]): row
        for row in StatBreakdown.objects.values("round_id", "dimension", "key", *COLUMNS)
    }


def bare(sql: str, params=None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params or [])
        return cursor.fetchall()


FOUND = "i.status NOT IN ('draft', 'withdrawn')"
HANDED = "c.status IN ('transferred', 'concluded')"


def expected() -> dict:
    """Every breakdown row from plain one-dimension queries over the records."""
    rows: dict = defaultdict(lambda: {name: 0 for name in COLUMNS} | {"unit_ids": []})
    for column, dimension in (
        ("u.kind", "unit_kind"),
        ("u.village_category", "village_category"),
        ("r.kind", "round_kind"),
    ):
        village_only = "AND u.kind = 'village'" if dimension == "village_category" else ""
        for round_id, key, units in bare(
            f"SELECT a.round_id, {column}, array_agg(DISTINCT a.unit_id ORDER BY a.unit_id)"  # noqa: S608
            f" FROM inspections_assignment a JOIN inspections_unit u ON u.id = a.unit_id"
            f" JOIN inspections_round r ON r.id = a.round_id"
            f" WHERE TRUE {village_only} GROUP BY 1, 2"
        ):
            rows[(round_id, dimension, key)]["unit_ids"] = units
        for round_id, key, found, fed_back, closed, overdue, funds in bare(
            f"SELECT i.round_id, {column}, count(*), count(*) FILTER (WHERE i.status <> 'confirmed'),"  # noqa: S608
            f" count(*) FILTER (WHERE i.status = 'closed'),"
            f" count(*) FILTER (WHERE i.status = 'rectifying' AND i.deadline < %s),"
            f" COALESCE(sum((SELECT sum(v.funds_refunded_wan) FROM rectification_review v"
            f" WHERE v.issue_id = i.id AND v.decision = 'close')), 0)"
            f" FROM inspections_issue i JOIN inspections_unit u ON u.id = i.unit_id"
            f" JOIN inspections_round r ON r.id = i.round_id WHERE {FOUND} {village_only} GROUP BY 1, 2",
            [TODAY],
        ):
            rows[(round_id, dimension, key)].update(
                issues_found=found,
                issues_fed_back=fed_back,
                issues_closed=closed,
                overdue=overdue,
                funds_refunded_wan=funds,
            )
        for round_id, key, n, accountable, judiciary, surrendered, loss in bare(
            f"SELECT c.round_id, {column}, count(*), sum(c.persons_accountable), sum(c.persons_to_judiciary),"  # noqa: S608
            f" sum(c.self_surrenders), sum(c.loss_recovered_wan) FROM inspections_clue c"
            f" JOIN inspections_unit u ON u.id = c.unit_id JOIN inspections_round r ON r.id = c.round_id"
            f" WHERE {HANDED} {village_only} GROUP BY 1, 2"
        ):
            rows[(round_id, dimension, key)].update(
                clues_transferred=n,
                persons_accountable=accountable,
                persons_to_judiciary=judiciary,
                self_surrenders=surrendered,
                loss_recovered_wan=loss,
            )
    for round_id, issue_id, immediate, category, status in bare(
        f"SELECT i.round_id, i.id, i.immediate, k.parent_id, i.status FROM inspections_issue i"  # noqa: S608
        f" JOIN inspections_issuecategory k ON k.id = i.category_id WHERE {FOUND}"
    ):
        for dimension, key in (("immediate", "immediate" if immediate else "other"), ("category", str(category))):
            row = rows[(round_id, dimension, key)]
            row["issues_found"] += 1
            row["issues_fed_back"] += status != "confirmed"
            row["issues_closed"] += status == "closed"
            row["overdue"] += status == "rectifying" and Issue.objects.get(pk=issue_id).deadline < TODAY
    for round_id, clue_id, surrendered in bare(
        f"SELECT c.round_id, c.id, c.self_surrenders FROM inspections_clue c WHERE {HANDED}"  # noqa: S608
    ):
        ranks = set(CluePerson.objects.filter(clue_id=clue_id).values_list("rank", flat=True))
        rank = next((r for r in (PersonRank.COUNTY, PersonRank.TOWNSHIP) if r in ranks), PersonRank.GENERAL)
        rows[(round_id, "rank", rank)]["clues_transferred"] += 1
        rows[(round_id, "self_surrender", "yes" if surrendered else "no")]["clues_transferred"] += 1
    return rows


def test_breakdown_rows_agree_with_bare_sql(w):
    stats.recompute_all(TODAY)
    got = written()
    want = expected()
    dims = ("unit_kind", "village_category", "round_kind", "immediate", "category")
    for key, row in want.items():
        fields = (
            COLUMNS
            if key[1] in dims[:3]
            else ("issues_found", "issues_fed_back", "issues_closed", "overdue", "clues_transferred")
        )
        for name in fields:
            assert got[key][name] == row[name], (key, name)
    assert set(k for k in got if k[1] in (*dims, "rank", "self_surrender")) == set(want)


def test_outcomes_evaluations_actions_and_attendance(w):
    stats.recompute_all(TODAY)
    got = written()
    city, county = w.round.pk, w.round_a.pk
    assert got[(city, "outcome", "corrected")]["events"] == 2
    assert got[(city, "outcome", "refunded")]["amount"] == Decimal("12.50")
    assert got[(city, "outcome", "campaign")]["events"] == 1
    assert got[(city, "outcome", "accountable")]["amount"] == 3
    assert got[(city, "outcome", "rules")]["amount"] == 2
    assert got[(county, "outcome", "corrected")]["events"] == 1
    assert got[(city, "grade", Grade.BASIC)]["events"] == 1
    assert got[(city, "evaluation_batch", "first")]["events"] == 1
    assert got[(city, "evaluation_batch", "first")]["amount"] == 2  # two evaluations that day
    assert got[(city, "evaluation_batch", "repeat")]["events"] == 1
    assert got[(county, "evaluation_batch", "first")]["events"] == 1
    assert got[(city, "action_kind", ActionKind.NOTICE)]["unit_ids"] == [w.unit_x.pk]
    assert got[(city, "attendance", RoundKind.REGULAR)]["amount"] == 3
    assert got[(county, "attendance", RoundKind.TOWNSHIP_VILLAGES)]["events"] == 1

    figures = reports.figures(round_ids=[city, county])
    assert figures["persons_accountable"] == 2 + 1 + 3  # clues, and 问 at close-out
    assert figures["units_called_in"] == 2
    assert figures["evaluation_rounds"] == 3 and figures["evaluations"] == 4
    assert figures["leader_attendance"] == 6 and figures["feedback_meetings"] == 3
    assert figures["county_level_clues"] == 1 and figures["self_surrenders"] == 1
    assert (figures["village_issues"], figures["village_clues"], figures["villages_inspected"]) == (2, 1, 1)
    assert (figures["immediate_found"], figures["immediate_done"]) == (2, 1)
    assert figures["completion_rate"] == Decimal("50.0")  # 3 closed of 6 fed back


def test_incremental_recompute_agrees_with_the_full_one_and_reruns_write_nothing(w):
    stats.recompute_all(TODAY)
    issue = Issue.objects.get(assignment=w.assignment_v, status=IssueStatus.RECTIFYING)
    close_out(issue, w.supervisor_a, corrected=1, funds_refunded_wan=Decimal("4"))
    clue = make_clue(w.assignment_a, w.inspector_a, "transferred", 7, persons_accountable=5)
    CluePerson.objects.create(clue=clue, name="丁", rank=PersonRank.COUNTY)

    stats.recompute([f"issue:{issue.pk}", f"clue:{clue.pk}"], TODAY)
    incremental = written()
    village = incremental[(w.round_a.pk, "unit_kind", UnitKind.VILLAGE)]
    assert (village["issues_closed"], village["overdue"], village["funds_refunded_wan"]) == (2, 0, Decimal("4"))
    assert incremental[(w.round_a.pk, "rank", PersonRank.COUNTY)]["clues_transferred"] == 1
    with connection.cursor() as cursor:
        from dashboard import breakdowns

        assert breakdowns.write(cursor, TODAY, None) == 0  # the full recompute finds nothing to change
    stats.recompute_all(TODAY)
    assert written() == incremental


def test_cached_breakdowns_follow_every_write_even_in_one_transaction(w):
    """reports.breakdown caches its sums under the rows' fingerprint: a recompute that changes a row
    (here in the same transaction, where now() would not move) is read at once, not the cached sums."""
    stats.recompute_all(TODAY)
    rounds = [w.round_a.pk]
    before = {row["key"]: row["issues_closed"] for row in reports.breakdown(round_ids=rounds, by="unit_kind")}
    assert reports.breakdown(round_ids=rounds, by="unit_kind") == reports.breakdown(round_ids=rounds, by="unit_kind")
    issue = Issue.objects.get(assignment=w.assignment_v, status=IssueStatus.RECTIFYING)
    close_out(issue, w.supervisor_a)
    stats.recompute([f"issue:{issue.pk}"], TODAY)
    after = {row["key"]: row["issues_closed"] for row in reports.breakdown(round_ids=rounds, by="unit_kind")}
    assert after[UnitKind.VILLAGE] == before[UnitKind.VILLAGE] + 1
    assert reports.breakdown(round_ids=rounds, by="immediate")  # read (and cached) while it has rows
    Issue.objects.filter(round=w.round_a).update(status=IssueStatus.WITHDRAWN)
    stats.recompute([f"round:{w.round_a.pk}"], TODAY)
    assert [row["issues_found"] for row in reports.breakdown(round_ids=rounds, by="unit_kind")] == [0, 0]
    assert reports.breakdown(round_ids=rounds, by="immediate") == []  # deleted rows change the fingerprint too


def test_rows_of_keys_without_figures_any_more_are_deleted(w):
    stats.recompute_all(TODAY)
    Issue.objects.filter(round=w.round, immediate=True).update(status=IssueStatus.WITHDRAWN)
    stats.recompute([f"round:{w.round.pk}"], TODAY)
    assert (w.round.pk, "immediate", "immediate") not in written()


def test_periods_pick_rounds_by_planned_start_or_term(w):
    w.round.planned_start = dt.date(2025, 5, 1)
    w.round.planned_end = dt.date(2025, 6, 1)
    w.round.save()
    w.round_a.planned_start = dt.date(2026, 2, 1)
    w.round_a.planned_end = dt.date(2026, 3, 1)
    w.round_a.save()
    pick = reports.period_rounds
    assert pick(office=w.city, period=reports.Period(year=2025)) == [w.round.pk]
    assert pick(office=w.city, period=reports.Period(year=2025, quarter=2)) == [w.round.pk]
    assert pick(office=w.city, period=reports.Period(year=2025, quarter=3)) == []
    assert pick(office=w.city, period=reports.Period(year=2026, quarter=1)) == [w.round_a.pk]
    assert pick(office=w.city, period=reports.Period(date_from=dt.date(2025, 12, 1))) == [w.round_a.pk]
    assert pick(office=w.city, period=reports.Period(term="九届县委")) == [w.round_a.pk]
    assert pick(office=w.city, period=reports.Period(), subtree=False) == [w.round.pk]
    assert pick(office=w.county_a, period=reports.Period()) == [w.round_a.pk]
    assert reports.Period(year=2025, quarter=4).bounds() == (dt.date(2025, 10, 1), dt.date(2025, 12, 31))


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_breakdown_api_lists_villages_and_adds_up(w):
    stats.recompute_all(TODAY)
    response = api(w.supervisor).get("/api/v1/stats/breakdown/", {"by": "unit_kind", "office": w.city.pk})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["rounds"] == 2 and body["subtree"] is True
    rows = {row["key"]: row for row in body["rows"]}
    assert rows["village"]["issues_found"] == 2 and rows["village"]["clues_transferred"] == 1
    assert rows["village"]["label"] == "村/社区" and rows["village"]["units"] == 1
    assert sum(row["issues_found"] for row in body["rows"]) == 6
    assert sum(row["clues_transferred"] for row in body["rows"]) == 3

    term = api(w.supervisor).get("/api/v1/stats/breakdown/", {"by": "village_category", "term": "九届县委"})
    assert [row["key"] for row in term.json()["rows"]] == [VillageCategory.ASSETS]


@pytest.mark.parametrize(
    "query, field",
    [
        ({"by": "bogus"}, "by"),
        ({}, "by"),
        ({"by": "rank", "quarter": 2}, "quarter"),
        ({"by": "rank", "from": "2026-02-01", "to": "2026-01-01"}, "to"),
        ({"by": "rank", "office": ""}, "office"),
    ],
)
def test_breakdown_api_refuses_bad_queries(w, query, field):
    response = api(w.supervisor).get("/api/v1/stats/breakdown/", query)
    assert response.status_code == 400
    assert field in response.json()["errors"]


def test_breakdown_api_outside_reach_is_404(w):
    assert api(w.supervisor_a).get("/api/v1/stats/breakdown/", {"by": "rank", "office": w.city.pk}).status_code == 404
    assert api(w.supervisor_a).get("/api/v1/stats/breakdown/", {"by": "rank"}).json()["office"] == w.county_a.pk


def test_history_counts_each_record_as_it_stood_at_each_month_end(w):
    from dashboard import history
    from dashboard.models import Stat

    Issue.objects.filter(round=w.round).update(found_on=dt.date(2026, 1, 10))
    Issue.objects.filter(round=w.round_a).update(found_on=dt.date(2026, 3, 5))
    Issue.objects.filter(status=IssueStatus.CLOSED).update(closed_at=dt.datetime(2026, 4, 20, 10, tzinfo=dt.UTC))
    w.round.planned_start, w.round_a.planned_start = dt.date(2026, 1, 1), dt.date(2026, 3, 1)
    for r in (w.round, w.round_a):
        r.planned_end = r.planned_start
        r.save()
    days = history.month_ends(dt.date(2026, 1, 1), dt.date(2026, 5, 15))
    assert days == [dt.date(2026, 1, 31), dt.date(2026, 2, 28), dt.date(2026, 3, 31), dt.date(2026, 4, 30)]

    assert history.rebuild(days) > 0
    city = {s.day: s for s in Stat.objects.filter(scope="office", scope_id=w.city.pk).order_by("day")}
    assert [city[d].issues_found for d in days] == [3, 3, 6, 6]
    assert [city[d].issues_closed for d in days] == [0, 0, 0, 3]
    assert [city[d].rounds for d in days] == [1, 1, 2, 2]
    assert city[days[-1]].units_inspected == 4
    assert history.rebuild(days) == 0  # days with rows are left alone


def test_the_dashboard_shows_the_breakdown_section_and_the_word_report(client, w):
    from docx import Document

    from tests.dashboard.world import login

    stats.recompute_all(TODAY)
    response = login(client, w.supervisor).get("/stats/")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="breakdowns"' in body
    assert "村/社区" in body and "/api/v1/stats/breakdown/?office=" in body and "下载统计报告" in body

    document = client.get(f"/stats/report.docx?office={w.city.pk}")
    assert document.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(document.content)).paragraphs)
    assert "先后组织开展2轮、对4个党组织的政治巡察" in text
    assert login(client, w.liaison_x).get("/stats/report.docx").status_code == 403
