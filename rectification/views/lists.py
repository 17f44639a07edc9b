"""整改工作台 and the lists: the liaison's and supervisors' home, the review queue, assignments and units."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext as _

from accounts.scopes import follows_rectification
from core.web import advanced_fields, filter_page, list_template
from inspections.choices import IssueStatus
from inspections.filters import AssignmentFilterSet, IssueFilterSet, UnitFilterSet
from inspections.models import Issue, Unit

from .. import selectors
from ..filters import ExtensionFilterSet, PlanFilterSet


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
        if not context["is_reviewer"]:  # a leader: the office's queue as he may read it (issue 15)
            pending = Issue.objects.visible_to(user).filter(status=IssueStatus.PENDING_REVIEW).count()
            context["counts"] = {**context["counts"], "issues": pending}
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
    hidden = ("status", "ordering", "office", "office_scope", "assignment", "issue", "overdue")
    hidden += ("deadline_after", "deadline_before")
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
        "advanced_fields": [f for f in advanced if f.name not in ("office", "office_scope")],
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
