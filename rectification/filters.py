"""FilterSets of the rectification side, one per listable model, shared by the API, the HTML
lists and the exports. Related-object choices are resolved within the user's scope."""

from __future__ import annotations

import django_filters as filters
from django.utils.translation import gettext_lazy as _

from accounts.filters import office_filter, office_scope_filter
from core.filters import ChoicesFilter, IntegerFilter, StableOrderingFilter, date_range, scoped, text_search
from inspections.models import Assignment, Group, Issue, Round, Unit

from .choices import (
    ActionKind,
    ActionReason,
    ExtensionStatus,
    Grade,
    MeasureKind,
    PlanStatus,
    ReviewDecision,
)
from .models import Action, DeadlineExtension, Evaluation, Feedback, Measure, Plan, Progress, Review


class AssignmentScoped(filters.FilterSet):
    """Filters of a model that hangs off an assignment: the assignment, its office, round, unit, group."""

    assignment = filters.ModelChoiceFilter(queryset=scoped(Assignment), label=_("巡察对象"))
    office = office_filter("assignment__round__office")
    office_scope = office_scope_filter()
    round = filters.ModelChoiceFilter(field_name="assignment__round", queryset=scoped(Round), label=_("轮次"))
    unit = filters.ModelChoiceFilter(field_name="assignment__unit", queryset=scoped(Unit), label=_("被巡察单位"))
    group = filters.ModelChoiceFilter(field_name="assignment__group", queryset=scoped(Group), label=_("巡察组"))


class IssueScoped(filters.FilterSet):
    """Filters of a model that hangs off an issue (through the issue's copied columns)."""

    issue = filters.ModelChoiceFilter(queryset=scoped(Issue), label=_("问题"))
    office = office_filter("issue__office")
    office_scope = office_scope_filter()
    round = filters.ModelChoiceFilter(field_name="issue__round", queryset=scoped(Round), label=_("轮次"))
    unit = filters.ModelChoiceFilter(field_name="issue__unit", queryset=scoped(Unit), label=_("被巡察单位"))
    group = filters.ModelChoiceFilter(field_name="issue__group", queryset=scoped(Group), label=_("巡察组"))


class FeedbackFilterSet(AssignmentScoped):
    meeting_date_after, meeting_date_before = date_range("meeting_date", _("反馈日期"))
    ordering = StableOrderingFilter(fields=("id", "meeting_date", "created_at"))

    class Meta:
        model = Feedback
        fields = ["assignment"]


class PlanFilterSet(AssignmentScoped):
    status = ChoicesFilter(choices=PlanStatus.choices, label=_("状态（可多选）"))
    ordering = StableOrderingFilter(fields=("id", "version", "status", "created_at", "reviewed_at"))

    class Meta:
        model = Plan
        fields = ["assignment", "status"]


class MeasureFilterSet(IssueScoped):
    kind = ChoicesFilter(choices=MeasureKind.choices, label=_("整改类型"))
    deadline_after, deadline_before = date_range("deadline", _("完成时限"))
    q = filters.CharFilter(method="filter_q", label=_("措施、责任领导或责任人包含"))
    ordering = StableOrderingFilter(fields=("id", "deadline", "kind", "created_at"))

    filter_q = text_search("content", "responsible_leader", "responsible_person", "responsible_department")

    class Meta:
        model = Measure
        fields = ["issue", "kind"]


class ProgressFilterSet(IssueScoped):
    date_after, date_before = date_range("date", _("日期"))
    q = filters.CharFilter(method="filter_q", label=_("进展情况包含"))
    ordering = StableOrderingFilter(fields=("id", "date", "created_at"))

    filter_q = text_search("text")

    class Meta:
        model = Progress
        fields = ["issue"]


class ReviewFilterSet(IssueScoped):
    decision = ChoicesFilter(choices=ReviewDecision.choices, label=_("审核结论"))
    reviewer = IntegerFilter(label=_("审核人（用户 id）"))
    created_at_after, created_at_before = date_range("created_at__date", _("审核日期"))
    ordering = StableOrderingFilter(fields=("id", "created_at", "decision"))

    class Meta:
        model = Review
        fields = ["issue", "decision"]


class ExtensionFilterSet(IssueScoped):
    status = ChoicesFilter(choices=ExtensionStatus.choices, label=_("状态（可多选）"))
    requested_deadline_after, requested_deadline_before = date_range("requested_deadline", _("申请延至"))
    ordering = StableOrderingFilter(fields=("id", "created_at", "requested_deadline", "status", "decided_at"))

    class Meta:
        model = DeadlineExtension
        fields = ["issue", "status"]


class EvaluationFilterSet(AssignmentScoped):
    grade = ChoicesFilter(choices=Grade.choices, label=_("等次"))
    evaluated_on_after, evaluated_on_before = date_range("evaluated_on", _("评估日期"))
    ordering = StableOrderingFilter(fields=("id", "evaluated_on", "total", "grade"))

    class Meta:
        model = Evaluation
        fields = ["assignment", "grade"]


class ActionFilterSet(filters.FilterSet):
    office = office_filter("unit__office")
    office_scope = office_scope_filter()
    unit = filters.ModelChoiceFilter(queryset=scoped(Unit), label=_("单位"))
    assignment = filters.ModelChoiceFilter(queryset=scoped(Assignment), label=_("巡察对象"))
    kind = ChoicesFilter(choices=ActionKind.choices, label=_("方式"))
    reason = ChoicesFilter(choices=ActionReason.choices, label=_("事由"))
    date_after, date_before = date_range("date", _("日期"))
    q = filters.CharFilter(method="filter_q", label=_("说明包含"))
    ordering = StableOrderingFilter(fields=("id", "date", "kind", "created_at"))

    filter_q = text_search("note")

    class Meta:
        model = Action
        fields = ["unit", "assignment", "kind", "reason"]
