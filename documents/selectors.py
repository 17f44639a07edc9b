"""The three documents, each built from scoped objects the caller already fetched and rendered
through ``documents.rendering`` (sandboxed; an office's own template when it has one)."""

from __future__ import annotations

from django.utils import timezone

from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, IssueStatus
from inspections.models import Issue

from .rendering import CLUE_LETTER, FEEDBACK, SUPERVISION, date_text, render


def feedback_opinion(assignment, *, fed_back_only: bool = False) -> bytes:
    """The feedback opinion; for the unit itself only the issues actually fed back are listed."""
    statuses = FED_BACK_STATUSES if fed_back_only else FOUND_STATUSES
    issues = assignment.issues.filter(status__in=statuses).select_related("category").order_by("code")
    context = {
        "office": assignment.round.office.name,
        "round": str(assignment.round),
        "unit": assignment.unit.name,
        "group": str(assignment.group),
        "feedback_date": date_text(assignment.feedback_date or timezone.localdate()),
        "plan_due": date_text(assignment.plan_due),
        "report_due": date_text(assignment.report_due),
        "issues": [{"code": i.code, "title": i.title, "category": i.category.name} for i in issues],
    }
    return render(FEEDBACK, context, office=assignment.round.office)


def clue_transfer_letter(clue) -> bytes:
    """The transfer letter of a clue with the persons it concerns."""
    context = {
        "office": clue.office.name,
        "clue": {"code": clue.code, "summary": clue.summary},
        "persons": [{"name": p.name, "post": p.post, "rank": p.get_rank_display()} for p in clue.persons.all()],
        "recipient_body": clue.recipient_body or clue.get_recipient_display(),
        "letter_number": clue.letter_number,
        "transfer_date": date_text(clue.transfer_date),
        "result_due": date_text(clue.result_due),
    }
    return render(CLUE_LETTER, context, office=clue.office)


def supervision_notice(action, *, user) -> bytes:
    """The supervision notice of an action, listing the unit's overdue issues that ``user`` may see."""
    overdue = (
        Issue.objects.visible_to(user)
        .filter(unit=action.unit, status=IssueStatus.RECTIFYING, deadline__lt=action.date)
        .order_by("deadline")[:50]
    )
    context = {
        "office": action.unit.office.name,
        "unit": action.unit.name,
        "kind": action.get_kind_display(),
        "reason": action.get_reason_display(),
        "date": date_text(action.date),
        "note": action.note,
        "overdue_issues": [{"code": i.code, "title": i.title, "deadline": date_text(i.deadline)} for i in overdue],
    }
    return render(SUPERVISION, context, office=action.unit.office)
