"""The issue and clue lifecycles through the services: every transition and its refusals."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from core.errors import ApplicationError, ConflictError, TransitionError
from inspections import services
from inspections.choices import ClueStatus, IssueStatus, ReadVia
from inspections.models import ClueRead, Issue, IssueEvent
from rectification import services as rect
from tests.factories import leaf_category, make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def w():
    return make_world()


def new_issue(w, **overrides):
    fields = {
        "actor": w.inspector_x,
        "assignment": w.assignment_x,
        "category": leaf_category(),
        "title": "违规发放津贴补贴",
        "facts": "2025年发放…",
        "basis": "中央八项规定",
        "how_found": "documents",
        "nature": "individual",
    }
    return services.issue_create(**{**fields, **overrides})


def test_inspector_records_a_draft_with_code_copies_and_event(w):
    issue = new_issue(w)

    assert issue.status == IssueStatus.DRAFT
    assert issue.code == f"R01-G1-{w.assignment_x.pk:04d}-001"
    assert (issue.office, issue.round, issue.unit, issue.group) == (w.city, w.round, w.unit_x, w.group_x)
    assert issue.case_officer == w.inspector_x
    assert list(issue.events.values_list("action", "to_status")) == [("create", "draft")]
    assert new_issue(w).code.endswith("-002")


def test_inspector_of_another_group_cannot_record_there(w):
    with pytest.raises(PermissionDenied, match="只有本巡察组"):
        new_issue(w, actor=w.inspector_y)
    assert not Issue.objects.exists()


def test_missing_title_is_a_field_error_and_nothing_is_written(w):
    with pytest.raises(ValidationError) as excinfo:
        new_issue(w, title="  ")
    assert "title" in excinfo.value.message_dict
    assert not Issue.objects.exists() and not IssueEvent.objects.exists()


def test_draft_review_and_confirm_by_deputy_and_leader(w):
    issue = new_issue(w)
    issue = services.issue_review(actor=w.deputy_x, issue=issue, comment="事实清楚")
    assert issue.deputy_reviewer == w.deputy_x and issue.reviewed_at

    with pytest.raises(PermissionDenied):
        services.issue_confirm(actor=w.deputy_x, issue=issue)
    with pytest.raises(PermissionDenied):
        services.issue_review(actor=w.inspector_x, issue=issue)
    issue = services.issue_confirm(actor=w.group_leader_x, issue=issue, comment="同意")
    assert issue.status == IssueStatus.CONFIRMED
    assert [e.action for e in issue.events.all()] == ["create", "review", "confirm"]

    with pytest.raises(TransitionError, match="已确认"):
        services.issue_confirm(actor=w.group_leader_x, issue=issue)
    with pytest.raises(TransitionError):
        services.issue_update(actor=w.group_leader_x, issue=issue, title="改")


def test_case_officer_edits_draft_but_others_cannot(w):
    issue = new_issue(w)
    issue = services.issue_update(actor=w.inspector_x, issue=issue, title="新标题", version=issue.version)
    assert issue.title == "新标题" and issue.version == 2
    with pytest.raises(PermissionDenied):
        services.issue_update(actor=w.inspector_y, issue=issue, title="x")
    with pytest.raises(ConflictError, match="已被他人修改"):
        services.issue_update(actor=w.inspector_x, issue=issue, title="x", version=1)
    with pytest.raises(ApplicationError, match="不能修改字段"):
        services.issue_update(actor=w.inspector_x, issue=issue, status="closed")


def full_cycle_to_rectifying(w, immediate=False):
    issue = new_issue(w, immediate=immediate)
    services.issue_confirm(actor=w.group_leader_x, issue=issue)
    rect.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=dt.date(2026, 5, 15))
    issue.refresh_from_db()
    return issue


def test_feedback_moves_confirmed_issues_with_deadlines_from_time_rules(w):
    draft = new_issue(w)
    issue = full_cycle_to_rectifying(w)
    quick = make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=9, immediate=True)
    # quick was confirmed after feedback: untouched; draft stays a draft.
    draft.refresh_from_db()
    quick.refresh_from_db()
    w.assignment_x.refresh_from_db()

    assert issue.status == IssueStatus.RECTIFYING
    assert issue.deadline == dt.date(2026, 7, 15)  # two months after feedback
    assert w.assignment_x.plan_due == dt.date(2026, 6, 14)  # 30 days
    assert w.assignment_x.report_due == dt.date(2026, 7, 15)
    assert draft.status == IssueStatus.DRAFT and quick.status == IssueStatus.CONFIRMED
    with pytest.raises(TransitionError, match="重复"):
        rect.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=dt.date(2026, 5, 16))


def test_immediate_issue_is_due_at_exit_date(w):
    issue = full_cycle_to_rectifying(w, immediate=True)
    assert issue.deadline == w.assignment_x.exit_date


def test_feedback_refused_for_inspector_and_other_county(w):
    with pytest.raises(PermissionDenied):
        rect.feedback_record(actor=w.inspector_x, assignment=w.assignment_x, meeting_date=dt.date(2026, 5, 15))
    with pytest.raises(PermissionDenied):
        rect.feedback_record(actor=w.supervisor_b, assignment=w.assignment_a, meeting_date=dt.date(2026, 5, 15))
    with pytest.raises(ValidationError) as excinfo:
        rect.feedback_record(actor=w.supervisor, assignment=w.assignment_x, meeting_date=dt.date(2026, 4, 1))
    assert "meeting_date" in excinfo.value.message_dict


def report_progress(w, issue):
    evidence = SimpleUploadedFile("证明.pdf", PDF, content_type="application/pdf")
    return rect.progress_create(
        actor=w.liaison_x, issue=issue, date=dt.date(2026, 6, 1), text="已清退", files=[evidence]
    )


def test_submit_needs_progress_and_the_units_liaison(w):
    issue = full_cycle_to_rectifying(w)
    with pytest.raises(ApplicationError, match="请先报送整改进展"):
        services.issue_submit(actor=w.liaison_x, issue=issue)
    report_progress(w, issue)
    with pytest.raises(PermissionDenied):
        services.issue_submit(actor=w.liaison_a, issue=issue)
    issue = services.issue_submit(actor=w.liaison_x, issue=issue)
    assert issue.status == IssueStatus.PENDING_REVIEW


def test_withdraw_keeps_the_record_with_reason(w):
    issue = new_issue(w)
    with pytest.raises(ValidationError):
        services.issue_withdraw(actor=w.group_leader_x, issue=issue, reason="")
    with pytest.raises(PermissionDenied):
        services.issue_withdraw(actor=w.inspector_x, issue=issue, reason="重复登记")
    issue = services.issue_withdraw(actor=w.group_leader_x, issue=issue, reason="重复登记")
    assert issue.status == IssueStatus.WITHDRAWN and issue.withdrawn_reason == "重复登记"
    assert Issue.objects.filter(pk=issue.pk).exists()


def test_clue_lifecycle(w):
    clue = services.clue_create(
        actor=w.inspector_x,
        assignment=w.assignment_x,
        summary="反映某局长违规收受礼金",
        persons=[{"name": "王某", "post": "局长", "rank": "county"}],
    )
    assert clue.status == ClueStatus.DRAFT and clue.persons.get().name == "王某"
    with pytest.raises(PermissionDenied):
        services.clue_transfer(
            actor=w.inspector_x,
            clue=clue,
            recipient="discipline",
            transfer_date=dt.date(2026, 5, 1),
            letter_number="荆巡移〔2026〕1号",
        )
    with pytest.raises(ValidationError) as excinfo:
        services.clue_transfer(
            actor=w.group_leader_x,
            clue=clue,
            recipient="discipline",
            transfer_date=dt.date(2026, 5, 1),
            letter_number="",
        )
    assert "letter_number" in excinfo.value.message_dict
    clue = services.clue_transfer(
        actor=w.group_leader_x,
        clue=clue,
        recipient="discipline",
        recipient_body="市纪委监委",
        transfer_date=dt.date(2026, 5, 1),
        letter_number="荆巡移〔2026〕1号",
    )
    assert clue.status == ClueStatus.TRANSFERRED and clue.result_due == dt.date(2026, 8, 1)

    with pytest.raises(PermissionDenied):
        services.clue_record_outcome(actor=w.group_leader_x, clue=clue, disposal="case")
    with pytest.raises(PermissionDenied):
        services.clue_record_outcome(actor=w.clue_officer_b, clue=clue, disposal="case")
    clue = services.clue_record_outcome(
        actor=w.clue_officer,
        clue=clue,
        disposal="case",
        persons_accountable=3,
        persons_to_judiciary=1,
        loss_recovered_wan=Decimal("120.50"),
    )
    assert clue.status == ClueStatus.CONCLUDED and clue.loss_recovered_wan == Decimal("120.50")
    assert list(clue.events.values_list("action", flat=True)) == ["create", "transfer", "outcome"]
    with pytest.raises(TransitionError):
        services.clue_withdraw(actor=w.clue_officer, clue=clue, reason="x")


def test_clue_reads_are_logged(w):
    clues = [make_clue(w.assignment_x, w.inspector_x, n=n) for n in range(3)]
    assert services.clue_reads_log(user=w.clue_officer, clues=clues, via=ReadVia.API_LIST) == 3
    assert ClueRead.objects.filter(user=w.clue_officer, via=ReadVia.API_LIST).count() == 3


def test_evidence_disguised_executable_is_refused_and_nothing_written(w):
    issue = full_cycle_to_rectifying(w)
    fake = SimpleUploadedFile("报告.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100)
    with pytest.raises(ValidationError) as excinfo:
        rect.progress_create(actor=w.liaison_x, issue=issue, date=dt.date(2026, 6, 1), text="x", files=[fake])
    assert "类型不允许" in excinfo.value.message_dict["files"][0]
    assert not issue.progress.exists()
    renamed = SimpleUploadedFile("照片.png", PDF)
    with pytest.raises(ValidationError, match="扩展名与实际内容"):
        rect.progress_create(actor=w.liaison_x, issue=issue, date=dt.date(2026, 6, 1), text="x", files=[renamed])
