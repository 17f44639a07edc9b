"""The demo's two levels (city and county inspecting together): the demo county supervisor's
county (沙市区) gets units inspected by a city cross round and a city elevated round, fed back,
whose rectification supervision (整改督促责任) the city handed over to the county.

No row is added, so the seed's figures (18 rounds, 203 units, 5938 issues …) stay as they are:
- 荆州经济技术开发区 (city cross round 五届市委第6轮), which lies in 沙市区, is put under the
  沙市区 office (its home office);
- the township 调关镇 with its villages (city elevated round 六届市委第1轮) becomes 沙市区关沮镇
  and its villages, under the 沙市区 office;
- the city's supervisor hands the rectification of those assignments over to 沙市区 through the
  service (an event in the assignment's history, as a user's choice would be).
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Replace

from accounts.models import Office, RoleAssignment, User
from inspections.choices import RoundKind
from inspections.models import Assignment, Clue, Issue, Unit
from inspections.services import assignment_hand_over

from .accounts import CITY_OFFICE, DEMO_COUNTY

CROSS_UNIT = "荆州经济技术开发区"
ELEVATED_TOWNSHIP, RENAMED_TOWNSHIP = "石首市调关镇", "沙市区关沮镇"


def _rehome(units: list[Unit], office: Office) -> None:
    """Put units (and their liaisons' roles, and the findings' home-office copies) under ``office``."""
    ids = [unit.pk for unit in units]
    Unit.objects.filter(pk__in=ids).update(office=office)
    RoleAssignment.objects.filter(unit__in=ids).update(office=office)
    Issue.objects.filter(unit__in=ids).update(home_office=office)
    Clue.objects.filter(unit__in=ids).update(home_office=office)


@transaction.atomic
def load_two_level(*, offices: dict[str, Office], accounts: dict[str, User]) -> dict[str, int] | None:
    """Idempotent: returns the counts of what it did, or None when it was done before (or the demo
    city is not there)."""
    county, city = offices[DEMO_COUNTY], offices[CITY_OFFICE]
    zone = Unit.objects.filter(name=CROSS_UNIT).first()
    township = Unit.objects.filter(name=ELEVATED_TOWNSHIP).first()
    if zone is None or township is None or zone.office_id == county.pk:
        return None
    villages = list(township.children.all())
    Unit.objects.filter(pk__in=[township.pk, *(v.pk for v in villages)]).update(
        name=Replace("name", Value(ELEVATED_TOWNSHIP), Value(RENAMED_TOWNSHIP))
    )
    units = [zone, township, *villages]
    _rehome(units, county)
    assignments = Assignment.objects.filter(
        unit__in=[unit.pk for unit in units],
        round__office=city,
        round__kind__in=[RoundKind.CROSS, RoundKind.ELEVATED],
        feedback_date__isnull=False,
    ).select_related("round", "unit")
    handed = 0
    for assignment in assignments:
        assignment_hand_over(actor=accounts["supervisor"], assignment=assignment, to_home_office=True)
        handed += 1
    return {"units": len(units), "assignments_handed_over": handed}
