"""`/api/v1/alerts/`: the alerts a person may see, read-only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_view

from config.api import ScopedViewSet

from ..filters import AlertFilterSet
from ..models import Alert
from .serializers import AlertSerializer


@extend_schema_view(
    list=extend_schema(summary=_("预警列表")),
    retrieve=extend_schema(summary=_("预警详情")),
)
class AlertViewSet(ScopedViewSet):
    """Alerts are raised and resolved by the Celery jobs; read-only here."""

    model = Alert
    serializer_class = AlertSerializer
    filterset_class = AlertFilterSet
    select_related = ("issue", "office", "unit")
