"""The inspection screens: rounds, assignments, issues, clues, secretary points, special
reports, the Excel import of findings, search and the type-ahead endpoints.

Views are thin: they parse a form, call one service or selector, and render. Every object is
fetched through ``Model.objects.visible_to(request.user)``, so anything outside the user's
scope is a 404. Refusals become readable messages: a service's ``PermissionDenied`` a 403
with its message, ``ValidationError`` errors next to the fields, ``ApplicationError`` (and its
``TransitionError`` / ``ConflictError``) a flash message.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from accounts.scopes import group_role, sees_internal_work
from core.errors import ApplicationError
from core.web import (
    advanced_fields,
    call_service,
    filter_page,
    list_template,
    never_store,
    run_action,
    visible_or_404,
)
from rectification.models import Feedback, Plan

from . import imports, selectors, services
from .choices import IssueStatus, ReadVia
from .filters import (
    ClueFilterSet,
    IssueFilterSet,
    RoundFilterSet,
    SecretaryPointFilterSet,
    SpecialReportFilterSet,
)
from .forms import (
    AssignmentEditForm,
    AssignmentForm,
    ClueForm,
    ClueOutcomeForm,
    CluePersonFormSet,
    ClueTransferForm,
    CommentForm,
    GroupForm,
    ImportUploadForm,
    IssueEditForm,
    IssueForm,
    MembershipForm,
    RoundForm,
    SecretaryPointForm,
    SpecialReportForm,
    WithdrawForm,
)
from .models import Assignment, Clue, Group, GroupMembership, Issue, Round, SecretaryPoint, SpecialReport

# --- small pages ------------------------------------------------------------------------------


@login_required
def placeholder(request, section: str):
    labels = {"rectification": _("整改"), "stats": _("统计"), "ledgers": _("台账")}
    if section not in labels:
        raise Http404
    return render(request, "inspections/placeholder.html", {"section": labels[section]})


@never_store
@login_required
def search(request):
    """One search box over issues, units, rounds and — for those who may read them — clues."""
    q = (request.GET.get("q") or "").strip()
    context = {"q": q, "issues": [], "clues": [], "units": [], "rounds": []}
    if q:
        issues = selectors.issue_list(user=request.user)
        context["issues"] = list(IssueFilterSet({"q": q}, queryset=issues, request=request).qs[:20])
        context["units"] = list(selectors.lookup_units(user=request.user, q=q))
        context["rounds"] = list(selectors.lookup_rounds(user=request.user, q=q))
        if selectors.can_read_clues(request.user):
            clues = list(
                ClueFilterSet({"q": q}, queryset=selectors.clue_list(user=request.user), request=request).qs[:20]
            )
            services.clue_reads_log(user=request.user, clues=clues, via=ReadVia.UI_LIST)
            context["clues"] = clues
    return render(request, "inspections/search.html", context)


# --- type-ahead endpoints ---------------------------------------------------------------------


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _results(items) -> JsonResponse:
    return JsonResponse({"results": [{"value": str(value), "text": text} for value, text in items]})


@login_required
@require_GET
def lookup_units(request):
    q = (request.GET.get("q") or "").strip()
    units = selectors.lookup_units(user=request.user, q=q, round_id=_int(request.GET.get("round")))
    return _results((u.pk, f"{u.name}（{u.code}）") for u in units)


@login_required
@require_GET
def lookup_rounds(request):
    rounds = selectors.lookup_rounds(user=request.user, q=(request.GET.get("q") or "").strip())
    return _results((r.pk, f"{r.office.name} · {r}") for r in rounds)


@login_required
@require_GET
def lookup_groups(request):
    groups = selectors.lookup_groups(
        user=request.user, q=(request.GET.get("q") or "").strip(), round_id=_int(request.GET.get("round"))
    )
    return _results((g.pk, f"{g.round} · {g}") for g in groups)


@login_required
@require_GET
def lookup_assignments(request):
    assignments = selectors.lookup_assignments(
        user=request.user, q=(request.GET.get("q") or "").strip(), mine=request.GET.get("mine") == "1"
    )
    return _results((a.pk, f"{a.round} · {a.unit} · {a.group}") for a in assignments)


@login_required
@require_GET
def lookup_categories(request):
    categories = selectors.lookup_categories(user=request.user, q=(request.GET.get("q") or "").strip())
    return _results((c.pk, f"{c.parent.name} / {c.name}" if c.parent_id else c.name) for c in categories)


@login_required
@require_GET
def lookup_people(request):
    people = selectors.lookup_group_members(
        user=request.user, q=(request.GET.get("q") or "").strip(), group_id=_int(request.GET.get("group"))
    )
    return _results((p.pk, f"{p.display_name}（{p.username}）") for p in people)


@login_required
@require_GET
def lookup_candidates(request):
    """People a manager may add to a group; those who worked in a unit the group inspects are
    marked (回避) so the warning shows while picking."""
    candidates = selectors.lookup_member_candidates(
        user=request.user, q=(request.GET.get("q") or "").strip(), group_id=_int(request.GET.get("group"))
    )
    items = []
    for person, units in candidates:
        text = f"{person.display_name}（{person.username}）"
        talent = getattr(person, "talent", None)
        if talent is not None and talent.employer:
            text += f" · {talent.employer}"
        if units:
            text += " · " + _("回避：曾在%(units)s工作") % {"units": "、".join(unit.name for unit in units)}
        items.append((person.pk, text))
    return _results(items)


# --- rounds -----------------------------------------------------------------------------------


@login_required
def round_list(request):
    filterset, page = filter_page(request, RoundFilterSet, selectors.round_list(user=request.user))
    advanced, basic = advanced_fields(filterset.form, ("q", "stage", "kind"))
    context = {
        "filterset": filterset,
        "page": page,
        "basic_fields": basic,
        "advanced_fields": advanced,
        "can_create": selectors.is_manager(request.user),
    }
    return render(
        request, list_template(request, "inspections/round_list.html", "inspections/round_table.html"), context
    )


@login_required
def round_create(request):
    if not selectors.is_manager(request.user):
        raise PermissionDenied(_("只有审核监督人员和系统管理员可以安排巡察轮次。"))
    form = RoundForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        round_, status = call_service(request, form, services.round_create, **form.cleaned_data)
        if round_ is not None:
            messages.success(request, _("已创建巡察轮次“%(round)s”。") % {"round": round_})
            return redirect("inspections:round-detail", pk=round_.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/round_form.html", {"form": form}, status=status)


@login_required
def round_update(request, pk: int):
    round_ = visible_or_404(Round, request, pk, "office")
    if not selectors.is_manager(request.user, round_.office_id):
        raise PermissionDenied(_("只有本级或上级机构的审核监督人员、系统管理员可以修改巡察轮次。"))
    initial = {f: getattr(round_, f) for f in services.ROUND_FIELDS}
    form = RoundForm(request.POST or None, initial=initial, user=request.user, editing=True)
    status = 200
    if request.method == "POST" and form.is_valid():
        result, status = call_service(request, form, services.round_update, round=round_, **form.cleaned_data)
        if result is not None:
            messages.success(request, _("已保存。"))
            return redirect("inspections:round-detail", pk=round_.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/round_form.html", {"form": form, "round": round_}, status=status)


@login_required
def round_detail(request, pk: int):
    round_ = visible_or_404(Round, request, pk, "office")
    assignments = Assignment.objects.visible_to(request.user).filter(round=round_).distinct()
    rows = selectors.assignment_rows(user=request.user, assignments=assignments.order_by("group__number", "unit__name"))
    manager = selectors.is_manager(request.user, round_.office_id)
    context = {
        "round": round_,
        "groups": selectors.round_groups(user=request.user, round=round_),
        "rows": rows,
        "show_clues": selectors.can_read_clues(request.user),
        "can_manage": manager,
        "group_form": GroupForm(initial={"number": round_.groups.count() + 1}) if manager else None,
        "assignment_form": AssignmentForm(user=request.user, round=round_) if manager else None,
        "points": SecretaryPoint.objects.visible_to(request.user).filter(round=round_).distinct().count(),
        "reports": SpecialReport.objects.visible_to(request.user).filter(round=round_).distinct().count(),
    }
    return render(request, "inspections/round_detail.html", context)


@login_required
@require_POST
def group_create(request, pk: int):
    round_ = visible_or_404(Round, request, pk, "office")
    form = GroupForm(request.POST)
    if form.is_valid():
        group, _status = call_service(request, form, services.group_create, round=round_, **form.cleaned_data)
        if group is not None:
            messages.success(request, _("已组建%(group)s。") % {"group": group})
    for error in form.errors.values():
        messages.error(request, "；".join(error))
    return redirect(reverse("inspections:round-detail", args=[round_.pk]) + "#groups")


def _group_page(request: HttpRequest, group: Group, form=None, status: int = 200) -> HttpResponse:
    manager = selectors.is_manager(request.user, group.round.office_id)
    if manager and form is None:
        form = MembershipForm(user=request.user, group=group)
    context = {
        "group": group,
        "view": selectors.group_view(user=request.user, group=group),
        "can_manage": manager,
        "member_form": form if manager else None,
    }
    return render(request, "inspections/group_detail.html", context, status=status)


@login_required
def group_detail(request, pk: int):
    """A group: its leader, deputies, members and seconded members, its units and 回避."""
    return _group_page(request, visible_or_404(Group, request, pk, "round__office"))


@login_required
@require_POST
def membership_add(request, pk: int):
    group = visible_or_404(Group, request, pk, "round__office")
    if not selectors.is_manager(request.user, group.round.office_id):
        raise PermissionDenied(_("只有本级或上级机构的审核监督人员、系统管理员可以调整巡察组成员。"))
    form = MembershipForm(request.POST, user=request.user, group=group)
    if not form.is_valid():
        return _group_page(request, group, form, status=400)
    membership, status = call_service(request, form, services.membership_add, group=group, **form.cleaned_data)
    if membership is None:
        return _group_page(request, group, form, status=status)
    messages.success(
        request,
        _("已将%(person)s加入%(group)s（%(role)s）。")
        % {"person": membership.user, "group": group, "role": membership.get_role_display()},
    )
    for person, unit in selectors.conflicts(group):
        if person.pk == membership.user_id:
            messages.warning(
                request,
                _("回避提示：%(person)s 曾在 %(unit)s 工作，该组巡察该单位，应当回避。")
                % {"person": person.display_name, "unit": unit.name},
            )
    return redirect(reverse("inspections:group-detail", args=[group.pk]) + "#members")


@login_required
@require_POST
def membership_remove(request, pk: int, membership_pk: int):
    group = visible_or_404(Group, request, pk, "round__office")
    if not selectors.is_manager(request.user, group.round.office_id):
        raise PermissionDenied(_("只有本级或上级机构的审核监督人员、系统管理员可以调整巡察组成员。"))
    membership = get_object_or_404(
        GroupMembership.objects.select_related("user", "group__round"), pk=membership_pk, group=group
    )
    run_action(
        request,
        services.membership_remove,
        _("已将%(person)s移出%(group)s。") % {"person": membership.user, "group": group},
        membership=membership,
    )
    return redirect(reverse("inspections:group-detail", args=[group.pk]) + "#members")


@login_required
def assignment_create(request, pk: int):
    round_ = visible_or_404(Round, request, pk, "office")
    form = AssignmentForm(request.POST or None, user=request.user, round=round_)
    status = 200
    if request.method == "POST" and form.is_valid():
        assignment, status = call_service(request, form, services.assignment_create, round=round_, **form.cleaned_data)
        if assignment is not None:
            messages.success(request, _("已将“%(unit)s”列为巡察对象。") % {"unit": assignment.unit})
            return redirect(reverse("inspections:round-detail", args=[round_.pk]) + "#units")
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/assignment_form.html", {"form": form, "round": round_}, status=status)


@never_store
@login_required
def assignment_detail(request, pk: int):
    assignment = visible_or_404(Assignment, request, pk, "round__office", "unit", "group")
    user = request.user
    issues = selectors.issue_list(user=user).filter(assignment=assignment).order_by("-id")
    show_clues = selectors.can_read_clues(user)
    clues = []
    if show_clues:
        clues = list(selectors.clue_list(user=user).filter(assignment=assignment).order_by("-id")[:50])
        services.clue_reads_log(user=user, clues=clues, via=ReadVia.UI_LIST)
    role = group_role(user, assignment.group_id)
    context = {
        "assignment": assignment,
        "issues": issues[:100],
        "issue_total": issues.count(),
        "show_clues": show_clues,
        "clues": clues,
        "is_member": role is not None,
        # The political portrait is the office's internal work: a unit's liaison never sees it.
        "show_portrait": sees_internal_work(user),
        "edit_form": (
            AssignmentEditForm(initial={f: getattr(assignment, f) for f in services.ASSIGNMENT_EDITABLE})
            if selectors.is_manager(user, assignment.round.office_id)
            else None
        ),
        "points": SecretaryPoint.objects.visible_to(user)
        .filter(round=assignment.round_id, unit=assignment.unit_id)
        .distinct()
        .select_related("created_by"),
        "feedback": Feedback.objects.visible_to(user).filter(assignment=assignment).first(),
        "plans": Plan.objects.visible_to(user).filter(assignment=assignment).order_by("-version"),
        "earlier": selectors.earlier_assignments(user=user, assignment=assignment),
        "row": (
            selectors.assignment_rows(user=user, assignments=Assignment.objects.filter(pk=assignment.pk)) or [None]
        )[0],
    }
    return render(request, "inspections/assignment_detail.html", context)


@login_required
def assignment_update(request, pk: int):
    """Edit the political portrait (政治画像) and the entry and exit dates (managers)."""
    assignment = visible_or_404(Assignment, request, pk, "round__office", "unit", "group")
    if not selectors.is_manager(request.user, assignment.round.office_id):
        raise PermissionDenied(_("只有本级或上级机构的审核监督人员、系统管理员可以修改巡察对象。"))
    initial = {f: getattr(assignment, f) for f in services.ASSIGNMENT_EDITABLE}
    form = AssignmentEditForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        result, status = call_service(
            request, form, services.assignment_update, assignment=assignment, **form.cleaned_data
        )
        if result is not None:
            messages.success(request, _("已保存。"))
            return redirect("inspections:assignment-detail", pk=assignment.pk)
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/assignment_edit.html", {"form": form, "assignment": assignment}, status=status)


# --- issues -----------------------------------------------------------------------------------

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
        initial["assignment"] = _int(request.GET["assignment"])
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


# --- clues ------------------------------------------------------------------------------------


def _require_clue_reader(request) -> None:
    # Not a 403: whether clues exist at all is not revealed to those who may not read them.
    if not selectors.can_read_clues(request.user):
        raise Http404


@never_store
@login_required
def clue_list(request):
    _require_clue_reader(request)
    filterset, page = filter_page(request, ClueFilterSet, selectors.clue_list(user=request.user))
    services.clue_reads_log(user=request.user, clues=page.object_list, via=ReadVia.UI_LIST)
    advanced, basic = advanced_fields(filterset.form, ("q", "status", "round", "unit"))
    context = {"filterset": filterset, "page": page, "basic_fields": basic, "advanced_fields": advanced}
    return render(request, list_template(request, "inspections/clue_list.html", "inspections/clue_table.html"), context)


@never_store
@login_required
def clue_create(request):
    if not selectors.is_group_member(request.user):
        raise PermissionDenied(_("只有巡察组成员可以登记问题线索。"))
    initial = {}
    if request.GET.get("assignment"):
        initial["assignment"] = _int(request.GET["assignment"])
    form = ClueForm(request.POST or None, initial=initial, user=request.user)
    persons = CluePersonFormSet(request.POST or None, prefix="persons")
    status = 200
    if request.method == "POST" and form.is_valid() and persons.is_valid():
        people = [
            {"name": p.cleaned_data["name"].strip(), "post": p.cleaned_data["post"], "rank": p.cleaned_data["rank"]}
            for p in persons.forms
            if p.cleaned_data.get("name", "").strip()
        ]
        clue, status = call_service(request, form, services.clue_create, persons=people, **form.cleaned_data)
        if clue is not None:
            messages.success(request, _("已登记问题线索 %(code)s。") % {"code": clue.code})
            if (
                selectors.can_read_clues(request.user)
                and Clue.objects.visible_to(request.user).filter(pk=clue.pk).exists()
            ):
                return redirect("inspections:clue-detail", pk=clue.pk)
            return redirect("inspections:assignment-detail", pk=clue.assignment_id)
    elif request.method == "POST":
        status = 400
    return render(request, "inspections/clue_form.html", {"form": form, "persons": persons}, status=status)


@never_store
@login_required
def clue_detail(request, pk: int):
    clue = visible_or_404(Clue, request, pk, "assignment", "unit", "round", "group", "created_by")
    services.clue_reads_log(user=request.user, clues=[clue], via=ReadVia.UI_DETAIL)
    context = {
        "clue": clue,
        "persons": clue.persons.all(),
        "events": selectors.clue_events(clue),
        "actions": selectors.clue_actions(user=request.user, clue=clue),
        "withdraw_form": WithdrawForm(initial={"version": clue.version}),
    }
    return render(request, "inspections/clue_detail.html", context)


def _clue_form_page(request, pk: int, form_class, func: Callable, title: str, success: str):
    clue = visible_or_404(Clue, request, pk, "unit", "round", "group")
    form = form_class(request.POST or None, initial={"version": clue.version})
    status = 200
    if request.method == "POST" and form.is_valid():
        result, status = call_service(request, form, func, clue=clue, **form.cleaned_data)
        if result is not None:
            messages.success(request, success)
            return redirect("inspections:clue-detail", pk=clue.pk)
    elif request.method == "POST":
        status = 400
    return render(
        request, "inspections/clue_action_form.html", {"form": form, "clue": clue, "title": title}, status=status
    )


@never_store
@login_required
def clue_transfer(request, pk: int):
    return _clue_form_page(request, pk, ClueTransferForm, services.clue_transfer, _("移交问题线索"), _("已移交。"))


@never_store
@login_required
def clue_outcome(request, pk: int):
    return _clue_form_page(
        request, pk, ClueOutcomeForm, services.clue_record_outcome, _("登记办理结果"), _("已登记办理结果。")
    )


@never_store
@login_required
@require_POST
def clue_withdraw(request, pk: int):
    clue = visible_or_404(Clue, request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        run_action(
            request,
            services.clue_withdraw,
            _("已撤销线索。"),
            clue=clue,
            reason=form.cleaned_data["reason"],
            version=form.cleaned_data.get("version"),
        )
    else:
        for errors in form.errors.values():
            messages.error(request, "；".join(errors))
    return redirect("inspections:clue-detail", pk=clue.pk)


# --- secretary points and special reports -----------------------------------------------------


def _simple_list(request, filterset_class, queryset, basic: tuple, name: str, *, can_create: bool):
    """A list page whose filters, paging and htmx table follow the common pattern."""
    filterset, page = filter_page(request, filterset_class, queryset)
    advanced, basic_fields = advanced_fields(filterset.form, basic)
    context = {
        "filterset": filterset,
        "page": page,
        "basic_fields": basic_fields,
        "advanced_fields": advanced,
        "can_create": can_create,
    }
    return render(
        request, list_template(request, f"inspections/{name}_list.html", f"inspections/{name}_table.html"), context
    )


def _round_item_create(request, form_class, service, *, done: str, list_url: str, template: str):
    """A create form for something recorded against a round (?round= preselects it)."""
    initial = {"round": _int(request.GET.get("round"))} if request.GET.get("round") else {}
    form = form_class(request.POST or None, initial=initial, user=request.user)
    status = 200
    if request.method == "POST" and form.is_valid():
        created, status = call_service(request, form, service, **form.cleaned_data)
        if created is not None:
            messages.success(request, done)
            return redirect(list_url)
    elif request.method == "POST":
        status = 400
    return render(request, template, {"form": form}, status=status)


@login_required
def point_list(request):
    return _simple_list(
        request,
        SecretaryPointFilterSet,
        selectors.point_list(user=request.user),
        ("q", "kind", "round"),
        "point",
        can_create=selectors.can_record_points(request.user),
    )


@login_required
def point_create(request):
    return _round_item_create(
        request,
        SecretaryPointForm,
        services.secretary_point_create,
        done=_("已登记书记点题。"),
        list_url="inspections:point-list",
        template="inspections/point_form.html",
    )


@login_required
def report_list(request):
    return _simple_list(
        request,
        SpecialReportFilterSet,
        selectors.report_list(user=request.user),
        ("q", "round"),
        "report",
        can_create=selectors.is_manager(request.user),
    )


@login_required
def report_create(request):
    return _round_item_create(
        request,
        SpecialReportForm,
        services.special_report_create,
        done=_("已登记巡察专报。"),
        list_url="inspections:report-list",
        template="inspections/report_form.html",
    )


# --- Excel import of findings -----------------------------------------------------------------


@login_required
@require_GET
def import_template(request):
    round_ = None
    if request.GET.get("round"):
        round_ = Round.objects.visible_to(request.user).filter(pk=_int(request.GET["round"])).first()
    response = HttpResponse(
        imports.build_template(user=request.user, round=round_),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    filename = quote(_("问题导入模板") + ".xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@login_required
def import_upload(request):
    """Upload a filled template; answer with the row-by-row preview (nothing is written yet)."""
    initial = {"round": _int(request.GET.get("round"))} if request.GET.get("round") else {}
    form = ImportUploadForm(request.POST or None, request.FILES or None, initial=initial, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        round_ = form.cleaned_data["round"]
        if upload.size > imports.MAX_BYTES:
            form.add_error("file", imports.too_big_message())
        else:
            data = upload.read()
            try:
                preview = imports.preview_upload(user=request.user, round=round_, data=data)
            except ApplicationError as exc:
                form.add_error("file", exc.message)
            else:
                token = uuid.uuid4().hex
                path = imports.upload_path(request.user.pk, token)
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                request.session[f"import-{token}"] = round_.pk
                return render(
                    request, "inspections/import_preview.html", {"preview": preview, "token": token, "round": round_}
                )
    status = 400 if request.method == "POST" else 200
    return render(request, "inspections/import_upload.html", {"form": form}, status=status)


@login_required
@require_POST
def import_confirm(request, token: str):
    """Import the previewed file: checked again, then every row or none. A small file is
    imported at once; a large one by a Celery task while the status page polls."""
    round_id = request.session.get(f"import-{token}")
    path = imports.upload_path(request.user.pk, token)
    if round_id is None or not path.exists():
        messages.error(request, _("导入文件已失效，请重新上传。"))
        return redirect("inspections:import-upload")
    round_ = visible_or_404(Round, request, round_id)
    try:
        rows = imports.read_rows(path.read_bytes())
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect(reverse("inspections:import-upload") + f"?round={round_.pk}")
    if len(rows) > imports.SYNC_ROWS:
        cache_status = {"state": "running", "total": len(rows)}
        imports.cache.set(imports.status_key(token), cache_status, imports.STATUS_SECONDS)
        language = request.LANGUAGE_CODE
        transaction.on_commit(
            lambda: imports.import_findings.delay(
                user_id=request.user.pk, round_id=round_.pk, token=token, language=language
            )
        )
        return redirect("inspections:import-status", token=token)
    status = imports.run_import(user_id=request.user.pk, round_id=round_.pk, token=token)
    return _import_outcome(request, token, status, round_)


def _import_outcome(request, token: str, status: dict, round_: Round):
    if status["state"] == "failed":
        messages.error(request, status["message"])
        return redirect(reverse("inspections:import-upload") + f"?round={round_.pk}")
    request.session.pop(f"import-{token}", None)
    messages.success(request, _("已导入 %(count)s 条问题底稿。") % {"count": status["count"]})
    return redirect(reverse("inspections:issue-list") + f"?tab=mine&round={round_.pk}&status={IssueStatus.DRAFT}")


@login_required
def import_status(request, token: str):
    """The state of a background import; htmx polls it until the task has finished."""
    round_id = request.session.get(f"import-{token}")
    status = imports.import_status(token)
    if round_id is None or status is None:
        raise Http404
    round_ = visible_or_404(Round, request, round_id)
    if status["state"] != "running":
        response = HttpResponse(status=204)
        outcome = _import_outcome(request, token, status, round_)
        if request.headers.get("HX-Request"):
            response["HX-Redirect"] = outcome["Location"]
            return response
        return outcome
    return render(request, "inspections/import_status.html", {"status": status, "round": round_, "token": token})
