"""Free-text search: case-insensitive where case exists, a plain substring match for Chinese."""

import pytest

from core.filters import contains_lookup
from inspections.filters import IssueFilterSet
from inspections.models import Issue
from tests.factories import make_issue, make_world


def test_lookup_choice():
    assert contains_lookup("工程") == "contains"
    assert contains_lookup("2026") == "contains"
    assert contains_lookup("r01-g1") == "icontains"


@pytest.mark.django_db
def test_search_matches_chinese_titles_and_codes_in_any_case():
    w = make_world()
    hit = make_issue(w.assignment_x, "rectifying", n=1, title="工程建设项目未招标")
    make_issue(w.assignment_x, "rectifying", n=2, title="违规发放津贴")

    def search(q):
        filterset = IssueFilterSet({"q": q}, queryset=Issue.objects.visible_to(w.supervisor))
        return set(filterset.qs.values_list("pk", flat=True))

    assert search("工程") == {hit.pk}
    assert search(hit.code.lower()) == {hit.pk}


# --- the search index (migration 0011_issue_search_grams) ------------------------------------------

TITLES = [
    "工程建设项目未招标",
    "违规发放津贴补贴",
    "公务接待超标准",
    "工会经费使用不规范",
    "“三资”管理混乱，100%未公开",
    "Wi-Fi 采购 ABC_工程 未走程序",
    "程工倒序标题",
    "工",
]
QUERIES = [
    "工", "程", "工程", "程工", "工程建", "建设项目未招标", "津贴", "补", "接待超标", "公",
    "100%", "%", "_", "c_", "abc", "ABC_", "wi-fi", "WI", "T-", "-00", "00", "住建", "市住建局",
    "某镇", "甲县", "发改", "局", "U-X", "“三资”", "，", " ", "工程工程", "无此问题", "问题", "r",
]


def expected(issue, q: str) -> bool:
    fold = (lambda s: s.upper()) if q.lower() != q.upper() else (lambda s: s)
    return any(fold(q) in fold(text) for text in (issue.code, issue.title, issue.unit.name))


@pytest.mark.django_db
def test_search_is_exactly_the_substring_match_of_code_title_and_unit_name():
    w = make_world()
    issues = [
        make_issue(assignment, "rectifying", n=i, title=title)
        for i, (title, assignment) in enumerate(
            (title, assignment) for title in TITLES for assignment in (w.assignment_x, w.assignment_y, w.assignment_a)
        )
    ]
    visible = Issue.objects.visible_to(w.admin)
    for q in QUERIES:
        got = set(IssueFilterSet({"q": q}, queryset=visible).qs.values_list("pk", flat=True))
        want = {issue.pk for issue in issues if expected(issue, q.strip())} if q.strip() else {i.pk for i in issues}
        assert got == want, q


@pytest.mark.django_db
def test_search_column_follows_every_change_and_the_search_uses_its_index():
    from django.db import connection

    w = make_world()
    issue = make_issue(w.assignment_x, "rectifying", n=1, title="违规发放津贴")

    def search(q):
        return set(IssueFilterSet({"q": q}, queryset=Issue.objects.all()).qs.values_list("pk", flat=True))

    assert search("津贴") == {issue.pk}
    Issue.objects.filter(pk=issue.pk).update(title="公务接待超标准")  # no Django code computes the column
    assert search("津贴") == set()
    assert search("接待") == {issue.pk}
    w.unit_x.name = "市城管局"
    w.unit_x.save()
    assert search("城管") == {issue.pk}

    # The condition is indexable (a tiny table is read whole unless scans are turned off).
    queryset = IssueFilterSet({"q": "接待"}, queryset=Issue.objects.all()).qs.order_by().values("pk")
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "issue_search_grams" in plan
    assert "unit_name_grams" in plan  # the units by name: their own index, not a scan of every name


@pytest.mark.django_db
def test_search_inside_a_nested_query_keeps_its_alias():
    w = make_world()
    issue = make_issue(w.assignment_x, "rectifying", n=1, title="工程建设项目未招标")
    make_issue(w.assignment_x, "rectifying", n=2, title="违规发放津贴")
    inner = IssueFilterSet({"q": "工程"}, queryset=Issue.objects.all()).qs.values("pk")
    assert list(Issue.objects.filter(pk__in=inner).values_list("pk", flat=True)) == [issue.pk]
