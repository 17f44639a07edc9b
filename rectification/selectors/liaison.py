"""The liaison's home: the units' assignments in rectification, open issues by colour, what is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.models import User
from inspections import deadlines
from inspections.choices import IssueStatus
from inspections.models import Assignment, Issue, Unit

from ..choices import PlanStatus
from ..models import Plan
from .figures import OPEN_STATUSES, issue_colour
from .reviews import liaison_unit_ids

LIAISON_HOME_LIMIT = 300

COLOUR_ORDER = ("red", "yellow", "green", None)


@dataclass
class DueItem:
    """Something the unit must deliver by a date (plan, report, an issue's deadline)."""

    kind: str
    label: str
    due: dt.date
    colour: str | None
    url_name: str
    pk: int


@dataclass
class AssignmentState:
    """An assignment in rectification as the unit sees it: its plan and its deadlines."""

    assignment: Assignment
    plan: Plan | None = None
    open_issues: int = 0
    plan_colour: str | None = None
    report_colour: str | None = None

    @property
    def plan_needed(self) -> bool:
        """No plan yet, or the last one was returned: the unit must (re)submit."""
        return self.plan is None or self.plan.status == PlanStatus.RETURNED


@dataclass
class IssueBucket:
    key: str
    label: str
    issues: list[Issue] = field(default_factory=list)


def liaison_home(*, user: User, today: dt.date | None = None) -> dict:
    """The liaison's units' assignments in rectification, open issues grouped by status and
    deadline colour, and what is due next (plan, report, nearest deadlines)."""
    today = today or deadlines.today()
    unit_ids = liaison_unit_ids(user)
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, feedback_date__isnull=False)
        .select_related("round__office", "unit", "group")
        .order_by("-feedback_date", "-id")
    )
    states = {a.pk: AssignmentState(assignment=a) for a in assignments}
    latest_plans = (
        Plan.objects.visible_to(user)
        .filter(assignment__in=list(states))
        .order_by("assignment_id", "-version")
        .distinct("assignment_id")
    )
    for plan in latest_plans:
        states[plan.assignment_id].plan = plan
    open_counts = (
        Issue.objects.visible_to(user)
        .filter(assignment__in=list(states), status__in=OPEN_STATUSES)
        .values("assignment")
        .annotate(n=Count("id"))
    )
    for row in open_counts:
        states[row["assignment"]].open_issues = row["n"]

    issues_qs = (
        Issue.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, status__in=OPEN_STATUSES)
        .select_related("office", "category", "round", "unit")
        .order_by("deadline", "id")
    )
    total_open = issues_qs.count()
    issues = list(issues_qs[:LIAISON_HOME_LIMIT])
    labels = {
        "red": _("已逾期"),
        "yellow": _("临期（10天内）"),
        "green": _("即将到期（20天内）"),
        None: _("正常推进"),
    }
    rectifying = {colour: IssueBucket(str(colour or "none"), labels[colour]) for colour in COLOUR_ORDER}
    pending = IssueBucket("pending_review", str(IssueStatus.PENDING_REVIEW.label))
    long_term = IssueBucket("long_term", str(IssueStatus.LONG_TERM.label))
    colour_counts = dict.fromkeys(("red", "yellow", "green"), 0)
    for issue in issues:
        issue.colour = issue_colour(issue, today)
        if issue.colour:
            colour_counts[issue.colour] += 1
        if issue.status == IssueStatus.RECTIFYING:
            rectifying[issue.colour].issues.append(issue)
        elif issue.status == IssueStatus.PENDING_REVIEW:
            pending.issues.append(issue)
        else:
            long_term.issues.append(issue)

    due: list[DueItem] = []
    for state in states.values():
        a = state.assignment
        office = a.round.office
        if state.plan_needed and a.plan_due:
            state.plan_colour = deadlines.colour(a.plan_due, office, today)
            due.append(
                DueItem("plan", _("报送整改方案"), a.plan_due, state.plan_colour, "rectification:assignment", a.pk)
            )
        if state.open_issues and a.report_due:
            state.report_colour = deadlines.colour(a.report_due, office, today)
            due.append(
                DueItem(
                    "report", _("报送整改情况报告"), a.report_due, state.report_colour, "rectification:assignment", a.pk
                )
            )
    for issue in issues:
        date = issue.deadline if issue.status == IssueStatus.RECTIFYING else issue.next_progress_due
        if issue.status != IssueStatus.PENDING_REVIEW and date:
            label = _("问题整改期限") if issue.status == IssueStatus.RECTIFYING else _("长期整改进展报送")
            due.append(DueItem("issue", f"{label} · {issue.code}", date, issue.colour, "rectification:issue", issue.pk))
    due.sort(key=lambda item: (item.due, item.kind))
    return {
        "states": list(states.values()),
        "buckets": [b for b in rectifying.values() if b.issues] + [b for b in (pending, long_term) if b.issues],
        "colour_counts": colour_counts,
        "status_counts": {
            "rectifying": sum(len(b.issues) for b in rectifying.values()),
            "pending_review": len(pending.issues),
            "long_term": len(long_term.issues),
        },
        "total_open": total_open,
        "shown": len(issues),
        "due": due[:10],
        "units": list(Unit.objects.visible_to(user).filter(pk__in=unit_ids).order_by("name")),
    }
