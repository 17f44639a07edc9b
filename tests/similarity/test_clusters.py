"""Suggested clusters (建议归并): the same problem in several units is suggested as one group, a
different problem written with the same characters is not joined to it; groups below the unit
count, findings already in a common issue and findings outside the reader's scope are left out;
managers only; the screen sends a group to the create page preselected."""

from __future__ import annotations

import datetime as dt
import itertools
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from accounts.models import User
from commons.models import CommonIssue
from commons.services import common_issue_create
from inspections.choices import IssueStatus
from inspections.models import Issue
from similarity import clusters, index
from similarity.evaluation import load
from similarity.models import IssueTerms
from tests.factories import make_world
from tests.factories.inspections import AssignmentFactory, IssueFactory, UnitFactory

pytestmark = pytest.mark.django_db

RECEPTION = [
    "公务接待超标准，无公函接待",
    "违规超标准接待，接待无公函",
    "超标准接待、无公函接待",
    "公务接待无公函、超标准",
]
ALLOWANCES = ["违规发放津贴补贴", "巧立名目发放津贴补贴", "违规发放津贴补贴、奖金"]
NEAR_MISS = "违规发放低保、特困供养资金"  # the same words (违规发放), another problem
TWO_UNITS = ["党员发展程序不规范", "发展党员程序不规范"]
OTHERS = ["村级财务收支不透明", "意识形态工作责任制落实不到位", "干部档案审核把关不严", "工程项目未招标"]


def fetch(user):
    return User.objects.get(pk=user.pk)


@pytest.fixture
def cw(db):
    """The city round with five units: the reception problem in four, the allowance problem in
    three, its near miss in the fifth, a problem in two units only, unrelated findings; county A's
    round with the reception problem in three county units."""
    w = make_world()
    c = SimpleNamespace(w=w)
    units = [w.unit_x, w.unit_y] + [UnitFactory(name=f"市单位{n}", office=w.city) for n in range(3)]
    assignments = [w.assignment_x, w.assignment_y] + [
        AssignmentFactory(round=w.round, unit=unit, group=w.group_y) for unit in units[2:]
    ]
    code = itertools.count(1)

    def finding(assignment, title, status=IssueStatus.RECTIFYING, **fields):
        return IssueFactory(assignment=assignment, code=f"C-{next(code)}", title=title, status=status, **fields)

    c.reception = [finding(a, title) for a, title in zip(assignments, RECEPTION, strict=False)]
    c.allowances = [finding(a, title) for a, title in zip(assignments[1:], ALLOWANCES, strict=False)]
    c.near_miss = finding(assignments[4], NEAR_MISS)
    c.two_units = [finding(a, title) for a, title in zip(assignments, TWO_UNITS, strict=False)]
    c.others = [finding(a, title) for a, title in zip(assignments, OTHERS, strict=False)]
    c.draft = finding(assignments[4], "公务接待超标准", status=IssueStatus.DRAFT)
    c.withdrawn = finding(assignments[3], "超标准公务接待", status=IssueStatus.WITHDRAWN)
    # County A: the same problem in three of its units.
    county_units = [w.unit_a] + [UnitFactory(name=f"甲县单位{n}", office=w.county_a) for n in range(2)]
    county = [w.assignment_a] + [AssignmentFactory(round=w.round_a, unit=u, group=w.group_a) for u in county_units[1:]]
    c.county = [finding(a, title) for a, title in zip(county, RECEPTION, strict=False)]
    index.rebuild()
    return c


def groups_of(user, **filters):
    found = clusters.suggest_clusters(fetch(user), **filters)
    return [set(cluster.ids) for cluster in found.clusters], found


def pks(issues):
    return {issue.pk for issue in issues}


def test_the_same_problem_in_several_units_is_one_group_and_a_near_miss_stays_out(cw):
    groups, found = groups_of(cw.w.supervisor, round=cw.w.round)
    assert pks(cw.reception) in groups
    assert pks(cw.allowances) in groups  # the near miss (违规发放低保…) does not join it
    assert all(cw.near_miss.pk not in group for group in groups)
    # Biggest first: four units before three; drafts and withdrawn findings are never suggested.
    assert groups[0] == pks(cw.reception)
    assert not {cw.draft.pk, cw.withdrawn.pk} & set().union(*groups)
    assert found.findings == len(cw.reception + cw.allowances + cw.two_units + cw.others) + 1
    assert found.unindexed == 0
    first = found.clusters[0]
    assert first.unit_count == 4 and 0.3 <= first.cohesion <= 1
    assert any("接待" in phrase for phrase in first.label)


def test_two_problems_sharing_half_their_words_stay_two_groups(cw):
    """Many findings worded alike for one problem and for another sharing half the words (cosine
    about 0.5): two groups, not one (the relative check of the average link)."""
    assignments = list(cw.w.round.assignments.order_by("id"))
    ideology = [
        IssueFactory(assignment=a, code=f"I-{a.pk}", title="意识形态工作责任制落实不到位", status=IssueStatus.CONFIRMED)
        for a in assignments[:4]
    ]
    safety = [
        IssueFactory(assignment=a, code=f"S-{a.pk}", title="安全生产责任制落实不到位", status=IssueStatus.CONFIRMED)
        for a in assignments[1:]
    ]
    ideology.append(cw.others[1])  # the fixture's own finding of that problem
    index.rebuild()
    groups, found = groups_of(cw.w.supervisor, round=cw.w.round)
    assert pks(ideology) in groups and pks(safety) in groups
    labels = [cluster.label_text for cluster in found.clusters]
    assert any(label.startswith("意识形态工作责任制") for label in labels)
    assert "安全生产责任制落实不到位" in labels


def test_a_group_below_the_unit_count_is_not_suggested(cw):
    groups, _ = groups_of(cw.w.supervisor, round=cw.w.round)
    assert pks(cw.two_units) not in groups
    groups, _ = groups_of(cw.w.supervisor, round=cw.w.round, min_units=2)
    assert pks(cw.two_units) in groups
    groups, _ = groups_of(cw.w.supervisor, round=cw.w.round, min_units=4)
    assert groups == [pks(cw.reception)]


def test_findings_already_in_a_common_issue_are_left_out(cw):
    common_issue_create(actor=fetch(cw.w.supervisor), title="超标准接待", issues=cw.reception[:2])
    groups, found = groups_of(cw.w.supervisor, round=cw.w.round)
    grouped = set().union(*groups)
    assert not pks(cw.reception[:2]) & grouped
    assert pks(cw.reception) not in groups  # the two left (of two units) are no group of three units
    assert pks(cw.allowances) in groups
    assert found.findings == len(cw.reception + cw.allowances + cw.two_units + cw.others) + 1 - 2


def test_a_finding_not_yet_indexed_is_left_out_and_counted(cw):
    late = IssueFactory(
        assignment=cw.w.assignment_x, code="LATE", title="公务接待超标准", status=IssueStatus.RECTIFYING
    )
    IssueTerms.objects.filter(issue=late).delete()
    groups, found = groups_of(cw.w.supervisor, round=cw.w.round)
    assert found.unindexed == 1 and late.pk not in set().union(*groups)


def test_period_and_office_filters(cw):
    w = cw.w
    groups, _ = groups_of(w.supervisor, date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 12, 31))
    assert pks(cw.reception) in groups or pks(cw.reception + cw.county) in groups
    groups, found = groups_of(w.supervisor, date_from=dt.date(2027, 1, 1))
    assert groups == [] and found.findings == 0
    groups, _ = groups_of(w.supervisor, date_from=dt.date(2026, 1, 1), office=w.county_a)
    assert groups == [pks(cw.county)]
    with pytest.raises(ValidationError) as refused:
        clusters.suggest_clusters(fetch(w.supervisor), round=w.round, max_findings=3)
    assert "round" in refused.value.message_dict


def test_a_county_supervisor_never_sees_another_countys_finding(cw):
    w = cw.w
    for user in (w.supervisor_a, w.supervisor_b):
        visible = set(Issue.objects.visible_to(fetch(user)).values_list("pk", flat=True))
        groups, _ = groups_of(user, date_from=dt.date(2026, 1, 1), min_units=2)
        assert set().union(*groups) <= visible
    groups, _ = groups_of(w.supervisor_a, date_from=dt.date(2026, 1, 1))
    assert groups == [pks(cw.county)]
    groups, _ = groups_of(w.supervisor_b, date_from=dt.date(2026, 1, 1), min_units=2)
    assert groups == []


# --- the screen ------------------------------------------------------------------------------------


def login(user):
    client = Client()
    client.force_login(fetch(user))
    return client


def test_the_screen_lists_groups_with_their_findings_checked_and_preselects_the_create_page(cw):
    w = cw.w
    client = login(w.supervisor)
    page = client.get("/common-issues/suggestions/", {"round": w.round.pk})
    assert page.status_code == 200 and 'hx-get="' in page.content.decode()
    part = client.get("/common-issues/suggestions/", {"round": w.round.pk, "part": "results"})
    assert part.status_code == 200
    html = part.content.decode()
    assert "归并为共性问题" in html and "/common-issues/new/" in html
    for issue in cw.reception:
        assert f'name="issues" value="{issue.pk}"' in html and issue.unit.name in html and issue.code in html
    assert f'value="{cw.near_miss.pk}"' not in html
    # The group's form goes to the create page with the findings preselected (the supervisor confirms there).
    ids = [cluster.ids for cluster in part.context["clusters"]][0]
    create = client.get(
        "/common-issues/new/",
        {"issues": ids, "round": w.round.pk, "title": part.context["clusters"][0].issues[0].title},
    )
    assert create.status_code == 200
    form = create.context["form"]
    assert form.initial["issues"] == ids and form.initial["title"] in RECEPTION
    assert set(ids) <= set(form.fields["issues"].queryset.values_list("pk", flat=True))
    assert CommonIssue.objects.count() == 0  # nothing merged: the supervisor confirms on the create page


def test_the_screen_empty_state_and_links(cw):
    w = cw.w
    client = login(w.supervisor)
    none = client.get("/common-issues/suggestions/", {"round": w.round.pk, "part": "results", "min_units": "6"})
    assert "没有发现涉及 6 个及以上单位的相似问题" in none.content.decode()
    assert "请从轮次页面进入" in client.get("/common-issues/suggestions/").content.decode()
    assert "/common-issues/suggestions/" in client.get("/common-issues/").content.decode()
    assert f"/common-issues/suggestions/?round={w.round.pk}" in client.get(f"/rounds/{w.round.pk}/").content.decode()


def test_only_managers_see_the_screen_and_an_invisible_round_is_404(cw):
    w = cw.w
    for user in (w.liaison_x, w.inspector_x, w.group_leader_x):
        assert login(user).get("/common-issues/suggestions/", {"round": w.round.pk}).status_code == 403
    assert login(w.supervisor_a).get("/common-issues/suggestions/", {"round": w.round.pk}).status_code == 404


# --- the API ---------------------------------------------------------------------------------------


def api(user):
    client = APIClient()
    client.force_authenticate(fetch(user))
    return client


URL = "/api/v1/common-issues/suggestions/"


def test_api_suggestions(cw):
    w = cw.w
    response = api(w.supervisor).get(URL, {"round": w.round.pk})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"findings", "unindexed", "clusters"}
    first = body["clusters"][0]
    assert set(first) == {"label", "unit_count", "units", "cohesion", "findings"}
    assert {row["id"] for row in first["findings"]} == pks(cw.reception) and first["unit_count"] == 4
    assert set(first["findings"][0]) == {"id", "code", "title", "unit", "unit_name"}
    # Without a round or period: the last year (the factory's findings are older than that here).
    assert api(w.supervisor).get(URL).status_code == 200
    county = api(w.supervisor_a).get(URL, {"date_from": "2026-01-01"}).json()
    assert [{row["id"] for row in cluster["findings"]} for cluster in county["clusters"]] == [pks(cw.county)]


def test_api_refusals(cw):
    w = cw.w
    for user in (w.liaison_x, w.inspector_x):
        assert api(user).get(URL, {"round": w.round.pk}).status_code == 403
    supervisor = api(w.supervisor)
    for params, field in (
        ({"round": "abc"}, "round"),
        ({"round": ""}, "round"),
        ({"round": "0"}, "round"),
        ({"date_from": "2026-13-01"}, "date_from"),
        ({"date_from": "2026-05-01", "date_to": "2026-04-01"}, "date_to"),
        ({"min_units": "1"}, "min_units"),
        ({"office": "x"}, "office"),
    ):
        response = supervisor.get(URL, params)
        assert response.status_code == 400, params
        assert field in response.json()["errors"], params
    unseen = api(w.supervisor_a).get(URL, {"round": w.round.pk})
    assert unseen.status_code == 404 and "round" in unseen.json()["errors"]
    assert supervisor.get(URL, {"round": 999999}).status_code == 404
    assert api(w.supervisor_a).get(URL, {"office": w.county_b.pk}).status_code == 404


# --- the method, on the evaluation set (no database) -----------------------------------------------


def test_grouping_quality_on_the_evaluation_set():
    """Each text of tests/data/similar_pairs.json as a finding of its own unit: the pairs put in one
    group are the same problem (precision) and find most same-problem pairs (recall), as measured
    in docs/similarity.md; single link over the same pairs would chain problems together."""
    from collections import Counter

    from similarity import text as t

    texts, labels, _ = load()
    counts = [t.term_counts(text) for text in texts]
    df = Counter(term for c in counts for term in c)
    vectors = [t.weigh(c, df, len(texts), keep=index.KEEP) for c in counts]
    rows = [(n, n, list(v), list(v.values())) for n, v in enumerate(vectors)]
    groups = clusters.group(rows, min_units=2)
    together = [(a, b) for g in groups for a, b in itertools.combinations(g.ids, 2)]
    same = sum(1 for a, b in together if labels[a] == labels[b])
    positives = sum(n * (n - 1) // 2 for n in Counter(labels).values())
    assert same / len(together) >= 0.98
    assert same / positives >= 0.69


def test_the_create_page_offers_the_selection_first_and_the_rest_as_before(cw, monkeypatch):
    from commons import views

    client = login(cw.w.supervisor)
    round_only = client.get("/common-issues/new/", {"round": cw.w.round.pk}).context["form"]
    assert (
        round_only.fields["issues"].queryset.count() == len(cw.reception + cw.allowances + cw.two_units + cw.others) + 1
    )  # the round's found findings, as before
    monkeypatch.setattr(views, "CANDIDATES", 5)  # a round larger than the page offers
    chosen = [issue.pk for issue in cw.reception]
    offered = client.get("/common-issues/new/", {"issues": chosen, "round": cw.w.round.pk}).context["form"]
    offered_ids = set(offered.fields["issues"].queryset.values_list("pk", flat=True))
    assert set(chosen) <= offered_ids and len(offered_ids) == 5


# --- the faster computation gives the groups of the reference one (no database) ---------------------


def generated_rows(*, distinct: bool = False, seed: int = 7) -> list[tuple]:
    """The evaluation set's texts as findings of 40 units, each text several times: word for word,
    with a term dropped, with a term of another text added, with a term of its own (``distinct``:
    every finding gets one, as bench/clusters.py's stress case does)."""
    import random
    from collections import Counter

    from similarity import text as t

    texts, _, _ = load()
    rng = random.Random(seed)
    findings = []
    for text in texts:
        counts = t.term_counts(text)
        for copy in range(rng.randint(1, 8)):
            varied = dict(counts)
            if copy % 4 == 1 and len(varied) > 3:
                del varied[rng.choice(sorted(varied))]
            elif copy % 4 == 2:
                other = t.term_counts(rng.choice(texts))
                term = rng.choice(sorted(other))
                varied[term] = varied.get(term, 0) + 1
            elif copy % 4 == 3 or distinct:
                varied[f"#{len(findings)}"] = 1
            findings.append((text, varied))
    df = Counter(term for _, counts in findings for term in counts)
    rows = []
    for pk, (text, counts) in enumerate(findings):
        vector = t.weigh(counts, df, len(findings), keep=index.KEEP)
        rows.append((pk, pk % 40, list(vector), list(vector.values()), text))
    return rows


def outcome(found):
    return [(set(c.ids), c.units, c.label, c.cohesion) for c in found]


@pytest.mark.parametrize("distinct", [False, True])
def test_the_computation_gives_the_groups_of_the_reference(distinct):
    from tests.similarity import clusters_reference

    rows = generated_rows(distinct=distinct)
    for min_units in (2, 3):
        found = clusters.group(rows, min_units=min_units)
        assert found and outcome(found) == outcome(clusters_reference.group(rows, min_units=min_units))
    # Tight sets were found and started as one group (the collapse was exercised), not every point.
    vectors = [dict(zip(row[2], row[3], strict=True)) for row in rows]
    sizes = [1] * len(vectors)
    neighbours = clusters.pairs(vectors, sizes, clusters.EDGE)
    tight = clusters.tight_sets(sizes, neighbours, clusters.THRESHOLD)
    assert tight and sum(len(points) for points, _, _ in tight) < len(vectors)
    # The pairs are those of the reference, with the same scores (up to rounding).
    reference = clusters_reference.pairs(vectors, sizes, clusters.EDGE)
    assert [set(row) for row in neighbours] == [set(row) for row in reference]
    assert all(abs(score - reference[p][q]) < 1e-12 for p, row in enumerate(neighbours) for q, score in row.items())


def test_the_computation_gives_the_groups_of_the_reference_on_the_evaluation_set():
    from collections import Counter

    from similarity import text as t
    from tests.similarity import clusters_reference

    texts, _, _ = load()
    counts = [t.term_counts(text) for text in texts]
    df = Counter(term for c in counts for term in c)
    vectors = [t.weigh(c, df, len(texts), keep=index.KEEP) for c in counts]
    rows = [(n, n, list(v), list(v.values())) for n, v in enumerate(vectors)]
    for threshold in (0.25, 0.3, 0.35):
        found = clusters.group(rows, threshold=threshold, min_units=2)
        assert outcome(found) == outcome(clusters_reference.group(rows, threshold=threshold, min_units=2))


def test_a_tight_set_starts_as_one_group_only_when_nothing_outside_is_as_close():
    """Points 0, 1, 2 alike at 0.9, point 3 alike to 0 at 0.95: {0, 3} is tight (nothing else is
    0.95 alike to either), {0, 1, 2} is not (3 is closer to 0 than 1 and 2 are); points 4 and 5
    alike at 0.7 and 6 alike to 4 at 0.65: {4, 5} is tight from level 0.7 on. The groups are
    those of the reference."""
    from tests.similarity import clusters_reference

    scores = {(0, 1): 0.9, (0, 2): 0.9, (1, 2): 0.9, (0, 3): 0.95, (1, 3): 0.5, (4, 5): 0.7, (4, 6): 0.65, (2, 4): 0.25}
    neighbours = [{} for _ in range(7)]
    for (p, q), score in scores.items():
        neighbours[p][q] = neighbours[q][p] = score
    sizes = [1, 1, 1, 1, 2, 1, 1]
    assert clusters.tight_sets(sizes, neighbours, 0.3) == [([4, 5], pytest.approx(0.7 * 2), 0.7), ([0, 3], 0.95, 0.95)]
    groups = sorted(sorted(points) for points, _ in clusters._average_link(sizes, neighbours, 0.3))
    assert groups == sorted(sorted(points) for points, _ in clusters_reference._average_link(sizes, neighbours, 0.3))
