"""What rectification keeps of the findings loaded from an office's historic ledger (历史台账,
inspections/services/historic.py): the sheet's close-out opinion of a closed finding as a close-out
review on its close date, and the sheet's measure with its responsible people and deadline.

The loader calls :func:`write_loaded` in its transaction, after the findings are written; it is
registered with the loader from ``RectificationConfig.ready()`` so that the inspection side never
imports rectification. The rows are inserted in bulk with their historic times, as the findings are.
"""

from __future__ import annotations

import datetime as dt

from accounts.models import User
from inspections.choices import IssueStatus
from inspections.historic import HistoricRow
from inspections.models import Issue
from inspections.services.historic import insert_rows, register_row_writer

from .choices import ReviewDecision
from .models import Measure, Review


def write_loaded(*, actor: User, loaded: list[tuple[Issue, HistoricRow]], now: dt.datetime) -> dict[str, int]:
    """Insert the close-out reviews and measures the sheet gives for the loaded findings."""
    reviews, measures = [], []
    for issue, row in loaded:
        values = row.values
        comment = str(values.get("close_comment") or "")
        if issue.status == IssueStatus.CLOSED and comment:
            reviews.append(
                {
                    "issue_id": issue.pk,
                    "reviewer_id": actor.pk,
                    "decision": ReviewDecision.CLOSE,
                    "comment": comment,
                    "created_at": issue.closed_at,
                }
            )
        if values.get("measure"):
            measures.append(
                {
                    "issue_id": issue.pk,
                    "content": str(values["measure"]),
                    "responsible_leader": str(values.get("responsible_leader") or "")[:50],
                    "responsible_department": str(values.get("responsible_department") or "")[:100],
                    "responsible_person": str(values.get("responsible_person") or "")[:50],
                    "deadline": values.get("deadline"),
                    "created_by_id": actor.pk,
                    "created_at": now,
                    "updated_at": now,
                }
            )
    insert_rows(Review, reviews)
    insert_rows(Measure, measures)
    return {"reviews": len(reviews), "measures": len(measures)}


def register() -> None:
    register_row_writer("rectification", models=("rectification.Review", "rectification.Measure"), write=write_loaded)
