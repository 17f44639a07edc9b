"""Building the term index (models.py) of the findings' texts: all findings at once (the
management command, the nightly job, the demo load) or one finding on commit.

Both are idempotent. The full build computes the document frequencies, then every finding's
vector, stages them in a temporary table (COPY) and rewrites only the findings whose text
changed or whose weights moved by more than ``TOLERANCE`` (the IDF drifts as findings are
added), so a second run writes nothing. One finding on commit is weighed with the stored
document frequencies and rewritten if its text changed. A withdrawn finding leaves the index.
Indexed text: title, and facts at half weight, without the unit's name; never clue text.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from itertools import islice

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from inspections.choices import IssueStatus

from . import text as t
from .models import IssueTerms, Posting, TermStat

COMMON = 0.02  # a term in more than this share of findings picks no candidates and keeps no postings
KEEP = 32  # terms kept per finding: the heaviest, enough for a title and the start of the facts
TOLERANCE = 0.02  # a weight moving less than this does not rewrite a finding's postings
ROWS = """
    SELECT i.id, i.title, i.facts, u.name, i.office_id, i.group_id, i.unit_id, i.status FROM inspections_issue i
    JOIN inspections_unit u ON u.id = i.unit_id
    WHERE i.status <> %s AND i.id > %s {where} ORDER BY i.id LIMIT %s
"""
BATCH = 5000


def counts_of(title: str, facts: str, unit_name: str) -> dict[str, float]:
    return t.term_counts(title, facts, strip=[unit_name])


def digest_of(title: str, facts: str, unit_name: str, *copies) -> str:
    """What the index row was made from: the text, and the copies the postings carry (scope)."""
    key = "\x1f".join([title, facts, unit_name, *map(str, copies)])
    return hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()


def _batches(where: str = "", params: tuple = ()) -> Iterator[list[tuple]]:
    """Findings in batches by id (keyset pages, so that a COPY may run between two batches)."""
    last = 0
    while True:
        with connection.cursor() as cursor:
            cursor.execute(ROWS.format(where=where), [IssueStatus.WITHDRAWN, last, *params, BATCH])
            batch = cursor.fetchall()
        if not batch:
            return
        yield batch
        last = batch[-1][0]


def _rows(where: str = "", params: tuple = ()) -> Iterator[tuple]:
    for batch in _batches(where, params):
        yield from batch


# The TermStat row of the empty term (never a real term) holds the number of indexed findings.
DOCUMENTS = ""


def document_frequencies(terms) -> tuple[dict[str, int], int]:
    """Stored document frequencies of ``terms`` and the number of indexed findings (one
    primary-key lookup per term: no count over the index per request)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT term, df FROM similarity_termstat WHERE term = ANY(%s)", [[*terms, DOCUMENTS]])
        df = dict(cursor.fetchall())
    return df, df.pop(DOCUMENTS, 0)


def vector_of(title: str, facts: str, unit_name: str = "", *, stats=None) -> dict[str, float]:
    """The TF-IDF vector of a text, weighed with the stored document frequencies."""
    counts = counts_of(title, facts, unit_name)
    df, n = stats or document_frequencies(counts)
    return t.weigh(counts, df, max(n, 1), keep=KEEP)


def _ordered(vector: dict[str, float]) -> tuple[list[str], list[float]]:
    items = sorted(vector.items(), key=lambda item: (-item[1], item[0]))
    return [term for term, _ in items], [round(weight, 5) for _, weight in items]


def posted(df: int, n: int) -> bool:
    """Whether a term keeps postings: a term in more than ``COMMON`` of the indexed findings (and
    in more than 50) never picks candidates (selectors.py), so its postings would never be read;
    leaving them out saves most of the index (the commonest characters are in most vectors). The
    term still counts in the score: vectors keep every term."""
    return df <= max(COMMON * n, 50)


def _df_of(batch: list[tuple]) -> Counter:
    df: Counter = Counter({DOCUMENTS: len(batch)})
    for _id, title, facts, unit_name, *_copies in batch:
        df.update(t.term_keys(title, facts, strip=[unit_name]))
    return df


WORKER_TIMEOUT = 600  # seconds a window of batches may take in the workers before the build fails
_IDFS: dict[str, float] = {}  # set before the vector pass forks its workers (they inherit it)


def _copy_value(value) -> str:
    return r"\N" if value is None else str(value)


def _staged(batch: list[tuple]) -> bytes:
    """The batch's rows of ``similarity_stage`` in COPY's text format, made in the worker (the
    process writing the COPY only passes the bytes on). Terms are runs of CJK ideographs, Latin
    letters or digits (text.RUNS): nothing in them needs quoting in an array or escaping."""
    lines = []
    for issue_id, title, facts, unit_name, *copies in batch:
        ordered = t.ordered_weights(counts_of(title, facts, unit_name), _IDFS, keep=KEEP)
        terms = ",".join(term for term, _ in ordered)
        weights = ",".join(repr(weight) for _, weight in ordered)
        digest = digest_of(title, facts, unit_name, *copies)
        fields = [str(issue_id), "{" + terms + "}", "{" + weights + "}", digest, *map(_copy_value, copies)]
        lines.append("\t".join(fields))
    return ("\n".join(lines) + "\n").encode() if lines else b""


def workers() -> int:
    """Processes for the text passes of a full build: the cores (setting ``SIMILARITY_BUILD_WORKERS``),
    but one inside a daemonic process (a Celery prefork child may not have children) and in a
    process running other threads (a web server, a test's live server): a fork copies only the
    forking thread, and a lock another thread held stays locked in the child for ever."""
    if multiprocessing.current_process().daemon or threading.active_count() > 1:
        return 1
    return max(1, int(getattr(settings, "SIMILARITY_BUILD_WORKERS", 0) or os.cpu_count() or 1))


def _mapped(fn: Callable[[list[tuple]], object], processes: int) -> Iterator:
    """``fn`` of every batch of findings, in order. The batches are read here (this process holds
    the database connection and its transaction); with ``processes`` > 1 the text work runs in
    forked workers on a window of batches while the next window is read."""
    batches = _batches()
    window = list(islice(batches, max(processes, 1) * 2))
    if processes <= 1 or len(window) < 2:
        while window:
            yield from map(fn, window)
            window = list(islice(batches, 2))
        return
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        pending = pool.map_async(fn, window)
        while True:
            window = list(islice(batches, processes * 2))
            yield from pending.get(timeout=WORKER_TIMEOUT)
            if not window:
                return
            pending = pool.map_async(fn, window)


def rebuild(log: Callable[[str], None] | None = None, *, processes: int | None = None) -> dict[str, int]:
    """Recompute the whole index (idempotent); returns counts of findings written and removed."""
    global _IDFS
    log = log or (lambda message: None)
    processes = workers() if processes is None else processes
    started = time.monotonic()
    df: Counter = Counter()
    for counted in _mapped(_df_of, processes):
        df.update(counted)
    n = df.pop(DOCUMENTS, 0)
    elapsed = time.monotonic() - started
    log(f"document frequencies of {n} findings, {len(df)} terms ({processes} processes): {elapsed:.1f} s")
    kept = {term for term, count in df.items() if posted(count, n)}
    with transaction.atomic(), connection.cursor() as cursor:
        # Temporary tables live until commit; inside an outer transaction (tests) a second run
        # in the same transaction finds them still there.
        cursor.execute("DROP TABLE IF EXISTS similarity_stage, similarity_changed, similarity_df, similarity_new")
        # The terms that had postings before this run (the stored frequencies, the same rule).
        cursor.execute("SELECT df FROM similarity_termstat WHERE term = %s", [DOCUMENTS])
        before = cursor.fetchone()
        n_before = before[0] if before else 0
        cursor.execute("SELECT term, df FROM similarity_termstat WHERE term <> %s", [DOCUMENTS])
        stored = dict(cursor.fetchall())
        cursor.execute(
            "CREATE TEMP TABLE similarity_stage (issue_id bigint PRIMARY KEY, terms varchar(40)[], "
            "weights double precision[], digest varchar(32), office_id bigint, group_id bigint, unit_id bigint, "
            "status varchar(20)) ON COMMIT DROP"
        )
        columns = "issue_id, terms, weights, digest, office_id, group_id, unit_id, status"
        _IDFS = {term: t.idf(count, n) for term, count in df.items()}
        try:
            # One COPY per batch: the next batches are read (same connection) between two COPYs.
            for chunk in _mapped(_staged, processes):
                with cursor.cursor.copy(f"COPY similarity_stage ({columns}) FROM STDIN") as copy:
                    copy.write(chunk)
        finally:
            _IDFS = {}
        log(f"vectors staged: {time.monotonic() - started:.1f} s")
        cursor.execute("ANALYZE similarity_stage")
        cursor.execute(
            "CREATE TEMP TABLE similarity_df (term varchar(40) PRIMARY KEY, df integer, posted boolean) ON COMMIT DROP"
        )
        with cursor.cursor.copy("COPY similarity_df (term, df, posted) FROM STDIN") as copy:
            for term, count in df.items():
                copy.write_row((term, count, term in kept))
            copy.write_row((DOCUMENTS, n, False))
        # Findings whose vector is gone (withdrawn) or changed: their postings and rows go.
        cursor.execute(
            """
            CREATE TEMP TABLE similarity_changed ON COMMIT DROP AS
            SELECT o.issue_id, o.terms FROM similarity_issueterms o
            LEFT JOIN similarity_stage s ON s.issue_id = o.issue_id
            WHERE s.issue_id IS NULL OR s.digest <> o.digest OR s.terms <> o.terms::varchar(40)[]
               OR EXISTS (SELECT 1 FROM unnest(o.weights, s.weights) AS w(a, b) WHERE abs(a - b) > %s)
            """,
            [TOLERANCE],
        )
        cursor.execute(
            "DELETE FROM similarity_posting p USING (SELECT issue_id, unnest(terms) AS term FROM similarity_changed) c "
            "WHERE p.term = c.term AND p.issue_id = c.issue_id"
        )
        cursor.execute("DELETE FROM similarity_issueterms o USING similarity_changed c WHERE o.issue_id = c.issue_id")
        removed = cursor.rowcount
        # Terms that became common lose their postings; terms that stopped being common get them
        # for the findings kept as they were (a rewritten finding is posted below).
        common = sorted(set(df) - kept)
        if common:
            cursor.execute("DELETE FROM similarity_posting WHERE term = ANY(%s)", [common])
        rare_again = sorted(term for term in kept if term in stored and not posted(stored[term], n_before))
        if rare_again:
            cursor.execute(
                """
                INSERT INTO similarity_posting (term, issue_id, weight, office_id, group_id, unit_id, status)
                SELECT u.term, o.issue_id, u.weight, s.office_id, s.group_id, s.unit_id, s.status
                FROM similarity_issueterms o JOIN similarity_stage s USING (issue_id)
                CROSS JOIN LATERAL unnest(o.terms, o.weights) AS u(term, weight)
                WHERE u.term = ANY(%s)
                ON CONFLICT DO NOTHING
                """,
                [rare_again],
            )
        cursor.execute(
            "CREATE TEMP TABLE similarity_new ON COMMIT DROP AS SELECT s.issue_id FROM similarity_stage s "
            "WHERE NOT EXISTS (SELECT 1 FROM similarity_issueterms o WHERE o.issue_id = s.issue_id)"
        )
        cursor.execute(
            "INSERT INTO similarity_issueterms (issue_id, terms, weights, digest, indexed_at) "
            "SELECT s.issue_id, s.terms, s.weights, s.digest, now() FROM similarity_stage s "
            "JOIN similarity_new USING (issue_id)"
        )
        written = cursor.rowcount
        cursor.execute(
            """
            INSERT INTO similarity_posting (term, issue_id, weight, office_id, group_id, unit_id, status)
            SELECT u.term, s.issue_id, u.weight, s.office_id, s.group_id, s.unit_id, s.status FROM similarity_stage s
            JOIN similarity_new USING (issue_id)
            CROSS JOIN LATERAL unnest(s.terms, s.weights) AS u(term, weight)
            JOIN similarity_df d ON d.term = u.term AND d.posted
            ORDER BY u.term, s.issue_id
            """
        )
        postings = cursor.rowcount
        log(f"{written} findings (re)written, {postings} postings: {time.monotonic() - started:.1f} s")
        cursor.execute(
            "DELETE FROM similarity_termstat s WHERE NOT EXISTS (SELECT 1 FROM similarity_df d WHERE d.term = s.term)"
        )
        cursor.execute(
            "INSERT INTO similarity_termstat (term, df) SELECT term, df FROM similarity_df "
            "ON CONFLICT (term) DO UPDATE SET df = EXCLUDED.df WHERE similarity_termstat.df <> EXCLUDED.df"
        )
    for table in ("similarity_issueterms", "similarity_posting", "similarity_termstat"):
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {table}")  # noqa: S608 - fixed names
    log(f"index built: {time.monotonic() - started:.1f} s")
    return {"findings": n, "written": written, "dropped": removed}


@transaction.atomic
def index_issue(issue_id: int) -> bool:
    """(Re)index one finding with the stored document frequencies; returns whether it was written."""
    rows = list(_rows("AND i.id = %s", (issue_id,)))
    current = IssueTerms.objects.select_for_update().filter(issue_id=issue_id).first()
    if not rows:  # withdrawn (or gone): leaves the index
        if current is not None:
            _forget(current)
        return current is not None
    _id, title, facts, unit_name, office_id, group_id, unit_id, status = rows[0]
    digest = digest_of(title, facts, unit_name, office_id, group_id, unit_id, status)
    if current is not None and current.digest == digest:
        return False
    counts = counts_of(title, facts, unit_name)
    if current is not None:
        _forget(current)  # (the document frequencies keep counting it: the nightly run corrects them)
    else:
        # A new finding counts in the document frequencies from now on.
        for term in [*counts, DOCUMENTS]:
            TermStat.objects.get_or_create(term=term)
        TermStat.objects.filter(term__in=[*counts, DOCUMENTS]).update(df=F("df") + 1)
    stats = document_frequencies(counts)
    df, n = stats
    terms, weights = _ordered(vector_of(title, facts, unit_name, stats=stats))
    IssueTerms.objects.create(issue_id=issue_id, terms=terms, weights=weights, digest=digest)
    Posting.objects.bulk_create(
        [
            Posting(
                term=term,
                issue_id=issue_id,
                weight=weight,
                office_id=office_id,
                group_id=group_id,
                unit_id=unit_id,
                status=status,
            )
            for term, weight in zip(terms, weights, strict=True)
            if posted(df.get(term, 0), n)
        ]
    )
    return True


def _forget(current: IssueTerms) -> None:
    Posting.objects.filter(term__in=current.terms, issue_id=current.issue_id).delete()
    current.delete()
