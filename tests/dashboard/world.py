"""The world the dashboard, alert list and bell tests share: the factories' world with findings
in every state, clues, the day's statistics and alerts (with their notifications)."""

import datetime as dt
from decimal import Decimal

from alerts import rules
from dashboard import stats
from inspections import deadlines
from inspections.choices import IssueStatus
from rectification.choices import ReviewDecision
from rectification.models import Review
from tests.factories import make_clue, make_issue, make_world

TODAY = deadlines.today()
YESTERDAY = TODAY - dt.timedelta(days=1)
SOON = TODAY + dt.timedelta(days=3)


def review(issue, reviewer, funds="0"):
    return Review.objects.create(
        issue=issue, reviewer=reviewer, decision=ReviewDecision.CLOSE, funds_refunded_wan=Decimal(funds)
    )


def make_dashboard_world():
    """The factories' world with findings in every state, clues, the day's statistics and alerts.

    City round: unit X 7 found (6 fed back, 2 closed, 1 overdue, 1 due soon), unit Y 2 found
    (2 fed back, 1 closed); county A's round: 2 found (1 closed, 1 overdue).
    """
    w = make_world()
    x, y, a = w.assignment_x, w.assignment_y, w.assignment_a
    make_issue(x, IssueStatus.DRAFT, 1)
    make_issue(x, IssueStatus.WITHDRAWN, 2, deadline=YESTERDAY)
    make_issue(x, IssueStatus.CONFIRMED, 3)
    w.overdue_x = make_issue(x, IssueStatus.RECTIFYING, 4, deadline=YESTERDAY)
    w.soon_x = make_issue(x, IssueStatus.RECTIFYING, 5, deadline=SOON)
    make_issue(x, IssueStatus.PENDING_REVIEW, 6, deadline=YESTERDAY)
    review(make_issue(x, IssueStatus.CLOSED, 7), w.supervisor, "1.50")
    review(make_issue(x, IssueStatus.CLOSED, 8), w.supervisor, "2.25")
    make_issue(x, IssueStatus.LONG_TERM, 9, deadline=YESTERDAY)
    review(make_issue(y, IssueStatus.CLOSED, 1), w.supervisor)
    make_issue(y, IssueStatus.RECTIFYING, 2, deadline=TODAY + dt.timedelta(days=60))
    w.overdue_a = make_issue(a, IssueStatus.RECTIFYING, 1, deadline=YESTERDAY)
    review(make_issue(a, IssueStatus.CLOSED, 2), w.supervisor_a, "10")
    fields = {"persons_accountable": 2, "persons_to_judiciary": 1, "loss_recovered_wan": Decimal("100.50")}
    w.clue_x = make_clue(x, w.group_leader_x, "transferred", 1, result_due=YESTERDAY, **fields)
    make_clue(x, w.group_leader_x, "concluded", 2, persons_accountable=3, loss_recovered_wan=Decimal("50"))
    make_clue(x, w.group_leader_x, "draft", 3, persons_accountable=9)
    make_clue(a, w.inspector_a, "concluded", 1, persons_accountable=1, persons_to_judiciary=1, loss_recovered_wan=20)
    stats.recompute_all(TODAY)
    rules.check(TODAY)
    return w


def login(client, person):
    client.force_login(person)
    return client


def page(response) -> str:
    return response.content.decode()
