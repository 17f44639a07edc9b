"""Revisit rounds (回头看): linked to the rounds they look back on; the revisit's assignment page
shows the unit's still-open issues of those rounds; a finding marked “上轮问题整改不到位” links an
earlier issue of the same unit, and is counted (issue filter ``not_rectified_before``)."""

import pytest
from django.test import Client

from inspections.choices import GroupRole
from inspections.models import Issue, Round
from tests.factories.inspections import AssignmentFactory, GroupFactory, GroupMembershipFactory

pytestmark = pytest.mark.django_db


def revisit_body(w, **overrides):
    return {
        "office": w.county_a.pk,
        "term": "十五届县委",
        "sequence": 9,
        "kind": "revisit",
        "theme": "巡察整改“回头看”",
        "planned_start": "2031-03-01",
        "planned_end": "2031-04-30",
        "looks_back_on": [w.round_a.pk],
        **overrides,
    }


@pytest.fixture
def revisit(w, api):
    Round.objects.filter(pk=w.round_a.pk).update(planned_start="2026-03-01", planned_end="2026-04-30")
    response = api(w.sup_a).post("rounds/", revisit_body(w))
    assert response.status_code == 201, response.content
    round_ = Round.objects.get(pk=response.json()["id"])
    group = GroupFactory(round=round_, number=1)
    GroupMembershipFactory(group=group, user=w.insp_y, role=GroupRole.LEADER)
    assignment = AssignmentFactory(round=round_, unit=w.unit_u, group=group)
    return round_, assignment


def issue_body(w, assignment, **overrides):
    return {
        "assignment": assignment.pk,
        "category": w.child_category.pk,
        "title": "清退津贴整改不到位",
        "how_found": "documents",
        "nature": "individual",
        **overrides,
    }


def test_revisit_links_the_earlier_rounds(w, api, revisit):
    round_, _assignment = revisit
    assert api(w.sup_a).get(f"rounds/{round_.pk}/").json()["looks_back_on"] == [w.round_a.pk]
    # only a revisit links, and only to an earlier round
    response = api(w.sup_a).post("rounds/", revisit_body(w, sequence=10, kind="regular"))
    assert response.status_code == 400 and list(response.json()["errors"]) == ["looks_back_on"]
    response = api(w.sup_a).post("rounds/", revisit_body(w, sequence=11, planned_start="2025-01-01"))
    assert response.status_code == 400 and list(response.json()["errors"]) == ["looks_back_on"]
    # a round out of scope reads as unknown
    response = api(w.sup_a).post("rounds/", revisit_body(w, sequence=12, looks_back_on=[w.round_b.pk]))
    assert response.status_code == 404 and list(response.json()["errors"]) == ["looks_back_on"]
    # editable afterwards
    response = api(w.sup_a).patch(f"rounds/{round_.pk}/", {"looks_back_on": []})
    assert response.status_code == 200, response.content
    assert response.json()["looks_back_on"] == []


def test_assignment_page_shows_the_units_open_issues(w, revisit):
    _round, assignment = revisit
    client = Client()
    client.force_login(w.insp_y)
    page = client.get(f"/assignments/{assignment.pk}/").content.decode()
    assert "回头看：上轮未完成整改的问题" in page
    shown = {code for code in (f"A-U-00{n}" for n in range(1, 9)) if code in page}
    # rectifying, pending review (and long-term) issues; not the draft, the confirmed or the closed one
    assert shown == {"A-U-003", "A-U-004", "A-U-005", "A-U-006", "A-U-007"}


def test_marking_a_finding_not_rectified(w, api, revisit):
    round_, assignment = revisit
    body = issue_body(w, assignment, previous_issue=w.i_overdue.pk)
    response = api(w.insp_y).post("issues/", body)
    assert response.status_code == 201, response.content
    assert response.json()["previous_issue"] == w.i_overdue.pk
    # another unit's issue, a draft, or an issue of a round not looked back on: not among the
    # choices (answered as an unknown id)
    for other in (w.i_v, w.i_draft, w.i_w):
        response = api(w.insp_y).post("issues/", issue_body(w, assignment, previous_issue=other.pk))
        assert response.status_code == 404, (other.code, response.content)
        assert list(response.json()["errors"]) == ["previous_issue"]
    # the service checks the rule itself too (same unit)
    from inspections import services

    with pytest.raises(Exception) as refused:
        services.issue_create(
            actor=w.insp_y,
            assignment=assignment,
            category=w.child_category,
            title="x",
            how_found="documents",
            nature="individual",
            previous_issue=w.i_v,
        )
    assert "previous_issue" in str(refused.value)
    # the statistic: a filter and its count, and the round page's figure
    listed = api(w.sup_a).get("issues/", {"not_rectified_before": "true", "round": round_.pk}).json()
    assert listed["count"] == 1
    assert Issue.objects.filter(round=round_, previous_issue__isnull=False).count() == 1
    client = Client()
    client.force_login(w.sup_a)
    page = client.get(f"/rounds/{round_.pk}/").content.decode()
    assert "上轮问题整改不到位" in page and "not_rectified_before=true" in page


def test_marking_on_the_draft_form(w, revisit):
    """The draft's edit form offers the unit's issues of the rounds looked back on; the detail page links it."""
    _round, assignment = revisit
    from inspections import services

    draft = services.issue_create(
        actor=w.insp_y,
        assignment=assignment,
        category=w.child_category,
        title="整改不到位",
        how_found="documents",
        nature="individual",
    )
    client = Client()
    client.force_login(w.insp_y)
    page = client.get(f"/issues/{draft.pk}/edit/").content.decode()
    assert 'name="previous_issue"' in page and "A-U-008" in page and "A-U-001" not in page
    body = {
        "category": w.child_category.pk,
        "title": "整改不到位",
        "how_found": "documents",
        "nature": "individual",
        "found_on": draft.found_on.isoformat(),
        "case_officer": w.insp_y.pk,
        "previous_issue": w.i_closed.pk,
        "version": draft.version,
    }
    response = client.post(f"/issues/{draft.pk}/edit/", body)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert Issue.objects.get(pk=draft.pk).previous_issue_id == w.i_closed.pk
    page = client.get(f"/issues/{draft.pk}/").content.decode()
    assert 'id="previous-issue"' in page and "A-U-008" in page


def test_an_inspector_of_the_revisit_is_handed_down_only_what_the_rule_allows(w, revisit):
    """inspections/scopes.inherited_issue_q: insp_y leads the revisit of unit U; in round_a he was in
    group Y (unit V), so none of U's findings open for him, yet he reads U's found ones as a list."""
    from inspections import revisits
    from inspections.choices import IssueStatus
    from inspections.scopes import inherited_issue_q

    round_, assignment = revisit
    withdrawn = Issue.objects.filter(pk=w.i_green.pk)
    withdrawn.update(status=IssueStatus.WITHDRAWN)
    # A second group of the revisit inspects V, led by county B's leader_z (no other tie to round_a).
    group_v = GroupFactory(round=round_, number=2)
    GroupMembershipFactory(group=group_v, user=w.leader_z, role=GroupRole.LEADER)
    AssignmentFactory(round=round_, unit=w.unit_v, group=group_v)

    def handed_down(person) -> set[str]:
        return set(Issue.objects.filter(inherited_issue_q(person)).values_list("code", flat=True))

    # U's findings of round_a, confirmed onward: not the draft, not the withdrawn one; not V's
    # (he sees V's in round_a as a member of group Y, but no revisit of his inspects V), not B's.
    assert handed_down(w.insp_y) == {"A-U-002", "A-U-003", "A-U-004", "A-U-006", "A-U-007", "A-U-008"}
    assert handed_down(w.leader_z) == {"A-V-001"}
    # An inspector of round_a on no revisit group: nothing. U's liaison sees the revisit's
    # assignment: U's findings, but only those fed back (not the confirmed A-U-002).
    assert handed_down(w.insp_x) == set()
    assert handed_down(w.liaison_u) == {"A-U-003", "A-U-004", "A-U-006", "A-U-007", "A-U-008"}
    # The revisit page's list: only the still-open ones, and only for who may see the assignment.
    listed = [issue.code for issue in revisits.open_earlier_issues(assignment, w.insp_y)]
    assert listed == ["A-U-003", "A-U-004", "A-U-006", "A-U-007"]
    assert list(revisits.open_earlier_issues(assignment, w.leader_z)) == []
    # Handed down is not opened: the findings themselves stay out of his scope (404 by URL).
    assert not Issue.objects.visible_to(w.insp_y).filter(unit=w.unit_u, round=w.round_a).exists()
    client = Client()
    client.force_login(w.insp_y)
    page = client.get(f"/assignments/{assignment.pk}/").content.decode()
    assert "A-U-003" in page and f"/issues/{w.i_overdue.pk}/" not in page
    assert client.get(f"/issues/{w.i_overdue.pk}/").status_code == 404


def test_looks_back_on_names_only_the_rounds_the_reader_may_see(w, api, revisit):
    """A reader of the revisit who may not see the round it looks back on is not told its id."""
    round_, _assignment = revisit
    group = GroupFactory(round=round_, number=2)
    GroupMembershipFactory(group=group, user=w.leader_z, role=GroupRole.LEADER)
    AssignmentFactory(round=round_, unit=w.unit_v, group=group)
    assert w.round_a.pk not in api(w.leader_z).ids("rounds/")  # county B's inspector: not round_a
    # detail and list alike: the id for who sees round_a, an empty list for who does not
    for person, expected in ((w.sup_a, [w.round_a.pk]), (w.insp_y, [w.round_a.pk]), (w.leader_z, [])):
        detail = api(person).get(f"rounds/{round_.pk}/")
        assert detail.status_code == 200, (person.username, detail.content)
        assert detail.json()["looks_back_on"] == expected, person.username
        rows = api(person).get("rounds/", {"page_size": 200}).json()["results"]
        assert [row["looks_back_on"] for row in rows if row["id"] == round_.pk] == [expected], person.username
