"""The rectification screens: scope (404 outside it, files included), uploads checked by content
with nothing written on refusal, optimistic locking between two supervisors, the review queue,
feedback, plans, evaluation, supervision actions and a unit's record across rounds."""

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.choices import Role
from inspections import deadlines
from inspections import services as issue_services
from inspections.choices import IssueStatus, RoundKind
from inspections.models import Issue, IssueCategory
from rectification import selectors, services
from rectification.choices import ActionKind, ActionReason, Grade, PlanStatus
from rectification.models import Action, Evaluation, EvaluationTemplate, Evidence, Feedback, Plan, Progress, Review
from tests.factories import make_assignment, make_group, make_issue, make_round, make_world, user

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + b"\x00" * 64
    + b"This program cannot be run in DOS mode."
)
CONFLICT = "该记录已被他人修改，请刷新页面后重试。"
TODAY = deadlines.today()


@pytest.fixture
def w():
    w = make_world()
    w.liaison_y = user("t_liaison_y", Role.LIAISON, w.city, unit=w.unit_y)
    w.supervisor2 = user("t_supervisor2", Role.SUPERVISOR, w.city)
    return w


def login(client, person):
    client.force_login(person)
    return client


def html(response) -> str:
    return response.content.decode()


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]] if response.context else []


def fed_back(w, assignment, n: int = 1, **fields) -> list[Issue]:
    """Confirmed issues of an assignment, then the feedback meeting puts them into rectification."""
    issues = [make_issue(assignment, IssueStatus.CONFIRMED, n=i, **fields) for i in range(1, n + 1)]
    services.feedback_record(actor=w.supervisor, assignment=assignment, meeting_date=dt.date(2026, 5, 1))
    return [Issue.objects.get(pk=i.pk) for i in issues]


def pdf(name: str = "整改佐证.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def with_evidence(w, issue, liaison, name: str = "整改佐证.pdf") -> Progress:
    return services.progress_create(actor=liaison, issue=issue, date=TODAY, text="已整改", files=[pdf(name)])


def pending(w, issue, liaison) -> Issue:
    with_evidence(w, issue, liaison)
    return issue_services.issue_submit(actor=liaison, issue=Issue.objects.get(pk=issue.pk))


def evidence_files() -> set[Path]:
    root = Path(settings.MEDIA_ROOT) / "evidence"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- scope ----------------------------------------------------------------------------------------


def test_liaison_cannot_reach_another_units_issues_or_evidence_by_url(client, w):
    (own,) = fed_back(w, w.assignment_x)
    (other,) = fed_back(w, w.assignment_y)
    own_file = with_evidence(w, own, w.liaison_x).evidence.get()
    other_file = with_evidence(w, other, w.liaison_y).evidence.get()
    draft = make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=9)  # his unit, not fed back
    login(client, w.liaison_x)

    for url in (
        reverse("rectification:issue", args=[other.pk]),
        reverse("rectification:evidence", args=[other_file.pk]),
        reverse("rectification:assignment", args=[w.assignment_y.pk]),
        reverse("rectification:unit", args=[w.unit_y.pk]),
        reverse("rectification:issue", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404, url
    response = client.post(
        reverse("rectification:progress-create", args=[other.pk]), {"date": TODAY, "text": "越权报送"}
    )
    assert response.status_code == 404
    assert not Progress.objects.filter(issue=other, text="越权报送").exists()

    assert client.get(reverse("rectification:issue", args=[own.pk])).status_code == 200
    response = client.get(reverse("rectification:evidence", args=[own_file.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''%E6%95%B4%E6%94%B9%E4%BD%90%E8%AF%81.pdf" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == PDF


def test_supervisor_of_a_sibling_county_gets_404(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    login(client, w.supervisor_b)
    assert client.get(reverse("rectification:issue", args=[issue.pk])).status_code == 404
    assert client.get(reverse("rectification:assignment", args=[w.assignment_x.pk])).status_code == 404


# --- the liaison's home ---------------------------------------------------------------------------


def test_liaison_home_groups_open_issues_by_status_and_deadline_colour(client, w):
    late, soon, calm = fed_back(w, w.assignment_x, n=3)
    Issue.objects.filter(pk=late.pk).update(deadline=TODAY - dt.timedelta(days=3))
    Issue.objects.filter(pk=soon.pk).update(deadline=TODAY + dt.timedelta(days=5))
    Issue.objects.filter(pk=calm.pk).update(deadline=TODAY + dt.timedelta(days=60))
    (waiting,) = [make_issue(w.assignment_x, IssueStatus.PENDING_REVIEW, n=4)]
    long_term = make_issue(w.assignment_x, IssueStatus.LONG_TERM, n=5, next_progress_due=TODAY + dt.timedelta(days=15))
    (other,) = fed_back(w, w.assignment_y)  # another unit's

    response = login(client, w.liaison_x).get(reverse("rectification:home"))
    assert response.status_code == 200
    data = response.context["liaison"]
    buckets = {b.key: [i.code for i in b.issues] for b in data["buckets"]}
    assert buckets == {
        "red": [late.code],
        "yellow": [soon.code],
        "none": [calm.code],
        "pending_review": [waiting.code],
        "long_term": [long_term.code],
    }
    assert data["colour_counts"] == {"red": 1, "yellow": 1, "green": 1}  # the long-term report is due in 15 days
    assert other.code not in html(response)
    w.assignment_x.refresh_from_db()
    due = [(item.kind, item.due) for item in data["due"]]
    assert ("plan", w.assignment_x.plan_due) in due and ("report", w.assignment_x.report_due) in due
    assert [d[1] for d in due] == sorted(d[1] for d in due)  # what is due next comes first
    page = html(response)
    assert "报送整改方案" in page and "下次进展报送" in page
    assert 'id="supervisor-home"' not in page  # a liaison has no review queue
    assert "线索" not in page


# --- evidence uploads -----------------------------------------------------------------------------


def test_disguised_executable_is_refused_with_the_reason_and_nothing_is_written(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    before = evidence_files()
    login(client, w.liaison_x)
    response = client.post(
        reverse("rectification:progress-create", args=[issue.pk]),
        {
            "date": "2026-11-20",
            "text": "已完成台账清理，附整改报告",
            "files": [pdf("会议纪要.pdf"), SimpleUploadedFile("整改报告.pdf", EXE, content_type="application/pdf")],
        },
    )
    assert response.status_code == 400
    form = response.context["progress_form"]
    assert form.errors["files"] == [
        "文件“整改报告.pdf”的类型不允许，只能上传 PDF、JPG、PNG、DOCX、XLSX 或由这些文件组成的 ZIP。"
    ]
    page = html(response)
    assert "已完成台账清理，附整改报告" in page and 'value="2026-11-20"' in page  # the rest of the form is kept
    assert "文件“整改报告.pdf”的类型不允许" in page
    assert Progress.objects.count() == 0 and Evidence.objects.count() == 0
    assert evidence_files() == before


def test_a_real_pdf_named_as_an_image_is_refused(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    response = login(client, w.liaison_x).post(
        reverse("rectification:progress-create", args=[issue.pk]),
        {"date": "2026-11-20", "text": "进展", "files": [SimpleUploadedFile("照片.png", PDF)]},
    )
    assert response.status_code == 400
    assert response.context["progress_form"].errors["files"] == ["文件“照片.png”的扩展名与实际内容（PDF）不符。"]
    assert not Progress.objects.exists()


def test_progress_with_several_files_and_report_done(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    login(client, w.liaison_x)
    response = client.post(
        reverse("rectification:progress-create", args=[issue.pk]),
        {"date": "2026-11-20", "text": "已整改到位", "files": [pdf("一.pdf"), pdf("二.pdf")]},
    )
    assert response.status_code == 302
    assert sorted(Evidence.objects.values_list("original_name", flat=True)) == ["一.pdf", "二.pdf"]
    assert "已报送整改进展，附佐证材料 2 份。" in messages_of(client.get(response["Location"]))

    issue.refresh_from_db()
    response = client.post(
        reverse("rectification:issue-submit", args=[issue.pk]), {"version": issue.version, "comment": "请审核"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.PENDING_REVIEW


def test_report_done_without_progress_is_refused_with_a_message(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    response = login(client, w.liaison_x).post(
        reverse("rectification:issue-submit", args=[issue.pk]), {"version": issue.version, "comment": "完成了"}
    )
    assert response.status_code == 400
    assert "请先报送整改进展和佐证材料，再报请销号。" in messages_of(response)
    assert "完成了" in html(response)


# --- optimistic locking ---------------------------------------------------------------------------


def test_concurrent_close_out_the_second_supervisor_gets_changed_by_someone_else(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    issue = pending(w, issue, w.liaison_x)
    url = reverse("rectification:issue", args=[issue.pk])
    # Both open the page and see the same version.
    seen_first = login(client, w.supervisor).get(url).context["close_form"].initial["version"]
    client.logout()
    seen_second = login(client, w.supervisor2).get(url).context["close_form"].initial["version"]
    assert seen_first == seen_second == issue.version
    client.logout()

    close = reverse("rectification:issue-close", args=[issue.pk])
    outcome = {"corrected": 1, "funds_refunded_wan": "12.50", "persons_accountable": 2, "rules_made": 1}
    first = login(client, w.supervisor).post(close, {"version": seen_first, "comment": "同意销号", **outcome})
    assert first.status_code == 302
    client.logout()
    second = login(client, w.supervisor2).post(
        close, {"version": seen_second, "comment": "第二位审核人的意见", "special_campaign": "专项治理A", **outcome}
    )
    assert second.status_code == 409
    assert CONFLICT in messages_of(second)
    page = html(second)
    assert CONFLICT in page
    assert "第二位审核人的意见" in page and "专项治理A" in page  # nothing the second supervisor typed is lost
    issue.refresh_from_db()
    assert issue.status == IssueStatus.CLOSED
    assert second.context["close_form"]["version"].value() == str(issue.version)  # a deliberate retry is possible
    assert list(Review.objects.filter(issue=issue).values_list("reviewer__username", "comment")) == [
        ("t_supervisor", "同意销号")
    ]
    review = Review.objects.get(issue=issue)
    assert review.funds_refunded_wan == Decimal("12.50") and review.persons_accountable == 2


def test_stale_return_after_a_close_is_refused(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    issue = pending(w, issue, w.liaison_x)
    stale = issue.version
    services.issue_close(actor=w.supervisor, issue=issue, version=stale)
    response = login(client, w.supervisor2).post(
        reverse("rectification:issue-return", args=[issue.pk]), {"version": stale, "comment": "证据不足"}
    )
    assert response.status_code == 409 and CONFLICT in messages_of(response)
    assert "证据不足" in html(response)


def test_return_needs_a_reason_and_then_goes_back_to_rectifying(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    issue = pending(w, issue, w.liaison_x)
    login(client, w.supervisor)
    url = reverse("rectification:issue-return", args=[issue.pk])
    response = client.post(url, {"version": issue.version, "comment": ""})
    assert response.status_code == 400
    assert response.context["return_form"].errors["comment"]
    response = client.post(url, {"version": issue.version, "comment": "佐证材料不完整"})
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.RECTIFYING
    assert Review.objects.get(issue=issue).comment == "佐证材料不完整"


def test_long_term_shows_the_next_progress_due_date(client, w):
    (issue,) = fed_back(w, w.assignment_x)
    login(client, w.supervisor)
    response = client.post(
        reverse("rectification:issue-long-term", args=[issue.pk]), {"version": issue.version, "comment": "长期坚持"}
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.status == IssueStatus.LONG_TERM and issue.next_progress_due
    client.logout()
    page = html(login(client, w.liaison_x).get(reverse("rectification:issue", args=[issue.pk])))
    assert 'id="next-progress-due"' in page and issue.next_progress_due.isoformat() in page
    home = html(client.get(reverse("rectification:home")))
    assert issue.next_progress_due.isoformat() in home


def test_measure_with_a_deadline_keeps_the_issue_deadline(client, w):
    """Security finding 8: only an approved extension moves the deadline (tests/rectification/test_extensions.py)."""
    (issue,) = fed_back(w, w.assignment_x)
    deadline = issue.deadline
    response = login(client, w.liaison_x).post(
        reverse("rectification:measure-create", args=[issue.pk]),
        {
            "content": "修订制度",
            "responsible_leader": "王局长",
            "responsible_department": "办公室",
            "responsible_person": "李主任",
            "kind": "deadline",
            "deadline": "2027-01-31",
        },
    )
    assert response.status_code == 302
    issue.refresh_from_db()
    assert issue.deadline == deadline and issue.measures.get().deadline == dt.date(2027, 1, 31)
    response = client.post(reverse("rectification:measure-create", args=[issue.pk]), {"content": "缺责任人"})
    assert response.status_code == 400 and "缺责任人" in html(response)


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


# --- the panel the inspection issue page includes -------------------------------------------------


def test_rectification_panel_partial_renders_within_scope(w):
    (issue,) = fed_back(w, w.assignment_x)
    progress = with_evidence(w, issue, w.liaison_x)
    request = RequestFactory().get("/")
    request.user = w.supervisor
    page = render_to_string("rectification/partials/issue_rectification.html", {"issue": issue}, request=request)
    assert "整改情况" in page
    assert reverse("rectification:evidence", args=[progress.evidence.get().pk]) in page
    assert reverse("rectification:issue", args=[issue.pk]) in page


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
