"""Who sees which recurrences: those whose finding and earlier finding both are visible to him
(a recurrence never shows a finding outside the reader's scope); postings: those of the findings
he sees (the rule of findings, over the copies each posting carries). Registered when the app is
ready."""

from __future__ import annotations

from django.db.models import Q

from accounts.scopes import Paths, register
from inspections.scopes import fed_back


def recurrence_q(user) -> Q:
    from inspections.models import Issue

    visible = Issue.objects.visible_to(user).values("pk")
    return Q(issue__in=visible) & Q(earlier__in=visible)


def register_rules() -> None:
    register("similarity.recurrence", recurrence_q)
    # The postings carry the finding's office, group, unit and status: the findings' own rule.
    register(
        "similarity.posting",
        Paths(office="office", group="group", unit="unit", liaison=fed_back(), literal_offices=True),
    )
