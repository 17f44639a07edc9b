"""Two offices per finding through the API and the pages, as the county supervisor of county A
sees it: the fed-back findings of the city's rounds in his units with their rectification; he
closes out what was handed over to him and gets 403 on the rest; clues and drafts stay hidden;
a cross round's member from county A gets 404 on county A's findings and clues."""

import pytest
from django.urls import reverse

from inspections.choices import IssueStatus
from inspections.models import Assignment, Issue
from rectification import selectors
from tests.api.conftest import Api
from tests.factories.two_level import make_two_level_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def w():
    return make_two_level_world()


def test_county_supervisor_lists_city_findings_in_his_units(w):
    api = Api(w.supervisor_a)
    listed = set(api.ids("issues"))
    assert listed == {w.ca_fed.pk, w.ca_pending.pk, w.ea_fed.pk, w.ea_pending.pk}
    body = api.get(f"issues/{w.ca_fed.pk}/").json()
    assert (body["office"], body["home_office"], body["supervising_office"]) == (
        w.city.pk,
        w.county_a.pk,
        w.city.pk,
    )
    assert api.get(f"issues/{w.ea_fed.pk}/").json()["supervising_office"] == w.county_a.pk
    # their rectification
    assert set(api.ids("measures")) == {w.ca_measure.pk}
    assert set(api.ids("progress")) == {w.ca_progress.pk}
    assert set(api.ids("feedbacks")) >= {w.asg_ca.feedback.pk, w.asg_ea.feedback.pk}
    # never drafts, unconfirmed findings or clues of the city's rounds
    for hidden in (w.ca_draft, w.ca_confirmed):
        assert api.get(f"issues/{hidden.pk}/").status_code == 404
    for clue in (w.ca_clue, w.ea_clue):
        assert api.get(f"clues/{clue.pk}/").status_code == 404
    assert api.get("clues/").json()["count"] == 0
    # nor the city group's political portrait of the unit (internal work of the inspecting office)
    Assignment.objects.filter(pk=w.asg_ca.pk).update(political_portrait="班子团结")
    assert api.get(f"assignments/{w.asg_ca.pk}/").json()["political_portrait"] is None
    assert Api(w.supervisor).get(f"assignments/{w.asg_ca.pk}/").json()["political_portrait"] == "班子团结"
    # a sibling county sees nothing of county A
    assert Api(w.supervisor_b).get(f"issues/{w.ca_fed.pk}/").status_code == 404


def test_close_out_follows_the_hand_over(w):
    api = Api(w.supervisor_a)
    handed = api.post(f"issues/{w.ea_pending.pk}/close/", {"comment": "整改到位"})
    assert handed.status_code == 200, handed.content
    assert handed.json()["status"] == IssueStatus.CLOSED
    not_handed = api.post(f"issues/{w.ca_pending.pk}/close/", {"comment": "整改到位"})
    assert not_handed.status_code == 403
    assert api.post(f"issues/{w.ca_pending.pk}/return/", {"comment": "不实"}).status_code == 403
    assert Issue.objects.get(pk=w.ca_pending.pk).status == IssueStatus.PENDING_REVIEW
    # the city (the inspecting office, an ancestor) still closes out what it kept
    assert Api(w.supervisor).post(f"issues/{w.ca_pending.pk}/close/", {}).status_code == 200


def test_review_queue_follows_the_supervising_office(w):
    from accounts.models import User

    county = User.objects.get(pk=w.supervisor_a.pk)
    assert set(selectors.issues_awaiting_review(user=county).values_list("pk", flat=True)) == {w.ea_pending.pk}
    city = User.objects.get(pk=w.supervisor.pk)
    assert set(selectors.issues_awaiting_review(user=city).values_list("pk", flat=True)) == {
        w.ea_pending.pk,
        w.ca_pending.pk,
    }


def test_hand_over_action(w):
    city = Api(w.supervisor)
    response = city.post(f"assignments/{w.asg_ca.pk}/hand-over/", {"to_home_office": True})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["supervising_office"] == w.county_a.pk and body["home_office"] == w.county_a.pk
    assert body["supervision_decided_by"] == w.supervisor.pk and body["supervision_decided_at"]
    assert set(Issue.objects.filter(assignment=w.asg_ca).values_list("supervising_office_id", flat=True)) == {
        w.county_a.pk
    }
    # now county A closes it out
    assert Api(w.supervisor_a).post(f"issues/{w.ca_pending.pk}/close/", {}).status_code == 200
    # taken back: the city supervises again
    back = city.post(f"assignments/{w.asg_ca.pk}/hand-over/", {"to_home_office": False})
    assert back.json()["supervising_office"] == w.city.pk
    # the decisions are in the assignment's history (the audit trail): who, when, which office
    history = list(
        Assignment.objects.get(pk=w.asg_ca.pk)
        .history.filter(supervision_decided_at__isnull=False)
        .values_list("supervising_office_id", "supervision_decided_by_id")
    )
    assert history == [(w.county_a.pk, w.supervisor.pk), (None, w.supervisor.pk)]


def test_hand_over_refusals(w):
    # a county supervisor cannot decide for the city's round (403), a regular round cannot hand over (409)
    assert (
        Api(w.supervisor_a).post(f"assignments/{w.asg_ca.pk}/hand-over/", {"to_home_office": True}).status_code == 403
    )
    regular = Api(w.supervisor).post(f"assignments/{w.assignment_x.pk}/hand-over/", {"to_home_office": True})
    assert regular.status_code == 409 and regular.json()["code"] == "not_handed_over_kind"
    assert Api(w.supervisor).post(f"assignments/{w.asg_ca.pk}/hand-over/", {}).status_code == 400
    # outside scope: 404
    assert (
        Api(w.supervisor_b).post(f"assignments/{w.asg_ca.pk}/hand-over/", {"to_home_office": True}).status_code == 404
    )


def test_cross_member_recused_from_his_own_county(w):
    api = Api(w.lead_a)
    assert set(api.ids("issues")) == {w.cb_fed.pk}
    assert set(api.ids("clues")) == {w.cb_clue.pk}
    for issue in (w.ca_draft, w.ca_fed):
        assert api.get(f"issues/{issue.pk}/").status_code == 404
    assert api.get(f"clues/{w.ca_clue.pk}/").status_code == 404
    assert api.get("issues/", {"q": w.ca_fed.code}).json()["count"] == 0
    assert api.get(f"assignments/{w.asg_ca.pk}/").status_code == 404
    # his county-B colleague is recused from county B's unit the same way
    assert set(Api(w.insp_b).ids("issues")) == {w.ca_draft.pk, w.ca_confirmed.pk, w.ca_fed.pk, w.ca_pending.pk}


def test_pages_for_the_county_supervisor(w, client):
    client.force_login(w.supervisor_a)
    listing = client.get(reverse("inspections:issue-list"))
    assert listing.status_code == 200
    content = listing.content.decode()
    assert w.ca_fed.code in content and w.ea_pending.code in content and w.ca_draft.code not in content
    assert client.get(reverse("rectification:issue", args=[w.ca_fed.pk])).status_code == 200
    page = client.get(reverse("rectification:assignment", args=[w.asg_ea.pk]))
    assert page.status_code == 200
    assert "supervision-decisions" in page.content.decode() and "hand-over-form" not in page.content.decode()
    queue = client.get(reverse("rectification:queue"))
    assert w.ea_pending.code in queue.content.decode() and w.ca_pending.code not in queue.content.decode()
    assert client.get(reverse("inspections:clue-detail", args=[w.ca_clue.pk])).status_code == 404


def test_hand_over_control_on_the_assignment_page(w, client):
    client.force_login(w.supervisor)
    page = client.get(reverse("rectification:assignment", args=[w.asg_ca.pk]))
    assert "hand-over-form" in page.content.decode()
    response = client.post(reverse("rectification:hand-over", args=[w.asg_ca.pk]), {"to": "home"})
    assert response.status_code == 302
    assert Assignment.objects.get(pk=w.asg_ca.pk).supervising_office_id == w.county_a.pk
    client.force_login(w.supervisor_a)
    refused = client.post(reverse("rectification:hand-over", args=[w.asg_ca.pk]), {"to": "inspecting"})
    assert refused.status_code == 403


def test_a_unit_moved_to_another_county_takes_its_findings_along(w, rf, django_user_model):
    """区划调整: the admin moves county A's unit to county B; its findings and clues follow it, so
    county B's supervisor now sees them and county A's no longer does."""
    from django.contrib.admin.sites import site

    from inspections.models import Clue, Unit

    admin = site._registry[Unit]
    request = rf.post("/")
    request.user = django_user_model.objects.create_superuser("t_root", password="x-Long-Passw0rd!")
    unit = Unit.objects.get(pk=w.unit_a2.pk)
    form_class = admin.get_form(request, unit)
    fields = form_class.base_fields
    data = {name: fields[name].prepare_value(getattr(unit, name)) for name in fields}
    data.update(office=w.county_b.pk, parent=unit.parent_id or "")
    form = form_class(data, instance=unit)
    assert form.is_valid(), form.errors
    admin.save_model(request, form.save(commit=False), form, change=True)

    assert set(Issue.objects.filter(unit=unit).values_list("home_office", flat=True)) == {w.county_b.pk}
    assert set(Clue.objects.filter(unit=unit).values_list("home_office", flat=True)) <= {w.county_b.pk}
    assert Api(w.supervisor_b).get(f"issues/{w.ca_fed.pk}/").status_code == 200
    assert Api(w.supervisor_a).get(f"issues/{w.ca_fed.pk}/").status_code == 404
    listed = Api(w.supervisor_b).get("issues/", {"home_office": w.county_b.pk}).json()
    assert w.ca_fed.pk in {row["id"] for row in listed["results"]}
