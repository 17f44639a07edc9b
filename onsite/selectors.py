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
