"""Who sees what of common issues and campaigns (registered with accounts/scopes.py).

A common issue is seen by whoever sees one of its findings (office readers by the findings'
offices, inspectors by their groups, a liaison by his unit's fed-back findings); what it shows of
its findings is always filtered again by the findings' own rule, so nobody sees a finding outside
his scope through a common issue. Campaigns are the office's work: office readers only; the
findings and common issues a campaign lists are filtered by their own rules too.
"""

from __future__ import annotations

from accounts.scopes import Paths, register
from inspections.scopes import fed_back


def register_rules() -> None:
    register(
        "commons.commonissue",
        Paths(
            office="findings__issue__office",
            group="findings__issue__group",
            unit="findings__issue__unit",
            liaison=fed_back("findings__issue__"),
        ),
    )
    register(
        "commons.commonissuefinding",
        Paths(office="issue__office", group="issue__group", unit="issue__unit", liaison=fed_back("issue__")),
    )
    register("commons.campaign", Paths(office="office", inspector=False))
