"""Counts that do not grow with the scope (issue 18).

An exact ``COUNT(*)`` over the million findings the city office sees costs a scan of them on every
page. A list's count is exact up to ``LIST_EXACT_COUNT_UP_TO`` rows (default 10,000): the count runs
over the first that many + 1 rows only (``SELECT count(*) FROM (… LIMIT n + 1)``), so a small list
is counted exactly and a big one costs the same bounded scan whatever its size. Past it, the count
is PostgreSQL's planner estimate of the filtered query, rounded to three significant figures and
never below the bound, and the page says “约 1,000,000 条”.

The bound was 50,000 first; at a million findings a city-wide search matching 34,000 of them
spent 150–250 ms counting them exactly (each match's row is visited: a GIN index has no
index-only scan), more than the rest of the page. At 10,000 the bounded count costs tens of
milliseconds, and a one- or two-character search's estimate is the index's own (close: 34,567
estimated for 34,441 matching, docs/performance.md).

A set the planner puts at ``TRUST_ESTIMATE`` (3) times the bound or more is not counted at all: its
estimate is the count at once (counting even the first bound + 1 rows of a city-wide search visits
each row). A page that comes back shorter than asked for is the last one, and makes the count
exact (``exact_from_page``): an estimate far too high never leaves pages that do not exist.

With an estimated count the last page is not known exactly: the page links offer the next page but
no “末页”, and a page past the real end is empty rather than a 404 (the API says
``count_is_estimate: true``).
"""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist, FullResultSet
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import BigIntegerField, ExpressionWrapper, F, QuerySet
from django.db.models.sql.where import AND, OR, WhereNode
from django.utils.functional import cached_property


def exact_up_to() -> int:
    return getattr(settings, "LIST_EXACT_COUNT_UP_TO", 10_000)


def planner_rows(queryset: QuerySet) -> int:
    """The planner's estimate of the rows ``queryset`` returns (EXPLAIN, nothing executed)."""
    query = queryset.order_by().values("pk").query
    sql, params = query.sql_with_params()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = json.loads(plan) if isinstance(plan, str) else plan
    return int(plan[0]["Plan"]["Plan Rows"])


def table_rows(model) -> int:
    """The planner's idea of how many rows the model's table holds (pg_class.reltuples; 0 if unknown)."""
    with connections[router.db_for_read(model)].cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE oid = %s::regclass", [model._meta.db_table])
        row = cursor.fetchone()
    return max(int(row[0]), 0) if row else 0


def significant(value: int, digits: int = 3) -> int:
    """``value`` rounded to ``digits`` significant figures (1,003,211 → 1,000,000)."""
    if value <= 0:
        return 0
    scale = 10 ** max(int(math.log10(value)) + 1 - digits, 0)
    return int(round(value / scale) * scale)


# A set the planner puts at this many times the bound or more is not counted at all: its estimate
# is shown at once. Counting even the first bound + 1 rows of a city-wide search (34,000 matches of
# 工程 at 1M findings) visits each row (GIN has no index-only scan), 25–70 ms; the EXPLAIN costs
# 2–3 ms. The planner misjudges by more than this factor rarely, and a page that comes back short
# corrects the count (``exact_from_page``).
TRUST_ESTIMATE = 3
TRUST_SHARE = 2


# The hint (``QuerySet._hints``, which every clone keeps) of a set whose planner estimate is poor: a
# search of three characters or more, whose character pairs the planner takes for independent (408
# estimated for 22,574 matches of 违规发放 at 1M). Its size is estimated from the newest ids.
FROM_NEWEST = "estimate_from_newest"


def estimate_from_newest(queryset: QuerySet) -> QuerySet:
    """Mark ``queryset`` so that a count past the bound is estimated from its share of the table's
    newest ``RECENT_ROWS`` ids (one bounded range of the primary key, 10–20 ms at 1M) rather than
    counted (the first bound + 1 matches rechecked one by one: 130 ms for 违规发放)."""
    marked = queryset.all()
    marked._hints = {**queryset._hints, FROM_NEWEST: True}  # its own: clones share their hints' dict
    return marked


def newest_floor(model, using: str) -> int:
    """The id below the table's newest ``RECENT_ROWS`` ids (one step down the primary key).

    A number, not a subquery in the statement that uses it: told ``id > 980000`` the planner sees the
    range's 2% of the table and ANDs it with the search index before it reads a row (25 ms for
    违规发放 at 1M); told ``id > (SELECT …) - 20000`` it guesses a third of the table and reads every
    match's row first (56 ms)."""
    newest = model._default_manager.using(using).order_by("-pk").values_list("pk", flat=True).first()
    return (newest or 0) - RECENT_ROWS


def newest_share(queryset: QuerySet, table: int, sample: dict | None = None) -> int:
    """The set's rows among the table's newest ``RECENT_ROWS`` ids, scaled to the table. Their ids,
    newest first, go into ``sample`` (the first pages of a newest-first list are taken from them)."""
    floor = newest_floor(queryset.model, queryset.db)
    ids = list(queryset.order_by("-pk").filter(pk__gt=floor).values_list("pk", flat=True))
    if sample is not None:
        sample["ids"] = ids
    return len(ids) * table // RECENT_ROWS


def sampled_page(paginator, bottom: int, top: int) -> list[int] | None:
    """The page's ids from the newest ids the count sampled, when the list is newest first and they
    hold the page (they are every id of the set above their floor, in order)."""
    ids = getattr(paginator, "sample", {}).get("ids")
    if ids is None or len(ids) < top or not newest_first(paginator.object_list):
        return None
    return ids[bottom:top]


def count_upto(queryset: QuerySet, limit: int) -> int:
    """How many rows the set has, counting no further than ``limit``.

    ``SELECT count(*) FROM (SELECT FROM … LIMIT n)``: the inner query selects no column, so when
    its conditions are all index conditions (a search, a county's offices, a status) a bitmap scan
    reads no row of a page the visibility map shows all-visible (PostgreSQL's skip-fetch). Django's
    own form selects the id, and each match's row is read: 29 ms for the first 10,001 of 11,447
    matches of 津贴 at 1M, 10 ms this way."""
    inner = queryset.order_by().values("pk")[:limit]
    query = inner.query
    try:
        sql, params = query.get_compiler(queryset.db).as_sql()
    except EmptyResultSet:  # a filter that matches nothing (a scope with no grant)
        return 0
    head, found, rest = sql.partition(" FROM ")
    if query.distinct or query.combinator or not found or not head.startswith("SELECT ") or "(" in head:
        return inner.count()
    with connections[queryset.db].cursor() as cursor:
        cursor.execute(f"SELECT count(*) FROM (SELECT FROM {rest}) subquery", params)  # noqa: S608 - Django's SQL
        return cursor.fetchone()[0]


def bounded_count(queryset, bound: int, sample: dict | None = None) -> tuple[int, bool]:
    """(rows, estimated): the exact count when at most ``bound`` rows match, else the estimate."""
    if not isinstance(queryset, QuerySet):
        return len(queryset), False
    estimate = None
    table = table_rows(queryset.model)
    if table >= TRUST_ESTIMATE * bound:
        estimate = planner_rows(queryset)
        if estimate >= TRUST_ESTIMATE * bound:
            return significant(estimate), True
        if queryset._hints.get(FROM_NEWEST):
            share = newest_share(queryset, table, sample)
            if share >= TRUST_SHARE * bound:  # a sample of the rows themselves: trusted nearer the bound
                return significant(share), True
    seen = count_upto(queryset, bound + 1)
    if seen <= bound:
        return seen, False
    estimate = planner_rows(queryset) if estimate is None else estimate
    return max(significant(estimate), bound + 1), True


def exact_from_page(paginator, bottom: int, rows: int, wanted: int) -> None:
    """A page shorter than asked for is the last one: the count is then known exactly (an
    estimated count that was too high is put right; the page links stop there)."""
    if paginator.estimated and rows < wanted and (rows or bottom == 0):
        paginator.__dict__["count"] = bottom + rows
        paginator.__dict__.pop("num_pages", None)  # computed from the estimate: again from the count
        paginator.estimated = False


RECENT_ROWS = 20_000  # the newest rows of the table a sparse newest-first page looks in first
RECENT_MIN_ROWS = 2_000  # a smaller set is sorted whole: cheap, and one query


def ordering(queryset: QuerySet) -> list:
    """The queryset's ordering terms: its own, else its model's default."""
    order = list(queryset.query.order_by)
    if not order and queryset.query.default_ordering:
        order = list(queryset.model._meta.ordering)
    return order


def newest_first(queryset: QuerySet) -> bool:
    return ordering(queryset) in (["-id"], ["-pk"])


SPARSE_ROWS = 200_000
DENSE_SHARE = 0.5  # past SPARSE_ROWS, a set is dense when it holds this share of the table


def dense(queryset, rows: int) -> bool:
    """A set is walked in primary-key order only when most rows of the table are in it: a county's
    fifth of the findings sits in a few stretches of ids (rows are loaded office by office), and
    walking the key backwards crosses the other offices' stretches first."""
    if rows <= SPARSE_ROWS:
        return False
    return rows >= table_rows(queryset.model) * DENSE_SHARE


def filter_first(queryset: QuerySet) -> QuerySet:
    """The same rows in the same order, sorted as ``pk + 0``: PostgreSQL then takes the filter's
    index and a top-N sort instead of walking the whole primary key backwards in search of rare
    matches (a sparse set: a county, a group's issues, an old status)."""
    terms = []
    for term in ordering(queryset):
        if isinstance(term, str) and term.lstrip("-") in ("id", "pk"):
            expression = ExpressionWrapper(F("pk") + 0, output_field=BigIntegerField())
            term = expression.desc() if term.startswith("-") else expression.asc()
        terms.append(term)
    return queryset.order_by(*terms) if terms else queryset


def recent_page(queryset, rows: int, bottom: int, top: int, *, select=lambda queryset: queryset) -> list | None:
    """A newest-first page (``bottom:top``) of a sparse set of about ``rows`` rows taken from the
    table's newest ``RECENT_ROWS`` ids — a bounded range scan of the primary key — when they hold
    the whole page, which the set's share of the table makes likely (a city-wide search: one
    finding in thirty). Otherwise PostgreSQL would gather every match and sort them (or, told to
    walk the key, might walk the whole table for a rare one). None when the range does not hold
    the page, the page is not newest-first, or the set is too thin to try; ``select`` turns the
    narrowed queryset into what the page holds (ids, rows)."""
    if not isinstance(queryset, QuerySet) or rows < RECENT_MIN_ROWS or not newest_first(queryset):
        return None
    model = queryset.model
    table = table_rows(model)
    if not table or rows * RECENT_ROWS < 2 * top * table:
        return None
    found = list(select(queryset.filter(pk__gt=newest_floor(model, queryset.db)))[bottom:top])
    # The range holds every id above its floor: a full page from it is the page itself.
    return found if len(found) == top - bottom else None


def _name(term: str) -> tuple[str, bool]:
    """An ordering or index term as (field name, descending); ``pk`` is ``id``."""
    name = term.lstrip("-")
    return ("id" if name == "pk" else name), term.startswith("-")


def indexed_columns(model, terms: list[str]) -> set[str]:
    """The columns that lead an index whose other fields are the ordering ``terms`` (read forwards
    or backwards): rows of one value of such a column come in the list's order from the index."""
    wanted = [_name(term) for term in terms]
    columns = set()
    for index in model._meta.indexes:
        fields = [_name(field) for field in index.fields]
        if len(fields) != len(wanted) + 1 or index.condition is not None:
            continue
        if [name for name, _ in fields[1:]] != [name for name, _ in wanted]:
            continue
        flipped = {desc != want for (_, desc), (_, want) in zip(fields[1:], wanted, strict=True)}
        if len(flipped) == 1:  # all the same way, or all the other way (a backward scan)
            columns.add(model._meta.get_field(fields[0][0]).column)
    return columns


def _takes_index(branch, columns: set[str]) -> bool:
    """The branch of an OR is (or ANDs) an equality or ``IN`` on one of ``columns``."""
    terms = branch.children if isinstance(branch, WhereNode) and branch.connector == AND else [branch]
    for term in terms:
        target = getattr(getattr(term, "lhs", None), "target", None)
        if getattr(term, "lookup_name", None) in ("exact", "in") and getattr(target, "column", None) in columns:
            return True
    return False


def _matches_nothing(queryset: QuerySet, branch) -> bool:
    """A branch that compiles to no SQL at all (``pk__in=[]``: the ids granted one by one, none)."""
    try:
        queryset.query.get_compiler(queryset.db).compile(branch)
    except EmptyResultSet:
        return True
    except FullResultSet:
        return False
    return False


def or_branches(queryset: QuerySet, terms: list[str]) -> list[QuerySet] | None:
    """``A AND (B OR C)`` as the querysets ``A AND B`` and ``A AND C``, when every branch of the OR
    takes an index that gives its rows in the order ``terms`` (a county reads the findings of its
    own rounds or of its area: accounts/scopes.py). None when the filter has no such OR."""
    where = queryset.query.where
    if where.connector != AND or where.negated:
        return None
    columns = indexed_columns(queryset.model, terms)
    if not columns:
        return None
    for position, child in enumerate(where.children):
        if not isinstance(child, WhereNode) or child.connector != OR or child.negated:
            continue
        branches = [branch for branch in child.children if not _matches_nothing(queryset, branch)]
        if not 2 <= len(branches) <= 4 or not all(_takes_index(branch, columns) for branch in branches):
            continue
        parts = []
        for branch in branches:
            part = queryset.all()
            part.query.where = where.clone()
            part.query.where.children[position] = branch
            parts.append(part)
        return parts
    return None


# Orders merged in Python as PostgreSQL sorts them: no text (its collation is the database's).
MERGEABLE = {
    *("AutoField", "BigAutoField", "SmallIntegerField", "IntegerField", "BigIntegerField"),
    *("PositiveSmallIntegerField", "PositiveIntegerField", "DecimalField", "DateField", "DateTimeField"),
}


def _mergeable_terms(queryset: QuerySet) -> list[str] | None:
    """The list's ordering as plain field names whose last is the primary key (a total order), if
    every field is one Python sorts as PostgreSQL does."""
    terms = ordering(queryset)
    if not terms or not all(isinstance(term, str) for term in terms) or _name(terms[-1])[0] != "id":
        return None
    for term in terms:
        try:
            field = queryset.model._meta.get_field(_name(term)[0])
        except FieldDoesNotExist:
            return None
        if not field.concrete or field.get_internal_type() not in MERGEABLE:
            return None
    return terms


def _merged(rows: list[tuple], terms: list[str]) -> list[tuple]:
    """``rows`` (the terms' values, then the id) in the order of ``terms``, nulls as PostgreSQL puts
    them by default: last going up, first going down."""
    for position in reversed(range(len(terms))):
        rows.sort(
            key=lambda row: (row[position] is None, row[position] if row[position] is not None else 0),
            reverse=_name(terms[position])[1],
        )
    return rows


def branch_page(queryset, rows: int, bottom: int, top: int) -> list[int] | None:
    """A page's ids as the first ``top`` rows of each branch of the filter's OR, merged
    (``or_branches``): each branch walks its own index in the list's order and stops after ``top``
    rows, where the OR as a whole has no index order and PostgreSQL gathers and sorts every match (a
    county's 111,000 findings at 1M: 68 ms for a newest-first page; 555,000 at 5M by deadline: 600
    ms). The page is in the merged rows: a row among the first ``top`` of the union is among the
    first ``top`` of its branch."""
    if not isinstance(queryset, QuerySet) or rows <= RECENT_MIN_ROWS:
        return None
    terms = _mergeable_terms(queryset)
    parts = or_branches(queryset, terms) if terms else None
    if parts is None:
        return None
    fields = [_name(term)[0] for term in terms]
    found = {}
    for part in parts:
        for row in part.order_by(*terms).values_list(*fields)[:top]:
            found[row[-1]] = row
    return [row[-1] for row in _merged(list(found.values()), terms)[bottom:top]]


class EstimatingPaginator(Paginator):
    """A Django paginator whose count is exact for small lists and estimated past the bound, and
    whose newest-first pages of a sparse set come from the newest ids when they can."""

    estimated = False

    @cached_property
    def count(self) -> int:
        self.sample = {}
        rows, self.estimated = bounded_count(self.object_list, exact_up_to(), self.sample)
        return rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        rows, queryset = None, self.object_list
        ids = sampled_page(self, bottom, top)
        if ids is None and isinstance(queryset, QuerySet) and not dense(queryset, self.count):
            # A big sparse set whose filter is an OR of indexed branches (a county's scope): each
            # branch walks its own index, the cheapest way when it applies. Else the newest ids, else
            # the page's ids first from the filtered table alone, then their rows with the list's
            # joins, as the API does.
            ids = branch_page(queryset, self.count, bottom, top)
            if ids is None:
                rows = recent_page(queryset, self.count, bottom, top)
            if rows is None and ids is None and self.count > RECENT_MIN_ROWS:
                ids = list(filter_first(queryset.values_list("pk", flat=True))[bottom:top])
            queryset = filter_first(queryset)
        if ids is not None:
            found = {row.pk: row for row in self.object_list.filter(pk__in=ids)}
            rows = [found[pk] for pk in ids if pk in found]
        if rows is None:
            rows = list(queryset[bottom:top])
        exact_from_page(self, bottom, len(rows), top - bottom)
        return self._get_page(rows, number, self)
