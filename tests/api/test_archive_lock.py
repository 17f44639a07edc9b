"""Archived rounds are locked (立卷归档): every write to a round's records is refused with 409
``round_archived`` in the API and a readable message in the UI, until an admin reopens the round
with a reason; the reopen is an event in the audit trail, and archiving again locks again."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone

from audit.selectors import AuditFilter, audit_rows
from inspections.choices import IssueStatus, RoundStage
from inspections.models import Issue, Round, RoundEvent
from rectification.models import DeadlineExtension

from .conftest import PDF

pytestmark = pytest.mark.django_db

LOCKED = "round_archived"


def archive(w):
    Round.objects.filter(pk=w.round_a.pk).update(stage=RoundStage.CLOSED)


def later(days: int) -> str:
    return (timezone.localdate() + dt.timedelta(days=days)).isoformat()


def writes(w):
    """Every kind of write on round_a's records: (actor, method, path, body, format)."""
    pending = DeadlineExtension.objects.create(
        issue=w.i_far,
        requested_by=w.liaison_u,
        requested_deadline=timezone.localdate() + dt.timedelta(days=90),
        reason="客观原因",
    )
    issue_body = {
        "assignment": w.asg_u.pk,
        "category": w.child_category.pk,
        "title": "违规收受礼金",
        "how_found": "documents",
        "nature": "individual",
    }
    transfer = {
        "recipient": "discipline",
        "recipient_body": "县纪委监委",
        "transfer_date": "2026-05-01",
        "letter_number": "巡移〔2026〕3号",
    }
    measure = {
        "issue": w.i_yellow.pk,
        "content": "建立台账",
        "responsible_leader": "局长",
        "responsible_person": "科长",
        "kind": "deadline",
    }
    evaluation = {
        "assignment": w.asg_u.pk,
        "template": w.template_a.pk,
        "scores": {"plan": 48, "effect": 46},
        "evaluated_on": "2026-08-01",
    }
    action = {
        "unit": w.unit_u.pk,
        "kind": "interview",
        "reason": "delay",
        "date": "2026-08-01",
        "assignment": w.asg_u.pk,
    }
    return [
        ("issue create", w.insp_x, "post", "issues/", issue_body),
        ("issue update", w.leader_x, "patch", f"issues/{w.i_draft.pk}/", {"title": "新标题"}),
        ("issue review", w.deputy_x, "post", f"issues/{w.i_draft.pk}/review/", {}),
        ("issue confirm", w.leader_x, "post", f"issues/{w.i_draft.pk}/confirm/", {}),
        ("issue submit", w.liaison_u, "post", f"issues/{w.i_overdue.pk}/submit/", {}),
        ("issue withdraw", w.leader_x, "post", f"issues/{w.i_draft.pk}/withdraw/", {"reason": "重复"}),
        ("issue close", w.sup_a, "post", f"issues/{w.i_pending.pk}/close/", {}),
        ("issue return", w.sup_a, "post", f"issues/{w.i_pending.pk}/return/", {"comment": "佐证不足"}),
        ("issue long-term", w.sup_a, "post", f"issues/{w.i_pending.pk}/long-term/", {}),
        (
            "clue create",
            w.insp_x,
            "post",
            "clues/",
            {"assignment": w.asg_u.pk, "summary": "反映某科长", "persons": [{"name": "赵某", "rank": "township"}]},
        ),
        ("clue transfer", w.leader_x, "post", f"clues/{w.c_draft.pk}/transfer/", transfer),
        ("clue outcome", w.clue_officer, "post", f"clues/{w.c_transferred.pk}/outcome/", {"disposal": "case"}),
        ("clue withdraw", w.leader_x, "post", f"clues/{w.c_draft.pk}/withdraw/", {"reason": "重复"}),
        ("point", w.sup_a, "post", "secretary-points/", {"round": w.round_a.pk, "kind": "person", "content": "点"}),
        ("report", w.sup_a, "post", "special-reports/", {"round": w.round_a.pk, "number": 9, "title": "专报"}),
        ("group", w.sup_a, "post", "groups/", {"round": w.round_a.pk, "number": 3}),
        ("round edit", w.sup_a, "patch", f"rounds/{w.round_a.pk}/", {"theme": "改主题"}),
        ("round unarchive by stage", w.admin, "patch", f"rounds/{w.round_a.pk}/", {"stage": "rectification"}),
        ("feedback", w.sup_a, "post", "feedbacks/", {"assignment": w.asg_v.pk, "meeting_date": "2026-04-28"}),
        ("plan", w.liaison_u, "post", "plans/", {"assignment": w.asg_u.pk, "text": "第二版"}),
        ("plan review", w.sup_a, "post", f"plans/{w.plan_u.pk}/review/", {"approve": True}),
        ("measure", w.liaison_u, "post", "measures/", measure),
        (
            "progress",
            w.liaison_u,
            "post",
            "progress/",
            {"issue": w.i_yellow.pk, "date": "2026-06-01", "text": "已清退"},
        ),
        (
            "extension",
            w.liaison_u,
            "post",
            "extensions/",
            {"issue": w.i_green.pk, "requested_deadline": later(200), "reason": "客观原因"},
        ),
        ("extension decide", w.sup_a, "post", f"extensions/{pending.pk}/decide/", {"approve": True}),
        ("evaluation", w.sup_a, "post", "evaluations/", evaluation),
        ("action", w.sup_a, "post", "actions/", action),
    ]


def test_every_write_to_an_archived_round_is_409(w, api):
    cases = writes(w)
    archive(w)
    before = (Issue.objects.count(), list(Issue.objects.values_list("status", "version").order_by("pk")))
    for name, actor, method, path, body in cases:
        response = getattr(api(actor), method)(path, body)
        assert response.status_code == 409, (name, response.content)
        assert response.json()["code"] == LOCKED, name
        assert "立卷归档" in response.json()["detail"]
    assert (Issue.objects.count(), list(Issue.objects.values_list("status", "version").order_by("pk"))) == before
    # another round's records are not affected
    response = api(w.leader_z).post(f"clues/{w.c_w.pk}/withdraw/", {"reason": "重复"})
    assert response.status_code == 200, response.content


def test_progress_with_files_is_refused_and_nothing_is_stored(w, api):
    archive(w)
    body = {
        "issue": w.i_yellow.pk,
        "date": "2026-06-01",
        "text": "已清退",
        "files": [SimpleUploadedFile("照片.pdf", PDF, content_type="application/pdf")],
    }
    response = api(w.liaison_u).post("progress/", body, format="multipart")
    assert response.status_code == 409
    assert not w.i_yellow.progress.exists()


def test_reopen_lets_writes_through_and_is_audited(w, api):
    # archiving through the API is an event too
    response = api(w.sup_a).post(f"rounds/{w.round_a.pk}/archive/", {"comment": "资料已归档"})
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "closed"
    assert api(w.leader_x).patch(f"issues/{w.i_draft.pk}/", {"title": "新"}).status_code == 409
    # only an admin reopens, and only with a reason
    assert api(w.sup_a).post(f"rounds/{w.round_a.pk}/reopen/", {"reason": "补正"}).status_code == 403
    response = api(w.admin).post(f"rounds/{w.round_a.pk}/reopen/", {"reason": ""})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]
    response = api(w.admin).post(f"rounds/{w.round_a.pk}/reopen/", {"reason": "补正问题底稿错字"})
    assert response.status_code == 200, response.content
    assert response.json()["stage"] == "rectification"
    assert api(w.admin).post(f"rounds/{w.round_a.pk}/reopen/", {"reason": "再来"}).status_code == 409
    response = api(w.leader_x).patch(f"issues/{w.i_draft.pk}/", {"title": "改正后的标题"})
    assert response.status_code == 200, response.content
    # the events, with who and why, are in the audit trail
    events = list(RoundEvent.objects.filter(round=w.round_a).order_by("at", "id").values_list("action", "comment"))
    assert events == [("archive", "资料已归档"), ("unarchive", "补正问题底稿错字")]
    rows = audit_rows(AuditFilter(category="lifecycle", action="unarchive"), reader=w.admin)
    assert [(row.user, row.obj) for row in rows] == [("admin", str(w.round_a))]
    assert "补正问题底稿错字" in rows[0].detail
    # archiving again (here by the stage field) locks again
    response = api(w.sup_a).patch(f"rounds/{w.round_a.pk}/", {"stage": "closed"})
    assert response.status_code == 200, response.content
    assert RoundEvent.objects.filter(round=w.round_a, action="archive").count() == 2
    assert api(w.leader_x).patch(f"issues/{w.i_draft.pk}/", {"title": "再改"}).status_code == 409
    # the admin of another county does not see the round at all
    assert api(w.sup_b).post(f"rounds/{w.round_a.pk}/reopen/", {"reason": "x"}).status_code == 404


def ui(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_ui_shows_the_lock_and_the_reopen(w):
    archive(w)
    response = ui(w.leader_x).post(f"/issues/{w.i_draft.pk}/confirm/", {"comment": ""}, follow=True)
    assert "该轮巡察已立卷归档" in response.content.decode()
    assert Issue.objects.get(pk=w.i_draft.pk).status == IssueStatus.DRAFT
    page = ui(w.sup_a).get(f"/rounds/{w.round_a.pk}/").content.decode()
    assert "本轮已立卷归档" in page and 'name="reason"' not in page  # only an admin may reopen
    page = ui(w.admin).get(f"/rounds/{w.round_a.pk}/").content.decode()
    assert 'name="reason"' in page
    response = ui(w.admin).post(f"/rounds/{w.round_a.pk}/reopen/", {"reason": "补正"}, follow=True)
    assert "已重新开启" in response.content.decode()
    assert Round.objects.get(pk=w.round_a.pk).stage == RoundStage.RECTIFICATION
    response = ui(w.sup_a).post(f"/rounds/{w.round_a.pk}/archive/", follow=True)
    assert "已将" in response.content.decode()
    assert Round.objects.get(pk=w.round_a.pk).stage == RoundStage.CLOSED
