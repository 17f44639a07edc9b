"""The alert's output serializer (alerts are read-only in the API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api import OutputSerializer, display, name_of

from ..models import Alert


class AlertSerializer(OutputSerializer):
    kind_display = display("kind", _("类型名称"))
    level_display = display("level", _("等级名称"))
    issue_code = name_of("issue.code", _("问题编号"), null=True)
    office_name = name_of("office.name", _("巡察机构名称"))
    unit_name = name_of("unit.name", _("单位名称"))
    is_open = serializers.SerializerMethodField(help_text=_("是否未解除"))

    class Meta:
        model = Alert
        fields = [
            "id",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "issue",
            "issue_code",
            "assignment",
            "clue",
            "office",
            "office_name",
            "unit",
            "unit_name",
            "due",
            "raised_at",
            "resolved_at",
            "is_open",
        ]

    def get_is_open(self, alert: Alert) -> bool:
        return alert.resolved_at is None
