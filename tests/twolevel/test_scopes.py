"""Two offices per finding, as a scope matrix: the home office's rectification readers follow the
fed-back findings of other offices' rounds in their area (never drafts, unconfirmed findings or
clues), siblings see nothing, and inspectors are recused from their own county's units."""

import pytest

from inspections.choices import IssueStatus
from inspections.models import Assignment, Clue, Issue
from rectification.models import Evidence, Feedback, Measure, Progress
from tests.factories import make_clue, make_issue
from tests.factories.two_level import make_two_level_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w():
    return make_two_level_world()


def visible(model, user):
    return set(model.objects.visible_to(user).values_list("pk", flat=True))


def names(w, model, user):
    by_pk = {getattr(w, name).pk: name for name in vars(w) if isinstance(getattr(w, name), model)}
    return {by_pk[pk] for pk in visible(model, user) if pk in by_pk}


CROSS_AND_ELEVATED = {"ca_draft", "ca_confirmed", "ca_fed", "ca_pending", "cb_fed", "ea_fed", "ea_pending"}
OWN = {"issue_x_draft", "issue_x_fed", "issue_y", "issue_a"}

ISSUES = {
    # the city office ran both rounds: everything
    "supervisor": OWN | CROSS_AND_ELEVATED,
    "leader": OWN | CROSS_AND_ELEVATED,
    "admin": OWN | CROSS_AND_ELEVATED,
    # county A: its own round, and the fed-back findings of the city's rounds in its units
    "supervisor_a": {"issue_a", "ca_fed", "ca_pending", "ea_fed", "ea_pending"},
    "leader_a": {"issue_a", "ca_fed", "ca_pending", "ea_fed", "ea_pending"},
    # county B (a sibling): only what is in its area
    "supervisor_b": {"cb_fed"},
    # a clue officer does not follow rectification: his own office's rounds only
    "clue_officer_a": {"issue_a"},
    # cross round members: recused from their own county's unit (回避 by office)
    "lead_a": {"cb_fed"},
    "insp_b": {"ca_draft", "ca_confirmed", "ca_fed", "ca_pending"},
    # an elevated round's city inspector: not recused (the city is not the unit's home office)
    "lead_city": {"ea_fed", "ea_pending"},
    # county A's own inspector in county A's own round: not recused
    "inspector_a": {"issue_a"},
    "liaison_a2": {"ca_fed", "ca_pending"},
    "nobody": set(),
}

CLUES = {
    "admin": {"clue_x", "clue_y", "clue_a", "ca_clue", "cb_clue", "ea_clue"},
    "clue_officer": {"clue_x", "clue_y", "clue_a", "ca_clue", "cb_clue", "ea_clue"},
    # the home office never reads another office's clues
    "supervisor_a": set(),
    "leader_a": set(),
    "clue_officer_a": {"clue_a"},
    "clue_officer_b": set(),
    # the cross group's leader from county A: county B's unit only
    "lead_a": {"cb_clue"},
    "insp_b": set(),
    "lead_city": {"ea_clue"},
    "liaison_a2": set(),
}


@pytest.fixture
def w_own(w):
    w.issue_x_draft = make_issue(w.assignment_x, IssueStatus.DRAFT, n=1)
    w.issue_x_fed = make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=2)
    w.issue_y = make_issue(w.assignment_y, IssueStatus.RECTIFYING, n=1)
    w.issue_a = make_issue(w.assignment_a, IssueStatus.PENDING_REVIEW, n=1)
    w.clue_x = make_clue(w.assignment_x, w.inspector_x, "transferred", n=1)
    w.clue_y = make_clue(w.assignment_y, w.inspector_y, n=1)
    w.clue_a = make_clue(w.assignment_a, w.inspector_a, n=1)
    return w


@pytest.mark.parametrize(("who", "expected"), ISSUES.items())
def test_issue_visibility_with_home_office(w_own, who, expected):
    assert names(w_own, Issue, getattr(w_own, who)) == expected


@pytest.mark.parametrize(("who", "expected"), CLUES.items())
def test_clue_visibility_with_home_office(w_own, who, expected):
    assert names(w_own, Clue, getattr(w_own, who)) == expected


def test_copies_of_the_offices(w):
    assert (w.ca_fed.office_id, w.ca_fed.home_office_id, w.ca_fed.supervising_office_id) == (
        w.city.pk,
        w.county_a.pk,
        w.city.pk,
    )
    assert Issue.objects.get(pk=w.ea_fed.pk).supervising_office_id == w.county_a.pk
    assert Clue.objects.get(pk=w.ca_clue.pk).home_office_id == w.county_a.pk


def test_rectification_follows_the_home_office(w):
    # measures, progress, evidence and feedback of the city's rounds in county A's units
    assert visible(Measure, w.supervisor_a) == {w.ca_measure.pk}
    assert visible(Progress, w.supervisor_a) == {w.ca_progress.pk}
    assert visible(Evidence, w.supervisor_a) == set(w.ca_progress.evidence.values_list("pk", flat=True))
    assert visible(Measure, w.supervisor_b) == {w.cb_measure.pk}
    assert visible(Feedback, w.supervisor_a) == set(
        Feedback.objects.filter(assignment__in=[w.asg_ca, w.asg_ea]).values_list("pk", flat=True)
    )
    # the fed-back assignments in its area (the rectification pages), not those of county B
    assert visible(Assignment, w.supervisor_a) == {w.assignment_a.pk, w.asg_ca.pk, w.asg_ea.pk}
    assert visible(Assignment, w.supervisor_b) == {w.asg_cb.pk}
    # a recused member's rectification rows are hidden too
    assert visible(Measure, w.lead_a) == {w.cb_measure.pk}
    assert visible(Assignment, w.lead_a) == {w.asg_cb.pk}


def test_an_assignment_not_yet_fed_back_stays_with_the_inspecting_office(w):
    Assignment.objects.filter(pk=w.asg_ca.pk).update(feedback_date=None)
    assert w.asg_ca.pk not in visible(Assignment, w.supervisor_a)


def test_rounds_inspecting_the_area_are_visible_to_its_office(w):
    """A county's supervisors see the city rounds that inspect a unit of the county (the round,
    not its groups); a sibling county sees only the rounds that inspect its own units."""
    from inspections.models import Group, Round

    assert {w.round_cross.pk, w.round_elevated.pk} <= visible(Round, w.supervisor_a)
    b_rounds = visible(Round, w.supervisor_b)
    assert w.round_cross.pk in b_rounds and w.round_elevated.pk not in b_rounds
    assert not Group.objects.visible_to(w.supervisor_b).filter(round=w.round_cross).exists()
