"""Writing notifications: marking them read, muting and unmuting a kind. (Alert notifications are
created by the alert check, alerts/rules.py, in the statement that raises their alerts; hand-over
notifications by notifications/handovers.py.)"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from core.services import service

from .choices import NotificationKind
from .models import Notification, NotificationMute


def mark_read(user, ids=None) -> int:
    """Mark the person's notifications read (all, or those ``ids``); returns how many changed."""
    notes = Notification.objects.visible_to(user).unread()
    if ids is not None:
        notes = notes.filter(pk__in=list(ids))
    return notes.update(read_at=timezone.now())


@service("notification_mutes_set")
def mutes_set(*, actor, kinds: Iterable[str]) -> set[str]:
    """The kinds the person no longer wants to be told of (replacing his previous choice)."""
    kinds = set(kinds)
    unknown = kinds - set(NotificationKind.values)
    if unknown:
        raise ValidationError({"kinds": _("未知的提醒类型：%(kinds)s") % {"kinds": ", ".join(sorted(unknown))}})
    NotificationMute.objects.filter(user=actor).exclude(kind__in=kinds).delete()
    NotificationMute.objects.bulk_create(
        [NotificationMute(user=actor, kind=kind) for kind in sorted(kinds)], ignore_conflicts=True
    )
    return kinds
