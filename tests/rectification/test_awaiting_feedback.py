"""The rectification home's “待反馈” list: assignments of the manager's offices with confirmed
findings and no feedback yet, the earliest exit first, each with its number of confirmed findings.
The top office's managers read it without an office filter (issue 18); the rows must not change."""

import datetime as dt

import pytest

from inspections.choices import IssueStatus
from inspections.models import Assignment
from rectification.selectors import awaiting_feedback
from tests.factories import make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    Assignment.objects.filter(pk=w.assignment_x.pk).update(exit_date=dt.date(2026, 5, 3))
    Assignment.objects.filter(pk=w.assignment_y.pk).update(exit_date=dt.date(2026, 5, 1))
    Assignment.objects.filter(pk=w.assignment_a.pk).update(exit_date=dt.date(2026, 5, 2))
    for n in (1, 2, 3):
        make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=n)
    make_issue(w.assignment_x, IssueStatus.DRAFT, n=4)  # not counted
    make_issue(w.assignment_y, IssueStatus.CONFIRMED, n=1)
    make_issue(w.assignment_a, IssueStatus.CONFIRMED, n=1)
    make_issue(w.assignment_a, IssueStatus.CONFIRMED, n=2)
    return w


def rows(user):
    return [(a.pk, a.confirmed) for a in awaiting_feedback(user=user)]


def test_the_city_manager_sees_every_office_earliest_exit_first(w):
    assert rows(w.supervisor) == [(w.assignment_y.pk, 1), (w.assignment_a.pk, 2), (w.assignment_x.pk, 3)]


def test_a_county_manager_sees_his_own_rounds_only(w):
    assert rows(w.supervisor_a) == [(w.assignment_a.pk, 2)]
    assert rows(w.supervisor_b) == []


def test_fed_back_or_without_confirmed_findings_is_not_awaiting(w):
    Assignment.objects.filter(pk=w.assignment_y.pk).update(feedback_date=dt.date(2026, 5, 10))
    assert [pk for pk, _ in rows(w.supervisor)] == [w.assignment_a.pk, w.assignment_x.pk]
    assert rows(w.leader) == []  # a leader reads, but records no feedback
