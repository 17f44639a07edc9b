"""Similar findings: the index, the list in the reader's scope, the API, the page pieces, and
the incremental path."""

from __future__ import annotations

from unittest import mock

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from inspections.choices import IssueStatus
from inspections.models import Issue
from similarity import index, selectors
from similarity.models import IssueTerms, Posting, TermStat
from similarity.tasks import index_issue

pytestmark = pytest.mark.django_db


def codes(user, issue, limit=5):
    return [row.issue.code for row in selectors.similar_issues(User.objects.get(pk=user.pk), issue, limit)]


def api(user):
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=user.pk))
    return client


def test_the_same_problem_in_other_units_comes_first_and_the_unrelated_never(sw):
    index.rebuild()
    found = codes(sw.w.admin, sw.x)
    assert {"Y-1", "A-1"} <= set(found[:4])  # the same problem in other units, near the top
    assert "Y-2" not in found and "X-1" not in found
    rows = selectors.similar_issues(User.objects.get(pk=sw.w.admin.pk), sw.x)
    assert all(0.3 <= row.score <= 1 for row in rows)
    assert {row.issue.code: row.relation for row in rows}["Y-1"] == "common"


def test_a_liaison_sees_similar_findings_of_his_own_unit_only(sw):
    index.rebuild()
    # The liaison of unit X: the earlier closed finding of his unit, never other units' nor the group's draft.
    assert codes(sw.w.liaison_x, sw.x) == ["E-1"]
    # The county A liaison sees nothing of the city's units.
    assert codes(sw.w.liaison_a, sw.a) == []


def test_nobody_sees_an_out_of_scope_finding_through_the_similar_list(sw):
    index.rebuild()
    # Group Y's leader also led the earlier round's group (E-1); never group X's or county A's findings.
    assert codes(sw.w.inspector_y, sw.y) == ["E-1"]
    county = codes(sw.w.supervisor_a, sw.a)
    assert county == []  # county A sees only its own unit's findings
    w = sw.w
    for user in (w.liaison_x, w.liaison_a, w.inspector_x, w.inspector_y, w.supervisor_a, w.supervisor_b):
        visible = set(Issue.objects.visible_to(user).values_list("code", flat=True))
        for issue in (sw.x, sw.y, sw.a):
            assert set(codes(user, issue, 20)) <= visible


def test_api_similar_list_is_scoped_and_shows_score_and_shared_terms(sw):
    index.rebuild()
    response = api(sw.w.supervisor).get(f"/api/v1/issues/{sw.x.pk}/similar/")
    assert response.status_code == 200
    body = response.json()
    first = body[0]
    assert set(first) == {"issue", "score", "shared_terms", "relation"}
    assert first["issue"]["code"] in {"Y-1", "A-1", "E-1", "X-2"}
    assert "接待" in sum((row["shared_terms"] for row in body), [])
    # Out of scope: 404, like an unknown id.
    assert api(sw.w.liaison_a).get(f"/api/v1/issues/{sw.x.pk}/similar/").status_code == 404
    assert api(sw.w.supervisor).get(f"/api/v1/issues/{sw.x.pk}/similar/", {"limit": "0"}).status_code == 400
    assert api(sw.w.supervisor).get("/api/v1/issues/999999/similar/").status_code == 404
    liaison = api(sw.w.liaison_x).get(f"/api/v1/issues/{sw.x.pk}/similar/").json()
    assert [row["issue"]["code"] for row in liaison] == ["E-1"]


def test_finding_page_panel_and_form_hint(sw):
    index.rebuild()
    client = Client()
    client.force_login(sw.w.group_leader_x)
    page = client.get(f"/issues/{sw.x.pk}/").content.decode()
    assert f"/similar/issues/{sw.x.pk}/" in page
    panel = client.get(f"/similar/issues/{sw.x.pk}/").content.decode()
    assert "超标准公务接待" in panel and "党员发展" not in panel
    assert "可能共性" in panel or "可能重复" in panel  # each row says which it may be
    typed = {"title": "公务接待超出标准", "assignment": sw.w.assignment_x.pk}
    hint = client.get("/similar/hint/", typed).content.decode()
    assert "可能重复" in hint and "X-1" in hint
    assert "Y-1" not in hint  # group X's leader does not see group Y's findings
    form = client.get(f"/issues/new/?assignment={sw.w.assignment_x.pk}").content.decode()
    assert "/similar/hint/" in form and "<script>" not in form


def test_index_is_incremental_and_idempotent(sw):
    index.rebuild()
    assert index.rebuild()["written"] == 0  # nothing changed: nothing rewritten
    postings = Posting.objects.count()
    assert index_issue(sw.x.pk) is False  # unchanged text: a no-op
    sw.x.title = "党员发展程序不规范，材料不全"
    sw.x.save()
    assert index_issue(sw.x.pk) is True
    assert "Y-2" in codes(sw.w.admin, sw.x)
    assert Posting.objects.filter(issue=sw.x).count() == len(IssueTerms.objects.get(issue=sw.x).terms)
    sw.x.status = IssueStatus.WITHDRAWN
    sw.x.save()
    index_issue(sw.x.pk)
    assert not IssueTerms.objects.filter(issue=sw.x).exists() and not Posting.objects.filter(issue=sw.x).exists()
    index.rebuild()
    assert Posting.objects.count() < postings + 10 and TermStat.objects.filter(df__gt=0).exists()


def test_a_saved_finding_is_queued_for_indexing_on_commit(sw, django_capture_on_commit_callbacks):
    with mock.patch("similarity.signals.queue_index") as queue, django_capture_on_commit_callbacks(execute=True):
        sw.y.title = "新的标题"
        sw.y.save()
    queue.assert_called_once_with(sw.y.pk)
