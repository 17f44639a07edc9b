"""Writes on the rectification side: feedback, plans, measures, progress, evaluations, actions.

Same contract as inspections/services.py: keyword-only, atomic, role and scope checked,
events written in the same transaction, readable refusals.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.scopes import is_unit_liaison, require, require_close_out_reviewer, require_manager
from core.errors import ApplicationError, TransitionError
from core.services import service
from inspections import deadlines
from inspections.choices import IssueStatus, RoundStage
from inspections.models import Assignment, Issue, IssueEvent, Round, Unit
from inspections.services import issue_event, locked_issue, move_issue, require_round_open, required_text

from .choices import ExtensionStatus, Grade, MeasureKind, PlanStatus, ReviewDecision
from .evidence import check_evidence
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

RECTIFYING = (IssueStatus.RECTIFYING, IssueStatus.LONG_TERM)
PROGRESS_DATE_AHEAD_DAYS = 366
# Grade thresholds of the 100-point evaluation (below PASS reopens rectification).
GRADE_THRESHOLDS = ((90, Grade.EXCELLENT), (75, Grade.PASS), (60, Grade.BASIC), (0, Grade.FAIL))


@service("feedback_record")
def feedback_record(
    *,
    actor: User,
    assignment: Assignment,
    meeting_date: dt.date,
    attendees: str = "",
    leader_attendance: int = 0,
    document=None,
) -> Feedback:
    """Record the feedback meeting (反馈): confirmed issues move to rectifying with deadlines.

    Plan and report due dates come from the office's time rules; an issue is due with the
    report, or at the group's exit date if it is 立行立改.
    """
    assignment = Assignment.objects.select_for_update().select_related("round__office").get(pk=assignment.pk)
    office = assignment.round.office
    require_manager(actor, office.pk, _("登记巡察反馈"))
    require_round_open(assignment.round_id)
    if Feedback.objects.filter(assignment=assignment).exists():
        raise TransitionError(_("该巡察对象已经反馈，不能重复登记。"))
    if assignment.exit_date and meeting_date < assignment.exit_date:
        raise ValidationError({"meeting_date": _("反馈日期不能早于巡察组撤离日期。")})

    feedback = Feedback(
        assignment=assignment,
        meeting_date=meeting_date,
        attendees=attendees,
        leader_attendance=leader_attendance,
        recorded_by=actor,
    )
    if document:
        try:
            check_evidence(document)
        except ValidationError as exc:
            raise ValidationError({"document": exc.messages}) from exc
        feedback.document = document
    feedback.full_clean()
    feedback.save()

    report_date = deadlines.report_due(office, meeting_date)
    assignment.feedback_date = meeting_date
    assignment.plan_due = deadlines.plan_due(office, meeting_date)
    assignment.report_due = report_date
    assignment.full_clean()
    assignment.save()
    Round.objects.filter(
        pk=assignment.round_id, stage__in=[RoundStage.PLANNING, RoundStage.ON_SITE, RoundStage.REPORTING]
    ).update(stage=RoundStage.FEEDBACK)

    for issue in Issue.objects.select_for_update().filter(assignment=assignment, status=IssueStatus.CONFIRMED):
        deadline = deadlines.issue_deadline(
            immediate=issue.immediate, exit_date=assignment.exit_date, report_date=report_date
        )
        move_issue(issue, actor=actor, action="feedback", deadline=deadline)
    return feedback


@service("plan_submit")
def plan_submit(*, actor: User, assignment: Assignment, text: str, attachment=None) -> Plan:
    """The unit submits (or resubmits after a return) its rectification plan (整改方案)."""
    require(is_unit_liaison(actor, assignment.unit_id), _("只有本单位的整改联络员可以报送整改方案。"))
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    require_round_open(assignment.round_id)
    if not assignment.feedback_date:
        raise TransitionError(_("巡察尚未反馈，暂不能报送整改方案。"))
    plans = Plan.objects.filter(assignment=assignment)
    if plans.filter(status=PlanStatus.SUBMITTED).exists():
        raise TransitionError(_("已有整改方案正在审核，请等待审核结果。"))
    if plans.filter(status=PlanStatus.APPROVED).exists():
        raise TransitionError(_("整改方案已审核通过，无需再次报送。"))
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写整改方案内容。")})
    version = (plans.aggregate(last=Max("version"))["last"] or 0) + 1
    plan = Plan(assignment=assignment, version=version, text=text, submitted_by=actor)
    if attachment:
        try:
            check_evidence(attachment)
        except ValidationError as exc:
            raise ValidationError({"attachment": exc.messages}) from exc
        plan.attachment = attachment
    plan.full_clean()
    plan.save()
    return plan


@service("plan_review")
def plan_review(*, actor: User, plan: Plan, approve: bool, comment: str = "") -> Plan:
    """Supervisors' joint review (共审) of a plan: approve, or return with a reason."""
    plan = Plan.objects.select_for_update().select_related("assignment__round").get(pk=plan.pk)
    require_manager(actor, plan.assignment.supervising_office_id_effective, _("审核整改方案"))
    require_round_open(plan.assignment.round_id)
    if plan.status != PlanStatus.SUBMITTED:
        raise TransitionError(_("该整改方案已审核（%(status)s）。") % {"status": plan.get_status_display()})
    if not approve and not (comment or "").strip():
        raise ValidationError({"comment": _("退回整改方案必须填写理由。")})
    plan.status = PlanStatus.APPROVED if approve else PlanStatus.RETURNED
    plan.reviewed_by = actor
    plan.reviewed_at = timezone.now()
    plan.review_comment = comment
    plan.save()
    return plan


def latest_deadline(today: dt.date | None = None) -> dt.date:
    """The latest date a measure or a deadline extension may name: today plus
    ``settings.MEASURE_DEADLINE_MAX_YEARS`` years (5 unless configured)."""
    today = today or deadlines.today()
    years = getattr(settings, "MEASURE_DEADLINE_MAX_YEARS", 5)
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def check_not_too_late(value: dt.date, field: str) -> None:
    latest = latest_deadline()
    if value > latest:
        message = _("日期不能晚于 %(date)s（自今日起至多 %(years)s 年）。")
        years = getattr(settings, "MEASURE_DEADLINE_MAX_YEARS", 5)
        raise ValidationError({field: message % {"date": latest.isoformat(), "years": years}})


@service("measure_create")
def measure_create(
    *,
    actor: User,
    issue: Issue,
    content: str,
    responsible_leader: str,
    responsible_department: str = "",
    responsible_person: str,
    kind: str = MeasureKind.DEADLINE,
    deadline: dt.date | None = None,
) -> Measure:
    """The unit sets a measure for an issue. A measure's deadline is the unit's own plan and never
    moves the issue's deadline (only an approved :func:`extension_request` does, security finding 8);
    it must fall between the feedback meeting and the configured bound."""
    issue = locked_issue(issue, None)
    require(is_unit_liaison(actor, issue.unit_id), _("只有本单位的整改联络员可以制定整改措施。"))
    if issue.status not in RECTIFYING:
        raise TransitionError(_("只能为整改中的问题制定整改措施。"))
    if deadline is not None:
        fed_back_on = issue.assignment.feedback_date
        if fed_back_on and deadline < fed_back_on:
            raise ValidationError(
                {"deadline": _("完成时限不能早于巡察反馈日期（%(date)s）。") % {"date": fed_back_on.isoformat()}}
            )
        check_not_too_late(deadline, "deadline")
    measure = Measure(
        issue=issue,
        content=content,
        responsible_leader=responsible_leader,
        responsible_department=responsible_department,
        responsible_person=responsible_person,
        kind=kind,
        deadline=deadline,
        created_by=actor,
    )
    measure.full_clean()
    measure.save()
    IssueEvent.objects.create(
        issue=issue,
        actor=actor,
        action="measure",
        from_status=issue.status,
        to_status=issue.status,
        comment=content[:200],
    )
    return measure


@service("progress_create")
def progress_create(*, actor: User, issue: Issue, date: dt.date, text: str, files: Iterable = ()) -> Progress:
    """The unit reports progress with evidence files; every file is checked by its content."""
    issue = locked_issue(issue, None)
    require(is_unit_liaison(actor, issue.unit_id), _("只有本单位的整改联络员可以报送整改进展。"))
    if issue.status not in RECTIFYING:
        raise TransitionError(_("只能为整改中的问题报送进展。"))
    if not (text or "").strip():
        raise ValidationError({"text": _("请填写整改进展情况。")})
    # A sane bound (the next report date is computed from it, and year 9999 has no successor).
    latest = deadlines.today() + dt.timedelta(days=PROGRESS_DATE_AHEAD_DAYS)
    if date > latest:
        raise ValidationError({"date": _("进展日期不能晚于 %(date)s。") % {"date": latest.isoformat()}})
    files = list(files)
    checked = []
    for file in files:
        try:
            checked.append(check_evidence(file))
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from exc
    progress = Progress(issue=issue, date=date, text=text, submitted_by=actor)
    progress.full_clean()
    progress.save()
    for file, check in zip(files, checked, strict=True):
        Evidence.objects.create(
            progress=progress,
            file=file,
            original_name=file.name[:255],
            content_type=check.content_type,
            size=check.size,
            sha256=check.sha256,
        )
    if issue.status == IssueStatus.LONG_TERM:
        issue.next_progress_due = deadlines.long_term_next_report(issue.office, date)
        issue.save(update_fields=["next_progress_due", "updated_at"])
    IssueEvent.objects.create(
        issue=issue,
        actor=actor,
        action="progress",
        from_status=issue.status,
        to_status=issue.status,
        comment=text[:200],
    )
    return progress


def grade_for(total: Decimal) -> str:
    for threshold, grade in GRADE_THRESHOLDS:
        if total >= threshold:
            return grade
    return Grade.FAIL


@service("evaluation_record")
def evaluation_record(
    *,
    actor: User,
    assignment: Assignment,
    template: EvaluationTemplate,
    scores: dict,
    comment: str = "",
    evaluated_on: dt.date,
) -> Evaluation:
    """Audit evaluation (整改审核评估): item scores → total and grade; below 合格 reopens rectification."""
    assignment = Assignment.objects.select_for_update().select_related("round__office").get(pk=assignment.pk)
    office = assignment.round.office
    require_manager(actor, office.pk, _("开展整改审核评估"))
    require_round_open(assignment.round_id)
    if not assignment.feedback_date:
        raise TransitionError(_("巡察尚未反馈，不能开展整改评估。"))
    items = {item["code"]: item for item in template.items}
    errors = {}
    for code in items:
        if code not in scores:
            errors[f"scores.{code}"] = [_("缺少该项得分。")]
    for code, value in scores.items():
        item = items.get(code)
        if item is None:
            errors[f"scores.{code}"] = [_("模板中没有该评估项目。")]
            continue
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            errors[f"scores.{code}"] = [_("得分必须是数字。")]
            continue
        if not 0 <= number <= Decimal(str(item["max_score"])):
            errors[f"scores.{code}"] = [_("得分应在 0 到 %(max)s 之间。") % {"max": item["max_score"]}]
    if errors:
        raise ValidationError(errors)
    total = sum((Decimal(str(value)) for value in scores.values()), Decimal("0")).quantize(Decimal("0.1"))
    evaluation = Evaluation(
        assignment=assignment,
        template=template,
        scores=scores,
        total=total,
        grade=grade_for(total),
        comment=comment,
        evaluated_on=evaluated_on,
        evaluated_by=actor,
    )
    evaluation.full_clean()
    evaluation.save()
    if evaluation.grade in (Grade.BASIC, Grade.FAIL):
        _reopen(assignment, actor=actor, office=office, on=evaluated_on, grade=evaluation.get_grade_display())
    return evaluation


def _reopen(assignment: Assignment, *, actor: User, office, on: dt.date, grade: str) -> None:
    """A second round of rectification: closed issues go back to rectifying with a new deadline."""
    report_date = deadlines.report_due(office, on)
    assignment.rectification_round += 1
    assignment.report_due = report_date
    assignment.save(update_fields=["rectification_round", "report_due", "updated_at"])
    comment = _("整改评估为“%(grade)s”，开展第%(round)s轮整改。") % {
        "grade": grade,
        "round": assignment.rectification_round,
    }
    for issue in Issue.objects.select_for_update().filter(assignment=assignment, status=IssueStatus.CLOSED):
        move_issue(issue, actor=actor, action="reopen", comment=comment, deadline=report_date, closed_at=None)


@service("action_create")
def action_create(
    *,
    actor: User,
    unit: Unit,
    kind: str,
    reason: str,
    date: dt.date,
    note: str = "",
    assignment: Assignment | None = None,
) -> Action:
    """A supervision action (督办: reminder, notice, interview 约谈, circulated notice 通报) against a unit."""
    require_manager(actor, unit.office_id, _("督办"))
    if assignment is not None and assignment.unit_id != unit.pk:
        raise ApplicationError(_("所选巡察对象不是该单位。"), field="assignment")
    if assignment is not None:
        require_round_open(assignment.round_id)
    action = Action(unit=unit, kind=kind, reason=reason, date=date, note=note, assignment=assignment, taken_by=actor)
    action.full_clean()
    action.save()
    return action


# --- close-out review (销号审核): the supervisor's decision on a report of rectification ------


@service("issue_close")
def issue_close(
    *,
    actor: User,
    issue: Issue,
    comment: str = "",
    corrected: int = 0,
    funds_refunded_wan: Decimal | int = 0,
    special_campaign: str = "",
    persons_accountable: int = 0,
    rules_made: int = 0,
    version: int | None = None,
) -> Issue:
    """A supervisor of the supervising office (the inspecting office unless handed over, or an
    ancestor) closes out (销号) an issue, recording the 纠清治问建 outcome."""
    issue = locked_issue(issue, version)
    require_close_out_reviewer(actor, issue.supervising_office_id, _("审核销号"))
    now = timezone.now()
    move_issue(issue, actor=actor, action="close", comment=comment, closed_at=now)
    _review(
        issue,
        actor,
        ReviewDecision.CLOSE,
        comment,
        corrected=corrected,
        funds_refunded_wan=funds_refunded_wan,
        special_campaign=special_campaign,
        persons_accountable=persons_accountable,
        rules_made=rules_made,
    )
    return issue


@service("issue_return")
def issue_return(*, actor: User, issue: Issue, comment: str, version: int | None = None) -> Issue:
    """A supervisor returns (退回) a report of rectification, with the reason."""
    comment = required_text(comment, "comment", _("退回必须填写理由。"))
    issue = locked_issue(issue, version)
    require_close_out_reviewer(actor, issue.supervising_office_id, _("退回整改"))
    move_issue(issue, actor=actor, action="return", comment=comment)
    _review(issue, actor, ReviewDecision.RETURN, comment)
    return issue


@service("issue_long_term")
def issue_long_term(*, actor: User, issue: Issue, comment: str = "", version: int | None = None) -> Issue:
    """A supervisor moves an issue to long-term rectification; progress is then due periodically."""
    issue = locked_issue(issue, version)
    require_close_out_reviewer(actor, issue.supervising_office_id, _("转为长期整改"))
    next_due = deadlines.long_term_next_report(issue.office, deadlines.today())
    move_issue(issue, actor=actor, action="long_term", comment=comment, next_progress_due=next_due)
    _review(issue, actor, ReviewDecision.LONG_TERM, comment)
    return issue


def _review(issue: Issue, actor: User, decision: str, comment: str, **outcome):
    review = Review(issue=issue, reviewer=actor, decision=decision, comment=comment, **outcome)
    review.full_clean()
    review.save()
    return review


# --- deadline extensions (整改延期): the unit asks, a supervisor or admin decides -------------


@service("extension_request")
def extension_request(*, actor: User, issue: Issue, requested_deadline: dt.date, reason: str) -> DeadlineExtension:
    """The unit's liaison asks to move the deadline of an issue in rectification (or long-term) to a
    later date, with a reason; one request waits at a time. The deadline moves only on approval."""
    issue = locked_issue(issue, None)
    require(is_unit_liaison(actor, issue.unit_id), _("只有本单位的整改联络员可以申请延期。"))
    if issue.status not in RECTIFYING:
        raise TransitionError(_("只能为整改中或长期整改的问题申请延期。"))
    if DeadlineExtension.objects.filter(issue=issue, status=ExtensionStatus.PENDING).exists():
        raise TransitionError(_("该问题已有延期申请等待审批，请等待审批结果。"))
    reason = required_text(reason, "reason", _("请填写延期理由。"))
    if issue.deadline and requested_deadline <= issue.deadline:
        raise ValidationError(
            {
                "requested_deadline": _("申请延至的日期应晚于当前整改期限（%(date)s）。")
                % {"date": issue.deadline.isoformat()}
            }
        )
    if requested_deadline <= deadlines.today():
        raise ValidationError({"requested_deadline": _("申请延至的日期应晚于今天。")})
    check_not_too_late(requested_deadline, "requested_deadline")
    extension = DeadlineExtension(issue=issue, requested_by=actor, requested_deadline=requested_deadline, reason=reason)
    extension.full_clean()
    extension.save()
    comment = _("申请将整改期限延至 %(date)s：%(reason)s") % {
        "date": requested_deadline.isoformat(),
        "reason": reason,
    }
    issue_event(issue, actor=actor, action="extension_request", from_status=issue.status, comment=comment)
    return extension


@service("extension_decide")
def extension_decide(
    *, actor: User, extension: DeadlineExtension, approve: bool, comment: str = ""
) -> DeadlineExtension:
    """A supervisor or admin of the issue's office (or an ancestor) approves a pending request, which
    moves the issue's deadline, or refuses it with a reason. Both are events on the issue."""
    issue_id = DeadlineExtension.objects.values_list("issue_id", flat=True).get(pk=extension.pk)
    issue = locked_issue(Issue(pk=issue_id), None)  # the issue first, as every issue write locks it
    extension = DeadlineExtension.objects.select_for_update().get(pk=extension.pk)
    require_manager(actor, issue.supervising_office_id, _("审批延期申请"))
    if extension.status != ExtensionStatus.PENDING:
        raise TransitionError(_("该延期申请已审批（%(status)s）。") % {"status": extension.get_status_display()})
    comment = (comment or "").strip()
    if approve:
        if issue.status not in (*RECTIFYING, IssueStatus.PENDING_REVIEW):
            raise TransitionError(_("问题已不在整改中，不能批准延期。"))
        if issue.deadline and extension.requested_deadline <= issue.deadline:
            raise TransitionError(_("申请延至的日期已不晚于当前整改期限，不能批准。"))
        previous = issue.deadline
        issue.deadline = extension.requested_deadline
        issue.version += 1
        issue.save(update_fields=["deadline", "version", "updated_at"])
        text = _("整改期限由 %(old)s 延至 %(new)s。") % {
            "old": previous.isoformat() if previous else "—",
            "new": issue.deadline.isoformat(),
        }
        action = "extend"
    else:
        comment = required_text(comment, "comment", _("不予延期必须填写理由。"))
        text = _("申请延至 %(date)s，不予批准。") % {"date": extension.requested_deadline.isoformat()}
        action = "extension_refuse"
    extension.status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
    extension.decided_by = actor
    extension.decided_at = timezone.now()
    extension.decision_comment = comment
    extension.full_clean()
    extension.save()
    issue_event(issue, actor=actor, action=action, from_status=issue.status, comment=f"{text}{comment}")
    return extension
