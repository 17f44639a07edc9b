"""``office`` + ``office_scope=self|subtree`` on every list that filters by an office (issue 12)."""

import json

import pytest

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
