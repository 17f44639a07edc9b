"""The HTML list pages run a fixed number of SQL queries whatever the number of rows (no N+1),
for an office-wide reader and for an inspector or liaison, as tests/api/test_queries.py pins the
API lists: each page is rendered with N rows of everything and again with 3N, and the two counts
must be equal."""

import pghistory
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from inspections.choices import ClueStatus, GroupRole, IssueStatus
from tests.factories import (
    AlertFactory,
    AssignmentFactory,
    ClueFactory,
    ExportFactory,
    FeedbackFactory,
    GroupFactory,
    IssueFactory,
    NotificationFactory,
    PlanFactory,
    RoundFactory,
    SecretaryPointFactory,
    SpecialReportFactory,
    UnitFactory,
    UserFactory,
    grant,
    make_world,
)
from tests.factories.base import FEEDBACK

pytestmark = pytest.mark.django_db

# The pages by URL name: the one place to change when a screen moves to another namespace.
URLS = {
    "home": "home",
    "rounds": "inspections:round-list",
    "round": "inspections:round-detail",
    "issues": "inspections:issue-list",
    "clues": "inspections:clue-list",
    "points": "inspections:point-list",
    "reports": "inspections:report-list",
    "search": "inspections:search",
    "rectification": "rectification:assignment-list",
    "units": "rectification:unit-list",
    "queue": "rectification:queue",
    "rectification_home": "rectification:home",
    "unit": "rectification:unit",
    "alerts": "alerts:list",
    "notifications": "notifications:list",
    "export_log": "ledgers:log",
    "audit": "audit",
}
ARGS = {"round": lambda w: [w.round.pk], "unit": lambda w: [w.unit_x.pk]}

N = 2
MARK = "质检"  # in the names of the rows added, so that search finds them

# (page, query string, who looks): who is an attribute of the world of tests/factories/worlds.py —
# supervisor and admin read the whole city office; group_leader_x leads (and inspector_x is a member
# of) the groups of the rows added; liaison_x speaks for unit X, where the rows are fed back.
CASES = [
    ("home", {}, "group_leader_x"),
    ("home", {}, "inspector_x"),
    ("rounds", {}, "supervisor"),
    ("rounds", {}, "group_leader_x"),
    ("rounds", {}, "liaison_x"),
    ("round", {}, "supervisor"),
    ("round", {}, "group_leader_x"),
    ("issues", {}, "supervisor"),
    ("issues", {}, "group_leader_x"),
    ("issues", {}, "liaison_x"),
    ("issues", {"tab": "mine"}, "inspector_x"),
    ("issues", {"tab": "review"}, "group_leader_x"),
    ("clues", {}, "admin"),
    ("clues", {}, "group_leader_x"),
    ("points", {}, "supervisor"),
    ("points", {}, "group_leader_x"),
    ("reports", {}, "supervisor"),
    ("reports", {}, "group_leader_x"),
    ("search", {"q": MARK}, "supervisor"),
    ("search", {"q": MARK}, "group_leader_x"),
    ("rectification", {}, "supervisor"),
    ("rectification", {"tab": "awaiting"}, "supervisor"),
    ("rectification", {}, "group_leader_x"),
    ("rectification", {}, "liaison_x"),
    ("units", {}, "supervisor"),
    ("units", {}, "group_leader_x"),
    ("unit", {}, "supervisor"),
    ("unit", {}, "liaison_x"),
    ("rectification_home", {}, "supervisor"),
    ("rectification_home", {}, "liaison_x"),
    ("queue", {}, "supervisor"),
    ("queue", {"tab": "plans"}, "supervisor"),
    ("alerts", {}, "supervisor"),
    ("notifications", {}, "supervisor"),
    ("notifications", {}, "group_leader_x"),
    ("notifications", {}, "liaison_x"),
    ("export_log", {}, "admin"),
    ("audit", {"category": "export"}, "admin"),
    ("audit", {"category": "permission"}, "admin"),
]


def add_rows(w, n: int) -> None:
    """n more of everything in the city office. Each is a round whose group (led by group_leader_x,
    with inspector_x) inspected unit X — fed back, with issues in rectification, waiting for review
    and in draft, a clue, a plan, alerts and notifications — and a new unit whose confirmed findings
    wait for feedback; and, in the world's own round, one more assignment (by group X)."""
    for _ in range(n):
        round_ = RoundFactory(office=w.city, term=f"{MARK}届", stage="on_site")
        group = GroupFactory(
            round=round_, members=[(w.group_leader_x, GroupRole.LEADER), (w.inspector_x, GroupRole.MEMBER)]
        )
        fed_back = AssignmentFactory(round=round_, unit=w.unit_x, group=group, feedback_date=FEEDBACK)
        FeedbackFactory(assignment=fed_back, recorded_by=w.supervisor)
        PlanFactory(assignment=fed_back, submitted_by=w.liaison_x)
        new_unit = UnitFactory(name=f"{MARK}单位", office=w.city)
        awaiting = AssignmentFactory(round=round_, unit=new_unit, group=group)
        AssignmentFactory(round=w.round, unit=UnitFactory(office=w.city), group=w.group_x)

        found = {"title": f"{MARK}问题", "case_officer": w.inspector_x}
        IssueFactory(assignment=awaiting, status=IssueStatus.CONFIRMED, **found)
        rectifying = IssueFactory(assignment=fed_back, status=IssueStatus.RECTIFYING, deadline=FEEDBACK, **found)
        IssueFactory(assignment=fed_back, status=IssueStatus.PENDING_REVIEW, **found)
        IssueFactory(assignment=fed_back, status=IssueStatus.DRAFT, **found)
        clue = ClueFactory(
            assignment=fed_back,
            status=ClueStatus.TRANSFERRED,
            summary=f"{MARK}线索",
            created_by=w.inspector_x,
            persons=["张某", "李某"],
        )
        SecretaryPointFactory(round=round_, unit=w.unit_x, content=f"{MARK}点题", created_by=w.supervisor)
        SpecialReportFactory(round=round_, title=f"{MARK}专报", created_by=w.supervisor)

        alerts = [
            AlertFactory(kind="issue_deadline", issue=rectifying),
            AlertFactory(kind="plan_due", level="yellow", assignment=fed_back),
            AlertFactory(kind="clue_result", level="green", clue=clue),
        ]
        for person in (w.supervisor, w.group_leader_x, w.liaison_x):
            for alert in alerts:
                NotificationFactory(user=person, alert=alert)

        ExportFactory(user=w.supervisor, status="done", rows=3)
        # A permission change on the audit trail, by a named admin (as every change in the page's rows).
        with pghistory.context(user=w.admin.pk):
            grant(UserFactory(), Role.INSPECTOR, w.city)


def rows_shown(response) -> int:
    """The rows of a list page; on the other pages, how often the added rows' names appear."""
    if "rows" in response.context:
        return len(response.context["rows"])
    if "page" in response.context:
        return len(response.context["page"].object_list)
    return response.content.decode().count(MARK)


def count_queries(client, url: str, query: dict) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, query)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries), rows_shown(response)


@pytest.mark.parametrize(
    ("page", "query", "who"), CASES, ids=[f"{p}-{'-'.join(q.values()) or 'all'}-{who}" for p, q, who in CASES]
)
def test_list_page_queries_do_not_grow_with_rows(client, page, query, who):
    w = make_world()
    add_rows(w, N)
    client.force_login(getattr(w, who))
    url = reverse(URLS[page], args=ARGS[page](w) if page in ARGS else None)
    client.get(url, query)  # first request of the session: caches filled once
    small, small_rows = count_queries(client, url, query)
    add_rows(w, 2 * N)
    client.get(url, query)  # the saved rows moved the cached counts' generation: filled once again
    large, large_rows = count_queries(client, url, query)
    assert large_rows > small_rows > 0
    assert small == large, f"{page} {query} as {who}: {small} queries for {small_rows} rows, {large} for {large_rows}"
