"""The scope rules as a matrix: for each role and place, exactly which rows are visible."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from inspections.choices import IssueStatus
from inspections.models import Assignment, Clue, Issue, IssueCategory, Round, Unit
from tests.factories import (
    OfficeFactory,
    UnitFactory,
    make_assignment,
    make_clue,
    make_group,
    make_issue,
    make_round,
    make_world,
)
from tests.factories.accounts import user as make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    w.issue_x_draft = make_issue(w.assignment_x, IssueStatus.DRAFT, n=1)
    w.issue_x_fed = make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=2)
    w.issue_x_closed = make_issue(w.assignment_x, IssueStatus.CLOSED, n=3)
    w.issue_y = make_issue(w.assignment_y, IssueStatus.RECTIFYING, n=1)
    w.issue_a = make_issue(w.assignment_a, IssueStatus.PENDING_REVIEW, n=1)
    w.clue_x = make_clue(w.assignment_x, w.inspector_x, "transferred", n=1)
    w.clue_y = make_clue(w.assignment_y, w.inspector_y, n=1)
    w.clue_a = make_clue(w.assignment_a, w.inspector_a, n=1)
    return w


def visible(model, user):
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


def ids(*objects):
    return {obj.pk for obj in objects}


ISSUE_MATRIX = {
    # who: which issues
    "admin": ("issue_x_draft", "issue_x_fed", "issue_x_closed", "issue_y", "issue_a"),
    "supervisor": ("issue_x_draft", "issue_x_fed", "issue_x_closed", "issue_y", "issue_a"),
    "leader": ("issue_x_draft", "issue_x_fed", "issue_x_closed", "issue_y", "issue_a"),
    "supervisor_a": ("issue_a",),
    "supervisor_b": (),
    "group_leader_x": ("issue_x_draft", "issue_x_fed", "issue_x_closed"),
    "inspector_x": ("issue_x_draft", "issue_x_fed", "issue_x_closed"),
    "inspector_y": ("issue_y",),
    "inspector_a": ("issue_a",),
    # liaisons: own unit, fed-back issues only (no drafts)
    "liaison_x": ("issue_x_fed", "issue_x_closed"),
    "liaison_a": ("issue_a",),
    "nobody": (),
}

CLUE_MATRIX = {
    "admin": ("clue_x", "clue_y", "clue_a"),
    "clue_officer": ("clue_x", "clue_y", "clue_a"),
    "clue_officer_b": (),
    "group_leader_x": ("clue_x",),
    "inspector_y": ("clue_y",),  # leader of group Y
    "inspector_a": ("clue_a",),  # leader of the county group
    # never: supervisors, leaders, liaisons, plain inspectors, deputies
    "supervisor": (),
    "supervisor_a": (),
    "leader": (),
    "inspector_x": (),
    "deputy_x": (),
    "liaison_x": (),
    "liaison_a": (),
    "nobody": (),
}


@pytest.mark.parametrize(("who", "expected"), ISSUE_MATRIX.items())
def test_issue_visibility(w, who, expected):
    assert visible(Issue, getattr(w, who)) == ids(*(getattr(w, name) for name in expected))


@pytest.mark.parametrize(("who", "expected"), CLUE_MATRIX.items())
def test_clue_visibility(w, who, expected):
    assert visible(Clue, getattr(w, who)) == ids(*(getattr(w, name) for name in expected))


def test_assignments_rounds_units_follow_the_same_rules(w):
    assert visible(Assignment, w.supervisor_a) == ids(w.assignment_a)
    assert visible(Assignment, w.inspector_x) == ids(w.assignment_x)
    assert visible(Assignment, w.liaison_x) == ids(w.assignment_x)
    assert visible(Assignment, w.supervisor) == ids(w.assignment_x, w.assignment_y, w.assignment_a)
    assert visible(Round, w.supervisor_b) == set()
    assert visible(Round, w.inspector_a) == ids(w.round_a)
    assert visible(Unit, w.liaison_x) == ids(w.unit_x)
    assert visible(Unit, w.supervisor_a) == ids(w.unit_a)
    assert visible(Unit, w.supervisor) == ids(w.unit_x, w.unit_y, w.unit_a, w.unit_b)


def test_office_specific_categories(w):
    shared = IssueCategory.objects.filter(office__isnull=True).count()
    own_a = IssueCategory.objects.create(name="甲县特色", office=w.county_a)
    own_b = IssueCategory.objects.create(name="乙县特色", office=w.county_b)
    city = IssueCategory.objects.create(name="市级特色", office=w.city)
    seen_by_a = visible(IssueCategory, w.supervisor_a)
    assert own_a.pk in seen_by_a and city.pk in seen_by_a and own_b.pk not in seen_by_a
    assert len(seen_by_a) == shared + 2


def test_scope_filter_is_subqueries_not_id_lists(w):
    OfficeFactory(name="另一市委巡察办")  # a second tree: the city office no longer reaches every office
    with CaptureQueriesContext(connection) as queries:
        list(Round.objects.visible_to(w.supervisor))
    sql = queries.captured_queries[-1]["sql"]
    assert "LIKE" in sql and "SELECT" in sql.split("WHERE", 1)[1]
    assert len(queries) == 2  # the user's role grants, then the list itself
    # Issues OR the inspecting office with the home office: the offices reached (read with the
    # grants, no query of their own) are literal ids of the office tree, never ids of rows.
    user = type(w.supervisor).objects.get(pk=w.supervisor.pk)
    with CaptureQueriesContext(connection) as queries:
        list(Issue.objects.visible_to(user))
    assert len(queries) == 2
    where = queries.captured_queries[-1]["sql"].split("WHERE", 1)[1]
    offices = sorted([w.city.pk, w.county_a.pk, w.county_b.pk])
    assert '"office_id" IN (' in where and '"home_office_id" IN (' in where
    assert all(str(pk) in where for pk in offices)


def test_multi_valued_paths_do_not_repeat_rows(w):
    # inspector_y leads group Y and also joins group X: both groups inspect units of the same round.
    from inspections.models import GroupMembership

    GroupMembership.objects.create(group=w.group_x, user=w.inspector_y, role="member")
    rounds = list(Round.objects.visible_to(w.inspector_y).values_list("pk", flat=True))
    assert rounds == [w.round.pk]
    units = list(Unit.objects.visible_to(w.inspector_y).values_list("pk", flat=True))
    assert sorted(units) == sorted([w.unit_x.pk, w.unit_y.pk])


def test_reader_of_the_whole_tree_reads_without_office_joins(w):
    """The top office's readers reach every office: their rule holds for every row, so their lists
    need no office filter (issue 18); the rows are those of the standard rule (the matrix above)."""
    from rectification.models import Plan

    user = type(w.supervisor).objects.get(pk=w.supervisor.pk)
    with CaptureQueriesContext(connection) as queries:
        seen = visible(Issue, user)
    assert len(queries) == 2  # the grants (with the size of the tree), then the list
    where = queries.captured_queries[-1]["sql"].split("WHERE", 1)[1]
    assert "office" not in where
    assert seen == set(Issue.objects.values_list("pk", flat=True))
    assert visible(Assignment, user) == set(Assignment.objects.values_list("pk", flat=True))
    assert visible(Plan, user) == set(Plan.objects.values_list("pk", flat=True))
    # Clues keep their own rule: a supervisor of the top office still reads none.
    assert visible(Clue, user) == set()
    # A county's supervisor does not reach the whole tree.
    assert visible(Issue, w.supervisor_a) == ids(w.issue_a)


def test_a_second_tree_turns_the_shortcut_off(w):
    other = OfficeFactory(name="另一市委巡察办")
    unit = UnitFactory(name="另一市某局", code="U-O", office=other)
    round_ = make_round(other, 1)
    assignment = make_assignment(round_, unit, make_group(round_, 1))
    theirs = make_issue(assignment, IssueStatus.RECTIFYING, n=1)
    their_supervisor = make_user("t_other_supervisor", "supervisor", other)
    ours = visible(Issue, type(w.supervisor).objects.get(pk=w.supervisor.pk))
    assert theirs.pk not in ours
    assert ours == ids(w.issue_x_draft, w.issue_x_fed, w.issue_x_closed, w.issue_y, w.issue_a)
    assert visible(Issue, their_supervisor) == ids(theirs)
    assert visible(Assignment, their_supervisor) == ids(assignment)
    assert assignment.pk not in visible(Assignment, type(w.supervisor).objects.get(pk=w.supervisor.pk))


def test_a_county_reads_assignments_and_plans_by_id_sets_not_joins(w):
    """A county's assignments are those of its own rounds or, fed back, of the units in its area: the
    two office columns are reached as ``round_id IN (SELECT …)`` and ``unit_id IN (SELECT …)``
    (accounts/scopes.py ``Paths.semi_join``), so a count joins neither table; the rows are the
    standard rule's — including a city round's fed-back assignment in the county's area, and not
    one that is not fed back yet."""
    import datetime as dt

    from rectification.models import Plan

    fed = make_assignment(w.round, w.unit_a, make_group(w.round, 3))
    fed.feedback_date = dt.date(2026, 5, 1)
    fed.save()
    later = make_round(w.city, 2)
    make_assignment(later, w.unit_a, make_group(later, 1))  # not fed back: not the county's yet
    user = type(w.supervisor_a).objects.get(pk=w.supervisor_a.pk)
    assert visible(Assignment, user) == ids(w.assignment_a, fed)
    counted = str(Assignment.objects.visible_to(user).order_by().values("pk").query)  # what a count runs
    assert "JOIN" not in counted and '"round_id" IN (SELECT' in counted and '"unit_id" IN (SELECT' in counted
    # Plans reach the offices through their assignment: the join to it stays, the last hop is an id set.
    plans = str(Plan.objects.visible_to(user).order_by().values("pk").query)
    assert '"round_id" IN (SELECT' in plans and "inspections_round" not in plans.split("WHERE")[0]
