"""Who sees which statistics, registered with the one scope mechanism (accounts/scopes.py) when the
app is ready: the office readers the figures of their office subtree; inspectors and liaisons none."""

from __future__ import annotations

from accounts.scopes import Paths, register


def register_rules() -> None:
    register("dashboard.stat", Paths(office="office", inspector=False))
