"""The default order of assignments (and of what is listed by assignment, plans): the newest round
first, then the group's number, then the unit's code. It is read from the round's index
``round_newest_first`` (issue 18) and must stay the order the lists always had."""

import datetime as dt

import pytest

from inspections.models import Assignment, Round
from rectification.models import Plan
from tests.factories import PlanFactory, UnitFactory, make_assignment, make_group, make_round, make_world

pytestmark = pytest.mark.django_db


def test_assignments_newest_round_first_then_group_number_then_unit_code():
    w = make_world()
    newer = make_round(w.city, 2)
    Round.objects.filter(pk=newer.pk).update(planned_start=w.round.planned_start + dt.timedelta(days=30))
    group_2, group_1 = make_group(newer, 2), make_group(newer, 1)
    units = {code: UnitFactory(code=code, office=w.city) for code in ("C-Z", "C-B", "C-A")}
    second = make_assignment(newer, units["C-A"], group_2)
    first_z = make_assignment(newer, units["C-Z"], group_1)
    first_b = make_assignment(newer, units["C-B"], group_1)
    expected_old = sorted(
        Assignment.objects.filter(round__in=[w.round, w.round_a]),
        key=lambda a: (-a.round.planned_start.toordinal(), -a.round.pk, a.group.number, a.unit.code),
    )
    assert list(Assignment.objects.all()) == [first_b, first_z, second, *expected_old]
    plans = [PlanFactory(assignment=a) for a in (second, first_z, first_b)]
    assert [p.assignment_id for p in Plan.objects.filter(pk__in=[p.pk for p in plans])] == [
        first_b.pk,
        first_z.pk,
        second.pk,
    ]
