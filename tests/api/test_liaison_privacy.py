"""A unit's liaison sees its fed-back issues, but not the group's drafting or political portrait."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from inspections import services
from rectification import services as rect
from tests.factories import leaf_category, make_world

pytestmark = pytest.mark.django_db


def get(user, url):
    client = APIClient()
    client.force_authenticate(user)
    return client.get(url).json()


def test_liaison_timeline_starts_at_feedback_and_no_portrait():
    w = make_world()
    w.assignment_x.political_portrait = "班子凝聚力不强"
    w.assignment_x.save()
    issue = services.issue_create(
        actor=w.inspector_x, assignment=w.assignment_x, category=leaf_category(), title="问题", how_found="talk",
        nature="individual",
    )
    services.issue_review(actor=w.deputy_x, issue=issue, comment="内部审核意见")
    services.issue_confirm(actor=w.group_leader_x, issue=issue)
    rect.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=dt.date(2026, 5, 15))

    staff = [e["action"] for e in get(w.supervisor, f"/api/v1/issues/{issue.pk}/")["events"]]
    assert staff == ["create", "review", "confirm", "feedback"]
    liaison = get(w.liaison_x, f"/api/v1/issues/{issue.pk}/")
    assert [e["action"] for e in liaison["events"]] == ["feedback"]
    assert "内部审核意见" not in str(liaison)

    assert get(w.supervisor, f"/api/v1/assignments/{w.assignment_x.pk}/")["political_portrait"] == "班子凝聚力不强"
    assert get(w.liaison_x, f"/api/v1/assignments/{w.assignment_x.pk}/")["political_portrait"] is None
