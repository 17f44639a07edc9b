"""Quality of the similar-findings search on tests/data/similar_pairs.json (docs/similarity.md).

    .venv/bin/python bench/similar_quality.py              # the method in use, at its threshold
    .venv/bin/python bench/similar_quality.py --compare    # bigrams vs other methods, thresholds swept

No database: the method's text side (similarity/text.py) on the labelled set. --compare also
tries word segmentation with jieba when it is importable (it is not a dependency).
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from similarity import text as t  # noqa: E402
from similarity.evaluation import THRESHOLD, bigram_vectors, evaluate  # noqa: E402


def _tfidf(term_lists: list[list[str]]) -> list[dict[str, float]]:
    counts = [Counter(terms) for terms in term_lists]
    df = Counter(term for c in counts for term in c)
    return [t.weigh(c, df, len(counts)) for c in counts]


def unigram_vectors(texts):
    return _tfidf([[ch for ch in t.normalise(x) if "\u4e00" <= ch <= "\u9fff"] for x in texts])


def bigram_unigram_vectors(texts):
    return _tfidf([t.bigrams(x) + [ch for ch in t.normalise(x) if "\u4e00" <= ch <= "\u9fff"] for x in texts])


def trigram_vectors(texts):
    out = []
    for x in texts:
        terms = []
        for run in t.RUNS.findall(t.normalise(x)):
            terms.extend(run[i : i + 3] for i in range(max(1, len(run) - 2)))
        out.append(terms)
    return _tfidf(out)


def jieba_vectors(texts):
    import jieba  # noqa: PLC0415 - optional, only for the comparison

    jieba.setLogLevel(60)
    return _tfidf([[w for w in jieba.lcut_for_search(t.normalise(x)) if t.RUNS.fullmatch(w)] for x in texts])


def jieba_bigram_vectors(texts):
    import jieba  # noqa: PLC0415

    jieba.setLogLevel(60)
    return _tfidf([[w for w in jieba.lcut(t.normalise(x)) if t.RUNS.fullmatch(w)] + t.bigrams(x) for x in texts])


def bigram_only_vectors(texts):
    return _tfidf([t.bigrams(x) for x in texts])


METHODS = {
    "chars+bigrams/2 (in use)": bigram_vectors,
    "bigrams": bigram_only_vectors,
    "unigrams": unigram_vectors,
    "bigrams+unigrams": bigram_unigram_vectors,
    "trigrams": trigram_vectors,
    "jieba words": jieba_vectors,
    "jieba words+bigrams": jieba_bigram_vectors,
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--compare", action="store_true")
    args = parser.parse_args()
    if not args.compare:
        q = evaluate()
        print(
            f"threshold {THRESHOLD}: precision@5 {q.precision_at_5:.3f}  recall@5 {q.recall_at_5:.3f}  "
            f"near-miss rejection {q.near_miss_rejection:.3f}  ({q.texts} texts, {q.positive_pairs} same-problem "
            f"pairs, {q.near_miss_pairs} near misses, {q.listed} listed)"
        )
        return
    print(f"{'method':<26} {'thr':>5} {'P@5':>6} {'R@5':>6} {'F1':>6} {'near':>6}")
    for name, vectorise in METHODS.items():
        try:
            vectorise(["试"])
        except ImportError:
            print(f"{name:<26} (not installed)")
            continue
        for threshold in (0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4):
            q = evaluate(vectorise, threshold=threshold)
            f1 = 2 * q.precision_at_5 * q.recall_at_5 / ((q.precision_at_5 + q.recall_at_5) or math.inf)
            print(
                f"{name:<26} {threshold:>5} {q.precision_at_5:>6.3f} {q.recall_at_5:>6.3f} {f1:>6.3f} "
                f"{q.near_miss_rejection:>6.3f}"
            )


if __name__ == "__main__":
    main()
