"""Revisit rounds (巡察“回头看”): the rule in one place.

- A revisit round links to the earlier round(s) it looks back on (``Round.looks_back_on``): each
  must start before it and cannot be itself; only a round of kind 回头看 links.
- Whoever may see a revisit's assignment sees the unit's still-open issues of the rounds it looks
  back on (fed back and not closed: rectifying, pending review, long-term) on the assignment page,
  by code, title, status and deadline; the issue itself opens only for those whose scope reaches it.
  Drafts, withdrawn or closed issues and clues are never inherited. Who is handed down what is the
  scope rule ``inherited_issue_q`` (inspections/scopes.py); this module reads through it.
- A revisit finding may be marked “上轮问题整改不到位” by linking it to such an earlier issue
  (``Issue.previous_issue``): same unit, a round the revisit looks back on, the earlier issue
  fed back (confirmed onward, not withdrawn). The statistic is the count of marked findings
  (API: ``GET /api/v1/issues/?not_rectified_before=true`` and its ``count``; round page).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from .choices import FOUND_STATUSES, IssueStatus, RoundKind
from .models import Assignment, Issue, Round
from .scopes import inherited_issue_q

STILL_OPEN = (IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM)


def check_looks_back_on(round_: Round, rounds: Iterable[Round]) -> list[Round]:
    rounds = list(rounds)
    if rounds and round_.kind != RoundKind.REVISIT:
        raise ValidationError({"looks_back_on": _("只有“回头看”轮次可以关联此前的轮次。")})
    for earlier in rounds:
        if earlier.pk == round_.pk or earlier.planned_start >= round_.planned_start:
            raise ValidationError(
                {"looks_back_on": _("“%(round)s”不早于本轮，不能作为回头看的轮次。") % {"round": earlier}}
            )
    return rounds


def open_earlier_issues(assignment: Assignment, user) -> QuerySet[Issue]:
    """The unit's still-open issues of the rounds the assignment's round looks back on, as far as
    the rule hands them down to ``user`` (nothing when he may not see the assignment)."""
    return (
        Issue.objects.filter(
            inherited_issue_q(user),
            unit_id=assignment.unit_id,
            round__in=Round.objects.filter(revisited_by=assignment.round_id).values("pk"),
            status__in=STILL_OPEN,
        )
        .select_related("round", "category")
        .order_by("round__planned_start", "code")
    )


def inherited_issues(user) -> QuerySet[Issue]:
    """Issues a revisit visible to ``user`` may mark as not rectified: fed back, of a round a
    revisit looks back on, on a unit that revisit inspects (the API's choices for previous_issue)."""
    return Issue.objects.filter(inherited_issue_q(user))


def check_previous_issue(issue: Issue) -> None:
    """The rule of ``Issue.previous_issue`` (ValidationError on the field otherwise)."""
    previous = issue.previous_issue
    if previous is None:
        return
    if previous.pk == issue.pk or previous.unit_id != issue.unit_id:
        raise ValidationError({"previous_issue": _("上轮问题应为同一被巡察单位的问题。")})
    if not Round.objects.filter(pk=issue.round_id, looks_back_on=previous.round_id).exists():
        raise ValidationError({"previous_issue": _("上轮问题应属于本轮“回头看”所关联的轮次。")})
    if previous.status not in FOUND_STATUSES:
        raise ValidationError({"previous_issue": _("上轮问题应为已确认的问题（不能是草稿或已撤销的问题）。")})


def not_rectified_count(issues: QuerySet[Issue]) -> int:
    """The statistic: findings marked “上轮问题整改不到位” (not withdrawn) among ``issues``."""
    return issues.filter(previous_issue__isnull=False).exclude(status=IssueStatus.WITHDRAWN).count()
