"""The workbench per role: every figure equals the row count of the list it links to, each role
sees its own sections, and the leader sees the office's queue (not 0 while items wait)."""

import re

import pytest

from inspections.models import Issue
from rectification import services as rect
from tests.dashboard.world import login, make_dashboard_world, page

pytestmark = pytest.mark.django_db

TILE = re.compile(r'href="([^"]+)" data-tile="([^"]+)" data-count="(\d+)"')
TOTAL = re.compile(r"共 (\d+) 条")
# Admin tiles open the Django admin's changelists (their own counts), not one of the site's lists.
ADMIN_TILES = {"locked", "failed-tasks", "failed-exports"}


@pytest.fixture
def w():
    w = make_dashboard_world()
    returned = Issue.objects.get(assignment=w.assignment_x, status="pending_review")
    rect.issue_return(actor=w.supervisor, issue=returned, comment="佐证材料不足")
    return w


def tiles(client) -> list[tuple[str, str, int]]:
    html = page(client.get("/"))
    return [(url.replace("&amp;", "&"), key, int(count)) for url, key, count in TILE.findall(html)]


def listed(client, url: str) -> int:
    response = client.get(url)
    assert response.status_code == 200, url
    found = TOTAL.search(page(response))
    return int(found.group(1)) if found else 0


@pytest.mark.parametrize(
    "person",
    ["liaison_x", "supervisor", "leader", "group_leader_x", "deputy_x", "inspector_x", "clue_officer", "admin"],
)
def test_every_figure_equals_the_list_it_links_to(client, w, person):
    login(client, getattr(w, person))
    shown = tiles(client)
    assert shown, person
    for url, key, count in shown:
        if key in ADMIN_TILES:
            continue
        assert listed(client, url) == count, (person, key, url)


def test_each_role_sees_what_it_must_do(client, w):
    login(client, w.liaison_x)
    keys = {key: count for _, key, count in tiles(client)}
    assert keys["overdue"] == 2 and keys["returned"] == 1 and keys["due-10"] == 1
    html = page(client.get("/"))
    assert "佐证材料不足" in html and 'id="wb-due"' in html

    login(client, w.supervisor)
    keys = {key: count for _, key, count in tiles(client)}
    assert keys["queue-issues"] == 0  # returned above; the dashboard world's other report is the only one
    assert 'id="wb-review-ages"' in page(client.get("/"))

    login(client, w.leader)
    keys = {key: count for _, key, count in tiles(client)}
    assert keys["overdue"] >= 2 and f"unit-{w.unit_x.pk}" in keys

    login(client, w.group_leader_x)
    keys = {key: count for _, key, count in tiles(client)}
    assert keys["clues-to-transfer"] == 1 and "to-review" in keys

    login(client, w.admin)
    html = page(client.get("/"))
    assert 'id="wb-admin"' in html and 'data-tile="failed-exports"' in html
    assert 'data-tile="locked"' not in html  # the Django admin would refuse a role admin who is not staff
    w.admin.is_staff = w.admin.is_superuser = True
    w.admin.save(update_fields=["is_staff", "is_superuser"])
    html = page(client.get("/"))
    assert 'data-tile="locked"' in html and 'data-tile="failed-tasks"' in html


def test_the_leaders_rectification_home_counts_the_office_queue(client, w):
    from inspections.choices import IssueStatus

    waiting = Issue.objects.visible_to(w.leader).filter(status=IssueStatus.PENDING_REVIEW).count()
    rect_issue = Issue.objects.filter(assignment=w.assignment_y, status=IssueStatus.RECTIFYING).first()
    Issue.objects.filter(pk=rect_issue.pk).update(status=IssueStatus.PENDING_REVIEW)
    login(client, w.leader)
    html = page(client.get("/rectification/"))
    assert re.search(r'id="count-issues">(\d+)<', html).group(1) == str(waiting + 1)
    assert "/issues/?status=pending_review" in html
    assert listed(client, "/issues/?status=pending_review") == waiting + 1


def test_the_group_leader_is_labelled_as_such(client, w):
    login(client, w.group_leader_x)
    assert "巡察组组长" in page(client.get("/"))


def test_filters_default_to_all_and_lists_offer_an_export_with_their_filters(client, w):
    login(client, w.supervisor)
    html = page(client.get("/issues/?q=问题&status=rectifying"))
    assert "未知" not in html and "---------" not in html
    assert 'id="list-export"' in html
    link = re.search(r'id="list-export"', html) and re.search(r'href="(/ledgers/[^"]+)" id="list-export"', html)
    assert "status=rectifying" in link.group(1) and "q=" in link.group(1)


def test_the_favicon_and_the_admin_branding(client, w):
    assert client.get("/favicon.ico").status_code == 301
    w.admin.is_staff = True
    w.admin.save(update_fields=["is_staff"])
    login(client, w.admin)
    html = page(client.get("/admin/"))
    assert "巡察工作平台" in html and "Django" not in html
    assert 'data-nav="audit"' in page(client.get("/"))


def test_after_a_dashboard_drill_down_the_breadcrumb_leads_back_to_stats(client, w):
    login(client, w.supervisor)
    html = page(client.get("/issues/?overdue=true", HTTP_REFERER="http://testserver/stats/?office=1"))
    assert 'id="crumb-stats"' in html and 'href="/stats/"' in html
    assert 'id="crumb-stats"' not in page(client.get("/issues/?overdue=true"))


def test_the_review_queue_by_age_counts_local_days(w):
    """0–7, 8–15, 16–30 and over 30 days since the report, by its local (Beijing) date; one aggregate."""
    import datetime as dt

    from django.utils import timezone

    from inspections import deadlines
    from tests.factories import make_issue
    from workbench.tiles import review_ages

    today = deadlines.today()
    Issue.objects.filter(status="pending_review").delete()
    ages = [0, 7, 8, 15, 16, 30, 31, 400]
    for n, days in enumerate(ages, start=1):
        issue = make_issue(w.assignment_x, "pending_review", n=100 + n)
        # late in the evening of that local day: still that day in Beijing, already the next in UTC
        at = timezone.make_aware(dt.datetime.combine(today - dt.timedelta(days=days), dt.time(23, 30)))
        Issue.objects.filter(pk=issue.pk).update(status_changed_at=at)
    counts = [row["count"] for row in review_ages(w.supervisor, today)]
    assert counts == [2, 2, 2, 2]
