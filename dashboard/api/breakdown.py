"""`GET /api/v1/stats/breakdown/?by=…`: one breakdown (分类统计) of an office's figures for a
period, added up from the breakdown rows the Celery recompute writes (dashboard/reports.py).

``by``: unit_kind, village_category, round_kind, category, rank, self_surrender, immediate,
outcome, grade, evaluation_batch, action_kind, attendance (see dashboard/breakdowns.py). The
period picks the rounds the office (and its descendants, unless ``subtree=false``) ran: by
planned start in a year, a quarter of a year or a range (from, to), and/or of one term (届).
An office outside the caller's reach answers 404, like an unknown id.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ERROR_RESPONSES, QuerySerializer
from config.api_query import reject_blank

from .. import reports
from ..breakdowns import DIMENSIONS

POSITIVE_ID = {"type": "integer", "minimum": 1}
BY_HELP = _(
    "分类：unit_kind 单位类型，village_category 村（社区）类别，round_kind 巡察方式，category 问题类别，"
    "rank 线索涉及人员职级，self_surrender 主动投案，immediate 立行立改，outcome 纠清治问建，"
    "grade 审核评估等次，evaluation_batch 审核评估轮次，action_kind 督办方式，attendance 领导参加反馈会"
)
QUERY_NAMES = ("by", "office", "subtree", "year", "quarter", "from", "to", "term")


class PeriodQuerySerializer(QuerySerializer):
    """An office and a period: year, quarter (with a year), range (from, to) and/or term."""

    office = serializers.IntegerField(required=False, min_value=1, help_text=_("巡察机构 id"))
    subtree = serializers.BooleanField(required=False, default=True, help_text=_("是否含下级机构的轮次"))
    year = serializers.IntegerField(required=False, min_value=1900, max_value=2999, help_text=_("年度"))
    quarter = serializers.IntegerField(required=False, min_value=1, max_value=4, help_text=_("季度（须同时指定年度）"))
    term = serializers.CharField(required=False, max_length=40, help_text=_("届次，如：六届市委"))

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False, help_text=_("起始日期（含）"))
        fields["to"] = serializers.DateField(required=False, help_text=_("截止日期（含）"))
        return fields

    def validate(self, attrs):
        if attrs.get("quarter") and not attrs.get("year"):
            raise serializers.ValidationError({"quarter": [_("指定季度时须同时指定年度。")]})
        if attrs.get("from") and attrs.get("to") and attrs["from"] > attrs["to"]:
            raise serializers.ValidationError({"to": [_("截止日期不能早于起始日期。")]})
        return attrs

    def period(self) -> reports.Period:
        data = self.validated_data
        return reports.Period(
            year=data.get("year"),
            quarter=data.get("quarter"),
            date_from=data.get("from"),
            date_to=data.get("to"),
            term=data.get("term", ""),
        )


class BreakdownQuerySerializer(PeriodQuerySerializer):
    by = serializers.ChoiceField(choices=DIMENSIONS, help_text=BY_HELP)


class BreakdownRowSerializer(serializers.Serializer):
    """The figures under one key of a breakdown."""

    key = serializers.CharField(help_text=_("分类项代码（问题类别为类别 id）"))
    label = serializers.CharField(help_text=_("分类项名称"))
    units = serializers.IntegerField(help_text=_("单位数（不重复；督办为被督办单位数）"))
    issues_found = serializers.IntegerField(help_text=_("发现问题数"))
    issues_fed_back = serializers.IntegerField(help_text=_("反馈问题数"))
    issues_closed = serializers.IntegerField(help_text=_("销号问题数"))
    completion_rate = serializers.DecimalField(
        max_digits=5, decimal_places=1, coerce_to_string=False, allow_null=True, help_text=_("整改完成率（%）")
    )
    overdue = serializers.IntegerField(help_text=_("逾期问题数"))
    clues_transferred = serializers.IntegerField(help_text=_("移交线索数"))
    persons_accountable = serializers.IntegerField(help_text=_("追责问责人数（线索）"))
    persons_to_judiciary = serializers.IntegerField(help_text=_("移送司法人数"))
    self_surrenders = serializers.IntegerField(help_text=_("主动投案人数"))
    loss_recovered_wan = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=_("挽回和避免经济损失（万元）")
    )
    funds_refunded_wan = serializers.DecimalField(max_digits=16, decimal_places=2, help_text=_("清退资金（万元）"))
    events = serializers.IntegerField(
        help_text=_("件次：销号中有该成果的件数、评估次数、评估轮次、督办次数或反馈会场次")
    )
    amount = serializers.DecimalField(
        max_digits=16, decimal_places=2, help_text=_("数额：纠清治问建的合计（清为万元）或领导参加人次")
    )


class BreakdownSerializer(serializers.Serializer):
    by = serializers.CharField(help_text=BY_HELP)
    office = serializers.IntegerField(help_text=_("巡察机构 id"))
    subtree = serializers.BooleanField(help_text=_("是否含下级机构的轮次"))
    period = serializers.CharField(help_text=_("期间说明"))
    rounds = serializers.IntegerField(help_text=_("期间内的巡察轮次数"))
    rows = BreakdownRowSerializer(many=True, help_text=_("各分类项的数据"))


PERIOD_PARAMETERS = [
    OpenApiParameter("office", POSITIVE_ID, description=_("巡察机构 id；不填为本人所在最高机构")),
    OpenApiParameter("subtree", OpenApiTypes.BOOL, description=_("是否含下级机构的轮次（默认是）")),
    OpenApiParameter("year", {"type": "integer", "minimum": 1900, "maximum": 2999}, description=_("年度")),
    OpenApiParameter(
        "quarter", {"type": "integer", "minimum": 1, "maximum": 4}, description=_("季度（须同时指定年度）")
    ),
    OpenApiParameter("from", OpenApiTypes.DATE, description=_("起始日期（含）：按轮次计划开始日期")),
    OpenApiParameter("to", OpenApiTypes.DATE, description=_("截止日期（含）")),
    # DRF trims the text first, so it needs more than whitespace.
    OpenApiParameter(
        "term", {"type": "string", "maxLength": 40, "pattern": r"\S"}, description=_("届次，如：六届市委")
    ),
]


class StatsBreakdownView(APIView):
    """One breakdown of an office's figures for a period."""

    @extend_schema(
        summary=_("分类统计：机构（含下级）在期间内的分类数据"),
        parameters=[
            OpenApiParameter("by", {"type": "string", "enum": list(DIMENSIONS)}, required=True, description=BY_HELP),
            *PERIOD_PARAMETERS,
        ],
        responses={200: BreakdownSerializer, 400: ERROR_RESPONSES[400], 404: ERROR_RESPONSES[404]},
    )
    def get(self, request):
        reject_blank(request.query_params, QUERY_NAMES)
        query = BreakdownQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        office = reports.report_office(request.user, params.get("office"))
        period = query.period()
        round_ids = reports.period_rounds(office=office, period=period, subtree=params["subtree"], user=request.user)
        rows = reports.breakdown(round_ids=round_ids, by=params["by"])
        data = {
            "by": params["by"],
            "office": office.pk,
            "subtree": params["subtree"],
            "period": period.describe(),
            "rounds": len(round_ids),
            "rows": rows,
        }
        return Response(BreakdownSerializer(data).data)
