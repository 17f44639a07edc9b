"""The archive lock of a round (立卷归档): reopening an archived round is an admin's explicit act.

A round whose stage is 立卷归档 refuses every write to its records (:func:`.core.require_round_open`,
409 ``round_archived``). Setting the stage to 立卷归档 (:func:`.core.round_update`, or
:func:`round_archive`) locks it and records a ``RoundEvent`` ``archive``; :func:`round_reopen`
unlocks it: an admin of the round's office or an ancestor, with a reason, recorded as a
``RoundEvent`` ``unarchive`` that the audit trail lists with the lifecycle events.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from accounts.choices import Role
from accounts.models import User
from accounts.scopes import require_manager, require_office_role
from core.errors import TransitionError
from core.services import service

from ..choices import RoundStage
from ..models import Round
from .core import required_text, round_event

# The stage a reopened round returns to: rectification, the last stage before the archive.
REOPENED_STAGE = RoundStage.RECTIFICATION


@service("round_reopen")
def round_reopen(*, actor: User, round: Round, reason: str) -> Round:
    """An admin reopens an archived round so that its records can be corrected (重新开启)."""
    reason = required_text(reason, "reason", _("重新开启已归档的轮次必须填写理由。"))
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    require_office_role(actor, round_.office_id, (Role.ADMIN,), _("重新开启已归档的轮次"))
    if round_.stage != RoundStage.CLOSED:
        raise TransitionError(_("该轮巡察尚未立卷归档，无需重新开启。"))
    round_.stage = REOPENED_STAGE
    round_.save(update_fields=["stage", "updated_at"])
    round_event(round_, actor=actor, action="unarchive", from_status=RoundStage.CLOSED, comment=reason)
    return round_


@service("round_archive")
def round_archive(*, actor: User, round: Round, comment: str = "") -> Round:
    """A manager archives a round (立卷归档): from now on its records refuse every write."""
    round_ = Round.objects.select_for_update().get(pk=round.pk)
    require_manager(actor, round_.office_id, _("立卷归档"))
    if round_.stage == RoundStage.CLOSED:
        raise TransitionError(_("该轮巡察已立卷归档。"))
    from_stage = round_.stage
    round_.stage = RoundStage.CLOSED
    round_.save(update_fields=["stage", "updated_at"])
    round_event(round_, actor=actor, action="archive", from_status=from_stage, comment=(comment or "").strip())
    return round_
