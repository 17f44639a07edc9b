"""Who sees what through the API: for each role, every resource's list shows exactly the rows in
the caller's scope and every detail outside it answers 404 (existence is never revealed)."""

import pytest

pytestmark = pytest.mark.django_db

# resource -> (objects of county A, objects of county B); clues and clue alerts listed apart.
OBJECTS = {
    "offices": (("county_a",), ("county_b",)),
    "units": (("unit_u", "unit_v"), ("unit_w",)),
    "rounds": (("round_a",), ("round_b",)),
    "groups": (("group_x", "group_y"), ("group_z",)),
    "assignments": (("asg_u", "asg_v"), ("asg_w",)),
    "issues": (
        ("i_draft", "i_confirmed", "i_overdue", "i_yellow", "i_green", "i_far", "i_pending", "i_closed", "i_v"),
        ("i_w",),
    ),
    "clues": (("c_draft", "c_transferred", "c_v"), ("c_w",)),
    "secretary-points": (("point_a",), ("point_b",)),
    "special-reports": (("report_a",), ("report_b",)),
    "feedbacks": (("feedback_u",), ("feedback_w",)),
    "plans": (("plan_u",), ("plan_w",)),
    "measures": (("measure_u",), ("measure_w",)),
    "progress": (("progress_u",), ("progress_w",)),
    "reviews": (("review_u",), ("review_w",)),
    "evaluations": (("evaluation_u",), ("evaluation_w",)),
    "actions": (("action_u",), ("action_w",)),
    "alerts": (("alert_u", "alert_clue"), ("alert_w",)),
    "stats": (("stat_a",), ("stat_b",)),
}
A = {resource: set(a) for resource, (a, _) in OBJECTS.items()}
B = {resource: set(b) for resource, (_, b) in OBJECTS.items()}
NOTHING = {resource: set() for resource in OBJECTS}


def merge(*maps):
    return {resource: set().union(*(m.get(resource, set()) for m in maps)) for resource in OBJECTS}


def without(mapping, **removed):
    return {resource: keys - set(removed.get(resource.replace("-", "_"), ())) for resource, keys in mapping.items()}


NO_CLUES = {"clues": A["clues"] | B["clues"], "alerts": {"alert_clue"}}
CITY = {"offices": {"city"}}
GROUP_X = {
    "units": {"unit_u"},
    "rounds": {"round_a"},
    "groups": {"group_x"},
    "assignments": {"asg_u"},
    "issues": A["issues"] - {"i_v"},
    "secretary-points": {"point_a"},
    "special-reports": {"report_a"},
    "feedbacks": {"feedback_u"},
    "plans": {"plan_u"},
    "measures": {"measure_u"},
    "progress": {"progress_u"},
    "reviews": {"review_u"},
    "evaluations": {"evaluation_u"},
}

EXPECTED = {
    "admin": merge(A, B, CITY),
    "sup_city": without(merge(A, B, CITY), **NO_CLUES),
    "leader": without(merge(A, B, CITY), **NO_CLUES),
    "sup_a": without(A, **NO_CLUES),
    "sup_b": without(B, **NO_CLUES),
    # A clue officer reads his office's data and its clues, and only the clue alerts.
    "clue_officer": without(A, alerts={"alert_u"}),
    # A plain member of group X: the assignment of his group, no actions/alerts/stats; of the clues
    # only the draft he recorded himself (read-only, until it is transferred: issue 15).
    "insp_x": merge(GROUP_X, {"clues": {"c_draft"}}),
    # The leader of group X also reads the group's clues.
    "leader_x": merge(GROUP_X, {"clues": {"c_draft", "c_transferred"}}),
    "insp_y": merge(
        {
            "units": {"unit_v"},
            "rounds": {"round_a"},
            "groups": {"group_y"},
            "assignments": {"asg_v"},
            "issues": {"i_v"},
            "secretary-points": {"point_a"},
            "special-reports": {"report_a"},
            "clues": {"c_v"},  # the draft he recorded
        }
    ),
    # A liaison: his own unit, its fed-back issues (no drafts), never clues, points or reports.
    "liaison_u": merge(
        {
            "units": {"unit_u"},
            "rounds": {"round_a"},
            "groups": {"group_x"},
            "assignments": {"asg_u"},
            "issues": {"i_overdue", "i_yellow", "i_green", "i_far", "i_pending", "i_closed"},
            "feedbacks": {"feedback_u"},
            "plans": {"plan_u"},
            "measures": {"measure_u"},
            "progress": {"progress_u"},
            "reviews": {"review_u"},
            "evaluations": {"evaluation_u"},
            "actions": {"action_u"},
            "alerts": {"alert_u"},
        }
    ),
    "nobody": NOTHING,
}

CASES = [(role, resource) for role in EXPECTED for resource in OBJECTS]


@pytest.mark.parametrize(("role", "resource"), CASES, ids=[f"{r}-{res}" for r, res in CASES])
def test_list_and_detail_follow_scope(w, api, role, resource):
    client = api(getattr(w, role))
    expected = EXPECTED[role][resource]
    known = {
        key: getattr(w, key).pk for key in A[resource] | B[resource] | ({"city"} if resource == "offices" else set())
    }

    listed = set(client.ids(resource))
    assert {key for key, pk in known.items() if pk in listed} == expected

    for key, pk in known.items():
        response = client.get(f"{resource}/{pk}/")
        if key in expected:
            assert response.status_code == 200, (key, response.content)
            assert response.json()["id"] == pk
        else:
            assert response.status_code == 404, (key, response.content)
            assert response.json() == {"detail": "未找到该对象，或您无权访问。", "code": "not_found"}


def test_liaison_never_sees_clues(w, api):
    client = api(w.liaison_u)
    response = client.get("clues/")
    assert response.status_code == 200
    assert response.json()["count"] == 0
    assert client.get(f"clues/{w.c_draft.pk}/").status_code == 404
    assert client.post(f"clues/{w.c_draft.pk}/transfer/", {}).status_code == 404


def test_anonymous_gets_401_in_the_error_shape(w):
    from rest_framework.test import APIClient

    response = APIClient().get("/api/v1/issues/")
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "not_authenticated"
    assert body["detail"]
    assert "Token" in response.headers["WWW-Authenticate"]


def test_nothing_is_deleted(w, api):
    response = api(w.admin).delete(f"issues/{w.i_draft.pk}/")
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
