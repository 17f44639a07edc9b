"""On the demo data (seed_demo builds the index): a finding's similar list shows the same problem
in other units first, and the revisit rounds' units have recurrences."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from accounts.models import User
from inspections.choices import IssueStatus
from inspections.models import Issue
from similarity.models import IssueTerms, Recurrence
from similarity.selectors import similar_issues


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_similar_lists_and_recurrences(demo):
    assert IssueTerms.objects.count() == Issue.objects.exclude(status=IssueStatus.WITHDRAWN).count()
    supervisor = User.objects.get(username="supervisor")
    issue = Issue.objects.filter(title="超标准接待、无公函接待").select_related("unit").order_by("pk").first()
    rows = similar_issues(supervisor, issue, 5)
    assert len(rows) == 5
    assert all(row.issue.title == issue.title for row in rows)
    assert sum(row.issue.unit_id != issue.unit_id for row in rows) >= 3
    assert Recurrence.objects.exists()
    for recurrence in Recurrence.objects.select_related("issue__round", "earlier__round")[:20]:
        assert recurrence.earlier.unit_id == recurrence.issue.unit_id
        assert recurrence.earlier.status == IssueStatus.CLOSED
        assert recurrence.earlier.round.planned_start < recurrence.issue.round.planned_start
