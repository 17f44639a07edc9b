"""The suggested-clusters computation as it was before the tight-set collapse and the faster
scoring (similarity/clusters.py up to commit 5375ef0), kept verbatim as the reference the new one
is compared with: tests/similarity/test_clusters.py (the same groups on generated data and on the
evaluation set) and bench/clusters.py --compare (both timed on the same vectors)."""

from __future__ import annotations

import heapq
from collections import Counter, defaultdict
from collections.abc import Iterable

from similarity import clusters
from similarity.clusters import (
    COMMON_FLOOR,
    COMMON_SHARE,
    EDGE,
    KEY_TERMS,
    MIN_SHARED,
    MIN_UNITS,
    THRESHOLD,
    Cluster,
    _centroid,
    _label,
)


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
        inside = set(points)
        total = sum(sizes[p] for p in points)
        findings = []
        for p in points:
            # How close a finding is to the rest of its group: its mean cosine to the others.
            near = sizes[p] - 1 + sum(score * sizes[q] for q, score in neighbours[p].items() if q in inside)
            findings.extend((near / (total - 1), pk, unit, title) for pk, unit, title in members[p])
        units = sorted({finding[2] for finding in findings})
        if len(units) < min_units:
            continue
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
    in C (``Counter.update``); each candidate pair is then scored exactly over the terms the two
    vectors share (a set intersection)."""
    df: dict[str, int] = defaultdict(int)
    for vector, size in zip(vectors, sizes, strict=True):
        for term in vector:
            df[term] += size
    common = max(COMMON_SHARE * sum(sizes), COMMON_FLOOR)
    postings: dict[str, list[int]] = defaultdict(list)  # key term → the earlier points having it
    neighbours: list[dict[int, float]] = [{} for _ in vectors]
    termsets = [frozenset(vector) for vector in vectors]
    for point, vector in enumerate(vectors):
        heaviest = sorted(vector, key=lambda term: (-vector[term], term))
        keys = [term for term in heaviest if df[term] <= common][:KEY_TERMS]
        shared: Counter[int] = Counter()
        for term in keys:
            shared.update(postings[term])
            postings[term].append(point)
        # A finding with a single key term (a very short title) pairs on that one.
        need = MIN_SHARED if len(keys) >= MIN_SHARED else 1
        mine, terms = neighbours[point], termsets[point]
        for other in [other for other, n in shared.items() if n >= need]:
            them = vectors[other]
            score = sum([vector[term] * them[term] for term in terms & termsets[other]])
            if score >= edge:
                mine[other] = score
                neighbours[other][point] = score
    return neighbours


def _average_link(
    sizes: list[int], neighbours: list[dict[int, float]], threshold: float
) -> list[tuple[list[int], float]]:
    """Average-link agglomeration over the sparse pairs: repeatedly merge the two groups whose
    mean cosine over all their findings' pairs (a pair under ``EDGE`` counts 0) is the highest,
    while it is at least ``threshold`` (and ``RELATIVE`` times the looser group's own mean, for two
    groups of several findings). Returns (points, mean cosine inside the group)."""
    count = list(sizes)  # findings per group (a point is one or more identical findings)
    inside = [n * (n - 1) / 2 for n in sizes]  # sum of the cosines of the pairs inside a group
    links: list[dict[int, float] | None] = [
        {q: score * sizes[p] * sizes[q] for q, score in neighbours[p].items()} for p in range(len(sizes))
    ]
    points: list[list[int] | None] = [[p] for p in range(len(sizes))]
    heap = []
    for a, row in enumerate(links):
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
        RELATIVE = clusters.RELATIVE  # read at run time: bench/clusters.py --quality turns it off
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
