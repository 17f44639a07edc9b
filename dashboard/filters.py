"""The Stat FilterSet of the API (and the statistics ledger)."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import office_filter, office_scope_filter
from core.filters import IntegerFilter, StableOrderingFilter, date_range
from rectification.choices import StatScope

from .models import Stat


class StatFilterSet(filters.FilterSet):
    office = office_filter()
    office_scope = office_scope_filter()
    scope = filters.ChoiceFilter(choices=StatScope.choices, label=_("统计口径"))
    scope_id = IntegerFilter(label=_("对象 id"))
    day = filters.DateFilter(label=_("日期"))
    day_after, day_before = date_range("day", _("日期"))
    ordering = StableOrderingFilter(fields=("id", "day", "scope"))

    class Meta:
        model = Stat
        fields = ["office", "scope", "scope_id", "day"]
