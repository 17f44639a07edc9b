"""The alert FilterSet, shared by the API and the alert list screen."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import office_filter, office_scope_filter
from core.filters import ChoicesFilter, StableOrderingFilter, date_range, scoped
from inspections.models import Assignment, Clue, Issue, Unit
from rectification.choices import AlertKind, AlertLevel

from .models import Alert


class AlertFilterSet(filters.FilterSet):
    office = office_filter()
    office_scope = office_scope_filter()
    unit = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("单位"))
    issue = filters.ModelChoiceFilter(queryset=scoped(Issue), label=_("问题"))
    assignment = filters.ModelChoiceFilter(queryset=scoped(Assignment), label=_("巡察对象"))
    clue = filters.ModelChoiceFilter(queryset=scoped(Clue), label=_("线索"))
    kind = ChoicesFilter(choices=AlertKind.choices, label=_("类型"))
    level = ChoicesFilter(choices=AlertLevel.choices, label=_("等级"))
    open = filters.BooleanFilter(field_name="resolved_at", lookup_expr="isnull", label=_("未解除"))
    due_after, due_before = date_range("due", _("期限"))
    ordering = StableOrderingFilter(fields=("id", "due", "raised_at", "level"))

    class Meta:
        model = Alert
        fields = ["office", "unit", "issue", "assignment", "clue", "kind", "level"]


class AlertListFilterSet(AlertFilterSet):
    """The alert list screen's filters: level and kind. Its office (with the subtree, not the
    API's exact office) and round are the page's scope, checked by the view; it lists open
    alerts only, by severity."""

    office = office_scope = unit = issue = assignment = clue = open = due_after = due_before = ordering = None

    class Meta(AlertFilterSet.Meta):
        fields = ["kind", "level"]
