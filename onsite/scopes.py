"""Who sees what of the on-site registers (registered with accounts/scopes.py).

- Talks, document checks, spot checks and visits: the members of the entry's group, and the clue
  readers (clue officers, admins) of the owning office or an ancestor. Liaisons, supervisors and
  leaders see none of it: it is the group's working material.
- Letters (信访件, public reports included) are as confidential as clues: the group's leader, the
  member who recorded a letter (until it is triaged), and the clue readers of the owning office.
- Inspectors are recused from their own office's units in another office's round, as for clues.
- A public channel: whoever sees the assignment's registers (group members, clue readers).
"""

from __future__ import annotations

from django.db.models import Q

from accounts.choices import Role
from accounts.scopes import (
    AUDITORS,
    CLUE_READERS,
    NOTHING,
    has_role,
    member_groups,
    offices_reached,
    recused_q,
    register,
)

from .choices import LetterStatus


def _office_readers(user, prefix: str = "") -> Q:
    offices = offices_reached(user, CLUE_READERS)
    return NOTHING if offices is None else Q(**{f"{prefix}office__in": offices})


def entry_q(user) -> Q:
    """The group's members and the office's clue readers."""
    q = _office_readers(user)
    if has_role(user, Role.INSPECTOR):
        mine = Q(group__in=member_groups(user))
        recused = recused_q(user, "office", "home_office")
        q |= mine if recused is None else mine & ~recused
    return q


def letter_q(user) -> Q:
    """As clues: the group leader, the recorder until triage, the office's clue readers."""
    q = _office_readers(user)
    if has_role(user, Role.INSPECTOR):
        mine = Q(group__in=member_groups(user, leader_only=True))
        mine |= Q(created_by=user, status=LetterStatus.RECEIVED, group__in=member_groups(user))
        recused = recused_q(user, "office", "home_office")
        q |= mine if recused is None else mine & ~recused
    return q


def attachment_q(user) -> Q:
    from .models import Letter

    return Q(letter__in=Letter.objects.filter(letter_q(user)).values("pk"))


def letter_read_q(user) -> Q:
    """The letter-read log: admins of the letter's office or an ancestor (as the clue-read log)."""
    offices = offices_reached(user, AUDITORS)
    return NOTHING if offices is None else Q(letter__office__in=offices)


def channel_q(user) -> Q:
    q = _office_readers(user, "assignment__round__")
    if has_role(user, Role.INSPECTOR):
        q |= Q(assignment__group__in=member_groups(user))
    return q


def register_rules() -> None:
    for model in ("talk", "documentcheck", "spotcheck", "visit"):
        register(f"onsite.{model}", entry_q)
    register("onsite.letter", letter_q)
    register("onsite.letterattachment", attachment_q)
    register("onsite.letterread", letter_read_q)
    register("onsite.publicchannel", channel_q)
