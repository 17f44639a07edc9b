"""Input and output of the export API."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from config.api import InputSerializer, OutputSerializer

from ..choices import ExportStatus, Ledger
from ..models import Export

SCALAR = [{"type": "string"}, {"type": "integer"}, {"type": "boolean"}]


@extend_schema_field(
    {
        "type": "object",
        "additionalProperties": {"anyOf": [*SCALAR, {"type": "array", "items": {"anyOf": SCALAR}}]},
    }
)
class ExportFiltersField(serializers.DictField):
    """A list's query string as an object: each name → text, integer, true/false or a list of those.
    Nothing nested, no NUL (the export log keeps it in PostgreSQL, which cannot hold NUL)."""

    default_error_messages = {
        "flat": _("筛选条件的值应为文字、整数、true/false，或由它们组成的列表；不能含有空字符（NUL）。")
    }

    def to_internal_value(self, data):
        data = super().to_internal_value(data)
        for key, value in data.items():
            values = value if isinstance(value, list) else [value]
            if "\x00" in key or not all(self._scalar(item) for item in values):
                self.fail("flat")
        return data

    @staticmethod
    def _scalar(value) -> bool:
        if isinstance(value, str):
            return "\x00" not in value
        return isinstance(value, (bool, int))


class ExportInputSerializer(InputSerializer):
    ledger = serializers.ChoiceField(choices=Ledger.choices, help_text=_("台账类型"))
    filters = ExportFiltersField(
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
