"""Secretary points (书记点题) and special reports (巡察专报)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from core.web import (
    advanced_fields,
    call_service,
    filter_page,
    int_or_none,
    list_template,
)

from .. import selectors, services
from ..filters import (
    SecretaryPointFilterSet,
    SpecialReportFilterSet,
)
from ..forms import (
    SecretaryPointForm,
    SpecialReportForm,
)


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
    initial = {"round": int_or_none(request.GET.get("round"))} if request.GET.get("round") else {}
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
