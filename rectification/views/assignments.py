"""An assignment's rectification: feedback, plans and their review, the audit evaluation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scopes import require_manager
from core.web import run_action, visible_or_404
from inspections import deadlines
from inspections import services as inspection_services
from inspections.choices import IssueStatus
from inspections.models import Assignment, Issue

from .. import selectors, services
from ..choices import Grade
from ..forms import (
    EvaluationForm,
    FeedbackForm,
    PlanForm,
    PlanReviewForm,
)
from ..models import Plan
from .base import call, require_reviewer


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    return visible_or_404(Assignment, request, pk, "round__office", "unit__office", "group")


def _render_assignment(request: HttpRequest, assignment: Assignment, *, forms: dict | None = None, status: int = 200):
    state = selectors.assignment_state(user=request.user, assignment=assignment)
    context = {
        "assignment": assignment,
        **state,
        "plan_form": PlanForm(),
        "review_form": PlanReviewForm(),
        **(forms or {}),
    }
    return render(request, "rectification/assignment_detail.html", context, status=status)


@login_required
def assignment_detail(request, pk: int):
    return _render_assignment(request, _assignment(request, pk))


@login_required
def feedback_record(request, pk: int):
    """Record the feedback meeting; the assignment's confirmed issues go into rectification."""
    assignment = _assignment(request, pk)
    require_reviewer(request, assignment.round.office_id, _("登记巡察反馈"))
    if assignment.feedback_date:
        messages.info(request, _("该巡察对象已经反馈。"))
        return redirect("rectification:assignment", pk=assignment.pk)
    today = deadlines.today()
    initial = {"meeting_date": max(today, assignment.exit_date or today)}
    form = FeedbackForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        feedback, status, _conflict = call(
            request, form, services.feedback_record, assignment=assignment, **form.cleaned_data
        )
        if feedback is not None:
            assignment.refresh_from_db()
            count = Issue.objects.visible_to(request.user).filter(assignment=assignment, status=IssueStatus.RECTIFYING)
            messages.success(
                request,
                _(
                    "已登记巡察反馈，%(count)s 个问题进入整改；"
                    "整改方案应于 %(plan_due)s 前报送，整改情况报告应于 %(report_due)s 前报送。"
                )
                % {
                    "count": count.count(),
                    "plan_due": assignment.plan_due.isoformat() if assignment.plan_due else "—",
                    "report_due": assignment.report_due.isoformat() if assignment.report_due else "—",
                },
            )
            return redirect("rectification:assignment", pk=assignment.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "rectification/feedback_form.html", {"form": form, "assignment": assignment}, status=status)


@login_required
@require_POST
def plan_submit(request, pk: int):
    """The liaison submits (or, after a return, resubmits) the rectification plan."""
    assignment = _assignment(request, pk)
    form = PlanForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        plan, status, _conflict = call(
            request,
            form,
            services.plan_submit,
            field_map=lambda key: "attachment" if key is None else key,
            assignment=assignment,
            **form.cleaned_data,
        )
        if plan is not None:
            messages.success(request, _("已报送整改方案（第 %(version)s 版），等待审核。") % {"version": plan.version})
            return redirect(reverse("rectification:assignment", args=[assignment.pk]) + "#plans")
    return _render_assignment(request, assignment, forms={"plan_form": form}, status=status)


@login_required
@require_POST
def plan_review(request, pk: int):
    """Supervisors' joint review of a plan: approve, or return with the reason."""
    plan = visible_or_404(Plan, request, pk, "assignment")
    assignment = _assignment(request, plan.assignment_id)
    form = PlanReviewForm(request.POST)
    status = 400
    if form.is_valid():
        approve = form.cleaned_data["decision"] == PlanReviewForm.APPROVE
        result, status, _conflict = call(
            request, form, services.plan_review, plan=plan, approve=approve, comment=form.cleaned_data["comment"]
        )
        if result is not None:
            messages.success(
                request, _("整改方案已审核通过。") if approve else _("已退回整改方案，等待单位修改后重新报送。")
            )
            return redirect(reverse("rectification:assignment", args=[assignment.pk]) + "#plans")
    return _render_assignment(request, assignment, forms={"review_form": form}, status=status)


@login_required
def evaluation_create(request, pk: int):
    """整改审核评估 from the office's checklist; a grade below 合格 reopens rectification."""
    assignment = _assignment(request, pk)
    require_reviewer(request, assignment.round.office_id, _("开展整改审核评估"))
    template = selectors.evaluation_template(assignment.round.office)
    form = EvaluationForm(request.POST or None, template=template)
    status = 200
    if request.method == "POST" and form.is_valid():
        closed_before = (
            Issue.objects.visible_to(request.user).filter(assignment=assignment, status=IssueStatus.CLOSED).count()
        )
        evaluation, status, _conflict = call(
            request,
            form,
            services.evaluation_record,
            field_map=form.error_field,
            assignment=assignment,
            template=template,
            scores=form.scores(),
            comment=form.cleaned_data["comment"],
            evaluated_on=form.cleaned_data["evaluated_on"],
        )
        if evaluation is not None:
            values = {"total": evaluation.total, "grade": evaluation.get_grade_display()}
            if evaluation.grade in (Grade.BASIC, Grade.FAIL):
                assignment.refresh_from_db()
                values |= {
                    "round": assignment.rectification_round,
                    "count": closed_before,
                    "due": assignment.report_due.isoformat() if assignment.report_due else "—",
                }
                messages.warning(
                    request,
                    _(
                        "评估得分 %(total)s 分，等次为“%(grade)s”，低于合格：已启动第 %(round)s 轮整改，"
                        "%(count)s 个已销号问题重新进入整改，整改情况报告应于 %(due)s 前报送。"
                    )
                    % values,
                )
            else:
                messages.success(request, _("已完成整改审核评估：%(total)s 分，等次为“%(grade)s”。") % values)
            return redirect(reverse("rectification:assignment", args=[assignment.pk]) + "#evaluations")
    elif request.method == "POST":
        status = 400
    context = {
        "assignment": assignment,
        "template": template,
        "form": form,
        "thresholds": selectors.grade_thresholds(),
        "group_labels": selectors.GROUP_LABELS,
    }
    return render(request, "rectification/evaluation_form.html", context, status=status)


@login_required
@require_POST
def supervision_hand_over(request, pk: int):
    """整改督促责任: hand the rectification supervision to the unit's home office, or take it back."""
    assignment = _assignment(request, pk)
    require_manager(request.user, assignment.round.office_id, _("移交整改督促责任"))
    to_home = request.POST.get("to") == "home"
    run_action(
        request,
        inspection_services.assignment_hand_over,
        _("已将整改督促责任移交%(office)s。") % {"office": assignment.unit.office.name}
        if to_home
        else _("整改督促责任由%(office)s承担。") % {"office": assignment.round.office.name},
        assignment=assignment,
        to_home_office=to_home,
    )
    return redirect(reverse("rectification:assignment", args=[assignment.pk]) + "#supervision")
