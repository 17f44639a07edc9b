"""The demo's two levels (city and county inspecting together): the demo county supervisor's
county (沙市区) gets units inspected by a city cross round and a city elevated round, fed back,
part of whose rectification supervision (整改督促责任) the city handed over to the county.

No row is added, so the seed's figures (18 rounds, 203 units, 5938 issues …) stay as they are:
- 荆州经济技术开发区 (city cross round 五届市委第6轮, archived), which lies in 沙市区, is put
  under the 沙市区 office (its home office); its rectification was handed over;
- the township 洪湖市峰口镇 with its six villages (city elevated round 六届市委第3轮, still in
  rectification) becomes 沙市区立新乡 and its villages, under the 沙市区 office; the city handed
  over the township and two villages (兴桥村 has a finding waiting for close-out) and kept the
  other four (their long-term findings stay the city's to close out).
The decisions are dated at the feedback meeting and written as the hand-over service writes them
(the assignment's fields, its history row with the city supervisor as actor, the findings' copy),
directly, because the cross round is archived (立卷归档) by now.
"""

from __future__ import annotations

import datetime as dt

import pghistory
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace
from django.utils import timezone

from accounts.models import Office, RoleAssignment, User
from inspections.models import Assignment, Clue, Issue, Unit

from .accounts import CITY_OFFICE, DEMO_COUNTY

CROSS_UNIT = "荆州经济技术开发区"
ELEVATED_TOWNSHIP, RENAMED_TOWNSHIP = "洪湖市峰口镇", "沙市区立新乡"
# Of the elevated round's villages, those whose rectification the county took over.
HANDED_VILLAGES = ("兴桥村", "柳星村")


def _rehome(units: list[Unit], office: Office) -> None:
    """Put units (their liaisons' roles and the findings' home-office copies) under ``office``."""
    ids = [unit.pk for unit in units]
    Unit.objects.filter(pk__in=ids).update(office=office)
    RoleAssignment.objects.filter(unit__in=ids).update(office=office)
    Issue.objects.filter(unit__in=ids).update(home_office=office)
    Clue.objects.filter(unit__in=ids).update(home_office=office)


def _decide(assignment: Assignment, *, office: Office | None, by: User) -> None:
    """The choice made at the feedback meeting: hand over to ``office``, or keep (None)."""
    at = timezone.make_aware(dt.datetime.combine(assignment.feedback_date, dt.time(17, 0)))
    with pghistory.context(user=by.pk, service="assignment_hand_over"):
        Assignment.objects.filter(pk=assignment.pk).update(
            supervising_office=office, supervision_decided_by=by, supervision_decided_at=at
        )
    Issue.objects.filter(assignment=assignment).update(supervising_office=office or assignment.round.office)


@transaction.atomic
def load_two_level(*, offices: dict[str, Office], accounts: dict[str, User]) -> dict[str, int] | None:
    """Idempotent: the counts of what it did, or None when done before (or the demo city is not there)."""
    county, city = offices[DEMO_COUNTY], offices[CITY_OFFICE]
    zone = Unit.objects.filter(name=CROSS_UNIT).first()
    township = Unit.objects.filter(name=ELEVATED_TOWNSHIP).first()
    if zone is None or township is None or zone.office_id == county.pk:
        return None
    villages = list(township.children.all())
    Unit.objects.filter(pk__in=[township.pk, *(v.pk for v in villages)]).update(
        name=Replace("name", Value(ELEVATED_TOWNSHIP), Value(RENAMED_TOWNSHIP))
    )
    handed_units = {zone.pk, township.pk} | {v.pk for v in villages if v.name.endswith(HANDED_VILLAGES)}
    units = [zone, township, *villages]
    _rehome(units, county)
    supervisor = accounts["supervisor"]
    handed = kept = 0
    assignments = Assignment.objects.filter(
        unit__in=[unit.pk for unit in units], round__office=city, feedback_date__isnull=False
    ).select_related("round")
    for assignment in assignments:
        if assignment.unit_id in handed_units:
            _decide(assignment, office=county, by=supervisor)
            handed += 1
        else:
            _decide(assignment, office=None, by=supervisor)
            kept += 1
    return {"units": len(units), "handed_over": handed, "kept": kept}
