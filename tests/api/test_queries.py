"""Every list endpoint runs a fixed number of SQL queries whatever the page size (no N+1)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.choices import OfficeLevel
from accounts.models import Office
from alerts.models import Alert
from dashboard.models import Stat
from inspections.choices import ClueStatus, GroupRole, IssueStatus, PointKind, UnitKind
from inspections.models import Assignment, Group, GroupMembership, Round, SecretaryPoint, SpecialReport, Unit
from rectification.choices import ActionKind, ActionReason, AlertKind, AlertLevel, Grade, ReviewDecision, StatScope
from rectification.models import Action, Evaluation, Feedback, Measure, Plan, Review

from .conftest import make_clue, make_issue, make_progress, make_user, today, token_client

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
        Office.objects.create(name=f"丙{n}县委巡察办", level=OfficeLevel.COUNTY, parent=w.city)
        unit = Unit.objects.create(name=f"单位{n}", code=f"M-{n}", kind=UnitKind.DEPARTMENT, office=w.county_a)
        round_ = Round.objects.create(
            office=w.county_a,
            term="十六届县委",
            sequence=n + 1,
            planned_start=dt.date(2026, 3, 1),
            planned_end=dt.date(2026, 5, 1),
        )
        group = Group.objects.create(round=round_, number=1)
        leader = make_user(f"m_leader{n}")
        member = make_user(f"m_member{n}")
        GroupMembership.objects.create(group=group, user=leader, role=GroupRole.LEADER)
        GroupMembership.objects.create(group=group, user=member, role=GroupRole.MEMBER)
        assignment = Assignment.objects.create(round=round_, unit=unit, group=group)
        issue = make_issue(
            assignment,
            IssueStatus.RECTIFYING,
            f"M-{n}-1",
            deadline=today() + dt.timedelta(days=30),
            case_officer=member,
        )
        make_issue(assignment, IssueStatus.DRAFT, f"M-{n}-2", case_officer=leader, deputy_reviewer=member)
        make_clue(assignment, member, ClueStatus.DRAFT, f"XS-M-{n}", persons=("甲", "乙", "丙"))
        Feedback.objects.create(assignment=assignment, meeting_date=dt.date(2026, 4, 25), recorded_by=leader)
        Plan.objects.create(assignment=assignment, text="方案", submitted_by=member, reviewed_by=leader)
        Measure.objects.create(
            issue=issue, content="措施", responsible_leader="甲", responsible_person="乙", created_by=member
        )
        make_progress(issue, member, files=2)
        Review.objects.create(issue=issue, reviewer=leader, decision=ReviewDecision.RETURN, comment="再改")
        Evaluation.objects.create(
            assignment=assignment,
            template=w.template_a,
            scores={"plan": 40, "effect": 40},
            total=Decimal("80"),
            grade=Grade.PASS,
            evaluated_on=dt.date(2026, 7, 1),
            evaluated_by=leader,
        )
        Action.objects.create(
            unit=unit,
            assignment=assignment,
            kind=ActionKind.NOTICE,
            reason=ActionReason.DELAY,
            date=dt.date(2026, 7, 1),
            taken_by=leader,
        )
        Alert.objects.create(
            kind=AlertKind.ISSUE_DEADLINE,
            level=AlertLevel.YELLOW,
            issue=issue,
            office=w.county_a,
            unit=unit,
            due=dt.date(2026, 6, 1),
        )
        Stat.objects.create(scope=StatScope.UNIT, scope_id=unit.pk, office=w.county_a, day=dt.date(2026, 7, 1))
        SecretaryPoint.objects.create(
            round=round_, unit=unit, kind=PointKind.PROBLEM, content="点问题", created_by=leader
        )
        SpecialReport.objects.create(round=round_, number=1, title=f"专报{n}", created_by=leader)
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
    with django_assert_max_num_queries(6):
        response = client.get("/api/v1/issues/", {**params, "page_size": 50})
    assert response.status_code == 200
    assert response.json()["count"] == 2 * ROWS
