"""API of common issues (`/api/v1/common-issues/`) and campaigns (`/api/v1/campaigns/`).

Reads start from ``visible_to(request.user)``; every figure and every listed finding is filtered
again by the findings' own scope rule. Each write parses its body and calls one service."""

from __future__ import annotations

import datetime as dt

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.models import Office
from accounts.scopes import is_manager, require
from config.api import ERROR_RESPONSES, ScopedViewSet, write_schema
from config.api_query import NOT_VISIBLE_MESSAGE, NotVisible, reject_blank
from inspections.models import Round
from similarity.clusters import MIN_UNITS, attach_issues, suggest_clusters

from .. import selectors, services
from ..filters import CampaignFilterSet, CommonIssueFilterSet
from ..models import Campaign, CommonIssue, CommonIssueFinding
from . import serializers as s

POSITIVE_ID = {"type": "integer", "minimum": 1, "maximum": 2**63 - 1}
DEFAULT_DAYS = 365  # without a round or a period: the findings found in the last year


@extend_schema_view(
    list=extend_schema(summary=_("共性问题列表")),
    retrieve=extend_schema(summary=_("共性问题详情（所含问题与整改进度）")),
)
class CommonIssueViewSet(ScopedViewSet):
    model = CommonIssue
    serializer_class = s.CommonIssueSerializer
    detail_serializer_class = s.CommonIssueDetailSerializer
    filterset_class = CommonIssueFilterSet
    select_related = ("office", "round", "created_by")

    def after_read(self, rows, *, detail: bool) -> None:
        user = self.request.user
        progress = selectors.progress_by_common_issue(user, [row.pk for row in rows])
        for row in rows:
            row.progress = progress[row.pk]
            if detail:
                measure = CommonIssueFinding.objects.filter(common_issue=row, issue=OuterRef("pk")).values("measure_id")
                row.visible_findings = list(
                    selectors.visible_findings(user, row).annotate(adopted_measure_id=Subquery(measure[:1]))
                )

    @write_schema(
        s.CommonIssueCreateSerializer, s.CommonIssueDetailSerializer, status_code=201, summary=_("归并共性问题")
    )
    def create(self, request):
        common = services.common_issue_create(actor=request.user, **self.parse(s.CommonIssueCreateSerializer))
        return self.respond(common, status.HTTP_201_CREATED)

    @write_schema(
        s.CommonIssueUpdateSerializer, s.CommonIssueDetailSerializer, summary=_("修改共性问题（描述与整改措施模板）")
    )
    def partial_update(self, request, pk=None):
        common = self.get_object()
        fields = self.parse(s.CommonIssueUpdateSerializer, partial=True)
        return self.respond(services.common_issue_update(actor=request.user, common_issue=common, **fields))

    @write_schema(s.FindingsSerializer, s.CommonIssueDetailSerializer, summary=_("向共性问题增加问题"))
    @action(detail=True, methods=["post"], url_path="add-findings")
    def add_findings(self, request, pk=None):
        common = self.get_object()
        data = self.parse(s.FindingsSerializer)
        return self.respond(services.common_issue_add_findings(actor=request.user, common_issue=common, **data))

    @write_schema(s.FindingRemoveSerializer, s.CommonIssueDetailSerializer, summary=_("从共性问题移出问题"))
    @action(detail=True, methods=["post"], url_path="remove-finding")
    def remove_finding(self, request, pk=None):
        common = self.get_object()
        data = self.parse(s.FindingRemoveSerializer)
        return self.respond(services.common_issue_remove_finding(actor=request.user, common_issue=common, **data))

    @write_schema(s.AdoptSerializer, s.MeasureOutSerializer, status_code=201, summary=_("本单位采纳共性整改措施"))
    @action(detail=True, methods=["post"])
    def adopt(self, request, pk=None):
        common = self.get_object()
        measure = services.common_measure_adopt(
            actor=request.user, common_issue=common, **self.parse(s.AdoptSerializer)
        )
        return Response(s.MeasureOutSerializer(measure).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("共性问题统计：共性问题数、涉及单位数、销号比例"),
        responses={200: s.CommonIssueStatisticsSerializer, 400: ERROR_RESPONSES[400]},
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def statistics(self, request):
        return Response(s.CommonIssueStatisticsSerializer(selectors.common_issue_statistics(request.user)).data)

    @extend_schema(
        summary=_("建议归并：轮次或期间内多个单位的相似问题分组（仅建议，不自动归并）"),
        parameters=[
            OpenApiParameter("round", POSITIVE_ID, description=_("轮次 id")),
            OpenApiParameter("date_from", OpenApiTypes.DATE, description=_("发现日期自（含）")),
            OpenApiParameter("date_to", OpenApiTypes.DATE, description=_("发现日期至（含）")),
            OpenApiParameter("office", POSITIVE_ID, description=_("巡察机构 id（含下级机构）")),
            OpenApiParameter(
                "min_units",
                {"type": "integer", "minimum": 2, "maximum": 50, "default": MIN_UNITS},
                description=_("至少涉及单位数（默认 3）"),
            ),
        ],
        description=_(
            "不指定轮次和期间时，分析最近一年（按发现日期）的问题。只有审核人员或管理员可用；"
            "只分析您可见的、已确认且未归入共性问题的问题。"
        ),
        responses={
            200: s.SuggestionsSerializer,
            400: ERROR_RESPONSES[400],
            403: ERROR_RESPONSES[403],
            404: ERROR_RESPONSES[404],
        },
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def suggestions(self, request):
        require(is_manager(request.user), _("只有巡察机构的审核人员或管理员可以归并共性问题。"))
        names = ("round", "date_from", "date_to", "office", "min_units")
        reject_blank(request.query_params, names)
        query = s.SuggestionQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        params = query.validated_data
        unseen = {}
        round_ = office = None
        if params.get("round"):
            round_ = Round.objects.visible_to(request.user).filter(pk=params["round"]).first()
            if round_ is None:
                unseen["round"] = [NOT_VISIBLE_MESSAGE]
        if params.get("office"):
            office = Office.objects.visible_to(request.user).filter(pk=params["office"]).first()
            if office is None:
                unseen["office"] = [NOT_VISIBLE_MESSAGE]
        if unseen:
            raise NotVisible(unseen)
        date_from, date_to = params.get("date_from"), params.get("date_to")
        if round_ is None and date_from is None and date_to is None:
            date_from = timezone.localdate() - dt.timedelta(days=DEFAULT_DAYS)
        found = suggest_clusters(
            request.user,
            round=round_,
            date_from=date_from,
            date_to=date_to,
            office=office,
            min_units=params["min_units"],
        )
        attach_issues(request.user, found.clusters)
        return Response(s.SuggestionsSerializer(found).data)


@extend_schema_view(
    list=extend_schema(summary=_("专项治理列表")),
    retrieve=extend_schema(summary=_("专项治理详情")),
)
class CampaignViewSet(ScopedViewSet):
    model = Campaign
    serializer_class = s.CampaignSerializer
    filterset_class = CampaignFilterSet
    select_related = ("office",)
    prefetch_related = ("special_reports", "target_units")

    def after_read(self, rows, *, detail: bool) -> None:
        user = self.request.user
        visible = set(
            CommonIssue.objects.visible_to(user).filter(campaigns__in=[r.pk for r in rows]).values_list("pk", flat=True)
        )
        links = Campaign.common_issues.through.objects.filter(campaign__in=[r.pk for r in rows])
        by_campaign: dict[int, list[int]] = {}
        for campaign_id, common_id in links.values_list("campaign_id", "commonissue_id").order_by("commonissue_id"):
            if common_id in visible:
                by_campaign.setdefault(campaign_id, []).append(common_id)
        progress = selectors.progress_by_campaign(user, rows)
        for row in rows:
            row.visible_common_issue_ids = by_campaign.get(row.pk, [])
            row.progress = progress[row.pk]

    @write_schema(s.CampaignCreateSerializer, s.CampaignSerializer, status_code=201, summary=_("启动专项治理"))
    def create(self, request):
        campaign = services.campaign_create(actor=request.user, **self.parse(s.CampaignCreateSerializer))
        return self.respond(campaign, status.HTTP_201_CREATED)

    @write_schema(s.CampaignUpdateSerializer, s.CampaignSerializer, summary=_("更新专项治理进展与成效"))
    def partial_update(self, request, pk=None):
        campaign = self.get_object()
        fields = self.parse(s.CampaignUpdateSerializer, partial=True)
        return self.respond(services.campaign_update(actor=request.user, campaign=campaign, **fields))
