"""The full build: the same index from one process or several, postings only for terms that can
pick candidates, and the term sets the document frequencies count equal to the vectors' terms."""

from __future__ import annotations

import pytest

from inspections.models import Issue
from similarity import index
from similarity import text as t
from similarity.models import IssueTerms, Posting, TermStat

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("title", "facts", "strip"),
    [
        ("公务接待超标准", "某局2023年接待费超支１２万元，ABC公司", ["某局"]),
        ("违规发放津贴补贴", "", []),
        ("党", "x 2024", []),
        ("", "", []),
    ],
)
def test_term_keys_are_the_counted_terms(title, facts, strip):
    assert t.term_keys(title, facts, strip=strip) == set(t.term_counts(title, facts, strip=strip))


def _index():
    rows = IssueTerms.objects.order_by("issue_id").values_list("issue_id", "terms", "weights")
    postings = sorted(Posting.objects.values_list("term", "issue_id", "weight"))
    return list(rows), postings, dict(TermStat.objects.values_list("term", "df"))


def test_several_processes_build_the_same_index(sw, monkeypatch):
    monkeypatch.setattr(index, "BATCH", 2)  # several batches, so the worker processes are used
    assert index.rebuild(processes=1)["written"] > 4
    one = _index()
    IssueTerms.objects.all().delete()
    Posting.objects.all().delete()
    TermStat.objects.all().delete()
    counts = index.rebuild(processes=2)
    assert counts["findings"] == Issue.objects.exclude(status="withdrawn").count()
    assert _index() == one
    assert index.rebuild(processes=2)["written"] == 0


def test_common_terms_keep_no_postings(sw, monkeypatch):
    # A term in more than a quarter of the findings is common here (0.02 and at least 50 in use).
    monkeypatch.setattr(index, "posted", lambda df, n: df * 4 <= n)
    index.rebuild(processes=1)
    df = dict(TermStat.objects.values_list("term", "df"))
    n = df.pop(index.DOCUMENTS)
    posted = set(Posting.objects.values_list("term", flat=True))
    assert posted and all(df[term] * 4 <= n for term in posted)
    vectors = [dict(zip(*row, strict=True)) for row in IssueTerms.objects.values_list("terms", "weights")]
    assert any(df[term] * 4 > n for vector in vectors for term in vector), "vectors keep the common terms"

    def expected():
        return sum(1 for vector in vectors for term in vector if df[term] * 4 <= n)

    assert Posting.objects.count() == expected()
    # As if the index had been built when there were fewer findings: terms common then are not
    # now, and the rebuild gives the findings it keeps as they are the postings they lacked.
    TermStat.objects.filter(term=index.DOCUMENTS).update(df=n // 2)
    Posting.objects.filter(term__in=[term for term, count in df.items() if count * 4 > n // 2]).delete()
    assert Posting.objects.count() < expected()
    assert index.rebuild(processes=1)["written"] == 0
    assert Posting.objects.count() == expected()


def test_plain_text_skips_nfkc_with_the_same_terms():
    import unicodedata

    for text in [
        "违规发放津贴补贴，共计１２万元（ＡＢＣ公司）。",
        "〸年 ⼀ 兀 Ｘ",
        "plain ascii TEXT 2024",
        "巡察、整改；反馈！",
    ]:
        assert t.RUNS.findall(t.normalise(text)) == t.RUNS.findall(unicodedata.normalize("NFKC", text).lower())


def test_a_long_latin_run_is_cut_into_terms_that_fit_the_index():
    counts = t.term_counts("哈希值 " + "a1" * 50)
    assert max(len(term) for term in counts) <= 40 and "哈希" in counts


def test_a_process_running_other_threads_builds_in_one_process():
    import threading

    assert index.workers() >= 1
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        assert index.workers() == 1  # forking beside a live thread could copy a held lock
    finally:
        stop.set()
        other.join()
