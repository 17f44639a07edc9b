"""The daily email digest of alerts and hand-overs: one mail per person per day, through Django's
email backend (the console in development). Muted kinds are marked but not mailed.

The digest goes out on working days only (the Chinese calendar with its adjusted working
weekends): what arrives over a holiday waits for the next working day's digest.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.models import User
from inspections import deadlines

from .models import Notification, NotificationMute

logger = logging.getLogger(__name__)


def subject_of(alert) -> str:
    """A readable name for an alert's (or a hand-over's) subject; a clue shows its code only
    (clues are confidential)."""
    if alert.issue_id:
        return f"{alert.issue.code} {alert.issue.title}"
    if alert.clue_id:
        return _("线索 %(code)s") % {"code": alert.clue.code}
    if alert.assignment_id:
        return str(alert.assignment)
    return ""


def _unit_of(note) -> str:
    if note.alert_id:
        return note.alert.unit.name
    holder = note.issue or note.assignment
    return holder.unit.name if holder else ""


def send_digests(today: dt.date | None = None) -> int:
    """Send today's digest to everyone with notifications not yet mailed; returns mails sent.

    Nothing is sent on a non-working day; reruns on the same day send nothing twice.
    """
    today = today or deadlines.today()
    if not deadlines.is_working_day(today):
        return 0
    user_ids = (
        Notification.objects.filter(emailed_on__isnull=True).values_list("user_id", flat=True).distinct().order_by()
    )
    return sum(send_digest(user_id, today) for user_id in list(user_ids))


def send_digest(user_id: int, today: dt.date) -> int:
    """One person's digest of the day: at most one mail per day, carrying each notification once.

    The person's row is locked while the digest is made, so two runs cannot both send it. A mail
    that fails rolls the marks back and the task retries; a crash after sending but before the
    commit can repeat a mail (at least once, never lost).
    """
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=user_id, is_active=True).first()
        if user is None:
            return 0
        if Notification.objects.filter(user=user, emailed_on=today).exists():
            return 0
        pending = list(
            Notification.objects.filter(user=user, emailed_on__isnull=True)
            .select_related("alert", "alert__issue", "alert__assignment__round", "alert__assignment__unit")
            .select_related("alert__clue", "alert__unit", "issue__unit", "assignment__unit", "assignment__round")
            .select_related("clue")
            .order_by("id")
        )
        if not pending:
            return 0
        Notification.objects.filter(pk__in=[note.pk for note in pending]).update(emailed_on=today)
        # Alerts resolved since and muted kinds are not worth a mail; they are marked all the same.
        muted = set(NotificationMute.objects.filter(user=user).values_list("kind", flat=True))
        open_notes = [
            note
            for note in pending
            if note.kind not in muted and (note.alert_id is None or note.alert.resolved_at is None)
        ]
        if not open_notes or not user.email:
            return 0
        _send(user, open_notes, today)
        return 1


LEVEL_ORDER = {"red": 0, "yellow": 1, "green": 2}


def _order(note) -> tuple:
    if note.alert_id:
        return (LEVEL_ORDER.get(note.alert.level, 9), note.alert.due, note.pk)
    return (3, dt.date.max, note.pk)  # hand-overs after the alerts, oldest first


def _row(note) -> dict:
    if note.alert_id:
        return {
            "level": note.alert.level,
            "level_label": note.alert.get_level_display(),
            "kind_label": note.alert.get_kind_display(),
            "subject": subject_of(note.alert),
            "unit": note.alert.unit.name,
            "due": note.alert.due,
        }
    return {
        "level": "todo",
        "level_label": _("待办"),
        "kind_label": note.get_kind_display(),
        "subject": " ".join(part for part in (subject_of(note), note.text) if part),
        "unit": _unit_of(note),
        "due": None,
    }


def _send(user: User, notes: list[Notification], today: dt.date) -> None:
    notes = sorted(notes, key=_order)
    with translation.override(settings.LANGUAGE_CODE):
        rows = [_row(note) for note in notes]
        context = {"user": user, "rows": rows, "day": today, "count": len(rows)}
        subject = _("巡察预警汇总（%(day)s）：%(count)s 条") % {"day": today.isoformat(), "count": len(rows)}
        text = render_to_string("emails/alert_digest.txt", context)
        html = render_to_string("emails/alert_digest.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[user.email])
    mail.attach_alternative(html, "text/html")
    mail.send()
    logger.info("Alert digest of %s sent to user %s (%d alerts)", today, user.pk, len(rows))
