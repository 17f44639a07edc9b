"""`/api/v1/exports/`: ledger export jobs (create, poll, download). The web UI uses the same jobs."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from config.api import ERROR_RESPONSES, InputSerializer, OutputSerializer, Pagination, write_schema

from ..choices import ExportStatus, Ledger
from ..exports import file_name
from ..models import Export
from ..services import export_create

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class ExportInputSerializer(InputSerializer):
    ledger = serializers.ChoiceField(choices=Ledger.choices, help_text=_("台账类型"))
    filters = serializers.DictField(
        required=False,
        default=dict,
        help_text=_('筛选条件，与对应列表接口的查询参数相同，如 {"status": ["rectifying"]}'),
    )


class ExportSerializer(OutputSerializer):
    ledger_display = serializers.CharField(source="get_ledger_display", read_only=True, help_text=_("台账名称"))
    status_display = serializers.CharField(source="get_status_display", read_only=True, help_text=_("状态名称"))
    download_url = serializers.SerializerMethodField(help_text=_("完成后的下载地址（过期后为空）"))

    class Meta:
        model = Export
        fields = [
            "id",
            "ledger",
            "ledger_display",
            "filters",
            "status",
            "status_display",
            "progress",
            "rows",
            "error",
            "created_at",
            "started_at",
            "finished_at",
            "expires_at",
            "download_url",
        ]
        read_only_fields = fields

    def get_download_url(self, export: Export) -> str | None:
        if export.status != ExportStatus.DONE or not export.file:
            return None
        if export.expires_at and export.expires_at < timezone.now():
            return None
        path = reverse("api-export-download", kwargs={"pk": export.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class ExportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Ledger exports of the caller. Every export is logged (who, ledger, filter, when, rows)."""

    serializer_class = ExportSerializer
    pagination_class = Pagination
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no user
            return Export.objects.none()
        # A user sees only his own export jobs (their files may hold confidential rows).
        return Export.objects.filter(user=self.request.user).order_by("-created_at")

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
        return response
