"""Forms of the inspection screens. They parse input only: every write goes through one
service (inspections/services.py), which checks roles and scope again.

Related objects (units, rounds, assignments, categories, people) are chosen by type-ahead
(:class:`LookupSelect`): the page holds only the chosen option, never the whole table, and
every choice is validated against the user's scope (``visible_to``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Office, User
from core.forms import DateInput, LookupSelect, LookupSelectMultiple, StyledForm, style  # noqa: F401

from . import selectors
from .choices import (
    FOUND_STATUSES,
    ClueRecipient,
    Disposal,
    GroupRole,
    HowFound,
    IssueNature,
    PersonRank,
    PointKind,
    RoundKind,
    RoundStage,
    SecondedFrom,
)
from .models import Assignment, Group, GroupMembership, Issue, IssueCategory, Round, Unit


class AssignmentChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Assignment) -> str:
        return f"{obj.round} · {obj.unit} · {obj.group}"


class CategoryChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: IssueCategory) -> str:
        return f"{obj.parent.name} / {obj.name}" if obj.parent_id else obj.name


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return f"{obj.display_name}（{obj.username}）"


class RoundChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Round) -> str:
        return f"{obj.office.name} · {obj}" if obj.office_id else str(obj)


# --- issues -----------------------------------------------------------------------------------


class IssueForm(StyledForm):
    """Quick entry of a finding (问题底稿) by an inspector."""

    assignment = AssignmentChoice(
        label=_("巡察对象"),
        queryset=Assignment.objects.none(),
        widget=LookupSelect("inspections:lookup-assignments", params="mine=1"),
    )
    category = CategoryChoice(
        label=_("问题类别"), queryset=IssueCategory.objects.none(), widget=LookupSelect("inspections:lookup-categories")
    )
    title = forms.CharField(label=_("问题标题"), max_length=300)
    facts = forms.CharField(label=_("问题事实"), required=False, widget=forms.Textarea(attrs={"rows": 5}))
    basis = forms.CharField(label=_("定性依据"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    how_found = forms.ChoiceField(label=_("发现方式"), choices=HowFound.choices, initial=HowFound.TALK)
    nature = forms.ChoiceField(label=_("问题性质"), choices=IssueNature.choices, initial=IssueNature.INDIVIDUAL)
    immediate = forms.BooleanField(label=_("立行立改"), required=False)
    found_on = forms.DateField(label=_("发现日期"), required=False, widget=DateInput())

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = Assignment.objects.visible_to(user).select_related(
            "round", "unit", "group"
        )
        self.fields["category"].queryset = IssueCategory.objects.visible_to(user).select_related("parent")


class IssueEditForm(IssueForm):
    """Edit a draft; the assignment is fixed once recorded."""

    case_officer = PersonChoice(
        label=_("承办人"),
        queryset=User.objects.none(),
        required=False,
        widget=LookupSelect("inspections:lookup-people"),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user: User, issue, **kwargs):
        super().__init__(*args, user=user, **kwargs)
        del self.fields["assignment"]
        members = GroupMembership.objects.filter(group_id=issue.group_id).values("user_id")
        self.fields["case_officer"].queryset = User.objects.filter(pk__in=members)
        self.fields["case_officer"].widget.params = f"group={issue.group_id}"
        # 回头看: the draft may be marked “上轮问题整改不到位” with an issue of the same unit from a
        # round this one looks back on (inspections/revisits.py); only such issues are offered.
        earlier = Issue.objects.filter(
            unit_id=issue.unit_id, round__revisited_by=issue.round_id, status__in=FOUND_STATUSES
        ).select_related("round")
        if earlier.exists():
            self.fields["previous_issue"] = forms.ModelChoiceField(
                label=_("上轮问题整改不到位"),
                queryset=earlier.order_by("round__planned_start", "code"),
                required=False,
                initial=issue.previous_issue_id,
                help_text=_("如本问题系上轮巡察问题整改不到位，请选择上轮问题"),
            )
            style(self)


class CommentForm(StyledForm):
    comment = forms.CharField(label=_("意见"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(StyledForm):
    reason = forms.CharField(label=_("撤销理由"), widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- clues ------------------------------------------------------------------------------------


class ClueForm(StyledForm):
    assignment = AssignmentChoice(
        label=_("巡察对象"),
        queryset=Assignment.objects.none(),
        widget=LookupSelect("inspections:lookup-assignments", params="mine=1"),
    )
    summary = forms.CharField(label=_("线索摘要"), widget=forms.Textarea(attrs={"rows": 5}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = Assignment.objects.visible_to(user).select_related(
            "round", "unit", "group"
        )


class CluePersonForm(StyledForm):
    name = forms.CharField(label=_("姓名"), max_length=50, required=False)
    post = forms.CharField(label=_("职务"), max_length=100, required=False)
    rank = forms.ChoiceField(label=_("职级"), choices=PersonRank.choices, initial=PersonRank.GENERAL)

    def has_changed(self):
        return bool((self.data.get(self.add_prefix("name")) or "").strip()) if self.is_bound else False


CluePersonFormSet = forms.formset_factory(CluePersonForm, extra=3, max_num=20)


class ClueTransferForm(StyledForm):
    recipient = forms.ChoiceField(label=_("移交对象"), choices=ClueRecipient.choices)
    recipient_body = forms.CharField(label=_("接收单位"), max_length=100, required=False)
    transfer_date = forms.DateField(label=_("移交日期"), widget=DateInput())
    letter_number = forms.CharField(label=_("移交函文号"), max_length=60)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ClueOutcomeForm(StyledForm):
    disposal = forms.ChoiceField(label=_("处置方式"), choices=Disposal.choices)
    persons_accountable = forms.IntegerField(label=_("追责问责人数"), min_value=0, initial=0)
    party_sanctions = forms.IntegerField(label=_("党纪处分人数"), min_value=0, initial=0)
    admin_sanctions = forms.IntegerField(label=_("政务处分人数"), min_value=0, initial=0)
    persons_to_judiciary = forms.IntegerField(label=_("移送司法人数"), min_value=0, initial=0)
    self_surrenders = forms.IntegerField(label=_("主动投案人数"), min_value=0, initial=0)
    loss_recovered_wan = forms.DecimalField(
        label=_("挽回和避免经济损失（万元）"), min_value=0, max_digits=14, decimal_places=2, initial=0
    )
    outcome_note = forms.CharField(label=_("办理结果"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    result_received = forms.DateField(label=_("结果反馈日期"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


# --- rounds, groups, assignments --------------------------------------------------------------


class RoundForm(StyledForm):
    office = forms.ModelChoiceField(label=_("巡察机构"), queryset=Office.objects.none())
    term = forms.CharField(label=_("届次"), max_length=40, help_text=_("如：十一届市委"))
    sequence = forms.IntegerField(label=_("轮次"), min_value=1)
    kind = forms.ChoiceField(label=_("巡察方式"), choices=RoundKind.choices, initial=RoundKind.REGULAR)
    theme = forms.CharField(label=_("巡察主题"), max_length=200, required=False)
    planned_start = forms.DateField(label=_("计划开始"), widget=DateInput())
    planned_end = forms.DateField(label=_("计划结束"), widget=DateInput())
    stage = forms.ChoiceField(label=_("阶段"), choices=RoundStage.choices, required=False)
    looks_back_on = forms.ModelMultipleChoiceField(
        label=_("回头看的轮次"),
        queryset=Round.objects.none(),
        required=False,
        widget=LookupSelectMultiple("inspections:lookup-rounds"),
        help_text=_("仅“回头看”轮次填写：本轮回头看的此前轮次"),
    )

    def __init__(self, *args, user: User, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = selectors.managed_offices(user).order_by("path")
        self.fields["looks_back_on"].queryset = Round.objects.visible_to(user)
        if editing:
            del self.fields["office"]
            self.fields["stage"].required = True
        else:
            del self.fields["stage"]

    def clean(self):
        data = super().clean()
        start, end = data.get("planned_start"), data.get("planned_end")
        if start and end and end < start:
            self.add_error("planned_end", _("计划结束日期不能早于计划开始日期。"))
        return data


class GroupForm(StyledForm):
    number = forms.IntegerField(label=_("组号"), min_value=1)


class AssignmentForm(StyledForm):
    unit = forms.ModelChoiceField(
        label=_("被巡察单位"), queryset=Unit.objects.none(), widget=LookupSelect("inspections:lookup-units")
    )
    group = forms.ModelChoiceField(label=_("巡察组"), queryset=Group.objects.none())
    entry_date = forms.DateField(label=_("进驻日期"), required=False, widget=DateInput())
    exit_date = forms.DateField(label=_("撤离日期"), required=False, widget=DateInput())
    with_villages = forms.BooleanField(
        label=_("同时巡察其下属村（社区）（巡乡带村/巡单位带村）"), required=False, initial=False
    )

    def __init__(self, *args, user: User, round: Round, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.visible_to(user).filter(is_active=True)
        # A round has a handful of groups: a plain drop-down is right here.
        self.fields["group"].queryset = Group.objects.filter(round=round).order_by("number")


class MembershipForm(StyledForm):
    """Add a person to a group: picked by type-ahead among inspectors and the talent pool."""

    user = PersonChoice(
        label=_("人员"), queryset=User.objects.none(), widget=LookupSelect("inspections:lookup-candidates")
    )
    role = forms.ChoiceField(label=_("组内职务"), choices=GroupRole.choices, initial=GroupRole.MEMBER)
    seconded_from = forms.ChoiceField(
        label=_("抽调来源"), choices=SecondedFrom.choices, required=False, initial=SecondedFrom.NONE
    )

    def __init__(self, *args, user: User, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = selectors.member_candidates(user=user)
        self.fields["user"].widget.params = f"group={group.pk}"


class AssignmentEditForm(StyledForm):
    political_portrait = forms.CharField(label=_("政治画像"), required=False, widget=forms.Textarea(attrs={"rows": 6}))
    entry_date = forms.DateField(label=_("进驻日期"), required=False, widget=DateInput())
    exit_date = forms.DateField(label=_("撤离日期"), required=False, widget=DateInput())


# --- secretary points and special reports -----------------------------------------------------


class SecretaryPointForm(StyledForm):
    round = RoundChoice(
        label=_("轮次"), queryset=Round.objects.none(), widget=LookupSelect("inspections:lookup-rounds")
    )
    kind = forms.ChoiceField(label=_("类型"), choices=PointKind.choices)
    unit = forms.ModelChoiceField(
        label=_("涉及单位"),
        queryset=Unit.objects.none(),
        required=False,
        widget=LookupSelect("inspections:lookup-units"),
    )
    content = forms.CharField(label=_("点题内容"), widget=forms.Textarea(attrs={"rows": 4}))
    response = forms.CharField(label=_("办理情况"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.visible_to(user).select_related("office").distinct()
        self.fields["unit"].queryset = Unit.objects.visible_to(user).distinct()


class SpecialReportForm(StyledForm):
    round = RoundChoice(
        label=_("轮次"), queryset=Round.objects.none(), widget=LookupSelect("inspections:lookup-rounds")
    )
    number = forms.IntegerField(label=_("期号"), min_value=1)
    title = forms.CharField(label=_("标题"), max_length=200)
    suggestions = forms.CharField(label=_("意见建议"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    recipients = forms.CharField(label=_("报送对象"), max_length=200, required=False)
    campaigns = forms.CharField(label=_("推动专项治理"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.visible_to(user).select_related("office").distinct()


# --- Excel import -----------------------------------------------------------------------------


class ImportUploadForm(StyledForm):
    round = RoundChoice(
        label=_("轮次"), queryset=Round.objects.none(), widget=LookupSelect("inspections:lookup-rounds")
    )
    file = forms.FileField(
        label=_("Excel 文件（.xlsx）"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )

    def __init__(self, *args, user: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = Round.objects.visible_to(user).select_related("office").distinct()
