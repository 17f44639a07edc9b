"""Writing notifications: marking them read. (They are created by the alert check,
alerts/rules.py, in the same statement that raises their alerts.)"""

from __future__ import annotations

from django.utils import timezone

from .models import Notification


def mark_read(user, ids=None) -> int:
    """Mark the person's notifications read (all, or those ``ids``); returns how many changed."""
    notes = Notification.objects.for_user(user).unread()
    if ids is not None:
        notes = notes.filter(pk__in=list(ids))
    return notes.update(read_at=timezone.now())
