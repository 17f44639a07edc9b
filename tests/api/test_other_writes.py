"""Creates and actions on the other resources: each calls one service; the refusals keep the
one error shape."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from inspections.choices import IssueStatus
from inspections.models import Assignment, Issue, Round, Unit
from rectification.models import Evidence, Plan

from .conftest import PDF

pytestmark = pytest.mark.django_db

NOT_VISIBLE = ["不存在或无权访问。"]


# --- units, rounds, groups, assignments -------------------------------------------------------


def test_admin_registers_a_unit(w, api):
    body = {"office": w.county_a.pk, "name": "甲县财政局", "code": "A-F", "kind": "department"}
    response = api(w.admin).post("units/", body)
    assert response.status_code == 201, response.content
    assert response.json()["office_name"] == "甲县委巡察办"
    # a supervisor may not; a duplicate code is a conflict naming the field
    assert api(w.sup_a).post("units/", {**body, "code": "A-G"}).status_code == 403
    response = api(w.admin).post("units/", body)
    assert response.status_code == 409
    assert list(response.json()["errors"]) == ["code"]


def test_village_category_only_for_villages(w, api):
    body = {"office": w.county_a.pk, "name": "某局", "code": "A-H", "kind": "department", "village_category": "general"}
    response = api(w.admin).post("units/", body)
    assert response.status_code == 400
    assert response.json()["errors"]


def test_supervisor_plans_a_round(w, api):
    body = {
        "office": w.county_a.pk,
        "term": "十五届县委",
        "sequence": 4,
        "kind": "special",
        "theme": "乡村振兴专项",
        "planned_start": "2026-09-01",
        "planned_end": "2026-10-30",
    }
    response = api(w.sup_a).post("rounds/", body)
    assert response.status_code == 201, response.content
    assert response.json()["name"] == "十五届县委第4轮"
    assert response.json()["kind_display"] == "专项巡察"
    # another county's office reads as unknown; an inspector sees no office at all
    assert api(w.sup_a).post("rounds/", {**body, "office": w.county_b.pk}).json()["errors"] == {"office": NOT_VISIBLE}
    assert api(w.insp_x).post("rounds/", {**body, "sequence": 5}).json()["errors"] == {"office": NOT_VISIBLE}
    # the same sequence twice is refused by the model's unique constraint: a conflict
    response = api(w.sup_a).post("rounds/", body)
    assert response.status_code == 409
    # dates out of order
    response = api(w.sup_a).post("rounds/", {**body, "sequence": 6, "planned_end": "2026-08-01"})
    assert response.status_code == 400


def test_round_patch_and_put(w, api):
    response = api(w.sup_a).patch(f"rounds/{w.round_a.pk}/", {"theme": "新主题", "stage": "reporting"})
    assert response.status_code == 200, response.content
    assert (response.json()["theme"], response.json()["stage_display"]) == ("新主题", "报告")
    response = api(w.sup_a).put(f"rounds/{w.round_a.pk}/", {"theme": "只改主题"})
    assert response.status_code == 400
    assert {"term", "sequence", "kind", "planned_start", "planned_end"} <= set(response.json()["errors"])
    assert api(w.sup_b).patch(f"rounds/{w.round_a.pk}/", {"theme": "x"}).status_code == 404
    assert api(w.leader_x).patch(f"rounds/{w.round_a.pk}/", {"theme": "x"}).status_code == 403


def test_groups_and_assignments(w, api):
    response = api(w.sup_a).post("groups/", {"round": w.round_a.pk, "number": 3})
    assert response.status_code == 201, response.content
    group = response.json()
    assert group["name"] == "第三巡察组" and group["memberships"] == []
    unit = api(w.admin).post(
        "units/", {"office": w.county_a.pk, "name": "甲县教育局", "code": "A-E", "kind": "department"}
    )
    body = {"round": w.round_a.pk, "unit": unit.json()["id"], "group": group["id"], "entry_date": "2026-03-10"}
    response = api(w.sup_a).post("assignments/", body)
    assert response.status_code == 201, response.content
    assert response.json()["group_name"] == "第三巡察组"
    # a group of another round
    response = api(w.sup_city).post("assignments/", {**body, "round": w.round_b.pk, "group": w.group_x.pk})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["group"]
    # a unit outside the caller's scope
    response = api(w.sup_a).post("assignments/", {**body, "unit": w.unit_w.pk})
    assert response.json()["errors"] == {"unit": NOT_VISIBLE}


def test_points_and_reports(w, api):
    response = api(w.sup_a).post("secretary-points/", {"round": w.round_a.pk, "kind": "person", "content": "点某局长"})
    assert response.status_code == 201, response.content
    assert response.json()["kind_display"] == "点人"
    response = api(w.leader_x).post("secretary-points/", {"round": w.round_a.pk, "kind": "matter", "content": "某事"})
    assert response.status_code == 201  # the leader of one of the round's groups
    response = api(w.insp_x).post("secretary-points/", {"round": w.round_a.pk, "kind": "matter", "content": "某事"})
    assert response.status_code == 403
    response = api(w.sup_a).post("special-reports/", {"round": w.round_a.pk, "number": 2, "title": "专报二"})
    assert response.status_code == 201, response.content
    response = api(w.sup_a).post("special-reports/", {"round": w.round_a.pk, "number": 0, "title": ""})
    assert set(response.json()["errors"]) == {"number", "title"}


# --- rectification -------------------------------------------------------------------------


def test_feedback_moves_confirmed_issues(w, api):
    confirmed = Issue.objects.create(
        assignment=w.asg_v,
        code="A-V-002",
        title="待反馈问题",
        status=IssueStatus.CONFIRMED,
        found_on=dt.date(2026, 4, 1),
        category=w.child_category,
        office=w.county_a,
        round=w.round_a,
        unit=w.unit_v,
        group=w.group_y,
    )
    response = api(w.sup_a).post(
        "feedbacks/", {"assignment": w.asg_v.pk, "meeting_date": "2026-04-28", "leader_attendance": 2}
    )
    assert response.status_code == 201, response.content
    assert response.json()["unit_name"] == "甲县某村"
    confirmed.refresh_from_db()
    assert confirmed.status == IssueStatus.RECTIFYING and confirmed.deadline
    assert Assignment.objects.get(pk=w.asg_v.pk).feedback_date == dt.date(2026, 4, 28)
    # twice is an illegal transition; before exit is a field error
    assert api(w.sup_a).post("feedbacks/", {"assignment": w.asg_v.pk, "meeting_date": "2026-04-28"}).status_code == 409
    unit = Unit.objects.create(name="甲县水利局", code="A-W", kind="department", office=w.county_a)
    fresh = Assignment.objects.create(round=w.round_a, unit=unit, group=w.group_y, exit_date=dt.date(2026, 4, 20))
    response = api(w.sup_a).post("feedbacks/", {"assignment": fresh.pk, "meeting_date": "2026-04-01"})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["meeting_date"]


def test_plan_review_and_resubmission(w, api):
    response = api(w.liaison_u).post("plans/", {"assignment": w.asg_u.pk, "text": "第二版"})
    assert response.status_code == 409  # one is under review
    response = api(w.sup_a).post(f"plans/{w.plan_u.pk}/review/", {"approve": False})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["comment"]
    response = api(w.sup_a).post(f"plans/{w.plan_u.pk}/review/", {"approve": False, "comment": "措施不具体"})
    assert response.status_code == 200, response.content
    assert response.json()["status_display"] == "已退回"
    assert api(w.sup_a).post(f"plans/{w.plan_u.pk}/review/", {"approve": True}).status_code == 409
    assert api(w.liaison_u).post(f"plans/{w.plan_u.pk}/review/", {"approve": True}).status_code == 403
    assert api(w.sup_b).post(f"plans/{w.plan_u.pk}/review/", {"approve": True}).status_code == 404
    attachment = SimpleUploadedFile("方案.pdf", PDF, content_type="application/pdf")
    response = api(w.liaison_u).post(
        "plans/", {"assignment": w.asg_u.pk, "text": "第二版", "attachment": attachment}, format="multipart"
    )
    assert response.status_code == 201, response.content
    assert response.json()["version"] == 2 and response.json()["attachment"]
    assert Plan.objects.filter(assignment=w.asg_u).count() == 2


def test_measures_by_the_liaison(w, api):
    body = {
        "issue": w.i_yellow.pk,
        "content": "建立台账",
        "responsible_leader": "局长",
        "responsible_person": "科长",
        "kind": "deadline",
        "deadline": "2026-12-31",
    }
    response = api(w.liaison_u).post("measures/", body)
    assert response.status_code == 201, response.content
    assert response.json()["issue_code"] == "A-U-004"
    # a measure's deadline is the unit's plan: the issue's deadline moves only by an approved extension
    assert Issue.objects.get(pk=w.i_yellow.pk).deadline == w.i_yellow.deadline
    # a draft issue is not visible to the liaison
    assert api(w.liaison_u).post("measures/", {**body, "issue": w.i_draft.pk}).json()["errors"] == {
        "issue": NOT_VISIBLE
    }
    # a supervisor sees the issue but is not the unit's liaison
    assert api(w.sup_a).post("measures/", body).status_code == 403
    # a closed issue takes no measures
    assert api(w.liaison_u).post("measures/", {**body, "issue": w.i_closed.pk}).status_code == 409


def test_progress_with_evidence_files(w, api):
    files = [
        SimpleUploadedFile("照片.pdf", PDF, content_type="application/pdf"),
        SimpleUploadedFile("台账.pdf", PDF, content_type="application/pdf"),
    ]
    body = {"issue": w.i_yellow.pk, "date": "2026-06-01", "text": "已清退", "files": files}
    response = api(w.liaison_u).post("progress/", body, format="multipart")
    assert response.status_code == 201, response.content
    evidence = response.json()["evidence"]
    assert [item["original_name"] for item in evidence] == ["照片.pdf", "台账.pdf"]
    assert evidence[0]["content_type"] == "application/pdf"
    # a renamed text file is refused by its content, and nothing is written
    before = Evidence.objects.count()
    fake = SimpleUploadedFile("假的.pdf", b"just text", content_type="application/pdf")
    response = api(w.liaison_u).post("progress/", {**body, "files": [fake]}, format="multipart")
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["files"]
    assert Evidence.objects.count() == before


def test_evaluation(w, api):
    body = {
        "assignment": w.asg_u.pk,
        "template": w.template_a.pk,
        "scores": {"plan": 48, "effect": 46},
        "evaluated_on": "2026-08-01",
    }
    response = api(w.sup_a).post("evaluations/", body)
    assert response.status_code == 201, response.content
    assert (response.json()["total"], response.json()["grade_display"]) == ("94.0", "优秀")
    response = api(w.sup_a).post("evaluations/", {**body, "scores": {"plan": 48}})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["scores.effect"]
    # another county's template reads as unknown
    response = api(w.sup_a).post("evaluations/", {**body, "template": w.template_b.pk})
    assert response.json()["errors"] == {"template": NOT_VISIBLE}
    # an assignment that has had no feedback
    response = api(w.sup_a).post("evaluations/", {**body, "assignment": w.asg_v.pk})
    assert response.status_code == 409


def test_actions(w, api):
    body = {"unit": w.unit_u.pk, "kind": "interview", "reason": "delay", "date": "2026-08-01", "assignment": w.asg_u.pk}
    response = api(w.sup_a).post("actions/", body)
    assert response.status_code == 201, response.content
    assert (response.json()["kind_display"], response.json()["reason_display"]) == ("约谈", "拖延整改")
    assert api(w.liaison_u).post("actions/", body).status_code == 403
    response = api(w.sup_a).post("actions/", {**body, "assignment": w.asg_v.pk})
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["assignment"]
    assert api(w.sup_a).post("actions/", {**body, "unit": w.unit_w.pk}).json()["errors"] == {"unit": NOT_VISIBLE}


def test_read_only_resources_refuse_writes(w, api):
    for resource in ("offices", "reviews", "alerts", "stats"):
        assert api(w.admin).post(f"{resource}/", {}).status_code == 405
    assert api(w.admin).patch(f"units/{w.unit_u.pk}/", {"name": "x"}).status_code == 405
    assert Round.objects.filter(pk=w.round_a.pk).exists()
