"""The two-level world: :func:`make_world` (city office, counties A and B) plus a city cross round
whose groups come from the counties and a city elevated round, inspecting units of the counties.

    cross round (city, 交叉):  group C1 — leader lead_a (inspector of county A), member insp_b
                               (inspector of county B) → unit A2 (county A, asg_ca) and unit B2
                               (county B, asg_cb)
    elevated round (city, 提级): group E — leader lead_city → unit A3 (county A, asg_ea),
                               rectification handed over to county A
"""

from __future__ import annotations

from types import SimpleNamespace

from accounts.choices import Role
from inspections.choices import ClueStatus, GroupRole, IssueStatus, RoundKind, UnitKind
from inspections.models import Assignment
from inspections.services import assignment_hand_over

from .accounts import user
from .base import FEEDBACK
from .inspections import AssignmentFactory, RoundFactory, UnitFactory
from .rectification import FeedbackFactory, MeasureFactory, ProgressFactory
from .worlds import make_clue, make_group, make_issue, make_world


def make_two_level_world() -> SimpleNamespace:
    w = make_world()
    w.unit_a2 = UnitFactory(name="甲县乙镇", code="U-A2", kind=UnitKind.TOWNSHIP, office=w.county_a)
    w.unit_a3 = UnitFactory(name="甲县交通局", code="U-A3", kind=UnitKind.DEPARTMENT, office=w.county_a)
    w.unit_b2 = UnitFactory(name="乙县丙镇", code="U-B2", kind=UnitKind.TOWNSHIP, office=w.county_b)
    w.lead_a = user("t_lead_a", Role.INSPECTOR, w.county_a)
    w.insp_b = user("t_insp_b", Role.INSPECTOR, w.county_b)
    w.lead_city = user("t_lead_city", Role.INSPECTOR, w.city)
    w.clue_officer_a = user("t_clue_officer_a", Role.CLUE_OFFICER, w.county_a)
    w.leader_a = user("t_leader_a", Role.LEADER, w.county_a)
    w.liaison_a2 = user("t_liaison_a2", Role.LIAISON, w.county_a, unit=w.unit_a2)

    w.round_cross = RoundFactory(office=w.city, sequence=2, kind=RoundKind.CROSS, stage="rectification")
    w.group_c = make_group(w.round_cross, 1, **{GroupRole.LEADER: w.lead_a, "member": w.insp_b})
    w.asg_ca = AssignmentFactory(round=w.round_cross, unit=w.unit_a2, group=w.group_c)
    w.asg_cb = AssignmentFactory(round=w.round_cross, unit=w.unit_b2, group=w.group_c)

    w.round_elevated = RoundFactory(office=w.city, sequence=3, kind=RoundKind.ELEVATED, stage="rectification")
    w.group_e = make_group(w.round_elevated, 1, **{GroupRole.LEADER: w.lead_city})
    w.asg_ea = AssignmentFactory(round=w.round_elevated, unit=w.unit_a3, group=w.group_e)

    for asg in (w.asg_ca, w.asg_cb, w.asg_ea):
        FeedbackFactory(assignment=asg, recorded_by=w.supervisor)
    Assignment.objects.filter(pk__in=[w.asg_ca.pk, w.asg_cb.pk, w.asg_ea.pk]).update(feedback_date=FEEDBACK)
    for asg in (w.asg_ca, w.asg_cb, w.asg_ea):
        asg.refresh_from_db()

    w.ca_draft = make_issue(w.asg_ca, IssueStatus.DRAFT, n=1)
    w.ca_confirmed = make_issue(w.asg_ca, IssueStatus.CONFIRMED, n=2)
    w.ca_fed = make_issue(w.asg_ca, IssueStatus.RECTIFYING, n=3)
    w.ca_pending = make_issue(w.asg_ca, IssueStatus.PENDING_REVIEW, n=4)
    w.cb_fed = make_issue(w.asg_cb, IssueStatus.RECTIFYING, n=1)
    w.ea_fed = make_issue(w.asg_ea, IssueStatus.RECTIFYING, n=1)
    w.ea_pending = make_issue(w.asg_ea, IssueStatus.PENDING_REVIEW, n=2)
    w.ca_clue = make_clue(w.asg_ca, w.lead_a, ClueStatus.TRANSFERRED, n=1)
    w.cb_clue = make_clue(w.asg_cb, w.lead_a, ClueStatus.TRANSFERRED, n=1)
    w.ea_clue = make_clue(w.asg_ea, w.lead_city, ClueStatus.DRAFT, n=1)
    w.ca_measure = MeasureFactory(issue=w.ca_fed, created_by=w.liaison_a2)
    w.ca_progress = ProgressFactory(issue=w.ca_fed, submitted_by=w.liaison_a2, files=1)
    w.cb_measure = MeasureFactory(issue=w.cb_fed, created_by=w.supervisor)
    # The city hands the elevated round's rectification over to county A (整改督促责任).
    w.asg_ea = assignment_hand_over(actor=w.supervisor, assignment=w.asg_ea, to_home_office=True)
    return w
