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

With an estimated count the last page is not known exactly: the page links offer the next page but
no “末页”, and a page past the real end is empty rather than a 404 (the API says
``count_is_estimate: true``).
"""

from __future__ import annotations

import json
import math

from django.conf import settings
from django.core.paginator import Paginator
from django.db import connections, router
from django.db.models import QuerySet
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


def bounded_count(queryset, bound: int) -> tuple[int, bool]:
    """(rows, estimated): the exact count when at most ``bound`` rows match, else the estimate."""
    if not isinstance(queryset, QuerySet):
        return len(queryset), False
    seen = queryset.order_by().values("pk")[: bound + 1].count()
    if seen <= bound:
        return seen, False
    return max(significant(planner_rows(queryset)), bound + 1), True


class EstimatingPaginator(Paginator):
    """A Django paginator whose count is exact for small lists and estimated past the bound."""

    estimated = False

    @cached_property
    def count(self) -> int:
        rows, self.estimated = bounded_count(self.object_list, exact_up_to())
        return rows
