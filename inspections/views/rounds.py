"""Rounds, groups with their members, and assignments (巡察对象)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.choices import Role
from accounts.scopes import group_role, reaches_office, require_manager, sees_internal_work, sees_portrait
from core.web import (
    advanced_fields,
    call_service,
    filter_page,
    list_template,
    never_store,
    run_action,
    visible_or_404,
)

from .. import revisits, selectors, services
from ..choices import ReadVia
from ..filters import (
    RoundFilterSet,
)
from ..forms import (
    AssignmentEditForm,
    AssignmentForm,
    GroupForm,
    MembershipForm,
    RoundForm,
)
from ..models import Assignment, Group, GroupMembership, Issue, Round, SecretaryPoint, SpecialReport
from ..recusal import office_conflicts


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
    require_manager(request.user, round_.office_id, _("修改巡察轮次"))
    initial = {f: getattr(round_, f) for f in services.ROUND_FIELDS - {"looks_back_on"}}
    initial["looks_back_on"] = list(round_.looks_back_on.all())
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
        "show_inventory": sees_internal_work(request.user),
        "looks_back_on": Round.objects.visible_to(request.user).filter(revisited_by=round_).order_by("planned_start"),
        "not_rectified": revisits.not_rectified_count(selectors.issue_list(user=request.user).filter(round=round_)),
        "can_reopen": round_.is_archived and reaches_office(request.user, round_.office_id, (Role.ADMIN,)),
        "round_events": round_.events.select_related("actor").order_by("-at", "-id")[:10] if manager else (),
    }
    return render(request, "inspections/round_detail.html", context)


@login_required
@require_POST
def round_archive(request, pk: int):
    """立卷归档: from now on the round's records refuse every write."""
    round_ = visible_or_404(Round, request, pk, "office")
    run_action(
        request,
        services.round_archive,
        _("已将“%(round)s”立卷归档，其记录不能再修改。") % {"round": round_},
        round=round_,
        comment=request.POST.get("comment", ""),
    )
    return redirect("inspections:round-detail", pk=round_.pk)


@login_required
@require_POST
def round_reopen(request, pk: int):
    """An admin reopens an archived round, with a reason (recorded in the audit trail)."""
    round_ = visible_or_404(Round, request, pk, "office")
    run_action(
        request,
        services.round_reopen,
        _("已重新开启“%(round)s”，可以修改其记录；修改完毕后请重新立卷归档。") % {"round": round_},
        round=round_,
        reason=request.POST.get("reason", ""),
    )
    return redirect("inspections:round-detail", pk=round_.pk)


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
    require_manager(request.user, group.round.office_id, _("调整巡察组成员"))
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
    for _group_id, other, unit in office_conflicts(group_ids=[group.pk]):
        if other.user_id == membership.user_id:
            messages.warning(
                request,
                _("回避提示：%(person)s 来自 %(office)s，该组巡察其属地单位 %(unit)s，应当回避。")
                % {"person": other.user.display_name, "office": unit.office.name, "unit": unit.name},
            )
    return redirect(reverse("inspections:group-detail", args=[group.pk]) + "#members")


@login_required
@require_POST
def membership_remove(request, pk: int, membership_pk: int):
    group = visible_or_404(Group, request, pk, "round__office")
    require_manager(request.user, group.round.office_id, _("调整巡察组成员"))
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
        "show_portrait": sees_portrait(user, assignment.round.office_id),
        "edit_form": (
            AssignmentEditForm(initial={f: getattr(assignment, f) for f in services.ASSIGNMENT_EDITABLE})
            if selectors.is_manager(user, assignment.round.office_id)
            else None
        ),
        "points": SecretaryPoint.objects.visible_to(user)
        .filter(round=assignment.round_id, unit=assignment.unit_id)
        .distinct()
        .select_related("created_by"),
        "earlier": selectors.earlier_assignments(user=user, assignment=assignment),
        **_revisit_context(user, assignment),
        **_villages_context(user, assignment),
        "row": (
            selectors.assignment_rows(user=user, assignments=Assignment.objects.filter(pk=assignment.pk)) or [None]
        )[0],
    }
    return render(request, "inspections/assignment_detail.html", context)


def _villages_context(user, assignment: Assignment) -> dict:
    """巡乡带村: the villages inspected with this township (each its own assignment), with their
    counts and the township's findings rolled up with theirs; or the township a village went with."""
    villages = Assignment.objects.visible_to(user).filter(carried_by=assignment).order_by("unit__code")
    rows = selectors.assignment_rows(user=user, assignments=villages)
    context = {"carried_by": assignment.carried_by if assignment.carried_by_id else None}
    if rows:
        own = selectors.assignment_rows(user=user, assignments=Assignment.objects.filter(pk=assignment.pk))
        context["village_rows"] = rows
        context["rolled_up_found"] = sum(row.issues_found for row in (*own, *rows))
    return context


def _revisit_context(user, assignment: Assignment) -> dict:
    """回头看: the unit's still-open issues of the rounds this round looks back on (inspections/revisits.py)."""
    if not assignment.round.looks_back_on.exists():
        return {}
    inherited = list(revisits.open_earlier_issues(assignment, user))
    visible = set(
        Issue.objects.visible_to(user).filter(pk__in=[issue.pk for issue in inherited]).values_list("pk", flat=True)
    )
    for issue in inherited:
        issue.readable = issue.pk in visible
    marked = revisits.not_rectified_count(selectors.issue_list(user=user).filter(assignment=assignment))
    return {"revisit": True, "inherited": inherited, "not_rectified": marked}


@login_required
def assignment_update(request, pk: int):
    """Edit the political portrait (政治画像) and the entry and exit dates (managers)."""
    assignment = visible_or_404(Assignment, request, pk, "round__office", "unit", "group")
    require_manager(request.user, assignment.round.office_id, _("修改巡察对象"))
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
