"""Suggested clusters (建议归并) at scale: ``similarity.clusters.suggest_clusters`` timed against
whatever database is loaded (read only: it writes nothing), as the city-wide admin.

    .venv/bin/python -m config.embedded --profile clbench -- .venv/bin/python bench/clusters.py
    .venv/bin/python bench/clusters.py --quality            # the method on the evaluation set, no database

Cases (docs/similarity.md, "Suggested clusters"):

- the biggest round (found findings the admin sees);
- a 5,000-finding set: the latest period of finding dates holding about ``--target`` found
  findings (generated rounds hold ~200 findings each, so no single round reaches 5,000);
- the same set with every wording made distinct (a unique term added to each vector): generated
  findings repeat a catalogue of titles word for word, which the method scores once, so this is
  the cost when no two findings are worded alike;
- the whole city's last year (finding dates), however many findings that is.

Each case prints the findings considered, those without a vector, the clusters, and the time:
the database part (the set and its vectors) and the computation (pairs and groups). With
``--compare``, the old computation (tests/similarity/clusters_reference.py) runs right after
the new one on the same vectors, timed, and the groups of both are compared; ``--only`` runs
one case:

    .venv/bin/python bench/clusters.py --compare --only distinct
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import math
import os
import sys
import time
from collections import Counter
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")


def quality() -> None:
    """Pair precision and recall of the groups on tests/data/similar_pairs.json (each text a
    finding of its own unit), for the method in use and the alternatives it was chosen against."""
    from similarity import clusters, evaluation, index
    from similarity import text as t

    texts, labels, _ = evaluation.load()
    counts = [t.term_counts(text) for text in texts]
    df = Counter(term for c in counts for term in c)
    vectors = [t.weigh(c, df, len(texts), keep=index.KEEP) for c in counts]
    positives = sum(n * (n - 1) // 2 for n in Counter(labels).values())

    def report(name: str, groups: list[list[int]]) -> None:
        groups = [g for g in groups if len(g) > 1]
        together = [(a, b) for g in groups for a, b in itertools.combinations(g, 2)]
        same = sum(1 for a, b in together if labels[a] == labels[b])
        pure = sum(1 for g in groups if len({labels[i] for i in g}) == 1)
        print(
            f"{name:<48} groups {len(groups):>3}  pair precision {same / max(len(together), 1):.3f}"
            f"  pair recall {same / positives:.3f}  pure groups {pure / max(len(groups), 1):.3f}"
        )

    rows = [(n, n, list(v), list(v.values())) for n, v in enumerate(vectors)]
    for threshold in (0.25, 0.3, 0.35):
        groups = clusters.group(rows, threshold=threshold, min_units=2)
        report(f"average link, mean >= {threshold}{' (in use)' if threshold == 0.3 else ''}", [g.ids for g in groups])
    relative, clusters.RELATIVE = clusters.RELATIVE, 0
    report("average link, mean >= 0.3, no relative check", [g.ids for g in clusters.group(rows, min_units=2)])
    clusters.RELATIVE = relative
    n = len(vectors)
    score = [[t.cosine(vectors[i], vectors[j]) for j in range(n)] for i in range(n)]
    for threshold in (0.3, 0.4):
        parent = list(range(n))

        def root(x: int, parent: list[int] = parent) -> int:
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        for i in range(n):
            for j in range(i + 1, n):
                if score[i][j] >= threshold:
                    parent[root(i)] = root(j)
        components: dict[int, list[int]] = {}
        for i in range(n):
            components.setdefault(root(i), []).append(i)
        report(f"single link (connected pairs), pair >= {threshold}", list(components.values()))
    for threshold in (0.3, 0.4, 0.5):
        grouped = [False] * n
        degree = [sum(1 for j in range(n) if j != i and score[i][j] >= threshold) for i in range(n)]
        seeds = []
        for seed in sorted(range(n), key=lambda i: -degree[i]):
            if grouped[seed]:
                continue
            members = [seed] + [j for j in range(n) if not grouped[j] and j != seed and score[seed][j] >= threshold]
            centroid: dict[str, float] = Counter()
            for m in members:
                centroid.update(vectors[m])
            norm = math.sqrt(sum(w * w for w in centroid.values())) or 1
            members = [m for m in members if m == seed or t.cosine(vectors[m], centroid) / norm >= threshold]
            for m in members:
                grouped[m] = True
            seeds.append(members)
        report(f"seed + neighbours, centroid re-check >= {threshold}", seeds)


def distinct(rows):
    """Every vector with a term of its own (weight 0.3, renormalised): no two wordings identical."""
    scale = math.sqrt(1 - 0.3**2)
    for pk, unit, terms, weights, *title in rows:
        yield pk, unit, [*terms, f"#{pk}"], [w * scale for w in weights] + [0.3], *title


CASES = ("round", "period", "distinct", "year")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quality", action="store_true", help="the method on the evaluation set (no database)")
    parser.add_argument("--user", default="admin", help="who asks (default: the city-wide demo admin)")
    parser.add_argument("--target", type=int, default=5000, help="findings in the period case")
    parser.add_argument("--skip-year", action="store_true", help="leave out the whole city's last year")
    parser.add_argument("--only", choices=CASES, help="run this case only")
    parser.add_argument(
        "--compare", action="store_true", help="also time the old computation on the same vectors, compare the groups"
    )
    args = parser.parse_args()
    cases = {args.only} if args.only else set(CASES) - ({"year"} if args.skip_year else set())

    import django

    django.setup()
    if args.quality:
        quality()
        return 0
    from django.db import connection
    from django.db.models import Count

    from accounts.models import User
    from inspections.choices import FOUND_STATUSES
    from inspections.models import Issue
    from similarity import clusters

    user = User.objects.get(username=args.user)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM inspections_issue")
        issues = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM similarity_issueterms")
        indexed = cursor.fetchone()[0]
    print(f"{issues:,} findings in the database, {indexed:,} indexed; as {user.username}")

    original = clusters.group
    timing = {}

    def outcome(found):
        return [(set(c.ids), c.units, c.label, c.cohesion) for c in found]

    def timed(rows, **kwargs):
        rows = list(timing["wrap"](rows) if timing.get("wrap") else rows)
        started = time.perf_counter()
        result = original(rows, **kwargs)
        timing["compute"] = time.perf_counter() - started
        if args.compare:
            from tests.similarity import clusters_reference

            started = time.perf_counter()
            old = clusters_reference.group(rows, **kwargs)
            timing["reference"] = time.perf_counter() - started
            timing["same"] = outcome(old) == outcome(result)
        return result

    clusters.group = timed

    def run(label: str, *, wrap=None, **filters) -> None:
        timing.clear()
        timing["wrap"] = wrap
        started = time.perf_counter()
        found = clusters.suggest_clusters(user, max_findings=10**8, **filters)
        total = time.perf_counter() - started - timing.get("reference", 0.0)
        compute = timing.get("compute", 0.0)
        biggest = found.clusters[0] if found.clusters else None
        print(
            f"{label}: {found.findings:,} findings ({found.unindexed:,} without a vector), "
            f"{len(found.clusters)} clusters of {found.clustered:,} findings; "
            f"{total:.2f} s (database {total - compute:.2f} s, computation {compute:.2f} s)"
            + (
                f"; old computation {timing['reference']:.2f} s, same groups: {'yes' if timing['same'] else 'NO'}"
                if "reference" in timing
                else ""
            )
            + (
                f"; biggest: {biggest.unit_count} units, {len(biggest.ids)} findings, "
                f"{biggest.label_text!r}, cohesion {biggest.cohesion}"
                if biggest
                else ""
            )
        )

    found = Issue.objects.visible_to(user).filter(status__in=FOUND_STATUSES)
    biggest = found.values("round").annotate(n=Count("pk")).order_by("-n").first()
    if biggest and "round" in cases:
        from inspections.models import Round

        run(f"biggest round (id {biggest['round']})", round=Round.objects.get(pk=biggest["round"]))
    per_day = found.values_list("found_on").annotate(n=Count("pk")).order_by("-found_on")
    total, date_to, date_from = 0, None, None
    for day, n in per_day:
        date_to = date_to or day
        date_from, total = day, total + n
        if total >= args.target:
            break
    if date_from and "period" in cases:
        run(f"period {date_from} – {date_to}", date_from=date_from, date_to=date_to)
    if date_from and "distinct" in cases:
        run(
            f"period {date_from} – {date_to}, every wording distinct",
            wrap=distinct,
            date_from=date_from,
            date_to=date_to,
        )
    if date_from and "year" in cases:
        run(
            f"whole city, last year ({date_to - dt.timedelta(days=365)} – {date_to})",
            date_from=date_to - dt.timedelta(days=365),
            date_to=date_to,
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
