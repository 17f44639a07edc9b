"""The supervisors' overview of assignments, one assignment's rectification and one issue's."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery

from accounts.models import User
from accounts.scopes import (
    MANAGERS,
    is_close_out_reviewer,
    is_manager,
    is_unit_liaison,
    office_ids_reached,
    reaches_every_office,
)
from inspections import deadlines
from inspections.choices import FOUND_STATUSES, IssueStatus
from inspections.models import Assignment, Issue, IssueEvent

from ..choices import ExtensionStatus, PlanStatus
from ..models import Action, DeadlineExtension, Evaluation, Evidence, Feedback, Measure, Plan, Progress, Review
from ..services import RECTIFYING
from .figures import OPEN_STATUSES, assignment_figures, issue_colour


def awaiting_feedback(*, user: User) -> QuerySet[Assignment]:
    """Assignments of the user's offices with confirmed findings and no feedback recorded yet."""
    offices = office_ids_reached(user, MANAGERS)
    if offices is None:
        return Assignment.objects.none()
    confirmed = Issue.objects.filter(status=IssueStatus.CONFIRMED)
    assignments = Assignment.objects.visible_to(user).filter(
        feedback_date__isnull=True, pk__in=confirmed.values("assignment_id")
    )
    if not reaches_every_office(user, MANAGERS):  # the top office's managers: every round's office is theirs
        assignments = assignments.filter(round__office__in=offices)
    # The count per row as a subquery (a join with the issues and GROUP BY would count them for
    # every assignment awaiting feedback before the page is cut); the earliest exit first walks
    # the index ``assignment_awaiting_feedback``.
    per_assignment = confirmed.filter(assignment=OuterRef("pk")).order_by().values("assignment")
    return (
        assignments.select_related("round__office", "unit", "group")
        .annotate(confirmed=Subquery(per_assignment.annotate(n=Count("pk")).values("n")))
        .order_by("exit_date", "id")
    )


def in_rectification(*, user: User) -> QuerySet[Assignment]:
    """Assignments whose feedback has been recorded, most recent feedback first."""
    return (
        Assignment.objects.visible_to(user)
        .filter(feedback_date__isnull=False)
        .select_related("round__office", "unit", "group")
        .order_by("-feedback_date", "-id")
    )


# --- one assignment ---------------------------------------------------------------------------


def supervision_state(*, user: User, assignment: Assignment) -> dict:
    """Who supervises the assignment's rectification (整改督促责任), the decisions taken on it
    (from the assignment's field history: who, when, which office) and whether the user may hand
    it over (a manager of the office that planned a cross or elevated round)."""
    from inspections.services import can_hand_over

    handed_over = assignment.supervising_office_id is not None
    office_id = assignment.supervising_office_id_effective
    decisions = []
    seen = set()
    rows = (
        assignment.history.filter(supervision_decided_at__isnull=False)
        .select_related("supervision_decided_by", "supervising_office")
        .order_by("supervision_decided_at", "pgh_id")
    )
    for row in rows:
        if row.supervision_decided_at in seen:
            continue
        seen.add(row.supervision_decided_at)
        decisions.append(
            {
                "at": row.supervision_decided_at,
                "by": row.supervision_decided_by,
                "handed_over": row.supervising_office_id is not None,
                "office": row.supervising_office or assignment.round.office,
            }
        )
    return {
        "office": assignment.unit.office if handed_over else assignment.round.office,
        "office_id": office_id,
        "handed_over": handed_over,
        "home_office": assignment.unit.office,
        "decisions": decisions,
        "can_hand_over": can_hand_over(assignment) and is_manager(user, assignment.round.office_id),
    }


def assignment_state(*, user: User, assignment: Assignment, today: dt.date | None = None) -> dict:
    """An assignment's rectification: feedback, plan versions, issues with their colours,
    evaluations and supervision actions, plus what the user may do with it."""
    today = today or deadlines.today()
    office = assignment.round.office
    plans = list(
        Plan.objects.visible_to(user)
        .filter(assignment=assignment)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-version")
    )
    latest = plans[0] if plans else None
    feedback = Feedback.objects.visible_to(user).filter(assignment=assignment).select_related("recorded_by").first()
    issues = list(
        Issue.objects.visible_to(user)
        .filter(assignment=assignment, status__in=FOUND_STATUSES)
        .select_related("category", "office")
        .order_by("code")
    )
    for issue in issues:
        issue.colour = issue_colour(issue, today) if issue.status in OPEN_STATUSES else None
    reviewer = is_manager(user, office.pk)
    supervisor = is_manager(user, assignment.supervising_office_id_effective)
    liaison = is_unit_liaison(user, assignment.unit_id)
    return {
        "supervision": supervision_state(user=user, assignment=assignment),
        "feedback": feedback,
        "plans": plans,
        "latest_plan": latest,
        "issues": issues,
        "figures": assignment_figures(user=user, assignment_ids=[assignment.pk], today=today)[assignment.pk],
        "evaluations": list(
            Evaluation.objects.visible_to(user)
            .filter(assignment=assignment)
            .select_related("evaluated_by", "template")
            .order_by("-evaluated_on", "-id")
        ),
        "actions": list(
            Action.objects.visible_to(user)
            .filter(Q(assignment=assignment) | Q(unit_id=assignment.unit_id, assignment__isnull=True))
            .select_related("taken_by", "assignment__round")
            .order_by("-date", "-id")[:20]
        ),
        "plan_colour": deadlines.colour(assignment.plan_due, office, today)
        if assignment.plan_due and (latest is None or latest.status == PlanStatus.RETURNED)
        else None,
        "can": {
            "record_feedback": reviewer and feedback is None and assignment.feedback_date is None,
            "submit_plan": liaison
            and assignment.feedback_date is not None
            and (latest is None or latest.status == PlanStatus.RETURNED),
            "review_plan": supervisor and latest is not None and latest.status == PlanStatus.SUBMITTED,
            "evaluate": reviewer and assignment.feedback_date is not None,
            "act": reviewer,
        },
    }


# --- one issue --------------------------------------------------------------------------------


def issue_actions(*, user: User, issue: Issue, pending_extension: bool = False) -> dict[str, bool]:
    """Which rectification steps the user may take on the issue now (the services check again)."""
    liaison = is_unit_liaison(user, issue.unit_id)
    reviewer = is_close_out_reviewer(user, issue.supervising_office_id)
    return {
        "extension": liaison and issue.status in RECTIFYING and not pending_extension,
        "decide_extension": pending_extension and is_manager(user, issue.supervising_office_id),
        "measure": liaison and issue.status in RECTIFYING,
        "progress": liaison and issue.status in RECTIFYING,
        "submit": liaison and issue.status in RECTIFYING,
        "close": reviewer and issue.status == IssueStatus.PENDING_REVIEW,
        "return": reviewer and issue.status == IssueStatus.PENDING_REVIEW,
        "long_term": reviewer and issue.status in (IssueStatus.PENDING_REVIEW, IssueStatus.RECTIFYING),
    }


def issue_rectification(*, user: User, issue: Issue, today: dt.date | None = None) -> dict:
    """An issue's measures, progress with evidence, reviews (纠清治问建), extension requests and timeline."""
    today = today or deadlines.today()
    extensions = list(
        DeadlineExtension.objects.visible_to(user)
        .filter(issue=issue)
        .select_related("requested_by", "decided_by")
        .order_by("-created_at", "-id")
    )
    pending = next((e for e in extensions if e.status == ExtensionStatus.PENDING), None)
    return {
        "measures": list(
            Measure.objects.visible_to(user).filter(issue=issue).select_related("created_by").order_by("id")
        ),
        "progress": list(
            Progress.objects.visible_to(user)
            .filter(issue=issue)
            .select_related("submitted_by")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
            .order_by("-date", "-id")
        ),
        "reviews": list(
            Review.objects.visible_to(user).filter(issue=issue).select_related("reviewer").order_by("created_at", "id")
        ),
        "events": list(IssueEvent.objects.filter(issue=issue).select_related("actor").order_by("at", "id")),
        "extensions": extensions,
        "pending_extension": pending,
        "colour": issue_colour(issue, today),
        "actions": issue_actions(user=user, issue=issue, pending_extension=pending is not None),
    }
