"""`GET /api/v1/issues/{id}/similar/`, `GET /api/v1/recurrences/` and
`GET /api/v1/recurrences/counts/?by=unit|office`: reads scoped like the issue list (an issue
outside the caller's scope answers 404, like an unknown id)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from config.api import ERROR_RESPONSES, QuerySerializer, ScopedViewSet
from config.api_query import reject_blank
from core.web import visible_or_404
from inspections.models import Issue

from .. import selectors
from ..models import Recurrence
from . import serializers as s


class SimilarQuerySerializer(QuerySerializer):
    limit = serializers.IntegerField(
        required=False, min_value=1, max_value=20, default=5, help_text=_("条数（默认 5，最多 20）")
    )


class SimilarIssuesView(APIView):
    """The findings most similar to a finding, in the caller's scope."""

    @extend_schema(
        summary=_("相似问题：同一问题在其他单位、其他轮次的表述"),
        parameters=[
            OpenApiParameter(
                "limit", {"type": "integer", "minimum": 1, "maximum": 20}, description=_("条数（默认 5，最多 20）")
            ),
        ],
        responses={200: s.SimilarSerializer(many=True), 400: ERROR_RESPONSES[400], 404: ERROR_RESPONSES[404]},
    )
    def get(self, request, pk: int):
        reject_blank(request.query_params, ("limit",))
        query = SimilarQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        issue = visible_or_404(Issue, request, pk, "unit")
        rows = selectors.similar_issues(request.user, issue, query.validated_data["limit"])
        return Response(s.SimilarSerializer(rows, many=True).data)


class CountQuerySerializer(QuerySerializer):
    by = serializers.ChoiceField(
        choices=["unit", "office"], default="unit", help_text=_("按单位（unit）或机构（office）计数")
    )


@extend_schema_view(
    list=extend_schema(summary=_("屡查屡犯问题列表")),
    retrieve=extend_schema(summary=_("屡查屡犯问题详情")),
)
class RecurrenceViewSet(ScopedViewSet):
    model = Recurrence
    serializer_class = s.RecurrenceSerializer
    select_related = ("issue", "earlier", "unit")

    @extend_schema(
        summary=_("屡查屡犯计数：按单位或机构"),
        parameters=[
            OpenApiParameter(
                "by",
                {"type": "string", "enum": ["unit", "office"]},
                description=_("按单位（unit）或机构（office）计数"),
            )
        ],
        responses={200: s.RecurrenceCountSerializer(many=True), 400: ERROR_RESPONSES[400]},
        filters=False,
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request):
        reject_blank(request.query_params, ("by",))
        query = CountQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        rows = selectors.recurrence_counts(user=request.user, by=query.validated_data["by"])
        return Response(s.RecurrenceCountSerializer(rows, many=True).data)
