"""Issues (问题): list, entry, edit, and the group's moves (review, confirm, withdraw)."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.scopes import sees_internal_work
from core.web import (
    advanced_fields,
    call_service,
    filter_page,
    int_or_none,
    list_template,
    run_action,
    visible_or_404,
)

from .. import selectors, services
from ..filters import (
    IssueFilterSet,
)
from ..forms import (
    CommentForm,
    IssueEditForm,
    IssueForm,
    WithdrawForm,
)
from ..models import Issue

ISSUE_TABS = ("all", "mine", "review")


@login_required
def issue_list(request):
    tab = request.GET.get("tab", "all")
    if tab not in ISSUE_TABS:
        tab = "all"
    user = request.user
    queryset = {
        "all": selectors.issue_list,
        "mine": selectors.my_drafts,
        "review": selectors.awaiting_my_review,
    }[tab](user=user)
    filterset, page = filter_page(request, IssueFilterSet, queryset)
    advanced, basic = advanced_fields(filterset.form, ("q", "status", "round", "unit", "category"))
    context = {
        "filterset": filterset,
        "page": page,
        "tab": tab,
        "basic_fields": basic,
        "advanced_fields": advanced,
        "is_member": selectors.is_group_member(user),
        "counts": {
            "mine": selectors.my_drafts(user=user).count(),
            "review": selectors.awaiting_my_review(user=user).count(),
        },
    }
    return render(
        request, list_template(request, "inspections/issue_list.html", "inspections/issue_table.html"), context
    )


@login_required
def issue_create(request):
    initial = {}
    if request.GET.get("assignment"):
        initial["assignment"] = int_or_none(request.GET["assignment"])
    form = IssueForm(request.POST or None, initial=initial, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        issue, status = call_service(request, form, services.issue_create, **form.cleaned_data)
        if issue is not None:
            messages.success(request, _("已登记问题底稿 %(code)s。") % {"code": issue.code})
            if "add_another" in request.POST:
                return redirect(reverse("inspections:issue-create") + f"?assignment={issue.assignment_id}")
            return redirect("inspections:issue-detail", pk=issue.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/issue_form.html", {"form": form}, status=status)


@login_required
def issue_detail(request, pk: int):
    issue = visible_or_404(
        Issue, request, pk, "assignment", "unit", "round", "group", "category", "case_officer", "deputy_reviewer"
    )

    context = {
        "issue": issue,
        "events": selectors.issue_events(issue, user=request.user),
        # The drafting history is the group's internal work; a unit's liaison does not see it.
        "history": selectors.field_history(issue) if sees_internal_work(request.user) else [],
        "actions": selectors.issue_actions(user=request.user, issue=issue),
        "comment_form": CommentForm(initial={"version": issue.version}),
        "withdraw_form": WithdrawForm(initial={"version": issue.version}),
    }
    return render(request, "inspections/issue_detail.html", context)


@login_required
def issue_update(request, pk: int):
    issue = visible_or_404(Issue, request, pk, "category", "case_officer")
    initial = {
        "category": issue.category_id,
        "title": issue.title,
        "facts": issue.facts,
        "basis": issue.basis,
        "how_found": issue.how_found,
        "nature": issue.nature,
        "immediate": issue.immediate,
        "found_on": issue.found_on,
        "case_officer": issue.case_officer_id,
        "version": issue.version,
    }
    form = IssueEditForm(request.POST or None, initial=initial, user=request.user, issue=issue)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        version = data.pop("version")
        if not data.get("found_on"):
            data["found_on"] = issue.found_on
        result, status = call_service(request, form, services.issue_update, issue=issue, version=version, **data)
        if result is not None:
            messages.success(request, _("已保存问题底稿。"))
            return redirect("inspections:issue-detail", pk=issue.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/issue_form.html", {"form": form, "issue": issue}, status=status)


def _issue_action(request, pk: int, func: Callable, success: str, form_class=CommentForm, field: str = "comment"):
    issue = visible_or_404(Issue, request, pk)
    form = form_class(request.POST)
    if form.is_valid():
        kwargs = {field: form.cleaned_data[field], "version": form.cleaned_data.get("version")}
        run_action(request, func, success, issue=issue, **kwargs)
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("inspections:issue-detail", pk=issue.pk)


@login_required
@require_POST
def issue_review(request, pk: int):
    return _issue_action(request, pk, services.issue_review, _("已审核，等待组长确认。"))


@login_required
@require_POST
def issue_confirm(request, pk: int):
    return _issue_action(request, pk, services.issue_confirm, _("已确认问题。"))


@login_required
@require_POST
def issue_withdraw(request, pk: int):
    return _issue_action(request, pk, services.issue_withdraw, _("已撤销问题。"), WithdrawForm, "reason")
