"""Suggested clusters (建议归并): groups of a round's or a period's findings that look like one
problem found in several units, offered to a supervisor who confirms them as a common issue
(共性问题) on the create page. Nothing is merged here: this module only reads.

How (docs/similarity.md, "Suggested clusters"):

1. **The set**: the findings the reader may see (``Issue.objects.visible_to``), found (confirmed
   or further on: not drafts, not withdrawn), not already in a common issue, narrowed by round,
   period (found on) and office; their stored vectors (``IssueTerms``) in one query. A finding
   not yet indexed is left out and counted.
2. **Pairs** scoring at least ``EDGE`` (cosine), from an inverted index held in memory over
   each finding's heaviest terms that are in at most ``COMMON_SHARE`` of the set (a term in most
   findings would pair everything): two findings sharing at least ``MIN_SHARED`` of those key
   terms are a candidate pair, scored exactly (cosine over all their stored terms, all candidate
   pairs at once as numpy arrays). Findings with the very same vector (the same wording once the
   unit's name is removed) are one point, scored once.
3. **Groups** by average link: the two groups whose findings' pairs have the highest mean cosine
   (a pair under ``EDGE`` counts 0) merge, while that mean is at least ``threshold``. A finding
   joins a group only if it is like the group as a whole, so a chain A ~ B ~ C of pairs does not
   join unrelated A and C as single link (connected pairs) would. Two groups of several findings
   also need that mean to reach ``RELATIVE`` times the looser group's own mean: many findings
   worded alike for one problem and many for another that shares half its words
   (…责任制落实不到位) stay two groups. Chosen on the evaluation set against single link and
   "seed + neighbours, centroid re-check" (docs/similarity.md). A tight set of near-identical
   findings (all its pairs alike at a level of at least 0.6, none of them as alike to any finding
   outside it) starts as one group: those are provably the first merges average link makes with
   them, so the groups are the same, without a heap entry per pair and merge.
4. Groups spanning at least ``min_units`` distinct units are suggested, biggest first, with a
   label (the heaviest terms at least half the findings share) and a cohesion (the mean cosine
   of the group's pairs); a group's findings are listed closest to the others first.

The old computation (every pair scored in Python, every merge through the heap) is kept in
tests/similarity/clusters_reference.py; the tests check this one gives the same groups.
"""

from __future__ import annotations

import datetime as dt
import heapq
import math
import time
from bisect import bisect_left
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, repeat
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from inspections.choices import FOUND_STATUSES
from inspections.models import Issue

from . import text as t
from .models import IssueTerms
from .selectors import _readable

THRESHOLD = 0.3  # two groups merge while the mean cosine of all their pairs is at least this (measured)
# … and two groups of several findings merge only if that mean is at least this share of the looser
# group's own mean: two tight groups only loosely alike are two problems sharing words
# (“意识形态工作责任制落实不到位” / “安全生产责任制落实不到位”, cosine 0.48).
RELATIVE = 0.6
EDGE = 0.2  # pairs scoring under this count 0 in that mean (they are not computed)
MIN_UNITS = 3  # a common issue is one problem in several units
COMMON_SHARE = 0.05  # a term in more than this share of the set picks no candidates (it would pair everything)
COMMON_FLOOR = 20  # … unless it is in no more than this many findings (small sets)
KEY_TERMS = 12  # a finding's heaviest terms (not too common) that pick its candidates
MIN_SHARED = 2  # candidates share at least this many key terms (then the cosine is exact)
MAX_FINDINGS = 50_000  # a larger set is refused: narrow the round, period or office
LABEL_TERMS = 6
LABEL_PHRASES = 3
# Levels at which sets of near-identical findings are looked for, to start as one group (tight_sets).
TIGHT_LEVELS = (0.6, 0.7, 0.8, 0.9, 0.95, 0.99)
MARGIN = 1e-9  # the gaps tight_sets requires, against rounding
DENSE = 1 << 21  # cells of the dense table dot_products scores a block of points with (16 MB)
PAIRS = 1 << 15  # pairs dot_products scores at once (~1M products for vectors of ~32 terms)


@dataclass
class Cluster:
    """One suggested group: finding ids (closest to the group's centroid first), the distinct
    units, the label (shared heaviest terms) and the cohesion (mean cosine to the centroid)."""

    ids: list[int]
    units: list[int]
    label: list[str]
    cohesion: float
    issues: list[Issue] = field(default_factory=list)  # filled by attach_issues()

    @property
    def unit_count(self) -> int:
        return len(self.units)

    @property
    def label_text(self) -> str:
        return "、".join(self.label)


@dataclass
class Suggestions:
    """What :func:`suggest_clusters` found: the clusters, how many findings were considered and how
    many of those had no vector yet (left out), and the seconds it took."""

    clusters: list[Cluster]
    findings: int
    unindexed: int
    seconds: float = 0.0

    @property
    def clustered(self) -> int:
        return sum(len(cluster.ids) for cluster in self.clusters)


# Findings already grouped (in a common issue) are not suggested again. The app that groups them
# registers a callable giving their ids (a queryset of ``issue_id``) from its ready(): commons
# depends on similarity, not the reverse (docs/architecture.md).
_GROUPED: list[Callable[[], Any]] = []


def leave_out_grouped(ids_of: Callable[[], Any]) -> None:
    """Register ``ids_of()``: the ids of findings already grouped, left out of every suggestion."""
    if ids_of not in _GROUPED:
        _GROUPED.append(ids_of)


def findings_of(
    user,
    *,
    round=None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    office=None,
):
    """The findings a suggestion is made from: visible, found, not in a common issue, filtered."""
    queryset = Issue.objects.visible_to(user).filter(status__in=FOUND_STATUSES)
    for ids_of in _GROUPED:
        queryset = queryset.exclude(pk__in=ids_of())
    if round is not None:
        queryset = queryset.filter(round=round)
    if date_from is not None:
        queryset = queryset.filter(found_on__gte=date_from)
    if date_to is not None:
        queryset = queryset.filter(found_on__lte=date_to)
    if office is not None:
        queryset = queryset.filter(office__path__startswith=office.path)
    return queryset


def suggest_clusters(
    user,
    *,
    round=None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    office=None,
    min_units: int = MIN_UNITS,
    threshold: float = THRESHOLD,
    max_findings: int = MAX_FINDINGS,
) -> Suggestions:
    """Suggested clusters of the findings ``user`` may see in a round, a period (found on, both
    ends included) and/or an office with its subtree: groups of findings that look like one
    problem, each spanning at least ``min_units`` units, biggest first. Read only."""
    started = time.perf_counter()
    findings = findings_of(user, round=round, date_from=date_from, date_to=date_to, office=office)
    total = findings.count()
    if total > max_findings:
        message = _("所选范围内有 %(count)s 个问题，超过 %(max)s 个，请缩小轮次、期间或机构。") % {
            "count": total,
            "max": max_findings,
        }
        raise ValidationError({"round" if round is not None else "date_from": message})
    rows = list(
        IssueTerms.objects.filter(issue__in=findings.values("pk"))
        .order_by("issue_id")
        .values_list("issue_id", "issue__unit_id", "terms", "weights", "issue__title")
    )
    clusters = group(rows, threshold=threshold, min_units=min_units)
    return Suggestions(
        clusters=clusters, findings=total, unindexed=total - len(rows), seconds=time.perf_counter() - started
    )


def attach_issues(user, clusters: Sequence[Cluster]) -> None:
    """Each cluster's findings (with unit), re-read through ``visible_to``, in the cluster's order."""
    ids = [pk for cluster in clusters for pk in cluster.ids]
    by_id = {issue.pk: issue for issue in Issue.objects.visible_to(user).filter(pk__in=ids).select_related("unit")}
    for cluster in clusters:
        cluster.issues = [by_id[pk] for pk in cluster.ids if pk in by_id]


# --- the computation, on vectors only (no database) ------------------------------------------------


def group(
    rows: Iterable[tuple],
    *,
    threshold: float = THRESHOLD,
    min_units: int = MIN_UNITS,
) -> list[Cluster]:
    """Clusters of ``rows`` (finding id, unit id, terms, weights — a unit vector — and optionally
    the title, for the label), see the module."""
    # Findings with the very same vector are one point with several findings.
    seen: dict[tuple, int] = {}
    vectors: list[dict[str, float]] = []
    members: list[list[tuple[int, int, str]]] = []
    for pk, unit, terms, weights, *title in rows:
        key = (tuple(terms), tuple(weights))
        index = seen.get(key)
        if index is None:
            index = seen[key] = len(vectors)
            vectors.append(dict(zip(terms, weights, strict=True)))
            members.append([])
        members[index].append((pk, unit, title[0] if title else ""))
    if not vectors:
        return []
    sizes = [len(m) for m in members]
    neighbours = pairs(vectors, sizes, EDGE)
    clusters = []
    for points, cohesion in _average_link(sizes, neighbours, threshold):
        units = sorted({unit for p in points for _, unit, _ in members[p]})
        if len(units) < min_units:
            continue
        inside = set(points)
        total = sum(sizes[p] for p in points)
        single = len(inside) == total  # no point of several identical findings
        findings = []
        for p in points:
            # How close a finding is to the rest of its group: its mean cosine to the others.
            row = neighbours[p]
            if single and len(points) < 2 * len(row):
                near = sum(map(row.get, points, repeat(0.0)))
            else:
                near = sizes[p] - 1 + sum(score * sizes[q] for q, score in row.items() if q in inside)
            findings.extend((near / (total - 1), pk, unit, title) for pk, unit, title in members[p])
        findings.sort(key=lambda item: (-item[0], item[1]))
        weighted = [(vectors[p], sizes[p]) for p in points]
        clusters.append(
            Cluster(
                ids=[finding[1] for finding in findings],
                units=units,
                label=_label(_centroid(weighted), weighted, findings[0][3]),
                cohesion=round(cohesion, 3),
            )
        )
    clusters.sort(key=lambda c: (-len(c.units), -len(c.ids), -c.cohesion, c.ids[0]))
    return clusters


def pairs(vectors: list[dict[str, float]], sizes: list[int], edge: float) -> list[dict[int, float]]:
    """For each point, its neighbours scoring at least ``edge`` (exact cosine).

    Candidates share at least ``MIN_SHARED`` key terms (a point's ``KEY_TERMS`` heaviest terms
    found in no more than ``COMMON_SHARE`` of the set): an inverted index of the key terms, counted
    in C (a ``Counter`` of the earlier points having them); the candidate pairs are then scored
    exactly, all at once (:func:`dot_products`)."""
    df: dict[str, int] = defaultdict(int)
    for vector, size in zip(vectors, sizes, strict=True):
        for term in vector:
            df[term] += size
    common = max(COMMON_SHARE * sum(sizes), COMMON_FLOOR)
    postings: dict[str, list[int]] = defaultdict(list)  # key term → the earlier points having it
    candidates: list[np.ndarray] = []  # for each point, the earlier points it is scored with
    for point, vector in enumerate(vectors):
        heaviest = sorted(sorted(vector), key=vector.__getitem__, reverse=True)  # ties by term (a stable sort)
        keys = [term for term in heaviest if df[term] <= common][:KEY_TERMS]
        having = [postings[term] for term in keys]
        shared = Counter(chain.from_iterable(having))
        for earlier_points in having:
            earlier_points.append(point)
        # A finding with a single key term (a very short title) pairs on that one.
        need = MIN_SHARED if len(keys) >= MIN_SHARED else 1
        candidates.append(np.fromiter(compress(shared, map(need.__le__, shared.values())), dtype=np.int64))
    neighbours: list[dict[int, float]] = [{} for _ in vectors]
    counts = [len(others) for others in candidates]
    if not any(counts):
        return neighbours
    ends = np.repeat(np.arange(len(vectors)), counts), np.concatenate(candidates)
    scores = dot_products(vectors, *ends)
    kept = scores >= edge
    scores = scores[kept]
    for mine, theirs in (ends, ends[::-1]):  # each pair in both points' rows
        order = np.argsort(mine[kept], kind="stable")
        bounds = np.searchsorted(mine[kept][order], np.arange(len(vectors) + 1)).tolist()
        others, values = theirs[kept][order].tolist(), scores[order].tolist()
        for point, row in enumerate(neighbours):
            lo, hi = bounds[point], bounds[point + 1]
            if lo < hi:
                row.update(zip(others[lo:hi], values[lo:hi], strict=True))
    return neighbours


def dot_products(vectors: list[dict[str, float]], later: np.ndarray, earlier: np.ndarray) -> np.ndarray:
    """The dot product of ``vectors[later[k]]`` and ``vectors[earlier[k]]`` for each k (``later``
    ascending): the vectors laid out as arrays of term ids and weights (only the terms of two
    points or more: the others are in no product); for a block of the later points, their weights
    in a dense table (point × term, ``DENSE`` cells at most), and each pair's sum of the earlier
    point's weights times the table's weights of the same terms, ``PAIRS`` pairs at a time."""
    shared = [term for term, n in Counter(chain.from_iterable(vectors)).items() if n > 1]
    ids = dict(zip(shared, range(len(shared)), strict=True))
    every = np.array([len(vector) for vector in vectors], dtype=np.int64)
    total = int(every.sum())
    terms = np.fromiter(map(ids.get, chain.from_iterable(vectors), repeat(-1)), dtype=np.int64, count=total)
    weights = np.fromiter(chain.from_iterable(v.values() for v in vectors), dtype=np.float64, count=total)
    kept = terms >= 0
    terms, weights = terms[kept], weights[kept]
    lengths = np.bincount(np.repeat(np.arange(len(vectors)), every)[kept], minlength=len(vectors))
    start = np.zeros(len(vectors) + 1, dtype=np.int64)
    np.cumsum(lengths, out=start[1:])
    width = max(len(ids), 1)
    rows = max(1, min(DENSE // width, 256))
    dense = np.zeros(rows * width)
    scores = np.zeros(len(later))
    cuts = np.searchsorted(later, np.arange(0, len(vectors) + rows, rows))
    for block, first in enumerate(range(0, len(vectors), rows)):
        if cuts[block] == cuts[block + 1]:
            continue
        last = min(first + rows, len(vectors))
        span = slice(start[first], start[last])
        cells = np.repeat(np.arange(last - first) * width, lengths[first:last]) + terms[span]
        dense[cells] = weights[span]
        for lo in range(cuts[block], cuts[block + 1], PAIRS):
            hi = min(lo + PAIRS, cuts[block + 1])
            other, mine = earlier[lo:hi], later[lo:hi]
            counts = lengths[other]
            some = counts > 0  # a pair shares a key term, so both have a term of two points: always
            other, mine, counts = other[some], mine[some], counts[some]
            offsets = np.cumsum(counts) - counts  # where each pair's products start
            entries = np.arange(int(counts.sum())) + np.repeat(start[other] - offsets, counts)
            products = weights[entries] * dense[np.repeat((mine - first) * width, counts) + terms[entries]]
            scores[lo:hi][some] = np.add.reduceat(products, offsets) if len(offsets) else 0.0
        dense[cells] = 0.0
    return scores


def tight_sets(
    sizes: list[int], neighbours: list[dict[int, float]], threshold: float
) -> list[tuple[list[int], float, float]]:
    """Sets of points that average link provably merges into one group before any of them joins
    another group: every pair inside scores at least ``low`` (all of them neighbours), every pair
    with one point inside and one outside scores less than ``low`` (or is no neighbour), ``low``
    is at least ``threshold`` and at least ``RELATIVE`` times the best pair inside (so the relative
    check never stops a merge inside). Then, while such a set is split in several groups, two of
    its groups are more alike (mean ≥ ``low``) than any of them with any other group (mean <
    ``low``), so the next merge involving them is between two of them (never refused: at least
    ``threshold`` and passing the relative check); merged at the start, the set leaves every other
    merge as it was (ties between exactly equal means aside, which the old computation breaks by
    point ids and by the rounding of its sums, itself depending on set order). Returns (points,
    sum of its pair scores, the level: its points' pairs with points outside it score less).

    Found level by level (``TIGHT_LEVELS``): at a level, the points whose neighbours scoring at
    least the level, with themselves, are the same set; then the conditions are checked exactly on
    the scores, with a margin for rounding."""
    taken = [False] * len(sizes)
    found: list[tuple[list[int], float, float]] = []
    for level in TIGHT_LEVELS:
        if level < threshold:
            continue
        by_set: dict[frozenset[int], list[int]] = defaultdict(list)
        for p, row in enumerate(neighbours):
            if not taken[p] and row:
                close = list(compress(row, map(level.__le__, row.values())))
                if close:
                    close.append(p)
                    by_set[frozenset(close)].append(p)
        for close, points in by_set.items():
            if len(points) != len(close):
                continue  # not every point of it sees the same set: not a clique cut off at this level
            # Each point's scores at least the level are those with the rest of the set, the others
            # are with points outside it.
            single = all(sizes[p] == 1 for p in points)
            low, high, outside, total = 2.0, 0.0 if single else 1.0, 0.0, 0.0
            for p in points:
                scores = sorted(neighbours[p].values())
                cut = bisect_left(scores, level)
                low, high = min(low, scores[cut]), max(high, scores[-1])
                if cut:
                    outside = max(outside, scores[cut - 1])
                if single:
                    total += sum(scores[cut:])
                else:
                    total += sizes[p] * sum(score * sizes[q] for q, score in neighbours[p].items() if q in close)
            if low >= threshold + MARGIN and low >= RELATIVE * high + MARGIN and low >= outside + MARGIN:
                for p in points:
                    taken[p] = True
                found.append((sorted(points), total / 2, level))  # each pair was counted from both ends
    return found


def _average_link(
    sizes: list[int], neighbours: list[dict[int, float]], threshold: float
) -> list[tuple[list[int], float]]:
    """Average-link agglomeration over the sparse pairs: repeatedly merge the two groups whose
    mean cosine over all their findings' pairs (a pair under ``EDGE`` counts 0) is the highest,
    while it is at least ``threshold`` (and ``RELATIVE`` times the looser group's own mean, for two
    groups of several findings). Returns (points, mean cosine inside the group).

    The tight sets (:func:`tight_sets`) start as one group each: the merges inside them are the
    first ones average link would make with them anyway."""
    count = list(sizes)  # findings per group (a point is one or more identical findings)
    inside = [n * (n - 1) / 2 for n in sizes]  # sum of the cosines of the pairs inside a group
    points: list[list[int] | None] = [[p] for p in range(len(sizes))]
    owner = list(range(len(sizes)))  # the group a point starts in
    tight = [False] * len(sizes)
    cut = [2.0] * len(sizes)  # a group's points' pairs scoring less than this are with other groups
    for members, total, level in tight_sets(sizes, neighbours, threshold):
        g = members[0]
        for p in members[1:]:
            owner[p] = g
            count[g] += sizes[p]
            inside[g] += inside[p]
            points[p] = None
        for p in members:
            tight[p] = True
        inside[g] += total
        points[g] = members
        cut[g] = level
    links: list[dict[int, float] | None] = []
    for g, group in enumerate(points):
        if group is None:
            links.append(None)
            continue
        row = neighbours[g]
        if len(group) == 1 and not any(map(tight.__getitem__, row)):
            links.append({q: score * sizes[g] * sizes[q] for q, score in row.items()})
            continue
        mine: dict[int, float] = {}
        for p in group:
            size, level = sizes[p], cut[g]
            row = neighbours[p]
            for q, score in compress(row.items(), map(level.__gt__, row.values())):
                h = owner[q]
                if h != g:
                    mine[h] = mine.get(h, 0.0) + score * size * sizes[q]
        links.append(mine)
    heap = []
    for a, row in enumerate(links):
        if row:
            for b, total in row.items():
                if a < b and total / (count[a] * count[b]) >= threshold:
                    heap.append((-total / (count[a] * count[b]), a, b))
    heapq.heapify(heap)
    while heap:
        mean, a, b = heapq.heappop(heap)
        if points[a] is None or points[b] is None or b not in links[a]:
            continue
        if -mean != links[a][b] / (count[a] * count[b]):
            continue  # stale: one of the two grew since
        if RELATIVE and count[a] > 1 and count[b] > 1:
            within = min(inside[a] / (count[a] * (count[a] - 1) / 2), inside[b] / (count[b] * (count[b] - 1) / 2))
            if -mean < RELATIVE * within:
                continue  # two tight groups only loosely alike: two problems sharing words
        if len(links[a]) < len(links[b]):
            a, b = b, a  # merge the smaller neighbourhood into the larger
        between = links[a].pop(b)
        del links[b][a]
        inside[a] += inside[b] + between
        count[a] += count[b]
        points[a].extend(points[b])
        for c, total in links[b].items():
            links[c].pop(b)
            links[a][c] = links[a].get(c, 0.0) + total
            links[c][a] = links[a][c]
        links[b] = points[b] = None
        for c, total in links[a].items():
            score = total / (count[a] * count[c])
            if score >= threshold:
                heapq.heappush(heap, (-score, min(a, c), max(a, c)))
    return [
        (group, inside[g] / (count[g] * (count[g] - 1) / 2))
        for g, group in enumerate(points)
        if group is not None and count[g] > 1
    ]


def _centroid(weighted: list[tuple[Mapping[str, float], int]]) -> dict[str, float]:
    total: dict[str, float] = defaultdict(float)
    for vector, size in weighted:
        for term, weight in vector.items():
            total[term] += weight * size
    norm = math.sqrt(sum(w * w for w in total.values())) or 1.0
    return {term: w / norm for term, w in total.items()}


def _label(centroid: dict[str, float], weighted: list[tuple[Mapping[str, float], int]], title: str = "") -> list[str]:
    """The heaviest terms at least half of the findings contain, made readable: the stretches of
    the most central finding's title those bigrams cover (村干部亲属违规享受政策待遇), in the title's
    order; without a title, overlapping bigrams joined into phrases (意识 识形 形态 → 意识形态),
    heaviest first; the characters only when no two findings' terms make a phrase."""
    findings = sum(size for _, size in weighted)
    having: dict[str, int] = defaultdict(int)  # term → the findings having it
    for vector, size in weighted:
        for term in vector:
            having[term] += size
    shared = [
        term
        for term, _ in sorted(centroid.items(), key=lambda item: (-item[1], item[0]))
        if having[term] * 2 >= findings
    ]
    if title:
        covered = _covered(t.normalise(title), {term for term in shared if len(term) == 2})
        if covered:
            return covered[:LABEL_PHRASES]
    shared = shared[: LABEL_TERMS * 4]
    pairs = [term for term in shared if len(term) == 2]
    following = {pair[0]: pair for pair in reversed(pairs)}  # the heaviest bigram starting with a character
    starts = {pair[1] for pair in pairs}
    used: set[str] = set()
    phrases: list[tuple[float, str]] = []
    for pair in sorted(pairs, key=lambda p: (p[0] in starts, -centroid[p], p)):
        if pair in used:
            continue
        phrase, weight, last = pair, centroid[pair], pair
        used.add(pair)
        while (nxt := following.get(last[1])) and nxt not in used:
            used.add(nxt)
            phrase, weight, last = phrase + nxt[1], weight + centroid[nxt], nxt
        phrases.append((weight, phrase))
    phrases.sort(key=lambda item: (-item[0], item[1]))
    words = [phrase for _, phrase in phrases][:LABEL_PHRASES]
    return words or _readable(shared)[:LABEL_TERMS]


def _covered(title: str, pairs: set[str]) -> list[str]:
    """The stretches of ``title`` made of the given bigrams (two characters at least)."""
    covered = [False] * len(title)
    for i in range(len(title) - 1):
        if title[i : i + 2] in pairs:
            covered[i] = covered[i + 1] = True
    stretches, current = [], ""
    for char, inside in zip(title, covered, strict=True):
        if inside:
            current += char
        else:
            if len(current) > 1:
                stretches.append(current)
            current = ""
    if len(current) > 1:
        stretches.append(current)
    return stretches
