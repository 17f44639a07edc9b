"""Who is who on the rectification side, and the supervisors' review queue with its counts.

Who may act on what (the services check again): plans are reviewed by supervisors and admins,
issues are closed out, returned or moved to long-term by supervisors."""

from __future__ import annotations

from django.core.cache import cache
from django.db.models import Q, QuerySet

from accounts.choices import Role
from accounts.models import User
from accounts.scopes import CLOSE_OUT_REVIEWERS, MANAGERS, grants, has_role, is_manager, offices_reached
from core import generations
from inspections.choices import IssueStatus
from inspections.models import Issue

from ..choices import ExtensionStatus, PlanStatus
from ..models import DeadlineExtension, Plan


def liaison_unit_ids(user: User) -> list[int]:
    """The units the user is the rectification liaison (整改联络员) of."""
    return sorted({grant.unit_id for grant in grants(user) if grant.role == Role.LIAISON and grant.unit_id})


def is_liaison(user: User) -> bool:
    return has_role(user, Role.LIAISON)


def is_reviewer(user: User, office_id: int | None = None) -> bool:
    """A reviewer of plans and feedback (supervisor or admin) of ``office_id``; any office when None."""
    return is_manager(user, office_id)


def plans_awaiting_review(*, user: User) -> QuerySet[Plan]:
    """Plans submitted and not yet reviewed in the offices the user reviews, oldest first."""
    offices = offices_reached(user, MANAGERS)
    if offices is None:
        return Plan.objects.none()
    return (
        Plan.objects.visible_to(user)
        .filter(
            Q(assignment__supervising_office__in=offices)
            | Q(assignment__supervising_office__isnull=True, assignment__round__office__in=offices),
            status=PlanStatus.SUBMITTED,
        )
        .select_related("assignment__unit", "assignment__round__office", "assignment__group", "submitted_by")
        .order_by("created_at", "id")
    )


def issues_awaiting_review(*, user: User) -> QuerySet[Issue]:
    """Issues the units reported done (待审核) whose rectification the user's offices supervise
    (the inspecting office unless handed over to the home office), oldest first."""
    offices = offices_reached(user, CLOSE_OUT_REVIEWERS)
    if offices is None:
        return Issue.objects.none()
    return (
        Issue.objects.visible_to(user)
        .filter(status=IssueStatus.PENDING_REVIEW, supervising_office__in=offices)
        .select_related("unit", "round", "group", "category", "office")
        .order_by("status_changed_at", "id")
    )


def extensions_awaiting_decision(*, user: User) -> QuerySet[DeadlineExtension]:
    """Deadline extension requests waiting for a decision in the offices the user manages, oldest first."""
    offices = offices_reached(user, MANAGERS)
    if offices is None:
        return DeadlineExtension.objects.none()
    return (
        DeadlineExtension.objects.visible_to(user)
        .filter(status=ExtensionStatus.PENDING, issue__supervising_office__in=offices)
        .select_related("issue__unit", "issue__round", "issue__office", "requested_by")
        .order_by("created_at", "id")
    )


REVIEW_COUNTS = "reviews"  # the generation (core/generations.py) the rows behind the counts move
REVIEW_COUNTS_SECONDS = 120  # at most this stale after a bulk write that sends no signal


def review_counts(user: User) -> dict[str, int]:
    """How many plans, issues and extension requests wait for the user (for the navigation's badge).

    Three indexed counts, but over the whole subtree for the city office (tens of milliseconds
    on every page at a million findings), so they are cached per user under the generation that
    every save of a finding, plan, extension request, assignment or role moves (signals.py), and
    kept on the user object for the rest of the request."""
    cached = getattr(user, "_review_counts", None)
    if cached is not None:
        return cached
    counts = {"plans": 0, "issues": 0, "extensions": 0, "total": 0}
    if getattr(user, "is_authenticated", False) and is_manager(user):
        key = f"review-counts:{user.pk}:{generations.current(REVIEW_COUNTS)}"
        counts = _cache_get(key)
        if counts is None:
            counts = {
                "plans": plans_awaiting_review(user=user).count(),
                "issues": issues_awaiting_review(user=user).count(),
                "extensions": extensions_awaiting_decision(user=user).count(),
            }
            counts["total"] = counts["plans"] + counts["issues"] + counts["extensions"]
            _cache_set(key, counts)
    user._review_counts = counts
    return counts


def _cache_get(key: str):
    try:
        return cache.get(key)
    except generations.CACHE_ERRORS:
        return None


def _cache_set(key: str, value) -> None:
    try:
        cache.set(key, value, REVIEW_COUNTS_SECONDS)
    except generations.CACHE_ERRORS:
        pass
