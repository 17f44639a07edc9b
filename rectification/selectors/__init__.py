"""Reads on the rectification side for the web UI: the liaison's home, the supervisors' review
queue and its counts, an assignment's and an issue's rectification state, a unit's record across
rounds, and the evaluation checklist of an office.

Every function starts from ``Model.objects.visible_to(user)`` (accounts/scopes.py). Figures are
SQL aggregates (no query per row); "overdue" and the three-colour warning are evaluated against
today with the office's own settings (inspections/deadlines.py).

The reads live by topic in this package (:mod:`.reviews`, :mod:`.liaison`, :mod:`.figures`,
:mod:`.assignments`, :mod:`.units`, :mod:`.evaluation`); every name is importable from here.
"""

from .assignments import (
    assignment_state,
    awaiting_feedback,
    in_rectification,
    issue_actions,
    issue_rectification,
    supervision_state,
)
from .evaluation import DEFAULT_ITEMS, DEFAULT_TEMPLATE_NAME, GROUP_LABELS, evaluation_template, grade_thresholds
from .figures import OPEN_STATUSES, Figures, assignment_figures, figure_aggregates, issue_colour, unit_figures
from .liaison import COLOUR_ORDER, LIAISON_HOME_LIMIT, AssignmentState, DueItem, IssueBucket, liaison_home
from .reviews import (
    extensions_awaiting_decision,
    is_liaison,
    is_reviewer,
    issues_awaiting_review,
    liaison_unit_ids,
    plans_awaiting_review,
    review_counts,
)
from .units import CategoryCell, RoundRecord, unit_record

__all__ = [
    "COLOUR_ORDER",
    "DEFAULT_ITEMS",
    "DEFAULT_TEMPLATE_NAME",
    "GROUP_LABELS",
    "LIAISON_HOME_LIMIT",
    "OPEN_STATUSES",
    "AssignmentState",
    "CategoryCell",
    "DueItem",
    "Figures",
    "IssueBucket",
    "RoundRecord",
    "assignment_figures",
    "assignment_state",
    "awaiting_feedback",
    "evaluation_template",
    "extensions_awaiting_decision",
    "figure_aggregates",
    "grade_thresholds",
    "in_rectification",
    "is_liaison",
    "is_reviewer",
    "issue_actions",
    "issue_colour",
    "issue_rectification",
    "issues_awaiting_review",
    "liaison_home",
    "liaison_unit_ids",
    "plans_awaiting_review",
    "review_counts",
    "supervision_state",
    "unit_figures",
    "unit_record",
]
