"""Deadline alerts: colours on the Chinese calendar (time frozen by passing ``today``), no
duplicates on reruns, self-resolution, who is told (the digest is in tests/notifications)."""

import datetime as dt

import pytest

from alerts import rules
from alerts.models import Alert
from inspections.choices import IssueStatus
from inspections.models import Assignment, Issue
from notifications.models import Notification
from rectification import services
from rectification.choices import AlertKind, AlertLevel
from tests.factories import make_assignment, make_clue, make_issue, make_world

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


def open_alerts(**filters):
    return list(
        Alert.objects.filter(resolved_at__isnull=True, **filters).order_by("id").values_list("kind", "level", "due")
    )


def told(alert_filter) -> set[str]:
    return set(
        Notification.objects.filter(alert__in=Alert.objects.filter(**alert_filter)).values_list(
            "user__username", flat=True
        )
    )


def test_issue_colours_count_calendar_days_across_the_national_day_holiday(w):
    issue = make_issue(w.assignment_x, IssueStatus.RECTIFYING, deadline=DEADLINE)
    on = {
        dt.date(2026, 9, 19): [],  # 21 days left
        dt.date(2026, 9, 20): [("issue_deadline", "green", DEADLINE)],  # 20 days left
        dt.date(2026, 9, 30): [("issue_deadline", "yellow", DEADLINE)],  # 10 days left
        dt.date(2026, 10, 4): [("issue_deadline", "yellow", DEADLINE)],  # mid-holiday
        DEADLINE: [("issue_deadline", "yellow", DEADLINE)],  # due on the adjusted working Saturday
        dt.date(2026, 10, 11): [("issue_deadline", "red", DEADLINE)],  # Sunday after: overdue
    }
    for today, wanted in on.items():
        rules.check(today)
        assert open_alerts(issue=issue) == wanted, today
    # The history: each level raised once, the lower one resolved when the next came.
    history = Alert.objects.filter(issue=issue).order_by("id").values_list("level", "resolved_at")
    assert [(level, resolved_at is None) for level, resolved_at in history] == [
        ("green", False),
        ("yellow", False),
        ("red", True),
    ]


def test_plan_due_in_working_days_skips_the_holiday_and_counts_the_adjusted_saturday(w):
    w.city.plan_due_days = 10
    w.city.plan_due_in_working_days = True
    w.city.save()
    make_issue(w.assignment_x, IssueStatus.CONFIRMED)
    services.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=dt.date(2026, 9, 25))
    assignment = Assignment.objects.get(pk=w.assignment_x.pk)
    # 28, 29, 30 Sep; 8, 9, 10 (adjusted Saturday), 12, 13, 14, 15 Oct.
    assert assignment.plan_due == dt.date(2026, 10, 15)

    rules.check(dt.date(2026, 10, 15))
    assert open_alerts(assignment=assignment) == []
    rules.check(dt.date(2026, 10, 16))
    assert open_alerts(assignment=assignment) == [("plan_due", "red", dt.date(2026, 10, 15))]

    # A submitted plan is not enough; an approved one resolves the alert.
    plan = services.plan_submit(actor=w.liaison_x, assignment=assignment, text="整改方案")
    rules.check(dt.date(2026, 10, 17))
    assert open_alerts(assignment=assignment) == [("plan_due", "red", dt.date(2026, 10, 15))]
    services.plan_review(actor=w.supervisor, plan=plan, approve=True)
    rules.check(dt.date(2026, 10, 17))
    assert open_alerts(assignment=assignment) == []
    assert Alert.objects.get(kind=AlertKind.PLAN_DUE).resolved_at is not None


def test_reruns_create_no_duplicate_alerts_or_notifications(w):
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 5, 1))
    make_issue(w.assignment_a, IssueStatus.RECTIFYING, 2, deadline=dt.date(2026, 6, 5))
    make_clue(w.assignment_x, w.group_leader_x, "transferred", 1, result_due=dt.date(2026, 5, 20))
    today = dt.date(2026, 6, 1)

    first = rules.check(today)
    snapshot = (list(Alert.objects.values_list("id", "kind", "level")), Notification.objects.count())
    second = rules.check(today)
    rules.check(today, assignment_ids=[w.assignment_x.pk, w.assignment_a.pk])

    assert (first.raised, second.raised, second.resolved, second.notified) == (3, 0, 0, 0)
    assert (list(Alert.objects.values_list("id", "kind", "level")), Notification.objects.count()) == snapshot


def test_alerts_resolve_when_the_cause_is_gone(w):
    closed = make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 5, 1))
    submitted = make_issue(w.assignment_x, IssueStatus.RECTIFYING, 2, deadline=dt.date(2026, 5, 1))
    moved = make_issue(w.assignment_x, IssueStatus.RECTIFYING, 3, deadline=dt.date(2026, 5, 1))
    clue = make_clue(w.assignment_x, w.group_leader_x, "transferred", 1, result_due=dt.date(2026, 5, 20))
    today = dt.date(2026, 6, 1)
    rules.check(today)
    assert Alert.objects.filter(resolved_at__isnull=True).count() == 4

    Issue.objects.filter(pk=closed.pk).update(status=IssueStatus.CLOSED)
    Issue.objects.filter(pk=submitted.pk).update(status=IssueStatus.PENDING_REVIEW)  # the unit has moved
    Issue.objects.filter(pk=moved.pk).update(deadline=dt.date(2026, 6, 8))  # a measure moved it: yellow now
    clue.result_received = dt.date(2026, 5, 30)
    clue.save()
    result = rules.check(today)

    assert result.resolved == 4 and result.raised == 1
    assert open_alerts() == [("issue_deadline", "yellow", dt.date(2026, 6, 8))]


def test_a_moved_deadline_within_the_same_colour_keeps_the_alert_and_updates_its_date(w):
    issue = make_issue(w.assignment_x, IssueStatus.RECTIFYING, deadline=dt.date(2026, 5, 1))
    rules.check(dt.date(2026, 6, 1))
    Issue.objects.filter(pk=issue.pk).update(deadline=dt.date(2026, 5, 20))

    result = rules.check(dt.date(2026, 6, 1))

    assert (result.raised, result.resolved, result.moved) == (0, 0, 1)
    assert open_alerts() == [("issue_deadline", "red", dt.date(2026, 5, 20))]
    assert Notification.objects.count() == len(told({"issue": issue}))


def test_report_due_stays_open_while_issues_are_still_rectifying(w):
    Assignment.objects.filter(pk=w.assignment_x.pk).update(report_due=dt.date(2026, 5, 31))
    first = make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1)
    make_issue(w.assignment_x, IssueStatus.PENDING_REVIEW, 2)
    rules.check(dt.date(2026, 5, 31))
    assert open_alerts(kind=AlertKind.REPORT_DUE) == []
    rules.check(dt.date(2026, 6, 1))
    assert open_alerts(kind=AlertKind.REPORT_DUE) == [("report_due", "red", dt.date(2026, 5, 31))]

    Issue.objects.filter(pk=first.pk).update(status=IssueStatus.PENDING_REVIEW)
    rules.check(dt.date(2026, 6, 2))
    assert open_alerts(kind=AlertKind.REPORT_DUE) == []


def test_who_is_told_at_each_colour(w):
    # A city round inspecting a county-A unit (提级巡察): the unit's office differs from the inspecting one.
    elevated = make_assignment(w.round, w.unit_a, w.group_x)
    green = make_issue(elevated, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 6, 15))
    yellow = make_issue(elevated, IssueStatus.RECTIFYING, 2, deadline=dt.date(2026, 6, 5))
    red = make_issue(elevated, IssueStatus.RECTIFYING, 3, deadline=dt.date(2026, 5, 1))
    clue = make_clue(elevated, w.group_leader_x, "transferred", 1, result_due=dt.date(2026, 5, 1))

    rules.check(dt.date(2026, 6, 1))

    assert told({"issue": green}) == {"t_liaison_a"}
    # The deputy in charge is a name only: the supervisors of the unit's own office stand in.
    assert told({"issue": yellow}) == {"t_liaison_a", "t_supervisor_a"}
    # Red: also the supervisors of the inspecting (city) office.
    assert told({"issue": red}) == {"t_liaison_a", "t_supervisor_a", "t_supervisor"}
    # Clues: the clue officers of the clue's office, nobody else.
    assert told({"clue": clue}) == {"t_clue_officer"}


def test_a_check_limited_to_assignments_leaves_the_others_alone(w):
    make_issue(w.assignment_x, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 5, 1))
    other = make_issue(w.assignment_a, IssueStatus.RECTIFYING, 2, deadline=dt.date(2026, 5, 1))
    rules.check(dt.date(2026, 6, 1))
    Issue.objects.filter(pk=other.pk).update(status=IssueStatus.CLOSED)

    result = rules.check(dt.date(2026, 6, 1), assignment_ids=[w.assignment_x.pk])

    assert (result.raised, result.resolved) == (0, 0)
    assert Alert.objects.filter(issue=other, resolved_at__isnull=True).exists()
    assert rules.check(dt.date(2026, 6, 1), assignment_ids=[w.assignment_a.pk]).resolved == 1


def test_alert_scoping_still_applies_to_the_raw_rows(w):
    """The alerts the jobs write carry office and unit, so the existing scope rules read them."""
    make_issue(w.assignment_a, IssueStatus.RECTIFYING, 1, deadline=dt.date(2026, 5, 1))
    make_clue(w.assignment_a, w.inspector_a, "transferred", 1, result_due=dt.date(2026, 5, 1))
    rules.check(dt.date(2026, 6, 1))

    assert Alert.objects.visible_to(w.supervisor_a).count() == 1  # the issue alert, not the clue's
    assert Alert.objects.visible_to(w.supervisor_b).count() == 0
    assert Alert.objects.visible_to(w.liaison_a).count() == 1
    assert Alert.objects.visible_to(w.clue_officer).filter(kind=AlertKind.CLUE_RESULT).count() == 1
    assert set(Alert.objects.values_list("level", flat=True)) == {AlertLevel.RED}
