"""Serializers of the on-site registers' API: one output serializer per register, the input
serializers of its writes (create, edit, conversions, letter triage)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api import InputSerializer, OutputSerializer, ScopedPrimaryKeyField, VersionMixin, display, name_of
from inspections.choices import IssueNature
from inspections.models import Assignment, IssueCategory

from ..choices import LetterChannel, SpotCheckResult
from ..models import DocumentCheck, Letter, SpotCheck, Talk, Visit


class EntrySerializer(OutputSerializer):
    """What every entry shows: where it belongs, who recorded it, what it became."""

    office_name = name_of("office.name", _("巡察机构名称"))
    round_name = name_of("round.name", _("轮次名称"))
    unit_name = name_of("unit.name", _("被巡察单位名称"))
    group_name = serializers.CharField(source="group.__str__", read_only=True, help_text=_("巡察组名称"))
    created_by_name = name_of("created_by.display_name", _("登记人姓名"), null=True)

    COMMON = [
        "id",
        "assignment",
        "office",
        "office_name",
        "round",
        "round_name",
        "unit",
        "unit_name",
        "group",
        "group_name",
        "issue",
        "clue",
        "created_by",
        "created_by_name",
        "created_at",
    ]


class TalkSerializer(EntrySerializer):
    person_name_hidden = serializers.BooleanField(
        read_only=True, help_text=_("谈话对象姓名仅本巡察组可见；不可见时 person_name 为空")
    )

    class Meta:
        model = Talk
        fields = [
            *EntrySerializer.COMMON,
            "person_name",
            "person_name_hidden",
            "person_post",
            "talked_on",
            "talkers",
            "summary",
            "follow_ups",
        ]


class LetterSerializer(EntrySerializer):
    channel_display = display("channel", _("来源渠道名称"))
    status_display = display("status", _("处置状态名称"))
    attachments = serializers.SerializerMethodField(help_text=_("附件（文件名与大小）"))

    class Meta:
        model = Letter
        fields = [
            *EntrySerializer.COMMON,
            "channel",
            "channel_display",
            "received_on",
            "anonymous",
            "reporter_name",
            "reporter_phone",
            "subject",
            "about_whom",
            "text",
            "status",
            "status_display",
            "handed_to",
            "reply_due",
            "reply_received_on",
            "reply",
            "closed_reason",
            "triaged_at",
            "attachments",
            "version",
        ]

    def get_attachments(self, letter) -> list[str]:
        return [f"{item.name} ({item.size} B)" for item in letter.attachments.all()]


class DocumentCheckSerializer(EntrySerializer):
    class Meta:
        model = DocumentCheck
        fields = [*EntrySerializer.COMMON, "title", "provided_by", "requested_on", "returned_on", "notes"]


class SpotCheckSerializer(EntrySerializer):
    result_display = display("result", _("抽查结果名称"))

    class Meta:
        model = SpotCheck
        fields = [
            *EntrySerializer.COMMON,
            "person_name",
            "person_post",
            "checked_on",
            "result",
            "result_display",
            "notes",
        ]


class VisitSerializer(EntrySerializer):
    class Meta:
        model = Visit
        fields = [*EntrySerializer.COMMON, "visited_on", "place", "people_met", "summary"]


# --- inputs ------------------------------------------------------------------------------------


def _text(label, *, required: bool = True, max_length: int | None = None):
    if required:
        return serializers.CharField(max_length=max_length, help_text=label)
    return serializers.CharField(max_length=max_length, required=False, allow_blank=True, help_text=label)


class AssignmentMixin(serializers.Serializer):
    assignment = ScopedPrimaryKeyField(Assignment, help_text=_("巡察对象 id"))


class TalkFieldsSerializer(InputSerializer):
    person_name = _text(_("谈话对象"), max_length=50)
    person_post = _text(_("职务"), required=False, max_length=100)
    talked_on = serializers.DateField(help_text=_("谈话日期"))
    talkers = _text(_("谈话人"), max_length=200)
    summary = _text(_("谈话摘要"))
    follow_ups = _text(_("后续事项"), required=False)


class TalkCreateSerializer(TalkFieldsSerializer, AssignmentMixin):
    pass


# The channels a letter can be registered under: a 码上巡察 report comes from the public page only.
REGISTERED_CHANNELS = [(value, label) for value, label in LetterChannel.choices if value != LetterChannel.PUBLIC]


class RegisteredChannelField(serializers.ChoiceField):
    """A letter's channel as typed in: the schema's enum leaves out ``public``, which is refused
    with its own reason."""

    def __init__(self, **kwargs):
        super().__init__(choices=REGISTERED_CHANNELS, **kwargs)

    def to_internal_value(self, data):
        if data == LetterChannel.PUBLIC:
            raise serializers.ValidationError(_("码上巡察的件由公众提交，不能在此登记。"))
        return super().to_internal_value(data)


class LetterFieldsSerializer(InputSerializer):
    channel = RegisteredChannelField(help_text=_("来源渠道（码上巡察的件由公众提交，不能在此登记）"))
    received_on = serializers.DateField(help_text=_("受理日期"))
    anonymous = serializers.BooleanField(required=False, default=False, help_text=_("匿名（不保留姓名和电话）"))
    reporter_name = _text(_("反映人"), required=False, max_length=50)
    reporter_phone = _text(_("联系电话"), required=False, max_length=30)
    subject = _text(_("标题"), max_length=200)
    about_whom = _text(_("被反映人"), required=False, max_length=100)
    text = _text(_("反映内容"))


class LetterCreateSerializer(LetterFieldsSerializer, AssignmentMixin):
    pass


class LetterUpdateSerializer(LetterFieldsSerializer, VersionMixin):
    pass


class DocumentCheckFieldsSerializer(InputSerializer):
    title = _text(_("调阅资料"), max_length=200)
    provided_by = _text(_("提供单位（人）"), max_length=100)
    requested_on = serializers.DateField(help_text=_("调阅日期"))
    returned_on = serializers.DateField(required=False, allow_null=True, help_text=_("归还日期"))
    notes = _text(_("查阅情况"), required=False)


class DocumentCheckCreateSerializer(DocumentCheckFieldsSerializer, AssignmentMixin):
    pass


class SpotCheckFieldsSerializer(InputSerializer):
    person_name = _text(_("抽查对象"), max_length=50)
    person_post = _text(_("职务"), required=False, max_length=100)
    checked_on = serializers.DateField(help_text=_("抽查日期"))
    result = serializers.ChoiceField(choices=SpotCheckResult.choices, help_text=_("抽查结果"))
    notes = _text(_("情况说明"), required=False)


class SpotCheckCreateSerializer(SpotCheckFieldsSerializer, AssignmentMixin):
    pass


class VisitFieldsSerializer(InputSerializer):
    visited_on = serializers.DateField(help_text=_("走访日期"))
    place = _text(_("走访地点"), max_length=200)
    people_met = _text(_("走访对象"), required=False, max_length=200)
    summary = _text(_("走访情况"))


class VisitCreateSerializer(VisitFieldsSerializer, AssignmentMixin):
    pass


class ToIssueSerializer(InputSerializer, VersionMixin):
    category = ScopedPrimaryKeyField(IssueCategory, help_text=_("问题类别 id"))
    title = _text(_("问题标题（不填则取登记内容）"), required=False, max_length=300)
    nature = serializers.ChoiceField(
        choices=IssueNature.choices, required=False, default=IssueNature.INDIVIDUAL, help_text=_("问题性质")
    )
    immediate = serializers.BooleanField(required=False, default=False, help_text=_("立行立改"))


class ToClueSerializer(InputSerializer, VersionMixin):
    summary = _text(_("线索摘要（不填则取登记内容）"), required=False)


class HandOverSerializer(InputSerializer, VersionMixin):
    handed_to = _text(_("转办单位"), max_length=100)
    reply_due = serializers.DateField(help_text=_("办理结果反馈期限"))


class CloseSerializer(InputSerializer, VersionMixin):
    reason = _text(_("了结理由"))


class ReplySerializer(InputSerializer, VersionMixin):
    received_on = serializers.DateField(help_text=_("办理结果反馈日期"))
    reply = _text(_("办理结果"))
