"""Who sees which alerts, registered with the one scope mechanism (accounts/scopes.py) when the
app is ready: those who follow rectification see the alerts of their office subtree and of the
units in its area (home office), whoever inspected; a unit's
liaison those of his unit; alerts about clue results go to clue readers only."""

from __future__ import annotations

from django.db.models import Q

from accounts.choices import Role
from accounts.scopes import (
    CLUE_READERS,
    NOTHING,
    RECTIFICATION_READERS,
    has_role,
    liaison_units,
    offices_reached,
    register,
)
from rectification.choices import AlertKind


def alert_q(user) -> Q:
    q = NOTHING
    readers = offices_reached(user, RECTIFICATION_READERS)
    if readers is not None:
        # their offices' alerts, and those of the units in their area whoever inspected (home office)
        q |= (Q(office__in=readers) | Q(unit__office__in=readers)) & ~Q(kind=AlertKind.CLUE_RESULT)
    clue_readers = offices_reached(user, CLUE_READERS)
    if clue_readers is not None:
        q |= Q(office__in=clue_readers, kind=AlertKind.CLUE_RESULT)
    if has_role(user, Role.LIAISON):
        q |= Q(unit__in=liaison_units(user)) & ~Q(kind=AlertKind.CLUE_RESULT)
    return q


def register_rules() -> None:
    register("alerts.alert", alert_q)
