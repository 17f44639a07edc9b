"""FilterSets of common issues and campaigns, shared by the API and the HTML lists."""

from __future__ import annotations

import django_filters as filters
from django import forms
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from accounts.filters import office_filter
from core.filters import ChoicesFilter, StableOrderingFilter, scoped, text_search
from core.forms import LookupSelect
from inspections.models import Issue, Round, SpecialReport, Unit

from .choices import CampaignStatus
from .models import Campaign, CommonIssue, CommonIssueFinding


class CommonIssueFilterSet(filters.FilterSet):
    office = office_filter()
    # Type-ahead and a plain id field, never a <select> of every visible round, unit or finding
    # (5,942 findings made the list page 3 s for the city; at 1M it would not answer).
    round = filters.ModelChoiceFilter(
        queryset=scoped(Round), label=_("来源轮次"), widget=LookupSelect("inspections:lookup-rounds")
    )
    unit = filters.ModelChoiceFilter(
        queryset=scoped(Unit),
        method="filter_unit",
        label=_("涉及单位"),
        widget=LookupSelect("inspections:lookup-units"),
    )
    issue = filters.ModelChoiceFilter(
        queryset=scoped(Issue), method="filter_issue", label=_("包含问题"), widget=forms.NumberInput
    )
    q = filters.CharFilter(method="filter_q", label=_("共性问题或描述包含"))
    ordering = StableOrderingFilter(fields=("id", "title", "created_at"))

    filter_q = text_search("title", "description")

    class Meta:
        model = CommonIssue
        fields = ["office", "round"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_unit(self, queryset, name, value: Unit):
        return queryset.filter(pk__in=CommonIssueFinding.objects.filter(issue__unit=value).values("common_issue_id"))

    @extend_schema_field(OpenApiTypes.INT)
    def filter_issue(self, queryset, name, value: Issue):
        return queryset.filter(pk__in=CommonIssueFinding.objects.filter(issue=value).values("common_issue_id"))


class CampaignFilterSet(filters.FilterSet):
    office = office_filter()
    status = ChoicesFilter(choices=CampaignStatus.choices, label=_("状态（可多选）"))
    special_report = filters.ModelChoiceFilter(
        queryset=scoped(SpecialReport), method="filter_special_report", label=_("来源专报")
    )
    q = filters.CharFilter(method="filter_q", label=_("名称或目标包含"))
    ordering = StableOrderingFilter(fields=("id", "started_on", "created_at"))

    filter_q = text_search("title", "goal")

    class Meta:
        model = Campaign
        fields = ["office", "status"]

    @extend_schema_field(OpenApiTypes.INT)
    def filter_special_report(self, queryset, name, value: SpecialReport):
        through = Campaign.special_reports.through.objects.filter(specialreport=value)
        return queryset.filter(pk__in=through.values("campaign_id"))
