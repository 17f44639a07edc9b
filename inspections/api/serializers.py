"""Serializers of the inspection side: output serializers render rows (with readable names and
display values), input serializers parse request bodies into a service's keyword arguments.

Every foreign key in an input is resolved among the objects the caller may see
(:class:`config.api.ScopedPrimaryKeyField`), so an id outside his scope reads as unknown.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Office
from accounts.scopes import sees_portrait
from config.api import (
    InputSerializer,
    MoneyField,
    OutputSerializer,
    ScopedPrimaryKeyField,
    VersionMixin,
    display,
    name_of,
)

from ..choices import (
    ClueRecipient,
    Disposal,
    HowFound,
    IssueNature,
    PersonRank,
    PointKind,
    RoundKind,
    RoundStage,
    UnitKind,
    VillageCategory,
)
from ..models import (
    Assignment,
    Clue,
    ClueEvent,
    CluePerson,
    Group,
    GroupMembership,
    Issue,
    IssueCategory,
    IssueEvent,
    Round,
    SecretaryPoint,
    SpecialReport,
    Unit,
)
from ..revisits import inherited_issues

User = get_user_model()


def group_members_scope(user):
    """Users who belong to a group the caller may see: the candidates for case officer and reviewer."""
    return User.objects.filter(group_memberships__group__in=Group.objects.visible_to(user).values("pk")).distinct()


# ---------------------------------------------------------------------------------------------
# Units, rounds, groups, assignments


class UnitSerializer(OutputSerializer):
    kind_display = display("kind", _("类型名称"))
    village_category_display = display("village_category", _("村（社区）类别名称"))
    office_name = name_of("office.name", _("归口巡察机构名称"))
    parent_name = name_of("parent.name", _("上级单位名称"), null=True)

    class Meta:
        model = Unit
        fields = [
            "id",
            "name",
            "code",
            "kind",
            "kind_display",
            "parent",
            "parent_name",
            "office",
            "office_name",
            "village_category",
            "village_category_display",
            "principal_name",
            "principal_post",
            "deputy_name",
            "is_active",
            "created_at",
            "updated_at",
        ]


class UnitCreateSerializer(InputSerializer):
    office = ScopedPrimaryKeyField(Office, help_text=_("归口巡察机构 id"))
    name = serializers.CharField(max_length=200, help_text=_("名称"))
    code = serializers.CharField(max_length=40, help_text=_("编码（唯一）"))
    kind = serializers.ChoiceField(choices=UnitKind.choices, help_text=_("类型"))
    parent = ScopedPrimaryKeyField(Unit, required=False, allow_null=True, help_text=_("上级单位 id"))
    village_category = serializers.ChoiceField(
        choices=VillageCategory.choices, required=False, allow_blank=True, help_text=_("村（社区）类别，仅村/社区填写")
    )
    principal_name = serializers.CharField(max_length=50, required=False, allow_blank=True, help_text=_("主要负责人"))
    principal_post = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=_("主要负责人职务")
    )


VISIBLE_EARLIER = "visible_looks_back_on"  # RoundViewSet's scoped prefetch of looks_back_on


class RoundSerializer(OutputSerializer):
    name = serializers.CharField(read_only=True, help_text=_("轮次名称，如“十一届市委第3轮”"))
    office_name = name_of("office.name", _("巡察机构名称"))
    kind_display = display("kind", _("巡察方式名称"))
    stage_display = display("stage", _("阶段名称"))
    looks_back_on = serializers.SerializerMethodField(help_text=_("回头看的轮次"))

    class Meta:
        model = Round
        fields = [
            "id",
            "name",
            "office",
            "office_name",
            "term",
            "sequence",
            "kind",
            "kind_display",
            "theme",
            "planned_start",
            "planned_end",
            "stage",
            "stage_display",
            "looks_back_on",
            "created_at",
            "updated_at",
        ]

    def get_looks_back_on(self, round_: Round) -> list[int]:
        """Only the earlier rounds the reader may see (prefetched scoped by the viewset, else read here)."""
        earlier = getattr(round_, VISIBLE_EARLIER, None)
        if earlier is None:
            earlier = Round.objects.visible_to(self.context["request"].user).filter(revisited_by=round_)
        return [r.pk for r in earlier]


class RoundCreateSerializer(InputSerializer):
    office = ScopedPrimaryKeyField(Office, help_text=_("巡察机构 id"))
    term = serializers.CharField(max_length=40, help_text=_("届次，如“十一届市委”"))
    sequence = serializers.IntegerField(min_value=1, help_text=_("轮次序号"))
    kind = serializers.ChoiceField(choices=RoundKind.choices, help_text=_("巡察方式"))
    theme = serializers.CharField(max_length=200, allow_blank=True, help_text=_("巡察主题"))
    planned_start = serializers.DateField(help_text=_("计划开始"))
    planned_end = serializers.DateField(help_text=_("计划结束"))
    looks_back_on = ScopedPrimaryKeyField(
        Round, many=True, required=False, help_text=_("回头看的轮次 id（仅“回头看”轮次，须早于本轮）")
    )


class RoundUpdateSerializer(InputSerializer):
    term = serializers.CharField(max_length=40, help_text=_("届次"))
    sequence = serializers.IntegerField(min_value=1, help_text=_("轮次序号"))
    kind = serializers.ChoiceField(choices=RoundKind.choices, help_text=_("巡察方式"))
    theme = serializers.CharField(max_length=200, allow_blank=True, help_text=_("巡察主题"))
    planned_start = serializers.DateField(help_text=_("计划开始"))
    planned_end = serializers.DateField(help_text=_("计划结束"))
    stage = serializers.ChoiceField(choices=RoundStage.choices, required=False, help_text=_("阶段"))
    looks_back_on = ScopedPrimaryKeyField(
        Round, many=True, required=False, help_text=_("回头看的轮次 id（仅“回头看”轮次，须早于本轮）")
    )


class RoundReopenSerializer(InputSerializer):
    reason = serializers.CharField(help_text=_("重新开启的理由（必填，记入审计记录）"))


class RoundArchiveSerializer(InputSerializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("说明"))


class MembershipSerializer(OutputSerializer):
    user_name = name_of("user.display_name", _("姓名"))
    role_display = display("role", _("组内职务名称"))
    seconded_from_display = display("seconded_from", _("抽调来源名称"))

    class Meta:
        model = GroupMembership
        fields = ["user", "user_name", "role", "role_display", "seconded_from", "seconded_from_display"]


class GroupSerializer(OutputSerializer):
    name = serializers.CharField(source="__str__", read_only=True, help_text=_("组名，如“第一巡察组”"))
    round_name = name_of("round.name", _("轮次名称"))
    office = serializers.IntegerField(source="round.office_id", read_only=True, help_text=_("巡察机构 id"))
    memberships = MembershipSerializer(many=True, read_only=True, help_text=_("组长、副组长和组员"))

    class Meta:
        model = Group
        fields = ["id", "name", "number", "round", "round_name", "office", "memberships", "created_at", "updated_at"]


class GroupCreateSerializer(InputSerializer):
    round = ScopedPrimaryKeyField(Round, help_text=_("轮次 id"))
    number = serializers.IntegerField(min_value=1, help_text=_("组号"))


class AssignmentSerializer(OutputSerializer):
    round_name = name_of("round.name", _("轮次名称"))
    office = serializers.IntegerField(source="round.office_id", read_only=True, help_text=_("巡察机构 id"))
    unit_name = name_of("unit.name", _("被巡察单位名称"))
    group_name = serializers.CharField(source="group.__str__", read_only=True, help_text=_("巡察组名称"))
    political_portrait = serializers.CharField(
        read_only=True, allow_null=True, help_text=_("政治画像（被巡察单位的联络员看不到，为空）")
    )
    home_office = serializers.IntegerField(
        source="unit.office_id", read_only=True, help_text=_("属地巡察机构 id（被巡察单位所属机构）")
    )
    supervising_office = serializers.IntegerField(
        source="supervising_office_id_effective",
        read_only=True,
        help_text=_("整改督促机构 id：默认为巡察机构；交叉、提级巡察可移交属地巡察机构"),
    )
    supervision_decided_by = serializers.IntegerField(
        source="supervision_decided_by_id", read_only=True, allow_null=True, help_text=_("整改督促责任确定人 id")
    )
    supervision_decided_at = serializers.DateTimeField(
        read_only=True, allow_null=True, help_text=_("整改督促责任确定时间")
    )

    class Meta:
        model = Assignment
        fields = [
            "id",
            "round",
            "round_name",
            "office",
            "unit",
            "unit_name",
            "group",
            "group_name",
            "entry_date",
            "exit_date",
            "feedback_date",
            "plan_due",
            "report_due",
            "rectification_round",
            "political_portrait",
            "carried_by",
            "home_office",
            "supervising_office",
            "supervision_decided_by",
            "supervision_decided_at",
            "created_at",
            "updated_at",
        ]

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not sees_portrait(request.user, instance.round.office_id):
            data["political_portrait"] = None  # the group's assessment is not shown to the unit itself
        return data


class AssignmentHandOverSerializer(InputSerializer):
    to_home_office = serializers.BooleanField(
        help_text=_("true：移交被巡察单位的属地巡察机构督促整改；false：由巡察机构（本轮的机构）督促整改")
    )


class AssignmentCreateSerializer(InputSerializer):
    round = ScopedPrimaryKeyField(Round, help_text=_("轮次 id"))
    unit = ScopedPrimaryKeyField(Unit, help_text=_("被巡察单位 id"))
    group = ScopedPrimaryKeyField(Group, help_text=_("巡察组 id"))
    entry_date = serializers.DateField(required=False, allow_null=True, help_text=_("进驻日期"))
    exit_date = serializers.DateField(required=False, allow_null=True, help_text=_("撤离日期"))
    with_villages = serializers.BooleanField(
        required=False, default=False, help_text=_("巡乡带村/巡单位带村：同时将其下属村（社区）列为巡察对象")
    )


# ---------------------------------------------------------------------------------------------
# Issues


class AssignmentCopiesSerializer(OutputSerializer):
    """The office, round, unit and group an issue or clue belongs to, with their names."""

    office_name = name_of("office.name", _("巡察机构名称"))
    round_name = name_of("round.name", _("轮次名称"))
    unit_name = name_of("unit.name", _("被巡察单位名称"))
    group_name = serializers.CharField(source="group.__str__", read_only=True, help_text=_("巡察组名称"))
    status_display = display("status", _("状态名称"))

    home_office = serializers.IntegerField(
        source="home_office_id", read_only=True, help_text=_("属地巡察机构 id（被巡察单位所属机构）")
    )

    COPIES = [
        "assignment",
        "office",
        "office_name",
        "home_office",
        "round",
        "round_name",
        "unit",
        "unit_name",
        "group",
        "group_name",
    ]


class EventSerializer(OutputSerializer):
    actor_name = name_of("actor.display_name", _("操作人姓名"))

    class Meta:
        fields = ["id", "action", "from_status", "to_status", "comment", "actor", "actor_name", "at"]


class IssueEventSerializer(EventSerializer):
    class Meta(EventSerializer.Meta):
        model = IssueEvent


class IssueSerializer(AssignmentCopiesSerializer):
    category_name = name_of("category.name", _("问题类别名称"))
    how_found_display = display("how_found", _("发现方式名称"))
    nature_display = display("nature", _("问题性质名称"))
    case_officer_name = name_of("case_officer.display_name", _("承办人姓名"), null=True)
    deputy_reviewer_name = name_of("deputy_reviewer.display_name", _("审核副组长姓名"), null=True)
    overdue = serializers.BooleanField(
        read_only=True, default=False, help_text=_("是否逾期：整改中且今天已过整改期限（按查询时的日期计算）")
    )
    deadline_colour = serializers.ChoiceField(
        choices=[("green", _("绿色")), ("yellow", _("黄色")), ("red", _("红色"))],
        read_only=True,
        allow_null=True,
        default=None,
        help_text=_("三色预警：red 已逾期，yellow 剩余天数不超过黄色预警天数，green 不超过绿色提示天数；非整改中为空"),
    )

    supervising_office = serializers.IntegerField(
        source="supervising_office_id",
        read_only=True,
        help_text=_("整改督促机构 id：审核销号的机构（默认为巡察机构，移交后为属地巡察机构）"),
    )

    class Meta:
        model = Issue
        fields = [
            "id",
            "code",
            *AssignmentCopiesSerializer.COPIES,
            "supervising_office",
            "category",
            "category_name",
            "title",
            "facts",
            "basis",
            "how_found",
            "how_found_display",
            "nature",
            "nature_display",
            "immediate",
            "case_officer",
            "case_officer_name",
            "deputy_reviewer",
            "deputy_reviewer_name",
            "reviewed_at",
            "found_on",
            "deadline",
            "overdue",
            "deadline_colour",
            "status",
            "status_display",
            "status_changed_at",
            "closed_at",
            "withdrawn_reason",
            "next_progress_due",
            "previous_issue",
            "version",
            "created_at",
            "updated_at",
        ]


class IssueDetailSerializer(IssueSerializer):
    events = IssueEventSerializer(many=True, read_only=True, help_text=_("流转记录：每一步的操作人、时间和意见"))

    class Meta(IssueSerializer.Meta):
        fields = [*IssueSerializer.Meta.fields, "events"]


class IssueFieldsSerializer(InputSerializer):
    """The editable fields of a draft issue (shared by create and update)."""

    category = ScopedPrimaryKeyField(IssueCategory, help_text=_("问题类别 id"))
    title = serializers.CharField(max_length=300, help_text=_("问题标题"))
    facts = serializers.CharField(required=False, allow_blank=True, help_text=_("问题事实"))
    basis = serializers.CharField(required=False, allow_blank=True, help_text=_("定性依据（条款）"))
    how_found = serializers.ChoiceField(choices=HowFound.choices, help_text=_("发现方式"))
    nature = serializers.ChoiceField(choices=IssueNature.choices, help_text=_("问题性质"))
    immediate = serializers.BooleanField(required=False, help_text=_("立行立改"))
    found_on = serializers.DateField(required=False, allow_null=True, help_text=_("发现日期（默认今天）"))
    case_officer = ScopedPrimaryKeyField(
        User, scope=group_members_scope, required=False, allow_null=True, help_text=_("承办人（用户 id）")
    )
    previous_issue = ScopedPrimaryKeyField(
        Issue,
        scope=inherited_issues,
        required=False,
        allow_null=True,
        help_text=_("“上轮问题整改不到位”：回头看所关联轮次中同一单位的问题 id"),
    )


class IssueCreateSerializer(IssueFieldsSerializer):
    assignment = ScopedPrimaryKeyField(Assignment, help_text=_("巡察对象 id"))


class IssueUpdateSerializer(IssueFieldsSerializer, VersionMixin):
    deputy_reviewer = ScopedPrimaryKeyField(
        User, scope=group_members_scope, required=False, allow_null=True, help_text=_("审核副组长（用户 id）")
    )


class WithdrawSerializer(InputSerializer, VersionMixin):
    reason = serializers.CharField(help_text=_("撤销理由（必填）"))


# ---------------------------------------------------------------------------------------------
# Clues


class CluePersonSerializer(OutputSerializer):
    rank_display = display("rank", _("职级名称"))

    class Meta:
        model = CluePerson
        fields = ["id", "name", "post", "rank", "rank_display"]


class ClueEventSerializer(EventSerializer):
    class Meta(EventSerializer.Meta):
        model = ClueEvent


class ClueSerializer(AssignmentCopiesSerializer):
    persons = CluePersonSerializer(many=True, read_only=True, help_text=_("被反映人"))
    recipient_display = display("recipient", _("移交对象名称"))
    disposal_display = display("disposal", _("处置方式名称"))
    created_by_name = name_of("created_by.display_name", _("登记人姓名"))

    class Meta:
        model = Clue
        fields = [
            "id",
            "code",
            *AssignmentCopiesSerializer.COPIES,
            "summary",
            "persons",
            "status",
            "status_display",
            "recipient",
            "recipient_display",
            "recipient_body",
            "transfer_date",
            "letter_number",
            "disposal",
            "disposal_display",
            "persons_accountable",
            "party_sanctions",
            "admin_sanctions",
            "persons_to_judiciary",
            "self_surrenders",
            "loss_recovered_wan",
            "outcome_note",
            "result_due",
            "result_received",
            "withdrawn_reason",
            "created_by",
            "created_by_name",
            "version",
            "created_at",
            "updated_at",
        ]


class ClueDetailSerializer(ClueSerializer):
    events = ClueEventSerializer(many=True, read_only=True, help_text=_("流转记录"))

    class Meta(ClueSerializer.Meta):
        fields = [*ClueSerializer.Meta.fields, "events"]


class CluePersonInputSerializer(InputSerializer):
    name = serializers.CharField(max_length=50, help_text=_("姓名"))
    post = serializers.CharField(max_length=100, required=False, allow_blank=True, default="", help_text=_("职务"))
    rank = serializers.ChoiceField(choices=PersonRank.choices, default=PersonRank.GENERAL, help_text=_("职级"))


class ClueCreateSerializer(InputSerializer):
    assignment = ScopedPrimaryKeyField(Assignment, help_text=_("巡察对象 id"))
    summary = serializers.CharField(help_text=_("线索摘要"))
    persons = CluePersonInputSerializer(many=True, allow_empty=False, help_text=_("被反映人（至少一人）"))

    def validate_persons(self, value):
        return [dict(person) for person in value]


class ClueTransferSerializer(InputSerializer, VersionMixin):
    recipient = serializers.ChoiceField(choices=ClueRecipient.choices, help_text=_("移交对象"))
    recipient_body = serializers.CharField(max_length=100, allow_blank=True, help_text=_("接收单位名称"))
    transfer_date = serializers.DateField(help_text=_("移交日期"))
    letter_number = serializers.CharField(max_length=60, allow_blank=True, help_text=_("移交函文号"))


class ClueOutcomeSerializer(InputSerializer, VersionMixin):
    disposal = serializers.ChoiceField(choices=Disposal.choices, help_text=_("处置方式"))
    persons_accountable = serializers.IntegerField(min_value=0, default=0, help_text=_("追责问责人数"))
    party_sanctions = serializers.IntegerField(min_value=0, default=0, help_text=_("党纪处分人数"))
    admin_sanctions = serializers.IntegerField(min_value=0, default=0, help_text=_("政务处分人数"))
    persons_to_judiciary = serializers.IntegerField(min_value=0, default=0, help_text=_("移送司法人数"))
    self_surrenders = serializers.IntegerField(min_value=0, default=0, help_text=_("主动投案人数"))
    loss_recovered_wan = MoneyField(default=0, help_text=_("挽回和避免经济损失（万元）"))
    outcome_note = serializers.CharField(required=False, allow_blank=True, default="", help_text=_("办理结果"))
    result_received = serializers.DateField(required=False, allow_null=True, help_text=_("结果反馈日期"))


# ---------------------------------------------------------------------------------------------
# Secretary points and special reports


class SecretaryPointSerializer(OutputSerializer):
    round_name = name_of("round.name", _("轮次名称"))
    unit_name = name_of("unit.name", _("涉及单位名称"), null=True)
    kind_display = display("kind", _("类型名称"))
    created_by_name = name_of("created_by.display_name", _("登记人姓名"))

    class Meta:
        model = SecretaryPoint
        fields = [
            "id",
            "round",
            "round_name",
            "unit",
            "unit_name",
            "kind",
            "kind_display",
            "content",
            "response",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
        ]


class SecretaryPointCreateSerializer(InputSerializer):
    round = ScopedPrimaryKeyField(Round, help_text=_("轮次 id"))
    kind = serializers.ChoiceField(choices=PointKind.choices, help_text=_("类型：点人、点事、点问题"))
    content = serializers.CharField(help_text=_("点题内容"))
    response = serializers.CharField(required=False, allow_blank=True, help_text=_("办理情况"))
    unit = ScopedPrimaryKeyField(Unit, required=False, allow_null=True, help_text=_("涉及单位 id"))


class SpecialReportSerializer(OutputSerializer):
    round_name = name_of("round.name", _("轮次名称"))
    created_by_name = name_of("created_by.display_name", _("登记人姓名"))

    class Meta:
        model = SpecialReport
        fields = [
            "id",
            "round",
            "round_name",
            "number",
            "title",
            "suggestions",
            "recipients",
            "campaigns",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
        ]


class SpecialReportCreateSerializer(InputSerializer):
    round = ScopedPrimaryKeyField(Round, help_text=_("轮次 id"))
    number = serializers.IntegerField(min_value=1, help_text=_("期号"))
    title = serializers.CharField(max_length=200, help_text=_("标题"))
    suggestions = serializers.CharField(required=False, allow_blank=True, help_text=_("意见建议"))
    recipients = serializers.CharField(max_length=200, required=False, allow_blank=True, help_text=_("报送对象"))
    campaigns = serializers.CharField(required=False, allow_blank=True, help_text=_("推动专项治理"))
