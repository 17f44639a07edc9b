"""A unit across rounds: issues by category per round, recurring categories, figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from accounts.models import User
from accounts.scopes import is_manager
from inspections import deadlines
from inspections.choices import FOUND_STATUSES, RoundKind
from inspections.models import Assignment, Issue, Unit

from ..models import Action
from .figures import Figures, figure_aggregates


@dataclass
class CategoryCell:
    category_id: int
    name: str
    figures: Figures
    recurring: bool = False


@dataclass
class RoundRecord:
    assignment: Assignment
    figures: Figures = field(default_factory=Figures)
    categories: list[CategoryCell] = field(default_factory=list)

    @property
    def is_revisit(self) -> bool:
        return self.assignment.round.kind == RoundKind.REVISIT


def unit_record(*, user: User, unit: Unit, today: dt.date | None = None) -> dict:
    """A unit's inspections across rounds: issues by category per round (one aggregate query),
    categories found again in a later round highlighted (屡查屡犯, what a 回头看 looks for),
    completion and overdue figures per round and in total."""
    today = today or deadlines.today()
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(unit=unit)
        .select_related("round__office", "group")
        .order_by("round__planned_start", "round_id")
    )
    records = {a.pk: RoundRecord(assignment=a) for a in assignments}
    rows = (
        Issue.objects.visible_to(user)
        .filter(unit=unit, assignment__in=list(records), status__in=FOUND_STATUSES)
        .values("assignment", "category", "category__name", "category__parent__name")
        .annotate(**figure_aggregates(today))
        .order_by("assignment", "category__parent__name", "category__name")
    )
    for row in rows:
        figures = Figures(**{name: row[name] for name in ("found", "fed_back", "closed", "overdue", "pending")})
        name = row["category__name"]
        if row["category__parent__name"]:
            name = f"{row['category__parent__name']} / {name}"
        record = records[row["assignment"]]
        record.categories.append(CategoryCell(row["category"], name, figures))
        record.figures.add(figures)
    # A category is recurring in a round when an earlier round of the unit found it too.
    seen: set[int] = set()
    recurring_ids: set[int] = set()
    for record in records.values():
        for cell in record.categories:
            if cell.category_id in seen:
                cell.recurring = True
                recurring_ids.add(cell.category_id)
        seen.update(cell.category_id for cell in record.categories)
    total = Figures()
    for record in records.values():
        total.add(record.figures)
    return {
        "records": list(records.values()),
        "total": total,
        "recurring_count": len(recurring_ids),
        "actions": list(
            Action.objects.visible_to(user)
            .filter(unit=unit)
            .select_related("taken_by", "assignment__round")
            .order_by("-date", "-id")
        ),
        "can_act": is_manager(user, unit.office_id),
    }
