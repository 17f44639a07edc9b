"""Reading notifications: the unread count, the latest ones, and what each alert is about as
the reader may see it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from inspections.models import Assignment, Clue, Issue

from .models import Notification

# What a notification row shows: its alert and the alert's subject (a fixed number of queries).
RELATED = ("alert", "alert__issue", "alert__assignment__round", "alert__assignment__unit", "alert__clue", "alert__unit")


def unread_count(user) -> int:
    return Notification.objects.for_user(user).unread().count()


def latest(user, limit: int = 20):
    """The person's latest notifications with their alerts and subjects (a fixed number of queries)."""
    return Notification.objects.for_user(user).select_related(
        "alert", "alert__issue", "alert__assignment__round", "alert__clue", "alert__unit"
    )[:limit]


def _visible(model, user, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(model.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def alert_subjects(user, alerts) -> dict[int, dict]:
    """For each alert: the subject's label, and its URL if the user may see the subject.

    Three queries at most (visible issues, assignments and clues among the subjects); a clue
    is named by its code only, and only to someone who may read it.
    """
    issue_ids = {a.issue_id for a in alerts if a.issue_id}
    assignment_ids = {a.assignment_id for a in alerts if a.assignment_id}
    clue_ids = {a.clue_id for a in alerts if a.clue_id}
    issues = _visible(Issue, user, issue_ids)
    assignments = _visible(Assignment, user, assignment_ids)
    clues = _visible(Clue, user, clue_ids)
    subjects = {}
    for alert in alerts:
        label, url = None, None
        if alert.issue_id and alert.issue_id in issues:
            label = f"{alert.issue.code} {alert.issue.title}"
            url = reverse("rectification:issue", args=[alert.issue_id])
        elif alert.assignment_id and alert.assignment_id in assignments:
            label, url = str(alert.assignment), reverse("rectification:assignment", args=[alert.assignment_id])
        elif alert.clue_id and alert.clue_id in clues:
            label = _("线索 %(code)s") % {"code": alert.clue.code}
            url = reverse("inspections:clue-detail", args=[alert.clue_id])
        subjects[alert.pk] = {"label": label or str(alert.get_kind_display()), "url": url}
    return subjects
