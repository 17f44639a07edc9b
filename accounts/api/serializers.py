"""Serializers of the accounts side: offices (巡察机构)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from config.api import OutputSerializer, display, name_of

from ..models import Office


class OfficeSerializer(OutputSerializer):
    level_display = display("level", _("层级名称"))
    parent_name = name_of("parent.name", _("上级机构名称"), null=True)

    class Meta:
        model = Office
        fields = [
            "id",
            "name",
            "level",
            "level_display",
            "parent",
            "parent_name",
            "plan_due_days",
            "plan_due_in_working_days",
            "report_due_months",
            "clue_result_months",
            "long_term_report_months",
            "warn_green_days",
            "warn_yellow_days",
        ]
