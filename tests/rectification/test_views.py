"""The rectification screens, the liaison's side and the close-out: scope (404 outside it, files
included), the liaison's home, uploads checked by content with nothing written on refusal,
optimistic locking between two supervisors, returns, long-term and measures, and the panel the
inspection issue page includes. The supervisors' side is in test_supervision_views.py."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from inspections.choices import IssueStatus
from inspections.models import Issue
from rectification import services
from rectification.models import Evidence, Progress, Review
from tests.factories import make_issue
from tests.rectification.screens import (
    CONFLICT,
    EXE,
    PDF,
    TODAY,
    evidence_files,
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
