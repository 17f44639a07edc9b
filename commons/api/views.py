"""API of common issues (`/api/v1/common-issues/`) and campaigns (`/api/v1/campaigns/`).

Reads start from ``visible_to(request.user)``; every figure and every listed finding is filtered
again by the findings' own scope rule. Each write parses its body and calls one service."""

from __future__ import annotations

from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import ERROR_RESPONSES, ScopedViewSet, write_schema

from .. import selectors, services
from ..filters import CampaignFilterSet, CommonIssueFilterSet
from ..models import Campaign, CommonIssue, CommonIssueFinding
from . import serializers as s


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
