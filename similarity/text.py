"""The text side of similar findings, in pure Python (no database): how a finding's text becomes
weighted terms, and how two weighted term sets compare.

Terms are the Chinese characters of a text (unigrams) and, at half weight, their overlapping
bigrams (and whole runs of Latin letters), after NFKC normalisation. Chosen by measurement on
tests/data/similar_pairs.json against bigrams alone, trigrams and jieba word segmentation
(docs/similarity.md): the same problem in other words (“公务接待超标准” / “违规超标准接待”,
“超职数配备领导干部” / “领导职数超配”) shares characters more than words or bigrams, and the
bigrams keep apart different problems written with the same characters. No dictionary, no library.

Weights are TF-IDF: ``tf * idf`` with ``idf = log((N + 1) / (df + 1)) + 1``, the vector
normalised to length 1, so that the score of two findings is their cosine (0 … 1).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping

# Runs of CJK ideographs, or of Latin letters and digits (at most 40: a term is varchar(40)).
RUNS = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]+|[a-z0-9]{1,40}")
MAX_TEXT = 4000  # a finding's facts can be long; the start says what the problem is
# Facts are weighted below the title: the title names the problem, the facts tell the story.
FACTS_WEIGHT = 0.5
BIGRAM_WEIGHT = 0.5


# Text that NFKC leaves as it is, as far as the terms go: CJK unified ideographs, ASCII, CJK
# punctuation (not the Hangzhou numerals 〸〹〺, which NFKC makes 十卄卅) and full-width
# punctuation (NFKC maps it to punctuation, never to a letter, digit or ideograph, so no run
# changes). Most findings are only this, and NFKC costs more than the rest of the tokenising.
PLAIN = re.compile(
    r"[\u4e00-\u9fff\x00-\x7f\u3000-\u3037\u303b-\u303f"
    r"\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65]*"
)


def normalise(text: str) -> str:
    text = text or ""
    if PLAIN.fullmatch(text):
        return text.lower()[:MAX_TEXT]
    return unicodedata.normalize("NFKC", text).lower()[:MAX_TEXT]


def bigrams(text: str) -> list[str]:
    """Overlapping character bigrams of each Chinese run; a one-character run is kept as it is;
    Latin and digit runs are kept whole (figures are not terms: digits are dropped)."""
    terms = []
    for run in RUNS.findall(normalise(text)):
        if run.isascii():
            if not run.isdigit():
                terms.append(run)
            continue
        if len(run) == 1:
            terms.append(run)
        else:
            terms.extend(run[i : i + 2] for i in range(len(run) - 1))
    return terms


def terms(text: str) -> dict[str, float]:
    """Weighted term counts of one text: each character once per occurrence, each bigram at half."""
    counts: dict[str, float] = {}
    for run in RUNS.findall(normalise(text)):
        if run.isascii():
            if not run.isdigit():
                counts[run] = counts.get(run, 0) + 1.0
            continue
        for ch in run:
            counts[ch] = counts.get(ch, 0) + 1.0
        for i in range(len(run) - 1):
            pair = run[i : i + 2]
            counts[pair] = counts.get(pair, 0) + BIGRAM_WEIGHT
    return counts


def term_set(text: str) -> set[str]:
    """The terms of :func:`terms` without their counts (what a document frequency needs; cheaper)."""
    found: set[str] = set()
    for run in RUNS.findall(normalise(text)):
        if run.isascii():
            if not run.isdigit():
                found.add(run)
            continue
        found.update(run)
        found.update(run[i : i + 2] for i in range(len(run) - 1))
    return found


def _stripped(title: str, facts: str, strip: Iterable[str]) -> tuple[str, str]:
    for name in strip:
        if name:
            facts = (facts or "").replace(name, " ")
            title = (title or "").replace(name, " ")
    return title, facts


def term_keys(title: str, facts: str = "", *, strip: Iterable[str] = ()) -> set[str]:
    """The keys of :func:`term_counts` (the same terms), for counting document frequencies."""
    title, facts = _stripped(title, facts, strip)
    return term_set(title) | term_set(facts) if facts else term_set(title)


def term_counts(title: str, facts: str = "", *, strip: Iterable[str] = ()) -> dict[str, float]:
    """Term frequencies of a finding: the title's bigrams, plus the facts' at a lower weight.
    ``strip`` removes names (the unit's) that would make every finding of one unit look alike."""
    title, facts = _stripped(title, facts, strip)
    counts = terms(title)
    if facts:
        for term, n in terms(facts).items():
            counts[term] = counts.get(term, 0) + FACTS_WEIGHT * n
    return counts


def idf(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 1.0


def weigh(counts: Mapping[str, float], df: Mapping[str, int], n: int, *, keep: int | None = None) -> dict[str, float]:
    """TF-IDF weights normalised to length 1; ``keep`` keeps only the heaviest terms (renormalised)."""
    return weigh_idf(counts, {term: idf(df.get(term, 0), n) for term in counts}, keep=keep)


def weigh_idf(counts: Mapping[str, float], idfs: Mapping[str, float], *, keep: int | None = None) -> dict[str, float]:
    """:func:`weigh` with the IDF of every term given (a full build computes them once)."""
    return dict(ordered_weights(counts, idfs, keep=keep))


def ordered_weights(
    counts: Mapping[str, float], idfs: Mapping[str, float], *, keep: int | None = None
) -> list[tuple[str, float]]:
    """The weights of :func:`weigh_idf`, heaviest first (ties by term)."""
    raw = sorted((-c * idfs[term], term) for term, c in counts.items() if c > 0)
    if keep is not None:
        raw = raw[:keep]
    norm = math.sqrt(sum(w * w for w, _ in raw)) or 1.0
    return [(term, -w / norm) for w, term in raw]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def shared_terms(a: Mapping[str, float], b: Mapping[str, float], limit: int = 6) -> list[str]:
    """The terms that made two findings similar, heaviest contribution first."""
    common = [(a[t] * b[t], t) for t in a if t in b]
    return [t for _, t in sorted(common, key=lambda item: (-item[0], item[1]))[:limit]]
