"""Reads of the on-site registers beyond the scoped querysets."""

from __future__ import annotations

from accounts.scopes import member_groups
from inspections.models import Group


def mask_talks(user, talks) -> None:
    """Blank the talked-to person's name on the talks of groups the user is not a member of
    (clue officers and admins see the register, not who was talked to)."""
    talks = list(talks)
    groups = {talk.group_id for talk in talks}
    mine: set[int] = set()
    if groups:
        mine = set(Group.objects.filter(pk__in=member_groups(user)).filter(pk__in=groups).values_list("pk", flat=True))
    for talk in talks:
        hidden = talk.group_id not in mine
        talk.person_name_hidden = hidden
        if hidden:
            talk.person_name = ""


def register_counts(user, **filters) -> dict[str, int]:
    """The number of entries of each register the user may see (filtered, e.g. by assignment or
    round): the figures of the screens and of the archive inventory."""
    from .models import REGISTERS

    return {kind: model.objects.visible_to(user).filter(**filters).count() for kind, model in REGISTERS.items()}
