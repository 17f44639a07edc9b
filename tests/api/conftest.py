"""A small world for the API tests, built with the ORM: a city office with counties A and B,
one round per county, groups with members, assignments, issues in every status, clues, and one
row of every rectification model; one user per role and place.

    county A: round_a with group X (leader_x, deputy_x, insp_x) → unit U (asg_u)
                         and group Y (insp_y)                    → unit V (asg_v)
    county B: round_b with group Z (leader_z)                    → unit W (asg_w)
"""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, RoleAssignment, User
from alerts.models import Alert
from dashboard.models import Stat
from inspections.choices import ClueStatus, GroupRole, IssueStatus, PointKind, UnitKind, VillageCategory
from inspections.models import (
    Assignment,
    Clue,
    CluePerson,
    Group,
    GroupMembership,
    Issue,
    IssueCategory,
    Round,
    SecretaryPoint,
    SpecialReport,
    Unit,
)
from rectification.choices import (
    ActionKind,
    ActionReason,
    AlertKind,
    AlertLevel,
    Grade,
    MeasureKind,
    ReviewDecision,
    StatScope,
)
from rectification.models import (
    Action,
    Evaluation,
    EvaluationTemplate,
    Evidence,
    Feedback,
    Measure,
    Plan,
    Progress,
    Review,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def make_user(username: str, role: str | None = None, office: Office | None = None, unit: Unit | None = None) -> User:
    person = User.objects.create_user(username=username, password=f"pw-{username}-123", full_name=f"{username}名")
    if role:
        RoleAssignment.objects.create(user=person, office=office, role=role, unit=unit)
    return person


def make_issue(assignment: Assignment, status: str, code: str, **fields) -> Issue:
    fields.setdefault("title", f"问题 {code}")
    fields.setdefault("found_on", dt.date(2026, 3, 20))
    fields.setdefault("category", IssueCategory.objects.filter(parent__isnull=False).order_by("pk").first())
    issue = Issue(assignment=assignment, code=code, status=status, **fields)
    issue.copy_from_assignment()
    issue.save()
    return issue


def make_clue(assignment: Assignment, author: User, status: str, code: str, persons=("张某",)) -> Clue:
    extra = {}
    if status in (ClueStatus.TRANSFERRED, ClueStatus.CONCLUDED):
        extra = {"recipient": "discipline", "transfer_date": dt.date(2026, 4, 25), "letter_number": "巡移〔2026〕1号"}
    clue = Clue(
        assignment=assignment, code=code, summary=f"反映{persons[0]}问题", status=status, created_by=author, **extra
    )
    clue.copy_from_assignment()
    clue.save()
    CluePerson.objects.bulk_create(CluePerson(clue=clue, name=name, post="科长") for name in persons)
    return clue


def make_progress(issue: Issue, author: User, files: int = 1) -> Progress:
    progress = Progress.objects.create(issue=issue, date=dt.date(2026, 5, 10), text="已整改", submitted_by=author)
    for n in range(files):
        Evidence.objects.create(
            progress=progress,
            file=ContentFile(PDF, name=f"evidence-{n}.pdf"),
            original_name=f"佐证{n}.pdf",
            content_type="application/pdf",
            size=len(PDF),
            sha256=hashlib.sha256(PDF).hexdigest(),
        )
    return progress


TEMPLATE_ITEMS = [
    {"code": "plan", "label": "审方案", "group": "review", "max_score": 50},
    {"code": "effect", "label": "评效果", "group": "evaluate", "max_score": 50},
]


def build_world() -> SimpleNamespace:
    w = SimpleNamespace()
    w.city = Office.objects.create(name="测试市委巡察办", level=OfficeLevel.CITY)
    w.county_a = Office.objects.create(name="甲县委巡察办", level=OfficeLevel.COUNTY, parent=w.city)
    w.county_b = Office.objects.create(name="乙县委巡察办", level=OfficeLevel.COUNTY, parent=w.city)

    w.unit_u = Unit.objects.create(name="甲县住建局", code="A-U", kind=UnitKind.DEPARTMENT, office=w.county_a)
    w.unit_v = Unit.objects.create(
        name="甲县某村",
        code="A-V",
        kind=UnitKind.VILLAGE,
        village_category=VillageCategory.GENERAL,
        office=w.county_a,
    )
    w.unit_w = Unit.objects.create(name="乙县某镇", code="B-W", kind=UnitKind.TOWNSHIP, office=w.county_b)

    w.admin = make_user("admin", Role.ADMIN, w.city)
    w.sup_city = make_user("sup_city", Role.SUPERVISOR, w.city)
    w.sup_a = make_user("sup_a", Role.SUPERVISOR, w.county_a)
    w.sup_b = make_user("sup_b", Role.SUPERVISOR, w.county_b)
    w.leader = make_user("leader", Role.LEADER, w.city)
    w.clue_officer = make_user("clue_officer", Role.CLUE_OFFICER, w.county_a)
    w.liaison_u = make_user("liaison_u", Role.LIAISON, w.county_a, unit=w.unit_u)
    w.leader_x = make_user("leader_x", Role.INSPECTOR, w.county_a)
    w.deputy_x = make_user("deputy_x", Role.INSPECTOR, w.county_a)
    w.insp_x = make_user("insp_x", Role.INSPECTOR, w.county_a)
    w.insp_y = make_user("insp_y", Role.INSPECTOR, w.county_a)
    w.leader_z = make_user("leader_z", Role.INSPECTOR, w.county_b)
    w.nobody = make_user("nobody")

    w.round_a = Round.objects.create(
        office=w.county_a,
        term="十五届县委",
        sequence=3,
        theme="常规巡察",
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 5, 1),
        stage="on_site",
    )
    w.round_b = Round.objects.create(
        office=w.county_b,
        term="十四届区委",
        sequence=1,
        planned_start=dt.date(2026, 3, 1),
        planned_end=dt.date(2026, 5, 1),
    )
    w.group_x = Group.objects.create(round=w.round_a, number=1)
    w.group_y = Group.objects.create(round=w.round_a, number=2)
    w.group_z = Group.objects.create(round=w.round_b, number=1)
    for group, person, role in (
        (w.group_x, w.leader_x, GroupRole.LEADER),
        (w.group_x, w.deputy_x, GroupRole.DEPUTY),
        (w.group_x, w.insp_x, GroupRole.MEMBER),
        (w.group_y, w.insp_y, GroupRole.MEMBER),
        (w.group_z, w.leader_z, GroupRole.LEADER),
    ):
        GroupMembership.objects.create(group=group, user=person, role=role)

    dates = {"entry_date": dt.date(2026, 3, 10), "exit_date": dt.date(2026, 4, 20)}
    w.asg_u = Assignment.objects.create(round=w.round_a, unit=w.unit_u, group=w.group_x, **dates)
    w.asg_v = Assignment.objects.create(round=w.round_a, unit=w.unit_v, group=w.group_y, **dates)
    w.asg_w = Assignment.objects.create(round=w.round_b, unit=w.unit_w, group=w.group_z, **dates)

    t = today()
    w.parent_category = IssueCategory.objects.filter(parent__isnull=True).order_by("sort").first()
    w.child_category = w.parent_category.children.order_by("sort").first()
    w.other_category = IssueCategory.objects.filter(parent__isnull=False).exclude(parent=w.parent_category).first()

    w.i_draft = make_issue(w.asg_u, IssueStatus.DRAFT, "A-U-001", title="违规发放津贴补贴")
    w.i_confirmed = make_issue(w.asg_u, IssueStatus.CONFIRMED, "A-U-002", category=w.other_category)
    w.i_overdue = make_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-003", deadline=t - dt.timedelta(days=3))
    w.i_yellow = make_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-004", deadline=t + dt.timedelta(days=5))
    w.i_green = make_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-005", deadline=t + dt.timedelta(days=15))
    w.i_far = make_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-006", deadline=t + dt.timedelta(days=60))
    w.i_pending = make_issue(w.asg_u, IssueStatus.PENDING_REVIEW, "A-U-007", deadline=t - dt.timedelta(days=1))
    w.i_closed = make_issue(w.asg_u, IssueStatus.CLOSED, "A-U-008", deadline=t - dt.timedelta(days=30))
    w.i_v = make_issue(
        w.asg_v, IssueStatus.RECTIFYING, "A-V-001", deadline=t - dt.timedelta(days=1), found_on=dt.date(2026, 4, 2)
    )
    w.i_w = make_issue(w.asg_w, IssueStatus.RECTIFYING, "B-W-001", deadline=t - dt.timedelta(days=1))

    w.c_draft = make_clue(w.asg_u, w.insp_x, ClueStatus.DRAFT, "XS-A-U-001", persons=("张某", "李某"))
    w.c_transferred = make_clue(w.asg_u, w.leader_x, ClueStatus.TRANSFERRED, "XS-A-U-002", persons=("王某",))
    w.c_v = make_clue(w.asg_v, w.insp_y, ClueStatus.DRAFT, "XS-A-V-001")
    w.c_w = make_clue(w.asg_w, w.leader_z, ClueStatus.DRAFT, "XS-B-W-001")

    w.feedback_u = Feedback.objects.create(assignment=w.asg_u, meeting_date=dt.date(2026, 4, 25), recorded_by=w.sup_a)
    w.feedback_w = Feedback.objects.create(assignment=w.asg_w, meeting_date=dt.date(2026, 4, 25), recorded_by=w.sup_b)
    Assignment.objects.filter(pk__in=[w.asg_u.pk, w.asg_w.pk]).update(feedback_date=dt.date(2026, 4, 25))
    w.plan_u = Plan.objects.create(assignment=w.asg_u, text="整改方案", submitted_by=w.liaison_u)
    w.plan_w = Plan.objects.create(assignment=w.asg_w, text="整改方案", submitted_by=w.sup_b)
    w.measure_u = Measure.objects.create(
        issue=w.i_overdue,
        content="清退津贴",
        responsible_leader="局长",
        responsible_person="科长",
        kind=MeasureKind.DEADLINE,
        created_by=w.liaison_u,
    )
    w.measure_w = Measure.objects.create(
        issue=w.i_w, content="整改", responsible_leader="镇长", responsible_person="主任", created_by=w.sup_b
    )
    w.progress_u = make_progress(w.i_overdue, w.liaison_u)
    w.progress_w = make_progress(w.i_w, w.sup_b)
    w.review_u = Review.objects.create(issue=w.i_closed, reviewer=w.sup_a, decision=ReviewDecision.CLOSE, corrected=1)
    w.review_w = Review.objects.create(issue=w.i_w, reviewer=w.sup_b, decision=ReviewDecision.RETURN, comment="不实")
    w.template_a = EvaluationTemplate.objects.create(office=w.county_a, name="五审三评", items=TEMPLATE_ITEMS)
    w.template_b = EvaluationTemplate.objects.create(office=w.county_b, name="乙县评估", items=TEMPLATE_ITEMS)
    w.evaluation_u = Evaluation.objects.create(
        assignment=w.asg_u,
        template=w.template_a,
        scores={"plan": 45, "effect": 45},
        total=Decimal("90"),
        grade=Grade.EXCELLENT,
        evaluated_on=dt.date(2026, 7, 1),
        evaluated_by=w.sup_a,
    )
    w.evaluation_w = Evaluation.objects.create(
        assignment=w.asg_w,
        template=w.template_b,
        scores={"plan": 40, "effect": 40},
        total=Decimal("80"),
        grade=Grade.PASS,
        evaluated_on=dt.date(2026, 7, 1),
        evaluated_by=w.sup_b,
    )
    w.action_u = Action.objects.create(
        unit=w.unit_u, kind=ActionKind.REMINDER, reason=ActionReason.DELAY, date=t, taken_by=w.sup_a
    )
    w.action_w = Action.objects.create(
        unit=w.unit_w, kind=ActionKind.INTERVIEW, reason=ActionReason.INEFFECTIVE, date=t, taken_by=w.sup_b
    )
    w.alert_u = Alert.objects.create(
        kind=AlertKind.ISSUE_DEADLINE,
        level=AlertLevel.RED,
        issue=w.i_overdue,
        office=w.county_a,
        unit=w.unit_u,
        due=w.i_overdue.deadline,
    )
    w.alert_clue = Alert.objects.create(
        kind=AlertKind.CLUE_RESULT,
        level=AlertLevel.YELLOW,
        clue=w.c_transferred,
        office=w.county_a,
        unit=w.unit_u,
        due=t + dt.timedelta(days=5),
    )
    w.alert_w = Alert.objects.create(
        kind=AlertKind.ISSUE_DEADLINE, level=AlertLevel.RED, issue=w.i_w, office=w.county_b, unit=w.unit_w, due=t
    )
    w.stat_a = Stat.objects.create(
        scope=StatScope.OFFICE, scope_id=w.county_a.pk, office=w.county_a, day=t, issues_fed_back=8, issues_closed=2
    )
    w.stat_b = Stat.objects.create(scope=StatScope.OFFICE, scope_id=w.county_b.pk, office=w.county_b, day=t)
    w.point_a = SecretaryPoint.objects.create(
        round=w.round_a, kind=PointKind.MATTER, content="关注工程建设", created_by=w.sup_a
    )
    w.point_b = SecretaryPoint.objects.create(
        round=w.round_b, kind=PointKind.PERSON, content="点人", created_by=w.sup_b
    )
    w.report_a = SpecialReport.objects.create(round=w.round_a, number=1, title="专报一", created_by=w.sup_a)
    w.report_b = SpecialReport.objects.create(round=w.round_b, number=1, title="专报乙", created_by=w.sup_b)
    return w


@pytest.fixture
def w(db):
    return build_world()


class Api:
    """An API client acting as one user (force-authenticated; token auth has its own tests)."""

    def __init__(self, user: User | None):
        self.client = APIClient()
        if user is not None:
            # A fresh user object, so that cached scope grants never leak between clients.
            self.client.force_authenticate(User.objects.get(pk=user.pk))

    def get(self, path: str, params=None):
        return self.client.get(f"/api/v1/{path}", params or {})

    def post(self, path: str, data=None, **kwargs):
        kwargs.setdefault("format", "json")
        return self.client.post(f"/api/v1/{path}", data or {}, **kwargs)

    def patch(self, path: str, data=None):
        return self.client.patch(f"/api/v1/{path}", data or {}, format="json")

    def put(self, path: str, data=None):
        return self.client.put(f"/api/v1/{path}", data or {}, format="json")

    def delete(self, path: str):
        return self.client.delete(f"/api/v1/{path}")

    def ids(self, path: str, params=None) -> list[int]:
        response = self.get(path.rstrip("/") + "/", {"page_size": 200, **(params or {})})
        assert response.status_code == 200, response.content
        return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def api():
    return Api


def token_client(user: User) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client
