"""Filter plumbing shared by every app's FilterSets (the API, the HTML lists and the exports
share one FilterSet per model): scoped choices, stable ordering, substring search, date ranges."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.db.models import Q
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES


class ChoicesFilter(filters.MultipleChoiceFilter):
    """Several values of a column of the row itself (``?status=a&status=b``). django-filter's own
    adds DISTINCT, which only a join that repeats rows needs; on a million rows it keeps PostgreSQL
    from reading a page in index order (the city's ``?status=rectifying``, issue 18)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("distinct", False)
        super().__init__(*args, **kwargs)


class IntegerFilter(filters.NumberFilter):
    """A whole number (a group's number, a user id): ``1.5`` is refused, not read as a decimal."""

    field_class = forms.IntegerField


def scoped(model):
    """A django-filter queryset callable: the objects of ``model`` the request's user may see."""

    def queryset(request):
        return model.objects.visible_to(getattr(request, "user", None))

    return queryset


class StableOrderingFilter(filters.OrderingFilter):
    """``ordering=`` on the declared fields, with the primary key as the last tie-breaker so that
    pages never overlap or skip rows."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", _("排序"))
        kwargs.setdefault("help_text", _("排序字段，逗号分隔，前加“-”表示倒序，例如 -deadline,code"))
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        ordering = [self.get_ordering_value(param) for param in value if param not in EMPTY_VALUES]
        if not any(field.lstrip("-") in ("id", "pk") for field in ordering):
            ordering.append("-id")
        return qs.order_by(*ordering)


def contains_lookup(value: str) -> str:
    """``contains`` when case cannot matter (no cased letters, e.g. Chinese), else ``icontains``.

    A case-insensitive match upper-cases every row's text first; for Chinese text that is pure
    cost (half the time of a county-wide search at a million issues)."""
    return "icontains" if value.lower() != value.upper() else "contains"


def text_search(*fields: str):
    """A filter method matching ``value`` as a substring of any of ``fields``."""

    def method(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        lookup = contains_lookup(value)
        q = Q()
        for field in fields:
            q |= Q(**{f"{field}__{lookup}": value})
        return queryset.filter(q)

    return method


def date_range(field: str, label) -> tuple[filters.DateFilter, filters.DateFilter]:
    """``<field>_after`` / ``<field>_before`` (inclusive) filters."""
    return (
        filters.DateFilter(field_name=field, lookup_expr="gte", label=format_lazy(_("{label}（起）"), label=label)),
        filters.DateFilter(field_name=field, lookup_expr="lte", label=format_lazy(_("{label}（止）"), label=label)),
    )
