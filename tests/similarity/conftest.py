"""A small world of findings written the way inspection groups write them, over two rounds."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from inspections.choices import GroupRole, IssueStatus
from tests.factories import make_world
from tests.factories.inspections import AssignmentFactory, IssueFactory, RoundFactory
from tests.factories.worlds import make_group


@pytest.fixture
def sw(db):
    w = make_world()
    s = SimpleNamespace(w=w)
    # This round: the same problem in three units, written three ways; an unrelated one.
    s.x = IssueFactory(assignment=w.assignment_x, code="X-1", title="公务接待超标准", status=IssueStatus.RECTIFYING)
    s.y = IssueFactory(
        assignment=w.assignment_y, code="Y-1", title="违规超标准接待，接待无公函", status=IssueStatus.RECTIFYING
    )
    s.a = IssueFactory(
        assignment=w.assignment_a, code="A-1", title="超标准接待、无公函接待", status=IssueStatus.RECTIFYING
    )
    s.other = IssueFactory(
        assignment=w.assignment_y, code="Y-2", title="党员发展程序不规范", status=IssueStatus.RECTIFYING
    )
    s.x_draft = IssueFactory(assignment=w.assignment_x, code="X-2", title="超标准公务接待", status=IssueStatus.DRAFT)
    # An earlier round of the city office, in which unit X had the same problem, closed.
    s.earlier_round = RoundFactory(
        office=w.city, sequence=9, planned_start=dt.date(2024, 3, 1), planned_end=dt.date(2024, 5, 1), stage="closed"
    )
    group = make_group(s.earlier_round, 1, **{GroupRole.LEADER: w.inspector_y})
    s.earlier_assignment = AssignmentFactory(round=s.earlier_round, unit=w.unit_x, group=group)
    s.earlier = IssueFactory(
        assignment=s.earlier_assignment, code="E-1", title="公务接待超标准，无公函接待", status=IssueStatus.CLOSED
    )
    return s
