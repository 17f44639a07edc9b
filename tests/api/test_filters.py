"""List filters (django-filter FilterSets shared with the HTML lists and exports) and ordering."""

import datetime as dt

import pytest

from inspections.models import Issue

pytestmark = pytest.mark.django_db


def codes(client, path, params):
    response = client.get(path, {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return [row["code"] for row in response.json()["results"]]


def test_status_takes_several_values(w, api):
    got = codes(api(w.sup_a), "issues/", {"status": ["pending_review", "closed"]})
    assert sorted(got) == ["A-U-007", "A-U-008"]


def test_overdue_is_rectifying_past_deadline_today(w, api):
    client = api(w.sup_city)
    assert sorted(codes(client, "issues/", {"overdue": "true"})) == ["A-U-003", "A-V-001", "B-W-001"]
    not_overdue = codes(client, "issues/", {"overdue": "false"})
    assert "A-U-003" not in not_overdue
    # pending review with a past deadline is the supervisor's move, not overdue
    assert "A-U-007" in not_overdue


def test_overdue_and_colour_in_rows(w, api):
    rows = {row["code"]: row for row in api(w.sup_a).get("issues/", {"page_size": 200}).json()["results"]}
    assert (rows["A-U-003"]["overdue"], rows["A-U-003"]["deadline_colour"]) == (True, "red")
    assert (rows["A-U-004"]["overdue"], rows["A-U-004"]["deadline_colour"]) == (False, "yellow")
    assert (rows["A-U-005"]["overdue"], rows["A-U-005"]["deadline_colour"]) == (False, "green")
    assert rows["A-U-006"]["deadline_colour"] is None  # more than 20 days left
    assert (rows["A-U-007"]["overdue"], rows["A-U-007"]["deadline_colour"]) == (False, None)
    assert rows["A-U-001"]["status_display"] == "草稿"
    assert rows["A-U-001"]["unit_name"] == "甲县住建局"
    assert rows["A-U-001"]["group_name"] == "第一巡察组"
    assert rows["A-U-001"]["round_name"] == "十五届县委第3轮"


def test_colour_follows_the_office_settings(w, api):
    type(w.county_a).objects.filter(pk=w.county_a.pk).update(warn_green_days=3, warn_yellow_days=1)
    rows = {row["code"]: row for row in api(w.sup_a).get("issues/", {"page_size": 200}).json()["results"]}
    assert rows["A-U-004"]["deadline_colour"] is None  # 5 days left, green only from 3


def test_free_text_matches_code_or_title(w, api):
    client = api(w.sup_a)
    assert codes(client, "issues/", {"q": "津贴"}) == ["A-U-001"]
    assert codes(client, "issues/", {"q": "a-v"}) == ["A-V-001"]


def test_office_filter_and_scope_together(w, api):
    client = api(w.sup_city)
    assert set(codes(client, "issues/", {"office": w.county_b.pk})) == {"B-W-001"}
    assert "B-W-001" not in codes(client, "issues/", {"office": w.county_a.pk})
    # an office outside the caller's scope is refused like an unknown one: 404, as in a path
    response = api(w.sup_a).get("issues/", {"office": w.county_b.pk})
    assert response.status_code == 404
    assert list(response.json()["errors"]) == ["office"]


def test_round_unit_group_assignment_filters(w, api):
    client = api(w.sup_a)
    assert codes(client, "issues/", {"unit": w.unit_v.pk}) == ["A-V-001"]
    assert codes(client, "issues/", {"group": w.group_y.pk}) == ["A-V-001"]
    assert codes(client, "issues/", {"assignment": w.asg_v.pk}) == ["A-V-001"]
    assert len(codes(client, "issues/", {"round": w.round_a.pk})) == 9


def test_category_includes_descendants(w, api):
    client = api(w.sup_a)
    under_parent = codes(client, "issues/", {"category": w.parent_category.pk})
    assert "A-U-001" in under_parent  # filed under a child of the parent
    assert "A-U-002" not in under_parent  # filed under another heading
    assert codes(client, "issues/", {"category": w.other_category.pk}) == ["A-U-002"]


def test_date_ranges(w, api):
    client = api(w.sup_a)
    assert codes(client, "issues/", {"found_on_after": "2026-04-01"}) == ["A-V-001"]
    today = w.i_overdue.deadline + dt.timedelta(days=3)
    got = codes(
        client,
        "issues/",
        {"deadline_after": today.isoformat(), "deadline_before": (today + dt.timedelta(days=20)).isoformat()},
    )
    assert sorted(got) == ["A-U-004", "A-U-005"]


def test_ordering_with_stable_tie_break(w, api):
    client = api(w.sup_a)
    got = codes(client, "issues/", {"ordering": "code"})
    assert got == sorted(got)
    got = codes(client, "issues/", {"ordering": "-deadline", "status": "rectifying"})
    deadlines = [Issue.objects.get(code=code).deadline for code in got]
    assert deadlines == sorted(deadlines, reverse=True)


def test_bad_filter_values_are_400_with_the_field(w, api):
    response = api(w.sup_a).get("issues/", {"status": "bogus", "deadline_after": "not-a-date"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert set(body["errors"]) == {"status", "deadline_after"}


def test_pagination_shape_and_limits(w, api):
    client = api(w.sup_a)
    page = client.get("issues/", {"page_size": 3}).json()
    assert page["count"] == 9 and len(page["results"]) == 3 and page["next"] and page["previous"] is None
    assert client.get("issues/", {"page_size": 1000}).status_code == 400  # at most 200
    response = client.get("issues/", {"page": 99})
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_clue_filters(w, api):
    client = api(w.clue_officer)
    assert codes(client, "clues/", {"status": "transferred"}) == ["XS-A-U-002"]
    assert codes(client, "clues/", {"q": "李某"}) == ["XS-A-U-001"]  # a reported person's name
    assert codes(client, "clues/", {"group": w.group_y.pk}) == ["XS-A-V-001"]
    assert codes(client, "clues/", {"recipient": "discipline"}) == ["XS-A-U-002"]


def test_unit_round_assignment_filters(w, api):
    client = api(w.admin)
    assert client.ids("units/", {"kind": "village"}) == [w.unit_v.pk]
    assert client.ids("units/", {"q": "住建"}) == [w.unit_u.pk]
    assert set(client.ids("units/", {"office": w.county_a.pk})) == {w.unit_u.pk, w.unit_v.pk}
    assert client.ids("rounds/", {"office": w.county_b.pk}) == [w.round_b.pk]
    assert client.ids("rounds/", {"stage": "on_site"}) == [w.round_a.pk]
    assert client.ids("assignments/", {"group": w.group_y.pk}) == [w.asg_v.pk]
    assert set(client.ids("groups/", {"round": w.round_a.pk})) == {w.group_x.pk, w.group_y.pk}
    assert client.ids("groups/", {"member": w.insp_x.pk}) == [w.group_x.pk]


def test_rectification_filters(w, api):
    client = api(w.admin)
    assert client.ids("feedbacks/", {"office": w.county_b.pk}) == [w.feedback_w.pk]
    assert client.ids("plans/", {"unit": w.unit_u.pk}) == [w.plan_u.pk]
    assert client.ids("measures/", {"issue": w.i_overdue.pk}) == [w.measure_u.pk]
    assert client.ids("progress/", {"office": w.county_a.pk}) == [w.progress_u.pk]
    assert client.ids("reviews/", {"decision": "return"}) == [w.review_w.pk]
    assert client.ids("evaluations/", {"grade": "excellent"}) == [w.evaluation_u.pk]
    assert client.ids("actions/", {"kind": "interview"}) == [w.action_w.pk]
    assert set(client.ids("alerts/", {"office": w.county_a.pk})) == {w.alert_u.pk, w.alert_clue.pk}
    assert client.ids("alerts/", {"kind": "clue_result"}) == [w.alert_clue.pk]
    assert client.ids("stats/", {"office": w.county_a.pk}) == [w.stat_a.pk]
