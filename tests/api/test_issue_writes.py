"""Writes on issues through the API: input parsed, one service called, result rendered; the
refusals come back as 400 (field errors), 403 (role), 404 (scope) and 409 (state, version)."""

import pytest

from inspections.choices import IssueStatus
from inspections.models import Issue, IssueEvent
from rectification.models import Review

pytestmark = pytest.mark.django_db

NOT_VISIBLE = ["不存在或无权访问。"]


def new_issue(w, **overrides):
    return {
        "assignment": w.asg_u.pk,
        "category": w.child_category.pk,
        "title": "违规收受礼金",
        "facts": "2025年春节期间…",
        "basis": "中央八项规定精神",
        "how_found": "documents",
        "nature": "individual",
        **overrides,
    }


def test_inspector_creates_a_draft(w, api):
    response = api(w.insp_x).post("issues/", new_issue(w))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft" and body["status_display"] == "草稿"
    assert body["case_officer"] == w.insp_x.pk
    assert body["unit"] == w.unit_u.pk and body["office"] == w.county_a.pk
    assert body["code"] and body["events"][0]["action"] == "create"
    assert Issue.objects.filter(pk=body["id"], title="违规收受礼金").exists()


def test_bad_input_names_the_fields(w, api):
    response = api(w.insp_x).post("issues/", new_issue(w, title="", how_found="guess", immediate="maybe"))
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid"
    assert body["detail"] == "提交的数据有误，请检查标出的字段。"
    assert set(body["errors"]) == {"title", "how_found", "immediate"}
    assert all(isinstance(message, str) for messages in body["errors"].values() for message in messages)


def test_assignment_outside_scope_reads_as_unknown(w, api):
    # another county's assignment, another group's assignment, and an id that does not exist:
    # 404 as for an unseen id in a path, naming the field
    for assignment in (w.asg_w.pk, w.asg_v.pk, 999999):
        response = api(w.insp_x).post("issues/", new_issue(w, assignment=assignment))
        assert response.status_code == 404
        assert response.json()["errors"] == {"assignment": NOT_VISIBLE}


def test_wrong_role_in_scope_is_403_with_message(w, api):
    # a supervisor sees the assignment but is not in its group
    response = api(w.sup_a).post("issues/", new_issue(w))
    assert response.status_code == 403
    assert response.json() == {"detail": "只有本巡察组的组长、副组长、组员可以登记问题。", "code": "permission_denied"}


def test_confirm_by_the_group_leader(w, api):
    response = api(w.leader_x).post(f"issues/{w.i_draft.pk}/confirm/", {"comment": "属实", "version": 1})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "confirmed"
    assert response.json()["version"] == 2
    event = IssueEvent.objects.get(issue=w.i_draft, action="confirm")
    assert (event.actor, event.comment) == (w.leader_x, "属实")


def test_confirm_by_a_member_is_403(w, api):
    response = api(w.insp_x).post(f"issues/{w.i_draft.pk}/confirm/")
    assert response.status_code == 403
    assert response.json()["detail"] == "只有本巡察组的组长可以确认问题。"
    assert Issue.objects.get(pk=w.i_draft.pk).status == IssueStatus.DRAFT


def test_action_outside_scope_is_404(w, api):
    assert api(w.insp_y).post(f"issues/{w.i_draft.pk}/confirm/").status_code == 404
    assert api(w.sup_b).post(f"issues/{w.i_pending.pk}/close/").status_code == 404
    assert api(w.liaison_u).post(f"issues/{w.i_draft.pk}/withdraw/", {"reason": "x"}).status_code == 404


def test_illegal_transition_is_409(w, api):
    response = api(w.leader_x).post(f"issues/{w.i_closed.pk}/confirm/")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "illegal_transition"
    assert "已销号" in body["detail"]


def test_stale_version_is_409(w, api):
    response = api(w.leader_x).post(f"issues/{w.i_draft.pk}/confirm/", {"version": 7})
    assert response.status_code == 409
    assert response.json()["code"] == "changed_by_someone_else"


def test_review_by_the_deputy(w, api):
    response = api(w.deputy_x).post(f"issues/{w.i_draft.pk}/review/", {"comment": "可以"})
    assert response.status_code == 200, response.content
    assert response.json()["deputy_reviewer"] == w.deputy_x.pk
    assert response.json()["reviewed_at"]


def test_close_records_the_review(w, api):
    body = {"comment": "整改到位", "corrected": 2, "funds_refunded_wan": "12.50", "rules_made": 1}
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/close/", body)
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "closed" and response.json()["closed_at"]
    review = Review.objects.get(issue=w.i_pending)
    assert (review.decision, review.corrected, str(review.funds_refunded_wan)) == ("close", 2, "12.50")
    listed = api(w.sup_a).ids("reviews/", {"issue": w.i_pending.pk})
    assert listed == [review.pk]


def test_close_with_negative_money_is_400(w, api):
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/close/", {"funds_refunded_wan": "-1"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"funds_refunded_wan"}


def test_close_by_an_inspector_is_403(w, api):
    response = api(w.leader_x).post(f"issues/{w.i_pending.pk}/close/")
    assert response.status_code == 403
    assert "审核销号" in response.json()["detail"]


def test_return_needs_a_comment(w, api):
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/return/", {})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["comment"]
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/return/", {"comment": "佐证不足"})
    assert response.status_code == 200
    assert response.json()["status"] == "rectifying"


def test_long_term(w, api):
    response = api(w.sup_a).post(f"issues/{w.i_pending.pk}/long-term/", {"comment": "需长期坚持"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "long_term"
    assert response.json()["next_progress_due"]


def test_submit_by_the_liaison(w, api):
    # i_overdue has a progress entry; i_yellow has none
    response = api(w.liaison_u).post(f"issues/{w.i_overdue.pk}/submit/", {"comment": "已完成"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "pending_review"
    response = api(w.liaison_u).post(f"issues/{w.i_yellow.pk}/submit/")
    assert response.status_code == 400
    assert response.json()["code"] == "no_progress"


def test_withdraw_needs_a_reason(w, api):
    response = api(w.leader_x).post(f"issues/{w.i_draft.pk}/withdraw/", {"reason": ""})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["reason"]
    response = api(w.leader_x).post(f"issues/{w.i_draft.pk}/withdraw/", {"reason": "重复登记"})
    assert response.status_code == 200
    assert response.json()["status"] == "withdrawn"
    assert response.json()["withdrawn_reason"] == "重复登记"


def test_patch_a_draft(w, api):
    Issue.objects.filter(pk=w.i_draft.pk).update(case_officer=w.insp_x)
    response = api(w.insp_x).patch(f"issues/{w.i_draft.pk}/", {"title": "新标题", "immediate": True})
    assert response.status_code == 200, response.content
    assert (response.json()["title"], response.json()["immediate"]) == ("新标题", True)
    # a member who is not the case officer may not
    Issue.objects.filter(pk=w.i_draft.pk).update(case_officer=w.deputy_x)
    assert api(w.insp_x).patch(f"issues/{w.i_draft.pk}/", {"title": "x"}).status_code == 403


def test_put_needs_the_required_fields(w, api):
    response = api(w.leader_x).put(f"issues/{w.i_draft.pk}/", {"title": "只有标题"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"category", "how_found", "nature"}


def test_patch_a_confirmed_issue_is_409(w, api):
    response = api(w.leader_x).patch(f"issues/{w.i_confirmed.pk}/", {"title": "改"})
    assert response.status_code == 409


def test_patch_with_a_category_outside_scope(w, api):
    from accounts.models import Office
    from inspections.models import IssueCategory

    private = IssueCategory.objects.create(name="乙县专有类别", office=Office.objects.get(pk=w.county_b.pk))
    response = api(w.leader_x).patch(f"issues/{w.i_draft.pk}/", {"category": private.pk})
    assert response.status_code == 404
    assert response.json()["errors"] == {"category": NOT_VISIBLE}


def test_token_auth(w):
    from rest_framework.test import APIClient

    anonymous = APIClient()
    response = anonymous.post("/api/v1/auth/token/", {"username": "sup_a", "password": "pw-sup_a-123"}, format="json")
    assert response.status_code == 200
    token = response.json()["token"]
    authed = APIClient()
    authed.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert authed.get("/api/v1/issues/").json()["count"] == 9
    authed.credentials(HTTP_AUTHORIZATION="Token wrong")
    response = authed.get("/api/v1/issues/")
    assert response.status_code == 401
    assert response.json()["code"] == "authentication_failed"
    response = anonymous.post("/api/v1/auth/token/", {"username": "sup_a", "password": "nope"}, format="json")
    assert response.status_code == 400
    assert "errors" in response.json()
