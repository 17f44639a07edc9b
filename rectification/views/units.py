"""A unit's record across rounds and its supervision actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from core.web import visible_or_404
from inspections.models import Unit

from .. import selectors, services
from ..forms import (
    ActionForm,
)
from .base import call, require_reviewer


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
