"""Time rules: working days on the Chinese holiday calendar, months, colours."""

import datetime as dt
from types import SimpleNamespace

import pytest

from inspections import deadlines

RULES = SimpleNamespace(
    plan_due_days=30,
    plan_due_in_working_days=False,
    report_due_months=2,
    clue_result_months=3,
    long_term_report_months=6,
    warn_green_days=20,
    warn_yellow_days=10,
)


def test_national_day_holiday_is_skipped_and_adjusted_saturday_counts():
    # 2026: 1–7 October are holidays; Saturday 10 October is an adjusted working day.
    assert not deadlines.is_working_day(dt.date(2026, 10, 1))
    assert deadlines.is_working_day(dt.date(2026, 10, 10))
    # Wednesday 30 September + 2 working days: 8 October (Thursday) and 9 October (Friday).
    assert deadlines.add_working_days(dt.date(2026, 9, 30), 2) == dt.date(2026, 10, 9)
    # ... + 3 working days lands on the adjusted Saturday, not Monday the 12th.
    assert deadlines.add_working_days(dt.date(2026, 9, 30), 3) == dt.date(2026, 10, 10)


def test_plan_due_in_working_days_versus_calendar_days():
    feedback = dt.date(2026, 9, 25)  # Friday before the holiday
    calendar_rules = SimpleNamespace(**{**vars(RULES), "plan_due_days": 10})
    working_rules = SimpleNamespace(**{**vars(RULES), "plan_due_days": 10, "plan_due_in_working_days": True})
    assert deadlines.plan_due(calendar_rules, feedback) == dt.date(2026, 10, 5)
    # Working days: 28, 29, 30 Sep; 8, 9, 10 (Sat, adjusted), 12, 13, 14, 15 Oct.
    assert deadlines.plan_due(working_rules, feedback) == dt.date(2026, 10, 15)


def test_months_clamp_to_month_end():
    assert deadlines.report_due(RULES, dt.date(2026, 12, 31)) == dt.date(2027, 2, 28)
    assert deadlines.clue_result_due(RULES, dt.date(2026, 11, 30)) == dt.date(2027, 2, 28)


@pytest.mark.parametrize(
    ("days_left", "expected"),
    [(30, None), (21, None), (20, "green"), (11, "green"), (10, "yellow"), (0, "yellow"), (-1, "red")],
)
def test_three_colours(days_left, expected):
    today = dt.date(2026, 11, 26)
    assert deadlines.colour(today + dt.timedelta(days=days_left), RULES, on=today) == expected


def test_immediate_items_due_at_exit():
    report = dt.date(2026, 7, 15)
    assert deadlines.issue_deadline(immediate=True, exit_date=dt.date(2026, 4, 20), report_date=report) == dt.date(
        2026, 4, 20
    )
    assert deadlines.issue_deadline(immediate=False, exit_date=dt.date(2026, 4, 20), report_date=report) == report


def test_group_and_round_names_follow_the_language():
    from django.utils import translation

    from inspections.models import Group, Round

    round_ = Round(term="十一届市委", sequence=3)
    group = Group(round=round_, number=2)
    assert (str(round_), str(group)) == ("十一届市委第3轮", "第二巡察组")
    with translation.override("en"):
        assert (str(round_), str(group)) == ("十一届市委, round 3", "Inspection group 2")
