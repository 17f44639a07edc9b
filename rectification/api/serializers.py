"""Serializers of the rectification side: output serializers with readable names, input
serializers that parse a body into one service's keyword arguments (ids resolved in scope)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from accounts.models import Office
from accounts.scopes import grants
from config.api import (
    CommentSerializer,
    InputSerializer,
    MoneyField,
    OutputSerializer,
    ScopedPrimaryKeyField,
    VersionMixin,
    display,
    name_of,
)
from inspections.models import Assignment, Issue, Unit

from ..choices import ActionKind, ActionReason, MeasureKind
from ..models import (
    Action,
    DeadlineExtension,
    Evaluation,
    EvaluationTemplate,
    Evidence,
    Feedback,
    Measure,
    Plan,
    Progress,
    Review,
)


def template_scope(user):
    """Evaluation templates of an office the user reaches, or of an ancestor of one of his offices."""
    ancestors = {int(part) for grant in grants(user) for part in grant.office_path.strip("/").split("/") if part}
    return EvaluationTemplate.objects.filter(
        Q(office__in=Office.objects.visible_to(user).values("pk")) | Q(office_id__in=sorted(ancestors)),
        is_active=True,
    )


class AssignmentContextSerializer(OutputSerializer):
    """The office, round, unit and group of a row that hangs off an assignment (joined, no extra query)."""

    office = serializers.IntegerField(source="assignment.round.office_id", read_only=True, help_text=_("巡察机构 id"))
    round = serializers.IntegerField(source="assignment.round_id", read_only=True, help_text=_("轮次 id"))
    round_name = name_of("assignment.round.name", _("轮次名称"))
    unit = serializers.IntegerField(source="assignment.unit_id", read_only=True, help_text=_("被巡察单位 id"))
    unit_name = name_of("assignment.unit.name", _("被巡察单位名称"))
    group = serializers.IntegerField(source="assignment.group_id", read_only=True, help_text=_("巡察组 id"))
    group_name = serializers.CharField(source="assignment.group.__str__", read_only=True, help_text=_("巡察组名称"))

    CONTEXT = ["assignment", "office", "round", "round_name", "unit", "unit_name", "group", "group_name"]
    SELECT = ("assignment__round", "assignment__unit", "assignment__group")


class IssueContextSerializer(OutputSerializer):
    """The issue a row belongs to, with its code, title and unit (joined, no extra query)."""

    issue_code = name_of("issue.code", _("问题编号"))
    issue_title = name_of("issue.title", _("问题标题"))
    office = serializers.IntegerField(source="issue.office_id", read_only=True, help_text=_("巡察机构 id"))
    unit = serializers.IntegerField(source="issue.unit_id", read_only=True, help_text=_("被巡察单位 id"))
    unit_name = name_of("issue.unit.name", _("被巡察单位名称"))

    CONTEXT = ["issue", "issue_code", "issue_title", "office", "unit", "unit_name"]
    SELECT = ("issue", "issue__unit")


# ---------------------------------------------------------------------------------------------
# Feedback and plans


class FeedbackSerializer(AssignmentContextSerializer):
    document = serializers.FileField(use_url=False, read_only=True, help_text=_("反馈意见书（文件名）"))
    recorded_by_name = name_of("recorded_by.display_name", _("登记人姓名"))

    class Meta:
        model = Feedback
        fields = [
            "id",
            *AssignmentContextSerializer.CONTEXT,
            "meeting_date",
            "attendees",
            "leader_attendance",
            "document",
            "recorded_by",
            "recorded_by_name",
            "created_at",
            "updated_at",
        ]


class FeedbackCreateSerializer(InputSerializer):
    assignment = ScopedPrimaryKeyField(Assignment, help_text=_("巡察对象 id"))
    meeting_date = serializers.DateField(help_text=_("反馈日期"))
    attendees = serializers.CharField(required=False, allow_blank=True, help_text=_("参会人员"))
    leader_attendance = serializers.IntegerField(min_value=0, required=False, help_text=_("市领导参加人次"))
    document = serializers.FileField(required=False, allow_null=True, help_text=_("反馈意见书（multipart 上传）"))


class PlanSerializer(AssignmentContextSerializer):
    attachment = serializers.FileField(use_url=False, read_only=True, help_text=_("附件（文件名）"))
    status_display = display("status", _("状态名称"))
    submitted_by_name = name_of("submitted_by.display_name", _("报送人姓名"))
    reviewed_by_name = name_of("reviewed_by.display_name", _("审核人姓名"), null=True)

    class Meta:
        model = Plan
        fields = [
            "id",
            *AssignmentContextSerializer.CONTEXT,
            "version",
            "text",
            "attachment",
            "status",
            "status_display",
            "submitted_by",
            "submitted_by_name",
            "reviewed_by",
            "reviewed_by_name",
            "reviewed_at",
            "review_comment",
            "created_at",
            "updated_at",
        ]


class PlanCreateSerializer(InputSerializer):
    assignment = ScopedPrimaryKeyField(Assignment, help_text=_("巡察对象 id"))
    text = serializers.CharField(help_text=_("方案内容"))
    attachment = serializers.FileField(required=False, allow_null=True, help_text=_("附件（multipart 上传）"))


class PlanReviewSerializer(InputSerializer):
    approve = serializers.BooleanField(help_text=_("true 通过，false 退回"))
    comment = serializers.CharField(required=False, allow_blank=True, help_text=_("审核意见（退回时必填）"))


# ---------------------------------------------------------------------------------------------
# Measures, progress, reviews


class MeasureSerializer(IssueContextSerializer):
    kind_display = display("kind", _("整改类型名称"))
    created_by_name = name_of("created_by.display_name", _("填报人姓名"))

    class Meta:
        model = Measure
        fields = [
            "id",
            *IssueContextSerializer.CONTEXT,
            "content",
            "responsible_leader",
            "responsible_department",
            "responsible_person",
            "kind",
            "kind_display",
            "deadline",
            "created_by",
            "created_by_name",
            "created_at",
            "updated_at",
        ]


class MeasureCreateSerializer(InputSerializer):
    issue = ScopedPrimaryKeyField(Issue, help_text=_("问题 id"))
    content = serializers.CharField(help_text=_("整改措施"))
    responsible_leader = serializers.CharField(max_length=50, help_text=_("责任领导"))
    responsible_department = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text=_("责任部门")
    )
    responsible_person = serializers.CharField(max_length=50, help_text=_("责任人"))
    kind = serializers.ChoiceField(choices=MeasureKind.choices, help_text=_("整改类型"))
    deadline = serializers.DateField(required=False, allow_null=True, help_text=_("完成时限"))


class EvidenceSerializer(OutputSerializer):
    class Meta:
        model = Evidence
        fields = ["id", "original_name", "content_type", "size", "sha256", "uploaded_at"]


class ProgressSerializer(IssueContextSerializer):
    submitted_by_name = name_of("submitted_by.display_name", _("报送人姓名"))
    evidence = EvidenceSerializer(many=True, read_only=True, help_text=_("佐证材料"))

    class Meta:
        model = Progress
        fields = [
            "id",
            *IssueContextSerializer.CONTEXT,
            "date",
            "text",
            "evidence",
            "submitted_by",
            "submitted_by_name",
            "created_at",
        ]


class ProgressCreateSerializer(InputSerializer):
    issue = ScopedPrimaryKeyField(Issue, help_text=_("问题 id"))
    date = serializers.DateField(help_text=_("日期"))
    text = serializers.CharField(help_text=_("进展情况"))
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text=_("佐证材料（multipart，可多个 files 字段；按文件内容校验类型）"),
    )


class ReviewSerializer(IssueContextSerializer):
    reviewer_name = name_of("reviewer.display_name", _("审核人姓名"))
    decision_display = display("decision", _("审核结论名称"))

    class Meta:
        model = Review
        fields = [
            "id",
            *IssueContextSerializer.CONTEXT,
            "reviewer",
            "reviewer_name",
            "decision",
            "decision_display",
            "comment",
            "corrected",
            "funds_refunded_wan",
            "special_campaign",
            "persons_accountable",
            "rules_made",
            "created_at",
        ]


# ---------------------------------------------------------------------------------------------
# Deadline extensions (整改延期申请)


class ExtensionSerializer(IssueContextSerializer):
    issue_deadline = serializers.DateField(source="issue.deadline", read_only=True, help_text=_("问题当前整改期限"))
    status_display = display("status", _("状态名称"))
    requested_by_name = name_of("requested_by.display_name", _("申请人姓名"))
    decided_by_name = name_of("decided_by.display_name", _("审批人姓名"), null=True)

    SELECT = (*IssueContextSerializer.SELECT, "requested_by", "decided_by")

    class Meta:
        model = DeadlineExtension
        fields = [
            "id",
            *IssueContextSerializer.CONTEXT,
            "issue_deadline",
            "requested_deadline",
            "reason",
            "status",
            "status_display",
            "requested_by",
            "requested_by_name",
            "decided_by",
            "decided_by_name",
            "decided_at",
            "decision_comment",
            "created_at",
        ]


class ExtensionCreateSerializer(InputSerializer):
    issue = ScopedPrimaryKeyField(Issue, help_text=_("问题 id"))
    requested_deadline = serializers.DateField(
        help_text=_("申请延至的日期：晚于当前整改期限和今天，且自今日起至多 5 年（可配置）")
    )
    reason = serializers.CharField(help_text=_("延期理由"))


class ExtensionDecideSerializer(InputSerializer):
    approve = serializers.BooleanField(help_text=_("true 批准（问题的整改期限随之调整），false 不予批准"))
    comment = serializers.CharField(required=False, allow_blank=True, help_text=_("审批意见（不予批准时必填）"))


# ---------------------------------------------------------------------------------------------
# Evaluations and actions


class EvaluationSerializer(AssignmentContextSerializer):
    template_name = name_of("template.name", _("评估模板名称"))
    scores = serializers.DictField(
        child=serializers.FloatField(), read_only=True, help_text=_("各项得分：评估项目代码 → 分数")
    )
    grade_display = display("grade", _("等次名称"))
    evaluated_by_name = name_of("evaluated_by.display_name", _("评估人姓名"))

    class Meta:
        model = Evaluation
        fields = [
            "id",
            *AssignmentContextSerializer.CONTEXT,
            "template",
            "template_name",
            "scores",
            "total",
            "grade",
            "grade_display",
            "comment",
            "evaluated_on",
            "evaluated_by",
            "evaluated_by_name",
            "created_at",
            "updated_at",
        ]


class EvaluationCreateSerializer(InputSerializer):
    assignment = ScopedPrimaryKeyField(Assignment, help_text=_("巡察对象 id"))
    template = ScopedPrimaryKeyField(EvaluationTemplate, scope=template_scope, help_text=_("评估模板 id"))
    scores = serializers.DictField(
        child=serializers.FloatField(min_value=0), help_text=_("各项得分：评估项目代码 → 分数（合计满分 100）")
    )
    comment = serializers.CharField(required=False, allow_blank=True, help_text=_("评估意见"))
    evaluated_on = serializers.DateField(help_text=_("评估日期"))


class ActionSerializer(OutputSerializer):
    unit_name = name_of("unit.name", _("单位名称"))
    office = serializers.IntegerField(source="unit.office_id", read_only=True, help_text=_("巡察机构 id"))
    kind_display = display("kind", _("方式名称"))
    reason_display = display("reason", _("事由名称"))
    taken_by_name = name_of("taken_by.display_name", _("督办人姓名"))

    class Meta:
        model = Action
        fields = [
            "id",
            "unit",
            "unit_name",
            "office",
            "assignment",
            "kind",
            "kind_display",
            "reason",
            "reason_display",
            "date",
            "note",
            "taken_by",
            "taken_by_name",
            "created_at",
            "updated_at",
        ]


class ActionCreateSerializer(InputSerializer):
    unit = ScopedPrimaryKeyField(Unit, help_text=_("单位 id"))
    kind = serializers.ChoiceField(choices=ActionKind.choices, help_text=_("方式：提醒、督办、约谈、通报"))
    reason = serializers.ChoiceField(choices=ActionReason.choices, help_text=_("事由"))
    date = serializers.DateField(help_text=_("日期"))
    note = serializers.CharField(required=False, allow_blank=True, help_text=_("说明"))
    assignment = ScopedPrimaryKeyField(Assignment, required=False, allow_null=True, help_text=_("巡察对象 id"))


# ---------------------------------------------------------------------------------------------
# Close-out review (销号审核) of an issue


class IssueCloseSerializer(CommentSerializer):
    corrected = serializers.IntegerField(min_value=0, default=0, help_text=_("纠正问题数（纠）"))
    funds_refunded_wan = MoneyField(default=0, help_text=_("收回/退还资金（清，万元）"))
    special_campaign = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default="", help_text=_("专项治理（治）")
    )
    persons_accountable = serializers.IntegerField(min_value=0, default=0, help_text=_("追责问责人数（问）"))
    rules_made = serializers.IntegerField(min_value=0, default=0, help_text=_("建立完善制度数（建）"))


class IssueReturnSerializer(InputSerializer, VersionMixin):
    comment = serializers.CharField(help_text=_("退回理由（必填）"))
