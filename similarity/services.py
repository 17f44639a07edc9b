"""Writes of the similarity app: recurrences (屡查屡犯), found by the system when a finding is
confirmed (on commit, from similarity.tasks) and for all findings by the index build command.

A finding confirmed (or further on) for a unit recurs when a closed finding of the same unit in
an earlier round (planned to start before this finding's round) scores at least
``RECURRENCE_THRESHOLD`` against it; the best such finding is recorded. Idempotent: the row is
written, updated or removed to match the index.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Count

from inspections.choices import FOUND_STATUSES, IssueStatus
from inspections.models import Issue

from . import text as t
from .models import IssueTerms, Recurrence

# Stricter than the similar list's threshold: a recurrence is an accusation, not a hint.
RECURRENCE_THRESHOLD = 0.5


def _vectors(issue_ids) -> dict[int, dict[str, float]]:
    rows = IssueTerms.objects.filter(issue_id__in=issue_ids).values_list("issue_id", "terms", "weights")
    return {pk: dict(zip(terms, weights, strict=True)) for pk, terms, weights in rows}


def _best_earlier(vector, earlier: list[tuple[int, object]], vectors) -> tuple[int, float] | None:
    best = None
    for pk, _start in earlier:
        other = vectors.get(pk)
        if other is None:
            continue
        score = t.cosine(vector, other)
        if score >= RECURRENCE_THRESHOLD and (best is None or score > best[1]):
            best = (pk, score)
    return best


def _record(issue: Issue, best: tuple[int, float] | None) -> Recurrence | None:
    if best is None:
        Recurrence.objects.filter(issue=issue).delete()
        return None
    recurrence, _ = Recurrence.objects.update_or_create(
        issue=issue,
        defaults={
            "earlier_id": best[0],
            "score": round(best[1], 3),
            "unit_id": issue.unit_id,
            "office_id": issue.office_id,
        },
    )
    return recurrence


@transaction.atomic
def recurrence_detect(*, issue_id: int) -> Recurrence | None:
    """Flag (or unflag) one finding as a recurrence of an earlier closed finding of its unit."""
    issue = Issue.objects.select_related("round").filter(pk=issue_id).first()
    if issue is None:
        return None
    if issue.status not in FOUND_STATUSES:
        return _record(issue, None)
    earlier = list(
        Issue.objects.filter(
            unit_id=issue.unit_id, status=IssueStatus.CLOSED, round__planned_start__lt=issue.round.planned_start
        ).values_list("pk", "round__planned_start")
    )
    vectors = _vectors([issue.pk, *[pk for pk, _ in earlier]])
    vector = vectors.get(issue.pk)
    return _record(issue, _best_earlier(vector, earlier, vectors) if vector else None)


def recurrences_detect_all() -> int:
    """Recurrences of every finding of the units inspected in more than one round; returns how many."""
    units = (
        Issue.objects.values("unit_id")
        .order_by("unit_id")
        .annotate(rounds=Count("round_id", distinct=True))
        .filter(rounds__gt=1)
        .values_list("unit_id", flat=True)
    )
    found = 0
    for unit_id in units.iterator():
        with transaction.atomic():
            rows = list(
                Issue.objects.filter(unit_id=unit_id).values_list("pk", "status", "round__planned_start", "office_id")
            )
            vectors = _vectors([row[0] for row in rows])
            closed = [(pk, start) for pk, status, start, _ in rows if status == IssueStatus.CLOSED]
            for pk, status, start, office_id in rows:
                issue = Issue(pk=pk, unit_id=unit_id, office_id=office_id)
                if status not in FOUND_STATUSES or pk not in vectors:
                    best = None
                else:
                    best = _best_earlier(vectors[pk], [(e, s) for e, s in closed if s < start], vectors)
                found += best is not None
                _record(issue, best)
    return found
