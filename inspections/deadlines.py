"""Time rules (DESIGN.md, "Time rules"): due dates from an office's settings, working days
on the Chinese holiday calendar, and the three-colour deadline warning."""

from __future__ import annotations

import datetime as dt
import logging

import chinese_calendar
from dateutil.relativedelta import relativedelta
from django.utils import timezone

logger = logging.getLogger(__name__)


def today() -> dt.date:
    return timezone.localdate()


def is_working_day(day: dt.date) -> bool:
    """A working day on the Chinese calendar, adjusted weekends (调休) included.

    Past the years the calendar package knows, plain Monday–Friday is the best guess.
    """
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        logger.warning("No Chinese holiday calendar for %s; counting Monday-Friday", day.year)
        return day.weekday() < 5


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (``start`` itself does not count)."""
    day = start
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            remaining -= 1
    return day


def add_months(start: dt.date, months: int) -> dt.date:
    """Calendar months (31 Jan + 1 month = 28/29 Feb)."""
    return start + relativedelta(months=months)


def plan_due(office, feedback_date: dt.date) -> dt.date:
    """整改方案 due date: N days after feedback, calendar or working days per office."""
    if office.plan_due_in_working_days:
        return add_working_days(feedback_date, office.plan_due_days)
    return feedback_date + dt.timedelta(days=office.plan_due_days)


def report_due(office, feedback_date: dt.date) -> dt.date:
    """整改情况报告 due date: N months after feedback (two by default)."""
    return add_months(feedback_date, office.report_due_months)


def clue_result_due(office, transfer_date: dt.date) -> dt.date:
    """Results of a transferred clue are due back N months after transfer."""
    return add_months(transfer_date, office.clue_result_months)


def long_term_next_report(office, from_date: dt.date) -> dt.date:
    return add_months(from_date, office.long_term_report_months)


def issue_deadline(*, immediate: bool, exit_date: dt.date | None, report_date: dt.date) -> dt.date:
    """立行立改 items are due when the group leaves; the rest with the rectification report."""
    if immediate and exit_date:
        return exit_date
    return report_date


def colour(deadline: dt.date | None, office, on: dt.date | None = None) -> str | None:
    """green (≤ warn_green_days left), yellow (≤ warn_yellow_days), red (overdue), else None."""
    if deadline is None:
        return None
    left = (deadline - (on or today())).days
    if left < 0:
        return "red"
    if left <= office.warn_yellow_days:
        return "yellow"
    if left <= office.warn_green_days:
        return "green"
    return None
