"""An issue's rectification: measures, progress with evidence, deadline extensions, report done
and the close-out review."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.web import visible_or_404
from inspections import services as issue_services
from inspections.models import Issue

from .. import selectors, services
from ..forms import (
    CloseForm,
    ExtensionDecideForm,
    ExtensionRequestForm,
    LongTermForm,
    MeasureForm,
    ProgressForm,
    ReturnForm,
    SubmitForm,
)
from ..models import DeadlineExtension
from .base import call, with_version


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
