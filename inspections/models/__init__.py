"""The inspection side: units, rounds, groups, assignments, issues, clues, points, reports.

Issues and clues carry copies of their assignment's office, round, unit and group
(``editable=False``, set by the services) so that scope filters and list filters over a
million rows are single indexed columns instead of four-way joins.

The models live in one module per noun; this package re-exports them, so ``inspections.models.X``
stays the one import path. pghistory adds each ``<Model>History`` to this package as well.
"""

from .base import (
    APPEND_ONLY,
    CHINESE_DIGITS,
    NON_NEGATIVE,
    LifecycleEvent,
    TimeStamped,
    chinese_number,
    get_language_info_is_english,
)
from .clues import Clue, ClueEvent, CluePerson, ClueRead
from .historic import HistoricMapping
from .issues import Issue, IssueCategory, IssueEvent
from .reports import SecretaryPoint, SpecialReport
from .rounds import Assignment, AssignmentCopies, Group, GroupMembership, Round, RoundEvent
from .units import Talent, Unit

__all__ = [
    "APPEND_ONLY",
    "CHINESE_DIGITS",
    "NON_NEGATIVE",
    "Assignment",
    "AssignmentCopies",
    "Clue",
    "ClueEvent",
    "CluePerson",
    "ClueRead",
    "Group",
    "GroupMembership",
    "HistoricMapping",
    "Issue",
    "IssueCategory",
    "IssueEvent",
    "LifecycleEvent",
    "Round",
    "RoundEvent",
    "SecretaryPoint",
    "SpecialReport",
    "Talent",
    "TimeStamped",
    "Unit",
    "chinese_number",
    "get_language_info_is_english",
]
