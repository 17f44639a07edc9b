"""API serializers of common issues and campaigns: outputs (figures only over the findings the
caller may see) and the inputs of each write."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Office
from config.api import InputSerializer, MoneyField, OutputSerializer, ScopedPrimaryKeyField, display, name_of
from config.api_query import MAX_ID
from inspections.models import Issue, Round, SpecialReport, Unit
from rectification.choices import MeasureKind
from similarity.clusters import MIN_UNITS

from ..choices import CampaignStatus
from ..models import Campaign, CommonIssue


class CommonIssueProgressSerializer(serializers.Serializer):
    findings = serializers.IntegerField(read_only=True, help_text=_("涵盖问题数（您可见的）"))
    closed = serializers.IntegerField(read_only=True, help_text=_("已销号问题数"))
    units = serializers.IntegerField(read_only=True, help_text=_("涉及单位数"))
    adopted = serializers.IntegerField(read_only=True, help_text=_("已采纳共性整改措施的问题数"))
    closed_share = serializers.FloatField(read_only=True, help_text=_("销号比例（0–1）"))


class FindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=_("问题 id"))
    code = serializers.CharField(read_only=True, help_text=_("问题编号"))
    title = serializers.CharField(read_only=True, help_text=_("问题标题"))
    unit = serializers.IntegerField(source="unit_id", read_only=True, help_text=_("被巡察单位 id"))
    unit_name = serializers.CharField(source="unit.name", read_only=True, help_text=_("被巡察单位名称"))
    status = serializers.CharField(read_only=True, help_text=_("状态"))
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text=_("状态名称"))
    measure = serializers.IntegerField(
        source="adopted_measure_id",
        read_only=True,
        allow_null=True,
        help_text=_("采纳共性整改措施形成的本单位整改措施 id"),
    )


class CommonIssueSerializer(OutputSerializer):
    office_name = name_of("office.name", _("巡察机构名称"))
    round_name = name_of("round.name", _("来源轮次名称"), null=True)
    measure_kind_display = display("measure_kind", _("整改类型名称"))
    created_by_name = name_of("created_by.display_name", _("创建人姓名"))
    progress = CommonIssueProgressSerializer(read_only=True, help_text=_("整改进度（由所含问题汇总）"))

    class Meta:
        model = CommonIssue
        fields = [
            "id",
            "office",
            "office_name",
            "round",
            "round_name",
            "title",
            "description",
            "measure_content",
            "measure_kind",
            "measure_kind_display",
            "measure_deadline",
            "progress",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
        ]


class CommonIssueDetailSerializer(CommonIssueSerializer):
    findings = FindingSerializer(
        source="visible_findings", many=True, read_only=True, help_text=_("所含问题（您可见的）")
    )

    class Meta(CommonIssueSerializer.Meta):
        fields = [*CommonIssueSerializer.Meta.fields, "findings"]


class CommonIssueCreateSerializer(InputSerializer):
    title = serializers.CharField(max_length=200, help_text=_("共性问题"))
    description = serializers.CharField(required=False, allow_blank=True, help_text=_("问题描述"))
    issues = ScopedPrimaryKeyField(Issue, many=True, allow_empty=False, help_text=_("归入的问题 id（至少两个单位）"))
    office = ScopedPrimaryKeyField(
        Office, required=False, help_text=_("巡察机构 id（默认为本人任审核人员或管理员的机构）")
    )
    round = ScopedPrimaryKeyField(Round, required=False, allow_null=True, help_text=_("来源轮次 id"))
    measure_content = serializers.CharField(required=False, allow_blank=True, help_text=_("共性整改措施（模板）"))
    measure_kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False, help_text=_("整改类型"))
    measure_deadline = serializers.DateField(required=False, allow_null=True, help_text=_("建议完成时限"))


class CommonIssueUpdateSerializer(InputSerializer):
    title = serializers.CharField(max_length=200, required=False, help_text=_("共性问题"))
    description = serializers.CharField(required=False, allow_blank=True, help_text=_("问题描述"))
    measure_content = serializers.CharField(required=False, allow_blank=True, help_text=_("共性整改措施（模板）"))
    measure_kind = serializers.ChoiceField(choices=MeasureKind.choices, required=False, help_text=_("整改类型"))
    measure_deadline = serializers.DateField(required=False, allow_null=True, help_text=_("建议完成时限"))


class FindingsSerializer(InputSerializer):
    issues = ScopedPrimaryKeyField(Issue, many=True, allow_empty=False, help_text=_("问题 id"))


class FindingRemoveSerializer(InputSerializer):
    issue = ScopedPrimaryKeyField(Issue, help_text=_("移出的问题 id"))


class AdoptSerializer(InputSerializer):
    issue = ScopedPrimaryKeyField(Issue, help_text=_("本单位的问题 id"))
    responsible_leader = serializers.CharField(max_length=50, help_text=_("责任领导"))
    responsible_person = serializers.CharField(max_length=50, help_text=_("责任人"))
    responsible_department = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=_("责任部门")
    )
    deadline = serializers.DateField(required=False, allow_null=True, help_text=_("完成时限（默认为建议完成时限）"))
    content = serializers.CharField(required=False, allow_blank=True, help_text=_("整改措施（默认为共性整改措施模板）"))


class MeasureOutSerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True, help_text=_("整改措施 id"))
    issue = serializers.IntegerField(source="issue_id", read_only=True, help_text=_("问题 id"))
    content = serializers.CharField(read_only=True, help_text=_("整改措施"))
    deadline = serializers.DateField(read_only=True, allow_null=True, help_text=_("完成时限"))


class CommonIssueStatisticsSerializer(serializers.Serializer):
    common_issues = serializers.IntegerField(help_text=_("共性问题数"))
    units_covered = serializers.IntegerField(help_text=_("涉及单位数"))
    findings_covered = serializers.IntegerField(help_text=_("涵盖问题数"))
    findings_closed = serializers.IntegerField(help_text=_("已销号问题数"))
    closed_share = serializers.FloatField(help_text=_("销号比例（0–1）"))


# --- campaigns -----------------------------------------------------------------------------------


class CampaignProgressSerializer(serializers.Serializer):
    findings = serializers.IntegerField(read_only=True, help_text=_("涉及问题数（您可见的）"))
    closed = serializers.IntegerField(read_only=True, help_text=_("已销号问题数"))
    units = serializers.IntegerField(read_only=True, help_text=_("涉及单位数"))
    target_units = serializers.IntegerField(read_only=True, help_text=_("治理单位数（目标）"))
    closed_share = serializers.FloatField(read_only=True, help_text=_("销号比例（0–1）"))
    findings_share = serializers.FloatField(read_only=True, help_text=_("已销号问题占目标整改问题数的比例（0–1）"))
    amount_share = serializers.FloatField(read_only=True, help_text=_("已追缴资金占目标的比例（0–1）"))


class CampaignSerializer(OutputSerializer):
    office_name = name_of("office.name", _("巡察机构名称"))
    status_display = display("status", _("状态名称"))
    special_reports = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text=_("来源专报 id"))
    target_units = serializers.PrimaryKeyRelatedField(many=True, read_only=True, help_text=_("治理单位 id"))
    common_issues = serializers.SerializerMethodField(help_text=_("涉及共性问题 id（您可见的）"))
    target_amount_wan = MoneyField(read_only=True, help_text=_("目标追缴资金（万元）"))
    recovered_amount_wan = MoneyField(read_only=True, help_text=_("已追缴资金（万元）"))
    progress = CampaignProgressSerializer(read_only=True, help_text=_("进展（由涉及问题汇总）"))

    class Meta:
        model = Campaign
        fields = [
            "id",
            "office",
            "office_name",
            "title",
            "goal",
            "status",
            "status_display",
            "started_on",
            "ended_on",
            "special_reports",
            "target_units",
            "target_findings",
            "target_amount_wan",
            "recovered_amount_wan",
            "common_issues",
            "results",
            "progress",
            "created_at",
            "updated_at",
        ]

    def get_common_issues(self, obj) -> list[int]:
        return list(getattr(obj, "visible_common_issue_ids", []))


class CampaignCreateSerializer(InputSerializer):
    title = serializers.CharField(max_length=200, help_text=_("专项治理名称"))
    special_reports = ScopedPrimaryKeyField(SpecialReport, many=True, allow_empty=False, help_text=_("来源专报 id"))
    started_on = serializers.DateField(help_text=_("启动日期"))
    office = ScopedPrimaryKeyField(
        Office, required=False, help_text=_("巡察机构 id（默认为本人任审核人员或管理员的机构）")
    )
    goal = serializers.CharField(required=False, allow_blank=True, help_text=_("治理目标"))
    target_units = ScopedPrimaryKeyField(Unit, many=True, required=False, help_text=_("治理单位 id"))
    target_findings = serializers.IntegerField(min_value=0, required=False, help_text=_("目标整改问题数"))
    target_amount_wan = MoneyField(required=False, help_text=_("目标追缴资金（万元）"))
    issues = ScopedPrimaryKeyField(Issue, many=True, required=False, help_text=_("涉及问题 id"))
    common_issues = ScopedPrimaryKeyField(CommonIssue, many=True, required=False, help_text=_("涉及共性问题 id"))


class CampaignUpdateSerializer(InputSerializer):
    title = serializers.CharField(max_length=200, required=False, help_text=_("专项治理名称"))
    goal = serializers.CharField(required=False, allow_blank=True, help_text=_("治理目标"))
    status = serializers.ChoiceField(choices=CampaignStatus.choices, required=False, help_text=_("状态"))
    ended_on = serializers.DateField(required=False, allow_null=True, help_text=_("完成日期"))
    target_findings = serializers.IntegerField(min_value=0, required=False, help_text=_("目标整改问题数"))
    target_amount_wan = MoneyField(required=False, help_text=_("目标追缴资金（万元）"))
    recovered_amount_wan = MoneyField(required=False, help_text=_("已追缴资金（万元）"))
    results = serializers.CharField(required=False, allow_blank=True, help_text=_("治理成效"))
    add_issues = ScopedPrimaryKeyField(Issue, many=True, required=False, help_text=_("增加涉及问题 id"))
    add_common_issues = ScopedPrimaryKeyField(
        CommonIssue, many=True, required=False, help_text=_("增加涉及共性问题 id")
    )


# --- suggested clusters (建议归并) ------------------------------------------------------------------


class SuggestionQuerySerializer(InputSerializer):
    round = serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=_("轮次 id"))
    date_from = serializers.DateField(required=False, help_text=_("发现日期自（含）"))
    date_to = serializers.DateField(required=False, help_text=_("发现日期至（含）"))
    office = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=_("巡察机构 id（含下级机构）")
    )
    min_units = serializers.IntegerField(
        required=False, min_value=2, max_value=50, default=MIN_UNITS, help_text=_("至少涉及单位数（默认 3）")
    )

    def validate(self, attrs):
        if attrs.get("date_from") and attrs.get("date_to") and attrs["date_from"] > attrs["date_to"]:
            raise serializers.ValidationError({"date_to": [_("截止日期不能早于起始日期。")]})
        return attrs


class SuggestedFindingSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk", help_text=_("问题 id"))
    code = serializers.CharField(help_text=_("问题编号"))
    title = serializers.CharField(help_text=_("问题标题"))
    unit = serializers.IntegerField(source="unit_id", help_text=_("被巡察单位 id"))
    unit_name = serializers.CharField(source="unit.name", help_text=_("被巡察单位名称"))


class SuggestedClusterSerializer(serializers.Serializer):
    label = serializers.ListField(child=serializers.CharField(), help_text=_("多数问题共有的词语，权重大的在前"))
    unit_count = serializers.IntegerField(help_text=_("涉及单位数"))
    units = serializers.ListField(child=serializers.IntegerField(), help_text=_("涉及单位 id"))
    cohesion = serializers.FloatField(help_text=_("组内问题两两相似度的平均值（0–1）"))
    findings = SuggestedFindingSerializer(
        source="issues", many=True, help_text=_("组内问题，与组内其他问题最相似的在前")
    )


class SuggestionsSerializer(serializers.Serializer):
    findings = serializers.IntegerField(help_text=_("参与分析的问题数（可见、已确认、未归入共性问题）"))
    unindexed = serializers.IntegerField(help_text=_("其中尚未建立相似度索引、未参与分析的问题数"))
    clusters = SuggestedClusterSerializer(many=True, help_text=_("建议归并的问题组，涉及单位多的在前"))
