"""`/api/v1/exports/`: ledger export jobs (create, poll, download). The web UI uses the same jobs."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import ERROR_RESPONSES, Pagination, write_schema
from core.web import no_store

from ..choices import ExportStatus
from ..models import Export
from ..selectors import own_exports
from ..services import export_create
from ..writer import file_name
from .serializers import ExportInputSerializer, ExportSerializer

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Ledger exports of the caller. Every export is logged (who, ledger, filter, when, rows)."""

    serializer_class = ExportSerializer
    pagination_class = Pagination
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Export.objects.none()
        # A user sees only his own export jobs (their files may hold confidential rows).
        return own_exports(self.request.user)

    @write_schema(ExportInputSerializer, ExportSerializer, status_code=201, summary=_("创建台账导出任务"))
    def create(self, request):
        data = ExportInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        export = export_create(actor=request.user, **data.validated_data)
        return Response(self.get_serializer(export).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary=_("下载导出的台账文件"),
        responses={(200, XLSX): OpenApiResponse(OpenApiTypes.BINARY), **ERROR_RESPONSES},
    )
    @action(detail=True, methods=["get"], url_path="download", url_name="download")
    def download(self, request, pk=None):
        export = self.get_object()
        if export.status != ExportStatus.DONE or not export.file:
            raise Http404
        if export.expires_at and export.expires_at < timezone.now():
            raise Http404
        response = FileResponse(export.file.open("rb"), content_type=XLSX)
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(file_name(export.ledger))}"
        return no_store(response)
