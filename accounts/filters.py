"""FilterSets of accounts: offices, and the office filter every list offers.

"Office and below" (issue 12): every FilterSet that filters by an office declares, right after
its ``office``, an ``office_scope`` with two values:

- ``self`` (the default, also when left out): the rows of that office only, as ``office=``
  always meant. It stays the default so that existing links, API clients and the filters saved
  with past exports keep their meaning.
- ``subtree``: the rows of that office and of every office below it (by the materialised
  ``Office.path``, a semi-join on the ids of the subtree, so the list's own office index serves).
  The dashboard's drill-downs always pass it, so a count there equals the list it opens.

Any other value is a 400 in the API (an enum in the OpenAPI schema) and a form error in the
HTML lists and the ledger export form.
"""

from __future__ import annotations

import django_filters as filters
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES

from core.filters import StableOrderingFilter, scoped, text_search

from .choices import OfficeLevel
from .models import Office


class OfficeScope(models.TextChoices):
    SELF = "self", _("仅本机构")
    SUBTREE = "subtree", _("本机构及下级机构")


def subtree_ids(office: Office):
    """The ids of the office and of every office below it (a subquery, by materialised path)."""
    return Office.objects.filter(path__startswith=office.path).values("pk")


class OfficeFilter(filters.ModelChoiceFilter):
    """``office=<id>``: the office alone, or with the offices below it when the FilterSet's
    ``office_scope`` is ``subtree``.

    ``rows`` (optional) turns a queryset or list of office ids into the ``Q`` of the rows that
    belong to those offices, for an office reached through a multi-valued path (a semi-join,
    so no row repeats); without it the filter matches ``field_name``."""

    def __init__(self, *args, rows=None, **kwargs):
        self.rows = rows
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        if value in EMPTY_VALUES:
            return qs
        parent = getattr(self, "parent", None)
        data = getattr(getattr(parent, "form", None), "cleaned_data", None) or {}
        subtree = data.get("office_scope") == OfficeScope.SUBTREE
        if self.rows is not None:
            return qs.filter(self.rows(subtree_ids(value) if subtree else [value.pk]))
        if subtree:
            return qs.filter(**{f"{self.field_name}__in": subtree_ids(value)})
        return super().filter(qs, value)


class OfficeScopeFilter(filters.ChoiceFilter):
    """``office_scope=self|subtree``: read by the ``office`` filter; filters nothing by itself."""

    def filter(self, qs, value):
        return qs


def office_filter(field_name: str = "office", *, label=None, rows=None):
    return OfficeFilter(field_name=field_name, queryset=scoped(Office), label=label or _("巡察机构"), rows=rows)


def office_scope_filter():
    """Declare it right after the FilterSet's ``office`` (the list pages show it next to it)."""
    return OfficeScopeFilter(
        choices=OfficeScope.choices,
        empty_label=None,
        label=_("机构范围"),
        help_text=_("self：仅所选机构（默认）；subtree：所选机构及其下级机构"),
    )


class OfficeFilterSet(filters.FilterSet):
    """Offices, by level, parent and name."""

    level = filters.ChoiceFilter(choices=OfficeLevel.choices, label=_("层级"))
    parent = filters.ModelChoiceFilter(queryset=scoped(Office), label=_("上级机构"))
    q = filters.CharFilter(method="filter_q", label=_("名称包含"))
    ordering = StableOrderingFilter(fields=("id", "name", "path"))

    filter_q = text_search("name")

    class Meta:
        model = Office
        fields = ["level", "parent"]
