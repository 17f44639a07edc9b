"""Who sees what of rectification: the scope rules of this app's models, registered with the one
scope mechanism (accounts/scopes.py) when the app is ready. A unit's liaison sees his unit's
feedback, plans, evaluations and supervision, and the rectification of its fed-back issues;
alerts about clue results go to clue readers only."""

from __future__ import annotations

from django.db.models import Q

from accounts.choices import Role
from accounts.scopes import (
    CLUE_READERS,
    NOTHING,
    RECTIFICATION_READERS,
    Paths,
    has_role,
    liaison_units,
    offices_reached,
    register,
)
from inspections.scopes import fed_back

from .choices import AlertKind


def alert_q(user) -> Q:
    q = NOTHING
    readers = offices_reached(user, RECTIFICATION_READERS)
    if readers is not None:
        q |= Q(office__in=readers) & ~Q(kind=AlertKind.CLUE_RESULT)
    clue_readers = offices_reached(user, CLUE_READERS)
    if clue_readers is not None:
        q |= Q(office__in=clue_readers, kind=AlertKind.CLUE_RESULT)
    if has_role(user, Role.LIAISON):
        q |= Q(unit__in=liaison_units(user)) & ~Q(kind=AlertKind.CLUE_RESULT)
    return q


def _via_assignment() -> Paths:
    return Paths(office="assignment__round__office", group="assignment__group", unit="assignment__unit", liaison=Q())


def _via_issue(prefix: str = "issue__") -> Paths:
    return Paths(office=f"{prefix}office", group=f"{prefix}group", unit=f"{prefix}unit", liaison=fed_back(prefix))


def register_rules() -> None:
    for model in ("feedback", "plan", "evaluation"):
        register(f"rectification.{model}", _via_assignment())
    register("rectification.action", Paths(office="unit__office", unit="unit", liaison=Q()))
    for model in ("measure", "progress", "review", "deadlineextension"):
        register(f"rectification.{model}", _via_issue())
    register("rectification.evidence", _via_issue("progress__issue__"))
    register("rectification.stat", Paths(office="office", inspector=False))
    register("rectification.alert", alert_q)
