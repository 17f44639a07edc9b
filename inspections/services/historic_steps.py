"""The steps of the historic ledger screens around the load (``inspections.services.historic``):
the office's saved mapping of a layout, the names a load would create, and the preview's check.

- ``find_mapping`` / ``historic_mapping_save``: the columns and status words an office chose for a
  layout (``HistoricMapping``, by header signature), saved when a load is confirmed and offered
  to anyone of that office who uploads a sheet with the same headers.
- ``planned_creations``: the rounds, groups and units the sheet names that the office does not
  have (what the user agrees to create).
- ``check_load``: the preview's check, exactly the load's (names, codes, archived rounds), run in
  a transaction that is rolled back: nothing is written. Above ``PREVIEW_CHECK_ROWS`` rows only
  the reader's checks run in the preview; the load checks the rest and refuses the file whole.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import Office, User
from accounts.scopes import require_manager
from core.services import service

from ..historic import FIELD_LABELS, HISTORIC_STATUSES, CellError, HistoricLedger, header_signature, status_key
from ..models import Group, HistoricMapping, Round
from .historic import HistoricLoadError, LoadResult, historic_load, parse_group, parse_round

PREVIEW_CHECK_ROWS = 5000


def find_mapping(*, user: User, office: Office, headers: list[str]) -> HistoricMapping | None:
    """The office's saved mapping of this layout, if the user may see it."""
    return HistoricMapping.objects.visible_to(user).filter(office=office, signature=header_signature(headers)).first()


@service("historic_mapping_save")
def historic_mapping_save(
    *, actor: User, office: Office, headers: list[str], mapping: dict[int, str], statuses: dict[str, str]
) -> HistoricMapping:
    """Save (or replace) the office's mapping of a layout: columns → fields, status words → statuses."""
    require_manager(actor, office.pk, _("保存历史台账的列对应"))
    columns = {str(int(index)): field for index, field in sorted(mapping.items()) if field in FIELD_LABELS}
    words = {status_key(w): s for w, s in statuses.items() if s in HISTORIC_STATUSES and status_key(w)}
    saved, _created = HistoricMapping.objects.update_or_create(
        office=office,
        signature=header_signature(headers),
        defaults={"headers": list(headers), "columns": columns, "statuses": words},
        create_defaults={"headers": list(headers), "columns": columns, "statuses": words, "created_by": actor},
    )
    return saved


def planned_creations(*, office: Office, ledger: HistoricLedger) -> dict[str, list[str]]:
    """The rounds, groups and units the ledger names that ``office`` does not have, in order."""
    units = set(office.units.filter(is_active=True).values_list("name", flat=True))
    rounds: dict[str, Round | None] = {}
    created: dict[str, list[str]] = {"rounds": [], "groups": [], "units": []}
    groups_seen: set[tuple[str, int]] = set()
    for name in ledger.names("round"):
        parsed = parse_round(name)
        if parsed is None:
            continue
        rounds[name] = Round.objects.filter(office=office, term=parsed[0], sequence=parsed[1]).first()
        if rounds[name] is None:
            created["rounds"].append(name)
    for row in ledger.rows:
        round_name, group_name = str(row.values.get("round") or ""), str(row.values.get("group") or "")
        number = parse_group(group_name) if group_name else None
        if not round_name or number is None or (round_name, number) in groups_seen or round_name not in rounds:
            continue
        groups_seen.add((round_name, number))
        round_ = rounds[round_name]
        if round_ is None or not Group.objects.filter(round=round_, number=number).exists():
            created["groups"].append(f"{round_name} · {group_name}")
    created["units"] = [name for name in ledger.names("unit") if name not in units]
    return created


def check_load(
    *, actor: User, office: Office, ledger: HistoricLedger, round: Round | None = None, create_missing: bool = False
) -> tuple[LoadResult | None, list[CellError]]:
    """The load's outcome without writing: (result, []) or (None, errors with row and column)."""
    if not ledger.ok:
        return None, ledger.errors or [CellError(ledger.header_row, "", _("表头下没有数据行。"))]
    if len(ledger.rows) > PREVIEW_CHECK_ROWS:
        return None, []
    try:
        with transaction.atomic():
            result = historic_load(
                actor=actor, office=office, ledger=ledger, round=round, create_missing=create_missing
            )
            transaction.set_rollback(True)
    except HistoricLoadError as exc:
        return None, exc.errors
    return result, []
