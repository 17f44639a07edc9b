"""The demo's common issues and campaigns (demo/commons.py): at least three common issues over ten
or more units, and the seed's “巡察专报15期，推动专项治理6个” as campaigns started from the reports."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from commons.models import Campaign, CommonIssue, CommonIssueFinding
from inspections.models import SpecialReport


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.mark.django_db
def test_demo_common_issues_and_campaigns(demo):
    assert CommonIssue.objects.count() >= 3
    units = set(CommonIssueFinding.objects.values_list("issue__unit", flat=True))
    assert len(units) >= 10
    wide = [c for c in CommonIssue.objects.all() if c.issues.values("unit").distinct().count() >= 10]
    assert len(wide) >= 3  # three common issues, each found in ten units or more
    assert SpecialReport.objects.count() == 15
    assert Campaign.objects.count() == 6
    for campaign in Campaign.objects.all():
        assert campaign.special_reports.exists()
        assert set(campaign.special_reports.values_list("campaigns", flat=True)) == {campaign.title}
    assert Campaign.objects.filter(issues__isnull=False).distinct().count() >= 2
    # a rerun adds nothing
    call_command("seed_demo", stdout=io.StringIO())
    assert Campaign.objects.count() == 6
