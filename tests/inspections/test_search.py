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
