"""Hand-over notifications, written as the services write the hand-over: each reaches the people
who must act next, exactly once; nobody is told of his own action; a muted kind is not written."""

import datetime as dt

import pytest
from rest_framework.test import APIClient

from accounts.models import User
from inspections import services as issue_services
from notifications import services
from notifications.choices import NotificationKind as Kind
from notifications.handovers import notify
from notifications.models import Notification
from rectification import services as rect
from tests.factories import make_world
from tests.inspections.test_services import full_cycle_to_rectifying, new_issue, report_progress

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return make_world()


def told(kind, issue=None, **filters):
    notes = Notification.objects.filter(kind=kind, **filters)
    if issue is not None:
        notes = notes.filter(issue=issue)
    return sorted(notes.values_list("user__username", flat=True))


def submitted(w):
    issue = full_cycle_to_rectifying(w)
    report_progress(w, issue)
    return issue_services.issue_submit(actor=w.liaison_x, issue=issue)


def test_a_report_of_completion_notifies_the_reviewers_exactly_once(w):
    issue = submitted(w)
    # The issue's office is the city: its supervisor reviews; county supervisors do not.
    assert told(Kind.ISSUE_SUBMITTED, issue) == ["t_supervisor"]
    note = Notification.objects.get(kind=Kind.ISSUE_SUBMITTED)
    assert note.actor == w.liaison_x and note.alert_id is None
    # The same event again (a repeated signal) writes nothing new.
    notify([w.supervisor.pk], kind=Kind.ISSUE_SUBMITTED, event_key=note.event_key, issue=issue)
    assert Notification.objects.filter(kind=Kind.ISSUE_SUBMITTED).count() == 1


def test_a_returned_issue_notifies_the_liaison_exactly_once_with_the_reason(w):
    issue = submitted(w)
    rect.issue_return(actor=w.supervisor, issue=issue, comment="佐证材料不足")
    assert told(Kind.ISSUE_RETURNED, issue) == ["t_liaison_x"]
    assert Notification.objects.get(kind=Kind.ISSUE_RETURNED).text == "佐证材料不足"
    # Submitted again and closed: the liaison is told of the close, reviewers of the second report.
    issue = issue_services.issue_submit(actor=w.liaison_x, issue=issue)
    rect.issue_close(actor=w.supervisor, issue=issue, comment="整改到位")
    assert told(Kind.ISSUE_CLOSED, issue) == ["t_liaison_x"]
    assert told(Kind.ISSUE_SUBMITTED, issue) == ["t_supervisor", "t_supervisor"]
    assert told(Kind.ISSUE_RETURNED, issue) == ["t_liaison_x"]


def test_a_finding_notifies_the_groups_deputy_and_leader_but_not_its_author(w):
    issue = new_issue(w)
    assert told(Kind.FINDING_SUBMITTED, issue) == ["t_deputy_x", "t_group_leader_x"]
    issue_services.issue_review(actor=w.deputy_x, issue=issue)
    assert told(Kind.FINDING_SUBMITTED, issue) == ["t_deputy_x", "t_group_leader_x", "t_group_leader_x"]
    mine = new_issue(w, actor=w.group_leader_x, title="另一问题")
    assert told(Kind.FINDING_SUBMITTED, mine) == ["t_deputy_x"]


def test_plans_returned_and_submitted(w):
    full_cycle_to_rectifying(w)
    plan = rect.plan_submit(actor=w.liaison_x, assignment=w.assignment_x, text="整改方案")
    assert told(Kind.PLAN_SUBMITTED, assignment=w.assignment_x) == ["t_supervisor"]
    rect.plan_review(actor=w.supervisor, plan=plan, approve=False, comment="措施不具体")
    assert told(Kind.PLAN_RETURNED, assignment=w.assignment_x) == ["t_liaison_x"]
    assert Notification.objects.get(kind=Kind.PLAN_RETURNED).text == "措施不具体"


def test_a_transferred_clue_tells_the_clue_officers_its_result_is_due(w):
    clue = issue_services.clue_create(
        actor=w.inspector_x, assignment=w.assignment_x, summary="反映某局长违规收受礼金", persons=[{"name": "王某"}]
    )
    issue_services.clue_transfer(
        actor=w.group_leader_x,
        clue=clue,
        recipient="discipline",
        transfer_date=dt.date(2026, 5, 1),
        letter_number="1号",
    )
    assert told(Kind.CLUE_RESULT_DUE, clue=clue) == ["t_clue_officer"]
    assert Notification.objects.get(kind=Kind.CLUE_RESULT_DUE).text == "2026-08-01"


def test_a_supervision_action_tells_the_unit(w):
    rect.action_create(actor=w.supervisor, unit=w.unit_x, kind="interview", reason="delay", date=dt.date(2026, 6, 1))
    assert told(Kind.ACTION_ISSUED) == ["t_liaison_x"]


def test_a_muted_kind_is_neither_written_nor_shown(w):
    services.mutes_set(actor=w.liaison_x, kinds=[Kind.ISSUE_CLOSED])
    issue = submitted(w)
    rect.issue_close(actor=w.supervisor, issue=issue)
    assert told(Kind.ISSUE_CLOSED) == []


def test_the_api_lists_marks_read_and_mutes(w):
    issue = submitted(w)
    rect.issue_return(actor=w.supervisor, issue=issue, comment="佐证材料不足")
    client = APIClient()
    client.force_authenticate(User.objects.get(pk=w.liaison_x.pk))
    rows = client.get("/api/v1/notifications/", {"kind": Kind.ISSUE_RETURNED}).json()["results"]
    assert len(rows) == 1
    row = rows[0]
    assert row["kind_display"] == "整改被退回" and row["text"] == "佐证材料不足" and row["is_read"] is False
    assert row["url"] == f"/rectification/issues/{issue.pk}/" and issue.code in row["subject"]
    assert client.post(f"/api/v1/notifications/{row['id']}/read/").json()["is_read"] is True
    assert client.get("/api/v1/notifications/", {"unread": "true"}).json()["count"] == 0

    # Another person's notification is not found.
    other = Notification.objects.filter(user=w.supervisor).first()
    assert client.post(f"/api/v1/notifications/{other.pk}/read/").status_code == 404

    assert client.post("/api/v1/notifications/mutes/", {"kinds": ["nope"]}, format="json").status_code == 400
    response = client.post("/api/v1/notifications/mutes/", {"kinds": [Kind.ISSUE_RETURNED]}, format="json")
    assert response.json() == {"kinds": [Kind.ISSUE_RETURNED]}
    assert client.get("/api/v1/notifications/mutes/").json() == {"kinds": [Kind.ISSUE_RETURNED]}
    assert client.get("/api/v1/notifications/").json()["count"] == 0

    sup = APIClient()
    sup.force_authenticate(User.objects.get(pk=w.supervisor.pk))
    assert sup.post("/api/v1/notifications/read-all/", {}, format="json").json() == {"marked": 1}


def test_the_daily_digest_carries_a_hand_over_once(w):
    from django.core import mail

    from notifications import digest

    w.liaison_x.email = "x@example.org"
    w.liaison_x.save(update_fields=["email"])
    issue = submitted(w)
    rect.issue_return(actor=w.supervisor, issue=issue, comment="佐证材料不足")
    monday = dt.date(2026, 6, 1)
    assert digest.send_digest(w.liaison_x.pk, monday) == 1
    assert digest.send_digest(w.liaison_x.pk, monday) == 0
    body = mail.outbox[0].body
    assert "整改被退回" in body and issue.code in body and "佐证材料不足" in body


def test_the_notifications_page_mutes_a_kind(client, w):
    client.force_login(w.liaison_x)
    response = client.post("/notifications/mutes/", {"kinds": [Kind.ACTION_ISSUED]})
    assert response.status_code == 302
    assert list(w.liaison_x.notification_mutes.values_list("kind", flat=True)) == [Kind.ACTION_ISSUED]
    html = client.get("/notifications/").content.decode()
    assert f'value="{Kind.ACTION_ISSUED}" checked' in html
