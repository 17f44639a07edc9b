"""Reads of the similarity app: the findings similar to a finding or to a text being written, in
the reader's scope; a unit's recurrences; recurrence counts per unit and office.

How a similar list is found (docs/similarity.md): the query's heaviest terms that are not too
common pick candidates from the inverted index (``Posting``, an index range scan per term),
restricted by the findings' scope rule applied to the postings' copies of office, group, unit
and status (``Posting.objects.visible_to(user)``), ranked by their partial score; the best
candidates are then scored exactly (cosine of the stored vectors) and those at or above the
threshold are returned, re-read through ``Issue.objects.visible_to(user)``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count

from inspections.choices import IssueStatus
from inspections.models import Issue

from . import index
from . import text as t
from .evaluation import THRESHOLD
from .models import IssueTerms, Posting, Recurrence

QUERY_TERMS = 5  # the query's heaviest terms used to pick candidates
CANDIDATES = 200  # candidates scored exactly
PER_TERM = 400  # postings read per query term (the heaviest the reader may see)


@dataclass
class Similar:
    """One similar finding: the finding (with unit, round, category), the score, the shared terms
    and whether it is in the same unit (可能重复) or another (可能共性)."""

    issue: Issue
    score: float
    shared: list[str] = field(default_factory=list)
    same_unit: bool = False

    @property
    def relation(self) -> str:
        return "duplicate" if self.same_unit else "common"


def _visible(user, *, exclude: int | None = None):
    queryset = Issue.objects.visible_to(user).exclude(status=IssueStatus.WITHDRAWN)
    if exclude is not None:
        queryset = queryset.exclude(pk=exclude)
    return queryset


def _candidates(user, vector: dict[str, float], stats, exclude: int | None) -> list[int]:
    """Candidates from the inverted index: for each of the query's rarer heavy terms, its heaviest
    postings that the reader may see (the postings carry the findings' scope columns; index
    (term, weight DESC), so a term costs ``PER_TERM`` rows however many findings share it),
    ranked by partial score."""
    df, n = stats
    ranked = sorted(vector.items(), key=lambda item: -item[1])
    # Only terms that keep postings (index.posted): a text made only of the commonest characters
    # has no candidates.
    picks = [(term, w) for term, w in ranked if index.posted(df.get(term, 0), n)][:QUERY_TERMS]
    if not picks:
        return []
    scoped = Posting.objects.visible_to(user).exclude(status=IssueStatus.WITHDRAWN)
    if exclude is not None:
        scoped = scoped.exclude(issue_id=exclude)
    per_term = [
        scoped.filter(term=term).order_by("-weight", "-issue_id").values_list("term", "issue_id", "weight")[:PER_TERM]
        for term, _ in picks
    ]
    weights = dict(picks)
    partial: dict[int, float] = {}
    for term, issue_id, weight in per_term[0].union(*per_term[1:], all=True):
        partial[issue_id] = partial.get(issue_id, 0.0) + weight * weights[term]
    return sorted(partial, key=lambda pk: (-partial[pk], -pk))[:CANDIDATES]


def similar_issues(user, issue_or_text, limit: int = 5, *, unit_id: int | None = None) -> list[Similar]:
    """The findings most similar to ``issue_or_text`` (an Issue, or a text being written) that
    ``user`` may see, best first, at most ``limit``, each scoring at least the threshold.

    ``unit_id`` (for a text) says which unit the text is about, for the duplicate/common label.
    """
    if isinstance(issue_or_text, Issue):
        issue = issue_or_text
        stored = IssueTerms.objects.filter(issue_id=issue.pk).first()
        vector = stored.vector() if stored else index.vector_of(issue.title, issue.facts, issue.unit.name)
        exclude, unit_id = issue.pk, issue.unit_id
    else:
        vector = index.vector_of(str(issue_or_text), "")
        exclude = None
    if not vector or limit < 1:
        return []
    visible = _visible(user, exclude=exclude)
    ids = _candidates(user, vector, index.document_frequencies(vector), exclude)
    scored = []
    for row in IssueTerms.objects.filter(issue_id__in=ids).values_list("issue_id", "terms", "weights"):
        other = dict(zip(row[1], row[2], strict=True))
        score = t.cosine(vector, other)
        if score >= THRESHOLD:
            scored.append((score, row[0], t.shared_terms(vector, other, limit=40)))
    scored.sort(key=lambda item: (-item[0], -item[1]))
    scored = scored[:limit]
    issues = visible.filter(pk__in=[pk for _, pk, _ in scored]).select_related("unit", "round", "category", "office")
    by_id = {i.pk: i for i in issues}
    return [
        Similar(
            issue=by_id[pk], score=round(score, 3), shared=_readable(shared), same_unit=by_id[pk].unit_id == unit_id
        )
        for score, pk, shared in scored
        if pk in by_id
    ]


def _readable(shared: list[str]) -> list[str]:
    """Shared terms as a reader wants them: bigrams, and characters only where no bigram has them."""
    pairs = [term for term in shared if len(term) > 1]
    singles = [term for term in shared if len(term) == 1 and not any(term in pair for pair in pairs)]
    return (pairs + singles)[:6]


def unit_recurrences(*, user, unit) -> list[Recurrence]:
    return list(
        Recurrence.objects.visible_to(user)
        .filter(unit=unit)
        .select_related("issue", "issue__round", "earlier", "earlier__round")
        .order_by("-issue__found_on", "-id")
    )


def recurrence_counts(*, user, by: str) -> list[dict]:
    """Recurrences in the reader's scope counted per unit or per office."""
    key = {"unit": ("unit", "unit__name"), "office": ("office", "office__name")}[by]
    rows = Recurrence.objects.visible_to(user).values(*key).annotate(count=Count("pk")).order_by("-count", key[0])
    return [{"id": row[key[0]], "name": row[key[1]], "count": row["count"]} for row in rows]
