"""`GET /api/v1/stats/summary/`: the headline figures of an office (with its descendants) or a
round, from the Stat table, or computed live for a period. Scope-checked: an office or round
outside the caller's reach answers 404, like an unknown id.

An office's figures have two bases (``basis``): ``office`` (the default, as before) — the rounds
the office and the offices below it ran, whatever units they inspected; ``area`` — the units
whose own office is the office or one below it, whoever inspected them (Stat scope ``area``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ERROR_RESPONSES, QuerySerializer
from config.api_query import reject_blank

from .. import selectors

POSITIVE_ID = {"type": "integer", "minimum": 1}
BASES = [
    (selectors.OFFICE_BASIS, _("本机构及下级机构开展的巡察（按巡察机构）")),
    (selectors.AREA, _("辖区内的被巡察单位（按单位所在机构，不论由谁巡察）")),
]


class SummaryQuerySerializer(QuerySerializer):
    """The query string: office and/or round ids, and an optional period (from, to)."""

    office = serializers.IntegerField(required=False, min_value=1, help_text=_("巡察机构 id（含下级机构）"))
    round = serializers.IntegerField(required=False, min_value=1, help_text=_("轮次 id"))
    basis = serializers.ChoiceField(
        choices=BASES, required=False, default=selectors.OFFICE_BASIS, help_text=_("机构的统计口径")
    )

    def get_fields(self):
        # "from" is a Python keyword, so the period fields are added here.
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, help_text=_("起始日期（含）"))
        fields["to"] = serializers.DateField(required=False, help_text=_("截止日期（含）"))
        return fields

    def validate(self, attrs):
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("截止日期不能早于起始日期。")]})
        return attrs


class SummarySerializer(serializers.Serializer):
    """Headline figures (DESIGN.md, "Statistics")."""

    scope = serializers.CharField(
        help_text=_("统计口径：office 机构（含下级）开展的巡察、area 机构（含下级）辖区内的单位，或 round 轮次")
    )
    scope_id = serializers.IntegerField(help_text=_("机构或轮次 id"))
    office = serializers.IntegerField(help_text=_("巡察机构 id"))
    round = serializers.IntegerField(allow_null=True, help_text=_("轮次 id（按轮次统计时）"))
    day = serializers.DateField(help_text=_("统计日期"))
    computed_at = serializers.DateTimeField(allow_null=True, help_text=_("计算时间（实时计算时为空）"))
    live = serializers.BooleanField(help_text=_("是否为实时计算（指定期间、或尚无预计算结果时）"))
    rounds = serializers.IntegerField(help_text=_("巡察轮次"))
    units_inspected = serializers.IntegerField(help_text=_("巡察单位数"))
    issues = serializers.IntegerField(help_text=_("发现问题数"))
    issues_fed_back = serializers.IntegerField(help_text=_("反馈问题数"))
    issues_closed = serializers.IntegerField(help_text=_("销号问题数"))
    completion_rate = serializers.DecimalField(
        max_digits=5,
        decimal_places=1,
        coerce_to_string=False,
        allow_null=True,
        help_text=_("整改完成率（%）= 销号问题数 ÷ 反馈问题数；无反馈问题时为空"),
    )
    overdue = serializers.IntegerField(help_text=_("逾期问题数"))
    clues_transferred = serializers.IntegerField(help_text=_("移交线索数"))
    persons_accountable = serializers.IntegerField(help_text=_("追责问责人数"))
    persons_to_judiciary = serializers.IntegerField(help_text=_("移送司法人数"))
    loss_recovered_wan = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=_("挽回和避免经济损失（万元）")
    )
    funds_refunded_wan = serializers.DecimalField(max_digits=16, decimal_places=2, help_text=_("清退资金（万元）"))

    def get_fields(self):
        # The period is answered as "from"/"to", the names the query uses ("from" is a Python keyword).
        fields = super().get_fields()
        fields["from"] = serializers.DateField(source="date_from", allow_null=True, help_text=_("起始日期（含）"))
        fields["to"] = serializers.DateField(source="date_to", allow_null=True, help_text=_("截止日期（含）"))
        return fields


class StatsSummaryView(APIView):
    """Headline figures of an office or a round."""

    @extend_schema(
        summary=_("统计概览：机构（含下级）或轮次的主要数据"),
        parameters=[
            OpenApiParameter("office", POSITIVE_ID, description=_("巡察机构 id（含下级机构）；不填为本人所在最高机构")),
            OpenApiParameter("round", POSITIVE_ID, description=_("轮次 id")),
            OpenApiParameter(
                "basis",
                {"type": "string", "enum": [value for value, _label in BASES], "default": selectors.OFFICE_BASIS},
                description=_(
                    "机构的统计口径：office 本机构及下级机构开展的巡察（默认）；"
                    "area 辖区内的被巡察单位（按单位所在机构，不论由谁巡察）。指定轮次时不适用"
                ),
            ),
            OpenApiParameter("from", OpenApiTypes.DATE, description=_("起始日期（含）：按发现日期、移交日期实时统计")),
            OpenApiParameter("to", OpenApiTypes.DATE, description=_("截止日期（含）")),
        ],
        responses={200: SummarySerializer, 400: ERROR_RESPONSES[400], 404: ERROR_RESPONSES[404]},
    )
    def get(self, request):
        reject_blank(request.query_params, ("office", "round", "basis", "from", "to"))
        query = SummaryQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        figures = selectors.summary(
            user=request.user,
            office_id=params.get("office"),
            round_id=params.get("round"),
            date_from=params.get("from"),
            date_to=params.get("to"),
            basis=params.get("basis", selectors.OFFICE_BASIS),
        )
        return Response(SummarySerializer(figures).data)
