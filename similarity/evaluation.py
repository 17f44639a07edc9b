"""Measured quality of the similar-findings search on the labelled set tests/data/similar_pairs.json
(docs/similarity.md): precision of the top-5 list and recall, as a user sees them.

The corpus is every text of the set. Each text in turn is the query; the others are ranked by
cosine, and the list shown is the top ``k`` scoring at least the threshold (what the finding
page and the API show).

- precision@5: of all the listed texts, the share that is the same problem (same cluster);
- recall@5: of all the same-problem pairs (ordered), the share whose partner is listed;
- near-miss rejection: of the pairs written to share words for different problems, the share
  scoring below the threshold.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from . import text as t

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "similar_pairs.json"
# The threshold below which a finding is not listed as similar (services and API use it too).
THRESHOLD = 0.3


@dataclass
class Quality:
    precision_at_5: float
    recall_at_5: float
    near_miss_rejection: float
    positive_pairs: int
    near_miss_pairs: int
    texts: int
    listed: int

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def load(path: Path = DATA) -> tuple[list[str], list[int], list[tuple[str, str]]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    texts, labels = [], []
    for cluster_id, cluster in enumerate(data["clusters"]):
        for text in cluster["texts"]:
            texts.append(text)
            labels.append(cluster_id)
    near = [(a, b) for a, b in data["near_misses"]]
    return texts, labels, near


def bigram_vectors(texts: list[str]) -> list[dict[str, float]]:
    counts = [t.term_counts(text) for text in texts]
    df = Counter(term for c in counts for term in c)
    return [t.weigh(c, df, len(texts)) for c in counts]


def evaluate(
    vectorise: Callable[[list[str]], list[dict[str, float]]] = bigram_vectors,
    *,
    threshold: float = THRESHOLD,
    k: int = 5,
    path: Path = DATA,
) -> Quality:
    texts, labels, near = load(path)
    vectors = vectorise(texts)
    listed = relevant = found = positives = 0
    for i, query in enumerate(vectors):
        scored = sorted(
            ((t.cosine(query, other), j) for j, other in enumerate(vectors) if j != i), key=lambda item: -item[0]
        )
        shown = [j for score, j in scored[:k] if score >= threshold]
        listed += len(shown)
        relevant += sum(1 for j in shown if labels[j] == labels[i])
        positives += sum(1 for j in range(len(texts)) if j != i and labels[j] == labels[i])
        found += sum(1 for j in shown if labels[j] == labels[i])
    index = {text: vectors[n] for n, text in enumerate(texts)}
    rejected = sum(1 for a, b in near if t.cosine(index[a], index[b]) < threshold)
    return Quality(
        precision_at_5=relevant / listed if listed else 0.0,
        recall_at_5=found / positives if positives else 0.0,
        near_miss_rejection=rejected / len(near) if near else 1.0,
        positive_pairs=positives // 2,
        near_miss_pairs=len(near),
        texts=len(texts),
        listed=listed,
    )
