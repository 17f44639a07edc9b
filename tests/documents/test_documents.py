"""Word documents: they open, carry the expected text, and respect the scope rules."""

import datetime as dt
import io

import docx
import pytest
from django.core.files.base import ContentFile

from documents import selectors as documents
from documents.choices import DocumentKind
from documents.models import DocumentTemplate
from inspections.choices import IssueStatus
from inspections.models import CluePerson, ClueRead
from rectification.models import Action
from tests.factories import make_clue, make_issue, make_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    w = make_world()
    w.assignment_x.feedback_date = dt.date(2026, 5, 15)
    w.assignment_x.plan_due = dt.date(2026, 6, 14)
    w.assignment_x.report_due = dt.date(2026, 7, 15)
    w.assignment_x.save()
    w.issue = make_issue(
        w.assignment_x, IssueStatus.RECTIFYING, n=1, title="违规发放津贴", deadline=dt.date(2026, 6, 1)
    )
    make_issue(w.assignment_x, IssueStatus.DRAFT, n=2, title="草稿不应出现")
    w.clue = make_clue(
        w.assignment_x,
        w.inspector_x,
        "transferred",
        n=1,
        recipient_body="市纪委监委",
        letter_number="荆巡移〔2026〕3号",
        result_due=dt.date(2026, 7, 25),
    )
    CluePerson.objects.create(clue=w.clue, name="王某", post="局长", rank="county")
    w.action = Action.objects.create(
        unit=w.unit_x, kind="interview", reason="delay", date=dt.date(2026, 7, 1), taken_by=w.supervisor
    )
    return w


def text_of(content: bytes) -> str:
    return "\n".join(p.text for p in docx.Document(io.BytesIO(content)).paragraphs)


def test_feedback_opinion_lists_findings_not_drafts(w):
    text = text_of(documents.feedback_opinion(w.assignment_x))
    assert "关于对市住建局的巡察反馈意见" in text
    assert "1. 【" in text and "违规发放津贴" in text and "草稿不应出现" not in text
    assert "2026年6月14日前报送整改方案" in text and "2026年7月15日前报送整改情况报告" in text


def test_clue_letter_and_supervision_notice(w):
    letter = text_of(documents.clue_transfer_letter(w.clue))
    assert "荆巡移〔2026〕3号" in letter and "市纪委监委：" in letter and "王某，局长（县处级）" in letter
    notice = text_of(documents.supervision_notice(w.action, user=w.supervisor))
    assert "整改督办通知书" in notice and "予以约谈" in notice and "拖延整改" in notice and w.issue.code in notice
    # The overdue issues are read through the scope rules: someone who may not see them gets none.
    assert w.issue.code not in text_of(documents.supervision_notice(w.action, user=w.supervisor_a))


def test_office_template_replaces_the_default(w):
    custom = docx.Document()
    custom.add_paragraph("自定义模板：{{ unit }}，共{{ issues|length }}个问题")
    buffer = io.BytesIO()
    custom.save(buffer)
    DocumentTemplate.objects.create(
        office=w.city, kind=DocumentKind.FEEDBACK, file=ContentFile(buffer.getvalue(), name="mine.docx")
    )
    assert text_of(documents.feedback_opinion(w.assignment_x)) == "自定义模板：市住建局，共1个问题"


def test_downloads_are_scoped_and_clue_reads_logged(w, client):
    client.force_login(w.supervisor_a)
    assert client.get(f"/documents/assignments/{w.assignment_x.pk}/feedback-opinion.docx").status_code == 404
    client.force_login(w.supervisor)
    response = client.get(f"/documents/assignments/{w.assignment_x.pk}/feedback-opinion.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "filename*=UTF-8''" in response["Content-Disposition"]
    # Supervisors never read clues; the clue officer does, and the read is logged.
    assert client.get(f"/documents/clues/{w.clue.pk}/transfer-letter.docx").status_code == 404
    client.force_login(w.clue_officer)
    assert client.get(f"/documents/clues/{w.clue.pk}/transfer-letter.docx").status_code == 200
    assert ClueRead.objects.filter(user=w.clue_officer, clue=w.clue).count() == 1
    client.force_login(w.liaison_a)
    assert client.get(f"/documents/actions/{w.action.pk}/supervision-notice.docx").status_code == 404
    client.force_login(w.liaison_x)
    assert client.get(f"/documents/actions/{w.action.pk}/supervision-notice.docx").status_code == 200


def test_liaison_reads_the_opinion_only_after_feedback_and_only_fed_back_issues(w, client):
    make_issue(w.assignment_x, IssueStatus.CONFIRMED, n=3, title="尚未反馈的问题")
    client.force_login(w.liaison_x)
    w.assignment_x.feedback_date = None
    w.assignment_x.save()
    assert client.get(f"/documents/assignments/{w.assignment_x.pk}/feedback-opinion.docx").status_code == 404
    w.assignment_x.feedback_date = dt.date(2026, 5, 15)
    w.assignment_x.save()
    response = client.get(f"/documents/assignments/{w.assignment_x.pk}/feedback-opinion.docx")
    text = text_of(response.content)
    assert "违规发放津贴" in text and "尚未反馈的问题" not in text
