"""`/api/v1/stats/`: the precomputed Stat rows a person may see, read-only. (The headline
summary, `/api/v1/stats/summary/`, is in summary.py.)"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from config.api import ScopedViewSet

from ..filters import StatFilterSet
from ..models import Stat
from .serializers import StatSerializer


@extend_schema_view(
    list=extend_schema(summary=_("统计数据列表（按口径和日期的预计算结果）")),
    retrieve=extend_schema(summary=_("统计数据详情")),
)
class StatViewSet(ScopedViewSet):
    """Precomputed figures written by Celery; read-only."""

    model = Stat
    serializer_class = StatSerializer
    filterset_class = StatFilterSet
    select_related = ("office",)
