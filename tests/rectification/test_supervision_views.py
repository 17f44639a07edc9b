"""The rectification screens, the supervisors' side: the review queue, feedback, plans,
evaluation, supervision actions, a unit's record across rounds, the supervisors' home, and no
query per row. The liaison's side and the close-out are in test_views.py."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from inspections.choices import IssueStatus, RoundKind
from inspections.models import Issue, IssueCategory
from rectification import selectors, services
from rectification.choices import ActionKind, ActionReason, Grade, PlanStatus
from rectification.models import Action, Evaluation, EvaluationTemplate, Feedback, Plan
from tests.factories import make_assignment, make_group, make_issue, make_round
from tests.rectification.screens import (
    EXE,
    PDF,
    TODAY,
    fed_back,
    html,
    login,
    messages_of,
    pdf,
    pending,
    screen_world,
    with_evidence,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return screen_world()


# --- the review queue -----------------------------------------------------------------------------


def test_review_queue_shows_the_offices_plans_and_issues_oldest_first(client, w):
    (x,) = fed_back(w, w.assignment_x)
    (y,) = fed_back(w, w.assignment_y)
    (a,) = fed_back(w, w.assignment_a)
    for issue, liaison in ((y, w.liaison_y), (x, w.liaison_x), (a, w.liaison_a)):
        pending(w, issue, liaison)
    # y reported first, then x, then a.
    base = dt.datetime(2026, 11, 1, 9, tzinfo=dt.UTC)
    for hours, issue in enumerate((y, x, a)):
        Issue.objects.filter(pk=issue.pk).update(status_changed_at=base + dt.timedelta(hours=hours))
    plan = services.plan_submit(actor=w.liaison_x, assignment=w.assignment_x, text="整改方案")

    login(client, w.supervisor)
    response = client.get(reverse("rectification:queue"))
    assert response.status_code == 200
    assert [i.code for i in response.context["page"].object_list] == [y.code, x.code, a.code]
    assert response.context["counts"] == {"plans": 1, "issues": 3, "extensions": 0, "total": 4}
    response = client.get(reverse("rectification:queue"), {"tab": "plans"})
    assert [p.pk for p in response.context["page"].object_list] == [plan.pk]
    client.logout()

    login(client, w.supervisor_a)  # county A sees only its own
    response = client.get(reverse("rectification:queue"))
    assert [i.code for i in response.context["page"].object_list] == [a.code]
    assert selectors.review_counts(w.supervisor_a) == {"plans": 0, "issues": 1, "extensions": 0, "total": 1}
    client.logout()

    login(client, w.supervisor_b)
    assert list(client.get(reverse("rectification:queue")).context["page"].object_list) == []
    client.logout()

    assert login(client, w.liaison_x).get(reverse("rectification:queue")).status_code == 403


def test_queue_filters_and_htmx_pages_swap_only_the_table(client, w):
    issues = fed_back(w, w.assignment_x, n=2)
    for issue in issues:
        pending(w, issue, w.liaison_x)
    login(client, w.supervisor)
    response = client.get(
        reverse("rectification:queue"), {"q": issues[1].code}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="results"
    )
    assert [i.pk for i in response.context["page"].object_list] == [issues[1].pk]
    assert "<html" not in html(response)


# --- feedback and plans ---------------------------------------------------------------------------


def test_supervisor_records_feedback_and_the_issues_go_into_rectification(client, w):
    issue = make_issue(w.assignment_x, IssueStatus.CONFIRMED)
    login(client, w.supervisor)
    home = client.get(reverse("rectification:home"))
    assert w.assignment_x in home.context["awaiting_feedback"]
    url = reverse("rectification:feedback-record", args=[w.assignment_x.pk])
    assert reverse("documents:feedback_opinion", args=[w.assignment_x.pk]) in html(client.get(url))
    response = client.post(url, {"meeting_date": "2026-04-01", "attendees": "市领导", "leader_attendance": 1})
    assert response.status_code == 400
    assert response.context["form"].errors["meeting_date"] == ["反馈日期不能早于巡察组撤离日期。"]
    response = client.post(
        url,
        {
            "meeting_date": "2026-05-06",
            "attendees": "市领导、巡察组",
            "leader_attendance": 2,
            "document": SimpleUploadedFile("反馈意见书.pdf", PDF),
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RECTIFYING
    feedback = Feedback.objects.get(assignment=w.assignment_x)
    assert feedback.leader_attendance == 2
    page = client.get(response["Location"])
    assert any("1 个问题进入整改" in m for m in messages_of(page))
    assert reverse("rectification:feedback-document", args=[feedback.pk]) in html(page)
    client.logout()
    liaison = login(client, w.liaison_x)
    assert liaison.get(url).status_code == 403
    assert liaison.get(reverse("rectification:feedback-document", args=[feedback.pk])).status_code == 200


def test_plan_submit_return_resubmit_approve(client, w):
    fed_back(w, w.assignment_x)
    assignment_url = reverse("rectification:assignment", args=[w.assignment_x.pk])
    submit = reverse("rectification:plan-submit", args=[w.assignment_x.pk])
    login(client, w.liaison_x)
    response = client.post(submit, {"text": "整改方案正文", "attachment": SimpleUploadedFile("方案.pdf", EXE)})
    assert response.status_code == 400
    assert "文件“方案.pdf”的类型不允许" in response.context["plan_form"].errors["attachment"][0]
    assert "整改方案正文" in html(response) and not Plan.objects.exists()
    response = client.post(submit, {"text": "整改方案正文", "attachment": pdf("整改方案.pdf")})
    assert response.status_code == 302
    plan = Plan.objects.get()
    assert client.get(reverse("rectification:plan-attachment", args=[plan.pk])).status_code == 200
    client.logout()

    login(client, w.supervisor)
    review = reverse("rectification:plan-review", args=[plan.pk])
    response = client.post(review, {"decision": "return", "comment": ""})
    assert response.status_code == 400 and response.context["review_form"].errors["comment"]
    assert client.post(review, {"decision": "return", "comment": "措施不具体"}).status_code == 302
    client.logout()

    login(client, w.liaison_x)
    page = html(client.get(assignment_url))
    assert "措施不具体" in page and 'id="plan-form"' in page
    assert client.post(submit, {"text": "整改方案（修改稿）"}).status_code == 302
    client.logout()

    plan2 = Plan.objects.get(version=2)
    login(client, w.supervisor)
    assert (
        client.post(reverse("rectification:plan-review", args=[plan2.pk]), {"decision": "approve"}).status_code == 302
    )
    assert list(Plan.objects.order_by("version").values_list("status", flat=True)) == [
        PlanStatus.RETURNED,
        PlanStatus.APPROVED,
    ]


# --- evaluation -----------------------------------------------------------------------------------


def test_evaluation_uses_a_default_template_and_a_basic_grade_reopens_rectification(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    issue = pending(w, issue, w.liaison_x)
    services.issue_close(actor=w.supervisor, issue=issue, version=issue.version)
    login(client, w.supervisor)
    url = reverse("rectification:evaluation-create", args=[w.assignment_x.pk])
    response = client.get(url)
    assert response.status_code == 200
    template = EvaluationTemplate.objects.get(office=w.city)
    assert [item["label"] for item in template.items] == [
        "审方案",
        "审措施",
        "审进展",
        "审佐证",
        "审成效",
        "评效果",
        "评满意度",
        "评长效",
    ]
    assert sum(item["max_score"] for item in template.items) == 100
    client.get(url)
    assert EvaluationTemplate.objects.count() == 1  # created once

    scores = {f"score_{item['code']}": 8 for item in template.items}  # 8 × 8 = 64
    response = client.post(url, {**scores, "score_review_plan": 13, "evaluated_on": "2026-11-20"})
    assert response.status_code == 400
    assert response.context["form"].errors["score_review_plan"]
    response = client.post(url, {**scores, "evaluated_on": "2026-11-20", "comment": "整改不够扎实"})
    assert response.status_code == 302
    evaluation = Evaluation.objects.get()
    assert evaluation.total == Decimal("64.0") and evaluation.grade == Grade.BASIC
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RECTIFYING
    shown = messages_of(client.get(response["Location"]))
    assert any("基本合格" in m and "第 2 轮整改" in m and "1 个已销号问题重新进入整改" in m for m in shown)


def test_a_liaison_cannot_evaluate(client, w):
    fed_back(w, w.assignment_x)
    assert (
        login(client, w.liaison_x).get(reverse("rectification:evaluation-create", args=[w.assignment_x.pk])).status_code
        == 403
    )


# --- units and supervision actions ----------------------------------------------------------------


def test_supervision_action_is_listed_on_the_units_page_with_the_notice(client, w):
    fed_back(w, w.assignment_x)
    login(client, w.supervisor)
    url = reverse("rectification:action-create", args=[w.unit_x.pk])
    response = client.post(
        url,
        {
            "kind": ActionKind.INTERVIEW,
            "reason": ActionReason.DELAY,
            "date": "2026-11-25",
            "assignment": w.assignment_x.pk,
            "note": "约谈主要负责人",
        },
    )
    assert response.status_code == 302
    action = Action.objects.get()
    page = html(client.get(reverse("rectification:unit", args=[w.unit_x.pk])))
    assert "约谈主要负责人" in page
    assert reverse("documents:supervision_notice", args=[action.pk]) in page
    client.logout()
    assert login(client, w.liaison_x).get(url).status_code == 403


def test_units_page_across_rounds_highlights_recurring_categories_in_constant_queries(client, w):
    heading = IssueCategory.objects.create(name="测试聚焦")
    roads, funds = (IssueCategory.objects.create(name=n, parent=heading) for n in ("工程建设", "资金管理"))
    fed_back(w, w.assignment_x, n=2, category=roads)
    login(client, w.supervisor)
    url = reverse("rectification:unit", args=[w.unit_x.pk])
    with CaptureQueriesContext(connection) as one_round:
        client.get(url)

    for sequence in (2, 3):
        round_ = make_round(w.city, sequence)
        if sequence == 3:
            round_.kind = RoundKind.REVISIT
            round_.save()
        group = make_group(round_, 1)
        assignment = make_assignment(round_, w.unit_x, group)
        issues = [
            make_issue(assignment, IssueStatus.CONFIRMED, n=1, category=roads),
            make_issue(assignment, IssueStatus.CONFIRMED, n=2, category=funds),
        ]
        services.feedback_record(actor=w.supervisor, assignment=assignment, meeting_date=dt.date(2026, 5, 1))
        if sequence == 3:
            Issue.objects.filter(pk=issues[0].pk).update(status=IssueStatus.CLOSED)
    with CaptureQueriesContext(connection) as three_rounds:
        response = client.get(url)
    assert len(three_rounds) == len(one_round)

    records = response.context["records"]
    assert [r.figures.found for r in records] == [2, 2, 2]
    cells = [[(c.name, c.recurring) for c in r.categories] for r in records]
    assert cells[0] == [("测试聚焦 / 工程建设", False)]
    assert ("测试聚焦 / 工程建设", True) in cells[1] and ("测试聚焦 / 资金管理", False) in cells[1]
    assert ("测试聚焦 / 资金管理", True) in cells[2]
    total = response.context["total"]
    assert (total.found, total.fed_back, total.closed) == (6, 6, 1)
    assert total.overdue == 5  # the report (and so the deadline) was due in July
    assert response.context["recurring_count"] == 2
    assert "屡查屡犯" in html(response) and "回头看" in html(response)


def test_home_for_supervisors_shows_counts_and_recent_assignments(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    pending(w, issue, w.liaison_x)
    response = login(client, w.supervisor).get(reverse("rectification:home"))
    assert response.status_code == 200
    assert response.context["counts"]["issues"] == 1
    assert [a for a, _f in response.context["recent"]] == [w.assignment_x]
    assert 'id="liaison-home"' not in html(response)


# --- no query per row -----------------------------------------------------------------------------


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_pages_do_not_query_per_row(client, w):
    issues = fed_back(w, w.assignment_x, n=2)
    for issue in issues:
        with_evidence(w, issue, w.liaison_x)
    login(client, w.liaison_x)
    home, assignment = reverse("rectification:home"), reverse("rectification:assignment", args=[w.assignment_x.pk])
    issue_page = reverse("rectification:issue", args=[issues[0].pk])
    before = [queries(client, url) for url in (home, assignment, issue_page)]

    more = [make_issue(w.assignment_x, IssueStatus.RECTIFYING, n=n, deadline=TODAY) for n in range(10, 16)]
    for issue in [issues[0], *more]:
        with_evidence(w, issue, w.liaison_x)
    services.measure_create(
        actor=w.liaison_x, issue=issues[0], content="措施", responsible_leader="甲", responsible_person="乙"
    )
    services.plan_submit(actor=w.liaison_x, assignment=w.assignment_x, text="方案")
    assert [queries(client, url) for url in (home, assignment, issue_page)] == before
