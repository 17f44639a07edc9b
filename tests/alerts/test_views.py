"""The alert list behind the dashboard's alert chart: the open alerts of an office's subtree or a
round, filtered by level and kind with the alert FilterSet, subjects linked only when visible.
(Who may open it, and the 404 outside reach, are tested with the dashboard: the same scope.)"""

import re

import pytest
from django.urls import reverse

from alerts.models import Alert
from tests.dashboard.world import login, make_dashboard_world, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_dashboard_world()


def total(html: str) -> int:
    return int(re.search(r"共 (\d+) 条", html).group(1))


def open_count(user, office, **filters) -> int:
    alerts = Alert.objects.visible_to(user).filter(resolved_at__isnull=True, office__path__startswith=office.path)
    return alerts.filter(**filters).count()


def test_the_alert_list_filters_and_links_subjects(client, w):
    login(client, w.supervisor)
    response = client.get(f"/stats/alerts/?office={w.city.pk}&level=red&kind=issue_deadline")
    html = page(response)
    assert response.status_code == 200
    assert reverse("rectification:issue", args=[w.overdue_x.pk]) in html
    assert reverse("rectification:issue", args=[w.overdue_a.pk]) in html
    assert w.clue_x.code not in html
    county = page(client.get(f"/stats/alerts/?office={w.county_a.pk}&level=red"))
    assert reverse("rectification:issue", args=[w.overdue_a.pk]) in county
    assert reverse("rectification:issue", args=[w.overdue_x.pk]) not in county
    clue_page = page(login(client, w.clue_officer).get(f"/stats/alerts/?office={w.city.pk}"))
    assert reverse("inspections:clue-detail", args=[w.clue_x.pk]) in clue_page


def test_the_alert_list_takes_several_levels_and_kinds_like_the_api(client, w):
    login(client, w.supervisor)
    assert open_count(w.supervisor, w.city, level="yellow") >= 1  # the issue due soon
    for query, filters in [
        ("", {}),
        ("&level=red", {"level__in": ["red"]}),
        ("&level=red&level=yellow", {"level__in": ["red", "yellow"]}),
        ("&kind=issue_deadline&kind=plan_due", {"kind__in": ["issue_deadline", "plan_due"]}),
    ]:
        html = page(client.get(f"/stats/alerts/?office={w.city.pk}{query}"))
        assert total(html) == open_count(w.supervisor, w.city, **filters), query
    # The office is the page's scope (its subtree), kept in the filter form, not the API's exact office.
    html = page(client.get(f"/stats/alerts/?office={w.city.pk}&level=red"))
    assert f'<input type="hidden" name="office" value="{w.city.pk}">' in html
    exact = Alert.objects.visible_to(w.supervisor).filter(office=w.city, level="red", resolved_at__isnull=True)
    assert total(html) == open_count(w.supervisor, w.city, level="red") > exact.count()


def test_a_bad_filter_value_is_reported_and_ignored(client, w):
    login(client, w.supervisor)
    response = client.get(f"/stats/alerts/?office={w.city.pk}&level=purple&kind=issue_deadline")
    html = page(response)
    assert response.status_code == 200 and "purple" in html
    assert total(html) == open_count(w.supervisor, w.city, kind="issue_deadline")


def test_htmx_filtering_swaps_the_table_only(client, w):
    login(client, w.supervisor)
    response = client.get(
        f"/stats/alerts/?office={w.city.pk}&level=red", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    html = page(response)
    assert 'id="alert-table"' in html and "<form" not in html
    assert total(html) == open_count(w.supervisor, w.city, level="red")
