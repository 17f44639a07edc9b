"""Rectification supervision (整改督促责任) of an assignment: who reviews rectification and closes
out its findings. The inspecting office (the round's) by default; for a cross (交叉) or elevated
(提级) round, a manager of the office that planned the round may hand it over to the inspected
unit's home office (``Unit.office``), or take it back. The choice, who made it and when are kept
on the assignment, and its field history (audit trail) records every change."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scopes import require_manager
from core.errors import ApplicationError, TransitionError
from core.services import service

from ..choices import RoundKind
from ..models import Assignment, Issue

# Round kinds whose rectification supervision may be handed to the home office.
HAND_OVER_KINDS = (RoundKind.CROSS, RoundKind.ELEVATED)


def can_hand_over(assignment: Assignment) -> bool:
    """Whether the assignment's round is of a kind that hands over, to an office other than its own."""
    return assignment.round.kind in HAND_OVER_KINDS and assignment.unit.office_id != assignment.round.office_id


@service("assignment_hand_over")
def assignment_hand_over(*, actor: User, assignment: Assignment, to_home_office: bool) -> Assignment:
    """Hand the rectification supervision of ``assignment`` to the unit's home office (or give it
    back to the inspecting office); its findings' close-out, review queue and alerts follow."""
    locked = Assignment.objects.select_for_update().select_related("round", "unit").get(pk=assignment.pk)
    require_manager(actor, locked.round.office_id, _("移交整改督促责任"))
    if locked.round.kind not in HAND_OVER_KINDS:
        raise TransitionError(_("只有交叉巡察和提级巡察可以移交整改督促责任。"), code="not_handed_over_kind")
    home = locked.unit.office_id
    if to_home_office and home == locked.round.office_id:
        raise ApplicationError(_("被巡察单位属于本巡察机构，无需移交。"), code="same_office", field="to_home_office")
    locked.supervising_office_id = home if to_home_office else None
    locked.supervision_decided_by = actor
    locked.supervision_decided_at = timezone.now()
    locked.save(update_fields=["supervising_office", "supervision_decided_by", "supervision_decided_at", "updated_at"])
    # The findings carry a copy (the review queue and alerts filter on it).
    Issue.objects.filter(assignment=locked).update(
        supervising_office_id=home if to_home_office else locked.round.office_id
    )
    return locked
