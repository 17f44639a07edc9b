"""Common issues (共性问题) and campaigns (专项治理): services, scope, API, screens, the notice."""

import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from docx import Document
from rest_framework.test import APIClient

from accounts.models import User
from commons import selectors, services
from commons.models import Campaign, CommonIssue
from core.errors import TransitionError
from rectification.models import Measure
from tests.factories import SpecialReportFactory, make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    w.x1 = make_issue(w.assignment_x, "rectifying", n=1, title="公务接待超标准")
    w.x2 = make_issue(w.assignment_x, "closed", n=2, title="超标准公务接待")
    w.y1 = make_issue(w.assignment_y, "rectifying", n=3, title="违规超标准接待")
    w.a1 = make_issue(w.assignment_a, "rectifying", n=4, title="公务接待无公函")
    w.draft = make_issue(w.assignment_y, "draft", n=5, title="接待草稿")
    return w


def group(w, actor=None, issues=None, **fields):
    return services.common_issue_create(
        actor=actor or w.supervisor,
        title="公务接待超标准",
        description="多个单位公务接待超标准",
        measure_content="严格执行公务接待标准，建立接待清单制度",
        issues=issues if issues is not None else [w.x1, w.x2, w.y1, w.a1],
        **fields,
    )


def fresh(user):
    return User.objects.get(pk=user.pk)  # no cached scope grants


def test_a_supervisor_groups_findings_of_several_units_and_progress_rolls_up(w):
    common = group(w)
    assert common.office == w.city
    assert set(common.issues.values_list("pk", flat=True)) == {w.x1.pk, w.x2.pk, w.y1.pk, w.a1.pk}
    progress = selectors.common_issue_progress(w.supervisor, common)
    assert (progress.findings, progress.closed, progress.units) == (4, 1, 3)
    assert progress.closed_share == 0.25
    # each finding keeps its own lifecycle
    w.x1.refresh_from_db()
    assert w.x1.status == "rectifying"


def test_grouping_is_refused_for_one_unit_drafts_foreign_findings_and_non_managers(w):
    with pytest.raises(ValidationError):
        group(w, issues=[w.x1, w.x2])  # one unit
    with pytest.raises(ValidationError):
        group(w, issues=[w.x1, w.draft])  # a draft
    with pytest.raises(ValidationError):
        group(w, actor=w.supervisor_a, issues=[w.a1, w.x1])  # x1 is outside county A
    with pytest.raises(PermissionDenied):
        group(w, actor=w.inspector_x)
    assert CommonIssue.objects.count() == 0


def test_scope_nobody_sees_a_finding_outside_his_scope_through_a_common_issue(w):
    common = group(w)
    # the county-A supervisor sees the common issue through his own finding, and only that one
    assert CommonIssue.objects.visible_to(fresh(w.supervisor_a)).filter(pk=common.pk).exists()
    assert [i.pk for i in selectors.visible_findings(fresh(w.supervisor_a), common)] == [w.a1.pk]
    assert selectors.common_issue_progress(fresh(w.supervisor_a), common).findings == 1
    # county B has no finding in it: the common issue does not exist for him
    assert not CommonIssue.objects.visible_to(fresh(w.supervisor_b)).exists()
    # a liaison sees his unit's fed-back findings only
    liaison = fresh(w.liaison_x)
    assert {i.pk for i in selectors.visible_findings(liaison, common)} == {w.x1.pk, w.x2.pk}
    assert selectors.common_issue_statistics(liaison)["units_covered"] == 1
    # an inspector of group X sees his group's findings only
    assert {i.pk for i in selectors.visible_findings(fresh(w.inspector_x), common)} == {w.x1.pk, w.x2.pk}
    assert not CommonIssue.objects.visible_to(fresh(w.nobody)).exists()


def test_add_and_remove_findings(w):
    common = group(w, issues=[w.x1, w.y1])
    services.common_issue_add_findings(actor=w.supervisor, common_issue=common, issues=[w.a1, w.x1])
    assert common.issues.count() == 3
    services.common_issue_remove_finding(actor=w.supervisor, common_issue=common, issue=w.a1)
    assert set(common.issues.values_list("pk", flat=True)) == {w.x1.pk, w.y1.pk}
    services.common_issue_remove_finding(actor=w.supervisor, common_issue=common, issue=w.y1)
    with pytest.raises(TransitionError):
        services.common_issue_remove_finding(actor=w.supervisor, common_issue=common, issue=w.x1)


def test_a_unit_adopts_the_measure_template_into_its_own_measure(w):
    common = group(w)
    measure = services.common_measure_adopt(
        actor=w.liaison_x, common_issue=common, issue=w.x1, responsible_leader="张局长", responsible_person="李科长"
    )
    assert Measure.objects.get(pk=measure.pk).content == "严格执行公务接待标准，建立接待清单制度"
    assert measure.issue == w.x1
    assert selectors.common_issue_progress(w.supervisor, common).adopted == 1
    with pytest.raises(TransitionError):
        services.common_measure_adopt(
            actor=w.liaison_x, common_issue=common, issue=w.x1, responsible_leader="张", responsible_person="李"
        )
    with pytest.raises(PermissionDenied):  # another unit's finding
        services.common_measure_adopt(
            actor=w.liaison_x, common_issue=common, issue=w.y1, responsible_leader="张", responsible_person="李"
        )


def test_the_notice_is_a_word_document_naming_only_visible_findings(w):
    from commons.documents import common_issue_notice

    common = group(w)
    text = "\n".join(p.text for p in Document(io.BytesIO(common_issue_notice(fresh(w.supervisor), common))).paragraphs)
    assert "共性问题集中通报" in text and w.x1.code in text and w.a1.code in text
    text = "\n".join(
        p.text for p in Document(io.BytesIO(common_issue_notice(fresh(w.supervisor_a), common))).paragraphs
    )
    assert w.a1.code in text and w.x1.code not in text


def api(user):
    client = APIClient()
    client.force_authenticate(fresh(user))
    return client


def test_api_create_list_detail_statistics_and_scope(w):
    response = api(w.supervisor).post(
        "/api/v1/common-issues/",
        {"title": "公务接待超标准", "issues": [w.x1.pk, w.y1.pk, w.a1.pk], "measure_content": "整改"},
        format="json",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["progress"]["units"] == 3 and len(body["findings"]) == 3
    pk = body["id"]
    assert api(w.supervisor).get("/api/v1/common-issues/").json()["count"] == 1
    detail = api(w.supervisor_a).get(f"/api/v1/common-issues/{pk}/").json()
    assert [f["id"] for f in detail["findings"]] == [w.a1.pk]
    assert api(w.supervisor_b).get(f"/api/v1/common-issues/{pk}/").status_code == 404
    stats = api(w.supervisor).get("/api/v1/common-issues/statistics/").json()
    assert stats == {
        "common_issues": 1, "units_covered": 3, "findings_covered": 3, "findings_closed": 0, "closed_share": 0.0
    }  # fmt: skip
    # a finding outside the caller's scope is answered like an unknown id
    response = api(w.supervisor_a).post(
        f"/api/v1/common-issues/{pk}/add-findings/", {"issues": [w.x2.pk]}, format="json"
    )
    assert response.status_code in (403, 404)
    response = api(w.supervisor).post(f"/api/v1/common-issues/{pk}/add-findings/", {"issues": [w.x2.pk]}, format="json")
    assert response.status_code == 200 and response.json()["progress"]["closed"] == 1
    response = api(w.supervisor).post(f"/api/v1/common-issues/{pk}/remove-finding/", {"issue": w.x2.pk}, format="json")
    assert response.status_code == 200 and response.json()["progress"]["findings"] == 3
    response = api(w.liaison_x).post(
        f"/api/v1/common-issues/{pk}/adopt/",
        {"issue": w.x1.pk, "responsible_leader": "张", "responsible_person": "李"},
        format="json",
    )
    assert response.status_code == 201 and response.json()["content"] == "整改"
    assert api(w.supervisor).get("/api/v1/common-issues/", {"unit": w.unit_y.pk}).json()["count"] == 1


def test_campaigns_from_special_reports(w):
    report = SpecialReportFactory(round=w.round, created_by=w.supervisor, title="关于公务接待问题的专报")
    other = SpecialReportFactory(round=w.round_a, created_by=w.supervisor, title="县专报")
    common = group(w)
    campaign = services.campaign_create(
        actor=w.supervisor,
        title="公务接待专项治理",
        special_reports=[report, other],
        started_on=w.round.planned_start,
        target_units=[w.unit_x, w.unit_y],
        target_findings=4,
        target_amount_wan=Decimal("100.00"),
        common_issues=[common],
        issues=[w.x1],
    )
    progress = selectors.campaign_progress(w.supervisor, campaign)
    assert (progress.findings, progress.closed, progress.units, progress.target_units) == (4, 1, 3, 2)
    assert selectors.progress_by_campaign(w.supervisor, [campaign])[campaign.pk] == progress
    county = selectors.progress_by_campaign(fresh(w.supervisor_a), [campaign])[campaign.pk]
    assert (county.findings, county.units) == (1, 1)  # only what he may see
    campaign = services.campaign_update(
        actor=w.supervisor, campaign=campaign, recovered_amount_wan=Decimal("40"), results="已整改"
    )
    assert selectors.campaign_progress(w.supervisor, campaign).amount_share == 0.4
    with pytest.raises(ValidationError):
        services.campaign_update(actor=w.supervisor, campaign=campaign, status="finished")
    with pytest.raises(ValidationError):
        services.campaign_create(
            actor=w.supervisor, title="无专报", special_reports=[], started_on=w.round.planned_start
        )
    # campaigns are the office's: county A's supervisor does not see the city's, a liaison none
    assert not Campaign.objects.visible_to(fresh(w.supervisor_a)).exists()
    assert not Campaign.objects.visible_to(fresh(w.liaison_x)).exists()
    client = api(w.supervisor)
    body = client.get(f"/api/v1/campaigns/{campaign.pk}/").json()
    assert body["progress"]["findings"] == 4 and body["common_issues"] == [common.pk]
    assert body["recovered_amount_wan"] == "40.00"
    response = client.post(
        "/api/v1/campaigns/",
        {"title": "新专项", "special_reports": [report.pk], "started_on": "2026-01-01", "target_amount_wan": "5.5"},
        format="json",
    )
    assert response.status_code == 201, response.content
    assert client.get("/api/v1/campaigns/", {"special_report": other.pk}).json()["count"] == 1
    assert api(w.supervisor_a).get(f"/api/v1/campaigns/{campaign.pk}/").status_code == 404


def test_screens(w):
    common = group(w)
    report = SpecialReportFactory(round=w.round, created_by=w.supervisor)
    campaign = services.campaign_create(
        actor=w.supervisor,
        title="专项",
        special_reports=[report],
        started_on=w.round.planned_start,
        common_issues=[common],
    )
    client = Client()
    client.force_login(w.supervisor)
    for url in (
        reverse("commons:common-issue-list"),
        reverse("commons:common-issue-detail", args=[common.pk]),
        reverse("commons:common-issue-add", args=[common.pk]),
        reverse("commons:common-issue-create") + f"?round={w.round.pk}",
        reverse("commons:common-issue-create") + "?q=接待",
        reverse("commons:campaign-list"),
        reverse("commons:campaign-create"),
        reverse("commons:campaign-detail", args=[campaign.pk]),
        reverse("inspections:issue-list") + "?q=接待",
    ):
        assert client.get(url).status_code == 200, url
    page = client.get(reverse("commons:common-issue-create") + "?q=接待").content.decode()
    assert w.x1.code in page and w.draft.code not in page
    response = client.post(
        reverse("commons:common-issue-create") + f"?round={w.round.pk}",
        {"title": "接待", "measure_kind": "deadline", "issues": [w.x1.pk, w.y1.pk]},
    )
    assert response.status_code == 302
    assert CommonIssue.objects.count() == 2
    assert CommonIssue.objects.latest("id").round == w.round
    notice = client.get(reverse("commons:common-issue-notice", args=[common.pk]))
    assert notice.status_code == 200 and notice["Content-Type"].startswith("application/vnd.openxml")
    # the county supervisor's detail lists only his finding; another county gets 404
    county = Client()
    county.force_login(w.supervisor_a)
    page = county.get(reverse("commons:common-issue-detail", args=[common.pk])).content.decode()
    assert w.a1.code in page and w.x1.code not in page
    other = Client()
    other.force_login(w.supervisor_b)
    assert other.get(reverse("commons:common-issue-detail", args=[common.pk])).status_code == 404
    assert other.get(reverse("commons:campaign-detail", args=[campaign.pk])).status_code == 404
    # the liaison adopts the template from the detail page
    liaison = Client()
    liaison.force_login(w.liaison_x)
    response = liaison.post(
        reverse("commons:common-issue-adopt", args=[common.pk, w.x1.pk]),
        {"responsible_leader": "张", "responsible_person": "李"},
    )
    assert response.status_code == 302
    assert Measure.objects.filter(issue=w.x1).count() == 1


def test_lists_run_a_fixed_number_of_queries(w):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    report = SpecialReportFactory(round=w.round, created_by=w.supervisor)

    def add(n):
        for _ in range(n):
            common = group(w, issues=[w.x1, w.y1])
            services.campaign_create(
                actor=w.supervisor, title="专项", special_reports=[report], started_on=w.round.planned_start,
                common_issues=[common], issues=[w.x2], target_units=[w.unit_x],
            )  # fmt: skip

    def queries(url, user):
        client = api(user)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    add(2)
    before = {url: queries(url, w.supervisor) for url in ("/api/v1/common-issues/", "/api/v1/campaigns/")}
    add(4)
    after = {url: queries(url, w.supervisor) for url in ("/api/v1/common-issues/", "/api/v1/campaigns/")}
    assert before == after
    client = Client()
    client.force_login(w.supervisor)
    client.get(reverse("commons:campaign-list"))  # the first page of the session fills the cached badge counts
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("commons:campaign-list"))
        client.get(reverse("commons:common-issue-list"))
    add(3)
    with CaptureQueriesContext(connection) as second:
        client.get(reverse("commons:campaign-list"))
        client.get(reverse("commons:common-issue-list"))
    assert len(first) == len(second)


def test_the_term_report_counts_campaign_records(w):
    """The report's 专项治理 figure counts the campaign records started from the rounds' special reports,
    not the free text a special report once carried."""
    from dashboard import reports

    report = SpecialReportFactory(round=w.round, created_by=w.supervisor, title="专报一", campaigns="旧的文字")
    assert reports.campaigns([w.round.pk]) == 0  # a name in a special report is no campaign record
    for title in ("公务接待专项治理", "惠民资金专项治理"):
        services.campaign_create(
            actor=w.supervisor, title=title, special_reports=[report], started_on=w.round.planned_start
        )
    assert reports.campaigns([w.round.pk]) == 2
    assert reports.campaigns([w.round_a.pk]) == 0
