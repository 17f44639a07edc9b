"""Output serializers of the similar list and the recurrences (read-only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api import OutputSerializer, name_of
from inspections.models import Issue

from ..models import Recurrence


class SimilarIssueSerializer(OutputSerializer):
    unit_name = name_of("unit.name", _("被巡察单位名称"))
    round_name = serializers.CharField(source="round.name", read_only=True, help_text=_("轮次名称"))
    category_name = name_of("category.name", _("问题类别名称"))

    class Meta:
        model = Issue
        fields = [
            "id",
            "code",
            "title",
            "status",
            "unit",
            "unit_name",
            "round",
            "round_name",
            "category",
            "category_name",
        ]


class SimilarSerializer(serializers.Serializer):
    """One similar finding: the finding, the score, the shared terms, duplicate or common."""

    issue = SimilarIssueSerializer(help_text=_("相似的问题"))
    score = serializers.FloatField(help_text=_("相似度（0–1，余弦）"))
    shared_terms = serializers.ListField(
        source="shared", child=serializers.CharField(), help_text=_("使两者相似的共同词项，贡献大的在前")
    )
    relation = serializers.ChoiceField(
        choices=[("duplicate", _("可能重复（同一单位）")), ("common", _("可能共性（其他单位）"))],
        help_text=_("duplicate：同一单位，可能重复；common：其他单位，可能共性"),
    )


class RecurrenceSerializer(OutputSerializer):
    issue_code = name_of("issue.code", _("问题编号"))
    issue_title = name_of("issue.title", _("问题标题"))
    earlier_code = name_of("earlier.code", _("此前轮次问题编号"))
    earlier_title = name_of("earlier.title", _("此前轮次问题标题"))
    unit_name = name_of("unit.name", _("被巡察单位名称"))

    class Meta:
        model = Recurrence
        fields = [
            "id", "issue", "issue_code", "issue_title", "earlier", "earlier_code", "earlier_title",
            "unit", "unit_name", "office", "score", "detected_at",
        ]  # fmt: skip


class RecurrenceCountSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text=_("单位或机构 id"))
    name = serializers.CharField(help_text=_("单位或机构名称"))
    count = serializers.IntegerField(help_text=_("屡查屡犯问题数"))
