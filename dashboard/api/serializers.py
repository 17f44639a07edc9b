"""The Stat output serializer (statistics are read-only in the API)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from config.api import OutputSerializer, display, name_of

from ..models import Stat


class StatSerializer(OutputSerializer):
    scope_display = display("scope", _("统计口径名称"))
    office_name = name_of("office.name", _("巡察机构名称"))
    completion_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        read_only=True,
        allow_null=True,
        help_text=_("整改完成率（百分比）= 销号问题数 ÷ 反馈问题数；无反馈问题时为空"),
    )

    class Meta:
        model = Stat
        fields = [
            "id",
            "scope",
            "scope_display",
            "scope_id",
            "office",
            "office_name",
            "day",
            "rounds",
            "units_inspected",
            "issues_found",
            "issues_fed_back",
            "issues_closed",
            "completion_rate",
            "overdue",
            "clues_transferred",
            "persons_accountable",
            "persons_to_judiciary",
            "loss_recovered_wan",
            "funds_refunded_wan",
            "computed_at",
        ]
