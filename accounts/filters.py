"""FilterSets of accounts: offices, and the office filter every list offers."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from core.filters import StableOrderingFilter, scoped, text_search

from .choices import OfficeLevel
from .models import Office


def office_filter(field_name: str = "office"):
    return filters.ModelChoiceFilter(field_name=field_name, queryset=scoped(Office), label=_("巡察机构"))


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
