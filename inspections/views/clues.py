"""Clues (问题线索): confidential; every read is logged."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.web import (
    advanced_fields,
    call_service,
    filter_page,
    int_or_none,
    list_template,
    never_store,
    run_action,
    visible_or_404,
)

from .. import selectors, services
from ..choices import ReadVia
from ..filters import (
    ClueFilterSet,
)
from ..forms import (
    ClueForm,
    ClueOutcomeForm,
    CluePersonFormSet,
    ClueTransferForm,
    WithdrawForm,
)
from ..models import Clue


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
        initial["assignment"] = int_or_none(request.GET["assignment"])
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
