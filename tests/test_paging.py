"""Counts past the bound are estimated (core/paging.py): exact up to LIST_EXACT_COUNT_UP_TO rows,
the planner's estimate past it, “约 N 条” on the page and ``count_is_estimate`` in the API."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from core.paging import TRUST_ESTIMATE, bounded_count, planner_rows, significant
from core.web import PER_PAGE
from inspections.choices import IssueStatus
from inspections.models import Issue
from tests.factories import make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    for n in range(10, 22):
        make_issue(w.assignment_x, status=IssueStatus.RECTIFYING, n=n)
    return w


def test_significant_figures():
    assert [significant(v) for v in (0, 7, 999, 1003, 1_003_211, 998_734)] == [0, 7, 999, 1000, 1_000_000, 999_000]


def test_bounded_count_is_exact_up_to_the_bound_and_scans_no_more(w):
    issues = Issue.objects.all()
    total = issues.count()
    assert bounded_count(issues, total) == (total, False)
    with CaptureQueriesContext(connection) as queries:
        rows, estimated = bounded_count(issues, 5)
    assert estimated and rows >= 6  # never below the bound it passed
    sql = [q["sql"] for q in queries.captured_queries if "pg_class" not in q["sql"]]
    assert "LIMIT 6" in sql[0]  # the count stops after bound + 1 rows
    assert sql[1].startswith("EXPLAIN")
    assert planner_rows(issues) >= 1


def test_a_set_estimated_far_past_the_bound_is_not_counted(w, monkeypatch):
    """The planner puts the set at TRUST_ESTIMATE times the bound or more: the estimate is the count
    at once, without counting bound + 1 rows. Below that the rows are counted as before."""
    issues = Issue.objects.all()
    total = issues.count()
    bound = 3
    monkeypatch.setattr("core.paging.table_rows", lambda model: 10**6)
    monkeypatch.setattr("core.paging.planner_rows", lambda queryset: 1234)
    with CaptureQueriesContext(connection) as queries:
        assert bounded_count(issues, bound) == (1230, True)
    assert not any("LIMIT" in q["sql"] for q in queries.captured_queries)
    monkeypatch.setattr("core.paging.planner_rows", lambda queryset: TRUST_ESTIMATE * bound - 1)
    with CaptureQueriesContext(connection) as queries:
        assert bounded_count(issues, bound) == (TRUST_ESTIMATE * bound - 1, True)  # counted past the bound
    assert any(f"LIMIT {bound + 1}" in q["sql"] for q in queries.captured_queries)
    assert bounded_count(issues, total) == (total, False)
    # A small table is never taken for a big set: counted whatever the planner says.
    monkeypatch.setattr("core.paging.table_rows", lambda model: TRUST_ESTIMATE * bound - 1)
    monkeypatch.setattr("core.paging.planner_rows", lambda queryset: 10**6)
    assert bounded_count(issues, total) == (total, False)


@pytest.mark.parametrize("api", [True, False], ids=["api", "html"])
def test_a_short_page_puts_a_wrong_estimate_right(w, monkeypatch, settings, client, api):
    """An estimate far too high (the planner misjudging a filter) is corrected by the page that comes
    back short: it is the last page, and the count is exact."""
    monkeypatch.setattr("core.paging.table_rows", lambda model: 10**6)
    monkeypatch.setattr("core.paging.planner_rows", lambda queryset: 50_000)
    settings.LIST_EXACT_COUNT_UP_TO = 5
    visible = Issue.objects.visible_to(w.supervisor).count()
    assert 5 < visible < 50
    if api:
        api_client = APIClient()
        api_client.force_authenticate(w.supervisor)
        body = api_client.get("/api/v1/issues/").json()
        assert (body["count"], body["count_is_estimate"], len(body["results"])) == (visible, False, visible)
        assert body["next"] is None
        estimated = api_client.get("/api/v1/issues/", {"page_size": 3}).json()  # a full page: still estimated
        assert (estimated["count"], estimated["count_is_estimate"]) == (50_000, True)
    else:
        client.force_login(w.supervisor)
        page = client.get("/issues/").content.decode()
        assert f"共 {visible} 条" in page and "约 " not in page


def test_the_api_says_when_its_count_is_an_estimate(w, settings):
    client = APIClient()
    client.force_authenticate(w.supervisor)
    exact = client.get("/api/v1/issues/").json()
    assert exact["count_is_estimate"] is False
    assert exact["count"] == Issue.objects.visible_to(w.supervisor).count() > 5
    settings.LIST_EXACT_COUNT_UP_TO = 5
    body = client.get("/api/v1/issues/", {"page_size": 3}).json()
    assert body["count_is_estimate"] is True and body["count"] >= 6
    assert len(body["results"]) == 3 and body["next"]  # the pages still work


def test_the_page_says_about_n_rows_and_offers_no_last_page(w, client, settings):
    for n in range(30, 30 + PER_PAGE):  # more than a page: the first page is full
        make_issue(w.assignment_y, status=IssueStatus.RECTIFYING, n=n)
    client.force_login(w.supervisor)
    page = client.get("/issues/").content.decode()
    visible = Issue.objects.visible_to(w.supervisor).count()
    assert f"共 {visible:,} 条" in page
    settings.LIST_EXACT_COUNT_UP_TO = 5
    page = client.get("/issues/").content.decode()
    assert "约 " in page and f"共 {visible:,} 条" not in page
    assert "末页" not in page


@pytest.mark.parametrize("two_step", [True, False], ids=["api", "html"])
def test_a_sparse_newest_first_page_comes_from_the_newest_ids_when_they_hold_it(w, monkeypatch, two_step):
    from config.api import TwoStepPaginator
    from core.paging import EstimatingPaginator

    ordered = Issue.objects.order_by("-id")
    everything = list(ordered.values_list("pk", flat=True))
    newest = everything[0]
    assert Issue.objects.filter(pk__lte=newest - 10).count() >= 2
    monkeypatch.setattr("core.paging.table_rows", lambda model: len(everything))
    monkeypatch.setattr("core.paging.RECENT_MIN_ROWS", 1)
    monkeypatch.setattr("core.paging.RECENT_ROWS", 4)

    def page_of(queryset, per_page=2, number=1):
        if two_step:
            paginator = TwoStepPaginator(queryset, per_page, load_rows=lambda ids: Issue.objects.filter(pk__in=ids))
            monkeypatch.setattr(paginator, "dense", lambda: False)
        else:
            paginator = EstimatingPaginator(queryset, per_page)
        with CaptureQueriesContext(connection) as queries:
            rows = [row.pk for row in paginator.page(number).object_list]
        return rows, [q["sql"] for q in queries.captured_queries]

    def windowed(sql):  # the floor is a number the planner can weigh (core/paging.newest_floor)
        return any(f'"id" > {newest - 4}' in s for s in sql)

    # The newest ids hold a full page: one bounded range query, and the page is the right one.
    rows, sql = page_of(ordered)
    assert rows == everything[:2] and windowed(sql)
    # The model's own ordering (newest first) counts as newest first.
    rows, sql = page_of(Issue.objects.all())
    assert rows == everything[:2] and windowed(sql)
    # They do not (the set's rows are older than the window): the ordinary page.
    old = ordered.filter(pk__lte=newest - 10)
    rows, sql = page_of(old)
    assert rows == list(old.values_list("pk", flat=True)[:2])
    # Another order than newest first never looks in the window.
    rows, sql = page_of(Issue.objects.order_by("code", "-id"))
    assert not windowed(sql)


def test_an_html_page_of_a_big_sparse_set_takes_its_ids_first(w, monkeypatch):
    """Outside the newest ids (a county's findings among a city's million), the HTML list takes the
    page's ids filter-first from the bare table, then their rows with the list's joins: the same
    rows in the same order as the plain query."""
    from core.paging import EstimatingPaginator

    monkeypatch.setattr("core.paging.table_rows", lambda model: 10**6)
    monkeypatch.setattr("core.paging.RECENT_MIN_ROWS", 1)
    monkeypatch.setattr("core.paging.RECENT_ROWS", 0)  # the newest ids never hold the page
    for ordering in (["-id"], ["code", "-id"]):
        queryset = Issue.objects.select_related("unit").order_by(*ordering)
        expected = list(queryset.values_list("pk", flat=True))
        paginator = EstimatingPaginator(queryset, 4)
        with CaptureQueriesContext(connection) as queries:
            page = paginator.page(2)
        assert [row.pk for row in page.object_list] == expected[4:8]
        assert page.object_list[0].unit.name  # the list's joins came with the rows
        sql = [q["sql"] for q in queries.captured_queries]
        assert any('SELECT "inspections_issue"."id" AS "pk"' in s or '"inspections_issue"."id" FROM' in s for s in sql)
        assert any("+ 0)" in s for s in sql)  # the ids filter-first: ordered by pk + 0


def test_a_search_the_planner_misjudges_is_estimated_from_the_newest_ids(w, monkeypatch, settings):
    """A search of three characters or more (``estimate_from_newest``): past the bound its size is its
    share of the table's newest ids, scaled to the table, and the first pages come from those ids."""
    from core.paging import FROM_NEWEST, EstimatingPaginator, estimate_from_newest

    monkeypatch.setattr("core.paging.table_rows", lambda model: 1000)
    monkeypatch.setattr("core.paging.planner_rows", lambda queryset: 1)  # the planner: almost nothing
    monkeypatch.setattr("core.paging.RECENT_ROWS", 10)
    settings.LIST_EXACT_COUNT_UP_TO = 3
    everything = list(Issue.objects.order_by("-id").values_list("pk", flat=True))
    newest = everything[0]
    rectifying = Issue.objects.filter(status=IssueStatus.RECTIFYING).order_by("-id")
    in_window = [pk for pk in rectifying.values_list("pk", flat=True) if pk > newest - 10]
    assert len(in_window) >= 4
    marked = estimate_from_newest(rectifying)
    assert marked.filter(pk__gt=0)._hints[FROM_NEWEST]  # clones keep the mark
    assert not rectifying._hints.get(FROM_NEWEST)  # the set it was made from is not marked
    paginator = EstimatingPaginator(marked, 2)
    with CaptureQueriesContext(connection) as queries:
        page = paginator.page(1)
    assert paginator.estimated and paginator.count == significant(len(in_window) * 1000 // 10)
    assert [row.pk for row in page.object_list] == in_window[:2]
    assert not any("LIMIT 4" in q["sql"] for q in queries.captured_queries)  # not counted
    # Unmarked, the same set is counted as before.
    assert bounded_count(rectifying, 3) == (4, True)  # counted past the bound; the planner's 1 is below it
    # The issue list marks a search of three characters or more, not of one or two.
    from inspections.filters import IssueFilterSet

    assert IssueFilterSet({"q": "问题1"}, queryset=Issue.objects.all()).qs._hints.get(FROM_NEWEST)
    assert not IssueFilterSet({"q": "问题"}, queryset=Issue.objects.all()).qs._hints.get(FROM_NEWEST)


def test_a_page_of_an_or_filter_takes_each_branch_from_its_index(w, monkeypatch):
    """A county reads the findings of its own rounds or those of its area (accounts/scopes.py): the
    OR has no index order, so a newest-first page takes the newest ids of each branch (each walks
    its ``(office, -id)`` index) and merges them — the same rows, in the same order, as the plain
    query, on every page, in the HTML and the API paginator."""
    from config.api import TwoStepPaginator
    from core.paging import EstimatingPaginator, branch_page, or_branches
    from tests.factories import make_assignment

    # The county's own round and a city round in the county's area, their findings interleaved.
    in_area = make_assignment(w.round, w.unit_a, w.group_x)
    for n in range(40, 52):
        make_issue(w.assignment_a, status=IssueStatus.RECTIFYING, n=n)
        status = IssueStatus.CLOSED if n % 3 else IssueStatus.CONFIRMED  # confirmed: not yet fed back
        make_issue(in_area, status=status, n=n)
    monkeypatch.setattr("core.paging.table_rows", lambda model: 10**6)
    monkeypatch.setattr("core.paging.RECENT_MIN_ROWS", 1)
    monkeypatch.setattr("core.paging.RECENT_ROWS", 0)  # the newest ids never hold the page

    # Deadlines repeat and some are missing (PostgreSQL puts nulls first going down, last going up).
    for n, issue in enumerate(Issue.objects.order_by("id")):
        deadline = None if n % 5 == 0 else dt.date(2026, 1, 1) + dt.timedelta(days=n % 4)
        Issue.objects.filter(pk=issue.pk).update(deadline=deadline)

    for ordering in (["-id"], ["-deadline", "-id"], ["deadline", "id"]):
        county = Issue.objects.visible_to(w.supervisor_a).order_by(*ordering)
        expected = list(county.values_list("pk", flat=True))
        assert len(expected) > 12 and Issue.objects.filter(pk__in=expected, office=w.city).exists()
        assert len(or_branches(county, ordering)) == 2
        for number in (1, 2, 3):
            for make in (
                lambda county=county: EstimatingPaginator(county, 5),
                lambda county=county: TwoStepPaginator(
                    county, 5, load_rows=lambda ids: Issue.objects.filter(pk__in=ids)
                ),
            ):
                with CaptureQueriesContext(connection) as queries:
                    page = make().page(number)
                assert [row.pk for row in page.object_list] == expected[(number - 1) * 5 : number * 5], ordering
                sql = [q["sql"] for q in queries.captured_queries]
                pages = [s for s in sql if "LIMIT" in s and "COUNT(" not in s.upper()]
                branches = [s for s in pages if '"office_id" IN' in s or '"home_office_id" IN' in s]
                assert len(branches) == 2 and not any(" OR " in s or "+ 0)" in s for s in branches), branches

    # No OR, or an OR whose branches have no such index: the ordinary page.
    assert or_branches(Issue.objects.visible_to(w.supervisor).order_by("-id"), ["-id"]) is None
    from django.db.models import Q

    assert or_branches(Issue.objects.filter(Q(code="x") | Q(title="y")), ["-id"]) is None
    assert branch_page(county.order_by("code", "id"), 10**5, 0, 5) is None  # text: the database's collation
    assert branch_page(county.order_by("-deadline"), 10**5, 0, 5) is None  # not a total order


def test_a_bounded_count_selects_no_column(w):
    """``count_upto`` counts ``SELECT FROM … LIMIT n``: no column, so a bitmap scan need not read
    the rows (PostgreSQL's skip-fetch); the figure is Django's own count of the same bounded set."""
    from core.paging import count_upto
    from tests.factories import make_round

    make_round(w.city, 2)
    cases = [
        Issue.objects.all(),
        Issue.objects.visible_to(w.supervisor_a),
        Issue.objects.visible_to(w.supervisor).filter(status=IssueStatus.RECTIFYING).order_by("-deadline"),
        Issue.objects.filter(title__contains="不存在"),
    ]
    for queryset in cases:
        for limit in (1, 3, 1000):
            with CaptureQueriesContext(connection) as queries:
                counted = count_upto(queryset, limit)
            assert counted == queryset.order_by().values("pk")[:limit].count()
            assert "(SELECT FROM " in queries.captured_queries[-1]["sql"]
    assert count_upto(Issue.objects.filter(pk__in=[]), 10) == 0  # matches nothing: no SQL at all
    # DISTINCT needs its columns: Django's form.
    distinct = Issue.objects.filter(unit__assignments__isnull=False).distinct()
    with CaptureQueriesContext(connection) as queries:
        assert count_upto(distinct, 1000) == distinct.count()
    assert "(SELECT FROM " not in queries.captured_queries[-1]["sql"]
