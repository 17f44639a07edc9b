"""The rectification screens: the liaison's home, feedback, plans, measures, progress with
evidence, report done, the supervisors' review queue, close-out / return / long-term, audit
evaluation, supervision actions and a unit's record across rounds.

Views are thin (same contract as inspections/views.py, whose helpers they reuse): parse a form,
call one service or selector, render. Every object is fetched through
``Model.objects.visible_to(request.user)``, so anything outside the user's scope is a 404;
uploaded files are served only through views that check the same scope. A refused action keeps
the user's input: the page is rendered again with the bound form and a message (a stale
``version`` — someone else changed the issue — says so, and the form takes the current version
so that a deliberate retry is possible after looking at the changes).
"""

from __future__ import annotations

import mimetypes
from collections.abc import Callable
from pathlib import PurePosixPath

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scopes import follows_rectification, require_manager
from core.errors import ConflictError
from core.web import advanced_fields, call_service, filter_page, list_template, visible_or_404
from inspections import deadlines
from inspections import services as issue_services
from inspections.choices import IssueStatus
from inspections.filters import AssignmentFilterSet, IssueFilterSet, UnitFilterSet
from inspections.models import Assignment, Issue, Unit

from . import selectors, services
from .choices import Grade
from .filters import ExtensionFilterSet, PlanFilterSet
from .forms import (
    ActionForm,
    CloseForm,
    EvaluationForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    FeedbackForm,
    LongTermForm,
    MeasureForm,
    PlanForm,
    PlanReviewForm,
    ProgressForm,
    ReturnForm,
    SubmitForm,
)
from .models import DeadlineExtension, Evidence, Feedback, Plan

# --- helpers ----------------------------------------------------------------------------------


def call(request: HttpRequest, form, func: Callable, *, field_map: Callable | None = None, **kwargs):
    """Run one service for a form (core.web.call_service: field errors, 403 and
    application errors as messages); returns (result, status, conflict).

    ``field_map`` renames the fields a service's ValidationError names (None: a message without
    a field) to the form's field names. ``conflict`` is True when the refusal was a stale version.
    """
    conflict = False

    def wrapped(**kw):
        nonlocal conflict
        try:
            return func(**kw)
        except ConflictError:
            conflict = True
            raise
        except ValidationError as exc:
            if field_map is None:
                raise
            if hasattr(exc, "error_dict"):
                raise ValidationError({field_map(key): errors for key, errors in exc.error_dict.items()}) from exc
            raise ValidationError({field_map(None): exc.messages}) from exc

    result, status = call_service(request, form, wrapped, **kwargs)
    return result, status, conflict


def with_version(data, version: int):
    """The submitted data with the object's current version (after a conflict)."""
    data = data.copy()
    data["version"] = str(version)
    return data


def file_response(file, name: str, content_type: str) -> FileResponse:
    """A stored upload as a download: its own type, the original (Chinese) name, never sniffed."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404(_("文件不存在或已被移除。")) from exc
    response = FileResponse(handle, as_attachment=True, filename=name, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def require_reviewer(request: HttpRequest, office_id: int, what: str) -> None:
    require_manager(request.user, office_id, what)


# --- home and lists ---------------------------------------------------------------------------


@login_required
def home(request):
    """整改工作台: the liaison's units, and for supervisors and leaders the queue and rounds."""
    user = request.user
    context = {
        "is_liaison": selectors.is_liaison(user),
        "is_reader": follows_rectification(user),
        "is_reviewer": selectors.is_reviewer(user),
    }
    if context["is_liaison"]:
        context["liaison"] = selectors.liaison_home(user=user)
    if context["is_reader"]:
        context["counts"] = selectors.review_counts(user)
        context["awaiting_feedback"] = list(selectors.awaiting_feedback(user=user)[:10])
        recent = list(selectors.in_rectification(user=user)[:10])
        figures = selectors.assignment_figures(user=user, assignment_ids=[a.pk for a in recent])
        context["recent"] = [(a, figures[a.pk]) for a in recent]
        context["oldest_issues"] = list(selectors.issues_awaiting_review(user=user)[:5])
        context["oldest_plans"] = list(selectors.plans_awaiting_review(user=user)[:5])
    return render(request, "rectification/home.html", context)


QUEUE_TABS = ("issues", "plans", "extensions")


@login_required
def queue(request):
    """审核队列: plans waiting for review, issues waiting for close-out and deadline extension
    requests waiting for a decision, oldest first."""
    user = request.user
    if not selectors.is_reviewer(user):
        raise PermissionDenied(_("只有审核监督人员和系统管理员有审核队列。"))
    tab = request.GET.get("tab", "issues")
    if tab not in QUEUE_TABS:
        tab = "issues"
    if tab == "plans":
        filterset, page = filter_page(request, PlanFilterSet, selectors.plans_awaiting_review(user=user))
        basic_names = ("round", "unit")
    elif tab == "extensions":
        filterset, page = filter_page(request, ExtensionFilterSet, selectors.extensions_awaiting_decision(user=user))
        basic_names = ("round", "unit")
    else:
        filterset, page = filter_page(request, IssueFilterSet, selectors.issues_awaiting_review(user=user))
        basic_names = ("q", "round", "unit", "category")
    hidden = ("status", "ordering", "office", "assignment", "issue", "overdue", "deadline_after", "deadline_before")
    advanced, basic = advanced_fields(filterset.form, basic_names)
    advanced = [f for f in advanced if f.name not in hidden]
    context = {
        "tab": tab,
        "filterset": filterset,
        "page": page,
        "basic_fields": basic,
        "advanced_fields": advanced,
        "counts": selectors.review_counts(user),
    }
    table = f"rectification/queue_{tab}_table.html"
    return render(request, list_template(request, "rectification/queue.html", table), context)


ASSIGNMENT_TABS = ("rectifying", "awaiting")


@login_required
def assignment_list(request):
    """Assignments in rectification (or awaiting feedback), filtered and paginated, with figures."""
    user = request.user
    tab = request.GET.get("tab", "rectifying")
    if tab not in ASSIGNMENT_TABS:
        tab = "rectifying"
    queryset = selectors.awaiting_feedback(user=user) if tab == "awaiting" else selectors.in_rectification(user=user)
    filterset, page = filter_page(request, AssignmentFilterSet, queryset)
    advanced, basic = advanced_fields(filterset.form, ("round", "unit", "group"))
    figures = selectors.assignment_figures(user=user, assignment_ids=[a.pk for a in page.object_list])
    context = {
        "tab": tab,
        "filterset": filterset,
        "page": page,
        "rows": [(a, figures[a.pk]) for a in page.object_list],
        "basic_fields": basic,
        "advanced_fields": [f for f in advanced if f.name != "office"],
    }
    return render(
        request,
        list_template(request, "rectification/assignment_list.html", "rectification/assignment_table.html"),
        context,
    )


@login_required
def unit_list(request):
    """Inspected units with their figures across rounds (the way to a unit's page)."""
    user = request.user
    filterset, page = filter_page(request, UnitFilterSet, Unit.objects.visible_to(user).distinct())
    advanced, basic = advanced_fields(filterset.form, ("q", "kind"))
    figures = selectors.unit_figures(user=user, unit_ids=[u.pk for u in page.object_list])
    context = {
        "filterset": filterset,
        "page": page,
        "rows": [(u, figures[u.pk]) for u in page.object_list],
        "basic_fields": basic,
        "advanced_fields": [f for f in advanced if f.name not in ("parent", "is_active")],
    }
    return render(
        request, list_template(request, "rectification/unit_list.html", "rectification/unit_table.html"), context
    )


# --- an assignment: feedback, plans, evaluation -----------------------------------------------


def _assignment(request: HttpRequest, pk: int) -> Assignment:
    return visible_or_404(Assignment, request, pk, "round__office", "unit", "group")


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


# --- an issue: measures, progress, report done, review ----------------------------------------


def _issue(request: HttpRequest, pk: int) -> Issue:
    return visible_or_404(
        Issue, request, pk, "assignment__round__office", "office", "unit", "round", "group", "category"
    )


def _render_issue(
    request: HttpRequest, issue: Issue, *, forms: dict | None = None, status: int = 200, keep: str | None = None
):
    """The issue's rectification page; ``keep`` names a form shown even if its action is no longer
    available (after a conflict the user's input stays on the page)."""
    current = {"version": issue.version}
    data = selectors.issue_rectification(user=request.user, issue=issue)
    shown = dict(data["actions"])
    if keep:
        shown[keep] = True
    context = {
        "issue": issue,
        **data,
        "shown": shown,
        "kept": keep,
        "measure_form": MeasureForm(),
        "progress_form": ProgressForm(),
        "submit_form": SubmitForm(initial=current),
        "close_form": CloseForm(initial=current),
        "return_form": ReturnForm(initial=current),
        "long_term_form": LongTermForm(initial=current),
        "extension_form": ExtensionRequestForm(),
        "decide_form": ExtensionDecideForm(),
        **(forms or {}),
    }
    return render(request, "rectification/issue_detail.html", context, status=status)


def _issue_url(issue: Issue, anchor: str = "") -> str:
    return reverse("rectification:issue", args=[issue.pk]) + anchor


@login_required
def issue_detail(request, pk: int):
    return _render_issue(request, _issue(request, pk))


@login_required
@require_POST
def measure_create(request, pk: int):
    issue = _issue(request, pk)
    form = MeasureForm(request.POST)
    status = 400
    if form.is_valid():
        measure, status, _conflict = call(request, form, services.measure_create, issue=issue, **form.cleaned_data)
        if measure is not None:
            messages.success(request, _("已添加整改措施。"))
            return redirect(_issue_url(issue, "#measures"))
        issue = _issue(request, pk)
    return _render_issue(request, issue, forms={"measure_form": form}, status=status)


@login_required
@require_POST
def progress_create(request, pk: int):
    """A progress entry with evidence files; a refused file names its reason, nothing is saved,
    and the text and date the user typed stay in the form."""
    issue = _issue(request, pk)
    form = ProgressForm(request.POST, request.FILES)
    status = 400
    if form.is_valid():
        progress, status, _conflict = call(
            request,
            form,
            services.progress_create,
            issue=issue,
            date=form.cleaned_data["date"],
            text=form.cleaned_data["text"],
            files=form.cleaned_data["files"],
        )
        if progress is not None:
            count = len(form.cleaned_data["files"])
            messages.success(request, _("已报送整改进展，附佐证材料 %(count)s 份。") % {"count": count})
            return redirect(_issue_url(issue, "#progress"))
        issue = _issue(request, pk)
    return _render_issue(request, issue, forms={"progress_form": form}, status=status)


@login_required
@require_POST
def extension_request(request, pk: int):
    """整改延期申请: the liaison asks for a later deadline; it moves only when approved."""
    issue = _issue(request, pk)
    form = ExtensionRequestForm(request.POST)
    status = 400
    if form.is_valid():
        extension, status, _conflict = call(request, form, services.extension_request, issue=issue, **form.cleaned_data)
        if extension is not None:
            date = extension.requested_deadline.isoformat()
            messages.success(request, _("已提交延期申请（申请延至 %(date)s），等待审批。") % {"date": date})
            return redirect(_issue_url(issue, "#extensions"))
        issue = _issue(request, pk)
    return _render_issue(request, issue, forms={"extension_form": form}, status=status)


@login_required
@require_POST
def extension_decide(request, pk: int):
    """A supervisor or admin approves a pending extension (the deadline moves) or refuses it."""
    extension = visible_or_404(DeadlineExtension, request, pk)
    issue = _issue(request, extension.issue_id)
    form = ExtensionDecideForm(request.POST)
    status = 400
    if form.is_valid():
        approve = form.cleaned_data["decision"] == ExtensionDecideForm.APPROVE
        comment = form.cleaned_data["comment"]
        result, status, _conflict = call(
            request, form, services.extension_decide, extension=extension, approve=approve, comment=comment
        )
        if result is not None:
            approved = _("已批准延期，整改期限调整为 %(date)s。") % {"date": result.requested_deadline.isoformat()}
            messages.success(request, approved if approve else _("已不予批准该延期申请。"))
            return redirect(_issue_url(issue, "#extensions"))
        issue = _issue(request, extension.issue_id)
    return _render_issue(request, issue, forms={"decide_form": form}, status=status)


def _versioned_action(request, pk: int, form_class, action: str, func: Callable, success: str, anchor: str):
    """An issue transition with the version the user saw (optimistic locking)."""
    form_key = f"{action}_form"
    issue = _issue(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _render_issue(request, issue, forms={form_key: form}, status=400, keep=action)
    data = dict(form.cleaned_data)
    version = data.pop("version")
    result, status, conflict = call(request, form, func, issue=issue, version=version, **data)
    if result is not None:
        messages.success(request, success)
        return redirect(_issue_url(result, anchor))
    issue = _issue(request, pk)
    if conflict:
        # Keep what the user typed; the page shows the current state and the current version.
        form = form_class(with_version(request.POST, issue.version))
        form.is_valid()
    return _render_issue(request, issue, forms={form_key: form}, status=status, keep=action)


@login_required
@require_POST
def issue_submit(request, pk: int):
    return _versioned_action(
        request, pk, SubmitForm, "submit", issue_services.issue_submit, _("已报请销号，等待审核。"), "#timeline"
    )


@login_required
@require_POST
def issue_close(request, pk: int):
    return _versioned_action(request, pk, CloseForm, "close", services.issue_close, _("已销号。"), "#timeline")


@login_required
@require_POST
def issue_return(request, pk: int):
    return _versioned_action(
        request, pk, ReturnForm, "return", services.issue_return, _("已退回，单位将继续整改。"), "#timeline"
    )


@login_required
@require_POST
def issue_long_term(request, pk: int):
    return _versioned_action(
        request,
        pk,
        LongTermForm,
        "long_term",
        services.issue_long_term,
        _("已转为长期整改，单位须定期报送进展。"),
        "#timeline",
    )


# --- files, served only within scope ----------------------------------------------------------


@login_required
def evidence_download(request, pk: int) -> HttpResponse:
    evidence = get_object_or_404(Evidence.objects.visible_to(request.user), pk=pk)
    return file_response(evidence.file, evidence.original_name, evidence.content_type)


def _stored_name(file) -> str:
    return PurePosixPath(file.name).name


def _guessed_type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


@login_required
def plan_attachment(request, pk: int) -> HttpResponse:
    plan = get_object_or_404(Plan.objects.visible_to(request.user), pk=pk)
    if not plan.attachment:
        raise Http404
    name = _stored_name(plan.attachment)
    return file_response(plan.attachment, name, _guessed_type(name))


@login_required
def feedback_document(request, pk: int) -> HttpResponse:
    feedback = get_object_or_404(Feedback.objects.visible_to(request.user), pk=pk)
    if not feedback.document:
        raise Http404
    name = _stored_name(feedback.document)
    return file_response(feedback.document, name, _guessed_type(name))


# --- units: record across rounds, supervision actions -----------------------------------------


@login_required
def unit_detail(request, pk: int):
    unit = visible_or_404(Unit, request, pk, "office")
    context = {"unit": unit, **selectors.unit_record(user=request.user, unit=unit)}
    return render(request, "rectification/unit_detail.html", context)


@login_required
def action_create(request, pk: int):
    """督办 against a unit: reminder, supervision notice, interview (约谈), circulated notice (通报)."""
    unit = visible_or_404(Unit, request, pk, "office")
    require_reviewer(request, unit.office_id, _("督办被巡察单位"))
    form = ActionForm(request.POST or None, user=request.user, unit=unit)
    status = 200
    if request.method == "POST" and form.is_valid():
        action, status, _conflict = call(request, form, services.action_create, unit=unit, **form.cleaned_data)
        if action is not None:
            messages.success(
                request,
                _("已登记%(kind)s（%(reason)s），可下载整改督办通知书。")
                % {"kind": action.get_kind_display(), "reason": action.get_reason_display()},
            )
            return redirect(reverse("rectification:unit", args=[unit.pk]) + "#actions")
    elif request.method == "POST":
        status = 400
    return render(request, "rectification/action_form.html", {"form": form, "unit": unit}, status=status)
