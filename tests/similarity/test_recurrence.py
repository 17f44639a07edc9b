"""屡查屡犯: a finding confirmed for a unit that had a closed similar finding in an earlier round."""

from __future__ import annotations

import pytest
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from inspections import services as issue_services
from inspections.choices import IssueStatus
from similarity import index, services
from similarity.models import Recurrence
from similarity.tasks import index_issue
from tests.factories import leaf_category

pytestmark = pytest.mark.django_db


def test_confirming_a_repeat_flags_it_with_the_earlier_finding(sw):
    index.rebuild()
    w = sw.w
    issue = issue_services.issue_create(
        actor=w.inspector_x,
        assignment=w.assignment_x,
        category=leaf_category(),
        title="公务接待超标准，接待无公函",
        how_found="talk",
        nature="individual",
    )
    index_issue(issue.pk)
    assert not Recurrence.objects.filter(issue=issue).exists()  # a draft is not a finding yet
    issue_services.issue_confirm(actor=w.group_leader_x, issue=issue)
    index_issue(issue.pk)  # what the on-commit task runs
    recurrence = Recurrence.objects.get(issue=issue)
    assert recurrence.earlier == sw.earlier and recurrence.unit == w.unit_x and recurrence.score >= 0.5
    index_issue(issue.pk)
    assert Recurrence.objects.filter(issue=issue).count() == 1  # idempotent


def test_all_recurrences_and_their_counts_and_unit_block(sw):
    index.rebuild()
    assert services.recurrences_detect_all() == 1  # X-1 repeats E-1; A-1 and Y-1 are other units
    assert Recurrence.objects.get().issue == sw.x
    assert services.recurrences_detect_all() == 1 and Recurrence.objects.count() == 1

    client = APIClient()
    client.force_authenticate(User.objects.get(pk=sw.w.supervisor.pk))
    counts = client.get("/api/v1/recurrences/counts/", {"by": "unit"}).json()
    assert counts == [{"id": sw.w.unit_x.pk, "name": sw.w.unit_x.name, "count": 1}]
    assert client.get("/api/v1/recurrences/counts/", {"by": "office"}).json()[0]["count"] == 1
    assert client.get("/api/v1/recurrences/counts/", {"by": "group"}).status_code == 400
    listed = client.get("/api/v1/recurrences/").json()
    assert listed["count"] == 1 and listed["results"][0]["earlier_code"] == "E-1"

    # Scope: county A sees no recurrence; the liaison of unit X sees his unit's.
    other = APIClient()
    other.force_authenticate(User.objects.get(pk=sw.w.supervisor_a.pk))
    assert other.get("/api/v1/recurrences/").json()["count"] == 0
    assert other.get("/api/v1/recurrences/counts/").json() == []

    page = Client()
    page.force_login(sw.w.liaison_x)
    block = page.get(f"/similar/units/{sw.w.unit_x.pk}/recurrences/").content.decode()
    assert "E-1" in block and "X-1" in block
    assert (
        f"/similar/units/{sw.w.unit_x.pk}/recurrences/"
        in page.get(f"/rectification/units/{sw.w.unit_x.pk}/").content.decode()
    )


def test_a_withdrawn_finding_is_no_recurrence(sw):
    index.rebuild()
    services.recurrences_detect_all()
    sw.x.status = IssueStatus.WITHDRAWN
    sw.x.save()
    index_issue(sw.x.pk)
    assert not Recurrence.objects.exists()
