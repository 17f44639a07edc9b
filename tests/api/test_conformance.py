"""The API accepts what its OpenAPI schema declares and refuses the rest (finding 20 of the
security review): strict query strings, 404 for an unseen id wherever it is given, 409 for a
duplicate, JSON bodies (multipart only where files are taken), and the answers the schema states."""

import pytest
from rest_framework.test import APIClient

from tests.api.conftest import token_client

NOT_VISIBLE = ["不存在或无权访问。"]


# -- query strings --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "params",
    [
        {"found_on_after": ""},
        {"deadline_before": ""},
        {"office": ""},
        {"status": ""},
        {"nature": ""},
        {"overdue": ""},
        {"ordering": ""},
    ],
)
def test_an_empty_typed_filter_is_400_not_ignored(w, api, params):
    response = api(w.sup_a).get("issues/", params)
    assert response.status_code == 400, response.content
    body = response.json()
    assert body["code"] == "invalid" and list(body["errors"]) == list(params)


def test_an_empty_search_is_still_no_search(w, api):
    response = api(w.sup_a).get("issues/", {"q": ""})
    assert response.status_code == 200
    assert response.json()["count"] == 9


@pytest.mark.parametrize(
    "params",
    [
        {"overdue": "maybe"},
        {"overdue": "1"},
        {"found_on_after": "04/02/2026"},
        {"office": "abc"},
        {"office": "0"},
        {"office": "-3"},
        {"office": "9223372036854775808"},
        {"office": "1" * 5000},
    ],
)
def test_a_malformed_filter_is_400(w, api, params):
    response = api(w.sup_a).get("issues/", params)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == list(params)


@pytest.mark.parametrize(("path", "name"), [("groups/", "number"), ("reviews/", "reviewer"), ("stats/", "scope_id")])
def test_whole_number_filters_refuse_decimals(w, api, path, name):
    assert api(w.sup_a).get(path, {name: "1"}).status_code == 200
    response = api(w.sup_a).get(path, {name: "0.5"})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [name]


def test_an_unseen_id_in_a_filter_is_404_like_in_a_path(w, api):
    # another county's office, and an office that does not exist: the same answer
    for office in (w.county_b.pk, 999999):
        response = api(w.sup_a).get("issues/", {"office": office})
        assert response.status_code == 404, response.content
        assert response.json() == {
            "detail": "不存在或无权访问。",
            "code": "not_found",
            "errors": {"office": NOT_VISIBLE},
        }
    # together with another mistake it is a 400 naming both
    response = api(w.sup_a).get("issues/", {"office": 999999, "deadline_after": "2026-99-99"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"office", "deadline_after"}


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"page_size": "null"}, "page_size"),
        ({"page_size": ""}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "201"}, "page_size"),
        ({"page_size": "2.5"}, "page_size"),
        ({"page": "0"}, "page"),
        ({"page": "last"}, "page"),
        ({"page": ""}, "page"),
        ({"page": "9" * 5000}, "page"),
    ],
)
def test_page_and_page_size_are_positive_integers(w, api, params, field):
    response = api(w.sup_a).get("issues/", params)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [field]


def test_page_size_up_to_the_maximum_and_pages_past_the_end(w, api):
    client = api(w.sup_a)
    assert len(client.get("issues/", {"page_size": 200}).json()["results"]) == 9
    assert client.get("issues/", {"page": 2, "page_size": 5}).status_code == 200
    response = client.get("issues/", {"page": 3, "page_size": 5})
    assert (response.status_code, response.json()["code"]) == (404, "not_found")


def test_stats_summary_empty_or_bad_dates_are_400(w, api):
    for params in ({"from": ""}, {"to": "2026-13-01"}, {"office": "0"}):
        response = api(w.sup_a).get("stats/summary/", params)
        assert response.status_code == 400, (params, response.content)
        assert list(response.json()["errors"]) == list(params)


def test_stats_summary_period_in_order(w, api):
    response = api(w.sup_a).get("stats/summary/", {"from": "2026-10-29", "to": "2025-08-03"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["to"]


def test_stats_summary_answers_from_and_to(w, api):
    body = api(w.sup_a).get("stats/summary/", {"from": "2026-01-01", "to": "2026-12-31"}).json()
    assert (body["from"], body["to"]) == ("2026-01-01", "2026-12-31")
    assert "date_from" not in body and "date_to" not in body


# -- bodies ---------------------------------------------------------------------------------


def test_an_unseen_id_in_a_body_is_404_naming_the_field(w, api):
    response = api(w.sup_a).post("rounds/", {"office": w.county_b.pk, "term": "十五届县委", "sequence": 9})
    assert response.status_code == 400  # other fields missing too: a 400 naming all
    assert "office" in response.json()["errors"]
    body = {
        "office": w.county_b.pk,
        "term": "十五届县委",
        "sequence": 9,
        "kind": "regular",
        "theme": "常规巡察",
        "planned_start": "2026-09-01",
        "planned_end": "2026-10-30",
    }
    response = api(w.sup_a).post("rounds/", body)
    assert response.status_code == 404
    assert response.json() == {"detail": "不存在或无权访问。", "code": "not_found", "errors": {"office": NOT_VISIBLE}}


def test_a_duplicate_is_409(w, api):
    body = {
        "office": w.county_a.pk,
        "term": "十五届县委",
        "sequence": 7,
        "kind": "regular",
        "theme": "常规巡察",
        "planned_start": "2026-09-01",
        "planned_end": "2026-10-30",
    }
    assert api(w.sup_a).post("rounds/", body).status_code == 201
    response = api(w.sup_a).post("rounds/", body)
    assert response.status_code == 409, response.content
    assert response.json()["code"] == "duplicate"


@pytest.mark.parametrize("amount", [12.5, "-1", "1.234", "1e3", ".5", ""])
def test_amounts_are_decimal_strings(w, api, amount):
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/close/", {"funds_refunded_wan": amount})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["funds_refunded_wan"]


@pytest.mark.parametrize(
    "change",
    [
        {"comment": 5},  # text as a number
        {"corrected": "2"},  # a count as text
        {"corrected": True},
        {"version": 1.0},
    ],
)
def test_json_values_have_the_types_the_schema_gives(w, api, change):
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/close/", change)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == list(change)


def test_ids_in_a_body_are_integers_in_range(w, api):
    body = {"text": "方案", "assignment": str(w.asg_u.pk)}
    assert list(api(w.liaison_u).post("plans/", body).json()["errors"]) == ["assignment"]
    for bad in (0, -1, 2**63, True):
        response = api(w.liaison_u).post("plans/", {**body, "assignment": bad})
        assert response.status_code == 400, (bad, response.content)
        assert list(response.json()["errors"]) == ["assignment"]


def test_blank_text_is_refused_after_trimming(w, api):
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/return/", {"comment": " \t\f"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["comment"]


def test_an_api_path_with_a_newline_is_a_json_404(w, api):
    response = api(w.sup_a).client.get("/api/v1/issues/%0A/")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_bodies_are_json_and_multipart_only_where_files_are_taken(w, api):
    client = api(w.sup_a)
    form = client.client.post(f"/api/v1/issues/{w.i_pending.pk}/close/", {"comment": "好"}, format="multipart")
    assert form.status_code == 415
    assert form.json()["code"] == "unsupported_media_type"
    urlencoded = client.client.generic(
        "POST", "/api/v1/measures/", "issue=1", content_type="application/x-www-form-urlencoded"
    )
    assert urlencoded.status_code == 415
    # a plan review takes no file: JSON only, though the plan's other writes take multipart
    review = client.client.post(f"/api/v1/plans/{w.plan_u.pk}/review/", {"approve": "true"}, format="multipart")
    assert review.status_code == 415


def test_a_rectifying_issue_without_deadline_is_not_overdue_rather_than_null(w, api):
    from inspections.models import Issue

    Issue.objects.filter(pk=w.i_far.pk).update(deadline=None)
    row = api(w.sup_a).get(f"issues/{w.i_far.pk}/").json()
    assert row["overdue"] is False
    rows = {row["id"]: row for row in api(w.sup_a).get("issues/", {"page_size": 200}).json()["results"]}
    assert rows[w.i_far.pk]["overdue"] is False


def test_liaison_sees_a_null_political_portrait_as_the_schema_says(w, api, settings):
    row = api(w.liaison_u).get(f"assignments/{w.asg_u.pk}/").json()
    assert row["political_portrait"] is None


# -- the server errors schemathesis found ---------------------------------------------------


def test_a_duplicate_assignment_with_dates_out_of_order_is_400_not_500(w, api):
    body = {"round": w.round_a.pk, "unit": w.unit_u.pk, "group": w.group_x.pk}
    response = api(w.sup_a).post("assignments/", {**body, "entry_date": "2026-05-01", "exit_date": "2026-04-01"})
    assert response.status_code == 400, response.content
    assert set(response.json()["errors"]) == {"non_field_errors", "exit_date"}


def test_token_with_a_nul_in_the_username_is_400(db):
    response = APIClient().post("/api/v1/auth/token/", {"username": "ad\x00min", "password": "x"}, format="json")
    assert response.status_code == 400, response.content
    assert "username" in response.json()["errors"]


@pytest.mark.parametrize(
    "filters",
    [
        {"status": {"nested": {"deep": [1, 2]}}},
        {"a\x00b": "x"},
        {"status": ["draft", {"x": 1}]},
        {"q": "a\x00b"},
        {"status": 1.5},
    ],
)
def test_export_filters_must_be_flat_text(w, filters):
    response = token_client(w.sup_a).post("/api/v1/exports/", {"ledger": "issues", "filters": filters}, format="json")
    assert response.status_code == 400, response.content
    assert response.json()["errors"] == {
        "filters": ["筛选条件的值应为文字、整数、true/false，或由它们组成的列表；不能含有空字符（NUL）。"]
    }


# -- found by the run after the on-site registers, campaigns and recurrences were added ------


@pytest.mark.parametrize("value", [{}, {"1": 2}, "1", [True], ["1"], [1.0]])
def test_a_list_of_ids_must_be_a_json_list_of_integers(w, api, value):
    # DRF reads any iterable but text as the list: {} was taken for an empty list, "1" items for ids.
    response = api(w.sup_a).patch(f"rounds/{w.round_a.pk}/", {"looks_back_on": value})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["looks_back_on"]
    assert api(w.sup_a).patch(f"rounds/{w.round_a.pk}/", {"looks_back_on": []}).status_code == 200


@pytest.mark.parametrize("ordering", ["", ",", "id,", ",-id", "id,,number"])
def test_an_empty_name_in_the_ordering_is_400(w, api, ordering):
    # The schema's ordering is a list of known names: "" reads as one empty name, as "," as two.
    response = api(w.sup_a).get("special-reports/", {"ordering": ordering})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["ordering"]
    assert api(w.sup_a).get("special-reports/", {"ordering": "-number,id"}).status_code == 200


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("stats/summary/", {"round": "1.0"}),
        ("stats/summary/", {"office": " 1"}),
        ("stats/summary/", {"from": "20260101"}),
        ("stats/breakdown/", {"by": "unit_kind", "year": "2026.0"}),
        ("stats/breakdown/", {"by": "unit_kind", "subtree": "1"}),
        ("stats/breakdown/", {"by": "unit_kind", "subtree": "yes"}),
        ("stats/breakdown/", {"by": "unit_kind", "to": "2026-W01-1"}),
        ("issues/{issue}/similar/", {"limit": "2.0"}),
    ],
)
def test_query_values_are_spelled_as_the_schema_types_them(w, api, path, params):
    # A whole number in digits, a boolean true/false, a date YYYY-MM-DD, as the list filters take them.
    response = api(w.sup_a).get(path.format(issue=w.i_pending.pk), params)
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == [name for name in params if name != "by"]


def test_the_breakdown_term_needs_more_than_whitespace(w, api):
    response = api(w.sup_a).get("stats/breakdown/", {"by": "unit_kind", "term": " "})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["term"]
    fine = {"by": "unit_kind", "subtree": "false", "year": "2026", "to": "2026-12-31"}
    assert api(w.sup_a).get("stats/breakdown/", fine).status_code == 200


@pytest.mark.parametrize("theme", ["\x1d" + "巡" * 200, " " * 201, "巡" * 200 + "\n"])
def test_text_over_its_max_length_as_sent_is_400(w, api, theme):
    # DRF trims whitespace (a leading "\x1d" too) before measuring; the schema's maxLength is what is sent.
    response = api(w.sup_a).patch(f"rounds/{w.round_a.pk}/", {"theme": theme})
    assert response.status_code == 400, response.content
    assert list(response.json()["errors"]) == ["theme"]
    assert api(w.sup_a).patch(f"rounds/{w.round_a.pk}/", {"theme": " " + "巡" * 199}).status_code == 200
