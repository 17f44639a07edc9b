"""The bell: the unread count in one query, the dropdown and the notifications page, marking
read (POST with CSRF, one's own only), opening a notification to its subject when it is visible."""

import datetime as dt
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from notifications.models import Notification
from tests.dashboard.world import login, make_dashboard_world, page

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_dashboard_world()


def bell_count(client) -> int:
    html = page(client.get("/notifications/count/"))
    return int(re.search(r'data-count="(\d+)"', html).group(1))


def test_the_bell_counts_unread_notifications_in_one_query(client, w):
    login(client, w.supervisor)
    unread = Notification.objects.filter(user=w.supervisor, read_at__isnull=True).count()
    assert unread >= 1
    with CaptureQueriesContext(connection) as queries:
        assert bell_count(client) == unread
    bell = [q["sql"] for q in queries.captured_queries if "rectification_notification" in q["sql"]]
    assert len(bell) == 1 and bell[0].startswith("SELECT COUNT(*)")
    Notification.objects.filter(user=w.supervisor).update(read_at=dt.datetime.now(dt.UTC))
    html = page(client.get("/notifications/count/"))
    assert 'data-count="0"' in html and "d-none" in html


def test_every_page_carries_the_bell_and_its_script(client, w):
    html = page(login(client, w.liaison_x).get("/"))
    assert 'id="bell-toggle"' in html and "/notifications/count/" in html and "js/bell.js" in html
    assert 'id="bell-toggle"' not in page(Client().get("/login/"))


def test_the_menu_lists_the_latest_with_links_to_visible_subjects(client, w):
    login(client, w.liaison_x)
    html = page(client.get("/notifications/menu/"))
    note = Notification.objects.filter(user=w.liaison_x, alert__issue=w.overdue_x).get()
    assert f"/notifications/{note.pk}/open/" in html
    assert reverse("rectification:issue", args=[w.overdue_x.pk]) in html
    assert "全部标为已读" in html


def test_the_notifications_page_and_marking_read(client, w):
    login(client, w.liaison_x)
    notes = list(Notification.objects.filter(user=w.liaison_x))
    assert len(notes) >= 2
    html = page(client.get("/notifications/"))
    assert all(f'data-notification="{note.pk}"' in html for note in notes)

    response = client.post(f"/notifications/{notes[0].pk}/read/")
    assert response.status_code == 302 and response["Location"] == "/notifications/"
    notes[0].refresh_from_db()
    assert notes[0].read_at is not None
    assert bell_count(client) == len(notes) - 1
    unread_page = page(client.get("/notifications/?tab=unread"))
    assert f'data-notification="{notes[0].pk}"' not in unread_page

    assert client.get(f"/notifications/{notes[1].pk}/read/").status_code == 405
    response = client.post("/notifications/read-all/", {"tab": "unread"})
    assert response["Location"] == "/notifications/?tab=unread"
    assert bell_count(client) == 0
    assert "没有未读提醒。" in page(client.get("/notifications/?tab=unread"))


def test_nobody_reads_or_marks_another_persons_notification(client, w):
    theirs = Notification.objects.filter(user=w.liaison_x).first()
    login(client, w.liaison_a)
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    assert client.post(f"/notifications/{theirs.pk}/open/").status_code == 404
    assert f'data-notification="{theirs.pk}"' not in page(client.get("/notifications/"))
    theirs.refresh_from_db()
    assert theirs.read_at is None


def test_marking_read_needs_the_csrf_token(w):
    client = Client(enforce_csrf_checks=True)
    client.force_login(w.liaison_x)
    note = Notification.objects.filter(user=w.liaison_x).first()
    assert client.post(f"/notifications/{note.pk}/read/").status_code == 403
    assert client.post("/notifications/read-all/").status_code == 403
    note.refresh_from_db()
    assert note.read_at is None


def test_opening_marks_read_and_goes_to_the_subject(client, w):
    login(client, w.liaison_x)
    note = Notification.objects.filter(user=w.liaison_x, alert__issue=w.overdue_x).get()
    response = client.post(f"/notifications/{note.pk}/open/")
    assert response["Location"] == reverse("rectification:issue", args=[w.overdue_x.pk])
    note.refresh_from_db()
    assert note.read_at is not None
    # From htmx: HX-Redirect, and the marking refreshes the badge from the dropdown.
    other = Notification.objects.filter(user=w.liaison_x, read_at__isnull=True).first()
    response = client.post(f"/notifications/{other.pk}/open/", HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"].startswith("/rectification/")
    response = client.post("/notifications/read-all/", HTTP_HX_REQUEST="true")
    assert response.status_code == 200 and response["HX-Trigger"] == "notifications-changed"
    assert 'id="bell-panel"' in page(response)


def test_a_subject_out_of_reach_is_shown_without_a_link(client, w):
    """A clue officer moved to another county keeps his notification, not the way to the clue."""
    note = Notification.objects.filter(user=w.clue_officer, alert__clue=w.clue_x).get()
    w.clue_officer.roles.update(office=w.county_b)
    login(client, w.clue_officer)
    html = page(client.get("/notifications/"))
    assert f'data-notification="{note.pk}"' in html
    assert reverse("inspections:clue-detail", args=[w.clue_x.pk]) not in html
    assert w.clue_x.code not in html
    assert client.post(f"/notifications/{note.pk}/open/")["Location"] == "/notifications/"
