from django.contrib import admin

from core.admin import ReadOnlyAdmin

from .models import Export


@admin.register(Export)
class ExportAdmin(ReadOnlyAdmin):
    """The export log: who exported which ledger with which filter, when, and how many rows."""

    list_display = ["created_at", "user", "ledger", "status", "rows", "filters"]
    list_filter = ["ledger", "status"]
    list_select_related = ["user"]
