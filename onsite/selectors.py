"""Reads of the on-site registers beyond the scoped querysets."""

from __future__ import annotations

from collections.abc import Sequence

from accounts.scopes import member_groups
from inspections.choices import ReadVia
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


READ_BATCH = 5000


def log_letter_reads(user, letter_ids: Sequence[int], via: str = ReadVia.EXPORT) -> int:
    """Log each letter as read by ``user`` (list rows, a detail, an exported ledger or inventory)."""
    from .models import LetterRead

    letter_ids = list(letter_ids)
    if not getattr(user, "is_authenticated", False):
        return 0
    for start in range(0, len(letter_ids), READ_BATCH):
        LetterRead.objects.bulk_create(
            [LetterRead(letter_id=pk, user=user, via=via) for pk in letter_ids[start : start + READ_BATCH]]
        )
    return len(letter_ids)


def register_counts(user, **filters) -> dict[str, int]:
    """The number of entries of each register the user may see (filtered, e.g. by assignment or
    round): the figures of the screens and of the archive inventory."""
    from .models import REGISTERS

    return {kind: model.objects.visible_to(user).filter(**filters).count() for kind, model in REGISTERS.items()}
