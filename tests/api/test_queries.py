"""Every list endpoint runs a fixed number of SQL queries whatever the page size (no N+1)."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from inspections.choices import ClueStatus, GroupRole, IssueStatus, PointKind
from rectification.choices import ActionKind, ReviewDecision
from tests.factories import (
    ActionFactory,
    AlertFactory,
    AssignmentFactory,
    EvaluationFactory,
    FeedbackFactory,
    GroupFactory,
    MeasureFactory,
    OfficeFactory,
    PlanFactory,
    ProgressFactory,
    ReviewFactory,
    RoundFactory,
    SecretaryPointFactory,
    SpecialReportFactory,
    StatFactory,
    UnitFactory,
    UserFactory,
    api_clue,
    api_issue,
)

from .conftest import token_client

pytestmark = pytest.mark.django_db

RESOURCES = [
    "offices",
    "units",
    "rounds",
    "groups",
    "assignments",
    "issues",
    "clues",
    "secretary-points",
    "special-reports",
    "feedbacks",
    "plans",
    "measures",
    "progress",
    "reviews",
    "evaluations",
    "actions",
    "alerts",
    "stats",
]
ROWS = 8  # more than the small page size


@pytest.fixture
def many(w):
    """ROWS more of everything in county A, each with its own joins, memberships, persons and files."""
    for n in range(ROWS):
        OfficeFactory(name=f"丙{n}县委巡察办", parent=w.city)
        unit = UnitFactory(name=f"单位{n}", code=f"M-{n}", office=w.county_a)
        round_ = RoundFactory(office=w.county_a, term="十六届县委", sequence=n + 1)
        leader, member = UserFactory(), UserFactory()
        group = GroupFactory(round=round_, number=1, members=[(leader, GroupRole.LEADER), (member, GroupRole.MEMBER)])
        assignment = AssignmentFactory(round=round_, unit=unit, group=group, entry_date=None, exit_date=None)
        deadline = timezone.localdate() + dt.timedelta(days=30)
        issue = api_issue(assignment, IssueStatus.RECTIFYING, f"M-{n}-1", deadline=deadline, case_officer=member)
        api_issue(assignment, IssueStatus.DRAFT, f"M-{n}-2", case_officer=leader, deputy_reviewer=member)
        api_clue(assignment, member, ClueStatus.DRAFT, f"XS-M-{n}", persons=("甲", "乙", "丙"))
        FeedbackFactory(assignment=assignment, recorded_by=leader)
        PlanFactory(assignment=assignment, submitted_by=member, reviewed_by=leader)
        MeasureFactory(issue=issue, created_by=member)
        ProgressFactory(issue=issue, submitted_by=member, files=2)
        ReviewFactory(issue=issue, reviewer=leader, decision=ReviewDecision.RETURN, comment="再改")
        EvaluationFactory(assignment=assignment, template=w.template_a, evaluated_by=leader)
        ActionFactory(
            unit=unit, assignment=assignment, kind=ActionKind.NOTICE, date=dt.date(2026, 7, 1), taken_by=leader
        )
        AlertFactory(level="yellow", issue=issue, due=dt.date(2026, 6, 1))
        StatFactory(scope="unit", scope_id=unit.pk, office=w.county_a, day=dt.date(2026, 7, 1))
        SecretaryPointFactory(round=round_, unit=unit, kind=PointKind.PROBLEM, content="点问题", created_by=leader)
        SpecialReportFactory(round=round_, number=1, created_by=leader)
    return w


def count_queries(client, resource: str, page_size: int) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/{resource}/", {"page_size": page_size})
    assert response.status_code == 200, response.content
    return len(ctx.captured_queries), len(response.json()["results"])


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_query_count_does_not_grow_with_page_size(many, resource):
    client = token_client(many.admin)  # token auth: the token and grants are read on every request
    small, small_rows = count_queries(client, resource, 5)
    large, large_rows = count_queries(client, resource, 50)
    assert small_rows == 5
    assert large_rows > ROWS
    assert small == large, f"{resource}: {small} queries for 5 rows, {large} for {large_rows}"
    # token, grants, count, page, prefetches (and the clue-read log): a handful, never per row.
    assert large <= 8


def test_issue_list_with_filters_is_still_fixed(many, django_assert_max_num_queries):
    client = token_client(many.sup_a)
    params = {"office": many.county_a.pk, "status": ["rectifying", "draft"], "overdue": "false", "q": "M-"}
    # token, grants, the table's size (pg_class: is the set worth estimating), count, page ids, rows
    with django_assert_max_num_queries(7):
        response = client.get("/api/v1/issues/", {**params, "page_size": 50})
    assert response.status_code == 200
    assert response.json()["count"] == 2 * ROWS
