"""The bell's reading and marking, and the daily email digest of alerts: one mail per person per
day on working days of the Chinese calendar, clues shown by code only, resolved alerts left out."""

import datetime as dt

import pytest
from django.core import mail

from alerts import rules
from inspections.choices import IssueStatus
from inspections.models import Issue
from notifications import digest, selectors, services
from notifications.models import Notification
from tests.factories import make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db

# 2026: 1–7 October are the National Day holidays; Saturday 10 October is an adjusted working day.
DEADLINE = dt.date(2026, 10, 10)


@pytest.fixture
def w():
    w = make_world()
    for person in (w.liaison_x, w.liaison_a, w.supervisor, w.supervisor_a, w.clue_officer, w.clue_officer_b):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    return w


def test_bell_counts_unread_and_marks_read(w):
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 5, 1))
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 2, deadline=dt.date(2026, 6, 5))
    rules.check(dt.date(2026, 6, 1))

    assert selectors.unread_count(w.liaison_x) == 2
    assert selectors.unread_count(w.liaison_a) == 0
    first = selectors.latest(w.liaison_x)[0]
    assert services.mark_read(w.liaison_x, [first.pk]) == 1
    assert services.mark_read(w.liaison_a, [first.pk]) == 0  # nobody marks another person's
    assert selectors.unread_count(w.liaison_x) == 1
    assert services.mark_read(w.liaison_x) == 1 and selectors.unread_count(w.liaison_x) == 0


def test_one_digest_per_person_per_day_with_clues_shown_by_code_only(w):
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 5, 1))
    clue = make_clue(w.assignment_x, w.group_leader_x, "transferred", 1, result_due=dt.date(2026, 5, 1))
    monday = dt.date(2026, 6, 1)
    rules.check(monday)

    assert digest.send_digests(monday) == 3  # liaison X, the city supervisor, the clue officer
    assert digest.send_digests(monday) == 0
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["t_clue_officer@example.org", "t_liaison_x@example.org", "t_supervisor@example.org"]
    to_clue_officer = next(m for m in mail.outbox if m.to == ["t_clue_officer@example.org"])
    assert clue.code in to_clue_officer.body and clue.summary not in to_clue_officer.body
    assert "巡察预警汇总（2026-06-01）：1 条" == to_clue_officer.subject
    to_liaison = next(m for m in mail.outbox if m.to == ["t_liaison_x@example.org"])
    assert "问题1" in to_liaison.body and clue.code not in to_liaison.body
    assert to_liaison.alternatives[0][1] == "text/html"

    # A new alert later the same day waits for the next day's digest.
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 2, deadline=dt.date(2026, 6, 5))
    rules.check(monday)
    assert digest.send_digests(monday) == 0
    assert digest.send_digests(monday + dt.timedelta(days=1)) == 2  # the liaison and the city supervisor
    assert len(mail.outbox) == 5


def test_no_digest_on_a_holiday_and_the_adjusted_saturday_sends_what_gathered(w):
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 10, 20))
    rules.check(dt.date(2026, 10, 2))
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 2, deadline=dt.date(2026, 10, 5))
    rules.check(dt.date(2026, 10, 6))  # overdue during the holiday

    assert digest.send_digests(dt.date(2026, 10, 3)) == 0
    assert digest.send_digests(dt.date(2026, 10, 7)) == 0
    assert mail.outbox == []
    assert digest.send_digests(DEADLINE) == 2  # Saturday 10 October is a working day
    to_liaison = next(m for m in mail.outbox if m.to == ["t_liaison_x@example.org"])
    assert "：2 条" in to_liaison.subject


def test_resolved_alerts_are_left_out_of_the_digest(w):
    issue = make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 6, 5))
    rules.check(dt.date(2026, 6, 1))
    Issue.objects.filter(pk=issue.pk).update(status=IssueStatus.CLOSED)
    rules.check(dt.date(2026, 6, 1))

    assert digest.send_digests(dt.date(2026, 6, 1)) == 0
    assert mail.outbox == []
    assert not Notification.objects.filter(emailed_on__isnull=True).exists()
