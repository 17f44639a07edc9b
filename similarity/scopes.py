"""Who sees which recurrences: those whose finding and earlier finding both are visible to him
(a recurrence never shows a finding outside the reader's scope). Registered when the app is ready."""

from __future__ import annotations

from django.db.models import Q

from accounts.scopes import register


def recurrence_q(user) -> Q:
    from inspections.models import Issue

    visible = Issue.objects.visible_to(user).values("pk")
    return Q(issue__in=visible) & Q(earlier__in=visible)


def register_rules() -> None:
    register("similarity.recurrence", recurrence_q)
