"""FilterSets of the on-site registers, shared by the API, the screens and the letter ledger."""

from __future__ import annotations

import django_filters as filters
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.filters import office_filter, office_scope_filter
from core.filters import ChoicesFilter, StableOrderingFilter, date_range, scoped, text_search
from inspections.models import Assignment, Group, Round, Unit

from .choices import LetterChannel, LetterStatus, SpotCheckResult
from .models import DocumentCheck, Letter, SpotCheck, Talk, Visit

COMMON_FIELDS = ["office", "round", "unit", "group", "assignment"]


class EntryFilterSet(filters.FilterSet):
    """The filters every register has: where the entry belongs, and whether it became something."""

    office = office_filter()
    office_scope = office_scope_filter()
    round = filters.ModelChoiceFilter(queryset=scoped(Round), label=_("轮次"))
    unit = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("被巡察单位"))
    group = filters.ModelChoiceFilter(queryset=scoped(Group), label=_("巡察组"))
    assignment = filters.ModelChoiceFilter(queryset=scoped(Assignment), label=_("巡察对象"))
    converted = filters.BooleanFilter(method="filter_converted", label=_("是否已转为问题或线索"))

    def filter_converted(self, queryset, name, value: bool):
        q = Q(issue__isnull=False) | Q(clue__isnull=False)
        return queryset.filter(q) if value else queryset.exclude(q)


class TalkFilterSet(EntryFilterSet):
    talked_on_after, talked_on_before = date_range("talked_on", _("谈话日期"))
    q = filters.CharFilter(method="filter_q", label=_("职务、谈话人或摘要包含"))
    ordering = StableOrderingFilter(fields=("id", "talked_on", "created_at"))

    filter_q = text_search("person_post", "talkers", "summary")

    class Meta:
        model = Talk
        fields = COMMON_FIELDS


class LetterFilterSet(EntryFilterSet):
    status = ChoicesFilter(choices=LetterStatus.choices, label=_("处置状态（可多选）"))
    channel = ChoicesFilter(choices=LetterChannel.choices, label=_("来源渠道（可多选）"))
    received_on_after, received_on_before = date_range("received_on", _("受理日期"))
    reply_overdue = filters.BooleanFilter(method="filter_reply_overdue", label=_("转办结果是否逾期未反馈"))
    q = filters.CharFilter(method="filter_q", label=_("标题、被反映人或内容包含"))
    ordering = StableOrderingFilter(fields=("id", "received_on", "reply_due", "status", "created_at"))

    filter_q = text_search("subject", "about_whom", "text")

    class Meta:
        model = Letter
        fields = [*COMMON_FIELDS, "status", "channel"]

    def filter_reply_overdue(self, queryset, name, value: bool):
        q = Q(status=LetterStatus.HANDED_OVER, reply_received_on__isnull=True, reply_due__lt=timezone.localdate())
        return queryset.filter(q) if value else queryset.exclude(q)


class DocumentCheckFilterSet(EntryFilterSet):
    returned = filters.BooleanFilter(
        field_name="returned_on", lookup_expr="isnull", exclude=True, label=_("是否已归还")
    )
    q = filters.CharFilter(method="filter_q", label=_("资料名称或提供单位包含"))
    ordering = StableOrderingFilter(fields=("id", "requested_on", "created_at"))

    filter_q = text_search("title", "provided_by")

    class Meta:
        model = DocumentCheck
        fields = COMMON_FIELDS


class SpotCheckFilterSet(EntryFilterSet):
    result = ChoicesFilter(choices=SpotCheckResult.choices, label=_("抽查结果（可多选）"))
    q = filters.CharFilter(method="filter_q", label=_("职务或情况说明包含"))
    ordering = StableOrderingFilter(fields=("id", "checked_on", "created_at"))

    filter_q = text_search("person_post", "notes")

    class Meta:
        model = SpotCheck
        fields = [*COMMON_FIELDS, "result"]


class VisitFilterSet(EntryFilterSet):
    visited_on_after, visited_on_before = date_range("visited_on", _("走访日期"))
    q = filters.CharFilter(method="filter_q", label=_("地点、对象或情况包含"))
    ordering = StableOrderingFilter(fields=("id", "visited_on", "created_at"))

    filter_q = text_search("place", "people_met", "summary")

    class Meta:
        model = Visit
        fields = COMMON_FIELDS
