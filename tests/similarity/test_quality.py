"""The similar-findings search keeps the quality measured on tests/data/similar_pairs.json
(docs/similarity.md; `bench/similar_quality.py` prints the same figures)."""

from similarity.evaluation import evaluate, load

# What the method reached when it was chosen; a change that lowers either fails here.
PRECISION_AT_5 = 0.81
RECALL_AT_5 = 0.74
NEAR_MISS_REJECTION = 0.79


def test_the_evaluation_set_has_at_least_300_labelled_pairs():
    texts, labels, near = load()
    positives = sum(labels.count(label) * (labels.count(label) - 1) // 2 for label in set(labels))
    assert positives + len(near) >= 300
    assert len(set(texts)) == len(texts)


def test_precision_and_recall_hold():
    quality = evaluate()
    assert quality.precision_at_5 >= PRECISION_AT_5, quality
    assert quality.recall_at_5 >= RECALL_AT_5, quality
    assert quality.near_miss_rejection >= NEAR_MISS_REJECTION, quality
