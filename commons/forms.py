"""Forms of the common-issue and campaign screens."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office
from core.forms import DateInput, StyledForm
from inspections.models import Issue, Round, SpecialReport, Unit
from rectification.choices import MeasureKind

from .choices import CampaignStatus
from .models import CommonIssue


class IssueChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj):
        return f"{obj.code} · {obj.unit.name} · {obj.title}"


class CommonIssueForm(StyledForm):
    title = forms.CharField(label=_("共性问题"), max_length=200)
    description = forms.CharField(label=_("问题描述"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    measure_content = forms.CharField(
        label=_("共性整改措施（模板）"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    measure_kind = forms.ChoiceField(label=_("整改类型"), choices=MeasureKind.choices, initial=MeasureKind.DEADLINE)
    measure_deadline = forms.DateField(label=_("建议完成时限"), required=False, widget=DateInput)
    issues = IssueChoices(label=_("归入的问题（至少两个单位）"), queryset=Issue.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = candidates


class FindingsForm(StyledForm):
    issues = IssueChoices(label=_("增加的问题"), queryset=Issue.objects.none())

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issues"].queryset = candidates


class AdoptForm(StyledForm):
    responsible_leader = forms.CharField(label=_("责任领导"), max_length=50)
    responsible_person = forms.CharField(label=_("责任人"), max_length=50)
    responsible_department = forms.CharField(label=_("责任部门"), max_length=100, required=False)
    deadline = forms.DateField(label=_("完成时限"), required=False, widget=DateInput)


class CampaignForm(StyledForm):
    title = forms.CharField(label=_("专项治理名称"), max_length=200)
    special_reports = forms.ModelMultipleChoiceField(
        label=_("来源专报"),
        queryset=SpecialReport.objects.none(),
        widget=forms.SelectMultiple(attrs={"data-tom": "multi"}),
    )
    started_on = forms.DateField(label=_("启动日期"), widget=DateInput)
    goal = forms.CharField(label=_("治理目标"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    target_units = forms.ModelMultipleChoiceField(
        label=_("治理单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-tom": "multi"}),
    )
    target_findings = forms.IntegerField(label=_("目标整改问题数"), min_value=0, initial=0)
    target_amount_wan = forms.DecimalField(
        label=_("目标追缴资金（万元）"), min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    common_issues = forms.ModelMultipleChoiceField(
        label=_("涉及共性问题"),
        queryset=CommonIssue.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"data-tom": "multi"}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["special_reports"].queryset = SpecialReport.objects.visible_to(user).select_related("round")
        self.fields["target_units"].queryset = Unit.objects.visible_to(user).order_by("name")
        self.fields["common_issues"].queryset = CommonIssue.objects.visible_to(user)


class CampaignUpdateForm(StyledForm):
    status = forms.ChoiceField(label=_("状态"), choices=CampaignStatus.choices)
    ended_on = forms.DateField(label=_("完成日期"), required=False, widget=DateInput)
    recovered_amount_wan = forms.DecimalField(
        label=_("已追缴资金（万元）"), min_value=0, max_digits=14, decimal_places=2
    )
    results = forms.CharField(label=_("治理成效"), required=False, widget=forms.Textarea(attrs={"rows": 4}))


class SuggestionForm(StyledForm):
    """The filters of the suggested clusters (建议归并): a round, or a period, and an office."""

    # From a round's page; a period and an office otherwise (no list of every round to choose from).
    round = forms.ModelChoiceField(
        label=_("轮次"), queryset=Round.objects.none(), required=False, widget=forms.HiddenInput
    )
    date_from = forms.DateField(label=_("发现日期自"), required=False, widget=DateInput)
    date_to = forms.DateField(label=_("发现日期至"), required=False, widget=DateInput)
    office = forms.ModelChoiceField(label=_("巡察机构（含下级）"), queryset=Office.objects.none(), required=False)
    min_units = forms.IntegerField(label=_("至少涉及单位数"), min_value=2, max_value=50, initial=3, required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.visible_to(user).select_related("office").order_by("-id")
        self.fields["office"].queryset = Office.objects.visible_to(user).order_by("path")

    def clean(self):
        data = super().clean()
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    @property
    def chosen(self) -> bool:
        """A round or a period was chosen (the whole scope is not clustered by default)."""
        data = getattr(self, "cleaned_data", {})
        return bool(data.get("round") or data.get("date_from") or data.get("date_to"))
