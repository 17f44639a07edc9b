"""The export log's FilterSet (the ledgers themselves use their lists' own FilterSets)."""

import django_filters as filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from inspections.filters import date_range

from .choices import ExportStatus, Ledger
from .models import Export


class ExportLogFilterSet(filters.FilterSet):
    q = filters.CharFilter(method="filter_q", label=_("导出人（用户名或姓名）"))
    ledger = filters.ChoiceFilter(choices=Ledger.choices, label=_("台账"), empty_label=_("全部"))
    status = filters.ChoiceFilter(choices=ExportStatus.choices, label=_("状态"), empty_label=_("全部"))
    created_after, created_before = date_range("created_at__date", _("导出日期"))

    class Meta:
        model = Export
        fields = ["ledger", "status"]

    def filter_q(self, queryset, name, value: str):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(user__username__icontains=value) | Q(user__full_name__icontains=value))
