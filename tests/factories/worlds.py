"""The two small worlds the tests start from, built with the factories (no services), so that
the services under test start from known rows; and the short helpers many tests call to add an
issue, a clue, a round, a group or an assignment to them."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from types import SimpleNamespace

from django.utils import timezone

from accounts.choices import OfficeLevel, Role
from accounts.models import Office, User
from inspections.choices import ClueStatus, GroupRole, IssueStatus, PointKind, UnitKind, VillageCategory
from inspections.models import Assignment, Clue, Group, Issue, IssueCategory, Round, Unit
from rectification.choices import ActionKind, ActionReason, Grade, MeasureKind, ReviewDecision

from .accounts import OfficeFactory, user
from .base import FEEDBACK
from .inspections import (
    AssignmentFactory,
    ClueFactory,
    GroupFactory,
    GroupMembershipFactory,
    IssueFactory,
    RoundFactory,
    SecretaryPointFactory,
    SpecialReportFactory,
    UnitFactory,
)
from .rectification import (
    ActionFactory,
    EvaluationFactory,
    EvaluationTemplateFactory,
    FeedbackFactory,
    MeasureFactory,
    PlanFactory,
    ProgressFactory,
    ReviewFactory,
)
from .reporting import AlertFactory, StatFactory

# --- helpers of the domain world ---------------------------------------------------------------


def make_round(office: Office, sequence: int) -> Round:
    return RoundFactory(office=office, sequence=sequence, stage="on_site")


def make_group(round_: Round, number: int, **members: User) -> Group:
    """``make_group(r, 1, leader=a, deputy=b, member=c, member2=d)``: a trailing digit lets a role repeat."""
    return GroupFactory(
        round=round_, number=number, members=[(person, role.rstrip("0123456789")) for role, person in members.items()]
    )


def make_assignment(round_: Round, unit: Unit, group: Group) -> Assignment:
    return AssignmentFactory(round=round_, unit=unit, group=group)


def make_issue(assignment: Assignment, status: str = IssueStatus.DRAFT, n: int = 1, **fields) -> Issue:
    fields.setdefault("title", f"问题{n}")
    return IssueFactory(assignment=assignment, code=f"T-{assignment.pk}-{n:03d}-{status}", status=status, **fields)


def make_clue(assignment: Assignment, author: User, status: str = ClueStatus.DRAFT, n: int = 1, **fields) -> Clue:
    return ClueFactory(
        assignment=assignment, code=f"XS-{assignment.pk}-{n:03d}-{status}", status=status, created_by=author, **fields
    )


def make_world() -> SimpleNamespace:
    """City office with counties A and B; city round with groups X and Y; a county-A round.

    Passwords are ``pw-<username>``; ``leaf_category()`` is the issues' category.
    """
    w = SimpleNamespace()
    w.city = OfficeFactory(name="测试市委巡察办", level=OfficeLevel.CITY)
    w.county_a = OfficeFactory(name="甲县委巡察办", parent=w.city)
    w.county_b = OfficeFactory(name="乙县委巡察办", parent=w.city)

    w.unit_x = UnitFactory(name="市住建局", code="U-X", kind=UnitKind.DEPARTMENT, office=w.city)
    w.unit_y = UnitFactory(name="市发改委", code="U-Y", kind=UnitKind.DEPARTMENT, office=w.city)
    w.unit_a = UnitFactory(name="甲县某镇", code="U-A", kind=UnitKind.TOWNSHIP, office=w.county_a)
    w.unit_b = UnitFactory(name="乙县某镇", code="U-B", kind=UnitKind.TOWNSHIP, office=w.county_b)

    w.admin = user("t_admin", Role.ADMIN, w.city)
    w.supervisor = user("t_supervisor", Role.SUPERVISOR, w.city)
    w.supervisor_a = user("t_supervisor_a", Role.SUPERVISOR, w.county_a)
    w.supervisor_b = user("t_supervisor_b", Role.SUPERVISOR, w.county_b)
    w.clue_officer = user("t_clue_officer", Role.CLUE_OFFICER, w.city)
    w.clue_officer_b = user("t_clue_officer_b", Role.CLUE_OFFICER, w.county_b)
    w.leader = user("t_leader", Role.LEADER, w.city)
    w.liaison_x = user("t_liaison_x", Role.LIAISON, w.city, unit=w.unit_x)
    w.liaison_a = user("t_liaison_a", Role.LIAISON, w.county_a, unit=w.unit_a)
    w.group_leader_x = user("t_group_leader_x", Role.INSPECTOR, w.city)
    w.deputy_x = user("t_deputy_x", Role.INSPECTOR, w.city)
    w.inspector_x = user("t_inspector_x", Role.INSPECTOR, w.city)
    w.inspector_y = user("t_inspector_y", Role.INSPECTOR, w.city)
    w.inspector_a = user("t_inspector_a", Role.INSPECTOR, w.county_a)
    w.nobody = user("t_nobody")

    w.round = make_round(w.city, 1)
    w.group_x = make_group(
        w.round, 1, **{GroupRole.LEADER: w.group_leader_x, GroupRole.DEPUTY: w.deputy_x, "member": w.inspector_x}
    )
    w.group_y = make_group(w.round, 2, **{GroupRole.LEADER: w.inspector_y})
    w.assignment_x = make_assignment(w.round, w.unit_x, w.group_x)
    w.assignment_y = make_assignment(w.round, w.unit_y, w.group_y)

    w.round_a = make_round(w.county_a, 1)
    w.group_a = make_group(w.round_a, 1, **{GroupRole.LEADER: w.inspector_a})
    w.assignment_a = make_assignment(w.round_a, w.unit_a, w.group_a)
    return w


# --- the API world ---------------------------------------------------------------------------------


def api_user(username: str, role: str | None = None, office: Office | None = None, unit: Unit | None = None) -> User:
    """A person of the API world: full name ``<username>名``, password ``pw-<username>-123``."""
    return user(username, role, office, unit, full_name=f"{username}名", raw_password=f"pw-{username}-123")


def api_issue(assignment: Assignment, status: str, code: str, **fields) -> Issue:
    return IssueFactory(assignment=assignment, status=status, code=code, **fields)


def api_clue(assignment: Assignment, author: User, status: str, code: str, persons=("张某",)) -> Clue:
    """A clue about ``persons`` (科长 each); a transferred one went with letter 巡移〔2026〕1号."""
    extra = {"letter_number": "巡移〔2026〕1号"} if status in (ClueStatus.TRANSFERRED, ClueStatus.CONCLUDED) else {}
    return ClueFactory(
        assignment=assignment,
        code=code,
        summary=f"反映{persons[0]}问题",
        status=status,
        created_by=author,
        persons=persons,
        **extra,
    )


def make_api_world() -> SimpleNamespace:
    """The API tests' world: a city office with counties A and B, one round per county, groups with
    members, assignments, issues in every status, clues, and one row of every rectification model;
    one user per role and place.

        county A: round_a with group X (leader_x, deputy_x, insp_x) → unit U (asg_u)
                             and group Y (insp_y)                    → unit V (asg_v)
        county B: round_b with group Z (leader_z)                    → unit W (asg_w)
    """
    w = SimpleNamespace()
    w.city = OfficeFactory(name="测试市委巡察办", level=OfficeLevel.CITY)
    w.county_a = OfficeFactory(name="甲县委巡察办", parent=w.city)
    w.county_b = OfficeFactory(name="乙县委巡察办", parent=w.city)

    w.unit_u = UnitFactory(name="甲县住建局", code="A-U", kind=UnitKind.DEPARTMENT, office=w.county_a)
    w.unit_v = UnitFactory(
        name="甲县某村", code="A-V", kind=UnitKind.VILLAGE, village_category=VillageCategory.GENERAL, office=w.county_a
    )
    w.unit_w = UnitFactory(name="乙县某镇", code="B-W", kind=UnitKind.TOWNSHIP, office=w.county_b)

    w.admin = api_user("admin", Role.ADMIN, w.city)
    w.sup_city = api_user("sup_city", Role.SUPERVISOR, w.city)
    w.sup_a = api_user("sup_a", Role.SUPERVISOR, w.county_a)
    w.sup_b = api_user("sup_b", Role.SUPERVISOR, w.county_b)
    w.leader = api_user("leader", Role.LEADER, w.city)
    w.clue_officer = api_user("clue_officer", Role.CLUE_OFFICER, w.county_a)
    w.liaison_u = api_user("liaison_u", Role.LIAISON, w.county_a, unit=w.unit_u)
    w.leader_x = api_user("leader_x", Role.INSPECTOR, w.county_a)
    w.deputy_x = api_user("deputy_x", Role.INSPECTOR, w.county_a)
    w.insp_x = api_user("insp_x", Role.INSPECTOR, w.county_a)
    w.insp_y = api_user("insp_y", Role.INSPECTOR, w.county_a)
    w.leader_z = api_user("leader_z", Role.INSPECTOR, w.county_b)
    w.nobody = api_user("nobody")

    w.round_a = RoundFactory(office=w.county_a, term="十五届县委", sequence=3, theme="常规巡察", stage="on_site")
    w.round_b = RoundFactory(office=w.county_b, term="十四届区委", sequence=1)
    w.group_x = GroupFactory(round=w.round_a, number=1)
    w.group_y = GroupFactory(round=w.round_a, number=2)
    w.group_z = GroupFactory(round=w.round_b, number=1)
    for group, person, role in (
        (w.group_x, w.leader_x, GroupRole.LEADER),
        (w.group_x, w.deputy_x, GroupRole.DEPUTY),
        (w.group_x, w.insp_x, GroupRole.MEMBER),
        (w.group_y, w.insp_y, GroupRole.MEMBER),
        (w.group_z, w.leader_z, GroupRole.LEADER),
    ):
        GroupMembershipFactory(group=group, user=person, role=role)

    w.asg_u = AssignmentFactory(round=w.round_a, unit=w.unit_u, group=w.group_x)
    w.asg_v = AssignmentFactory(round=w.round_a, unit=w.unit_v, group=w.group_y)
    w.asg_w = AssignmentFactory(round=w.round_b, unit=w.unit_w, group=w.group_z)

    t = timezone.localdate()
    days = dt.timedelta
    w.parent_category = IssueCategory.objects.filter(parent__isnull=True).order_by("sort").first()
    w.child_category = w.parent_category.children.order_by("sort").first()
    w.other_category = IssueCategory.objects.filter(parent__isnull=False).exclude(parent=w.parent_category).first()

    w.i_draft = api_issue(w.asg_u, IssueStatus.DRAFT, "A-U-001", title="违规发放津贴补贴")
    w.i_confirmed = api_issue(w.asg_u, IssueStatus.CONFIRMED, "A-U-002", category=w.other_category)
    w.i_overdue = api_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-003", deadline=t - days(days=3))
    w.i_yellow = api_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-004", deadline=t + days(days=5))
    w.i_green = api_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-005", deadline=t + days(days=15))
    w.i_far = api_issue(w.asg_u, IssueStatus.RECTIFYING, "A-U-006", deadline=t + days(days=60))
    w.i_pending = api_issue(w.asg_u, IssueStatus.PENDING_REVIEW, "A-U-007", deadline=t - days(days=1))
    w.i_closed = api_issue(w.asg_u, IssueStatus.CLOSED, "A-U-008", deadline=t - days(days=30))
    w.i_v = api_issue(
        w.asg_v, IssueStatus.RECTIFYING, "A-V-001", deadline=t - days(days=1), found_on=dt.date(2026, 4, 2)
    )
    w.i_w = api_issue(w.asg_w, IssueStatus.RECTIFYING, "B-W-001", deadline=t - days(days=1))

    w.c_draft = api_clue(w.asg_u, w.insp_x, ClueStatus.DRAFT, "XS-A-U-001", persons=("张某", "李某"))
    w.c_transferred = api_clue(w.asg_u, w.leader_x, ClueStatus.TRANSFERRED, "XS-A-U-002", persons=("王某",))
    w.c_v = api_clue(w.asg_v, w.insp_y, ClueStatus.DRAFT, "XS-A-V-001")
    w.c_w = api_clue(w.asg_w, w.leader_z, ClueStatus.DRAFT, "XS-B-W-001")

    w.feedback_u = FeedbackFactory(assignment=w.asg_u, recorded_by=w.sup_a)
    w.feedback_w = FeedbackFactory(assignment=w.asg_w, recorded_by=w.sup_b)
    Assignment.objects.filter(pk__in=[w.asg_u.pk, w.asg_w.pk]).update(feedback_date=FEEDBACK)
    w.plan_u = PlanFactory(assignment=w.asg_u, submitted_by=w.liaison_u)
    w.plan_w = PlanFactory(assignment=w.asg_w, submitted_by=w.sup_b)
    w.measure_u = MeasureFactory(
        issue=w.i_overdue, content="清退津贴", kind=MeasureKind.DEADLINE, created_by=w.liaison_u
    )
    w.measure_w = MeasureFactory(issue=w.i_w, responsible_leader="镇长", responsible_person="主任", created_by=w.sup_b)
    w.progress_u = ProgressFactory(issue=w.i_overdue, submitted_by=w.liaison_u, files=1)
    w.progress_w = ProgressFactory(issue=w.i_w, submitted_by=w.sup_b, files=1)
    w.review_u = ReviewFactory(issue=w.i_closed, reviewer=w.sup_a, decision=ReviewDecision.CLOSE, corrected=1)
    w.review_w = ReviewFactory(issue=w.i_w, reviewer=w.sup_b, decision=ReviewDecision.RETURN, comment="不实")
    w.template_a = EvaluationTemplateFactory(office=w.county_a, name="五审三评")
    w.template_b = EvaluationTemplateFactory(office=w.county_b, name="乙县评估")
    w.evaluation_u = EvaluationFactory(
        assignment=w.asg_u,
        template=w.template_a,
        scores={"plan": 45, "effect": 45},
        total=Decimal("90"),
        grade=Grade.EXCELLENT,
        evaluated_by=w.sup_a,
    )
    w.evaluation_w = EvaluationFactory(assignment=w.asg_w, template=w.template_b, evaluated_by=w.sup_b)
    w.action_u = ActionFactory(
        unit=w.unit_u, kind=ActionKind.REMINDER, reason=ActionReason.DELAY, date=t, taken_by=w.sup_a
    )
    w.action_w = ActionFactory(
        unit=w.unit_w, kind=ActionKind.INTERVIEW, reason=ActionReason.INEFFECTIVE, date=t, taken_by=w.sup_b
    )
    w.alert_u = AlertFactory(kind="issue_deadline", level="red", issue=w.i_overdue, due=w.i_overdue.deadline)
    w.alert_clue = AlertFactory(kind="clue_result", level="yellow", clue=w.c_transferred, due=t + days(days=5))
    w.alert_w = AlertFactory(kind="issue_deadline", level="red", issue=w.i_w, due=t)
    w.stat_a = StatFactory(office=w.county_a, day=t, issues_fed_back=8, issues_closed=2)
    w.stat_b = StatFactory(office=w.county_b, day=t)
    w.point_a = SecretaryPointFactory(
        round=w.round_a, kind=PointKind.MATTER, content="关注工程建设", created_by=w.sup_a
    )
    w.point_b = SecretaryPointFactory(round=w.round_b, kind=PointKind.PERSON, content="点人", created_by=w.sup_b)
    w.report_a = SpecialReportFactory(round=w.round_a, number=1, title="专报一", created_by=w.sup_a)
    w.report_b = SpecialReportFactory(round=w.round_b, number=1, title="专报乙", created_by=w.sup_b)
    return w
