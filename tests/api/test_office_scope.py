"""``office`` + ``office_scope=self|subtree`` on every list that filters by an office (issue 12)."""

import json

import pytest
from django.core.exceptions import ValidationError

from ledgers.selectors import describe_filters, filtered_queryset, ledger_spec

pytestmark = pytest.mark.django_db

# Every API list whose FilterSet has an office filter.
LISTS = (
    "issues",
    "clues",
    "rounds",
    "units",
    "groups",
    "assignments",
    "secretary-points",
    "special-reports",
    "feedbacks",
    "plans",
    "measures",
    "progress",
    "reviews",
    "extensions",
    "evaluations",
    "actions",
    "alerts",
    "stats",
)


@pytest.mark.parametrize("path", LISTS)
def test_subtree_of_the_top_office_is_everything_self_is_its_own(w, api, path):
    client = api(w.admin)
    everything = client.ids(path)
    assert sorted(client.ids(path, {"office": w.city.pk, "office_scope": "subtree"})) == sorted(everything)
    own = client.ids(path, {"office": w.city.pk, "office_scope": "self"})
    assert client.ids(path, {"office": w.city.pk}) == own  # self is the default
    county = client.ids(path, {"office": w.county_a.pk})
    assert sorted(client.ids(path, {"office": w.county_a.pk, "office_scope": "subtree"})) == sorted(county)


def test_issues_of_a_city_office_with_its_counties(w, api):
    client = api(w.sup_city)
    codes = lambda params: sorted(  # noqa: E731
        row["code"] for row in client.get("issues/", {"page_size": 200, **params}).json()["results"]
    )
    assert codes({"office": w.city.pk}) == []  # the city ran no round of its own here
    below = codes({"office": w.city.pk, "office_scope": "subtree"})
    assert "B-W-001" in below and "A-U-003" in below
    assert below == codes({})


@pytest.mark.parametrize("path", ("issues", "clues", "rounds", "alerts", "stats", "actions"))
def test_a_bad_office_scope_is_a_400(w, api, path):
    response = api(w.admin).get(f"{path}/", {"office": w.city.pk, "office_scope": "everything"})
    assert response.status_code == 400
    assert "office_scope" in response.json()["errors"]


def test_the_schema_types_office_scope_as_an_enum(w, api):
    response = api(w.admin).client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    for path in ("/api/v1/issues/", "/api/v1/clues/", "/api/v1/rounds/", "/api/v1/stats/"):
        parameters = {p["name"]: p for p in schema["paths"][path]["get"]["parameters"]}
        assert parameters["office_scope"]["schema"]["enum"] == ["self", "subtree"], path


# --- the HTML lists and the ledger export --------------------------------------------------------


def test_the_issue_list_page_offers_the_scope_next_to_the_office(client, w):
    client.force_login(w.sup_city)
    response = client.get("/issues/", {"office": w.city.pk, "office_scope": "subtree"})
    assert response.status_code == 200
    html = response.content.decode()
    assert html.index('name="office"') < html.index('name="office_scope"') < html.index('name="home_office"')
    assert "本机构及下级机构" in html
    everything = client.get("/issues/").context["page"].paginator.count
    assert response.context["page"].paginator.count == everything == 10
    assert client.get("/issues/", {"office": w.city.pk}).context["page"].paginator.count == 0


def test_the_ledger_export_takes_the_scope(client, w):
    spec = ledger_spec("issues")
    subtree = {"office": str(w.city.pk), "office_scope": "subtree"}
    assert filtered_queryset(w.admin, spec, subtree).count() == filtered_queryset(w.admin, spec, {}).count() == 10
    assert filtered_queryset(w.admin, spec, {"office": str(w.city.pk)}).count() == 0
    assert "机构范围=本机构及下级机构" in describe_filters(spec, subtree)
    with pytest.raises(ValidationError) as raised:
        filtered_queryset(w.admin, spec, {**subtree, "office_scope": "all"})
    assert "filters.office_scope" in raised.value.message_dict
    # The export page keeps it from the query string and counts the same rows.
    client.force_login(w.admin)
    response = client.get("/ledgers/issues/", subtree)
    assert response.status_code == 200 and response.context["count"] == 10
    assert 'name="office_scope"' in response.content.decode()


def test_home_office_and_inspected_by_read_the_scope_too(w, api):
    client = api(w.admin)
    assert sorted(client.ids("units", {"inspected_by": w.county_a.pk})) == sorted([w.unit_u.pk, w.unit_v.pk])
    assert client.ids("units", {"inspected_by": w.city.pk}) == []
    assert len(client.ids("units", {"inspected_by": w.city.pk, "office_scope": "subtree"})) == 3
    issues = client.ids("issues")
    assert sorted(client.ids("issues", {"home_office": w.city.pk, "office_scope": "subtree"})) == sorted(issues)
    assert client.ids("issues", {"home_office": w.city.pk}) == []
    assert client.ids("issues", {"home_office": w.county_b.pk}) == [w.i_w.pk]
    assert client.ids("rounds", {"home_office": w.county_b.pk}) == [w.round_b.pk]
