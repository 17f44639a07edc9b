"""Who sees what of rectification: the scope rules of this app's models, registered with the one
scope mechanism (accounts/scopes.py) when the app is ready. A unit's liaison sees his unit's
feedback, plans, evaluations and supervision, and the rectification of its fed-back issues; the
rectification readers of the unit's home office (and its ancestors) see the same, whoever inspected.
(Alerts and statistics have their rules in alerts/scopes.py and dashboard/scopes.py.)"""

from __future__ import annotations

from django.db.models import Q

from accounts.scopes import Paths, register
from inspections.scopes import fed_back


def _via_assignment() -> Paths:
    # Feedback, plans and evaluations exist only once the assignment has been fed back.
    return Paths(
        office="assignment__round__office",
        group="assignment__group",
        unit="assignment__unit",
        liaison=Q(),
        home="assignment__unit__office",
        home_sees=Q(),
        semi_join=True,
    )


def _via_issue(prefix: str = "issue__") -> Paths:
    return Paths(
        office=f"{prefix}office",
        group=f"{prefix}group",
        unit=f"{prefix}unit",
        liaison=fed_back(prefix),
        home=f"{prefix}home_office",
        home_sees=fed_back(prefix),
    )


def register_rules() -> None:
    for model in ("feedback", "plan", "evaluation"):
        register(f"rectification.{model}", _via_assignment())
    register("rectification.action", Paths(office="unit__office", unit="unit", liaison=Q()))
    for model in ("measure", "progress", "review", "deadlineextension"):
        register(f"rectification.{model}", _via_issue())
    register("rectification.evidence", _via_issue("progress__issue__"))
