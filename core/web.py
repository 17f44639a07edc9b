"""Web plumbing shared by every app's screens: scoped fetch-or-404, running a service for a
form or a button with readable refusals, and filtered, sorted, paginated lists (the FilterSet
shared with the API and the exports) whose results table htmx swaps alone."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .errors import ApplicationError
from .forms import LookupSelect, style
from .paging import EstimatingPaginator

PER_PAGE = 25


def no_store(response: HttpResponse) -> HttpResponse:
    """A confidential response (clues, transfer letters, clue ledgers) that no browser or proxy
    may keep: ``Cache-Control: max-age=0, no-cache, no-store, must-revalidate, private``."""
    add_never_cache_headers(response)
    return response


# The same as a view decorator; for a class-based view or viewset:
# ``@method_decorator(never_store, name="dispatch")``.
never_store = never_cache


def visible_or_404(model, request: HttpRequest, pk: int, *related: str):
    """The object if the user may see it; 404 otherwise (existence is never revealed)."""
    queryset = model.objects.visible_to(request.user)
    if related:
        queryset = queryset.select_related(*related)
    return get_object_or_404(queryset.distinct(), pk=pk)


def add_validation_errors(form, exc: ValidationError) -> None:
    """A service's ValidationError next to the fields it names (others at the form's top)."""
    if hasattr(exc, "error_dict"):
        for name, errors in exc.error_dict.items():
            for error in errors:
                for message in error.messages:
                    if name in form.fields:
                        form.add_error(name, message)
                    else:
                        form.add_error(None, message)
    else:
        for message in exc.messages:
            form.add_error(None, message)


def call_service(request: HttpRequest, form, func: Callable, **kwargs):
    """Run one service for a form; return (result, status). On a refusal the result is None and
    the status is what the page answers with (400 field errors, 403 refused, 409 conflict)."""
    try:
        return func(actor=request.user, **kwargs), 200
    except ValidationError as exc:
        add_validation_errors(form, exc)
        return None, 400
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您没有权限进行此操作。"))
        return None, 403
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return None, exc.status_code


def run_action(request: HttpRequest, func: Callable, success: str, **kwargs) -> bool:
    """A button's action (review, confirm, withdraw …): flash the outcome either way."""
    try:
        func(actor=request.user, **kwargs)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
        return False
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("您没有权限进行此操作。"))
        return False
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return False
    messages.success(request, success)
    return True


LOOKUP_FIELDS = {
    "round": ("inspections:lookup-rounds", ""),
    "unit": ("inspections:lookup-units", ""),
    "group": ("inspections:lookup-groups", ""),
    "assignment": ("inspections:lookup-assignments", ""),
    "category": ("inspections:lookup-categories", ""),
}


def style_filter_form(form) -> None:
    """A FilterSet's form as the list pages show it: type-ahead pickers for related objects,
    multi-selects as tag inputs, Bootstrap classes."""
    for name, (url_name, params) in LOOKUP_FIELDS.items():
        if name in form.fields:
            field = form.fields[name]
            field.widget = LookupSelect(url_name, params=params)
            field.widget.choices = field.choices
    for bound in form.fields.values():
        if bound.widget.__class__.__name__ == "SelectMultiple":
            bound.widget.attrs["data-tom"] = "multi"
        _all_by_default(bound)
    style(form)


def _all_by_default(field) -> None:
    """A filter left empty means "all": say so, instead of Django's "未知" and "---------"."""
    from django import forms

    widget = field.widget
    if isinstance(widget, forms.NullBooleanSelect):
        widget.choices = [("unknown", _("全部")), ("true", _("是")), ("false", _("否"))]
    elif getattr(field, "empty_label", None) is not None:
        field.empty_label = _("全部")
        widget.choices = field.choices
    elif isinstance(widget, forms.Select) and not isinstance(widget, forms.SelectMultiple):
        choices = list(widget.choices)
        if choices and choices[0][0] in ("", None) and str(choices[0][1]).startswith("---"):
            widget.choices = [("", _("全部")), *choices[1:]]


def filter_page(request: HttpRequest, filterset_class, queryset, *, per_page: int = PER_PAGE):
    """Filter (the FilterSet shared with the API and exports), sort and paginate a list."""
    filterset = filterset_class(request.GET or None, queryset=queryset, request=request)
    style_filter_form(filterset.form)
    paginator = EstimatingPaginator(filterset.qs, per_page)
    page = paginator.get_page(request.GET.get("page"))
    return filterset, page


def list_template(request: HttpRequest, full: str, partial: str) -> str:
    """htmx filter and page changes swap only the results table."""
    if request.headers.get("HX-Request") and request.headers.get("HX-Target") == "results":
        return partial
    return full


def advanced_fields(form, basic: tuple[str, ...]):
    return [form[name] for name in form.fields if name not in basic and name != "ordering"], [
        form[name] for name in basic if name in form.fields
    ]


def int_or_none(value) -> int | None:
    """A query parameter as an integer, or None when absent or not a number."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
