"""Reading notifications: the unread count, the latest ones, and what each one is about (its
alert's subject, or the issue, assignment or clue of its hand-over) as the reader may see it."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from inspections.models import Assignment, Clue, Issue

from .choices import NotificationKind
from .models import Notification

# What a notification row shows: its alert and the alert's subject, or its hand-over's subject
# and actor (a fixed number of queries).
RELATED = (
    "alert",
    "alert__issue",
    "alert__assignment__round",
    "alert__assignment__unit",
    "alert__clue",
    "alert__unit",
    "issue__unit",
    "assignment__round",
    "assignment__unit",
    "clue",
    "actor",
)


def unread_count(user) -> int:
    return Notification.objects.visible_to(user).unread().count()


def latest(user, limit: int = 20):
    """The person's latest notifications with their alerts and subjects (a fixed number of queries)."""
    return Notification.objects.visible_to(user).select_related(*RELATED)[:limit]


def note_subjects(user, notes) -> dict[int, dict]:
    """For each notification (by id): its subject's label and URL (if the user may see it now).

    An alert's notification is about the alert's subject; a hand-over's about its own issue,
    assignment or clue. Three queries at most.
    """
    notes = list(notes)
    holders = [note.alert if note.alert_id else note for note in notes]
    subjects = _subjects(user, holders)
    result = {}
    for note, holder in zip(notes, holders, strict=True):
        subject = dict(subjects[id(holder)])
        if note.kind == NotificationKind.FINDING_SUBMITTED and note.issue_id and subject["url"]:
            subject["url"] = reverse("inspections:issue-detail", args=[note.issue_id])  # a draft
        result[note.pk] = subject
    return result


def _visible(model, user, ids: set[int]) -> set[int]:
    if not ids:
        return set()
    return set(model.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))


def alert_subjects(user, alerts) -> dict[int, dict]:
    """For each alert: the subject's label, and its URL if the user may see the subject.

    Three queries at most (visible issues, assignments and clues among the subjects); a clue
    is named by its code only, and only to someone who may read it.
    """
    by_object = _subjects(user, alerts)
    return {alert.pk: by_object[id(alert)] for alert in alerts}


def _subjects(user, alerts) -> dict[int, dict]:
    """Subjects of alerts or hand-over notifications (anything with issue, assignment and clue),
    keyed by the holder's ``id()``."""
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
        subjects[id(alert)] = {"label": label or str(alert.get_kind_display()), "url": url}
    return subjects
