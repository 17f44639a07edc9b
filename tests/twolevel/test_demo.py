"""The demo's two levels: 沙市区's supervisor (county_supervisor) follows the fed-back findings
of the city's cross and elevated rounds in his units, closes out those handed over to him and
nothing else of the city's rounds, and never sees their clues or drafts."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from rest_framework.test import APIClient

from accounts.models import Office, User
from demo.accounts import DEMO_COUNTY
from inspections.choices import FED_BACK_STATUSES, IssueStatus, RoundKind
from inspections.models import Assignment, Clue, Issue
from rectification import selectors

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def test_county_supervisor_in_the_demo(demo):
    county = Office.objects.get(name=DEMO_COUNTY)
    sup = User.objects.get(username="county_supervisor")
    city_rounds = Issue.objects.filter(home_office=county).exclude(office=county)
    kinds = set(city_rounds.values_list("round__kind", flat=True))
    assert kinds == {RoundKind.CROSS, RoundKind.ELEVATED}
    handed = Assignment.objects.filter(supervising_office=county)
    assert handed.count() >= 2 and set(handed.values_list("round__kind", flat=True)) == kinds

    visible = Issue.objects.visible_to(sup)
    theirs = visible.exclude(office=county)
    assert theirs.count() == city_rounds.filter(status__in=FED_BACK_STATUSES).count() > 0
    assert not theirs.exclude(status__in=FED_BACK_STATUSES).exists()
    assert not Clue.objects.visible_to(sup).exclude(office=county).exists()
    # the review queue holds the handed-over ones, and his own office's
    queue = selectors.issues_awaiting_review(user=sup)
    assert not queue.exclude(supervising_office=county).exists()

    client = APIClient()
    client.force_authenticate(sup)
    listed = client.get("/api/v1/issues/", {"page_size": 1}).json()["count"]
    assert listed == visible.count()
    # handed over and waiting: he closes it out; kept by the city: 403
    mine = theirs.get(status=IssueStatus.PENDING_REVIEW, supervising_office=county)
    assert client.post(f"/api/v1/issues/{mine.pk}/close/", {}, format="json").status_code == 200
    kept = theirs.filter(status=IssueStatus.LONG_TERM).exclude(supervising_office=county).first()
    assert client.post(f"/api/v1/issues/{kept.pk}/close/", {}, format="json").status_code == 403
    clue = Clue.objects.filter(home_office=county).exclude(office=county).first()
    assert client.get(f"/api/v1/clues/{clue.pk}/").status_code == 404
