"""API views of the accounts side: the offices the caller's roles reach (read-only)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from config.api import ScopedViewSet

from ..filters import OfficeFilterSet
from ..models import Office
from .serializers import OfficeSerializer


@extend_schema_view(
    list=extend_schema(summary=_("巡察机构列表（本级及下级）")),
    retrieve=extend_schema(summary=_("巡察机构详情")),
)
class OfficeViewSet(ScopedViewSet):
    model = Office
    serializer_class = OfficeSerializer
    filterset_class = OfficeFilterSet
    select_related = ("parent",)
