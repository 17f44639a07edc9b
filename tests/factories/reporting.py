"""Alerts, notifications, statistics and ledger exports: the reporting features."""

from __future__ import annotations

import factory
from django.utils import timezone

from .accounts import OfficeFactory, UserFactory
from .base import Factory, model_named


def _where(alert) -> tuple:
    """The office and unit of what the alert is about: an issue, a clue or an assignment."""
    if alert.issue:
        return alert.issue.office, alert.issue.unit
    if alert.clue:
        return alert.clue.office, alert.clue.unit
    return alert.assignment.round.office, alert.assignment.unit


class AlertFactory(Factory):
    """An open alert about ``issue=``, ``clue=`` or ``assignment=``, in its office and unit."""

    class Meta:
        model = model_named("Alert")

    kind = "issue_deadline"
    level = "red"
    issue = None
    clue = None
    assignment = None
    office = factory.LazyAttribute(lambda o: _where(o)[0])
    unit = factory.LazyAttribute(lambda o: _where(o)[1])
    due = factory.LazyFunction(timezone.localdate)


class NotificationFactory(Factory):
    """A bell notice telling ``user`` about ``alert`` (required: alerts need a subject)."""

    class Meta:
        model = model_named("Notification")

    user = factory.SubFactory(UserFactory)


class StatFactory(Factory):
    """Figures of an office (or of ``scope``/``scope_id``) on a day, all zero unless given."""

    class Meta:
        model = model_named("Stat")

    scope = "office"
    office = factory.SubFactory(OfficeFactory)
    scope_id = factory.LazyAttribute(lambda o: o.office.pk)
    day = factory.LazyFunction(timezone.localdate)


class ExportFactory(Factory):
    """A ledger export job (and its log entry), pending unless ``status`` says otherwise."""

    class Meta:
        model = model_named("Export")

    user = factory.SubFactory(UserFactory)
    ledger = "issues"
