"""Reads on the rectification side for the web UI: the liaison's home, the supervisors' review
queue and its counts, an assignment's and an issue's rectification state, a unit's record across
rounds, and the evaluation checklist of an office.

Every function starts from ``Model.objects.visible_to(user)`` (accounts/scopes.py). Figures are
SQL aggregates (no query per row); "overdue" and the three-colour warning are evaluated against
today with the office's own settings (inspections/deadlines.py).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from accounts.choices import Role
from accounts.models import Office, User
from accounts.scopes import (
    CLOSE_OUT_REVIEWERS,
    MANAGERS,
    grants,
    has_role,
    is_close_out_reviewer,
    is_manager,
    is_unit_liaison,
    offices_reached,
)
from inspections import deadlines
from inspections.choices import FED_BACK_STATUSES, FOUND_STATUSES, IssueStatus, RoundKind
from inspections.filters import overdue_q
from inspections.models import Assignment, Issue, IssueEvent, Unit

from .choices import ExtensionStatus, PlanStatus
from .models import (
    Action,
    DeadlineExtension,
    Evaluation,
    EvaluationTemplate,
    Evidence,
    Feedback,
    Measure,
    Plan,
    Progress,
    Review,
)
from .services import GRADE_THRESHOLDS, RECTIFYING

# Who may act on what (the services check again): plans are reviewed by supervisors and admins,
# issues are closed out, returned or moved to long-term by supervisors.
# Issues still open for the unit: its move (rectifying, long-term) or the supervisors' (pending).
OPEN_STATUSES = (IssueStatus.RECTIFYING, IssueStatus.PENDING_REVIEW, IssueStatus.LONG_TERM)
LIAISON_HOME_LIMIT = 300

# --- who is who -------------------------------------------------------------------------------


def liaison_unit_ids(user: User) -> list[int]:
    """The units the user is the rectification liaison (整改联络员) of."""
    return sorted({grant.unit_id for grant in grants(user) if grant.role == Role.LIAISON and grant.unit_id})


def is_liaison(user: User) -> bool:
    return has_role(user, Role.LIAISON)


def is_reviewer(user: User, office_id: int | None = None) -> bool:
    """A reviewer of plans and feedback (supervisor or admin) of ``office_id``; any office when None."""
    return is_manager(user, office_id)


_offices = offices_reached


# --- the review queue -------------------------------------------------------------------------


def plans_awaiting_review(*, user: User) -> QuerySet[Plan]:
    """Plans submitted and not yet reviewed in the offices the user reviews, oldest first."""
    offices = _offices(user, MANAGERS)
    if offices is None:
        return Plan.objects.none()
    return (
        Plan.objects.visible_to(user)
        .filter(
            Q(assignment__supervising_office__in=offices)
            | Q(assignment__supervising_office__isnull=True, assignment__round__office__in=offices),
            status=PlanStatus.SUBMITTED,
        )
        .select_related("assignment__unit", "assignment__round__office", "assignment__group", "submitted_by")
        .order_by("created_at", "id")
    )


def issues_awaiting_review(*, user: User) -> QuerySet[Issue]:
    """Issues the units reported done (待审核) whose rectification the user's offices supervise
    (the inspecting office unless handed over to the home office), oldest first."""
    offices = _offices(user, CLOSE_OUT_REVIEWERS)
    if offices is None:
        return Issue.objects.none()
    return (
        Issue.objects.visible_to(user)
        .filter(status=IssueStatus.PENDING_REVIEW, supervising_office__in=offices)
        .select_related("unit", "round", "group", "category", "office")
        .order_by("status_changed_at", "id")
    )


def extensions_awaiting_decision(*, user: User) -> QuerySet[DeadlineExtension]:
    """Deadline extension requests waiting for a decision in the offices the user manages, oldest first."""
    offices = _offices(user, MANAGERS)
    if offices is None:
        return DeadlineExtension.objects.none()
    return (
        DeadlineExtension.objects.visible_to(user)
        .filter(status=ExtensionStatus.PENDING, issue__supervising_office__in=offices)
        .select_related("issue__unit", "issue__round", "issue__office", "requested_by")
        .order_by("created_at", "id")
    )


def review_counts(user: User) -> dict[str, int]:
    """How many plans, issues and extension requests wait for the user (for the navigation's badge).

    Three indexed counts, computed once per user object (a request's ``request.user``)."""
    cached = getattr(user, "_review_counts", None)
    if cached is not None:
        return cached
    counts = {"plans": 0, "issues": 0, "extensions": 0}
    if getattr(user, "is_authenticated", False) and is_manager(user):
        counts["plans"] = plans_awaiting_review(user=user).count()
        counts["issues"] = issues_awaiting_review(user=user).count()
        counts["extensions"] = extensions_awaiting_decision(user=user).count()
    counts["total"] = counts["plans"] + counts["issues"] + counts["extensions"]
    user._review_counts = counts
    return counts


# --- the liaison's home -----------------------------------------------------------------------

COLOUR_ORDER = ("red", "yellow", "green", None)


@dataclass
class DueItem:
    """Something the unit must deliver by a date (plan, report, an issue's deadline)."""

    kind: str
    label: str
    due: dt.date
    colour: str | None
    url_name: str
    pk: int


@dataclass
class AssignmentState:
    """An assignment in rectification as the unit sees it: its plan and its deadlines."""

    assignment: Assignment
    plan: Plan | None = None
    open_issues: int = 0
    plan_colour: str | None = None
    report_colour: str | None = None

    @property
    def plan_needed(self) -> bool:
        """No plan yet, or the last one was returned: the unit must (re)submit."""
        return self.plan is None or self.plan.status == PlanStatus.RETURNED


@dataclass
class IssueBucket:
    key: str
    label: str
    issues: list[Issue] = field(default_factory=list)


def _issue_colour(issue: Issue, today: dt.date) -> str | None:
    """The three-colour warning of an open issue: its deadline while rectifying, its next
    progress report while long-term; nothing while the supervisors hold it."""
    if issue.status == IssueStatus.RECTIFYING:
        return deadlines.colour(issue.deadline, issue.office, today)
    if issue.status == IssueStatus.LONG_TERM:
        return deadlines.colour(issue.next_progress_due, issue.office, today)
    return None


def liaison_home(*, user: User, today: dt.date | None = None) -> dict:
    """The liaison's units' assignments in rectification, open issues grouped by status and
    deadline colour, and what is due next (plan, report, nearest deadlines)."""
    today = today or deadlines.today()
    unit_ids = liaison_unit_ids(user)
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, feedback_date__isnull=False)
        .select_related("round__office", "unit", "group")
        .order_by("-feedback_date", "-id")
    )
    states = {a.pk: AssignmentState(assignment=a) for a in assignments}
    latest_plans = (
        Plan.objects.visible_to(user)
        .filter(assignment__in=list(states))
        .order_by("assignment_id", "-version")
        .distinct("assignment_id")
    )
    for plan in latest_plans:
        states[plan.assignment_id].plan = plan
    open_counts = (
        Issue.objects.visible_to(user)
        .filter(assignment__in=list(states), status__in=OPEN_STATUSES)
        .values("assignment")
        .annotate(n=Count("id"))
    )
    for row in open_counts:
        states[row["assignment"]].open_issues = row["n"]

    issues_qs = (
        Issue.objects.visible_to(user)
        .filter(unit_id__in=unit_ids, status__in=OPEN_STATUSES)
        .select_related("office", "category", "round", "unit")
        .order_by("deadline", "id")
    )
    total_open = issues_qs.count()
    issues = list(issues_qs[:LIAISON_HOME_LIMIT])
    labels = {
        "red": _("已逾期"),
        "yellow": _("临期（10天内）"),
        "green": _("即将到期（20天内）"),
        None: _("正常推进"),
    }
    rectifying = {colour: IssueBucket(str(colour or "none"), labels[colour]) for colour in COLOUR_ORDER}
    pending = IssueBucket("pending_review", str(IssueStatus.PENDING_REVIEW.label))
    long_term = IssueBucket("long_term", str(IssueStatus.LONG_TERM.label))
    colour_counts = dict.fromkeys(("red", "yellow", "green"), 0)
    for issue in issues:
        issue.colour = _issue_colour(issue, today)
        if issue.colour:
            colour_counts[issue.colour] += 1
        if issue.status == IssueStatus.RECTIFYING:
            rectifying[issue.colour].issues.append(issue)
        elif issue.status == IssueStatus.PENDING_REVIEW:
            pending.issues.append(issue)
        else:
            long_term.issues.append(issue)

    due: list[DueItem] = []
    for state in states.values():
        a = state.assignment
        office = a.round.office
        if state.plan_needed and a.plan_due:
            state.plan_colour = deadlines.colour(a.plan_due, office, today)
            due.append(
                DueItem("plan", _("报送整改方案"), a.plan_due, state.plan_colour, "rectification:assignment", a.pk)
            )
        if state.open_issues and a.report_due:
            state.report_colour = deadlines.colour(a.report_due, office, today)
            due.append(
                DueItem(
                    "report", _("报送整改情况报告"), a.report_due, state.report_colour, "rectification:assignment", a.pk
                )
            )
    for issue in issues:
        date = issue.deadline if issue.status == IssueStatus.RECTIFYING else issue.next_progress_due
        if issue.status != IssueStatus.PENDING_REVIEW and date:
            label = _("问题整改期限") if issue.status == IssueStatus.RECTIFYING else _("长期整改进展报送")
            due.append(DueItem("issue", f"{label} · {issue.code}", date, issue.colour, "rectification:issue", issue.pk))
    due.sort(key=lambda item: (item.due, item.kind))
    return {
        "states": list(states.values()),
        "buckets": [b for b in rectifying.values() if b.issues] + [b for b in (pending, long_term) if b.issues],
        "colour_counts": colour_counts,
        "status_counts": {
            "rectifying": sum(len(b.issues) for b in rectifying.values()),
            "pending_review": len(pending.issues),
            "long_term": len(long_term.issues),
        },
        "total_open": total_open,
        "shown": len(issues),
        "due": due[:10],
        "units": list(Unit.objects.visible_to(user).filter(pk__in=unit_ids).order_by("name")),
    }


# --- supervisors' overview --------------------------------------------------------------------


def awaiting_feedback(*, user: User) -> QuerySet[Assignment]:
    """Assignments of the user's offices with confirmed findings and no feedback recorded yet."""
    offices = _offices(user, MANAGERS)
    if offices is None:
        return Assignment.objects.none()
    confirmed = Issue.objects.filter(status=IssueStatus.CONFIRMED).values("assignment_id")
    return (
        Assignment.objects.visible_to(user)
        .filter(round__office__in=offices, feedback_date__isnull=True, pk__in=confirmed)
        .select_related("round__office", "unit", "group")
        .annotate(confirmed=Count("issues", filter=Q(issues__status=IssueStatus.CONFIRMED)))
        .order_by("exit_date", "id")
    )


def in_rectification(*, user: User) -> QuerySet[Assignment]:
    """Assignments whose feedback has been recorded, most recent feedback first."""
    return (
        Assignment.objects.visible_to(user)
        .filter(feedback_date__isnull=False)
        .select_related("round__office", "unit", "group")
        .order_by("-feedback_date", "-id")
    )


@dataclass
class Figures:
    """Completion figures of a set of issues (per assignment, round or unit)."""

    found: int = 0
    rounds: int = 0
    fed_back: int = 0
    closed: int = 0
    overdue: int = 0
    pending: int = 0

    @property
    def completion_rate(self):
        if not self.fed_back:
            return None
        return (Decimal(self.closed) * 100 / self.fed_back).quantize(Decimal("0.1"))

    def add(self, other: Figures) -> None:
        self.found += other.found
        self.fed_back += other.fed_back
        self.closed += other.closed
        self.overdue += other.overdue
        self.pending += other.pending


def _figure_aggregates(today: dt.date) -> dict:
    return {
        "found": Count("id", filter=Q(status__in=FOUND_STATUSES)),
        "fed_back": Count("id", filter=Q(status__in=FED_BACK_STATUSES)),
        "closed": Count("id", filter=Q(status=IssueStatus.CLOSED)),
        "overdue": Count("id", filter=overdue_q(today)),
        "pending": Count("id", filter=Q(status=IssueStatus.PENDING_REVIEW)),
    }


def assignment_figures(*, user: User, assignment_ids: list[int], today: dt.date | None = None) -> dict[int, Figures]:
    """Figures per assignment, one aggregate query whatever the number of assignments."""
    today = today or deadlines.today()
    figures = {pk: Figures() for pk in assignment_ids}
    if not figures:
        return figures
    rows = (
        Issue.objects.visible_to(user)
        .filter(assignment__in=assignment_ids)
        .values("assignment")
        .annotate(**_figure_aggregates(today))
    )
    for row in rows:
        target = figures[row["assignment"]]
        for name in ("found", "fed_back", "closed", "overdue", "pending"):
            setattr(target, name, row[name])
    return figures


# --- one assignment ---------------------------------------------------------------------------


def supervision_state(*, user: User, assignment: Assignment) -> dict:
    """Who supervises the assignment's rectification (整改督促责任), the decisions taken on it
    (from the assignment's field history: who, when, which office) and whether the user may hand
    it over (a manager of the office that planned a cross or elevated round)."""
    from inspections.services import can_hand_over

    handed_over = assignment.supervising_office_id is not None
    office_id = assignment.supervising_office_id_effective
    decisions = []
    seen = set()
    rows = (
        assignment.history.filter(supervision_decided_at__isnull=False)
        .select_related("supervision_decided_by", "supervising_office")
        .order_by("supervision_decided_at", "pgh_id")
    )
    for row in rows:
        if row.supervision_decided_at in seen:
            continue
        seen.add(row.supervision_decided_at)
        decisions.append(
            {
                "at": row.supervision_decided_at,
                "by": row.supervision_decided_by,
                "handed_over": row.supervising_office_id is not None,
                "office": row.supervising_office or assignment.round.office,
            }
        )
    return {
        "office": assignment.unit.office if handed_over else assignment.round.office,
        "office_id": office_id,
        "handed_over": handed_over,
        "home_office": assignment.unit.office,
        "decisions": decisions,
        "can_hand_over": can_hand_over(assignment) and is_manager(user, assignment.round.office_id),
    }


def assignment_state(*, user: User, assignment: Assignment, today: dt.date | None = None) -> dict:
    """An assignment's rectification: feedback, plan versions, issues with their colours,
    evaluations and supervision actions, plus what the user may do with it."""
    today = today or deadlines.today()
    office = assignment.round.office
    plans = list(
        Plan.objects.visible_to(user)
        .filter(assignment=assignment)
        .select_related("submitted_by", "reviewed_by")
        .order_by("-version")
    )
    latest = plans[0] if plans else None
    feedback = Feedback.objects.visible_to(user).filter(assignment=assignment).select_related("recorded_by").first()
    issues = list(
        Issue.objects.visible_to(user)
        .filter(assignment=assignment, status__in=FOUND_STATUSES)
        .select_related("category", "office")
        .order_by("code")
    )
    for issue in issues:
        issue.colour = _issue_colour(issue, today) if issue.status in OPEN_STATUSES else None
    reviewer = is_manager(user, office.pk)
    supervisor = is_manager(user, assignment.supervising_office_id_effective)
    liaison = is_unit_liaison(user, assignment.unit_id)
    return {
        "supervision": supervision_state(user=user, assignment=assignment),
        "feedback": feedback,
        "plans": plans,
        "latest_plan": latest,
        "issues": issues,
        "figures": assignment_figures(user=user, assignment_ids=[assignment.pk], today=today)[assignment.pk],
        "evaluations": list(
            Evaluation.objects.visible_to(user)
            .filter(assignment=assignment)
            .select_related("evaluated_by", "template")
            .order_by("-evaluated_on", "-id")
        ),
        "actions": list(
            Action.objects.visible_to(user)
            .filter(Q(assignment=assignment) | Q(unit_id=assignment.unit_id, assignment__isnull=True))
            .select_related("taken_by", "assignment__round")
            .order_by("-date", "-id")[:20]
        ),
        "plan_colour": deadlines.colour(assignment.plan_due, office, today)
        if assignment.plan_due and (latest is None or latest.status == PlanStatus.RETURNED)
        else None,
        "can": {
            "record_feedback": reviewer and feedback is None and assignment.feedback_date is None,
            "submit_plan": liaison
            and assignment.feedback_date is not None
            and (latest is None or latest.status == PlanStatus.RETURNED),
            "review_plan": supervisor and latest is not None and latest.status == PlanStatus.SUBMITTED,
            "evaluate": reviewer and assignment.feedback_date is not None,
            "act": reviewer,
        },
    }


# --- one issue --------------------------------------------------------------------------------


def issue_actions(*, user: User, issue: Issue, pending_extension: bool = False) -> dict[str, bool]:
    """Which rectification steps the user may take on the issue now (the services check again)."""
    liaison = is_unit_liaison(user, issue.unit_id)
    reviewer = is_close_out_reviewer(user, issue.supervising_office_id)
    return {
        "extension": liaison and issue.status in RECTIFYING and not pending_extension,
        "decide_extension": pending_extension and is_manager(user, issue.supervising_office_id),
        "measure": liaison and issue.status in RECTIFYING,
        "progress": liaison and issue.status in RECTIFYING,
        "submit": liaison and issue.status in RECTIFYING,
        "close": reviewer and issue.status == IssueStatus.PENDING_REVIEW,
        "return": reviewer and issue.status == IssueStatus.PENDING_REVIEW,
        "long_term": reviewer and issue.status in (IssueStatus.PENDING_REVIEW, IssueStatus.RECTIFYING),
    }


def issue_rectification(*, user: User, issue: Issue, today: dt.date | None = None) -> dict:
    """An issue's measures, progress with evidence, reviews (纠清治问建), extension requests and timeline."""
    today = today or deadlines.today()
    extensions = list(
        DeadlineExtension.objects.visible_to(user)
        .filter(issue=issue)
        .select_related("requested_by", "decided_by")
        .order_by("-created_at", "-id")
    )
    pending = next((e for e in extensions if e.status == ExtensionStatus.PENDING), None)
    return {
        "measures": list(
            Measure.objects.visible_to(user).filter(issue=issue).select_related("created_by").order_by("id")
        ),
        "progress": list(
            Progress.objects.visible_to(user)
            .filter(issue=issue)
            .select_related("submitted_by")
            .prefetch_related(Prefetch("evidence", queryset=Evidence.objects.order_by("id")))
            .order_by("-date", "-id")
        ),
        "reviews": list(
            Review.objects.visible_to(user).filter(issue=issue).select_related("reviewer").order_by("created_at", "id")
        ),
        "events": list(IssueEvent.objects.filter(issue=issue).select_related("actor").order_by("at", "id")),
        "extensions": extensions,
        "pending_extension": pending,
        "colour": _issue_colour(issue, today),
        "actions": issue_actions(user=user, issue=issue, pending_extension=pending is not None),
    }


# --- a unit across rounds ---------------------------------------------------------------------


@dataclass
class CategoryCell:
    category_id: int
    name: str
    figures: Figures
    recurring: bool = False


@dataclass
class RoundRecord:
    assignment: Assignment
    figures: Figures = field(default_factory=Figures)
    categories: list[CategoryCell] = field(default_factory=list)

    @property
    def is_revisit(self) -> bool:
        return self.assignment.round.kind == RoundKind.REVISIT


def unit_record(*, user: User, unit: Unit, today: dt.date | None = None) -> dict:
    """A unit's inspections across rounds: issues by category per round (one aggregate query),
    categories found again in a later round highlighted (屡查屡犯, what a 回头看 looks for),
    completion and overdue figures per round and in total."""
    today = today or deadlines.today()
    assignments = list(
        Assignment.objects.visible_to(user)
        .filter(unit=unit)
        .select_related("round__office", "group")
        .order_by("round__planned_start", "round_id")
    )
    records = {a.pk: RoundRecord(assignment=a) for a in assignments}
    rows = (
        Issue.objects.visible_to(user)
        .filter(unit=unit, assignment__in=list(records), status__in=FOUND_STATUSES)
        .values("assignment", "category", "category__name", "category__parent__name")
        .annotate(**_figure_aggregates(today))
        .order_by("assignment", "category__parent__name", "category__name")
    )
    for row in rows:
        figures = Figures(**{name: row[name] for name in ("found", "fed_back", "closed", "overdue", "pending")})
        name = row["category__name"]
        if row["category__parent__name"]:
            name = f"{row['category__parent__name']} / {name}"
        record = records[row["assignment"]]
        record.categories.append(CategoryCell(row["category"], name, figures))
        record.figures.add(figures)
    # A category is recurring in a round when an earlier round of the unit found it too.
    seen: set[int] = set()
    recurring_ids: set[int] = set()
    for record in records.values():
        for cell in record.categories:
            if cell.category_id in seen:
                cell.recurring = True
                recurring_ids.add(cell.category_id)
        seen.update(cell.category_id for cell in record.categories)
    total = Figures()
    for record in records.values():
        total.add(record.figures)
    return {
        "records": list(records.values()),
        "total": total,
        "recurring_count": len(recurring_ids),
        "actions": list(
            Action.objects.visible_to(user)
            .filter(unit=unit)
            .select_related("taken_by", "assignment__round")
            .order_by("-date", "-id")
        ),
        "can_act": is_manager(user, unit.office_id),
    }


def unit_figures(*, user: User, unit_ids: list[int], today: dt.date | None = None) -> dict[int, Figures]:
    """Figures per unit (a list page's rows), one aggregate query."""
    today = today or deadlines.today()
    figures = {pk: Figures() for pk in unit_ids}
    if not figures:
        return figures
    rows = (
        Issue.objects.visible_to(user)
        .filter(unit__in=unit_ids)
        .values("unit")
        .annotate(rounds=Count("assignment", distinct=True), **_figure_aggregates(today))
    )
    for row in rows:
        target = figures[row["unit"]]
        for name in ("found", "fed_back", "closed", "overdue", "pending"):
            setattr(target, name, row[name])
        target.rounds = row["rounds"]
    return figures


# --- the evaluation checklist -----------------------------------------------------------------

# 五审三评: five reviews (plan, measures, progress, evidence, results) and three evaluations
# (effect, satisfaction, sustainability); the maximum scores add up to 100.
DEFAULT_TEMPLATE_NAME = gettext_noop("五审三评")
DEFAULT_ITEMS = [
    {"code": "review_plan", "label": gettext_noop("审方案"), "group": "review", "max_score": 12},
    {"code": "review_measures", "label": gettext_noop("审措施"), "group": "review", "max_score": 12},
    {"code": "review_progress", "label": gettext_noop("审进展"), "group": "review", "max_score": 12},
    {"code": "review_evidence", "label": gettext_noop("审佐证"), "group": "review", "max_score": 12},
    {"code": "review_results", "label": gettext_noop("审成效"), "group": "review", "max_score": 12},
    {"code": "evaluate_effect", "label": gettext_noop("评效果"), "group": "evaluate", "max_score": 20},
    {"code": "evaluate_satisfaction", "label": gettext_noop("评满意度"), "group": "evaluate", "max_score": 10},
    {"code": "evaluate_sustainability", "label": gettext_noop("评长效"), "group": "evaluate", "max_score": 10},
]
GROUP_LABELS = {"review": gettext_noop("五审"), "evaluate": gettext_noop("三评")}


def evaluation_template(office: Office) -> EvaluationTemplate:
    """The office's active checklist, else its nearest ancestor's; if none exists anywhere up the
    tree, the default 五审三评 template is created for the office (once: the office row is locked)."""
    ancestors = [int(part) for part in office.path.strip("/").split("/") if part] or [office.pk]
    chain = EvaluationTemplate.objects.filter(office_id__in=ancestors, is_active=True).order_by("-office__path", "-id")
    template = chain.first()
    if template is not None:
        return template
    with transaction.atomic():
        Office.objects.select_for_update().filter(pk=office.pk).first()
        template = EvaluationTemplate.objects.filter(office=office, is_active=True).order_by("-id").first()
        if template is None:
            template = EvaluationTemplate.objects.create(
                office=office, name=DEFAULT_TEMPLATE_NAME, items=[dict(item) for item in DEFAULT_ITEMS]
            )
    return template


def grade_thresholds() -> list[tuple[int, str, str]]:
    """(minimum total, grade code, grade label), best first: what the evaluation page shows."""
    return [(threshold, grade.value, str(grade.label)) for threshold, grade in GRADE_THRESHOLDS]
