"""Completion figures of sets of issues (per assignment or unit, one aggregate query) and the
three-colour warning of an open issue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q

from accounts.models import User
from inspections import deadlines
from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, IssueStatus
from inspections.filters import overdue_q
from inspections.models import Issue

# Issues still open for the unit: its move (rectifying, long-term) or the supervisors' (pending).
OPEN_STATUSES = (IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM)


def issue_colour(issue: Issue, today: dt.date) -> str | None:
    """The three-colour warning of an open issue: its deadline while rectifying, its next
    progress report while long-term; nothing while the supervisors hold it."""
    if issue.status == IssueStatus.RECTIFYING:
        return deadlines.colour(issue.deadline, issue.office, today)
    if issue.status == IssueStatus.LONG_TERM:
        return deadlines.colour(issue.next_progress_due, issue.office, today)
    return None


@dataclass
class Figures:
    """Completion figures of a set of issues (per assignment, round or unit)."""

    found: int = 0
    rounds: int = 0
    fed_back: int = 0
    closed: int = 0
    overdue: int = 0
    pending: int = 0

    @property
    def completion_rate(self):
        if not self.fed_back:
            return None
        return (Decimal(self.closed) * 100 / self.fed_back).quantize(Decimal("0.1"))

    def add(self, other: Figures) -> None:
        self.found += other.found
        self.fed_back += other.fed_back
        self.closed += other.closed
        self.overdue += other.overdue
        self.pending += other.pending


def figure_aggregates(today: dt.date) -> dict:
    return {
        "found": Count("id", filter=Q(status__in=FOUND_STATUSES)),
        "fed_back": Count("id", filter=Q(status__in=FED_BACK_STATUSES)),
        "closed": Count("id", filter=Q(status=IssueStatus.CLOSED)),
        "overdue": Count("id", filter=overdue_q(today)),
        "pending": Count("id", filter=Q(status=IssueStatus.PENDING_REVIEW)),
    }


def assignment_figures(*, user: User, assignment_ids: list[int], today: dt.date | None = None) -> dict[int, Figures]:
    """Figures per assignment, one aggregate query whatever the number of assignments."""
    today = today or deadlines.today()
    figures = {pk: Figures() for pk in assignment_ids}
    if not figures:
        return figures
    rows = (
        Issue.objects.visible_to(user)
        .filter(assignment__in=assignment_ids)
        .values("assignment")
        .annotate(**figure_aggregates(today))
    )
    for row in rows:
        target = figures[row["assignment"]]
        for name in ("found", "fed_back", "closed", "overdue", "pending"):
            setattr(target, name, row[name])
    return figures


def unit_figures(*, user: User, unit_ids: list[int], today: dt.date | None = None) -> dict[int, Figures]:
    """Figures per unit (a list page's rows), one aggregate query."""
    today = today or deadlines.today()
    figures = {pk: Figures() for pk in unit_ids}
    if not figures:
        return figures
    rows = (
        Issue.objects.visible_to(user)
        .filter(unit__in=unit_ids)
        .values("unit")
        .annotate(rounds=Count("assignment", distinct=True), **figure_aggregates(today))
    )
    for row in rows:
        target = figures[row["unit"]]
        for name in ("found", "fed_back", "closed", "overdue", "pending"):
            setattr(target, name, row[name])
        target.rounds = row["rounds"]
    return figures
