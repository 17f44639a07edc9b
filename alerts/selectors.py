"""Reading alerts: the open alerts of an office's subtree (or of one round) as a person may see
them, by level and kind, and the office and round such a page is about.

The statistics dashboard shows the same office or round with the open alerts' counts and links
to the alert list, so it reads them through here too."""

from __future__ import annotations

from django.db.models import Case, Count, Q, Value, When
from django.http import Http404

from accounts.models import Office
from inspections.models import Round
from rectification.choices import AlertLevel

from .models import Alert

# The levels by severity: the alert list's order and the dashboard's alert chart.
LEVELS = (AlertLevel.RED, AlertLevel.YELLOW, AlertLevel.GREEN)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def visible_offices(user):
    return Office.objects.visible_to(user).order_by("path")


def picked_office_and_round(user, office_param: str | None, round_param: str | None) -> tuple[Office, Round | None]:
    """The office (with its subtree) and the round asked for by the query string's ids.

    An office or round the user may not see, a round outside the office, or an id that is not a
    number is a 404, like an unknown id; no office means the user's top office.
    """
    offices = visible_offices(user)
    office_id, round_id = _int(office_param), _int(round_param)
    if (office_param and office_id is None) or (round_param and round_id is None):
        raise Http404
    picked = offices.filter(pk=office_id).first() if office_id else offices.first()
    if picked is None:
        raise Http404
    round_ = None
    if round_id:
        round_ = (
            Round.objects.visible_to(user)
            .filter(pk=round_id, office__path__startswith=picked.path)
            .select_related("office")
            .first()
        )
        if round_ is None:
            raise Http404
    return picked, round_


def open_alerts(user, *, office: Office, round: Round | None = None):
    """The unresolved alerts the user may see in the office's subtree (and the round, if given)."""
    alerts = Alert.objects.visible_to(user).filter(resolved_at__isnull=True, office__path__startswith=office.path)
    if round is not None:
        alerts = alerts.filter(Q(issue__round=round) | Q(assignment__round=round) | Q(clue__round=round))
    return alerts


def open_alert_counts(user, *, office: Office, round: Round | None = None) -> dict[tuple[str, str], int]:
    """Open alerts the user may see in the office's subtree (or round): {(level, kind): count}."""
    alerts = open_alerts(user, office=office, round=round)
    return {(row["level"], row["kind"]): row["n"] for row in alerts.values("level", "kind").annotate(n=Count("id"))}


def by_severity(alerts):
    """Red first, then yellow, then green; within a level the nearest due date first."""
    severity = Case(*(When(level=level.value, then=Value(n)) for n, level in enumerate(LEVELS)), default=Value(9))
    return alerts.order_by(severity, "due", "id")
