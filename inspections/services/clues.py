"""Writes on clues (问题线索): registration, transfer, outcome, withdrawal, and the read log."""


from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scopes import (
    CLUE_READERS,
    group_role,
    reaches_office,
    require,
    require_group_role,
    require_office_role,
)
from core.services import service

from .. import deadlines
from ..choices import ClueStatus, GroupRole
from ..models import (
    Assignment,
    Clue,
    CluePerson,
    ClueRead,
)
from .core import (
    ANY_GROUP_ROLE,
    clue_event,
    locked_clue,
    move_clue,
    next_code,
    require_round_open,
    required_text,
)


@service("clue_create")
def clue_create(*, actor: User, assignment: Assignment, summary: str, persons: Iterable[dict] = ()) -> Clue:
    """A group member registers a problem clue (confidential) with the persons it names."""
    require_group_role(actor, assignment.group_id, ANY_GROUP_ROLE, _("登记问题线索"))
    require_round_open(assignment.round_id)
    clue = Clue(assignment=assignment, summary=(summary or "").strip(), created_by=actor)
    clue.copy_from_assignment()
    clue.code = next_code(assignment, Clue)
    clue.full_clean()
    clue.save()
    people = [CluePerson(clue=clue, **person) for person in persons]
    for index, person in enumerate(people):
        try:
            person.full_clean(exclude=["clue"])
        except ValidationError as exc:
            raise ValidationError({f"persons[{index}]": exc.messages}) from exc
    CluePerson.objects.bulk_create(people)
    clue_event(clue, actor=actor, action="create")
    return clue


@service("clue_transfer")
def clue_transfer(
    *,
    actor: User,
    clue: Clue,
    recipient: str,
    recipient_body: str = "",
    transfer_date: dt.date,
    letter_number: str,
    version: int | None = None,
) -> Clue:
    """The group leader transfers a clue to the discipline body (移交), starting the result clock."""
    clue = locked_clue(clue, version)
    require_group_role(actor, clue.group_id, (GroupRole.LEADER,), _("移交问题线索"))
    letter_number = required_text(letter_number, "letter_number", _("请填写移交函文号。"))
    if not transfer_date:
        raise ValidationError({"transfer_date": _("请填写移交日期。")})
    return move_clue(
        clue,
        actor=actor,
        action="transfer",
        recipient=recipient,
        recipient_body=recipient_body,
        transfer_date=transfer_date,
        letter_number=letter_number,
        result_due=deadlines.clue_result_due(clue.office, transfer_date),
    )


@service("clue_record_outcome")
def clue_record_outcome(
    *,
    actor: User,
    clue: Clue,
    disposal: str,
    persons_accountable: int = 0,
    party_sanctions: int = 0,
    admin_sanctions: int = 0,
    persons_to_judiciary: int = 0,
    self_surrenders: int = 0,
    loss_recovered_wan: Decimal | int = 0,
    outcome_note: str = "",
    result_received: dt.date | None = None,
    version: int | None = None,
) -> Clue:
    """A clue officer records the receiving body's disposal and outcome (办结)."""
    clue = locked_clue(clue, version)
    require_office_role(actor, clue.office_id, CLUE_READERS, _("登记线索办理结果"))
    if not disposal:
        raise ValidationError({"disposal": _("请选择处置方式。")})
    return move_clue(
        clue,
        actor=actor,
        action="outcome",
        disposal=disposal,
        persons_accountable=persons_accountable,
        party_sanctions=party_sanctions,
        admin_sanctions=admin_sanctions,
        persons_to_judiciary=persons_to_judiciary,
        self_surrenders=self_surrenders,
        loss_recovered_wan=Decimal(str(loss_recovered_wan)),
        outcome_note=outcome_note,
        result_received=result_received or deadlines.today(),
    )


@service("clue_withdraw")
def clue_withdraw(*, actor: User, clue: Clue, reason: str, version: int | None = None) -> Clue:
    reason = required_text(reason, "reason", _("撤销必须填写理由。"))
    clue = locked_clue(clue, version)
    require(
        reaches_office(actor, clue.office_id, CLUE_READERS)
        or (clue.status == ClueStatus.DRAFT and group_role(actor, clue.group_id) == GroupRole.LEADER),
        _("只有巡察组组长（移交前）或线索管理员、管理员可以撤销线索。"),
    )
    return move_clue(clue, actor=actor, action="withdraw", comment=reason, withdrawn_reason=reason)


def clue_reads_log(*, user: User, clues: Iterable[Clue], via: str) -> int:
    """Record that ``user`` read these clues (every list row and detail view); returns rows written."""
    rows = [ClueRead(clue_id=clue.pk, user=user, via=via) for clue in clues]
    ClueRead.objects.bulk_create(rows)
    return len(rows)
